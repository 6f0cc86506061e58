"""Benchmarks of the course website and notebooks: `make bench` runs this file.

These are measurements, not tests: nothing here fails because a number is high. The
results are printed and written to ``benchmarks/results/latest.md`` (and, for programs,
``latest.json``). Run a subset with ``--only``; sections not run keep their last values,
marked with the time they were measured.

    .venv/bin/python benchmarks/run.py                       # everything (about 8-9 minutes)
    .venv/bin/python benchmarks/run.py --only lighthouse,charts --runs 1

Benchmarks (names for --only/--skip): build, chapters, charts, slider, widgets,
simulation, lighthouse. See benchmarks/README.md for what each one measures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
LATEST_MD = RESULTS / "latest.md"
LATEST_JSON = RESULTS / "latest.json"
LIGHTHOUSE_VERSION = "12.2.3"
CHROMIUM = "/usr/bin/chromium"
CHAPTER_0 = "chapters/00_how_to_use.html"
HOST_AUDITS = {  # audits about the web server's settings, not the pages
    "uses-text-compression": "set by the web host",
    "uses-long-cache-ttl": "set by the web host (cache headers)",
    "uses-http2": "set by the web host",
    "redirects-http": "set by the web host",
    "is-on-https": "set by the web host (127.0.0.1 counts as secure)",
}

# default runs of each benchmark (--runs N replaces them all)
BENCHMARKS = ["build", "chapters", "charts", "slider", "widgets", "simulation", "lighthouse"]
DEFAULT_RUNS = {
    "build": 3,
    "chapters": 3,
    "charts": 5,
    "slider": 15,
    "widgets": 20,
    "simulation": "each script's own",
    "lighthouse": 3,
}


# --------------------------------------------------------------------------------------
# Small helpers


def log(message: str) -> None:
    print(message, flush=True)


def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def fmt(value: float, digits: int = 2) -> str:
    return "–" if value != value else f"{value:,.{digits}f}"  # noqa: PLR0124 - NaN check


def spread(values: list[float], digits: int = 2) -> str:
    return "–" if not values else f"{fmt(min(values), digits)} – {fmt(max(values), digits)}"


def table(header: list[str], rows: list[list[str]], align: str | None = None) -> dict:
    return {"header": header, "rows": rows, "align": align or "l" + "r" * (len(header) - 1)}


def section(
    title: str, intro: str, tables: list[dict], notes: list[str] | None = None, extra: str = ""
) -> dict:
    return {"title": title, "intro": intro, "tables": tables, "notes": notes or [], "extra": extra}


def command_output(cmd: list[str], cwd: Path = ROOT) -> str:
    try:
        return subprocess.run(
            cmd, cwd=cwd, capture_output=True, text=True, timeout=30
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def built_pages(site: Path) -> list[str]:
    return sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*.html") if "_static" not in p.parts
    )


def machine_facts() -> dict:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        match = re.search(r"MemTotal:\s+(\d+) kB", meminfo.read_text())
        memory = f"{int(match.group(1)) / 1024**2:.1f} GiB" if match else ""
    lighthouse = BENCH / "node_modules" / "lighthouse" / "package.json"
    dirty = command_output(["git", "status", "--porcelain"])
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": command_output(["nproc"]) or str(os.cpu_count()),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "node": command_output(["node", "--version"]),
        "chromium": command_output([CHROMIUM, "--version"])
        if Path(CHROMIUM).exists()
        else "missing",
        "lighthouse": json.loads(lighthouse.read_text())["version"]
        if lighthouse.is_file()
        else "not installed",
        "commit": command_output(["git", "rev-parse", "--short", "HEAD"]),
        "uncommitted": len(dirty.splitlines()) if dirty else 0,
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


# --------------------------------------------------------------------------------------
# 1. Build


def bench_build(args, state: dict) -> dict:
    import build_times

    runs = args.runs or DEFAULT_RUNS["build"]
    log(
        f"build: {'in the repository' if args.in_place else 'in a scratch copy of the working tree'}"
        f" (clean x{args.clean_runs}, rebuilds x{runs})"
    )
    logs = Path(tempfile.gettempdir()) / "course-bench-build-logs"
    shutil.rmtree(logs, ignore_errors=True)
    results, where, scratch = build_times.measure(
        ROOT,
        runs=runs,
        clean_runs=args.clean_runs,
        cached_runs=args.clean_runs,
        in_place=args.in_place,
        log_dir=logs,
    )
    state["fresh_site"] = where / "_build" / "html"
    state["scratch"] = scratch
    rows = []
    for r in results:
        took = med(r.seconds)
        outcome = "ok" if not r.failure else f"**fails**: {r.failure.replace('|', '/')}"
        rows.append([r.label, fmt(took, 1), str(len(r.seconds)), spread(r.seconds, 1), outcome])
        log(f"  {fmt(took, 1):>6} s  {r.label}  ({outcome})")
    where_text = (
        "in the repository itself (`--in-place`)"
        if args.in_place
        else "in a scratch copy of the working tree (`_build` of the repository untouched)"
    )
    notes = [
        "Command: `.venv/bin/jupyter-book build . --warningiserror --keep-going`, the Makefile's "
        "`book` target, run " + where_text + ".",
        f"The clean build and the rebuild from the execution cache alone were run {args.clean_runs} "
        "time(s) each (`--clean-runs`); the no-op rebuild, the one authors wait for most, "
        f"{runs} times. Most of a clean build is executing the chapters.",
        f"Build logs of the last run: `{logs}`.",
    ]
    literal = results[2]
    if literal.failure:
        notes.append(
            "Deleting `_build/jupyter_execute` but keeping `_build/.doctrees` breaks the next build: "
            "Sphinx sees no changed source, so MyST-NB does not write the executed notebooks again, "
            "and sphinx-book-theme's launch buttons look for them (`FileNotFoundError`). "
            "`make book` only deletes `_build/html`, so it is not affected; `make clean` fixes it."
        )
    return section(
        "Build",
        "Median wall-clock seconds.",
        [table(["build", "median (s)", "runs", "range (s)", "outcome"], rows, "lrrrl")],
        notes,
    )


# --------------------------------------------------------------------------------------
# 2. Chapters as notebooks


def chapter_files() -> list[Path]:
    return sorted((ROOT / "chapters").glob("*.md"))


def bench_chapters(args, state: dict) -> dict:
    import notebooks

    runs = args.runs or DEFAULT_RUNS["chapters"]
    log(f"chapters: each run top to bottom in a fresh kernel, x{runs}")
    results = notebooks.chapter_times(chapter_files(), runs, progress=log)
    rows = []
    for name, chapter_runs in results.items():
        slow = max(chapter_runs, key=lambda r: r.slowest[0]).slowest
        rows.append(
            [
                f"`{name}`",
                fmt(med([r.total for r in chapter_runs])),
                fmt(med([r.cells for r in chapter_runs])),
                spread([r.total for r in chapter_runs]),
                f"{fmt(med([r.slowest[0] for r in chapter_runs]))} (cell {slow[1]}: `{slow[2].replace('|', '/')}`)",
                str(len(chapter_runs)),
            ]
        )
    return section(
        "Chapters run as notebooks",
        "Each chapter read with jupytext and run top to bottom by nbclient in a fresh Python "
        "kernel started in `chapters/`, as a reader on Binder does with *Run All*. Median seconds.",
        [
            table(
                [
                    "chapter",
                    "kernel start + all cells (s)",
                    "all cells (s)",
                    "range (s)",
                    "slowest cell (s)",
                    "runs",
                ],
                rows,
                "lrrrlr",
            )
        ],
    )


# --------------------------------------------------------------------------------------
# 3-4. Browser: charts drawn, slider response


def bench_charts(args, state: dict) -> dict:
    import browser

    runs = args.runs or DEFAULT_RUNS["charts"]
    site = state["site"]
    pages = [
        p for p in built_pages(site) if 'id="pl-chart-' in (site / p).read_text(encoding="utf-8")
    ]
    log(f"charts: {len(pages)} pages with charts, x{runs} visits each")
    results = browser.chart_times(state["base"], pages, runs, progress=log)
    rows = []
    for path, visits in results.items():
        drawn = [v.drawn for v in visits]
        rows.append(
            [
                f"`{path}`",
                str(visits[0].charts),
                fmt(med([v.dom_content_loaded for v in visits]), 0),
                fmt(med([v.load for v in visits]), 0),
                fmt(med(drawn), 0),
                spread(drawn, 0),
                str(len(visits)),
            ]
        )
    return section(
        "Charts drawn after page load",
        "Milliseconds from the start of navigation (`performance.now()` in the page) until "
        'every Altair chart (`div[id^="pl-chart-"]`) holds its SVG; each visit in a fresh '
        "browser context (empty cache), viewport 1280x900. DOMContentLoaded and load for comparison.",
        [
            table(
                [
                    "page",
                    "charts",
                    "DOMContentLoaded (ms)",
                    "load (ms)",
                    "all charts drawn (ms)",
                    "range (ms)",
                    "visits",
                ],
                rows,
            )
        ],
        [state["site_note"]],
    )


def bench_slider(args, state: dict) -> dict:
    import browser

    presses = args.runs or DEFAULT_RUNS["slider"]
    site = state["site"]
    page = (
        CHAPTER_0
        if (site / CHAPTER_0).is_file()
        else next(
            p
            for p in built_pages(site)
            if 'input": "range"' in (site / p).read_text(encoding="utf-8")
        )
    )
    log(f"slider: {page}, ArrowRight x{presses}")
    result = browser.slider_times(state["base"], page, presses, progress=log)
    rows = [
        [
            "keydown → chart's SVG changed",
            fmt(med(result.redraw), 1),
            spread(result.redraw, 1),
            fmt(result.redraw[0], 1) if result.redraw else "–",
            str(len(result.redraw)),
        ],
        [
            "keydown → next animation frame after the change",
            fmt(med(result.frame), 1),
            spread(result.frame, 1),
            fmt(result.frame[0], 1) if result.frame else "–",
            str(len(result.frame)),
        ],
    ]
    return section(
        "Slider to redraw (static page, no kernel)",
        f"`{page}`, the first chart with a slider ({result.label!r}): the slider is focused and "
        "ArrowRight pressed; a MutationObserver in the page notes when the chart's SVG changes "
        "(`performance.now()` from the keydown). At the right end the slider is sent back with "
        "Home, untimed.",
        [table(["measurement", "median (ms)", "range (ms)", "first press (ms)", "presses"], rows)],
        [state["site_note"]],
    )


# --------------------------------------------------------------------------------------
# 5. Live widgets in a kernel


def bench_widgets(args, state: dict) -> dict:
    import notebooks

    runs = args.runs or DEFAULT_RUNS["widgets"]
    chapters = [p for p in chapter_files() if "slider_dashboard(" in p.read_text(encoding="utf-8")]
    log(f"widgets: {len(chapters)} chapters with a live dashboard, x{runs} changes each")
    rows = []
    for chapter in chapters:
        r = notebooks.widget_times(chapter, runs, progress=log)
        ms = lambda xs: [x * 1000 for x in xs]  # noqa: E731
        for label, values in (
            ("in the kernel: `slider.value = x` until `update()` has redrawn", ms(r.in_kernel)),
            (
                "JupyterLab's way: comm `update` message sent → chart `display_data` received",
                ms(r.round_trip_chart),
            ),
            ("… → kernel idle again", ms(r.round_trip_idle)),
        ):
            rows.append(
                [
                    f"`{chapter.name}` ({r.slider})",
                    label,
                    fmt(med(values), 1),
                    spread(values, 1),
                    str(len(values)),
                ]
            )
    return section(
        "Live ipywidgets dashboard (kernel)",
        "Each chapter with a `policing_lab.widgets.slider_dashboard` is run in a real kernel; then "
        "its first slider is moved one step at a time. Milliseconds. The browser's drawing of "
        "the returned chart in JupyterLab is not included (see the slider benchmark for vega's "
        "redraw time).",
        [
            table(
                ["dashboard", "measurement", "median (ms)", "range (ms)", "changes"], rows, "llrrr"
            )
        ],
    )


# --------------------------------------------------------------------------------------
# 6. Simulation (benchmarks/bench_simulation.py, maintained separately)

#: Each bench_*.py script writes its table to the file this variable names (default: its
#: own file in benchmarks/results/); run.py points it at a scratch file.
RESULTS_ENV = "POLICING_LAB_BENCH_RESULTS"


def parse_markdown_tables(text: str) -> list[dict]:
    tables, current = [], None
    for line in text.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if current is None:
                current = {"header": cells, "rows": [], "align": "l" * len(cells)}
            elif all(re.fullmatch(r":?-+:?", c) for c in cells):
                current["align"] = "".join("r" if c.endswith(":") else "l" for c in cells)
            else:
                current["rows"].append(cells)
        elif current is not None:
            tables.append(current)
            current = None
    if current is not None:
        tables.append(current)
    return tables


def simulation_scripts() -> list[Path]:
    """benchmarks/bench_*.py: the speed scripts of the simulation modules, each run on its own too."""
    return sorted(BENCH.glob("bench_*.py"))


def bench_simulation(args, state: dict) -> dict:
    scripts = simulation_scripts()
    if not scripts:
        return section("Simulation speed", "No `benchmarks/bench_*.py` script yet: skipped.", [])
    tables, failures, commands = [], [], []
    for script in scripts:
        source = script.read_text(encoding="utf-8")
        if RESULTS_ENV not in source:
            failures.append(f"`{script.name}`: skipped (it does not honour {RESULTS_ENV})")
            continue
        flags = ["--repeats", str(args.runs)] if args.runs else []
        if "--no-baseline" in source and not args.simulation_baseline:
            flags.append("--no-baseline")
        command = " ".join([f"benchmarks/{script.name}", *flags])
        commands.append(f"`{command}`")
        log(f"simulation: {command}")
        with tempfile.TemporaryDirectory(prefix="bench-sim-") as tmp:
            out = Path(tmp) / "results.md"
            proc = subprocess.run(
                [sys.executable, str(script), *flags],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=600,
                env={**os.environ, RESULTS_ENV: str(out)},
            )
            for line in proc.stdout.splitlines():
                if not line.startswith("wrote "):
                    log("  " + line)
            if proc.returncode != 0 or not out.is_file():
                error = (proc.stderr.strip().splitlines() or ["no output"])[-1]
                failures.append(f"`{script.name}` failed: `{error[:300]}`")
                continue
            text = out.read_text(encoding="utf-8")
        runs_line = next((ln for ln in text.splitlines() if ln.startswith("Written by")), "")
        for t in parse_markdown_tables(text):
            rendered = table(t["header"], t["rows"], t["align"])
            rendered["caption"] = f"`{script.name}`" + (
                f": {runs_line.split(':', 1)[1].strip()}" if ":" in runs_line else ""
            )
            tables.append(rendered)
    baseline = (
        ""
        if args.simulation_baseline
        else (
            " Slow comparisons with naive implementations that a script can skip (`--no-baseline`) "
            "are skipped; `--simulation-baseline` includes them."
        )
    )
    return section(
        "Simulation speed",
        "The speed scripts of the simulation modules, `benchmarks/bench_*.py` (maintained with "
        "those modules; each also runs on its own and writes its own file in `results/`, which is "
        "not rewritten here), run as "
        + ", ".join(commands)
        + ". Their rows, unchanged."
        + baseline,
        tables,
        failures,
    )


# --------------------------------------------------------------------------------------
# 7. Lighthouse


def ensure_lighthouse() -> None:
    manifest = BENCH / "node_modules" / "lighthouse" / "package.json"
    if manifest.is_file() and json.loads(manifest.read_text())["version"] == LIGHTHOUSE_VERSION:
        return
    log("lighthouse: installing the pinned version into benchmarks/node_modules (npm ci)")
    subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=BENCH,
        check=True,
        timeout=600,
    )


def bench_lighthouse(args, state: dict) -> dict:
    runs = args.runs or DEFAULT_RUNS["lighthouse"]
    ensure_lighthouse()
    pages = built_pages(state["site"])
    if args.pages:
        wanted = set(args.pages.split(","))
        pages = [p for p in pages if p in wanted]
    log(f"lighthouse {LIGHTHOUSE_VERSION}: {len(pages)} pages, x{runs} each (desktop preset)")
    with tempfile.TemporaryDirectory(prefix="bench-lh-") as tmp:
        out = Path(tmp) / "lighthouse.json"
        subprocess.run(
            [
                "node",
                str(BENCH / "lighthouse.mjs"),
                "--runs",
                str(runs),
                "--out",
                str(out),
                *([] if args.lighthouse_all_runs else ["--stop-when-settled"]),
                *[f"{state['base']}/{p}" for p in pages],
            ],
            cwd=BENCH,
            check=True,
            timeout=120 * runs * len(pages) + 120,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
        )
        runs_data = json.loads(out.read_text())
    by_page: dict[str, list[dict]] = {}
    for r in runs_data:
        by_page.setdefault(r["url"].removeprefix(state["base"] + "/"), []).append(r)

    goal = {"performance": 90, "accessibility": 100, "best-practices": 100}
    rows, below = [], []
    for page, page_runs in by_page.items():
        score = {
            c: med([100 * r["scores"][c] for r in page_runs if r["scores"][c] is not None])
            for c in goal
        }
        metric = lambda k: med([r["metrics"][k] for r in page_runs if r["metrics"][k] is not None])  # noqa: E731
        met = all(score[c] >= goal[c] for c in goal)
        rows.append(
            [
                f"`{page}`",
                fmt(score["performance"], 0),
                fmt(score["accessibility"], 0),
                fmt(score["best-practices"], 0),
                fmt(metric("first-contentful-paint") / 1000, 2),
                fmt(metric("largest-contentful-paint") / 1000, 2),
                fmt(metric("total-blocking-time"), 0),
                fmt(metric("cumulative-layout-shift"), 3),
                fmt(metric("speed-index") / 1000, 2),
                str(len(page_runs)),
                "yes" if met else "**no**",
            ]
        )
        for category in goal:
            if score[category] >= goal[category]:
                continue
            lost: dict[str, list[dict]] = {}
            for r in page_runs:
                for audit in r["lost"]:
                    if audit["category"] == category:
                        lost.setdefault(audit["id"], []).append(audit)
            common = {k: v for k, v in lost.items() if len(v) * 2 >= len(page_runs)}
            below.append((page, category, score[category], common, len(page_runs)))
    summary = table(
        [
            "page",
            "performance",
            "accessibility",
            "best practices",
            "FCP (s)",
            "LCP (s)",
            "TBT (ms)",
            "CLS",
            "Speed Index (s)",
            "runs",
            "goal met",
        ],
        rows,
    )

    extra = ""
    if below:
        lines = [
            "### Below goal: the audits that lost points",
            "",
            "Audits that lost points in at least half of the runs of the page. "
            "Metric audits (first/largest contentful paint, total blocking time, speed index) "
            "are the ones that make up the performance score; the others are Lighthouse's "
            "suggestions for improving them (weight 0). Audits marked *host* depend on the web "
            "server, not on the pages.",
            "",
        ]
        for page, category, value, common, n in below:
            lines.append(f"**`{page}`: {category} {fmt(value, 0)}** (goal {goal[category]})")
            lines.append("")
            lines.append("| audit id | title | score | value | in runs | where |")
            lines.append("|---|---|---:|---|---:|---|")
            order = sorted(
                common.items(),
                key=lambda kv: (-max(a["weight"] for a in kv[1]), med([a["score"] for a in kv[1]])),
            )
            for audit_id, audits in order:
                first = audits[0]
                where = "; ".join(
                    f"`{w.replace(state['base'], '')}`" for w in first["items"][:3]
                ).replace("|", "/")
                host = f" (*host*: {HOST_AUDITS[audit_id]})" if audit_id in HOST_AUDITS else ""
                weight = f" (weight {first['weight']})" if first["weight"] else ""
                lines.append(
                    f"| `{audit_id}` | {first['title'].replace('|', '/')}{weight}{host} | "
                    f"{fmt(med([a['score'] for a in audits]), 2)} | {first['display'].replace(chr(160), ' ')} | "
                    f"{len(audits)}/{n} | {where} |"
                )
            lines.append("")
        extra = "\n".join(lines)
    return section(
        f"Lighthouse {LIGHTHOUSE_VERSION}",
        "Desktop preset (`--preset=desktop`: simulated fast connection, no CPU slow-down), "
        "categories performance, accessibility and best practices; scores 0-100, medians of the "
        "runs (each run a fresh Chromium). Goal: accessibility 100, best practices 100, "
        "performance ≥ 90. Metrics are Lighthouse's simulated values, medians. "
        + (
            ""
            if args.lighthouse_all_runs
            else f"Of the {runs} runs planned per page, the last ones are skipped once they could no longer "
            "change the median of any score (two identical runs out of three): the *runs* column "
            "says how many were made (`--lighthouse-all-runs` makes them all)."
        ),
        [summary],
        [state["site_note"]],
        extra,
    )


# --------------------------------------------------------------------------------------
# The site the browser benchmarks measure


def prepare_site(state: dict, compress: bool) -> None:
    fresh = state.get("fresh_site")
    repo_site = ROOT / "_build" / "html"
    if fresh and (fresh / "index.html").is_file():
        source, note = (
            fresh,
            "the site this run's build benchmark had just built from the working tree",
        )
    elif (repo_site / "index.html").is_file():
        built = datetime.fromtimestamp((repo_site / "index.html").stat().st_mtime, UTC)
        source, note = (
            repo_site,
            f"the repository's `_build/html` (built {built:%Y-%m-%d %H:%M UTC})",
        )
    else:
        log("site: _build/html is missing; building it as `make book` does")
        subprocess.run(
            [
                str(ROOT / ".venv" / "bin" / "jupyter-book"),
                "build",
                ".",
                "--warningiserror",
                "--keep-going",
            ],
            cwd=ROOT,
            check=True,
            timeout=900,
        )
        source, note = repo_site, "the repository's `_build/html`, built by this run"
    # A private copy, so a `make book` started meanwhile cannot pull pages from under us.
    snapshot = Path(tempfile.mkdtemp(prefix="bench-site-")) / "html"
    shutil.copytree(source, snapshot)
    state["site"] = snapshot
    state["site_tmp"] = snapshot.parent
    how = "gzip-compressed like common static hosts" if compress else "uncompressed (`--no-gzip`)"
    state["site_note"] = (
        f"Site measured: {note}, served on 127.0.0.1 by a threaded `http.server`, {how}."
    )


# --------------------------------------------------------------------------------------
# Report


def render_table(t: dict) -> list[str]:
    align = {"l": "---", "r": "---:", "c": ":---:"}
    lines = [
        "| " + " | ".join(t["header"]) + " |",
        "|" + "|".join(align[a] for a in t["align"].ljust(len(t["header"]), "l")) + "|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in t["rows"]]
    return lines


def render(results: dict, facts: dict, run_info: dict) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Measurements, not tests: written by `make bench` (`benchmarks/run.py`). "
        "Every time is a median; the number of runs is in each table. See `benchmarks/README.md`.",
        "",
        f"- date: {facts['date']} (this run took {run_info['minutes']:.1f} min; ran: "
        f"{', '.join(run_info['ran']) or 'nothing'})",
        f"- machine: {facts['nproc']} CPUs (`nproc`), {facts['cpu']}, {facts['memory']} RAM, {facts['os']}; "
        f"load average at start {facts['load']}",
        f"- software: Python {facts['python']}, Node {facts['node']}, {facts['chromium']}, "
        f"Lighthouse {facts['lighthouse']}",
        f"- source: commit {facts['commit']}"
        + (
            f" plus {facts['uncommitted']} uncommitted change(s) in the working tree"
            if facts["uncommitted"]
            else ""
        ),
        "",
    ]
    for number, name in enumerate(BENCHMARKS, 1):
        entry = results.get(name)
        if not entry:
            continue
        s = entry["section"]
        lines += [f"## {number}. {s['title']}", ""]
        if entry["measured_at"] != facts["date"]:
            lines += [
                f"*Not re-run this time: measured {entry['measured_at']}"
                f" (commit {entry.get('commit', '?')}).*",
                "",
            ]
        lines += [s["intro"], ""]
        for t in s["tables"]:
            if t.get("caption"):
                lines += [f"**{t['caption']}**", ""]
            lines += render_table(t) + [""]
        for note in s["notes"]:
            lines += [f"- {note}"]
        if s["notes"]:
            lines.append("")
        if s["extra"]:
            lines += [s["extra"], ""]
    return "\n".join(lines).rstrip() + "\n"


RUNNERS: dict[str, Callable] = {
    "build": bench_build,
    "chapters": bench_chapters,
    "charts": bench_charts,
    "slider": bench_slider,
    "widgets": bench_widgets,
    "simulation": bench_simulation,
    "lighthouse": bench_lighthouse,
}
NEEDS_SITE = {"charts", "slider", "lighthouse"}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmarks of the course (measurements, not tests).",
        epilog="Benchmarks: " + ", ".join(BENCHMARKS),
    )
    names = lambda text: [n.strip() for n in text.split(",") if n.strip()]  # noqa: E731
    parser.add_argument(
        "--only", type=names, default=None, help="comma-separated benchmarks to run"
    )
    parser.add_argument(
        "--skip", type=names, default=[], help="comma-separated benchmarks to leave out"
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=None,
        help="runs of every measurement instead of the defaults "
        + ", ".join(f"{k} {v}" for k, v in DEFAULT_RUNS.items()),
    )
    parser.add_argument(
        "--clean-runs",
        type=int,
        default=1,
        help="clean builds, and rebuilds from the execution cache alone, to time (default 1)",
    )
    parser.add_argument(
        "--in-place",
        action="store_true",
        help="time the builds in the repository (deletes and rebuilds _build) "
        "instead of a scratch copy",
    )
    parser.add_argument(
        "--pages", default=None, help="comma-separated pages for Lighthouse, e.g. index.html"
    )
    parser.add_argument("--no-gzip", action="store_true", help="serve the site uncompressed")
    parser.add_argument(
        "--lighthouse-all-runs",
        action="store_true",
        help="make every Lighthouse run even when the median scores are settled",
    )
    parser.add_argument(
        "--simulation-baseline",
        action="store_true",
        help="include the slow naive-implementation comparisons of bench_*.py (+30 s)",
    )
    args = parser.parse_args(argv)
    for name in (args.only or []) + args.skip:
        if name not in BENCHMARKS:
            parser.error(f"unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}")
    if args.runs is not None and args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.clean_runs < 1:
        parser.error("--clean-runs must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    chosen = [n for n in BENCHMARKS if (args.only is None or n in args.only) and n not in args.skip]
    started = time.perf_counter()
    facts = machine_facts()
    log(f"benchmarks: {', '.join(chosen)}  ({facts['nproc']} CPUs, load {facts['load']})")
    previous = json.loads(LATEST_JSON.read_text()) if LATEST_JSON.is_file() else {}
    results = {k: v for k, v in previous.get("results", {}).items() if k in BENCHMARKS}
    state: dict = {}
    ran, failed = [], []
    server = None
    try:
        for name in chosen:
            t0 = time.perf_counter()
            try:
                if name in NEEDS_SITE and "base" not in state:
                    import serve

                    prepare_site(state, compress=not args.no_gzip)
                    server = serve.serve(state["site"], compress=not args.no_gzip)
                    state["base"] = server.__enter__()
                sec = RUNNERS[name](args, state)
            except Exception as error:  # noqa: BLE001 - one broken benchmark must not hide the rest
                log(f"{name}: FAILED: {type(error).__name__}: {error}")
                sec = section(name, f"**Failed**: `{type(error).__name__}: {str(error)[:300]}`", [])
                failed.append(name)
            results[name] = {
                "measured_at": facts["date"],
                "commit": facts["commit"],
                "section": sec,
                "seconds": round(time.perf_counter() - t0, 1),
            }
            ran.append(name)
            log(f"{name}: {time.perf_counter() - t0:.0f} s")
    finally:
        if server is not None:
            server.__exit__(None, None, None)
        for key in ("site_tmp", "scratch"):
            if state.get(key):
                shutil.rmtree(state[key], ignore_errors=True)

    run_info = {"minutes": (time.perf_counter() - started) / 60, "ran": ran}
    text = render(results, facts, run_info)
    RESULTS.mkdir(parents=True, exist_ok=True)
    for path, content in (
        (LATEST_MD, text),
        (
            LATEST_JSON,
            json.dumps({"facts": facts, "results": results}, indent=1, ensure_ascii=False) + "\n",
        ),
    ):
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(content, encoding="utf-8")
        tmp.replace(path)
    print()
    print(text)
    log(f"wrote {LATEST_MD.relative_to(ROOT)} in {run_info['minutes']:.1f} min")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
