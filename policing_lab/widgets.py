"""Live controls for readers who run the notebooks, with a static twin for the website.

A reader of the website has no Python kernel, so an ipywidgets slider would move there
without anything answering. The course therefore pairs every live dashboard with a
static chart that works without a kernel:

>>> figure = LiveFigure(static=chart, live=dashboard)   # doctest: +SKIP
>>> figure                                              # doctest: +SKIP

In JupyterLab (Binder or a local install) the reader gets the live dashboard; the book
build drops the widget view (``nb_mime_priority_overrides`` in ``_config.yml``) and
shows the static chart, whose sliders run in the browser.

:func:`slider_dashboard` builds the usual live dashboard: one or more sliders and a chart
redrawn by a Python function whenever a slider moves.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

import altair as alt
import ipywidgets as widgets
from IPython.display import display

from .charts import check_accessible

__all__ = ["LiveFigure", "slider_dashboard", "WIDGET_VIEW_MIME"]

WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"


class LiveFigure:
    """Show a live ipywidgets dashboard where a kernel runs and a static chart elsewhere.

    Parameters
    ----------
    static
        An Altair chart whose interaction needs no kernel (sliders bound to parameters).
        It must have a title and a description.
    live
        An ipywidgets widget (usually from :func:`slider_dashboard`).
    """

    def __init__(self, static: alt.TopLevelMixin, live: widgets.Widget) -> None:
        if not isinstance(static, alt.TopLevelMixin):
            raise ValueError(f"static must be an Altair chart; got {type(static).__name__}")
        if not isinstance(live, widgets.Widget):
            raise ValueError(f"live must be an ipywidgets widget; got {type(live).__name__}")
        check_accessible(static.to_dict())
        self.static = static
        self.live = live

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        bundle = self.static._repr_mimebundle_(include, exclude)
        # Some Altair renderers return (data, metadata); keep the data part.
        if isinstance(bundle, tuple):  # pragma: no cover - depends on the renderer
            bundle = bundle[0]
        bundle = dict(bundle)
        live = self.live._repr_mimebundle_(include=include, exclude=exclude) or {}
        if WIDGET_VIEW_MIME in live:
            bundle[WIDGET_VIEW_MIME] = live[WIDGET_VIEW_MIME]
        return bundle


def slider_dashboard(
    draw: Callable[..., alt.TopLevelMixin],
    sliders: Mapping[str, widgets.ValueWidget],
    *,
    title: str | None = None,
) -> widgets.VBox:
    """A live dashboard: sliders on top, a chart below that ``draw`` redraws on each change.

    Parameters
    ----------
    draw
        A function taking the sliders' values as keyword arguments and returning an
        Altair chart (with a title and a description).
    sliders
        Keyword name -> ipywidgets control (``FloatSlider``, ``IntSlider``, ``Dropdown``...).
        Give each a ``description``: it is the control's accessible name.
    title
        An optional heading shown above the controls.

    Returns
    -------
    ipywidgets.VBox
        The dashboard. ``chart`` holds the chart drawn last; ``update()`` redraws it
        (benchmarks time it).
    """
    if not callable(draw):
        raise ValueError("draw must be a function returning an Altair chart")
    if not isinstance(sliders, Mapping) or not sliders:
        raise ValueError("sliders must be a non-empty mapping of name -> ipywidgets control")
    for name, control in sliders.items():
        if not isinstance(control, widgets.ValueWidget):
            raise ValueError(f"sliders[{name!r}] must be an ipywidgets value control")
        if not getattr(control, "description", ""):
            raise ValueError(f"sliders[{name!r}] needs a description: it is its accessible name")
    out = widgets.Output()
    children: list[widgets.Widget] = []
    if title:
        children.append(widgets.HTML(f"<strong>{html.escape(title)}</strong>"))
    box = widgets.VBox([*children, *sliders.values(), out])

    def update(*_: Any) -> None:
        chart = draw(**{name: control.value for name, control in sliders.items()})
        box.chart = chart  # type: ignore[attr-defined]
        with out:
            out.clear_output(wait=True)
            display(chart)

    for control in sliders.values():
        control.observe(update, names="value")
    box.update = update  # type: ignore[attr-defined]
    update()
    return box
