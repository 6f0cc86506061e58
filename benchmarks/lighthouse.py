"""Lighthouse (pinned in benchmarks/package.json) on every built page: scores, metrics and,
where a score is below the goal, the audits that lost points.

``lighthouse.mjs`` makes the runs (one fresh Chromium each, with :data:`browser.FLAGS`)
and writes a small JSON summary per run; this module turns those summaries into rows.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import browser  # benchmarks/browser.py
import reference  # benchmarks/reference.py

BENCH = Path(__file__).resolve().parent
VERSION = "12.2.3"
PRESETS = ("desktop", "mobile")
GOALS = reference.LIGHTHOUSE_GOALS  # preset -> category -> lowest score that meets the goal
GOAL = GOALS["desktop"]  # the categories, in the order of the report
METRICS = {  # Lighthouse's metric id -> (column, factor from Lighthouse's unit)
    "first-contentful-paint": ("FCP (s)", 1e-3),
    "largest-contentful-paint": ("LCP (s)", 1e-3),
    "total-blocking-time": ("TBT (ms)", 1),
    "cumulative-layout-shift": ("CLS", 1),
    "speed-index": ("Speed Index (s)", 1e-3),
}
HOST_AUDITS = {  # audits about the web server's settings, not the pages
    "uses-text-compression": "set by the web host",
    "uses-long-cache-ttl": "set by the web host (cache headers)",
    "uses-http2": "set by the web host",
    "redirects-http": "set by the web host",
    "is-on-https": "set by the web host (127.0.0.1 counts as secure)",
}


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def ensure_installed() -> None:
    manifest = BENCH / "node_modules" / "lighthouse" / "package.json"
    if manifest.is_file() and json.loads(manifest.read_text())["version"] == VERSION:
        return
    print("lighthouse: installing the pinned version into benchmarks/node_modules (npm ci)")
    subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=BENCH,
        check=True,
        timeout=600,
    )


def lighthouse_runs(
    base: str, pages: list[str], runs: int, all_runs: bool, preset: str = "desktop"
) -> list[dict]:
    """The per-run summaries written by lighthouse.mjs (see that file)."""
    if preset not in PRESETS:
        raise ValueError(f"preset must be one of {PRESETS}; got {preset!r}")
    ensure_installed()
    with tempfile.TemporaryDirectory(prefix="bench-lh-") as tmp:
        out = Path(tmp) / "lighthouse.json"
        subprocess.run(
            ["node", str(BENCH / "lighthouse.mjs"), "--runs", str(runs), "--out", str(out)]
            + ["--preset", preset]
            + ["--chrome-flags", json.dumps(browser.FLAGS)]
            + ([] if all_runs else ["--stop-when-settled"])
            + [f"{base}/{p}" for p in pages],
            cwd=BENCH,
            check=True,
            timeout=120 * runs * len(pages) + 120,
            env={**os.environ, "CHROME_PATH": browser.CHROMIUM},
        )
        return json.loads(out.read_text())


def _by_page(base: str, summaries: list[dict]) -> dict[str, list[dict]]:
    by_page: dict[str, list[dict]] = {}
    for r in summaries:
        by_page.setdefault(r["url"].removeprefix(base + "/"), []).append(r)
    return by_page


def _scores(page_runs: list[dict]) -> dict[str, float]:
    return {
        c: _median([100 * r["scores"][c] for r in page_runs if r["scores"].get(c) is not None])
        for c in GOAL
    }


def score_rows(base: str, summaries: list[dict], preset: str = "desktop") -> list[dict[str, Any]]:
    """One row per page: median scores and metrics, runs made, goal met."""
    goal = GOALS[preset]
    rows = []
    for page, page_runs in _by_page(base, summaries).items():
        score = _scores(page_runs)
        row: dict[str, Any] = {"page": page}
        row |= {c.replace("-", " "): score[c] for c in goal}
        for metric, (column, factor) in METRICS.items():
            values = [r["metrics"][metric] for r in page_runs if r["metrics"][metric] is not None]
            row[column] = _median(values) * factor
        row["runs"] = len(page_runs)
        row["goal met"] = all(score[c] >= goal[c] for c in goal)
        if preset == "mobile":
            row["stock Jupyter Book performance"] = reference.stock_mobile_text()
        rows.append(row)
    return rows


def lost_points_rows(
    base: str, summaries: list[dict], preset: str = "desktop"
) -> list[dict[str, Any]]:
    """For each page and category below the goal: the audits that lost points in at least
    half of the page's runs, heaviest first."""
    rows = []
    for page, page_runs in _by_page(base, summaries).items():
        score = _scores(page_runs)
        for category, goal in GOALS[preset].items():
            if score[category] >= goal:
                continue
            lost: dict[str, list[dict]] = {}
            for r in page_runs:
                for audit in r["lost"]:
                    if audit["category"] == category:
                        lost.setdefault(audit["id"], []).append(audit)
            common = [(k, v) for k, v in lost.items() if len(v) * 2 >= len(page_runs)]
            common.sort(
                key=lambda kv: (
                    -max(a["weight"] for a in kv[1]),
                    _median([a["score"] for a in kv[1]]),
                )
            )
            for audit_id, audits in common:
                first = audits[0]
                rows.append(
                    {
                        "page": page,
                        "category": category,
                        "score": score[category],
                        "goal": goal,
                        "audit": audit_id,
                        "title": first["title"],
                        "weight": first["weight"],
                        "host": HOST_AUDITS.get(audit_id),
                        "audit score": _median([a["score"] for a in audits]),
                        "value": first["display"].replace("\u00a0", " "),
                        "in runs": f"{len(audits)}/{len(page_runs)}",
                        "where": "; ".join(w.replace(base, "") for w in first["items"][:3]),
                    }
                )
    return rows
