"""The synthetic city drawn as a map: a grid of neighbourhoods coloured by one column."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from .._validation import check_number

__all__ = ["city_map"]


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
    scale = (
        alt.Scale(scheme=scheme)
        if domain is None
        else alt.Scale(scheme=scheme, domain=list(domain))
    )
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
