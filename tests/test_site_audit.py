"""Chapter 7's impact-assessment form and the audit checklist, in the browser."""

from __future__ import annotations

import itertools

import pytest

from policing_lab import audit

pytestmark = [pytest.mark.book, pytest.mark.browser]

CHAPTER_7 = "chapters/07_accountability.html"
CHECKLIST = "appendix/audit_checklist.html"
FORM = "#aia-proposal"


def _choose(page, answers: dict[str, str]) -> None:
    for key, option in answers.items():
        page.check(f'{FORM} input[name="aia-proposal-{key}"][data-key="{option}"]')


def _answer_sets():
    """A spread of answer sets: every impact option, with no, some and all safeguards."""
    impact = [q for q in audit.AIA_QUESTIONS if q.kind == "impact"]
    keys = [[o[0] for o in q.options] for q in impact]
    safeguards = (
        {"human": "no", "audit": "no", "logs": "no", "appeal": "no"},
        {"human": "yes", "audit": "internal", "logs": "yes", "appeal": "yes"},  # exactly 80%
        {"human": "yes", "audit": "internal", "logs": "no", "appeal": "yes"},  # 60%
    )
    combos = list(itertools.product(*keys))
    picked = combos[:: max(1, len(combos) // 12)]
    return [
        {
            **dict(zip([q.key for q in impact], combo, strict=True)),
            **safeguards[i % len(safeguards)],
        }
        for i, combo in enumerate(picked)
    ]


def test_07_form_scores_as_the_package_does(open_page):
    record = open_page(CHAPTER_7, width=390, height=844)
    page = record.page
    for answers in _answer_sets():
        _choose(page, answers)
        expected = audit.impact_assessment(answers)
        level = page.eval_on_selector(FORM, "f => Number(f.dataset.level)")
        score = page.eval_on_selector(FORM, "f => Number(f.dataset.score)")
        assert level == expected["level"], answers
        assert score == pytest.approx(expected["score"]), answers
        shown = page.inner_text(f"{FORM} .pl-aia-result")
        assert f"impact level {('I', 'II', 'III', 'IV')[expected['level'] - 1]}." in shown
    assert record.page_errors == [] and record.console_errors == []


def test_07_form_is_operated_from_the_keyboard(open_page):
    page = open_page(CHAPTER_7).page
    first = f'{FORM} input[name="aia-proposal-decision"]'
    page.focus(f"{first}:checked")
    before = page.eval_on_selector(FORM, "f => f.dataset.score")
    page.keyboard.press("ArrowDown")  # patrol -> stop: a higher impact score
    after = page.eval_on_selector(FORM, "f => f.dataset.score")
    assert float(after) > float(before)


def test_checklist_prints_on_one_sheet(open_page):
    page = open_page(CHECKLIST).page
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1
    text = page.inner_text(".pl-checklist")
    for heading in ("Ask for the data", "Compute", "Decide", "Should it be built at all?"):
        assert heading in text
