"""Chapter 3's chart builders: the Vega-Lite specs they write and the text they describe.

Expected numbers are counted here from the data (people above a threshold, hand-worked
screening arithmetic), not read from the builders.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from chart_specs import datasets, rendered

from policing_lab import screening
from policing_lab.charts import colours
from policing_lab.charts import screening as CS

THRESHOLDS = np.arange(5, 61, 5) / 100


pytestmark = pytest.mark.usefixtures("course_charts")  # tests/conftest.py


def scored(n: int = 4_000, seed: int = 0, lift: float = 0.25):
    rng = np.random.default_rng(seed)
    labels = rng.random(n) < 0.3
    scores = np.clip(rng.random(n) * 0.5 + lift * labels, 0, 1)
    return labels, scores


# --------------------------------------------------------------------------------------
# icon array
# --------------------------------------------------------------------------------------
def test_icon_array_draws_the_counts_of_each_threshold():
    labels, scores = scored()
    table = screening.threshold_table(labels, scores, THRESHOLDS)
    spec = rendered(CS.icon_array(table, threshold=0.15))
    assert spec["title"] == "10,000 people screened by the risk model"
    (param,) = spec["params"]
    assert param["name"] == "threshold" and param["value"] == 15
    assert param["bind"]["input"] == "range"
    assert (param["bind"]["min"], param["bind"]["max"], param["bind"]["step"]) == (5, 60, 5)
    summary, waffle = spec["vconcat"]
    filled, gaps = waffle["layer"]
    scale = filled["encoding"]["color"]["scale"]
    assert scale["domain"] == ["true positive", "false positive", "false negative", "true negative"]
    assert scale["range"] == [
        colours.TRUE_POSITIVE,
        colours.FALSE_POSITIVE,
        colours.FALSE_NEGATIVE,
        colours.TRUE_NEGATIVE,
    ]
    # the white lines cut the 40 x 25 grid of 10,000 people / 10 into its squares
    (lines,) = [d for d in datasets(spec) if "x2" in d and "outcome" not in d]
    assert len(lines) == 39 + 24
    (blocks,) = [d for d in datasets(spec) if "outcome" in d]
    n = len(labels)
    for pct, rects in blocks.groupby("pct"):
        # every square of the grid is covered exactly once, by its outcome's rectangles
        covered = {}
        for r in rects.itertuples():
            for row in range(r.y, r.y2):
                for col in range(r.x, r.x2):
                    assert (row, col) not in covered
                    covered[row, col] = r.outcome
        assert len(covered) == 1_000
        order = [covered[i // 40, i % 40] for i in range(1_000)]
        assert order == sorted(order, key=list(CS.OUTCOME_COLOURS).index)  # runs, in order
        # squares of 10 people, counted here: people per 10,000 / 10, to the nearest square
        flagged = scores >= pct / 100
        for outcome, people in (
            ("true positive", flagged & labels),
            ("false positive", flagged & ~labels),
            ("false negative", ~flagged & labels),
        ):
            assert abs(order.count(outcome) - people.sum() / n * 1_000) <= 0.5 + 1e-9
    assert len(blocks) <= 12 * blocks["pct"].nunique()  # at most 3 rectangles per outcome
    assert "Alerts: " in summary["transform"][-1]["calculate"]
    (squares,) = [d for d in datasets(spec) if "tp_sq" in d]
    assert squares["pct"].tolist() == list(range(5, 61, 5))
    # squares of 10 people, counted here: people per 10,000 / 10, to the nearest square
    n = len(labels)
    for pct, row in squares.set_index("pct").iterrows():
        flagged = scores >= pct / 100
        assert abs(row["tp_sq"] - (flagged & labels).sum() / n * 1_000) <= 0.5 + 1e-9
        assert abs(row["fp_sq"] - (flagged & ~labels).sum() / n * 1_000) <= 0.5 + 1e-9
        assert abs(row["fn_sq"] - (~flagged & labels).sum() / n * 1_000) <= 0.5 + 1e-9
        assert row["alerts"] == pytest.approx(flagged.sum() / n * 10_000)


def test_icon_array_description_is_written_from_the_counts():
    descriptions = []
    for seed, lift in ((0, 0.25), (1, 0.1)):
        labels, scores = scored(seed=seed, lift=lift)
        table = screening.threshold_table(labels, scores, THRESHOLDS)
        description = CS.icon_array(table, threshold=0.15).to_dict()["description"]
        flagged = scores >= 0.15
        alerts = flagged.sum() / len(labels) * 10_000
        right = (flagged & labels).sum() / flagged.sum()
        assert f"at 15% it raises {alerts:,.0f} alerts, {right:.0%} of them right" in description
        assert "from 5% to 60%" in description
        descriptions.append(description)
    assert descriptions[0] != descriptions[1]


def test_icon_array_scales_to_other_populations():
    labels, scores = scored()
    table = screening.threshold_table(labels, scores, THRESHOLDS)
    spec = CS.icon_array(table, threshold=0.3, people=2_000, per_square=5).to_dict()
    assert spec["title"] == "2,000 people screened by the risk model"
    (blocks,) = [d for d in datasets(spec) if "outcome" in d]
    one = blocks[blocks["pct"] == 30]
    assert ((one["x2"] - one["x"]) * (one["y2"] - one["y"])).sum() == 400  # 2,000 / 5
    assert "each square standing for 5" in spec["description"]


@pytest.mark.parametrize("columns", [5, 7, 40])
def test_icon_runs_are_covered_by_at_most_three_rectangles(columns):
    n = columns * 6
    for a in range(n + 1):
        for b in range(a, n + 1):
            rects = CS._run_rectangles(a, b, columns)
            assert len(rects) <= 3
            cells = [
                row * columns + col
                for x, x2, y, y2 in rects
                for row in range(y, y2)
                for col in range(x, x2)
            ]
            assert sorted(cells) == list(range(a, b))


def test_per_people_rescales_counts_and_keeps_rates():
    labels, scores = scored(n=500)
    table = screening.threshold_table(labels, scores, THRESHOLDS)
    scaled = screening.per_people(table, 10_000)
    np.testing.assert_allclose(scaled["tp"], table["tp"] * 20)  # 500 people -> 10,000
    np.testing.assert_allclose(scaled[["tp", "fp", "fn", "tn"]].sum(axis=1), 10_000)
    pd.testing.assert_series_equal(scaled["ppv"], table["ppv"])
    with pytest.raises(ValueError, match="people must be an integer"):
        screening.per_people(table, 0)
    with pytest.raises(ValueError, match="missing"):
        screening.per_people(table.drop(columns="tn"))
    with pytest.raises(ValueError, match="same people"):
        screening.per_people(table.assign(tn=np.arange(len(table))))


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda t: "not a frame", "table must be a pandas DataFrame"),
        (lambda t: t.drop(columns="ppv"), "missing"),
        (lambda t: t.iloc[[0, 1, 3]], "evenly spaced"),
        (lambda t: t.assign(threshold=t["threshold"] + 5), r"table\['threshold'\]"),
    ],
)
def test_icon_array_rejects_bad_tables(change, match):
    labels, scores = scored(n=200)
    table = screening.threshold_table(labels, scores, THRESHOLDS)
    with pytest.raises(ValueError, match=match):
        CS.icon_array(change(table), threshold=0.05)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"threshold": 0.17}, "threshold must be one of"),
        ({"threshold": 0.9}, "threshold must be a number"),
        ({"threshold": 0.15, "people": 10_010}, "people must be a multiple"),
        ({"threshold": 0.15, "per_square": 0}, "per_square must be an integer"),
        ({"threshold": 0.15, "columns": 2}, "columns must be an integer"),
    ],
)
def test_icon_array_rejects_bad_options(kwargs, match):
    labels, scores = scored(n=200)
    table = screening.threshold_table(labels, scores, THRESHOLDS)
    with pytest.raises(ValueError, match=match):
        CS.icon_array(table, **kwargs)


# --------------------------------------------------------------------------------------
# PPV curves
# --------------------------------------------------------------------------------------
def test_ppv_curves_spec_and_hover_points():
    spec = rendered(CS.ppv_curves())
    assert spec["title"] == "Rare targets make most alerts false"
    lines, points, readout = spec["layer"]
    assert lines["encoding"]["x"]["scale"]["type"] == "log"
    assert lines["encoding"]["color"]["field"] == "accuracy"
    (hover,) = spec["params"]
    assert hover["name"] == "hover" and hover["select"]["fields"] == ["base_rate"]
    assert hover["select"]["nearest"] is True and hover["select"]["on"] == "pointerover"
    assert points["mark"]["type"] == "point" and "tooltip" in points["encoding"]
    assert points["encoding"]["opacity"]["condition"]["param"] == "hover"
    # a tap or a hover writes the point's values next to it, not only in a tooltip
    assert readout["mark"]["type"] == "text" and readout["encoding"]["text"]["field"] == "label"
    assert {"filter": {"param": "hover", "empty": False}} in readout["transform"]
    (data,) = datasets(spec)
    assert len(data) == 3 * 120
    # hover points on every 4th base rate of each line: 30 per line, on the line itself
    assert {"filter": "datum.hover_point"} in points["transform"]
    assert data.groupby("accuracy")["hover_point"].sum().tolist() == [30, 30, 30]
    assert data.groupby("accuracy")["hover_point"].apply(lambda h: h.iloc[::4].all()).all()
    assert data["accuracy"].unique().tolist() == [
        "90.0% accurate",
        "99.0% accurate",
        "99.9% accurate",
    ]
    assert data["base_rate"].min() == pytest.approx(1e-5) and data["base_rate"].max() == 0.5


def test_ppv_curves_description_gives_the_hand_worked_values():
    # Per million people at 1 in 10,000: 100 targets. "99% accurate": 99 flagged, and 1% of
    # 999,900 others = 9,999 false alerts, so 99 / 10,098 = 0.98% right. "99.9%": 99.9 of
    # 1,099.8 alerts = 9.1%. "90%": 90 of 100,080 = 0.09%.
    description = CS.ppv_curves().to_dict()["description"]
    assert "from 1 in 100,000 to 1 in 2" in description
    assert "right in 0.09%, 1.0% and 9.1% of their alerts" in description
    # at 1 in 2 a system "a accurate" is right in a share a of its alerts
    assert "at 1 in 2, in 90%, 99% and 99.9%" in description
    other = CS.ppv_curves((0.8, 0.95), marked=1e-3).to_dict()["description"]
    assert "systems 80% and 95% accurate" in other
    # 1 in 1,000 and "95% accurate": 0.95 of 0.95 + 999 x 0.05 = 1.9% right
    assert "At a base rate of 1 in 1,000 they are right in 0.4% and 1.9%" in other


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"accuracies": (0.5,)}, "accuracies"),
        ({"accuracies": (1.0,)}, "accuracies"),
        ({"accuracies": (0.9, 0.9)}, "accuracies must hold 1 to 8 distinct"),
        ({"accuracies": ()}, "accuracies"),
        ({"low": 0.6}, "low must be a number"),
        ({"high": 1.5}, "high must be a number"),
        ({"points": 5}, "points must be an integer"),
        ({"marked": 0.9}, "marked must be a number"),
    ],
)
def test_ppv_curves_rejects_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        CS.ppv_curves(**kwargs)


# --------------------------------------------------------------------------------------
# alerts by group
# --------------------------------------------------------------------------------------
def crowd(ratio_b: float = 10, **kwargs):
    return screening.crowd_screening(
        group_shares={"A": 0.8, "B": 0.2}, false_match_ratio={"A": 1, "B": ratio_b}, **kwargs
    )


def test_alerts_by_group_spec():
    spec = rendered(CS.alerts_by_group(crowd()))
    assert spec["title"] == "One group in five, most of the false alerts"
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["x"]["stack"] == "zero"
    assert spec["encoding"]["x"]["title"] == "Expected alerts in a crowd of 170,000"
    scale = spec["encoding"]["color"]["scale"]
    assert scale["domain"] == ["correct alerts", "false alerts"]
    assert scale["range"] == [colours.CORRECT_ALERT, colours.FALSE_ALERT]
    (data,) = datasets(spec)
    assert sorted(data["group"].unique()) == ["A", "B"]  # no total bar


def test_alerts_by_group_description_follows_the_crowd():
    # 170,000 people, 1 in 10,000 on the watchlist, 1 in 1,000 falsely matched in A.
    # B: 34,000 people, 33,996.6 not listed, 10 x 0.001 of them = 340 false alerts;
    # A: 135,986.4 not listed x 0.001 = 136. B's share: 340 / 476 = 71%.
    description = CS.alerts_by_group(crowd()).to_dict()["description"]
    assert "receives 3 correct and 340 false alerts" in description
    assert "receives 12 correct and 136 false alerts" in description
    assert "Group B receives 71% of the false alerts" in description
    # no difference between groups: B gets its share of the crowd, 20%
    even = CS.alerts_by_group(crowd(ratio_b=1)).to_dict()
    assert even["title"] == "One group in five, 20% of the false alerts"
    assert "receives 3 correct and 34 false alerts" in even["description"]


def test_alerts_by_group_of_a_simulated_crowd_counts_people():
    spec = CS.alerts_by_group(crowd(simulate=True, seed=1)).to_dict()
    assert spec["encoding"]["x"]["title"] == "Alerts in a crowd of 170,000"
    assert "expected" not in spec["description"]


@pytest.mark.parametrize(
    ("frame", "match"),
    [
        ("crowd", "crowd must be a pandas DataFrame"),
        (crowd().drop(columns="false_alerts"), "missing"),
        (screening.crowd_screening(), "at least two groups"),
        (crowd(false_match_rate=0.0), "at least one false alert"),
        (crowd().assign(people=-1.0), "people"),
    ],
)
def test_alerts_by_group_rejects_bad_crowds(frame, match):
    with pytest.raises(ValueError, match=match):
        CS.alerts_by_group(frame)
