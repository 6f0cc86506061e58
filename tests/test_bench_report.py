"""The benchmarks' renderer (benchmarks/report.py) turns rows into the expected Markdown.

The benchmarks themselves are measurements and never run in the test suite.
"""

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_report():
    """Import benchmarks/report.py without touching sys.path."""
    spec = importlib.util.spec_from_file_location("report", ROOT / "benchmarks" / "report.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ROWS = [
    {"case": "urn | 100 runs", "median (s)": 0.27512, "runs": 3, "goal met": True},
    {"case": "loop", "median (s)": 1234.4, "runs": 20, "goal met": False, "note": "slow"},
    {"case": "hot spots", "median (s)": None, "runs": 1},
]

# Written by hand: one column per key in order of first appearance, numbers right-aligned,
# about three significant digits, "|" escaped, blanks as "–", booleans as yes / **no**.
EXPECTED_TABLE = """\
| case | median (s) | runs | goal met | note |
|---|---:|---:|---|---|
| urn \\| 100 runs | 0.275 | 3 | yes | – |
| loop | 1,234 | 20 | **no** | slow |
| hot spots | – | 1 | – | – |"""


def test_rows_become_a_markdown_table():
    assert "\n".join(load_report().markdown_table(ROWS)) == EXPECTED_TABLE


def test_latest_json_becomes_the_report(tmp_path):
    report = load_report()
    facts = {
        "date": "2026-12-01 10:00 UTC",
        "nproc": "2",
        "cpu": "CPU",
        "memory": "1.0 GiB",
        "os": "Linux",
        "load": "0.10 0.20 0.30",
        "python": "3.11.7",
        "node": "v20",
        "chromium": "Chromium 1",
        "lighthouse": "12.2.3",
        "commit": "abc1234",
        "uncommitted": 0,
    }
    section = {
        "title": "Speed",
        "about": "Seconds.",
        "measured_at": "2026-11-30 09:00 UTC",
        "commit": "0000000",
        "seconds": 1.0,
        "tables": [{"caption": "bench_x.py", "rows": [{"case": "a", "median (s)": 2.0}]}],
        "notes": ["A note."],
        "error": None,
    }
    latest = {
        "format": report.FORMAT,
        "facts": facts,
        "run": {"minutes": 0.5, "ran": []},
        "results": {"speed": section},
    }
    text = report.write(latest, tmp_path / "latest.json", tmp_path / "latest.md")
    assert json.loads((tmp_path / "latest.json").read_text()) == latest
    assert (tmp_path / "latest.md").read_text() == text
    assert text.endswith(
        """\
## 1. Speed

*Not re-run this time: measured 2026-11-30 09:00 UTC (commit 0000000).*

Seconds.

**bench_x.py**

| case | median (s) |
|---|---:|
| a | 2 |

- A note.
"""
    )
    assert "- source: commit abc1234\n" in text and "ran: nothing" in text


def test_the_targets_table_comes_first():
    report = load_report()
    glance = {
        "title": "At a glance",
        "rows": [{"measure": "weight", "this course": "520 kB", "target met": False}],
        "notes": ["Stock figures quoted."],
    }
    latest = {
        "format": report.FORMAT,
        "facts": {
            "date": "d",
            "nproc": "2",
            "cpu": "c",
            "memory": "m",
            "os": "o",
            "load": "l",
            "python": "p",
            "node": "n",
            "chromium": "c",
            "lighthouse": "12.2.3",
            "commit": "abc",
        },
        "run": {"minutes": 1.0, "ran": []},
        "glance": glance,
        "results": {},
    }
    text = report.render(latest)
    assert text.endswith(
        """\
## At a glance

| measure | this course | target met |
|---|---|---|
| weight | 520 kB | **no** |

- Stock figures quoted.
"""
    )
