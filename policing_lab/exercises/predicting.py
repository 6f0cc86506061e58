"""Checked exercises of chapter 1, "Predicting future crimes"."""

from __future__ import annotations

from ..checks import NumericExercise

SLUG = "predicting"


def _per_1000_by_side() -> tuple[float, float]:
    """Recorded incidents per 1,000 residents on the A and B sides of the canonical city."""
    from ..city import summarise
    from ..datasets import load_city, load_neighbourhood_days

    sides = summarise(load_neighbourhood_days(), load_city(), by="majority_group")
    per_1000 = sides.set_index("majority_group")["recorded_per_1000"]
    return float(per_1000["A"]), float(per_1000["B"])


def _gap() -> float:
    side_a, side_b = _per_1000_by_side()
    return side_b / side_a


EXERCISES = [
    NumericExercise(
        "predicting-ex3",
        solve=_gap,
        mistakes=lambda expected: {
            1 / expected: "That is the A side per B side. Divide the B side by the A side.",
            _per_1000_by_side()[1] - _per_1000_by_side()[0]: "That is the difference; the "
            "question asks for a ratio.",
        },
        rel_tol=0.01,
        explanation="The B side records {answer:.2f} times as many incidents per resident, "
        "with the same true offending.",
    ),
]
