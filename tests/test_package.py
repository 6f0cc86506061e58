"""The package's start-up: ``import policing_lab`` stays light, its submodules load on use."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("altair", "ipywidgets", "sklearn", "scipy", "jsonschema", "IPython", "fairlearn")


def _in_fresh_interpreter(code: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_import_loads_none_of_the_heavy_libraries():
    loaded = _in_fresh_interpreter(
        "import json, sys\nimport policing_lab\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    assert loaded == [], f"import policing_lab imported {loaded}"


def test_submodules_load_on_first_use_and_stay():
    result = _in_fresh_interpreter(
        "import json, sys\nimport policing_lab as pl\n"
        "before = 'altair' in sys.modules\n"
        "charts = pl.charts\n"
        "print(json.dumps({'before': before, 'after': 'altair' in sys.modules,\n"
        "    'same': charts is sys.modules['policing_lab.charts'] is pl.charts,\n"
        "    'listed': all(n in dir(pl) for n in pl.__all__)}))"
    )
    assert result == {"before": False, "after": True, "same": True, "listed": True}


def test_first_chapter_cell_still_works():
    """What every chapter's set-up cell does, then a model and a confusion matrix."""
    result = _in_fresh_interpreter(
        "import json\nimport policing_lab as pl\nfrom policing_lab import screening\n"
        "pl.charts.enable()\n"
        "people = pl.make_people(pl.make_city(seed=1), n_people=500, seed=2)\n"
        "scores = pl.score_people(pl.train_risk_model(people), people)\n"
        "counts = screening.confusion_counts(people['reoffends'], scores, threshold=0.2)\n"
        "print(json.dumps(counts['tp'] + counts['fp'] + counts['fn'] + counts['tn']))"
    )
    assert result == 500


def test_unknown_attribute_is_an_attribute_error():
    import policing_lab as pl

    with pytest.raises(AttributeError, match="has no attribute 'chart'"):
        pl.chart  # noqa: B018 - the attribute access is the test


@pytest.mark.parametrize("module", ["policing_lab.charts", "policing_lab.widgets"])
def test_altair_is_imported_without_the_iri_grammar(module):
    """policing_lab/_altair.py: charts skip rfc3987_syntax's 4-second import, nothing else."""
    result = _in_fresh_interpreter(
        f"import json, sys\nimport {module}\n"
        "skipped = 'rfc3987_syntax' not in sys.modules\n"
        "import jsonschema, rfc3987_syntax  # still importable afterwards\n"
        "checker = jsonschema.FormatChecker()\n"
        "ok = checker.conforms('2026-12-02', 'date') and not checker.conforms('x', 'date')\n"
        "print(json.dumps({'skipped': skipped, 'formats_still_checked': ok,\n"
        "    'altair': 'altair' in sys.modules}))"
    )
    assert result == {"skipped": True, "formats_still_checked": True, "altair": True}


def test_altair_imported_first_elsewhere_is_left_alone():
    result = _in_fresh_interpreter(
        "import json, sys\nimport altair\nimport policing_lab.charts\n"
        "print(json.dumps('rfc3987_syntax' in sys.modules))"
    )
    assert result is True  # the reader's own import of altair keeps every checker
