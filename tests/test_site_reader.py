"""The site's controls, pressed the way a reader presses them, on a phone and a laptop.

Navigation drawers (chapters and "on this page"), the header's buttons and menus, search,
folded solutions and the quizzes' number boxes, each driven in headless Chromium with
the keyboard, the mouse or a tap-sized click, at 390 px (a phone) and 1280 px (a laptop).
"""

from __future__ import annotations

import json

import pytest
from conftest import built_pages
from playwright.sync_api import expect
from test_site import CHAPTER_0, html_of, pages_with_quizzes
from typed_numbers import READABLE, REFUSED

from policing_lab import checks

pytestmark = [pytest.mark.book, pytest.mark.browser]

PHONE = 390
LAPTOP = 1280
PRIMARY = ".bd-header-article .primary-toggle"
SECONDARY = ".bd-header-article .secondary-toggle"
PRIMARY_DIALOG = "#pst-primary-sidebar-modal"
SECONDARY_DIALOG = "#pst-secondary-sidebar-modal"


def pages_with_solutions() -> list[str]:
    return [p for p in built_pages() if 'class="solution dropdown' in html_of(p)]


def pages_with_page_toc() -> list[str]:
    return [p for p in built_pages() if "secondary-toggle" in html_of(p)]


def dialog_open(page, selector: str) -> bool:
    return page.eval_on_selector(selector, "d => d.open")


def in_view(page, selector: str) -> bool:
    """True if the element is rendered and at least half of it lies inside the viewport."""
    return page.eval_on_selector(
        selector,
        """el => { const r = el.getBoundingClientRect(), s = getComputedStyle(el);
                   if (s.display === 'none' || s.visibility === 'hidden' || !r.width) return false;
                   const seen = Math.min(r.right, innerWidth) - Math.max(r.left, 0);
                   return seen >= r.width / 2 && r.bottom > 0 && r.top < innerHeight; }""",
    )


def focused(page) -> str:
    return page.evaluate("() => document.activeElement.className || document.activeElement.tagName")


# --------------------------------------------------------------------------------------
# Navigation drawers


def test_every_page_has_one_chapters_button_and_no_hidden_copy():
    """The theme binds to the first button of each kind, so there must be no hidden one."""
    for path in built_pages():
        html = html_of(path)
        assert html.count("primary-toggle") == 1, path
        assert html.count("secondary-toggle") <= 1, path


@pytest.mark.parametrize("path", built_pages())
def test_chapters_drawer_opens_and_closes_on_a_phone(open_page, path):
    record = open_page(path, width=PHONE, height=844)
    page = record.page
    toggle = page.locator(PRIMARY)
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert not in_view(page, "#pst-primary-sidebar")

    toggle.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.querySelector('{PRIMARY_DIALOG}').open")
    target = "03_rare_events" if path.endswith("04_feedback_loops.html") else "04_feedback_loops"
    chapter_link = page.locator(f"{PRIMARY_DIALOG} a[href*='{target}']").first
    chapter_link.wait_for(state="visible")
    assert in_view(page, PRIMARY_DIALOG)
    expect(toggle).to_have_attribute("aria-expanded", "true")
    assert page.eval_on_selector(PRIMARY_DIALOG, "d => d.contains(document.activeElement)")

    page.keyboard.press("Escape")
    page.wait_for_function(f"() => !document.querySelector('{PRIMARY_DIALOG}').open")
    page.wait_for_function("el => document.activeElement === el", arg=toggle.element_handle())
    expect(toggle).to_have_attribute("aria-expanded", "false")

    page.keyboard.press("Space")  # focus came back: Space opens it again
    page.wait_for_function(f"() => document.querySelector('{PRIMARY_DIALOG}').open")
    page.mouse.click(PHONE - 15, 600)  # the dimmed page beside the drawer
    page.wait_for_function(f"() => !document.querySelector('{PRIMARY_DIALOG}').open")

    toggle.click()  # and a tap opens it, and a chapter link in it works
    chapter_link.wait_for(state="visible")
    chapter_link.click()
    page.wait_for_url(f"**/{target}*.html*")
    assert record.page_errors == [] and record.console_errors == []


@pytest.mark.parametrize("path", pages_with_page_toc())
def test_on_this_page_drawer_opens_and_closes_on_a_phone(open_page, path):
    record = open_page(path, width=PHONE, height=844)
    page = record.page
    toggle = page.locator(SECONDARY)
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    toggle.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.querySelector('{SECONDARY_DIALOG}').open")
    page.locator(f"{SECONDARY_DIALOG} nav a").first.wait_for(state="visible")
    assert in_view(page, SECONDARY_DIALOG)
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    page.wait_for_function(f"() => !document.querySelector('{SECONDARY_DIALOG}').open")
    expect(toggle).to_have_attribute("aria-expanded", "false")

    toggle.click()
    page.wait_for_function(f"() => document.querySelector('{SECONDARY_DIALOG}').open")
    page.mouse.click(15, 600)  # the dimmed page beside the drawer (it opens on the right)
    page.wait_for_function(f"() => !document.querySelector('{SECONDARY_DIALOG}').open")
    assert record.page_errors == [] and record.console_errors == []


@pytest.mark.parametrize("path", ["index.html", CHAPTER_0])
def test_chapters_button_collapses_and_restores_the_sidebar_on_a_laptop(open_page, path):
    record = open_page(path, width=LAPTOP)
    page = record.page
    toggle = page.locator(PRIMARY)
    article_width = page.eval_on_selector("main", "m => m.getBoundingClientRect().width")
    assert in_view(page, "#pst-primary-sidebar")
    expect(toggle).to_have_attribute("aria-expanded", "true")

    toggle.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('#pst-primary-sidebar')).visibility"
        " === 'hidden'"
    )
    assert not dialog_open(page, PRIMARY_DIALOG)  # collapsed in place, not a drawer
    expect(toggle).to_have_attribute("aria-expanded", "false")
    wider = page.eval_on_selector("main", "m => m.getBoundingClientRect().width")
    assert wider > article_width + 100
    assert "primary-toggle" in focused(page)  # the keyboard user keeps their place

    page.keyboard.press("Space")
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('#pst-primary-sidebar')).visibility"
        " === 'visible' && document.querySelector('#pst-primary-sidebar')"
        ".getBoundingClientRect().left >= 0"  # it slides back in
    )
    assert in_view(page, "#pst-primary-sidebar")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    assert record.page_errors == [] and record.console_errors == []


# --------------------------------------------------------------------------------------
# The header's other buttons still work, and every one shows focus


@pytest.mark.parametrize("width", [PHONE, LAPTOP])
def test_header_buttons_show_a_focus_ring(open_page, width):
    page = open_page(CHAPTER_0, width=width).page
    buttons = page.eval_on_selector_all(
        ".bd-header-article a[href], .bd-header-article button, "
        ".bd-sidebar-primary .search-button-field",
        "els => els.filter(e => e.offsetParent !== null).length",
    )
    assert buttons >= 5
    seen, missing = set(), []
    for _ in range(60):
        page.keyboard.press("Tab")
        state = page.evaluate(
            """() => { const e = document.activeElement;
                 if (!e.closest('.bd-header-article, .bd-sidebar-primary .search-button-field'))
                   return null;
                 const s = getComputedStyle(e);
                 const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)
                   || /\\b[2-9](\\.\\d+)?px\\b/.test(s.boxShadow);
                 const name = e.getAttribute('aria-label') || e.title || e.textContent.trim();
                 return [name, ring]; }"""
        )
        if state:
            seen.add(state[0])
            if not state[1]:
                missing.append(state[0])
    assert len(seen) >= buttons, f"reached {sorted(seen)} of {buttons} buttons"
    assert missing == [], f"no visible focus ring on: {missing}"


@pytest.mark.parametrize("width", [PHONE, LAPTOP])
def test_search_theme_switch_and_menus_work(open_page, width):
    record = open_page(CHAPTER_0, width=width)
    page = record.page
    # Download menu: opens from the keyboard and offers the notebook
    menu_button = page.locator(".bd-header-article button[aria-label='Download this page']")
    menu_button.focus()
    page.keyboard.press("Enter")
    item = page.locator(".bd-header-article .dropdown-menu.show a[href$='.ipynb']")
    item.wait_for(state="visible")
    page.keyboard.press("Escape")
    # Launch menu: offers Binder (no menu while the course has only the placeholder
    # address: the page says so instead; test_site.py checks which applies)
    launch = page.locator(".bd-header-article button[aria-label='Launch interactive content']")
    if launch.count():
        launch.click()
        page.locator(".dropdown-menu.show a[href*='mybinder.org']").wait_for(state="visible")
        page.keyboard.press("Escape")
    else:
        assert "Not published yet" in page.inner_text("body")
    # Theme switch: it cycles light -> system ("auto") -> dark
    switch = page.locator(".bd-header-article .theme-switch-button")
    modes = []
    for _ in range(2):
        switch.click()
        modes.append(page.evaluate("() => document.documentElement.dataset.mode"))
    assert modes == ["auto", "dark"]
    assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
    # Search: the visible search button (header on a phone, sidebar on a laptop) opens
    # the search box; Enter shows results
    page.locator(".search-button__button >> visible=true").first.click()
    box = page.locator("#pst-search-dialog input[name=q]")
    box.wait_for(state="visible")
    box.type("patrol")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?q=patrol*")
    page.locator("#search-results li a").first.wait_for(state="visible", timeout=10_000)
    assert record.page_errors == [] and record.console_errors == []


def text_gap_after_search_icon(box) -> float:
    """Pixels between the magnifying glass and where the typed text starts (< 0: covered)."""
    return box.evaluate(
        """input => { const icon = input.parentElement.querySelector('.fa-magnifying-glass');
                      const text = input.getBoundingClientRect().left
                                 + parseFloat(getComputedStyle(input).paddingLeft);
                      return text - icon.getBoundingClientRect().right; }"""
    )


@pytest.mark.parametrize("width", [PHONE, LAPTOP])
def test_search_text_starts_after_the_icon(open_page, width):
    page = open_page(CHAPTER_0, width=width).page
    page.locator(".search-button__button >> visible=true").first.click()
    dialog_box = page.locator("#pst-search-dialog input[name=q]")
    dialog_box.type("W")
    assert text_gap_after_search_icon(dialog_box) >= 4
    page = open_page("search.html", width=width).page
    page_box = page.locator(".bd-search input[name=q] >> visible=true").first
    page_box.fill("W")
    assert text_gap_after_search_icon(page_box) >= 4


# --------------------------------------------------------------------------------------
# Folded solutions


@pytest.mark.parametrize("width", [PHONE, LAPTOP])
@pytest.mark.parametrize("path", pages_with_solutions())
def test_whole_solution_title_opens_and_closes_it(open_page, path, width):
    record = open_page(path, width=width)
    page = record.page
    url = page.url
    solutions = page.locator(".solution.dropdown")
    solutions.first.locator("button.toggle-button").wait_for(state="attached")
    assert solutions.count() >= 1
    for i in range(solutions.count()):
        solution = solutions.nth(i)
        content = solution.locator("section").first
        button = solution.locator("button.toggle-button")
        assert not content.is_visible()
        assert button.get_attribute("aria-label").startswith("Show solution to Exercise (")
        # the words "Exercise (...)" in the title (a link before): open, no jump
        solution.locator(".admonition-title .pl-solution-of").click()
        content.wait_for(state="visible")
        assert page.url == url
        expect(button).to_have_attribute("aria-expanded", "true")
        assert button.get_attribute("aria-label").startswith("Hide solution to")
        solution.locator(".admonition-title").click(position={"x": 5, "y": 5})  # its edge
        content.wait_for(state="hidden")
        # from the keyboard: the chevron button, Enter then Space
        button.focus()
        page.keyboard.press("Enter")
        content.wait_for(state="visible")
        page.keyboard.press("Space")
        content.wait_for(state="hidden")
        expect(button).to_have_attribute("aria-expanded", "false")
    assert record.page_errors == [] and record.console_errors == []


def test_solution_button_name_starts_with_its_visible_hint(open_page):
    """Speech input: saying what is shown ("Show") must reach the button."""
    page = open_page(CHAPTER_0, width=LAPTOP).page
    button = page.locator(".solution.dropdown button.toggle-button").first
    button.wait_for(state="attached")
    hint = page.evaluate(
        "b => getComputedStyle(b, '::before').content.replace(/^\"|\"$/g, '')",
        button.element_handle(),
    )
    assert hint == "Show"
    assert button.get_attribute("aria-label").startswith(hint + " ")


# --------------------------------------------------------------------------------------
# Quizzes: the number box


def test_quiz_reads_numbers_as_the_kernel_does(open_page):
    """The page's reader of typed numbers and checks.read_number agree, message for message."""
    page = open_page(CHAPTER_0).page
    texts = [*READABLE, *REFUSED]
    on_page = page.evaluate("texts => texts.map(t => window.plReadNumber(t))", texts)
    for text, result in zip(texts, on_page, strict=True):
        value, problem = checks._read(text)
        if text in READABLE:
            assert result.get("value") == pytest.approx(READABLE[text]), text
        else:
            assert REFUSED[text] in result["problem"], text
        assert (result.get("value"), result.get("problem", "")) == (value, problem), text


def numeric_questions(page) -> list:
    return [
        q for q in page.locator("fieldset.pl-q").all() if q.get_attribute("data-kind") == "number"
    ]


@pytest.mark.parametrize("path", pages_with_quizzes())
def test_enter_in_the_number_box_checks_the_answer(open_page, path):
    record = open_page(path, width=PHONE)
    page = record.page
    questions = numeric_questions(page)
    for question in questions:
        spec = json.loads(question.get_attribute("data-spec"))
        feedback = question.locator(".pl-quiz-feedback")
        question.locator("input").focus()
        page.keyboard.type(repr(spec["answer"]))
        page.keyboard.press("Enter")
        assert feedback.inner_text().startswith("\u2714 Correct"), question.get_attribute("id")
        assert page.url.endswith(path)  # the form was not submitted
    assert record.page_errors == [] and record.console_errors == []


def test_decimal_comma_is_read_as_a_decimal(open_page):
    """A quiz whose answer has decimals, answered as written in Argentina or Spain."""
    for path in pages_with_quizzes():
        page = open_page(path).page
        for question in numeric_questions(page):
            spec = json.loads(question.get_attribute("data-spec"))
            if spec["answer"] != int(spec["answer"]):
                question.locator("input").fill(f"{spec['answer']:.4f}".replace(".", ","))
                question.locator("button.pl-check").click()
                text = question.locator(".pl-quiz-feedback").inner_text()
                assert text.startswith("\u2714 Correct"), f"{path}: {text}"
                return
    pytest.fail("no quiz question has an answer with decimals")


def test_letter_o_for_zero_is_refused_with_a_message(open_page):
    record = open_page(CHAPTER_0, width=PHONE)
    page = record.page
    question = page.locator("#how-to-quiz-q3")  # answer 60
    assert json.loads(question.get_attribute("data-spec"))["answer"] == 60
    box, feedback = question.locator("input"), question.locator(".pl-quiz-feedback")
    box.fill("6O")
    box.press("Enter")
    said = feedback.inner_text()
    assert said.startswith("\u2718 Not yet") and "the letter O" in said
    assert "too low" not in said  # it was not read as 6
    box.fill("60")
    box.press("Enter")
    assert feedback.inner_text().startswith("\u2714 Correct")
    box.fill("")
    box.press("Enter")
    assert "Type a number first" in feedback.inner_text()
    assert record.page_errors == [] and record.console_errors == []


# --------------------------------------------------------------------------------------
# Dark mode: quizzes and feedback follow the theme


def relative_luminance(css_colour: str) -> float:
    parts = css_colour[css_colour.index("(") + 1 : css_colour.index(")")].split(",")
    channels = [float(c) / 255 for c in parts[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("path", pages_with_quizzes())
def test_quiz_and_feedback_are_dark_in_dark_mode(open_page, path):
    page = open_page(path, dark=True).page
    assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
    for check in page.locator("button.pl-check").all():
        check.click()
    panels = page.eval_on_selector_all(
        ".pl-quiz, .pl-feedback",
        "els => els.map(e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color])",
    )
    assert panels
    for background, colour in panels:
        if not background.startswith("rgba(0, 0, 0, 0"):  # transparent shows the dark page
            assert relative_luminance(background) < 0.05, background
        assert relative_luminance(colour) > 0.4, colour
