"""Answer checks for the course's code exercises, with feedback that helps.

An exercise cell ends with a check of the reader's answer, by the exercise's label::

    answer = None          # replace None with your answer
    pl.checks.check("how-to-ex2", answer)

The check returns a :class:`Feedback` that shows as a short message under the cell:
"Correct", a targeted hint when the answer matches a known mistake, or a general hint
that says whether the answer is too high or too low. A missing answer (``None``) is met
with an invitation to try, not with an error, so the built website shows the exercise
ready to be done.

The website has no Python kernel, so "replace None and run the cell" cannot be done
there. :func:`check` therefore answers a missing answer with an answer box as well: the
same check as a one-question quiz (:func:`policing_lab.quiz.exercise_quiz`) that the
reader's browser grades, with the declaration's tolerance, hints and explanation. Every
chapter's auto-checked exercise gets it from this one place.

Exercises are declared once
---------------------------
Each chapter's checked exercises are declared in one table,
``policing_lab/exercises/<chapter>.py``, as :class:`NumericExercise` entries: the inputs
the exercise's text states, a ``solve`` function that computes the answer from them by
calling the package, and the known mistakes. Nothing re-types a chapter's numbers: the
tests check that the text states every input, and the book build fails if a chapter's
solution is not accepted by its own check (:data:`STRICT_ENV`).

The generic graders :func:`grade_number` and :func:`grade_choice` compare one answer with
one expected value; they are what the declarations use.

Numbers typed as text
---------------------
A reader may give a number as text, in a notebook (``answer = "0,11"``) or in a quiz on
the website. :func:`read_number` reads it, and the quizzes of :mod:`policing_lab.quiz`
follow the same rules in the browser, with the same messages: a decimal comma is
accepted ("0,11" is 0.11, as written in Argentina or Spain), thousands may be grouped
("1,200", "1.234,5", "1 200"), and anything else is refused with a message that says
what is wrong, never read as its first digits ("6O", with the letter O, is not 6).
"""

from __future__ import annotations

import html
import math
import numbers
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ._validation import check_number as _check_real

__all__ = [
    "Feedback",
    "NumericExercise",
    "grade_number",
    "grade_choice",
    "read_number",
    "check",
    "exercise",
    "STRICT_ENV",
]

#: When this environment variable is set (the book build sets it), a solution that its
#: own check does not accept stops the build instead of showing "Not yet" on the page.
STRICT_ENV = "POLICING_LAB_BOOK_BUILD"


@dataclass(frozen=True)
class Feedback:
    """The result of checking an answer.

    Attributes
    ----------
    status
        ``"correct"``, ``"incorrect"`` or ``"missing"``.
    message
        What the reader sees.
    exercise
        The exercise label, such as ``"how-to-ex2"``.
    """

    status: str
    message: str
    exercise: str = ""
    #: HTML shown under the message: for a missing answer to a declared exercise, an
    #: answer box that the reader's browser checks (so the website has no dead end).
    answer_box: str = field(default="", repr=False, compare=False)

    @property
    def correct(self) -> bool:
        """True when the answer was accepted."""
        return self.status == "correct"

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        prefix = {"correct": "Correct.", "incorrect": "Not yet.", "missing": "No answer yet."}
        label = f"[{self.exercise}] " if self.exercise else ""
        return f"{label}{prefix[self.status]} {self.message}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        icon = {"correct": "\u2714", "incorrect": "\u2718", "missing": "\u270e"}[self.status]
        head = {"correct": "Correct.", "incorrect": "Not yet.", "missing": "No answer yet."}
        return (
            f'<div class="pl-feedback pl-feedback--{self.status}" role="status">'
            f'<span aria-hidden="true">{icon}</span> <strong>{head[self.status]}</strong> '
            f"{html.escape(self.message)}</div>{self.answer_box}"
        )


# Rules of read_number, mirrored by the quiz script in policing_lab/quiz.py (_SCRIPT).
_GROUP_SPACE = re.compile("([0-9])[ \u00a0\u2009\u202f](?=[0-9]{3}(?![0-9]))")
_NUMBER = re.compile(r"([+-]?)([0-9.,]+)(?:[eE]([+-]?[0-9]+))?")
_THOUSANDS_COMMA = re.compile(r"[1-9][0-9]{0,2},[0-9]{3}")
_DIGITS = "0123456789"
_LOOKALIKES = {"O": "zero is 0", "o": "zero is 0", "l": "one is 1", "I": "one is 1"}


def _grouped(text: str, separator: str) -> bool:
    return re.fullmatch(rf"[0-9]{{1,3}}(?:{re.escape(separator)}[0-9]{{3}})+", text) is not None


def _plain_digits(mantissa: str) -> str | None:
    """``"1.234,5"`` -> ``"1234.5"``: digits with at most one point; None if unreadable."""
    dots, commas = mantissa.count("."), mantissa.count(",")
    if dots and commas:  # the last separator is the decimal one, the other groups thousands
        decimal = "." if mantissa.rfind(".") > mantissa.rfind(",") else ","
        group = "," if decimal == "." else "."
        if mantissa.count(decimal) > 1:
            return None
        whole, fraction = mantissa.split(decimal)
        return whole.replace(group, "") + "." + fraction if _grouped(whole, group) else None
    if not dots and not commas:
        return mantissa
    separator = "." if dots else ","
    if mantissa.count(separator) > 1:  # "1,234,567" or "1.234.567"
        return mantissa.replace(separator, "") if _grouped(mantissa, separator) else None
    if _THOUSANDS_COMMA.fullmatch(mantissa):  # "1,200" is 1200, as the course writes it
        return mantissa.replace(",", "")
    whole, fraction = mantissa.split(separator)
    return whole + "." + fraction if whole or fraction else None


def _read(text: str) -> tuple[float | None, str]:
    """(value, "") for readable text, else (None, what the reader is told)."""
    shown = text.strip()
    raw = _GROUP_SPACE.sub(r"\1", shown.replace("\u2212", "-"))
    if not raw:
        return None, "Type a number first."
    match = _NUMBER.fullmatch(raw)
    if not match:
        stray = [ch for ch in dict.fromkeys(raw) if ch not in _DIGITS + ".,+-"]
        if stray:
            names = []
            for ch in stray[:3]:
                if ch.isspace():
                    names.append("a space")
                elif ch in _LOOKALIKES:
                    names.append(f"the letter {ch} ({_LOOKALIKES[ch]})")
                else:
                    names.append(f'"{ch}"')
            return None, (
                f'"{shown}" contains {", ".join(names)}: type the number with digits, '
                "and a point or a comma for decimals (0.11 or 0,11)."
            )
        return None, f'"{shown}" is not a number: write it like 0.11, 0,11 or 1,200.'
    sign, mantissa, exponent = match.groups()
    digits = _plain_digits(mantissa)
    value = float(sign + digits + (f"e{exponent}" if exponent else "")) if digits else math.nan
    if not math.isfinite(value):
        return None, f'"{shown}" is not a number: write it like 0.11, 0,11 or 1,200.'
    return value, ""


def read_number(text: str) -> float:
    """Read a number that a reader typed, with a point or a comma for decimals.

    The quizzes on the website read their number boxes with the same rules
    (:mod:`policing_lab.quiz`), so an answer means the same on the page and in a kernel.

    * A decimal comma is accepted: ``"0,11"`` is 0.11, as written in Argentina or Spain.
    * Thousands may be grouped with commas, points or spaces, in groups of three:
      ``"1,200"``, ``"1.234.567"``, ``"1.234,5"``, ``"1 200"``. One comma followed by
      exactly three digits after a non-zero whole part (``"1,200"``) groups thousands,
      as the course writes them; a single point is always the decimal point.
    * A sign, and an exponent (``"4.2e3"``), are accepted; nothing else is. ``"6O"``
      (with the letter O) or ``"42%"`` is refused rather than read as its first digits.

    Raises
    ------
    ValueError
        When ``text`` is not a string or is not a number by these rules; the message
        says what is wrong.

    Examples
    --------
    >>> read_number("0,11"), read_number("1,200"), read_number("-1.234,5")
    (0.11, 1200.0, -1234.5)
    >>> read_number("6O")
    Traceback (most recent call last):
    ...
    ValueError: text must be a number ...: "6O" contains the letter O (zero is 0): ...
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a string; got {type(text).__name__} {text!r}")
    value, problem = _read(text)
    if value is None:
        raise ValueError(f"text must be a number written with digits: {problem}")
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def grade_number(
    answer: Any,
    expected: float,
    *,
    exercise: str = "",
    rel_tol: float = 0.01,
    abs_tol: float = 0.0,
    mistakes: Mapping[float, str] | None = None,
    explanation: str = "",
) -> Feedback:
    """Check a numeric answer against the expected value.

    Parameters
    ----------
    answer
        What the reader computed (``None`` while the exercise is not done). Text such
        as ``"0,11"`` is read with :func:`read_number`'s rules.
    expected
        The right value.
    exercise
        The exercise label shown with the feedback.
    rel_tol, abs_tol
        Accepted relative and absolute distance from ``expected`` (as in
        :func:`math.isclose`); ``rel_tol`` in [0, 1], ``abs_tol`` >= 0.
    mistakes
        Known wrong answers mapped to a targeted hint, matched with the same tolerance.
    explanation
        Shown with a correct answer, to say why it is right.

    Examples
    --------
    >>> grade_number(420, 420).correct
    True
    >>> print(grade_number(42, 420, mistakes={42: "That is the percentage."}))
    Not yet. That is the percentage.
    """
    expected = _check_real(expected, "expected")
    rel_tol = _check_real(rel_tol, "rel_tol", low=0, high=1)
    abs_tol = _check_real(abs_tol, "abs_tol", low=0)
    if not isinstance(exercise, str):
        raise ValueError(f"exercise must be a string label; got {exercise!r}")
    if answer is None or answer is Ellipsis:
        return Feedback(
            "missing", "Replace None with your answer and run the cell again.", exercise
        )
    if isinstance(answer, str):  # typed as text: read as the website's quizzes read it
        value, problem = _read(answer)
        if value is None:
            return Feedback("incorrect", problem, exercise)
        answer = value
    if hasattr(answer, "item") and getattr(answer, "size", 1) == 1:
        answer = answer.item()  # NumPy scalars and 1-element arrays
    if not _is_number(answer) or math.isnan(float(answer)):
        return Feedback(
            "incorrect",
            f"The answer should be a single number; got {type(answer).__name__} {answer!r}.",
            exercise,
        )
    answer = float(answer)
    if math.isclose(answer, expected, rel_tol=rel_tol, abs_tol=abs_tol):
        return Feedback("correct", explanation or f"{answer:g} is right.", exercise)
    for wrong, hint in (mistakes or {}).items():
        if math.isclose(answer, float(wrong), rel_tol=rel_tol, abs_tol=abs_tol):
            return Feedback("incorrect", hint, exercise)
    direction = "too high" if answer > expected else "too low"
    return Feedback(
        "incorrect",
        f"{answer:g} is {direction}. Check each step of your calculation and try again.",
        exercise,
    )


def grade_choice(
    answer: Any,
    expected: str,
    *,
    options: Mapping[str, str],
    exercise: str = "",
) -> Feedback:
    """Check a multiple-choice answer given as a key of ``options``.

    Parameters
    ----------
    answer
        The key the reader chose, such as ``"b"`` (``None`` while not done).
    expected
        The right key.
    options
        Every key mapped to the feedback shown when it is chosen.
    exercise
        The exercise label shown with the feedback.
    """
    if not isinstance(options, Mapping) or not options:
        raise ValueError("options must be a non-empty mapping of key -> feedback")
    if expected not in options:
        raise ValueError(f"expected must be one of {sorted(options)}; got {expected!r}")
    if answer is None:
        return Feedback("missing", f"Set answer to one of {sorted(options)}.", exercise)
    key = answer.strip().lower() if isinstance(answer, str) else answer
    if key not in options:
        return Feedback("incorrect", f"Choose one of {sorted(options)}; got {answer!r}.", exercise)
    return Feedback("correct" if key == expected else "incorrect", options[key], exercise)


# ---------------------------------------------------------------------------------------
# declared exercises
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NumericExercise:
    """An exercise answered with one number, declared once with its inputs.

    Parameters
    ----------
    label
        The exercise's label in the chapter, such as ``"records-ex2"``.
    solve
        ``solve(**inputs) -> float``: the right answer, computed by calling the package.
    inputs
        The numbers the exercise's text gives the reader, by name (``{"reporting": 0.2}``).
        A test checks that the chapter's text states each of them.
    mistakes
        ``mistakes(expected, **inputs) -> {wrong answer: hint}``: answers a reader is
        likely to give, with a hint for each.
    rel_tol, abs_tol
        Accepted distance from the right answer (as in :func:`math.isclose`).
    explanation
        Shown with a correct answer; ``{answer}`` is replaced by the right answer, so
        ``"{answer:.1%}"`` formats it.

    Examples
    --------
    >>> ex = NumericExercise("demo-ex1", solve=lambda offences, share: offences * share,
    ...                      inputs={"offences": 1_000, "share": 0.42},
    ...                      explanation="{answer:.0f} reports.")
    >>> ex.expected()
    420.0
    >>> print(ex.grade(420))
    [demo-ex1] Correct. 420 reports.
    """

    label: str
    solve: Callable[..., float]
    inputs: Mapping[str, float] = field(default_factory=dict)
    mistakes: Callable[..., Mapping[float, str]] | None = None
    rel_tol: float = 0.01
    abs_tol: float = 0.0
    explanation: str = ""

    def expected(self) -> float:
        """The right answer, computed from the inputs."""
        return float(self.solve(**self.inputs))

    def grade(self, answer: Any) -> Feedback:
        """Check a reader's answer; see :func:`grade_number`."""
        expected = self.expected()
        mistakes = dict(self.mistakes(expected, **self.inputs)) if self.mistakes else {}
        return grade_number(
            answer,
            expected,
            exercise=self.label,
            rel_tol=self.rel_tol,
            abs_tol=self.abs_tol,
            mistakes=mistakes,
            explanation=self.explanation.format(answer=expected),
        )


def _registry() -> dict[str, NumericExercise]:
    from .exercises import EXERCISES

    return EXERCISES


def exercise(label: str) -> NumericExercise:
    """The declaration of one checked exercise, by its label.

    Examples
    --------
    >>> exercise("how-to-ex2").inputs["reporting"]
    0.42
    """
    registry = _registry()
    if label not in registry:
        raise ValueError(f"exercise must be one of {sorted(registry)}; got {label!r}")
    return registry[label]


def check(label: str, answer: Any) -> Feedback:
    """Check the answer to one of the course's exercises, by its label.

    Parameters
    ----------
    label
        The exercise label printed in the chapter, such as ``"how-to-ex2"``.
    answer
        Your answer (``None`` while you have not tried yet).

    Raises
    ------
    RuntimeError
        In the book build only (:data:`STRICT_ENV` set), when an answer is given and
        judged wrong: on the website the only answers are the chapters' own solutions,
        so a wrong one means a solution went out of date.

    Examples
    --------
    >>> feedback = check("how-to-ex2", None)
    >>> feedback.status, 'class="pl-quiz"' in feedback._repr_html_()
    ('missing', True)
    """
    declared = exercise(label)
    feedback = declared.grade(answer)
    if feedback.status == "missing":
        from .quiz import exercise_quiz

        return Feedback(
            "missing",
            "On the website, type your answer in the box below and press Check answer. "
            "In a live notebook (Binder or your computer) you can also replace None with "
            "your answer and run the cell again.",
            label,
            answer_box=exercise_quiz(declared)._repr_html_(),
        )
    if feedback.status == "incorrect" and os.environ.get(STRICT_ENV):
        raise RuntimeError(
            f"{label}: the chapter's solution is not accepted by its own check "
            f"({feedback.message}); update the solution or the declaration in "
            "policing_lab/exercises/"
        )
    return feedback
