"""Checked exercises of chapter 6, "Watching the public"."""

from __future__ import annotations

from ..checks import NumericExercise
from ..monitoring import flag_counts

SLUG = "watching"


def _false_per_correct(threat_rate: float, sensitivity: float, specificity: float) -> float:
    """False flags for every correct one, in a stream without the dialect marker."""
    table = flag_counts(
        1_000_000,
        threat_rate=threat_rate,
        sensitivity=sensitivity,
        specificity=specificity,
        dialect_share=0.0,
    )
    return float(table["false_flags_per_correct_flag"].iloc[-1])


EXERCISES = [
    NumericExercise(
        "watching-ex2",
        inputs={"threat_rate": 2e-5, "sensitivity": 0.8, "specificity": 0.9995},
        solve=_false_per_correct,
        mistakes=lambda expected, threat_rate, sensitivity, specificity: {
            (1 - specificity) / threat_rate: "Close, but only a share of the genuine threats "
            "is flagged: divide by the threats the flagger catches (the sensitivity).",
            expected + 1: "That counts every flag per correct one; the question asks for the "
            "false flags only.",
            specificity: "That is the share of harmless posts left alone, not a number of flags.",
        },
        rel_tol=0.02,
        explanation="About {answer:.0f} false flags for every correct one: each of them is a "
        "review, and perhaps a file.",
    ),
]
