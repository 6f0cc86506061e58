"""What the theme sends to a phone, trimmed by _ext/page_weight.py, and that pages still work.

The unit tests check the selector-keeping rules and the script rewriting on small inputs.
The site tests check the built pages: the style sheets shrank, scripts are deferred,
search scripts only on the search page, and, in Chromium, that the trimmed site looks like
the untrimmed one (the computed styles of key elements are compared with those of the
same page served with the theme's full style sheets), that its controls still work, that
search finds a word, and that a text-only page stays within its weight budget.
"""

from __future__ import annotations

import gzip
import importlib.util
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from conftest import ROOT, SITE, built_pages, page_weight

ORIGINALS = ROOT / "_build" / "page-weight" / "original"
# Bytes, gzip-compressed, of everything a page loads (issue #11): a page with no chart and
# no maths; any page (the test limit; its target is 400 kB, which the chapters meet
# once MathJax, 263 kB of script and ~60 kB of fonts, gives way to MathML at build time);
# and the theme's share of any page (its style sheets, scripts and icon fonts).
TEXT_PAGE_BUDGET = 150_000
PAGE_BUDGET = 600_000
THEME_BUDGET = 90_000  # untrimmed, the theme sent about 150 kB
WIDTHS = (390, 1280)


def load_extension():
    spec = importlib.util.spec_from_file_location("page_weight", ROOT / "_ext" / "page_weight.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


pw = load_extension()


# --------------------------------------------------------------------------------------
# Unit tests: which selectors are kept


def selector_kept(selector: str, known: set[str]) -> bool:
    import tinycss2

    return pw.selector_can_match(tinycss2.parse_component_value_list(selector), known)


@pytest.mark.parametrize(
    ("selector", "kept"),
    [
        (".known", True),
        (".unknown", False),
        ("div.known > p", True),
        (".known .unknown", False),
        ("#known-id", True),
        ("#nowhere", False),
        ("p", True),
        ("[data-theme=dark] .known", True),
        ("html[data-mode=dark]", True),
        ('[class*="col-"]', True),
        (".known:not(.unknown)", True),
        (":not(.unknown)", True),
        (":is(.unknown, .known) a", True),
        (":is(.unknown, .other-unknown) a", False),
        (":where(.unknown) a", False),
        ("section:has(> .unknown)", False),
        ("section:has(> .known)", True),
        (".known::before", True),
        (".bs-tooltip-top .tooltip-arrow", True),  # built by Bootstrap at run time
        (".show", True),
    ],
)
def test_selector_kept_only_when_its_classes_and_ids_exist(selector, kept):
    assert selector_kept(selector, {"known", "known-id"}) is kept


def test_trim_css_drops_unknown_selectors_and_keeps_the_rest():
    css = """
    /* a comment */
    .known, .unknown { color: red; }
    .unknown { color: blue }
    .other { margin : 0 auto ; }
    """
    out = pw.trim_css(css, {"known"})
    assert out == ".known{color:red}"


def test_trim_css_keeps_at_rule_structure_and_removes_emptied_media():
    css = """
    @font-face { font-family: "Icons"; src: url(icons.woff2) format("woff2"); }
    @keyframes spin { from { transform: rotate(0deg) } to { transform: rotate(360deg) } }
    @media (min-width: 960px) { .unknown { display: none } }
    @media (max-width: 540px) { .known { display: block } .unknown { color: red } }
    @supports (display: grid) { @media print { .known { display: grid } } }
    :root { --pst-color-primary: #176de8; }
    """
    out = pw.trim_css(css, {"known"})
    assert '@font-face{font-family:"Icons";src:url(icons.woff2) format("woff2")}' in out
    assert "@keyframes spin{from{transform:rotate(0deg)}to{transform:rotate(360deg)}}" in out
    assert "960px" not in out and "unknown" not in out
    assert "@media (max-width: 540px){.known{display:block}}" in out
    assert "@supports (display: grid){@media print{.known{display:grid}}}" in out
    assert ":root{--pst-color-primary:#176de8}" in out


def test_trim_css_keeps_vendor_prefixed_lists_whole():
    # Chrome ignores the whole list because of ::-moz-selection; dropping the unknown
    # selector must not turn the rule on.
    css = ".unknown::-moz-selection, .known::selection { color: red }"
    assert pw.trim_css(css, {"known"}) == ".unknown::-moz-selection,.known::selection{color:red}"
    assert pw.trim_css(css, set()) == ""


def test_trim_css_keeps_values_that_need_their_spaces():
    css = ".known { width: calc(100% - 2 * var(--gap, 1rem)); font: 1rem/1.5 a, b !important }"
    out = pw.trim_css(css, {"known"})
    assert out == ".known{width:calc(100% - 2 * var(--gap,1rem));font:1rem/1.5 a,b!important}"


def test_names_come_from_attributes_inline_scripts_and_words_of_scripts():
    html = (
        '<div class="a b" id="main"><script>el.classList.add("opened")</script>'
        "<p>prose words are not classes</p></div>"
    )
    names = pw.names_in_html(html)
    assert {"a", "b", "main", "opened"} <= names
    assert "prose" not in names
    assert "collapsing" in pw.names_in_script('const x = "collapsing";')


def test_rewrite_scripts_defers_and_leaves_search_out():
    head = (
        '<script src="_static/documentation_options.js?v=1"></script>\n'
        '<script src="_static/doctools.js?v=2"></script>\n'
        "<script>DOCUMENTATION_OPTIONS.pagename = 'index';</script>\n"
        '<script async="async" src="_static/lib/mathjax/tex-chtml.js"></script>\n'
        '<script type="module" src="m.js"></script>\n'
        '<script defer="defer" src="_static/scripts/bootstrap.js"></script>\n'
        '<script src="_static/searchtools.js"></script>\n'
        '<script src="searchindex.js"></script>\n'
    )
    page = pw.rewrite_scripts(head, search_page=False)
    assert '<script src="_static/documentation_options.js?v=1"></script>' in page
    assert '<script defer src="_static/doctools.js?v=2"></script>' in page
    assert "<script>DOCUMENTATION_OPTIONS.pagename" in page
    assert '<script async="async" src="_static/lib/mathjax' in page
    assert '<script type="module" src="m.js">' in page
    assert page.count("<script defer src") == 1  # bootstrap.js was deferred already
    assert "searchtools" not in page and "searchindex" not in page
    search = pw.rewrite_scripts(head, search_page=True)
    assert '<script defer src="_static/searchtools.js"></script>' in search
    assert '<script defer src="searchindex.js"></script>' in search


def test_a_sheet_that_only_imports_is_linked_past():
    assert pw.only_imports('/* c */ @import "../basic.css";') == ["../basic.css"]
    assert pw.only_imports('@import url("a.css"); @import url(b.css);') == ["a.css", "b.css"]
    assert pw.only_imports("@import url(a.css) print;") is None
    assert pw.only_imports('@import "a.css"; p { color: red }') is None
    html = (
        '<link href="../_static/styles/theme.css?digest=1" rel="stylesheet" />\n'
        '<link rel="preload" href="../_static/styles/theme.css" as="style" />\n'
        '<link href="../_static/styles/pydata-sphinx-theme.css?digest=1" rel="stylesheet" />'
    )
    out = pw.link_imports_directly(html, {"_static/styles/theme.css": ["_static/basic.css"]})
    assert out.splitlines() == [
        '<link href="../_static/basic.css" rel="stylesheet" />',
        '<link rel="preload" href="../_static/styles/theme.css" as="style" />',
        '<link href="../_static/styles/pydata-sphinx-theme.css?digest=1" rel="stylesheet" />',
    ]


# --------------------------------------------------------------------------------------
# The built site: files


def installed_theme_css() -> Path:
    import pydata_sphinx_theme

    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
    return theme / "static" / "styles" / "pydata-sphinx-theme.css"


@pytest.mark.book
def test_theme_css_is_trimmed_and_the_installed_theme_is_not(site):
    original = installed_theme_css().read_bytes()
    trimmed = (site / "_static" / "styles" / "pydata-sphinx-theme.css").read_bytes()
    assert (ORIGINALS / "_static" / "styles" / "pydata-sphinx-theme.css").read_bytes() == original
    assert len(trimmed) < 0.4 * len(original), (len(trimmed), len(original))
    assert len(gzip.compress(trimmed)) < 0.4 * len(gzip.compress(original))
    # Still the theme: its colour variables and the header/sidebar layout are there.
    text = trimmed.decode("utf-8")
    for needed in ("--pst-color-primary", ".bd-sidebar-primary", ".bd-header", "@font-face"):
        assert needed in text


@pytest.mark.book
def test_every_trimmed_sheet_is_smaller_and_parses(site):
    import tinycss2

    originals = sorted(ORIGINALS.rglob("*.css"))
    assert len(originals) >= 5
    for original in originals:
        trimmed = site / original.relative_to(ORIGINALS)
        css = trimmed.read_text(encoding="utf-8")
        assert trimmed.stat().st_size < original.stat().st_size, trimmed.name
        rules = tinycss2.parse_stylesheet(css)
        errors = [r for r in rules if r.type == "error"]
        assert not errors, f"{trimmed.name}: {errors[:3]}"
        assert "/*" not in css and "\n" not in css, f"{trimmed.name} is not minified"


def head_of(path: str) -> str:
    html = (SITE / path).read_text(encoding="utf-8")
    return html[: html.index("</head>")]


@pytest.mark.book
@pytest.mark.parametrize("path", built_pages())
def test_head_scripts_are_deferred_and_search_only_on_search_page(site, path):
    html = (site / path).read_text(encoding="utf-8")
    for match in re.finditer(r"<script\b([^>]*)\bsrc=\"([^\"]+)\"", head_of(path)):
        attributes, src = match.groups()
        if "documentation_options.js" in src:
            assert "defer" not in attributes and "async" not in attributes
        else:
            assert re.search(r"\b(defer|async)\b", attributes), f"{path}: {src} blocks"
    assert "styles/theme.css" not in head_of(path) and "_static/basic.css" in head_of(path)
    searching = [n for n in pw.SEARCH_SCRIPTS if re.search(rf'src="[^"]*{n}', html)]
    if path == "search.html":
        assert searching == list(pw.SEARCH_SCRIPTS)
    else:
        assert searching == [], f"{path} loads {searching}"


#: What the deferred scripts define: an inline script that ran before them and used one of
#: these would now fail (the browser tests would see the error too).
DEFERRED_GLOBALS = (
    "_ready",
    "Documentation",
    "SphinxHighlight",
    "ClipboardJS",
    "Search",
    "Scorer",
    "Stemmer",
    "stopwords",
    "addCopyButtonToCodeCells",
    "initToggleItems",
)


@pytest.mark.book
@pytest.mark.parametrize("path", built_pages())
def test_inline_scripts_need_nothing_from_deferred_scripts(site, path):
    html = (site / path).read_text(encoding="utf-8")
    for attributes, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S):
        if "src=" in attributes or "json" in attributes:
            continue
        used = [g for g in DEFERRED_GLOBALS if re.search(rf"(?<![\w.$]){re.escape(g)}\b", body)]
        assert not used, f"{path}: inline script uses {used}: {body[:120]!r}"


# --------------------------------------------------------------------------------------
# In the browser: looks, controls, search, weight


@pytest.fixture
def visit(browser, server):
    """``visit(path, width, dark=False, full_css=False)`` -> (page, errors).

    Like conftest's ``open_page``, in a fresh context with every request to another host
    blocked; with ``full_css`` the trimmed style sheets are replaced, on the way, by the
    theme's originals (kept by the build in _build/page-weight/original/).
    """
    contexts = []

    def open_(path: str, width: int, dark: bool = False, full_css: bool = False):
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        if dark:
            context.add_init_script(
                "localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');"
            )
        errors: list[str] = []

        def route(route):
            url = route.request.url
            if not url.startswith(server + "/"):
                errors.append(f"request to another host: {url}")
                route.abort()
                return
            original = ORIGINALS / unquote(urlparse(url).path).lstrip("/")
            if full_css and url.split("?")[0].endswith(".css") and original.is_file():
                route.fulfill(body=original.read_bytes(), content_type="text/css")
            else:
                route.continue_()

        context.route("**/*", route)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{server}/{path}", wait_until="load")
        page.wait_for_load_state("networkidle")
        return page, errors

    yield open_
    for context in contexts:
        context.close()


#: Elements whose looks are compared, trimmed against untrimmed (first match of each).
KEY_ELEMENTS = (
    "body",
    ".bd-header-article",
    ".bd-sidebar-primary",
    ".bd-sidebar-primary .nav-link",
    ".bd-sidebar-primary .toctree-l1 a",
    ".bd-sidebar-secondary",
    ".page-toc.onthispage",
    "nav.page-toc .toc-entry",
    "nav.page-toc .nav-link",
    "article.bd-article",
    "article h1",
    "article h2",
    "article p",
    "article a.reference",
    "article ul li",
    ".article-header-buttons .btn",
    ".theme-switch-button",
    ".theme-switch-button i",
    ".dropdown-launch-buttons .dropdown-toggle",
    ".dropdown-download-buttons .dropdown-toggle",
    ".dropdown-download-buttons .dropdown-menu",
    ".dropdown-download-buttons .dropdown-item",
    ".search-button__button",
    ".admonition.tip",
    ".admonition.tip .admonition-title",
    ".exercise.admonition",
    ".exercise.admonition .admonition-title",
    ".solution.admonition",
    ".solution.admonition .admonition-title",
    "details.hide.above-input",
    "details.hide summary",
    "details.hide summary .admonition-title",
    ".cell_input .highlight pre",
    ".highlight .n",
    ".highlight .o",
    ".highlight .kn",
    ".cell_output",
    ".cell_output pre",
    "table",
    "table th",
    "table td",
    ".prev-next-area a",
    ".prev-next-title",
    "footer",
    ".bd-footer-content",
    "kbd",
    "dl.glossary dt",
)
PROPERTIES = (
    "display",
    "position",
    "visibility",
    "width",
    "height",
    "margin",
    "padding",
    "color",
    "background-color",
    "border-top",
    "border-left",
    "border-radius",
    "font-family",
    "font-size",
    "font-weight",
    "line-height",
    "box-shadow",
    "opacity",
    "overflow-x",
    "z-index",
)
STYLES_OF_KEY_ELEMENTS = """([selectors, properties]) => {
  const out = {};
  for (const sel of selectors) {
    const el = document.querySelector(sel);
    if (!el) continue;
    const cs = getComputedStyle(el);
    out[sel] = Object.fromEntries(properties.map(p => [p, cs.getPropertyValue(p)]));
    for (const pseudo of ['::before', '::after']) {
      const ps = getComputedStyle(el, pseudo);
      out[sel][pseudo] = [ps.content, ps.color, ps.fontFamily, ps.display].join(' | ');
    }
  }
  return out;
}"""
OPEN_EVERYTHING = """() => {
  document.querySelector('.dropdown-download-buttons .dropdown-toggle')?.click();
  document.querySelectorAll('details').forEach(d => { d.open = true; });
}"""
LOOK_PAGES = ("index.html", "chapters/01_predicting_future_crimes.html", "appendix/glossary.html")


@pytest.mark.book
@pytest.mark.browser
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", LOOK_PAGES)
def test_trimmed_pages_look_like_untrimmed(visit, path, width, dark):
    looks = {}
    for full_css in (True, False):
        page, errors = visit(path, width, dark=dark, full_css=full_css)
        assert errors == [], f"{path}: {errors}"
        arguments = [list(KEY_ELEMENTS), list(PROPERTIES)]
        closed = page.evaluate(STYLES_OF_KEY_ELEMENTS, arguments)
        page.evaluate(OPEN_EVERYTHING)
        page.wait_for_timeout(500)
        opened = page.evaluate(STYLES_OF_KEY_ELEMENTS, arguments)
        looks[full_css] = (closed, opened)
    assert len(looks[True][0]) >= 15, sorted(looks[True][0])
    for state in (0, 1):
        untrimmed, trimmed = looks[True][state], looks[False][state]
        assert trimmed.keys() == untrimmed.keys()
        changed = {
            f"{sel} {prop}": (untrimmed[sel][prop], trimmed[sel][prop])
            for sel in untrimmed
            for prop in untrimmed[sel]
            if untrimmed[sel][prop] != trimmed[sel][prop]
        }
        assert changed == {}, f"{path} ({'opened' if state else 'as loaded'}): {changed}"


def visible(page, selector: str) -> bool:
    return page.evaluate(
        """sel => { const el = document.querySelector(sel); if (!el) return false;
                    const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
                    return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden'
                           && cs.display !== 'none'; }""",
        selector,
    )


CHAPTER = "chapters/01_predicting_future_crimes.html"


@pytest.mark.book
@pytest.mark.browser
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_sidebars_show_on_a_laptop(visit, dark):
    page, errors = visit(CHAPTER, 1280, dark=dark)
    assert errors == []
    assert visible(page, ".bd-sidebar-primary")
    assert page.locator(".bd-sidebar-primary a.reference").count() >= 5
    assert visible(page, ".bd-sidebar-secondary")
    assert page.locator(".bd-sidebar-secondary nav.page-toc a.nav-link").count() >= 3
    assert "On this page" in page.inner_text(".bd-sidebar-secondary") or "Contents" in (
        page.inner_text(".bd-sidebar-secondary")
    )
    # The sidebar is a column beside the text, not on top of it.
    side = page.locator(".bd-sidebar-primary").bounding_box()
    text = page.locator("article.bd-article").bounding_box()
    assert side["x"] + side["width"] <= text["x"] + 1


def background_luminance(page) -> float:
    rgb = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    r, g, b = (int(v) for v in re.findall(r"\d+", rgb)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.book
@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_theme_switcher_turns_the_page_dark(visit, width):
    page, errors = visit(CHAPTER, width)
    assert background_luminance(page) > 200
    button = page.locator(".theme-switch-button:visible").first
    for _ in range(3):
        if page.evaluate("() => document.documentElement.dataset.theme") == "dark":
            break
        button.click()
    assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
    page.wait_for_timeout(300)
    assert background_luminance(page) < 60
    assert errors == []


@pytest.mark.book
@pytest.mark.browser
@pytest.mark.parametrize("which", ["launch", "download"])
@pytest.mark.parametrize("width", WIDTHS)
def test_header_dropdowns_open(visit, which, width):
    page, errors = visit(CHAPTER, width)
    menu = f".dropdown-{which}-buttons .dropdown-menu"
    if which == "launch" and not page.locator(menu).count():
        # no launch menu while repository.url is the placeholder (_ext/publishing.py)
        assert "Not published yet" in page.inner_text("body")
        return
    assert not visible(page, menu)
    page.click(f".dropdown-{which}-buttons .dropdown-toggle")
    page.wait_for_timeout(300)
    assert visible(page, menu)
    item = page.locator(f"{menu} .dropdown-item").first.bounding_box()
    assert item["height"] >= 20 and item["width"] >= 80
    # The menu is drawn above the text, with its own background.
    colour = page.evaluate(f"() => getComputedStyle(document.querySelector('{menu}')).zIndex")
    assert int(colour) >= 1000
    assert errors == []


@pytest.mark.book
@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_code_toggle_shows_the_hidden_source(visit, width):
    page, errors = visit(CHAPTER, width)
    toggle = page.locator("details.hide.above-input").first
    source = toggle.locator(".cell_input")
    assert toggle.locator("summary").inner_text().strip() == "Show code cell source"
    assert not source.is_visible()
    toggle.locator("summary").click()
    page.wait_for_timeout(300)
    assert source.is_visible() and source.bounding_box()["height"] > 20
    assert toggle.locator("summary").inner_text().strip() == "Hide code cell source"
    assert errors == []


@pytest.mark.book
@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_exercise_solution_opens(visit, width):
    page, errors = visit(CHAPTER, width)
    solution = page.locator(".solution.dropdown").first
    content = solution.locator("section").first
    assert not content.is_visible()
    solution.locator(".admonition-title").click(position={"x": 12, "y": 8})
    page.wait_for_timeout(400)
    assert content.is_visible() and content.bounding_box()["height"] > 20
    assert errors == []


RESOLVE_COLOUR = """name => { const probe = document.createElement('span');
  probe.style.color = `var(${name})`; document.body.append(probe);
  const colour = getComputedStyle(probe).color; probe.remove(); return colour; }"""


@pytest.mark.book
@pytest.mark.browser
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_admonitions_keep_their_border_colour(visit, dark):
    page, errors = visit("chapters/00_how_to_use.html", 1280, dark=dark)
    tip = page.evaluate(
        "() => getComputedStyle(document.querySelector('.tip.admonition')).borderLeftColor"
    )
    assert tip == page.evaluate(RESOLVE_COLOUR, "--pst-color-success")
    hidden_code = page.evaluate(
        "() => getComputedStyle(document.querySelector('details.hide')).borderLeftColor"
    )
    assert hidden_code == page.evaluate(RESOLVE_COLOUR, "--pst-color-info")
    assert errors == []


@pytest.mark.book
@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_search_dialog_finds_a_word(visit, width):
    page, errors = visit("index.html", width)
    if width < 960:
        page.locator(".search-button__button:visible").first.click()
    else:
        page.keyboard.press("Control+k")
    field = page.locator("#pst-search-dialog input[name=q]")
    field.wait_for(state="visible")
    field.fill("neighbourhoods")
    field.press("Enter")
    page.wait_for_url("**/search.html?q=neighbourhoods*")
    page.wait_for_selector("#search-results li", timeout=10_000)
    found = page.locator("#search-results li a").all_inner_texts()
    assert any("Records are not crime" in title or "Predicting" in title for title in found), found
    assert errors == []


def gzip_weight(site: Path, server: str, urls: list[str]) -> tuple[int, list[tuple[int, str]]]:
    """(gzip bytes, rows (gzip, path)) of what a page loaded: conftest.page_weight."""
    _, compressed, rows = page_weight(site, server, urls)
    return compressed, [(gz, path) for gz, _, path in rows]


def is_theme_file(name: str) -> bool:
    """Served by the theme and Sphinx, not by the course (its chart and maths libraries
    live in _static/lib/, its own style sheet is course.css)."""
    return (
        name.startswith("_static/")
        and not name.startswith("_static/lib/")
        and not name.startswith("_static/course")
        and not name.endswith(".svg")
    )


def is_text_only(path: str) -> bool:
    html = (SITE / path).read_text(encoding="utf-8")
    return 'id="pl-chart-' not in html and 'class="math' not in html


@pytest.mark.book
@pytest.mark.browser
@pytest.mark.parametrize("path", built_pages())
def test_page_weight_on_a_phone(site, server, open_page, path):
    record = open_page(path, width=390, height=844)
    record.page.wait_for_timeout(300)
    assert record.console_errors == [] and record.page_errors == []
    total, rows = gzip_weight(site, server, record.loaded)
    budget = TEXT_PAGE_BUDGET if is_text_only(path) else PAGE_BUDGET
    heaviest = "; ".join(f"{name} {size / 1e3:.1f} kB" for size, name in rows[:6])
    assert total <= budget, f"{path}: {total / 1e3:.0f} kB > {budget / 1e3:.0f} kB: {heaviest}"
    theme = [(size, name) for size, name in rows if is_theme_file(name)]
    theme_total = sum(size for size, _ in theme)
    assert theme_total <= THEME_BUDGET, (
        f"{path}: the theme sends {theme_total / 1e3:.0f} kB: {theme}"
    )
    loaded = {name.rsplit("/", 1)[-1] for _, name in rows}
    if path != "search.html":
        assert not loaded & set(pw.SEARCH_SCRIPTS), (
            f"{path} loaded {loaded & set(pw.SEARCH_SCRIPTS)}"
        )
