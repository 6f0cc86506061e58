"""Charts of chapter 3, "Rare events, many alarms": alerts, base rates and who bears them.

Each builder takes the numbers it draws (or the rates it computes them from), checks
them, and writes the chart's text description from those same numbers, so that the text
a screen reader announces stays true when the data change.

icon_array
    People screened by a risk model, one square per ``per_square`` people, coloured by
    outcome, with a threshold slider and a summary line (alerts, share right, FPR).
ppv_curves
    The share of alerts that are right against the base rate, for a few accuracies,
    with hover points.
alerts_by_group
    Correct and false alerts per group of a crowd, as stacked bars.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from .._validation import check_array, check_column, check_frame, check_int, check_number
from ..screening import per_people, ppv
from . import colours
from .controls import check_grid, pick, slider

__all__ = [
    "OUTCOME_COLOURS",
    "ALERT_COLOURS",
    "ICON_PEOPLE",
    "ICON_PER_SQUARE",
    "icon_array",
    "ppv_curves",
    "alerts_by_group",
]

#: The four outcomes of screening, in the order the icon array stacks them.
OUTCOME_COLOURS: dict[str, str] = {
    "true positive": colours.TRUE_POSITIVE,
    "false positive": colours.FALSE_POSITIVE,
    "false negative": colours.FALSE_NEGATIVE,
    "true negative": colours.TRUE_NEGATIVE,
}

#: The two kinds of alert of :func:`alerts_by_group`.
ALERT_COLOURS: dict[str, str] = {
    "correct alerts": colours.CORRECT_ALERT,
    "false alerts": colours.FALSE_ALERT,
}

#: People drawn by :func:`icon_array`, and people per square.
ICON_PEOPLE = 10_000
ICON_PER_SQUARE = 10

_SQUARE = 11  # pixels per square, gap included
_NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven"}
_NUMBER_WORDS.update({8: "eight", 9: "nine", 10: "ten"})


def _share(value: float) -> str:
    """A share as a percentage with as many decimals as it needs to be honest."""
    if 0.995 <= value < 1:
        return f"{value:.1%}"  # not "100%" unless it is
    if value == 0 or value >= 0.1:
        return f"{value:.0%}"
    return f"{value:.1%}" if value >= 0.001 else f"{value:.2%}"


# --------------------------------------------------------------------------------------
# the icon array
# --------------------------------------------------------------------------------------
def icon_array(
    table: pd.DataFrame,
    *,
    threshold: float,
    people: int = ICON_PEOPLE,
    per_square: int = ICON_PER_SQUARE,
    columns: int = 40,
) -> alt.VConcatChart:
    """People screened by a risk model, one square per few people, with a threshold slider.

    The chart holds every row of ``table``; a slider over the thresholds (in percent)
    picks the row the squares and the summary line above them show. Squares are filled in
    the order true positives, false positives, false negatives, true negatives.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`policing_lab.screening.threshold_table` for one scored
        population: the columns ``threshold`` (evenly spaced, in (0, 1]), ``tp``, ``fp``,
        ``fn``, ``tn``, ``tpr``, ``fpr`` and ``ppv``.
    threshold : float
        The slider's starting threshold, one of ``table["threshold"]``.
    people : int, default 10,000
        The counts are drawn for this many people (:func:`policing_lab.screening.per_people`),
        a multiple of ``per_square * columns``, at most 100,000.
    per_square : int, default 10
        People per square, from 1 to 1,000.
    columns : int, default 40
        Squares per row, from 5 to 100.

    Returns
    -------
    altair.VConcatChart
        The summary line above the squares, with the slider parameter ``threshold``.

    Examples
    --------
    >>> from policing_lab.screening import threshold_table
    >>> table = threshold_table([1, 0, 0, 1, 0], [0.9, 0.8, 0.1, 0.3, 0.7], [0.25, 0.5, 0.75])
    >>> chart = icon_array(table, threshold=0.5)
    >>> chart.to_dict()["title"]
    '10,000 people screened by the risk model'
    """
    check_frame(table, "table", ("threshold", "tp", "fp", "fn", "tn", "tpr", "fpr", "ppv"))
    per_square = check_int(per_square, "per_square", low=1, high=1_000)
    columns = check_int(columns, "columns", low=5, high=100)
    people = check_int(people, "people", low=per_square * columns, high=100_000)
    if people % (per_square * columns):
        raise ValueError(
            f"people must be a multiple of per_square * columns = {per_square * columns}; "
            f"got {people}"
        )
    thresholds = check_column(table, "table", "threshold", low=0, high=1)
    percent = np.round(100 * check_grid(thresholds, "table['threshold']"), 6)
    start = check_number(threshold, "threshold", low=float(thresholds[0]), high=thresholds[-1])
    if not np.any(np.isclose(thresholds, start)):
        raise ValueError(f"threshold must be one of table['threshold']; got {threshold!r}")

    counts = per_people(table, people)
    squares = pd.DataFrame({"pct": percent})
    for column in ("tp", "fp", "fn"):
        squares[f"{column}_sq"] = (counts[column].to_numpy() / per_square).round().astype(int)
    squares["alerts"] = counts["alerts"].to_numpy()
    for column in ("ppv", "fpr"):
        squares[column] = table[column].to_numpy(dtype=float)

    control = slider(
        "threshold",
        percent.tolist(),
        value=round(100 * start, 6),
        label="Flag scores of at least (%) ",
    )
    n_squares = people // per_square
    rows = n_squares // columns
    blocks = _icon_blocks(squares, n_squares, columns)
    x = alt.X("x:Q", axis=None, scale=alt.Scale(domain=[0, columns], nice=False, zero=True))
    y = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[0, rows], nice=False, reverse=True))
    # A run of squares of one outcome is drawn as at most three rectangles (the end of
    # a row, whole rows, the start of a row) and white lines cut them into squares: about
    # 100 shapes for 1,000 squares, so that a phone draws the page quickly.
    filled = (
        alt.Chart(blocks)
        .transform_filter(pick(control, "pct"))
        .mark_rect(opacity=1)
        .encode(
            x=x,
            x2="x2:Q",
            y=y,
            y2="y2:Q",
            color=alt.Color(
                "outcome:N",
                scale=colours.scale(OUTCOME_COLOURS),
                sort=list(OUTCOME_COLOURS),
                title=None,
                legend=alt.Legend(orient="right", symbolType="square"),
            ),
        )
    )
    lines = pd.DataFrame(
        [{"x": c, "x2": c, "y": 0, "y2": rows} for c in range(1, columns)]
        + [{"x": 0, "x2": columns, "y": r, "y2": r} for r in range(1, rows)]
    )
    gaps = (
        alt.Chart(lines)
        .mark_rule(color="white", strokeWidth=2)
        .encode(x=x, x2="x2:Q", y=y, y2="y2:Q")
    )
    waffle = alt.layer(filled, gaps).properties(width=columns * _SQUARE, height=rows * _SQUARE)
    summary = (
        alt.Chart(alt.sequence(0, 1, as_="i"))
        .transform_calculate(pct=control.name)
        .transform_lookup(
            lookup="pct", from_=alt.LookupData(squares, "pct", ["alerts", "ppv", "fpr"])
        )
        .transform_calculate(
            text=(
                "['Alerts: ' + format(datum.alerts, ',.0f') + "
                "' · right: ' + (isValid(datum.ppv) ? format(datum.ppv, '.0%') : '-'), "
                "'False-positive rate: ' + format(datum.fpr, '.0%')]"
            )
        )
        .mark_text(align="left", baseline="top", fontSize=14, fontWeight=600, lineHeight=18)
        .encode(text="text:N", x=alt.value(0), y=alt.value(0))
        .properties(width=columns * _SQUARE, height=36)
    )
    return (
        alt.vconcat(summary, waffle, spacing=4)
        .add_params(control)
        .properties(
            title=f"{people:,} people screened by the risk model",
            description=_icon_description(table, counts, start, people, per_square),
            usermeta={"policing_lab": {"keep_aspect": True}},
        )
    )


def _icon_blocks(squares: pd.DataFrame, n_squares: int, columns: int) -> pd.DataFrame:
    """Rectangles covering each outcome's run of squares, for every threshold.

    Squares are numbered row by row; the outcomes take consecutive runs in the order of
    :data:`OUTCOME_COLOURS`. A run from square ``a`` up to (not including) ``b`` is the
    end of ``a``'s row, the whole rows between, and the start of ``b``'s row.
    """
    records = []
    for row in squares.itertuples(index=False):
        ends = np.cumsum([row.tp_sq, row.fp_sq, row.fn_sq])
        bounds = [0, *np.minimum(ends, n_squares).tolist(), n_squares]
        for outcome, a, b in zip(OUTCOME_COLOURS, bounds[:-1], bounds[1:], strict=True):
            for x, x2, y, y2 in _run_rectangles(int(a), int(b), columns):
                records.append(
                    {"pct": row.pct, "outcome": outcome, "x": x, "x2": x2, "y": y, "y2": y2}
                )
    return pd.DataFrame.from_records(records, columns=["pct", "outcome", "x", "x2", "y", "y2"])


def _run_rectangles(a: int, b: int, columns: int) -> list[tuple[int, int, int, int]]:
    """At most three (x, x2, y, y2) rectangles, in square units, covering squares a..b-1."""
    if b <= a:
        return []
    first_row, last_row = a // columns, (b - 1) // columns
    if first_row == last_row:
        return [(a % columns, (b - 1) % columns + 1, first_row, first_row + 1)]
    rects = []
    top = first_row
    if a % columns:
        rects.append((a % columns, columns, first_row, first_row + 1))
        top += 1
    bottom = last_row + 1
    if b % columns:
        bottom = last_row
    if bottom > top:
        rects.append((0, columns, top, bottom))
    if b % columns:
        rects.append((0, b % columns, last_row, last_row + 1))
    return rects


def _icon_description(
    table: pd.DataFrame, counts: pd.DataFrame, start: float, people: int, per_square: int
) -> str:
    def at(i: int) -> str:
        alerts = counts["alerts"].iloc[i]
        if alerts == 0:
            return f"at {table['threshold'].iloc[i]:.0%} it raises no alerts"
        return (
            f"at {table['threshold'].iloc[i]:.0%} it raises {alerts:,.0f} alerts, "
            f"{_share(table['ppv'].iloc[i])} of them right, flags "
            f"{_share(table['fpr'].iloc[i])} of the people who do not reoffend and catches "
            f"{_share(table['tpr'].iloc[i])} of those who do"
        )

    first = int(np.argmin(np.abs(table["threshold"].to_numpy() - start)))
    lowest, highest = 0, len(table) - 1
    others = [i for i in (lowest, highest) if i != first]
    rest = "; ".join(at(i) for i in others)
    return (
        f"Icon array of {people:,} people, each square standing for {per_square}. Squares "
        "are coloured by outcome: true positives, false positives, false negatives and true "
        f"negatives. A slider sets the score threshold for flagging, from "
        f"{table['threshold'].iloc[lowest]:.0%} to {table['threshold'].iloc[highest]:.0%}. "
        f"Per {people:,} people, {at(first)}" + (f"; {rest}." if rest else ".") + " A line "
        "above gives the number of alerts, the share that are right and the false-positive "
        "rate."
    )


# --------------------------------------------------------------------------------------
# PPV against the base rate
# --------------------------------------------------------------------------------------
def _one_in(rate: float) -> str:
    return f"1 in {1 / rate:,.0f}"


def ppv_curves(
    accuracies: Sequence[float] = (0.9, 0.99, 0.999),
    *,
    low: float = 1e-5,
    high: float = 0.5,
    points: int = 120,
    marked: float = 1e-4,
) -> alt.LayerChart:
    """The share of alerts that are right (PPV) against the base rate, one line per accuracy.

    A system "``a`` accurate" flags a share ``a`` of its targets and ``1 - a`` of everyone
    else (:func:`policing_lab.screening.ppv`). The base rate runs on a logarithmic axis;
    hovering shows a point and its values on every line.

    Parameters
    ----------
    accuracies : sequence of float, default (0.9, 0.99, 0.999)
        One to eight distinct accuracies, each in (0.5, 1).
    low, high : float, default 1e-5 and 0.5
        The range of base rates, 0 < low < high <= 1.
    points : int, default 120
        Base rates drawn per line, evenly spaced on the log axis, from 10 to 1,000.
    marked : float, default 1e-4
        A base rate in [low, high] the description reads off every line.

    Returns
    -------
    altair.LayerChart

    Examples
    --------
    >>> chart = ppv_curves((0.9, 0.99))
    >>> "1 in 10,000" in chart.to_dict()["description"]
    True
    """
    grid = check_array(list(accuracies), "accuracies", low=0.5, high=1, low_open=True)
    if not 1 <= grid.size <= 8 or np.unique(grid).size != grid.size or np.any(grid >= 1):
        raise ValueError("accuracies must hold 1 to 8 distinct values, each in (0.5, 1)")
    high = check_number(high, "high", low=0, high=1, low_open=True)
    low = check_number(low, "low", low=0, high=high, low_open=True, high_open=True)
    points = check_int(points, "points", low=10, high=1_000)
    marked = check_number(marked, "marked", low=low, high=high)

    base_rates = np.logspace(np.log10(low), np.log10(high), points)
    labels = [f"{a:.1%} accurate" for a in grid]  # in (50%, 100%): sorted as text = by value
    curves = pd.concat(
        [
            pd.DataFrame({"base_rate": base_rates, "ppv": ppv(base_rates, a, 1 - a), "accuracy": t})
            for a, t in zip(grid, labels, strict=True)
        ],
        ignore_index=True,
    )
    hover = alt.selection_point(
        name="hover",
        fields=["base_rate"],
        nearest=True,
        on="pointerover",
        clear="pointerout",
        empty=False,
    )
    ticks = [v for v in (1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 0.5) if low <= v <= high]
    lines = (
        alt.Chart(curves)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=alt.X(
                "base_rate:Q",
                scale=alt.Scale(type="log"),
                title="Base rate (share of targets)",
                axis=alt.Axis(format="~%", values=ticks),
            ),
            y=alt.Y(
                "ppv:Q", title="Share of alerts that are right (PPV)", axis=alt.Axis(format="%")
            ),
            color=alt.Color("accuracy:N", title=None, legend=alt.Legend(orient="bottom")),
            strokeDash=alt.StrokeDash("accuracy:N", title=None),
        )
    )
    # Hover points on a thinner grid (about 30 per line): each point is a shape in the
    # page, and the lines keep their full resolution. A tap on a phone selects the same
    # point as a mouse; its values are written next to it, not only in a tooltip.
    step = max(1, points // 30)
    curves["hover_point"] = (curves.index % points) % step == 0
    sampled = "datum.hover_point"
    points_layer = (
        lines.mark_point(filled=True, size=70)
        .transform_filter(sampled)
        .encode(
            opacity=alt.condition(hover, alt.value(1), alt.value(0)),
            tooltip=[
                alt.Tooltip("accuracy:N"),
                alt.Tooltip("base_rate:Q", format=".3~%"),
                alt.Tooltip("ppv:Q", format=".1%"),
            ],
        )
        .add_params(hover)
    )
    readout = (
        alt.Chart(curves)
        .transform_filter(sampled)
        .transform_filter(hover)
        .transform_calculate(
            label="format(datum.ppv, '.1%') + ' at ' + format(datum.base_rate, '.3~%')"
        )
        .mark_text(align="right", dx=-8, dy=-8, fontSize=12, fontWeight=600, color="#333333")
        .encode(
            x="base_rate:Q",
            y="ppv:Q",
            text="label:N",
        )
    )
    at_marked = [_share(float(ppv(marked, a, 1 - a))) for a in grid]
    at_high = [_share(float(ppv(high, a, 1 - a))) for a in grid]
    names = _listing([f"{100 * a:g}%" for a in grid])
    description = (
        "Line chart of the share of alerts that are right against the base rate, on a "
        f"logarithmic axis from {_one_in(low)} to {_one_in(high)}, for systems {names} "
        f"accurate. At a base rate of {_one_in(marked)} they are right in "
        f"{_listing(at_marked)} of their alerts respectively; at {_one_in(high)}, in "
        f"{_listing(at_high)}."
    )
    return (lines + points_layer + readout).properties(
        width=460, height=280, title="Rare targets make most alerts false", description=description
    )


def _listing(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# --------------------------------------------------------------------------------------
# alerts by group
# --------------------------------------------------------------------------------------
def alerts_by_group(crowd: pd.DataFrame) -> alt.Chart:
    """Correct and false alerts of each group of a crowd, as stacked horizontal bars.

    Parameters
    ----------
    crowd : pandas.DataFrame
        The output of :func:`policing_lab.screening.crowd_screening` with at least two
        groups: the columns ``group``, ``crowd_share``, ``people``,
        ``false_match_ratio``, ``correct_alerts`` and ``false_alerts``. Its ``"total"`` row
        is left out of the bars and used for the axis title.

    Returns
    -------
    altair.Chart

    Examples
    --------
    >>> from policing_lab.screening import crowd_screening
    >>> crowd = crowd_screening(group_shares={"A": 0.8, "B": 0.2},
    ...                         false_match_ratio={"A": 1, "B": 10})
    >>> alerts_by_group(crowd).to_dict()["title"]
    'One group in five, most of the false alerts'
    """
    needed = ("group", "crowd_share", "people", "false_match_ratio", "correct_alerts")
    check_frame(crowd, "crowd", (*needed, "false_alerts"))
    groups = crowd[crowd["group"] != "total"].reset_index(drop=True)
    if len(groups) < 2:
        raise ValueError("crowd must have at least two groups besides the total row")
    for column in ("crowd_share", "people", "correct_alerts", "false_alerts"):
        check_column(groups, "crowd", column, low=0)
    false_total = float(groups["false_alerts"].sum())
    if false_total <= 0:
        raise ValueError("crowd must have at least one false alert to draw")

    long = groups.melt(
        id_vars="group",
        value_vars=["correct_alerts", "false_alerts"],
        var_name="kind",
        value_name="count",
    )
    long["kind"] = long["kind"].map(
        {"correct_alerts": "correct alerts", "false_alerts": "false alerts"}
    )
    long["count"] = long["count"].astype(float).round(2)
    people = float(groups["people"].sum())
    simulated = pd.api.types.is_integer_dtype(groups["people"])
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("group:N", title="Group"),
            x=alt.X(
                "count:Q",
                title=f"{'Alerts' if simulated else 'Expected alerts'} in a crowd of {people:,.0f}",
                stack="zero",
            ),
            color=alt.Color(
                "kind:N",
                title=None,
                sort=list(ALERT_COLOURS),
                scale=colours.scale(ALERT_COLOURS),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=["group:N", "kind:N", alt.Tooltip("count:Q", format=".0f")],
        )
    )
    title, description = _group_text(groups, people, false_total, simulated)
    return chart.properties(width=420, height=110, title=title, description=description)


def _group_text(
    groups: pd.DataFrame, people: float, false_total: float, simulated: bool
) -> tuple[str, str]:
    shares = groups["false_alerts"].to_numpy(dtype=float) / false_total
    # the group whose share of false alerts most exceeds its share of the crowd (ties: the
    # smallest group)
    crowd_shares = groups["crowd_share"].to_numpy(dtype=float)
    most = int(np.lexsort((crowd_shares, -np.round(shares - crowd_shares, 9)))[0])
    crowd_share = float(groups["crowd_share"].iloc[most])
    one_in = round(1 / crowd_share) if crowd_share > 0 else 0
    if one_in in _NUMBER_WORDS and abs(crowd_share * one_in - 1) < 1e-9:
        who = f"One group in {_NUMBER_WORDS[one_in]}"
    else:
        who = f"A group {crowd_share:.0%} of the crowd"
    what = "most" if shares[most] > 0.5 else f"{shares[most]:.0%}"
    parts = []
    for _, row in groups.iterrows():
        parts.append(
            f"group {row['group']} is {row['crowd_share']:.0%} of the crowd "
            f"({row['people']:,.0f} people, false-match ratio {row['false_match_ratio']:g}) "
            f"and receives {row['correct_alerts']:,.0f} correct and "
            f"{row['false_alerts']:,.0f} false alerts"
        )
    kind = "" if simulated else "expected "
    description = (
        f"Stacked bar chart of {kind}correct and false alerts for {len(groups)} groups in a "
        f"crowd of {people:,.0f}: " + "; ".join(parts) + ". Group "
        f"{groups['group'].iloc[most]} receives {shares[most]:.0%} of the false alerts."
    )
    return f"{who}, {what} of the false alerts", description
