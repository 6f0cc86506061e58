"""The downloadable notebooks: executed, and the same file from every build of a commit.

Each chapter page offers its notebook (``_sources/chapters/<chapter>.ipynb``, copied by the
theme from ``_build/jupyter_execute``). myst-nb writes that file while it reads the chapter,
and two things made it differ between builds of the same commit:

* **Random cell ids.** myst-nb turns the MyST markdown into a notebook with nbformat, which
  gives every cell a random id (``"id": "7cec80ac"`` in one build, ``"7ce009a8"`` in the
  next). Here every cell gets an id that is a pure function of the chapter, the cell's
  source and how many earlier cells of that chapter have the same source
  (:func:`cell_ids`): the same commit gives the same ids, and editing one cell changes only
  that cell's id, so a diff of two builds shows the cells that changed.
* **No outputs after a cache hit.** When a chapter's code is unchanged, myst-nb takes the
  outputs from its execution cache (``_build/.jupyter_cache``) for the page, but writes the
  notebook it read, without them (myst-nb 1.4.0: the merged notebook replaces the client's,
  and the file is written from the original). A reader who downloads the chapter then gets
  a notebook with no outputs, and a build that re-ran a chapter differs from one that did
  not. Here the outputs are merged from the same cache, so the file is the executed
  notebook either way.

The notebook is rewritten on ``doctree-read``, right after myst-nb has written it and before
the theme copies it into ``_sources``. Only ids, outputs and execution counts change: the
sources are left as myst-nb wrote them.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: nbformat 4.5 cell ids: 1 to 64 characters from this set.
CELL_ID = re.compile(r"^[a-zA-Z0-9-_]{1,64}$")
ID_LENGTH = 12


def cell_ids(docname: str, sources: list[str]) -> list[str]:
    """Deterministic, unique, valid nbformat cell ids for the cells of one chapter.

    ``sources`` are the cells' sources in order. The id of a cell is the start of the
    SHA-256 of the chapter's name, its source and the number of earlier cells with the same
    source, so ids are unique within a chapter, survive the insertion of other cells, and
    differ between chapters.

    >>> first, second = cell_ids("chapters/x", ["print(1)", "print(1)"])
    >>> first != second, len(first)
    (True, 12)
    """
    if not isinstance(docname, str) or not docname:
        raise ValueError(f"docname must be a non-empty string, got {docname!r}")
    seen: dict[str, int] = {}
    ids = []
    for source in sources:
        if not isinstance(source, str):
            raise ValueError(f"sources must be strings (cell sources), got {type(source).__name__}")
        repeat = seen.get(source, 0)
        seen[source] = repeat + 1
        digest = hashlib.sha256(f"{docname}\0{repeat}\0{source}".encode()).hexdigest()
        ids.append(digest[:ID_LENGTH])
    return ids


#: a widget model id as ipywidgets makes it (``uuid4().hex``), and a reference to one
MODEL_ID = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")
MODEL_REF = re.compile(r"IPY_MODEL_([0-9a-f]{32})")


def widget_ids(docname: str, notebook: Any) -> dict[str, str]:
    """A new, deterministic id for each widget model saved in ``notebook``.

    The models are numbered in the order the notebook reaches them: the widget views in
    the outputs, cell by cell, then, breadth first, the models that each model's state
    refers to (``"IPY_MODEL_<id>"``), in the order of its state's keys; models that nothing
    refers to come last, in the order of their state's JSON text. The new id of model
    number ``k`` is 32 hexadecimal digits of SHA-256 of the chapter's name and ``k``: the
    same form as ipywidgets' own ids.
    """
    import json

    state = notebook.metadata.get("widgets", {})
    state = state.get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    order: list[str] = []

    def reach(model_id: str) -> None:
        if model_id in state and model_id not in order:
            order.append(model_id)

    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get("application/vnd.jupyter.widget-view+json")
            if view:
                reach(view.get("model_id", ""))
    position = 0
    while position < len(order):
        model = state[order[position]]
        for key in sorted(model.get("state", {})):
            for ref in MODEL_REF.findall(json.dumps(model["state"][key], sort_keys=True)):
                reach(ref)
        position += 1
    for model_id in sorted(
        (m for m in state if m not in order),
        key=lambda m: json.dumps(state[m], sort_keys=True),
    ):
        order.append(model_id)
    return {
        old: hashlib.sha256(f"{docname}\0widget\0{k}".encode()).hexdigest()[:32]
        for k, old in enumerate(order)
    }


def _source(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _hidden_glue(output: Any) -> bool:
    """True for a ``glue`` output that myst-nb removes from an executed notebook.

    ``glue(name, value)`` saves ``value`` under a private mime type for the page; after an
    execution myst-nb takes those outputs out of the notebook (and keeps the ones glued
    with ``display=True``, which have no private prefix). The cache holds them, so a
    notebook merged from the cache loses them here, as after an execution.
    """
    scrapbook = output.get("metadata", {}).get("scrapbook")
    return bool(scrapbook) and bool(scrapbook.get("mime_prefix"))


def fix_notebook(notebook: Any, docname: str, cache: Any = None) -> Any:
    """``notebook`` with outputs merged from ``cache`` (when it holds them) and fixed ids.

    ``cache`` is a jupyter-cache cache or ``None``. A notebook whose code cells have no
    outputs and that the cache matches gets the cache's outputs, except the hidden
    ``glue`` ones (as after an execution); one that already has outputs keeps them.
    """
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    if cache is not None and code and not any(cell.get("outputs") for cell in code):
        try:
            _, notebook = cache.merge_match_into_notebook(notebook)
        except KeyError:
            pass  # not in the cache: leave the notebook as myst-nb wrote it
        else:
            for cell in notebook.cells:
                if cell.cell_type == "code":
                    cell.outputs = [o for o in cell.outputs if not _hidden_glue(o)]
    for cell, new_id in zip(
        notebook.cells, cell_ids(docname, [_source(c) for c in notebook.cells]), strict=True
    ):
        cell["id"] = new_id
    renamed = widget_ids(docname, notebook)
    if renamed:
        import nbformat

        text = MODEL_ID.sub(
            lambda m: renamed.get(m.group(0), m.group(0)), nbformat.writes(notebook)
        )
        notebook = nbformat.reads(text, as_version=4)
    return notebook


def _on_doctree_read(app: Sphinx, doctree: Any) -> None:
    import nbformat

    docname = app.env.docname
    path = Path(app.outdir).parent / "jupyter_execute" / f"{docname}.ipynb"
    if not path.is_file():
        return  # not a notebook page
    cache = None
    if app.config.nb_execution_mode == "cache":
        from jupyter_cache import get_cache

        cache = get_cache(app.config.nb_execution_cache_path or ".jupyter_cache")
    notebook = nbformat.read(path, as_version=4)
    notebook = fix_notebook(notebook, docname, cache)
    text = nbformat.writes(notebook)
    if path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    logger.debug("notebooks: %s has deterministic cell ids", docname)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", _on_doctree_read)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
