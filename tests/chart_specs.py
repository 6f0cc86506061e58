"""Helpers for the chart tests: a chart's specification, checked, and its data sets."""

from __future__ import annotations

import pandas as pd

from policing_lab import charts


def datasets(spec: dict) -> list[pd.DataFrame]:
    """The named data sets of a chart specification, as frames."""
    return [pd.DataFrame(rows) for rows in spec.get("datasets", {}).values()]


def rendered(chart) -> dict:
    """``chart``'s specification, after the accessibility check and the course renderer."""
    spec = chart.to_dict()
    charts.check_accessible(spec)
    chart._repr_mimebundle_()  # the course renderer accepts it
    return spec
