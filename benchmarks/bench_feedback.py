"""Speed of the feedback loops (a measurement, not a timed test).

Run from the repository root (``run.py --only simulation`` runs it too)::

    .venv/bin/python benchmarks/bench_feedback.py            # 3 runs per case
    .venv/bin/python benchmarks/bench_feedback.py --repeats 5

Prints a table of median wall-clock times (no warm-up). Targets (on the course's 2-core
build machine):

* Ensign et al.'s urn, 20,000 draws x 100 runs (``run_urn``): a few seconds at most,
  so that a chapter can compute its figures at build time;
* one simulated year of the hot-spot loop in the default 36-neighbourhood city
  (``run_hotspot_loop``): well under 1 s.

Beside the times the table gives the result of each case (mean final share of A, or
the share of patrols on the group-B side), so that a change in speed that also changes
the numbers is noticed. A plain per-draw Python loop of the urn (20 runs, cheap) is the
yardstick of the vectorised ``run_urn``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from timing import median_seconds, script_main  # benchmarks/timing.py

TITLE = "bench_feedback.py: feedback loops, median of {repeats} runs (no warm-up)"
URN_RATES = (3.68511, 2.816466)  # Oakland's rates of A and B in Ensign et al.
URN_PRIOR = (609.0, 379.0)
VECTORISED = "run_urn: 20,000 draws x 1,000 runs, discovered"
REFERENCE = "reference per-draw Python loop: 20,000 draws x 20 runs, discovered"


def reference_loop_urn(n_runs: int, n_draws: int, seed: int) -> float:
    """The plain urn written the straightforward way: one Python step per draw and run.

    The yardstick for the vectorised ``run_urn``; returns the mean final share of A.
    """
    lambda_a, lambda_b = URN_RATES
    rng = np.random.default_rng(seed)
    finals = []
    for _ in range(n_runs):
        balls_a, balls_b = URN_PRIOR
        for _ in range(n_draws):
            if rng.random() < balls_a / (balls_a + balls_b):
                balls_a += lambda_a
            else:
                balls_b += lambda_b
        finals.append(balls_a / (balls_a + balls_b))
    return float(np.mean(finals))


def cases() -> list[tuple[str, Callable[[], object], Callable[[Any], str]]]:
    """(label, call, describe its result) of every case. All calls to the package are here."""
    from policing_lab.city import make_city
    from policing_lab.feedback import final_shares, run_hotspot_loop, run_urn, summarise_loop

    city = make_city(population_spread=0, seed=1)  # equal true rates everywhere
    side_b = float((city["majority_group"] == "B").mean())

    def urn(n_runs: int = 100, **options: Any) -> Callable[[], float]:
        return lambda: final_shares(
            run_urn(n_draws=20_000, n_runs=n_runs, seed=1, **options)
        ).mean()

    def loop(rule: str) -> Callable[[], Any]:
        return lambda: summarise_loop(run_hotspot_loop(city, rule=rule, seed=2))

    def share(value: float) -> str:
        return f"mean final share {value:.3f}"

    def patrols(summary: Any) -> str:
        b = summary["patrol_share_b"]
        return (
            f"patrol share B side: day 0 {b.iloc[0]:.3f}, day 365 {b.iloc[-1]:.3f}, "
            f"year mean {b.mean():.3f} (fair {side_b:.3f}); "
            f"ever flagged {summary['ever_flagged'].iloc[-1]}"
        )

    return [
        ("run_urn: 20,000 draws x 100 runs, discovered", urn(), share),
        (
            "run_urn: 20,000 x 100, Poisson increments + decay 0.01",
            urn(poisson=True, decay=0.01),
            share,
        ),
        ("run_urn: 20,000 x 100, surprise", urn(surprise=True), share),
        (VECTORISED, urn(n_runs=1_000), share),
        (REFERENCE, lambda: reference_loop_urn(20, 20_000, seed=1), share),
        ("run_hotspot_loop + summarise_loop: 365 days x 36, recorded", loop("recorded"), patrols),
        ("run_hotspot_loop + summarise_loop: 365 days x 36, reported", loop("reported"), patrols),
        ("run_hotspot_loop + summarise_loop: 365 days x 36, weighted", loop("weighted"), patrols),
    ]


def rows(repeats: int = 3, baseline: bool = True) -> list[dict[str, Any]]:
    """One row per case. (The reference loop is cheap and always run: ``baseline`` changes
    nothing here.)"""
    out = []
    for label, run, describe in cases():
        t = median_seconds(run, repeats, warmup=False)
        out.append(
            {
                "case": label,
                "median (s)": t.median,
                "best (s)": t.best,
                "runs": t.runs,
                "result": describe(t.result),
            }
        )
    return out


def notes(table: list[dict[str, Any]]) -> list[str]:
    """How much slower the per-draw loop is, for the same work, from the rows."""
    median = {row["case"]: row["median (s)"] for row in table}
    if VECTORISED not in median or REFERENCE not in median:
        return []
    vectorised, loop_per_1000 = median[VECTORISED], median[REFERENCE] * 50
    return [
        f"1,000 runs x 20,000 draws: vectorised {vectorised:.2f} s; the per-draw Python loop "
        f"takes {loop_per_1000:.1f} s for the same work (20 runs timed, x 50): "
        f"{loop_per_1000 / vectorised:.0f} times slower.",
        f"Urn: Oakland rates {URN_RATES[0]} and {URN_RATES[1]}, prior {URN_PRIOR}, seed 1. "
        "City: `make_city(population_spread=0, seed=1)` (equal true rates), seed 2, default "
        "loop parameters (4 flagged, patrol x5, 180-day window).",
    ]


if __name__ == "__main__":
    script_main(__doc__, rows, 3, TITLE, notes)
