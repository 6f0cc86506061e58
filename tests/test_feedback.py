"""Tests of the feedback loops: the urn of Ensign et al. and the hot-spot loop in the city.

Known results are the theorems of Ensign et al. (``ensign2018`` in references.bib): with
discoveries only the urn sends every patrol to the region with the higher rate; with
reports only, or with their surprise correction, it settles on the true share; with equal
rates and unit increments it is a Polya urn with a Beta limit. Everything else is checked
against a second method written here from the model's definition (a fixed point found
numerically, a plain per-draw loop, the deterministic mean-field path, one simulated
draw), never against numbers copied from the module. Every statistical check states its
tolerance next to the assertion.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import optimize, stats

from policing_lab import feedback as F
from policing_lab.city import make_city

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LAMBDA_A, LAMBDA_B = 3.68511, 2.816466  # Oakland-derived rates [ensign2018]
TRUE_SHARE = LAMBDA_A / (LAMBDA_A + LAMBDA_B)  # what a model of the true rates would send
PRIOR = (609.0, 379.0)  # the strong prior [ensign2018]


def drift(m: np.ndarray, x: float) -> float:
    """Expected change of the urn's A balls beyond its share ``x`` of all new balls.

    Written from the model, not from the module's quadratic: with share ``x`` the patrol
    visits A with probability ``x``, so A expects ``x m[0,0] + (1 - x) m[1,0]`` new balls
    out of ``x (m[0,0] + m[0,1]) + (1 - x) (m[1,0] + m[1,1])``. The share grows where this
    is positive and shrinks where it is negative.
    """
    new_a = x * m[0, 0] + (1 - x) * m[1, 0]
    new_all = x * m[0].sum() + (1 - x) * m[1].sum()
    return new_a - x * new_all


def fixed_point(m: np.ndarray) -> float:
    """The share where the drift vanishes in (0, 1), found by bisection (all entries > 0)."""
    return optimize.brentq(lambda x: drift(m, x), 0.0, 1.0, xtol=1e-14)


def plain_urn_by_hand(n_runs: int, n_draws: int, seed: int) -> np.ndarray:
    """Final shares of the discovery-only urn, one plain Python step per draw and run."""
    rng = np.random.default_rng(seed)
    finals = []
    for _ in range(n_runs):
        a, b = PRIOR
        for u in rng.random(n_draws):
            if u < a / (a + b):
                a += LAMBDA_A
            else:
                b += LAMBDA_B
        finals.append(a / (a + b))
    return np.array(finals)


# --------------------------------------------------------------------------------------
# update matrix and analytic limit
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("w_d", [1.0, 0.8, 0.5, 0.0])
def test_update_matrix_is_what_one_simulated_day_adds(w_d):
    # Second method: one deterministic day of run_urn from the prior. Each run visits A or
    # B; the balls it gained must be the row of the matrix for the region visited.
    m = F.update_matrix(3.0, 2.0, w_d=w_d)
    day = F.run_urn(3.0, 2.0, prior=(1.0, 1.0), n_draws=1, n_runs=200, w_d=w_d, seed=1)
    after = day[day["draw"] == 1][["balls_a", "balls_b"]].to_numpy() - 1.0
    rows = {tuple(np.round(r, 12)) for r in after}
    assert rows <= {tuple(np.round(m[0], 12)), tuple(np.round(m[1], 12))}
    assert len(rows) == (1 if w_d == 0 else 2)  # 200 runs visit both regions


def test_update_matrix_weights():
    # discoveries only: nothing for the region not visited
    assert np.array_equal(F.update_matrix(3.0, 2.0), np.diag([3.0, 2.0]))
    # reports only: both regions gain their rate whoever patrols
    np.testing.assert_array_equal(F.update_matrix(3.0, 2.0, w_d=0.0), [[3, 2], [3, 2]])
    # the visited region always gains its full rate (w_d discovered + 1 - w_d reported)
    for w_d in (0.1, 0.5, 0.9):
        m = F.update_matrix(3.0, 2.0, w_d=w_d)
        assert m[0, 0] == 3.0 and m[1, 1] == 2.0
        assert m[0, 1] < 2.0 and m[1, 0] < 3.0


@pytest.mark.parametrize("w_d", [0.9, 0.8, 0.75, 0.7, 0.6, 0.5, 0.25])
def test_limits_with_reporting_match_the_fixed_point_found_numerically(w_d):
    m = F.update_matrix(LAMBDA_A, LAMBDA_B, w_d=w_d)
    limit = F.urn_limit(m)
    assert limit == pytest.approx(fixed_point(m), abs=1e-10)
    # reporting dampens the bias but does not remove it [ensign2018]
    assert TRUE_SHARE < limit < 1


def test_more_weight_on_reports_brings_the_limit_down_to_the_true_share():
    weights = np.linspace(1.0, 0.0, 21)
    limits = [F.urn_limit(F.update_matrix(LAMBDA_A, LAMBDA_B, w_d=w)) for w in weights]
    assert limits[0] == 1.0  # discoveries only: the runaway [ensign2018]
    assert np.all(np.diff(limits) < 0)
    assert limits[-1] == pytest.approx(TRUE_SHARE, abs=1e-12)  # reports only
    assert F.true_share(LAMBDA_A, LAMBDA_B) == pytest.approx(TRUE_SHARE, abs=1e-15)


@pytest.mark.parametrize("gap", [1e-9, 1e-4, 0.1, 10.0])
def test_discovery_only_sends_every_patrol_to_the_higher_rate(gap):
    # Ensign et al.'s theorem: limit 1 however small the gap; and symmetrically 0
    assert F.urn_limit(F.update_matrix(2.0 + gap, 2.0)) == 1.0
    assert F.urn_limit(F.update_matrix(2.0, 2.0 + gap)) == 0.0


def test_equal_rates_have_no_unique_limit():
    assert np.isnan(F.urn_limit(F.update_matrix(2.5, 2.5)))
    assert np.isnan(F.urn_limit([[1.0, 0.0], [0.0, 1.0]]))
    # with reporting, equal rates settle at one half (symmetry)
    assert F.urn_limit(F.update_matrix(2.5, 2.5, w_d=0.7)) == pytest.approx(0.5, abs=1e-12)


def test_limit_does_not_depend_on_the_scale_of_the_matrix():
    m = np.array([[3.0, 0.4], [1.1, 2.0]])
    assert F.urn_limit(m * 1e-6) == pytest.approx(F.urn_limit(m), abs=1e-12)
    assert F.urn_limit(m * 1e6) == pytest.approx(F.urn_limit(m), abs=1e-12)


positive = st.floats(0.01, 100.0, allow_nan=False)


@FAST
@given(st.lists(positive, min_size=4, max_size=4))
def test_limit_is_the_fixed_point_bisection_finds(entries):
    m = np.array(entries).reshape(2, 2)
    # all entries > 0: the drift is > 0 at 0 and < 0 at 1, so bisection brackets a root
    limit = F.urn_limit(m)
    assert limit == pytest.approx(fixed_point(m), abs=1e-7)
    eps = 1e-3
    assert drift(m, max(limit - eps, 0.0)) > 0 or limit - eps < 0  # pushed up below it
    assert drift(m, min(limit + eps, 1.0)) < 0 or limit + eps > 1  # pushed down above it


non_negative = st.one_of(st.just(0.0), st.floats(0.0, 100.0, allow_nan=False))


@FAST
@given(st.lists(non_negative, min_size=4, max_size=4).filter(lambda v: max(v) > 0))
def test_limit_is_a_stable_resting_point_for_any_non_negative_matrix(entries):
    m = np.array(entries).reshape(2, 2)
    limit = F.urn_limit(m)
    # the drift below is checked on M / max(M), which has the same resting points (see the
    # scale test above), so that subnormal entries do not underflow the tolerances
    m, scale = m / m.max(), 1.0
    grid = np.linspace(0, 1, 101)
    if np.all(np.abs([drift(m, x) for x in grid]) <= 1e-12 * scale):
        assert np.isnan(limit)  # every share is a resting point: no unique limit
        return
    assert 0.0 <= limit <= 1.0
    assert abs(drift(m, limit)) <= 1e-7 * scale
    # stability: the share grows just below the limit and shrinks just above it
    eps = 1e-4
    if limit - eps >= 0:
        assert drift(m, limit - eps) >= -1e-9 * scale
    if limit + eps <= 1:
        assert drift(m, limit + eps) <= 1e-9 * scale


# --------------------------------------------------------------------------------------
# the simulated urn
# --------------------------------------------------------------------------------------
def test_plain_urn_agrees_with_a_plain_loop_and_the_mean_field_path():
    shares = F.final_shares(F.run_urn(LAMBDA_A, LAMBDA_B, n_draws=20_000, n_runs=100, seed=1))
    assert len(shares) == 100
    by_hand = plain_urn_by_hand(n_runs=40, n_draws=20_000, seed=2)
    # two independent means; tolerance 4 standard errors of their difference
    se = np.sqrt(shares.var() / len(shares) + by_hand.var() / len(by_hand))
    assert abs(shares.mean() - by_hand.mean()) <= 4 * se
    # the deterministic mean-field path (expected increments each day) lies among the runs
    a, b = PRIOR
    for _ in range(20_000):
        x = a / (a + b)
        a, b = a + x * LAMBDA_A, b + (1 - x) * LAMBDA_B
    assert abs(shares.mean() - a / (a + b)) <= 4 * shares.std() / np.sqrt(len(shares))
    # far from both the true share and the limit 1: the runaway is slow but steady
    assert shares.min() > TRUE_SHARE + 0.1
    assert shares.max() < 1.0


def test_poisson_increments_and_decay_run_away_faster():
    # Forgetting keeps the urn small, so early luck is not averaged away: the urn gets
    # much closer to its limit 1 than without decay (about 0.82 after 20,000 days, above).
    trajectory = F.run_urn(
        LAMBDA_A, LAMBDA_B, n_draws=20_000, n_runs=100, poisson=True, decay=0.01, seed=2
    )
    shares = F.final_shares(trajectory)
    plain = F.final_shares(F.run_urn(LAMBDA_A, LAMBDA_B, n_draws=20_000, n_runs=100, seed=2))
    assert shares.mean() > plain.mean() + 0.1
    assert shares.median() > 0.95
    # with decay every region keeps at least one ball
    assert trajectory["balls_b"].min() >= 1.0
    # Poisson increments leave whole balls
    assert np.array_equal(trajectory["balls_a"], np.round(trajectory["balls_a"]))


def test_surprise_correction_settles_on_the_true_share():
    # Ensign et al.'s theorem. Tolerance 0.003: the spread of the final shares over runs
    # is about 0.004, so the mean of 100 runs is within 0.001 of its expectation.
    shares = F.final_shares(
        F.run_urn(LAMBDA_A, LAMBDA_B, n_draws=20_000, n_runs=100, surprise=True, seed=3)
    )
    assert shares.mean() == pytest.approx(TRUE_SHARE, abs=0.003)


def test_simulation_settles_at_the_analytic_limit_with_reporting():
    limit = F.urn_limit(F.update_matrix(LAMBDA_A, LAMBDA_B, w_d=0.5))
    shares = F.final_shares(
        F.run_urn(LAMBDA_A, LAMBDA_B, n_draws=10_000, n_runs=20, w_d=0.5, seed=4)
    )
    assert shares.mean() == pytest.approx(limit, abs=0.005)  # limit 0.6, true share 0.567


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
            w_d=0.6,
            surprise=True,
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
    kwargs = dict(n_draws=2_000, n_runs=5, poisson=True, decay=0.01, surprise=True, w_d=0.7)
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
    st.booleans(),
    st.floats(0, 1),
    st.booleans(),
    st.sampled_from([0.0, 0.05, 0.5]),
    st.integers(0, 2**32 - 1),
)
def test_shares_stay_strictly_between_zero_and_one(
    la, lb, prior, surprise, w_d, poisson, decay, seed
):
    traj = F.run_urn(
        la,
        lb,
        prior=prior,
        n_draws=200,
        n_runs=4,
        w_d=w_d,
        surprise=surprise,
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
# the sweep behind the urn chart
# --------------------------------------------------------------------------------------
def test_urn_sweep_is_run_urn_for_each_setting_with_its_limit():
    sweep = F.urn_sweep(weights=[0.6, 1.0], n_draws=600, n_runs=3, record_every=200, seed=4)
    assert list(sweep.columns) == list(F.SWEEP_COLUMNS)
    assert sorted(set(zip(sweep["w_d"], sweep["corrected"], strict=True))) == [
        (0.6, 0),
        (0.6, 1),
        (1.0, 0),
        (1.0, 1),
    ]
    for (w_d, corrected), rows in sweep.groupby(["w_d", "corrected"]):
        alone = F.run_urn(
            n_draws=600, n_runs=3, record_every=200, w_d=w_d, surprise=bool(corrected), seed=4
        )
        np.testing.assert_array_equal(rows["share_a"], alone["share_a"])  # the same seed
        expected = (
            TRUE_SHARE if corrected else F.urn_limit(F.update_matrix(LAMBDA_A, LAMBDA_B, w_d=w_d))
        )
        np.testing.assert_allclose(rows["limit"], expected, rtol=1e-12)
    np.testing.assert_allclose(sweep["true_share"], TRUE_SHARE, rtol=1e-12)
    # with the correction the limit is the true share; without, it runs above it
    limits = sweep.groupby(["w_d", "corrected"])["limit"].first()
    assert limits[(1.0, 0)] == 1.0 and limits[(0.6, 0)] > TRUE_SHARE


def test_urn_sweep_is_reproducible_from_a_generator():
    a = F.urn_sweep(weights=[0.5], n_draws=100, n_runs=2, rng=np.random.default_rng(3))
    b = F.urn_sweep(weights=[0.5], n_draws=100, n_runs=2, rng=np.random.default_rng(3))
    pd.testing.assert_frame_equal(a, b)
    c = F.urn_sweep(weights=[0.5], n_draws=100, n_runs=2, rng=np.random.default_rng(4))
    assert not a["share_a"].equals(c["share_a"])


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"weights": []}, "weights"),
        ({"weights": [0.5, 1.5]}, "weights"),
        ({"weights": [0.5, 0.5]}, "weights"),
        ({"weights": np.linspace(0, 1, 102)}, "weights"),
        ({"weights": [0.5], "lambda_a": 0}, "lambda_a"),
        ({"weights": [0.5], "n_runs": 0}, "n_runs"),
        ({"weights": [0.5], "seed": -1}, "seed"),
    ],
)
def test_urn_sweep_rejects_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        F.urn_sweep(**{"n_draws": 10, **kwargs})


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


def test_loop_uses_the_discovery_rate_the_city_was_made_with():
    # A city made with discovery_rate=1.0 remembers it (city.city_params); the loop must
    # use it, not the default 0.4, unless told otherwise.
    city = make_city(n_rows=3, n_cols=3, discovery_rate=1.0, seed=30)
    loop = F.run_hotspot_loop(city, days=20, window=10, seed=31)
    np.testing.assert_allclose(loop["discovery_prob"], 1 - np.exp(-1.0 * loop["patrol"]))
    told = F.run_hotspot_loop(city, days=20, window=10, discovery_rate=0.4, seed=31)
    np.testing.assert_allclose(told["discovery_prob"], 1 - np.exp(-0.4 * told["patrol"]))
    # more discovery, more records from the same true world
    assert loop["true_offences"].equals(told["true_offences"])
    assert loop["recorded"].sum() > told["recorded"].sum()


def test_weighted_rule_estimates_true_offences():
    # Weighting each record by 1 / P(recorded) gives, in expectation, one count per true
    # offence, whatever the patrols; counting records undercounts. Over a 30-day window,
    # 36 neighbourhoods and 170 days after the first window the ratio of what the model
    # counted to the true offences in the same days is within 3% of 1 (its standard
    # error is about 0.3%).
    city = make_city(population_spread=0, seed=32)
    ratios = {}
    for rule in ("weighted", "recorded"):
        loop = F.run_hotspot_loop(city, days=200, window=30, rule=rule, seed=33)
        true = loop.pivot(index="day", columns="neighbourhood", values="true_offences")
        score = loop.pivot(index="day", columns="neighbourhood", values="score")
        window_true = true.rolling(30).sum().shift(1)  # the 30 days before each morning
        days = slice(30, None)  # after the history: the window lies inside the loop
        ratios[rule] = score.iloc[days].to_numpy().sum() / window_true.iloc[days].to_numpy().sum()
    assert ratios["weighted"] == pytest.approx(1.0, abs=0.03)
    assert ratios["recorded"] < 0.9


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


# deterrence in the loop
def test_loop_without_deterrence_is_unchanged(equal_city, loops):
    # 0, given or taken from a city made with it, is exactly the loop without the option
    # (same random numbers): the chapters' numbers do not move.
    given_zero = F.run_hotspot_loop(equal_city, deterrence=0.0, seed=1)
    pd.testing.assert_frame_equal(given_zero, loops["recorded"][0])
    city_zero = make_city(population_spread=0, seed=21, deterrence=0)
    pd.testing.assert_frame_equal(F.run_hotspot_loop(city_zero, seed=1), loops["recorded"][0])


@pytest.fixture(scope="module")
def deterred(equal_city) -> list[pd.DataFrame]:
    """A strong deterrence (0.3), so that its effect is large against the noise."""
    return [F.run_hotspot_loop(equal_city, deterrence=0.3, seed=seed) for seed in (1, 2, 3)]


def test_deterrence_lowers_true_offences_where_the_model_sends_patrols(deterred, equal_city):
    # Written from the model: a neighbourhood's expected true offences are its rate times
    # exp(-0.3 (patrol - 1)). Flagged: patrol 3.46, factor 0.478; unflagged: 0.69, 1.097.
    # Means over 3 x 365 days (4 flagged, 32 not) lie within 5 standard errors.
    rate = float(equal_city["true_rate"].iloc[0])
    loop = pd.concat(deterred)
    for flagged in (True, False):
        part = loop[loop["flagged"] == flagged]
        patrol = part["patrol"].unique()
        assert len(patrol) == 1
        expected = rate * np.exp(-0.3 * (patrol[0] - 1))
        error = 5 * np.sqrt(expected / len(part))
        assert part["true_offences"].mean() == pytest.approx(expected, abs=error)
    # monotone in patrol, day by day: the flagged have fewer true offences on average
    by_flag = loop.groupby("flagged")["true_offences"].mean()
    assert by_flag[True] < by_flag[False]


def test_deterrence_in_the_loop_follows_the_patrols_of_each_rule(equal_city):
    # The rules send patrols differently, so with deterrence their true worlds differ;
    # without it they are the same (test_the_true_world_is_the_same_whatever_the_rule).
    a = F.run_hotspot_loop(equal_city, days=120, rule="recorded", deterrence=0.3, seed=4)
    b = F.run_hotspot_loop(equal_city, days=120, rule="reported", deterrence=0.3, seed=4)
    assert not a["true_offences"].equals(b["true_offences"])
    # the same seed gives the same frame
    pd.testing.assert_frame_equal(
        a, F.run_hotspot_loop(equal_city, days=120, rule="recorded", deterrence=0.3, seed=4)
    )


def test_a_deterrent_city_gives_the_same_loop_as_a_loop_told_to_deter():
    # The city's rates already include the deterrence under its own patrols; the loop
    # undoes that and applies it to each day's patrols, so both routes agree.
    plain = make_city(n_rows=3, n_cols=3, population_spread=0, seed=28)
    deterrent = make_city(n_rows=3, n_cols=3, population_spread=0, seed=28, deterrence=0.2)
    assert not np.allclose(plain["true_rate"], deterrent["true_rate"])
    told = F.run_hotspot_loop(plain, days=60, n_flagged=2, deterrence=0.2, seed=29)
    own = F.run_hotspot_loop(deterrent, days=60, n_flagged=2, seed=29)
    pd.testing.assert_frame_equal(told, own)


def test_with_deterrence_the_records_still_overstate_the_flagged(deterred):
    # Patrols prevent offences where the model sends them, yet those places still hold a
    # larger share of the records than of the true offences (they are looked at more):
    # by at least 20% on average over the three years.
    summary = pd.concat([F.summarise_loop(loop) for loop in deterred])
    ratio = summary["recorded_share_flagged"].mean() / summary["true_share_flagged"].mean()
    assert ratio > 1.2


def test_a_small_deterrence_lowers_offences_but_raises_records_where_patrols_go(equal_city):
    # With the illustrative deterrence 0.05, written from the model: a flagged
    # neighbourhood (patrol 3.46) expects exp(-0.05 * 2.46) = 0.884 of the average rate,
    # an unflagged one (0.69) 1.016 of it; each offence is recorded unless it is neither
    # reported (0.42) nor discovered (exp(-0.4 * patrol) undiscovered). So the flagged
    # have 13% fewer true offences per day and about 33% more records. Checked over
    # three years, within 5 standard errors of the expected means.
    from policing_lab.city import DETERRENCE_EXAMPLE

    rate = float(equal_city["true_rate"].iloc[0])
    loop = pd.concat(
        F.run_hotspot_loop(equal_city, deterrence=DETERRENCE_EXAMPLE, seed=seed)
        for seed in (1, 2, 3)
    )
    means = {}
    for flagged in (True, False):
        part = loop[loop["flagged"] == flagged]
        patrol = float(part["patrol"].iloc[0])
        true = rate * np.exp(-DETERRENCE_EXAMPLE * (patrol - 1))
        recorded = true * (1 - 0.58 * np.exp(-0.4 * patrol))
        for column, expected in (("true_offences", true), ("recorded", recorded)):
            observed = part[column].mean()
            assert observed == pytest.approx(expected, abs=5 * np.sqrt(expected / len(part)))
            means[flagged, column] = observed
    assert means[True, "true_offences"] < means[False, "true_offences"]
    assert means[True, "recorded"] > 1.2 * means[False, "recorded"]


def test_loop_deterrence_needs_the_patrols_of_the_history(equal_city):
    with pytest.raises(ValueError, match="patrol"):
        F.run_hotspot_loop(equal_city.drop(columns="patrol"), days=5, deterrence=0.1)
    # without deterrence the column is not needed
    F.run_hotspot_loop(equal_city.drop(columns="patrol"), days=5)


def test_reports_only_under_protects_where_fewer_offences_are_reported():
    # Unequal reporting (45% on the A side, 30% on the B side, as in chapter 2): a model
    # counting reports sees the B side's offences at 30/45 of their weight, so it sends
    # the B side clearly less than its share of true offences (Akpinar et al. 2021); the
    # weighted rule, which knows the reporting and patrols, stays near it. Three seeds;
    # tolerances: at least 5 points below for reports, within 4 points for weighted.
    from policing_lab.city import with_reporting

    city = with_reporting(
        make_city(population_spread=0, seed=21),
        reporting_prob_group_a=0.45,
        reporting_prob_group_b=0.30,
    )
    for rule, check in (
        ("reported", lambda patrol, true: patrol < true - 0.05),
        ("weighted", lambda patrol, true: abs(patrol - true) < 0.04),
    ):
        shares = [
            F.summarise_loop(F.run_hotspot_loop(city, rule=rule, seed=seed)) for seed in (1, 2, 3)
        ]
        patrol = np.mean([s["patrol_share_b"].mean() for s in shares])
        true = np.mean([s["true_share_b"].mean() for s in shares])
        assert check(patrol, true), (rule, patrol, true)


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
        ({"w_d": 1.5}, "w_d"),
        ({"w_d": -0.1, "surprise": True}, "w_d"),
        ({"w_d": "1"}, "w_d"),
        ({"surprise": 1}, "surprise"),
        ({"surprise": "yes"}, "surprise"),
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
        ((1.0, 1.0), {"w_d": 2}, "w_d"),
        ((1.0, 1.0), {"w_d": float("nan")}, "w_d"),
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
        ({"discovery_rate": "0.4"}, "discovery_rate"),
        ({"deterrence": -0.1}, r"deterrence must be a number in \[0, 2\]"),
        ({"deterrence": 2.5}, r"deterrence must be a number in \[0, 2\]"),
        ({"deterrence": "0.05"}, "deterrence"),
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
