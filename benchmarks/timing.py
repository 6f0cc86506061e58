"""Shared by the ``bench_*.py`` scripts: the timing helper and their command line."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class Timing:
    median: float  # seconds
    best: float  # seconds
    runs: int
    result: Any  # what the last timed call returned


def median_seconds(run: Callable[[], object], repeats: int, *, warmup: bool = True) -> Timing:
    """Median and minimum wall-clock time of ``repeats`` calls, and the last call's result.

    With ``warmup`` one untimed call comes first (imports, caches, first-call set-up).
    """
    if repeats < 1:
        raise ValueError(f"repeats must be at least 1; got {repeats}")
    if warmup:
        run()
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return Timing(statistics.median(times), min(times), repeats, result)


def script_main(
    module_doc: str,
    rows: Callable[..., list[dict[str, Any]]],
    default_repeats: int,
    title: str,
    notes: Callable[[list[dict[str, Any]]], list[str]] | None = None,
) -> None:
    """The command line every ``bench_*.py`` shares (``title`` may use ``{repeats}``).

    ``--repeats N`` timed runs per case, ``--no-baseline`` to leave out slow comparisons
    with naive implementations (where the script has any), ``--json PATH`` to write the
    rows for ``run.py``. The table is always printed.
    """
    import argparse
    import json

    from report import markdown_table  # benchmarks/report.py

    parser = argparse.ArgumentParser(description=module_doc.split("\n")[0])
    parser.add_argument(
        "--repeats",
        type=int,
        default=default_repeats,
        help=f"timed runs per case (default {default_repeats})",
    )
    parser.add_argument(
        "--no-baseline",
        action="store_true",
        help="leave out slow comparisons with naive implementations, if the script has any",
    )
    parser.add_argument("--json", type=str, default=None, help="write the rows to this file")
    args = parser.parse_args()
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    title = title.format(repeats=args.repeats)
    table = rows(repeats=args.repeats, baseline=not args.no_baseline)
    extra = notes(table) if notes else []
    print("\n".join([f"{title}:", "", *markdown_table(table), "", *extra]))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"title": title, "repeats": args.repeats, "rows": table, "notes": extra}, out)
