"""Reproducible builds: the ids in the built site are pure functions of the sources.

Two clean builds of one commit must give the same files (except Sphinx's ``.buildinfo``).
Building twice in the test suite would double its time, so these tests check the cause
instead: every id that used to be random (notebook cell ids, widget model ids, pandas
Styler table ids) is made by a function tested here for purity, and the built site holds
only ids that those functions give. The manual check that builds twice and compares is
``make reproducible`` (see CONTRIBUTING.md).
"""

from __future__ import annotations

import copy
import importlib.util
import json
import re
import subprocess
import sys
import uuid
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"


def load_extension():
    spec = importlib.util.spec_from_file_location("notebooks", ROOT / "_ext" / "notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


notebooks = load_extension()


# --------------------------------------------------------------------------------------
# Cell ids


def test_cell_ids_are_valid_unique_and_differ_between_chapters():
    sources = ["import x", "print(1)", "", "print(1)", "", "# text"]
    ids = notebooks.cell_ids("chapters/a", sources)
    assert len(ids) == len(sources) and len(set(ids)) == len(ids)
    assert all(notebooks.CELL_ID.match(i) for i in ids)
    other = notebooks.cell_ids("chapters/b", sources)
    assert not set(ids) & set(other)


def test_cell_ids_do_not_depend_on_the_process():
    """The same inputs give the same ids in another interpreter with another hash seed."""
    sources = ["a = 1", "a", "a"]
    here = notebooks.cell_ids("chapters/x", sources)
    extension = str(ROOT / "_ext" / "notebooks.py")
    code = (
        "import importlib.util, sys, json;"
        f"spec = importlib.util.spec_from_file_location('n', {extension!r});"
        "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m);"
        f"print(json.dumps(m.cell_ids('chapters/x', {sources!r})))"
    )
    for seed in ("1", "2"):
        out = subprocess.run(
            [sys.executable, "-c", code],
            env={"PYTHONHASHSEED": seed, "PATH": ""},
            capture_output=True,
            text=True,
            check=True,
        )
        assert json.loads(out.stdout) == here


def test_inserting_a_cell_keeps_the_other_cells_ids():
    before = notebooks.cell_ids("c", ["one", "two", "three"])
    after = notebooks.cell_ids("c", ["one", "new", "two", "three"])
    assert [after[0], after[2], after[3]] == before


def test_editing_a_cell_changes_only_its_id():
    before = notebooks.cell_ids("c", ["one", "two", "three"])
    after = notebooks.cell_ids("c", ["one", "two, edited", "three"])
    assert after[0] == before[0] and after[2] == before[2] and after[1] != before[1]


@pytest.mark.parametrize(
    "docname, sources, message",
    [("", ["x"], "docname"), (None, ["x"], "docname"), ("c", ["x", 3], "sources")],
)
def test_cell_ids_refuse_bad_input(docname, sources, message):
    with pytest.raises(ValueError, match=message):
        notebooks.cell_ids(docname, sources)


# --------------------------------------------------------------------------------------
# A notebook as myst-nb writes it: random cell ids, and random widget ids


def widget_notebook(seed: int):
    """A notebook with a slider in a box, saved state and view: ids random, like ipywidgets'.

    ``seed`` only picks the random ids: two seeds give the same notebook with other ids.
    """
    import random

    rng = random.Random(seed)
    box, slider, layout, orphan = (uuid.UUID(int=rng.getrandbits(128)).hex for _ in range(4))
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Title"), nbformat.v4.new_code_cell("show()")]
    for cell in nb.cells:
        cell["id"] = uuid.UUID(int=rng.getrandbits(128)).hex[:8]
    view = {"model_id": box, "version_major": 2, "version_minor": 0}
    nb.cells[1].outputs = [
        nbformat.v4.new_output(
            "execute_result",
            data={"application/vnd.jupyter.widget-view+json": view, "text/plain": "Box()"},
            execution_count=1,
        )
    ]

    def model(name, state):
        return {"model_name": name, "model_module": "@jupyter-widgets/controls", "state": state}

    nb.metadata["widgets"] = {
        "application/vnd.jupyter.widget-state+json": {
            "version_major": 2,
            "version_minor": 0,
            "state": {
                box: model("VBoxModel", {"children": [f"IPY_MODEL_{slider}"]}),
                slider: model("IntSliderModel", {"layout": f"IPY_MODEL_{layout}", "value": 3}),
                layout: model("LayoutModel", {"width": "auto"}),
                orphan: model("LayoutModel", {"width": "50%"}),
            },
        }
    }
    return nb


def test_two_builds_of_the_same_notebook_give_the_same_file():
    first = nbformat.writes(notebooks.fix_notebook(widget_notebook(1), "chapters/w"))
    second = nbformat.writes(notebooks.fix_notebook(widget_notebook(2), "chapters/w"))
    raw_first = nbformat.writes(widget_notebook(1))
    raw_second = nbformat.writes(widget_notebook(2))
    assert raw_first != raw_second  # the random ids differ before
    assert first == second  # and not after


def test_renamed_widgets_still_refer_to_each_other():
    fixed = notebooks.fix_notebook(widget_notebook(3), "chapters/w")
    nbformat.validate(fixed)
    state = fixed.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    text = nbformat.writes(fixed)
    refs = set(re.findall(r"IPY_MODEL_([0-9a-f]{32})", text))
    view = fixed.cells[1].outputs[0]["data"]["application/vnd.jupyter.widget-view+json"]
    assert refs | {view["model_id"]} <= set(state)
    assert len(state) == 4
    names = {m["model_name"] for m in state.values()}
    assert names == {"VBoxModel", "IntSliderModel", "LayoutModel"}
    # the box is the view, the slider its child, the slider's layout its layout
    box = state[view["model_id"]]
    slider = state[box["state"]["children"][0].removeprefix("IPY_MODEL_")]
    assert slider["model_name"] == "IntSliderModel"
    assert state[slider["state"]["layout"].removeprefix("IPY_MODEL_")]["state"] == {"width": "auto"}


def test_a_fixed_notebook_is_left_unchanged_by_a_second_pass():
    once = notebooks.fix_notebook(widget_notebook(4), "chapters/w")
    twice = notebooks.fix_notebook(copy.deepcopy(once), "chapters/w")
    assert nbformat.writes(once) == nbformat.writes(twice)
    assert notebooks.widget_ids("chapters/w", once) == {
        m: m for m in notebooks.widget_ids("chapters/w", once)
    }


# --------------------------------------------------------------------------------------
# Outputs from the execution cache


def executed_and_stripped():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("Text"), nbformat.v4.new_code_cell("1 + 1")]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    executed = copy.deepcopy(nb)
    executed.cells[1].outputs = [
        nbformat.v4.new_output("execute_result", data={"text/plain": "2"}, execution_count=1)
    ]
    executed.cells[1].execution_count = 1
    return executed, nb


def glue_output(name, value, prefix="application/papermill.record/"):
    return nbformat.v4.new_output(
        "display_data",
        data={f"{prefix}text/plain": value},
        metadata={"scrapbook": {"name": name, "mime_prefix": prefix}},
    )


def test_a_cache_hit_gets_its_outputs_back(tmp_path):
    """With jupyter-cache itself: what myst-nb writes after a cache hit, fixed."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    executed, stripped = executed_and_stripped()
    cache = get_cache(tmp_path / "cache")
    cache.cache_notebook_bundle(
        CacheBundleIn(executed, str(tmp_path / "chapter.md")), check_validity=False
    )
    fixed = notebooks.fix_notebook(copy.deepcopy(stripped), "chapters/c", cache)
    assert fixed.cells[1].outputs[0]["data"]["text/plain"] == "2"
    assert fixed.cells[1].execution_count == 1
    # and it is the same file as the one written after an execution
    fresh = notebooks.fix_notebook(copy.deepcopy(executed), "chapters/c", cache)
    assert nbformat.writes(fixed) == nbformat.writes(fresh)


def test_a_cache_hit_drops_hidden_glue_outputs_as_an_execution_does(tmp_path):
    """The cache keeps ``glue`` outputs that myst-nb removes after an execution."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    executed, stripped = executed_and_stripped()
    executed.cells[1].outputs += [glue_output("hidden", "'42'"), glue_output("shown", "7", "")]
    cache = get_cache(tmp_path / "cache")
    cache.cache_notebook_bundle(
        CacheBundleIn(executed, str(tmp_path / "chapter.md")), check_validity=False
    )
    fixed = notebooks.fix_notebook(stripped, "chapters/c", cache)
    kept = [o.get("metadata", {}).get("scrapbook", {}).get("name") for o in fixed.cells[1].outputs]
    assert kept == [None, "shown"]


class RefusingCache:
    def merge_match_into_notebook(self, nb):
        raise AssertionError("the cache must not be asked when the outputs are there")


class EmptyCache:
    def merge_match_into_notebook(self, nb):
        raise KeyError("no match")


def test_outputs_already_there_are_kept():
    executed, _ = executed_and_stripped()
    fixed = notebooks.fix_notebook(executed, "chapters/c", RefusingCache())
    assert fixed.cells[1].outputs[0]["data"]["text/plain"] == "2"


def test_a_notebook_the_cache_does_not_hold_is_left_as_it_is():
    _, stripped = executed_and_stripped()
    fixed = notebooks.fix_notebook(stripped, "chapters/c", EmptyCache())
    assert fixed.cells[1].outputs == []


# --------------------------------------------------------------------------------------
# The built site


def downloadable_notebooks():
    return sorted((SITE / "_sources").rglob("*.ipynb")) if SITE.is_dir() else []


@pytest.mark.book
def test_the_site_offers_every_chapter_as_a_notebook(site):
    chapters = sorted(p.stem for p in (ROOT / "chapters").glob("*.md"))
    assert [p.stem for p in downloadable_notebooks()] == chapters


@pytest.mark.book
@pytest.mark.parametrize("path", downloadable_notebooks(), ids=lambda p: p.stem)
def test_downloadable_notebooks_have_outputs_and_deterministic_ids(site, path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    docname = path.relative_to(site / "_sources").with_suffix("").as_posix()
    sources = ["".join(c.source) if isinstance(c.source, list) else c.source for c in nb.cells]
    assert [c["id"] for c in nb.cells] == notebooks.cell_ids(docname, sources)
    widgets = notebooks.widget_ids(docname, nb)
    assert all(old == new for old, new in widgets.items()), f"{path.name}: random widget ids"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.execution_count for c in code), f"{path.name}: not executed"
    assert sum(len(c.outputs) for c in code) > 0, f"{path.name}: no outputs"


#: ids that pandas' Styler makes from a random uuid when not given one
STYLER_ID = re.compile(r'id="T_[0-9a-f]{5}(?:_|")')
UUID4 = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\b")


def built_text_files():
    if not SITE.is_dir():
        return []
    return sorted(
        p
        for p in SITE.rglob("*")
        if p.suffix in {".html", ".ipynb", ".json", ".js", ".txt"}
        and "_static" not in p.parts  # third-party libraries, copied as published
    )


@pytest.mark.book
def test_no_random_ids_or_build_paths_in_the_built_site(site):
    files = built_text_files()
    assert len(files) > 10
    found = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for pattern in (STYLER_ID, UUID4):
            if pattern.search(text):
                found.append(f"{path.relative_to(site)}: {pattern.search(text).group(0)}")
        if str(ROOT) in text or "/tmp/" in text:
            found.append(f"{path.relative_to(site)}: a build path")
    assert not found, found
