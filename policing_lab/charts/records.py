"""Charts of recorded incidents against true offences: the figures of chapters 0 and 2.

Each builder takes the numbers it draws and writes the chart's text description from
them, so that the description changes when the data change:

* :func:`true_vs_recorded_figure`: bars of true offences and recorded incidents in a few
  neighbourhoods, with a slider for the share of offences reported (chapter 0);
* :func:`shares_figure`: two neighbourhoods with equal offending and unequal patrols,
  each one's share of the true offences and of the records (chapter 2);
* :func:`score_vs_patrol`: a risk model's average score per neighbourhood against its
  patrol (chapter 2).

The two figures with sliders are :class:`policing_lab.widgets.LiveFigure` objects built by
:func:`policing_lab.widgets.explorable`: a static chart whose sliders work on the website,
and a live twin for notebooks.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import altair as alt
import numpy as np
import pandas as pd

from .._validation import check_array, check_column, check_frame, check_number
from ..city import two_neighbourhoods
from . import colours
from ._render import with_numbers

if TYPE_CHECKING:  # the widgets module imports this subpackage
    from ..widgets import LiveFigure

__all__ = [
    "KINDS",
    "PLACES",
    "true_vs_recorded_bars",
    "describe_true_vs_recorded",
    "true_vs_recorded_figure",
    "two_neighbourhood_shares",
    "shares_bars",
    "shares_figure",
    "score_vs_patrol",
]

#: The two kinds of count in :func:`true_vs_recorded_bars`, from the truth to the records.
KINDS = ("true offences", "recorded incidents")

#: The two neighbourhoods of :func:`shares_figure`, lightly and heavily patrolled.
PLACES = ("Lightly patrolled", "Heavily patrolled")

_MEASURES = ("True offences", "Recorded incidents")
_KIND_COLOURS = {KINDS[0]: colours.TRUE, KINDS[1]: colours.RECORDED}
_PLACE_COLOURS = {PLACES[0]: colours.LIGHT_PATROL, PLACES[1]: colours.HEAVY_PATROL}
_DIGITS = 4  # plotted floats are rounded to this many decimals (page weight)


# --------------------------------------------------------------------------------------
# chapter 0: true offences and recorded incidents in a few neighbourhoods
# --------------------------------------------------------------------------------------
def _check_counts(frame: Any, name: str = "frame") -> pd.DataFrame:
    """A frame of ``neighbourhood``, ``kind``, ``count`` with both kinds everywhere."""
    check_frame(frame, name, ("neighbourhood", "kind", "count"))
    check_column(frame, name, "count", low=0)
    kinds = set(frame["kind"])
    if not kinds <= set(KINDS):
        raise ValueError(f"{name}['kind'] must hold only {list(KINDS)}; got {sorted(kinds)}")
    per_place = frame.groupby("neighbourhood", sort=False)["kind"].agg(set)
    if not all(found == set(KINDS) for found in per_place):
        raise ValueError(f"{name} must hold both kinds {list(KINDS)} for every neighbourhood")
    return frame


def true_vs_recorded_bars(frame: pd.DataFrame, *, max_count: float | None = None) -> alt.Chart:
    """Bars of true offences and recorded incidents, one row of bars per neighbourhood.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns ``neighbourhood``, ``kind`` (one of :data:`KINDS`) and ``count`` (>= 0),
        with both kinds for every neighbourhood.
    max_count : float, optional
        End of the count axis (> 0); by default the largest count in ``frame``, so that
        the axis stays put while a slider filters the rows.

    Returns
    -------
    altair.Chart
        The bars, without title or description (see :func:`true_vs_recorded_figure`).
    """
    frame = _check_counts(frame)
    top = float(frame["count"].max()) if max_count is None else max_count
    top = check_number(top, "max_count", low=0, low_open=True)
    data = frame.assign(count=frame["count"].astype(float).round(_DIGITS))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                "count:Q",
                title="Offences or incidents per month",
                scale=alt.Scale(domain=[0, top]),
            ),
            y=alt.Y("kind:N", title=None, sort=list(KINDS)),
            row=alt.Row("neighbourhood:N", title=None),
            color=alt.Color(
                "kind:N",
                scale=colours.scale(_KIND_COLOURS),
                title=None,
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=["neighbourhood:N", "kind:N", alt.Tooltip("count:Q", format=".0f")],
        )
        .properties(width=360, height=60)
    )


def describe_true_vs_recorded(frame: pd.DataFrame, reporting_rate: float) -> str:
    """The text description of :func:`true_vs_recorded_bars`, from the numbers drawn.

    Examples
    --------
    >>> frame = pd.DataFrame({"neighbourhood": ["N", "N", "S", "S"],
    ...                       "kind": list(KINDS) * 2, "count": [100, 45, 100, 59]})
    >>> describe_true_vs_recorded(frame, 0.42)  # doctest: +ELLIPSIS
    'Bar chart of true offences and recorded incidents per month in 2 neighbourhoods. N: ...'
    """
    frame = _check_counts(frame)
    reporting_rate = check_number(reporting_rate, "reporting_rate", low=0, high=1)
    table = frame.pivot_table(index="neighbourhood", columns="kind", values="count", sort=False)
    parts = [
        f"{place}: {row[KINDS[0]]:.0f} true offences, {row[KINDS[1]]:.0f} recorded incidents."
        for place, row in table.iterrows()
    ]
    text = (
        "Bar chart of true offences and recorded incidents per month in "
        f"{len(table)} neighbourhoods. {' '.join(parts)}"
    )
    recorded = table[KINDS[1]]
    if len(table) >= 2 and recorded.min() > 0:
        most, least = recorded.idxmax(), recorded.idxmin()
        if round(recorded[most]) == round(recorded[least]):
            text += f" With {reporting_rate:.0%} of offences reported, the records are equal."
        else:
            text += (
                f" With {reporting_rate:.0%} of offences reported, {most} records "
                f"{recorded[most] / recorded[least]:.2f} times as many incidents as {least}."
            )
    return text


def true_vs_recorded_figure(
    expected_records: Callable[[float], pd.DataFrame],
    *,
    grid: Sequence[float] = tuple(np.round(np.arange(0.0, 1.01, 0.1), 2)),
    value: float = 0.4,
    live: tuple[float, float, float] = (0.0, 1.0, 0.01),
    title: str = "Same offending, different records",
) -> LiveFigure:
    """True offences and recorded incidents, with a slider for the share reported.

    Parameters
    ----------
    expected_records : callable
        ``expected_records(reporting_rate) -> DataFrame`` as taken by
        :func:`true_vs_recorded_bars`: the chapter's own function, so that a reader who
        changes it in a notebook sees the change in the live figure.
    grid : sequence of float, default 0, 0.1, ..., 1
        Positions of the static slider, evenly spaced shares in [0, 1]. The default
        reaches both ends: nothing reported, and every offence reported.
    value : float, default 0.4
        Starting share reported; one of ``grid``.
    live : (min, max, step), default (0, 1, 0.01)
        The live slider's range in a notebook (it may go beyond ``grid``).
    title : str
        The figure's title.

    Returns
    -------
    policing_lab.widgets.LiveFigure
        The static chart (website) and the live dashboard (notebook). The description
        gives the counts at the starting share and how the gap changes over ``grid``.
    """
    from ..widgets import Control, explorable

    if not callable(expected_records):
        raise ValueError("expected_records must be a function of the share reported")
    control = Control("reporting_rate", "Share of offences reported ", grid, value, live=live)
    shares = check_array(grid, "grid", low=0, high=1)
    ends = [
        _check_counts(expected_records(float(share)), "expected_records(...)")
        for share in (shares[0], shares[-1])
    ]
    top = max(float(frame["count"].max()) for frame in ends)
    gaps = [_gap(frame) for frame in ends]
    trend = "narrows" if gaps[1] < gaps[0] else "widens" if gaps[1] > gaps[0] else "stays"
    over_grid = (
        f" From {shares[0]:.0%} to {shares[-1]:.0%} reported, the gap between the most and the "
        f"fewest records {trend} from {gaps[0]:.0f} to {gaps[1]:.0f} incidents."
    )

    def describe(frame: pd.DataFrame, reporting_rate: float) -> str:
        return describe_true_vs_recorded(frame, reporting_rate) + over_grid

    return explorable(
        expected_records,
        lambda frame: true_vs_recorded_bars(frame, max_count=top),
        [control],
        title=title,
        description=describe,
    )


def _gap(frame: pd.DataFrame) -> float:
    recorded = frame.loc[frame["kind"] == KINDS[1], "count"]
    return float(recorded.max() - recorded.min())


# --------------------------------------------------------------------------------------
# chapter 2: two neighbourhoods, equal offending, unequal patrols
# --------------------------------------------------------------------------------------
def two_neighbourhood_shares(patrol_ratio: float, reporting_prob: float) -> pd.DataFrame:
    """Each neighbourhood's share of the true offences and of the recorded incidents.

    The long form of :func:`policing_lab.city.two_neighbourhoods`, for
    :func:`shares_bars`: one row per measure (``"True offences"``, ``"Recorded
    incidents"``) and neighbourhood (:data:`PLACES`), with the column ``share``.

    Examples
    --------
    >>> frame = two_neighbourhood_shares(3, 0.42)
    >>> frame.loc[frame["neighbourhood"] == "Heavily patrolled", "share"].round(3).tolist()
    [0.5, 0.565]
    """
    pair = two_neighbourhoods(patrol_ratio, reporting_prob)
    rows = [
        {"measure": measure, "neighbourhood": place, "share": float(pair.loc[key, column])}
        for measure, column in zip(_MEASURES, ("true_share", "recorded_share"), strict=True)
        for place, key in zip(PLACES, ("light", "heavy"), strict=True)
    ]
    return pd.DataFrame(rows)


def _check_shares(frame: Any) -> pd.DataFrame:
    check_frame(frame, "frame", ("measure", "neighbourhood", "share"))
    check_column(frame, "frame", "share", low=0, high=1)
    for column, allowed in (("measure", _MEASURES), ("neighbourhood", PLACES)):
        if not set(frame[column]) <= set(allowed):
            raise ValueError(f"frame['{column}'] must hold only {list(allowed)}")
    return frame


def shares_bars(frame: pd.DataFrame) -> alt.LayerChart:
    """Stacked bars: the two neighbourhoods' shares of true offences and of records.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows of :func:`two_neighbourhood_shares` (columns ``measure``,
        ``neighbourhood``, ``share`` in [0, 1]), for one or many slider positions.

    Returns
    -------
    altair.LayerChart
        The bars and, on the right, the heavily patrolled neighbourhood's share as a
        number; without title or description (see :func:`shares_figure`).
    """
    frame = _check_shares(frame)
    data = frame.assign(share=frame["share"].astype(float).round(_DIGITS))
    y = alt.Y("measure:N", title=None, sort=list(_MEASURES))
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=y,
            x=alt.X(
                "share:Q",
                stack="zero",
                title="Share of the two neighbourhoods' total",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=alt.Color(
                "neighbourhood:N",
                scale=colours.scale(_PLACE_COLOURS),
                sort=list(PLACES),
                title=None,
                legend=alt.Legend(orient="bottom"),
            ),
            order=alt.Order("neighbourhood:N", sort="descending"),
            tooltip=["measure:N", "neighbourhood:N", alt.Tooltip("share:Q", format=".1%")],
        )
    )
    labels = (
        alt.Chart(data)
        .transform_filter(alt.datum.neighbourhood == PLACES[1])
        .mark_text(
            align="right", dx=-6, color="#111111", fontWeight="bold"
        )  # on the bar, both themes
        .encode(y=y, x=alt.X(datum=1, type="quantitative"), text=alt.Text("share:Q", format=".0%"))
    )
    return (bars + labels).properties(width=400, height=110)


def _heavy_share(frame: pd.DataFrame) -> float:
    rows = frame[(frame["measure"] == _MEASURES[1]) & (frame["neighbourhood"] == PLACES[1])]
    return float(rows["share"].iloc[0])


def shares_figure(
    *,
    ratios: Sequence[float] = tuple(np.round(np.arange(1.0, 5.01, 0.5), 2)),
    reporting: Sequence[float] = tuple(np.round(np.arange(0.0, 1.001, 0.1), 2)),
    patrol_ratio: float = 3.0,
    reporting_prob: float = 0.4,
    live_ratios: tuple[float, float, float] = (1.0, 10.0, 0.1),
    live_reporting: tuple[float, float, float] = (0.0, 1.0, 0.01),
    title: str = "Equal offending, unequal records",
) -> LiveFigure:
    """Two neighbourhoods with equal offending: sliders for patrols and for reporting.

    The data come from :func:`policing_lab.city.two_neighbourhoods`.

    Parameters
    ----------
    ratios : sequence of float, default 1, 1.5, ..., 5
        Positions of the static patrol-ratio slider (heavy / light), evenly spaced, >= 1.
    reporting : sequence of float, default 0, 0.1, ..., 1
        Positions of the static reporting slider, evenly spaced shares in [0, 1].
    patrol_ratio, reporting_prob : float, default 3 and 0.4
        Starting positions; each one of its grid.
    live_ratios, live_reporting : (min, max, step)
        The live sliders' ranges in a notebook (they may go beyond the grids).
    title : str
        The figure's title.

    Returns
    -------
    policing_lab.widgets.LiveFigure
        The static chart and its live twin. The description gives the heavily patrolled
        neighbourhood's share of the records at the starting position and its range over
        the static grid.
    """
    from ..widgets import Control, explorable

    controls = [
        Control(
            "patrol_ratio", "Patrol ratio, heavy ÷ light ", ratios, patrol_ratio, live=live_ratios
        ),
        Control(
            "reporting_prob",
            "Share of offences reported ",
            reporting,
            reporting_prob,
            live=live_reporting,
        ),
    ]
    check_array(ratios, "ratios", low=1, high=100)
    check_array(reporting, "reporting", low=0, high=1)
    grid = [
        (float(r), float(q), _heavy_share(two_neighbourhood_shares(float(r), float(q))))
        for r, q in itertools.product(ratios, reporting)
    ]
    low = min(share for _, _, share in grid)
    high_ratio, high_reporting, high = max(grid, key=lambda row: row[2])
    over_grid = (
        f" Over the slider positions its share ranges from {low:.0%} to {high:.0%}, the "
        f"most at a patrol ratio of {high_ratio:g} with {high_reporting:.0%} reported."
    )

    def describe(frame: pd.DataFrame, patrol_ratio: float, reporting_prob: float) -> str:
        true = frame[(frame["measure"] == _MEASURES[0]) & (frame["neighbourhood"] == PLACES[1])]
        return (
            "Stacked bars for two neighbourhoods with equal true offending. The top bar, "
            f"true offences, is split {float(true['share'].iloc[0]):.0%} to the heavily "
            "patrolled one. The bottom bar shows the shares of recorded incidents: at a "
            f"patrol ratio of {patrol_ratio:g} with {reporting_prob:.0%} of offences "
            f"reported, the heavily patrolled neighbourhood gets {_heavy_share(frame):.0%} "
            "(the number on the right)." + over_grid
        )

    return explorable(
        two_neighbourhood_shares, shares_bars, controls, title=title, description=describe
    )


# --------------------------------------------------------------------------------------
# chapter 2: a record-trained model's scores against patrols
# --------------------------------------------------------------------------------------
def score_vs_patrol(
    per_place: pd.DataFrame, *, title: str = "The model's scores follow the patrols"
) -> alt.Chart:
    """Scatter plot of neighbourhoods: average risk score against patrol intensity.

    Parameters
    ----------
    per_place : pandas.DataFrame
        One row per neighbourhood with the columns ``name``, ``patrol`` (>= 0),
        ``mean_score`` and ``true_reoffending`` (in [0, 1]) and ``majority_group``
        (``"A"`` or ``"B"``).
    title : str
        The chart's title.

    Returns
    -------
    altair.Chart
        The scatter plot, coloured and shaped by majority group. Its description gives
        the correlation of the scores with patrol and with true reoffending, and how
        many of the highest-scoring neighbourhoods are on the group-B side.

    Examples
    --------
    >>> places = pd.DataFrame({"name": ["N01", "N02", "N03"], "patrol": [0.5, 1.0, 1.5],
    ...                        "mean_score": [0.1, 0.2, 0.3],
    ...                        "true_reoffending": [0.3, 0.2, 0.3],
    ...                        "majority_group": ["A", "A", "B"]})
    >>> score_vs_patrol(places).to_dict()["description"]  # doctest: +ELLIPSIS
    'Scatter plot of the 3 neighbourhoods: ... correlates 1.00 with patrol ...'
    """
    check_frame(
        per_place,
        "per_place",
        ("name", "patrol", "mean_score", "true_reoffending", "majority_group"),
    )
    if len(per_place) < 3:
        raise ValueError(f"per_place must have at least 3 neighbourhoods; got {len(per_place)}")
    patrol = check_column(per_place, "per_place", "patrol", low=0)
    score = check_column(per_place, "per_place", "mean_score", low=0, high=1)
    truth = check_column(per_place, "per_place", "true_reoffending", low=0, high=1)
    side = per_place["majority_group"].to_numpy(dtype=object)
    if not np.isin(side, ["A", "B"]).all():
        raise ValueError("per_place['majority_group'] must hold only 'A' and 'B'")
    with np.errstate(invalid="ignore", divide="ignore"):
        r_patrol, r_truth = (float(np.corrcoef(score, other)[0, 1]) for other in (patrol, truth))
    n_b = int((side == "B").sum())
    top_b = int((side[np.argsort(-score, kind="stable")[:n_b]] == "B").sum())
    description = (
        f"Scatter plot of the {len(per_place)} neighbourhoods: average risk score from the "
        "model trained on records against patrol intensity. Across neighbourhoods the "
        f"score correlates {r_patrol:.2f} with patrol and {r_truth:.2f} with true "
        "reoffending."
    )
    if n_b:
        description += (
            f" Of the {n_b} highest-scoring neighbourhoods, {top_b} are among the {n_b} "
            "where group B is the majority."
        )
    data = pd.DataFrame(
        {
            "name": per_place["name"].to_numpy(),
            "patrol": patrol.round(_DIGITS),
            "mean_score": score.round(_DIGITS),
            "true_reoffending": truth.round(_DIGITS),
            "majority_group": side,
        }
    )
    chart = (
        alt.Chart(data)
        .mark_point(filled=True, size=90, opacity=0.85)
        .encode(
            x=alt.X("patrol:Q", title="Patrol intensity of the neighbourhood (mean 1)"),
            y=alt.Y(
                "mean_score:Q",
                title="Average risk score (model trained on records)",
                axis=alt.Axis(format="%"),
            ),
            color=alt.Color(
                "majority_group:N",
                title="Majority group",
                scale=colours.scale({"A": colours.GROUP_A, "B": colours.GROUP_B}),
            ),
            # the same domain as the colour, so that the two share one legend
            shape=alt.Shape(
                "majority_group:N", title="Majority group", scale=alt.Scale(domain=["A", "B"])
            ),
            tooltip=[
                "name:N",
                alt.Tooltip("patrol:Q", format=".2f"),
                alt.Tooltip("mean_score:Q", format=".1%"),
                alt.Tooltip("true_reoffending:Q", format=".1%"),
            ],
        )
        .properties(width=420, height=280, title=title, description=description)
    )
    return with_numbers(
        chart,
        data.sort_values("mean_score", ascending=False),
        {
            "Neighbourhood": ("name", None),
            "Majority group": ("majority_group", None),
            "Patrol (mean 1)": ("patrol", ".2f"),
            "Average score": ("mean_score", ".1%"),
            "True reoffending": ("true_reoffending", ".1%"),
        },
        caption=f"{title}: each neighbourhood, highest average score first",
    )
