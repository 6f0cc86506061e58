"""Tests of the synthetic people and the risk model trained on their records."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.pipeline import Pipeline

from policing_lab import city as C
from policing_lab import people as P

COLUMNS = [
    "person_id",
    "neighbourhood",
    "group",
    "age_band",
    "true_reoffending_prob",
    "true_prior_offences",
    "prior_arrests",
    "reoffends",
    "rearrested",
]


@pytest.fixture(scope="module")
def city() -> pd.DataFrame:
    return C.make_city(seed=21)


@pytest.fixture(scope="module")
def crowd(city) -> pd.DataFrame:
    """Many people, for statistical checks."""
    return P.make_people(city, n_people=60_000, seed=22)


@pytest.fixture(scope="module")
def people(city) -> pd.DataFrame:
    return P.make_people(city, n_people=3_000, seed=23)


# --------------------------------------------------------------------------------------
# structure and invariants
# --------------------------------------------------------------------------------------
def test_columns_and_types(people, city):
    assert list(people.columns) == COLUMNS
    assert len(people) == 3_000
    assert list(people["person_id"]) == list(range(3_000))
    assert set(people["group"]) == {"A", "B"}
    assert set(people["age_band"]) <= set(P.AGE_BANDS)
    assert set(people["neighbourhood"]) <= set(city["neighbourhood"])
    assert people["reoffends"].dtype == bool and people["rearrested"].dtype == bool


@settings(max_examples=25, deadline=None)
@given(
    n_people=st.integers(1, 400),
    odds_ratio=st.floats(0.01, 100),
    variation=st.floats(0, 5),
    past=st.integers(0, 50),
    arrest_rate=st.floats(0, 100),
    seed=st.integers(0, 2**32 - 1),
)
def test_records_never_exceed_behaviour(n_people, odds_ratio, variation, past, arrest_rate, seed):
    city = C.make_city(n_rows=3, n_cols=3, seed=seed)
    people = P.make_people(
        city,
        n_people=n_people,
        reoffending_odds_ratio_group_b=odds_ratio,
        individual_variation=variation,
        past_periods=past,
        arrest_rate=arrest_rate,
        seed=seed,
    )
    assert len(people) == n_people
    assert people["true_reoffending_prob"].between(0, 1).all()
    assert (people["prior_arrests"] >= 0).all()
    assert (people["prior_arrests"] <= people["true_prior_offences"]).all()
    assert (people["true_prior_offences"] <= past).all()
    assert (~people["rearrested"] | people["reoffends"]).all()  # rearrested => reoffends


def test_people_live_where_the_population_lives(crowd, city):
    counts = crowd["neighbourhood"].value_counts().reindex(city["neighbourhood"], fill_value=0)
    expected = city["population"].to_numpy() / city["population"].sum() * len(crowd)
    # chi-square with 35 degrees of freedom: the 99.9% quantile is about 66
    chi2 = float(((counts.to_numpy() - expected) ** 2 / expected).sum())
    assert chi2 < 66
    weights = city["population"] / city["population"].sum()
    assert (crowd["group"] == "B").mean() == pytest.approx(
        float(weights @ city["share_group_b"]), abs=0.01
    )
    share_b = crowd.groupby("neighbourhood")["group"].apply(lambda g: (g == "B").mean())
    assert np.corrcoef(share_b, city.set_index("neighbourhood")["share_group_b"])[0, 1] > 0.95


def test_default_behaviour_does_not_depend_on_group_but_records_do(crowd, city):
    by_group = crowd.groupby("group")[["reoffends", "rearrested", "prior_arrests"]].mean()
    # truth: equal within sampling error (about 0.004 per group)
    assert by_group.loc["B", "reoffends"] == pytest.approx(by_group.loc["A", "reoffends"], abs=0.02)
    # records: group B lives in more heavily patrolled neighbourhoods
    patrol = city.set_index("neighbourhood")["patrol"]
    patrol_of = crowd["neighbourhood"].map(patrol).groupby(crowd["group"]).mean()
    assert patrol_of["B"] > patrol_of["A"]
    assert by_group.loc["B", "rearrested"] > 1.1 * by_group.loc["A", "rearrested"]
    assert by_group.loc["B", "prior_arrests"] > 1.1 * by_group.loc["A", "prior_arrests"]


def test_reoffending_falls_with_age(crowd):
    rates = crowd.groupby("age_band")["reoffends"].mean().reindex(P.AGE_BANDS)
    assert rates.is_monotonic_decreasing
    shares = crowd["age_band"].value_counts(normalize=True).reindex(P.AGE_BANDS)
    assert np.allclose(shares, P.AGE_BAND_PROBS, atol=0.01)


def test_reoffending_probability_without_individual_variation(city):
    people = P.make_people(city, n_people=20_000, individual_variation=0.0, seed=24)
    probs = people.groupby("age_band")["true_reoffending_prob"].agg(["min", "max"])
    expected = pd.Series(P.REOFFENDING_PROB_BY_AGE, index=P.AGE_BANDS)
    assert np.allclose(probs["min"].reindex(P.AGE_BANDS), expected)
    assert np.allclose(probs["max"].reindex(P.AGE_BANDS), expected)
    observed = people.groupby("age_band")["reoffends"].mean().reindex(P.AGE_BANDS)
    assert np.allclose(observed, expected, atol=0.03)


def test_odds_ratio_gives_group_b_a_different_base_rate(city):
    people = P.make_people(
        city,
        n_people=20_000,
        reoffending_odds_ratio_group_b=3.0,
        individual_variation=0.0,
        age_band_probs=(1, 0, 0, 0),
        seed=25,
    )
    p_a = P.REOFFENDING_PROB_BY_AGE[0]
    odds_b = 3.0 * p_a / (1 - p_a)
    p_b = odds_b / (1 + odds_b)
    probs = people.groupby("group")["true_reoffending_prob"].mean()
    assert probs["A"] == pytest.approx(p_a) and probs["B"] == pytest.approx(p_b)


def test_equal_patrols_make_records_group_blind(city):
    even = C.with_patrol_ratio(city, 1.0)
    people = P.make_people(even, n_people=60_000, seed=26)
    rates = people.groupby("group")["rearrested"].mean()
    assert rates["B"] == pytest.approx(rates["A"], abs=0.012)


def test_arrests_follow_the_patrol_discovery_curve(city):
    """With equal patrol p everywhere and no individual variation, a person's chance that
    an offence leads to an arrest is the city's discovery chance at p: known values for
    k = ln 2 (p = 1: one half; p = 2: three quarters)."""
    for patrol, expected in ((1.0, 0.5), (2.0, 0.75)):
        even = C.with_patrol(city, [patrol] * len(city))
        people = P.make_people(
            even, n_people=40_000, arrest_rate=np.log(2), past_periods=50, seed=28
        )
        share = people["prior_arrests"].sum() / people["true_prior_offences"].sum()
        n = people["true_prior_offences"].sum()
        assert share == pytest.approx(expected, abs=5 * np.sqrt(expected * (1 - expected) / n))


def test_no_arrests_without_arrest_rate_and_no_past_without_periods(city):
    people = P.make_people(city, n_people=2_000, arrest_rate=0.0, seed=27)
    assert people["prior_arrests"].sum() == 0 and not people["rearrested"].any()
    people = P.make_people(city, n_people=2_000, past_periods=0, seed=27)
    assert people["true_prior_offences"].sum() == 0


def test_past_offending_predicts_future_offending(crowd):
    by_past = crowd.groupby(crowd["true_prior_offences"].clip(upper=3))["reoffends"].mean()
    assert by_past.is_monotonic_increasing


def test_same_seed_same_people(city):
    a = P.make_people(city, n_people=500, seed=1)
    pd.testing.assert_frame_equal(a, P.make_people(city, n_people=500, seed=1))
    assert not a.equals(P.make_people(city, n_people=500, seed=2))
    pd.testing.assert_frame_equal(
        a, P.make_people(city, n_people=500, rng=np.random.default_rng(1))
    )


# --------------------------------------------------------------------------------------
# risk model
# --------------------------------------------------------------------------------------
def test_risk_model_scores(people):
    model = P.train_risk_model(people)
    assert isinstance(model, Pipeline)
    scores = P.score_people(model, people)
    assert scores.name == "risk_score"
    assert scores.index.equals(people.index)
    assert scores.between(0, 1).all()
    # logistic regression with an intercept matches the training base rate on average
    assert scores.mean() == pytest.approx(people["rearrested"].mean(), abs=0.01)


def test_records_trained_model_scores_group_b_higher_truth_trained_does_not(crowd):
    features = ("neighbourhood", "age_band", "prior_arrests")
    on_records = P.score_people(P.train_risk_model(crowd, features=features), crowd)
    on_truth = P.score_people(
        P.train_risk_model(crowd, features=features, label="reoffends"), crowd
    )
    group = crowd["group"]
    rec = on_records.groupby(group).mean()
    tru = on_truth.groupby(group).mean()
    assert rec["B"] > 1.1 * rec["A"]
    assert tru["B"] == pytest.approx(tru["A"], rel=0.05)
    assert on_truth.mean() == pytest.approx(crowd["reoffends"].mean(), abs=0.01)


def test_every_feature_can_be_used_and_scores_new_people(people, city):
    model = P.train_risk_model(people, features=P.FEATURES, regularisation=0.5, seed=3)
    others = P.make_people(city, n_people=200, seed=99)
    scores = P.score_people(model, others.set_index("person_id"))
    assert len(scores) == 200 and scores.between(0, 1).all()


def test_model_is_deterministic(people):
    a = P.score_people(P.train_risk_model(people, seed=1), people)
    b = P.score_people(P.train_risk_model(people, seed=1), people)
    pd.testing.assert_series_equal(a, b)


def test_labels_may_be_zero_one_integers(people):
    as_int = people.assign(rearrested=people["rearrested"].astype(int))
    a = P.score_people(P.train_risk_model(as_int), people)
    b = P.score_people(P.train_risk_model(people), people)
    pd.testing.assert_series_equal(a, b)


# --------------------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("n_people", 0),
        ("n_people", -5),
        ("n_people", 10.0),
        ("n_people", "100"),
        ("n_people", 10**8),
        ("age_band_probs", (0.5, 0.5)),
        ("age_band_probs", (0.2, 0.2, 0.2, 0.2)),
        ("age_band_probs", (-0.2, 0.4, 0.4, 0.4)),
        ("age_band_probs", "young"),
        ("reoffending_prob_by_age", (0.4, 0.3, 0.2)),
        ("reoffending_prob_by_age", (1, 0.3, 0.2, 0.1)),
        ("reoffending_prob_by_age", (0.4, 0.3, 0.2, 0.0)),
        ("reoffending_prob_by_age", None),
        ("reoffending_odds_ratio_group_b", 0),
        ("reoffending_odds_ratio_group_b", -1),
        ("reoffending_odds_ratio_group_b", 101),
        ("reoffending_odds_ratio_group_b", "2"),
        ("individual_variation", -0.1),
        ("individual_variation", 6),
        ("individual_variation", None),
        ("past_periods", -1),
        ("past_periods", 51),
        ("past_periods", 2.0),
        ("arrest_rate", -0.1),
        ("arrest_rate", 101),
        ("arrest_rate", float("nan")),
        ("seed", -1),
        ("seed", "seed"),
        ("rng", 42),
    ],
)
def test_make_people_rejects(city, name, value):
    with pytest.raises(ValueError, match=name):
        P.make_people(city, **{"n_people": 10, name: value})


def test_make_people_rejects_bad_city(city):
    for bad in (
        "city",
        city.drop(columns="patrol"),
        city.iloc[:0],
        city.assign(population=0),
        city.assign(population=-1),
        city.assign(share_group_b=1.5),
        city.assign(patrol=-1.0),
        city.assign(neighbourhood=1),
        city.assign(population=2.5),
        city.assign(share_group_b=float("nan")),
    ):
        with pytest.raises(ValueError, match="city"):
            P.make_people(bad, n_people=10, seed=1)


def test_train_risk_model_rejects(people):
    cases = [
        ({"features": "age_band"}, "features"),
        ({"features": []}, "features"),
        ({"features": ["age_band", "shoe_size"]}, "features"),
        ({"features": ["age_band", "age_band"]}, "features"),
        ({"features": None}, "features"),
        ({"features": [3]}, "features"),
        ({"label": "group"}, "label"),
        ({"label": None}, "label"),
        ({"regularisation": 0}, "regularisation"),
        ({"regularisation": "strong"}, "regularisation"),
        ({"seed": -1}, "seed"),
        ({"seed": 0.5}, "seed"),
    ]
    for kwargs, name in cases:
        with pytest.raises(ValueError, match=name):
            P.train_risk_model(people, **kwargs)
    bad_people = [
        ("people", "not a frame"),
        ("prior_arrests", people.drop(columns="prior_arrests")),
        ("people", people.iloc[:0]),
        ("age_band", people.assign(age_band="teen")),
        ("prior_arrests", people.assign(prior_arrests=-1)),
        ("prior_arrests", people.assign(prior_arrests=0.5)),
        ("rearrested", people.assign(rearrested=False)),
        ("rearrested", people.assign(rearrested=2)),
        ("rearrested", people.assign(rearrested="yes")),
    ]
    for name, frame in bad_people:
        with pytest.raises(ValueError, match=name):
            P.train_risk_model(frame)
    with pytest.raises(ValueError, match="group"):
        P.train_risk_model(people.assign(group="C"), features=["group"])


def test_score_people_rejects(people):
    model = P.train_risk_model(people)
    for bad_model in (None, "model", Pipeline([("x", "passthrough")]), object()):
        with pytest.raises(ValueError, match="model"):
            P.score_people(bad_model, people)
    for name, frame in (
        ("people", [1, 2]),
        ("neighbourhood", people.drop(columns="neighbourhood")),
        ("age_band", people.assign(age_band=None)),
        ("prior_arrests", people.assign(prior_arrests=float("nan"))),
    ):
        with pytest.raises(ValueError, match=name):
            P.score_people(model, frame)


junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**9), 10**9),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.lists(st.floats(-2, 2), max_size=5),
)


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(
        [
            "n_people",
            "age_band_probs",
            "reoffending_prob_by_age",
            "reoffending_odds_ratio_group_b",
            "individual_variation",
            "past_periods",
            "arrest_rate",
            "seed",
            "rng",
        ]
    ),
    value=junk,
)
def test_make_people_lets_only_value_errors_escape(name, value):
    city = C.make_city(n_rows=2, n_cols=2, seed=0)
    kwargs = {"n_people": 20, name: value}
    try:
        P.make_people(city, **kwargs)
    except ValueError:
        pass


@settings(max_examples=40, deadline=None)
@given(column=st.sampled_from(COLUMNS), value=junk, features=st.one_of(junk, st.just(["group"])))
def test_model_functions_let_only_value_errors_escape(people, column, value, features):
    broken = people.copy()
    broken[column] = pd.Series([value] * len(people), dtype=object)
    model = P.train_risk_model(people.iloc[:300], features=P.FEATURES)
    for call in (
        lambda: P.train_risk_model(broken.iloc[:300]),
        lambda: P.train_risk_model(people.iloc[:300], features=features),
        lambda: P.train_risk_model(people.iloc[:300], label=value),
        lambda: P.score_people(model, broken),
    ):
        try:
            call()
        except ValueError:
            pass


def test_split_people_is_disjoint_complete_and_seeded():
    people = P.make_people(C.make_city(seed=3), n_people=300, seed=4)
    train, test = P.split_people(people, seed=5)
    assert len(train) == 150 and len(test) == 150
    assert set(train.index).isdisjoint(test.index)
    assert set(train.index) | set(test.index) == set(people.index)
    again, _ = P.split_people(people, seed=5)
    assert again.index.equals(train.index)
    other, _ = P.split_people(people, seed=6)
    assert not other.index.equals(train.index)
    small, _ = P.split_people(people, train_share=0.1, seed=5)
    assert len(small) == 30
    with pytest.raises(ValueError, match="train_share"):
        P.split_people(people, train_share=1.0)


def test_flag_top_flags_the_highest_share():
    scores = pd.Series(np.linspace(0.01, 0.99, 100))
    flagged = P.flag_top(scores, share=0.2)
    assert flagged.sum() == 20 and flagged.iloc[-20:].all() and not flagged.iloc[:80].any()
    with pytest.raises(ValueError, match="share"):
        P.flag_top(scores, share=0)
    with pytest.raises(ValueError, match="scores"):
        P.flag_top([0.1, 0.2])
