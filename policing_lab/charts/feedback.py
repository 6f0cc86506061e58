"""Charts of chapter 4, "Feedback loops": the urn and the hot-spot loop in the city.

Each builder takes the simulated numbers it draws, checks them, and writes the chart's
text description from those same numbers, so that the text a screen reader announces
stays true when the simulation changes.

urn_explorer
    Runs of Ensign et al.'s urn, with a slider for the weight of discovered incidents and
    a switch for the surprise correction, next to the true share and the theoretical
    limit (data from :func:`policing_lab.feedback.urn_sweep`).
patrol_shares
    The share of patrols a hot-spot model sends to the group-B side, day after day, for
    one or more of its rules, next to the share of true offences there (data from
    :func:`policing_lab.feedback.summarise_loop`).
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from .._validation import check_column, check_frame, check_int
from . import colours
from .controls import check_grid, radio, slider

__all__ = ["urn_explorer", "patrol_shares", "RULE_LABELS"]

#: What each rule of the hot-spot model is called in :func:`patrol_shares`.
RULE_LABELS: dict[str, str] = {
    "recorded": "patrols, model counts all records",
    "reported": "patrols, model counts reports only",
    "weighted": "patrols, model weights records",
}
_RULE_PHRASES = {
    "recorded": "the model that counts all recorded incidents",
    "reported": "the model that counts only reported incidents",
    "weighted": "the model that weights each record by its chance of being recorded",
}
_RULE_COLOURS = {
    "recorded": colours.MODEL_ON_RECORDS,
    "reported": colours.MODEL_CORRECTED,
    "weighted": colours.MODEL_CORRECTED,
}
_RULE_DASHES = {"recorded": [1, 0], "reported": [6, 3], "weighted": [3, 2]}
_TRUE_LABEL = "true offences"
_SWEEP_COLUMNS = ("w_d", "corrected", "run", "draw", "share_a", "limit", "true_share")


def _relation(value: float, reference: float, tolerance: float = 0.005) -> str:
    if abs(value - reference) <= tolerance:
        return "on"
    return "above" if value > reference else "below"


# --------------------------------------------------------------------------------------
# the urn
# --------------------------------------------------------------------------------------
def urn_explorer(sweep: pd.DataFrame, *, w_d: float = 1.0, corrected: int = 0) -> alt.LayerChart:
    """Runs of the urn, with a weight slider and a correction switch that work on the page.

    Each line is one simulated run of the share of patrols sent to region A. A dashed
    line marks the true share, a dotted line the share where theory says the urn settles
    for the chosen weight and correction. The chart holds every weight and correction of
    ``sweep``; the controls pick the runs shown.

    Parameters
    ----------
    sweep : pandas.DataFrame
        The output of :func:`policing_lab.feedback.urn_sweep`: the columns ``w_d``,
        ``corrected``, ``run``, ``draw``, ``share_a``, ``limit`` and ``true_share``, with
        at least two evenly spaced weights, each run both without (``corrected`` 0) and
        with (1) the correction, one ``limit`` per weight and correction, one
        ``true_share``.
    w_d : float, default 1.0
        The slider's starting weight, one of the sweep's weights.
    corrected : {0, 1}, default 0
        The switch's starting position.

    Returns
    -------
    altair.LayerChart
        With the parameters ``w_d`` (slider) and ``corrected`` (radio buttons).

    Examples
    --------
    >>> from policing_lab.feedback import urn_sweep
    >>> sweep = urn_sweep(weights=[0.5, 1.0], n_draws=200, n_runs=2, seed=2)
    >>> [p["name"] for p in urn_explorer(sweep).to_dict()["params"]]
    ['w_d', 'corrected']
    """
    check_frame(sweep, "sweep", _SWEEP_COLUMNS)
    for column in ("w_d", "share_a", "true_share"):
        check_column(sweep, "sweep", column, low=0, high=1)
    weights = check_grid(np.unique(sweep["w_d"].to_numpy(dtype=float)), "sweep['w_d']")
    if set(np.unique(sweep["corrected"])) != {0, 1}:
        raise ValueError(
            "sweep['corrected'] must hold both 0 (without) and 1 (with the correction)"
        )
    if not np.any(np.isclose(weights, w_d)):
        raise ValueError(f"w_d must be one of the sweep's weights {weights.tolist()}; got {w_d!r}")
    if corrected not in (0, 1):
        raise ValueError(f"corrected must be 0 or 1; got {corrected!r}")
    truth = sweep["true_share"].to_numpy(dtype=float)
    if not np.allclose(truth, truth[0]):
        raise ValueError("sweep['true_share'] must be the same on every row (one pair of rates)")
    settings = sweep.groupby(["w_d", "corrected"])
    if (settings["limit"].nunique(dropna=False) > 1).any():
        raise ValueError("sweep['limit'] must be the same for every row of a weight and correction")

    true_share = float(truth[0])
    runs = sweep[["w_d", "corrected", "run", "draw", "share_a"]].round({"share_a": 4})
    limits = settings["limit"].first().reset_index()
    weight = slider(
        "w_d", weights.tolist(), value=float(w_d), label="Weight of discovered incidents "
    )
    switch = radio(
        "corrected",
        [0, 1],
        labels=["off", "on (update only on surprise)"],
        label="Correction: ",
        value=corrected,
    )
    keep = f"abs(datum.w_d - {weight.name}) < 1e-6 && datum.corrected == {switch.name}"
    lines = (
        alt.Chart(runs)
        .mark_line(strokeWidth=1.2, opacity=0.75)
        .encode(
            x=alt.X("draw:Q", title="Day"),
            y=alt.Y(
                "share_a:Q",
                title="Share of patrols sent to A",
                scale=alt.Scale(domain=[0.4, 1]),
                axis=alt.Axis(format="%"),
            ),
            detail="run:N",
            color=alt.value(colours.SIMULATION),
        )
        .transform_filter(keep)
    )
    limit_rule = (
        alt.Chart(limits.dropna())
        .mark_rule(color=colours.REFERENCE, strokeDash=[2, 3], strokeWidth=2)
        .encode(y="limit:Q")
        .transform_filter(keep)
    )
    truth_frame = pd.DataFrame({"share": [true_share], "text": ["true share of A"]})
    truth_line = (
        alt.Chart(truth_frame)
        .mark_rule(color=colours.TRUE_SHARE, strokeDash=[6, 4], strokeWidth=2)
        .encode(y="share:Q")
    )
    truth_label = (
        alt.Chart(truth_frame)
        .mark_text(align="left", dx=4, dy=12, color=colours.TRUE_SHARE, fontWeight="bold")
        .encode(y="share:Q", x=alt.value(0), text="text:N")
    )
    return (
        (lines + limit_rule + truth_line + truth_label)
        .add_params(weight, switch)
        .properties(
            width=460,
            height=260,
            title="Where the patrols go, day after day",
            description=_urn_description(sweep, weights, true_share),
        )
    )


def _urn_description(sweep: pd.DataFrame, weights: np.ndarray, true_share: float) -> str:
    last = sweep[sweep["draw"] == sweep["draw"].max()]
    final = last.groupby(["w_d", "corrected"])["share_a"].mean()
    limit = sweep.groupby(["w_d", "corrected"])["limit"].first()
    top, bottom = float(weights[-1]), float(weights[0])
    n_runs = sweep.groupby(["w_d", "corrected"])["run"].nunique().max()

    def setting(w: float, c: int) -> tuple[float, float]:
        key = (float(weights[np.argmin(np.abs(weights - w))]), c)
        return float(final[key]), float(limit[key])

    top_final, top_limit = setting(top, 0)
    bottom_final, bottom_limit = setting(bottom, 0)
    fixed_final, _ = setting(top, 1)
    top_text = f"the runs end on average at {top_final:.0%}" + (
        f", on their way to the limit of {top_limit:.0%}" if np.isfinite(top_limit) else ""
    )
    return (
        f"Line chart of the share of patrols sent to region A over "
        f"{int(sweep['draw'].max()):,} days for {n_runs} simulated runs, with a dashed line "
        f"at the true share ({true_share:.1%}) and a dotted line at the theoretical limit. A "
        f"slider sets the weight of discovered incidents (from {bottom:g} to {top:g}) and "
        f"radio buttons switch the correction. With weight {top:g}, {top_text}; with weight "
        f"{bottom:g} the limit is {bottom_limit:.1%}, "
        f"{_relation(bottom_limit, true_share)} the true share, and the runs end at "
        f"{bottom_final:.1%}; with the correction (weight {top:g}) the runs end at "
        f"{fixed_final:.1%}, "
        f"{_relation(fixed_final, true_share)} the true share."
    )


# --------------------------------------------------------------------------------------
# the hot-spot loop
# --------------------------------------------------------------------------------------
def patrol_shares(
    summaries: Mapping[str, pd.DataFrame], *, smooth: int = 30, every: int = 3
) -> alt.Chart:
    """Share of patrols on the group-B side, day after day, for each rule of the model.

    One line per rule (a 30-day running mean of the daily share of patrols) and one for
    the share of true offences on the group-B side, which does not depend on the rule.

    Parameters
    ----------
    summaries : mapping of str to pandas.DataFrame
        Rule name (``"recorded"``, ``"reported"`` or ``"weighted"``, see
        :data:`policing_lab.feedback.LOOP_RULES`) -> the output of
        :func:`policing_lab.feedback.summarise_loop` for a loop run with that rule. All
        must come from the same true world (same city, days and seed): their
        ``true_share_b`` columns must be equal.
    smooth : int, default 30
        Days of the running mean, from 1 to 365.
    every : int, default 3
        Draw every this many days, from 1 to 30 (the page stays light).

    Returns
    -------
    altair.Chart

    Examples
    --------
    >>> from policing_lab.city import make_city
    >>> from policing_lab.feedback import run_hotspot_loop, summarise_loop
    >>> city = make_city(n_rows=3, n_cols=3, seed=1)
    >>> summaries = {rule: summarise_loop(run_hotspot_loop(city, days=30, n_flagged=2,
    ...                                                     rule=rule, seed=2))
    ...              for rule in ("recorded", "reported")}
    >>> patrol_shares(summaries).to_dict()["title"]
    'A model fed its own records keeps the old bias'
    """
    if not isinstance(summaries, Mapping) or not summaries:
        raise ValueError("summaries must be a non-empty mapping of rule -> summarise_loop frame")
    unknown = [rule for rule in summaries if rule not in RULE_LABELS]
    if unknown:
        raise ValueError(
            f"summaries must be keyed by rules {', '.join(RULE_LABELS)}; got {unknown}"
        )
    smooth = check_int(smooth, "smooth", low=1, high=365)
    every = check_int(every, "every", low=1, high=30)
    frames = {}
    for rule, summary in summaries.items():
        name = f"summaries[{rule!r}]"
        check_frame(summary, name, ("day", "patrol_share_b", "true_share_b"))
        for column in ("patrol_share_b", "true_share_b"):
            check_column(summary, name, column, low=0, high=1)
        frames[rule] = summary
    first = next(iter(frames.values()))
    for rule, summary in frames.items():
        if not summary["day"].equals(first["day"]) or not np.allclose(
            summary["true_share_b"], first["true_share_b"]
        ):
            raise ValueError(
                "summaries must come from the same true world (same city, days and seed); "
                f"summaries[{rule!r}] has other days or other true offences"
            )

    def running(values: pd.Series) -> pd.Series:
        return values.rolling(smooth, min_periods=1).mean()

    order = [RULE_LABELS[rule] for rule in frames] + [_TRUE_LABEL]
    series = pd.concat(
        [
            pd.DataFrame(
                {"day": s["day"], "share": running(s["patrol_share_b"]), "series": RULE_LABELS[r]}
            )
            for r, s in frames.items()
        ]
        + [
            pd.DataFrame(
                {
                    "day": first["day"],
                    "share": running(first["true_share_b"]),
                    "series": _TRUE_LABEL,
                }
            )
        ],
        ignore_index=True,
    )
    series = series[series["day"] % every == 0].round({"share": 4})
    colour_range = [_RULE_COLOURS[rule] for rule in frames] + [colours.NEUTRAL]
    dash_range = [_RULE_DASHES[rule] for rule in frames] + [[2, 2]]
    top = min(1.0, max(0.7, np.ceil(10 * (float(series["share"].max()) + 0.05)) / 10))
    chart = (
        alt.Chart(series)
        .mark_line(strokeWidth=2.4)
        .encode(
            x=alt.X("day:Q", title="Day"),
            y=alt.Y(
                "share:Q",
                title=f"Share on the group-B side ({smooth}-day average)",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, top]),
            ),
            color=alt.Color(
                "series:N",
                title=None,
                sort=order,
                legend=alt.Legend(orient="bottom", columns=1),
                scale=alt.Scale(domain=order, range=colour_range),
            ),
            strokeDash=alt.StrokeDash(
                "series:N", sort=order, title=None, scale=alt.Scale(domain=order, range=dash_range)
            ),
        )
    )
    true_mean = float(first["true_share_b"].mean())
    parts = [
        f"{_RULE_PHRASES[rule]} sends {float(s['patrol_share_b'].mean()):.0%} of all patrols there"
        for rule, s in frames.items()
    ]
    n_models = {1: "one hot-spot model", 2: "two hot-spot models"}.get(
        len(frames), f"{len(frames)} hot-spot models"
    )
    description = (
        f"Line chart over {len(first):,} simulated days of the share of patrols sent to the "
        f"group-B side of town under {n_models}, and of the share of true offences there "
        f"(on average {true_mean:.0%}). Over those days, " + "; ".join(parts) + "."
    )
    return chart.properties(
        width=460,
        height=260,
        title="A model fed its own records keeps the old bias",
        description=description,
    )
