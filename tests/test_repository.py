"""House rules of the repository that a reviewer would otherwise check by hand."""

import json
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))
PYTHON_SOURCES = sorted((ROOT / "policing_lab").rglob("*.py"))


def test_chapters_exist():
    assert CHAPTERS, "no chapters found"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_chapter_is_a_myst_notebook(chapter):
    text = chapter.read_text(encoding="utf-8")
    header = text.split("---", 2)[1]
    assert "jupytext:" in header and "format_name: myst" in header
    assert "kernelspec:" in header


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_chapter_words(chapter):
    """fairlearn's guidance on talking about fairness: no "debias", no "unbiased"."""
    text = chapter.read_text(encoding="utf-8").lower()
    for word in ("debias", "unbiased", "de-bias"):
        assert word not in text, f"{chapter.name} uses {word!r}"


def test_no_stored_notebooks_with_outputs():
    tracked = subprocess.run(
        ["git", "ls-files", "*.ipynb"], cwd=ROOT, capture_output=True, text=True
    )
    for name in tracked.stdout.split():
        nb = json.loads((ROOT / name).read_text())
        assert not any(c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code"), name


@pytest.mark.parametrize("path", PYTHON_SOURCES + CHAPTERS, ids=lambda p: p.name)
def test_no_global_random_state_or_path_hacks(path):
    text = path.read_text(encoding="utf-8")
    assert not re.search(
        r"np\.random\.(rand|randn|randint|choice|normal|binomial|poisson|uniform|seed)\(", text
    )
    assert not re.search(r"sys\.path\.(insert|append)", text)


def test_requirements_are_pinned_exactly():
    for name in ("requirements.txt", "requirements-test.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.strip()
            if not line or line.startswith(("#", "-c ", "-e ")):
                continue
            assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[A-Za-z0-9_.+\-]+", line), f"{name}: {line}"
    text = (ROOT / "requirements.txt").read_text()
    assert "jupyter-book==1.0.4.post1" in text
    assert "-e ." in text  # Binder and make book install the course's package


def test_npm_packages_are_pinned_exactly():
    manifest = json.loads((ROOT / "package.json").read_text())
    for section in ("dependencies", "devDependencies"):
        for name, version in manifest.get(section, {}).items():
            assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name}: {version}"


def test_readme_names_the_two_setup_commands_and_make_has_them():
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"## Set-up: two commands.*?```bash\n(.*?)```", readme, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make book", "make test"]
    makefile = (ROOT / "Makefile").read_text()
    for target in ("book", "test", "serve", "lab", "data"):
        assert re.search(rf"^{target}:", makefile, re.M), target
    ci = (ROOT / ".ci" / "run").read_text()
    assert "\nmake test\n" in ci


def test_repository_url_is_set_in_one_place():
    config = (ROOT / "_config.yml").read_text()
    assert len(re.findall(r"^\s+url:", config, re.M)) == 1
    url = re.search(r"^\s+url:\s*(\S+)", config, re.M).group(1)
    assert url in (ROOT / "README.md").read_text()


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_exercises_follow_the_template(chapter):
    """Labels <chapter-slug>-ex<N>, each with a solution; every checked label is registered."""
    from policing_lab.exercises import EXERCISES

    text = chapter.read_text(encoding="utf-8")
    labels = re.findall(r"\{exercise(?:-start)?\}[^\n]*\n:label: ([^\n]+)", text)
    assert 2 <= len(labels) <= 5, f"{chapter.name}: {len(labels)} exercises"
    slug = labels[0].rsplit("-ex", 1)[0]
    for n, label in enumerate(labels, start=1):
        assert label == f"{slug}-ex{n}", label
        assert re.search(rf"\{{solution(?:-start)?\}} {label}\n:class: dropdown", text), label
    for used in re.findall(r'pl\.checks\.check\("([^"]+)"', text):
        assert used in EXERCISES, used
    assert re.search(r'pl\.checks\.check\("', text), f"{chapter.name} has no auto-checked exercise"
    assert "Predict before you run" in text, f"{chapter.name} has no predict-before-you-run"
    assert "Quiz(" in text and "## Key takeaways" in text and "## For discussion" in text


def _code_cells(text: str) -> list[tuple[list[str], str]]:
    """(tags, source) of every code cell of a MyST notebook."""
    cells = []
    for match in re.finditer(r"```\{code-cell\} ipython3\n(.*?)\n```", text, re.S):
        body = match.group(1)
        tags = re.findall(r"^:tags: \[(.*?)\]", body, re.M)
        tag_list = [t.strip() for t in tags[0].split(",")] if tags else []
        source = "\n".join(line for line in body.splitlines() if not line.startswith(":tags:"))
        cells.append((tag_list, source.strip("\n")))
    return cells


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_hidden_cells_are_short_calls(chapter):
    """Chart code lives in the package: a hidden cell is a call of a few lines."""
    for tags, source in _code_cells(chapter.read_text(encoding="utf-8")):
        if "hide-input" in tags:
            lines = [line for line in source.splitlines() if line.strip()]
            assert len(lines) <= 25, f"{chapter.name}: a hidden cell has {len(lines)} lines"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_chapters_draw_charts_with_package_builders(chapter):
    """No Altair chart is assembled, and no colour is picked by index, inside a chapter."""
    text = chapter.read_text(encoding="utf-8")
    for _, source in _code_cells(text):
        for pattern in (r"alt\.Chart\(", r"\.mark_\w+\(", r"alt\.(h|v)concat\(", r"OKABE_ITO\["):
            assert not re.search(pattern, source), f"{chapter.name}: {pattern} in a code cell"
        assert not re.search(r"['\"]#[0-9a-fA-F]{6}['\"]", source), (
            f"{chapter.name}: a colour is typed in a code cell; use policing_lab.charts.colours"
        )


def test_the_recording_formula_has_one_home():
    """1 - (1 - reporting) * (1 - discovery) is written once, in city.recording_prob."""
    pattern = re.compile(r"1(\.0)?\s*-\s*\(1(\.0)?\s*-\s*\w+\)\s*\*\s*\(1(\.0)?\s*-\s*\w+\)")
    sources = [*PYTHON_SOURCES, *CHAPTERS]
    hits = [p.name for p in sources if pattern.search(p.read_text(encoding="utf-8"))]
    assert hits == ["city.py"], hits
    curve = re.compile(r"np\.expm1\(\s*-")
    homes = [p.name for p in PYTHON_SOURCES if curve.search(p.read_text(encoding="utf-8"))]
    assert homes == ["city.py"], homes
    city = (ROOT / "policing_lab" / "city.py").read_text(encoding="utf-8")
    assert len(curve.findall(city)) == 1, "the patrol -> discovery curve is inlined in city.py"


def test_no_mention_of_sources_outside_the_repository():
    """Cite references.bib, not documents that are not in the repository."""
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    for name in tracked.stdout.split():
        if not name.endswith((".py", ".md", ".yml", ".toml", ".txt", ".cfg", ".cff")):
            continue
        text = (ROOT / name).read_text(encoding="utf-8", errors="replace")
        assert "FACTS" + ".md" not in text, name
        assert not re.search(r"\bthe (course('s)? )?brief\b", text, re.I), name


EXECUTED = ROOT / "_build" / "jupyter_execute" / "chapters"
RAW_FLOAT = re.compile(r"\d\.\d{6,}")  # 0.5648615309216306: a float nobody rounded


def _shown_outputs(notebook: Path) -> list[tuple[int, str, str]]:
    """(cell number, kind, text) of every output a reader sees in an executed chapter."""
    shown = []
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for number, cell in enumerate(cells, start=1):
        for output in cell.get("outputs", []):
            if output["output_type"] == "stream":
                shown.append((number, "printed text", "".join(output["text"])))
                continue
            data = output.get("data", {})
            if "text/html" in data:
                shown.append((number, "html", "".join(data["text/html"])))
            elif "text/plain" in data and not any(k.startswith("application/") for k in data):
                shown.append((number, "plain output", "".join(data["text/plain"])))
    return shown


@pytest.mark.book
@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_chapters_show_tables_and_numbers_formatted_for_reading(chapter):
    """Every table a chapter shows comes from pl.tables.show, and no output shows a raw
    float: checked on the notebook as the book build executed it, whatever the code
    that produced the output looks like (a DataFrame's own HTML, a Series or dict repr)."""
    notebook = EXECUTED / chapter.with_suffix(".ipynb").name
    if not notebook.is_file():
        pytest.fail(f"{notebook} is missing: build the course first with `make book`")
    shown = _shown_outputs(notebook)
    # An executed notebook written from the execution cache can lack its outputs (after a
    # change to a chapter's text only); then there is nothing to check: rebuild cleanly.
    assert shown, f"{notebook.name} has no outputs: run `make clean && make book`"
    problems = []
    for number, kind, text in shown:
        if kind == "html":
            # a chart's own "numbers in this chart" table is written by policing_lab.charts
            text = re.sub(r'<details class="pl-chart__numbers">.*?</details>', "", text, flags=re.S)
            if "<table" in text and 'class="pl-table"' not in text:
                problems.append(f"cell {number}: a table not made by pl.tables.show")
        elif "dtype:" in text or RAW_FLOAT.search(text):
            problems.append(f"cell {number}: {kind} with raw numbers: {text[:120]!r}")
    assert not problems, f"{chapter.name}: " + "; ".join(problems)


def test_fact_checking_notes_are_in_a_field_no_style_prints():
    """Notes for the authors ("authors not confirmed") live in ``factcheck`` fields.

    Fields that bibliography styles print (``note``, ``annote``, ``annotation``) hold only
    what a reader should see; test_site checks that no built page shows a factcheck note.
    """
    from pybtex.database import parse_file

    entries = parse_file(ROOT / "references.bib").entries
    checking = re.compile(r"confirm|not seen|verif|check|different sources|unsure", re.I)
    printed = [
        f"{key}.{name}: {value}"
        for key, entry in entries.items()
        for name, value in entry.fields.items()
        if name.lower() in ("note", "annote", "annotation") and checking.search(value)
    ]
    assert printed == []
    assert any("factcheck" in entry.fields for entry in entries.values())


def test_corrections_are_called_corrections():
    """A correction is "a correction", with its assumptions, never "the fix"."""
    sources = [*CHAPTERS, *sorted((ROOT / "appendix").glob("*.md")), *PYTHON_SOURCES]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\bthe fix\b", text, re.I), f"{path.name} says 'the fix'"


def _prose(text: str) -> str:
    """A chapter without its header, code cells, exercise statements (their inputs are
    typed on purpose) and glued, cited or glossary roles; formulas stay."""
    text = text.split("---", 2)[2]  # the jupytext header
    text = re.sub(r"```\{code-cell\}.*?\n```", "", text, flags=re.S)
    text = re.sub(r"```\{exercise\}.*?\n```", "", text, flags=re.S)
    text = re.sub(r"\{exercise-start\}.*?\{exercise-end\}", "", text, flags=re.S)
    return re.sub(r"\{(glue:text|cite|cite:t|term)\}`[^`]*`", "", text)


def test_feedback_chapter_types_no_result_in_its_prose():
    """Chapter 4 glues every share, rate and count it reports (issue 12): no typed
    percentage, decimal or large number is left in its prose or formulas (a window such
    as "a 365-day memory", an input the exercise states, may stay)."""
    prose = _prose((ROOT / "chapters" / "04_feedback_loops.md").read_text(encoding="utf-8"))
    number = r"\d+(?:[.,]\d+)?\s?%|\b\d+\.\d+\b|\b\d{1,3}(?:,\d{3})+\b|\b\d{3,}\b(?!-day)"
    typed = re.findall(number, prose)
    assert typed == [], typed
    # the check would have caught the typed rates and prior the chapter once had
    assert re.findall(number, _prose("---\n---\n$\\lambda_A = 3.69$, 609 balls")) == [
        "3.69",
        "609",
    ]
