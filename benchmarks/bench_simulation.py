"""Speed of the synthetic city and people (a measurement, not a timed test).

Run from the repository root::

    python benchmarks/bench_simulation.py            # 5 runs per case
    python benchmarks/bench_simulation.py --repeats 9

Prints a table of median wall-clock times and writes it to
``benchmarks/results/simulation.md``. Targets (on the course's 2-core build machine):

* one year x 100 neighbourhoods x 1,000 replicate cities (``simulate_counts``): < 1 s;
* 100,000 people (``make_people``): < 0.5 s.

For comparison it also times the obvious implementation of the same city simulation
(four ``Generator.poisson`` draws per neighbourhood-day, once), so the gain of the
lookup-table sampler in :mod:`policing_lab.city` is visible.
"""

from __future__ import annotations

import argparse
import os
import platform
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from timing import median_seconds, write_results  # benchmarks/timing.py

from policing_lab.city import make_city, simulate_counts, simulate_days
from policing_lab.people import make_people, train_risk_model

# run.py points POLICING_LAB_BENCH_RESULTS at a scratch file; by default: results/simulation.md
RESULTS = Path(
    os.environ.get("POLICING_LAB_BENCH_RESULTS")
    or Path(__file__).resolve().parent / "results" / "simulation.md"
)


def numpy_poisson_baseline(city, days: int, replicates: int, seed: int) -> dict[str, np.ndarray]:
    """The straightforward version: four independent Poisson draws per neighbourhood-day."""
    rng = np.random.default_rng(seed)
    lam = city["true_rate"].to_numpy()
    r = city["reporting_prob"].to_numpy()
    d = city["discovery_prob"].to_numpy()
    size = (replicates, days, lam.size)
    both = rng.poisson(lam * r * d, size=size)
    reported_only = rng.poisson(lam * r * (1 - d), size=size)
    discovered_only = rng.poisson(lam * (1 - r) * d, size=size)
    neither = rng.poisson(lam * (1 - r) * (1 - d), size=size)
    recorded = both + reported_only + discovered_only
    return {
        "true_offences": recorded + neither,
        "reported": both + reported_only,
        "discovered": both + discovered_only,
        "recorded": recorded,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per case (default 5)")
    parser.add_argument(
        "--no-baseline", action="store_true", help="skip the slow Generator.poisson comparison"
    )
    args = parser.parse_args()

    city100 = make_city(n_rows=10, n_cols=10, seed=1)
    city36 = make_city(seed=1)
    people10k = make_people(city36, n_people=10_000, seed=3)

    cases: list[tuple[str, Callable[[], object], str]] = [
        (
            "simulate_counts: 365 days x 100 neighbourhoods x 1,000 replicates",
            lambda: simulate_counts(
                city100["true_rate"],
                city100["reporting_prob"],
                city100["discovery_prob"],
                days=365,
                n_replicates=1_000,
                seed=2,
            ),
            "< 1 s",
        ),
        (
            "make_people: 100,000 people",
            lambda: make_people(city36, n_people=100_000, seed=3),
            "< 0.5 s",
        ),
        (
            "simulate_days: the course's city, 365 days (one frame)",
            lambda: simulate_days(city36, days=365, seed=4),
            "",
        ),
        (
            "train_risk_model: 10,000 people (one-hot + logistic regression)",
            lambda: train_risk_model(people10k),
            "",
        ),
    ]
    rows = []
    for label, run, target in cases:
        median, best, _ = median_seconds(run, args.repeats)
        rows.append((label, median, best, args.repeats, target))
        print(f"{median:8.3f} s  (best {best:.3f} s)  {label}")
    if not args.no_baseline:
        label = "for comparison: the same 1,000 cities with Generator.poisson (4 draws per cell)"
        median, best, _ = median_seconds(lambda: numpy_poisson_baseline(city100, 365, 1_000, 2), 1)
        rows.append((label, median, best, 1, ""))
        print(f"{median:8.3f} s  {label}")

    lines = [
        "# Simulation speed",
        "",
        "Written by `python benchmarks/bench_simulation.py`: median wall-clock time of "
        f"{args.repeats} runs after one warm-up run (the comparison row: one run).",
        "",
        f"- machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.system()}; "
        f"Python {platform.python_version()}, NumPy {np.__version__}",
        f"- run at: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        "",
        "| case | median (s) | best (s) | runs | target |",
        "|---|---:|---:|---:|---|",
    ]
    for label, median, best, runs, target in rows:
        lines.append(f"| {label} | {median:.3f} | {best:.3f} | {runs} | {target} |")
    lines += [
        "",
        "Timings on a shared machine vary from run to run; the best time shows what the code "
        "does when it has the CPU to itself.",
        "",
    ]
    write_results(RESULTS, lines)


if __name__ == "__main__":
    main()
