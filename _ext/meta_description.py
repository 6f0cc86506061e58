"""A ``<meta name="description">`` on every page, for search engines and link previews.

A page keeps the description its front matter gives (MyST's ``html_meta``)::

    myst:
      html_meta:
        description: What the page is about, in at most 160 characters.

Any other page gets one from its first paragraph of running text (not one inside a tip,
an exercise, a code cell or a list), without citations, shortened at a word to at most
:data:`LIMIT` characters. Pages Sphinx writes itself (search, index) get a fixed sentence
that names the course.
"""

from __future__ import annotations

import html
import re

from docutils import nodes
from sphinx.application import Sphinx

LIMIT = 160  # characters; what search engines show of a description
HAS_DESCRIPTION = re.compile(r"<meta\s[^>]*name=[\"']description[\"']", re.IGNORECASE)
# Paragraphs in these are not the page's running text.
ASIDE = (
    nodes.Admonition,
    nodes.container,
    nodes.list_item,
    nodes.definition_list,
    nodes.table,
    nodes.footnote,
    nodes.citation,
    nodes.topic,
    nodes.sidebar,
    nodes.block_quote,
    nodes.field_list,
)
# Generated pages: (pagename, sentence); {title} is the course's title.
GENERATED = {
    "search": "Search the pages of the course “{title}”.",
    "genindex": "Index of the terms of the course “{title}”.",
}


def shorten(text: str, limit: int = LIMIT) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters."""
    if limit < 20:
        raise ValueError(f"limit must be at least 20 characters, got {limit}")
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.–—(") + "…"


def _text(node: nodes.Node) -> str:
    """The words of ``node``, leaving out citations ("[Lum and Isaac, 2016]")."""
    if isinstance(node, nodes.Text):
        return str(node)
    if isinstance(node, nodes.Element) and (
        "bibtex-citation" in node.get("classes", []) or isinstance(node, nodes.citation_reference)
    ):
        return ""
    return "".join(_text(child) for child in node.children)


def _without_empty_brackets(text: str) -> str:
    """What is left where a citation was: "tasks [] ." -> "tasks."."""
    text = re.sub(r"\s*[\[(]\s*[\])]", "", text)
    return re.sub(r"\s+([.,;:!?])", r"\1", text)


def description_from(doctree: nodes.Node, min_length: int = 40) -> str | None:
    """The first paragraph of running text in ``doctree`` that says something, shortened."""
    for paragraph in doctree.findall(nodes.paragraph):
        parent = paragraph.parent
        aside = False
        while parent is not None:
            if isinstance(parent, ASIDE):
                aside = True
                break
            parent = parent.parent
        if aside:
            continue
        text = " ".join(_without_empty_brackets(_text(paragraph)).split())
        if len(text) >= min_length:
            return shorten(text)
    return None


def _on_page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    metatags = context.get("metatags", "")
    if HAS_DESCRIPTION.search(metatags):
        return
    title = app.config.html_title or app.config.project
    description = description_from(doctree) if doctree is not None else None
    if description is None:
        sentence = GENERATED.get(pagename)
        page_title = re.sub(r"<[^>]+>", "", context.get("title", "")).strip()
        if sentence is None:
            sentence = f"{page_title}: a page of the course “{{title}}”."
        description = shorten(sentence.format(title=title))
    tag = f'<meta name="description" content="{html.escape(description)}" />\n'
    context["metatags"] = metatags + tag


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", _on_page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
