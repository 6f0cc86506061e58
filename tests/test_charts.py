"""The course's Altair theme, renderer and chart builders."""

import altair as alt
import pandas as pd
import pytest

import policing_lab as pl
from policing_lab import charts
from policing_lab.charts import _render

pytestmark = pytest.mark.usefixtures("course_charts")  # tests/conftest.py


def bar(**props):
    return alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_bar().encode(x="x:Q").properties(**props)


def test_chart_without_title_or_description_is_refused():
    with pytest.raises(ValueError, match="every chart needs a title"):
        bar(description="d")._repr_mimebundle_()
    with pytest.raises(ValueError, match="every chart needs a text description"):
        bar(title="t")._repr_mimebundle_()
    with pytest.raises(ValueError, match="every chart needs a text description"):
        bar(title="t", description="   ")._repr_mimebundle_()


def test_title_may_be_a_title_params_object():
    spec = bar(title=alt.Title("Main", subtitle="sub"), description="d").to_dict()
    charts.check_accessible(spec)
    with pytest.raises(ValueError, match="title"):
        charts.check_accessible(bar(title=alt.Title(""), description="d").to_dict())


def test_renderer_output_is_offline_ready_html():
    bundle = bar(title="t", description="a description")._repr_mimebundle_()
    html = bundle["text/html"]
    assert '"actions": false' in html and '"renderer": "svg"' in html
    # Altair's loader skips the CDN when the page says the libraries are present.
    assert "VEGA_DEBUG" in html and f'"{alt.VEGALITE_VERSION}"' in html
    assert bundle["text/plain"] == "<chart: t>"
    # No loader with CDN addresses, not even an unused fallback: the chart's own part of the
    # output (after the inline libraries a live notebook's first chart may carry) names no
    # address at all.
    embed = html[html.rindex("<style>") :]
    assert "http://" not in embed and "https://" not in embed and "jsdelivr" not in html
    assert "$schema" not in embed and '"mode": "vega-lite"' in embed


def test_renderer_escapes_the_spec_inside_its_script():
    html = (
        alt.Chart(pd.DataFrame({"x": ["</script><b>"]}))
        .mark_point()
        .encode(x="x:N")
        .properties(title="t", description="d")
    )._repr_mimebundle_()["text/html"]
    assert html.count("</script>") == html.count("<script") and "<\\/script><b>" in html


def test_renderer_ids_are_stable_and_unique():
    a = bar(title="t", description="d")._repr_mimebundle_()["text/html"]
    b = bar(title="t", description="d")._repr_mimebundle_()["text/html"]
    id_a = a.split('<div id="')[1].split('"')[0]
    id_b = b.split('<div id="')[1].split('"')[0]
    assert id_a != id_b  # same chart twice on a page: distinct element ids
    assert id_a.rsplit("-", 1)[0] == id_b.rsplit("-", 1)[0]  # same content hash
    other = bar(title="other", description="d")._repr_mimebundle_()["text/html"]
    assert other.split('<div id="')[1].rsplit("-", 1)[0] != id_a.rsplit("-", 1)[0]


def test_theme_uses_colour_blind_safe_palette_and_readable_fonts():
    config = alt.theme.get()()["config"]
    assert config["range"]["category"] == list(charts.OKABE_ITO)
    assert config["axis"]["labelFontSize"] >= 12 and config["title"]["fontSize"] >= 14
    assert set(charts.GROUP_COLOURS.values()) <= set(charts.OKABE_ITO)
    assert charts.TRUE_RECORDED_COLOURS["true"] != charts.TRUE_RECORDED_COLOURS["recorded"]


def test_slider_binds_a_range_input():
    param = charts.slider("ratio", [1, 2, 3, 4], label="Patrol ratio ", value=2)
    spec = bar(title="t", description="d").add_params(param).to_dict()
    (p,) = spec["params"]
    assert p["name"] == "ratio" and p["value"] == 2
    assert p["bind"] == {
        "input": "range",
        "min": 1.0,
        "max": 4.0,
        "step": 1.0,
        "name": "Patrol ratio ",
    }


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"name": "not valid", "values": [1, 2], "label": "x"}, "name must be a valid identifier"),
        ({"name": "r", "values": [1, 2], "label": " "}, "label must be a non-empty string"),
        ({"name": "r", "values": [1], "label": "x"}, "at least 2 finite numbers"),
        ({"name": "r", "values": [1, 2, 4], "label": "x"}, "evenly spaced"),
        ({"name": "r", "values": [3, 2, 1], "label": "x"}, "increasing"),
        ({"name": "r", "values": ["a", "b"], "label": "x"}, "values must be a sequence of numbers"),
        (
            {"name": "r", "values": [1, 2], "label": "x", "value": 5},
            r"value must be a number in \[1.0, 2.0\]",
        ),
        (
            {"name": "r", "values": [1, 2], "label": "x", "value": 1.5},
            "value must be one of the grid values",
        ),
    ],
)
def test_slider_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        charts.slider(**kwargs)


def test_pick_matches_float_grid_values():
    param = charts.slider("rate", [0.1, 0.2, 0.3], label="Rate ")
    assert charts.pick(param, "reporting") == "abs(datum['reporting'] - rate) < 1e-06"
    with pytest.raises(ValueError, match="param must be an Altair parameter"):
        charts.pick("rate", "reporting")
    with pytest.raises(ValueError, match="field must be a column name"):
        charts.pick(param, "bad'name")


@pytest.fixture
def grid_city():
    return pd.DataFrame(
        {
            "row": [0, 0, 1, 1],
            "col": [0, 1, 0, 1],
            "name": ["N01", "N02", "N03", "N04"],
            "recorded": [3.0, 1.0, 4.0, 1.5],
            "flag": [True, False, True, False],
        }
    )


def test_city_map_draws_a_grid(grid_city):
    chart = charts.city_map(
        grid_city,
        "recorded",
        title="Records",
        description="Four cells.",
        cell_size=40,
        domain=[0, 5],
    )
    spec = chart.to_dict()
    assert spec["mark"]["type"] == "rect"
    assert spec["width"] == 80 and spec["height"] == 80
    assert spec["encoding"]["color"]["field"] == "recorded"
    assert spec["encoding"]["color"]["scale"]["domain"] == [0, 5]
    assert "N03" in str(spec["datasets"])
    chart._repr_mimebundle_()  # passes the accessibility check


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"frame": [1, 2]}, "frame must be a pandas DataFrame"),
        ({"column": "nope"}, "column must be one of the frame's columns"),
        ({"column": "name"}, "column must name a numeric column"),
        ({"column": "flag"}, "column must name a numeric column"),
        ({"title": ""}, "title must be a non-empty string"),
        ({"description": None}, "description must be a non-empty string"),
        ({"cell_size": 500}, r"cell_size must be a number in \[10, 120\]"),
    ],
)
def test_city_map_rejects_bad_input(grid_city, kwargs, message):
    args = {"frame": grid_city, "column": "recorded", "title": "t", "description": "d", **kwargs}
    with pytest.raises(ValueError, match=message):
        charts.city_map(**args)


def test_city_map_needs_grid_columns(grid_city):
    with pytest.raises(ValueError, match="missing \\['row'\\]"):
        charts.city_map(grid_city.drop(columns="row"), "recorded", title="t", description="d")


def test_public_api_is_curated():
    assert {"charts", "checks", "quiz", "widgets"} <= set(pl.__all__)
    for name in pl.__all__:
        assert hasattr(pl, name)


@pytest.mark.node_modules
def test_live_notebooks_get_the_libraries_inline_once(monkeypatch):
    """In JupyterLab the first chart carries vega itself, so nothing comes from a CDN."""
    monkeypatch.delenv(charts.BOOK_BUILD_ENV, raising=False)
    monkeypatch.setattr(_render, "_libraries_sent", False)
    first = bar(title="t", description="d")._repr_mimebundle_()["text/html"]
    second = bar(title="t", description="d")._repr_mimebundle_()["text/html"]
    assert first.count("<script>") >= 4 and "vegaEmbed" in first.split("<style>")[0]
    assert "window.VEGA_DEBUG = Object.assign" in first
    assert "window.VEGA_DEBUG = Object.assign" not in second
    assert len(second) < 20_000 < len(first)


@pytest.mark.node_modules
def test_enable_sends_the_libraries_again_after_a_page_reload(monkeypatch):
    """A reloaded notebook page has lost the inline libraries; running the first cell
    (pl.charts.enable()) makes the next chart carry them again."""
    monkeypatch.delenv(charts.BOOK_BUILD_ENV, raising=False)
    monkeypatch.setattr(_render, "_libraries_sent", False)
    bar(title="t", description="d")._repr_mimebundle_()
    later = bar(title="t", description="d")._repr_mimebundle_()["text/html"]
    assert "window.VEGA_DEBUG = Object.assign" not in later
    charts.enable()
    again = bar(title="t", description="d")._repr_mimebundle_()["text/html"]
    assert "window.VEGA_DEBUG = Object.assign" in again
    assert "If you reloaded the page, run the chapter's first" in again


def test_book_build_leaves_the_libraries_to_the_page(monkeypatch):
    monkeypatch.setenv(charts.BOOK_BUILD_ENV, "1")
    monkeypatch.setattr(_render, "_libraries_sent", False)
    html = bar(title="t", description="d")._repr_mimebundle_()["text/html"]
    assert len(html) < 20_000 and "Object.assign" not in html
