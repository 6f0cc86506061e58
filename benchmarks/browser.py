"""The one Chromium set-up of every browser benchmark: launch flags, request blocking and
the site they measure, served on 127.0.0.1.

* :data:`FLAGS` keep Debian's Chromium from calling home, and make every host name except
  127.0.0.1 unresolvable, so nothing can leave the machine even when a page asks for it.
  Playwright (charts, slider) and Lighthouse (``lighthouse.mjs``) start Chromium with them.
* :func:`new_page` opens a page in a fresh browser context (empty cache) and aborts every
  request that is not to the served site.
* :func:`served_site` serves a private copy of the built site, gzip-compressed by default.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import serve  # benchmarks/serve.py

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 30_000


@contextlib.contextmanager
def launch() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright (never `playwright install`)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser: Any, base: str) -> tuple[Any, Any]:
    """A fresh context (empty cache) and page; requests not to ``base`` are aborted.

    The caller closes the context (``context.close()``), usually in a ``finally``.
    """
    context = browser.new_context(viewport=VIEWPORT)

    def route(route: Any) -> None:
        if route.request.url.startswith(base + "/"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)
    return context, context.new_page()


@dataclass
class Site:
    base: str  # http://127.0.0.1:PORT
    root: Path  # the private copy being served
    note: str  # what was measured, for the report


def built_pages(site: Path) -> list[str]:
    return sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*.html") if "_static" not in p.parts
    )


def _source(repo: Path, fresh: Path | None) -> tuple[Path, str]:
    """The site to measure: the one the build benchmark just built, or the repository's."""
    repo_site = repo / "_build" / "html"
    if fresh is not None and (fresh / "index.html").is_file():
        return fresh, "the site this run's build benchmark had just built from the working tree"
    if (repo_site / "index.html").is_file():
        built = datetime.fromtimestamp((repo_site / "index.html").stat().st_mtime, UTC)
        return repo_site, f"the repository's `_build/html` (built {built:%Y-%m-%d %H:%M UTC})"
    print("site: _build/html is missing; building it as `make book` does", flush=True)
    subprocess.run(
        [str(repo / ".venv" / "bin" / "jupyter-book"), "build", ".", "--warningiserror"]
        + ["--keep-going"],
        cwd=repo,
        check=True,
        timeout=900,
    )
    return repo_site, "the repository's `_build/html`, built by this run"


@contextlib.contextmanager
def served_site(repo: Path, fresh: Path | None = None, compress: bool = True) -> Iterator[Site]:
    """Serve a private copy of the built site on 127.0.0.1 (a `make book` started meanwhile
    cannot pull pages from under the measurement); removed afterwards."""
    source, where = _source(repo, fresh)
    tmp = Path(tempfile.mkdtemp(prefix="bench-site-"))
    try:
        root = tmp / "html"
        shutil.copytree(source, root)
        how = (
            "gzip-compressed like common static hosts" if compress else "uncompressed (`--no-gzip`)"
        )
        note = f"Site measured: {where}, served on 127.0.0.1 by a threaded `http.server`, {how}."
        with serve.serve(root, compress=compress) as base:
            yield Site(base, root, note)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
