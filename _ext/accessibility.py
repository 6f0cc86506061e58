"""Small repairs to the HTML that Sphinx and the theme write, found by axe-core.

* The bibliography (docutils citations, via sphinxcontrib-bibtex) is marked up as
  ``role="list"`` holding ``role="doc-biblioentry"`` entries. That role is deprecated in
  WAI-ARIA and the list also holds back-reference links, so axe-core reports
  ``aria-deprecated-role`` and ``aria-required-children``. The entries read well as plain
  blocks, each with its number, so the roles are removed.
"""

from __future__ import annotations

from sphinx.application import Sphinx

REPLACEMENTS = (
    ('<div role="list" class="citation-list">', '<div class="citation-list">'),
    (' role="doc-biblioentry"', ""),
)


def _on_page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    body = context.get("body")
    if not body:
        return
    for old, new in REPLACEMENTS:
        body = body.replace(old, new)
    context["body"] = body


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", _on_page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
