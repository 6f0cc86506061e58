"""Shared helpers of the benchmark scripts: timing and writing a results file."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path


def median_seconds(
    run: Callable[[], object], repeats: int, *, warmup: bool = True
) -> tuple[float, float, object]:
    """Median and minimum wall-clock time of ``repeats`` calls, and the last call's result.

    With ``warmup`` one untimed call comes first (imports, caches, JIT-free NumPy paths).
    """
    if warmup:
        run()
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), result


def write_results(path: Path, lines: list[str]) -> None:
    """Write a Markdown results file and say where it went."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {path}")
