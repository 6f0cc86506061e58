"""Page weight: the bytes a gzip-compressing static host sends for each built page.

Measured in the browser: every page is opened in a fresh context (empty cache) on the
site served gzip-compressed by :mod:`serve`, scrolled to the bottom so that lazily loaded
images load too, and left until the network is idle; then the page's own Resource Timing
entries give, for the document and every file it loaded (scripts, styles, fonts, images,
data), the body bytes as sent over the wire (``encodedBodySize``: compressed where the
server compressed it, as GitHub Pages and Netlify do). HTTP headers are not counted.
"""

from __future__ import annotations

import statistics
from typing import Any

import browser  # benchmarks/browser.py
import reference  # benchmarks/reference.py

# What the Resource Timing entry's initiator and the file's extension say it is.
KINDS = {
    ".js": "scripts",
    ".mjs": "scripts",
    ".css": "styles",
    ".woff2": "fonts",
    ".woff": "fonts",
    ".ttf": "fonts",
    ".otf": "fonts",
    ".png": "images",
    ".jpg": "images",
    ".jpeg": "images",
    ".gif": "images",
    ".svg": "images",
    ".webp": "images",
    ".ico": "images",
}
COLUMNS = ("document", "scripts", "styles", "fonts", "images", "other")

# Runs in the page after it has loaded: every response of the visit, with its size.
ENTRIES = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const all = [nav, ...performance.getEntriesByType('resource')];
  return all.map(e => ({url: e.name, type: e.initiatorType, encoded: e.encodedBodySize,
                        decoded: e.decodedBodySize}));
}"""

SCROLL_TO_BOTTOM = """async () => {
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight) {
    scrollTo(0, y);
    await new Promise(r => setTimeout(r, 50));
  }
  scrollTo(0, document.documentElement.scrollHeight);
}"""


def kind_of(url: str, initiator: str) -> str:
    """ "document", "scripts", "styles", "fonts", "images" or "other" (data, JSON...)."""
    if initiator == "navigation":
        return "document"
    path = url.split("?", 1)[0].split("#", 1)[0].lower()
    for suffix, kind in KINDS.items():
        if path.endswith(suffix):
            return kind
    return "other"


def is_chapter(page: str) -> bool:
    return page.startswith("chapters/")


def target_bytes(page: str) -> int:
    return reference.CHAPTER_TARGET if is_chapter(page) else reference.TEXT_PAGE_TARGET


def _visit(chromium, base: str, path: str) -> list[dict[str, Any]]:
    context, page = browser.new_page(chromium, base)
    try:
        page.goto(f"{base}/{path}", wait_until="load", timeout=browser.TIMEOUT_MS)
        page.evaluate(SCROLL_TO_BOTTOM)
        page.wait_for_load_state("networkidle", timeout=browser.TIMEOUT_MS)
        entries = page.evaluate(ENTRIES)
    finally:
        context.close()
    own = [e for e in entries if e["url"].startswith(base + "/")]
    # A file fetched twice (rare) is counted once, as a browser cache would.
    return list({e["url"].split("#", 1)[0]: e for e in own}.values())


def weight_rows(base: str, pages: list[str], progress=print) -> list[dict[str, Any]]:
    """One row per page: kB sent (gzip where compressible) in total and by kind of file."""
    rows = []
    with browser.launch() as chromium:
        for path in pages:
            entries = _visit(chromium, base, path)
            by_kind = dict.fromkeys(COLUMNS, 0)
            for e in entries:
                by_kind[kind_of(e["url"], e["type"])] += e["encoded"]
            total = sum(by_kind.values())
            decoded = sum(e["decoded"] for e in entries)
            target = target_bytes(path)
            row: dict[str, Any] = {
                "page": path,
                "kind": "chapter" if is_chapter(path) else "text",
                "sent, gzip (kB)": total / 1e3,
            }
            row |= {f"{kind} (kB)": by_kind[kind] / 1e3 for kind in COLUMNS}
            row |= {
                "uncompressed (kB)": decoded / 1e3,
                "files": len(entries),
                "target (kB)": target / 1e3,
                "target met": total <= target,
                "stock Jupyter Book (kB)": reference.STOCK_PAGE_GZIP / 1e3,
            }
            rows.append(row)
            progress(f"  {path}: {total / 1e3:.0f} kB in {len(entries)} files")
    return rows


def summary_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Median and heaviest page of each kind, next to the target and the stock figure."""
    out = []
    for kind, label in (("chapter", "chapter pages"), ("text", "text-only pages")):
        weights = [r["sent, gzip (kB)"] for r in rows if r["kind"] == kind]
        if not weights:
            continue
        target = (
            reference.CHAPTER_TARGET if kind == "chapter" else reference.TEXT_PAGE_TARGET
        ) / 1e3
        out.append(
            {
                "pages": label,
                "count": len(weights),
                "median (kB)": statistics.median(weights),
                "heaviest (kB)": max(weights),
                "target (kB)": target,
                "all within target": max(weights) <= target,
                "stock Jupyter Book (kB)": reference.STOCK_PAGE_GZIP / 1e3,
            }
        )
    return out
