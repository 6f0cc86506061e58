"""Benchmarks of the course website and notebooks: `make bench` runs this file.

These are measurements, not tests: nothing here fails because a number is high. Each
benchmark is a function that returns rows (lists of dicts, units in the keys); this file
runs the chosen ones, stores their rows in ``benchmarks/results/latest.json`` and has
``report.py`` render ``latest.md`` from that file. Run a subset with ``--only``; sections
not run keep their last rows, marked with the time they were measured.

    .venv/bin/python benchmarks/run.py                       # everything (about 10 minutes)
    .venv/bin/python benchmarks/run.py --only lighthouse,charts --runs 1

Benchmarks (names for --only/--skip): build, chapters, charts, slider, widgets,
simulation, import, weight, lighthouse (desktop), lighthouse-mobile. See
benchmarks/README.md for what each one measures.

    .venv/bin/python benchmarks/run.py --only import,weight,lighthouse-mobile   # the phone
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import browser  # benchmarks/browser.py: the shared Chromium set-up and the served site
import glance  # benchmarks/glance.py: the targets of issue #11 side by side
import reference  # benchmarks/reference.py: targets, and the stock Jupyter Book figures
import report  # benchmarks/report.py: the renderer

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CHAPTER_0 = "chapters/00_how_to_use.html"
SCRIPTS = ("bench_simulation.py", "bench_screening.py", "bench_feedback.py")


@dataclass
class Context:
    """What one benchmark hands to the next: the options, the site, clean-up to do."""

    args: argparse.Namespace
    stack: contextlib.ExitStack
    fresh_site: Path | None = None  # built by this run's build benchmark
    site: browser.Site | None = None

    def served(self) -> browser.Site:
        if self.site is None:
            self.site = self.stack.enter_context(
                browser.served_site(ROOT, self.fresh_site, compress=not self.args.no_gzip)
            )
        return self.site


@dataclass
class Measured:
    tables: list[dict[str, Any]]  # {"caption": str | None, "rows": [...]}
    notes: list[str] = field(default_factory=list)


def table(rows: list[dict[str, Any]], caption: str | None = None) -> dict[str, Any]:
    return {"caption": caption, "rows": rows}


def log(message: str) -> None:
    print(message, flush=True)


def chapter_files() -> list[Path]:
    return sorted((ROOT / "chapters").glob("*.md"))


# --------------------------------------------------------------------------------------
# The benchmarks. Each calls one function that returns rows.


def bench_build(ctx: Context) -> Measured:
    import build_times

    args = ctx.args
    runs = args.runs or DEFAULT_RUNS["build"]
    if args.in_place:
        where, place = ROOT, "in the repository itself (`--in-place`)"
    else:
        where = build_times.scratch_copy(ROOT)
        ctx.stack.callback(shutil.rmtree, where, ignore_errors=True)
        place = "in a scratch copy of the working tree (`_build` of the repository untouched)"
    log(f"build: {place} (clean x{args.clean_runs}, rebuilds x{runs})")
    logs = Path(tempfile.gettempdir()) / "course-bench-build-logs"
    shutil.rmtree(logs, ignore_errors=True)
    rows = build_times.rows(
        where,
        ROOT / ".venv" / "bin" / "jupyter-book",
        runs=runs,
        clean_runs=args.clean_runs,
        cached_runs=args.clean_runs,
        log_dir=logs,
    )
    for row in rows:
        log(f"  {report.format_cell(row['median (s)'])} s  {row['build']}  ({row['outcome']})")
    ctx.fresh_site = where / "_build" / "html"
    notes = [
        f"Run {place}. The clean build and the rebuild from the execution cache alone were "
        f"made {args.clean_runs} time(s) each (`--clean-runs`); the no-op rebuild, the one "
        f"authors wait for most, {runs} times. Most of a clean build is executing the "
        "chapters.",
        f"Build logs of the last run: `{logs}`.",
    ]
    if rows[2]["outcome"] != "ok":
        notes.append(build_times.EXPECTED_FAILURE)
    return Measured([table(rows)], notes)


def bench_chapters(ctx: Context) -> Measured:
    import notebooks

    runs = ctx.args.runs or DEFAULT_RUNS["chapters"]
    log(f"chapters: each run top to bottom in a fresh kernel, x{runs}")
    return Measured([table(notebooks.chapter_rows(chapter_files(), runs, progress=log))])


def bench_charts(ctx: Context) -> Measured:
    import page_speed

    site = ctx.served()
    visits = ctx.args.runs or DEFAULT_RUNS["charts"]
    pages = page_speed.pages_with_charts(site.root)
    log(f"charts: {len(pages)} pages with charts, x{visits} visits each")
    rows = page_speed.chart_rows(site.base, pages, visits, progress=log)
    return Measured([table(rows)], [site.note])


def bench_slider(ctx: Context) -> Measured:
    import page_speed

    site = ctx.served()
    presses = ctx.args.runs or DEFAULT_RUNS["slider"]
    page = page_speed.first_page_with_a_slider(site.root, CHAPTER_0)
    log(f"slider: {page}, ArrowRight x{presses}")
    rows = page_speed.slider_rows(site.base, page, presses, progress=log)
    return Measured([table(rows)], [site.note])


def bench_widgets(ctx: Context) -> Measured:
    import notebooks

    runs = ctx.args.runs or DEFAULT_RUNS["widgets"]
    # Every chapter is run: its figures come from builders, so only the running kernel
    # knows which of them carry a live dashboard (widget_times returns None otherwise).
    chapters = chapter_files()
    log(f"widgets: {len(chapters)} chapters, looking for live dashboards, x{runs} changes")
    rows = notebooks.widget_rows(chapters, runs, progress=log)
    return Measured([table(rows)])


def bench_simulation(ctx: Context) -> Measured:
    """Each bench_*.py in a fresh interpreter; it writes its rows as JSON (--json)."""
    args = ctx.args
    tables, notes, commands = [], [], []
    for script in SCRIPTS:
        flags = ["--repeats", str(args.runs)] if args.runs else []
        if not args.simulation_baseline:
            flags.append("--no-baseline")
        commands.append(f"`{' '.join([script, *flags])}`")
        log(f"simulation: {script} {' '.join(flags)}")
        with tempfile.TemporaryDirectory(prefix="bench-sim-") as tmp:
            out = Path(tmp) / "rows.json"
            proc = subprocess.run(
                [sys.executable, str(BENCH / script), *flags, "--json", str(out)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=600,
            )
            for line in proc.stdout.splitlines():
                log("  " + line)
            if proc.returncode != 0 or not out.is_file():
                error = (proc.stderr.strip().splitlines() or ["no output"])[-1]
                notes.append(f"`{script}` failed: `{error[:300]}`")
                continue
            result = json.loads(out.read_text(encoding="utf-8"))
        tables.append(table(result["rows"], result["title"]))
        notes += result["notes"]
    notes.insert(0, "Run as " + ", ".join(commands) + ".")
    return Measured(tables, notes)


def bench_import(ctx: Context) -> Measured:
    import import_time

    runs = ctx.args.runs or DEFAULT_RUNS["import"]
    python = str(ROOT / ".venv" / "bin" / "python")
    log(f"import: `import policing_lab` in {runs} fresh interpreters")
    rows = import_time.import_rows(ROOT, runs, python, progress=log)
    heaviest = import_time.heaviest_imports(ROOT, python)
    return Measured(
        [
            table(rows),
            table(
                heaviest,
                "Where `import policing_lab` spends its time (one run of `python -X importtime`;"
                " cumulative, so a package includes what it imports)",
            ),
        ],
        [
            f"Interpreter: `{python}`, started in the repository. The target, from issue #11, "
            f"is a median under {reference.IMPORT_TARGET_S:g} s.",
        ],
    )


def bench_weight(ctx: Context) -> Measured:
    import page_weight

    site = ctx.served()
    pages = browser.built_pages(site.root)
    log(f"weight: {len(pages)} pages, bytes sent per page")
    rows = page_weight.weight_rows(site.base, pages, progress=log)
    return Measured(
        [
            table(page_weight.summary_rows(rows), "Summary, with the targets of issue #11"),
            table(rows, "Every page"),
        ],
        [
            site.note,
            "Chapter pages are the pages under `chapters/`; every other page counts as "
            f"text-only. Targets: a chapter page ≤ {reference.CHAPTER_TARGET / 1e3:.0f} kB, a "
            f"text-only page ≤ {reference.TEXT_PAGE_TARGET / 1e3:.0f} kB (the site test fails "
            "a chapter page above 600 kB).",
            f"Stock Jupyter Book: {reference.STOCK_PAGE_GZIP / 1e6:.2f} MB gzip per page, from "
            f"the {reference.STOCK_SOURCE}.",
        ],
    )


def _lighthouse(ctx: Context, preset: str, name: str) -> Measured:
    import lighthouse

    args = ctx.args
    site = ctx.served()
    runs = args.runs or DEFAULT_RUNS[name]
    pages = browser.built_pages(site.root)
    if args.pages:
        wanted = set(args.pages.split(","))
        pages = [p for p in pages if p in wanted]
    log(f"lighthouse {lighthouse.VERSION}: {len(pages)} pages, x{runs} each ({preset} preset)")
    summaries = lighthouse.lighthouse_runs(
        site.base, pages, runs, args.lighthouse_all_runs, preset=preset
    )
    tables = [table(lighthouse.score_rows(site.base, summaries, preset))]
    lost = lighthouse.lost_points_rows(site.base, summaries, preset)
    if lost:
        tables.append(
            table(
                lost,
                "Below goal: the audits that lost points in at least half of the page's runs "
                "(host: depends on the web server, not on the pages)",
            )
        )
    notes = [site.note]
    if preset == "mobile":
        notes.append(
            "Stock Jupyter Book: Lighthouse mobile performance "
            f"{reference.stock_mobile_text()}, from the {reference.STOCK_SOURCE}."
        )
    if not args.lighthouse_all_runs:
        notes.append(
            f"Of the {runs} runs planned per page, the last ones are skipped once they could "
            "no longer change the median of any score (two identical runs out of three): "
            "*runs* says how many were made (`--lighthouse-all-runs` makes them all)."
        )
    return Measured(tables, notes)


def bench_lighthouse(ctx: Context) -> Measured:
    return _lighthouse(ctx, "desktop", "lighthouse")


def bench_lighthouse_mobile(ctx: Context) -> Measured:
    return _lighthouse(ctx, "mobile", "lighthouse-mobile")


@dataclass(frozen=True)
class Benchmark:
    title: str
    about: str
    default_runs: int | str
    measure: Callable[[Context], Measured]


BENCHMARKS: dict[str, Benchmark] = {
    "build": Benchmark(
        "Build",
        "Wall-clock seconds of the Makefile's `book` command, `.venv/bin/jupyter-book build . "
        "--warningiserror --keep-going`, after four kinds of clean-up.",
        3,
        bench_build,
    ),
    "chapters": Benchmark(
        "Chapters run as notebooks",
        "Each chapter read with jupytext and run top to bottom by jupyter_client in a fresh Python "
        "kernel started in `chapters/`, as a reader on Binder does with *Run All*. Seconds.",
        3,
        bench_chapters,
    ),
    "charts": Benchmark(
        "Charts drawn after page load",
        "Milliseconds from the start of navigation (`performance.now()` in the page) until "
        "every chart (`div.pl-chart`) holds its SVG; each visit in a fresh browser context "
        "(empty cache), viewport 1280x900. Since charts are drawn at build time, this is when "
        "the HTML holding them has been parsed. DOMContentLoaded and load for comparison.",
        5,
        bench_charts,
    ),
    "slider": Benchmark(
        "Slider to redraw (static page, no kernel)",
        "The first chart with a slider: the slider is focused and ArrowRight pressed; a "
        "MutationObserver in the page notes when the chart's SVG changes "
        "(`performance.now()` from the keydown). At the right end the slider is sent back "
        "with Home, untimed. Milliseconds.",
        15,
        bench_slider,
    ),
    "widgets": Benchmark(
        "Live ipywidgets dashboard (kernel)",
        "Each chapter with a live dashboard (`policing_lab.widgets`) is run in a real kernel; "
        "then its first slider is moved one step at a time. Milliseconds. The browser's "
        "drawing of the returned chart in JupyterLab is not included (see the slider "
        "benchmark for vega's redraw time).",
        20,
        bench_widgets,
    ),
    "simulation": Benchmark(
        "Simulation speed",
        "The speed scripts of the package's modules, `benchmarks/bench_*.py`, each in a fresh "
        "interpreter. Slow comparisons with naive implementations (`--no-baseline` in a "
        "script) are left out unless `--simulation-baseline` is given.",
        "each script's own",
        bench_simulation,
    ),
    "import": Benchmark(
        "`import policing_lab`",
        "Seconds from `import policing_lab` to its end, timed inside fresh interpreters "
        "(`.venv/bin/python -c ...`, nothing imported before), and the same followed by "
        "`pl.charts.enable()`, as the first cell of every chapter does. Medians.",
        5,
        bench_import,
    ),
    "weight": Benchmark(
        "Page weight",
        "For every built page: the kilobytes (1 kB = 1,000 bytes) a gzip-compressing static "
        "host sends, document, scripts, styles, fonts, images and data, measured in the "
        "browser (Resource Timing `encodedBodySize` of every response, HTTP headers not "
        "counted) after one visit in a fresh context, scrolled to the bottom so that lazy "
        "images load too.",
        1,
        bench_weight,
    ),
    "lighthouse": Benchmark(
        "Lighthouse 12.2.3, desktop",
        "Desktop preset (simulated fast connection, no CPU slow-down), categories "
        "performance, accessibility, best practices and SEO; scores 0-100, medians of the "
        "runs (each run a fresh Chromium). Goal: performance ≥ 98, the others 100. Metrics "
        "are Lighthouse's simulated values, medians.",
        3,
        bench_lighthouse,
    ),
    "lighthouse-mobile": Benchmark(
        "Lighthouse 12.2.3, mobile",
        "Mobile preset, Lighthouse's default (a mid-range phone on a slow 4G connection, CPU "
        "slowed 4x, all simulated), same pages and categories as the desktop run. Goal: "
        "performance ≥ 90, the others 100. Next to it, the stock Jupyter Book trial's "
        "mobile performance.",
        3,
        bench_lighthouse_mobile,
    ),
}
DEFAULT_RUNS = {name: b.default_runs for name, b in BENCHMARKS.items()}


# --------------------------------------------------------------------------------------
# The machine, the command line, the run


def command_output(cmd: list[str], cwd: Path = ROOT) -> str:
    try:
        return subprocess.run(
            cmd, cwd=cwd, capture_output=True, text=True, timeout=30
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def lighthouse_version() -> str:
    """The version of the Lighthouse in benchmarks/node_modules, or "not installed"."""
    package = BENCH / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text())["version"] if package.is_file() else "not installed"


def machine_facts() -> dict[str, Any]:
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
    # uncommitted changes to the measured tree (the results files themselves do not count)
    dirty = command_output(["git", "status", "--porcelain", "--", ".", ":!benchmarks/results"])
    chromium = Path(browser.CHROMIUM)
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": command_output(["nproc"]) or str(os.cpu_count()),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "node": command_output(["node", "--version"]),
        "chromium": command_output([str(chromium), "--version"])
        if chromium.exists()
        else "missing",
        "lighthouse": lighthouse_version(),
        "commit": command_output(["git", "rev-parse", "--short", "HEAD"]),
        "uncommitted": len(dirty.splitlines()) if dirty else 0,
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


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
        help="include the slow naive-implementation comparisons of bench_*.py",
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
    previous = report.load() or {"results": {}}
    sections: dict[str, dict[str, Any]] = dict(previous["results"])
    failed = []
    with contextlib.ExitStack() as stack:
        ctx = Context(args, stack)
        for name in chosen:
            bench, t0 = BENCHMARKS[name], time.perf_counter()
            try:
                measured, error = bench.measure(ctx), None
            except Exception as exc:  # noqa: BLE001 - one broken benchmark must not hide the rest
                log(f"{name}: FAILED: {type(exc).__name__}: {exc}")
                measured, error = Measured([]), f"{type(exc).__name__}: {str(exc)[:300]}"
                failed.append(name)
            sections[name] = {
                "title": bench.title,
                "about": bench.about,
                "measured_at": facts["date"],
                "commit": facts["commit"],
                "seconds": round(time.perf_counter() - t0, 1),
                "tables": measured.tables,
                "notes": measured.notes,
                "error": error,
            }
            log(f"{name}: {time.perf_counter() - t0:.0f} s")
    results = {name: sections[name] for name in BENCHMARKS if name in sections}
    # The Lighthouse benchmarks install Lighthouse on their first run, after the facts
    # were taken: ask again, so the report names the version that ran.
    facts["lighthouse"] = lighthouse_version()
    latest = {
        "format": report.FORMAT,
        "facts": facts,
        "run": {"minutes": round((time.perf_counter() - started) / 60, 2), "ran": chosen},
        "glance": glance.glance(results),
        "results": results,
    }
    text = report.write(latest)
    print()
    print(text)
    log(f"wrote {report.LATEST_MD.relative_to(ROOT)} in {latest['run']['minutes']:.1f} min")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
