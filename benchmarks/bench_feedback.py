"""Speed of the feedback loops (a measurement, not a timed test).

Run from the repository root::

    python benchmarks/bench_feedback.py            # 3 runs per case
    python benchmarks/bench_feedback.py --repeats 5

Prints a table of median wall-clock times and writes it to
``benchmarks/results/feedback.md``. Targets (on the course's 2-core build machine):

* Ensign et al.'s urn, 20,000 draws x 100 runs (``run_urn``): a few seconds at most,
  so that a chapter can compute its figures at build time;
* one simulated year of the hot-spot loop in the default 36-neighbourhood city
  (``run_hotspot_loop``): well under 1 s.

Beside the times the table gives the result of each case (mean final share of A, or
the share of patrols on the group-B side), so that a change in speed that also changes
the numbers is noticed.
"""

from __future__ import annotations

import argparse
import os
import platform
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from timing import median_seconds, write_results  # benchmarks/timing.py

from policing_lab.city import make_city
from policing_lab.feedback import final_shares, run_hotspot_loop, run_urn, summarise_loop

# run.py points POLICING_LAB_BENCH_RESULTS at a scratch file; by default: results/feedback.md
RESULTS = Path(
    os.environ.get("POLICING_LAB_BENCH_RESULTS")
    or Path(__file__).resolve().parent / "results" / "feedback.md"
)


def reference_loop_urn(n_runs: int, n_draws: int, seed: int) -> float:
    """The plain urn written the straightforward way: one Python step per draw and run.

    The yardstick for the vectorised :func:`run_urn`; returns the mean final share of A.
    """
    lambda_a, lambda_b = 3.68511, 2.816466
    rng = np.random.default_rng(seed)
    finals = []
    for _ in range(n_runs):
        balls_a, balls_b = 609.0, 379.0
        for _ in range(n_draws):
            if rng.random() < balls_a / (balls_a + balls_b):
                balls_a += lambda_a
            else:
                balls_b += lambda_b
        finals.append(balls_a / (balls_a + balls_b))
    return float(np.mean(finals))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per case (default 3)")
    args = parser.parse_args()

    city = make_city(population_spread=0, seed=1)  # equal true rates everywhere
    side_b = float((city["majority_group"] == "B").mean())
    urn = dict(n_draws=20_000, n_runs=100, seed=1)

    def urn_case(**kwargs):
        return lambda: final_shares(run_urn(**urn, **kwargs)).mean()

    def loop_case(rule):
        return lambda: summarise_loop(run_hotspot_loop(city, rule=rule, seed=2))

    def loop_result(summary) -> str:
        return (
            f"patrol share B side: day 0 {summary['patrol_share_b'].iloc[0]:.3f}, "
            f"day 365 {summary['patrol_share_b'].iloc[-1]:.3f}, year mean "
            f"{summary['patrol_share_b'].mean():.3f} (fair {side_b:.3f}); "
            f"ever flagged {summary['ever_flagged'].iloc[-1]}"
        )

    cases = [
        ("run_urn: 20,000 draws x 100 runs, discovered", urn_case(), "mean final share {:.3f}"),
        (
            "run_urn: 20,000 x 100, Poisson increments + decay 0.01",
            urn_case(poisson=True, decay=0.01),
            "mean final share {:.3f}",
        ),
        ("run_urn: 20,000 x 100, surprise", urn_case(rule="surprise"), "mean final share {:.3f}"),
        (
            "run_urn: 20,000 draws x 1,000 runs, discovered",
            lambda: final_shares(run_urn(n_draws=20_000, n_runs=1_000, seed=1)).mean(),
            "mean final share {:.3f}",
        ),
        (
            "reference per-draw Python loop: 20,000 draws x 20 runs, discovered",
            lambda: reference_loop_urn(20, 20_000, seed=1),
            "mean final share {:.3f}",
        ),
        ("run_hotspot_loop + summarise_loop: 365 days x 36, recorded", loop_case("recorded"), None),
        ("run_hotspot_loop + summarise_loop: 365 days x 36, reported", loop_case("reported"), None),
        ("run_hotspot_loop + summarise_loop: 365 days x 36, weighted", loop_case("weighted"), None),
    ]
    rows = []
    for label, run, template in cases:
        median, best, result = median_seconds(run, args.repeats, warmup=False)
        text = template.format(result) if template else loop_result(result)
        rows.append((label, median, best, text))
        print(f"{median:8.3f} s  (best {best:.3f} s)  {label}: {text}")

    by_label = {label: median for label, median, _, _ in rows}
    vectorised = by_label["run_urn: 20,000 draws x 1,000 runs, discovered"]
    loop_per_1000 = (
        by_label["reference per-draw Python loop: 20,000 draws x 20 runs, discovered"] * 50
    )
    ratio_text = (
        f"1,000 runs x 20,000 draws: vectorised {vectorised:.2f} s; the per-draw Python loop "
        f"takes {loop_per_1000:.1f} s for the same work (20 runs timed, x 50): "
        f"**{loop_per_1000 / vectorised:.0f} times slower**."
    )
    print(ratio_text)
    lines = [
        "# Feedback loops: speed",
        "",
        "Written by `python benchmarks/bench_feedback.py`: median wall-clock time of "
        f"{args.repeats} runs.",
        "",
        f"- machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.system()}; "
        f"Python {platform.python_version()}, NumPy {np.__version__}",
        f"- run at: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        "- urn: Oakland rates 3.68511 and 2.816466, prior (609, 379), seed 1",
        "- city: `make_city(population_spread=0, seed=1)` (equal true rates), seed 2, "
        "default loop parameters (4 flagged, patrol x5, 180-day window)",
        "",
        "| case | median (s) | best (s) | result |",
        "|---|---:|---:|---|",
    ]
    for label, median, best, text in rows:
        lines.append(f"| {label} | {median:.3f} | {best:.3f} | {text} |")
    lines += [
        "",
        ratio_text,
        "",
        "Timings on a shared machine vary from run to run; the best time shows what the code "
        "does when it has the CPU to itself.",
        "",
    ]
    write_results(RESULTS, lines)


if __name__ == "__main__":
    main()
