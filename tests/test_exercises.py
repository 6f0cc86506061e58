"""Exercises are declared once, and the chapters agree with their declarations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policing_lab import checks
from policing_lab.exercises import EXERCISES, by_chapter

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = {p: p.read_text(encoding="utf-8") for p in sorted((ROOT / "chapters").glob("*.md"))}


def _chapter_of(label: str) -> str:
    hits = [text for text in CHAPTERS.values() if f":label: {label}\n" in text]
    assert len(hits) == 1, f"{label} must be an exercise of exactly one chapter"
    return hits[0]


def _exercise_text(text: str, label: str) -> str:
    """The prose of an exercise: from its label to its first code cell or its end."""
    start = text.index(f":label: {label}\n")
    end = min(
        i
        for i in (
            text.find("```{code-cell}", start),
            text.find("{exercise-end}", start),
            text.find("\n```\n", start),
        )
        if i >= 0
    )
    return text[start:end]


def _solution_text(text: str, label: str) -> str:
    """The body of a solution: up to {solution-end}, or to the closing fence."""
    name = re.escape(label)
    match = re.search(rf"\{{solution-start\}} {name}\n(.*?)\{{solution-end\}}", text, re.S)
    if not match:
        match = re.search(rf"(`{{3,}})\{{solution\}} {name}\n(.*?)\n\1\n", text, re.S)
        assert match, f"{label} has no solution"
        return match.group(2)
    return match.group(1)


def _numbers(prose: str) -> set[float]:
    """Every number the prose states, with percentages also as shares."""
    found: set[float] = set()
    for digits, percent in re.findall(r"(\d[\d,]*(?:\.\d+)?)\s*(%?)", prose):
        value = float(digits.replace(",", ""))
        found.add(value)
        if percent:
            found.add(value / 100)
    return found


def _stated(value: float, numbers: set[float]) -> bool:
    """True if the prose states ``value`` itself, as a percentage, or as "1 in N"."""
    for number in numbers:
        if abs(number - value) <= 1e-9 * max(1.0, abs(value)):
            return True
        if number > 0 and abs(1 / number - value) <= 1e-9:
            return True
    return False


@pytest.mark.parametrize("label", sorted(EXERCISES))
def test_declared_exercise_is_checked_in_its_chapter(label):
    text = _chapter_of(label)
    assert f'pl.checks.check("{label}", answer)' in text, f"{label} has no answer cell"
    slug = label.rsplit("-ex", 1)[0]
    assert EXERCISES[label] in by_chapter[slug]


@pytest.mark.parametrize("label", sorted(EXERCISES))
def test_chapter_states_every_declared_input(label):
    prose = _exercise_text(_chapter_of(label), label)
    numbers = _numbers(prose)
    for name, value in EXERCISES[label].inputs.items():
        assert _stated(float(value), numbers), (
            f"{label}: the exercise's text does not state {name} = {value}; "
            f"it states {sorted(numbers)}"
        )


@pytest.mark.parametrize("label", sorted(EXERCISES))
def test_solution_is_an_executed_cell_that_passes_its_own_check(label):
    solution = _solution_text(_chapter_of(label), label)
    assert "```{code-cell} ipython3" in solution, f"{label}: the solution must run"
    assert f'pl.checks.check("{label}",' in solution


@pytest.mark.parametrize("path", sorted(CHAPTERS), ids=lambda p: p.name)
def test_no_solution_is_unexecuted_code(path):
    """A solution written as a plain ```python block could silently go out of date."""
    text = CHAPTERS[path]
    for label in re.findall(r"\{solution(?:-start)?\} ([\w-]+)", text):
        assert "```python" not in _solution_text(text, label), (
            f"{path.name}: the solution of {label} is a plain python block; make it a "
            "code cell so the build runs it"
        )


@pytest.mark.parametrize("label", sorted(EXERCISES))
def test_expected_answer_is_accepted_and_missing_answer_invites(label):
    ex = checks.exercise(label)
    assert checks.check(label, ex.expected()).correct
    assert checks.check(label, None).status == "missing"
    for wrong, hint in ex.mistakes(ex.expected(), **ex.inputs).items() if ex.mistakes else ():
        feedback = checks.check(label, wrong)
        assert not feedback.correct, f"{label}: the mistake {wrong} is accepted"
        assert feedback.message == hint


def test_book_build_refuses_a_solution_its_check_rejects(monkeypatch):
    monkeypatch.delenv(checks.STRICT_ENV, raising=False)
    assert checks.check("how-to-ex2", 999).status == "incorrect"
    monkeypatch.setenv(checks.STRICT_ENV, "1")
    with pytest.raises(RuntimeError, match="how-to-ex2: the chapter's solution is not accepted"):
        checks.check("how-to-ex2", 999)
    assert checks.check("how-to-ex2", None).status == "missing"  # the reader's cell
    assert checks.check("how-to-ex2", 420).correct


def test_unknown_label_names_the_known_ones():
    with pytest.raises(ValueError, match="exercise must be one of .*how-to-ex2"):
        checks.check("how-to-ex9", 1)


def test_number_reading_of_exercise_text():
    numbers = _numbers("its patrol is **4 times** the other's and **20%** are reported; 1,000")
    assert {4.0, 20.0, 0.2, 1000.0} <= numbers
    assert _stated(0.001, numbers) and _stated(0.2, numbers) and not _stated(0.3, numbers)
