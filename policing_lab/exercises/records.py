"""Checked exercises of chapter 2, "Records are not crime"."""

from __future__ import annotations

from ..checks import NumericExercise
from ..city import two_neighbourhoods

SLUG = "records"


def _heavy_share(patrol_ratio: float, reporting_prob: float) -> float:
    pair = two_neighbourhoods(patrol_ratio=patrol_ratio, reporting_prob=reporting_prob)
    return float(pair.loc["heavy", "recorded_share"])


EXERCISES = [
    NumericExercise(
        "records-ex2",
        inputs={"patrol_ratio": 4, "reporting_prob": 0.2},
        solve=_heavy_share,
        mistakes=lambda expected, patrol_ratio, reporting_prob: {
            1 - expected: "That is the lightly patrolled neighbourhood's share.",
            expected * 100: "Give the share as a number between 0 and 1, not a percentage.",
            patrol_ratio / (1 + patrol_ratio): "That would hold if every record came from "
            "patrols and discovery grew in proportion to patrol. Include the reports, and "
            "the 1 - exp(...) curve.",
        },
        rel_tol=0.005,
        explanation="The heavily patrolled neighbourhood gets {answer:.1%} of the records.",
    ),
]
