"""Formulas written as MathML when the book is built, so that no page loads a maths script.

Browsers draw MathML themselves (MathML Core: Chromium 109 and later, Firefox, Safari),
so a formula costs a few hundred bytes of HTML instead of MathJax's 260 kB of script and
its fonts, and it is on screen as soon as the text is.

What this Sphinx extension does:

* registers the HTML maths renderer ``mathml`` and selects it (``html_math_renderer``),
  so Sphinx's MathJax is never added to a page;
* converts the TeX of every formula (MyST ``$...$``, ``$$...$$``, ``{math}``, and the
  amsmath environments listed in :data:`ENVIRONMENTS`) with the pure-Python package
  latex2mathml;
* keeps the TeX source inside each formula, as
  ``<semantics>...<annotation encoding="application/x-tex">``, for copying and for
  assistive technology that reads TeX;
* writes display formulas in a ``div.math`` that scrolls sideways on a narrow screen
  instead of being cut (``mathml.css`` beside this file, linked only from pages with
  maths), and keeps Sphinx's equation numbers;
* stops the build with an :class:`~sphinx.errors.ExtensionError` naming the page, the
  line and the formula when a formula cannot be converted faithfully (a syntax error,
  an unknown command or environment): latex2mathml would otherwise print an unknown
  command as text, or drop an unknown environment, without a word.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from xml.etree.ElementTree import Element

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.util.math import get_node_equation_number

RENDERER = "mathml"
TEX = "application/x-tex"
CSS = Path(__file__).with_name("mathml.css")  # copied to _static/, linked where maths is

#: amsmath environments that latex2mathml lays out; ``equation`` is unwrapped (Sphinx
#: numbers it). ``align`` is converted without latex2mathml's own row numbers, for the
#: same reason.
ENVIRONMENTS = frozenset(
    {
        *(f"{kind}matrix{star}" for kind in ("", "p", "b", "B", "v", "V") for star in ("", "*")),
        "smallmatrix",
        "array",
        "cases",
        "split",
        "align",
        "align*",
        "equation",
        "equation*",
    }
)
_BEGIN = re.compile(r"\\begin\s*\{([^}]*)\}")
_EQUATION = re.compile(r"^\s*\\begin\{equation\*?\}(.*)\\end\{equation\*?\}\s*$", re.DOTALL)
_ALIGN = re.compile(r"\\(begin|end)\{align\}")
# latex2mathml writes characters as text like "&#x02212;" and leaves everything else raw.
_CHAR_REF = re.compile(r"&#x([0-9a-fA-F]+);|&#([0-9]+);")
# What TeX's grouping and alignment characters become when latex2mathml, meeting them
# where they make no sense, prints them as symbols (escaped ones, like \{, come as refs).
_STRAY = {"{", "}", "&", "^", "_", "#", "$"}
# 1{,}000: TeX's way to write a thousands separator without the space after a comma.
_THOUSANDS = re.compile(r"<mn>([0-9.,]+)</mn><mrow><mo>,</mo></mrow><mn>([0-9.]+)</mn>")


def _decode(text: str) -> str:
    return _CHAR_REF.sub(lambda m: chr(int(m[1], 16) if m[1] else int(m[2])), text)


def _problems(element: Element) -> list[str]:
    """Signs that latex2mathml printed TeX it did not understand."""
    found = []
    for el in element.iter():
        raw = el.text or ""
        if "\\" in raw:
            found.append(f"unknown command '{_decode(raw).strip()}'")
        elif el.tag in ("mi", "mo") and raw in _STRAY:
            found.append(f"unbalanced or misplaced '{raw}'")
    return found


_OPENING = {"(", "[", "{", "|", "\u2016", "\u27e8"}
_SCRIPTED = ("msub", "msup", "msubsup", "munder", "mover", "munderover")


def _fence_matrices(root: Element) -> None:
    """Make the brackets of pmatrix, bmatrix, cases... as tall as their table.

    latex2mathml writes them as plain ``<mo>`` next to the ``<mtable>``; in the middle of
    a row a browser reads them as infix operators, which do not stretch. In an ``<mrow>``
    of their own, marked as fences, they do.
    """
    for parent in list(root.iter()):
        kids = list(parent)
        for i, table in enumerate(kids):
            if table.tag != "mtable" or i == 0:
                continue
            opening = kids[i - 1]
            if opening.tag != "mo" or _decode(opening.text or "") not in _OPENING:
                continue
            closing = kids[i + 1] if i + 1 < len(kids) and kids[i + 1].tag == "mo" else None
            alone = i == 1 and len(kids) == (3 if closing is not None else 2)
            group = parent if alone else Element("mrow")
            if not alone:
                parent.insert(list(parent).index(opening), group)
            for el, form in ((opening, "prefix"), (table, None), (closing, "postfix")):
                if el is None:
                    continue
                if not alone:
                    parent.remove(el)
                    group.append(el)
                if form:
                    el.attrib.update(form=form, fence="true", stretchy="true")


def _space_like_tex(root: Element) -> None:
    """Spacing that browsers get wrong for latex2mathml's output, set as TeX sets it.

    * ``\\operatorname{diag}(x)``, ``\\max_j (x)``: latex2mathml writes the names as
      ``<mo>``, and a browser gives an operator it does not know a thick space on each
      side; TeX puts none before a bracket.
    * ``2/(1+4)``: the slash is an ordinary symbol in TeX, without spaces.
    """
    for parent in root.iter():
        kids = list(parent)
        for i, kid in enumerate(kids):
            core = kid[0] if kid.tag in _SCRIPTED and len(kid) else kid
            word = _decode(core.text or "")
            if core.tag == "mo" and word == "/":  # a slash is ordinary in TeX: no spaces
                core.attrib.update(lspace="0", rspace="0")
            if core.tag != "mo" or len(word) < 2 or not word.isalpha():
                continue
            core.set("lspace", "0.1667em")
            following = kids[i + 1] if i + 1 < len(kids) else None
            if following is not None and _decode(following.text or "") in _OPENING:
                core.set("rspace", "0")


def _serialise(element: Element) -> str:
    """MathML for an HTML page: characters as UTF-8, markup characters escaped."""
    attributes = "".join(
        f' {name}="{html.escape(_decode(value))}"'
        for name, value in element.attrib.items()
        if name != "xmlns"
    )
    inner = html.escape(_decode(element.text or ""), quote=False)
    inner += "".join(_serialise(child) for child in element)
    tail = html.escape(_decode(element.tail or ""), quote=False)
    if not inner and element.tag in ("mspace", "none", "mprescripts"):
        return f"<{element.tag}{attributes}/>{tail}"
    return f"<{element.tag}{attributes}>{inner}</{element.tag}>{tail}"


def tex_to_mathml(tex: str, display: bool = False) -> str:
    """Return one ``<math>`` element for the TeX formula ``tex``.

    ``display`` chooses a display (block) formula rather than one in the line of text.
    The TeX source is kept in the element as an ``application/x-tex`` annotation.

    For example ``tex_to_mathml(r"\\pi \\cdot 2")`` gives ``<math display="inline">``
    holding ``<mi>π</mi><mo>·</mo><mn>2</mn></mrow>`` and the TeX.

    Raises ``ValueError`` when the formula cannot be converted faithfully: a TeX syntax
    error, an unknown command, or an environment outside :data:`ENVIRONMENTS`.
    """
    from latex2mathml.converter import convert_to_element

    if not isinstance(tex, str) or not tex.strip():
        raise ValueError(f"tex must be a non-empty TeX formula, got {tex!r}")
    source = tex.strip()
    unknown = sorted(set(_BEGIN.findall(source)) - ENVIRONMENTS)
    if unknown:
        raise ValueError(
            f"tex uses the environment {unknown[0]!r}, which cannot be converted; "
            f"use one of {', '.join(sorted(ENVIRONMENTS))}: {source}"
        )
    body = _EQUATION.sub(r"\1", source)
    body = _ALIGN.sub(r"\\\1{align*}", body)
    try:
        element = convert_to_element(body, display="block" if display else "inline")
    except Exception as error:  # latex2mathml's errors have no common base class
        raise ValueError(
            f"tex could not be read ({type(error).__name__} {error}): {source}"
        ) from error
    problems = _problems(element)
    if problems:
        raise ValueError(f"tex could not be converted ({'; '.join(problems)}): {source}")
    _fence_matrices(element)
    _space_like_tex(element)
    # <semantics> shows its first child: one <mrow> (latex2mathml usually writes one).
    children = list(element)
    inner = "".join(_serialise(child) for child in children)
    if len(children) != 1 or children[0].tag != "mrow":
        inner = f"<mrow>{inner}</mrow>"
    while _THOUSANDS.search(inner):
        inner = _THOUSANDS.sub(r"<mn>\1,\2</mn>", inner)
    mode = "block" if display else "inline"
    return (
        f'<math display="{mode}"><semantics>{inner}'
        f'<annotation encoding="{TEX}">{html.escape(source, quote=False)}</annotation>'
        "</semantics></math>"
    )


def _convert(translator, node: nodes.Element, tex: str, display: bool) -> str:
    try:
        return tex_to_mathml(tex, display=display)
    except ValueError as error:
        # An inline formula has no line of its own: take its paragraph's.
        around = node
        while around is not None and not around.line:
            around = around.parent
        builder = translator.builder
        source = builder.env.doc2path(builder.current_docname)
        where = f"{source}:{around.line if around is not None else '?'}"
        raise ExtensionError(f"{where}: a formula cannot be written as MathML. {error}") from None


def visit_math(translator, node: nodes.math) -> None:
    translator.body.append(translator.starttag(node, "span", "", CLASS="math notranslate"))
    translator.body.append(_convert(translator, node, node.astext(), display=False))
    translator.body.append("</span>")
    raise nodes.SkipNode


def visit_math_block(translator, node: nodes.math_block) -> None:
    # A formula wider than a phone scrolls sideways (mathml.css); tabindex lets a reader
    # without a mouse scroll it too.
    translator.body.append(translator.starttag(node, "div", CLASS="math notranslate", tabindex="0"))
    if node.get("number"):
        number = get_node_equation_number(translator, node)
        translator.body.append(f'<span class="eqno">({number})')
        translator.add_permalink_ref(node, _("Link to this equation"))
        translator.body.append("</span>")
    # As Sphinx's MathJax renderer: paragraphs of a $$ block are equations of their own.
    tex = node.astext()
    parts = [tex] if node.get("nowrap") else [p for p in tex.split("\n\n") if p.strip()]
    for part in parts:
        if not node.get("nowrap") and "\\\\" in part and "\\begin" not in part:
            part = "\\begin{split}" + part + "\\end{split}"
        translator.body.append(_convert(translator, node, part, display=True))
    translator.body.append("</div>\n")
    raise nodes.SkipNode


def _select(app: Sphinx, config) -> None:
    config.html_math_renderer = RENDERER


def _on_page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if "<math " in context.get("body", ""):
        app.add_css_file(CSS.name, priority=600)  # for this page only (Sphinx 7.4)


def _on_build_finished(app: Sphinx, exception) -> None:
    if exception is None and app.builder.format == "html":
        shutil.copyfile(CSS, Path(app.outdir) / "_static" / CSS.name)


def setup(app: Sphinx) -> dict:
    app.add_html_math_renderer(
        RENDERER, inline_renderers=(visit_math, None), block_renderers=(visit_math_block, None)
    )
    app.connect("config-inited", _select)
    app.connect("html-page-context", _on_page_context)
    app.connect("build-finished", _on_build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
