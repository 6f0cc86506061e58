"""Speed of the synthetic city and people (a measurement, not a timed test).

Run from the repository root (``run.py --only simulation`` runs it too)::

    .venv/bin/python benchmarks/bench_simulation.py            # 5 runs per case
    .venv/bin/python benchmarks/bench_simulation.py --repeats 9

Prints a table of median wall-clock times after one warm-up run. Target (on the course's
2-core build machine): 100,000 people (``make_people``) in < 0.5 s. The 1,000 replicate
cities of ``simulate_counts`` have no target: no chapter or widget simulates them (the
city draws its counts with ``Generator.poisson``; a faster custom sampler was removed
because nothing the course shows needed its speed).

Each case times a public function as a whole (whatever sampler it uses inside).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from timing import median_seconds, script_main  # benchmarks/timing.py

TITLE = "bench_simulation.py: the city and its people, median of {repeats} runs after a warm-up"


def cases() -> list[tuple[str, Callable[[], object], str]]:
    """(label, call, target) of every case. All calls to the package are here."""
    from policing_lab.city import make_city, simulate_counts, simulate_days
    from policing_lab.people import make_people, train_risk_model

    city100 = make_city(n_rows=10, n_cols=10, seed=1)
    city36 = make_city(seed=1)
    people10k = make_people(city36, n_people=10_000, seed=3)
    return [
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
            "",
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


def rows(repeats: int = 5, baseline: bool = True) -> list[dict[str, Any]]:
    """One row per case. (No slow comparison here: ``baseline`` changes nothing.)"""
    out = []
    for label, run, target in cases():
        t = median_seconds(run, repeats)
        out.append(
            {
                "case": label,
                "median (s)": t.median,
                "best (s)": t.best,
                "runs": t.runs,
                "target": target or None,
            }
        )
    return out


if __name__ == "__main__":
    script_main(__doc__, rows, 5, TITLE)
