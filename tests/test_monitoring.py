"""Chapter 6's models: the post stream, the flagger, the chilling toy, the page views.

Expected values are worked out here from the model's definition (by hand, from the
binomial distribution, from per-segment fits with numpy.polyfit or scikit-learn), not
read from the module under test.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policing_lab import monitoring as M

ROOT = Path(__file__).resolve().parents[1]

probabilities = st.floats(0.0, 1.0, allow_nan=False)
small_rates = st.floats(1e-7, 0.05, allow_nan=False)
specificities = st.floats(0.9, 1.0, allow_nan=False)
ratios = st.floats(0.1, 10.0, allow_nan=False)


# --------------------------------------------------------------------------------------
# the stream of posts
# --------------------------------------------------------------------------------------
def test_posts_are_reproducible_and_have_documented_columns():
    a = M.make_posts(5_000, seed=3)
    b = M.make_posts(5_000, rng=np.random.default_rng(3))
    pd.testing.assert_frame_equal(a, b)
    assert tuple(a.columns) == M.POST_COLUMNS
    assert a["post"].tolist() == list(range(5_000))
    assert set(a["group"]) <= {"A", "B"}
    assert (a["dialect_marker"] == (a["group"] == "B")).all()
    assert not a.equals(M.make_posts(5_000, seed=4))


def test_post_shares_follow_the_binomial_distribution():
    n, share, rate = 200_000, 0.3, 0.01
    posts = M.make_posts(n, threat_rate=rate, dialect_share=share, seed=11)
    for observed, p in (
        (posts["dialect_marker"].sum(), share),
        (posts["genuine_threat"].sum(), rate),
    ):
        sd = math.sqrt(n * p * (1 - p))
        assert abs(observed - n * p) < 5 * sd


def test_threats_are_as_common_in_both_groups():
    posts = M.make_posts(400_000, threat_rate=0.02, dialect_share=0.5, seed=5)
    rates = posts.groupby("group")["genuine_threat"].mean()
    assert abs(rates["A"] - rates["B"]) < 0.003  # 5 standard errors of a difference


def test_flags_follow_sensitivity_and_unequal_false_flag_rates():
    posts = M.make_posts(600_000, threat_rate=0.01, dialect_share=0.5, seed=1)
    flagged = M.flag_posts(
        posts, sensitivity=0.8, specificity=0.99, dialect_false_flag_ratio=3, seed=2
    )
    assert flagged.drop(columns="flagged").equals(posts)
    threats = flagged[flagged["genuine_threat"]]
    assert abs(threats["flagged"].mean() - 0.8) < 5 * math.sqrt(0.16 / len(threats))
    others = flagged[~flagged["genuine_threat"]]
    for group, rate in (("A", 0.01), ("B", 0.03)):
        share = others.loc[others["group"] == group, "flagged"]
        assert abs(share.mean() - rate) < 5 * math.sqrt(rate * (1 - rate) / len(share))


def test_a_perfect_flagger_flags_exactly_the_threats():
    posts = M.make_posts(50_000, threat_rate=0.01, seed=8)
    flagged = M.flag_posts(posts, sensitivity=1.0, specificity=1.0, seed=0)
    assert (flagged["flagged"] == flagged["genuine_threat"]).all()


def test_simulated_flags_agree_with_the_expected_counts():
    posts = M.flag_posts(M.make_posts(2_000_000, threat_rate=1e-3, seed=21), seed=22)
    expected = M.flag_counts(2_000_000, threat_rate=1e-3).set_index("group")
    for group in ("A", "B"):
        rows = posts[posts["group"] == group]
        false = int((rows["flagged"] & ~rows["genuine_threat"]).sum())
        mean = expected.loc[group, "false_flags"]
        assert abs(false - mean) < 5 * math.sqrt(mean)


# --------------------------------------------------------------------------------------
# expected counts
# --------------------------------------------------------------------------------------
def test_flag_counts_by_hand():
    table = M.flag_counts(
        1_000_000,
        threat_rate=1e-5,
        sensitivity=0.9,
        specificity=0.999,
        dialect_share=0.2,
        dialect_false_flag_ratio=2,
    ).set_index("group")
    assert tuple(table.reset_index().columns) == M.FLAG_COLUMNS
    # 10 genuine threats, 9 flagged; 999,990 other posts, 80% at 0.1% and 20% at 0.2%
    assert table.loc["total", "genuine_threats"] == pytest.approx(10)
    assert table.loc["total", "correct_flags"] == pytest.approx(9)
    assert table.loc["A", "false_flags"] == pytest.approx(999_990 * 0.8 * 0.001)
    assert table.loc["B", "false_flags"] == pytest.approx(999_990 * 0.2 * 0.002)
    assert table.loc["B", "share_of_false_flags"] == pytest.approx(0.4 / 1.2)
    assert table.loc["total", "ppv"] == pytest.approx(9 / (9 + 999_990 * 0.0012))
    assert table.loc["B", "false_flags_per_10k_posts"] == pytest.approx(20, rel=1e-4)


@settings(max_examples=60, deadline=None)
@given(small_rates, probabilities, specificities, st.floats(0, 1), ratios)
def test_flag_counts_property(rate, sens, spec, share, ratio):
    if (1 - spec) * ratio > 1:
        return
    table = M.flag_counts(
        1_000_000,
        threat_rate=rate,
        sensitivity=sens,
        specificity=spec,
        dialect_share=share,
        dialect_false_flag_ratio=ratio,
    )
    groups, total = table.iloc[:2], table.iloc[2]
    for column in ("posts", "genuine_threats", "correct_flags", "false_flags", "flags"):
        assert groups[column].sum() == pytest.approx(total[column], rel=1e-9, abs=1e-9)
    # the formula of chapter 3 for the whole stream, at its average false-flag rate
    fpr = (1 - spec) * ((1 - share) + share * ratio)
    tp, fp = 1e6 * rate * sens, 1e6 * (1 - rate) * fpr
    if tp + fp > 0:
        assert total["ppv"] == pytest.approx(tp / (tp + fp), rel=1e-9)
    if fp > 0:
        b_share = share * ratio / ((1 - share) + share * ratio)
        assert table["share_of_false_flags"].iloc[1] == pytest.approx(b_share, rel=1e-9, abs=1e-12)


def test_flag_grid_agrees_with_flag_counts():
    grid = M.flag_grid([1e-6, 1e-5, 1e-4], [0.99, 0.995, 0.999])
    assert len(grid) == 9
    for row in grid.itertuples():
        table = M.flag_counts(threat_rate=row.threat_rate, specificity=row.specificity)
        table = table.set_index("group")
        assert row.correct_flags == pytest.approx(table.loc["total", "correct_flags"])
        assert row.false_flags_b == pytest.approx(table.loc["B", "false_flags"])
        assert row.ppv == pytest.approx(table.loc["total", "ppv"])
        assert row.share_false_flags_b == pytest.approx(table.loc["B", "share_of_false_flags"])
        assert row.false_flags_per_correct_flag == pytest.approx(
            table.loc["total", "false_flags_per_correct_flag"]
        )


@settings(max_examples=40, deadline=None)
@given(st.lists(small_rates, min_size=2, max_size=5, unique=True), specificities)
def test_rarer_threats_mean_more_false_flags_per_true_one(rates, spec):
    if spec == 1.0:
        return
    grid = M.flag_grid(sorted(rates), [spec]).sort_values("threat_rate")
    assert grid["false_flags_per_correct_flag"].is_monotonic_decreasing
    assert grid["ppv"].is_monotonic_increasing


def test_review_workload_by_hand():
    cost = M.review_workload(600, minutes_per_review=5, share_filed=0.2, share_visited=0.05)
    assert cost == {"reviews": 600, "analyst_hours": 50, "files": 120, "visits": 30}


# --------------------------------------------------------------------------------------
# the chilling toy
# --------------------------------------------------------------------------------------
def test_chilling_effect_by_hand():
    toy = M.chilling_effect(
        [0.0, 0.4, 1.0], users=10_000, post_prob=0.3, chill=0.25, threat_rate=0.01, threat_chill=0.5
    )
    assert toy["would_post"].tolist() == pytest.approx([3_000] * 3)
    # 2,970 ordinary would-be posts keep 1 - 0.25 s; 30 threats keep 1 - 0.5 s
    assert toy["posted"].tolist() == pytest.approx(
        [3_000, 2_970 * 0.9 + 30 * 0.8, 2_970 * 0.75 + 15]
    )
    assert toy["threats_posted"].tolist() == pytest.approx([30, 24, 15])
    assert (toy["posted"] + toy["silenced"]).tolist() == pytest.approx(toy["would_post"].tolist())


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=2, max_size=8), probabilities, probabilities)
def test_more_surveillance_never_means_more_posts(levels, post_prob, chill):
    toy = M.chilling_effect(sorted(levels), post_prob=post_prob, chill=chill)
    assert np.all(np.diff(toy["posted"].to_numpy()) <= 1e-9)
    assert np.all(toy["silenced"] >= -1e-9)
    assert np.all(toy["would_post"] == toy["would_post"].iloc[0])  # the true wish is unchanged


def test_simulated_chilling_is_whole_people_and_reproducible():
    a = M.chilling_effect([0, 0.5, 1], simulate=True, seed=4)
    b = M.chilling_effect([0, 0.5, 1], simulate=True, rng=np.random.default_rng(4))
    pd.testing.assert_frame_equal(a, b)
    assert (a["posted"] <= a["would_post"]).all() and (
        a["threats_posted"] <= a["threats_would_post"]
    ).all()
    expected = M.chilling_effect([0, 0.5, 1])
    sd = np.sqrt(100_000 * 0.2 * 0.8)
    assert np.all(
        np.abs(a["posted"] - expected["posted"]) < 5 * sd + 5 * np.sqrt(expected["posted"])
    )


# --------------------------------------------------------------------------------------
# interrupted time series
# --------------------------------------------------------------------------------------
def test_page_views_shape():
    series = M.page_views(
        months=24, event_month=12, baseline=1_000, trend=10, drop=0.25, trend_after=-5, noise=0.0
    )
    assert series["after"].tolist() == [False] * 12 + [True] * 12
    assert series.loc[11, "expected"] == pytest.approx(1_110)
    assert series.loc[12, "expected"] == pytest.approx(1_120 * 0.75)
    assert series.loc[13, "expected"] == pytest.approx(1_120 * 0.75 - 5)
    assert series.loc[23, "without_event"] == pytest.approx(1_230)
    assert series["views"].tolist() == pytest.approx(series["expected"].tolist())


@settings(max_examples=40, deadline=None)
@given(
    st.integers(8, 60),
    st.floats(100, 1e6),
    st.floats(-50, 500),
    st.floats(0, 0.9),
    st.floats(-20, 20),
)
def test_fit_recovers_a_noiseless_series(months, baseline, trend, drop, trend_after):
    event = months // 2
    try:
        series = M.page_views(
            months=months,
            event_month=event,
            baseline=baseline,
            trend=trend,
            drop=drop,
            trend_after=trend_after,
            noise=0.0,
        )
    except ValueError:  # the views would fall below 0: not a series to fit
        return
    fit = M.fit_interrupted_series(series)
    assert fit["trend_before"] == pytest.approx(trend, abs=1e-6 * baseline)
    assert fit["trend_after"] == pytest.approx(trend_after, abs=1e-6 * baseline)
    assert fit["relative_drop"] == pytest.approx(drop, abs=1e-6)


def test_fit_agrees_with_separate_fits_of_each_segment():
    series = M.page_views(seed=9)
    fit = M.fit_interrupted_series(series)
    before, after = series[~series["after"]], series[series["after"]]
    slope_b, intercept_b = np.polyfit(before["month"], before["views"], 1)
    slope_a, intercept_a = np.polyfit(after["month"], after["views"], 1)
    assert fit["trend_before"] == pytest.approx(slope_b)
    assert fit["trend_after"] == pytest.approx(slope_a)
    m0 = after["month"].iloc[0]
    jump = (intercept_a + slope_a * m0) - (intercept_b + slope_b * m0)
    assert fit["level_change"] == pytest.approx(jump)


def test_fit_agrees_with_scikit_learn():
    from sklearn.linear_model import LinearRegression

    series = M.page_views(seed=2)
    m0 = 18
    after = series["after"].astype(float)
    X = np.column_stack([series["month"], after, (series["month"] - m0) * after])
    model = LinearRegression().fit(X, series["views"])
    fit = M.fit_interrupted_series(series)
    assert [fit["trend_before"], fit["level_change"], fit["trend_change"]] == pytest.approx(
        model.coef_.tolist()
    )
    assert fit["level_before"] == pytest.approx(model.intercept_)


# --------------------------------------------------------------------------------------
# a watchlist with wrong entries
# --------------------------------------------------------------------------------------
def test_watchlist_stops_by_hand():
    stops = M.watchlist_stops(
        faces_per_day=200_000,
        listed_share=5e-5,
        true_match_rate=0.8,
        false_match_rate=1e-5,
        entry_error_rate=0.04,
        days=30,
    )
    right = 200_000 * 5e-5 * 0.8 * 30  # 240 correct face matches
    wrong_face = 200_000 * (1 - 5e-5) * 1e-5 * 30
    assert stops["matches"] == pytest.approx(right + wrong_face)
    assert stops["stops_on_wrong_entry"] == pytest.approx(right * 0.04)
    assert stops["valid_stops"] == pytest.approx(right * 0.96)
    assert stops["false_face_matches"] == pytest.approx(wrong_face)
    assert stops["share_of_stops_wrong"] == pytest.approx(
        (right * 0.04 + wrong_face) / (right + wrong_face)
    )


def test_a_perfect_face_match_still_stops_the_wrong_person():
    stops = M.watchlist_stops(
        faces_per_day=10_000,
        listed_share=0.01,
        true_match_rate=1.0,
        false_match_rate=0.0,
        entry_error_rate=0.1,
    )
    assert stops["share_of_stops_wrong"] == pytest.approx(0.1)


# --------------------------------------------------------------------------------------
# Buenos Aires
# --------------------------------------------------------------------------------------
def test_reported_figures_cite_entries_of_the_bibliography():
    from pybtex.database import parse_file

    keys = set(parse_file(ROOT / "references.bib").entries)
    table = M.srfp_table()
    assert set(table["key"]) <= keys
    figures = table.set_index("name")["value"]
    assert figures["detained_60_days"] < figures["identified_60_days"]
    assert figures["cameras"] < figures["city_cameras"]


def test_reported_figure_refuses_a_figure_without_source():
    with pytest.raises(ValueError, match="key must be a non-empty string"):
        M.ReportedFigure("x", 1, "what", "when", "who", "")


# --------------------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: M.make_posts(0), "n_posts must be an integer in"),
        (lambda: M.make_posts(10, threat_rate=1.5), "threat_rate must be a probability"),
        (lambda: M.make_posts(10, seed=1, rng=np.random.default_rng(1)), "either seed or rng"),
        (lambda: M.flag_posts(pd.DataFrame({"x": [1]})), "posts must have the columns"),
        (
            lambda: M.flag_posts(
                M.make_posts(10, seed=1), specificity=0.5, dialect_false_flag_ratio=3
            ),
            "dialect_false_flag_ratio must be <=",
        ),
        (
            lambda: M.flag_posts(pd.DataFrame({"dialect_marker": [2], "genuine_threat": [0]})),
            r"posts\['dialect_marker'\] must",
        ),
        (lambda: M.flag_counts(-1), "n_posts must be an integer"),
        (lambda: M.flag_counts(dialect_false_flag_ratio=0), "dialect_false_flag_ratio must be"),
        (lambda: M.flag_grid([0.0], [0.99]), "threat_rates"),
        (lambda: M.flag_grid([1e-5], [1.2]), "specificities"),
        (lambda: M.review_workload(10, share_filed=0.1, share_visited=0.2), "share_visited"),
        (lambda: M.review_workload(-1), "flags must be a number"),
        (lambda: M.chilling_effect([1.2]), "surveillance"),
        (lambda: M.chilling_effect(0.5, chill=2), "chill must be a probability"),
        (lambda: M.chilling_effect(0.5, seed=1), "only with simulate=True"),
        (lambda: M.page_views(months=10, event_month=9), "event_month must be an integer"),
        (lambda: M.page_views(drop=1.0), "drop must be a number"),
        (lambda: M.page_views(trend_after=-1e6), "trend_after"),
        (
            lambda: M.fit_interrupted_series(
                pd.DataFrame({"month": [0, 1, 2, 3], "after": [1, 1, 0, 0], "views": [1, 2, 3, 4]})
            ),
            "after",
        ),
        (
            lambda: M.watchlist_stops(
                faces_per_day=10,
                listed_share=0.1,
                true_match_rate=1,
                false_match_rate=0,
                entry_error_rate=1.1,
            ),
            "entry_error_rate",
        ),
    ],
)
def test_bad_input_names_the_parameter(call, match):
    with pytest.raises(ValueError, match=match):
        call()
