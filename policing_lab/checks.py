"""Answer checks for the course's code exercises, with feedback that helps.

An exercise cell ends with a check::

    answer = None          # replace None with your answer
    pl.checks.check_number(answer, expected=420, exercise="how-to-ex2",
                           mistakes={42: "That is the percentage, not the count."})

The check returns a :class:`Feedback` that shows as a short message under the cell:
"Correct", a targeted hint when the answer matches a known mistake, or a general hint
that says whether the answer is too high or too low. A missing answer (``None``) is met
with an invitation to try, not with an error, so the built website shows the exercise
ready to be done.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ._validation import check_number as _check_real

__all__ = ["Feedback", "check", "check_number", "check_choice", "EXERCISES"]


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
            f"{html.escape(self.message)}</div>"
        )


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def check_number(
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
        What the reader computed (``None`` while the exercise is not done).
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
    >>> check_number(420, 420).correct
    True
    >>> print(check_number(42, 420, mistakes={42: "That is the percentage."}))
    Not yet. That is the percentage.
    """
    expected = _check_real(expected, "expected")
    rel_tol = _check_real(rel_tol, "rel_tol", low=0, high=1)
    abs_tol = _check_real(abs_tol, "abs_tol", low=0)
    if not isinstance(exercise, str):
        raise ValueError(f"exercise must be a string label; got {exercise!r}")
    if answer is None or answer is Ellipsis:
        return Feedback("missing", "Replace None with your answer and run the cell again.", exercise)
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


def check_choice(
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


# ---------------------------------------------------------------------------
# The course's auto-checked exercises. Each entry turns a reader's answer into
# Feedback; expected values are computed here from the exercise's stated inputs.
# ---------------------------------------------------------------------------

#: Share of violent victimizations reported to police in the US, 2022 [bjs2023].
NCVS_REPORTING_2022 = 0.42


def _how_to_ex2(answer: Any) -> Feedback:
    offences = 1_000
    return check_number(
        answer,
        expected=offences * NCVS_REPORTING_2022,
        exercise="how-to-ex2",
        rel_tol=0.005,
        mistakes={
            NCVS_REPORTING_2022: "That is the share reported. How many of the 1,000 is that?",
            NCVS_REPORTING_2022 * 100: "That is the percentage, not the number of reports.",
            offences * (1 - NCVS_REPORTING_2022): "That is the number NOT reported.",
        },
        explanation="42% of 1,000 is 420 reports: 580 offences leave no report at all.",
    )


def _predicting_ex3(answer: Any) -> Feedback:
    from .city import summarise
    from .datasets import load_city, load_neighbourhood_days

    sides = summarise(load_neighbourhood_days(), load_city(), by="majority_group")
    per_1000 = sides.set_index("majority_group")["recorded_per_1000"]
    ratio = float(per_1000["B"] / per_1000["A"])
    return check_number(
        answer,
        expected=ratio,
        exercise="predicting-ex3",
        rel_tol=0.01,
        mistakes={
            1 / ratio: "That is the A side per B side. Divide the B side by the A side.",
            float(per_1000["B"] - per_1000["A"]): "That is the difference; the question asks for a ratio.",
        },
        explanation=(
            f"The B side records {ratio:.2f} times as many incidents per resident, "
            "with the same true offending."
        ),
    )


def _records_ex2(answer: Any) -> Feedback:
    import numpy as np

    from .city import discovery_from_patrol

    patrol_ratio, reporting = 4.0, 0.2
    patrol = np.array([2 / (1 + patrol_ratio), 2 * patrol_ratio / (1 + patrol_ratio)])
    recorded = 1 - (1 - reporting) * (1 - discovery_from_patrol(patrol))
    share = float(recorded[1] / recorded.sum())
    naive = patrol_ratio / (1 + patrol_ratio)
    return check_number(
        answer,
        expected=share,
        exercise="records-ex2",
        rel_tol=0.005,
        mistakes={
            1 - share: "That is the lightly patrolled neighbourhood's share.",
            share * 100: "Give the share as a number between 0 and 1, not a percentage.",
            naive: "That would hold if every record came from patrols and discovery grew "
            "in proportion to patrol. Include the reports, and the 1 - exp(...) curve.",
        },
        explanation=f"The heavily patrolled neighbourhood gets {share:.1%} of the records.",
    )


def _alarms_ex2(answer: Any) -> Feedback:
    base_rate, tpr, fpr = 0.001, 0.95, 0.02
    true_alerts, false_alerts = base_rate * tpr, (1 - base_rate) * fpr
    ppv = true_alerts / (true_alerts + false_alerts)
    return check_number(
        answer,
        expected=ppv,
        exercise="alarms-ex2",
        rel_tol=0.01,
        mistakes={
            tpr: "That is the share of targets flagged (TPR), not the share of alerts that are right.",
            1 - fpr: "That is the share of non-targets cleared, not the share of alerts that are right.",
            ppv * 100: "Give a number between 0 and 1, not a percentage.",
            base_rate * tpr / (base_rate * tpr + fpr): "Close: the false alerts come from the "
            "(1 - base rate) share of people who are not targets.",
        },
        explanation=f"Only {ppv:.1%} of the alerts are right: rare targets, many false alarms.",
    )


def _loops_ex2(answer: Any) -> Feedback:
    import numpy as np

    lambda_a, lambda_b, w_r = 3.68511, 2.816466, 0.25  # Oakland rates [ensign2018]
    a, b, c, d = lambda_a, w_r * lambda_b, w_r * lambda_a, lambda_b
    roots = np.roots([c + d - a - b, a - 2 * c - d, c])
    # The stable root in [0, 1]: f changes sign from + to - there.
    stable = [
        float(r.real)
        for r in roots
        if abs(r.imag) < 1e-12 and 0 <= r.real <= 1 and 2 * (c + d - a - b) * r.real + (a - 2 * c - d) < 0
    ]
    limit = stable[0]
    true_share = lambda_a / (lambda_a + lambda_b)
    others = [float(r.real) for r in roots if abs(float(r.real) - limit) > 1e-9]
    mistakes = {true_share: "That is the true share; the urn settles above it when discoveries count more."}
    for other in others:
        mistakes[other] = "That root of f is not the stable one in [0, 1]."
    return check_number(
        answer,
        expected=limit,
        exercise="loops-ex2",
        abs_tol=0.0015,
        rel_tol=0.0,
        mistakes=mistakes,
        explanation=f"The urn settles at {limit:.3f}, above the true share {true_share:.3f}.",
    )


EXERCISES = {
    "alarms-ex2": _alarms_ex2,
    "loops-ex2": _loops_ex2,
    "how-to-ex2": _how_to_ex2,
    "predicting-ex3": _predicting_ex3,
    "records-ex2": _records_ex2,
}


def check(exercise: str, answer: Any) -> Feedback:
    """Check the answer to one of the course's exercises, by its label.

    Parameters
    ----------
    exercise
        The exercise label printed in the chapter, such as ``"how-to-ex2"``.
    answer
        Your answer (``None`` while you have not tried yet).

    Examples
    --------
    >>> check("how-to-ex2", None).status
    'missing'
    """
    if exercise not in EXERCISES:
        raise ValueError(f"exercise must be one of {sorted(EXERCISES)}; got {exercise!r}")
    return EXERCISES[exercise](answer)
