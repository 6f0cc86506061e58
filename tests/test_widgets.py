"""Live dashboards and their static twins."""

import altair as alt
import ipywidgets as widgets
import pandas as pd
import pytest

from policing_lab.widgets import WIDGET_VIEW_MIME, LiveFigure, slider_dashboard

pytestmark = pytest.mark.usefixtures("course_charts")  # tests/conftest.py


def chart(n: float = 1.0, title: str = "t"):
    return (
        alt.Chart(pd.DataFrame({"x": [n]}))
        .mark_bar()
        .encode(x="x:Q")
        .properties(title=title, description="one bar")
    )


def test_live_figure_carries_both_views():
    live = slider_dashboard(lambda n: chart(n), {"n": widgets.FloatSlider(description="n")})
    bundle = LiveFigure(static=chart(), live=live)._repr_mimebundle_()
    assert WIDGET_VIEW_MIME in bundle  # what JupyterLab shows
    assert "vegaEmbed(" in bundle["text/html"]  # what JupyterLab's renderer draws when
    # the widget is not shown (the website's drawing is tested in test_prerender.py)


def test_live_figure_rejects_bad_parts():
    live = widgets.IntSlider(description="n")
    with pytest.raises(ValueError, match="static must be an Altair chart"):
        LiveFigure(static="chart", live=live)
    with pytest.raises(ValueError, match="live must be an ipywidgets widget"):
        LiveFigure(static=chart(), live="widget")
    untitled = alt.Chart(pd.DataFrame({"x": [1]})).mark_bar().properties(description="d")
    with pytest.raises(ValueError, match="title"):
        LiveFigure(static=untitled, live=live)


def test_dashboard_redraws_when_a_slider_moves():
    calls = []

    def draw(n):
        calls.append(n)
        return chart(n, title=f"n = {n}")

    slider = widgets.IntSlider(value=1, min=0, max=5, description="n")
    box = slider_dashboard(draw, {"n": slider})
    assert calls == [1]
    slider.value = 4
    assert calls == [1, 4]
    assert box.chart.to_dict()["title"] == "n = 4"
    assert isinstance(box.children[-1], widgets.Output)


@pytest.mark.parametrize(
    "draw, sliders, message",
    [
        ("f", {"n": widgets.IntSlider(description="n")}, "draw must be a function"),
        (chart, {}, "sliders must be a non-empty mapping"),
        (chart, {"n": widgets.Button(description="b")}, "must be an ipywidgets value control"),
        (chart, {"n": widgets.IntSlider()}, "needs a description"),
    ],
)
def test_dashboard_rejects_bad_input(draw, sliders, message):
    with pytest.raises(ValueError, match=message):
        slider_dashboard(draw, sliders)


# --- explorable: one recipe, a static figure and its live twin --------------------------
def _reports(rate, offences=100):
    return pd.DataFrame(
        {"kind": ["reported", "not reported"], "count": [offences * rate, offences * (1 - rate)]}
    )


def _bars(frame):
    return alt.Chart(frame).mark_bar().encode(x="count:Q", y="kind:N")


def _describe(frame, **values):
    reported = frame.set_index("kind").loc["reported", "count"]
    return f"{reported:.0f} of 100 offences are reported."


def _reports_figure(**kwargs):
    from policing_lab.widgets import Control, explorable

    options = {
        "title": "Reports",
        "description": _describe,
        "controls": [
            Control("rate", "Share reported ", [0.1, 0.2, 0.3, 0.4], 0.2, live=(0.0, 1.0, 0.01))
        ],
    }
    options.update(kwargs)
    return explorable(_reports, _bars, **options)


def test_explorable_static_holds_every_grid_position_and_filters_by_the_slider():
    figure = _reports_figure()
    spec = figure.static.to_dict()
    (param,) = spec["params"]
    assert param["name"] == "rate" and param["value"] == 0.2
    assert param["bind"]["min"] == 0.1 and param["bind"]["max"] == 0.4
    rows = next(iter(spec["datasets"].values()))
    assert sorted({round(r["rate"], 6) for r in rows}) == [0.1, 0.2, 0.3, 0.4]
    assert len(rows) == 8  # two bars at each of four positions
    assert {"filter": "abs(datum['rate'] - rate) < 1e-06"} in spec["transform"]
    # The text alternative is computed from the starting position's numbers.
    assert spec["description"].startswith("20 of 100 offences are reported.")
    assert "Share reported" in spec["description"]


def test_explorable_live_twin_recomputes_on_a_finer_range():
    figure = _reports_figure()
    (slider,) = [w for w in figure.live.children if isinstance(w, widgets.FloatSlider)]
    assert (slider.min, slider.max, slider.step) == (0.0, 1.0, 0.01)
    assert slider.description == "Share reported"
    slider.value = 0.37  # a value the static grid does not have
    spec = figure.live.chart.to_dict()
    assert spec["description"] == "37 of 100 offences are reported."
    rows = next(iter(spec["datasets"].values()))
    assert [round(r["count"], 6) for r in rows] == [37.0, 63.0]


def test_explorable_title_may_follow_the_controls():
    figure = _reports_figure(title=lambda rate: f"Reports at {rate:.0%}")
    assert figure.static.to_dict()["title"] == "Reports at 20%"
    figure.live.children[0].value = 0.5
    assert figure.live.chart.to_dict()["title"] == "Reports at 50%"


def test_explorable_buttons_for_options():
    from policing_lab.widgets import Control, explorable

    def data(corrected):
        return pd.DataFrame({"kind": ["share"], "count": [0.9 - 0.3 * corrected]})

    figure = explorable(
        data,
        _bars,
        [Control("corrected", "Correction: ", [0, 1], 0, labels=["off", "on"])],
        title="T",
        description=lambda frame, corrected: f"share {frame['count'][0]:.1f}",
    )
    (param,) = figure.static.to_dict()["params"]
    assert param["bind"] == {
        "input": "radio",
        "options": [0, 1],
        "labels": ["off", "on"],
        "name": "Correction: ",
    }
    (buttons,) = [w for w in figure.live.children if isinstance(w, widgets.RadioButtons)]
    buttons.value = 1
    assert figure.live.chart.to_dict()["description"] == "share 0.6"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"grid": [0.1, 0.3, 0.4]}, "evenly spaced"),
        ({"value": 0.25}, "value must be one of the grid values"),
        ({"live": (0.5, 0.1, 0.1)}, "live must be"),
        ({"name": "a rate"}, "name must be a valid identifier"),
        ({"label": " "}, "label must be a non-empty string"),
    ],
)
def test_control_rejects_bad_input(kwargs, message):
    from policing_lab.widgets import Control

    options = {"name": "rate", "label": "Rate ", "grid": [0.1, 0.2, 0.3], "value": 0.2}
    options.update(kwargs)
    with pytest.raises(ValueError, match=message):
        Control(**options)


def test_explorable_rejects_bad_recipes():
    from policing_lab.widgets import Control, explorable

    rate = Control("rate", "Rate ", [0.1, 0.2], 0.1)
    with pytest.raises(ValueError, match="controls must be a non-empty sequence"):
        explorable(_reports, _bars, [], title="t", description=_describe)
    with pytest.raises(ValueError, match="distinct names"):
        explorable(_reports, _bars, [rate, rate], title="t", description=_describe)
    with pytest.raises(ValueError, match="data must return a pandas DataFrame"):
        explorable(lambda rate: [rate], _bars, [rate], title="t", description=_describe)
