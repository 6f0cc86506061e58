"""The book's own Sphinx extensions in _ext/, tested as plain functions."""

import importlib.util
import re
from pathlib import Path

import pytest

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


# --------------------------------------------------------------------------------------
# _ext/mathml.py: formulas as MathML at build time

MATHML = load("mathml")


def annotation(mathml: str) -> str:
    import html

    found = re.fullmatch(
        r'<math display="(?:inline|block)"><semantics><mrow>.*</mrow>'
        r'<annotation encoding="application/x-tex">(.*)</annotation></semantics></math>',
        mathml,
        re.DOTALL,
    )
    assert found, mathml
    return html.unescape(found[1])


def chapter_formulas() -> list[tuple[str, str, bool]]:
    """(chapter, TeX, display) for every $...$ and $$...$$ in the chapters."""
    formulas = []
    for chapter in sorted((ROOT / "chapters").glob("*.md")):
        text = chapter.read_text(encoding="utf-8")
        blocks = re.findall(r"^\$\$\n(.*?)\n\$\$$", text, re.DOTALL | re.MULTILINE)
        formulas += [(chapter.name, tex, True) for tex in blocks]
        text = re.sub(r"^\$\$\n.*?\n\$\$$", "", text, flags=re.DOTALL | re.MULTILINE)
        text = re.sub(r"`[^`\n]*`", "", text)  # code may hold a dollar sign
        formulas += [(chapter.name, tex, False) for tex in re.findall(r"\$([^$]+)\$", text)]
    return formulas


def test_the_chapters_have_the_formulas_this_file_checks():
    formulas = chapter_formulas()
    sources = "\n".join(tex for _, tex, _ in formulas)
    for construct in (r"\dfrac", r"\text{", "{,}", r"\cdot", r"\times", "e^{", "pmatrix"):
        assert construct in sources, construct
    assert any(display for *_, display in formulas)


@pytest.mark.parametrize(("chapter", "tex", "display"), chapter_formulas())
def test_every_chapter_formula_converts_and_keeps_its_tex(chapter, tex, display):
    mathml = MATHML.tex_to_mathml(tex, display=display)
    assert f'<math display="{"block" if display else "inline"}">' in mathml
    assert annotation(mathml) == tex.strip()
    visible = mathml.split("<annotation")[0]
    assert "\\" not in visible and "{" not in re.sub(r"<[^>]*>", "", visible)


def test_mathml_of_the_constructs_the_course_uses():
    convert = MATHML.tex_to_mathml
    # {,} is a thousands separator: one number, no comma operator with a space after it
    assert "<mn>1,000</mn><mo>×</mo><mn>0.42</mn>" in convert(r"1{,}000 \times 0.42")
    assert "<mn>1,000,000</mn>" in convert(r"1{,}000{,}000")
    assert "<mn>1</mn><mo>,</mo><mn>2</mn>" in convert("1, 2")  # a plain comma stays a comma
    dfrac = convert(r"\dfrac{a}{b}")
    assert '<mstyle displaystyle="true"' in dfrac and "<mfrac>" in dfrac
    assert "<mtext>PPV</mtext>" in convert(r"\text{PPV}")
    assert "<mo>·</mo>" in convert(r"a \cdot b")
    assert "<msup><mi>e</mi><mrow><mo>−</mo><mi>k</mi>" in convert(r"e^{-k}")
    # the brackets of a matrix are fences of their own row, so the browser stretches them
    matrix = convert(r"M = \begin{pmatrix} a & b \\ c & d \end{pmatrix}")
    assert re.search(
        r'<mrow><mo form="prefix" fence="true" stretchy="true">\(</mo><mtable>.*</mtable>'
        r'<mo form="postfix" fence="true" stretchy="true">\)</mo></mrow>',
        matrix,
    ), matrix
    assert matrix.count("<mtr>") == 2 and matrix.count("<mtd>") == 4
    # operator names sit against their bracket; a slash has no spaces, as in TeX
    assert '<mo lspace="0.1667em" rspace="0">diag</mo>' in convert(r"\operatorname{diag}(x)")
    assert '<mo lspace="0" rspace="0">/</mo>' in convert("2/(1+4)")
    assert convert("x", display=True).startswith('<math display="block">')


def test_mathml_escapes_markup_in_text_and_annotation():
    mathml = MATHML.tex_to_mathml(r"\text{<b>} < a \& b")
    assert "<b>" not in mathml and "&lt;b&gt;" in mathml
    assert annotation(mathml) == r"\text{<b>} < a \& b"


def test_equation_and_align_are_left_to_sphinx_to_number():
    assert "(1)" not in MATHML.tex_to_mathml(
        r"\begin{align} a &= b \\ c &= d \end{align}", display=True
    )
    equation = MATHML.tex_to_mathml(r"\begin{equation} x = 1 \end{equation}", display=True)
    assert "<mi>x</mi><mo>=</mo><mn>1</mn>" in equation


@pytest.mark.parametrize(
    ("tex", "reason"),
    [
        (r"\notacommand{x}", r"unknown command '\\notacommand'"),
        (r"\text{a \b}", "unknown command"),
        (r"\frac{1}{", "could not be read"),
        ("x^", "could not be read"),
        ("}", "unbalanced or misplaced '}'"),
        ("a & b", "misplaced '&'"),
        (r"\begin{aligned} a \end{aligned}", "environment 'aligned'"),
        ("  ", "non-empty"),
    ],
)
def test_mathml_refuses_what_it_cannot_convert(tex, reason):
    with pytest.raises(ValueError, match=r"^tex ") as error:
        MATHML.tex_to_mathml(tex)
    assert re.search(reason, str(error.value)), str(error.value)


def build_sphinx(tmp_path, body: str):
    """Build a one-page Sphinx project with the course's maths renderer."""
    from sphinx.application import Sphinx

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / '_ext')!r})\n"
        "extensions = ['sphinx.ext.mathjax', 'mathml']\n",
        encoding="utf-8",
    )
    (src / "index.rst").write_text("Maths\n=====\n\n" + body + "\n", encoding="utf-8")
    out = tmp_path / "html"
    app = Sphinx(src, src, out, tmp_path / "doctrees", "html", status=None, warning=None)
    app.build()
    return out


def test_a_sphinx_build_writes_mathml_and_no_mathjax(tmp_path):
    out = build_sphinx(
        tmp_path,
        "Inline :math:`\\pi \\cdot 2` here.\n\n.. math::\n   :label: ppv\n\n   x = \\dfrac{a}{b}\n",
    )
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<span class="math notranslate"><math display="inline"><semantics>' in page
    assert re.search(r'<div class="math notranslate" id="equation-ppv" tabindex="0">', page)
    assert '<span class="eqno">(1)' in page and '<math display="block">' in page
    assert "mathjax" not in page.lower()
    assert "mathml.css" in page and (out / "_static" / "mathml.css").is_file()


def test_a_display_block_of_several_equations(tmp_path):
    """As with Sphinx's MathJax: paragraphs are separate equations, \\\\ splits lines."""
    out = build_sphinx(tmp_path, ".. math::\n\n   a = 1\n\n   b &= 2 \\\\ c &= 3\n")
    page = (out / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<div class="math notranslate"[^>]*>(.*?)</div>', page, re.DOTALL)[1]
    assert block.count('<math display="block">') == 2
    assert block.count("<mtr>") == 2 and "&lt;" not in block


def test_a_page_without_maths_does_not_link_the_maths_styles(tmp_path):
    out = build_sphinx(tmp_path, "Only words, and a price of $5.")
    assert "mathml.css" not in (out / "index.html").read_text(encoding="utf-8")


def test_a_formula_that_cannot_be_converted_stops_the_build(tmp_path):
    from sphinx.errors import ExtensionError

    with pytest.raises(ExtensionError, match=r"index.rst:\d+: a formula cannot be written"):
        build_sphinx(tmp_path, "Broken :math:`\\frac{1}{` here.")


# --------------------------------------------------------------------------------------
# _ext/publishing.py: no Binder or repository button while the address is a placeholder

PUBLISHING = load("publishing")
REAL = "https://github.com/some-school/predictive-policing-course"


@pytest.mark.parametrize(
    ("url", "published"),
    [
        ("https://github.com/YOUR-ORG/predictive-policing-course", False),
        ("https://github.com/your-org/predictive-policing-course", False),
        ("", False),
        ("   ", False),
        (None, False),
        ("github.com/some-school/course", False),
        (REAL, True),
        ("https://gitlab.com/a-team/course", True),
    ],
)
def test_is_published(url, published):
    assert PUBLISHING.is_published(url) is published


def test_is_published_refuses_a_non_string():
    with pytest.raises(ValueError, match="repository_url must be a string"):
        PUBLISHING.is_published(["https://github.com/a/b"])


def theme_buttons() -> list[dict]:
    """The header buttons sphinx-book-theme makes for a chapter, as the course configures it."""
    return [
        {"type": "group", "label": "launch-buttons", "buttons": [{"url": "binder"}]},
        {"type": "group", "label": "download-buttons", "buttons": [{"url": "x.ipynb"}]},
        {"type": "javascript", "label": "fullscreen-button"},
        {"type": "link", "label": "source-repository-button", "url": "repo"},
    ]


def page_context(url, pagename="chapters/00_how_to_use", buttons=None):
    class Config:
        html_theme_options = {"repository_url": url}
        root_doc = "index"

    class App:
        config = Config()

    context = {
        "header_buttons": theme_buttons() if buttons is None else buttons,
        "body": '<section id="how"><h1>How to use</h1><p>Text.</p></section>',
        "pathto": lambda doc: f"../{doc}.html",
    }
    PUBLISHING._on_page_context(App(), pagename, "page.html", context, None)
    return context


def test_placeholder_address_hides_the_buttons_and_says_so():
    context = page_context("https://github.com/YOUR-ORG/predictive-policing-course")
    labels = [b["label"] for b in context["header_buttons"]]
    assert labels == ["download-buttons", "fullscreen-button"]
    body = context["body"]
    assert body.index("</h1>") < body.index("Not published yet") < body.index("<p>Text.</p>")
    assert 'href="../index.html#three-ways-to-use-it"' in body


def test_real_address_keeps_the_buttons_and_no_note():
    context = page_context(REAL)
    assert context["header_buttons"] == theme_buttons()
    assert "Not published" not in context["body"]


def test_note_only_where_a_launch_button_was_or_on_the_home_page():
    no_launch = [b for b in theme_buttons() if b["label"] != "launch-buttons"]
    appendix = page_context("", "appendix/glossary", buttons=no_launch)
    assert "Not published" not in appendix["body"]
    assert [b["label"] for b in appendix["header_buttons"]] == [
        "download-buttons",
        "fullscreen-button",
    ]
    home = page_context("", "index", buttons=no_launch)
    assert 'href="#three-ways-to-use-it"' in home["body"]


@pytest.mark.parametrize("url", ["https://github.com/YOUR-ORG/predictive-policing-course", REAL])
def test_with_the_theme_the_repository_button_follows_the_address(tmp_path, url):
    """A one-page build with sphinx-book-theme, as the course configures its buttons."""
    from sphinx.application import Sphinx

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / '_ext')!r})\n"
        "extensions = ['publishing']\nhtml_theme = 'sphinx_book_theme'\n"
        f"html_theme_options = {{'repository_url': {url!r}, 'use_repository_button': True}}\n",
        encoding="utf-8",
    )
    (src / "index.rst").write_text("Home\n====\n\nText.\n", encoding="utf-8")
    app = Sphinx(src, src, tmp_path / "html", tmp_path / "dt", "html", status=None, warning=None)
    app.build()
    page = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    published = url == REAL
    assert (f'href="{url}"' in page) is published
    assert ("Not published yet" in page) is not published


# --------------------------------------------------------------------------------------
# _ext/meta_description.py

DESCRIPTION = load("meta_description")


def doctree(rst: str):
    from docutils.core import publish_doctree

    return publish_doctree(rst, settings_overrides={"report_level": 5})


def test_shorten_cuts_at_a_word_and_stays_within_the_limit():
    text = "word " * 60
    short = DESCRIPTION.shorten(text)
    assert len(short) <= 160 and short.endswith("word…")
    assert DESCRIPTION.shorten("  Two\n  lines.  ") == "Two lines."
    assert DESCRIPTION.shorten("a" * 200, limit=50) == "a" * 49 + "…"
    with pytest.raises(ValueError, match="limit must be at least 20"):
        DESCRIPTION.shorten("text", limit=5)


def test_description_is_the_first_paragraph_of_running_text():
    tree = doctree(
        "Title\n=====\n\n.. tip::\n\n   In this chapter you will learn many things.\n\n"
        "- a list item that is long enough to be a description of the page\n\n"
        "Short.\n\n"
        "Each chapter mixes short explanations with small simulations of an invented city.\n"
    )
    assert DESCRIPTION.description_from(tree) == (
        "Each chapter mixes short explanations with small simulations of an invented city."
    )
    assert (
        DESCRIPTION.description_from(doctree("Title\n=====\n\n- only a list item here\n")) is None
    )


def test_description_leaves_out_citations():
    from docutils import nodes

    paragraph = nodes.paragraph()
    paragraph += nodes.Text("Such systems raise many alerts ")
    citation = nodes.inline(classes=["bibtex-citation"])
    citation += nodes.Text("[Fussey and Murray, 2019]")
    paragraph += citation
    paragraph += nodes.Text(" .")
    section = nodes.section()
    section += paragraph
    assert DESCRIPTION.description_from(section, min_length=10) == "Such systems raise many alerts."


def page_meta(metatags, pagename="chapters/x", tree=None, title="A page"):
    class Config:
        html_title = "The course"
        project = "Project name not set"

    class App:
        config = Config()

    context = {"metatags": metatags, "title": title}
    DESCRIPTION._on_page_context(App(), pagename, "page.html", context, tree)
    return context["metatags"]


def test_a_page_keeps_the_description_of_its_front_matter():
    own = '<meta content="Mine." name="description" />\n'
    assert page_meta(own, tree=doctree("T\n=\n\n" + "A paragraph of the page. " * 3)) == own


def test_every_page_gets_a_description():
    from_text = page_meta("", tree=doctree("T\n=\n\n" + "A <paragraph> & more. " * 3))
    assert 'content="A &lt;paragraph&gt; &amp; more.' in from_text
    assert 'content="Search the pages of the course “The course”."' in page_meta("", "search")
    assert 'content="Glossary: a page of the course' in page_meta(
        "", "x", doctree("G\n=\n"), "Glossary"
    )


# --------------------------------------------------------------------------------------
# accessibility: one viewport tag


def test_one_viewport_keeps_the_first_tag_only():
    accessibility = load("accessibility")
    head = (
        '<head>\n<meta charset="utf-8" />\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0" />\n'
        '<meta name="description" content="x" />\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1" />\n'
        '  <meta name="viewport" content="width=400"/>\n</head>'
    )
    out = accessibility.one_viewport(head)
    assert out.count('name="viewport"') == 1
    assert 'initial-scale=1.0" />' in out and "width=400" not in out
    assert '<meta name="description" content="x" />' in out
    assert accessibility.one_viewport(out) == out
