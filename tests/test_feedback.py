"""Tests of the feedback loops: the urn of Ensign et al. and the hot-spot loop in the city.

Reference numbers come from the course brief (FACTS.md section 3): the analytic limits of
Ensign et al. [ensign2018] and the mean shares of an independent reimplementation. Every
statistical check states its tolerance next to the assertion.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats

from policing_lab import feedback as F
from policing_lab.city import make_city

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LAMBDA_A, LAMBDA_B = 3.68511, 2.816466  # Oakland-derived rates [ensign2018]
TRUE_SHARE = LAMBDA_A / (LAMBDA_A + LAMBDA_B)  # 0.5668


def f_poly(m: np.ndarray, x: float) -> float:
    """f(x) of FACTS.md, written out again here from the brief (not from the module)."""
    (a, b), (c, d) = m
    return (c + d - a - b) * x**2 + (a - 2 * c - d) * x + c


# --------------------------------------------------------------------------------------
# analytic limit
# --------------------------------------------------------------------------------------
def test_update_matrices_follow_the_brief():
    assert np.array_equal(F.update_matrix(3.0, 2.0), np.diag([3.0, 2.0]))
    m = F.update_matrix(3.0, 2.0, rule="discovered+reported", w_d=0.8)
    np.testing.assert_allclose(m, [[3.0, 0.2 * 2.0], [0.2 * 3.0, 2.0]], rtol=1e-12)
    # only reports (w_d = 0): both regions gain their rate whoever patrols
    np.testing.assert_allclose(
        F.update_matrix(3.0, 2.0, rule="discovered+reported", w_d=0.0), [[3, 2], [3, 2]]
    )


@pytest.mark.parametrize(
    ("w_d", "expected"), [(0.9, 0.776), (0.8, 0.683), (0.7, 0.639), (0.6, 0.614), (0.5, 0.599)]
)
def test_reproduces_ensign_limits_with_reporting(w_d, expected):
    m = F.update_matrix(LAMBDA_A, LAMBDA_B, rule="discovered+reported", w_d=w_d)
    limit = F.urn_limit(m)
    assert round(limit, 3) == expected  # the brief gives three decimals
    assert limit > TRUE_SHARE  # reporting dampens the bias but does not remove it


def test_only_reports_give_the_true_share():
    m = F.update_matrix(LAMBDA_A, LAMBDA_B, rule="discovered+reported", w_d=0.0)
    assert F.urn_limit(m) == pytest.approx(TRUE_SHARE, abs=1e-12)


@pytest.mark.parametrize("gap", [1e-9, 1e-4, 0.1, 10.0])
def test_discovery_only_sends_every_patrol_to_the_higher_rate(gap):
    # lambda_a > lambda_b: limit 1 however small the gap; and symmetrically 0
    assert F.urn_limit(F.update_matrix(2.0 + gap, 2.0)) == 1.0
    assert F.urn_limit(F.update_matrix(2.0, 2.0 + gap)) == 0.0


def test_equal_rates_have_no_unique_limit():
    assert np.isnan(F.urn_limit(F.update_matrix(2.5, 2.5)))
    assert np.isnan(F.urn_limit([[1.0, 0.0], [0.0, 1.0]]))
    # with reporting, equal rates settle at one half
    m = F.update_matrix(2.5, 2.5, rule="discovered+reported", w_d=0.7)
    assert F.urn_limit(m) == pytest.approx(0.5, abs=1e-12)


def test_limit_does_not_depend_on_the_scale_of_the_matrix():
    m = np.array([[3.0, 0.4], [1.1, 2.0]])
    assert F.urn_limit(m * 1e-6) == pytest.approx(F.urn_limit(m), abs=1e-12)
    assert F.urn_limit(m * 1e6) == pytest.approx(F.urn_limit(m), abs=1e-12)


positive = st.floats(0.01, 100.0, allow_nan=False)


@FAST
@given(st.lists(positive, min_size=4, max_size=4))
def test_limit_is_the_root_numpy_roots_finds_in_the_unit_interval(entries):
    m = np.array(entries).reshape(2, 2)
    (a, b), (c, d) = m
    # all entries > 0: f(0) = c > 0 > -b = f(1), so exactly one root lies in (0, 1)
    roots = np.roots([c + d - a - b, a - 2 * c - d, c])
    inside = [r.real for r in roots if abs(r.imag) < 1e-9 and -1e-9 <= r.real <= 1 + 1e-9]
    assert len(inside) == 1
    limit = F.urn_limit(m)
    assert limit == pytest.approx(inside[0], abs=1e-7)
    slope = 2 * (c + d - a - b) * limit + (a - 2 * c - d)
    assert slope < 0  # stable: the share is pushed back to the limit


non_negative = st.one_of(st.just(0.0), st.floats(0.0, 100.0, allow_nan=False))


@FAST
@given(st.lists(non_negative, min_size=4, max_size=4).filter(lambda v: max(v) > 0))
def test_limit_is_a_stable_root_for_any_non_negative_matrix(entries):
    m = np.array(entries).reshape(2, 2)
    limit = F.urn_limit(m)
    coefficients = np.array([m[1].sum() - m[0].sum(), m[0, 0] - 2 * m[1, 0] - m[1, 1], m[1, 0]])
    if np.all(np.abs(coefficients) <= 1e-12 * m.max()):
        assert np.isnan(limit)  # f is zero everywhere: no unique limit
        return
    assert 0.0 <= limit <= 1.0
    scale = m.max()
    assert abs(f_poly(m, limit)) <= 1e-7 * scale
    # stability: f >= 0 just below the limit (share grows), f <= 0 just above
    eps = 1e-4
    if limit - eps >= 0:
        assert f_poly(m, limit - eps) >= -1e-9 * scale
    if limit + eps <= 1:
        assert f_poly(m, limit + eps) <= 1e-9 * scale


# --------------------------------------------------------------------------------------
# the simulated urn
# --------------------------------------------------------------------------------------
def test_plain_urn_reproduces_the_reference_mean_share():
    # Reference 0.82 (two decimals) after 20,000 draws, 100 runs. Tolerance 0.02: the
    # standard error of a mean of 100 runs is about 0.002 and the reference has two
    # decimals. "Plain" = deterministic lambda increments; Poisson increments give the
    # same mean drift (checked below).
    shares = F.final_shares(F.run_urn(LAMBDA_A, LAMBDA_B, n_draws=20_000, n_runs=100, seed=1))
    assert len(shares) == 100
    assert shares.mean() == pytest.approx(0.82, abs=0.02)
    # far from both the true share and the limit 1: the runaway is slow but steady
    assert shares.min() > TRUE_SHARE + 0.1


def test_poisson_increments_and_decay_reproduce_the_reference_mean_share():
    # Reference 0.99; tolerance 0.01 (forgetting keeps the urn small, so it runs away fast)
    trajectory = F.run_urn(
        LAMBDA_A, LAMBDA_B, n_draws=20_000, n_runs=100, poisson=True, decay=0.01, seed=2
    )
    shares = F.final_shares(trajectory)
    assert shares.mean() == pytest.approx(0.99, abs=0.01)
    # with decay every region keeps at least one ball
    assert trajectory["balls_b"].min() >= 1.0
    # Poisson increments leave whole balls
    assert np.array_equal(trajectory["balls_a"], np.round(trajectory["balls_a"]))


def test_surprise_correction_reproduces_the_true_share():
    # Reference 0.568 against a true share of 0.5668; tolerance 0.003 (spread of the
    # final shares over runs is about 0.004, so the mean of 100 runs is within 0.001)
    shares = F.final_shares(
        F.run_urn(LAMBDA_A, LAMBDA_B, n_draws=20_000, n_runs=100, rule="surprise", seed=3)
    )
    assert shares.mean() == pytest.approx(0.568, abs=0.003)
    assert shares.mean() == pytest.approx(TRUE_SHARE, abs=0.003)


def test_simulation_settles_at_the_analytic_limit_with_reporting():
    limit = F.urn_limit(F.update_matrix(LAMBDA_A, LAMBDA_B, rule="discovered+reported", w_d=0.5))
    shares = F.final_shares(
        F.run_urn(
            LAMBDA_A,
            LAMBDA_B,
            n_draws=10_000,
            n_runs=20,
            rule="discovered+reported",
            w_d=0.5,
            seed=4,
        )
    )
    assert shares.mean() == pytest.approx(limit, abs=0.005)  # 0.599 vs true share 0.567


def test_poisson_increments_have_the_same_mean_drift():
    runs = dict(n_draws=5_000, n_runs=200, prior=(60.9, 37.9))
    plain = F.final_shares(F.run_urn(LAMBDA_A, LAMBDA_B, seed=5, **runs))
    noisy = F.final_shares(F.run_urn(LAMBDA_A, LAMBDA_B, poisson=True, seed=6, **runs))
    # two means of 200 runs; their standard errors are below 0.01 each
    assert noisy.mean() == pytest.approx(plain.mean(), abs=0.04)


def test_surprise_with_poisson_increments_and_reports():
    shares = F.final_shares(
        F.run_urn(
            LAMBDA_A,
            LAMBDA_B,
            n_draws=5_000,
            n_runs=50,
            rule="surprise",
            w_d=0.6,
            poisson=True,
            seed=7,
        )
    )
    assert shares.mean() == pytest.approx(TRUE_SHARE, abs=0.01)


def test_equal_rates_are_a_polya_urn_with_a_beta_limit():
    # unit increments from prior (2, 3): the share converges to a Beta(2, 3) draw
    shares = F.final_shares(F.run_urn(1.0, 1.0, prior=(2, 3), n_draws=4_000, n_runs=400, seed=8))
    assert stats.kstest(shares, stats.beta(2, 3).cdf).pvalue > 0.001


def test_runaway_grows_over_time():
    traj = F.run_urn(2.0, 1.0, prior=(1, 1), n_draws=20_000, n_runs=50, seed=9)
    mean = traj.groupby("draw")["share_a"].mean()
    assert mean.loc[1_000] > 2 / 3  # already above the true share 2/3
    assert mean.iloc[-1] > mean.loc[1_000]
    # On its way to 1. Tolerance: the mean-field path is above 0.99 by draw 20,000; with
    # a weak prior (1, 1) early luck holds some runs back, so ask only for 0.9.
    assert mean.iloc[-1] > 0.9
    assert (traj[traj["draw"] == 20_000]["share_a"] > 2 / 3).mean() >= 0.9


def test_trajectory_frame_layout():
    traj = F.run_urn(n_draws=1_000, n_runs=3, record_every=300, seed=10)
    assert list(traj.columns) == ["run", "draw", "balls_a", "balls_b", "share_a"]
    assert traj["draw"].unique().tolist() == [0, 300, 600, 900, 1_000]
    assert traj["run"].unique().tolist() == [0, 1, 2]
    first = traj[traj["draw"] == 0]
    assert (first["balls_a"] == 609).all() and (first["balls_b"] == 379).all()
    balls = traj["balls_a"] + traj["balls_b"]
    np.testing.assert_allclose(traj["share_a"], traj["balls_a"] / balls)
    # deterministic increments: after 1,000 draws the urn holds the prior plus 1,000 visits
    last = traj[traj["draw"] == 1_000]
    added = last["balls_a"] + last["balls_b"] - (609 + 379)
    visits_a = (last["balls_a"] - 609) / LAMBDA_A
    visits_b = (last["balls_b"] - 379) / LAMBDA_B
    np.testing.assert_allclose(visits_a + visits_b, 1_000, rtol=1e-9)
    assert (added > 0).all()
    # default stride: about 200 records per run
    assert F.run_urn(n_draws=20_000, n_runs=1, seed=1)["draw"].nunique() == 201


def test_same_seed_same_trajectories_different_seed_different():
    kwargs = dict(n_draws=2_000, n_runs=5, poisson=True, decay=0.01, rule="surprise", w_d=0.7)
    a = F.run_urn(seed=11, **kwargs)
    b = F.run_urn(seed=11, **kwargs)
    c = F.run_urn(seed=12, **kwargs)
    pd.testing.assert_frame_equal(a, b)
    assert not a["share_a"].equals(c["share_a"])
    d = F.run_urn(rng=np.random.default_rng(11), **kwargs)
    pd.testing.assert_frame_equal(a, d)


@FAST
@given(
    st.floats(0.01, 50),
    st.floats(0.01, 50),
    st.tuples(st.floats(0.01, 1e4), st.floats(0.01, 1e4)),
    st.sampled_from(F.URN_RULES),
    st.floats(0, 1),
    st.booleans(),
    st.sampled_from([0.0, 0.05, 0.5]),
    st.integers(0, 2**32 - 1),
)
def test_shares_stay_strictly_between_zero_and_one(la, lb, prior, rule, w_d, poisson, decay, seed):
    if rule == "discovered":
        w_d = 1.0
    traj = F.run_urn(
        la,
        lb,
        prior=prior,
        n_draws=200,
        n_runs=4,
        rule=rule,
        w_d=w_d,
        poisson=poisson,
        decay=decay,
        seed=seed,
    )
    assert len(traj) == 4 * traj["draw"].nunique()
    assert ((traj["share_a"] > 0) & (traj["share_a"] < 1)).all()
    assert (traj[["balls_a", "balls_b"]] > 0).all().all()


def test_final_shares_takes_the_last_draw_of_each_run():
    frame = pd.DataFrame(
        {"run": [1, 1, 0, 0], "draw": [5, 0, 0, 5], "share_a": [0.7, 0.5, 0.5, 0.2]}
    )
    out = F.final_shares(frame)
    assert out.to_dict() == {0: 0.2, 1: 0.7}
    assert out.name == "share_a" and out.index.name == "run"


# --------------------------------------------------------------------------------------
# the hot-spot loop in the city
# --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def equal_city() -> pd.DataFrame:
    """Equal true rates everywhere; past patrols concentrated on the group-B side."""
    city = make_city(population_spread=0, seed=21)
    assert city["true_rate"].nunique() == 1
    return city


@pytest.fixture(scope="module")
def loops(equal_city) -> dict[str, list[pd.DataFrame]]:
    """One default year per rule and seed (seeds shared by the rules)."""
    return {
        rule: [F.run_hotspot_loop(equal_city, rule=rule, seed=seed) for seed in (1, 2, 3)]
        for rule in F.LOOP_RULES
    }


def test_loop_frame_layout_and_patrol_budget(loops, equal_city):
    loop = loops["recorded"][0]
    n = len(equal_city)
    assert list(loop.columns) == [
        "day",
        "neighbourhood",
        "majority_group",
        "score",
        "flagged",
        "patrol",
        "discovery_prob",
        "true_offences",
        "reported",
        "discovered",
        "recorded",
    ]
    assert len(loop) == 365 * n
    per_day = loop.groupby("day")
    assert (per_day["flagged"].sum() == 4).all()
    np.testing.assert_allclose(per_day["patrol"].mean(), 1.0)  # patrols moved, not added
    day0 = loop[loop["day"] == 0]
    flagged = day0.loc[day0["flagged"], "patrol"].unique()
    others = day0.loc[~day0["flagged"], "patrol"].unique()
    assert len(flagged) == 1 and len(others) == 1
    assert flagged[0] == pytest.approx(5.0 * others[0])
    np.testing.assert_allclose(loop["discovery_prob"], 1 - np.exp(-0.4 * loop["patrol"]))
    # the model flags the highest scores
    for _, today in loop[loop["day"] < 20].groupby("day"):
        scores = today["score"]
        assert scores[today["flagged"]].min() >= scores[~today["flagged"]].max()


def test_loop_records_are_counted_once(loops):
    for loop in (frames[0] for frames in loops.values()):
        true, rep, dis, rec = (
            loop[c] for c in ("true_offences", "reported", "discovered", "recorded")
        )
        assert (rep <= rec).all() and (dis <= rec).all()
        assert (rec <= np.minimum(rep + dis, true)).all()


def test_loop_score_counts_the_trailing_window():
    city = make_city(n_rows=2, n_cols=3, population_spread=0, seed=22)
    loop = F.run_hotspot_loop(city, days=40, window=7, seed=23)
    grid = loop.pivot(index="day", columns="neighbourhood", values="recorded").to_numpy()
    scores = loop.pivot(index="day", columns="neighbourhood", values="score").to_numpy()
    for day in range(7, 40):  # after the history: the last 7 days of the loop itself
        np.testing.assert_allclose(scores[day], grid[day - 7 : day].sum(axis=0))


def test_the_true_world_is_the_same_whatever_the_rule(loops):
    for i in range(3):
        recorded, reported = loops["recorded"][i], loops["reported"][i]
        assert recorded["true_offences"].equals(reported["true_offences"])
        assert recorded["reported"].equals(reported["reported"])


def test_loop_same_seed_same_frame(equal_city):
    a = F.run_hotspot_loop(equal_city, days=30, seed=5)
    b = F.run_hotspot_loop(equal_city, days=30, seed=5)
    c = F.run_hotspot_loop(equal_city, days=30, seed=6)
    pd.testing.assert_frame_equal(a, b)
    assert not a["true_offences"].equals(c["true_offences"])


def test_hotspot_loop_locks_onto_the_same_few_neighbourhoods(loops):
    # Equal true rates: a model that follows the truth would rotate over all 36
    # neighbourhoods. The loop keeps flagging nearly the same 4 all year; the corrections
    # rotate. Tolerances: lock-in means at most 2 x 4 neighbourhoods ever flagged and >= 97%
    # flagged again the next day; the corrections flag at least 3 x 4 over the year.
    for loop in loops["recorded"]:
        summary = F.summarise_loop(loop)
        assert summary["ever_flagged"].iloc[-1] <= 8
        assert summary["flagged_again"].mean() >= 0.97
    for rule in ("reported", "weighted"):
        for loop in loops[rule]:
            summary = F.summarise_loop(loop)
            assert summary["ever_flagged"].iloc[-1] >= 12
            assert summary["flagged_again"].mean() < 0.97


def test_hotspot_loop_keeps_patrols_on_the_side_the_past_patrolled(loops, equal_city):
    # True offences: every neighbourhood alike, so a fair share of patrols for the
    # group-B side is its share of neighbourhoods.
    side_b = (equal_city["majority_group"] == "B").mean()
    loop_share = np.mean(
        [F.summarise_loop(loop)["patrol_share_b"].mean() for loop in loops["recorded"]]
    )
    assert loop_share > side_b + 0.08  # the loop keeps the old bias (about +0.17)
    for rule in ("reported", "weighted"):
        corrected = np.mean(
            [F.summarise_loop(loop)["patrol_share_b"].mean() for loop in loops[rule]]
        )
        assert corrected == pytest.approx(side_b, abs=0.06)  # three seeds, 365 days each


def test_records_seem_to_confirm_the_model(loops):
    # In flagged neighbourhoods more true offences end up recorded: the records share of
    # the flagged exceeds their share of true offences by at least 20% on average.
    summary = pd.concat([F.summarise_loop(loop) for loop in loops["recorded"]])
    ratio = summary["recorded_share_flagged"].mean() / summary["true_share_flagged"].mean()
    assert ratio > 1.2
    # the corrections do not change how records are made, only what the model counts
    summary = pd.concat([F.summarise_loop(loop) for loop in loops["reported"]])
    ratio = summary["recorded_share_flagged"].mean() / summary["true_share_flagged"].mean()
    assert ratio > 1.2


def test_even_start_still_concentrates_patrols():
    # No bias at all in the past (even patrols, equal rates): the loop still locks onto a
    # few neighbourhoods chosen by chance. Over three seeds: fewer than half as many
    # neighbourhoods ever flagged as with the correction, and cumulative patrols more
    # concentrated (Gini higher by at least 0.02).
    city = make_city(population_spread=0, patrol_ratio=1.0, seed=24)
    ever = {"recorded": [], "reported": []}
    gini = {"recorded": [], "reported": []}
    for seed in (25, 26, 27):
        for rule in ever:
            summary = F.summarise_loop(F.run_hotspot_loop(city, rule=rule, seed=seed))
            ever[rule].append(summary["ever_flagged"].iloc[-1])
            gini[rule].append(summary["patrol_gini"].iloc[-1])
    assert 2 * np.mean(ever["recorded"]) < np.mean(ever["reported"])
    assert np.mean(gini["recorded"]) > np.mean(gini["reported"]) + 0.02


def test_summary_columns_and_ranges(loops):
    summary = F.summarise_loop(loops["weighted"][0])
    assert list(summary.columns) == [
        "day",
        "patrol_share_b",
        "recorded_share_b",
        "true_share_b",
        "flagged_b",
        "flagged_again",
        "ever_flagged",
        "recorded_share_flagged",
        "true_share_flagged",
        "patrol_gini",
        "recorded_gini",
        "true_gini",
    ]
    assert len(summary) == 365
    assert np.isnan(summary["flagged_again"].iloc[0])
    share_columns = [c for c in summary.columns if "share" in c or "gini" in c]
    assert summary[share_columns].stack().between(0, 1).all()
    assert summary["ever_flagged"].is_monotonic_increasing
    assert summary["flagged_b"].between(0, 4).all()


def test_gini_of_known_distributions():
    frame = pd.DataFrame(
        {
            "day": [0, 0, 0, 0],
            "neighbourhood": [0, 1, 2, 3],
            "majority_group": ["A", "A", "B", "B"],
            "flagged": [True, False, False, False],
            "patrol": [1.0, 1.0, 1.0, 1.0],  # all equal: Gini 0
            "true_offences": [4, 0, 0, 0],  # one has everything: Gini (n - 1) / n
            "recorded": [1, 1, 3, 3],
        }
    )
    out = F.summarise_loop(frame).iloc[0]
    assert out["patrol_gini"] == pytest.approx(0.0, abs=1e-12)
    assert out["true_gini"] == pytest.approx(0.75)
    # mean absolute difference / (2 * mean): pairs |1-3| x 8 ordered / 16 / (2 * 2)
    assert out["recorded_gini"] == pytest.approx(0.25)
    assert out["recorded_share_b"] == pytest.approx(0.75)
    assert out["true_share_flagged"] == pytest.approx(1.0)


# --------------------------------------------------------------------------------------
# bad input: only ValueError, naming the parameter
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"lambda_a": 0}, "lambda_a"),
        ({"lambda_a": -1.0}, "lambda_a"),
        ({"lambda_b": float("nan")}, "lambda_b"),
        ({"lambda_b": "2"}, "lambda_b"),
        ({"prior": (0, 1)}, "prior"),
        ({"prior": (1, -1)}, "prior"),
        ({"prior": (1, 2, 3)}, "prior"),
        ({"prior": 5}, "prior"),
        ({"prior": ("a", "b")}, "prior"),
        ({"n_draws": 0}, "n_draws"),
        ({"n_draws": 10.0}, "n_draws"),
        ({"n_draws": 10**9}, "n_draws"),
        ({"n_runs": 0}, "n_runs"),
        ({"n_runs": True}, "n_runs"),
        ({"n_runs": 10**8}, "n_runs"),
        ({"rule": "reported"}, "rule"),
        ({"rule": None}, "rule"),
        ({"w_d": 1.5, "rule": "discovered+reported"}, "w_d"),
        ({"w_d": -0.1, "rule": "surprise"}, "w_d"),
        ({"w_d": 0.5}, "w_d"),  # rule "discovered" counts discoveries only
        ({"poisson": 1}, "poisson"),
        ({"decay": 1.0}, "decay"),
        ({"decay": -0.01}, "decay"),
        ({"record_every": 0}, "record_every"),
        ({"record_every": 2_000}, "record_every"),
        ({"record_every": 1, "n_draws": 100_000, "n_runs": 1_000}, "record_every"),
        ({"seed": -1}, "seed"),
        ({"seed": 1, "rng": np.random.default_rng(1)}, "seed or rng"),
        ({"rng": 3}, "rng"),
    ],
)
def test_run_urn_rejects_bad_input(kwargs, name):
    base = {"n_draws": 1_000, "n_runs": 2}
    with pytest.raises(ValueError, match=name):
        F.run_urn(**{**base, **kwargs})


@pytest.mark.parametrize(
    ("args", "kwargs", "name"),
    [
        ((0.0, 1.0), {}, "lambda_a"),
        ((1.0, -1.0), {}, "lambda_b"),
        ((1.0, 1.0), {"rule": "surprise"}, "rule"),
        ((1.0, 1.0), {"rule": "discovered+reported", "w_d": 2}, "w_d"),
        ((1.0, 1.0), {"w_d": 0.3}, "w_d"),
    ],
)
def test_update_matrix_rejects_bad_input(args, kwargs, name):
    with pytest.raises(ValueError, match=name):
        F.update_matrix(*args, **kwargs)


@pytest.mark.parametrize(
    "matrix",
    [
        [[1, -1], [0, 1]],
        [[1, 2, 3], [4, 5, 6]],
        [[1, 2], [3, 4], [5, 6]],
        [1, 2, 3, 4],
        [[0, 0], [0, 0]],
        [[1, float("inf")], [0, 1]],
        [["a", "b"], ["c", "d"]],
        "matrix",
    ],
)
def test_urn_limit_rejects_bad_matrices(matrix):
    with pytest.raises(ValueError, match="matrix"):
        F.urn_limit(matrix)


@pytest.mark.parametrize(
    "frame",
    [
        "not a frame",
        pd.DataFrame({"run": [0], "draw": [0]}),
        pd.DataFrame({"run": [], "draw": [], "share_a": []}),
        pd.DataFrame({"run": [0], "draw": [0], "share_a": [1.5]}),
        pd.DataFrame({"run": [-1], "draw": [0], "share_a": [0.5]}),
    ],
)
def test_final_shares_rejects_bad_frames(frame):
    with pytest.raises(ValueError, match="trajectory"):
        F.final_shares(frame)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"days": 0}, "days"),
        ({"days": 1.5}, "days"),
        ({"n_flagged": 0}, "n_flagged"),
        ({"n_flagged": 37}, "n_flagged"),
        ({"patrol_flagged": 0.5}, "patrol_flagged"),
        ({"patrol_flagged": 1e3}, "patrol_flagged"),
        ({"window": 0}, "window"),
        ({"window": 10_000}, "window"),
        ({"days": 36_000, "window": 1_000}, "days \\+ window"),
        ({"rule": "surprise"}, "rule"),
        ({"discovery_rate": -1}, "discovery_rate"),
        ({"seed": "one"}, "seed"),
        ({"rng": np.random.RandomState(1)}, "rng"),
    ],
)
def test_run_hotspot_loop_rejects_bad_input(equal_city, kwargs, name):
    with pytest.raises(ValueError, match=name):
        F.run_hotspot_loop(equal_city, **{"days": 5, **kwargs})


def _city_variants():
    city = make_city(n_rows=2, n_cols=2, seed=26)
    yield "not a frame", "city"
    yield city.drop(columns="true_rate"), "true_rate"
    yield city.drop(columns="majority_group"), "majority_group"
    yield city.iloc[:0], "city"
    yield city.assign(true_rate=-1.0), "true_rate"
    yield city.assign(reporting_prob=1.2), "reporting_prob"
    yield city.assign(discovery_prob=np.nan), "discovery_prob"
    yield city.assign(majority_group="C"), "majority_group"
    yield city.assign(neighbourhood=0.5), "neighbourhood"
    yield city.assign(neighbourhood=0), "neighbourhood"


@pytest.mark.parametrize(("city", "name"), list(_city_variants()))
def test_run_hotspot_loop_rejects_bad_cities(city, name):
    with pytest.raises(ValueError, match=name):
        F.run_hotspot_loop(city, days=5)


def test_summarise_loop_rejects_bad_frames(loops):
    loop = loops["recorded"][0]
    for bad, name in [
        ("frame", "loop"),
        (loop.drop(columns="patrol"), "patrol"),
        (loop.assign(flagged=1), "flagged"),
        (loop.assign(majority_group="X"), "majority_group"),
        (loop.assign(patrol=-1.0), "patrol"),
        (pd.concat([loop, loop.iloc[:1]]), "one row per day and neighbourhood"),
        (loop.iloc[:-1], "one row per day and neighbourhood"),
    ]:
        with pytest.raises(ValueError, match=name):
            F.summarise_loop(bad)
