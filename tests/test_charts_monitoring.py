"""Chapter 6's chart builders: the specs they write and the numbers they describe.

Expected numbers are worked out here by hand from the model's definition (posts, base
rates, specificities), not read from the builders.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import pandas as pd
import pytest
from chart_specs import datasets, rendered

from policing_lab import monitoring as M
from policing_lab.charts import colours
from policing_lab.charts import monitoring as CM

pytestmark = pytest.mark.usefixtures("course_charts")  # tests/conftest.py


def only_dataset(spec: dict) -> pd.DataFrame:
    (frame,) = datasets(spec)
    return frame


# --------------------------------------------------------------------------------------
# flags per group
# --------------------------------------------------------------------------------------
def test_flag_frame_counts_by_hand():
    frame = CM.flag_frame(10_000, 990).set_index(["group", "kind"])
    a, b = CM.GROUP_LABELS["A"], CM.GROUP_LABELS["B"]
    # 1,000,000 posts: 100 threats (80 in A, 20 in B), 90% flagged; others at 1% / 2%
    assert frame.loc[(a, "correct flags"), "count"] == pytest.approx(72)
    assert frame.loc[(b, "correct flags"), "count"] == pytest.approx(18)
    assert frame.loc[(a, "false flags"), "count"] == pytest.approx(799_920 * 0.01)
    assert frame.loc[(b, "false flags"), "count"] == pytest.approx(199_980 * 0.02)
    total_false = 799_920 * 0.01 + 199_980 * 0.02
    assert frame["total_false_per_correct"].iloc[0] == pytest.approx(total_false / 90)
    assert frame.loc[(b, "false flags"), "share_of_false_flags"] == pytest.approx(
        199_980 * 0.02 / total_false
    )


def test_flags_figure_holds_every_position_with_buttons_and_a_slider():
    figure = CM.flags_figure()
    spec = rendered(figure.static)
    assert spec["title"] == "A day of flagged posts"
    params = {p["name"]: p for p in spec["params"]}
    assert params["threat_one_in"]["bind"]["input"] == "radio"
    assert params["threat_one_in"]["bind"]["options"] == [10_000, 100_000, 1_000_000]
    assert params["threat_one_in"]["value"] == 100_000
    slider = params["left_alone_per_1000"]["bind"]
    assert (slider["min"], slider["max"], slider["step"]) == (990, 999, 1)  # shown exactly
    assert params["left_alone_per_1000"]["value"] == 999
    rows = only_dataset(spec)
    assert len(rows) == 3 * 10 * 4  # three base rates, ten specificities, 2 groups x 2 kinds
    layer = spec["layer"][0]
    scale = layer["encoding"]["color"]["scale"]
    assert scale == {
        "domain": ["correct flags", "false flags"],
        "range": [colours.CORRECT_ALERT, colours.FALSE_ALERT],
    }


def test_flags_figure_description_gives_the_numbers_of_its_start():
    text = CM.flags_figure().static.to_dict()["description"]
    # 1 in 100,000 at 99.9%: 9 correct flags, 999,990 x (0.8 x 0.001 + 0.2 x 0.002) false
    false = 999_990 * 0.0012
    assert f"there are {false / 9:,.0f} false flags for every correct one" in text
    assert "group B receives 33% of the false flags" in text
    assert "Group A (no marker): 7.2 correct and 800 false flags" in text
    # the grid's extremes: 1 in 1,000,000 at 99.0% and 1 in 10,000 at 99.9%
    low = (1_000_000 - 1) * 0.012 / 0.9
    high = (1_000_000 - 100) * 0.0012 / 90
    assert f"range from {high:,.0f} to {low:,.0f}" in text


def test_flags_figure_live_twin_redraws():
    figure = CM.flags_figure()
    sliders = [w for w in figure.live.children if isinstance(w, widgets.FloatSlider)]
    (slider,) = sliders
    # up to 999.9: at 1,000 of 1,000 the flagger would flag no harmless post at all
    assert (slider.min, slider.max, slider.step) == (900.0, 999.9, 0.1)
    slider.value = 999.9
    text = figure.live.chart.to_dict()["description"]
    assert "the flagger's specificity is 99.99%" in text
    assert "it leaves alone 999.9 of every 1,000 harmless posts" in text
    assert f"{999_990 * 0.00012 / 9:,.0f} false flags for every correct one" in text


def test_flag_bars_and_figure_reject_bad_input():
    with pytest.raises(ValueError, match="frame must have the columns"):
        CM.flag_bars(pd.DataFrame({"group": ["A"]}))
    bad = CM.flag_frame(100_000, 999).assign(kind="other")
    with pytest.raises(ValueError, match="must hold only"):
        CM.flag_bars(bad)
    with pytest.raises(ValueError, match="threat_one_in"):
        CM.flags_figure(threat_one_in=[100_000])
    with pytest.raises(ValueError, match="left_alone"):
        CM.flags_figure(left_alone=[999, 1_000])
    with pytest.raises(ValueError, match="left_alone_per_1000"):
        CM.flag_frame(100_000, 1_001)


# --------------------------------------------------------------------------------------
# the chilling toy
# --------------------------------------------------------------------------------------
def test_chilling_figure_slider_data_and_description():
    figure = CM.chilling_figure()
    spec = rendered(figure.static)
    (param,) = spec["params"]
    assert param["name"] == "chill" and param["value"] == 0.5
    rows = only_dataset(spec)
    assert len(rows) == 11 * 11 * 2  # eleven chills, eleven levels, two series
    # 100,000 people, 20% would post; at chill 0.3 and full surveillance 70% still do
    at = rows[(rows["chill"].round(2) == 0.3) & (rows["surveillance"] == 1.0)]
    assert sorted(at["posts"]) == pytest.approx([14_000, 20_000])
    text = spec["description"]
    assert "stays at 20,000" in text and "falls from 20,000 to 10,000" in text
    assert "50% of the posts are never written" in text
    layer_colours = spec["encoding"]["color"]["scale"]["range"]
    assert layer_colours == [colours.TRUE, colours.RECORDED]


def test_chilling_lines_reject_bad_frames():
    with pytest.raises(ValueError, match=r"frame\['surveillance'\]"):
        CM.chilling_lines(pd.DataFrame({"surveillance": [2.0], "series": ["x"], "posts": [1.0]}))
    frame = CM.chilling_frame(0.5).assign(series="other")
    with pytest.raises(ValueError, match="must hold only"):
        CM.chilling_lines(frame)


# --------------------------------------------------------------------------------------
# interrupted time series
# --------------------------------------------------------------------------------------
def test_interrupted_series_draws_the_fit_and_describes_it():
    series = M.page_views(
        months=20, event_month=10, baseline=1_000, trend=10, drop=0.3, trend_after=0.0, noise=0.0
    )
    spec = rendered(CM.interrupted_series(series))
    text = spec["description"]
    assert "grows by 10 views a month" in text
    assert "fell by 30% against that trend" in text  # 1,100 x 0.7 = 770 against 1,100
    assert "change by 0 a month" in text
    frames = datasets(spec)
    fitted = next(f for f in frames if "segment" in f)
    carried = fitted[fitted["segment"] == "carried"]
    assert carried["views"].tolist() == pytest.approx([1_000 + 10 * m for m in range(10, 20)])
    after = fitted[fitted["segment"] == "after"]
    assert after["views"].tolist() == pytest.approx([770.0] * 10)
    rule = next(f for f in frames if list(f.columns) == ["month"])
    assert rule["month"].tolist() == [9.5]


def test_interrupted_series_rejects_bad_input():
    with pytest.raises(ValueError, match="series must have the columns"):
        CM.interrupted_series(pd.DataFrame({"month": [0]}))
    series = M.page_views(seed=1).assign(views=-1.0)
    with pytest.raises(ValueError, match=r"series\['views'\]"):
        CM.interrupted_series(series)


def test_every_builder_uses_the_course_colours_only():
    allowed = {
        c.lower()
        for c in (
            *colours.OKABE_ITO,
            colours.REFERENCE,
            colours.NEUTRAL,
            colours.TRUE_NEGATIVE,
            "#111111",
            "white",
        )
    }
    specs = [
        CM.flags_figure().static.to_dict(),
        CM.chilling_figure().static.to_dict(),
        CM.interrupted_series(M.page_views(seed=3)).to_dict(),
    ]
    import json
    import re

    for spec in specs:
        spec.pop("config", None)  # the course theme's own greys
        found = {c.lower() for c in re.findall(r"#[0-9a-fA-F]{6}", json.dumps(spec))}
        assert found <= allowed, found - allowed
    assert np.isfinite(M.fit_interrupted_series(M.page_views(seed=3))["trend_after"])
