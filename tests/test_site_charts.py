"""The website's charts as a reader meets them: drawn before any script, fitting a phone.

Every chart arrives as SVG written at build time (policing_lab/charts/_prerender.py);
charts a reader can change load the site's copy of vega through ``pl-charts.js`` when
they come into view or are touched. These tests open the built pages in headless
Chromium and measure what a reader would see.
"""

from __future__ import annotations

import pytest
from conftest import SITE, built_pages

pytestmark = [pytest.mark.book, pytest.mark.browser]

FIGURE = ".pl-chart"
WIDTHS = {"phone": 390, "small phone": 320, "laptop": 1280}
# The drawing the reader sees: the layout the container query shows.
SHOWN_SVG = """fig => {
  const view = [...fig.querySelectorAll('.pl-chart__view')]
    .find(v => getComputedStyle(v).display !== 'none');
  return view && view.querySelector('svg');
}"""


def html_of(path: str) -> str:
    return (SITE / path).read_text(encoding="utf-8")


def chart_pages() -> list[str]:
    return [p for p in built_pages() if 'class="pl-chart"' in html_of(p)]


def live_chart_pages() -> list[str]:
    return [p for p in chart_pages() if "data-signals=" in html_of(p)]


def fixed_chart_pages() -> list[str]:
    return [p for p in chart_pages() if "data-signals=" not in html_of(p)]


def test_the_course_has_fixed_and_live_charts():
    assert len(chart_pages()) >= 5
    assert live_chart_pages() and fixed_chart_pages()


@pytest.mark.parametrize("path", chart_pages())
def test_no_page_loads_vega_lite_or_vega_embed(path):
    html = html_of(path)
    for name in ("vega-lite", "vega-embed", "vegaEmbed(", "vega-versions.js"):
        assert name not in html, f"{path} mentions {name}"
    # vega itself is fetched by pl-charts.js on demand, never by the page's HTML
    assert "vega.min.js" not in html


@pytest.mark.parametrize("path", built_pages())
def test_chart_script_only_where_a_chart_can_change(path):
    html = html_of(path)
    loads = "_static/lib/pl-charts.js" in html
    assert loads == ("data-signals=" in html), path
    if loads:
        assert '<script defer="defer" src="' in html.split("pl-charts.js")[0][-200:]


@pytest.mark.parametrize("path", fixed_chart_pages())
def test_fixed_charts_load_no_chart_library(open_page, path):
    record = open_page(path, width=390, height=844)
    page = record.page
    for i in range(page.locator(FIGURE).count()):
        page.locator(FIGURE).nth(i).scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    assert not [url for url in record.loaded if "vega" in url or "pl-charts" in url]
    assert record.page_errors == [] and record.console_errors == []


@pytest.mark.parametrize("path", chart_pages())
def test_charts_show_without_javascript(browser, server, path):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(f"{server}/{path}")
        sizes = page.eval_on_selector_all(
            FIGURE,
            f"figs => figs.map(f => {{ const s = ({SHOWN_SVG})(f); "
            "const r = s.getBoundingClientRect(); return [r.width, r.height]; })",
        )
        assert sizes and all(w > 150 and h > 80 for w, h in sizes), sizes
    finally:
        context.close()


@pytest.mark.parametrize("width_name", list(WIDTHS))
@pytest.mark.parametrize("path", chart_pages())
def test_every_chart_fits_the_column(open_page, path, width_name):
    """The whole drawing is on screen: inside its card, the card inside the text column."""
    record = open_page(path, width=WIDTHS[width_name], height=844)
    page = record.page
    boxes = page.eval_on_selector_all(
        FIGURE,
        f"""figs => figs.map(f => {{
          f.scrollIntoView();
          const svg = ({SHOWN_SVG})(f).getBoundingClientRect();
          const card = f.getBoundingClientRect();
          const column = f.closest('article, main').getBoundingClientRect();
          return {{id: f.id, svg: [svg.left, svg.right], card: [card.left, card.right],
                   column: [column.left, column.right], viewport: window.innerWidth,
                   title: f.querySelector('.pl-chart__title').getBoundingClientRect().right}};
        }})""",
    )
    assert boxes
    for box in boxes:
        (s_left, s_right), (c_left, c_right) = box["svg"], box["card"]
        where = f"{path} at {WIDTHS[width_name]} px, {box['id']}: {box}"
        assert c_left >= box["column"][0] - 1 and c_right <= box["column"][1] + 1, where
        assert c_left >= 0 and c_right <= box["viewport"], where
        assert s_left >= c_left - 0.5 and s_right <= c_right + 0.5, where
        assert box["title"] <= c_right + 0.5, where


@pytest.mark.parametrize("path", chart_pages())
def test_wide_charts_stack_on_a_phone(open_page, path):
    """A chart with a narrow layout shows it at 390 px, and the designed one on a laptop."""
    shown = {}
    for width in (390, 1280):
        page = open_page(path, width=width, height=844).page
        shown[width] = page.eval_on_selector_all(
            f"{FIGURE}[data-fit]",
            f"figs => figs.map(f => ({SHOWN_SVG})(f).closest('.pl-chart__view').className)",
        )
    assert all("--narrow" in c for c in shown[390]), shown
    assert all("--wide" in c for c in shown[1280]), shown


@pytest.mark.parametrize("path", chart_pages())
def test_charts_are_figures_with_title_and_description(open_page, path):
    page = open_page(path, width=390, height=844).page
    figures = page.eval_on_selector_all(
        FIGURE,
        """figs => figs.map(f => ({
          role: f.getAttribute('role'),
          title: document.getElementById(f.getAttribute('aria-labelledby')).textContent,
          about: document.getElementById(f.getAttribute('aria-describedby')).textContent,
          hidden: [...f.querySelectorAll('svg')]
            .every(s => s.getAttribute('aria-hidden') === 'true'),
        }))""",
    )
    for figure in figures:
        assert figure["role"] == "figure" and len(figure["title"]) > 5, figure
        assert len(figure["about"]) > 40 and figure["hidden"], figure


def test_about_this_chart_opens_from_the_keyboard(open_page):
    page = open_page(chart_pages()[0], width=390, height=844).page
    summary = page.locator(f"{FIGURE} .pl-chart__about summary").first
    summary.focus()
    page.keyboard.press("Enter")
    assert summary.locator("xpath=..").get_attribute("open") is not None
    assert summary.locator("xpath=../p").is_visible()


@pytest.mark.parametrize("path", live_chart_pages())
def test_live_chart_loads_vega_from_the_site_when_touched(open_page, server, path):
    record = open_page(path, width=390, height=844)
    page = record.page
    figure = page.locator(f"{FIGURE}[data-signals]").first
    figure.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    # only reading (the chart on screen, untouched) fetches nothing
    assert not [url for url in record.loaded if url.endswith("vega.min.js")]
    figure.hover()
    page.wait_for_function(
        "f => f.getAttribute('data-state') === 'live'", arg=figure.element_handle(), timeout=10_000
    )
    vega = [url for url in record.loaded if url.endswith("vega.min.js")]
    assert vega and all(url.startswith(server) for url in vega)
    assert record.external == [] and record.page_errors == [] and record.console_errors == []


def test_radio_buttons_redraw_the_chart(open_page):
    pages = [p for p in live_chart_pages() if "pl-control--radio" in html_of(p)]
    assert pages
    page = open_page(pages[0], width=1280).page
    figure = page.locator(FIGURE).filter(has=page.locator('input[type="radio"]')).first
    figure.hover()
    page.wait_for_function("f => f.dataset.state === 'live'", arg=figure.element_handle())
    before = figure.evaluate(f"f => ({SHOWN_SVG})(f).innerHTML")
    unchecked = figure.locator('input[type="radio"]:not(:checked)').first.element_handle()
    unchecked.focus()
    page.keyboard.press("Space")
    page.wait_for_function(
        f"([f, old]) => ({SHOWN_SVG})(f).innerHTML !== old",
        arg=[figure.element_handle(), before],
        timeout=5_000,
    )
    assert unchecked.is_checked()


def test_slider_value_is_shown_next_to_it(open_page):
    page = open_page(live_chart_pages()[0], width=390, height=844).page
    slider = page.locator(f'{FIGURE} input[type="range"]').first
    output = slider.locator("xpath=../output")
    before = output.text_content()
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "([o, old]) => o.textContent !== old", arg=[output.element_handle(), before]
    )
    assert float(output.text_content()) == pytest.approx(float(slider.input_value()))


def test_a_chart_says_so_when_vega_cannot_load(browser, server):
    """If the site's copy of vega fails, the first state stays and the reader is told."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:

        def route(route):
            url = route.request.url
            if url.startswith(server) and not url.endswith("vega.min.js"):
                route.continue_()
            else:
                route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.goto(f"{server}/{live_chart_pages()[0]}")
        figure = page.locator(f"{FIGURE}[data-signals]").first
        figure.scroll_into_view_if_needed()
        figure.locator("input").first.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("f => f.dataset.state === 'error'", arg=figure.element_handle())
        assert "cannot change" in figure.locator(".pl-chart__error").text_content()
        assert figure.evaluate(f"f => !!({SHOWN_SVG})(f)")
    finally:
        context.close()
