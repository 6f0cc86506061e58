"""Small repairs to the HTML that Sphinx and the theme write, found by axe-core.

* The bibliography (docutils citations, via sphinxcontrib-bibtex) is marked up as
  ``role="list"`` holding ``role="doc-biblioentry"`` entries. That role is deprecated in
  WAI-ARIA and the list also holds back-reference links, so axe-core reports
  ``aria-deprecated-role`` and ``aria-required-children``. The entries read well as plain
  blocks, each with its number, so the roles are removed.
* Folded code cells (myst-nb's ``<summary aria-label="Toggle hidden content">``) show
  "Show code cell source" but were named "Toggle hidden content": a speech-input user who
  says what they see could not press them (axe-core's ``label-content-name-mismatch``).
  Without the label the summary is named by its visible text.
* The sidebar's search button shows "Search Ctrl+K" but was labelled "Search" (the same
  rule); without the label it is named by what it shows. The icon-only search button of
  the article header keeps its label.
* The title of a folded solution held a link back to its exercise, which sits just above
  it: clicking the title's text followed the link instead of opening the solution. The
  link becomes plain text, so the whole title opens the solution (``_static/course.js``).
* The header buttons that open the chapters and "on this page" panels were titled
  "Toggle primary sidebar" and "Toggle secondary sidebar"; they are titled by what they
  open.
* Every page had three ``<meta name="viewport">`` tags (Sphinx's basic layout, docutils and
  the theme each write one). They agree today, but a browser uses one of them, so a later
  change to any one could silently change how the course zooms on a phone. The first is
  kept.

The repairs of a page's body run on each page as it is written; those of the theme's
own markup (sidebars, header) run on the written files when the build finishes.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx

REPLACEMENTS = (
    ('<div role="list" class="citation-list">', '<div class="citation-list">'),
    (' role="doc-biblioentry"', ""),
    ('<summary aria-label="Toggle hidden content">', "<summary>"),
)

# <p class="admonition-title">Solution to<a class="reference internal" href="#x"> Exercise (…)</a>
SOLUTION_TITLE = re.compile(
    r'(<div class="solution dropdown[^"]*"[^>]*>\s*<p class="admonition-title">)'
    r'([^<]*)<a class="reference internal" href="[^"]*">\s*(.*?)</a>(</p>)',
    re.S,
)
SEARCH_FIELD_BUTTON = re.compile(r'<button class="btn search-button-field[^"]*"[^>]*>')
VIEWPORT = re.compile(r'\s*<meta name="viewport"[^>]*>')
PAGE_REPLACEMENTS = (
    ('title="Toggle primary sidebar"', 'title="Chapters"'),
    ('title="Toggle secondary sidebar"', 'title="On this page"'),
)


def repair_body(body: str) -> str:
    """The repairs of a page's body (the HTML written from the page's own source)."""
    for old, new in REPLACEMENTS:
        body = body.replace(old, new)
    return SOLUTION_TITLE.sub(
        lambda m: f'{m[1]}{m[2].rstrip()} <span class="pl-solution-of">{m[3]}</span>{m[4]}',
        body,
    )


def one_viewport(html: str) -> str:
    """``html`` with only its first ``<meta name="viewport">`` tag."""
    seen = False

    def keep_first(match: re.Match) -> str:
        nonlocal seen
        if seen:
            return ""
        seen = True
        return match[0]

    return VIEWPORT.sub(keep_first, html)


def repair_page(html: str) -> str:
    """The repairs of a whole written page (the theme's header and sidebars)."""
    html = one_viewport(html)
    html = SEARCH_FIELD_BUTTON.sub(lambda m: re.sub(r'\s+aria-label="[^"]*"', "", m[0]), html)
    for old, new in PAGE_REPLACEMENTS:
        html = html.replace(old, new)
    return html


def _on_page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    body = context.get("body")
    if body:
        context["body"] = repair_body(body)


def _on_build_finished(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    for path in outdir.rglob("*.html"):
        if "_static" in path.relative_to(outdir).parts:
            continue
        text = path.read_text(encoding="utf-8")
        repaired = repair_page(text)
        if repaired != text:
            path.write_text(repaired, encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", _on_page_context)
    app.connect("build-finished", _on_build_finished)
    return {"version": "1.2", "parallel_read_safe": True, "parallel_write_safe": True}
