"""Checked exercises of chapter 0, "How to use this course"."""

from __future__ import annotations

from ..checks import NumericExercise

SLUG = "how-to"

EXERCISES = [
    NumericExercise(
        "how-to-ex2",
        # Share of US violent victimizations reported to police in 2022 [bjs2023].
        inputs={"offences": 1_000, "reporting": 0.42},
        solve=lambda offences, reporting: offences * reporting,
        mistakes=lambda expected, offences, reporting: {
            reporting: "That is the share reported. How many of the 1,000 is that?",
            reporting * 100: "That is the percentage, not the number of reports.",
            offences - expected: "That is the number NOT reported.",
        },
        rel_tol=0.005,
        explanation="42% of 1,000 is {answer:.0f} reports: the other offences leave no "
        "report at all.",
    ),
]
