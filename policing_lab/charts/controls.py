"""Controls that work on the static page: chart parameters bound to sliders and buttons.

A reader of the website has no Python kernel. The chapter computes its figure for every
position of the controls beforehand; these parameters let the browser pick the rows that
match. :func:`policing_lab.widgets.explorable` builds such a figure and its live twin from
one description.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import numpy as np

from .._validation import check_number

__all__ = ["slider", "radio", "pick", "check_grid"]


def check_grid(values: Any, name: str = "values") -> np.ndarray:
    """Return ``values`` as an increasing, evenly spaced float grid of at least 2 numbers."""
    try:
        grid = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a sequence of numbers; got {values!r}") from None
    if grid.ndim != 1 or grid.size < 2 or not np.all(np.isfinite(grid)):
        raise ValueError(f"{name} must be a one-dimensional sequence of at least 2 finite numbers")
    steps = np.diff(grid)
    step = float(steps[0])
    if step <= 0 or not np.allclose(steps, step, rtol=1e-9, atol=1e-12):
        raise ValueError(f"{name} must be increasing and evenly spaced (a slider grid)")
    return grid


def slider(
    name: str,
    values: Sequence[float],
    *,
    label: str,
    value: float | None = None,
) -> alt.Parameter:
    """A chart parameter bound to a slider that works on the static page (no kernel).

    The slider moves over ``values``, an evenly spaced grid of numbers that the chapter
    computed in Python beforehand; charts pick the matching rows with
    ``transform_filter(alt.datum.<column> == param)``.

    Parameters
    ----------
    name
        Name of the parameter inside the chart specification (letters, digits, ``_``).
    values
        The evenly spaced grid the slider may take (at least two values).
    label
        The text shown next to the slider, which is also its accessible name.
    value
        Starting position; must be one of ``values``. Defaults to the first.

    Examples
    --------
    >>> ratio = slider("ratio", [1, 2, 3, 4], label="Patrol ratio ")
    """
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"name must be a valid identifier (letters, digits, _); got {name!r}")
    if not isinstance(label, str) or not label.strip():
        raise ValueError("label must be a non-empty string: it is the slider's accessible name")
    grid = check_grid(values)
    step = float(grid[1] - grid[0])
    if value is None:
        value = float(grid[0])
    else:
        value = check_number(value, "value", low=float(grid[0]), high=float(grid[-1]))
        if not np.any(np.isclose(grid, value)):
            raise ValueError(f"value must be one of the grid values {grid.tolist()}; got {value}")
    start = int(value) if float(value).is_integer() else value
    return alt.param(
        name=name,
        value=start,
        bind=alt.binding_range(min=float(grid[0]), max=float(grid[-1]), step=step, name=label),
    )


def radio(
    name: str,
    options: Sequence[float],
    *,
    labels: Sequence[str],
    label: str,
    value: float | None = None,
) -> alt.Parameter:
    """A chart parameter bound to radio buttons that work on the static page.

    Parameters
    ----------
    name
        Name of the parameter inside the chart specification (letters, digits, ``_``).
    options
        The values the buttons stand for (at least two, distinct numbers).
    labels
        What each button says, one per option (its accessible name).
    label
        The text before the buttons.
    value
        Starting option; must be one of ``options``. Defaults to the first.

    Examples
    --------
    >>> switch = radio("corrected", [0, 1], labels=["off", "on"], label="Correction: ")
    >>> switch.param.value
    0
    """
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"name must be a valid identifier (letters, digits, _); got {name!r}")
    if not isinstance(label, str) or not label.strip():
        raise ValueError("label must be a non-empty string: it names the buttons")
    options = list(options)
    labels = list(labels)
    if len(options) < 2 or len(set(options)) != len(options):
        raise ValueError(f"options must hold at least 2 distinct values; got {options!r}")
    for option in options:
        check_number(option, "options")
    if len(labels) != len(options) or not all(isinstance(t, str) and t.strip() for t in labels):
        raise ValueError("labels must be one non-empty string per option")
    if value is None:
        value = options[0]
    elif value not in options:
        raise ValueError(f"value must be one of the options {options}; got {value!r}")
    return alt.param(
        name=name,
        value=value,
        bind=alt.binding_radio(options=options, labels=labels, name=label),
    )


def pick(param: alt.Parameter, field: str) -> str:
    """A filter expression keeping the rows whose ``field`` equals the slider's value.

    Compares with a small tolerance, so grids such as ``0.1, 0.2, ...`` match the values a
    browser slider produces.

    Examples
    --------
    >>> rate = slider("rate", [0.1, 0.2, 0.3], label="Rate ")
    >>> pick(rate, "reporting")
    "abs(datum['reporting'] - rate) < 1e-06"
    """
    if not isinstance(param, alt.Parameter):
        raise ValueError(
            f"param must be an Altair parameter (from slider); got {type(param).__name__}"
        )
    if not isinstance(field, str) or not field or "'" in field:
        raise ValueError(f"field must be a column name without quotes; got {field!r}")
    return f"abs(datum['{field}'] - {param.name}) < 1e-06"
