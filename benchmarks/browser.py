"""Chart drawing and slider response in headless Chromium, timed inside the page.

Times come from ``performance.now()`` in the page (milliseconds since the navigation
started), so Playwright's own messaging is not part of them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]
CHART = 'div[id^="pl-chart-"]'
TIMEOUT_MS = 30_000

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
""" % repr(CHART)


@dataclass
class PageLoad:
    charts: int
    dom_content_loaded: float  # ms since navigation start
    load: float
    drawn: float


@dataclass
class SliderResult:
    page: str
    label: str
    redraw: list[float] = field(default_factory=list)  # keydown -> svg changed, ms
    frame: list[float] = field(default_factory=list)  # keydown -> next animation frame, ms


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _new_page(browser, base: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def route(route):  # nothing may leave 127.0.0.1
        if route.request.url.startswith(base + "/"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)
    return context, context.new_page()


def chart_load(browser, base: str, path: str) -> PageLoad:
    """One visit in a fresh browser context (empty cache): when is every chart drawn?"""
    context, page = _new_page(browser, base)
    try:
        page.add_init_script(WATCH_CHARTS)
        page.goto(f"{base}/{path}", wait_until="load", timeout=TIMEOUT_MS)
        page.wait_for_function(
            "window.__bench && window.__bench.drawn !== null", timeout=TIMEOUT_MS
        )
        data = page.evaluate(
            """() => { const nav = performance.getEntriesByType('navigation')[0];
                       return {charts: window.__bench.charts, drawn: window.__bench.drawn,
                               dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd}; }"""
        )
        return PageLoad(data["charts"], data["dcl"], data["load"], data["drawn"])
    finally:
        context.close()


def chart_times(
    base: str, pages: list[str], runs: int, progress=print
) -> dict[str, list[PageLoad]]:
    results: dict[str, list[PageLoad]] = {}
    with chromium() as browser:
        for path in pages:
            results[path] = [chart_load(browser, base, path) for _ in range(runs)]
            drawn = sorted(r.drawn for r in results[path])
            progress(
                f"  {path}: {results[path][0].charts} charts, drawn at "
                f"{', '.join(f'{d:.0f}' for d in drawn)} ms"
            )
    return results


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
    observer.observe(chart, {childList: true, subtree: true, attributes: true, characterData: true});
    input.addEventListener('keydown', () => { t0 = performance.now(); }, {once: true, capture: true});
  });
  return {value: Number(input.value), max: Number(input.max), min: Number(input.min)};
}
"""


def _press(page, key: str) -> dict | None:
    state = page.evaluate(ARM, {"sel": CHART, "timeout": 10_000})
    page.keyboard.press(key)
    result = page.evaluate("() => window.__benchSlider")
    if result is not None:
        result["before"] = state
    return result


def slider_times(base: str, path: str, presses: int, progress=print) -> SliderResult:
    """Focus the first chart slider on ``path``; time ArrowRight -> redrawn SVG ``presses`` times."""
    with chromium() as browser:
        context, page = _new_page(browser, base)
        try:
            page.goto(f"{base}/{path}", wait_until="load", timeout=TIMEOUT_MS)
            page.wait_for_function(
                "sel => [...document.querySelectorAll(sel)].every(c => c.querySelector('svg'))",
                arg=CHART,
                timeout=TIMEOUT_MS,
            )
            slider = page.locator(f"{CHART} input[type=range]").first
            label = page.evaluate(
                """sel => { const c = [...document.querySelectorAll(sel)]
                              .find(c => c.querySelector('input[type=range]'));
                            const l = c.querySelector('.vega-bind-name') || c.querySelector('label');
                            return (l ? l.textContent : '').trim(); }""",
                CHART,
            )
            slider.focus()
            result = SliderResult(path, label)
            for _ in range(presses * 3):  # bounded: resets at the right end are not counted
                if len(result.redraw) >= presses:
                    break
                state = page.evaluate(
                    "sel => { const i = document.querySelector(sel + ' input[type=range]');"
                    " return {value: Number(i.value), max: Number(i.max), step: Number(i.step)}; }",
                    CHART,
                )
                if state["value"] + state["step"] > state["max"] + 1e-9:
                    _press(page, "Home")  # back to the left end (not timed)
                    page.wait_for_timeout(100)
                    continue
                timing = _press(page, "ArrowRight")
                if timing is None:
                    raise RuntimeError("the chart did not redraw within 10 s of ArrowRight")
                result.redraw.append(timing["redraw"])
                result.frame.append(timing["frame"])
                page.wait_for_timeout(100)
            progress(f"  {path}: slider {label!r}, {len(result.redraw)} presses")
            return result
        finally:
            context.close()
