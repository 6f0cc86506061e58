"""Tests of base rates and screening: closed forms, counts, crowds, documented deployments.

Expected values come from a second method, never from the formula under test typed out
again: people counted one by one (the share of alerts that are right *is* the number of
correct alerts over the number of alerts), hand-worked examples, simulation against the
expected values, and properties the formulas must have. Documented figures are the
sources' own (``fussey2019``, ``markup2023``, ``nist8280`` in references.bib).
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policing_lab import screening as S

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROOT = Path(__file__).resolve().parents[1]

# Probabilities: the ends 0 and 1, and values >= 1e-9 (below that, products of two
# probabilities underflow towards the subnormal range and no double-precision formula
# can match the exact value to 12 digits).
probabilities = st.one_of(st.sampled_from([0.0, 1.0]), st.floats(1e-9, 1.0))


@st.composite
def counted_population(draw):
    """A screened population given as whole people: targets, others, and who is flagged.

    Returns the rates a screening system would be described by (base rate, TPR, FPR) and
    the counts they come from; the PPV and NPV are then plain ratios of counts. At most a
    million people of each kind: a rate is a float, and ``1 - fpr`` with ``fpr`` within
    1e-9 of 1 keeps only about seven digits of the count it came from.
    """
    targets = draw(st.integers(0, 10**6))
    others = draw(st.integers(0 if targets else 1, 10**6))
    flagged_targets = draw(st.integers(0, targets))
    flagged_others = draw(st.integers(0, others))
    rates = (
        targets / (targets + others),
        flagged_targets / targets if targets else draw(st.floats(0, 1)),
        flagged_others / others if others else draw(st.floats(0, 1)),
    )
    return rates, (targets, others, flagged_targets, flagged_others)


def ratio_of_counts(numerator: int, denominator: int) -> float:
    return float(Fraction(numerator, denominator)) if denominator else math.nan


def same(a: float, b: float, rel: float = 1e-12) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-300)


# --------------------------------------------------------------------------------------
# ppv and npv: closed form, vectorisation, NaN
# --------------------------------------------------------------------------------------
@FAST
@given(counted_population())
def test_ppv_and_npv_are_the_shares_of_people_counted(population):
    (pi, tpr, fpr), (targets, others, flagged_targets, flagged_others) = population
    value = S.ppv(pi, tpr, fpr)
    assert isinstance(value, float)
    # PPV: correct alerts / all alerts; NPV: cleared non-targets / everyone not flagged
    correct_share = ratio_of_counts(flagged_targets, flagged_targets + flagged_others)
    assert same(value, correct_share, rel=1e-9)
    cleared, missed = others - flagged_others, targets - flagged_targets
    assert same(S.npv(pi, tpr, fpr), ratio_of_counts(cleared, cleared + missed), rel=1e-9)


def test_ppv_of_hand_worked_examples():
    # 1,000 people, 10 targets, 9 flagged; 990 others, 99 flagged: 9 of 108 alerts right
    assert S.ppv(0.01, 0.9, 0.1) == pytest.approx(9 / 108, rel=1e-12)
    # chapter 3's exercise: 1 in 1,000 targets, 95% flagged, 2% of others flagged
    assert S.ppv(0.001, 0.95, 0.02) == pytest.approx(95 / (95 + 1_998), rel=1e-12)
    assert S.npv(0.5, 0.8, 0.3) == pytest.approx(70 / (70 + 20), rel=1e-12)


@FAST
@given(st.lists(st.tuples(probabilities, probabilities, probabilities), min_size=1, max_size=20))
def test_ppv_is_vectorised_elementwise(triples):
    pi, tpr, fpr = (np.array(column) for column in zip(*triples, strict=True))
    values = S.ppv(pi, tpr, fpr)
    assert isinstance(values, np.ndarray) and values.shape == (len(triples),)
    for value, triple in zip(values, triples, strict=True):
        assert same(float(value), S.ppv(*triple))  # the array is the scalars, elementwise


def test_ppv_broadcasts_a_grid():
    base_rates = np.array([1e-4, 1e-3, 1e-2, 0.1, 0.5])
    fprs = np.array([0.0, 0.001, 0.01, 0.1])
    grid = S.ppv(base_rates[:, None], 0.9, fprs[None, :])
    assert grid.shape == (5, 4)
    for i, pi in enumerate(base_rates):
        for j, fpr in enumerate(fprs):
            assert same(float(grid[i, j]), S.ppv(float(pi), 0.9, float(fpr)))
    assert isinstance(S.ppv(np.float64(0.1), np.array(0.9), 0.1), float)  # 0-d -> float
    assert S.ppv([], 0.9, 0.1).shape == (0,)


@pytest.mark.parametrize(
    ("pi", "tpr", "fpr"),
    [(0.0, 0.9, 0.0), (0.5, 0.0, 0.0), (1.0, 0.0, 0.3), (0.0, 0.0, 0.0)],
)
def test_ppv_is_nan_when_nobody_is_flagged(pi, tpr, fpr):
    assert math.isnan(S.ppv(pi, tpr, fpr))


def test_ppv_is_zero_with_only_false_alerts_and_npv_nan_when_everyone_is_flagged():
    assert S.ppv(0.0, 0.9, 0.1) == 0.0
    assert S.ppv(0.3, 0.0, 0.1) == 0.0
    assert math.isnan(S.npv(0.5, 1.0, 1.0))
    assert np.isnan(S.ppv([0.0, 0.5], 0.9, 0.0)).tolist() == [True, False]


def test_the_99_percent_accurate_lesson():
    """One target in 10,000, TPR 0.99, FPR 0.01: fewer than 1% of alerts are true."""
    value = S.ppv(1 / 10_000, 0.99, 0.01)
    assert value < 0.01
    # per million people: 100 targets, 99 flagged; 999,900 others, 9,999 flagged
    assert value == pytest.approx(99 / (99 + 9_999), rel=1e-12)
    counts = S.expected_counts(1_000_000, 1 / 10_000, 0.99, 0.01)
    assert counts["true_positives"] == pytest.approx(99, rel=1e-12)
    assert counts["false_positives"] == pytest.approx(9_999, rel=1e-12)


# --------------------------------------------------------------------------------------
# monotonicity
# --------------------------------------------------------------------------------------
@FAST
@given(probabilities, probabilities, probabilities, probabilities)
def test_ppv_never_decreases_with_base_rate(pi1, pi2, tpr, fpr):
    low, high = sorted((pi1, pi2))
    a, b = S.ppv(low, tpr, fpr), S.ppv(high, tpr, fpr)
    if not (math.isnan(a) or math.isnan(b)):
        assert a <= b  # exactly, not within a tolerance


@FAST
@given(probabilities, probabilities, probabilities, probabilities)
def test_ppv_never_increases_with_fpr(pi, tpr, fpr1, fpr2):
    low, high = sorted((fpr1, fpr2))
    a, b = S.ppv(pi, tpr, low), S.ppv(pi, tpr, high)
    if not (math.isnan(a) or math.isnan(b)):
        assert a >= b


@FAST
@given(
    st.floats(0.0, 0.999),
    st.floats(1e-3, 1.0),
    st.floats(1e-3, 1.0),
    st.floats(1e-3, 1.0),
)
def test_ppv_strictly_increases_with_base_rate_when_both_rates_are_positive(pi, gap, tpr, fpr):
    higher = min(pi + gap, 1.0)
    assert S.ppv(pi, tpr, fpr) < S.ppv(higher, tpr, fpr)


@FAST
@given(
    st.floats(1e-3, 0.999),
    st.floats(1e-3, 1.0),
    st.floats(0.0, 0.999),
    st.floats(1e-3, 1.0),
)
def test_ppv_strictly_decreases_with_fpr_when_some_targets_are_flagged(pi, tpr, fpr, gap):
    higher = min(fpr + gap, 1.0)
    assert S.ppv(pi, tpr, fpr) > S.ppv(pi, tpr, higher)


@FAST
@given(st.floats(1e-6, 1.0), st.floats(1e-6, 1.0), probabilities)
def test_where_ppv_does_not_move(pi, tpr, fpr):
    assert S.ppv(pi, tpr, 0.0) == 1.0  # no false alerts at all, whatever the base rate
    assert S.ppv(1.0, tpr, fpr) == 1.0  # everyone is a target, whatever the FPR


# --------------------------------------------------------------------------------------
# expected and simulated counts
# --------------------------------------------------------------------------------------
@FAST
@given(st.integers(1, 10**9), probabilities, probabilities, probabilities)
def test_expected_counts_add_up_and_give_back_their_rates(population, pi, tpr, fpr):
    counts = S.expected_counts(population, pi, tpr, fpr)
    assert tuple(counts) == S.OUTCOMES
    assert all(value >= 0 for value in counts.values())
    assert sum(counts.values()) == pytest.approx(population, rel=1e-12, abs=1e-9)
    tp, fp, fn, tn = (counts[name] for name in S.OUTCOMES)
    # the counts give back the rates they were made from, and the PPV of the closed form
    assert tp + fn == pytest.approx(population * pi, rel=1e-9, abs=1e-6)
    if tp + fn > 1e-6:
        assert tp / (tp + fn) == pytest.approx(tpr, rel=1e-9, abs=1e-9)
    if fp + tn > 1e-6:
        assert fp / (fp + tn) == pytest.approx(fpr, rel=1e-9, abs=1e-9)
    if tp + fp > 1e-6:
        assert tp / (tp + fp) == pytest.approx(S.ppv(pi, tpr, fpr), rel=1e-9, abs=1e-12)


def test_expected_counts_keep_the_few_non_targets_of_a_base_rate_near_one():
    """A base rate a hair below 1 leaves about 1.1e-10 non-targets in a million people;
    subtracting the targets from the population would round them to 1.16e-10 (one unit
    in the last place of 1e6), 5% off, and the PPV of the counts would drift from
    the closed form (Hypothesis found this)."""
    pi = 1 - 2**-53
    counts = S.expected_counts(1_000_000, pi, 1e-9, 1.0)
    non_targets = counts["false_positives"] + counts["true_negatives"]
    assert non_targets == pytest.approx(1e6 * 2**-53, rel=1e-12)
    tp, fp = counts["true_positives"], counts["false_positives"]
    assert tp / (tp + fp) == pytest.approx(S.ppv(pi, 1e-9, 1.0), rel=1e-12)


def test_expected_counts_of_a_hand_worked_example():
    # 1,000,000 people, 1 in 10,000 a target: 100 targets, 99 flagged; 999,900 others,
    # 1% of them (9,999) flagged
    counts = S.expected_counts(1_000_000, 1e-4, 0.99, 0.01)
    expected = {
        "true_positives": 99,
        "false_positives": 9_999,
        "false_negatives": 1,
        "true_negatives": 989_901,
    }
    assert counts == pytest.approx(expected, rel=1e-12)
    assert S.expected_counts(0, 0.5, 0.5, 0.5) == dict.fromkeys(S.OUTCOMES, 0.0)


@FAST
@given(st.integers(0, 10**7), probabilities, probabilities, probabilities, st.integers(0, 2**32))
def test_simulated_counts_are_whole_and_add_up_exactly(population, pi, tpr, fpr, seed):
    counts = S.simulate_screening(population, pi, tpr, fpr, seed=seed)
    assert tuple(counts) == S.OUTCOMES
    assert all(type(v) is int and v >= 0 for v in counts.values())
    assert sum(counts.values()) == population
    assert counts == S.simulate_screening(population, pi, tpr, fpr, seed=seed)
    if pi == 0:
        assert counts["true_positives"] == counts["false_negatives"] == 0
    if fpr == 0:
        assert counts["false_positives"] == 0


SCENARIOS = [
    (1_000_000, 1e-3, 0.99, 0.01),
    (200_000, 0.05, 0.8, 0.1),
    (50_000, 0.3, 0.6, 0.4),
    (170_000, 0.01, 0.9, 0.002),
]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_simulated_counts_agree_with_expected_within_five_standard_errors(scenario):
    """Each outcome count is Binomial(population, p_cell); check 40 draws and their mean.

    Tolerance: 5 standard errors, sqrt(n p (1 - p)) for one draw and that over sqrt(40)
    for the mean of 40 draws (a false alarm about once in 1.7 million checks).
    """
    population = scenario[0]
    expected = S.expected_counts(*scenario)  # the analytic values; simulation is the check
    draws = [S.simulate_screening(*scenario, seed=seed) for seed in range(40)]
    for name, mean in expected.items():
        p = mean / population
        se = math.sqrt(population * p * (1 - p))
        values = np.array([d[name] for d in draws])
        assert np.all(np.abs(values - mean) <= 5 * se), name
        assert abs(values.mean() - mean) <= 5 * se / math.sqrt(len(values)), name


def test_simulation_uses_the_given_generator():
    a = S.simulate_screening(10_000, 0.1, 0.9, 0.1, rng=np.random.default_rng(5))
    b = S.simulate_screening(10_000, 0.1, 0.9, 0.1, rng=np.random.default_rng(5))
    assert a == b
    rng = np.random.default_rng(5)
    first = S.simulate_screening(10_000, 0.1, 0.9, 0.1, rng=rng)
    second = S.simulate_screening(10_000, 0.1, 0.9, 0.1, rng=rng)  # the generator advanced
    assert first == a and second != first
    many = {tuple(S.simulate_screening(10_000, 0.1, 0.9, 0.1, seed=s).values()) for s in range(5)}
    assert len(many) > 1  # different seeds, different draws


# --------------------------------------------------------------------------------------
# confusion counts and the threshold table
# --------------------------------------------------------------------------------------
def counted_by_hand(labels, scores, threshold):
    tp = sum(1 for y, s in zip(labels, scores, strict=True) if y and s >= threshold)
    fp = sum(1 for y, s in zip(labels, scores, strict=True) if not y and s >= threshold)
    fn = sum(1 for y, s in zip(labels, scores, strict=True) if y and s < threshold)
    tn = sum(1 for y, s in zip(labels, scores, strict=True) if not y and s < threshold)
    return tp, fp, fn, tn


def ratio(a, b):
    return a / b if b else math.nan


scores_strategy = st.floats(-5, 5).map(lambda x: round(x, 1))  # coarse: many ties


@st.composite
def scored_people(draw, max_size=40):
    n = draw(st.integers(1, max_size))
    labels = draw(st.lists(st.sampled_from([0, 1]), min_size=n, max_size=n))
    scores = draw(st.lists(scores_strategy, min_size=n, max_size=n))
    return labels, scores


@FAST
@given(scored_people(), st.one_of(scores_strategy, st.floats(-10, 10)))
def test_confusion_counts_agree_with_a_count_by_hand(people, threshold):
    labels, scores = people
    out = S.confusion_counts(labels, scores, threshold)
    tp, fp, fn, tn = counted_by_hand(labels, scores, threshold)
    assert (out["tp"], out["fp"], out["fn"], out["tn"]) == (tp, fp, fn, tn)
    assert out["alerts"] == tp + fp and out["threshold"] == threshold
    assert same(out["tpr"], ratio(tp, tp + fn))
    assert same(out["fpr"], ratio(fp, fp + tn))
    assert same(out["ppv"], ratio(tp, tp + fp))


def test_confusion_counts_on_random_data_and_bool_labels():
    rng = np.random.default_rng(0)
    labels = rng.random(5_000) < 0.2
    scores = rng.normal(size=5_000) + labels
    for threshold in (-1.0, 0.0, 0.7, 2.5):
        out = S.confusion_counts(pd.Series(labels), scores, threshold)
        flagged = scores >= threshold
        assert out["tp"] == int(np.sum(labels & flagged))
        assert out["fp"] == int(np.sum(~labels & flagged))
        assert out["fn"] == int(np.sum(labels & ~flagged))
        assert out["tn"] == int(np.sum(~labels & ~flagged))


@FAST
@given(scored_people(), st.lists(st.one_of(scores_strategy, st.floats(-10, 10)), min_size=1))
def test_threshold_table_rows_equal_confusion_counts(people, thresholds):
    labels, scores = people
    table = S.threshold_table(labels, scores, thresholds)
    columns = ["threshold", "tp", "fp", "fn", "tn", "alerts", "tpr", "fpr", "ppv"]
    assert list(table.columns) == columns
    assert len(table) == len(thresholds)
    assert table["threshold"].tolist() == thresholds  # in the order given
    for row, threshold in zip(table.itertuples(index=False), thresholds, strict=True):
        expected = S.confusion_counts(labels, scores, threshold)
        for name in ("tp", "fp", "fn", "tn", "alerts"):
            assert getattr(row, name) == expected[name]
        for name in ("tpr", "fpr", "ppv"):
            assert same(getattr(row, name), expected[name])


def test_threshold_table_on_random_data():
    rng = np.random.default_rng(1)
    labels = (rng.random(20_000) < 0.05).astype(int)
    scores = np.round(rng.random(20_000) * 0.7 + 0.3 * labels, 2)  # ties at the grid
    grid = np.linspace(0, 1, 101)
    table = S.threshold_table(labels, scores, grid)
    flagged = scores[:, None] >= grid[None, :]
    assert table["tp"].tolist() == np.sum(flagged & (labels[:, None] == 1), axis=0).tolist()
    assert table["fp"].tolist() == np.sum(flagged & (labels[:, None] == 0), axis=0).tolist()
    assert (table["tp"] + table["fn"] == labels.sum()).all()
    assert (table["fp"] + table["tn"] == (labels == 0).sum()).all()
    assert (np.diff(table["alerts"]) <= 0).all()  # a higher threshold never adds alerts
    for column in ("tp", "fp", "fn", "tn", "alerts"):
        assert table[column].dtype == np.int64


# --------------------------------------------------------------------------------------
# facial recognition in a crowd
# --------------------------------------------------------------------------------------
SUMMED = ("crowd_share", "people", "on_watchlist", "correct_alerts", "false_alerts", "alerts")


def test_crowd_defaults_give_the_hand_worked_numbers():
    # 170,000 people, 1 in 10,000 on the watchlist: 17 people, 90% of them flagged (15.3);
    # 1 in 1,000 of the other 169,983 falsely flagged (169.983)
    table = S.crowd_screening()
    assert list(table.columns) == list(S.CROWD_COLUMNS)
    assert table["group"].tolist() == ["everyone", "total"]
    row = table.iloc[0]
    assert row["people"] == pytest.approx(170_000, rel=1e-12)
    assert row["on_watchlist"] == pytest.approx(17, rel=1e-12)
    assert row["correct_alerts"] == pytest.approx(15.3, rel=1e-12)
    assert row["false_alerts"] == pytest.approx(169.983, rel=1e-12)
    assert row["alerts"] == pytest.approx(185.283, rel=1e-12)
    assert row["share_of_alerts_false"] == pytest.approx(169.983 / 185.283, rel=1e-12)
    assert row["false_alerts_per_correct_alert"] == pytest.approx(169.983 / 15.3, rel=1e-12)
    assert row["false_alerts_per_10k_screened"] == pytest.approx(9.9990, rel=1e-12)
    # the crowd's share of false alerts is 1 - PPV of the same rates (a second function)
    assert row["share_of_alerts_false"] == pytest.approx(1 - S.ppv(1e-4, 0.9, 1e-3), rel=1e-12)


def test_a_group_with_ten_times_the_false_match_rate_gets_ten_times_the_false_alerts():
    # 200,000 people: group A 150,000 (30 on the watchlist), group B 50,000 (10 on it).
    # False alerts: A 149,970 x 0.0005 = 74.985; B 49,990 x 0.005 = 249.95.
    table = S.crowd_screening(
        200_000,
        2e-4,
        0.8,
        5e-4,
        group_shares={"A": 0.75, "B": 0.25},
        false_match_ratio={"A": 1, "B": 10},
    ).set_index("group")
    assert table.loc["A", "false_alerts"] == pytest.approx(74.985, rel=1e-12)
    assert table.loc["B", "false_alerts"] == pytest.approx(249.95, rel=1e-12)
    assert table.loc["A", "correct_alerts"] == pytest.approx(24, rel=1e-12)
    assert table.loc["B", "correct_alerts"] == pytest.approx(8, rel=1e-12)
    per_10k = table["false_alerts_per_10k_screened"]
    assert per_10k["B"] == pytest.approx(10 * per_10k["A"], rel=1e-12)
    # so a larger share of group B's alerts are false
    assert table.loc["B", "share_of_alerts_false"] > table.loc["A", "share_of_alerts_false"]
    assert table.loc["total", "false_match_ratio"] == pytest.approx(3.25, rel=1e-12)


def test_the_fixed_ratio_model_keeps_its_ratio_whatever_the_overall_error_rate():
    # The assumption crowd_screening makes (and chapter 3 labels as one): lowering
    # everyone's false-match rate lowers every group's false alerts but leaves the ratio
    # between groups where it was. crowd_screening_at_threshold drops the assumption.
    def per_10k(rate):
        table = S.crowd_screening(
            false_match_rate=rate, group_shares=[0.8, 0.2], false_match_ratio=[1, 10]
        )
        return table["false_alerts_per_10k_screened"].iloc[:2].to_numpy()

    high, low = per_10k(1e-3), per_10k(1e-4)
    assert np.all(low < high)
    assert high[1] / high[0] == pytest.approx(10, rel=1e-12)
    assert low[1] / low[0] == pytest.approx(10, rel=1e-12)


@st.composite
def crowds(draw):
    k = draw(st.integers(1, 5))
    weights = draw(st.lists(st.floats(0.05, 1.0), min_size=k, max_size=k))
    shares = [x / sum(weights) for x in weights]
    ratios = draw(st.lists(st.floats(0.1, 100.0), min_size=k, max_size=k))
    return (
        draw(st.integers(1, 10**7)),
        draw(st.floats(1e-6, 0.5)),
        draw(st.floats(0.01, 1.0)),
        draw(st.floats(1e-6, 0.009)),
        shares,
        ratios,
    )


@FAST
@given(crowds())
def test_crowd_total_is_the_sum_over_groups_and_each_group_follows_ppv(crowd):
    n, w, tmr, fmr, shares, ratios = crowd
    table = S.crowd_screening(n, w, tmr, fmr, group_shares=shares, false_match_ratio=ratios)
    groups, total = table.iloc[:-1], table.iloc[-1]
    assert groups["group"].tolist() == [chr(ord("A") + i) for i in range(len(shares))]
    assert total["group"] == "total"
    for column in SUMMED:
        assert total[column] == pytest.approx(groups[column].sum(), rel=1e-9)
    # a one-group crowd at ratio 1 is the reference: each group's false alerts per 10,000
    # screened are its ratio times the reference's, and its false share 1 - PPV
    reference = S.crowd_screening(n, w, tmr, fmr)["false_alerts_per_10k_screened"].iloc[0]
    for (_, row), share, r in zip(groups.iterrows(), shares, ratios, strict=True):
        assert row["people"] == pytest.approx(n * share)
        assert row["false_alerts_per_10k_screened"] == pytest.approx(reference * r, rel=1e-9)
        assert row["share_of_alerts_false"] == pytest.approx(1 - S.ppv(w, tmr, fmr * r))


def test_crowd_accepts_a_sequence_and_a_mapping_together():
    a = S.crowd_screening(group_shares=[0.6, 0.4], false_match_ratio={"B": 3, "A": 1})
    b = S.crowd_screening(group_shares={"A": 0.6, "B": 0.4}, false_match_ratio=[1, 3])
    pd.testing.assert_frame_equal(a, b)
    assert a["false_match_ratio"].tolist()[:2] == [1.0, 3.0]


def test_simulated_crowd_is_whole_reproducible_and_adds_up():
    kwargs = dict(group_shares=[0.7, 0.3], false_match_ratio=[1, 20], simulate=True)
    a = S.crowd_screening(**kwargs, seed=3)
    pd.testing.assert_frame_equal(a, S.crowd_screening(**kwargs, seed=3))
    pd.testing.assert_frame_equal(a, S.crowd_screening(**kwargs, rng=np.random.default_rng(3)))
    assert not a.equals(S.crowd_screening(**kwargs, seed=4))
    for column in ("people", "on_watchlist", "correct_alerts", "false_alerts", "alerts"):
        assert a[column].dtype == np.int64
        assert a[column].iloc[-1] == a[column].iloc[:-1].sum()
    assert a["people"].iloc[-1] == S.CROWD_SIZE
    assert (a["correct_alerts"] <= a["on_watchlist"]).all()
    assert (a["false_alerts"] <= a["people"] - a["on_watchlist"]).all()


def test_simulated_crowd_agrees_with_expected_values():
    """Every count is Binomial(crowd, p) (independent thinning of each person), so check
    30 draws and their mean within 5 standard errors of the expected table's values."""
    n, w, tmr, fmr = 500_000, 1e-3, 0.9, 1e-3
    groups = dict(group_shares=[0.8, 0.2], false_match_ratio=[1.0, 10.0])
    expected = S.crowd_screening(n, w, tmr, fmr, **groups)  # analytic; simulation checks it
    draws = [S.crowd_screening(n, w, tmr, fmr, **groups, simulate=True, seed=s) for s in range(30)]
    for g in range(2):
        for column in ("people", "on_watchlist", "correct_alerts", "false_alerts"):
            values = np.array([d[column].iloc[g] for d in draws], dtype=float)
            mean = expected[column].iloc[g]
            p = mean / n
            se = math.sqrt(n * p * (1 - p))
            assert np.all(np.abs(values - mean) <= 5 * se), (g, column)
            assert abs(values.mean() - mean) <= 5 * se / math.sqrt(len(values)), (g, column)


def test_crowd_edge_cases():
    empty = S.crowd_screening(0)
    assert (empty[["people", "alerts"]] == 0).all().all()
    assert empty["share_of_alerts_false"].isna().all()
    assert empty["false_alerts_per_10k_screened"].isna().all()
    nobody_listed = S.crowd_screening(watchlist_share=0.0)
    assert nobody_listed["share_of_alerts_false"].tolist() == [1.0, 1.0]
    assert nobody_listed["false_alerts_per_correct_alert"].isna().all()
    with_empty_group = S.crowd_screening(group_shares=[1.0, 0.0], false_match_ratio=[1, 50])
    assert math.isnan(with_empty_group["false_alerts_per_10k_screened"].iloc[1])


def test_nist_ratio_constants_are_ratios_not_rates():
    assert S.FALSE_MATCH_RATIO_RANGE == (10.0, 100.0)
    assert S.FALSE_MATCH_RATIO_WOMEN == (2.0, 5.0)
    high = S.crowd_screening(
        group_shares=[0.5, 0.5], false_match_ratio=[1, S.FALSE_MATCH_RATIO_RANGE[1]]
    )
    assert high["false_alerts"].iloc[1] == pytest.approx(100 * high["false_alerts"].iloc[0])


# --------------------------------------------------------------------------------------
# documented deployments
# --------------------------------------------------------------------------------------
def test_deployment_shares_come_from_the_raw_counts():
    table = S.deployment_table().set_index("key", drop=False)
    london = table.iloc[0]
    assert (london["flagged"], london["correct"], london["false"]) == (42, 8, 34)
    assert london["share_correct"] == 8 / 42
    assert round(100 * london["share_correct"]) == 19  # the Essex review's 19%
    cardiff = table.iloc[1]
    assert (cardiff["flagged"], cardiff["false"], cardiff["correct"]) == (2_470, 2_297, 173)
    assert cardiff["share_false"] == 2_297 / 2_470
    # 2,297 / 2,470 = 92.996...%: usually reported as "92%" (truncated); rounded it is 93%
    assert math.floor(100 * cardiff["share_false"]) == 92
    assert round(100 * cardiff["share_false"]) == 93
    assert cardiff["crowd"] == 170_000
    assert cardiff["false_per_10k_screened"] == pytest.approx(10_000 * 2_297 / 170_000)
    plainfield = table.iloc[2]
    assert plainfield["flagged"] == 23_631
    assert plainfield["share_correct"] == 0.0027
    assert plainfield["computed_from"] == "reported percentage"
    assert pd.isna(plainfield["correct"]) and pd.isna(plainfield["false"])
    assert table["computed_from"].tolist()[:2] == ["counts", "counts"]


def test_deployments_store_counts_and_cite_sources():
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"@\w+\{([^,]+),", bib))
    for d in S.DEPLOYMENTS:
        assert isinstance(d.flagged, int) and d.flagged > 0
        for count in (d.correct, d.false):
            assert count is None or (isinstance(count, int) and 0 <= count <= d.flagged)
        if d.key is not None:
            assert d.key in keys
    assert [d.key for d in S.DEPLOYMENTS] == ["fussey2019", "swp2018", "markup2023"]
    assert S.DEPLOYMENTS[1].source == "South Wales Police figures, reported by Fortune"
    table = S.deployment_table()
    assert (table["share_correct"] + table["share_false"]).round(12).eq(1).all()


def _deployment(**changes):
    base = dict(
        name="n",
        system="s",
        when="w",
        unit="alerts",
        flagged=10,
        correct=None,
        false=None,
        reported_share_correct=None,
        crowd=None,
        source="src",
        key=None,
        note="",
    )
    return S.Deployment(**{**base, **changes})


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({}, "reported_share_correct must be given"),
        ({"reported_share_correct": 1.5}, "reported_share_correct must be a probability"),
        ({"correct": 11}, r"correct must be an integer in \[0, 10\]"),
        ({"false": -1}, r"false must be an integer in \[0, 10\]"),
        ({"correct": 3, "false": 3}, "correct \\+ false must equal flagged"),
        ({"flagged": 0, "correct": 0}, "flagged must be an integer >= 1"),
    ],
)
def test_a_deployment_must_give_counts_or_a_percentage(changes, match):
    with pytest.raises(ValueError, match=match):
        _deployment(**changes)


def test_a_deployment_computes_what_its_source_leaves_out():
    assert _deployment(correct=3).outcome() == (3, 7, 0.3, 0.7, "counts")
    assert _deployment(false=9).outcome() == (1, 9, 0.1, 0.9, "counts")
    only_share = _deployment(reported_share_correct=0.25).outcome()
    assert only_share == (None, None, 0.25, 0.75, "reported percentage")


# --------------------------------------------------------------------------------------
# bad input: only ValueError, naming the parameter and the allowed range
# --------------------------------------------------------------------------------------
BAD_PROBABILITIES = [
    -0.1,
    1.1,
    math.nan,
    math.inf,
    "0.5",
    None,
    True,
    [0.5, 1.2],
    [[0.1], [0.2, 0.3]],
]


@pytest.mark.parametrize("function", [S.ppv, S.npv])
@pytest.mark.parametrize("name", ["base_rate", "tpr", "fpr"])
@pytest.mark.parametrize("bad", BAD_PROBABILITIES, ids=repr)
def test_ppv_npv_reject_bad_probabilities(function, name, bad):
    kwargs = {"base_rate": 0.1, "tpr": 0.9, "fpr": 0.1, name: bad}
    with pytest.raises(ValueError, match=name):
        function(**kwargs)


@pytest.mark.parametrize("bad", [-0.1, 1.1, math.nan], ids=repr)
def test_probability_messages_give_the_range(bad):
    with pytest.raises(ValueError, match=re.escape("[0, 1]")):
        S.ppv(bad, 0.9, 0.1)
    with pytest.raises(ValueError, match=re.escape("[0, 1]")):
        S.ppv([0.1, bad], 0.9, 0.1)


def test_ppv_rejects_shapes_that_do_not_broadcast():
    with pytest.raises(ValueError, match="broadcast"):
        S.ppv([0.1, 0.2], [0.9, 0.8, 0.7], 0.1)


BAD_COUNTS = [-1, 1.5, 10.0, True, "10", None, 10**13]


@pytest.mark.parametrize("function", [S.expected_counts, S.simulate_screening])
@pytest.mark.parametrize("bad", BAD_COUNTS, ids=repr)
def test_screening_rejects_bad_population(function, bad):
    with pytest.raises(ValueError, match="population must be an integer"):
        function(bad, 0.1, 0.9, 0.1)


@pytest.mark.parametrize("function", [S.expected_counts, S.simulate_screening])
@pytest.mark.parametrize("position", [1, 2, 3])
@pytest.mark.parametrize("bad", [-0.1, 1.1, math.nan, "0.5", None, [0.5]], ids=repr)
def test_screening_rejects_bad_probabilities(function, position, bad):
    args = [1_000, 0.1, 0.9, 0.1]
    args[position] = bad
    name = ("population", "base_rate", "tpr", "fpr")[position]
    with pytest.raises(ValueError, match=rf"{name} must be a probability in \[0, 1\]"):
        function(*args)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"seed": -1}, "seed"),
        ({"seed": 1.5}, "seed"),
        ({"seed": "a"}, "seed"),
        ({"rng": "a"}, "rng"),
        ({"rng": 5}, "rng"),
        ({"seed": 1, "rng": np.random.default_rng(1)}, "either seed or rng"),
    ],
)
def test_simulate_screening_rejects_bad_randomness(kwargs, match):
    with pytest.raises(ValueError, match=match):
        S.simulate_screening(1_000, 0.1, 0.9, 0.1, **kwargs)


@pytest.mark.parametrize("function", [S.confusion_counts, S.threshold_table])
@pytest.mark.parametrize(
    ("y_true", "match"),
    [
        ([0, 2, 1], r"y_true must be in \[0, 1\]|y_true.*\[0, 1\]"),
        ([0, 0.5, 1], "y_true must hold binary labels 0 or 1"),
        ([0, -1, 1], r"y_true.*\[0, 1\]"),
        ([0, math.nan, 1], "y_true"),
        ("abc", "y_true"),
        ([], "y_true must have at least 1"),
        ([[0, 1, 1]], "y_true must be a 1-dimensional"),
        ([True, None, False], "y_true"),
        (None, "y_true"),
    ],
)
def test_scored_functions_reject_bad_labels(function, y_true, match):
    last = 0.5 if function is S.confusion_counts else [0.5]
    with pytest.raises(ValueError, match=match):
        function(y_true, [0.1, 0.5, 0.9], last)


@pytest.mark.parametrize("function", [S.confusion_counts, S.threshold_table])
@pytest.mark.parametrize(
    ("y_score", "match"),
    [
        ([0.1, 0.5], "y_score must have length 3"),
        ([0.1, math.nan, 0.9], "y_score must be finite"),
        ([0.1, math.inf, 0.9], "y_score must be finite"),
        (["a", "b", "c"], "y_score"),
        ([[0.1, 0.5, 0.9]], "y_score must be a 1-dimensional"),
        (None, "y_score"),
    ],
)
def test_scored_functions_reject_bad_scores(function, y_score, match):
    last = 0.5 if function is S.confusion_counts else [0.5]
    with pytest.raises(ValueError, match=match):
        function([0, 1, 1], y_score, last)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, "0.5", None, True, [0.5]], ids=repr)
def test_confusion_counts_rejects_bad_threshold(bad):
    with pytest.raises(ValueError, match="threshold must be a number finite"):
        S.confusion_counts([0, 1, 1], [0.1, 0.5, 0.9], bad)


@pytest.mark.parametrize(
    ("bad", "match"),
    [
        ([], "thresholds must have at least 1"),
        ([0.5, math.nan], "thresholds must be finite"),
        ([0.5, math.inf], "thresholds must be finite"),
        ([[0.5]], "thresholds must be a 1-dimensional"),
        ("abc", "thresholds"),
        (0.5, "thresholds must be a 1-dimensional"),
        (None, "thresholds"),
    ],
)
def test_threshold_table_rejects_bad_thresholds(bad, match):
    with pytest.raises(ValueError, match=match):
        S.threshold_table([0, 1, 1], [0.1, 0.5, 0.9], bad)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"crowd_size": -1}, r"crowd_size must be an integer in \[0, "),
        ({"crowd_size": 1.5}, "crowd_size must be an integer"),
        ({"crowd_size": 1000.0}, "crowd_size must be an integer"),
        ({"crowd_size": True}, "crowd_size must be an integer"),
        ({"crowd_size": "1000"}, "crowd_size must be an integer"),
        ({"crowd_size": 10**13}, "crowd_size must be an integer"),
        ({"watchlist_share": -0.1}, r"watchlist_share must be a probability in \[0, 1\]"),
        ({"watchlist_share": 1.5}, r"watchlist_share must be a probability in \[0, 1\]"),
        ({"watchlist_share": math.nan}, "watchlist_share must be a probability"),
        ({"watchlist_share": "0.1"}, "watchlist_share must be a probability"),
        ({"true_match_rate": 1.01}, r"true_match_rate must be a probability in \[0, 1\]"),
        ({"true_match_rate": None}, "true_match_rate must be a probability"),
        ({"false_match_rate": -1e-3}, r"false_match_rate must be a probability in \[0, 1\]"),
        ({"false_match_rate": [1e-3]}, "false_match_rate must be a probability"),
        ({"group_shares": [0.5, 0.4]}, "group_shares must sum to 1"),
        ({"group_shares": [1.2, -0.2]}, r"group_shares must be in \[0, 1\]"),
        ({"group_shares": []}, "group_shares must have at least 1"),
        ({"group_shares": [[0.5, 0.5]]}, "group_shares must be a 1-dimensional"),
        ({"group_shares": 1.0}, "group_shares must be a 1-dimensional"),
        ({"group_shares": "ab"}, "group_shares"),
        ({"group_shares": {"A": "x", "B": 0.5}}, "group_shares"),
        ({"group_shares": [1 / 27] * 27}, "group_shares may have at most 26 groups"),
        ({"group_shares": {"A": 0.5, "total": 0.5}}, "group_shares may not name a group 'total'"),
        ({"group_shares": {1: 0.5, "1": 0.5}}, "group_shares must not repeat a group name"),
        ({"false_match_ratio": [1, 2]}, "false_match_ratio needs group_shares"),
        (
            {"group_shares": [0.5, 0.5], "false_match_ratio": [1, 0]},
            "false_match_ratio must be > 0",
        ),
        (
            {"group_shares": [0.5, 0.5], "false_match_ratio": [1, -2]},
            "false_match_ratio must be > 0",
        ),
        (
            {"group_shares": [0.5, 0.5], "false_match_ratio": [1, math.nan]},
            "false_match_ratio must be > 0",
        ),
        (
            {"group_shares": [0.5, 0.5], "false_match_ratio": [1, 2, 3]},
            "false_match_ratio must have length 2",
        ),
        (
            {"group_shares": {"A": 0.5, "B": 0.5}, "false_match_ratio": {"A": 1, "C": 2}},
            "false_match_ratio must name the same groups as group_shares",
        ),
        (
            {"group_shares": [0.5, 0.5], "false_match_ratio": [1, 2000]},
            r"false_match_ratio must be <= 1 / false_match_rate = 1000",
        ),
        ({"group_shares": [0.5, 0.5], "false_match_ratio": "ab"}, "false_match_ratio"),
        ({"simulate": "yes"}, "simulate must be True or False"),
        ({"simulate": 1}, "simulate must be True or False"),
        ({"seed": 1}, "seed and rng are used only with simulate=True"),
        ({"rng": np.random.default_rng(1)}, "seed and rng are used only with simulate=True"),
        ({"simulate": True, "seed": -1}, "seed must be an integer"),
        ({"simulate": True, "rng": "x"}, "rng must be a numpy.random.Generator"),
        (
            {"simulate": True, "seed": 1, "rng": np.random.default_rng(1)},
            "either seed or rng",
        ),
    ],
)
def test_crowd_screening_rejects_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        S.crowd_screening(**kwargs)


def test_group_shares_within_tolerance_are_accepted():
    table = S.crowd_screening(group_shares=[0.5, 0.5 + 5e-7])
    assert table["people"].iloc[-1] == pytest.approx(S.CROWD_SIZE, rel=1e-6)


# --------------------------------------------------------------------------------------
# a crowd screened at a match-score threshold
# --------------------------------------------------------------------------------------
# Upper tails of the standard normal distribution from printed tables (Abramowitz &
# Stegun, table 26.1): P(Z >= 1), P(Z >= 2), P(Z >= 3), P(Z >= 4).
TAIL_1, TAIL_2, TAIL_3, TAIL_4 = 0.158655254, 0.022750132, 0.001349898, 3.1671242e-5


def test_threshold_crowd_gives_the_hand_worked_numbers():
    # 100,000 people, 1 in 1,000 on the watchlist: 100 listed, 99,900 not. Impostor
    # scores Normal(0.4, 0.1), genuine Normal(0.72, 0.1). At 0.6 an impostor is 2 sd
    # above the mean, a genuine match 1.2 sd below (no table value: checked by erfc); at
    # 0.7, 3 sd above and 0.2 below; at 0.62, 2.2 sd above and exactly 1 sd below.
    table = S.crowd_screening_at_threshold(
        [0.6, 0.7, 0.62],
        100_000,
        1e-3,
        impostor_mean=0.4,
        impostor_sd=0.1,
        genuine_mean=0.72,
        genuine_sd=0.1,
    )
    assert list(table.columns) == ["threshold", *S.CROWD_COLUMNS]
    everyone = table[table["group"] == "everyone"].set_index("threshold")
    assert everyone.loc[0.6, "false_match_rate"] == pytest.approx(TAIL_2, rel=1e-8)
    assert everyone.loc[0.6, "false_alerts"] == pytest.approx(99_900 * TAIL_2, rel=1e-8)
    assert everyone.loc[0.7, "false_alerts"] == pytest.approx(99_900 * TAIL_3, rel=1e-6)
    assert everyone.loc[0.62, "correct_alerts"] == pytest.approx(100 * (1 - TAIL_1), rel=1e-8)
    genuine_tail = 0.5 * math.erfc(-1.2 / math.sqrt(2))  # P(Z >= -1.2)
    assert everyone.loc[0.6, "correct_alerts"] == pytest.approx(100 * genuine_tail, rel=1e-12)
    assert (everyone["false_match_ratio"] == 1).all()


def test_the_ratio_between_groups_moves_with_the_threshold():
    # Group B's impostor scores: higher mean, less spread. At 0.62 both groups' threshold
    # is exactly 4 sd above their mean ((0.62 - 0.36) / 0.065 = (0.62 - 0.40) / 0.055 = 4),
    # so their false-match rates are equal; at 0.5 B is 1.818 sd above, A 2.154 sd above.
    table = S.crowd_screening_at_threshold(
        np.round(np.arange(0.50, 0.621, 0.02), 2),
        group_shares={"A": 0.8, "B": 0.2},
        impostor_mean={"A": 0.36, "B": 0.40},
        impostor_sd={"A": 0.065, "B": 0.055},
    )
    b = table[table["group"] == "B"].set_index("threshold")
    a = table[table["group"] == "A"].set_index("threshold")
    assert a.loc[0.62, "false_match_rate"] == pytest.approx(TAIL_4, rel=1e-6)
    assert b.loc[0.62, "false_match_rate"] == pytest.approx(TAIL_4, rel=1e-6)
    assert b.loc[0.62, "false_match_ratio"] == pytest.approx(1, rel=1e-9)
    tail = lambda z: 0.5 * math.erfc(z / math.sqrt(2))  # noqa: E731
    assert b.loc[0.5, "false_match_ratio"] == pytest.approx(
        tail(0.1 / 0.055) / tail(0.14 / 0.065), rel=1e-12
    )
    # the gap shrinks at every step towards the strict end, and the ratio in the table is
    # the ratio of false alerts per person screened
    assert (np.diff(b["false_match_ratio"].to_numpy()) < 0).all()
    per_person = b["false_alerts_per_10k_screened"] / a["false_alerts_per_10k_screened"]
    np.testing.assert_allclose(per_person, b["false_match_ratio"], rtol=1e-12)
    # a stricter threshold means fewer alerts of both kinds
    total = table[table["group"] == "total"]
    assert (np.diff(total["false_alerts"].to_numpy()) < 0).all()
    assert (np.diff(total["correct_alerts"].to_numpy()) < 0).all()


def test_groups_with_the_same_scores_have_the_same_rate_at_every_threshold():
    table = S.crowd_screening_at_threshold(
        np.linspace(0, 1, 11), group_shares=[0.3, 0.7], impostor_mean=0.4, impostor_sd=0.1
    )
    groups = table[table["group"] != "total"]
    np.testing.assert_allclose(groups["false_match_ratio"], 1.0)


def test_a_shifted_group_with_the_same_spread_has_a_gap_that_grows_with_the_threshold():
    # Same sd, B's mean 0.05 higher: the ratio of normal tails grows with the threshold
    # (at t the ratio is tail(z - 0.5) / tail(z) for z = (t - 0.35) / 0.1).
    thresholds = [0.45, 0.55, 0.65]
    table = S.crowd_screening_at_threshold(
        thresholds, group_shares=[0.5, 0.5], impostor_mean=[0.35, 0.40], impostor_sd=0.1
    )
    ratios = table[table["group"] == "B"]["false_match_ratio"].to_numpy()
    tail = lambda z: 0.5 * math.erfc(z / math.sqrt(2))  # noqa: E731
    expected = [tail(z - 0.5) / tail(z) for z in (1.0, 2.0, 3.0)]
    np.testing.assert_allclose(ratios, expected, rtol=1e-9)
    assert ratios[0] < ratios[1] < ratios[2]


def test_threshold_rates_agree_with_scores_drawn_one_by_one():
    """A second method: draw every person's score and count those at or above the
    threshold; the function's rates must lie within 5 standard errors."""
    rng = np.random.default_rng(12)
    n = 400_000
    means, sds, threshold = {"A": 0.36, "B": 0.40}, {"A": 0.065, "B": 0.055}, 0.5
    table = S.crowd_screening_at_threshold(
        threshold,
        group_shares={"A": 0.5, "B": 0.5},
        impostor_mean=means,
        impostor_sd=sds,
        genuine_mean=0.55,
        genuine_sd=0.1,
    ).set_index("group")
    for group in ("A", "B"):
        share = np.mean(rng.normal(means[group], sds[group], n) >= threshold)
        rate = table.loc[group, "false_match_rate"]
        assert abs(share - rate) <= 5 * math.sqrt(rate * (1 - rate) / n), group
    share = np.mean(rng.normal(0.55, 0.1, n) >= threshold)
    tmr = table.loc["A", "correct_alerts"] / table.loc["A", "on_watchlist"]
    assert abs(share - tmr) <= 5 * math.sqrt(tmr * (1 - tmr) / n)


def test_threshold_crowd_is_the_fixed_ratio_crowd_at_its_own_rates():
    kwargs = dict(
        group_shares={"A": 0.8, "B": 0.2},
        impostor_mean={"A": 0.36, "B": 0.4},
        impostor_sd={"A": 0.065, "B": 0.055},
    )
    at = S.crowd_screening_at_threshold(0.56, **kwargs).drop(columns="threshold")
    rates = at.set_index("group")["false_match_rate"]
    tmr = at["correct_alerts"].iloc[0] / at["on_watchlist"].iloc[0]
    fixed = S.crowd_screening(
        true_match_rate=tmr,
        false_match_rate=rates["A"],
        group_shares={"A": 0.8, "B": 0.2},
        false_match_ratio={"A": 1.0, "B": rates["B"] / rates["A"]},
    )
    pd.testing.assert_frame_equal(at, fixed, rtol=1e-12)


def test_simulated_threshold_crowd_is_whole_reproducible_and_near_expected():
    kwargs = dict(
        group_shares=[0.8, 0.2],
        impostor_mean=[0.36, 0.4],
        impostor_sd=[0.065, 0.055],
        simulate=True,
    )
    a = S.crowd_screening_at_threshold([0.5, 0.56], **kwargs, seed=5)
    pd.testing.assert_frame_equal(a, S.crowd_screening_at_threshold([0.5, 0.56], **kwargs, seed=5))
    assert not a.equals(S.crowd_screening_at_threshold([0.5, 0.56], **kwargs, seed=6))
    for column in ("people", "on_watchlist", "correct_alerts", "false_alerts"):
        assert a[column].dtype == np.int64
    expected = S.crowd_screening_at_threshold([0.5, 0.56], **{**kwargs, "simulate": False})
    for i in range(len(a)):
        mean = expected["false_alerts"].iloc[i]
        se = math.sqrt(expected["people"].iloc[i] * 0.04)  # generous: rates below 0.04
        assert abs(a["false_alerts"].iloc[i] - mean) <= 5 * se + 5


def test_npl_and_met_figures_are_the_sources_and_cited():
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    for key in ("npl2023", "sky2019", "swp2018", "nist8280"):
        assert f"{{{key}," in bib
    assert S.NPL_STRICT_THRESHOLD == 0.6
    assert S.NPL_LOWER_THRESHOLDS == (0.58, 0.56)
    assert S.NPL_TRUE_POSITIVE_RATE == 0.89
    assert round(1 / S.NPL_FALSE_ALERTS_PER_FACE) == 6_000
    assert S.NPL_WATCHLIST_IMAGES == 10_000
    assert round(1 / S.MET_FALSE_ALERT_RATE) == 1_000
    # NIST's range is for one-to-one verification: the package says so where it is used
    doc = " ".join((S.__doc__ or "").split())
    assert "one-to-one verification" in doc and "one-to-many" in doc
    crowd_doc = " ".join((S.crowd_screening.__doc__ or "").split())
    assert (
        "one-to-one verification" in crowd_doc and "**Assumption:** the ratio is fixed" in crowd_doc
    )
    source = (ROOT / "policing_lab" / "screening.py").read_text(encoding="utf-8")
    comment = source[: source.index("FALSE_MATCH_RATIO_RANGE = ")].rsplit("\n\n", 1)[-1]
    assert "one-to-one verification" in comment and "one-to-many" in comment


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"threshold": -0.1}, r"threshold must be a number in \[0, 1\]"),
        ({"threshold": 1.5}, r"threshold must be a number in \[0, 1\]"),
        ({"threshold": math.nan}, "threshold must be a number"),
        ({"threshold": "0.5"}, "threshold"),
        ({"threshold": None}, "threshold"),
        ({"threshold": True}, "threshold"),
        ({"threshold": [0.5, 1.2]}, r"every element of threshold must be in \[0, 1\]"),
        ({"threshold": []}, "threshold must be a number in"),
        ({"threshold": [[0.5]]}, "threshold must be a number in"),
        ({"impostor_mean": 1.5}, r"impostor_mean must be a number in \[0, 1\]"),
        ({"impostor_sd": 0.0}, r"impostor_sd must be a number in \(0, 1\]"),
        ({"impostor_sd": [0.1, 0.1]}, "impostor_sd must have length 1"),
        ({"genuine_mean": -0.2}, r"genuine_mean must be a number in \[0, 1\]"),
        ({"genuine_sd": 0}, r"genuine_sd must be a number in \(0, 1\]"),
        ({"genuine_sd": "x"}, "genuine_sd must be a number"),
        ({"group_shares": [0.5, 0.4]}, "group_shares must sum to 1"),
        (
            {"group_shares": {"A": 0.5, "B": 0.5}, "impostor_mean": {"A": 0.3, "C": 0.4}},
            "impostor_mean must name the same groups as group_shares",
        ),
        ({"group_shares": [0.5, 0.5], "impostor_sd": [0.1, -1]}, "impostor_sd must be in"),
        ({"crowd_size": -1}, "crowd_size must be an integer"),
        ({"watchlist_share": 2}, r"watchlist_share must be a probability in \[0, 1\]"),
        ({"seed": 1}, "seed and rng are used only with simulate=True"),
        ({"simulate": 1}, "simulate must be True or False"),
        ({"simulate": True, "seed": -1}, "seed must be an integer"),
    ],
)
def test_threshold_crowd_rejects_bad_input(kwargs, match):
    kwargs = {"threshold": 0.5, **kwargs}
    with pytest.raises(ValueError, match=match):
        S.crowd_screening_at_threshold(**kwargs)
