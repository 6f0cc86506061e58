"""Serve a built site on 127.0.0.1 from a thread of this process.

Used through :func:`browser.served_site`. Like the test suite's server, with one
difference that matters for page-speed numbers: by default text files (HTML, CSS,
JavaScript, JSON, SVG) are sent gzip-compressed when the browser asks for it, as static
hosts such as GitHub Pages, GitLab Pages, Netlify and Read the Docs do. Python's plain
``http.server`` never compresses, which would make a page look two to three times heavier
than a reader ever receives it.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".txt", ".xml", ".map", ".inv"}


class Handler(http.server.SimpleHTTPRequestHandler):
    compress = True
    _cache: dict[tuple[str, float], bytes] = {}
    _lock = threading.Lock()

    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass

    def do_GET(self):  # noqa: N802 - name from the base class
        if not self._send_gzip(head_only=False):
            super().do_GET()

    def do_HEAD(self):  # noqa: N802 - name from the base class
        if not self._send_gzip(head_only=True):
            super().do_HEAD()

    def _send_gzip(self, head_only: bool) -> bool:
        if not self.compress or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return False
        path = Path(self.translate_path(self.path)).resolve()
        if not path.is_file() or path.suffix.lower() not in COMPRESSIBLE:
            return False
        stat = path.stat()
        key = (str(path), stat.st_mtime)
        with self._lock:
            body = self._cache.get(key)
        if body is None:
            body = gzip.compress(path.read_bytes(), 6)
            with self._lock:
                self._cache[key] = body
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
        self.end_headers()
        if not head_only:
            self.wfile.write(body)
        return True


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that closes a page mid-download (the benchmarks do, on purpose) is not
        # an error worth a traceback.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(directory: Path, compress: bool = True) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 at a free port; yields the base URL."""
    if not (Path(directory) / "index.html").is_file():
        raise FileNotFoundError(f"no built site in {directory}")
    cache: dict[tuple[str, float], bytes] = {}
    # Compress everything up front, so no visit waits for gzip (static hosts cache too).
    if compress:
        for path in Path(directory).rglob("*"):
            if path.is_file() and path.suffix.lower() in COMPRESSIBLE:
                cache[(str(path.resolve()), path.stat().st_mtime)] = gzip.compress(
                    path.read_bytes(), 6
                )
    handler_class = type("BenchHandler", (Handler,), {"compress": compress, "_cache": cache})
    handler = functools.partial(handler_class, directory=os.fspath(directory))
    httpd = Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, name="bench-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)
