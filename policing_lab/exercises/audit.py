"""Checked exercises of chapter 7, "Accountability"."""

from __future__ import annotations

from ..audit import impact_score
from ..checks import NumericExercise

SLUG = "audit"

EXERCISES = [
    NumericExercise(
        "audit-ex4",
        inputs={"raw_impact": 13, "max_impact": 18, "mitigation": 8, "max_mitigation": 10},
        solve=impact_score,
        mistakes=lambda expected, raw_impact, max_impact, mitigation, max_mitigation: {
            float(raw_impact): "8 of 10 is 80% of the mitigation maximum: enough for the "
            "reduction.",
            raw_impact * 0.8: "The reduction is 15%, not 20%.",
            expected / max_impact: "That is the score as a share of the maximum; the "
            "question asks for the score in points.",
        },
        rel_tol=0.005,
        explanation="{answer:.2f} points: 13 lowered by 15%, 61% of the maximum of 18, "
        "impact level III.",
    ),
]
