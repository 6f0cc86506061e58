"""Charts of chapter 6, "Watching the public": flags, who receives them, and silence.

Each builder takes the numbers it draws (or computes them with
:mod:`policing_lab.monitoring`), checks them, and writes the chart's text description
from those same numbers, so that the text a screen reader announces stays true when the
model changes.

flag_bars, flags_figure
    Correct and false flags per group of authors in a day's stream of posts, with buttons
    for the base rate of genuine threats and a slider for the flagger's specificity
    (static figure and live twin).
chilling_lines, chilling_figure
    The chilling toy: posts that would be written and posts the system sees, against the
    perceived surveillance, with a slider for the strength of the chill.
interrupted_series
    Synthetic monthly page views with the event marked, the fitted segments and the
    pre-event trend carried on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import altair as alt
import numpy as np
import pandas as pd

from .._validation import check_array, check_column, check_frame, check_int, check_number
from ..monitoring import (
    DIALECT_FALSE_FLAG_RATIO,
    DIALECT_SHARE,
    POSTS_PER_DAY,
    SENSITIVITY,
    chilling_effect,
    fit_interrupted_series,
    flag_counts,
)
from . import colours

if TYPE_CHECKING:
    from ..widgets import LiveFigure

__all__ = [
    "FLAG_COLOURS",
    "GROUP_LABELS",
    "flag_frame",
    "flag_bars",
    "flags_figure",
    "chilling_frame",
    "chilling_lines",
    "chilling_figure",
    "interrupted_series",
]

#: The two kinds of flag.
FLAG_COLOURS: dict[str, str] = {
    "correct flags": colours.CORRECT_ALERT,
    "false flags": colours.FALSE_ALERT,
}

#: How the two groups of authors are named on the charts.
GROUP_LABELS: dict[str, str] = {
    "A": "group A (no marker)",
    "B": "group B (dialect marker)",
}

_POSTS_LABELS: dict[str, str] = {
    "would post": "would post (known only in the simulation)",
    "posted": "posted (what the system sees)",
}
_POSTS_COLOURS = {
    _POSTS_LABELS["would post"]: colours.TRUE,
    _POSTS_LABELS["posted"]: colours.RECORDED,
}
_SERIES_LABELS = {
    "views": "page views (synthetic)",
    "fit": "fitted trend, before and after",
    "carried": "trend before, carried on",
}
_SERIES_COLOURS = {
    _SERIES_LABELS["views"]: colours.RECORDED,
    _SERIES_LABELS["fit"]: colours.REFERENCE,
    _SERIES_LABELS["carried"]: colours.TRUE,
}
_FLAG_FRAME = ("group", "kind", "count", "flags", "ppv")


def _one_in(n: float) -> str:
    return f"1 in {n:,.0f}"


def _share(value: float) -> str:
    if value >= 0.1 or value == 0:
        return f"{value:.0%}"
    return f"{value:.1%}" if value >= 0.001 else f"{value:.2%}"


# --------------------------------------------------------------------------------------
# flags per group
# --------------------------------------------------------------------------------------
def flag_frame(
    threat_one_in: float,
    left_alone_per_1000: float,
    *,
    n_posts: int = POSTS_PER_DAY,
    sensitivity: float = SENSITIVITY,
    dialect_share: float = DIALECT_SHARE,
    dialect_false_flag_ratio: float = DIALECT_FALSE_FLAG_RATIO,
) -> pd.DataFrame:
    """The long form of :func:`policing_lab.monitoring.flag_counts`, for :func:`flag_bars`.

    Parameters
    ----------
    threat_one_in : float
        One post in this many is a genuine threat, >= 1.
    left_alone_per_1000 : float
        The flagger's specificity for posts without the marker, as harmless posts left
        alone per 1,000, in [0, 1,000] (999 is a specificity of 99.9%).
    n_posts, sensitivity, dialect_share, dialect_false_flag_ratio
        As in :func:`policing_lab.monitoring.flag_counts`.

    Returns
    -------
    pandas.DataFrame
        Two rows per group (``"correct flags"``, ``"false flags"``): ``group`` (its
        label), ``kind``, ``count``, and the group's ``flags``, ``ppv``,
        ``false_per_correct`` and ``share_of_false_flags``, and the whole stream's
        ``total_false_per_correct`` and ``total_ppv``.

    Examples
    --------
    >>> frame = flag_frame(100_000, 999)
    >>> frame[["group", "kind", "count"]].round(1).iloc[:2]
                     group           kind  count
    0  group A (no marker)  correct flags    7.2
    1  group A (no marker)    false flags  800.0
    """
    one_in = check_number(threat_one_in, "threat_one_in", low=1)
    spec = check_number(left_alone_per_1000, "left_alone_per_1000", low=0, high=1_000)
    table = flag_counts(
        n_posts,
        threat_rate=1 / one_in,
        sensitivity=sensitivity,
        specificity=spec / 1_000,
        dialect_share=dialect_share,
        dialect_false_flag_ratio=dialect_false_flag_ratio,
    ).set_index("group")
    total = table.loc["total"]
    rows = []
    for group, label in GROUP_LABELS.items():
        row = table.loc[group]
        for kind, column in (("correct flags", "correct_flags"), ("false flags", "false_flags")):
            rows.append(
                {
                    "group": label,
                    "kind": kind,
                    "count": float(row[column]),
                    "flags": float(row["flags"]),
                    "ppv": float(row["ppv"]),
                    "false_per_correct": float(row["false_flags_per_correct_flag"]),
                    "share_of_false_flags": float(row["share_of_false_flags"]),
                    "total_false_per_correct": float(total["false_flags_per_correct_flag"]),
                    "total_ppv": float(total["ppv"]),
                }
            )
    return pd.DataFrame(rows)


def flag_bars(frame: pd.DataFrame) -> alt.LayerChart:
    """Stacked horizontal bars of correct and false flags per group, labelled at their end.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows of :func:`flag_frame` (for one or many positions of the controls): the
        columns ``group``, ``kind``, ``count`` (>= 0), ``flags`` and ``ppv``.

    Returns
    -------
    altair.LayerChart
        Without title or description (see :func:`flags_figure`).
    """
    check_frame(frame, "frame", _FLAG_FRAME)
    check_column(frame, "frame", "count", low=0)
    if not set(frame["kind"]) <= set(FLAG_COLOURS):
        raise ValueError(f"frame['kind'] must hold only {list(FLAG_COLOURS)}")
    data = frame.assign(count=frame["count"].astype(float).round(2))
    data["label"] = [
        f"{flags:,.0f} flags, {_share(ppv)} right"
        for flags, ppv in zip(data["flags"], data["ppv"], strict=True)
    ]
    y = alt.Y("group:N", title=None, sort=list(GROUP_LABELS.values()))
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=y,
            x=alt.X("count:Q", stack="zero", title="Flags in a day's stream of posts"),
            color=alt.Color(
                "kind:N",
                title=None,
                sort=list(FLAG_COLOURS),
                scale=colours.scale(FLAG_COLOURS),
                legend=alt.Legend(orient="bottom"),
            ),
            order=alt.Order("kind:N"),
            tooltip=["group:N", "kind:N", alt.Tooltip("count:Q", format=",.1f")],
        )
    )
    labels = (
        alt.Chart(data)
        .transform_filter(alt.datum.kind == "false flags")
        .mark_text(align="left", dx=4, fontWeight="bold", color="#111111")
        .encode(y=y, x=alt.X("flags:Q"), text="label:N")
    )
    return (bars + labels).properties(width=360, height=110)


def _describe_flags(frame: pd.DataFrame, threat_one_in: float, left_alone_per_1000: float) -> str:
    rows = frame.set_index(["group", "kind"])["count"]
    first = frame.iloc[0]
    parts = []
    for label in GROUP_LABELS.values():
        group = frame[frame["group"] == label].iloc[0]
        parts.append(
            f"{label[0].upper() + label[1:]}: {rows[(label, 'correct flags')]:,.1f} correct and "
            f"{rows[(label, 'false flags')]:,.0f} false flags, {_share(group['ppv'])} right"
        )
    b = frame[frame["group"] == GROUP_LABELS["B"]].iloc[0]
    return (
        "Stacked bar chart of the expected correct and false flags in a day's stream of "
        f"posts, when {_one_in(threat_one_in)} posts is a genuine threat and the flagger's "
        f"specificity is {left_alone_per_1000 / 10:g}% (it leaves alone "
        f"{left_alone_per_1000:g} of every 1,000 harmless posts of group A). "
        + "; ".join(parts)
        + ". Over the whole "
        f"stream there are {first['total_false_per_correct']:,.0f} false flags for every "
        f"correct one, and group B receives {b['share_of_false_flags']:.0%} of the false "
        "flags."
    )


def flags_figure(
    *,
    threat_one_in: Sequence[int] = (10_000, 100_000, 1_000_000),
    left_alone: Sequence[int] = tuple(range(990, 1000)),
    value_one_in: int = 100_000,
    value_left_alone: int = 999,
    title: str = "A day of flagged posts",
) -> LiveFigure:
    """Flags per group, with buttons for the base rate and a slider for the specificity.

    Parameters
    ----------
    threat_one_in : sequence of int, default 10,000, 100,000 and 1,000,000
        The base rates offered by the buttons, as "one post in N", two to six values,
        each >= 10.
    left_alone : sequence of int, default 990, 991, ..., 999
        The slider's positions: the flagger's specificity as harmless posts left alone
        per 1,000 (990 to 999: 99.0% to 99.9%), evenly spaced in [500, 1,000). Whole
        numbers, so that the slider shows them exactly.
    value_one_in, value_left_alone
        Starting positions, one of each grid.
    title : str
        The figure's title.

    Returns
    -------
    policing_lab.widgets.LiveFigure
        The static chart (website) and its live twin (notebook). The description gives
        the flags at the starting position and the range of false flags per correct flag
        over the grid.
    """
    from ..widgets import Control, explorable

    options = check_array(list(threat_one_in), "threat_one_in", low=10)
    if not 2 <= options.size <= 6 or np.unique(options).size != options.size:
        raise ValueError("threat_one_in must hold 2 to 6 distinct values, each >= 10")
    specs = check_array(list(left_alone), "left_alone", low=500, high=1_000, high_open=True)
    options_list = [int(v) for v in options]
    controls = [
        Control(
            "threat_one_in",
            "Base rate of genuine threats: ",
            options_list,
            value_one_in,
            labels=[f"{_one_in(v)}" for v in options_list],
        ),
        Control(
            "left_alone_per_1000",
            "Harmless posts left alone per 1,000 (specificity) ",
            [int(s) for s in specs],
            value_left_alone,
            live=(900.0, 999.9, 0.1),  # 1,000 would flag no harmless post at all
        ),
    ]
    low = flag_frame(max(options_list), float(specs[0])).iloc[0]["total_false_per_correct"]
    high = flag_frame(min(options_list), float(specs[-1])).iloc[0]["total_false_per_correct"]
    over_grid = (
        f" Over the controls' positions, false flags per correct one range from {high:,.0f} "
        f"to {low:,.0f}; group B's share of the false flags stays the same, because the "
        "ratio between the groups is fixed by assumption."
    )

    def describe(frame: pd.DataFrame, threat_one_in: float, left_alone_per_1000: float) -> str:
        return _describe_flags(frame, threat_one_in, left_alone_per_1000) + over_grid

    return explorable(flag_frame, flag_bars, controls, title=title, description=describe)


# --------------------------------------------------------------------------------------
# the chilling toy
# --------------------------------------------------------------------------------------
def chilling_frame(chill: float, *, levels: Sequence[float] | None = None) -> pd.DataFrame:
    """The chilling toy in long form, for :func:`chilling_lines`.

    Parameters
    ----------
    chill : float
        Share of would-be posts withheld at full surveillance, in [0, 1].
    levels : sequence of float, optional
        Perceived surveillance levels, in [0, 1]; by default 0, 0.1, ..., 1.

    Returns
    -------
    pandas.DataFrame
        Two rows per level: ``surveillance``, ``series`` (would post / posted) and
        ``posts`` (expected, of :func:`policing_lab.monitoring.chilling_effect`'s default
        100,000 people).

    Examples
    --------
    >>> chilling_frame(0.5, levels=[0, 1])["posts"].tolist()
    [20000.0, 20000.0, 20000.0, 10000.0]
    """
    grid = np.round(np.linspace(0, 1, 11), 2) if levels is None else levels
    toy = chilling_effect(grid, chill=chill)
    would = toy[["surveillance", "would_post"]].rename(columns={"would_post": "posts"})
    posted = toy[["surveillance", "posted"]].rename(columns={"posted": "posts"})
    return pd.concat(
        [
            would.assign(series=_POSTS_LABELS["would post"]),
            posted.assign(series=_POSTS_LABELS["posted"]),
        ],
        ignore_index=True,
    )[["surveillance", "series", "posts"]]


def chilling_lines(frame: pd.DataFrame) -> alt.Chart:
    """Lines of the posts people would write and of those the system sees.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows of :func:`chilling_frame`: ``surveillance`` in [0, 1], ``series`` and
        ``posts`` (>= 0).

    Returns
    -------
    altair.Chart
        Without title or description (see :func:`chilling_figure`).
    """
    check_frame(frame, "frame", ("surveillance", "series", "posts"))
    check_column(frame, "frame", "surveillance", low=0, high=1)
    check_column(frame, "frame", "posts", low=0)
    if not set(frame["series"]) <= set(_POSTS_COLOURS):
        raise ValueError(f"frame['series'] must hold only {list(_POSTS_COLOURS)}")
    top = float(frame["posts"].max())
    return (
        alt.Chart(frame.round({"posts": 1}))
        .mark_line(point=True, strokeWidth=2.5)
        .encode(
            x=alt.X(
                "surveillance:Q",
                title="Perceived surveillance (0: none, 1: full)",
                scale=alt.Scale(domain=[0, 1]),
            ),
            y=alt.Y(
                "posts:Q",
                title="Posts on the sensitive topic",
                scale=alt.Scale(domain=[0, top if top > 0 else 1]),
            ),
            color=alt.Color(
                "series:N",
                title=None,
                scale=colours.scale(_POSTS_COLOURS),
                sort=list(_POSTS_COLOURS),
                legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=360),
            ),
            strokeDash=alt.StrokeDash(
                "series:N",
                sort=list(_POSTS_COLOURS),
                scale=alt.Scale(domain=list(_POSTS_COLOURS), range=[[6, 3], [1, 0]]),
                legend=None,
            ),
            tooltip=["series:N", "surveillance:Q", alt.Tooltip("posts:Q", format=",.0f")],
        )
        .properties(width=400, height=240)
    )


def _describe_chilling(frame: pd.DataFrame, chill: float) -> str:
    posted = frame[frame["series"] == _POSTS_LABELS["posted"]].set_index("surveillance")["posts"]
    would = frame[frame["series"] == _POSTS_LABELS["would post"]].set_index("surveillance")
    start, end = float(posted.iloc[0]), float(posted.iloc[-1])
    wish = float(would["posts"].iloc[-1])
    return (
        "Line chart of a toy chilling effect, with perceived surveillance from "
        f"{posted.index[0]:g} to {posted.index[-1]:g} on the horizontal axis. The dashed line, "
        f"posts people would write, stays at {wish:,.0f}. The solid line, posts the "
        f"monitoring system sees, falls from {start:,.0f} to {end:,.0f} when the chill "
        f"is {chill:g}: {(wish - end) / wish if wish else 0:.0%} of the posts are never "
        "written, and nothing in the system's data records them."
    )


def chilling_figure(
    *,
    chills: Sequence[float] = tuple(np.round(np.linspace(0, 1, 11), 2)),
    value: float = 0.5,
    title: str = "The silence the system cannot see",
) -> LiveFigure:
    """The chilling toy with a slider for the strength of the chill.

    Parameters
    ----------
    chills : sequence of float, default 0, 0.1, ..., 1
        The slider's positions, evenly spaced in [0, 1].
    value : float, default 0.5
        Starting position, one of ``chills``.
    title : str
        The figure's title.

    Returns
    -------
    policing_lab.widgets.LiveFigure
    """
    from ..widgets import Control, explorable

    grid = check_array(list(chills), "chills", low=0, high=1)
    control = Control(
        "chill",
        "Share withheld at full surveillance ",
        [float(c) for c in grid],
        value,
        live=(0.0, 1.0, 0.01),
    )
    return explorable(
        chilling_frame, chilling_lines, [control], title=title, description=_describe_chilling
    )


# --------------------------------------------------------------------------------------
# interrupted time series
# --------------------------------------------------------------------------------------
def interrupted_series(
    series: pd.DataFrame, *, title: str = "A drop and a changed trend (synthetic views)"
) -> alt.LayerChart:
    """Monthly page views with the event marked, the fitted segments and the old trend.

    Parameters
    ----------
    series : pandas.DataFrame
        The output of :func:`policing_lab.monitoring.page_views`: ``month``, ``after``,
        ``views`` (>= 0); the fit is :func:`policing_lab.monitoring.fit_interrupted_series`.
    title : str
        The chart's title.

    Returns
    -------
    altair.LayerChart
        Points for the views, solid lines for the two fitted segments, a dashed line for
        the pre-event trend carried on, and a rule at the event.

    Examples
    --------
    >>> from policing_lab.monitoring import page_views
    >>> chart = interrupted_series(page_views(seed=1))
    >>> "fell by" in chart.to_dict()["description"]
    True
    """
    check_frame(series, "series", ("month", "after", "views"))
    check_column(series, "series", "views", low=0)
    fit = fit_interrupted_series(series)
    month = series["month"].to_numpy(dtype=float)
    after = series["after"].to_numpy(dtype=bool)
    start = float(month[after][0])
    fitted = np.where(
        after,
        fit["level_before"]
        + fit["level_change"]
        + fit["trend_before"] * month
        + fit["trend_change"] * (month - start),
        fit["level_before"] + fit["trend_before"] * month,
    )
    points = pd.DataFrame(
        {"month": month, "views": series["views"].round(0), "series": _SERIES_LABELS["views"]}
    )
    lines = pd.concat(
        [
            pd.DataFrame(
                {
                    "month": month,
                    "views": np.round(fitted, 0),
                    "segment": np.where(after, "after", "before"),
                    "series": _SERIES_LABELS["fit"],
                }
            ),
            pd.DataFrame(
                {
                    "month": month[after],
                    "views": np.round(fit["level_before"] + fit["trend_before"] * month[after]),
                    "segment": "carried",
                    "series": _SERIES_LABELS["carried"],
                }
            ),
        ],
        ignore_index=True,
    )
    colour = alt.Color(
        "series:N",
        title=None,
        scale=colours.scale(_SERIES_COLOURS),
        sort=list(_SERIES_COLOURS),
        legend=alt.Legend(orient="bottom", direction="vertical"),
    )
    x = alt.X(
        "month:Q",
        title="Month (0 = first month of the series)",
        scale=alt.Scale(domain=[float(month[0]), float(month[-1])], nice=False),
    )
    y = alt.Y("views:Q", title="Views a month", axis=alt.Axis(format="~s"))
    dots = (
        alt.Chart(points)
        .mark_point(filled=True, size=45)
        .encode(x=x, y=y, color=colour, tooltip=["month:Q", alt.Tooltip("views:Q", format=",")])
    )
    segments = (
        alt.Chart(lines)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=x,
            y=y,
            color=colour,
            detail="segment:N",
            strokeDash=alt.StrokeDash(
                "series:N",
                scale=alt.Scale(
                    domain=[_SERIES_LABELS["fit"], _SERIES_LABELS["carried"]],
                    range=[[1, 0], [6, 4]],
                ),
                legend=None,
            ),
        )
    )
    event = (
        alt.Chart(pd.DataFrame({"month": [start - 0.5]}))
        .mark_rule(color=colours.REFERENCE, strokeDash=[2, 3])
        .encode(x="month:Q")
    )
    months = check_int(len(series), "len(series)", low=4)
    description = (
        f"Scatter plot of {months} months of synthetic page views, with a dotted rule "
        f"before month {start:g}, when the event happens. Before it the fitted trend "
        f"grows by {fit['trend_before']:,.0f} views a month; at the event the views fell "
        f"by {fit['relative_drop']:.0%} against that trend, and afterwards they change by "
        f"{fit['trend_after']:,.0f} a month. A dashed line carries the old trend on: the "
        "gap between it and the views is the estimated effect, on made-up data."
    )
    return (dots + segments + event).properties(
        width=440, height=260, title=title, description=description
    )
