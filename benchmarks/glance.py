"""The report's first table: the phone targets of issue #11, this course's latest
measurements and the stock Jupyter Book trial's figures, side by side.

Built by ``run.py`` from the stored rows of the ``import``, ``weight``, ``lighthouse`` and
``lighthouse-mobile`` sections (whenever they were last measured) and stored in
``latest.json`` as ``glance``; ``report.py`` renders it.
"""

from __future__ import annotations

from typing import Any

import reference  # benchmarks/reference.py


def _rows_of(results: dict[str, Any], name: str, table: int = 0) -> list[dict[str, Any]]:
    section = results.get(name) or {}
    tables = section.get("tables") or []
    return tables[table]["rows"] if len(tables) > table else []


def _span(values: list[float]) -> str:
    low, high = min(values), max(values)
    return f"{low:.0f}" if low == high else f"{low:.0f}–{high:.0f}"


def _when(results: dict[str, Any], name: str) -> str:
    section = results.get(name) or {}
    return f"{section.get('measured_at', '?')} ({section.get('commit') or '?'})"


def glance_rows(results: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    stock_weight = f"{reference.STOCK_PAGE_GZIP / 1e3:,.0f} kB"
    for summary in _rows_of(results, "weight"):
        label = summary["pages"]
        rows.append(
            {
                "measure": f"weight of the heaviest of the {label} (gzip)",
                "this course": f"{summary['heaviest (kB)']:,.0f} kB",
                "target": f"≤ {summary['target (kB)']:,.0f} kB",
                "target met": bool(summary["all within target"]),
                "stock Jupyter Book": stock_weight,
                "measured": _when(results, "weight"),
            }
        )
    for name, preset in (("lighthouse-mobile", "mobile"), ("lighthouse", "desktop")):
        scores = _rows_of(results, name)
        if not scores:
            continue
        goals = reference.LIGHTHOUSE_GOALS[preset]
        for category, goal in goals.items():
            column = category.replace("-", " ")
            values = [r[column] for r in scores if r.get(column) is not None]
            if not values:
                continue
            stock = (
                reference.stock_mobile_text()
                if (preset, category) == ("mobile", "performance")
                else "–"
            )
            rows.append(
                {
                    "measure": f"Lighthouse {preset} {column}, lowest–highest page",
                    "this course": _span(values),
                    "target": f"≥ {goal}" if goal < 100 else "100",
                    "target met": min(values) >= goal,
                    "stock Jupyter Book": stock,
                    "measured": _when(results, name),
                }
            )
    imports = _rows_of(results, "import")
    if imports:
        first = imports[0]
        rows.append(
            {
                "measure": "`import policing_lab`, median of fresh interpreters",
                "this course": f"{first['median (s)']:.2f} s",
                "target": f"< {reference.IMPORT_TARGET_S:g} s",
                "target met": first["median (s)"] < reference.IMPORT_TARGET_S,
                "stock Jupyter Book": "–",
                "measured": _when(results, "import"),
            }
        )
    return rows


def glance(results: dict[str, Any]) -> dict[str, Any] | None:
    rows = glance_rows(results)
    if not rows:
        return None
    return {
        "title": "At a glance: the phone targets of issue #11",
        "rows": rows,
        "notes": [
            f"Stock Jupyter Book: the {reference.STOCK_SOURCE}; constants in "
            "`benchmarks/reference.py`.",
            "Each line comes from the section below that measured it, at the time shown.",
        ],
    }
