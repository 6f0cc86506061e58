"""Charts drawn after page load, and slider response, in headless Chromium.

Times come from ``performance.now()`` in the page (milliseconds since the navigation
started), so Playwright's own messaging is not part of them. Both benchmarks use the
shared set-up of :mod:`browser` (launch flags, request blocking, the served site).
"""

from __future__ import annotations

import statistics
from typing import Any

import browser  # benchmarks/browser.py

CHART = "div.pl-chart"  # every chart is an SVG in the page from the start (built then)

# Installed before any script of the page runs: notes the moment every chart has an SVG.
WATCH_CHARTS = """
(() => {
  const SEL = %s;
  const state = window.__bench = {drawn: null, charts: 0};
  const check = () => {
    if (state.drawn !== null || document.readyState === 'loading') return;
    const charts = document.querySelectorAll(SEL);
    if (charts.length && [...charts].every(c => c.querySelector('svg'))) {
      state.drawn = performance.now();
      state.charts = charts.length;
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, {childList: true, subtree: true});
  document.addEventListener('readystatechange', check);
})();
""".replace("%s", repr(CHART))


def pages_with_charts(site) -> list[str]:
    return [
        p
        for p in browser.built_pages(site)
        if 'id="pl-chart-' in (site / p).read_text(encoding="utf-8")
    ]


def first_page_with_a_slider(site, preferred: str) -> str:
    if (site / preferred).is_file():
        return preferred
    return next(
        p
        for p in browser.built_pages(site)
        if 'type="range"' in (site / p).read_text(encoding="utf-8")
    )


def _chart_load(chromium, base: str, path: str) -> dict[str, float]:
    """One visit in a fresh browser context (empty cache): when is every chart drawn?"""
    context, page = browser.new_page(chromium, base)
    try:
        page.add_init_script(WATCH_CHARTS)
        page.goto(f"{base}/{path}", wait_until="load", timeout=browser.TIMEOUT_MS)
        page.wait_for_function(
            "window.__bench && window.__bench.drawn !== null", timeout=browser.TIMEOUT_MS
        )
        return page.evaluate(
            """() => { const nav = performance.getEntriesByType('navigation')[0];
                       return {charts: window.__bench.charts, drawn: window.__bench.drawn,
                               dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd}; }"""
        )
    finally:
        context.close()


def chart_rows(base: str, pages: list[str], visits: int, progress=print) -> list[dict[str, Any]]:
    """Per page: medians over ``visits`` fresh visits of DOMContentLoaded, load, all drawn."""
    rows = []
    with browser.launch() as chromium:
        for path in pages:
            loads = [_chart_load(chromium, base, path) for _ in range(visits)]
            drawn = [v["drawn"] for v in loads]
            progress(f"  {path}: {loads[0]['charts']} charts, drawn at {sorted(drawn)} ms")
            rows.append(
                {
                    "page": path,
                    "charts": loads[0]["charts"],
                    "DOMContentLoaded (ms)": statistics.median(v["dcl"] for v in loads),
                    "load (ms)": statistics.median(v["load"] for v in loads),
                    "all charts drawn (ms)": statistics.median(drawn),
                    "fastest (ms)": min(drawn),
                    "slowest (ms)": max(drawn),
                    "visits": visits,
                }
            )
    return rows


ARM = """
({sel, timeout}) => {
  const chart = [...document.querySelectorAll(sel)].find(c => c.querySelector('input[type=range]'));
  const input = chart.querySelector('input[type=range]');
  const svg = chart.querySelector('svg');
  const before = svg.innerHTML;
  window.__benchSlider = new Promise(resolve => {
    let t0 = null;
    const timer = setTimeout(() => { observer.disconnect(); resolve(null); }, timeout);
    const observer = new MutationObserver(() => {
      if (t0 === null) return;
      const t1 = performance.now();
      if (chart.querySelector('svg').innerHTML === before) return;
      observer.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => resolve({redraw: t1 - t0, frame: performance.now() - t0,
                                           value: Number(input.value)}));
    });
    observer.observe(chart,
                     {childList: true, subtree: true, attributes: true, characterData: true});
    input.addEventListener('keydown', () => { t0 = performance.now(); },
                           {once: true, capture: true});
  });
  return {value: Number(input.value), max: Number(input.max), min: Number(input.min)};
}
"""

SLIDER_LABEL = """sel => {
  const c = [...document.querySelectorAll(sel)].find(c => c.querySelector('input[type=range]'));
  const l = c.querySelector('.vega-bind-name') || c.querySelector('label');
  return (l ? l.textContent : '').trim();
}"""

SLIDER_STATE = """sel => {
  const i = document.querySelector(sel + ' input[type=range]');
  return {value: Number(i.value), max: Number(i.max), step: Number(i.step)};
}"""


def _press(page, key: str) -> dict | None:
    page.evaluate(ARM, {"sel": CHART, "timeout": 10_000})
    page.keyboard.press(key)
    return page.evaluate("() => window.__benchSlider")


def slider_rows(base: str, path: str, presses: int, progress=print) -> list[dict[str, Any]]:
    """Focus the first chart slider on ``path``; time ArrowRight -> redrawn SVG ``presses``
    times (at the right end the slider goes back with Home, untimed)."""
    redraw: list[float] = []
    frame: list[float] = []
    with browser.launch() as chromium:
        context, page = browser.new_page(chromium, base)
        try:
            page.goto(f"{base}/{path}", wait_until="load", timeout=browser.TIMEOUT_MS)
            page.wait_for_function(
                "sel => [...document.querySelectorAll(sel)].every(c => c.querySelector('svg'))",
                arg=CHART,
                timeout=browser.TIMEOUT_MS,
            )
            label = page.evaluate(SLIDER_LABEL, CHART)
            page.locator(f"{CHART} input[type=range]").first.focus()
            for _ in range(presses * 3):  # bounded: resets at the right end are not counted
                if len(redraw) >= presses:
                    break
                state = page.evaluate(SLIDER_STATE, CHART)
                if state["value"] + state["step"] > state["max"] + 1e-9:
                    _press(page, "Home")  # back to the left end (not timed)
                    page.wait_for_timeout(100)
                    continue
                timing = _press(page, "ArrowRight")
                if timing is None:
                    raise RuntimeError("the chart did not redraw within 10 s of ArrowRight")
                redraw.append(timing["redraw"])
                frame.append(timing["frame"])
                page.wait_for_timeout(100)
        finally:
            context.close()
    progress(f"  {path}: slider {label!r}, {len(redraw)} presses")
    return [
        {
            "page": path,
            "slider": label,
            "measurement": measurement,
            "median (ms)": statistics.median(values),
            "fastest (ms)": min(values),
            "slowest (ms)": max(values),
            "first press (ms)": values[0],
            "presses": len(values),
        }
        for measurement, values in (
            ("keydown → chart's SVG changed", redraw),
            ("keydown → next animation frame after the change", frame),
        )
    ]
