"""Checked exercises of chapter 4, "Feedback loops"."""

from __future__ import annotations

import numpy as np

from ..checks import NumericExercise
from ..feedback import OAKLAND_RATES, true_share, update_matrix, urn_limit

SLUG = "loops"


def _matrix(w_d: float) -> np.ndarray:
    return update_matrix(*OAKLAND_RATES, w_d=w_d)


def _limit(w_d: float) -> float:
    return urn_limit(_matrix(w_d))


def _mistakes(expected: float, w_d: float) -> dict[float, str]:
    hints = {
        true_share(*OAKLAND_RATES): "That is the true share; the urn settles above it "
        "when discoveries count more."
    }
    (a, b), (c, d) = _matrix(w_d)
    for root in np.roots([c + d - a - b, a - 2 * c - d, c]):
        if abs(root.imag) < 1e-12 and abs(root.real - expected) > 1e-9:
            hints[float(root.real)] = "That root of f is not the stable one in [0, 1]."
    return hints


EXERCISES = [
    NumericExercise(
        "loops-ex2",
        inputs={"w_d": 0.75},
        solve=_limit,
        mistakes=_mistakes,
        abs_tol=0.0015,
        rel_tol=0.0,
        explanation="The urn settles at {answer:.3f}, above the true share of region A.",
    ),
]
