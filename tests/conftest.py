"""Shared fixtures: the built site, a local web server for it, headless Chromium, and
``open_page``, which opens a page of the site in a fresh browser context.

Also a collection rule: tests marked ``node_modules`` stop with a clear message when
``npm ci`` has not been run.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
CHROMIUM = Path("/usr/bin/chromium")
# Flags that keep Chromium from calling home (this machine has no network; a reader's
# browser has its own settings, but the test must see only the page's own requests).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]


@pytest.fixture
def course_charts():
    """The course's Altair theme and renderer for one test; Altair's own afterwards."""
    import altair as alt

    from policing_lab import charts

    before_theme, before_renderer = alt.theme.active, alt.renderers.active
    charts.enable()
    yield
    alt.theme.enable(before_theme)
    alt.renderers.enable(before_renderer)


def pytest_runtest_setup(item):
    if item.get_closest_marker("node_modules") and not (ROOT / "node_modules").is_dir():
        pytest.fail(
            "needs node_modules: run `npm ci` (make book does), or leave these tests out "
            'with pytest -m "not node_modules"',
            pytrace=False,
        )


def built_pages() -> list[str]:
    """Every HTML page of the built site, as paths relative to its root."""
    if not SITE.is_dir():
        return []
    return sorted(
        p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html") if "_static" not in p.parts
    )


@pytest.fixture(scope="session")
def site() -> Path:
    if not (SITE / "index.html").is_file():
        pytest.fail(f"{SITE} is missing: build the course first with `make book`")
    return SITE


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    """A browser that closes a page mid-download is normal, not an error worth a traceback."""

    def handle_error(self, request, client_address):
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError):  # broken pipe, connection reset
            return
        super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def server(site: Path):
    """Serve the built site on 127.0.0.1 at a free port; yields the base URL.

    ``SITE_TEST_PORT=8123`` picks the port instead (for machines where only some ports
    may be used).
    """
    handler = functools.partial(_QuietHandler, directory=str(site))
    port = int(os.environ.get("SITE_TEST_PORT", "0"))
    httpd = _QuietServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            "Debian's chromium is missing: `make test` installs it (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Visit:
    """A page opened by ``open_page``, with what happened while it loaded and since."""

    page: Any  # playwright.sync_api.Page
    external: list[str] = field(default_factory=list)  # blocked requests to other hosts
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    loaded: list[str] = field(default_factory=list)  # URLs of finished requests


@pytest.fixture
def open_page(browser, server: str) -> Iterator[Callable[..., Visit]]:
    """A factory: ``open_page(path, width=1280, height=900, dark=False)`` -> :class:`Visit`.

    Each call opens ``path`` in a new browser context with that viewport (and the dark
    theme if asked), waits for the network to settle, and records console errors, page
    errors and finished requests. Every request that is not to the test's own server on
    127.0.0.1 is blocked and recorded in ``external``. The contexts are closed when the
    test ends, whatever its outcome.
    """
    contexts = []

    def open_(path: str, width: int = 1280, height: int = 900, dark: bool = False) -> Visit:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        if dark:
            context.add_init_script(
                "localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');"
            )
        page = context.new_page()
        record = Visit(page)

        def route(route):
            url = route.request.url
            if url.startswith(server + "/"):
                route.continue_()
            else:
                record.external.append(url)
                route.abort()

        context.route("**/*", route)
        page.on("requestfinished", lambda r: record.loaded.append(r.url))
        page.on("console", lambda m: m.type == "error" and record.console_errors.append(m.text))
        page.on("pageerror", lambda e: record.page_errors.append(str(e)))
        page.goto(f"{server}/{path}", wait_until="load")
        page.wait_for_load_state("networkidle")
        return record

    yield open_
    for context in contexts:
        context.close()


def page_weight(site, server: str, urls: list[str]) -> tuple[int, int, list[tuple[int, int, str]]]:
    """(raw bytes, gzip bytes, rows (gzip, raw, path), heaviest first) of the files of
    ``site`` that a page loaded from ``server`` (``urls``: its finished requests)."""
    rows = []
    for url in dict.fromkeys(urls):
        if not url.startswith(server):
            continue
        path = site / unquote(urlparse(url).path).lstrip("/")
        if path.is_file():
            data = path.read_bytes()
            rows.append((len(gzip.compress(data, 6)), len(data), path.relative_to(site).as_posix()))
    rows.sort(reverse=True)
    return sum(r[1] for r in rows), sum(r[0] for r in rows), rows
