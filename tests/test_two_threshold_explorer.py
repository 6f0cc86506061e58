"""The two-threshold figure's live twin: the same static chart, and a pair redrawn live.

Expected numbers come from the COMPAS count table itself (people at or above a decile,
with and without a recorded re-arrest, summed here) and from
:func:`policing_lab.fairness.criteria_check`, never from the explorer.
"""

from __future__ import annotations

import json
import re

import ipywidgets as widgets
import numpy as np
import pandas as pd
import pytest
from chart_specs import datasets, rendered

from policing_lab import charts, fairness
from policing_lab.charts import fairness as CF
from policing_lab.datasets import load_compas_counts
from policing_lab.widgets import LiveFigure

pytestmark = pytest.mark.usefixtures("course_charts")  # tests/conftest.py

AA, CC = "African-American", "Caucasian"
DECILES = np.arange(1, 11)


@pytest.fixture(scope="module")
def compas() -> pd.DataFrame:
    return load_compas_counts()


@pytest.fixture(scope="module")
def table(compas) -> pd.DataFrame:
    """Every group of the COMPAS table (six), so that ``groups`` has to choose."""
    return fairness.group_threshold_table(
        compas["rearrested_within_two_years"],
        compas["decile_score"],
        compas["race"],
        DECILES,
        sample_weight=compas["people"],
    )


def hand(compas: pd.DataFrame, race: str, threshold: float) -> dict[str, float]:
    """Counts and rates of one group at one threshold, summed from the count table."""
    rows = compas[compas["race"] == race]
    flagged = rows["decile_score"] >= threshold
    arrested = rows["rearrested_within_two_years"] == 1
    people = rows["people"]
    tp = people[flagged & arrested].sum()
    fp = people[flagged & ~arrested].sum()
    fn = people[~flagged & arrested].sum()
    tn = people[~flagged & ~arrested].sum()
    return {
        "selection_rate": (tp + fp) / people.sum(),
        "fpr": fp / (fp + tn),
        "fnr": fn / (tp + fn),
        "ppv": tp / (tp + fp) if tp + fp else np.nan,
        "counts": {"fp": fp, "negatives": fp + tn, "fn": fn, "positives": tp + fn},
    }


def explorer(table, **kwargs) -> LiveFigure:
    return CF.two_threshold_explorer(table, groups=(AA, CC), **kwargs)


def sliders(figure: LiveFigure) -> list[widgets.FloatSlider]:
    return [c for c in figure.live.children if isinstance(c, widgets.FloatSlider)]


def same_json(a: dict, b: dict) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


# --------------------------------------------------------------------------------------
# the static chart
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"threshold_a": 8, "threshold_b": 3},
        {"tolerance": 0.05, "score_label": "decile", "threshold_b": 10},
    ],
)
def test_static_is_two_threshold_figure_of_the_same_grid(table, kwargs):
    figure = explorer(table, **kwargs)
    tolerance = kwargs.get("tolerance", fairness.DEFAULT_TOLERANCE)
    grid = fairness.two_threshold_grid(table, groups=(AA, CC), tolerance=tolerance)
    direct = CF.two_threshold_figure(grid, groups=(AA, CC), **kwargs)
    assert same_json(figure.static.to_dict(), direct.to_dict())
    assert isinstance(figure, LiveFigure)


def test_static_uses_the_names_and_the_order_of_groups(table):
    figure = CF.two_threshold_explorer(table, groups=(CC, AA), names=("White", "Black"))
    grid = fairness.two_threshold_grid(table, groups=(CC, AA))
    direct = CF.two_threshold_figure(grid, groups=("White", "Black"))
    assert same_json(figure.static.to_dict(), direct.to_dict())
    a, b = figure.static.to_dict()["params"]
    assert a["bind"]["name"].startswith("White") and b["bind"]["name"].startswith("Black")


# --------------------------------------------------------------------------------------
# the live dashboard
# --------------------------------------------------------------------------------------
def test_sliders_start_at_the_given_thresholds_and_name_their_group(table):
    a, b = sliders(explorer(table, threshold_a=7, threshold_b=2, score_label="decile score"))
    assert (a.value, b.value) == (7, 2)
    for slider, group in ((a, AA), (b, CC)):
        assert (slider.min, slider.max, slider.step) == (1, 10, 1)  # the table's deciles
        assert slider.description == f"{group}: flag a decile score of at least"
        assert slider.readout_format == ".0f"
        # on a phone the track wraps under its (long) label instead of leaving the screen
        assert slider.layout.flex_flow == "row wrap" and slider.layout.height == "auto"
        assert slider.continuous_update  # the chart follows the arrow keys
    # by default the middle of each group's thresholds, as on the static page
    a, b = sliders(explorer(table))
    assert (a.value, b.value) == (5, 5)


def test_sliders_take_the_step_of_a_finer_grid():
    scores = np.array([0.1, 0.35, 0.6, 0.85, 0.2, 0.45, 0.7, 0.95])
    table = fairness.group_threshold_table(
        [0, 1, 0, 1, 0, 0, 1, 1], scores, list("AAAABBBB"), np.linspace(0, 1, 21)
    )
    figure = CF.two_threshold_explorer(table, groups=("B", "A"), threshold_a=0.35)
    a, b = sliders(figure)
    assert a.value == pytest.approx(0.35) and b.value == pytest.approx(0.5)
    assert a.step == pytest.approx(0.05) and a.readout_format == ".2f"
    assert a.description.startswith("B:") and b.description.startswith("A:")
    # a value between two thresholds (typed in code) is drawn at the nearest one
    a.value = 0.61
    assert figure.live.chart.to_dict()["title"]["text"].startswith("B at 0.6, A at 0.5: ")


def test_moving_a_slider_redraws_the_pair_with_true_numbers(compas, table):
    figure = explorer(table)
    a, b = sliders(figure)
    first = figure.live.chart
    assert first.to_dict()["title"]["text"].startswith(f"{AA} at 5, {CC} at 5:")
    rng = np.random.default_rng(5)
    for ta, tb in [(8, 3), (2, 9), *rng.integers(1, 11, size=(4, 2)).tolist()]:
        before, moved = figure.live.chart, (a.value, b.value) != (ta, tb)
        a.value, b.value = ta, tb
        assert (figure.live.chart is not before) == moved
        spec = rendered(figure.live.chart)
        check = fairness.criteria_check(table, {AA: ta, CC: tb})
        met = sum(check[f"equal_{c}"] for c in fairness.CRITERIA)
        assert met == check["criteria_met"]
        verb = "holds" if met == 1 else "hold"
        assert (
            spec["title"]["text"] == f"{AA} at {ta}, {CC} at {tb}: {met} of the 4 criteria {verb}"
        )
        text = spec["description"]
        assert f"{AA} flagged at a score of at least {ta}, {CC} at {tb}." in text
        ra, rc = hand(compas, AA, ta), hand(compas, CC, tb)
        assert f"false positive rate {ra['fpr']:.1%} ({ra['counts']['fp']:,} of " in text
        assert f"of {ra['counts']['negatives']:,})" in text
        assert f"false negative rate {rc['fnr']:.1%} ({rc['counts']['fn']:,} of " in text
        for rates in (ra, rc):
            for measure in ("selection rate", "false positive rate", "false negative rate"):
                key = {"selection rate": "selection_rate", "false positive rate": "fpr"}.get(
                    measure, "fnr"
                )
                assert f"{measure} {rates[key]:.1%}" in text
            assert f"PPV {rates['ppv']:.1%}" in text
        for criterion, phrase in (
            ("selection_rate", "equal selection rate"),
            ("fpr", "equal false positive rate"),
            ("fnr", "equal false negative rate"),
            ("ppv", "equal PPV"),
        ):
            assert f"{phrase} (gap {100 * check[f'gap_{criterion}']:.1f} points)" in text
        holding = [c for c in fairness.CRITERIA if check[f"equal_{c}"]]
        if not holding:
            assert "none of the four criteria holds" in text
        assert f"Accuracy {check['accuracy']:.1%}, " in text
        if check["accuracy_cost"] >= 0.0005:
            assert f"{100 * check['accuracy_cost']:.1f} percentage points below" in text
        assert f"({check['best_accuracy']:.1%}, at " in text


def test_live_chart_draws_the_rates_and_the_verdicts_of_the_pair(compas, table):
    figure = explorer(table, threshold_a=3, threshold_b=6)
    spec = figure.live.chart.to_dict()
    frames = datasets(spec)
    (bars,) = [f for f in frames if "rate" in f]
    (verdicts,) = [f for f in frames if "verdict" in f]
    assert len(bars) == 8 and len(verdicts) == 4  # small frames, one panel
    names = {"Selection rate": "selection_rate", "False positive rate": "fpr"}
    names |= {"False negative rate": "fnr", "PPV": "ppv"}
    for group, threshold in ((AA, 3), (CC, 6)):
        rates = hand(compas, group, threshold)
        for row in bars[bars["group"] == group].itertuples():
            assert row.rate == pytest.approx(rates[names[row.measure]], abs=5e-5)
            assert row.label == f"{rates[names[row.measure]]:.1%}"
    check = fairness.criteria_check(table, {AA: 3, CC: 6})
    for row in verdicts.itertuples():
        criterion = names[row.measure]  # each verdict beside its measure's heading
        holds = "yes" if check[f"equal_{criterion}"] else "no"
        assert row.verdict == f"equal: {holds}, gap {100 * check[f'gap_{criterion}']:.1f} pts"
    accuracy, within = spec["title"]["subtitle"]
    assert accuracy.startswith(f"Accuracy: {check['accuracy']:.1%}, ")
    assert f"{100 * check['accuracy_cost']:.1f} points below the best pair" in accuracy
    assert within == "Criteria: equal when the rates differ by at most 2 points"
    # the groups have the static page's colours
    colour = spec["layer"][2]["encoding"]["color"]["scale"]
    static = figure.static.to_dict()["vconcat"][1]["hconcat"][0]["layer"][1]["encoding"]
    assert colour == static["color"]["scale"]


def test_a_threshold_that_flags_nobody_leaves_ppv_undefined(compas):
    table = fairness.group_threshold_table(
        compas["rearrested_within_two_years"],
        compas["decile_score"],
        compas["race"],
        np.arange(1, 12),  # 11 flags nobody
        sample_weight=compas["people"],
    )
    figure = explorer(table, threshold_a=11, threshold_b=4)
    spec = figure.live.chart.to_dict()
    (bars,) = [f for f in datasets(spec) if "rate" in f]
    ppv = bars[(bars["group"] == AA) & (bars["measure"] == "PPV")].iloc[0]
    assert ppv["label"] == "undefined" and pd.isna(ppv["rate"])
    assert "PPV undefined (0 of 0)" in spec["description"]
    assert "equal PPV (undefined)" in spec["description"]
    (verdicts,) = [f for f in datasets(spec) if "verdict" in f]
    assert verdicts["verdict"].iloc[3] == "equal: no, undefined"
    assert f"{AA}: selection rate 0.0% (0 of " in spec["description"]


def test_the_most_accurate_pair_says_so(table):
    grid = fairness.two_threshold_grid(table, groups=(AA, CC))
    top = grid.loc[grid["accuracy"].idxmax()]
    figure = explorer(table, threshold_a=top["threshold_a"], threshold_b=top["threshold_b"])
    spec = figure.live.chart.to_dict()
    assert spec["description"].endswith(", the most accurate pair.")
    assert spec["title"]["subtitle"][0].endswith(", the most accurate pair")


def test_live_and_static_charts_are_accessible(table):
    figure = explorer(table)
    charts.check_accessible(figure.live.chart.to_dict())
    charts.check_accessible(figure.static.to_dict())
    # the live view is what JupyterLab shows; the website keeps the static chart
    bundle = figure._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle and "text/html" in bundle
    heading = figure.live.children[0]
    assert isinstance(heading, widgets.HTML) and "which fairness criteria hold" in heading.value


def test_every_random_pair_redraws_to_its_own_title(table):
    """20 random pairs set at once (as a reader's two quick moves): each redraw shows
    that pair. Its speed is measured by the benchmarks (make bench), not here."""
    figure = explorer(table)
    a, b = sliders(figure)
    rng = np.random.default_rng(20)
    for ta, tb in rng.integers(1, 11, size=(20, 2)).tolist():
        with a.hold_trait_notifications(), b.hold_trait_notifications():
            a.value, b.value = ta, tb
        figure.live.update()
        title = figure.live.chart.to_dict()["title"]["text"]
        assert title.startswith(f"{AA} at {ta}, {CC} at {tb}:")


# --------------------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "change, kwargs, match",
    [
        ("table", {}, "table must be a pandas DataFrame"),
        ("columns", {}, "table must have the columns"),
        ("one group", {}, "table must hold at least two groups"),
        (None, {"groups": (AA,)}, r"groups must be a pair"),
        (None, {"groups": AA}, r"groups must be a pair"),
        (None, {"groups": (AA, "Martian")}, r"every one of groups must be a group of table"),
        (None, {"groups": (AA, AA)}, "groups must name two different groups"),
        (None, {"names": ("Black",)}, "names must be a pair"),
        (None, {"names": ("Black", "")}, "every one of names must be a non-empty string"),
        (None, {"names": ("Same", "Same")}, "names must tell the two groups apart"),
        (None, {"threshold_a": 5.5}, "threshold_a must be one of the grid's thresholds"),
        (None, {"threshold_b": 12}, r"threshold_b must be a number in \[1.0, 10.0\]"),
        (None, {"tolerance": 1.5}, r"tolerance must be a number in \[0, 1\]"),
        (None, {"tolerance": -0.1}, r"tolerance must be a number in \[0, 1\]"),
        (None, {"score_label": ""}, "score_label must be a non-empty string"),
        ("uneven", {}, "must be increasing and evenly spaced"),
        ("repeated", {}, "one row per threshold for group"),
    ],
)
def test_two_threshold_explorer_rejects_bad_input(table, change, kwargs, match):
    frame = {
        None: table,
        "table": "table",
        "columns": table.drop(columns="ppv"),
        "one group": table[table["group"] == AA],
        "uneven": table[table["threshold"] != 6],
        "repeated": pd.concat([table, table[table["threshold"] == 3]]),
    }[change]
    arguments = {"groups": (AA, CC), **kwargs}
    with pytest.raises(ValueError, match=match):
        CF.two_threshold_explorer(frame, **arguments)


def test_groups_that_are_numbers_get_names():
    table = fairness.group_threshold_table(
        [1, 0, 1, 0, 1, 0], [3, 2, 1, 3, 2, 1], [0, 0, 0, 1, 1, 1], [1, 2, 3]
    )
    figure = CF.two_threshold_explorer(table, groups=(1, 0))
    assert re.match(r"1 at 2, 0 at 2: ", figure.live.chart.to_dict()["title"]["text"])
    with pytest.raises(ValueError, match="names must tell the two groups apart"):
        CF.two_threshold_explorer(
            table.assign(group=table["group"].map({0: "1", 1: 1})), groups=("1", 1)
        )
