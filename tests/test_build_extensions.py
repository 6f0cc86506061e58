"""The book's own Sphinx extensions in _ext/, tested as plain functions."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "_ext" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_icon_codepoints_keep_used_classes_and_css_glyphs():
    icon_fonts = load("icon_fonts")
    css = [
        '.fa-rocket:before{content:"\\f135"}.fa-a:before,.fa-b:before{content:"\\f001"}'
        '.fa-unused:before{content:"\\f999"}'
        ':root{--pst-icon-lightbulb:"\uf0eb"}.x:after{content:"\\f05a"}'
    ]
    pages = ['<i class="fas fa-rocket"></i>', 'el.classList.add("fa-b")']
    assert icon_fonts.icon_codepoints(css, pages) == {0xF135, 0xF001, 0xF0EB, 0xF05A}


def test_drop_script_removes_only_the_named_script():
    offline_assets = load("offline_assets")
    html = (
        '<script defer src="../_static/scripts/fontawesome.js?digest=1"></script>\n'
        '<link rel="preload" as="script" href="../_static/scripts/bootstrap.js" />'
    )
    out = offline_assets.drop_script(html, "fontawesome.js")
    assert "fontawesome" not in out and "bootstrap.js" in out


def test_maths_detection():
    offline_assets = load("offline_assets")
    assert offline_assets._has_maths('<span class="math notranslate nohighlight">\\(x\\)</span>')
    assert not offline_assets._has_maths("<p>No formulas here, only $5 prices.</p>")
