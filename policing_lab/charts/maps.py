"""The synthetic city drawn as a map: a grid of neighbourhoods coloured by one column.

:func:`city_map` draws one map. :func:`map_pair` puts two maps side by side, each with its
own colour legend, and :func:`flagged_pair` shows which neighbourhoods two rankings flag;
both write their text descriptions from the numbers they draw (which side of town is
higher, and by how much; how many flagged neighbourhoods are on each side).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from .._validation import check_column, check_frame, check_number
from ._render import with_numbers

__all__ = ["city_map", "MapPanel", "map_pair", "flagged_pair"]


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
        raise ValueError(
            f"column must be one of the frame's columns {list(frame.columns)}; got {column!r}"
        )
    missing = [c for c in ("row", "col", "name") if c not in frame.columns]
    if missing:
        raise ValueError(f"frame must have the columns row, col and name; missing {missing}")
    if not pd.api.types.is_numeric_dtype(frame[column]) or pd.api.types.is_bool_dtype(
        frame[column]
    ):
        raise ValueError(f"column must name a numeric column; {column!r} is {frame[column].dtype}")
    for text, label in ((title, "title"), (description, "description")):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{label} must be a non-empty string")
    cell_size = int(check_number(cell_size, "cell_size", low=10, high=120))
    n_rows = int(frame["row"].max()) + 1
    n_cols = int(frame["col"].max()) + 1
    options: dict[str, Any] = {"scheme": scheme}
    if domain is not None:
        options["domain"] = list(domain)
    scale = alt.Scale(**options)
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


# --------------------------------------------------------------------------------------
# two maps side by side
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MapPanel:
    """One map of a :func:`map_pair`: which column it colours, and how.

    Parameters
    ----------
    column
        The numeric column of the frame that colours the cells.
    title
        The map's title, also how its description names the measure.
    legend
        Title of the colour legend (defaults to ``column``).
    scheme
        A Vega colour scheme.
    domain
        ``[low, high]`` of the colour scale (by default the data's range).
    """

    column: str
    title: str
    legend: str | None = None
    scheme: str = "viridis"
    domain: Sequence[float] | None = None


_SIDES = ("A", "B")


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _sides_of(frame: pd.DataFrame) -> np.ndarray:
    check_frame(frame, "frame", ("majority_group",))
    side = frame["majority_group"].to_numpy(dtype=object)
    if not np.isin(side, _SIDES).all():
        raise ValueError("frame['majority_group'] must hold only 'A' and 'B'")
    return side


def _compare_sides(frame: pd.DataFrame, panel: MapPanel, value_format: str) -> str:
    """'from x to y; neighbourhoods where group B is the majority average ...'."""
    values = check_column(frame, "frame", panel.column)
    side = _sides_of(frame)
    fmt = f"{{:{value_format}}}"
    text = f"from {fmt.format(values.min())} to {fmt.format(values.max())}"
    if not all((side == s).any() for s in _SIDES):
        return text + "."
    mean = {s: float(values[side == s].mean()) for s in _SIDES}
    shown = {s: fmt.format(mean[s]) for s in _SIDES}
    text += (
        f"; neighbourhoods where group B is the majority average {shown['B']}, those where "
        f"group A is the majority {shown['A']}"
    )
    if shown["A"] == shown["B"]:
        return text + ", about the same."
    high, low = ("B", "A") if mean["B"] > mean["A"] else ("A", "B")
    text += f": the group-{high} side is higher by {fmt.format(mean[high] - mean[low])}"
    if mean[low] > 0:
        text += f" ({mean[high] / mean[low]:.2f} times as much)"
    return text + "."


def map_pair(
    frame: pd.DataFrame,
    left: MapPanel,
    right: MapPanel,
    *,
    title: str,
    value_format: str = ".2f",
    cell_size: int = 30,
) -> alt.HConcatChart:
    """Two maps of the city side by side, each with its own colour legend.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per neighbourhood with ``row``, ``col``, ``name``, ``majority_group``
        (``"A"``/``"B"``) and the panels' columns, such as the output of
        :func:`policing_lab.city.summarise`.
    left, right : MapPanel
        What each map shows.
    title : str
        The title of the pair.
    value_format : str, default ".2f"
        d3 format of the values in tooltips and in the description.
    cell_size : int, default 30
        Width and height of one neighbourhood, in pixels (10 to 120).

    Returns
    -------
    altair.HConcatChart
        The two maps with independent colour scales. The description says, for each
        map, the range of values and which side of town averages higher, by how much.

    Examples
    --------
    >>> city = pd.DataFrame({"row": [0, 0], "col": [0, 1], "name": ["N01", "N02"],
    ...                      "majority_group": ["A", "B"], "patrol": [0.5, 1.5],
    ...                      "recorded": [10.0, 20.0]})
    >>> pair = map_pair(city, MapPanel("patrol", "Patrol"), MapPanel("recorded", "Records"),
    ...                 title="Patrols and records", value_format=".1f")
    >>> pair.to_dict()["description"]  # doctest: +ELLIPSIS
    'Two maps of the 2 neighbourhoods, ... Left, Patrol: from 0.5 to 1.5; ... higher by 1.0 ...'
    """
    if not all(isinstance(panel, MapPanel) for panel in (left, right)):
        raise ValueError("left and right must be MapPanel objects")
    if not isinstance(title, str) or not title.strip():
        raise ValueError("title must be a non-empty string")
    check_frame(frame, "frame", ("row", "col", "name", "majority_group", left.column, right.column))
    maps, sentences = [], []
    for panel in (left, right):
        sentence = _compare_sides(frame, panel, value_format)
        sentences.append(f"{panel.title}: {sentence}")
        maps.append(
            city_map(
                frame,
                panel.column,
                title=panel.title,
                description=f"Map of the {len(frame)} neighbourhoods, {panel.title}: {sentence}",
                legend_title=panel.legend,
                scheme=panel.scheme,
                domain=panel.domain,
                cell_size=cell_size,
                value_format=value_format,
            )
        )
    description = (
        f"Two maps of the {len(frame)} neighbourhoods, each with its own colour scale. "
        f"Left, {sentences[0]} Right, {sentences[1]}"
    )
    chart = (
        alt.hconcat(*maps)
        .resolve_scale(color="independent")
        .properties(title=title, description=description)
    )
    spec = value_format.lstrip("~").replace("~", "")
    try:
        format(1.0, spec)
    except ValueError:
        spec = ".3g"
    return with_numbers(
        chart,
        frame.sort_values("name"),
        {
            "Neighbourhood": ("name", None),
            "Majority group": ("majority_group", None),
            left.title: (left.column, spec),
            right.title: (right.column, spec),
        },
        caption=f"{title}: each neighbourhood's values",
    )


def flagged_pair(
    frame: pd.DataFrame,
    flagged: Mapping[str, Iterable[str]],
    *,
    title: str,
    cell_size: int = 34,
) -> alt.HConcatChart:
    """Maps of the neighbourhoods that each ranking flags, side by side (flagged in black).

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per neighbourhood with ``row``, ``col``, ``name`` and
        ``majority_group`` (``"A"``/``"B"``).
    flagged : mapping of str to names
        Each map's title mapped to the names of the neighbourhoods it flags (values of
        ``frame["name"]``); at least one map.
    title : str
        The title of the maps together.
    cell_size : int, default 34
        Width and height of one neighbourhood, in pixels (10 to 120).

    Returns
    -------
    altair.HConcatChart
        One map per ranking. The description says how many neighbourhoods each flags and
        how many of them are on the group-B side.

    Examples
    --------
    >>> city = pd.DataFrame({"row": [0, 0], "col": [0, 1], "name": ["N01", "N02"],
    ...                      "majority_group": ["A", "B"]})
    >>> maps = flagged_pair(city, {"From records": ["N02"], "From truth": ["N01"]},
    ...                     title="Flagged")
    >>> print(maps.to_dict()["description"])  # doctest: +NORMALIZE_WHITESPACE
    Two maps of the 2 neighbourhoods, flagged ones in black; group B is the majority in 1
    of them. From records: 1 neighbourhood, 1 of them where group B is the majority.
    From truth: 1 neighbourhood, 0 of them where group B is the majority.
    """
    side = _sides_of(frame)
    check_frame(frame, "frame", ("row", "col", "name"))
    if not isinstance(flagged, Mapping) or not flagged:
        raise ValueError("flagged must be a non-empty mapping of map title -> names")
    if not isinstance(title, str) or not title.strip():
        raise ValueError("title must be a non-empty string")
    names = frame["name"].to_numpy(dtype=object)
    maps, sentences = [], []
    table = pd.DataFrame({"name": names, "side": side})
    for map_title, chosen in flagged.items():
        if isinstance(chosen, str):
            raise ValueError(f"flagged[{map_title!r}] must be a collection of names, not a str")
        chosen = list(chosen)
        unknown = sorted(set(chosen) - set(names))
        if unknown:
            raise ValueError(f"flagged[{map_title!r}] names unknown neighbourhoods: {unknown}")
        is_flagged = np.isin(names, chosen)
        table[map_title] = np.where(is_flagged, "flagged", "–")
        n_flagged, on_b = int(is_flagged.sum()), int((is_flagged & (side == "B")).sum())
        sentence = (
            f"{map_title}: {_plural(n_flagged, 'neighbourhood')}, {on_b} of them where group "
            "B is the majority."
        )
        sentences.append(sentence)
        maps.append(
            city_map(
                frame.assign(flagged=is_flagged.astype(int)),
                "flagged",
                title=map_title,
                description=f"Map of the city, flagged neighbourhoods in black. {sentence}",
                legend_title="flagged (1 = yes)",
                scheme="greys",
                domain=[0, 1],
                cell_size=cell_size,
                value_format=".0f",
            )
        )
    count = {1: "One map", 2: "Two maps", 3: "Three maps"}.get(len(maps), f"{len(maps)} maps")
    description = (
        f"{count} of the {len(frame)} neighbourhoods, flagged ones in black; group B is the "
        f"majority in {int((side == 'B').sum())} of them. {' '.join(sentences)}"
    )
    chart = alt.hconcat(*maps).properties(title=title, description=description)
    rows = table[(table[list(flagged)] == "flagged").any(axis=1)].sort_values("name")
    columns: dict[str, tuple[str, str | None]] = {
        "Neighbourhood": ("name", None),
        "Majority group": ("side", None),
    }
    columns.update({map_title: (map_title, None) for map_title in flagged})
    return with_numbers(chart, rows, columns, caption=f"{title}: the neighbourhoods flagged")
