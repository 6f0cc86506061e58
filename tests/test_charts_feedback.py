"""Chapter 4's chart builders: the Vega-Lite specs they write and the text they describe.

Expected numbers are computed here from the simulated frames the charts draw (means of
final shares and of daily patrol shares), not read from the builders.
"""

from __future__ import annotations

import numpy as np
import pytest
from chart_specs import datasets, rendered

from policing_lab import feedback
from policing_lab.charts import colours
from policing_lab.charts import feedback as CF
from policing_lab.city import make_city

WEIGHTS = [0.5, 0.75, 1.0]


pytestmark = pytest.mark.usefixtures("course_charts")  # tests/conftest.py


def sweep(lambda_a: float = 3.68511, lambda_b: float = 2.816466, seed: int = 1):
    return feedback.urn_sweep(
        lambda_a, lambda_b, weights=WEIGHTS, n_draws=600, n_runs=3, record_every=100, seed=seed
    )


# --------------------------------------------------------------------------------------
# urn explorer
# --------------------------------------------------------------------------------------
def test_urn_explorer_spec_has_both_controls_and_the_colours_by_meaning():
    spec = rendered(CF.urn_explorer(sweep()))
    assert spec["title"] == "Where the patrols go, day after day"
    weight, switch = spec["params"]
    assert weight["name"] == "w_d" and weight["value"] == 1
    assert weight["bind"]["input"] == "range"
    assert (weight["bind"]["min"], weight["bind"]["max"], weight["bind"]["step"]) == (
        0.5,
        1.0,
        0.25,
    )
    assert switch["name"] == "corrected" and switch["value"] == 0
    assert switch["bind"]["input"] == "radio" and switch["bind"]["options"] == [0, 1]
    lines, limit, truth, label = spec["layer"]
    assert lines["encoding"]["color"]["value"] == colours.SIMULATION
    assert limit["mark"]["color"] == colours.REFERENCE
    assert truth["mark"]["color"] == colours.TRUE_SHARE == label["mark"]["color"]
    for layer in (lines, limit):  # the controls pick the runs and the limit
        (keep,) = layer["transform"]
        assert "w_d" in keep["filter"] and "corrected" in keep["filter"]
    assert "transform" not in truth  # the true share does not depend on the controls


def test_urn_explorer_data_are_the_runs_rounded_and_the_limits():
    data = sweep()
    frames = datasets(CF.urn_explorer(data).to_dict())
    (runs,) = [f for f in frames if "share_a" in f]
    (limits,) = [f for f in frames if "limit" in f and "share_a" not in f]
    assert len(runs) == len(data)
    assert set(runs.columns) == {"w_d", "corrected", "run", "draw", "share_a"}  # page weight
    np.testing.assert_allclose(runs["share_a"], data["share_a"], atol=5e-5)
    assert len(limits) == len(WEIGHTS) * 2


def test_urn_explorer_description_is_written_from_the_runs():
    for rates, truth in (((3.68511, 2.816466), "56.7%"), ((2.0, 1.0), "66.7%")):
        data = sweep(*rates)
        description = CF.urn_explorer(data).to_dict()["description"]
        last = data[data["draw"] == 600]
        plain = last[(last["w_d"] == 1.0) & (last["corrected"] == 0)]["share_a"].mean()
        fixed = last[(last["w_d"] == 1.0) & (last["corrected"] == 1)]["share_a"].mean()
        assert f"a dashed line at the true share ({truth})" in description
        assert "over 600 days for 3 simulated runs" in description
        assert f"the runs end on average at {plain:.0%}" in description
        assert f"the runs end at {fixed:.1%}" in description
        assert "from 0.5 to 1" in description


def test_urn_explorer_says_where_the_limit_lies():
    description = CF.urn_explorer(sweep()).to_dict()["description"]
    assert "on their way to the limit of 100%" in description
    # with equal weights of discoveries and reports the limit stays above the true share
    assert "the limit is 59.9%, above the true share" in description


def _bad_sweeps():
    good = sweep()
    yield "not a frame", "sweep must be a pandas DataFrame"
    yield good.drop(columns="limit"), "missing"
    yield good[good["w_d"] == 1.0], "at least 2"
    yield good.assign(w_d=good["w_d"].replace(0.75, 0.6)), "evenly spaced"
    yield good[good["corrected"] == 0], "corrected"
    yield good.assign(true_share=np.linspace(0.5, 0.6, len(good))), "true_share"
    yield good.assign(limit=np.linspace(0.5, 0.6, len(good))), "limit"
    yield good.assign(share_a=good["share_a"] + 1), "share_a"


@pytest.mark.parametrize(("frame", "match"), list(_bad_sweeps()))
def test_urn_explorer_rejects_bad_sweeps(frame, match):
    with pytest.raises(ValueError, match=match):
        CF.urn_explorer(frame)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"w_d": 0.6}, "w_d must be one of"), ({"corrected": 2}, "corrected must be 0 or 1")],
)
def test_urn_explorer_rejects_bad_starting_positions(kwargs, match):
    with pytest.raises(ValueError, match=match):
        CF.urn_explorer(sweep(), **kwargs)


# --------------------------------------------------------------------------------------
# patrol shares of the hot-spot loop
# --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def city():
    return make_city(n_rows=3, n_cols=3, population_spread=0, seed=3)


def summaries(city, seed=4, rules=("recorded", "reported")):
    return {
        rule: feedback.summarise_loop(
            feedback.run_hotspot_loop(city, days=90, n_flagged=2, window=30, rule=rule, seed=seed)
        )
        for rule in rules
    }


def test_patrol_shares_spec(city):
    spec = rendered(CF.patrol_shares(summaries(city)))
    assert spec["title"] == "A model fed its own records keeps the old bias"
    order = ["patrols, model counts all records", "patrols, model counts reports only"]
    order.append("true offences")
    scale = spec["encoding"]["color"]["scale"]
    assert scale["domain"] == order
    assert scale["range"] == [colours.MODEL_ON_RECORDS, colours.MODEL_CORRECTED, colours.NEUTRAL]
    assert spec["encoding"]["strokeDash"]["scale"]["domain"] == order
    assert spec["encoding"]["y"]["title"] == "Share on the group-B side (30-day average)"
    (data,) = datasets(spec)
    assert (data["day"] % 3 == 0).all() and len(data) == 3 * 30
    assert data["share"].between(0, 1).all()


def test_patrol_shares_draws_running_means(city):
    frames = summaries(city)
    (data,) = datasets(CF.patrol_shares(frames, smooth=10, every=1).to_dict())
    recorded = data[data["series"] == "patrols, model counts all records"]["share"].to_numpy()
    by_hand = [
        frames["recorded"]["patrol_share_b"].iloc[max(0, d - 9) : d + 1].mean() for d in range(90)
    ]
    np.testing.assert_allclose(recorded, by_hand, atol=5e-5)


def test_patrol_shares_description_is_written_from_the_summaries(city):
    texts = []
    for seed in (4, 5):
        frames = summaries(city, seed=seed)
        description = CF.patrol_shares(frames).to_dict()["description"]
        recorded = frames["recorded"]["patrol_share_b"].mean()
        reported = frames["reported"]["patrol_share_b"].mean()
        truth = frames["recorded"]["true_share_b"].mean()
        assert f"counts all recorded incidents sends {recorded:.0%}" in description
        assert f"counts only reported incidents sends {reported:.0%}" in description
        assert f"(on average {truth:.0%})" in description
        assert "over 90 simulated days" in description and "two hot-spot models" in description
        texts.append(description)
    assert texts[0] != texts[1]


def test_patrol_shares_of_one_rule(city):
    spec = CF.patrol_shares(summaries(city, rules=("weighted",))).to_dict()
    assert spec["encoding"]["color"]["scale"]["domain"] == [
        "patrols, model weights records",
        "true offences",
    ]
    assert "one hot-spot model" in spec["description"]


def test_patrol_shares_rejects_bad_input(city):
    frames = summaries(city)
    other_world = {**frames, "reported": summaries(city, seed=9)["reported"]}
    for bad, match in [
        ({}, "non-empty mapping"),
        ("frames", "non-empty mapping"),
        ({"surprise": frames["recorded"]}, "keyed by rules"),
        ({"recorded": "x"}, r"summaries\['recorded'\] must be a pandas DataFrame"),
        ({"recorded": frames["recorded"].drop(columns="true_share_b")}, "missing"),
        ({"recorded": frames["recorded"].assign(patrol_share_b=2.0)}, "patrol_share_b"),
        (other_world, "same true world"),
    ]:
        with pytest.raises(ValueError, match=match):
            CF.patrol_shares(bad)
    with pytest.raises(ValueError, match="smooth must be an integer"):
        CF.patrol_shares(frames, smooth=0)
    with pytest.raises(ValueError, match="every must be an integer"):
        CF.patrol_shares(frames, every=31)
