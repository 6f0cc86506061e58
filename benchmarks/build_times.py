"""Build times of the book: a clean build and rebuilds that reuse the execution cache.

Each build runs the command of the Makefile's ``book`` target::

    rm -rf _build/html
    .venv/bin/jupyter-book build . --warningiserror --keep-going

By default the builds run in a scratch copy of the working tree (everything except
``.git``, ``.venv``, ``_build``, the test caches and ``benchmarks/``; ``node_modules`` is
linked, not copied), so the benchmark never deletes the repository's ``_build`` (its
site and its execution cache) while someone else builds or tests; building in the
repository itself (``run.py --in-place``) is what ``make clean && make book`` does.
:func:`rows` times the builds in the folder it is given and returns one row per kind.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SKIP_TOP = {
    ".git",
    ".venv",
    "node_modules",
    "_build",
    ".hypothesis",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    "benchmarks",
}
SKIP_ANYWHERE = {"__pycache__", ".ipynb_checkpoints"}
BUILD_TIMEOUT = 900  # seconds; a build that takes longer is reported as failed


@dataclass
class BuildResult:
    label: str
    command: str
    seconds: list[float] = field(default_factory=list)
    failure: str | None = None


def scratch_copy(root: Path) -> Path:
    """Copy the working tree to a temporary folder (node_modules linked)."""
    target = Path(tempfile.mkdtemp(prefix="bench-build-"))

    def ignore(folder: str, names: list[str]) -> set[str]:
        skip = {n for n in names if n in SKIP_ANYWHERE}
        if Path(folder).resolve() == root.resolve():
            skip |= {n for n in names if n in SKIP_TOP}
        return skip

    shutil.copytree(root, target, ignore=ignore, dirs_exist_ok=True, symlinks=True)
    if (root / "node_modules").is_dir():
        (target / "node_modules").symlink_to(root / "node_modules", target_is_directory=True)
    return target


def _build(where: Path, jupyter_book: Path, log: Path) -> tuple[float, str | None]:
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        try:
            proc = subprocess.run(
                [os.fspath(jupyter_book), "build", ".", "--warningiserror", "--keep-going"],
                cwd=where,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=BUILD_TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            return time.perf_counter() - start, f"timed out after {BUILD_TIMEOUT} s"
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        lines = [
            ln.strip()
            for ln in log.read_text(encoding="utf-8", errors="replace").splitlines()
            if ln.strip()
        ]
        errors = [ln for ln in lines if re.match(r"^[\w.]+(Error|Exception|Warning): \S", ln)]
        reason = errors[0] if errors else (lines[-1] if lines else "no output")
        reason = reason.replace(f"{where.resolve()}/", "").replace(f"{where}/", "")
        return seconds, f"exit code {proc.returncode}: {reason[:300]}"
    return seconds, None


def _remove(where: Path, *names: str) -> None:
    for name in names:
        shutil.rmtree(where / name, ignore_errors=True)


def _keep_only_cache(where: Path) -> None:
    build = where / "_build"
    if build.is_dir():
        for child in build.iterdir():
            if child.name != ".jupyter_cache":
                shutil.rmtree(child) if child.is_dir() else child.unlink()


def rows(
    where: Path,
    jupyter_book: Path,
    runs: int,
    clean_runs: int = 1,
    cached_runs: int = 1,
    log_dir: Path | None = None,
) -> list[dict[str, Any]]:
    """Time the builds in ``where`` (its ``_build`` is deleted); one row per kind of build.

    Whatever happens, ``where/_build/html`` holds a built site afterwards when a build can
    succeed at all, for the browser benchmarks.
    """
    log_dir = log_dir or Path(tempfile.mkdtemp(prefix="bench-build-logs-"))
    log_dir.mkdir(parents=True, exist_ok=True)
    cmd = "jupyter-book build . --warningiserror --keep-going"
    clean = BuildResult(
        "clean build: no `_build` at all (execution cache deleted too)", f"rm -rf _build && {cmd}"
    )
    noop = BuildResult(
        "no-op rebuild: `make book` again (execution cache and doctrees warm)",
        f"rm -rf _build/html && {cmd}",
    )
    literal = BuildResult(
        "rebuild after `rm -rf _build/html _build/jupyter_execute` (doctrees kept)",
        f"rm -rf _build/html _build/jupyter_execute && {cmd}",
    )
    cached = BuildResult(
        "rebuild from the execution cache only (`_build` deleted except `.jupyter_cache`)",
        f"all of _build but .jupyter_cache removed && {cmd}",
    )
    results = [clean, noop, literal, cached]

    for i in range(clean_runs):
        _remove(where, "_build")
        seconds, failure = _build(where, jupyter_book, log_dir / f"clean-{i}.log")
        clean.seconds.append(seconds)
        if failure:
            clean.failure = failure
            break
    if clean.failure:
        for r in results[1:]:
            r.failure = "not run: the clean build failed"
        return _rows(results)

    for i in range(runs):
        _remove(where, "_build/html")
        seconds, failure = _build(where, jupyter_book, log_dir / f"noop-{i}.log")
        noop.seconds.append(seconds)
        if failure:
            noop.failure = failure
            break

    # Measured once, because it fails when Sphinx's doctrees say nothing changed but the
    # executed notebooks are gone (see EXPECTED_FAILURE).
    _remove(where, "_build/html", "_build/jupyter_execute")
    seconds, failure = _build(where, jupyter_book, log_dir / "literal.log")
    literal.seconds.append(seconds)
    literal.failure = failure

    for i in range(cached_runs):
        _keep_only_cache(where)
        seconds, failure = _build(where, jupyter_book, log_dir / f"cached-{i}.log")
        cached.seconds.append(seconds)
        if failure:
            cached.failure = failure
            break
    if cached.failure or not (where / "_build" / "html" / "index.html").is_file():
        # Leave a built site behind whatever happened above.
        _remove(where, "_build")
        _build(where, jupyter_book, log_dir / "final.log")
    return _rows(results)


#: Why the third kind of rebuild fails (the report adds it when it does).
EXPECTED_FAILURE = (
    "Deleting `_build/jupyter_execute` but keeping `_build/.doctrees` breaks the next "
    "build: Sphinx sees no changed source, so MyST-NB does not write the executed notebooks "
    "again, and sphinx-book-theme's launch buttons look for them (`FileNotFoundError`). "
    "`make book` only deletes `_build/html`, so it is not affected; `make clean` fixes it."
)


def _rows(results: list[BuildResult]) -> list[dict[str, Any]]:
    return [
        {
            "build": r.label,
            "median (s)": statistics.median(r.seconds) if r.seconds else None,
            "fastest (s)": min(r.seconds, default=None),
            "slowest (s)": max(r.seconds, default=None),
            "runs": len(r.seconds),
            "outcome": f"fails: {r.failure}" if r.failure else "ok",
        }
        for r in results
    ]
