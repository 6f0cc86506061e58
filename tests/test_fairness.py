"""Tests of the group fairness metrics and Chouldechova's identity (policing_lab.fairness).

Expected values come from a second method, never from the function under test: people
counted with pandas or one by one, scikit-learn's ``confusion_matrix`` and
``roc_auc_score``, exact fractions, a count table expanded back into one row per person,
and published figures: the false positive rates of the COMPAS count table stated in its
datasheet (data/README.md) and ProPublica's published confusion counts for Broward County
[angwin2016, larson2016] (keys of references.bib).
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.metrics import confusion_matrix, roc_auc_score

import policing_lab as pl
from policing_lab import fairness as F
from policing_lab.datasets import load_compas_counts

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BLACK, WHITE = "African-American", "Caucasian"  # the county's recorded categories
DECILES = np.arange(1, 12)  # thresholds 1 (flags everyone) .. 11 (flags no one)


@pytest.fixture(scope="module")
def compas() -> pd.DataFrame:
    return load_compas_counts()


@pytest.fixture(scope="module")
def compas_table(compas) -> pd.DataFrame:
    return F.group_threshold_table(
        compas["rearrested_within_two_years"],
        compas["decile_score"],
        compas["race"],
        DECILES,
        sample_weight=compas["people"],
    )


def hand_counts(frame: pd.DataFrame, race: str, threshold: int) -> dict[str, int]:
    """TP, FP, FN, TN of one group at one threshold, summed with pandas from the counts."""
    rows = frame[frame["race"] == race]
    flagged = rows["decile_score"] >= threshold
    outcome = rows["rearrested_within_two_years"] == 1
    people = rows["people"]
    return {
        "tp": int(people[flagged & outcome].sum()),
        "fp": int(people[flagged & ~outcome].sum()),
        "fn": int(people[~flagged & outcome].sum()),
        "tn": int(people[~flagged & ~outcome].sum()),
    }


# --------------------------------------------------------------------------------------
# strategies
# --------------------------------------------------------------------------------------
@st.composite
def confusion(draw):
    """Whole counts of a confusion matrix with at least one correct alert (PPV > 0) and at
    least one person without the outcome (base rate < 1): the identity's domain."""
    tp = draw(st.integers(1, 10**6))
    fn = draw(st.integers(0, 10**6))
    fp = draw(st.integers(0, 10**6))
    tn = draw(st.integers(0 if fp else 1, 10**6))
    return tp, fp, fn, tn


@st.composite
def scored_people(draw, min_size: int = 1):
    """Outcomes, scores in [0, 1], two or three groups and whole-number weights."""
    n = draw(st.integers(min_size, 40))
    labels = draw(st.lists(st.integers(0, 1), min_size=n, max_size=n))
    scores = draw(st.lists(st.sampled_from(np.linspace(0, 1, 11).tolist()), min_size=n, max_size=n))
    groups = draw(st.lists(st.sampled_from(["A", "B", "C"]), min_size=n, max_size=n))
    weights = draw(st.lists(st.integers(0, 5), min_size=n, max_size=n))
    return np.array(labels), np.array(scores), np.array(groups, dtype=object), np.array(weights)


# --------------------------------------------------------------------------------------
# chouldechova_fpr
# --------------------------------------------------------------------------------------
@FAST
@given(confusion())
def test_identity_holds_for_any_confusion_matrix(counts):
    tp, fp, fn, tn = counts
    n = tp + fp + fn + tn
    base_rate = Fraction(tp + fn, n)
    ppv = Fraction(tp, tp + fp)
    fnr = Fraction(fn, tp + fn)
    counted_fpr = Fraction(fp, fp + tn)  # people without the outcome who were flagged
    value = F.chouldechova_fpr(float(base_rate), float(ppv), float(fnr))
    assert isinstance(value, float)
    assert math.isclose(value, float(counted_fpr), rel_tol=1e-9, abs_tol=1e-12)


def test_identity_by_hand_and_vectorised():
    # 10 people with the outcome and 10 without; 7 of the 10 flagged (FNR 0.3); PPV 0.6
    # means 7 correct alerts out of 7 / 0.6 = 11 2/3 alerts, so 4 2/3 false ones: 7/15.
    assert F.chouldechova_fpr(0.5, 0.6, 0.3) == pytest.approx(7 / 15, rel=1e-12)
    grid = F.chouldechova_fpr(np.array([[0.2], [0.5]]), np.array([0.5, 1.0]), 0.0)
    assert grid.shape == (2, 2)
    # PPV 1: no false alerts at all; PPV 0.5: as many false alerts as people with the outcome
    np.testing.assert_allclose(grid, [[0.25, 0.0], [1.0, 0.0]], rtol=1e-12)
    assert isinstance(F.chouldechova_fpr(np.float64(0.5), 0.6, 0.3), float)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"base_rate": 1.0}, r"base_rate must be a number in \[0, 1\)"),
        ({"base_rate": -0.1}, "base_rate"),
        ({"ppv": 0.0}, r"ppv must be a number in \(0, 1\]"),
        ({"ppv": 1.2}, "ppv"),
        ({"fnr": 1.5}, r"fnr must be a number in \[0, 1\]"),
        ({"fnr": float("nan")}, "fnr"),
        ({"fnr": "0.3"}, "fnr"),
        ({"base_rate": [0.2, 1.0]}, r"base_rate must be in \[0, 1\)"),
        ({"base_rate": [0.2, 0.3], "ppv": [0.5, 0.6, 0.7]}, "broadcast"),
        ({"ppv": True}, "ppv"),
    ],
)
def test_identity_rejects_bad_input(kwargs, match):
    arguments = {"base_rate": 0.5, "ppv": 0.6, "fnr": 0.3, **kwargs}
    with pytest.raises(ValueError, match=match):
        F.chouldechova_fpr(**arguments)


# ProPublica's published confusion counts for Broward County, "higher risk" = medium or
# high score (their file of 7,214 defendants, cox-parsed.csv) [angwin2016, larson2016],
# with the false positive rates they published, in percent: 44.85 and 23.45.
PUBLISHED = {
    "Black": {"tn": 990, "fp": 805, "fn": 532, "tp": 1_369, "fpr_percent": 44.85},
    "White": {"tn": 1_139, "fp": 349, "fn": 461, "tp": 505, "fpr_percent": 23.45},
}
# The rates as published next to those counts, rounded (PPV to two decimals).
PUBLISHED_RATES = {
    "Black": {"base_rate": 0.5143, "ppv": 0.63, "fnr": 0.2799},
    "White": {"base_rate": 0.3936, "ppv": 0.59, "fnr": 0.4772},
}


@pytest.mark.parametrize("group", PUBLISHED)
def test_identity_reproduces_propublicas_published_false_positive_rates(group):
    c = PUBLISHED[group]
    n = c["tn"] + c["fp"] + c["fn"] + c["tp"]
    p = (c["tp"] + c["fn"]) / n
    ppv = c["tp"] / (c["tp"] + c["fp"])
    fnr = c["fn"] / (c["fn"] + c["tp"])
    fpr = F.chouldechova_fpr(p, ppv, fnr)
    # the published percentage has two decimals: it is right to within half a unit of them
    assert abs(100 * fpr - c["fpr_percent"]) <= 0.005
    # From the rounded published rates: PPV's rounding to two decimals (half a unit,
    # 0.005) moves the FPR by at most |dFPR/dPPV| * 0.005 = FPR / (PPV (1 - PPV)) * 0.005.
    r = PUBLISHED_RATES[group]
    from_rounded = F.chouldechova_fpr(r["base_rate"], r["ppv"], r["fnr"])
    bound = (c["fpr_percent"] / 100) / (r["ppv"] * (1 - r["ppv"])) * 0.005 + 1e-3
    assert abs(from_rounded - c["fpr_percent"] / 100) <= bound


# --------------------------------------------------------------------------------------
# group_threshold_table on the real COMPAS count table
# --------------------------------------------------------------------------------------
def test_compas_false_positive_rates_are_the_datasheets(compas, compas_table):
    # data/README.md: with "higher risk" = decile >= 5, FPR 0.4234 and 0.2201
    at_five = compas_table[compas_table["threshold"] == 5].set_index("group")
    assert round(at_five.loc[BLACK, "fpr"], 4) == 0.4234
    assert round(at_five.loc[WHITE, "fpr"], 4) == 0.2201
    for race in (BLACK, WHITE):
        counts = hand_counts(compas, race, 5)
        for name, value in counts.items():
            assert at_five.loc[race, name] == value
    # the datasheet's group sizes
    assert at_five.loc[BLACK, "people"] == 3_175
    assert at_five.loc[WHITE, "people"] == 2_103


@pytest.mark.parametrize("race", [BLACK, WHITE])
def test_identity_holds_on_the_compas_counts(compas, race):
    c = hand_counts(compas, race, 5)
    n = sum(c.values())
    p = (c["tp"] + c["fn"]) / n
    ppv = c["tp"] / (c["tp"] + c["fp"])
    fnr = c["fn"] / (c["tp"] + c["fn"])
    fpr = c["fp"] / (c["fp"] + c["tn"])
    assert F.chouldechova_fpr(p, ppv, fnr) == pytest.approx(fpr, rel=1e-12)


def test_compas_base_rates_differ_so_the_measures_disagree(compas_table):
    at_five = compas_table[compas_table["threshold"] == 5].set_index("group")
    black, white = at_five.loc[BLACK], at_five.loc[WHITE]
    # ProPublica's side: the error rates differ a lot; the vendor's side: PPV differs less
    assert black["fpr"] - white["fpr"] > 0.2
    assert white["fnr"] - black["fnr"] > 0.2
    assert abs(black["ppv"] - white["ppv"]) < 0.06
    assert black["base_rate"] - white["base_rate"] > 0.1


def test_table_rows_equal_sklearn_confusion_matrix_with_weights(compas, compas_table):
    assert len(compas_table) == compas["race"].nunique() * DECILES.size
    assert list(compas_table.columns) == list(F.TABLE_COLUMNS)
    for row in compas_table.itertuples():
        rows = compas[compas["race"] == row.group]
        (tn, fp), (fn, tp) = confusion_matrix(
            rows["rearrested_within_two_years"],
            (rows["decile_score"] >= row.threshold).astype(int),
            labels=[0, 1],
            sample_weight=rows["people"],
        )
        assert (row.tp, row.fp, row.fn, row.tn) == (tp, fp, fn, tn), (row.group, row.threshold)
        assert row.flagged == tp + fp
        assert row.people == tp + fp + fn + tn
    for column in ("tp", "fp", "fn", "tn", "people"):  # whole weights give whole counts
        assert compas_table[column].dtype == np.int64


# --------------------------------------------------------------------------------------
# group_threshold_table: properties
# --------------------------------------------------------------------------------------
@FAST
@given(scored_people())
def test_threshold_zero_flags_everyone_and_above_the_maximum_no_one(people):
    labels, scores, groups, _ = people
    table = F.group_threshold_table(labels, scores, groups, [0.0, 1.5]).set_index(
        ["group", "threshold"]
    )
    for group in np.unique(groups):
        member = groups == group
        everyone, no_one = table.loc[(group, 0.0)], table.loc[(group, 1.5)]
        assert everyone["selection_rate"] == 1.0
        assert everyone["flagged"] == member.sum()
        assert no_one["selection_rate"] == 0.0 and no_one["flagged"] == 0
        assert math.isnan(no_one["ppv"])  # nobody flagged: PPV undefined
        if (labels[member] == 0).any():
            assert everyone["fpr"] == 1.0 and no_one["fpr"] == 0.0
        if (labels[member] == 1).any():
            assert everyone["fnr"] == 0.0 and no_one["fnr"] == 1.0
            assert everyone["ppv"] == pytest.approx(labels[member].mean())


@FAST
@given(scored_people(), st.lists(st.floats(-1, 2), min_size=1, max_size=8))
def test_rates_are_shares_and_counts_add_up(people, thresholds):
    labels, scores, groups, weights = people
    table = F.group_threshold_table(labels, scores, groups, thresholds, sample_weight=weights)
    for column in F.RATE_COLUMNS:
        values = table[column].to_numpy(dtype=float)
        defined = values[~np.isnan(values)]
        assert ((defined >= 0) & (defined <= 1)).all(), column
    assert (table["tp"] + table["fn"] == table["positives"]).all()
    assert (table["fp"] + table["tn"] == table["negatives"]).all()
    has_positives = table["positives"] > 0
    np.testing.assert_allclose((table["tpr"] + table["fnr"])[has_positives], 1.0, rtol=1e-12)
    assert table.loc[~has_positives, ["tpr", "fnr"]].isna().all().all()
    # one by one: every row counts the people it says
    for row in table.itertuples():
        member = groups == row.group
        flagged = member & (scores >= row.threshold)
        assert row.tp == weights[flagged & (labels == 1)].sum()
        assert row.fp == weights[flagged & (labels == 0)].sum()


@FAST
@given(scored_people())
def test_whole_weights_equal_repeated_rows(people):
    labels, scores, groups, weights = people
    thresholds = np.linspace(0, 1, 11)
    weighted = F.group_threshold_table(labels, scores, groups, thresholds, sample_weight=weights)
    repeat = np.repeat(np.arange(labels.size), weights)
    if repeat.size == 0:
        return  # every weight 0: nobody to repeat
    expanded = F.group_threshold_table(labels[repeat], scores[repeat], groups[repeat], thresholds)
    # groups whose weights are all 0 appear only in the weighted table (with NaN rates)
    kept = weighted[weighted["people"] > 0].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept, expanded)


def test_float_weights_give_float_counts_and_identity_holds_row_by_row():
    rng = np.random.default_rng(5)
    n = 500
    labels = rng.integers(0, 2, n)
    scores = rng.random(n)
    groups = rng.choice(["A", "B"], n)
    weights = rng.random(n) * 3
    table = F.group_threshold_table(labels, scores, groups, np.linspace(0, 1, 21), weights)
    assert table["tp"].dtype == np.float64
    usable = table[(table["tp"] > 0) & (table["negatives"] > 0)]
    assert len(usable) > 20
    identity = F.chouldechova_fpr(
        usable["base_rate"].to_numpy(), usable["ppv"].to_numpy(), usable["fnr"].to_numpy()
    )
    np.testing.assert_allclose(identity, usable["fpr"], rtol=1e-9)


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"y_true": [0, 1, 0.5]}, "y_true must hold binary outcomes"),
        ({"y_true": [0, 1, 2]}, r"y_true must be in \[0, 1\]"),
        ({"y_score": [0.1, float("nan"), 0.3]}, "y_score"),
        ({"y_score": [0.1, 0.2]}, "y_score must have length 3"),
        ({"groups": ["A", "B"]}, "groups must be a 1-dimensional array of length 3"),
        ({"groups": ["A", None, "B"]}, "groups must not contain missing values"),
        ({"groups": "ABC"}, "groups must be an array"),
        ({"thresholds": []}, "thresholds must have at least 1"),
        ({"thresholds": [0.5, float("inf")]}, "thresholds"),
        ({"sample_weight": [1, -1, 1]}, "sample_weight must be >= 0"),
        ({"sample_weight": [1, 1]}, "sample_weight must have length 3"),
    ],
)
def test_table_rejects_bad_input(change, match):
    arguments = {
        "y_true": [0, 1, 1],
        "y_score": [0.1, 0.2, 0.3],
        "groups": ["A", "B", "B"],
        "thresholds": [0.5],
        **change,
    }
    with pytest.raises(ValueError, match=match):
        F.group_threshold_table(**arguments)


# --------------------------------------------------------------------------------------
# group_metrics (fairlearn) agrees with the table
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("threshold", [1, 5, 8, 11])
def test_group_metrics_agree_with_the_table_on_compas(compas, compas_table, threshold):
    decisions = (compas["decile_score"] >= threshold).astype(int)
    metrics = F.group_metrics(
        compas["rearrested_within_two_years"], decisions, compas["race"], compas["people"]
    ).set_index("group")
    rows = compas_table[compas_table["threshold"] == threshold].set_index("group")
    assert list(metrics.index) == list(rows.index)
    np.testing.assert_allclose(metrics["people"], rows["people"])
    for column in F.RATE_COLUMNS:
        np.testing.assert_allclose(metrics[column], rows[column], rtol=1e-12, err_msg=column)


@FAST
@given(scored_people(min_size=2), st.sampled_from([0.0, 0.3, 0.5, 1.0, 1.1]))
def test_group_metrics_agree_with_the_table_on_any_people(people, threshold):
    labels, scores, groups, weights = people
    weights = weights + 1  # every row at least one person: every group has people
    metrics = F.group_metrics(labels, scores >= threshold, groups, weights)
    table = F.group_threshold_table(labels, scores, groups, [threshold], weights)
    assert metrics["group"].tolist() == table["group"].tolist()
    for column in F.RATE_COLUMNS:
        np.testing.assert_allclose(metrics[column], table[column], rtol=1e-12, err_msg=column)


def test_metric_frame_is_fairlearns():
    from fairlearn.metrics import MetricFrame

    frame = F.metric_frame([1, 0, 1, 0, 1, 1], [1, 1, 0, 0, 1, 0], list("AABBBB"))
    assert isinstance(frame, MetricFrame)
    assert frame.by_group.loc["A", "fpr"] == 1.0  # A's only person without the outcome
    assert frame.difference()["fpr"] == 1.0
    with pytest.raises(ValueError, match="y_pred must hold decisions"):
        F.group_metrics([1, 0], [1, 0.5], ["A", "B"])
    with pytest.raises(ValueError, match="sample_weight"):
        F.group_metrics([1, 0], [1, 0], ["A", "B"], sample_weight=[1, -2])


# --------------------------------------------------------------------------------------
# calibration and AUC: the vendor's side
# --------------------------------------------------------------------------------------
def test_calibration_by_decile_equals_counts(compas):
    table = F.calibration_by_group(
        compas["rearrested_within_two_years"],
        compas["decile_score"],
        compas["race"],
        sample_weight=compas["people"],
    )
    assert len(table) == compas["race"].nunique() * 10
    by_hand = (
        compas.assign(rearrested=compas["people"] * compas["rearrested_within_two_years"])
        .groupby(["race", "decile_score"])[["people", "rearrested"]]
        .sum()
    )
    for row in table.itertuples():
        key = (row.group, int(row.score_low))
        if key not in by_hand.index:  # a decile with nobody of this group
            assert row.people == 0 and math.isnan(row.outcome_rate)
            continue
        assert row.people == by_hand.loc[key, "people"]
        assert row.positives == by_hand.loc[key, "rearrested"]
        assert row.outcome_rate == pytest.approx(
            by_hand.loc[key, "rearrested"] / by_hand.loc[key, "people"]
        )
        assert row.score_low == row.score_high == row.mean_score
    assert table.loc[table["group"] == BLACK, "people"].sum() == 3_175


def test_calibration_with_bins_uses_propublicas_bands(compas):
    # ProPublica's bands: 1-4 "Low", 5-7 "Medium", 8-10 "High" (datasheet)
    table = F.calibration_by_group(
        compas["rearrested_within_two_years"],
        compas["decile_score"],
        compas["race"],
        bins=[1, 5, 8, 10],
        sample_weight=compas["people"],
    )
    black = table[table["group"] == BLACK].reset_index(drop=True)
    rows = compas[compas["race"] == BLACK]
    for i, (low, high) in enumerate([(1, 4), (5, 7), (8, 10)]):
        band = rows[rows["decile_score"].between(low, high)]
        assert black.loc[i, "people"] == band["people"].sum()
        assert (
            black.loc[i, "positives"]
            == band.loc[band["rearrested_within_two_years"] == 1, "people"].sum()
        )
    with pytest.raises(ValueError, match="every score must lie within the bins"):
        F.calibration_by_group([0, 1], [1, 12], ["A", "A"], bins=[1, 10])
    with pytest.raises(ValueError, match="bins must be strictly increasing"):
        F.calibration_by_group([0, 1], [1, 2], ["A", "A"], bins=[1, 1, 10])


def test_auc_by_group_equals_sklearn_on_the_expanded_table(compas):
    table = F.auc_by_group(
        compas["rearrested_within_two_years"],
        compas["decile_score"],
        compas["race"],
        sample_weight=compas["people"],
    ).set_index("group")
    for race in (BLACK, WHITE):
        rows = compas[compas["race"] == race]
        repeat = np.repeat(np.arange(len(rows)), rows["people"].to_numpy())
        expanded_auc = roc_auc_score(
            rows["rearrested_within_two_years"].to_numpy()[repeat],
            rows["decile_score"].to_numpy()[repeat],
        )
        assert table.loc[race, "auc"] == pytest.approx(expanded_auc, rel=1e-12)
    # similar ranking quality in the two groups, the vendor's point [dieterich2016]
    assert abs(table.loc[BLACK, "auc"] - table.loc[WHITE, "auc"]) < 0.02
    assert round(table.loc[BLACK, "auc"], 3) == 0.704
    assert round(table.loc[WHITE, "auc"], 3) == 0.693


def test_auc_is_nan_for_a_group_with_one_kind_of_person():
    table = F.auc_by_group([1, 1, 0, 1], [0.2, 0.4, 0.1, 0.9], ["A", "A", "B", "B"])
    assert math.isnan(table.loc[0, "auc"])
    assert table.loc[1, "auc"] == 1.0


# --------------------------------------------------------------------------------------
# criteria_check and two_threshold_grid
# --------------------------------------------------------------------------------------
def test_criteria_check_by_hand():
    # A: outcomes 1, 0, 1 with scores .9, .6, .4; B: 0, 1, 0 with .8, .7, .2
    table = F.group_threshold_table(
        [1, 0, 1, 0, 1, 0], [0.9, 0.6, 0.4, 0.8, 0.7, 0.2], list("AAABBB"), [0.3, 0.5, 0.7]
    )
    check = F.criteria_check(table, {"A": 0.7, "B": 0.3}, tolerance=0.01)
    # A at .7 flags .9 (outcome): TP 1, FN 1; B at .3 flags .8 and .7: TP 1, FP 1
    assert check["gap_selection_rate"] == pytest.approx(1 / 3)  # 1/3 vs 2/3
    assert check["gap_fpr"] == pytest.approx(0.5)  # 0 vs 1/2
    assert check["gap_fnr"] == pytest.approx(0.5)  # 1/2 vs 0
    assert check["gap_ppv"] == pytest.approx(0.5)  # 1 vs 1/2
    assert check["criteria_met"] == 0
    # correct: A 2 (the .9 and the .6 cleared), B 2 (the .7 flagged, the .2 cleared): 4/6
    assert check["accuracy"] == pytest.approx(4 / 6)
    # best: A at .7 (2 correct), B at .3, .5 or .7 (2 correct): 4/6, so no cost
    assert check["best_accuracy"] == pytest.approx(4 / 6)
    assert check["accuracy_cost"] == pytest.approx(0.0)


def test_grid_rows_equal_criteria_check_on_compas(compas_table):
    two = compas_table[compas_table["group"].isin([BLACK, WHITE])]
    grid = F.two_threshold_grid(two, [BLACK, WHITE], tolerance=0.03)
    assert len(grid) == DECILES.size**2
    for row in grid.itertuples():
        check = F.criteria_check(
            two, {BLACK: row.threshold_a, WHITE: row.threshold_b}, tolerance=0.03
        )
        for criterion in F.CRITERIA:
            assert getattr(row, f"equal_{criterion}") == check[f"equal_{criterion}"]
            expected = check[f"gap_{criterion}"]
            got = getattr(row, f"gap_{criterion}")
            assert (math.isnan(got) and math.isnan(expected)) or got == pytest.approx(expected)
        assert row.accuracy == pytest.approx(check["accuracy"])
        assert row.criteria_met == check["criteria_met"]
    # the most accurate rule, found by brute force over the grid, costs nothing
    assert grid["accuracy"].max() == pytest.approx(grid["best_accuracy"].iloc[0])
    assert (grid["accuracy_cost"] >= -1e-12).all()


def test_no_compas_rule_has_equal_fpr_fnr_and_ppv(compas_table):
    two = compas_table[compas_table["group"].isin([BLACK, WHITE])]
    grid = F.two_threshold_grid(two, [BLACK, WHITE], tolerance=0.02)
    assert F.rules_satisfying(grid).empty
    # yet each criterion alone can be met by some pair of thresholds
    for criterion in F.CRITERIA:
        assert grid[f"equal_{criterion}"].any(), criterion


def _synthetic_grid(odds_ratio: float) -> pd.DataFrame:
    """People of the synthetic city whose TRUE offending differs between groups by
    ``odds_ratio``, a model trained on the TRUE outcome (no group feature), and the grid
    of thresholds 0, 0.02, ..., 1 for each group."""
    city = pl.make_city(seed=1)
    people = pl.make_people(
        city, n_people=20_000, reoffending_odds_ratio_group_b=odds_ratio, seed=2
    )
    model = pl.train_risk_model(
        people, features=["age_band", "true_prior_offences"], label="reoffends"
    )
    scores = pl.score_people(model, people)
    table = F.group_threshold_table(
        people["reoffends"], scores, people["group"], np.round(np.linspace(0, 1, 51), 2)
    )
    return people, F.two_threshold_grid(table, ["A", "B"], tolerance=0.02)


def test_synthetic_city_different_base_rates_no_rule_meets_all_three():
    people, grid = _synthetic_grid(odds_ratio=2.0)
    base = people.groupby("group")["reoffends"].mean()
    assert base["B"] - base["A"] > 0.1  # truly different base rates (illustrative ratio)
    assert len(grid) == 51 * 51
    assert F.rules_satisfying(grid, ["fpr", "fnr", "ppv"]).empty
    # any two of the three can be met, by flagging everyone or no one at least
    assert not F.rules_satisfying(grid, ["fpr", "fnr"]).empty


def test_synthetic_city_equal_base_rates_some_real_rule_meets_all_three():
    """The control: with equal base rates the three criteria can hold together, also for
    rules that flag some people and not others (so the test above is not vacuous)."""
    people, grid = _synthetic_grid(odds_ratio=1.0)
    base = people.groupby("group")["reoffends"].mean()
    assert abs(base["B"] - base["A"]) < 0.02
    rules = F.rules_satisfying(grid, ["fpr", "fnr", "ppv"])
    real = rules[
        rules["selection_rate_a"].between(0.05, 0.95)
        & rules["selection_rate_b"].between(0.05, 0.95)
    ]
    assert not real.empty


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda t: F.criteria_check(t, {"A": 0.5}), "at least two groups"),
        (lambda t: F.criteria_check(t, {"A": 0.5, "C": 0.5}), "every group of thresholds"),
        (lambda t: F.criteria_check(t, {"A": 0.5, "B": 0.6}), "one of the table's thresholds"),
        (lambda t: F.criteria_check(t, {"A": 0.5, "B": 0.5}, tolerance=2), "tolerance"),
        (lambda t: F.criteria_check(t.drop(columns="ppv"), {"A": 0.5, "B": 0.5}), "ppv"),
        (lambda t: F.two_threshold_grid(t, ["A"]), "pair of group labels"),
        (lambda t: F.two_threshold_grid(t, ["A", "A"]), "two different groups"),
        (lambda t: F.two_threshold_grid(t, ["A", "Z"]), "every label of groups"),
        (lambda t: F.two_threshold_grid(t, tolerance=-0.1), "tolerance"),
        (lambda t: F.rules_satisfying(F.two_threshold_grid(t), ["auc"]), "criteria"),
        (lambda t: F.rules_satisfying(F.two_threshold_grid(t), "fpr"), "criteria"),
    ],
)
def test_criteria_reject_bad_input(call, match):
    table = F.group_threshold_table([1, 0, 1, 0], [0.9, 0.2, 0.4, 0.6], list("AABB"), [0.5, 0.7])
    with pytest.raises(ValueError, match=match):
        call(table)


def test_grid_needs_groups_when_the_table_has_more_than_two(compas_table):
    with pytest.raises(ValueError, match="groups must name the two groups"):
        F.two_threshold_grid(compas_table)


# --------------------------------------------------------------------------------------
# the package stays light
# --------------------------------------------------------------------------------------
def test_fairness_loads_lazily_and_without_fairlearn_or_sklearn():
    code = (
        "import json, sys\nimport policing_lab as pl\n"
        "before = 'policing_lab.fairness' in sys.modules\n"
        "module = pl.fairness\n"
        "light = [m for m in ('fairlearn', 'sklearn', 'altair') if m in sys.modules]\n"
        "module.group_threshold_table([1, 0], [0.9, 0.1], ['A', 'B'], [0.5])\n"
        "module.two_threshold_grid(module.group_threshold_table([1, 0], [0.9, 0.1],"
        " ['A', 'B'], [0.5]))\n"
        "still = [m for m in ('fairlearn', 'sklearn') if m in sys.modules]\n"
        "module.group_metrics([1, 0], [1, 0], ['A', 'B'])\n"
        "print(json.dumps({'before': before, 'light': light, 'still': still,\n"
        "    'fairlearn_after_metrics': 'fairlearn' in sys.modules,\n"
        "    'listed': 'fairness' in pl.__all__}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {
        "before": False,
        "light": [],
        "still": [],
        "fairlearn_after_metrics": True,
        "listed": True,
    }


# --------------------------------------------------------------------------------------
# helpers: published tables, expanded counts, the score as an estimator
# --------------------------------------------------------------------------------------
def test_package_holds_propublicas_published_tables():
    """The package's copy of the tables equals the counts typed here from the source, and
    its rates give the published false positive rates."""
    tables = pl.datasets.propublica_truth_tables().set_index("group")
    assert sorted(tables.index) == sorted(PUBLISHED)
    rates = F.confusion_rates(tables.reset_index()).set_index("group")
    for group, counts in PUBLISHED.items():
        for name in ("tp", "fp", "fn", "tn"):
            assert tables.loc[group, name] == counts[name]
        assert abs(100 * rates.loc[group, "fpr"] - counts["fpr_percent"]) <= 0.005
        assert pl.datasets.PROPUBLICA_PUBLISHED_FPR[group] == counts["fpr_percent"] / 100
        # Chouldechova's identity on the published table
        row = rates.loc[group]
        identity = F.chouldechova_fpr(row["base_rate"], row["ppv"], row["fnr"])
        assert identity == pytest.approx(row["fpr"], rel=1e-12)
    assert tables["people"].sum() == sum(
        sum(c[k] for k in ("tp", "fp", "fn", "tn")) for c in PUBLISHED.values()
    )


def test_confusion_rates_equal_the_threshold_tables_rates(compas_table):
    rates = F.confusion_rates(compas_table[["group", "threshold", "tp", "fp", "fn", "tn"]])
    for column in (*F.RATE_COLUMNS, "people", "positives", "negatives", "flagged"):
        expected = compas_table[column].to_numpy(dtype=float)
        got = rates[column].to_numpy(dtype=float)
        assert np.allclose(got, expected, equal_nan=True), column


def test_confusion_rates_are_nan_where_undefined():
    rates = F.confusion_rates(pd.DataFrame({"tp": [0], "fp": [0], "fn": [3], "tn": [5]}))
    assert math.isnan(rates.loc[0, "ppv"])
    assert rates.loc[0, "fnr"] == 1.0 and rates.loc[0, "selection_rate"] == 0.0


@pytest.mark.parametrize(
    ("frame", "match"),
    [
        (pd.DataFrame({"tp": [1], "fp": [1], "fn": [1]}), "tn"),
        (pd.DataFrame({"tp": [1], "fp": [-1], "fn": [1], "tn": [1]}), "fp"),
        (pd.DataFrame({"tp": [1.5], "fp": [1], "fn": [1], "tn": [1]}), "whole numbers"),
        ([[1, 1, 1, 1]], "DataFrame"),
    ],
)
def test_confusion_rates_reject_bad_input(frame, match):
    with pytest.raises(ValueError, match=match):
        F.confusion_rates(frame)


def test_expand_counts_gives_one_row_per_defendant(compas):
    people = F.expand_counts(compas)
    assert len(people) == pl.datasets.COMPAS_DEFENDANTS
    assert "people" not in people.columns
    # counting the expanded rows gives back the table
    recount = (
        people.groupby(list(people.columns))
        .size()
        .rename("people")
        .reset_index()
        .sort_values(list(people.columns))
        .reset_index(drop=True)
    )
    original = compas.sort_values(list(people.columns)).reset_index(drop=True)
    pd.testing.assert_frame_equal(recount, original, check_dtype=False)


def test_expand_counts_drops_zero_rows_and_rejects_bad_counts():
    counts = pd.DataFrame({"g": ["A", "B", "C"], "n": [0, 2, 1]})
    assert F.expand_counts(counts, weight="n")["g"].tolist() == ["B", "B", "C"]
    with pytest.raises(ValueError, match="whole numbers"):
        F.expand_counts(counts.assign(n=[0.5, 1, 1]), weight="n")
    with pytest.raises(ValueError, match=r"table\['n'\]"):
        F.expand_counts(counts.assign(n=[-1, 1, 1]), weight="n")
    with pytest.raises(ValueError, match="people"):
        F.expand_counts(counts)
    with pytest.raises(ValueError, match="weight"):
        F.expand_counts(counts, weight=3)


def test_score_estimator_lets_fairlearn_equalise_error_rates_on_compas(compas):
    """fairlearn's ThresholdOptimizer, handed the deciles through score_estimator, meets
    equalised odds on the re-arrest labels; the identity then forces the PPVs apart."""
    from fairlearn.postprocessing import ThresholdOptimizer

    estimator = F.score_estimator()
    assert estimator.predict(np.array([[4.0, 9.0], [2.0, 1.0]])).tolist() == [4.0, 2.0]
    with pytest.raises(ValueError, match="first column"):
        estimator.predict(np.array([1.0, 2.0]))
    two = F.expand_counts(compas[compas["race"].isin([BLACK, WHITE])])
    optimizer = ThresholdOptimizer(
        estimator=estimator, constraints="equalized_odds", prefit=True, predict_method="predict"
    )
    optimizer.fit(
        two[["decile_score"]], two["rearrested_within_two_years"], sensitive_features=two["race"]
    )
    decisions = optimizer.predict(
        two[["decile_score"]], sensitive_features=two["race"], random_state=0
    )
    rates = F.group_metrics(two["rearrested_within_two_years"], decisions, two["race"])
    rates = rates.set_index("group")
    assert abs(rates.loc[BLACK, "fpr"] - rates.loc[WHITE, "fpr"]) < 0.02
    assert abs(rates.loc[BLACK, "fnr"] - rates.loc[WHITE, "fnr"]) < 0.02
    assert rates.loc[BLACK, "ppv"] - rates.loc[WHITE, "ppv"] > 0.05
    # at the shared threshold of 5 the FPRs are far apart (the datasheet's 0.42 and 0.22)
    shared = F.group_metrics(
        two["rearrested_within_two_years"], two["decile_score"] >= 5, two["race"]
    ).set_index("group")
    assert shared.loc[BLACK, "fpr"] - shared.loc[WHITE, "fpr"] > 0.15
