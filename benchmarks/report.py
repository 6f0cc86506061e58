"""The benchmarks' renderer: ``results/latest.json`` -> ``results/latest.md``.

Every benchmark returns *rows*: a list of flat dicts whose keys are the column headings,
with the unit in the key (``"median (s)"``, ``"drawn (ms)"``), and whose values are
numbers, strings, booleans or None. This module is the only place where they become text,
so the numbers stay numbers in ``latest.json``. To re-render the Markdown from the JSON::

    .venv/bin/python benchmarks/report.py

Layout of ``latest.json``: ``{"format": 2, "facts": {...}, "run": {...}, "glance": {"title",
"rows", "notes"} or null, "results": {name: section}}``, each section ``{"title", "about",
"measured_at", "commit", "seconds", "tables": [{"caption", "rows"}], "notes": [...],
"error"}``, in the order of the report.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

FORMAT = 2
RESULTS = Path(__file__).resolve().parent / "results"
LATEST_JSON = RESULTS / "latest.json"
LATEST_MD = RESULTS / "latest.md"


def format_number(value: float) -> str:
    """About three significant digits, thousands separated, never in scientific notation."""
    if math.isnan(value):
        return "–"
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    size = abs(value)
    if size >= 100 or value == round(value) and size < 1e15:
        return f"{value:,.0f}"
    if size >= 10:
        return f"{value:,.1f}"
    if size >= 1:
        return f"{value:.2f}"
    decimals = min(6, 2 - math.floor(math.log10(size)))
    return f"{value:.{decimals}f}"


def format_cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "**no**"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return format_number(value)
    return str(value).replace("|", "\\|").replace("\n", " ")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def markdown_table(rows: list[dict[str, Any]]) -> list[str]:
    """A Markdown table: one column per key (in order of first appearance), one line per row.

    Columns holding only numbers (and blanks) are right-aligned; missing cells show "–".
    """
    if not rows:
        return []
    columns = list(dict.fromkeys(key for row in rows for key in row))
    numeric = {
        c: all(_is_number(row.get(c)) or row.get(c) is None for row in rows) for c in columns
    }
    lines = [
        "| " + " | ".join(columns) + " |",
        "|" + "|".join("---:" if numeric[c] else "---" for c in columns) + "|",
    ]
    lines += ["| " + " | ".join(format_cell(row.get(c)) for c in columns) + " |" for row in rows]
    return lines


def _header(facts: dict[str, Any], run: dict[str, Any]) -> list[str]:
    uncommitted = facts.get("uncommitted") or 0
    return [
        "# Benchmarks",
        "",
        "Measurements, not tests: written by `make bench` (`benchmarks/run.py`) from "
        "`latest.json`. Every time is a median; each table gives the number of runs. See "
        "`benchmarks/README.md`.",
        "",
        f"- date: {facts['date']} (this run took {run['minutes']:.1f} min; ran: "
        f"{', '.join(run['ran']) or 'nothing'})",
        f"- machine: {facts['nproc']} CPUs (`nproc`), {facts['cpu']}, {facts['memory']} RAM, "
        f"{facts['os']}; load average at start {facts['load']}",
        f"- software: Python {facts['python']}, Node {facts['node']}, {facts['chromium']}, "
        f"Lighthouse {facts['lighthouse']}",
        f"- source: commit {facts['commit']}"
        + (f" plus {uncommitted} uncommitted change(s) in the working tree" if uncommitted else ""),
        "",
    ]


def render_section(number: int, section: dict[str, Any], date: str) -> list[str]:
    lines = [f"## {number}. {section['title']}", ""]
    if section["measured_at"] != date:
        lines += [
            f"*Not re-run this time: measured {section['measured_at']} "
            f"(commit {section.get('commit') or '?'}).*",
            "",
        ]
    if section.get("error"):
        lines += [f"**Failed**: `{section['error']}`", ""]
    if section.get("about"):
        lines += [section["about"], ""]
    for table in section.get("tables", []):
        if table.get("caption"):
            lines += [f"**{table['caption']}**", ""]
        lines += markdown_table(table["rows"]) or ["(no rows)"]
        lines.append("")
    notes = section.get("notes") or []
    lines += [f"- {note}" for note in notes]
    if notes:
        lines.append("")
    return lines


def render_glance(glance: dict[str, Any]) -> list[str]:
    """The summary table ``run.py`` stores as ``glance`` (targets side by side)."""
    lines = [f"## {glance['title']}", ""]
    lines += markdown_table(glance["rows"]) or ["(no rows)"]
    lines.append("")
    notes = glance.get("notes") or []
    lines += [f"- {note}" for note in notes]
    if notes:
        lines.append("")
    return lines


def render(latest: dict[str, Any]) -> str:
    """The whole report, from the contents of ``latest.json``."""
    facts = latest["facts"]
    lines = _header(facts, latest["run"])
    if latest.get("glance"):
        lines += render_glance(latest["glance"])
    for number, section in enumerate(latest["results"].values(), 1):
        lines += render_section(number, section, facts["date"])
    return "\n".join(lines).rstrip() + "\n"


def _write(path: Path, text: str) -> None:
    """Write through a temporary file, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def write(latest: dict[str, Any], json_path: Path = LATEST_JSON, md_path: Path = LATEST_MD) -> str:
    """Write ``latest.json``, then ``latest.md`` rendered from what was written."""
    _write(json_path, json.dumps(latest, indent=1, ensure_ascii=False) + "\n")
    text = render(json.loads(json_path.read_text(encoding="utf-8")))
    _write(md_path, text)
    return text


def load(json_path: Path = LATEST_JSON) -> dict[str, Any] | None:
    """The previous results, or None when there are none in this format."""
    if not json_path.is_file():
        return None
    latest = json.loads(json_path.read_text(encoding="utf-8"))
    return latest if latest.get("format") == FORMAT else None


def main() -> int:
    latest = load()
    if latest is None:
        print(f"no results in format {FORMAT} in {LATEST_JSON}: run benchmarks/run.py first")
        return 1
    _write(LATEST_MD, render(latest))
    print(f"wrote {LATEST_MD}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
