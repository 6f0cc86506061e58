"""Charts of chapter 5, "Fair by which measure?": the 2016 COMPAS dispute, both sides.

Each builder takes the output of a function of :mod:`policing_lab.fairness`, checks it,
and writes the chart's text description from the same numbers, so that the text a
screen reader announces stays true when the data change.

error_rates_by_group
    False positive and false negative rates (and, if asked, the PPV) of each group at one
    threshold: ProPublica's side [angwin2016] (data from
    :func:`policing_lab.fairness.group_threshold_table`).
calibration_chart
    The share with the outcome at each score, one line per group: the vendor's side
    [dieterich2016] (data from :func:`policing_lab.fairness.calibration_by_group`).
two_threshold_figure
    Two sliders, one threshold per group, and for the chosen pair each group's rates,
    which of the four criteria hold and the accuracy given up (data from
    :func:`policing_lab.fairness.two_threshold_grid`). Works on the static page.
two_threshold_explorer
    The same figure with its live twin for notebooks (a
    :class:`policing_lab.widgets.LiveFigure`): two ipywidgets sliders redraw the chosen
    pair in Python, from a table of :func:`policing_lab.fairness.group_threshold_table`.

For the COMPAS table the outcome is a RECORDED re-arrest within two years, not
offending: the builders' ``outcome`` wording defaults to "re-arrested".
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import altair as alt
import numpy as np
import pandas as pd

from .._validation import check_frame, check_number
from ..fairness import (
    CRITERIA,
    DEFAULT_TOLERANCE,
    TABLE_COLUMNS,
    rules_satisfying,
    two_threshold_grid,
)
from . import colours
from ._render import with_numbers
from .controls import check_grid, slider

if TYPE_CHECKING:  # the widgets module imports this subpackage
    from ..widgets import LiveFigure

__all__ = [
    "MEASURE_NAMES",
    "CRITERION_NAMES",
    "error_rates_by_group",
    "calibration_chart",
    "two_threshold_figure",
    "two_threshold_explorer",
]

#: What each rate of :func:`policing_lab.fairness.group_threshold_table` is called on a chart.
MEASURE_NAMES: dict[str, str] = {
    "selection_rate": "Selection rate",
    "fpr": "False positive rate",
    "fnr": "False negative rate",
    "ppv": "PPV",
}
#: What each criterion of :data:`policing_lab.fairness.CRITERIA` is called on a chart.
CRITERION_NAMES: dict[str, str] = {
    "selection_rate": "Equal selection rate",
    "fpr": "Equal FPR",
    "fnr": "Equal FNR",
    "ppv": "Equal PPV",
}
_CRITERION_PHRASES = {
    "selection_rate": "equal selection rate",
    "fpr": "equal false positive rate",
    "fnr": "equal false negative rate",
    "ppv": "equal PPV",
}
_BAR = 18  # pixels per bar
#: Dashes of the lines of :func:`calibration_chart`, one per group (colour is not alone).
_DASHES = [[1, 0], [6, 3], [2, 2], [8, 2, 2, 2], [4, 4], [10, 4]]
_MAX_GROUPS = len(colours.COMPARED_GROUPS)
_TABLE_NEEDS = ("group", "threshold", "positives", "negatives", "tp", "fp", "fn", "flagged")
_CALIBRATION_NEEDS = ("group", "score_low", "score_high", "people", "positives", "outcome_rate")
# The slot above each measure's bars, where its name is written.
_HEADING = "(measure)"


# --------------------------------------------------------------------------------------
# shared checks and words
# --------------------------------------------------------------------------------------
def _percent(value: float) -> str:
    return f"{value:.1%}"


def _count(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _listing(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def _outcome(outcome: Any) -> str:
    if not isinstance(outcome, str) or not outcome.strip():
        raise ValueError(
            "outcome must be a non-empty string, the outcome as a past participle "
            f"(such as 're-arrested'); got {outcome!r}"
        )
    return outcome.strip()


def _label(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string; got {value!r}")
    return value.strip()


def _group_order(frame: pd.DataFrame, name: str, groups: Any) -> list[Any]:
    """The groups to draw: ``groups`` (each one of the frame's) or all, 1 to 6 of them."""
    known = list(pd.unique(frame["group"]))
    if groups is None:
        chosen = known
    else:
        if isinstance(groups, (str, bytes)) or not isinstance(groups, Sequence):
            raise ValueError(f"groups must be a list of groups of {name}; got {groups!r}")
        chosen = list(groups)
        for group in chosen:
            if group not in known:
                allowed = ", ".join(repr(g) for g in known)
                raise ValueError(f"every one of groups must be a group of {name} ({allowed})")
        if len(set(chosen)) != len(chosen):
            raise ValueError(f"groups must not repeat a group; got {groups!r}")
    if not 1 <= len(chosen) <= _MAX_GROUPS:
        raise ValueError(
            f"groups must name 1 to {_MAX_GROUPS} groups of {name} (one colour each); "
            f"{name} has {len(chosen)}: pass groups=[...] to choose"
        )
    return chosen


def _group_colours(groups: Sequence[Any]) -> alt.Scale:
    return colours.scale(
        {str(g): c for g, c in zip(groups, colours.COMPARED_GROUPS[: len(groups)], strict=True)}
    )


# --------------------------------------------------------------------------------------
# ProPublica's side: error rates at one threshold
# --------------------------------------------------------------------------------------
def error_rates_by_group(
    table: pd.DataFrame,
    threshold: float,
    *,
    groups: Sequence[Any] | None = None,
    ppv: bool = False,
    outcome: str = "re-arrested",
) -> alt.LayerChart:
    """False positive and false negative rates of each group at one threshold, as bars.

    A person is flagged when the score is at or above ``threshold``. The bars are
    labelled with their values; the counts behind each rate are in the chart's numbers
    table and its description.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`policing_lab.fairness.group_threshold_table`: at least the
        columns ``group``, ``threshold``, ``positives``, ``negatives``, ``tp``, ``fp``,
        ``fn``, ``flagged``, ``fpr``, ``fnr`` and ``ppv``.
    threshold : float
        One of the table's thresholds (for COMPAS deciles, 5 is ProPublica's "medium or
        high risk").
    groups : list of labels, optional
        The groups to draw, in this order (1 to 6 of the table's groups). By default all.
    ppv : bool, default False
        Also draw the positive predictive value (the share of flagged people with the
        outcome).
    outcome : str, default "re-arrested"
        The outcome in words, as a past participle ("re-arrested" for COMPAS: a recorded
        event, not offending).

    Returns
    -------
    altair.LayerChart

    Examples
    --------
    >>> from policing_lab.fairness import group_threshold_table
    >>> table = group_threshold_table([1, 0, 1, 0, 1, 0], [9, 6, 4, 8, 7, 2], list("AAABBB"),
    ...                               [5])
    >>> error_rates_by_group(table, 5).to_dict()["title"]
    'Error rates by group when a score of 5 or more is flagged'
    """
    check_frame(table, "table", (*_TABLE_NEEDS, "fpr", "fnr", "ppv"))
    outcome = _outcome(outcome)
    if not isinstance(ppv, (bool, np.bool_)):
        raise ValueError(f"ppv must be True or False; got {ppv!r}")
    threshold = check_number(threshold, "threshold")
    known = np.unique(table["threshold"].to_numpy(dtype=float))
    at = table[np.isclose(table["threshold"].to_numpy(dtype=float), threshold, rtol=0, atol=1e-9)]
    if at.empty:
        allowed = ", ".join(f"{t:g}" for t in known)
        raise ValueError(
            f"threshold must be one of the table's thresholds ({allowed}); got {threshold:g}"
        )
    order = _group_order(table, "table", groups)
    rows = []
    for group in order:
        match = at[at["group"] == group]
        if len(match) != 1:
            raise ValueError(
                f"table must have one row for group {group!r} at threshold {threshold:g}; "
                f"it has {len(match)}"
            )
        rows.append(match.iloc[0])
    chosen = pd.DataFrame(rows).reset_index(drop=True)
    measures = ["fpr", "fnr", *(["ppv"] if ppv else [])]
    of = {"fpr": ("fp", "negatives"), "fnr": ("fn", "positives"), "ppv": ("tp", "flagged")}
    long = []
    for measure in measures:
        numerator, denominator = of[measure]
        for row in chosen.itertuples(index=False):
            rate = float(getattr(row, measure))
            long.append(
                {
                    "group": str(row.group),
                    "measure": MEASURE_NAMES[measure],
                    "rate": None if np.isnan(rate) else round(rate, 4),
                    "label": "undefined" if np.isnan(rate) else _percent(rate),
                    "counts": f"{_count(getattr(row, numerator))} of "
                    f"{_count(getattr(row, denominator))}",
                }
            )
    data = pd.DataFrame(long)
    names = [MEASURE_NAMES[m] for m in measures]
    group_names = [str(g) for g in order]
    # Each measure is named above its bars (no axis labels at the left): the phone layout
    # keeps the bars' full width.
    y = alt.Y("measure:N", sort=names, scale=alt.Scale(domain=names), title=None, axis=None)
    slots = alt.Scale(domain=[_HEADING, *group_names], paddingInner=0.1)
    y_offset = alt.YOffset("group:N", scale=slots)
    headings = (
        alt.Chart(pd.DataFrame({"measure": names}))
        .mark_text(align="left", fontSize=13, fontWeight=600, color=colours.REFERENCE)
        .encode(
            y=y, yOffset=alt.YOffset(datum=_HEADING, scale=slots), x=alt.value(0), text="measure:N"
        )
    )
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=y,
            yOffset=y_offset,
            x=alt.X(
                "rate:Q",
                title="Share of the people in the group",
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%"),
            ),
            color=alt.Color(
                "group:N",
                title=None,
                sort=group_names,
                scale=_group_colours(order),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                "group:N",
                "measure:N",
                alt.Tooltip("rate:Q", format=".1%"),
                alt.Tooltip("counts:N", title="people"),
            ],
        )
    )
    labels = (
        alt.Chart(data)
        .transform_calculate(at="isValid(datum.rate) ? datum.rate : 0")
        .mark_text(align="left", dx=4, fontSize=12, color=colours.REFERENCE)
        .encode(y=y, yOffset=y_offset, x=alt.X("at:Q"), text="label:N")
    )
    measured = "Error rates and PPV" if ppv else "Error rates"
    title = f"{measured} by group when a score of {threshold:g} or more is flagged"
    chart = (headings + bars + labels).properties(
        width=420,
        height=_BAR * (len(order) + 1) * len(measures) + 4 * len(measures),
        title=title,
        description=_error_description(chosen, measures, threshold, outcome),
    )
    columns: dict[str, tuple[str, str | None]] = {"Group": ("group", None)}
    numbers = pd.DataFrame({"group": group_names})
    for measure in measures:
        numerator, denominator = of[measure]
        numbers[measure] = [
            "undefined" if np.isnan(r) else f"{r:.1%} ({_count(n)} of {_count(d)})"
            for r, n, d in zip(chosen[measure], chosen[numerator], chosen[denominator], strict=True)
        ]
        columns[MEASURE_NAMES[measure]] = (measure, None)
    return with_numbers(chart, numbers, columns, caption=f"{title}: rates and counts")


def _error_description(
    chosen: pd.DataFrame, measures: Sequence[str], threshold: float, outcome: str
) -> str:
    meaning = {
        "fpr": f"the share of people not {outcome} who were flagged",
        "fnr": f"the share of people {outcome} who were not flagged",
        "ppv": f"the share of flagged people who were {outcome}",
    }
    of = {"fpr": ("fp", "negatives"), "fnr": ("fn", "positives"), "ppv": ("tp", "flagged")}
    parts = []
    for measure in measures:
        numerator, denominator = of[measure]
        values = []
        for row in chosen.itertuples(index=False):
            rate = float(getattr(row, measure))
            shown = "undefined" if np.isnan(rate) else _percent(rate)
            values.append(
                f"{row.group} {shown} ({_count(getattr(row, numerator))} of "
                f"{_count(getattr(row, denominator))})"
            )
        text = f"{MEASURE_NAMES[measure]}, {meaning[measure]}: {_listing(values)}."
        rates = chosen[measure].to_numpy(dtype=float)
        if len(chosen) > 1 and not np.isnan(rates).any():
            high, low = int(np.argmax(rates)), int(np.argmin(rates))
            if rates[high] > rates[low]:
                text += (
                    f" It is highest for {chosen['group'].iloc[high]}, "
                    f"{100 * (rates[high] - rates[low]):.1f} percentage points above "
                    f"{chosen['group'].iloc[low]}."
                )
        parts.append(text)
    return (
        f"Bar chart of error rates by group when a score of {threshold:g} or more is "
        "flagged. " + " ".join(parts)
    )


# --------------------------------------------------------------------------------------
# the vendor's side: calibration
# --------------------------------------------------------------------------------------
def calibration_chart(
    calibration: pd.DataFrame,
    *,
    groups: Sequence[Any] | None = None,
    outcome: str = "re-arrested",
    score_label: str = "Score",
) -> alt.Chart:
    """The share with the outcome at each score, one line with points per group.

    A score is calibrated within groups when, at each score, the lines are close
    together. Empty bins (nobody of a group at a score) are left out of that group's line.

    Parameters
    ----------
    calibration : pandas.DataFrame
        The output of :func:`policing_lab.fairness.calibration_by_group`: at least the
        columns ``group``, ``score_low``, ``score_high``, ``people``, ``positives`` and
        ``outcome_rate``.
    groups : list of labels, optional
        The groups to draw, in this order (1 to 6). By default all.
    outcome : str, default "re-arrested"
        The outcome as a past participle; the axis reads "Share re-arrested".
    score_label : str, default "Score"
        The title of the score axis (for COMPAS: "COMPAS decile score").

    Returns
    -------
    altair.Chart

    Examples
    --------
    >>> from policing_lab.fairness import calibration_by_group
    >>> table = calibration_by_group([0, 1, 1, 0, 1, 1], [1, 1, 2, 1, 2, 2], list("AAABBB"))
    >>> calibration_chart(table).to_dict()["encoding"]["y"]["title"]
    'Share re-arrested'
    """
    check_frame(calibration, "calibration", _CALIBRATION_NEEDS)
    outcome = _outcome(outcome)
    score_label = _label(score_label, "score_label")
    order = _group_order(calibration, "calibration", groups)
    frame = calibration[calibration["group"].isin(order)].copy()
    for column in ("score_low", "score_high", "people", "positives"):
        values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)
        if not np.all(np.isfinite(values)) or (
            column in ("people", "positives") and (values < 0).any()
        ):
            raise ValueError(f"calibration[{column!r}] must hold finite numbers (counts >= 0)")
    frame = frame[frame["people"] > 0]
    if frame.empty:
        raise ValueError("calibration must have at least one bin with people in it")
    rate = frame["positives"].to_numpy(dtype=float) / frame["people"].to_numpy(dtype=float)
    if not np.allclose(rate, frame["outcome_rate"].to_numpy(dtype=float), atol=1e-9):
        raise ValueError("calibration['outcome_rate'] must be positives / people in every bin")
    low, high = frame["score_low"].to_numpy(dtype=float), frame["score_high"].to_numpy(dtype=float)
    data = pd.DataFrame(
        {
            "group": frame["group"].astype(str).to_numpy(),
            "score": np.where(low == high, low, (low + high) / 2),
            "people": frame["people"].to_numpy(),
            "positives": frame["positives"].to_numpy(),
            "rate": rate.round(4),
        }
    )
    data["order"] = data["group"].map({str(g): i for i, g in enumerate(order)})
    data = data.sort_values(["order", "score"]).drop(columns="order").reset_index(drop=True)
    group_names = [str(g) for g in order]
    scale = _group_colours(order)
    scores = sorted(data["score"].unique())
    axis = alt.Axis(values=scores, format="~r") if len(scores) <= 12 else alt.Axis(format="~r")
    encoding = {
        "x": alt.X("score:Q", title=score_label, axis=axis, scale=alt.Scale(zero=False)),
        "y": alt.Y(
            "rate:Q",
            title=f"Share {outcome}",
            scale=alt.Scale(domain=[0, 1]),
            axis=alt.Axis(format="%"),
        ),
    }
    colour = alt.Color("group:N", title=None, sort=group_names, scale=scale)
    legend = alt.Legend(orient="bottom", symbolType="stroke", symbolStrokeWidth=2.2)
    # One mark: lines with a point at each score. Groups differ in colour and in dash, so
    # colour is not needed to tell them apart; the legend shows both.
    lines = (
        alt.Chart(data)
        .mark_line(strokeWidth=2.2, point=alt.OverlayMarkDef(filled=True, size=60))
        .encode(
            **encoding,
            color=colour.legend(legend),
            strokeDash=alt.StrokeDash(
                "group:N",
                sort=group_names,
                title=None,
                legend=legend,
                scale=alt.Scale(domain=group_names, range=_DASHES[: len(group_names)]),
            ),
            tooltip=[
                "group:N",
                alt.Tooltip("score:Q", title=score_label, format="~r"),
                alt.Tooltip("people:Q", format=",.0f"),
                alt.Tooltip("positives:Q", title=outcome, format=",.0f"),
                alt.Tooltip("rate:Q", title=f"share {outcome}", format=".1%"),
            ],
        )
    )
    title = f"Share {outcome} at each score, by group"
    chart = lines.properties(
        width=420,
        height=280,
        title=title,
        description=_calibration_description(data, group_names, outcome),
    )
    numbers = data.assign(
        score_text=data["score"].map(lambda s: f"{s:g}"),
        people_text=data["people"].map(_count),
        positives_text=data["positives"].map(_count),
    )
    return with_numbers(
        chart,
        numbers,
        {
            "Group": ("group", None),
            score_label: ("score_text", None),
            "People": ("people_text", None),
            outcome.capitalize(): ("positives_text", None),
            f"Share {outcome}": ("rate", ".1%"),
        },
        caption=f"{title}: people and shares in each bin",
    )


def _calibration_description(data: pd.DataFrame, groups: Sequence[str], outcome: str) -> str:
    lines = []
    falls = []
    for group in groups:
        rows = data[data["group"] == group]
        if rows.empty:
            lines.append(f"{group}: nobody")
            continue
        first, last = rows.iloc[0], rows.iloc[-1]
        lines.append(
            f"{group} ({_count(rows['people'].sum())} people): {_percent(first['rate'])} at "
            f"score {first['score']:g} and {_percent(last['rate'])} at score {last['score']:g}"
        )
        lower = rows["rate"].to_numpy()[1:] < rows["rate"].to_numpy()[:-1]
        if lower.any():
            at = [f"{s:g}" for s in rows["score"].to_numpy()[1:][lower]]
            falls.append(f"for {group} at score{'s' if len(at) > 1 else ''} {_listing(at)}")
    scores = sorted(data["score"].unique())
    text = (
        f"Line chart of the share {outcome} at each score, from {scores[0]:g} to "
        f"{scores[-1]:g}, one line with points per group. " + "; ".join(lines) + "."
    )
    wide = data.pivot_table(index="score", columns="group", values="rate")
    shared = wide.dropna(thresh=2)
    if len(groups) > 1 and not shared.empty:
        gaps = shared.max(axis=1) - shared.min(axis=1)
        score = float(gaps.idxmax())
        row = shared.loc[score]
        top, bottom = row.idxmax(), row.idxmin()
        text += (
            f" The largest gap between groups at any one score is "
            f"{100 * float(gaps.max()):.1f} percentage points, at score {score:g} "
            f"({top} {_percent(row[top])}, {bottom} {_percent(row[bottom])})."
        )
    if falls:
        text += (
            " The lines do not rise at every step: the share is lower than at the score "
            "before " + _listing(falls) + "."
        )
    else:
        text += " Every line rises from each score to the next."
    return text


# --------------------------------------------------------------------------------------
# two thresholds, four criteria
# --------------------------------------------------------------------------------------
_GRID_NEEDS = (
    "threshold_a",
    "threshold_b",
    *(f"{c}_{side}" for c in CRITERIA for side in ("a", "b")),
    *(f"gap_{c}" for c in CRITERIA),
    *(f"equal_{c}" for c in CRITERIA),
    "accuracy",
    "best_accuracy",
    "accuracy_cost",
)
_SHORT = {"selection_rate": "s", "fpr": "f", "fnr": "n", "ppv": "p"}


def _rate_axis() -> alt.X:
    """The rate axis of the two-threshold figure and of its live twin."""
    return alt.X(
        "rate:Q",
        title="Share of the group's people",
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(format="%", values=[0, 0.25, 0.5, 0.75, 1]),
    )


def _pair_colour(name_a: str, name_b: str) -> alt.Color:
    """The two groups' colours and legend, the same in the static figure and its twin."""
    return alt.Color(
        "group:N",
        title=None,
        sort=[name_a, name_b],
        scale=_group_colours([name_a, name_b]),
        legend=alt.Legend(orient="bottom", columns=1),
    )


def _round(values: Any, digits: int = 6) -> list[float | None]:
    return [
        None if np.isnan(v) else round(float(v), digits) for v in np.asarray(values, dtype=float)
    ]


def two_threshold_figure(
    grid: pd.DataFrame,
    *,
    groups: Sequence[str],
    threshold_a: float | None = None,
    threshold_b: float | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
    score_label: str = "score",
) -> alt.VConcatChart:
    """Two sliders, one threshold per group, and which fairness criteria the pair meets.

    The figure holds every pair of thresholds of ``grid`` (computed beforehand, so it
    works on the static page without a kernel); the sliders pick the pair. For that pair
    it shows each group's selection rate, FPR, FNR and PPV side by side, whether each of
    the four criteria of :data:`policing_lab.fairness.CRITERIA` holds (rates within
    ``tolerance``) with the gap between the groups, and the accuracy with how far it
    falls below the most accurate pair.

    Parameters
    ----------
    grid : pandas.DataFrame
        The output of :func:`policing_lab.fairness.two_threshold_grid` for two groups:
        every pair of two evenly spaced grids of thresholds, once.
    groups : pair of str
        The names of group ``a`` and group ``b`` of the grid, in that order.
    threshold_a, threshold_b : float, optional
        The sliders' starting thresholds, each one of the grid's; by default the middle
        of each grid.
    tolerance : float, default 0.02
        The tolerance the grid was computed with (checked against its ``equal_*``
        columns); the description states it.
    score_label : str, default "score"
        What the thresholds apply to, in the sliders' labels ("flag a score of at least").

    Returns
    -------
    altair.VConcatChart
        With the slider parameters ``threshold_a`` and ``threshold_b``.

    Examples
    --------
    >>> from policing_lab.fairness import group_threshold_table, two_threshold_grid
    >>> table = group_threshold_table([1, 0, 1, 0, 1, 0], [3, 2, 1, 3, 2, 1], list("AAABBB"),
    ...                               [1, 2, 3])
    >>> chart = two_threshold_figure(two_threshold_grid(table), groups=("A", "B"))
    >>> [p["name"] for p in chart.to_dict()["params"]]
    ['threshold_a', 'threshold_b']
    """
    check_frame(grid, "grid", _GRID_NEEDS)
    tolerance = check_number(tolerance, "tolerance", low=0, high=1)
    score_label = _label(score_label, "score_label")
    if isinstance(groups, (str, bytes)) or not isinstance(groups, Sequence) or len(groups) != 2:
        raise ValueError(f"groups must be a pair of group names (a, b); got {groups!r}")
    name_a, name_b = (_label(g, "every name of groups") for g in groups)
    if name_a == name_b:
        raise ValueError("groups must name two different groups")
    values_a = check_grid(
        np.unique(grid["threshold_a"].to_numpy(dtype=float)), "grid['threshold_a']"
    )
    values_b = check_grid(
        np.unique(grid["threshold_b"].to_numpy(dtype=float)), "grid['threshold_b']"
    )
    pairs = grid[["threshold_a", "threshold_b"]].drop_duplicates()
    if len(grid) != values_a.size * values_b.size or len(pairs) != len(grid):
        raise ValueError(
            "grid must hold every pair of its thresholds exactly once "
            f"({values_a.size} x {values_b.size} = {values_a.size * values_b.size} rows); "
            f"got {len(grid)} rows"
        )
    for criterion in CRITERIA:
        gap = grid[f"gap_{criterion}"].to_numpy(dtype=float)
        with np.errstate(invalid="ignore"):
            expected = gap <= tolerance + 1e-12
        if not np.array_equal(expected, grid[f"equal_{criterion}"].to_numpy(dtype=bool)):
            raise ValueError(
                f"tolerance must be the tolerance the grid was computed with; with "
                f"{tolerance:g}, grid['equal_{criterion}'] does not match grid['gap_{criterion}']"
            )
    for side in ("a", "b"):
        per = grid.groupby(f"threshold_{side}")[[f"{c}_{side}" for c in CRITERIA]]
        if (per.nunique(dropna=False) > 1).any().any():
            raise ValueError(
                f"grid's rates of group {side} must depend only on threshold_{side} "
                "(use the output of two_threshold_grid)"
            )
    start_a = _start(threshold_a, values_a, "threshold_a")
    start_b = _start(threshold_b, values_b, "threshold_b")

    # The rates of each group at each of its thresholds (the browser folds them into
    # bars), and the criteria of each pair: short column names keep the page light.
    rates = pd.concat(
        [
            pd.DataFrame(
                {
                    "side": side,
                    "t": per[f"threshold_{side}"].to_numpy(dtype=float),
                    **{
                        short: _round(per[f"{criterion}_{side}"])
                        for criterion, short in _SHORT.items()
                    },
                }
            )
            for side, per in (
                (side, grid.drop_duplicates(f"threshold_{side}").sort_values(f"threshold_{side}"))
                for side in ("a", "b")
            )
        ],
        ignore_index=True,
    )
    pairs_data = pd.DataFrame(
        {
            "ta": grid["threshold_a"].to_numpy(dtype=float),
            "tb": grid["threshold_b"].to_numpy(dtype=float),
        }
    )
    for criterion, short in _SHORT.items():
        pairs_data[f"g{short}"] = _round(grid[f"gap_{criterion}"])
        pairs_data[f"e{short}"] = grid[f"equal_{criterion}"].to_numpy(dtype=bool).astype(int)
    pairs_data["acc"] = _round(grid["accuracy"])
    pairs_data["cost"] = _round(grid["accuracy_cost"])
    measure_names = pd.DataFrame(
        {"key": list(_SHORT.values()), "measure": [MEASURE_NAMES[c] for c in CRITERIA]}
    )
    criteria_names = pd.DataFrame(
        {
            "key": [f"g{s}" for s in _SHORT.values()],
            "criterion": [CRITERION_NAMES[c] for c in CRITERIA],
        }
    )

    slider_a = slider(
        "threshold_a",
        values_a.tolist(),
        value=start_a,
        label=f"{name_a}: flag a {score_label} of at least ",
    )
    slider_b = slider(
        "threshold_b",
        values_b.tolist(),
        value=start_b,
        label=f"{name_b}: flag a {score_label} of at least ",
    )
    pick_pair = f"abs(datum.ta - {slider_a.name}) < 1e-6 && abs(datum.tb - {slider_b.name}) < 1e-6"
    pick_rates = (
        f"(datum.side == 'a' && abs(datum.t - {slider_a.name}) < 1e-6) || "
        f"(datum.side == 'b' && abs(datum.t - {slider_b.name}) < 1e-6)"
    )
    best = float(grid["best_accuracy"].iloc[0])
    summary = (
        alt.Chart(pairs_data)
        .transform_filter(pick_pair)
        .transform_calculate(
            met="datum.es + datum.ef + datum.en + datum.ep",
            text=(
                "['Criteria that hold: ' + datum.met + ' of 4', "
                "'Accuracy: ' + format(datum.acc, '.1%'), "
                "datum.cost < 0.0005 ? 'the most accurate pair' : "
                "format(100 * datum.cost, '.1f') + ' points below the best pair']"
            ),
        )
        .mark_text(align="left", baseline="top", fontSize=14, fontWeight=600, lineHeight=19)
        .encode(text="text:N", x=alt.value(0), y=alt.value(0))
        .properties(width=240, height=58)
    )
    # No axis labels at the left: each measure is named above its two bars, so that
    # every panel starts at the left edge and the stacked phone layout stays narrow.
    names = list(MEASURE_NAMES.values())
    y = alt.Y("measure:N", sort=names, scale=alt.Scale(domain=names), title=None, axis=None)
    slots = alt.Scale(domain=[_HEADING, name_a, name_b], paddingInner=0.1)
    bars_base = (
        alt.Chart(rates)
        .transform_filter(pick_rates)
        .transform_fold(list(_SHORT.values()), as_=["key", "rate"])
        .transform_lookup(lookup="key", from_=alt.LookupData(measure_names, "key", ["measure"]))
        .transform_calculate(
            group=f"datum.side == 'a' ? {_js(name_a)} : {_js(name_b)}",
            label="isValid(datum.rate) ? format(datum.rate, '.1%') : 'undefined'",
            at="isValid(datum.rate) ? datum.rate : 0",
        )
    )
    y_offset = alt.YOffset("group:N", scale=slots)
    bars = bars_base.mark_bar().encode(
        y=y,
        yOffset=y_offset,
        x=_rate_axis(),
        color=_pair_colour(name_a, name_b),
    )
    labels = bars_base.mark_text(align="left", dx=3, fontSize=12, color=colours.REFERENCE).encode(
        y=y, yOffset=y_offset, x=alt.X("at:Q"), text="label:N"
    )
    headings = (
        alt.Chart(measure_names)
        .mark_text(align="left", fontSize=13, fontWeight=600, color=colours.REFERENCE)
        .encode(
            y=y, yOffset=alt.YOffset(datum=_HEADING, scale=slots), x=alt.value(0), text="measure:N"
        )
    )
    rate_panel = (headings + bars + labels).properties(width=200, height=4 * 3 * _BAR + 12)
    checks_base = (
        alt.Chart(pairs_data)
        .transform_filter(pick_pair)
        .transform_fold([f"g{s}" for s in _SHORT.values()], as_=["key", "gap"])
        .transform_lookup(lookup="key", from_=alt.LookupData(criteria_names, "key", ["criterion"]))
        .transform_calculate(holds="datum['e' + substring(datum.key, 1)] == 1")
        .transform_calculate(
            text=(
                "(datum.holds ? 'yes' : 'no') + ', ' + (isValid(datum.gap) ? "
                "'gap ' + format(100 * datum.gap, '.1f') + ' pts' : 'undefined')"
            )
        )
    )
    row = alt.Y("criterion:N", sort=list(CRITERION_NAMES.values()), title=None, axis=None)
    checks = alt.layer(
        checks_base.mark_text(align="left", fontSize=13, color=colours.REFERENCE).encode(
            y=row, x=alt.value(0), text="criterion:N"
        ),
        checks_base.mark_text(
            align="left", fontSize=13, fontWeight=600, color=colours.REFERENCE
        ).encode(y=row, x=alt.value(150), text="text:N"),
    ).properties(
        width=250,
        height=4 * 26,
        title=alt.Title(
            f"Which criteria hold (rates within {100 * tolerance:g} points)?",
            fontSize=13,
            fontWeight=500,
        ),
    )
    title = "One threshold per group: which fairness criteria hold?"
    return (
        alt.vconcat(summary, alt.hconcat(rate_panel, checks, spacing=30), spacing=12)
        .add_params(slider_a, slider_b)
        .properties(
            title=title,
            description=_two_threshold_description(
                grid, (name_a, name_b), (values_a, values_b), (start_a, start_b), tolerance, best
            ),
        )
    )


def _js(text: str) -> str:
    """A Python string as a string literal of a Vega expression."""
    return json.dumps(text)


def _start(value: Any, values: np.ndarray, name: str) -> float:
    if value is None:
        return float(values[(values.size - 1) // 2])
    value = check_number(value, name, low=float(values[0]), high=float(values[-1]))
    if not np.any(np.isclose(values, value)):
        allowed = ", ".join(f"{v:g}" for v in values)
        raise ValueError(f"{name} must be one of the grid's thresholds ({allowed}); got {value:g}")
    return float(values[np.argmin(np.abs(values - value))])


def _two_threshold_description(
    grid: pd.DataFrame,
    names: tuple[str, str],
    values: tuple[np.ndarray, np.ndarray],
    start: tuple[float, float],
    tolerance: float,
    best: float,
) -> str:
    name_a, name_b = names
    row = grid[
        np.isclose(grid["threshold_a"], start[0]) & np.isclose(grid["threshold_b"], start[1])
    ].iloc[0]
    holding = [_CRITERION_PHRASES[c] for c in CRITERIA if bool(row[f"equal_{c}"])]
    holds = (
        f"{_listing(holding)} hold{'s' if len(holding) == 1 else ''}"
        if holding
        else "none of the four criteria holds"
    )

    def pair(criterion: str) -> str:
        a, b = float(row[f"{criterion}_a"]), float(row[f"{criterion}_b"])
        shown = ["undefined" if np.isnan(v) else _percent(v) for v in (a, b)]
        return f"{MEASURE_NAMES[criterion].lower().replace('ppv', 'PPV')} {shown[0]} and {shown[1]}"

    top = grid.loc[grid["accuracy"].idxmax()]
    cost = float(row["accuracy_cost"])
    counts = [f"{_CRITERION_PHRASES[c]} for {int(grid[f'equal_{c}'].sum())}" for c in CRITERIA]
    counts[0] = counts[0].replace(" for ", " holds for ", 1)
    together = rules_satisfying(grid, ("fpr", "fnr", "ppv"))
    if together.empty:
        three = "no pair has equal false positive rates, false negative rates and PPV together"
    else:
        first = together.iloc[0]
        three = (
            f"{len(together)} pair{'s' if len(together) > 1 else ''} "
            f"{'have' if len(together) > 1 else 'has'} equal false positive rates, false "
            f"negative rates and PPV together (for instance {first['threshold_a']:g} for "
            f"{name_a} and {first['threshold_b']:g} for {name_b})"
        )
    ranges = [f"from {v[0]:g} to {v[-1]:g}" for v in values]
    span = f"each {ranges[0]}" if ranges[0] == ranges[1] else f"{ranges[0]} and {ranges[1]}"
    nobody = [
        f"{name} at {float(v[-1]):g}"
        for name, side, v in ((name_a, "a", values[0]), (name_b, "b", values[1]))
        if np.all(
            grid.loc[np.isclose(grid[f"threshold_{side}"], v[-1]), f"selection_rate_{side}"] == 0
        )
    ]
    if len(nobody) == 2 and values[0][-1] == values[1][-1]:
        span += f" (at {float(values[0][-1]):g} nobody is flagged)"
    elif nobody:
        span += f" (nobody is flagged for {_listing(nobody)})"
    return (
        f"Interactive figure with two sliders, one score threshold for {name_a} and one for "
        f"{name_b}, {span}; people with a score at or above their group's threshold are "
        "flagged. For the chosen pair, bars show each group's selection rate, false "
        "positive rate, false negative rate and PPV; a list says which of four criteria "
        "hold (equal selection rate, equal FPR, equal FNR, equal PPV: rates that differ by "
        f"at most {100 * tolerance:g} percentage points count as equal) and gives each gap; "
        "a line above gives how many criteria hold and the accuracy, with how far it falls "
        f"below the most accurate pair ({_percent(best)}, at {top['threshold_a']:g} for "
        f"{name_a} and {top['threshold_b']:g} for {name_b}). At the start, threshold "
        f"{start[0]:g} for {name_a} and {start[1]:g} for {name_b}, {holds}; the rates of "
        f"{name_a} and {name_b}: "
        f"{pair('selection_rate')}, {pair('fpr')}, {pair('fnr')}, {pair('ppv')}; accuracy "
        f"{_percent(float(row['accuracy']))}, {100 * cost:.1f} points below the best. Of "
        f"the {len(grid)} pairs, {_listing(counts)}; {three}."
    )


# --------------------------------------------------------------------------------------
# the two-threshold figure with its live twin
# --------------------------------------------------------------------------------------
_COUNTS_OF = {
    "selection_rate": ("flagged", "people"),
    "fpr": ("fp", "negatives"),
    "fnr": ("fn", "positives"),
    "ppv": ("tp", "flagged"),
}
_EXPLORER_TITLE = "One threshold per group: which fairness criteria hold?"


def _explorer_groups(table: pd.DataFrame, groups: Any, names: Any) -> tuple[list[Any], list[str]]:
    """The pair of groups of ``table`` to compare, and their display names."""
    known = list(pd.unique(table["group"]))
    if len(known) < 2:
        raise ValueError(f"table must hold at least two groups; it has {len(known)}")
    if isinstance(groups, (str, bytes)) or not isinstance(groups, Sequence) or len(groups) != 2:
        raise ValueError(f"groups must be a pair of groups of table (a, b); got {groups!r}")
    pair = list(groups)
    allowed = ", ".join(repr(g) for g in known)
    for group in pair:
        try:
            ok = group in known
        except TypeError:
            ok = False
        if not ok:
            raise ValueError(
                f"every one of groups must be a group of table ({allowed}); got {group!r}"
            )
    if pair[0] == pair[1]:
        raise ValueError(f"groups must name two different groups; got {groups!r}")
    if names is None:
        shown = [str(g) for g in pair]
    else:
        if isinstance(names, (str, bytes)) or not isinstance(names, Sequence) or len(names) != 2:
            raise ValueError(f"names must be a pair of display names (a, b); got {names!r}")
        shown = [_label(n, "every one of names") for n in names]
    if shown[0] == shown[1]:
        raise ValueError(
            f"names must tell the two groups apart; both are shown as {shown[0]!r} "
            "(pass names=(..., ...))"
        )
    return pair, shown


def _explorer_sides(table: pd.DataFrame, pair: Sequence[Any]) -> list[pd.DataFrame]:
    """Each group's rows of ``table``, one per threshold, sorted by threshold."""
    sides = []
    for side, group in zip(("a", "b"), pair, strict=True):
        rows = table[table["group"] == group].sort_values("threshold", kind="stable")
        thresholds = rows["threshold"].to_numpy(dtype=float)
        if np.unique(thresholds).size != thresholds.size:
            raise ValueError(f"table must have one row per threshold for group {group!r}")
        check_grid(thresholds, f"table's thresholds of group {side} ({group!r})")
        sides.append(rows.reset_index(drop=True))
    return sides


def _decimals(values: np.ndarray) -> int:
    """Digits after the point that write every value of ``values`` exactly (at most 6)."""
    for digits in range(7):
        if np.allclose(np.round(values, digits), values, rtol=0, atol=1e-9):
            return digits
    return 6


def two_threshold_explorer(
    table: pd.DataFrame,
    *,
    groups: Sequence[Any],
    names: Sequence[str] | None = None,
    threshold_a: float | None = None,
    threshold_b: float | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
    score_label: str = "score",
) -> LiveFigure:
    """:func:`two_threshold_figure` for the website, and its live twin for notebooks.

    The static chart is exactly :func:`two_threshold_figure` of the table's
    :func:`policing_lab.fairness.two_threshold_grid`. In a running kernel (Binder,
    JupyterLab) the reader gets two ipywidgets sliders instead, one threshold per group,
    moving over the table's thresholds; each move redraws, in Python, a chart of that
    one pair: each group's selection rate, FPR, FNR and PPV as bars, beside each
    measure's name whether its criterion of :data:`policing_lab.fairness.CRITERIA` holds
    within ``tolerance`` (with the gap), and under the title the accuracy with how far
    it falls below the most accurate pair. The redrawn chart's title and description
    are written from the numbers of that pair. It is one panel (the static figure has
    three), so that a redraw stays quick.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`policing_lab.fairness.group_threshold_table` for at least
        two groups. Each group's thresholds must be evenly spaced (a slider's grid).
    groups : pair of labels
        The two groups of ``table`` to compare, as ``(a, b)``.
    names : pair of str, optional
        What the two groups are called on the chart, by default ``str`` of each group.
    threshold_a, threshold_b : float, optional
        The sliders' starting thresholds, each one of its group's thresholds in
        ``table``; by default the middle of each group's thresholds.
    tolerance : float, default 0.02
        Largest difference between two rates that still counts as equal, in [0, 1].
    score_label : str, default "score"
        What the thresholds apply to, in the sliders' labels ("flag a score of at least").

    Returns
    -------
    policing_lab.widgets.LiveFigure
        ``static``: the chart of :func:`two_threshold_figure`; ``live``: the dashboard of
        :func:`policing_lab.widgets.slider_dashboard` (its ``chart`` is the pair drawn
        last, its sliders are keyword ``threshold_a`` and ``threshold_b``).

    Examples
    --------
    >>> from policing_lab.fairness import group_threshold_table
    >>> table = group_threshold_table([1, 0, 1, 0, 1, 0], [3, 2, 1, 3, 2, 1], list("AAABBB"),
    ...                               [1, 2, 3])
    >>> figure = two_threshold_explorer(table, groups=("A", "B"), names=("Group A", "Group B"))
    >>> slider_a, slider_b = figure.live.children[1:3]
    >>> slider_a.description, slider_a.value
    ('Group A: flag a score of at least', 2.0)
    >>> figure.live.chart.to_dict()["title"]["text"]
    'Group A at 2, Group B at 2: 2 of the 4 criteria hold'
    >>> slider_b.value = 3  # as a reader's move does: the pair is redrawn
    >>> figure.live.chart.to_dict()["title"]["text"]
    'Group A at 2, Group B at 3: 0 of the 4 criteria hold'
    """
    import ipywidgets as widgets

    from ..widgets import LiveFigure, slider_dashboard

    check_frame(table, "table", TABLE_COLUMNS)
    tolerance = check_number(tolerance, "tolerance", low=0, high=1)
    score_label = _label(score_label, "score_label")
    pair, (name_a, name_b) = _explorer_groups(table, groups, names)
    sides = _explorer_sides(table, pair)
    grid = two_threshold_grid(table, groups=pair, tolerance=tolerance)
    static = two_threshold_figure(
        grid,
        groups=(name_a, name_b),
        threshold_a=threshold_a,
        threshold_b=threshold_b,
        tolerance=tolerance,
        score_label=score_label,
    )
    values = [side["threshold"].to_numpy(dtype=float) for side in sides]
    start = (
        _start(threshold_a, values[0], "threshold_a"),
        _start(threshold_b, values[1], "threshold_b"),
    )
    draw = _pair_drawer(grid, sides, (name_a, name_b), tolerance, score_label)

    sliders = {}
    for key, name, grid_values, value in zip(
        ("threshold_a", "threshold_b"), (name_a, name_b), values, start, strict=True
    ):
        step = float(grid_values[1] - grid_values[0])
        sliders[key] = widgets.FloatSlider(
            value=value,
            min=float(grid_values[0]),
            max=float(grid_values[-1]),
            step=step,
            description=f"{name}: flag a {score_label} of at least",
            readout_format=f".{_decimals(grid_values)}f",
            continuous_update=True,
            style={"description_width": "initial"},
            layout=widgets.Layout(
                width="100%", max_width="36rem", height="auto", flex_flow="row wrap"
            ),
        )
    live = slider_dashboard(draw, sliders, title=_EXPLORER_TITLE)
    return LiveFigure(static=static, live=live)


def _pair_drawer(
    grid: pd.DataFrame,
    sides: Sequence[pd.DataFrame],
    names: tuple[str, str],
    tolerance: float,
    score_label: str,
) -> Any:
    """``draw(threshold_a, threshold_b)``: the chart of one pair, from frames of a few rows.

    Everything that does not depend on the pair (each group's rates and counts at each
    threshold, the grid's row of each pair, the most accurate pair) is read once here, so
    that a slider move only looks up two rows and writes a chart of 12 data rows.
    """
    name_a, name_b = names
    values = [side["threshold"].to_numpy(dtype=float) for side in sides]
    # the grid's row of each pair, by the positions of its two thresholds
    row_of = np.empty((values[0].size, values[1].size), dtype=np.int64)
    row_of[
        np.searchsorted(values[0], grid["threshold_a"].to_numpy(dtype=float)),
        np.searchsorted(values[1], grid["threshold_b"].to_numpy(dtype=float)),
    ] = np.arange(len(grid))
    gaps = {c: grid[f"gap_{c}"].to_numpy(dtype=float) for c in CRITERIA}
    holds = {c: grid[f"equal_{c}"].to_numpy(dtype=bool) for c in CRITERIA}
    accuracy = grid["accuracy"].to_numpy(dtype=float)
    cost = grid["accuracy_cost"].to_numpy(dtype=float)
    top = grid.loc[grid["accuracy"].idxmax()]
    best = float(grid["best_accuracy"].iloc[0])
    best_text = (
        f"{_percent(best)}, at {top['threshold_a']:g} for {name_a} and "
        f"{top['threshold_b']:g} for {name_b}"
    )
    # each group's bars and words at each of its thresholds
    rows: list[list[list[dict[str, Any]]]] = []  # side -> threshold -> bars
    words: list[list[str]] = []
    for side, name in zip(sides, names, strict=True):
        side_rows: list[list[dict[str, Any]]] = []
        side_words: list[str] = []
        for record in side.to_dict("records"):
            bars: list[dict[str, Any]] = []
            parts: list[str] = []
            for criterion in CRITERIA:
                rate = float(record[criterion])
                numerator, denominator = _COUNTS_OF[criterion]
                shown = "undefined" if np.isnan(rate) else _percent(rate)
                bars.append(
                    {
                        "group": name,
                        "measure": MEASURE_NAMES[criterion],
                        "rate": None if np.isnan(rate) else round(rate, 4),
                        "at": 0.0 if np.isnan(rate) else round(rate, 4),
                        "label": shown,
                    }
                )
                parts.append(
                    f"{MEASURE_NAMES[criterion].lower().replace('ppv', 'PPV')} {shown} "
                    f"({_count(record[numerator])} of {_count(record[denominator])})"
                )
            side_rows.append(bars)
            side_words.append(f"{name}: " + ", ".join(parts))
        rows.append(side_rows)
        words.append(side_words)

    measure_names = list(MEASURE_NAMES.values())
    y = alt.Y(
        "measure:N",
        sort=measure_names,
        scale=alt.Scale(domain=measure_names),
        title=None,
        axis=None,
    )
    slots = alt.Scale(domain=[_HEADING, name_a, name_b], paddingInner=0.1)
    y_offset = alt.YOffset("group:N", scale=slots)
    heading_slot = alt.YOffset(datum=_HEADING, scale=slots)
    x = _rate_axis()
    colour = _pair_colour(name_a, name_b)
    # One layered panel, built once, reads its few rows from named data sets; a slider
    # move only writes those rows. (Altair builds a chart slowly, and writes out a
    # concatenation of panels much more slowly than one panel: one keeps the redraw quick.)
    # Each measure's heading carries its criterion's verdict at the right.
    headings = (
        alt.Chart(pd.DataFrame({"measure": measure_names}))
        .mark_text(align="left", fontSize=13, fontWeight=600, color=colours.REFERENCE)
        .encode(y=y, yOffset=heading_slot, x=alt.value(0), text="measure:N")
    )
    verdicts = (
        alt.Chart(alt.NamedData(name="pair_criteria"))
        .mark_text(align="right", fontSize=13, fontWeight=600, color=colours.REFERENCE)
        .encode(y=y, yOffset=heading_slot, x=alt.X(datum=1), text="verdict:N")
    )
    rates_data = alt.NamedData(name="pair_rates")
    bars = alt.Chart(rates_data).mark_bar().encode(y=y, yOffset=y_offset, x=x, color=colour)
    labels = (
        alt.Chart(rates_data)
        .mark_text(align="left", dx=3, fontSize=12, color=colours.REFERENCE)
        .encode(y=y, yOffset=y_offset, x=alt.X("at:Q"), text="label:N")
    )
    layers = [headings, verdicts, bars, labels]
    within = f"equal when the rates differ by at most {100 * tolerance:g} points"

    def nearest(value: Any, side: int) -> int:
        return int(np.argmin(np.abs(values[side] - float(value))))

    def draw(threshold_a: float, threshold_b: float) -> alt.LayerChart:
        ia, ib = nearest(threshold_a, 0), nearest(threshold_b, 1)
        ta, tb = float(values[0][ia]), float(values[1][ib])
        at = int(row_of[ia, ib])
        met = sum(bool(holds[c][at]) for c in CRITERIA)
        lost = float(cost[at])
        below = (
            "the most accurate pair"
            if lost < 0.0005
            else f"{100 * lost:.1f} points below the best pair"
        )
        criteria = []
        for criterion in CRITERIA:
            gap = float(gaps[criterion][at])
            criteria.append(
                {
                    "measure": MEASURE_NAMES[criterion],
                    "verdict": f"equal: {'yes' if holds[criterion][at] else 'no'}, "
                    + ("undefined" if np.isnan(gap) else f"gap {100 * gap:.1f} pts"),
                }
            )
        title = (
            f"{name_a} at {ta:g}, {name_b} at {tb:g}: {met} of the 4 criteria "
            f"{'holds' if met == 1 else 'hold'}"
        )
        subtitle = [
            f"Accuracy: {_percent(float(accuracy[at]))}, {below}",
            f"Criteria: {within}",
        ]
        description = _pair_description(
            (name_a, name_b),
            (ta, tb),
            score_label,
            (words[0][ia], words[1][ib]),
            {c: (float(gaps[c][at]), bool(holds[c][at])) for c in CRITERIA},
            tolerance,
            (float(accuracy[at]), lost, best_text),
        )
        return alt.LayerChart(
            layer=layers,
            width=360,
            height=4 * 3 * _BAR + 12,
            title=alt.Title(title, subtitle=subtitle, anchor="start"),
            description=description,
            datasets={
                "pair_rates": rows[0][ia] + rows[1][ib],
                "pair_criteria": criteria,
            },
        )

    return draw


def _pair_description(
    names: tuple[str, str],
    thresholds: tuple[float, float],
    score_label: str,
    rates: tuple[str, str],
    criteria: dict[str, tuple[float, bool]],
    tolerance: float,
    accuracy: tuple[float, float, str],
) -> str:
    """The text alternative of the live chart of one pair of thresholds."""
    (name_a, name_b), (ta, tb) = names, thresholds

    def gap(criterion: str) -> str:
        value = criteria[criterion][0]
        shown = "undefined" if np.isnan(value) else f"gap {100 * value:.1f} points"
        return f"{_CRITERION_PHRASES[criterion]} ({shown})"

    holding = [gap(c) for c in CRITERIA if criteria[c][1]]
    failing = [gap(c) for c in CRITERIA if not criteria[c][1]]
    verdict = []
    if holding:
        verdict.append(f"{_listing(holding)} hold{'s' if len(holding) == 1 else ''}")
    if failing:
        verdict.append(
            f"{_listing(failing)} {'does' if len(failing) == 1 else 'do'} not"
            if holding
            else f"none of the four criteria holds: {_listing(failing)}"
        )
    value, lost, best = accuracy
    below = (
        "the most accurate pair"
        if lost < 0.0005
        else f"{100 * lost:.1f} percentage points below the most accurate pair ({best})"
    )
    return (
        f"Bar chart and list for one pair of thresholds: {name_a} flagged at a {score_label} "
        f"of at least {ta:g}, {name_b} at {tb:g}. Rates, with the people behind them: "
        f"{rates[0]}; {rates[1]}. With rates that differ by at most {100 * tolerance:g} "
        f"percentage points counted as equal, {'; '.join(verdict)}. Accuracy "
        f"{_percent(value)}, {below}."
    )
