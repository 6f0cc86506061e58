"""Live controls for readers who run the notebooks, with a static twin for the website.

A reader of the website has no Python kernel, so an ipywidgets slider would move there
without anything answering. The course therefore pairs every live dashboard with a
static chart that works without a kernel::

    figure = LiveFigure(static=chart, live=dashboard)
    figure   # the last expression of a notebook cell: shown by JupyterLab or the website

In JupyterLab (Binder or a local install) the reader gets the live dashboard; the book
build drops the widget view (``nb_mime_priority_overrides`` in ``_config.yml``) and
shows the static chart, whose sliders run in the browser.

:func:`slider_dashboard` builds the usual live dashboard: one or more sliders and a chart
redrawn by a Python function whenever a slider moves.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# isort: off
from . import _altair  # noqa: F401  first: it imports altair quickly (see _altair.py)

# isort: on
import altair as alt
import ipywidgets as widgets
import numpy as np
import pandas as pd
from IPython import get_ipython
from IPython.display import display

from .charts import check_accessible
from .charts.controls import check_grid, radio, slider

__all__ = ["LiveFigure", "slider_dashboard", "Control", "explorable", "WIDGET_VIEW_MIME"]

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
        bundle = dict(bundle or {})
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
        if get_ipython() is None:  # no frontend to show it (a script, a doctest)
            return
        with out:
            out.clear_output(wait=True)
            display(chart)

    for control in sliders.values():
        control.observe(update, names="value")
    box.update = update  # type: ignore[attr-defined]
    update()
    return box


@dataclass(frozen=True)
class Control:
    """One control of an :func:`explorable` figure: a slider, or buttons if ``labels``.

    Parameters
    ----------
    name
        The keyword argument of the figure's data function, the column that holds the
        control's value in the static chart's data, and the chart parameter's name.
    label
        What the control says (its accessible name), on the page and in the notebook.
    grid
        The positions of the static control: an evenly spaced grid for a slider, or the
        options of a set of buttons. The static chart holds the data for each of them.
    value
        The starting position; one of ``grid``.
    live
        ``(min, max, step)`` of the live slider in a notebook (by default the grid's).
    labels
        One label per option: draws buttons instead of a slider.
    """

    name: str
    label: str
    grid: Sequence[float]
    value: float
    live: tuple[float, float, float] | None = None
    labels: Sequence[str] | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise ValueError(f"name must be a valid identifier; got {self.name!r}")
        if not isinstance(self.label, str) or not self.label.strip():
            raise ValueError("label must be a non-empty string: it is the control's name")
        if self.labels is None:
            grid = check_grid(self.grid, "grid")
            if not np.any(np.isclose(grid, self.value)):
                raise ValueError(f"value must be one of the grid values; got {self.value!r}")
        elif self.value not in list(self.grid):
            raise ValueError(
                f"value must be one of the options {list(self.grid)}; got {self.value!r}"
            )
        if self.live is not None:
            low, high, step = (float(v) for v in self.live)
            if not (low < high and 0 < step <= high - low and low <= self.value <= high):
                raise ValueError(
                    "live must be (min, max, step) with min < max, 0 < step <= max - min "
                    f"and min <= value <= max; got {self.live!r}"
                )

    def parameter(self) -> alt.Parameter:
        """The chart parameter of the static figure."""
        if self.labels is not None:
            return radio(
                self.name, list(self.grid), labels=self.labels, label=self.label, value=self.value
            )
        return slider(self.name, self.grid, label=self.label, value=self.value)

    def widget(self) -> widgets.ValueWidget:
        """The ipywidgets control of the live figure."""
        description = self.label.strip().rstrip(":").strip()
        style = {"description_width": "initial"}
        if self.labels is not None:
            return widgets.RadioButtons(
                options=list(zip(self.labels, self.grid, strict=True)),
                value=self.value,
                description=description,
                style=style,
            )
        grid = np.asarray(self.grid, dtype=float)
        low, high, step = self.live or (float(grid[0]), float(grid[-1]), float(grid[1] - grid[0]))
        return widgets.FloatSlider(
            value=float(self.value),
            min=low,
            max=high,
            step=step,
            description=description,
            style=style,
            continuous_update=True,
        )


def explorable(
    data: Callable[..., pd.DataFrame],
    chart: Callable[[pd.DataFrame], Any],
    controls: Sequence[Control],
    *,
    title: str | Callable[..., str],
    description: Callable[..., str],
) -> LiveFigure:
    """A figure that readers explore, as a static chart and its live twin, from one recipe.

    Parameters
    ----------
    data
        ``data(**values) -> DataFrame``: the figure's data for one position of the controls
        (keyword arguments named after the controls).
    chart
        ``chart(frame) -> Altair chart``: draws a frame from ``data`` (without title or
        description). The static figure draws all positions at once and filters the rows
        whose control columns match the controls.
    controls
        The figure's :class:`Control` objects.
    title
        The figure's title, or a function of the controls' values (``title(**values)``).
        The static figure uses it at the starting values.
    description
        ``description(frame, **values) -> str``: the text alternative, written from the
        numbers in ``frame`` (the data at those values). The static figure describes its
        starting position and says what the controls change.

    Returns
    -------
    LiveFigure
        The static chart (for the website) and the live dashboard (for notebooks).

    Examples
    --------
    >>> import altair as alt, pandas as pd
    >>> def data(rate):
    ...     return pd.DataFrame({"kind": ["reported"], "count": [100 * rate]})
    >>> def draw(frame):
    ...     return alt.Chart(frame).mark_bar().encode(x="count:Q", y="kind:N")
    >>> figure = explorable(
    ...     data, draw, [Control("rate", "Share reported ", [0.1, 0.2, 0.3], 0.2)],
    ...     title="Reports", description=lambda frame, rate: f"{frame['count'][0]:.0f} reports.")
    >>> figure.static.to_dict()["description"]
    '20 reports. Use the control (Share reported) to change the share reported.'
    """
    if not callable(data) or not callable(chart) or not callable(description):
        raise ValueError("data, chart and description must be functions")
    controls = list(controls)
    if not controls or not all(isinstance(c, Control) for c in controls):
        raise ValueError("controls must be a non-empty sequence of Control")
    names = [c.name for c in controls]
    if len(set(names)) != len(names):
        raise ValueError(f"controls must have distinct names; got {names}")

    def title_at(**values: Any) -> str:
        return title(**values) if callable(title) else title

    def frame_at(**values: Any) -> pd.DataFrame:
        frame = data(**values)
        if not isinstance(frame, pd.DataFrame):
            raise ValueError(f"data must return a pandas DataFrame; got {type(frame).__name__}")
        return frame.assign(**values)

    start = {c.name: c.value for c in controls}
    grids = [
        list(np.asarray(c.grid, dtype=float)) if c.labels is None else list(c.grid)
        for c in controls
    ]
    everything = pd.concat(
        [frame_at(**dict(zip(names, combo, strict=True))) for combo in itertools.product(*grids)],
        ignore_index=True,
    )
    static = chart(everything).add_params(*(c.parameter() for c in controls))
    for c in controls:
        static = static.transform_filter(f"abs(datum['{c.name}'] - {c.name}) < 1e-06")
    which = ", ".join(c.label.strip().rstrip(":").strip() for c in controls)
    changes = " and ".join(c.label.strip().rstrip(":").strip().lower() for c in controls)
    plural = "controls" if len(controls) > 1 else "control"
    static = static.properties(
        title=title_at(**start),
        description=(
            f"{description(frame_at(**start), **start)} Use the {plural} ({which}) to change "
            f"the {changes}."
        ),
    )

    def draw(**values: Any) -> alt.TopLevelMixin:
        frame = frame_at(**values)
        return chart(frame).properties(
            title=title_at(**values), description=description(frame, **values)
        )

    live = slider_dashboard(draw, {c.name: c.widget() for c in controls})
    return LiveFigure(static=static, live=live)
