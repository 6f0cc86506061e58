"""Live dashboards and their static twins."""

import altair as alt
import ipywidgets as widgets
import pandas as pd
import pytest

from policing_lab import charts
from policing_lab.widgets import WIDGET_VIEW_MIME, LiveFigure, slider_dashboard


@pytest.fixture(autouse=True)
def course_charts():
    charts.enable()


def chart(n: float = 1.0, title: str = "t"):
    return (
        alt.Chart(pd.DataFrame({"x": [n]})).mark_bar().encode(x="x:Q")
        .properties(title=title, description="one bar")
    )


def test_live_figure_carries_both_views():
    live = slider_dashboard(lambda n: chart(n), {"n": widgets.FloatSlider(description="n")})
    bundle = LiveFigure(static=chart(), live=live)._repr_mimebundle_()
    assert WIDGET_VIEW_MIME in bundle  # what JupyterLab shows
    assert "vegaEmbed(" in bundle["text/html"]  # what the website shows


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
