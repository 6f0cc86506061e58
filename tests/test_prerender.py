"""Charts drawn at build time (policing_lab/charts/_prerender.py): layouts, controls, text."""

from __future__ import annotations

import json
import re

import altair as alt
import pandas as pd
import pytest

from policing_lab import charts
from policing_lab.charts import _prerender as P
from policing_lab.charts import _render, controls

pytestmark = pytest.mark.usefixtures("course_charts")  # tests/conftest.py

DATA = pd.DataFrame({"x": [1, 2, 3], "y": [3, 1, 2], "g": ["a", "b", "a"]})


def bars(width: int = 200, **props) -> alt.Chart:
    return (
        alt.Chart(DATA)
        .mark_bar()
        .encode(x="x:Q", y="y:Q", color="g:N")
        .properties(width=width, height=100, **props)
    )


def spec_of(chart) -> dict:
    return chart.to_dict()


def views(html: str) -> list[str]:
    return re.findall(r'class="pl-chart__view pl-chart__view--(\w+)"', html)


def test_title_and_description_are_page_text_not_drawing():
    chart = bars(title=alt.Title("Records <and> truth", subtitle="per month"), description="Bars.")
    html = P.prerender(spec_of(chart), "pl-chart-t-1")
    assert (
        '<p class="pl-chart__title" id="pl-chart-t-1-title">Records &lt;and&gt; truth</p>' in html
    )
    assert '<p class="pl-chart__subtitle">per month</p>' in html
    assert '<p id="pl-chart-t-1-about">Bars.</p>' in html
    assert 'aria-labelledby="pl-chart-t-1-title"' in html
    assert 'aria-describedby="pl-chart-t-1-about"' in html
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'aria-hidden="true"' in svg and "Records" not in svg


def test_a_fixed_chart_carries_no_script_and_one_layout():
    html = P.prerender(spec_of(bars(title="T", description="D")), "pl-chart-f-1")
    assert "<script" not in html and "data-signals" not in html
    assert views(html) == ["wide"]  # narrower than a phone column: drawn once
    width, height = P.svg_size(html)
    assert 100 < width <= P.NARROW_LIMIT and height > 100


def test_text_is_measured_wide_and_shown_in_the_course_font():
    html = P.prerender(spec_of(bars(title="T", description="D")), "pl-chart-f-2")
    assert P.MEASURE_FONT not in html
    assert html.count('font-family="system-ui') >= 3  # axis labels and titles


def test_side_by_side_panels_stack_in_the_narrow_layout():
    chart = alt.hconcat(bars(300), bars(300)).properties(title="Two", description="Two panels.")
    spec = spec_of(chart)
    html = P.prerender(spec, "pl-chart-h-1")
    assert views(html) == ["wide", "narrow"]
    wide, narrow = [P.svg_size(svg) for svg in re.findall(r"<svg[^>]*>", html)]
    assert wide[0] > 600 and narrow[0] <= P.NARROW_LIMIT
    assert narrow[1] > 1.8 * 100  # two panels, one above the other
    fit = int(re.search(r'data-fit="(\d+)"', html).group(1))
    assert fit == P.breakpoint_for(wide[0])
    assert "hconcat" in spec  # the chart given is left as it was


def test_narrow_variant_narrows_views_and_moves_legends():
    spec = {
        "hconcat": [
            {
                "width": 420,
                "height": 200,
                "mark": "bar",
                "encoding": {"color": {"field": "g", "legend": {"orient": "right"}}},
            },
            {"width": 120, "height": 50, "mark": "bar"},
        ],
        "usermeta": {"policing_lab": {"keep_aspect": True}},
    }
    narrow = P.narrow_variant(spec)
    first, second = narrow["vconcat"]
    assert first["width"] == P.NARROW_VIEW and first["height"] == pytest.approx(
        200 * P.NARROW_VIEW / 420, abs=0.1
    )
    assert (second["width"], second["height"]) == (120, 50)  # already narrow: kept
    assert first["encoding"]["color"]["legend"]["orient"] == "bottom"
    assert narrow["config"]["legend"]["orient"] == "bottom"
    # without keep_aspect a narrowed view keeps its height
    del spec["usermeta"]
    assert P.narrow_variant(spec)["vconcat"][0]["height"] == 200


@pytest.mark.parametrize("width", [341, 400, 550, 700, 1000, 1500])
def test_breakpoints_switch_before_the_chart_would_shrink_much(width):
    point = P.breakpoint_for(width)
    assert point in P.BREAKPOINTS
    assert point >= min(P.SCALE_DOWN * width, P.BREAKPOINTS[-1])
    assert point - 40 < P.SCALE_DOWN * width or point == P.BREAKPOINTS[0]


def test_slider_becomes_a_form_control_and_leaves_the_specification():
    rate = controls.slider("rate", [0.1, 0.2, 0.3], label="Share reported ", value=0.2)
    chart = (
        alt.Chart(DATA)
        .mark_bar()
        .encode(x="x:Q", y="y:Q")
        .add_params(rate)
        .transform_calculate(z="datum.x * rate")
        .properties(title="T", description="D")
    )
    html = P.prerender(spec_of(chart), "pl-chart-s-1")
    control = re.search(r'<input type="range"[^>]*>', html).group(0)
    for attribute in (
        'id="pl-chart-s-1-rate"',
        'name="rate"',
        'min="0.1"',
        'max="0.3"',
        'value="0.2"',
    ):
        assert attribute in control
    assert re.search(r'step="0\.1(0000\d+)?"', control)
    assert '<label for="pl-chart-s-1-rate">Share reported</label>' in html
    assert '<output for="pl-chart-s-1-rate">0.2</output>' in html
    signals = json.loads(re.search(r"data-signals='([^']*)'", html).group(1).replace("&quot;", '"'))
    assert signals == {"rate": {"type": "range"}}
    layouts = [json.loads(s) for s in re.findall(r'class="pl-chart__spec">(.*?)</script>', html)]
    assert len(layouts) == len(views(html)) == 2  # 420 px wide: a narrow layout too
    for vega in layouts:  # one set of controls drives whichever layout is shown
        bound = [s for s in vega["signals"] if s["name"] == "rate"]
        assert bound and "bind" not in bound[0] and bound[0]["value"] == 0.2
        assert P.MEASURE_FONT not in json.dumps(vega)


def test_radio_buttons_keep_their_options_and_the_checked_one():
    switch = controls.radio(
        "corrected", [0, 1], labels=["off", "on"], label="Correction: ", value=1
    )
    chart = bars(title="T", description="D").add_params(switch)
    html = P.prerender(spec_of(chart), "pl-chart-r-1")
    buttons = re.findall(r'<input type="radio"[^>]*>', html)
    assert len(buttons) == 2 and "checked" in buttons[1] and "checked" not in buttons[0]
    assert "<legend>Correction:</legend>" in html and "> on</label>" in html
    signals = json.loads(re.search(r"data-signals='([^']*)'", html).group(1).replace("&quot;", '"'))
    assert signals == {"corrected": {"type": "radio", "options": [0, 1]}}


def test_a_hover_selection_makes_a_chart_live_without_controls():
    hover = alt.selection_point(on="pointerover", nearest=True)
    chart = bars(title="T", description="D").add_params(hover)
    assert P.is_interactive(spec_of(chart)) and not P.is_interactive(spec_of(bars()))
    html = P.prerender(spec_of(chart), "pl-chart-v-1")
    assert "data-signals='{}'" in html and 'class="pl-chart__spec"' in html
    assert "pl-chart__controls" not in html


def test_unsupported_controls_are_refused():
    choice = alt.param(name="pick", value="a", bind=alt.binding_select(options=["a", "b"]))
    chart = bars(title="T", description="D").add_params(choice)
    with pytest.raises(ValueError, match="chart control 'pick'.*range and radio"):
        P.prerender(spec_of(chart), "pl-chart-x-1")


def test_the_same_chart_gives_the_same_html():
    chart = alt.hconcat(bars(300), bars(300)).properties(title="Two", description="D.")
    assert P.prerender(spec_of(chart), "id-1") == P.prerender(spec_of(chart), "id-1")


def test_the_book_build_renders_prerendered_charts(monkeypatch):
    chart = bars(title="T", description="D")
    monkeypatch.setenv(_render.BOOK_BUILD_ENV, "1")
    html = chart._repr_mimebundle_()["text/html"]
    assert 'class="pl-chart"' in html and "vegaEmbed" not in html
    monkeypatch.delenv(_render.BOOK_BUILD_ENV)
    assert "vegaEmbed(" in chart._repr_mimebundle_()["text/html"]  # JupyterLab
    with pytest.raises(ValueError, match="title"):
        charts.check_accessible(bars().to_dict())


def test_numbers_a_tooltip_shows_are_a_table_under_the_chart():
    frame = pd.DataFrame({"name": ["N02", "N01"], "rate": [1234.5, 0.25]})
    chart = charts.with_numbers(
        bars(title="T", description="D"),
        frame,
        {"Neighbourhood": ("name", None), "Rate <per 1,000>": ("rate", ",.1f")},
        caption="Rates",
    )
    html = P.prerender(spec_of(chart), "pl-chart-n-1")
    table = re.search(r'<details class="pl-chart__numbers">.*?</details>', html, re.S).group(0)
    assert "<caption>Rates</caption>" in table
    assert '<th scope="col">Rate &lt;per 1,000&gt;</th>' in table
    assert '<tr><th scope="row">N02</th><td>1,234.5</td></tr>' in table
    assert '<tr><th scope="row">N01</th><td>0.2</td></tr>' in table  # rows kept in order
    assert "usermeta" not in html  # the table is page text, not chart data


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"frame": [1, 2]}, "frame must be a pandas DataFrame"),
        ({"columns": {}}, "columns must map at least one header"),
        ({"columns": {"X": ("missing", None)}}, r"columns name columns .*\['missing'\]"),
        ({"caption": " "}, "caption must be a non-empty string"),
    ],
)
def test_with_numbers_rejects_bad_input(kwargs, match):
    arguments = {
        "frame": DATA,
        "columns": {"x": ("x", ".0f")},
        "caption": "C",
        **kwargs,
    }
    with pytest.raises(ValueError, match=match):
        charts.with_numbers(bars(), **arguments)


def test_map_pair_and_scatter_carry_their_numbers():
    from policing_lab.charts import maps

    city = pd.DataFrame(
        {
            "row": [0, 0],
            "col": [0, 1],
            "name": ["N02", "N01"],
            "majority_group": ["A", "B"],
            "patrol": [0.5, 1.5],
            "recorded": [10.0, 20.25],
        }
    )
    pair = maps.map_pair(
        city,
        maps.MapPanel("patrol", "Patrol"),
        maps.MapPanel("recorded", "Records"),
        title="P",
        value_format=".1f",
    )
    table = pair.to_dict()["usermeta"]["policing_lab"]["table"]
    assert table["header"] == ["Neighbourhood", "Majority group", "Patrol", "Records"]
    assert table["rows"] == [["N01", "B", "1.5", "20.2"], ["N02", "A", "0.5", "10.0"]]
    flagged = maps.flagged_pair(city, {"By records": ["N01"], "By truth": []}, title="F")
    rows = flagged.to_dict()["usermeta"]["policing_lab"]["table"]["rows"]
    assert rows == [["N01", "B", "flagged", "–"]]  # only neighbourhoods some map flags


def test_both_layouts_of_a_live_chart_share_one_copy_of_the_data():
    rate = controls.slider("rate", [0.1, 0.2, 0.3], label="Rate ")
    frame = pd.DataFrame({"x": range(60), "y": range(60)})
    line = alt.Chart(frame).mark_line().encode(x="x:Q", y="y:Q").properties(width=500)
    html = P.prerender(spec_of(line.add_params(rate).properties(title="T", description="D")), "c")
    specs = [json.loads(s) for s in re.findall(r'class="pl-chart__spec">(.*?)</script>', html)]
    (shared,) = [json.loads(s) for s in re.findall(r'class="pl-chart__data">(.*?)</script>', html)]
    assert len(specs) == 2 and len(shared) == 1
    (key,) = shared
    for spec in specs:
        refs = [t["values"] for t in spec["data"] if isinstance(t.get("values"), dict)]
        assert refs == [{"pl-data": key}]
    assert sorted(row["x"] for row in shared[key]) == list(range(60))


def test_data_columns_named_like_layout_keys_are_left_alone():
    frame = pd.DataFrame({"width": [900.0, 1000.0], "hconcat": [1, 2]})
    chart = alt.Chart(frame).mark_bar().encode(x="width:Q", y="hconcat:Q").properties(width=500)
    spec = spec_of(chart)
    narrow = P.narrow_variant(spec)
    (rows,) = narrow["datasets"].values()
    assert [row["width"] for row in rows] == [900.0, 1000.0] and narrow["width"] == P.NARROW_VIEW
