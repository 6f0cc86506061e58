"""Altair charts with the course's accessible defaults.

Call :func:`enable` once at the top of a notebook. It switches on

* the course **theme**: a palette that readers with the common forms of colour-vision
  deficiency can tell apart (Okabe & Ito's), readable font sizes, and SVG output;
* the course **renderer**: Altair's HTML output with a stable element id (so the same
  notebook builds the same page), no export menu, and a check that every chart has a
  ``title`` and a ``description``. The description is the text a screen reader announces
  for the chart; a chart without one raises a ``ValueError`` instead of being shown.

On the course website the chart libraries are served by the site itself. In JupyterLab
(Binder or a local install) the first chart of a session carries them inline, from the
copies ``npm ci`` installed, so charts draw offline and nothing is fetched from a CDN.

Building blocks for chapters:

* :func:`slider` binds a parameter to a slider that works on the static page;
* :func:`city_map` draws the synthetic city's grid of neighbourhoods coloured by a column;
* :data:`GROUP_COLOURS`, :data:`TRUE_RECORDED_COLOURS` keep colours consistent across
  chapters.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from ._validation import check_number

__all__ = [
    "OKABE_ITO",
    "GROUP_COLOURS",
    "TRUE_RECORDED_COLOURS",
    "enable",
    "check_accessible",
    "slider",
    "city_map",
    "pick",
]

#: Okabe & Ito's palette for categorical data, safe for the common colour-vision deficiencies.
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)

#: Colours of the two abstract groups of the synthetic city.
GROUP_COLOURS: dict[str, str] = {"A": OKABE_ITO[0], "B": OKABE_ITO[1]}

#: What happens (true offences) and what is written down (recorded incidents).
TRUE_RECORDED_COLOURS: dict[str, str] = {"true": OKABE_ITO[0], "recorded": OKABE_ITO[5]}

THEME_NAME = "policing_lab"
RENDERER_NAME = "policing_lab"
_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
EMBED_OPTIONS: dict[str, Any] = {"actions": False, "renderer": "svg"}

_chart_counter = itertools.count(1)

#: Set by the book build (``_ext/offline_assets.py``): the website's pages load the chart
#: libraries themselves, so chart outputs must not carry them.
BOOK_BUILD_ENV = "POLICING_LAB_BOOK_BUILD"
_CHART_LIBRARIES = (
    "vega/build/vega.min.js",
    "vega-lite/build/vega-lite.min.js",
    "vega-embed/build/vega-embed.min.js",
)
_libraries_sent = False


def _theme() -> dict[str, Any]:
    return {
        "config": {
            "font": _FONT,
            "background": "white",
            "view": {"continuousWidth": 420, "continuousHeight": 280, "stroke": None},
            "title": {"fontSize": 16, "fontWeight": 600, "anchor": "start", "offset": 12},
            "axis": {
                "labelFontSize": 13,
                "titleFontSize": 14,
                "titleFontWeight": 500,
                "labelColor": "#333333",
                "titleColor": "#222222",
                "gridColor": "#e6e6e6",
            },
            "legend": {"labelFontSize": 13, "titleFontSize": 14, "symbolSize": 120, "labelLimit": 360},
            "header": {"labelFontSize": 13, "titleFontSize": 14},
            "range": {"category": list(OKABE_ITO), "ramp": {"scheme": "viridis"}},
            "text": {"fontSize": 13},
            "mark": {"tooltip": False},
        }
    }


def _text_of(title: Any) -> str:
    """The text of a Vega-Lite title, which may be a string, a list or a TitleParams dict."""
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, (list, tuple)):
        title = " ".join(str(t) for t in title)
    return str(title or "").strip()


def check_accessible(spec: dict[str, Any]) -> None:
    """Raise ``ValueError`` unless a Vega-Lite spec has a title and a text description.

    Parameters
    ----------
    spec
        A Vega-Lite specification, as returned by ``chart.to_dict()``.

    Examples
    --------
    >>> import altair as alt, pandas as pd
    >>> chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x")
    >>> check_accessible(chart.properties(title="T", description="D").to_dict())
    """
    if not isinstance(spec, dict):
        raise ValueError(f"spec must be a Vega-Lite specification (a dict); got {type(spec)}")
    if not _text_of(spec.get("title")):
        raise ValueError(
            "every chart needs a title: use chart.properties(title=...) on the outermost chart"
        )
    if not str(spec.get("description") or "").strip():
        raise ValueError(
            "every chart needs a text description for readers who cannot see it: "
            "use chart.properties(description=...) on the outermost chart"
        )


def _stable_id(spec: dict[str, Any]) -> str:
    digest = hashlib.sha1(json.dumps(spec, sort_keys=True).encode("utf-8")).hexdigest()[:10]
    return f"pl-chart-{digest}-{next(_chart_counter)}"


def _library_preamble() -> str:
    """The chart libraries, inline, for the first chart of a live notebook session.

    In JupyterLab (Binder or ``make lab``) Altair would fetch vega from a CDN, which fails
    offline and tells a third party who is reading. Instead the first chart of a kernel
    session carries the copies installed by ``npm ci`` (the same files the website
    serves); later charts find them on the page. Returns "" in the book build, when they
    were already sent, or when ``node_modules`` is missing (then Altair's own loader
    fetches them, which needs a network).
    """
    global _libraries_sent
    if _libraries_sent or os.environ.get(BOOK_BUILD_ENV):
        return ""
    node_modules = Path(__file__).resolve().parents[1] / "node_modules"
    files = [node_modules / name for name in _CHART_LIBRARIES]
    if not all(f.is_file() for f in files):
        return ""
    scripts = "".join(
        "<script>" + f.read_text(encoding="utf-8").replace("</script", "<\\/script") + "</script>"
        for f in files
    )
    versions = json.dumps(
        {
            "vega_version": alt.VEGA_VERSION,
            "vegalite_version": alt.VEGALITE_VERSION,
            "vegaembed_version": alt.VEGAEMBED_VERSION,
        }
    )
    _libraries_sent = True
    return scripts + f"<script>window.VEGA_DEBUG = Object.assign(window.VEGA_DEBUG || {{}}, {versions});</script>"


def _renderer(spec: dict[str, Any], **metadata: Any) -> dict[str, str]:
    from altair.utils.mimebundle import spec_to_mimebundle

    check_accessible(spec)
    embed_options = {**EMBED_OPTIONS, **(metadata.pop("embed_options", None) or {})}
    bundle = spec_to_mimebundle(
        spec,
        format="html",
        mode="vega-lite",
        template="universal",
        vega_version=alt.VEGA_VERSION,
        vegalite_version=alt.VEGALITE_VERSION,
        vegaembed_version=alt.VEGAEMBED_VERSION,
        embed_options=embed_options,
        output_div=_stable_id(spec),
        **metadata,
    )
    return {
        "text/html": _library_preamble() + bundle["text/html"],
        "text/plain": f"<chart: {_text_of(spec['title'])}>",
    }


def enable() -> None:
    """Switch on the course theme and renderer for Altair charts in this session.

    Examples
    --------
    >>> import policing_lab as pl
    >>> pl.charts.enable()
    """
    if THEME_NAME not in alt.theme.names():
        alt.theme.register(THEME_NAME, enable=False)(_theme)
    alt.theme.enable(THEME_NAME)
    alt.renderers.register(RENDERER_NAME, _renderer)
    alt.renderers.enable(RENDERER_NAME)


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
    try:
        grid = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"values must be a sequence of numbers; got {values!r}") from None
    if grid.ndim != 1 or grid.size < 2 or not np.all(np.isfinite(grid)):
        raise ValueError("values must be a one-dimensional sequence of at least 2 finite numbers")
    steps = np.diff(grid)
    step = float(steps[0])
    if step <= 0 or not np.allclose(steps, step, rtol=1e-9, atol=1e-12):
        raise ValueError("values must be increasing and evenly spaced (a slider grid)")
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
        bind=alt.binding_range(
            min=float(grid[0]), max=float(grid[-1]), step=step, name=label
        ),
    )


def city_map(
    frame: pd.DataFrame,
    column: str,
    *,
    title: str,
    description: str,
    legend_title: str | None = None,
    scheme: str = "viridis",
    domain: Sequence[float] | None = None,
    cell_size: int = 46,
    value_format: str = ".2f",
) -> alt.Chart:
    """Draw the synthetic city as a grid of neighbourhoods coloured by one column.

    Parameters
    ----------
    frame
        One row per neighbourhood with the columns ``row``, ``col`` (grid position),
        ``name`` and ``column``, such as the output of ``make_city`` or ``summarise``.
    column
        The numeric column that colours the cells (for example ``"true_rate"`` or
        ``"recorded"``).
    title, description
        The chart's title and the text a screen reader announces; both required.
    legend_title
        Title of the colour legend (defaults to ``column``).
    scheme
        A Vega colour scheme; the default, viridis, reads in greyscale and for the common
        colour-vision deficiencies.
    domain
        ``[low, high]`` for the colour scale, to put two maps on the same scale.
    cell_size
        Width and height of one neighbourhood, in pixels (10 to 120).

    Examples
    --------
    >>> import pandas as pd
    >>> city = pd.DataFrame({"row": [0, 0], "col": [0, 1], "name": ["N01", "N02"],
    ...                      "patrol": [1.0, 2.0]})
    >>> chart = city_map(city, "patrol", title="Patrols", description="Two cells.")
    """
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"frame must be a pandas DataFrame; got {type(frame).__name__}")
    if not isinstance(column, str) or column not in frame.columns:
        raise ValueError(f"column must be one of the frame's columns {list(frame.columns)}; got {column!r}")
    missing = [c for c in ("row", "col", "name") if c not in frame.columns]
    if missing:
        raise ValueError(f"frame must have the columns row, col and name; missing {missing}")
    if not pd.api.types.is_numeric_dtype(frame[column]) or pd.api.types.is_bool_dtype(frame[column]):
        raise ValueError(f"column must name a numeric column; {column!r} is {frame[column].dtype}")
    for text, label in ((title, "title"), (description, "description")):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{label} must be a non-empty string")
    cell_size = int(check_number(cell_size, "cell_size", low=10, high=120))
    n_rows = int(frame["row"].max()) + 1
    n_cols = int(frame["col"].max()) + 1
    scale = alt.Scale(scheme=scheme) if domain is None else alt.Scale(scheme=scheme, domain=list(domain))
    data = frame[["row", "col", "name", column]].copy()
    return (
        alt.Chart(data)
        .mark_rect(stroke="white", strokeWidth=1.5)
        .encode(
            x=alt.X("col:O", axis=None),
            y=alt.Y("row:O", axis=None),
            color=alt.Color(f"{column}:Q", scale=scale, title=legend_title or column),
            tooltip=[
                alt.Tooltip("name:N", title="Neighbourhood"),
                alt.Tooltip(f"{column}:Q", title=legend_title or column, format=value_format),
            ],
        )
        .properties(
            width=cell_size * n_cols,
            height=cell_size * n_rows,
            title=title,
            description=description,
        )
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
        raise ValueError(f"param must be an Altair parameter (from slider); got {type(param).__name__}")
    if not isinstance(field, str) or not field or "'" in field:
        raise ValueError(f"field must be a column name without quotes; got {field!r}")
    return f"abs(datum['{field}'] - {param.name}) < 1e-06"
