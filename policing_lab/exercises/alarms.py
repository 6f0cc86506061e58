"""Checked exercises of chapter 3, "Rare events, many alarms"."""

from __future__ import annotations

from ..checks import NumericExercise
from ..screening import ppv

SLUG = "alarms"

EXERCISES = [
    NumericExercise(
        "alarms-ex2",
        inputs={"base_rate": 0.001, "tpr": 0.95, "fpr": 0.02},
        solve=lambda base_rate, tpr, fpr: float(ppv(base_rate, tpr, fpr)),
        mistakes=lambda expected, base_rate, tpr, fpr: {
            tpr: "That is the share of targets flagged (TPR), not the share of alerts that "
            "are right.",
            1 - fpr: "That is the share of non-targets cleared, not the share of alerts "
            "that are right.",
            expected * 100: "Give a number between 0 and 1, not a percentage.",
        },
        rel_tol=0.01,
        explanation="Only {answer:.1%} of the alerts are right: rare targets, many false alarms.",
    ),
]
