"""Speed of the screening arithmetic (a measurement, not a timed test).

Run from the repository root (``run.py --only simulation`` runs it too)::

    .venv/bin/python benchmarks/bench_screening.py            # 7 runs per case
    .venv/bin/python benchmarks/bench_screening.py --repeats 15

Prints a table of median wall-clock times after one warm-up run. Cases:

* ``ppv`` on 1,000,000 (base rate, TPR, FPR) triples, input checks included, next to the
  bare NumPy formula without checks (what the checks cost);
* ``threshold_table`` for 100,000 scored people and 101 thresholds (the grid behind a
  slider in chapter 3), next to the obvious version, one ``confusion_counts`` call
  (scikit-learn's ``confusion_matrix``) per threshold: slow, left out by ``--no-baseline``;
* ``crowd_screening`` with five groups, expected values and one simulated draw.

Before timing, the script checks that ``threshold_table``'s counts equal those of the
per-threshold loop, so that a fast wrong answer is not reported as a speed-up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from timing import median_seconds, script_main  # benchmarks/timing.py

TITLE = "bench_screening.py: screening arithmetic, median of {repeats} runs after a warm-up"


def bare_ppv(pi: np.ndarray, tpr: np.ndarray, fpr: np.ndarray) -> np.ndarray:
    """The formula alone: no input checks, no NaN handling."""
    hits = pi * tpr
    return hits / (hits + (1 - pi) * fpr)


def cases(repeats: int, baseline: bool) -> list[tuple[str, Callable[[], object], int]]:
    """(label, call, runs) of every case. All calls to the package are here."""
    from policing_lab.screening import confusion_counts, crowd_screening, ppv, threshold_table

    rng = np.random.default_rng(2024)
    n = 1_000_000
    pi = rng.uniform(0, 0.1, n)
    tpr = rng.uniform(0.5, 1.0, n)
    fpr = rng.uniform(0.0, 0.1, n)
    people = 100_000
    y_true = (rng.random(people) < 0.05).astype(np.int8)
    y_score = np.clip(rng.normal(0.3 + 0.3 * y_true, 0.15), 0, 1)
    thresholds = np.linspace(0, 1, 101)

    def table_by_loop() -> pd.DataFrame:
        """One scikit-learn confusion matrix per threshold (the straightforward version)."""
        return pd.DataFrame([confusion_counts(y_true, y_score, t) for t in thresholds])

    fast, slow = threshold_table(y_true, y_score, thresholds), table_by_loop()
    for column in ("tp", "fp", "fn", "tn"):
        if not (fast[column].to_numpy() == slow[column].to_numpy()).all():
            raise RuntimeError(f"threshold_table and the loop disagree on {column}")

    five = dict(group_shares=[0.2] * 5, false_match_ratio=[1, 2, 5, 10, 100])
    found = [
        ("ppv: 1,000,000 triples (with input checks)", lambda: ppv(pi, tpr, fpr), repeats),
        (
            "for comparison: the bare NumPy formula, no checks",
            lambda: bare_ppv(pi, tpr, fpr),
            repeats,
        ),
        (
            "threshold_table: 100,000 people x 101 thresholds",
            lambda: threshold_table(y_true, y_score, thresholds),
            repeats,
        ),
        (
            "crowd_screening: 5 groups, expected values",
            lambda: crowd_screening(**five),
            repeats,
        ),
        (
            "crowd_screening: 5 groups, one simulated draw",
            lambda: crowd_screening(**five, simulate=True, seed=1),
            repeats,
        ),
    ]
    if baseline:
        found.append(
            (
                "for comparison: 101 confusion_counts calls (sklearn confusion_matrix each)",
                table_by_loop,
                max(1, min(repeats, 3)),
            )
        )
    return found


def rows(repeats: int = 7, baseline: bool = True) -> list[dict[str, Any]]:
    out = []
    for label, run, runs in cases(repeats, baseline):
        t = median_seconds(run, runs)
        out.append(
            {"case": label, "median (ms)": t.median * 1e3, "best (ms)": t.best * 1e3, "runs": runs}
        )
    return out


if __name__ == "__main__":
    script_main(__doc__, rows, 7, TITLE)
