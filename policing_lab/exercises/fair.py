"""Checked exercises of chapter 5, "Fair by which measure?"."""

from __future__ import annotations

from ..checks import NumericExercise
from ..fairness import chouldechova_fpr

SLUG = "fair"


def _mistakes(expected: float, base_rate: float, ppv: float, fnr: float) -> dict[float, str]:
    odds = base_rate / (1 - base_rate)
    return {
        odds * (1 - ppv) / ppv: "You left out the factor (1 − FNR): only the people with the "
        "outcome who are caught count.",
        base_rate * (1 - ppv) / ppv * (1 - fnr): "Use the odds p / (1 − p), not the base rate p.",
        odds * ppv / (1 - ppv) * (1 - fnr): "The PPV factor is (1 − PPV) / PPV: the more "
        "flagged people have the outcome, the fewer false positives.",
        odds * (1 - ppv) / ppv * fnr: "Use 1 − FNR (the share caught), not the FNR.",
        expected * 100: "Give a number between 0 and 1, not a percentage.",
    }


EXERCISES = [
    NumericExercise(
        "fair-ex1",
        inputs={"base_rate": 0.3, "ppv": 0.6, "fnr": 0.35},
        solve=lambda base_rate, ppv, fnr: float(chouldechova_fpr(base_rate, ppv, fnr)),
        mistakes=_mistakes,
        rel_tol=0.01,
        explanation="Group Y's false positive rate must be {answer:.1%}: fixed by its base "
        "rate once the PPV and the FNR are.",
    ),
]
