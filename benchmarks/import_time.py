"""How long ``import policing_lab`` takes: what every reader waits for in a first cell.

Each measurement is a fresh interpreter (``.venv/bin/python``, started in the repository),
so nothing is imported already; the time is taken inside it, around the import statement
alone (``time.perf_counter``), so the interpreter's own start-up is not part of it. The
wall-clock time of the whole process is given too. ``-X importtime`` of one more run says
which imported packages cost the most.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

import reference  # benchmarks/reference.py

CASES = {
    "import policing_lab": "import policing_lab",
    "… then pl.charts.enable() (every chapter's first cell)": (
        "import policing_lab as pl\npl.charts.enable()"
    ),
}
TIMED = """
import time
_t0 = time.perf_counter()
{code}
print("SECONDS", time.perf_counter() - _t0)
"""


def _one_run(python: str, code: str, cwd: Path) -> tuple[float, float]:
    import time

    started = time.perf_counter()
    proc = subprocess.run(
        [python, "-c", TIMED.format(code=code)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{code!r} failed: {proc.stderr.strip().splitlines()[-1:]}")
    match = re.search(r"SECONDS (\S+)", proc.stdout)
    if match is None:
        raise RuntimeError(f"{code!r} printed no time: {proc.stdout[-300:]!r}")
    return float(match.group(1)), wall


def import_rows(root: Path, runs: int = 5, python: str | None = None, progress=print):
    """One row per case: median, fastest and slowest of ``runs`` fresh interpreters."""
    python = python or sys.executable
    rows: list[dict[str, Any]] = []
    for name, code in CASES.items():
        times, walls = [], []
        for _ in range(runs):
            seconds, wall = _one_run(python, code, root)
            times.append(seconds)
            walls.append(wall)
        median = statistics.median(times)
        first = name == "import policing_lab"
        rows.append(
            {
                "statement": name,
                "median (s)": median,
                "fastest (s)": min(times),
                "slowest (s)": max(times),
                "whole process, median (s)": statistics.median(walls),
                "runs": runs,
                "target (s)": f"< {reference.IMPORT_TARGET_S:g}" if first else None,
                "target met": median < reference.IMPORT_TARGET_S if first else None,
            }
        )
        progress(f"  {name}: median {median:.2f} s ({', '.join(f'{t:.2f}' for t in times)})")
    return rows


def heaviest_imports(root: Path, python: str | None = None, top: int = 8):
    """The packages ``import policing_lab`` spends most time in, from one run of ``python
    -X importtime``: for each top-level package, the cumulative time of its outermost
    import (which includes whatever that import pulled in first, so rows overlap)."""
    python = python or sys.executable
    proc = subprocess.run(
        [python, "-X", "importtime", "-c", "import policing_lab"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    outermost: dict[str, tuple[int, int]] = {}  # package -> (indent, cumulative µs)
    for line in proc.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", line)
        if not match:
            continue
        cumulative, indent = int(match.group(1)), len(match.group(2))
        package = match.group(3).split(".")[0]
        known = outermost.get(package)
        if known is None or indent < known[0] or (indent == known[0] and cumulative > known[1]):
            outermost[package] = (indent, cumulative)
    ranked = sorted(outermost.items(), key=lambda kv: -kv[1][1])[:top]
    return [{"package": package, "cumulative (s)": us / 1e6} for package, (_, us) in ranked]
