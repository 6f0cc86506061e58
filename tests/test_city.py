"""Tests of the synthetic city: invariants, statistics of the defaults, bad input."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policing_lab import city as C

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
COUNTS = ("true_offences", "reported", "discovered", "recorded")


@pytest.fixture(scope="module")
def city() -> pd.DataFrame:
    return C.make_city(seed=11)


@pytest.fixture(scope="module")
def year(city) -> pd.DataFrame:
    return C.simulate_days(city, days=60, seed=12)


# --------------------------------------------------------------------------------------
# invariants of the counts
# --------------------------------------------------------------------------------------
probabilities = st.floats(0.0, 1.0, allow_nan=False)


@st.composite
def count_inputs(draw):
    n = draw(st.integers(1, 5))
    rates = draw(st.lists(st.floats(0.0, 30.0, allow_nan=False), min_size=n, max_size=n))
    reporting = draw(st.lists(probabilities, min_size=n, max_size=n))
    discovery = draw(st.lists(probabilities, min_size=n, max_size=n))
    days = draw(st.integers(1, 40))
    replicates = draw(st.integers(1, 3))
    seed = draw(st.integers(0, 2**32 - 1))
    return rates, reporting, discovery, days, replicates, seed


@FAST
@given(count_inputs())
def test_records_never_exceed_truth_and_are_counted_once(inputs):
    rates, reporting, discovery, days, replicates, seed = inputs
    out = C.simulate_counts(
        rates, reporting, discovery, days=days, n_replicates=replicates, seed=seed
    )
    assert set(out) == set(COUNTS)
    for name in COUNTS:
        assert out[name].shape == (replicates, days, len(rates))
        assert np.issubdtype(out[name].dtype, np.integer)
        assert (out[name] >= 0).all()
    true, rep, dis, rec = (out[name] for name in COUNTS)
    assert (rep <= true).all() and (dis <= true).all() and (rec <= true).all()
    assert (rec >= np.maximum(rep, dis)).all()
    assert (rec <= rep + dis).all()


@FAST
@given(count_inputs())
def test_certain_and_impossible_reporting_and_discovery(inputs):
    rates, _, _, days, replicates, seed = inputs
    n = len(rates)
    never = C.simulate_counts(rates, [0.0] * n, [0.0] * n, days=days, seed=seed)
    assert (never["recorded"] == 0).all()
    always = C.simulate_counts(rates, [1.0] * n, [1.0] * n, days=days, seed=seed)
    assert (always["reported"] == always["true_offences"]).all()
    assert (always["discovered"] == always["true_offences"]).all()
    assert (always["recorded"] == always["true_offences"]).all()


def test_zero_rate_gives_no_offences():
    out = C.simulate_counts([0.0, 3.0], [0.5, 0.5], [0.5, 0.5], days=100, seed=1)
    assert (out["true_offences"][..., 0] == 0).all()
    assert out["true_offences"][..., 1].sum() > 0


@pytest.mark.parametrize("lam", [0.05, 0.8, 3.0, 40.0, 600.0])
def test_true_offences_are_poisson(lam):
    """Mean, variance and P(X = 0) of a Poisson(lam), within 5 standard errors."""
    out = C.simulate_counts([lam], [0.3], [0.2], days=2_000, n_replicates=50, seed=3)
    x = out["true_offences"].ravel().astype(float)
    n = x.size
    assert abs(x.mean() - lam) < 5 * math.sqrt(lam / n)
    assert abs(x.var() / lam - 1) < 5 * math.sqrt(2 / n) + 1e-3
    p0 = math.exp(-lam)
    assert abs((x == 0).mean() - p0) < 5 * math.sqrt(p0 * (1 - p0) / n) + 1e-12


def _kinds(out):
    """The four kinds of offence, recovered from the four counts."""
    both = out["reported"] + out["discovered"] - out["recorded"]
    return {
        "reported and discovered": both,
        "reported only": out["reported"] - both,
        "discovered only": out["discovered"] - both,
        "neither": out["true_offences"] - out["recorded"],
    }


def test_thinning_gives_four_independent_poisson_counts():
    """Theory of Poisson thinning: each kind is Poisson with mean lam times the chance of
    that kind, and the four kinds are independent of each other."""
    lam, r, d = 4.0, 0.42, 0.3
    out = C.simulate_counts([lam], [r], [d], days=1_000, n_replicates=100, seed=4)
    n = out["true_offences"].size
    kinds = {k: v.ravel().astype(float) for k, v in _kinds(out).items()}
    chance = {
        "reported and discovered": r * d,
        "reported only": r * (1 - d),
        "discovered only": (1 - r) * d,
        "neither": (1 - r) * (1 - d),
    }
    for kind, x in kinds.items():
        mean = lam * chance[kind]
        assert (x >= 0).all(), kind
        assert abs(x.mean() - mean) < 5 * math.sqrt(mean / n), kind
        assert abs(x.var() / mean - 1) < 5 * math.sqrt(2 / n) + 0.01, kind
    names = list(kinds)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            corr = np.corrcoef(kinds[a], kinds[b])[0, 1]
            assert abs(corr) < 5 / math.sqrt(n), (a, b, corr)  # independent: no correlation


def test_reported_and_discovered_share_only_the_offences_of_both_kinds():
    """cov(reported, discovered) is the variance of the shared part, lam r d; a day with
    nothing recorded has probability exp(-lam P(reported or discovered))."""
    lam, r, d = 4.0, 0.42, 0.3
    out = C.simulate_counts([lam], [r], [d], days=1_000, n_replicates=100, seed=4)
    n = out["true_offences"].size
    rep = out["reported"].ravel().astype(float)
    dis = out["discovered"].ravel().astype(float)
    rec = out["recorded"].ravel().astype(float)
    assert abs(np.cov(rep, dis)[0, 1] - lam * r * d) < 0.03
    p_recorded = r + (1 - r) * d  # reported, or else discovered
    assert abs(rec.mean() - lam * p_recorded) < 5 * math.sqrt(lam * p_recorded / n)
    p_none = math.exp(-lam * p_recorded)
    assert abs((rec == 0).mean() - p_none) < 5 * math.sqrt(p_none / n)


def test_replicates_and_neighbourhoods_are_independent_streams():
    out = C.simulate_counts([2.0, 2.0], [0.5, 0.5], [0.5, 0.5], days=500, n_replicates=4, seed=5)
    true = out["true_offences"].astype(float)
    assert not np.array_equal(true[0], true[1])
    assert not np.array_equal(true[..., 0], true[..., 1])
    corr = np.corrcoef(true[..., 0].ravel(), true[..., 1].ravel())[0, 1]
    assert abs(corr) < 0.05


def test_counts_are_int32_arrays_of_replicates_days_neighbourhoods():
    out = C.simulate_counts([1.0, 2.0, 3.0], [0.4] * 3, [0.3] * 3, days=7, n_replicates=2, seed=1)
    for name in COUNTS:
        assert out[name].dtype == np.int32 and out[name].shape == (2, 7, 3), name
    # neighbourhood j has mean true_rate[j]: the last axis is the neighbourhood
    many = C.simulate_counts([0.0, 5.0], [0.4] * 2, [0.3] * 2, days=400, seed=1)
    assert many["true_offences"][..., 0].sum() == 0 and many["true_offences"][..., 1].mean() > 4


def test_large_calls_are_drawn_in_blocks_with_the_same_distribution():
    """A call larger than one block of draws: every block has the right mean, and the
    blocks are not copies of each other."""
    n, lam = 50, 2.0
    out = C.simulate_counts([lam] * n, [0.4] * n, [0.3] * n, days=365, n_replicates=120, seed=6)
    true = out["true_offences"].reshape(-1, n)  # 43,800 days x 50 neighbourhoods
    assert true.size > C._BLOCK_CELLS  # more than one block
    halves = np.array_split(true, 4)
    for part in halves:
        assert abs(part.mean() - lam) < 5 * math.sqrt(lam / part.size)
    assert not np.array_equal(halves[0][:100], halves[-1][:100])


def test_simulate_counts_is_reproducible_by_seed_and_generator():
    args = ([1.0, 2.0], [0.4, 0.4], [0.3, 0.3])
    a = C.simulate_counts(*args, days=50, n_replicates=3, seed=7)
    b = C.simulate_counts(*args, days=50, n_replicates=3, rng=np.random.default_rng(7))
    c = C.simulate_counts(*args, days=50, n_replicates=3, seed=8)
    assert all(np.array_equal(a[k], b[k]) for k in COUNTS)
    assert not np.array_equal(a["true_offences"], c["true_offences"])


# --------------------------------------------------------------------------------------
# the city
# --------------------------------------------------------------------------------------
@settings(max_examples=30, deadline=None)
@given(
    n_rows=st.integers(1, 8),
    n_cols=st.integers(1, 8),
    share=probabilities,
    segregation=st.floats(0, 20),
    spread=st.floats(0, 2),
    ratio=st.floats(0.01, 100),
    reporting_a=probabilities,
    reporting_b=probabilities,
    seed=st.integers(0, 2**32 - 1),
)
def test_make_city_columns_are_in_range(
    n_rows, n_cols, share, segregation, spread, ratio, reporting_a, reporting_b, seed
):
    city = C.make_city(
        n_rows=n_rows,
        n_cols=n_cols,
        share_group_b=share,
        segregation=segregation,
        population_spread=spread,
        patrol_ratio=ratio,
        reporting_prob_group_a=reporting_a,
        reporting_prob_group_b=reporting_b,
        seed=seed,
    )
    n = n_rows * n_cols
    assert len(city) == n
    assert list(city["neighbourhood"]) == list(range(n))
    assert (city["row"] * n_cols + city["col"] == city["neighbourhood"]).all()
    assert city["name"].is_unique
    assert (city["population"] >= 1).all()
    assert np.allclose(city["share_group_a"] + city["share_group_b"], 1)
    for column in ("share_group_b", "reporting_prob", "discovery_prob"):
        assert city[column].between(0, 1).all(), column
    assert (city["true_rate"] >= 0).all()
    assert city["patrol"].mean() == pytest.approx(1.0)
    assert (city["patrol"] > 0).all()
    lo, hi = sorted((reporting_a, reporting_b))
    assert city["reporting_prob"].between(lo - 1e-12, hi + 1e-12).all()
    weights = city["population"] / city["population"].sum()
    assert float(weights @ city["share_group_b"]) == pytest.approx(share, abs=1e-6)
    expected_side = np.where(city["share_group_b"] > 0.5, "B", "A")
    assert (city["majority_group"].to_numpy() == expected_side).all()


def test_make_city_default_shape_and_columns(city):
    assert len(city) == 36
    for column in (
        "neighbourhood",
        "name",
        "row",
        "col",
        "population",
        "share_group_a",
        "share_group_b",
        "majority_group",
        "true_rate",
        "reporting_prob",
        "patrol",
        "discovery_prob",
    ):
        assert column in city.columns
    assert city["name"].iloc[0] == "N01" and city["name"].iloc[-1] == "N36"
    assert set(city["majority_group"]) == {"A", "B"}


def test_default_true_offending_does_not_depend_on_group(city):
    per_resident = city["true_rate"] / city["population"]
    assert np.allclose(per_resident, C.OFFENDING_RATE / 1_000)


def test_default_reporting_is_the_ncvs_share(city):
    assert np.allclose(city["reporting_prob"], 0.42)


def test_default_patrols_follow_group_b(city):
    """Patrols are uneven and higher where group B lives; discovery follows patrols."""
    assert city["patrol"].max() / city["patrol"].min() > 1.5
    assert np.corrcoef(city["share_group_b"], city["patrol"])[0, 1] > 0.99
    sides = city.groupby("majority_group")["patrol"].mean()
    assert sides["B"] > sides["A"]
    order = np.argsort(city["patrol"].to_numpy())
    assert np.all(np.diff(city["discovery_prob"].to_numpy()[order]) >= 0)


def test_group_b_lives_on_one_side_of_town():
    city = C.make_city(n_rows=10, n_cols=10, seed=3)
    assert np.corrcoef(city["col"], city["share_group_b"])[0, 1] > 0.8
    flat = C.make_city(n_rows=10, n_cols=10, segregation=0.0, seed=3)
    assert abs(np.corrcoef(flat["col"], flat["share_group_b"])[0, 1]) < 0.4
    assert flat["share_group_b"].std() < city["share_group_b"].std() / 3


def test_population_varies_moderately():
    city = C.make_city(n_rows=40, n_cols=40, seed=4)
    pop = city["population"]
    assert pop.mean() == pytest.approx(5_000, rel=0.02)
    assert 0.15 < pop.std() / pop.mean() < 0.35
    assert (C.make_city(population_spread=0.0, seed=4)["population"] == 5_000).all()


def test_offending_ratio_changes_true_rates():
    city = C.make_city(offending_ratio_group_b=2.0, seed=5)
    per_resident = city["true_rate"] / city["population"] * 1_000
    expected = C.OFFENDING_RATE * (1 + city["share_group_b"])
    assert np.allclose(per_resident, expected)


def test_patrol_ratio_sets_the_patrol_gradient():
    """Patrol is a straight line in the group-B share, mean 1, and an all-B neighbourhood
    (share 1, extrapolated) gets patrol_ratio times the patrol of an all-A one (share 0)."""
    city = C.make_city(patrol_ratio=4.0, seed=6)
    slope, intercept = np.polyfit(city["share_group_b"], city["patrol"], 1)
    fitted = intercept + slope * city["share_group_b"]
    assert np.allclose(city["patrol"], fitted, atol=1e-9)  # exactly linear
    assert (intercept + slope) / intercept == pytest.approx(4.0)
    assert city["patrol"].mean() == pytest.approx(1.0)
    assert np.allclose(C.make_city(patrol_ratio=1.0, seed=6)["patrol"], 1.0)


def test_unequal_reporting_mixes_the_groups():
    """Reporting is a straight line in the group-B share: 0.5 where everyone is in group A,
    0.3 where everyone is in group B (the ends of the fitted line)."""
    city = C.make_city(reporting_prob_group_a=0.5, reporting_prob_group_b=0.3, seed=7)
    slope, intercept = np.polyfit(city["share_group_b"], city["reporting_prob"], 1)
    assert intercept == pytest.approx(0.5) and intercept + slope == pytest.approx(0.3)
    assert city["reporting_prob"].between(0.3, 0.5).all()


# --------------------------------------------------------------------------------------
# patrol -> discovery, scenarios
# --------------------------------------------------------------------------------------
@FAST
@given(
    st.lists(st.floats(0, 50), min_size=1, max_size=10),
    st.floats(0, 100),
)
def test_discovery_grows_with_patrol_and_stays_a_probability(patrol, k):
    d = C.discovery_from_patrol(patrol, discovery_rate=k)
    assert d.shape == (len(patrol),)
    assert ((d >= 0) & (d <= 1)).all()
    order = np.argsort(patrol)
    assert np.all(np.diff(d[order]) >= 0)


def test_discovery_known_values():
    """With k = ln 2 one unit of patrol discovers half, two units three quarters."""
    assert C.discovery_from_patrol(0.0)[0] == 0.0
    assert C.discovery_from_patrol(1.0, discovery_rate=math.log(2))[0] == pytest.approx(0.5)
    assert C.discovery_from_patrol([2.0], discovery_rate=math.log(2))[0] == pytest.approx(0.75)


@FAST
@given(st.floats(0, 10), st.floats(0, 10), st.floats(0, 5))
def test_each_unit_of_patrol_has_the_same_independent_chance(p, q, k):
    """Missed by patrol p + q = missed by p and, independently, missed by q."""
    miss = 1 - C.discovery_from_patrol([p, q, p + q], discovery_rate=k)
    assert miss[2] == pytest.approx(miss[0] * miss[1], abs=1e-12)


def test_recording_prob_known_values_and_counted_once():
    assert C.recording_prob(0.0, 0.0) == 0.0
    assert C.recording_prob(1.0, 0.3) == 1.0 and C.recording_prob(0.3, 1.0) == 1.0
    assert C.recording_prob(0.5, 0.5) == pytest.approx(0.75)  # 1 in 4 is neither
    # counted once: fewer records than reports plus discoveries, more than either alone
    r, d = 0.42, np.linspace(0, 1, 11)
    p = C.recording_prob(r, d)
    assert (p <= r + d + 1e-12).all() and (p >= np.maximum(r, d) - 1e-12).all()


def test_with_patrol_ratio_moves_patrols_without_adding(city):
    for ratio in (0.5, 1.0, 3.0):
        moved = C.with_patrol_ratio(city, ratio)
        sides = moved.groupby("majority_group")["patrol"]
        assert sides.nunique().max() == 1
        assert sides.mean()["B"] / sides.mean()["A"] == pytest.approx(ratio)
        assert moved["patrol"].mean() == pytest.approx(1.0)
        assert np.allclose(moved["discovery_prob"], C.discovery_from_patrol(moved["patrol"]))
    assert "patrol" in city and not np.allclose(city["patrol"], 1.0)  # input untouched


def test_with_patrol_and_with_reporting_return_copies(city):
    # known value: with k = ln 2, one unit of patrol discovers half of the offences
    even = C.with_patrol(city, np.ones(len(city)), discovery_rate=math.log(2))
    assert np.allclose(even["discovery_prob"], 0.5)
    unequal = C.with_reporting(city, reporting_prob_group_a=0.6, reporting_prob_group_b=0.2)
    # a neighbourhood's reporting is the mix of its residents': 0.6 for A, 0.2 for B
    residents_a = city["population"] * city["share_group_a"]
    residents_b = city["population"] * city["share_group_b"]
    reports = unequal["reporting_prob"] * city["population"]
    assert np.allclose(reports, 0.6 * residents_a + 0.2 * residents_b)
    assert np.allclose(city["reporting_prob"], 0.42)
    assert np.allclose(city["patrol"], C.make_city(seed=11)["patrol"])  # input untouched


def test_a_city_remembers_its_discovery_rate():
    """Regression: with_patrol(city, city.patrol) used to reset discovery to the default rate
    (mean discovery fell from 0.617 to 0.325 for a city made with discovery_rate=1)."""
    city = C.make_city(discovery_rate=1.0, seed=1)
    at_rate_1 = C.discovery_from_patrol(city["patrol"], discovery_rate=1.0)
    assert np.allclose(city["discovery_prob"], at_rate_1)
    assert not np.allclose(city["discovery_prob"], C.discovery_from_patrol(city["patrol"]))
    same = C.with_patrol(city, city["patrol"])
    np.testing.assert_allclose(same["discovery_prob"], city["discovery_prob"])
    assert same["discovery_prob"].mean() == pytest.approx(city["discovery_prob"].mean())
    moved = C.with_patrol_ratio(city, 2.0)
    assert np.allclose(
        moved["discovery_prob"], C.discovery_from_patrol(moved["patrol"], discovery_rate=1.0)
    )
    # ... through a chain of scenarios, and in the parameters the frames carry.
    chained = C.with_patrol(C.with_reporting(city, reporting_prob_group_b=0.3), city["patrol"])
    assert np.allclose(chained["discovery_prob"], city["discovery_prob"])
    params = C.city_params(chained)
    assert params.discovery_rate == 1.0 and params.reporting_prob_group_b == 0.3
    assert params.patrol_ratio is None and params.seed == 1
    # A rate given explicitly wins, and is remembered.
    slow = C.with_patrol(city, city["patrol"], discovery_rate=0.4)
    assert C.city_params(slow).discovery_rate == 0.4
    assert np.allclose(slow["discovery_prob"], C.discovery_from_patrol(city["patrol"]))


def test_city_params_of_a_hand_made_frame_are_the_defaults():
    frame = pd.DataFrame({"neighbourhood": [0, 1], "patrol": [1.0, 1.0]})
    assert C.city_params(frame) == C.CityParams()
    assert C.city_params(frame).discovery_rate == C.DISCOVERY_RATE
    with pytest.raises(ValueError, match="city must be a pandas DataFrame"):
        C.city_params([1, 2])


def test_check_city_is_the_one_validator(city):
    arrays = C.check_city(city, ("neighbourhood", "majority_group", "reporting_prob"))
    assert set(arrays) == {"neighbourhood", "majority_group", "reporting_prob"}
    with pytest.raises(ValueError, match="must not repeat a neighbourhood"):
        C.check_city(pd.concat([city, city]))
    with pytest.raises(ValueError, match=r"city\['reporting_prob'\]"):
        C.check_city(city.assign(reporting_prob=1.5), ("reporting_prob",))
    with pytest.raises(ValueError, match="only 'A' and 'B'"):
        C.check_city(city.assign(majority_group="C"), ("majority_group",))
    with pytest.raises(ValueError, match="missing patrol"):
        C.check_city(city.drop(columns="patrol"), ("patrol",))


def test_more_patrols_discover_more_in_expectation():
    rates, reporting = [3.0] * 4, [0.42] * 4
    low = C.discovery_from_patrol([0.5] * 4)
    high = C.discovery_from_patrol([2.0] * 4)
    few = C.simulate_counts(rates, reporting, low, days=365, n_replicates=20, seed=9)
    many = C.simulate_counts(rates, reporting, high, days=365, n_replicates=20, seed=9)
    assert many["discovered"].mean() > 2 * few["discovered"].mean()
    assert many["recorded"].mean() > few["recorded"].mean()
    # the truth does not change with patrols
    assert abs(many["true_offences"].mean() - few["true_offences"].mean()) < 0.05


def test_equal_true_rates_with_unequal_patrols_give_unequal_records():
    city = C.make_city(population_spread=0.0, seed=10)  # every neighbourhood: same true rate
    assert np.allclose(city["true_rate"], city["true_rate"].iloc[0])
    days = C.simulate_days(city, days=365, seed=10)
    summary = C.summarise(days, city, by="majority_group").set_index("majority_group")
    # truth per resident is equal within noise...
    assert summary.loc["B", "true_per_1000"] == pytest.approx(
        summary.loc["A", "true_per_1000"], rel=0.05
    )
    # ...records per resident are not: expected ratio from the model's own definition
    d = city.groupby("majority_group")["discovery_prob"].mean()
    expected = (0.42 + 0.58 * d["B"]) / (0.42 + 0.58 * d["A"])
    observed = summary.loc["B", "recorded_per_1000"] / summary.loc["A", "recorded_per_1000"]
    assert observed > 1.1
    assert observed == pytest.approx(expected, rel=0.05)
    assert summary.loc["B", "overrepresentation"] > 1 > summary.loc["A", "overrepresentation"]


def test_equal_patrols_give_records_in_proportion_to_truth():
    city = C.with_patrol_ratio(C.make_city(seed=13), 1.0)
    counts = C.simulate_counts(
        city["true_rate"],
        city["reporting_prob"],
        city["discovery_prob"],
        days=365,
        n_replicates=30,
        seed=13,
    )
    true = counts["true_offences"].sum(axis=(0, 1))
    recorded = counts["recorded"].sum(axis=(0, 1))
    share_gap = recorded / recorded.sum() - true / true.sum()
    assert np.abs(share_gap).max() < 0.003


# --------------------------------------------------------------------------------------
# statistics of the defaults (tolerances: several standard errors)
# --------------------------------------------------------------------------------------
def test_default_shares_reported_and_recorded():
    city = C.make_city(seed=14)
    counts = C.simulate_counts(
        city["true_rate"],
        city["reporting_prob"],
        city["discovery_prob"],
        days=365,
        n_replicates=20,
        seed=14,
    )
    true = counts["true_offences"].sum()
    # about 5e5 offences: standard error of a share < 0.001
    assert true == pytest.approx(20 * 365 * city["true_rate"].sum(), rel=0.01)
    assert counts["reported"].sum() / true == pytest.approx(0.42, abs=0.005)
    weights = city["true_rate"] / city["true_rate"].sum()
    expected_recorded = float(weights @ (1 - 0.58 * (1 - city["discovery_prob"])))
    assert counts["recorded"].sum() / true == pytest.approx(expected_recorded, abs=0.005)


def test_default_truth_is_group_blind_but_records_are_not():
    city = C.make_city(n_rows=10, n_cols=10, seed=15)
    counts = C.simulate_counts(
        city["true_rate"],
        city["reporting_prob"],
        city["discovery_prob"],
        days=365,
        n_replicates=5,
        seed=15,
    )
    pop = city["population"].to_numpy()
    true_per_resident = counts["true_offences"].sum(axis=(0, 1)) / pop
    recorded_per_resident = counts["recorded"].sum(axis=(0, 1)) / pop
    share_b = city["share_group_b"].to_numpy()
    assert abs(np.corrcoef(share_b, true_per_resident)[0, 1]) < 0.3
    assert np.corrcoef(share_b, recorded_per_resident)[0, 1] > 0.7


# --------------------------------------------------------------------------------------
# simulate_days and summarise
# --------------------------------------------------------------------------------------
def test_simulate_days_frame(city, year):
    assert list(year.columns) == ["day", "neighbourhood", *COUNTS]
    assert len(year) == 60 * len(city)
    assert year["day"].min() == 0 and year["day"].max() == 59
    assert (year.groupby("day")["neighbourhood"].apply(list) == [list(range(36))] * 60).all()
    assert (year["recorded"] <= year["true_offences"]).all()
    assert (year["recorded"] >= year[["reported", "discovered"]].max(axis=1)).all()


def test_simulate_days_keeps_the_city_s_neighbourhood_labels(city):
    relabelled = city.assign(neighbourhood=city["neighbourhood"] + 100)
    days = C.simulate_days(relabelled, days=3, seed=1)
    assert set(days["neighbourhood"]) == set(range(100, 136))


def test_summarise_totals_and_shares(city, year):
    summary = C.summarise(year, city)
    assert len(summary) == len(city)
    for column in ("neighbourhood", "name", "row", "col", "population", "share_group_b"):
        assert (summary[column].to_numpy() == city[column].to_numpy()).all(), column
    # an independent computation: a plain loop over the rows
    loop = {c: dict.fromkeys(city["neighbourhood"], 0) for c in COUNTS}
    for row in year.itertuples(index=False):
        for c in COUNTS:
            loop[c][row.neighbourhood] += getattr(row, c)
    for column in COUNTS:
        assert summary[column].dtype == np.int64
        assert summary[column].tolist() == [loop[column][i] for i in summary["neighbourhood"]]
    assert summary["true_share"].sum() == pytest.approx(1)
    assert summary["recorded_share"].sum() == pytest.approx(1)
    ratio = summary["recorded"] / summary["true_offences"]
    assert np.allclose(summary["records_per_true_offence"], ratio)
    assert np.allclose(
        summary["overrepresentation"], summary["recorded_share"] / summary["true_share"]
    )
    assert np.allclose(
        summary["recorded_per_1000"], 1_000 * summary["recorded"] / summary["population"]
    )


def test_summarise_by_side_of_town(city, year):
    by_side = C.summarise(year, city, by="majority_group")
    assert list(by_side["majority_group"]) == ["A", "B"]
    sides = city.set_index("neighbourhood")["majority_group"]
    for side in ("A", "B"):  # independent: select the side's rows and add them up
        rows = year[year["neighbourhood"].map(sides) == side]
        people = city.loc[city["majority_group"] == side, "population"].sum()
        got = by_side.set_index("majority_group").loc[side]
        assert got["recorded"] == rows["recorded"].sum()
        assert got["recorded_per_1000"] == pytest.approx(1_000 * rows["recorded"].sum() / people)
        assert got["neighbourhoods"] == (city["majority_group"] == side).sum()
    assert by_side["neighbourhoods"].sum() == len(city)
    assert by_side["population"].sum() == city["population"].sum()
    assert by_side["true_offences"].sum() == year["true_offences"].sum()
    b_residents = (city["population"] * city["share_group_b"]).sum()
    assert float(by_side["share_group_b"] @ by_side["population"]) == pytest.approx(b_residents)


def test_summarise_handles_rows_in_any_order_and_no_offences(city, year):
    shuffled = year.sample(frac=1.0, random_state=1)
    pd.testing.assert_frame_equal(C.summarise(shuffled, city), C.summarise(year, city))
    quiet = year.assign(**{c: 0 for c in COUNTS})
    summary = C.summarise(quiet, city)
    assert summary["records_per_true_offence"].isna().all()
    assert summary["true_share"].isna().all()


# --------------------------------------------------------------------------------------
# seeds
# --------------------------------------------------------------------------------------
def test_same_seed_same_frames_different_seed_different(city):
    pd.testing.assert_frame_equal(C.make_city(seed=1), C.make_city(seed=1))
    assert not C.make_city(seed=1).equals(C.make_city(seed=2))
    pd.testing.assert_frame_equal(
        C.simulate_days(city, days=30, seed=1), C.simulate_days(city, days=30, seed=1)
    )
    assert not C.simulate_days(city, days=30, seed=1).equals(C.simulate_days(city, days=30, seed=2))
    a = C.simulate_counts([1.0, 2.0], [0.4, 0.4], [0.3, 0.3], days=50, n_replicates=3, seed=1)
    b = C.simulate_counts([1.0, 2.0], [0.4, 0.4], [0.3, 0.3], days=50, n_replicates=3, seed=1)
    c = C.simulate_counts([1.0, 2.0], [0.4, 0.4], [0.3, 0.3], days=50, n_replicates=3, seed=2)
    assert all(np.array_equal(a[k], b[k]) for k in COUNTS)
    assert not np.array_equal(a["true_offences"], c["true_offences"])


def test_rng_is_used_as_given(city):
    frame = C.simulate_days(city, days=10, rng=np.random.default_rng(3))
    pd.testing.assert_frame_equal(frame, C.simulate_days(city, days=10, seed=3))
    generator = np.random.default_rng(3)
    first = C.make_city(rng=generator)
    second = C.make_city(rng=generator)  # the generator advanced
    assert not first.equals(second)


def test_unseeded_runs_differ(city):
    assert not C.simulate_days(city, days=30).equals(C.simulate_days(city, days=30))


# --------------------------------------------------------------------------------------
# the optional deterrence: patrols lower true offending where they go
# --------------------------------------------------------------------------------------
def test_deterrence_off_leaves_the_canonical_data_unchanged(tmp_path):
    """Deterrence 0 is the course's baseline: the canonical city and year, made with the
    option given explicitly, are byte for byte the CSV files in data/ (which `make data`
    writes with write_canonical_data; test_datasets checks that path too)."""
    from policing_lab import datasets as D

    data = Path(__file__).resolve().parents[1] / "data"
    city = C.make_city(seed=D.CITY_SEED, deterrence=0.0)
    assert C.city_params(city).deterrence == 0.0
    year = C.simulate_days(city, days=D.N_DAYS, seed=D.DAYS_SEED)
    for frame, name in ((city, "city"), (year, "neighbourhood_days")):
        text = frame.to_csv(index=False, float_format=D.FLOAT_FORMAT, lineterminator="\n")
        assert text.encode("utf-8") == (data / D.FILES[name]).read_bytes(), name
    for path in D.write_canonical_data(tmp_path):
        assert path.read_bytes() == (data / path.name).read_bytes(), path.name


def test_deterrence_off_changes_nothing_in_scenarios(city):
    assert C.CityParams().deterrence == C.DETERRENCE == 0.0
    pd.testing.assert_frame_equal(C.make_city(seed=11, deterrence=0), city)
    moved = C.with_patrol_ratio(city, 5.0)
    np.testing.assert_array_equal(moved["true_rate"], city["true_rate"])
    np.testing.assert_array_equal(C.offending_factor([0.0, 1.0, 7.5]), [1.0, 1.0, 1.0])


@FAST
@given(
    p=st.floats(0, 20, allow_nan=False),
    q=st.floats(0, 20, allow_nan=False),
    k=st.floats(0, 2, allow_nan=False),
)
def test_offending_factor_each_unit_of_patrol_prevents_the_same_share(p, q, k):
    """exp(-k (p - 1)): 1 at the average patrol, never negative, never rising with patrol,
    and moving from q to p multiplies offending by exp(-k (p - q)) whatever q is."""
    fp, fq = C.offending_factor([p, q], deterrence=k)
    assert C.offending_factor(1.0, deterrence=k)[0] == pytest.approx(1.0)
    assert fp > 0 and fq > 0
    if p >= q:
        assert fp <= fq * (1 + 1e-12)
    assert fp / fq == pytest.approx(math.exp(-k * (p - q)), rel=1e-9)


def test_offending_factor_known_values():
    # a quarter more patrol than average at k = 0.4: exp(-0.1) = 0.9048 of the offending
    np.testing.assert_allclose(C.offending_factor([1.25], deterrence=0.4), [math.exp(-0.1)])
    # no patrol at all: the most offending, exp(k)
    assert C.offending_factor(0.0, deterrence=2.0)[0] == pytest.approx(math.exp(2.0))
    assert 0 < C.DETERRENCE_EXAMPLE <= 0.1  # a small, illustrative effect (city.py)


def test_deterrence_lowers_true_rates_where_patrols_are_heavier():
    plain = C.make_city(seed=41)
    deterred = C.make_city(seed=41, deterrence=0.3)
    # the same neighbourhoods, people and patrols: only the true rates change
    for column in ("population", "share_group_b", "patrol", "discovery_prob"):
        np.testing.assert_array_equal(deterred[column], plain[column])
    ratio = (deterred["true_rate"] / plain["true_rate"]).to_numpy()
    np.testing.assert_allclose(ratio, np.exp(-0.3 * (plain["patrol"].to_numpy() - 1)))
    # monotone: the more patrol, the fewer true offences per resident
    order = np.argsort(plain["patrol"].to_numpy())
    assert np.all(np.diff(ratio[order]) <= 1e-12)
    sides = deterred.groupby("majority_group")[["true_rate", "population"]].sum()
    per_resident = sides["true_rate"] / sides["population"]
    assert per_resident["B"] < per_resident["A"]  # the heavily patrolled side
    assert C.city_params(deterred).deterrence == 0.3


def test_with_patrol_moves_true_offending_with_the_patrols():
    city = C.make_city(n_rows=3, n_cols=3, seed=42, deterrence=0.5)
    patrol = city["patrol"].to_numpy().copy()
    more = patrol.copy()
    more[4] += 1.0  # one more unit of patrol in the middle neighbourhood
    moved = C.with_patrol(city, more)
    factor = moved["true_rate"].to_numpy() / city["true_rate"].to_numpy()
    assert factor[4] == pytest.approx(math.exp(-0.5))
    np.testing.assert_allclose(np.delete(factor, 4), 1.0)
    # back to the old patrols: the old rates; through other scenarios the option is kept
    back = C.with_patrol(moved, patrol)
    np.testing.assert_allclose(back["true_rate"], city["true_rate"])
    chained = C.with_patrol_ratio(C.with_reporting(city, reporting_prob_group_b=0.3), 1.0)
    assert C.city_params(chained).deterrence == 0.5
    even = C.make_city(n_rows=3, n_cols=3, seed=42, deterrence=0.5, patrol_ratio=1.0)
    np.testing.assert_allclose(chained["true_rate"], even["true_rate"])


def test_simulated_offences_follow_the_deterred_rates():
    # Patrol 0 and 2 with deterrence 0.5: expected offences 2 e^0.5 = 3.30 and
    # 2 e^-0.5 = 1.21 a day; 2,000 days x 20 replicates, within 5 standard errors.
    frame = pd.DataFrame(
        {
            "neighbourhood": [0, 1],
            "true_rate": [2.0, 2.0],
            "patrol": [1.0, 1.0],
            "reporting_prob": [0.4, 0.4],
            "discovery_prob": [0.3, 0.3],
        }
    )
    frame.attrs[C.PARAMS_KEY] = C.CityParams(deterrence=0.5)
    scenario = C.with_patrol(frame, [0.0, 2.0])
    counts = C.simulate_counts(
        scenario["true_rate"],
        scenario["reporting_prob"],
        scenario["discovery_prob"],
        days=2_000,
        n_replicates=20,
        seed=43,
    )["true_offences"]
    means = counts.reshape(-1, 2).mean(axis=0)
    expected = 2.0 * np.exp([0.5, -0.5])
    assert np.all(np.abs(means - expected) < 5 * np.sqrt(expected / (2_000 * 20)))


def test_deterrence_rejects_bad_input(city):
    for call in (
        lambda: C.make_city(deterrence=-0.1),
        lambda: C.make_city(deterrence=2.5),
        lambda: C.offending_factor(1.0, deterrence=3),
        lambda: C.offending_factor(1.0, deterrence="big"),
    ):
        with pytest.raises(ValueError, match=r"deterrence must be a number in \[0, 2\]"):
            call()
    with pytest.raises(ValueError, match="patrol"):
        C.offending_factor(-1.0, deterrence=0.1)
    deterred = C.make_city(seed=11, deterrence=0.5)
    with pytest.raises(ValueError, match="patrol"):
        C.with_patrol(deterred.drop(columns="patrol"), [1.0] * 36)
    huge = C.make_city(mean_population=1e6, population_spread=0, deterrence=2.0, seed=1)
    with pytest.raises(ValueError, match="true offences per neighbourhood-day"):
        C.with_patrol(huge, [0.0] * 36)  # no patrol: e^2 times the offending, over the bound


# --------------------------------------------------------------------------------------
# bad input: every parameter of every public function
# --------------------------------------------------------------------------------------
MAKE_CITY_BAD = [
    ("n_rows", 0),
    ("n_rows", -1),
    ("n_rows", 2.0),
    ("n_rows", "6"),
    ("n_rows", True),
    ("n_rows", 101),
    ("n_cols", 0),
    ("n_cols", 1.5),
    ("n_cols", None),
    ("n_cols", 101),
    ("mean_population", 0),
    ("mean_population", -5),
    ("mean_population", float("nan")),
    ("mean_population", "5000"),
    ("mean_population", 2e7),
    ("population_spread", -0.1),
    ("population_spread", 2.5),
    ("population_spread", float("inf")),
    ("share_group_b", -0.1),
    ("share_group_b", 1.1),
    ("share_group_b", "half"),
    ("segregation", -1),
    ("segregation", 21),
    ("segregation", float("nan")),
    ("offending_rate", -0.1),
    ("offending_rate", float("inf")),
    ("offending_rate", [0.4]),
    ("offending_rate", 1e6),
    ("offending_ratio_group_b", -1),
    ("offending_ratio_group_b", float("nan")),
    ("reporting_prob_group_a", -0.01),
    ("reporting_prob_group_a", 1.5),
    ("reporting_prob_group_a", None),
    ("reporting_prob_group_b", 2),
    ("reporting_prob_group_b", "0.4"),
    ("patrol_ratio", 0),
    ("patrol_ratio", -2),
    ("patrol_ratio", 101),
    ("patrol_ratio", None),
    ("discovery_rate", -0.1),
    ("discovery_rate", 101),
    ("discovery_rate", float("nan")),
    ("deterrence", -0.01),
    ("deterrence", 2.01),
    ("deterrence", float("nan")),
    ("deterrence", "0.05"),
    ("deterrence", None),
    ("seed", -1),
    ("seed", 1.5),
    ("seed", "x"),
    ("rng", 5),
    ("rng", "rng"),
]


@pytest.mark.parametrize(("name", "value"), MAKE_CITY_BAD)
def test_make_city_rejects(name, value):
    with pytest.raises(ValueError, match=name):
        C.make_city(**{name: value})


def test_make_city_rejects_too_many_offences_and_seed_with_rng():
    with pytest.raises(ValueError, match="offending_rate"):
        C.make_city(offending_rate=1e6)
    with pytest.raises(ValueError, match="seed or rng"):
        C.make_city(seed=1, rng=np.random.default_rng(1))


GOOD_COUNTS = {"true_rate": [1.0, 2.0], "reporting_prob": [0.4, 0.4], "discovery_prob": [0.3, 0.3]}
SIMULATE_COUNTS_BAD = [
    ("true_rate", [-1.0, 2.0]),
    ("true_rate", [float("nan"), 1.0]),
    ("true_rate", []),
    ("true_rate", [[1.0, 2.0]]),
    ("true_rate", ["a", "b"]),
    ("true_rate", [1.0, 5000.0]),
    ("true_rate", 2.0),
    ("true_rate", None),
    ("reporting_prob", [0.4, 1.5]),
    ("reporting_prob", [-0.1, 0.4]),
    ("reporting_prob", [0.4]),
    ("reporting_prob", [0.4, 0.4, 0.4]),
    ("reporting_prob", "0.4"),
    ("discovery_prob", [0.3, 1.01]),
    ("discovery_prob", [0.3]),
    ("discovery_prob", None),
    ("days", 0),
    ("days", -5),
    ("days", 1.5),
    ("days", "365"),
    ("days", 36_501),
    ("n_replicates", 0),
    ("n_replicates", 2.0),
    ("n_replicates", None),
    ("seed", -3),
    ("seed", 0.5),
    ("rng", 7),
]


@pytest.mark.parametrize(("name", "value"), SIMULATE_COUNTS_BAD)
def test_simulate_counts_rejects(name, value):
    kwargs = {**GOOD_COUNTS, name: value}
    with pytest.raises(ValueError, match=name):
        C.simulate_counts(
            kwargs.pop("true_rate"),
            kwargs.pop("reporting_prob"),
            kwargs.pop("discovery_prob"),
            **kwargs,
        )


def test_simulate_counts_rejects_too_much_work():
    with pytest.raises(ValueError, match="n_replicates"):
        C.simulate_counts([1.0] * 100, [0.4] * 100, [0.3] * 100, days=36_500, n_replicates=100)


def _break(city: pd.DataFrame, column: str, value) -> pd.DataFrame:
    broken = city.copy()
    broken[column] = broken[column].astype(object)
    broken.loc[broken.index[0], column] = value
    return broken


def _city_cases(city):
    return [
        ("not a frame", city.to_dict()),
        ("missing column", city.drop(columns="true_rate")),
        ("empty", city.iloc[:0]),
        ("negative rate", _break(city, "true_rate", -1.0)),
        ("huge rate", _break(city, "true_rate", 1e9)),
        ("string rate", _break(city, "true_rate", "high")),
        ("reporting above 1", _break(city, "reporting_prob", 1.5)),
        ("discovery nan", _break(city, "discovery_prob", float("nan"))),
        ("fractional id", _break(city, "neighbourhood", 0.5)),
        ("repeated id", city.assign(neighbourhood=0)),
    ]


@pytest.mark.parametrize("case", range(10))
def test_simulate_days_rejects_bad_city(city, case):
    _, bad = _city_cases(city)[case]
    with pytest.raises(ValueError, match="city"):
        C.simulate_days(bad, days=5, seed=1)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("days", 0),
        ("days", 2.5),
        ("days", "30"),
        ("days", 40_000),
        ("seed", -1),
        ("rng", "generator"),
    ],
)
def test_simulate_days_rejects(city, name, value):
    kwargs = {"days": 5, name: value}
    with pytest.raises(ValueError, match=name):
        C.simulate_days(city, **kwargs)


def test_simulate_days_has_one_way_to_change_patrols(city):
    with pytest.raises(TypeError):
        C.simulate_days(city, days=5, patrol=[1.0] * len(city))


def test_summarise_rejects(city, year):
    bad_days = [
        ("days_frame", [1, 2, 3]),
        ("days_frame", year.drop(columns="recorded")),
        ("days_frame", year.iloc[:0]),
        ("days_frame", year.assign(recorded=-1)),
        ("days_frame", year.assign(reported=0.5)),
        ("days_frame", year.assign(neighbourhood=99)),
    ]
    for label, frame in bad_days:
        with pytest.raises(ValueError, match=label):
            C.summarise(frame, city)
    bad_cities = [
        city.drop(columns="name"),
        city.drop(columns="patrol"),
        city.assign(neighbourhood=0),
        city.assign(population=-1),
        city.assign(row=0.5),
        "city",
    ]
    for frame in bad_cities:
        with pytest.raises(ValueError, match="city"):
            C.summarise(year, frame)
    with pytest.raises(ValueError, match="by"):
        C.summarise(year, city, by="group")


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"patrol": -1.0}, "patrol"),
        ({"patrol": "x"}, "patrol"),
        ({"patrol": [[1.0]]}, "patrol"),
        ({"patrol": [float("nan")]}, "patrol"),
        ({"patrol": None}, "patrol"),
        ({"patrol": 1.0, "discovery_rate": -1}, "discovery_rate"),
        ({"patrol": 1.0, "discovery_rate": "x"}, "discovery_rate"),
    ],
)
def test_discovery_from_patrol_rejects(kwargs, name):
    with pytest.raises(ValueError, match=name):
        C.discovery_from_patrol(**kwargs)


def test_scenario_functions_reject(city):
    cases = [
        (lambda: C.with_patrol("city", [1.0]), "city"),
        (lambda: C.with_patrol(city.drop(columns="neighbourhood"), [1.0] * 36), "city"),
        (lambda: C.with_patrol(city, [1.0] * 3), "patrol"),
        (lambda: C.with_patrol(city, [-1.0] * 36), "patrol"),
        (lambda: C.with_patrol(city, [1.0] * 36, discovery_rate=-1), "discovery_rate"),
        (lambda: C.with_patrol_ratio(city.drop(columns="majority_group"), 2.0), "city"),
        (lambda: C.with_patrol_ratio(city.assign(majority_group="C"), 2.0), "majority_group"),
        (lambda: C.with_patrol_ratio(city, 0.0), "ratio_b_to_a"),
        (lambda: C.with_patrol_ratio(city, -2.0), "ratio_b_to_a"),
        (lambda: C.with_patrol_ratio(city, "2"), "ratio_b_to_a"),
        (lambda: C.with_patrol_ratio(city, 2.0, discovery_rate=float("nan")), "discovery_rate"),
        (lambda: C.with_reporting(None), "city"),
        (lambda: C.with_reporting(city.assign(share_group_b=2.0)), "share_group_b"),
        (lambda: C.with_reporting(city, reporting_prob_group_a=1.2), "reporting_prob_group_a"),
        (lambda: C.with_reporting(city, reporting_prob_group_b=-0.2), "reporting_prob_group_b"),
    ]
    for call, name in cases:
        with pytest.raises(ValueError, match=name):
            call()


junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.lists(st.floats(-5, 5), max_size=3),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
)


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(
        [
            "n_rows",
            "n_cols",
            "mean_population",
            "population_spread",
            "share_group_b",
            "segregation",
            "offending_rate",
            "offending_ratio_group_b",
            "reporting_prob_group_a",
            "reporting_prob_group_b",
            "patrol_ratio",
            "discovery_rate",
            "deterrence",
            "seed",
            "rng",
        ]
    ),
    value=junk,
)
def test_make_city_lets_only_value_errors_escape(name, value):
    try:
        C.make_city(**{name: value})
    except ValueError:
        pass


@settings(max_examples=60, deadline=None)
@given(
    position=st.integers(0, 2),
    value=junk,
    days=st.one_of(st.integers(-2, 5), junk),
)
def test_simulate_counts_lets_only_value_errors_escape(position, value, days):
    args = [[1.0, 2.0], [0.4, 0.4], [0.3, 0.3]]
    args[position] = value
    try:
        C.simulate_counts(*args, days=days, seed=1)
    except ValueError:
        pass


@settings(max_examples=40, deadline=None)
@given(column=st.sampled_from(list(C.make_city(seed=0).columns)), value=junk)
def test_city_functions_let_only_value_errors_escape(column, value):
    city = C.make_city(n_rows=2, n_cols=2, seed=0)
    broken = city.copy()
    broken[column] = pd.Series([value] * len(city), dtype=object)
    days = C.simulate_days(city, days=2, seed=0)
    for call in (
        lambda: C.simulate_days(broken, days=2, seed=0),
        lambda: C.summarise(days, broken),
        lambda: C.with_patrol_ratio(broken, 2.0),
        lambda: C.with_reporting(broken),
        lambda: C.with_patrol(broken, [1.0] * 4),
    ):
        try:
            call()
        except ValueError:
            pass
