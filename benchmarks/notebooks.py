"""Chapters run as notebooks, and the live ipywidgets dashboards, in real Python kernels.

* :func:`chapter_rows` runs each chapter top to bottom in a fresh kernel, the way a reader
  on Binder does: jupytext reads the MyST ``.md`` as a notebook, jupyter_client starts a
  kernel in ``chapters/`` and runs every code cell in order.
* :func:`widget_rows` runs a chapter in a kernel, then moves the first slider of its live
  dashboard (the ipywidgets box of a ``policing_lab.widgets.LiveFigure``, as made by
  ``slider_dashboard`` or ``explorable``) in two ways: inside the kernel (set
  ``slider.value``, which calls the dashboard's ``update()``), and as JupyterLab does, by
  sending the widget's comm an ``update`` message over ZeroMQ and waiting for the redrawn
  chart (the ``display_data`` message) to come back.
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CELL_TIMEOUT = 300  # seconds for one cell; a bounded wait, never an endless one


@dataclass
class ChapterRun:
    total: float  # kernel start + every cell
    cells: float  # every cell, kernel already running
    slowest: tuple[float, int, str]  # seconds, cell number (1-based, code cells), first line


def _first_line(source: str) -> str:
    for line in source.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return line.strip()[:60]
    return source.strip()[:60]


def run_chapter(path: Path) -> ChapterRun:
    """Run every code cell of the chapter in order in a fresh kernel started in its folder.

    A blocking jupyter_client, as in :func:`widget_times`. (nbclient's asynchronous client
    sometimes noticed a finished cell only when its timeout ran out: in about one run in
    ten, chapter 0's first chart cell "took" exactly the cell timeout although the kernel
    had replied within 0.1 s.)
    """
    import jupytext
    from jupyter_client.manager import start_new_kernel

    sources = [c.source for c in jupytext.read(path).cells if c.cell_type == "code"]
    start = time.perf_counter()
    km, kc = start_new_kernel(kernel_name="python3", cwd=str(path.parent))
    try:
        ready = time.perf_counter()
        slowest = (0.0, 0, "")
        for number, source in enumerate(sources, start=1):
            t0 = time.perf_counter()
            _execute(kc, source, store_history=True)
            took = time.perf_counter() - t0
            if took > slowest[0]:
                slowest = (took, number, _first_line(source))
        done = time.perf_counter()
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return ChapterRun(total=done - start, cells=done - ready, slowest=slowest)


def chapter_rows(chapters: list[Path], runs: int, progress=print) -> list[dict[str, Any]]:
    """Per chapter: median seconds of kernel start + all cells, all cells, slowest cell."""
    rows = []
    for path in chapters:
        chapter_runs = []
        for i in range(runs):
            run = run_chapter(path)
            chapter_runs.append(run)
            progress(
                f"  {path.name} run {i + 1}/{runs}: {run.total:.2f} s (cells {run.cells:.2f} s)"
            )
        totals = [r.total for r in chapter_runs]
        slowest = max(chapter_runs, key=lambda r: r.slowest[0]).slowest
        rows.append(
            {
                "chapter": path.name,
                "kernel start + all cells (s)": statistics.median(totals),
                "all cells (s)": statistics.median(r.cells for r in chapter_runs),
                "fastest (s)": min(totals),
                "slowest (s)": max(totals),
                "slowest cell (s)": statistics.median(r.slowest[0] for r in chapter_runs),
                "slowest cell": f"cell {slowest[1]}: {slowest[2]}",
                "runs": runs,
            }
        )
    return rows


# --------------------------------------------------------------------------------------
# Live dashboards

# The first live dashboard of the chapter: a box with ``update`` and ``chart`` (see
# policing_lab.widgets.slider_dashboard), kept in a variable or inside a LiveFigure that a
# cell displayed (IPython's output history), and its first slider. None if there is none.
FIND_DASHBOARD = """
import ipywidgets as _bw
def _bench_is_dash(v):
    return isinstance(v, _bw.VBox) and hasattr(v, "update") and hasattr(v, "chart")
_bench_seen = list(globals().values()) + list(globals().get("Out", {}).values())
_bench_dash = [d for v in _bench_seen for d in (v, getattr(v, "live", None)) if _bench_is_dash(d)]
_bench_sliders = [c for d in _bench_dash[:1] for c in d.children
                  if isinstance(c, (_bw.FloatSlider, _bw.IntSlider))]
_bench_dash = _bench_dash[0] if _bench_sliders else None
_bench_slider = _bench_sliders[0] if _bench_sliders else None
(None if _bench_slider is None else
 (_bench_slider.model_id, _bench_slider.description, _bench_slider.value,
  _bench_slider.min, _bench_slider.max, _bench_slider.step))
"""

IN_KERNEL = """
import time as _bt
_bench_times = []
for _bv in {values!r}:
    _bench_before = _bench_dash.chart
    _bt0 = _bt.perf_counter()
    _bench_slider.value = _bv
    _bench_times.append(_bt.perf_counter() - _bt0)
    assert _bench_dash.chart is not _bench_before, "the chart was not redrawn"
_bench_times
"""


@dataclass
class WidgetResult:
    chapter: str
    slider: str
    in_kernel: list[float] = field(default_factory=list)  # seconds
    round_trip_chart: list[float] = field(default_factory=list)  # comm sent -> display_data
    round_trip_idle: list[float] = field(default_factory=list)  # comm sent -> kernel idle


def _walk(start: float, low: float, high: float, step: float, n: int) -> list[float]:
    """n slider positions one step apart, bouncing at the ends (like pressing an arrow key)."""
    positions, value, direction = [], start, 1
    digits = max(0, -int(f"{step:e}".split("e")[1])) + 2
    for _ in range(n):
        if not low <= value + direction * step <= high + 1e-12:
            direction = -direction
        value = round(value + direction * step, digits)
        positions.append(value)
    return positions


def _execute(kc, code: str, timeout: float = CELL_TIMEOUT, store_history: bool = False) -> dict:
    outputs: list[dict] = []
    reply = kc.execute_interactive(
        code, timeout=timeout, output_hook=outputs.append, store_history=store_history
    )
    if reply["content"]["status"] != "ok":
        content = reply["content"]
        raise RuntimeError(f"{content.get('ename')}: {content.get('evalue')}")
    for msg in outputs:
        if msg["msg_type"] == "execute_result":
            return msg["content"]["data"]
    return {}


def widget_times(chapter: Path, runs: int, progress=print) -> WidgetResult | None:
    """Time the chapter's first live dashboard; None when the chapter has none."""
    import ast

    import jupytext
    from jupyter_client.manager import start_new_kernel

    nb = jupytext.read(chapter)
    km, kc = start_new_kernel(kernel_name="python3", cwd=str(chapter.parent))
    try:
        for cell in nb.cells:
            if cell.cell_type == "code":
                _execute(kc, cell.source, store_history=True)  # keeps displayed figures in Out
        found = ast.literal_eval(_execute(kc, FIND_DASHBOARD).get("text/plain", "None"))
        if found is None:
            progress(f"  {chapter.name}: no live dashboard with a slider")
            return None
        model_id, description, value, low, high, step = found
        result = WidgetResult(chapter.name, description)

        # 1. Inside the kernel: set the value; the observer redraws before the call returns.
        values = _walk(value, low, high, step, runs)
        times = ast.literal_eval(_execute(kc, IN_KERNEL.format(values=values))["text/plain"])
        result.in_kernel = [float(t) for t in times]

        # 2. As JupyterLab does it: an "update" message to the slider's comm.
        for new in _walk(values[-1], low, high, step, runs):
            msg = kc.session.msg(
                "comm_msg",
                {
                    "comm_id": model_id,
                    "data": {"method": "update", "state": {"value": new}, "buffer_paths": []},
                },
            )
            parent = msg["header"]["msg_id"]
            start = time.perf_counter()
            kc.shell_channel.send(msg)
            chart_at = None
            deadline = start + 60
            while time.perf_counter() < deadline:
                reply = kc.get_iopub_msg(timeout=max(0.1, deadline - time.perf_counter()))
                if reply["parent_header"].get("msg_id") != parent:
                    continue
                kind = reply["msg_type"]
                if kind == "display_data" and chart_at is None:
                    chart_at = time.perf_counter()
                elif kind == "error":
                    raise RuntimeError(json.dumps(reply["content"])[:300])
                elif kind == "status" and reply["content"]["execution_state"] == "idle":
                    break
            else:
                raise TimeoutError("the kernel did not answer the slider within 60 s")
            if chart_at is None:
                raise RuntimeError("the kernel went idle without redrawing the chart")
            result.round_trip_chart.append(chart_at - start)
            result.round_trip_idle.append(time.perf_counter() - start)
        progress(
            f"  {chapter.name}: {len(result.in_kernel)} in-kernel changes, "
            f"{len(result.round_trip_chart)} comm round trips"
        )
        return result
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def widget_rows(chapters: list[Path], runs: int, progress=print) -> list[dict[str, Any]]:
    """Per chapter with a live dashboard: three measurements of ``runs`` slider changes, ms."""
    rows = []
    for chapter in chapters:
        r = widget_times(chapter, runs, progress=progress)
        if r is None:
            continue
        for measurement, seconds in (
            ("in the kernel: `slider.value = x` until `update()` has redrawn", r.in_kernel),
            (
                "JupyterLab's way: comm `update` message sent → chart `display_data` received",
                r.round_trip_chart,
            ),
            ("… → kernel idle again", r.round_trip_idle),
        ):
            ms = [x * 1000 for x in seconds]
            rows.append(
                {
                    "chapter": chapter.name,
                    "slider": r.slider,
                    "measurement": measurement,
                    "median (ms)": statistics.median(ms),
                    "fastest (ms)": min(ms),
                    "slowest (ms)": max(ms),
                    "changes": len(ms),
                }
            )
    return rows
