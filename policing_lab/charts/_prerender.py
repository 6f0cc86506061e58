"""Charts drawn when the book is built, so that a page shows them before any script runs.

On the course website every chart arrives as finished SVG inside the page's HTML: it
shows on a slow phone, with scripts off, in print, and without the 177 kB chart library
(``vega``). Only a chart a reader can change (a slider, radio buttons, a hover) carries
its compiled Vega specification as JSON; the site's small script ``pl-charts.js`` loads
vega when the reader reaches for such a chart (a pointer over it, a finger on it, the
keyboard in its controls), and then redraws it live. Vega-Lite (the compiler) and
vega-embed are never loaded by a page: the specification was compiled to Vega here, by
``vl-convert`` (the same Vega version as the site's copy; the book build checks that).

Each chart is drawn twice when it is wider than a phone's column: as designed, and in a
narrow layout (side-by-side panels stacked, views narrowed, legends below). A CSS
container query shows the layout that fits the column, so nothing is cut at 320 px.

The chart's title and description are ordinary HTML around the drawing: the title wraps
on a narrow screen, a screen reader reads the title and the description instead of the
chart's labels one by one, and everyone can open "About this chart" to read the
description. The numbers a tooltip shows on a mouse are also in a table under the chart
("The numbers in this chart", from :func:`policing_lab.charts.with_numbers`), which a
tap, a keyboard and a screen reader reach.
"""

from __future__ import annotations

import copy
import hashlib
import html
import json
import math
import re
from typing import Any

#: The version of Vega-Lite the specification is written for (Altair's schema).
VL_VERSION = "6.4"
#: A chart whose drawing is wider than this (CSS pixels) also gets a narrow layout.
NARROW_LIMIT = 340
#: Width of one view (the plotting area) in the narrow layout.
NARROW_VIEW = 250
#: The narrow layout is shown when the column is narrower than this share of the chart's
#: width (a slightly wide chart is scaled down a little instead of stacked).
SCALE_DOWN = 0.85
#: Breakpoints of the container queries in _static/course.css: a chart of natural width
#: w switches layouts at the first breakpoint at or above SCALE_DOWN * w.
BREAKPOINTS = tuple(range(360, 1201, 40))


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value)
    return str(value or "")


def split_title(spec: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    """Return (title, subtitle, spec without its title or description)."""
    title = spec.get("title")
    subtitle: Any = ""
    if isinstance(title, dict):
        subtitle = title.get("subtitle", "")
        title = title.get("text", "")
    rest = {k: v for k, v in spec.items() if k not in ("title", "description", "$schema")}
    return _text(title).strip(), _text(subtitle).strip(), rest


#: Keys whose values are data, not layout: never walked into (a column may be named "width").
_DATA_KEYS = frozenset({"datasets", "data", "values"})


def _walk(node: Any):
    """Every dict of a specification's layout, depth first (data tables left out)."""
    if isinstance(node, dict):
        yield node
        for key, value in node.items():
            if key not in _DATA_KEYS:
                yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def is_interactive(spec: dict[str, Any]) -> bool:
    """True if the Vega-Lite spec has a parameter bound to a control, or a selection."""
    for node in _walk(spec):
        for param in node.get("params", []) if isinstance(node.get("params"), list) else []:
            if isinstance(param, dict) and ("bind" in param or "select" in param):
                return True
    return False


def narrow_variant(spec: dict[str, Any], *, keep_aspect: bool | None = None) -> dict[str, Any]:
    """The same chart laid out for a phone's column.

    Side-by-side panels (``hconcat``) are stacked, any view wider than
    :data:`NARROW_VIEW` is narrowed to it (its height too, in proportion, when the chart's
    ``usermeta`` asks to keep the aspect, as the icon array does), and legends go below
    the view.
    """
    narrow = copy.deepcopy(spec)
    if keep_aspect is None:
        keep_aspect = bool(_course_meta(narrow).get("keep_aspect"))
    for node in _walk(narrow):
        if "hconcat" in node:
            node["vconcat"] = node.pop("hconcat")
        width = node.get("width")
        if isinstance(width, (int, float)) and width > NARROW_VIEW:
            if keep_aspect and isinstance(node.get("height"), (int, float)):
                node["height"] = round(node["height"] * NARROW_VIEW / width, 1)
            node["width"] = NARROW_VIEW
        legend = node.get("legend")
        if isinstance(legend, dict) and legend.get("orient") in ("left", "right"):
            legend["orient"] = "bottom"
    config = narrow.setdefault("config", {})
    view = config.setdefault("view", {})
    view["continuousWidth"] = min(view.get("continuousWidth", NARROW_VIEW), NARROW_VIEW)
    config.setdefault("legend", {}).update(
        {
            "orient": "bottom",
            "columns": 2,  # a legend below a narrow view stays as narrow as the view
            "gradientDirection": "horizontal",
            "labelLimit": 280,
        }
    )
    return narrow


#: Text is measured, when the chart is laid out here, in a wide font that most systems
#: have (DejaVu Sans; without it vl-convert's fallback is wider still), so that labels fit
#: whichever narrower system font a reader's device draws them in.
MEASURE_FONT = "DejaVu Sans"


def _course_meta(spec: dict[str, Any]) -> dict[str, Any]:
    """What a builder told the website about its chart (``usermeta["policing_lab"]``)."""
    meta = spec.get("usermeta")
    return meta.get("policing_lab", {}) if isinstance(meta, dict) else {}


def _numbers_table(table: dict[str, Any], chart_id: str) -> str:
    """The numbers a tooltip would show, as a table a reader opens (tap, keyboard, reader)."""
    header = "".join(f'<th scope="col">{html.escape(str(h))}</th>' for h in table["header"])
    rows = "".join(
        f'<tr><th scope="row">{html.escape(str(row[0]))}</th>'
        + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row[1:])
        + "</tr>"
        for row in table["rows"]
    )
    caption = html.escape(str(table.get("caption") or "The numbers in this chart"))
    return (
        '<details class="pl-chart__numbers"><summary>The numbers in this chart</summary>'
        f'<div class="pl-table-scroll" tabindex="0" role="region" aria-label="{caption}">'
        f"<table><caption>{caption}</caption><thead><tr>{header}</tr></thead>"
        f"<tbody>{rows}</tbody></table></div></details>"
    )


def _compile(spec: dict[str, Any]) -> dict[str, Any]:
    """The Vega specification of ``spec``, laid out with text in :data:`MEASURE_FONT`."""
    import vl_convert as vlc

    spec = copy.deepcopy(spec)
    spec.setdefault("config", {})["font"] = MEASURE_FONT
    return vlc.vegalite_to_vega(spec, vl_version=VL_VERSION)


def _in_font(vega: dict[str, Any], font: str) -> dict[str, Any]:
    """The Vega specification with its text in ``font`` (in the browser, vega measures)."""
    text = json.dumps(vega).replace(json.dumps(MEASURE_FONT), json.dumps(font))
    return json.loads(text)


def _svg(vega: dict[str, Any], font: str) -> str:
    """The drawing of a Vega specification laid out in :data:`MEASURE_FONT`, shown in ``font``."""
    import vl_convert as vlc

    svg = vlc.vega_to_svg(vega)
    svg = svg.replace(f'font-family="{MEASURE_FONT}"', f'font-family="{html.escape(font)}"')
    # The page draws the chart's card; a screen reader gets the figure's HTML text.
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


_SIZE = re.compile(r'<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"')


def svg_size(svg: str) -> tuple[float, float]:
    """Width and height of an SVG drawing written by vega."""
    match = _SIZE.search(svg)
    if not match:
        raise ValueError("the SVG has no width and height attributes")
    return float(match.group(1)), float(match.group(2))


def breakpoint_for(width: float) -> int:
    """The container width (px) below which a chart of ``width`` px switches to narrow."""
    wanted = SCALE_DOWN * width
    for point in BREAKPOINTS:
        if point >= wanted:
            return point
    return BREAKPOINTS[-1]


def _controls(vega: dict[str, Any], chart_id: str) -> tuple[str, dict[str, Any]]:
    """HTML controls for the signals bound to inputs, and their descriptions for the script.

    The controls are ordinary form elements written into the page, so they are there
    (and keyboard-operable) before vega loads; ``pl-charts.js`` connects them to the
    live chart. Vega's own bindings are removed from the specification.
    """
    parts: list[str] = []
    signals: dict[str, Any] = {}
    for signal in vega.get("signals", []):
        bind = signal.pop("bind", None)
        if not bind:
            continue
        name = signal["name"]
        label = html.escape(str(bind.get("name") or name).strip())
        control_id = f"{chart_id}-{name}"
        value = signal.get("value")
        if bind.get("input") == "range":
            step = bind.get("step", 1)
            signals[name] = {"type": "range"}
            parts.append(
                f'<div class="pl-control pl-control--range">'
                f'<label for="{control_id}">{label}</label>'
                f'<input type="range" id="{control_id}" name="{name}" autocomplete="off" '
                f'min="{bind["min"]}" max="{bind["max"]}" step="{step}" value="{value}">'
                f'<output for="{control_id}">{_format(value, step)}</output></div>'
            )
        elif bind.get("input") == "radio":
            options = list(bind["options"])
            labels = list(bind.get("labels") or [str(o) for o in options])
            signals[name] = {"type": "radio", "options": options}
            buttons = "".join(
                f'<label><input type="radio" name="{control_id}" value="{i}" autocomplete="off"'
                + (" checked" if option == value else "")
                + f"> {html.escape(str(text))}</label>"
                for i, (option, text) in enumerate(zip(options, labels, strict=True))
            )
            parts.append(
                f'<fieldset class="pl-control pl-control--radio">'
                f"<legend>{label}</legend>{buttons}</fieldset>"
            )
        else:
            raise ValueError(
                f"chart control {name!r}: only range and radio bindings are supported on "
                f"the website; got {bind.get('input')!r}"
            )
    return "".join(parts), signals


def _format(value: Any, step: Any) -> str:
    """A control's value shown with as many decimals as its step has."""
    try:
        step_text = f"{float(step):.10f}".rstrip("0")
        decimals = len(step_text.split(".")[1]) if "." in step_text else 0
        return f"{float(value):.{decimals}f}"
    except (TypeError, ValueError):
        return html.escape(str(value))


def _share_data(vega: dict[str, Any], shared: dict[str, Any]) -> dict[str, Any]:
    """Move the data tables of a layout into ``shared``, so that both layouts use one copy.

    Each table's ``values`` becomes ``{"pl-data": key}``; ``pl-charts.js`` puts the values
    back before vega reads the specification. Keys are content hashes, so two layouts
    drawing the same table share it.
    """
    vega = copy.deepcopy(vega)
    for table in vega.get("data", []):
        values = table.get("values")
        if not isinstance(values, list) or len(values) < 20:
            continue
        text = json.dumps(values, sort_keys=True, separators=(",", ":"))
        key = "d" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
        shared[key] = values
        table["values"] = {"pl-data": key}
    return vega


def _script_json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":")).replace("</", "<\\/")


def prerender(spec: dict[str, Any], chart_id: str) -> str:
    """The HTML of a chart for the course website: title, drawing(s), controls, description.

    Parameters
    ----------
    spec : dict
        A Vega-Lite specification with a ``title`` and a ``description`` (see
        :func:`policing_lab.charts.check_accessible`).
    chart_id : str
        The element id of the chart (stable across builds).
    """
    title, subtitle, body = split_title(spec)
    description = str(spec.get("description", "")).strip()
    meta = _course_meta(body)
    body.pop("usermeta", None)
    config = body.setdefault("config", {})
    font = str(config.get("font") or "sans-serif")
    config["background"] = None  # the page draws the card
    config["aria"] = False  # the figure's HTML carries the text alternative

    measured = _compile(body)
    wide_svg = _svg(measured, font)
    width, _ = svg_size(wide_svg)
    drawings = [("wide", _in_font(measured, font), wide_svg)]
    if width > NARROW_LIMIT:
        measured = _compile(narrow_variant(body, keep_aspect=bool(meta.get("keep_aspect"))))
        drawings.append(("narrow", _in_font(measured, font), _svg(measured, font)))

    interactive = is_interactive(spec)
    # Both layouts have the same parameters: one set of controls drives either drawing.
    controls_html, signals = _controls(drawings[0][1], chart_id)
    for _, vega, _ in drawings[1:]:
        _controls(vega, chart_id)  # removes vega's own bindings from this layout too

    shared: dict[str, Any] = {}
    views = []
    for layout, vega, svg in drawings:
        data = ""
        if interactive:
            spec_json = _script_json(_share_data(vega, shared))
            data = f'<script type="application/json" class="pl-chart__spec">{spec_json}</script>'
        w, _ = svg_size(svg)
        views.append(
            f'<div class="pl-chart__view pl-chart__view--{layout}" '
            f'style="max-width:{math.ceil(w)}px">{svg}{data}</div>'
        )
    if shared:
        tables = _script_json(shared)
        views.append(f'<script type="application/json" class="pl-chart__data">{tables}</script>')
    attributes = (
        f'id="{chart_id}" class="pl-chart" role="figure" aria-labelledby="{chart_id}-title"'
    )
    if description:
        attributes += f' aria-describedby="{chart_id}-about"'
    if len(drawings) > 1:
        attributes += f' data-fit="{breakpoint_for(width)}"'
    if interactive:
        attributes += f" data-signals='{html.escape(json.dumps(signals), quote=True)}'"
    heading = f'<p class="pl-chart__title" id="{chart_id}-title">{html.escape(title)}</p>'
    if subtitle:
        heading += f'<p class="pl-chart__subtitle">{html.escape(subtitle)}</p>'
    about = ""
    if description:
        about = (
            '<details class="pl-chart__about"><summary>About this chart</summary>'
            f'<p id="{chart_id}-about">{html.escape(description)}</p></details>'
        )
    controls = f'<div class="pl-chart__controls">{controls_html}</div>' if controls_html else ""
    numbers = _numbers_table(meta["table"], chart_id) if meta.get("table") else ""
    return f"<div {attributes}>{heading}{''.join(views)}{controls}{about}{numbers}</div>"
