"""Speed of the screening arithmetic (a measurement, not a timed test).

Run from the repository root::

    python benchmarks/bench_screening.py            # 7 runs per case
    python benchmarks/bench_screening.py --repeats 15

Prints a table of median wall-clock times and writes it to
``benchmarks/results/screening.md``. Cases:

* ``ppv`` on 1,000,000 (base rate, TPR, FPR) triples, input checks included, next to the
  bare NumPy formula without checks (what the checks cost);
* ``threshold_table`` for 100,000 scored people and 101 thresholds (the grid behind a
  slider in chapter 3), next to the obvious version: one ``confusion_counts`` call
  (scikit-learn's ``confusion_matrix``) per threshold;
* ``crowd_screening`` with five groups, expected values and one simulated draw.
"""

from __future__ import annotations

import argparse
import os
import platform
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from timing import median_seconds, write_results  # benchmarks/timing.py

from policing_lab.screening import confusion_counts, crowd_screening, ppv, threshold_table

# run.py points POLICING_LAB_BENCH_RESULTS at a scratch file; by default: results/screening.md
RESULTS = Path(
    os.environ.get("POLICING_LAB_BENCH_RESULTS")
    or Path(__file__).resolve().parent / "results" / "screening.md"
)


def bare_ppv(pi: np.ndarray, tpr: np.ndarray, fpr: np.ndarray) -> np.ndarray:
    """The formula alone: no input checks, no NaN handling."""
    true_alerts = pi * tpr
    return true_alerts / (true_alerts + (1 - pi) * fpr)


def table_by_loop(y_true: np.ndarray, y_score: np.ndarray, thresholds: np.ndarray) -> pd.DataFrame:
    """One scikit-learn confusion matrix per threshold (the straightforward version)."""
    return pd.DataFrame([confusion_counts(y_true, y_score, t) for t in thresholds])


def format_seconds(seconds: float) -> str:
    return f"{seconds * 1_000:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=7, help="timed runs per case (default 7)")
    parser.add_argument(
        "--no-baseline", action="store_true", help="skip the per-threshold scikit-learn loop"
    )
    args = parser.parse_args()

    rng = np.random.default_rng(2024)
    n = 1_000_000
    pi = rng.uniform(0, 0.1, n)
    tpr = rng.uniform(0.5, 1.0, n)
    fpr = rng.uniform(0.0, 0.1, n)

    people = 100_000
    y_true = (rng.random(people) < 0.05).astype(np.int8)
    y_score = np.clip(rng.normal(0.3 + 0.3 * y_true, 0.15), 0, 1)
    thresholds = np.linspace(0, 1, 101)

    # the fast table must agree with the loop before its time means anything
    fast = threshold_table(y_true, y_score, thresholds)
    slow = table_by_loop(y_true, y_score, thresholds)
    for column in ("tp", "fp", "fn", "tn"):
        assert (fast[column].to_numpy() == slow[column].to_numpy()).all(), column

    cases: list[tuple[str, Callable[[], object], int]] = [
        ("ppv: 1,000,000 triples (with input checks)", lambda: ppv(pi, tpr, fpr), args.repeats),
        (
            "for comparison: the bare NumPy formula, no checks",
            lambda: bare_ppv(pi, tpr, fpr),
            args.repeats,
        ),
        (
            "threshold_table: 100,000 people x 101 thresholds",
            lambda: threshold_table(y_true, y_score, thresholds),
            args.repeats,
        ),
        (
            "crowd_screening: 5 groups, expected values",
            lambda: crowd_screening(group_shares=[0.2] * 5, false_match_ratio=[1, 2, 5, 10, 100]),
            args.repeats,
        ),
        (
            "crowd_screening: 5 groups, one simulated draw",
            lambda: crowd_screening(
                group_shares=[0.2] * 5,
                false_match_ratio=[1, 2, 5, 10, 100],
                simulate=True,
                seed=1,
            ),
            args.repeats,
        ),
    ]
    if not args.no_baseline:
        cases.append(
            (
                "for comparison: 101 confusion_counts calls (sklearn confusion_matrix each)",
                lambda: table_by_loop(y_true, y_score, thresholds),
                max(1, min(args.repeats, 3)),
            )
        )

    rows = []
    for label, run, repeats in cases:
        median, best, _ = median_seconds(run, repeats)
        rows.append((label, median, best, repeats))
        print(f"{format_seconds(median):>9} ms  (best {format_seconds(best)} ms)  {label}")

    lines = [
        "# Screening speed",
        "",
        "Written by `python benchmarks/bench_screening.py`: median wall-clock time after one "
        "warm-up run.",
        "",
        f"- machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.system()}; "
        f"Python {platform.python_version()}, NumPy {np.__version__}, pandas {pd.__version__}, "
        f"scikit-learn {sklearn.__version__}",
        f"- run at: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        "",
        "| case | median (ms) | best (ms) | runs |",
        "|---|---:|---:|---:|",
    ]
    for label, median, best, runs in rows:
        lines.append(f"| {label} | {format_seconds(median)} | {format_seconds(best)} | {runs} |")
    lines += [
        "",
        "`threshold_table` sorts the scores of targets and of other people once and locates "
        "every threshold by binary search; before timing, the script checks that its counts "
        "equal those of the per-threshold scikit-learn loop. Timings on a shared machine vary "
        "from run to run; the best time shows what the code does when it has the CPU to itself.",
        "",
    ]
    write_results(RESULTS, lines)


if __name__ == "__main__":
    main()
