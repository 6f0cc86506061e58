"""The figures of recorded incidents against true offences (policing_lab.charts.records)."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import pandas as pd
import pytest

from policing_lab.charts import colours
from policing_lab.charts import records as R
from policing_lab.city import two_neighbourhoods

pytestmark = pytest.mark.usefixtures("course_charts")  # tests/conftest.py


def rows_of(spec: dict) -> list[dict]:
    (rows,) = spec["datasets"].values()
    return rows


def sliders_of(figure) -> list[widgets.FloatSlider]:
    return [w for w in figure.live.children if isinstance(w, widgets.FloatSlider)]


# --------------------------------------------------------------------------------------
# chapter 0: true offences and recorded incidents in North and South
# --------------------------------------------------------------------------------------
def records_of(discovery: dict[str, float], offences: float = 100):
    """A chapter-0 style data function: the share recorded is r + (1 - r) d."""

    def expected_records(reporting_rate: float) -> pd.DataFrame:
        rows = []
        for place, d in discovery.items():
            recorded = offences * (reporting_rate + (1 - reporting_rate) * d)
            rows.append({"neighbourhood": place, "kind": "true offences", "count": offences})
            rows.append({"neighbourhood": place, "kind": "recorded incidents", "count": recorded})
        return pd.DataFrame(rows)

    return expected_records


CH0 = {"North": 0.05, "South": 0.30}


def test_true_vs_recorded_static_figure_holds_the_grid_and_a_slider():
    figure = R.true_vs_recorded_figure(records_of(CH0))
    spec = figure.static.to_dict()
    assert spec["title"] == "Same offending, different records"
    (param,) = spec["params"]
    assert param["name"] == "reporting_rate" and param["value"] == 0.4
    assert param["bind"]["input"] == "range"
    # both ends: chapter 0's exercise asks what happens when every offence is reported
    assert (param["bind"]["min"], param["bind"]["max"], param["bind"]["step"]) == (0.0, 1.0, 0.1)
    assert {"filter": "abs(datum['reporting_rate'] - reporting_rate) < 1e-06"} in spec["transform"]
    rows = rows_of(spec)
    assert len(rows) == 11 * 4  # eleven slider positions, two kinds in two places
    assert sorted({round(r["reporting_rate"], 6) for r in rows}) == [
        round(0.1 * i, 6) for i in range(0, 11)
    ]
    at_all = [r for r in rows if r["reporting_rate"] == 1.0 and r["kind"] == "recorded incidents"]
    assert [r["count"] for r in at_all] == [100, 100]  # all reported: records equal the truth
    # plotted floats are rounded (page weight)
    assert all(round(r["count"], 4) == r["count"] for r in rows)
    figure.static._repr_mimebundle_()  # passes the accessibility check


def test_true_vs_recorded_encodings_and_colours_mean_what_they_say():
    spec = R.true_vs_recorded_figure(records_of(CH0)).static.to_dict()
    color = spec["encoding"]["color"]
    assert color["field"] == "kind"
    assert color["scale"]["domain"] == ["true offences", "recorded incidents"]
    assert color["scale"]["range"] == [colours.TRUE, colours.RECORDED]
    assert spec["encoding"]["x"]["field"] == "count"
    assert spec["encoding"]["x"]["scale"]["domain"] == [0, 100]  # the axis does not jump
    assert spec["encoding"]["row"]["field"] == "neighbourhood"


def test_true_vs_recorded_description_is_computed_from_the_numbers():
    # known values at 40% reported: North 40 + 60 * 0.05 = 43, South 40 + 60 * 0.3 = 58
    text = R.true_vs_recorded_figure(records_of(CH0)).static.to_dict()["description"]
    assert "North: 100 true offences, 43 recorded incidents." in text
    assert "South: 100 true offences, 58 recorded incidents." in text
    assert f"South records {58 / 43:.2f} times as many incidents as North" in text
    # the gap is 100 * (1 - r) * (0.30 - 0.05): from 25 with nothing reported to 0 with all
    assert "From 0% to 100% reported" in text
    assert "narrows from 25 to 0 incidents" in text
    assert "Use the control (Share of offences reported)" in text
    # other data, other words: South discovers 60% of offences -> 40 + 60 * 0.6 = 76
    other = R.true_vs_recorded_figure(records_of({"North": 0.05, "South": 0.6}))
    changed = other.static.to_dict()["description"]
    assert "South: 100 true offences, 76 recorded incidents." in changed
    assert f"{76 / 43:.2f} times" in changed


def test_true_vs_recorded_live_twin_goes_beyond_the_grid():
    figure = R.true_vs_recorded_figure(records_of(CH0))
    (slider,) = sliders_of(figure)
    assert (slider.min, slider.max, slider.step) == (0.0, 1.0, 0.01)
    assert slider.description == "Share of offences reported"
    slider.value = 1.0  # every offence reported: patrols add nothing to the records
    text = figure.live.chart.to_dict()["description"]
    assert "North: 100 true offences, 100 recorded incidents." in text
    assert "the records are equal" in text


@pytest.mark.parametrize(
    "frame, message",
    [
        ("frame", "frame must be a pandas DataFrame"),
        (pd.DataFrame({"neighbourhood": ["N"], "count": [1]}), "missing kind"),
        (
            pd.DataFrame({"neighbourhood": ["N"] * 2, "kind": ["true", "rec"], "count": [1, 1]}),
            "must hold only",
        ),
        (
            pd.DataFrame({"neighbourhood": ["N"], "kind": ["true offences"], "count": [1]}),
            "both kinds",
        ),
        (
            pd.DataFrame({"neighbourhood": ["N"] * 2, "kind": list(R.KINDS), "count": [10, -1]}),
            r"frame\['count'\]",
        ),
    ],
)
def test_true_vs_recorded_bars_reject_bad_frames(frame, message):
    with pytest.raises(ValueError, match=message):
        R.true_vs_recorded_bars(frame)


def test_true_vs_recorded_figure_rejects_bad_input():
    with pytest.raises(ValueError, match="expected_records must be a function"):
        R.true_vs_recorded_figure("records")
    with pytest.raises(ValueError, match="grid"):
        R.true_vs_recorded_figure(records_of(CH0), grid=[0.5, 1.0, 1.5], value=1.0)
    with pytest.raises(ValueError, match="value must be one of the grid values"):
        R.true_vs_recorded_figure(records_of(CH0), value=0.45)
    with pytest.raises(ValueError, match="expected_records"):
        R.true_vs_recorded_figure(lambda reporting_rate: pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match="max_count"):
        R.true_vs_recorded_bars(records_of(CH0)(0.4), max_count=0)


# --------------------------------------------------------------------------------------
# chapter 2: two neighbourhoods, equal offending, unequal patrols
# --------------------------------------------------------------------------------------
def test_two_neighbourhood_shares_is_the_long_form_of_two_neighbourhoods():
    frame = R.two_neighbourhood_shares(3.0, 0.42)
    assert len(frame) == 4
    pair = two_neighbourhoods(3.0, 0.42)
    shares = frame.set_index(["measure", "neighbourhood"])["share"]
    assert shares["Recorded incidents", "Heavily patrolled"] == pair.loc["heavy", "recorded_share"]
    assert shares["Recorded incidents", "Lightly patrolled"] == pair.loc["light", "recorded_share"]
    assert (shares["True offences"] == 0.5).all()
    # each bar adds up to the whole
    assert np.allclose(frame.groupby("measure")["share"].sum(), 1.0)
    # known values: equal patrols, or every offence reported, split the records evenly
    for ratio, reporting in ((1.0, 0.3), (4.0, 1.0)):
        even = R.two_neighbourhood_shares(ratio, reporting)
        assert np.allclose(even["share"], 0.5)


def test_shares_figure_static_sliders_data_and_colours():
    spec = R.shares_figure().static.to_dict()
    assert spec["title"] == "Equal offending, unequal records"
    params = {p["name"]: p for p in spec["params"]}
    assert set(params) == {"patrol_ratio", "reporting_prob"}
    ratio, reporting = params["patrol_ratio"], params["reporting_prob"]
    assert ratio["value"] == 3 and reporting["value"] == 0.4
    assert (ratio["bind"]["min"], ratio["bind"]["max"], ratio["bind"]["step"]) == (1.0, 5.0, 0.5)
    assert (reporting["bind"]["min"], reporting["bind"]["max"]) == (0.0, 1.0)
    filters = [t["filter"] for t in spec["transform"] if "filter" in t]
    assert "abs(datum['patrol_ratio'] - patrol_ratio) < 1e-06" in filters
    assert "abs(datum['reporting_prob'] - reporting_prob) < 1e-06" in filters
    rows = rows_of(spec)
    assert len(rows) == 9 * 11 * 4  # every combination of the two static sliders
    bars, labels = spec["layer"]
    color = bars["encoding"]["color"]
    assert color["scale"]["domain"] == list(R.PLACES)
    assert color["scale"]["range"] == [colours.LIGHT_PATROL, colours.HEAVY_PATROL]
    assert bars["encoding"]["x"]["stack"] == "zero"
    assert labels["mark"]["type"] == "text" and labels["encoding"]["text"]["field"] == "share"


def test_shares_figure_description_is_computed_from_the_numbers():
    def heavy(ratio, reporting):
        return float(two_neighbourhoods(ratio, reporting).loc["heavy", "recorded_share"])

    text = R.shares_figure().static.to_dict()["description"]
    assert "split 50% to the heavily patrolled one" in text
    assert "patrol ratio of 3 with 40% of offences reported" in text
    assert f"gets {heavy(3, 0.4):.0%}" in text
    # extremes over the grid: equal patrols give one half; ratio 5 with no reports the most
    assert f"from 50% to {heavy(5, 0.0):.0%}" in text
    assert "the most at a patrol ratio of 5 with 0% reported" in text
    # other starting position, other numbers
    other = R.shares_figure(patrol_ratio=1.0, reporting_prob=0.0).static.to_dict()
    assert "patrol ratio of 1 with 0% of offences reported" in other["description"]
    assert "gets 50%" in other["description"]
    # a narrower grid changes the range it reports
    narrow = R.shares_figure(ratios=[1.0, 1.5, 2.0, 2.5, 3.0]).static.to_dict()
    assert f"from 50% to {heavy(3, 0.0):.0%}" in narrow["description"]


def test_shares_figure_live_twin_reaches_a_ratio_of_ten():
    figure = R.shares_figure()
    ratio, reporting = sliders_of(figure)
    assert (ratio.min, ratio.max, ratio.step) == (1.0, 10.0, 0.1)
    assert (reporting.min, reporting.max, reporting.step) == (0.0, 1.0, 0.01)
    ratio.value = 10.0
    reporting.value = 0.0
    text = figure.live.chart.to_dict()["description"]
    share = float(two_neighbourhoods(10.0, 0.0).loc["heavy", "recorded_share"])
    assert "patrol ratio of 10 with 0% of offences reported" in text
    assert f"gets {share:.0%}" in text


def test_shares_bars_and_figure_reject_bad_input():
    good = R.two_neighbourhood_shares(3.0, 0.4)
    with pytest.raises(ValueError, match="share"):
        R.shares_bars(good.assign(share=1.5))
    with pytest.raises(ValueError, match="neighbourhood"):
        R.shares_bars(good.assign(neighbourhood="Elsewhere"))
    with pytest.raises(ValueError, match="missing measure"):
        R.shares_bars(good.drop(columns="measure"))
    with pytest.raises(ValueError, match="ratios"):
        R.shares_figure(ratios=[0.0, 0.5, 1.0], patrol_ratio=1.0)
    with pytest.raises(ValueError, match="reporting"):
        R.shares_figure(reporting=[0.5, 1.0, 1.5], reporting_prob=0.5)
    with pytest.raises(ValueError, match="value must be one of the grid values"):
        R.shares_figure(patrol_ratio=3.2)


# --------------------------------------------------------------------------------------
# chapter 2: scores against patrols
# --------------------------------------------------------------------------------------
@pytest.fixture
def places() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    patrol = np.linspace(0.5, 1.5, 8)
    return pd.DataFrame(
        {
            "name": [f"N{i:02d}" for i in range(1, 9)],
            "patrol": patrol,
            "mean_score": 0.1 + 0.1 * patrol + rng.normal(0, 0.01, 8),
            "true_reoffending": rng.uniform(0.2, 0.3, 8),
            "majority_group": ["A"] * 5 + ["B"] * 3,
        }
    )


def test_score_vs_patrol_description_gives_the_computed_correlations(places):
    spec = R.score_vs_patrol(places).to_dict()
    assert spec["title"] == "The model's scores follow the patrols"
    corr = places[["mean_score", "patrol", "true_reoffending"]].corr()  # a second method
    text = spec["description"]
    assert f"correlates {corr.loc['mean_score', 'patrol']:.2f} with patrol" in text
    assert f"and {corr.loc['mean_score', 'true_reoffending']:.2f} with true reoffending" in text
    assert "Scatter plot of the 8 neighbourhoods" in text
    top3 = places.nlargest(3, "mean_score")["majority_group"].eq("B").sum()
    assert f"Of the 3 highest-scoring neighbourhoods, {top3} are among the 3" in text
    # scores that fall with patrol: the correlation's sign and the count follow the data
    falling = places.assign(mean_score=0.4 - 0.1 * places["patrol"])
    other = R.score_vs_patrol(falling).to_dict()["description"]
    assert "correlates -1.00 with patrol" in other
    assert "Of the 3 highest-scoring neighbourhoods, 0 are among the 3" in other


def test_score_vs_patrol_encodings(places):
    spec = R.score_vs_patrol(places, title="Scores").to_dict()
    assert spec["title"] == "Scores"
    assert spec["mark"]["type"] == "point"
    assert spec["encoding"]["x"]["field"] == "patrol"
    assert spec["encoding"]["y"]["field"] == "mean_score"
    color = spec["encoding"]["color"]
    assert color["field"] == "majority_group"
    assert color["scale"] == {"domain": ["A", "B"], "range": [colours.GROUP_A, colours.GROUP_B]}
    assert spec["encoding"]["shape"]["field"] == "majority_group"
    # one legend for colour and shape: the same field, title and domain
    assert spec["encoding"]["shape"]["title"] == color["title"]
    assert spec["encoding"]["shape"]["scale"]["domain"] == color["scale"]["domain"]
    assert len(rows_of(spec)) == 8
    R.score_vs_patrol(places)._repr_mimebundle_()  # passes the accessibility check


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda f: f.drop(columns="patrol"), "missing patrol"),
        (lambda f: f.assign(mean_score=1.2), "mean_score"),
        (lambda f: f.assign(patrol=-1.0), "patrol"),
        (lambda f: f.assign(majority_group="C"), "only 'A' and 'B'"),
        (lambda f: f.iloc[:2], "at least 3 neighbourhoods"),
        (lambda f: "places", "per_place must be a pandas DataFrame"),
    ],
)
def test_score_vs_patrol_rejects_bad_frames(places, change, message):
    with pytest.raises(ValueError, match=message):
        R.score_vs_patrol(change(places))
