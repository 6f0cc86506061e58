"""Chapter 5's chart builders: the Vega-Lite specs they write and the text they describe.

Expected numbers are counted here from the real COMPAS count table itself (people with a
decile at or above a threshold, with and without a recorded re-arrest), not read from
:mod:`policing_lab.fairness` or from the builders.
"""

from __future__ import annotations

import copy
import json
import re
import time

import numpy as np
import pandas as pd
import pytest
from chart_specs import datasets, rendered

from policing_lab import fairness
from policing_lab.charts import _prerender as P
from policing_lab.charts import colours
from policing_lab.charts import fairness as CF
from policing_lab.datasets import load_compas_counts

pytestmark = pytest.mark.usefixtures("course_charts")  # tests/conftest.py

AA, CC = "African-American", "Caucasian"
DECILES = np.arange(1, 12)  # 11 flags nobody


@pytest.fixture(scope="module")
def compas() -> pd.DataFrame:
    frame = load_compas_counts()
    return frame[frame["race"].isin([AA, CC])].reset_index(drop=True)


@pytest.fixture(scope="module")
def table(compas) -> pd.DataFrame:
    return fairness.group_threshold_table(
        compas["rearrested_within_two_years"],
        compas["decile_score"],
        compas["race"],
        DECILES,
        sample_weight=compas["people"],
    )


@pytest.fixture(scope="module")
def calibration(compas) -> pd.DataFrame:
    return fairness.calibration_by_group(
        compas["rearrested_within_two_years"],
        compas["decile_score"],
        compas["race"],
        sample_weight=compas["people"],
    )


@pytest.fixture(scope="module")
def grid(table) -> pd.DataFrame:
    return fairness.two_threshold_grid(table, groups=(AA, CC))


def hand(compas: pd.DataFrame, race: str, threshold: float) -> dict[str, float]:
    """Counts and rates of one group at one threshold, summed from the count table."""
    rows = compas[compas["race"] == race]
    flagged = rows["decile_score"] >= threshold
    arrested = rows["rearrested_within_two_years"] == 1
    people = rows["people"]
    c = {
        "tp": people[flagged & arrested].sum(),
        "fp": people[flagged & ~arrested].sum(),
        "fn": people[~flagged & arrested].sum(),
        "tn": people[~flagged & ~arrested].sum(),
    }
    c["positives"], c["negatives"] = c["tp"] + c["fn"], c["fp"] + c["tn"]
    c["flagged"], c["people"] = c["tp"] + c["fp"], people.sum()
    c["fpr"], c["fnr"] = c["fp"] / c["negatives"], c["fn"] / c["positives"]
    c["ppv"] = c["tp"] / c["flagged"] if c["flagged"] else np.nan
    c["selection_rate"] = c["flagged"] / c["people"]
    c["accuracy"] = (c["tp"] + c["tn"]) / c["people"]
    return c


def svg_texts(spec: dict) -> list[str]:
    """The text elements of the chart as vl-convert draws it (no browser)."""
    import vl_convert as vlc

    svg = vlc.vegalite_to_svg(spec, vl_version=P.VL_VERSION)
    # each line of a text mark is a <tspan> of its own
    return [t for t in re.findall(r"<(?:text|tspan)[^>]*>([^<]+)<", svg) if t.strip()]


def at_position(spec: dict, **values: float) -> dict:
    """The spec with its slider parameters moved to ``values``."""
    moved = copy.deepcopy(spec)
    for param in moved["params"]:
        if param["name"] in values:
            param["value"] = values[param["name"]]
    return moved


# --------------------------------------------------------------------------------------
# error rates by group: ProPublica's side
# --------------------------------------------------------------------------------------
def test_error_rates_spec_bars_labels_and_palette(table):
    spec = rendered(CF.error_rates_by_group(table, 5))
    assert spec["title"] == "Error rates by group when a score of 5 or more is flagged"
    with_ppv = rendered(CF.error_rates_by_group(table, 5, ppv=True))
    assert with_ppv["title"] == "Error rates and PPV by group when a score of 5 or more is flagged"
    headings, bars, labels = spec["layer"]
    assert bars["mark"]["type"] == "bar" and labels["mark"]["type"] == "text"
    assert headings["mark"]["type"] == "text" and labels["encoding"]["text"]["field"] == "label"
    scale = bars["encoding"]["color"]["scale"]
    assert scale["domain"] == [AA, CC]
    assert scale["range"] == list(colours.COMPARED_GROUPS[:2])
    assert set(scale["range"]) <= set(colours.OKABE_ITO)
    assert bars["encoding"]["x"]["scale"]["domain"] == [0, 1]
    (heads, data) = sorted(datasets(spec), key=len)
    assert heads["measure"].tolist() == ["False positive rate", "False negative rate"]
    assert len(data) == 4 and set(data["group"]) == {AA, CC}
    with_ppv = CF.error_rates_by_group(table, 5, ppv=True).to_dict()
    assert max(len(d) for d in datasets(with_ppv)) == 6
    assert "PPV" in with_ppv["description"] and "PPV" not in spec["description"]


def test_error_rates_description_states_propublicas_numbers(compas, table):
    description = CF.error_rates_by_group(table, 5, ppv=True).to_dict()["description"]
    a, c = hand(compas, AA, 5), hand(compas, CC, 5)
    # the datasheet's FPRs (data/README.md): 0.4234 and 0.2201
    assert round(a["fpr"], 4) == 0.4234 and round(c["fpr"], 4) == 0.2201
    for group, counts in ((AA, a), (CC, c)):
        assert (
            f"{group} {counts['fpr']:.1%} ({counts['fp']:,} of {counts['negatives']:,})"
            in description
        )
        assert (
            f"{group} {counts['fnr']:.1%} ({counts['fn']:,} of {counts['positives']:,})"
            in description
        )
        assert (
            f"{group} {counts['ppv']:.1%} ({counts['tp']:,} of {counts['flagged']:,})"
            in description
        )
    assert "42.3% (641 of 1,514)" in description and "22.0% (282 of 1,281)" in description
    gap = 100 * (a["fpr"] - c["fpr"])
    assert f"It is highest for {AA}, {gap:.1f} percentage points above {CC}" in description
    gap = 100 * (c["fnr"] - a["fnr"])
    assert f"It is highest for {CC}, {gap:.1f} percentage points above {AA}" in description
    assert "not re-arrested who were flagged" in description
    assert "reoffend" not in description


def test_error_rates_numbers_table_and_other_thresholds(compas, table):
    chart = CF.error_rates_by_group(table, 8, groups=[CC, AA])
    spec = chart.to_dict()
    numbers = spec["usermeta"]["policing_lab"]["table"]
    assert numbers["header"] == ["Group", "False positive rate", "False negative rate"]
    c = hand(compas, CC, 8)
    assert numbers["rows"][0][0] == CC  # the order asked for
    assert numbers["rows"][0][1] == f"{c['fpr']:.1%} ({c['fp']:,} of {c['negatives']:,})"
    assert spec["layer"][1]["encoding"]["color"]["scale"]["domain"] == [CC, AA]
    assert spec["title"].startswith("Error rates by group when a score of 8 or more")


def test_error_rates_of_a_threshold_flagging_nobody_say_ppv_is_undefined(table):
    description = CF.error_rates_by_group(table, 11, ppv=True).to_dict()["description"]
    assert f"{AA} 0.0% (0 of 1,514)" in description  # nobody flagged: FPR 0
    assert f"{AA} undefined (0 of 0)" in description


@pytest.mark.parametrize(
    ("change", "kwargs", "match"),
    [
        (lambda t: "table", {}, "table must be a pandas DataFrame"),
        (lambda t: t.drop(columns="fpr"), {}, "table must have the columns.*missing fpr"),
        (
            lambda t: t,
            {"threshold": 4.5},
            r"threshold must be one of the table's thresholds \(1, 2",
        ),
        (lambda t: t, {"threshold": "5"}, "threshold must be a number"),
        (lambda t: t, {"groups": ["Hispanic"]}, "groups must be a group of table"),
        (lambda t: t, {"groups": "Caucasian"}, "groups must be a list"),
        (lambda t: t, {"groups": [AA, AA]}, "groups must not repeat"),
        (lambda t: t, {"ppv": "yes"}, "ppv must be True or False"),
        (lambda t: t, {"outcome": " "}, "outcome must be a non-empty string"),
        (lambda t: pd.concat([t, t]), {}, "one row for group"),
    ],
)
def test_error_rates_reject_bad_input(table, change, kwargs, match):
    arguments = {"threshold": 5, **kwargs}
    with pytest.raises(ValueError, match=match):
        CF.error_rates_by_group(change(table), **arguments)


# --------------------------------------------------------------------------------------
# calibration: the vendor's side
# --------------------------------------------------------------------------------------
def test_calibration_spec_lines_points_tooltips(calibration):
    spec = rendered(CF.calibration_chart(calibration, score_label="COMPAS decile score"))
    assert spec["title"] == "Share re-arrested at each score, by group"
    assert spec["mark"]["type"] == "line" and spec["mark"]["point"]["filled"] is True
    encoding = spec["encoding"]
    assert encoding["y"]["title"] == "Share re-arrested"  # a recorded event
    assert encoding["x"]["title"] == "COMPAS decile score"
    assert encoding["x"]["axis"]["values"] == list(range(1, 11))
    assert encoding["color"]["scale"]["range"] == list(colours.COMPARED_GROUPS[:2])
    assert encoding["strokeDash"]["scale"]["domain"] == [AA, CC]  # not colour alone
    tooltips = {t["field"] for t in encoding["tooltip"]}
    assert {"group", "score", "people", "positives", "rate"} <= tooltips
    (data,) = datasets(spec)
    assert len(data) == 20 and data.groupby("group").size().tolist() == [10, 10]
    assert "reoffend" not in json.dumps(spec).lower()
    table = spec["usermeta"]["policing_lab"]["table"]
    assert len(table["rows"]) == 20 and table["header"][-1] == "Share re-arrested"


def test_calibration_description_states_computed_facts(compas, calibration):
    description = CF.calibration_chart(calibration).to_dict()["description"]
    shares = {}
    for race in (AA, CC):
        rows = compas[compas["race"] == race]
        per = rows.groupby("decile_score").apply(
            lambda r: (
                r.loc[r["rearrested_within_two_years"] == 1, "people"].sum() / r["people"].sum()
            ),
            include_groups=False,
        )
        shares[race] = per
        people = rows["people"].sum()
        assert (
            f"{race} ({people:,} people): {per[1]:.1%} at score 1 and {per[10]:.1%} at score 10"
            in description
        )
    # the Caucasian shares at deciles 8 to 10 are 0.75, 0.71, 0.70: not strictly rising
    assert [round(shares[CC][d], 2) for d in (8, 9, 10)] == [0.75, 0.71, 0.70]
    assert f"lower than at the score before for {CC} at scores 9 and 10" in description
    assert "rises from each score" not in description and "monoton" not in description
    gaps = (shares[AA] - shares[CC]).abs()
    worst = int(gaps.idxmax())
    assert (
        f"The largest gap between groups at any one score is {100 * gaps.max():.1f} "
        f"percentage points, at score {worst}" in description
    )
    assert worst == 10 and "13.7 percentage points" in description


def test_calibration_of_rising_lines_says_so_and_skips_empty_bins():
    frame = fairness.calibration_by_group(
        [0, 1, 1, 0, 0, 1, 1, 1], [1, 1, 2, 1, 1, 2, 3, 3], list("AAAABBBB"), bins=[1, 2, 3, 4]
    )
    assert (frame["people"] == 0).any()  # A has nobody at score 3
    spec = CF.calibration_chart(frame, outcome="reoffended").to_dict()
    (data,) = datasets(spec)
    assert len(data) == 5 and "Share reoffended" == spec["encoding"]["y"]["title"]
    assert "Every line rises from each score to the next." in spec["description"]
    # score bins drawn at their middle
    assert sorted(data["score"].unique()) == [1.5, 2.5, 3.5]


@pytest.mark.parametrize(
    ("change", "kwargs", "match"),
    [
        (lambda t: t.drop(columns="positives"), {}, "calibration must have the columns"),
        (lambda t: t.assign(outcome_rate=0.5), {}, "outcome_rate'\\] must be positives / people"),
        (lambda t: t.assign(people=-1), {}, "calibration\\['people'\\]"),
        (lambda t: t.assign(people=0, positives=0), {}, "at least one bin with people"),
        (lambda t: t, {"groups": ["Other"]}, "groups must be a group of calibration"),
        (lambda t: t, {"score_label": ""}, "score_label must be a non-empty string"),
        (lambda t: t, {"outcome": None}, "outcome must be a non-empty string"),
    ],
)
def test_calibration_rejects_bad_input(calibration, change, kwargs, match):
    with pytest.raises(ValueError, match=match):
        CF.calibration_chart(change(calibration), **kwargs)


# --------------------------------------------------------------------------------------
# two thresholds: which criteria hold
# --------------------------------------------------------------------------------------
def figure(grid, **kwargs):
    return CF.two_threshold_figure(grid, groups=(AA, CC), threshold_a=5, threshold_b=5, **kwargs)


def test_two_threshold_sliders_and_filters(grid):
    spec = rendered(figure(grid))
    a, b = spec["params"]
    for param, group in ((a, AA), (b, CC)):
        assert param["value"] == 5 and param["bind"]["input"] == "range"
        assert (param["bind"]["min"], param["bind"]["max"], param["bind"]["step"]) == (1, 11, 1)
        assert param["bind"]["name"].startswith(group)
    assert [a["name"], b["name"]] == ["threshold_a", "threshold_b"]
    text = json.dumps(spec)
    # every panel picks its rows with both sliders (no kernel)
    assert text.count("abs(datum.ta - threshold_a) < 1e-6 && abs(datum.tb - threshold_b)") == 3
    assert text.count("(datum.side == 'a' && abs(datum.t - threshold_a) < 1e-6)") == 2
    summary, panels = spec["vconcat"]
    rates, checks = panels["hconcat"]
    colour = rates["layer"][1]["encoding"]["color"]["scale"]
    assert colour["domain"] == [AA, CC] and colour["range"] == list(colours.COMPARED_GROUPS[:2])
    assert checks["title"]["text"] == "Which criteria hold (rates within 2 points)?"


def test_two_threshold_data_are_small_and_have_one_row_per_position(grid):
    spec = figure(grid).to_dict()
    size = len(json.dumps(spec["datasets"], separators=(",", ":")).encode("utf-8"))
    assert size < 20_000, size
    frames = datasets(spec)
    (pairs,) = [f for f in frames if "ta" in f]
    (rates,) = [f for f in frames if "side" in f]
    assert len(pairs) == 121 and not pairs.duplicated(["ta", "tb"]).any()
    assert len(rates) == 22 and not rates.duplicated(["side", "t"]).any()
    # each slider position picks exactly one row: the grid's, with the grid's flags
    for row in grid.itertuples():
        match = pairs[(pairs["ta"] == row.threshold_a) & (pairs["tb"] == row.threshold_b)]
        assert len(match) == 1
        assert match["ef"].iloc[0] == int(row.equal_fpr)
        assert match["ep"].iloc[0] == int(row.equal_ppv)


def test_two_threshold_figure_draws_the_chosen_pair_without_a_browser(compas, grid):
    spec = figure(grid).to_dict()
    # (4, 4): Caucasian selection rate 939 / 2,103 = 44.6505%, shown 44.7% only if the
    # figure keeps six digits of each rate (0.44650499...: four or five give 0.4465,
    # drawn as 44.6%)
    for ta, tb in ((5, 5), (8, 3), (2, 11), (4, 4)):
        texts = svg_texts(at_position(spec, threshold_a=ta, threshold_b=tb))
        a, c = hand(compas, AA, ta), hand(compas, CC, tb)
        for measure in ("selection_rate", "fpr", "fnr"):
            assert f"{a[measure]:.1%}" in texts and f"{c[measure]:.1%}" in texts
        assert (f"{c['ppv']:.1%}" if c["flagged"] else "undefined") in texts
        gap = abs(a["fpr"] - c["fpr"])
        verdict = "yes" if gap <= fairness.DEFAULT_TOLERANCE else "no"
        assert f"{verdict}, gap {100 * gap:.1f} pts" in texts
        accuracy = (a["tp"] + a["tn"] + c["tp"] + c["tn"]) / (a["people"] + c["people"])
        assert f"Accuracy: {accuracy:.1%}" in texts


def test_two_threshold_description_true_for_every_position(compas, grid):
    description = figure(grid).to_dict()["description"]
    a, c = hand(compas, AA, 5), hand(compas, CC, 5)
    assert "each from 1 to 11 (at 11 nobody is flagged);" in description
    assert "rates that differ by at most 2 percentage points count as equal" in description
    assert (
        f"At the start, threshold 5 for {AA} and 5 for {CC}, none of the four criteria holds"
        in description
    )
    assert f"false positive rate {a['fpr']:.1%} and {c['fpr']:.1%}" in description
    assert f"PPV {a['ppv']:.1%} and {c['ppv']:.1%}" in description
    # counted here over all 121 pairs from the hand-made rates
    rates = {(race, t): hand(compas, race, t) for race in (AA, CC) for t in DECILES}
    counts = dict.fromkeys(fairness.CRITERIA, 0)
    together = 0
    best = 0.0
    for ta in DECILES:
        for tb in DECILES:
            ra, rb = rates[AA, ta], rates[CC, tb]
            holds = {}
            for criterion in fairness.CRITERIA:
                gap = abs(ra[criterion] - rb[criterion])
                holds[criterion] = bool(gap <= 0.02 + 1e-12)  # NaN: False
                counts[criterion] += holds[criterion]
            together += holds["fpr"] and holds["fnr"] and holds["ppv"]
            total = ra["tp"] + ra["tn"] + rb["tp"] + rb["tn"]
            best = max(best, total / (ra["people"] + rb["people"]))
    assert together == 0
    assert "no pair has equal false positive rates, false negative rates and PPV together" in (
        description
    )
    assert (
        f"equal selection rate holds for {counts['selection_rate']}, equal false positive "
        f"rate for "
        f"{counts['fpr']}, equal false negative rate for {counts['fnr']} and equal PPV for "
        f"{counts['ppv']}" in description
    )
    assert f"below the most accurate pair ({best:.1%}" in description
    # only the "At the start" part depends on the sliders' starting position
    other = CF.two_threshold_figure(grid, groups=(AA, CC), threshold_a=8, threshold_b=3)
    general = description.split(" At the start")[0]
    assert other.to_dict()["description"].split(" At the start")[0] == general


def test_two_threshold_description_names_pairs_that_meet_three_criteria():
    # equal base rates: the same rule for both groups meets every criterion
    table = fairness.group_threshold_table(
        [1, 0, 1, 0, 1, 0, 1, 0], [3, 1, 2, 2, 3, 1, 2, 2], list("AAAABBBB"), [1, 2, 3]
    )
    grid = fairness.two_threshold_grid(table)
    together = fairness.rules_satisfying(grid)
    assert not together.empty
    description = CF.two_threshold_figure(grid, groups=("A", "B")).to_dict()["description"]
    assert f"{len(together)} pairs have equal false positive rates" in description
    assert "At the start, threshold 2 for A and 2 for B" in description  # the middle


def _bad_grids(grid):
    yield "grid", {}, "grid must be a pandas DataFrame"
    yield grid.drop(columns="gap_ppv"), {}, "grid must have the columns"
    yield grid.iloc[:-1], {}, "every pair of its thresholds exactly once"
    yield grid[grid["threshold_a"] != 6], {}, "evenly spaced"
    yield grid, {"tolerance": 0.1}, "tolerance must be the tolerance the grid was computed with"
    yield grid, {"groups": (AA,)}, "groups must be a pair"
    yield grid, {"groups": (AA, AA)}, "two different groups"
    yield grid, {"groups": (AA, "")}, "every name of groups must be a non-empty string"
    yield grid, {"threshold_a": 5.5}, r"threshold_a must be one of the grid's thresholds"
    yield grid, {"threshold_b": 12}, r"threshold_b must be a number in \[1.0, 11.0\]"
    yield grid, {"score_label": 3}, "score_label must be a non-empty string"
    yield grid.assign(fpr_a=np.linspace(0, 1, len(grid))), {}, "depend only on threshold_a"


@pytest.mark.parametrize("case", range(12))
def test_two_threshold_figure_rejects_bad_input(grid, case):
    frame, kwargs, match = list(_bad_grids(grid))[case]
    arguments = {"groups": (AA, CC), **kwargs}
    with pytest.raises(ValueError, match=match):
        CF.two_threshold_figure(frame, **arguments)


# --------------------------------------------------------------------------------------
# drawn at build time: wide and narrow layouts, controls, speed
# --------------------------------------------------------------------------------------
def test_every_chart_prerenders_wide_and_narrow_quickly(table, calibration, grid):
    built = {
        "errors": CF.error_rates_by_group(table, 5, ppv=True),
        "calibration": CF.calibration_chart(calibration, score_label="COMPAS decile score"),
        "two": figure(grid),
    }
    for name, chart in built.items():
        spec = chart.to_dict()
        start = time.perf_counter()
        html = P.prerender(spec, f"pl-chart-{name}-1")
        seconds = time.perf_counter() - start
        assert seconds < 5, (name, seconds)
        layouts = re.findall(r'class="pl-chart__view pl-chart__view--(\w+)"', html)
        assert layouts == ["wide", "narrow"], name
        wide, narrow = [P.svg_size(svg) for svg in re.findall(r"<svg[^>]*>", html)]
        assert wide[0] > P.NARROW_LIMIT and narrow[0] <= P.NARROW_LIMIT, (name, wide, narrow)
        assert f'<p id="pl-chart-{name}-1-about">' in html
        assert "reoffend" not in html


def test_two_threshold_sliders_are_keyboard_operable_form_controls(grid):
    html = P.prerender(figure(grid).to_dict(), "pl-chart-tt-1")
    sliders = re.findall(r'<input type="range"[^>]*>', html)
    assert len(sliders) == 2  # native range inputs: arrow keys move them
    for control, name in zip(sliders, ("threshold_a", "threshold_b"), strict=True):
        for attribute in (f'name="{name}"', 'min="1', 'max="11', 'step="1', 'value="5'):
            assert attribute in control
        control_id = re.search(r'id="([^"]+)"', control).group(1)
        assert f'<label for="{control_id}">' in html  # an accessible name each
    assert f'<label for="pl-chart-tt-1-threshold_a">{AA}: flag a score of at least</label>' in (
        html
    )
    signals = json.loads(re.search(r"data-signals='([^']*)'", html).group(1).replace("&quot;", '"'))
    assert signals == {"threshold_a": {"type": "range"}, "threshold_b": {"type": "range"}}
    # the two layouts share one copy of the pairs' data
    (shared,) = [json.loads(s) for s in re.findall(r'class="pl-chart__data">(.*?)</script>', html)]
    assert any(len(values) == 121 for values in shared.values())


def test_real_groups_do_not_borrow_the_toys_colours():
    """African-American and Caucasian must not look like group A or B, or like 'the truth'."""
    first_two = set(colours.COMPARED_GROUPS[:2])
    taken = {colours.GROUP_A, colours.GROUP_B, colours.TRUE, colours.RECORDED}
    assert not first_two & taken
    assert len(set(colours.COMPARED_GROUPS)) == len(colours.COMPARED_GROUPS)
