"""Self-check quizzes that work on the static website and in JupyterLab.

A quiz is plain HTML (radio buttons and number fields inside labelled fieldsets) with a
few lines of JavaScript that check the answer in the reader's browser and say why an
answer is right or wrong. Nothing is sent anywhere and nothing is loaded from another
site. Every control is a native form element, so the quiz works from the keyboard and
with a screen reader; feedback is announced through a live region. In a number box,
Enter checks the answer, and the number is read as :func:`policing_lab.checks.read_number`
reads it in a kernel: "0,11" is 0.11, and "6O" (with the letter O) is refused with a
message rather than read as 6.

>>> from policing_lab.quiz import Choice, MultipleChoice, Numeric, Quiz
>>> q = Quiz("demo", [
...     MultipleChoice("Which is a recorded incident?", [
...         Choice("A burglary nobody noticed", False, "Unnoticed events leave no record."),
...         Choice("A burglary a victim reported", True, "Reports become records."),
...     ]),
...     Numeric("42% of 1,000 offences are reported. How many reports?", 420,
...             mistakes={42: "That is the percentage, not the count."}),
... ])
>>> "fieldset" in q._repr_html_()
True
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ._validation import check_number

if TYPE_CHECKING:  # checks imports this module lazily; no import cycle at run time
    from .checks import NumericExercise

__all__ = ["Choice", "MultipleChoice", "Numeric", "Quiz", "exercise_quiz"]

_ID = re.compile(r"^[a-z][a-z0-9-]*$")

_SCRIPT = r"""
(function () {
  var form = document.getElementById(%(id)s);
  if (!form || form.dataset.ready) { return; }
  form.dataset.ready = "1";
  // Typed numbers are read as policing_lab.checks.read_number reads them (same rules,
  // same messages): a decimal comma, thousands in groups of three, nothing else.
  var LOOKALIKES = {O: "zero is 0", o: "zero is 0", l: "one is 1", I: "one is 1"};
  var NOT_A_NUMBER = " is not a number: write it like 0.11, 0,11 or 1,200.";
  function grouped(text, sep) {
    return (sep === "." ? /^[0-9]{1,3}(?:\.[0-9]{3})+$/ : /^[0-9]{1,3}(?:,[0-9]{3})+$/).test(text);
  }
  function plainDigits(m) {
    var dots = m.split(".").length - 1, commas = m.split(",").length - 1, parts;
    if (dots && commas) {
      var dec = m.lastIndexOf(".") > m.lastIndexOf(",") ? "." : ",";
      var group = dec === "." ? "," : ".";
      parts = m.split(dec);
      if (parts.length > 2 || !grouped(parts[0], group)) { return null; }
      return parts[0].split(group).join("") + "." + parts[1];
    }
    if (!dots && !commas) { return m; }
    var sep = dots ? "." : ",";
    parts = m.split(sep);
    if (parts.length > 2) { return grouped(m, sep) ? parts.join("") : null; }
    if (/^[1-9][0-9]{0,2},[0-9]{3}$/.test(m)) { return parts.join(""); }
    return parts[0] || parts[1] ? parts[0] + "." + parts[1] : null;
  }
  function readNumber(text) {
    var shown = text.trim();
    var raw = shown.replace(/\u2212/g, "-")
      .replace(/([0-9])[ \u00a0\u2009\u202f](?=[0-9]{3}(?![0-9]))/g, "$1");
    if (raw === "") { return {problem: "Type a number first."}; }
    var match = /^([+-]?)([0-9.,]+)(?:[eE]([+-]?[0-9]+))?$/.exec(raw);
    if (!match) {
      var stray = [];
      Array.from(raw).forEach(function (ch) {
        if ("0123456789.,+-".indexOf(ch) < 0 && stray.indexOf(ch) < 0) { stray.push(ch); }
      });
      if (!stray.length) { return {problem: '"' + shown + '"' + NOT_A_NUMBER}; }
      var names = stray.slice(0, 3).map(function (ch) {
        if (/\s/.test(ch)) { return "a space"; }
        if (LOOKALIKES.hasOwnProperty(ch)) {
          return "the letter " + ch + " (" + LOOKALIKES[ch] + ")";
        }
        return '"' + ch + '"';
      });
      return {problem: '"' + shown + '" contains ' + names.join(", ") +
        ": type the number with digits, and a point or a comma for decimals (0.11 or 0,11)."};
    }
    var digits = plainDigits(match[2]);
    var exponent = match[3] ? "e" + match[3] : "";
    var value = digits === null ? NaN : Number(match[1] + digits + exponent);
    if (!isFinite(value)) { return {problem: '"' + shown + '"' + NOT_A_NUMBER}; }
    return {value: value};
  }
  window.plReadNumber = readNumber;  // for the browser tests, which compare it with Python's
  function near(a, b, rel, abs) {
    return Math.abs(a - b) <= Math.max(rel * Math.max(Math.abs(a), Math.abs(b)), abs);
  }
  function say(q, ok, text) {
    var out = q.querySelector(".pl-quiz-feedback");
    out.className = "pl-quiz-feedback " + (ok ? "pl-ok" : "pl-no");
    out.textContent = (ok ? "\u2714 Correct. " : "\u2718 Not yet. ") + text;
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.querySelectorAll("fieldset.pl-q").forEach(function (q) {
    var button = q.querySelector("button.pl-check");
    button.addEventListener("click", function () {
      if (q.dataset.kind === "choice") {
        var picked = q.querySelector("input:checked");
        if (!picked) { say(q, false, "Choose an answer first."); return; }
        say(q, picked.dataset.correct === "1", picked.dataset.feedback);
      } else {
        var read = readNumber(q.querySelector("input").value);
        if (read.problem) { say(q, false, read.problem); return; }
        var value = read.value;
        var spec = JSON.parse(q.dataset.spec);
        if (near(value, spec.answer, spec.rel, spec.abs)) {
          say(q, true, spec.explanation); return;
        }
        for (var i = 0; i < spec.mistakes.length; i++) {
          if (near(value, spec.mistakes[i][0], spec.rel, spec.abs)) {
            say(q, false, spec.mistakes[i][1]); return;
          }
        }
        say(q, false, value > spec.answer ? "That is too high." : "That is too low.");
      }
    });
    // Enter in the number box checks the answer (the form itself is never submitted).
    var box = q.querySelector('input[type="text"]');
    if (box) {
      box.addEventListener("keydown", function (e) {
        if (e.key === "Enter") { e.preventDefault(); button.click(); }
      });
    }
  });
})();
"""


@dataclass(frozen=True)
class Choice:
    """One option of a multiple-choice question, with the feedback it earns."""

    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class MultipleChoice:
    """A question with one right option among several."""

    prompt: str
    choices: Sequence[Choice]

    def __post_init__(self) -> None:
        if not isinstance(self.prompt, str) or not self.prompt.strip():
            raise ValueError("prompt must be a non-empty string")
        if len(self.choices) < 2 or not all(isinstance(c, Choice) for c in self.choices):
            raise ValueError("choices must be a sequence of at least 2 Choice objects")
        if sum(bool(c.correct) for c in self.choices) != 1:
            raise ValueError("choices must contain exactly 1 correct Choice")


@dataclass(frozen=True)
class Numeric:
    """A question answered with a number, checked with a relative tolerance."""

    prompt: str
    answer: float
    rel_tol: float = 0.01
    abs_tol: float = 0.0
    mistakes: Mapping[float, str] = field(default_factory=dict)
    explanation: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.prompt, str) or not self.prompt.strip():
            raise ValueError("prompt must be a non-empty string")
        check_number(self.answer, "answer")
        check_number(self.rel_tol, "rel_tol", low=0, high=1)
        check_number(self.abs_tol, "abs_tol", low=0)
        for wrong in self.mistakes:
            check_number(wrong, "mistakes (keys)")


class Quiz:
    """A list of questions shown as one accessible form.

    Parameters
    ----------
    quiz_id
        A label unique on its page, lower case letters, digits and ``-`` (for example
        ``"ch3-quiz"``). It makes the element ids stable from one build to the next.
    questions
        :class:`MultipleChoice` and :class:`Numeric` questions.
    title
        Heading read out before the questions.
    """

    def __init__(
        self,
        quiz_id: str,
        questions: Sequence[MultipleChoice | Numeric],
        *,
        title: str = "Check your understanding",
    ) -> None:
        if not isinstance(quiz_id, str) or not _ID.match(quiz_id):
            raise ValueError(
                f"quiz_id must start with a letter and use only a-z, 0-9 and -; got {quiz_id!r}"
            )
        if not questions or not all(isinstance(q, (MultipleChoice, Numeric)) for q in questions):
            raise ValueError("questions must be a non-empty sequence of MultipleChoice or Numeric")
        self.quiz_id = quiz_id
        self.questions = list(questions)
        self.title = title

    def _question_html(self, n: int, q: MultipleChoice | Numeric) -> str:
        qid = f"{self.quiz_id}-q{n}"
        esc = html.escape
        parts = []
        if isinstance(q, MultipleChoice):
            parts.append(f'<fieldset class="pl-q" data-kind="choice" id="{qid}">')
            parts.append(f"<legend>{n}. {esc(q.prompt)}</legend>")
            for k, choice in enumerate(q.choices, start=1):
                oid = f"{qid}-o{k}"
                parts.append(
                    f'<div class="pl-option"><input type="radio" name="{qid}" id="{oid}" '
                    f'data-correct="{int(bool(choice.correct))}" '
                    f'data-feedback="{esc(choice.feedback, quote=True)}">'
                    f'<label for="{oid}">{esc(choice.text)}</label></div>'
                )
        else:
            spec = {
                "answer": float(q.answer),
                "rel": float(q.rel_tol),
                "abs": float(q.abs_tol),
                "mistakes": [[float(k), v] for k, v in q.mistakes.items()],
                "explanation": q.explanation or f"The answer is {q.answer:g}.",
            }
            parts.append(
                f'<fieldset class="pl-q" data-kind="number" id="{qid}" '
                f'data-spec="{esc(json.dumps(spec), quote=True)}">'
            )
            parts.append(f"<legend>{n}. {esc(q.prompt)}</legend>")
            parts.append(
                f'<label for="{qid}-in">Your answer</label> '
                f'<input type="text" inputmode="decimal" id="{qid}-in" autocomplete="off">'
            )
        parts.append('<button type="button" class="pl-check">Check answer</button>')
        parts.append('<p class="pl-quiz-feedback" role="status" aria-live="polite"></p>')
        parts.append("</fieldset>")
        return "".join(parts)

    def _repr_html_(self) -> str:
        heading_id = f"{self.quiz_id}-title"
        body = "".join(self._question_html(n, q) for n, q in enumerate(self.questions, 1))
        script = _SCRIPT % {"id": json.dumps(self.quiz_id)}
        return (
            f'<form class="pl-quiz" id="{self.quiz_id}" aria-labelledby="{heading_id}">'
            f'<p class="pl-quiz-title" id="{heading_id}">'
            f"<strong>{html.escape(self.title)}</strong></p>"
            f"{body}</form><script>{script}</script>"
        )

    def __repr__(self) -> str:
        return f"Quiz({self.quiz_id!r}, {len(self.questions)} questions)"


def exercise_quiz(exercise: NumericExercise) -> Quiz:
    """A checked exercise as a one-question quiz, for readers without a kernel.

    The question is graded in the browser exactly as :meth:`NumericExercise.grade` grades
    it in a kernel: the same right answer (computed from the declaration), tolerance,
    hints for known mistakes and explanation. :func:`policing_lab.checks.check` shows it
    under an exercise's answer cell while the answer is still ``None``.

    Parameters
    ----------
    exercise : policing_lab.checks.NumericExercise
        The declaration, as returned by :func:`policing_lab.checks.exercise`.

    Returns
    -------
    Quiz
        A quiz with the id ``"<label>-answer"`` and one :class:`Numeric` question.

    Examples
    --------
    >>> from policing_lab.checks import exercise
    >>> quiz = exercise_quiz(exercise("how-to-ex2"))
    >>> quiz.quiz_id, quiz.questions[0].answer
    ('how-to-ex2-answer', 420.0)
    """
    for name in ("label", "expected", "inputs", "rel_tol", "abs_tol", "explanation"):
        if not hasattr(exercise, name):
            raise ValueError(
                f"exercise must be a NumericExercise (policing_lab.checks); got {exercise!r}"
            )
    expected = exercise.expected()
    mistakes = dict(exercise.mistakes(expected, **exercise.inputs)) if exercise.mistakes else {}
    question = Numeric(
        "Your answer to this exercise",
        answer=expected,
        rel_tol=exercise.rel_tol,
        abs_tol=exercise.abs_tol,
        mistakes={float(k): v for k, v in mistakes.items()},
        explanation=exercise.explanation.format(answer=expected),
    )
    return Quiz(f"{exercise.label}-answer", [question], title="Check your answer here")
