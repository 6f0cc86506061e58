"""The course's Altair theme and renderer: accessible, offline, the same page every build.

:func:`enable` switches on

* the course **theme**: Okabe & Ito's palette (readable with the common forms of
  colour-vision deficiency), readable font sizes, SVG output;
* the course **renderer**: Altair's HTML output with a stable element id, no export menu,
  and a check that every chart has a ``title`` and a ``description`` (the text a screen
  reader announces); a chart without one raises ``ValueError`` instead of being shown.

On the course website (the book build) a chart is drawn at build time, as SVG in the page
(:mod:`policing_lab.charts._prerender`); only charts that can change load the site's own
vega, on demand. In JupyterLab
(Binder or a local install) the first chart of a session carries them inline, from the
copies ``npm ci`` installed, so charts draw offline and nothing is fetched from a CDN.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from pathlib import Path
from typing import Any

import altair as alt

from .colours import OKABE_ITO

__all__ = ["enable", "check_accessible", "with_numbers", "BOOK_BUILD_ENV", "EMBED_OPTIONS"]

THEME_NAME = "policing_lab"
RENDERER_NAME = "policing_lab"
_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
EMBED_OPTIONS: dict[str, Any] = {"actions": False, "renderer": "svg"}

_chart_counter = itertools.count(1)

#: Set by the book build (``_ext/offline_assets.py``): the website's pages load the chart
#: libraries themselves, so chart outputs must not carry them.
BOOK_BUILD_ENV = "POLICING_LAB_BOOK_BUILD"
_CHART_LIBRARIES = (
    "vega/build/vega.min.js",
    "vega-lite/build/vega-lite.min.js",
    "vega-embed/build/vega-embed.min.js",
)
_libraries_sent = False


def _theme() -> Any:  # a ThemeConfig dict
    return {
        "config": {
            "font": _FONT,
            "background": "white",
            "view": {"continuousWidth": 420, "continuousHeight": 280, "stroke": None},
            "title": {"fontSize": 16, "fontWeight": 600, "anchor": "start", "offset": 12},
            "axis": {
                "labelFontSize": 13,
                "titleFontSize": 14,
                "titleFontWeight": 500,
                "labelColor": "#333333",
                "titleColor": "#222222",
                "gridColor": "#e6e6e6",
            },
            "legend": {
                "labelFontSize": 13,
                "titleFontSize": 14,
                "symbolSize": 120,
                "labelLimit": 360,
            },
            "header": {"labelFontSize": 13, "titleFontSize": 14},
            "range": {"category": list(OKABE_ITO), "ramp": {"scheme": "viridis"}},
            "text": {"fontSize": 13},
            "mark": {"tooltip": False},
        }
    }


def _text_of(title: Any) -> str:
    """The text of a Vega-Lite title, which may be a string, a list or a TitleParams dict."""
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, (list, tuple)):
        title = " ".join(str(t) for t in title)
    return str(title or "").strip()


def check_accessible(spec: dict[str, Any]) -> None:
    """Raise ``ValueError`` unless a Vega-Lite spec has a title and a text description.

    Parameters
    ----------
    spec
        A Vega-Lite specification, as returned by ``chart.to_dict()``.

    Examples
    --------
    >>> import altair as alt, pandas as pd
    >>> chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x")
    >>> check_accessible(chart.properties(title="T", description="D").to_dict())
    """
    if not isinstance(spec, dict):
        raise ValueError(f"spec must be a Vega-Lite specification (a dict); got {type(spec)}")
    if not _text_of(spec.get("title")):
        raise ValueError(
            "every chart needs a title: use chart.properties(title=...) on the outermost chart"
        )
    if not str(spec.get("description") or "").strip():
        raise ValueError(
            "every chart needs a text description for readers who cannot see it: "
            "use chart.properties(description=...) on the outermost chart"
        )


def with_numbers(
    chart: Any,
    frame: Any,
    columns: dict[str, tuple[str, str | None]],
    *,
    caption: str,
) -> Any:
    """Attach the numbers a chart's tooltips show, as a table under the chart on the website.

    A tooltip needs a mouse; on a phone, with a keyboard or a screen reader the same
    numbers are in a table the reader opens ("The numbers in this chart").

    Parameters
    ----------
    chart : altair chart
        The chart (its outermost level).
    frame : pandas.DataFrame
        One row per table row.
    columns : dict
        Header -> (column of ``frame``, Python format spec such as ``",.1f"``, or None for
        text). The first column names the row (a row header).
    caption : str
        What the table shows.

    Examples
    --------
    >>> import altair as alt, pandas as pd
    >>> frame = pd.DataFrame({"name": ["N01"], "rate": [12.345]})
    >>> chart = alt.Chart(frame).mark_bar().encode(x="rate:Q")
    >>> meta = with_numbers(chart, frame, {"Neighbourhood": ("name", None),
    ...     "Rate": ("rate", ".1f")}, caption="Rates").to_dict()["usermeta"]
    >>> meta["policing_lab"]["table"]["rows"]
    [['N01', '12.3']]
    """
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"frame must be a pandas DataFrame; got {type(frame).__name__}")
    if not isinstance(columns, dict) or not columns:
        raise ValueError("columns must map at least one header to (column, format)")
    if not isinstance(caption, str) or not caption.strip():
        raise ValueError("caption must be a non-empty string")
    missing = [column for column, _ in columns.values() if column not in frame.columns]
    if missing:
        raise ValueError(f"columns name columns the frame does not have: {missing}")
    rows = []
    for record in frame.to_dict("records"):
        row = []
        for column, spec in columns.values():
            value = record[column]
            row.append(str(value) if spec is None else format(value, spec))
        rows.append(row)
    current = getattr(chart, "usermeta", None)
    meta = dict(current) if isinstance(current, dict) else {}
    course = dict(meta.get("policing_lab", {}))
    course["table"] = {"caption": caption, "header": list(columns), "rows": rows}
    meta["policing_lab"] = course
    return chart.properties(usermeta=meta)


def _stable_id(spec: dict[str, Any]) -> str:
    digest = hashlib.sha1(json.dumps(spec, sort_keys=True).encode("utf-8")).hexdigest()[:10]
    return f"pl-chart-{digest}-{next(_chart_counter)}"


def _library_preamble() -> str:
    """The chart libraries, inline, for the first chart of a live notebook session.

    In JupyterLab (Binder or ``make lab``) Altair would fetch vega from a CDN, which fails
    offline and tells a third party who is reading. Instead the first chart of a kernel
    session carries the copies installed by ``npm ci`` (the same files the website
    serves); later charts find them on the page. Returns "" in the book build, when they
    were already sent, or when ``node_modules`` is missing (then Altair's own loader
    fetches them, which needs a network).
    """
    global _libraries_sent
    if _libraries_sent or os.environ.get(BOOK_BUILD_ENV):
        return ""
    node_modules = Path(__file__).resolve().parents[2] / "node_modules"
    files = [node_modules / name for name in _CHART_LIBRARIES]
    if not all(f.is_file() for f in files):
        return ""
    scripts = "".join(
        "<script>" + f.read_text(encoding="utf-8").replace("</script", "<\\/script") + "</script>"
        for f in files
    )
    versions = json.dumps(
        {
            "vega_version": alt.VEGA_VERSION,
            "vegalite_version": alt.VEGALITE_VERSION,
            "vegaembed_version": alt.VEGAEMBED_VERSION,
        }
    )
    _libraries_sent = True
    debug = f"window.VEGA_DEBUG = Object.assign(window.VEGA_DEBUG || {{}}, {versions});"
    return scripts + f"<script>{debug}</script>"


# Each chart draws itself with the vega-embed already on the page (the website's own copy,
# or the inline copy of a live notebook's first chart). Unlike Altair's HTML template it
# has no loader with CDN addresses to fall back on, not even an unused one: if the
# libraries are missing, the chart says so instead of fetching them from another host.
_EMBED = """<style>
  #%(id)s.vega-embed { width: 100%%; display: flex; }
  #%(id)s.vega-embed details, #%(id)s.vega-embed details summary { position: relative; }
</style>
<div id="%(id)s"></div>
<script type="text/javascript">
(function (spec, embedOpt, versions) {
  var output = document.getElementById(%(id_json)s);
  var loaded = (typeof VEGA_DEBUG == "undefined") ? {} : VEGA_DEBUG;
  var missing = Object.keys(versions).filter(function (key) {
    return loaded[key] !== versions[key];
  });
  if (typeof vegaEmbed !== "function" || missing.length) {
    output.textContent = "This chart needs the course's own copy of vega " +
      JSON.stringify(versions) + ". If you reloaded the page, run the chapter's first " +
      "cell again (it calls pl.charts.enable()), then this one; on your own computer, " +
      "run npm ci first. The course loads nothing from other sites.";
    return;
  }
  vegaEmbed(output, spec, embedOpt).catch(function (err) {
    output.textContent = "The chart could not be drawn: " + err.message;
  });
})(%(spec)s, %(options)s, %(versions)s);
</script>"""


def _script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element."""
    return json.dumps(value).replace("</", "<\\/")


def _renderer(spec: dict[str, Any], **metadata: Any) -> dict[str, str]:
    check_accessible(spec)
    if os.environ.get(BOOK_BUILD_ENV):
        # The website: drawn now, as SVG in the page (see _prerender).
        from ._prerender import prerender

        return {
            "text/html": prerender(spec, _stable_id(spec)),
            "text/plain": f"<chart: {_text_of(spec['title'])}>",
        }
    embed_options = {
        **EMBED_OPTIONS,
        **(metadata.pop("embed_options", None) or {}),
        "mode": "vega-lite",
    }
    spec = {key: value for key, value in spec.items() if key != "$schema"}  # mode says it
    versions = {
        "vega_version": alt.VEGA_VERSION,
        "vegalite_version": alt.VEGALITE_VERSION,
        "vegaembed_version": alt.VEGAEMBED_VERSION,
    }
    div = _stable_id(spec)
    html = _EMBED % {
        "id": div,
        "id_json": json.dumps(div),
        "spec": _script_json(spec),
        "options": _script_json(embed_options),
        "versions": _script_json(versions),
    }
    return {
        "text/html": _library_preamble() + html,
        "text/plain": f"<chart: {_text_of(spec['title'])}>",
    }


def enable() -> None:
    """Switch on the course theme and renderer for Altair charts in this session.

    The next chart drawn in a live notebook carries the chart libraries again (see
    :func:`_library_preamble`): a reader who reloaded the page, which drops them, gets
    working charts back by running the chapter's first cell again, without restarting
    the kernel.

    Examples
    --------
    >>> import policing_lab as pl
    >>> pl.charts.enable()
    """
    if THEME_NAME not in alt.theme.names():
        alt.theme.register(THEME_NAME, enable=False)(_theme)
    alt.theme.enable(THEME_NAME)
    alt.renderers.register(RENDERER_NAME, _renderer)
    alt.renderers.enable(RENDERER_NAME)
    global _libraries_sent
    _libraries_sent = False
