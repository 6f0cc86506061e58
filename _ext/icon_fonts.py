"""Cut the theme's icon fonts down to the icons the site shows.

pydata-sphinx-theme ships Font Awesome's full solid and brands fonts (about 270 kB
compressed) and every page downloads them to draw a dozen icons. After the build this
extension finds which icons are used (``fa-*`` classes in the pages and scripts, plus
the glyphs that the theme's style sheets draw directly, such as admonition icons) and
rewrites each font with only those glyphs, using fontTools' subsetter. Icons then look
the same and cost a few kilobytes.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

FONT_DIR = Path("_static") / "vendor" / "fontawesome" / "webfonts"
# ".fa-rocket:before{content:"\f135"}" and grouped selectors ".fa-a:before,.fa-b:before{...}"
CLASS_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+:{1,2}before,?)+)\{content:"\\([0-9a-f]{4,5})"\}')
CLASS_NAME = re.compile(r"\bfa-[a-z0-9-]+")
GLYPH = re.compile(r'"\\(f[0-9a-f]{3,4})"')
# Some rules write the icon as the character itself (Unicode's private use area).
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def icon_codepoints(css_texts: list[str], page_texts: list[str]) -> set[int]:
    """Code points of the icons used by the pages and drawn by the style sheets."""
    table: dict[str, int] = {}
    drawn_by_css: set[int] = set()
    for text in css_texts:
        for match in CLASS_RULE.finditer(text):
            for name in re.findall(r"\.(fa-[a-z0-9-]+):", match.group(1)):
                table[name] = int(match.group(2), 16)
        rest = CLASS_RULE.sub("", text)
        drawn_by_css |= {int(cp, 16) for cp in GLYPH.findall(rest)}
        drawn_by_css |= {ord(ch) for ch in PRIVATE_USE.findall(rest)}
    used = set()
    for text in page_texts:
        used |= set(CLASS_NAME.findall(text))
    return {table[name] for name in used if name in table} | drawn_by_css


def subset_fonts(outdir: Path) -> dict[str, tuple[int, int]]:
    """Subset every woff2 icon font in the built site; returns name -> (before, after) bytes."""
    from fontTools import subset

    static = outdir / "_static"
    fonts = sorted((outdir / FONT_DIR).glob("*.woff2"))
    if not fonts:
        return {}
    css = [p.read_text(encoding="utf-8", errors="replace") for p in static.rglob("*.css")]
    pages = [p.read_text(encoding="utf-8", errors="replace") for p in outdir.rglob("*.html")]
    pages += [
        p.read_text(encoding="utf-8", errors="replace")
        for p in static.rglob("*.js")
        if "lib" not in p.relative_to(static).parts and p.name != "fontawesome.js"
    ]
    codepoints = icon_codepoints(css, pages)
    sizes = {}
    for font_path in fonts:
        before = font_path.stat().st_size
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        options.notdef_outline = True
        font = subset.load_font(str(font_path), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(codepoints))
        subsetter.subset(font)
        subset.save_font(font, str(font_path), options)
        sizes[font_path.name] = (before, font_path.stat().st_size)
    return sizes


def _on_build_finished(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    sizes = subset_fonts(Path(app.outdir))
    for name, (before, after) in sizes.items():
        logger.info(f"icon_fonts: {name} {before // 1024} kB -> {after // 1024} kB")


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", _on_build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
