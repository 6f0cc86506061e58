"""The built website, tested as a reader meets it: in headless Chromium, offline.

Every page is served on 127.0.0.1 with every request to another host blocked and
recorded. A page passes when it asked no other host for anything, logged no console
error, threw no page error, and drew every chart. Interactive parts are driven with the
keyboard, the way a reader without a mouse uses them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import pytest

from conftest import ROOT, built_pages

pytestmark = [pytest.mark.book, pytest.mark.browser]

CHART = 'div[id^="pl-chart-"]'
CHAPTER_0 = "chapters/00_how_to_use.html"


@dataclass
class Visit:
    page: object
    external: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


def visit(browser, server: str, path: str, width: int = 1280) -> Visit:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    record = Visit(page)

    def route(route):
        url = route.request.url
        if url.startswith(server + "/"):
            route.continue_()
        else:
            record.external.append(url)
            route.abort()

    context.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and record.console_errors.append(m.text))
    page.on("pageerror", lambda e: record.page_errors.append(str(e)))
    page.goto(f"{server}/{path}", wait_until="load")
    page.wait_for_load_state("networkidle")
    return record


def wait_for_charts(page, timeout: float = 10_000) -> int:
    """Wait until every Altair chart on the page has drawn an SVG or a canvas."""
    count = page.locator(CHART).count()
    if count:
        page.wait_for_function(
            """sel => [...document.querySelectorAll(sel)]
                     .every(el => el.querySelector('svg, canvas'))""",
            arg=CHART,
            timeout=timeout,
        )
    return count


# --------------------------------------------------------------------------------------
# Static checks of the built HTML


def test_site_has_pages(site):
    pages = built_pages()
    assert "index.html" in pages and CHAPTER_0 in pages, pages


THIRD_PARTY_LOAD = re.compile(
    r"""<(?:script|img|iframe|source|audio|video)[^>]+src=["']?(?:https?:)?//"""
    r"""|<link[^>]+rel=["']?(?:stylesheet|preload|modulepreload|icon|prefetch|preconnect)[^>]*href=["']?(?:https?:)?//"""
    r"""|<link[^>]+href=["']?(?:https?:)?//[^>]+rel=["']?(?:stylesheet|preload|modulepreload|icon|prefetch|preconnect)""",
    re.IGNORECASE,
)


@pytest.mark.parametrize("path", built_pages())
def test_html_loads_nothing_from_other_hosts(site, path):
    html = (site / path).read_text(encoding="utf-8")
    found = THIRD_PARTY_LOAD.findall(html)
    assert not found, f"{path} loads from another host: {found[:3]}"


def test_css_names_no_remote_fonts_or_imports(site):
    offenders = []
    for css in (site / "_static").rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        for match in re.finditer(r"(?:url\(\s*['\"]?|@import\s+['\"])(?:https?:)?//", text):
            offenders.append(f"{css.relative_to(site)}: {text[match.start():match.start() + 80]}")
    assert not offenders, offenders


def test_chart_libraries_only_on_chart_pages(site):
    for path in built_pages():
        html = (site / path).read_text(encoding="utf-8")
        has_chart = 'id="pl-chart-' in html
        loads_vega = "_static/lib/vega.min.js" in html
        assert has_chart == loads_vega, f"{path}: chart={has_chart}, vega loaded={loads_vega}"


def test_live_widgets_are_replaced_by_static_charts(site):
    html = (site / CHAPTER_0).read_text(encoding="utf-8")
    assert "application/vnd.jupyter.widget-view+json" not in html
    assert "jupyter-widgets" not in html and "require.min.js" not in html
    assert 'id="pl-chart-' in html


# --------------------------------------------------------------------------------------
# Every page in the browser


@pytest.mark.parametrize("path", built_pages())
def test_page_in_browser(browser, server, path):
    record = visit(browser, server, path)
    charts = wait_for_charts(record.page)
    page_text = record.page.inner_text("body")
    record.page.context.close()
    assert record.external == [], f"{path} asked other hosts for: {record.external}"
    assert record.page_errors == [], f"{path}: {record.page_errors}"
    assert record.console_errors == [], f"{path}: {record.console_errors}"
    assert "Error loading script" not in page_text and "Javascript Error" not in page_text
    if path == CHAPTER_0:
        assert charts >= 1


def test_slider_moved_with_keyboard_redraws_chart(browser, server):
    record = visit(browser, server, CHAPTER_0)
    page = record.page
    wait_for_charts(page)
    chart = page.locator(CHART).filter(has=page.locator('input[type="range"]')).first
    slider = chart.locator('input[type="range"]')
    before_value = slider.input_value()
    before_svg = chart.locator("svg").first.inner_html()
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "([el, old]) => el.querySelector('svg').innerHTML !== old",
        arg=[chart.element_handle(), before_svg],
        timeout=5_000,
    )
    after_value = slider.input_value()
    record.page.context.close()
    assert float(after_value) > float(before_value)
    assert record.page_errors == [] and record.console_errors == []


def test_chart_has_accessible_name(browser, server):
    record = visit(browser, server, CHAPTER_0)
    wait_for_charts(record.page)
    # vega-embed puts the description on the chart's container (role graphics-document).
    labels = record.page.eval_on_selector_all(
        CHART,
        "els => els.map(e => e.getAttribute('role') === 'graphics-document' "
        "? (e.getAttribute('aria-label') || '') : '')",
    )
    record.page.context.close()
    assert labels and all(len(label) > 20 for label in labels), labels


def test_quiz_works_from_the_keyboard(browser, server):
    record = visit(browser, server, CHAPTER_0)
    page = record.page
    first = page.locator("#how-to-quiz-q1")
    first.locator("input").first.focus()
    page.keyboard.press("Space")  # choose the first option ("Every offence that happened")
    first.locator("button.pl-check").focus()
    page.keyboard.press("Enter")
    wrong = first.locator(".pl-quiz-feedback").inner_text()
    page.keyboard.press("Shift+Tab")  # back to the radio group
    page.keyboard.press("ArrowDown")  # second option, the right one
    first.locator("button.pl-check").focus()
    page.keyboard.press("Enter")
    right = first.locator(".pl-quiz-feedback").inner_text()

    numeric = page.locator("#how-to-quiz-q3")
    numeric.locator("input").fill("30")
    numeric.locator("button.pl-check").click()
    mistake = numeric.locator(".pl-quiz-feedback").inner_text()
    numeric.locator("input").fill("60")
    numeric.locator("button.pl-check").click()
    correct = numeric.locator(".pl-quiz-feedback").inner_text()
    record.page.context.close()
    assert wrong.startswith("\u2718 Not yet") and "true offences" in wrong
    assert right.startswith("\u2714 Correct")
    assert "percentage" in mistake
    assert correct.startswith("\u2714 Correct")


def test_maths_is_typeset_offline(browser, server):
    record = visit(browser, server, CHAPTER_0)
    page = record.page
    page.wait_for_selector("mjx-container", state="attached", timeout=10_000)
    record.page.context.close()
    assert record.external == []


def _offline_assets():
    """Import the book's Sphinx extension from _ext/ without touching sys.path."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("offline_assets", ROOT / "_ext" / "offline_assets.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_offline_assets_fail_on_version_drift(tmp_path):
    """The build stops when the served chart libraries do not match Altair."""
    from sphinx.errors import ExtensionError

    offline_assets = _offline_assets()
    expected = offline_assets.expected_versions()
    for name in ("vega", "vega-lite", "vega-embed"):
        (tmp_path / "node_modules" / name).mkdir(parents=True)
    write = lambda name, version: (tmp_path / "node_modules" / name / "package.json").write_text(  # noqa: E731
        json.dumps({"version": version})
    )
    write("vega", expected["vega"] + ".0.0" if expected["vega"].count(".") == 0 else expected["vega"])
    write("vega-embed", expected["vega-embed"] + ".0.0" if "." not in expected["vega-embed"] else expected["vega-embed"])
    write("vega-lite", "5.0.0")

    class App:
        srcdir = tmp_path

    with pytest.raises(ExtensionError, match="vega-lite: npm has 5.0.0"):
        offline_assets.check_versions(App())
    write("vega-lite", expected["vega-lite"])
    assert offline_assets.check_versions(App())["vega-lite"] == expected["vega-lite"]
    write("vega", "99.0.0")
    with pytest.raises(ExtensionError, match="vega: npm has 99.0.0"):
        offline_assets.check_versions(App())


def test_served_libraries_are_the_pinned_ones(site):
    """What the site serves is byte for byte what package-lock.json pins."""
    offline_assets = _offline_assets()
    lock = json.loads((ROOT / "package-lock.json").read_text())
    for name, (source, target) in offline_assets.CHART_LIBS.items():
        manifest = json.loads((ROOT / "node_modules" / name / "package.json").read_text())
        assert manifest["version"] == lock["packages"][f"node_modules/{name}"]["version"]
        served = (site / "_static" / "lib" / target).read_bytes()
        assert served == (ROOT / "node_modules" / name / source).read_bytes(), name
    assert (site / "_static" / "lib" / "mathjax" / "tex-chtml.js").is_file()
