"""Pairs of city maps whose text descriptions come from the numbers they draw."""

from __future__ import annotations

import pandas as pd
import pytest

from policing_lab.charts import maps as M

pytestmark = pytest.mark.usefixtures("course_charts")  # tests/conftest.py


@pytest.fixture
def grid() -> pd.DataFrame:
    """A 2 x 3 city: the west column on the A side, the east columns on the B side."""
    return pd.DataFrame(
        {
            "row": [0, 0, 0, 1, 1, 1],
            "col": [0, 1, 2, 0, 1, 2],
            "name": ["N01", "N02", "N03", "N04", "N05", "N06"],
            "majority_group": ["A", "B", "B", "A", "B", "B"],
            "true": [10.0, 11.0, 9.0, 10.0, 10.0, 10.0],
            "recorded": [4.0, 8.0, 10.0, 6.0, 9.0, 9.0],
        }
    )


TRUE = M.MapPanel("true", "True offences", legend="per 1,000", scheme="blues")
RECORDED = M.MapPanel("recorded", "Recorded incidents", legend="per 1,000", scheme="blues")


def test_map_pair_draws_two_maps_with_their_own_legends(grid):
    spec = M.map_pair(grid, TRUE, RECORDED, title="Truth and records", cell_size=20).to_dict()
    assert spec["title"] == "Truth and records"
    assert spec["resolve"] == {"scale": {"color": "independent"}}
    left, right = spec["hconcat"]
    for panel, sub in ((TRUE, left), (RECORDED, right)):
        assert sub["title"] == panel.title
        assert sub["encoding"]["color"]["field"] == panel.column
        assert sub["encoding"]["color"]["title"] == "per 1,000"
        assert sub["encoding"]["color"]["scale"] == {"scheme": "blues"}
        assert sub["width"] == 3 * 20 and sub["height"] == 2 * 20
        assert sub["description"].startswith(f"Map of the 6 neighbourhoods, {panel.title}: ")
    M.map_pair(grid, TRUE, RECORDED, title="t")._repr_mimebundle_()  # accessible


def test_map_pair_description_says_which_side_is_higher_and_by_how_much(grid):
    text = M.map_pair(grid, TRUE, RECORDED, title="t", value_format=".1f").to_dict()["description"]
    # side means by hand: true A (10 + 10) / 2 = 10.0, B (11 + 9 + 10 + 10) / 4 = 10.0;
    # recorded A (4 + 6) / 2 = 5.0, B (8 + 10 + 9 + 9) / 4 = 9.0
    assert text.startswith("Two maps of the 6 neighbourhoods, each with its own colour scale.")
    assert "Left, True offences: from 9.0 to 11.0;" in text
    assert "group B is the majority average 10.0, those where group A is the majority 10.0" in text
    assert "about the same" in text
    assert "Right, Recorded incidents: from 4.0 to 10.0;" in text
    assert "the group-B side is higher by 4.0 (1.80 times as much)" in text
    # other data, other words: the A side records more
    flipped = grid.assign(recorded=[9.0, 2.0, 3.0, 11.0, 3.0, 4.0])
    other = M.map_pair(flipped, TRUE, RECORDED, title="t", value_format=".1f").to_dict()
    # recorded A (9 + 11) / 2 = 10.0, B (2 + 3 + 3 + 4) / 4 = 3.0
    assert "the group-A side is higher by 7.0 (3.33 times as much)" in other["description"]


def test_map_pair_passes_a_fixed_colour_domain(grid):
    ratio = M.MapPanel("recorded", "Ratio", legend="ratio", scheme="blueorange", domain=[0, 20])
    spec = M.map_pair(grid, TRUE, ratio, title="t").to_dict()
    assert spec["hconcat"][1]["encoding"]["color"]["scale"] == {
        "scheme": "blueorange",
        "domain": [0, 20],
    }


def test_map_pair_with_one_side_only_gives_the_range(grid):
    one_side = grid.assign(majority_group="A")
    text = M.map_pair(one_side, TRUE, RECORDED, title="t", value_format=".0f").to_dict()[
        "description"
    ]
    assert "Right, Recorded incidents: from 4 to 10." in text
    assert "majority average" not in text


@pytest.mark.parametrize(
    "change, kwargs, message",
    [
        (lambda f: f, {"left": ("true", "t")}, "MapPanel"),
        (lambda f: f, {"title": " "}, "title must be a non-empty string"),
        (lambda f: f.drop(columns="majority_group"), {}, "missing majority_group"),
        (lambda f: f.assign(majority_group="C"), {}, "only 'A' and 'B'"),
        (lambda f: f.drop(columns="recorded"), {}, "recorded"),
        (lambda f: f.assign(recorded="many"), {}, "recorded"),
        (lambda f: f.drop(columns="row"), {}, "row"),
    ],
)
def test_map_pair_rejects_bad_input(grid, change, kwargs, message):
    args = {"left": TRUE, "right": RECORDED, "title": "t", **kwargs}
    with pytest.raises(ValueError, match=message):
        M.map_pair(change(grid), args.pop("left"), args.pop("right"), **args)


# --------------------------------------------------------------------------------------
# flagged neighbourhoods
# --------------------------------------------------------------------------------------
def test_flagged_pair_marks_the_flagged_cells(grid):
    spec = M.flagged_pair(
        grid,
        {"From records": ["N02", "N03", "N06"], "From truth": ["N01", "N02"]},
        title="Which are flagged?",
    ).to_dict()
    assert spec["title"] == "Which are flagged?"
    left, right = spec["hconcat"]
    for sub, flagged in ((left, {"N02", "N03", "N06"}), (right, {"N01", "N02"})):
        rows = spec["datasets"][sub["data"]["name"]]
        assert {r["name"] for r in rows if r["flagged"] == 1} == flagged
        assert {r["flagged"] for r in rows} == {0, 1}
        assert sub["encoding"]["color"]["scale"] == {"scheme": "greys", "domain": [0, 1]}
    assert left["title"] == "From records" and right["title"] == "From truth"


def test_flagged_pair_description_counts_each_side(grid):
    text = M.flagged_pair(
        grid, {"From records": ["N02", "N03", "N06"], "From truth": ["N01", "N02"]}, title="t"
    ).to_dict()["description"]
    assert "Two maps of the 6 neighbourhoods, flagged ones in black;" in text
    assert "group B is the majority in 4 of them." in text
    assert "From records: 3 neighbourhoods, 3 of them where group B is the majority." in text
    assert "From truth: 2 neighbourhoods, 1 of them where group B is the majority." in text
    one = M.flagged_pair(grid, {"Only": pd.Series(["N04"])}, title="t").to_dict()
    assert "Only: 1 neighbourhood, 0 of them" in one["description"]
    assert one["description"].startswith("One map of the 6 neighbourhoods")


@pytest.mark.parametrize(
    "flagged, message",
    [
        ({}, "non-empty mapping"),
        (["N01"], "non-empty mapping"),
        ({"A": "N01"}, "collection of names"),
        ({"A": ["N01", "N99"]}, r"unknown neighbourhoods: \['N99'\]"),
    ],
)
def test_flagged_pair_rejects_bad_input(grid, flagged, message):
    with pytest.raises(ValueError, match=message):
        M.flagged_pair(grid, flagged, title="t")
    with pytest.raises(ValueError, match="title"):
        M.flagged_pair(grid, {"A": ["N01"]}, title="")
