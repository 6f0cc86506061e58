"""Make every page lighter and quicker to paint on a phone by trimming what the theme sends.

Runs once the site is built (``build-finished``), on the files in ``_build/html`` only;
the installed theme is never touched. Two steps:

1. **Unused CSS.** The theme's style sheets (pydata-sphinx-theme.css is Bootstrap 5 plus
   Font Awesome's class list, about 400 kB) are parsed with tinycss2 and written back,
   minified, without the selectors that cannot match anything on the site. A selector is
   dropped only when it names a class or an id that occurs nowhere in the built site:
   not in any page's ``class``/``id`` attributes, not in any page's inline script and not
   as a word in any served ``.js`` file (scripts add classes such as ``show``,
   ``collapsing`` or ``dropdown-menu-dark``). Classes that scripts *compose* at run time
   are kept by :data:`SAFE_CLASS_PREFIXES`. Element, attribute (``[data-theme=dark]``,
   ``[data-mode]``) and pseudo-class parts never cause a drop. ``@font-face``,
   ``@keyframes`` and the other descriptive at-rules are kept whole; ``@media``,
   ``@supports``, ``@container`` and ``@layer`` blocks are trimmed inside and removed when
   nothing is left in them.
2. **Scripts.** Every external classic script is marked ``defer`` (document order is
   kept, so each still runs after the scripts it needs), except
   ``documentation_options.js``: Sphinx and the theme write inline scripts
   (``DOCUMENTATION_OPTIONS.pagename = ...``) right after it. Sphinx's search scripts
   (``searchtools.js``, ``language_data.js`` and the ``searchindex.js`` index), which the
   theme adds to every page for search-as-you-type, are left out of every page but
   ``search.html``: search-as-you-type is off in this course, so the search dialog only
   submits to ``search.html``, which loads them itself.
3. **No @import chain.** The theme's ``theme.css`` only imports ``basic.css``; pages link
   ``basic.css`` directly, in the same place, so the browser fetches it one round trip
   sooner.

What it saved is written to the build log and to ``_build/page-weight/report.json``; the
untrimmed style sheets are kept in ``_build/page-weight/original/`` (not served), where
``tests/test_site_weight.py`` finds them to compare a page's looks with and without
trimming.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: Style sheets trimmed, as glob patterns relative to ``_static/`` of the built site. The
#: course's own course.css is not among them: it is written for this site.
TRIMMED_CSS = (
    "basic.css",
    "styles/pydata-sphinx-theme.css",
    "styles/sphinx-book-theme.css",
    "sphinx-design.min.css",
    "mystnb.*.css",
    "exercise.css",
    "togglebutton.css",
    "copybutton.css",
    "pygments.css",
)

#: Classes that scripts build from pieces at run time, so that the full name occurs in no
#: file. Bootstrap's tooltips (the header buttons' hints) add ``bs-tooltip-auto`` from
#: ``bs-${NAME}-auto``, and the CSS styles ``bs-tooltip-top`` ... by placement; Bootstrap's
#: dropdowns, modals and collapse use literal names (``show``, ``fade``, ``collapsing``,
#: ``modal-open``), which the scan of the scripts finds, and are listed here as well so that
#: a change of minifier cannot lose them. The theme's search dialog and theme switcher
#: use ids and ``data-*`` attributes that are in every page.
SAFE_CLASS_PREFIXES = ("bs-tooltip-",)
SAFE_CLASSES = frozenset(
    {
        "show",
        "showing",
        "hiding",
        "fade",
        "collapse",
        "collapsing",
        "collapse-horizontal",
        "active",
        "disabled",
        "tooltip",
        "tooltip-arrow",
        "tooltip-inner",
        "dropdown-menu-dark",
        "dropdown-menu-end",
        "dropdown-menu-start",
        "modal-open",
        "modal-backdrop",
        "modal-static",
        "offcanvas-backdrop",
        "pst-squeeze",
    }
)

#: Scripts that must stay synchronous: inline scripts right after them use what they define.
KEEP_SYNC = ("documentation_options.js",)
#: Sphinx's search: needed only on the search page while search-as-you-type is off.
SEARCH_SCRIPTS = ("searchtools.js", "language_data.js", "searchindex.js")
SEARCH_PAGE = "search.html"
#: Folder next to the site (not served): the untrimmed style sheets (``original/``, for the
#: tests) and what trimming saved (``report.json``).
REPORT_DIR = "page-weight"

# Pseudo-classes whose arguments a selector needs (one of them must be able to match).
_NEEDS_ONE_OF = {"is", "where", "matches", "-webkit-any", "-moz-any", "has"}
# Block at-rules that hold ordinary style rules: trimmed inside.
_GROUPING_AT_RULES = {"media", "supports", "container", "layer", "document", "scope"}
VENDOR_PREFIXES = ("-webkit-", "-moz-", "-ms-", "-o-")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


# --------------------------------------------------------------------------------------
# What names the site uses


class _NameCollector(HTMLParser):
    """Collects every class and id in a page, and the text of its inline scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.names: set[str] = set()
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and name == "class":
                self.names.update(value.split())
            elif value and name == "id":
                self.names.add(value.strip())
        self._in_script = tag == "script"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._in_script = False

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def names_in_html(html: str) -> set[str]:
    """Classes and ids in ``html``, plus every word of its inline scripts."""
    collector = _NameCollector()
    collector.feed(html)
    collector.close()
    names = collector.names
    for script in collector.scripts:
        names |= names_in_script(script)
    return names


def names_in_script(text: str) -> set[str]:
    """Every identifier-like word of a script: a class it adds is one of them."""
    return set(_WORD.findall(text))


def site_names(outdir: Path) -> set[str]:
    """Classes and ids that may occur on the built site (pages and served scripts)."""
    names: set[str] = set()
    for page in outdir.rglob("*.html"):
        names |= names_in_html(page.read_text(encoding="utf-8", errors="replace"))
    for script in outdir.rglob("*.js"):
        names |= names_in_script(script.read_text(encoding="utf-8", errors="replace"))
    return names


def is_known(name: str, known: set[str] | frozenset[str]) -> bool:
    return name in known or name in SAFE_CLASSES or name.startswith(SAFE_CLASS_PREFIXES)


# --------------------------------------------------------------------------------------
# Which selectors can match


def _split_commas(tokens: list) -> list[list]:
    parts: list[list] = [[]]
    for token in tokens:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def selector_can_match(tokens: list, known: set[str] | frozenset[str]) -> bool:
    """False when the complex selector ``tokens`` needs a class or id the site never uses.

    ``.a .b`` needs both; ``:is(.a, .b)``, ``:where()`` and ``:has()`` need one of their
    arguments; what is inside ``:not()`` (and the other functional pseudo-classes) is
    ignored, since ``:not(.unknown)`` matches everything. Attribute selectors and element
    names never cause a drop.
    """
    previous = None
    for token in tokens:
        if token.type == "ident" and previous is not None:
            if previous.type == "literal" and previous.value == ".":
                if not is_known(token.value, known):
                    return False
        elif token.type == "hash" and token.is_identifier:
            if not is_known(token.value, known):
                return False
        elif token.type == "function" and token.lower_name in _NEEDS_ONE_OF:
            options = _split_commas(token.arguments)
            if not any(selector_can_match(option, known) for option in options):
                return False
        previous = token
    return True


def _vendor_prefixed(tokens: list) -> bool:
    """True for ``::-moz-selection`` and the like, which other browsers reject.

    A browser drops a whole selector list that has one selector it does not understand;
    such lists are kept or dropped whole, so that trimming never revives a rule that the
    browser used to ignore.
    """
    for token in tokens:
        name = token.value if token.type == "ident" else getattr(token, "name", "")
        if token.type in ("ident", "function") and name.startswith(VENDOR_PREFIXES):
            return True
    return False


def keep_selectors(prelude: list, known: set[str] | frozenset[str]) -> list[list]:
    """The selectors of a rule's prelude that can match; an empty list drops the rule."""
    selectors = [_strip(s) for s in _split_commas(prelude)]
    kept = [s for s in selectors if selector_can_match(s, known)]
    if kept and len(kept) < len(selectors) and any(_vendor_prefixed(s) for s in selectors):
        return selectors
    return kept


# --------------------------------------------------------------------------------------
# Minified output


def _strip(tokens: list) -> list:
    start, end = 0, len(tokens)
    while start < end and tokens[start].type in ("whitespace", "comment"):
        start += 1
    while end > start and tokens[end - 1].type in ("whitespace", "comment"):
        end -= 1
    return tokens[start:end]


def _squeeze(tokens: list, tight: frozenset[str]) -> list:
    """Tokens without comments, with whitespace collapsed and dropped next to ``tight``."""
    import tinycss2.ast as ast

    out: list = []
    for token in _strip(tokens):
        if token.type == "comment":
            continue
        if token.type == "function":
            token = ast.FunctionBlock(
                token.source_line,
                token.source_column,
                token.name,
                _squeeze(token.arguments, tight),
            )
        elif token.type in ("() block", "[] block"):
            cls = ast.ParenthesesBlock if token.type == "() block" else ast.SquareBracketsBlock
            token = cls(token.source_line, token.source_column, _squeeze(token.content, tight))
        if token.type == "whitespace":
            if out and out[-1].type == "whitespace":
                continue
            if out and out[-1].type == "literal" and out[-1].value in tight:
                continue
            token = ast.WhitespaceToken(token.source_line, token.source_column, " ")
        elif token.type == "literal" and token.value in tight and out:
            if out[-1].type == "whitespace":
                out.pop()
        out.append(token)
    return out


_SELECTOR_TIGHT = frozenset({",", ">", "+", "~"})
_VALUE_TIGHT = frozenset({","})


def _serialize(tokens: list, tight: frozenset[str]) -> str:
    import tinycss2

    return tinycss2.serialize(_squeeze(tokens, tight))


def _declarations(content: list) -> str:
    import tinycss2

    parts = []
    for item in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration":
            value = _serialize(item.value, _VALUE_TIGHT)
            parts.append(f"{item.name}:{value}" + ("!important" if item.important else ""))
        elif item.type in ("qualified-rule", "at-rule"):
            parts.append(_verbatim(item))
        # parse errors (a stray token) are left out: browsers ignore them too
    return ";".join(parts)


def _verbatim(rule) -> str:
    """A rule written whole (minified), without trimming its selectors."""
    if rule.type == "qualified-rule":
        prelude = _serialize(rule.prelude, _SELECTOR_TIGHT)
        return prelude + "{" + _declarations(rule.content) + "}"
    prelude = _serialize(rule.prelude, _VALUE_TIGHT)
    head = f"@{rule.at_keyword}" + (" " + prelude if prelude else "")
    if rule.content is None:
        return head + ";"
    if rule.lower_at_keyword in ("font-face", "page", "property", "counter-style", "viewport"):
        return head + "{" + _declarations(rule.content) + "}"
    # @keyframes and other rules that hold rules: keep each one whole
    return head + "{" + "".join(_verbatim(r) for r in _rules(rule.content)) + "}"


def _rules(content: list) -> list:
    import tinycss2

    return [
        r
        for r in tinycss2.parse_rule_list(content, skip_comments=True, skip_whitespace=True)
        if r.type != "error"
    ]


def _trim_rules(rules: Iterable, known: set[str] | frozenset[str]) -> str:
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = keep_selectors(rule.prelude, known)
            if not selectors:
                continue
            comma = [_comma()]
            prelude: list = []
            for i, selector in enumerate(selectors):
                prelude += (comma if i else []) + selector
            body = _declarations(rule.content)
            out.append(_serialize(prelude, _SELECTOR_TIGHT) + "{" + body + "}")
        elif rule.type == "at-rule":
            if rule.lower_at_keyword in _GROUPING_AT_RULES and rule.content is not None:
                inner = _trim_rules(_rules(rule.content), known)
                if not inner:
                    continue
                prelude_text = _serialize(rule.prelude, _VALUE_TIGHT)
                head = f"@{rule.at_keyword}" + (" " + prelude_text if prelude_text else "")
                out.append(head + "{" + inner + "}")
            else:
                out.append(_verbatim(rule))
    return "".join(out)


def _comma():
    import tinycss2.ast as ast

    return ast.LiteralToken(0, 0, ",")


def trim_css(css: str, known: set[str] | frozenset[str]) -> str:
    """``css`` minified, without the selectors that need a class or id not in ``known``."""
    import tinycss2

    rules, _encoding = tinycss2.parse_stylesheet_bytes(
        css.encode("utf-8"), skip_comments=True, skip_whitespace=True
    )
    # @charset is implied: the file is written as UTF-8 and served as such.
    rules = [r for r in rules if not (r.type == "at-rule" and r.lower_at_keyword == "charset")]
    rules = [r for r in rules if r.type != "error"]
    text = _trim_rules(rules, known)
    if any(ord(ch) > 127 for ch in text):
        text = '@charset "UTF-8";' + text
    return text


# --------------------------------------------------------------------------------------
# Scripts


_SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
_SRC = re.compile(r"""\bsrc\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def _script_name(src: str) -> str:
    return src.split("?", 1)[0].split("#", 1)[0].rsplit("/", 1)[-1]


def _can_defer(attributes: str) -> bool:
    lowered = attributes.lower()
    if re.search(r"\b(defer|async)\b", lowered):
        return False
    kind = re.search(r"""\btype\s*=\s*["']?([^"'\s>]+)""", lowered)
    return kind is None or kind.group(1) in ("text/javascript", "application/javascript")


def rewrite_scripts(html: str, search_page: bool) -> str:
    """Defer the page's external scripts and leave out search scripts it does not need."""

    def edit(match: re.Match) -> str:
        attributes = match.group(1)
        src = _SRC.search(attributes)
        if src is None:
            return match.group(0)
        name = _script_name(src.group(1))
        if not search_page and name in SEARCH_SCRIPTS:
            return "<!--search script left out-->"
        if name in KEEP_SYNC or not _can_defer(attributes):
            return match.group(0)
        return f"<script defer{attributes}>"

    html = _SCRIPT_TAG.sub(edit, html)
    # A left-out script leaves its closing tag behind: remove the pair.
    return re.sub(r"<!--search script left out-->\s*</script>\s*", "", html)


# --------------------------------------------------------------------------------------
# Style sheets that only import another one


def only_imports(css: str) -> list[str] | None:
    """The URLs a style sheet imports, if importing is all it does (else None).

    pydata-sphinx-theme's ``theme.css`` is a single ``@import "../basic.css"``: the
    browser finds out about basic.css only once theme.css has arrived, one more round trip
    before the page can paint. A page can link basic.css itself instead.
    """
    import tinycss2

    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    urls = []
    for rule in rules:
        if rule.type != "at-rule" or rule.lower_at_keyword != "import" or rule.content:
            return None
        prelude = [t for t in rule.prelude if t.type not in ("whitespace", "comment")]
        if len(prelude) != 1:
            return None  # a media query or a layer: keep the @import
        token = prelude[0]
        if token.type in ("string", "url"):
            urls.append(token.value)
        elif token.type == "function" and token.lower_name == "url":
            args = [t for t in token.arguments if t.type == "string"]
            if len(args) != 1:
                return None
            urls.append(args[0].value)
        else:
            return None
    return urls or None


_STYLESHEET_LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def link_imports_directly(html: str, imports: dict[str, list[str]]) -> str:
    """Replace the link to a style sheet named in ``imports`` by links to what it imports.

    ``imports`` maps a path of the site (``_static/styles/theme.css``) to the paths of the
    sheets it imports (``_static/basic.css``); hrefs are matched and written relative to
    the page, whatever prefix (``../``) it uses.
    """

    def edit(match: re.Match) -> str:
        tag = match.group(0)
        if "stylesheet" not in tag.lower():
            return tag
        href = _HREF.search(tag)
        if href is None:
            return tag
        url = href.group(1).split("?", 1)[0]
        for path, targets in imports.items():
            if url == path or url.endswith("/" + path):
                prefix = url[: len(url) - len(path)]
                return "".join(
                    tag.replace(href.group(0), f'href="{prefix}{target}"') for target in targets
                )
        return tag

    return _STYLESHEET_LINK.sub(edit, html)


def _import_map(outdir: Path) -> dict[str, list[str]]:
    import posixpath

    imports = {}
    for sheet in sorted((outdir / "_static").rglob("*.css")):
        urls = only_imports(sheet.read_text(encoding="utf-8", errors="replace"))
        if not urls or any(":" in u or u.startswith("/") for u in urls):
            continue
        folder = sheet.parent.relative_to(outdir).as_posix()
        targets = [posixpath.normpath(posixpath.join(folder, u)) for u in urls]
        if all((outdir / t).is_file() for t in targets):
            imports[sheet.relative_to(outdir).as_posix()] = targets
    return imports


# --------------------------------------------------------------------------------------
# The build step


def _gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, 6))


def trim_site(outdir: Path, originals: Path | None = None) -> dict:
    """Trim the built site in place; returns what each file weighed before and after.

    With ``originals``, each style sheet is first copied there untouched (same relative
    path), so that the tests can show a page with the theme's full CSS and compare.
    """
    static = outdir / "_static"
    known = site_names(outdir)
    report: dict = {"css": {}, "pages": 0}
    for pattern in TRIMMED_CSS:
        for path in sorted(static.glob(pattern)):
            before = path.read_bytes()
            if originals is not None:
                copy = originals / path.relative_to(outdir)
                copy.parent.mkdir(parents=True, exist_ok=True)
                copy.write_bytes(before)
            after = trim_css(before.decode("utf-8"), known).encode("utf-8")
            path.write_bytes(after)
            report["css"][path.relative_to(outdir).as_posix()] = {
                "bytes": [len(before), len(after)],
                "gzip_bytes": [_gzip_size(before), _gzip_size(after)],
            }
    imports = _import_map(outdir)
    report["linked_directly"] = imports
    for page in sorted(outdir.rglob("*.html")):
        if "_static" in page.relative_to(outdir).parts:
            continue
        relative = page.relative_to(outdir).as_posix()
        text = page.read_text(encoding="utf-8")
        new = rewrite_scripts(text, search_page=relative == SEARCH_PAGE)
        new = link_imports_directly(new, imports)
        if new != text:
            page.write_text(new, encoding="utf-8")
            report["pages"] += 1
    return report


def _on_build_finished(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    folder = outdir.parent / REPORT_DIR
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    report = trim_site(outdir, originals=folder / "original")
    (folder / "report.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    for name, sizes in report["css"].items():
        (b0, b1), (g0, g1) = sizes["bytes"], sizes["gzip_bytes"]
        logger.info(
            f"page_weight: {name} {b0 / 1e3:.1f} kB -> {b1 / 1e3:.1f} kB "
            f"(gzip {g0 / 1e3:.1f} kB -> {g1 / 1e3:.1f} kB)"
        )
    logger.info(f"page_weight: scripts deferred in {report['pages']} pages")


def setup(app: Sphinx) -> dict:
    # After the other build-finished steps (icon_fonts reads the untrimmed style sheets,
    # offline_assets copies the chart scripts whose words count as used names).
    app.connect("build-finished", _on_build_finished, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
