"""The course's checked exercises, declared once: one table per chapter.

Each module holds the exercises of one chapter as :class:`~policing_lab.checks.NumericExercise`
entries (label, the inputs the exercise's text states, how to solve it with the package,
the likely mistakes). :func:`policing_lab.checks.check` finds them here by label.

To add a checked exercise, add an entry to the chapter's table, write the exercise in
the chapter with an answer cell ``pl.checks.check("<label>", answer)`` and a solution
that computes the answer with the same inputs; ``tests/test_exercises.py`` checks that
the chapter states every input and that every declared exercise appears in a chapter.
"""

from __future__ import annotations

from ..checks import NumericExercise
from . import alarms, audit, fair, how_to, loops, predicting, records, watching

__all__ = ["EXERCISES", "by_chapter"]

#: Chapter slug (the label prefix) -> that chapter's table.
by_chapter: dict[str, tuple[NumericExercise, ...]] = {
    module.SLUG: tuple(module.EXERCISES)
    for module in (how_to, predicting, records, alarms, loops, fair, watching, audit)
}

#: Every checked exercise by label.
EXERCISES: dict[str, NumericExercise] = {
    ex.label: ex for table in by_chapter.values() for ex in table
}
