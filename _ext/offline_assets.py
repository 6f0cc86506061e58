"""Serve the course's browser libraries from the site itself, never from a CDN.

What this Sphinx extension does:

* checks, when the build starts, that the vega, vega-lite and vega-embed copies
  installed from the npm registry (``package.json`` / ``package-lock.json``, installed by
  ``npm ci``) are exactly the versions the installed Altair expects, and fails the build
  loudly when they drift;
* copies those libraries into ``_static/lib/`` of the built site (they are
  never committed to git, and they live outside the book's ``_static/`` folder because
  Jupyter Book 1 loads every ``*.js`` file it finds there on every page);
* checks that ``vl-convert``, which draws every chart when the book is built
  (``policing_lab/charts/_prerender.py``), bundles that same version of vega;
* adds the course's small chart script ``pl-charts.js`` (deferred) only to pages with a
  chart the reader can change; it loads the site's copy of vega when the reader reaches
  for such a chart (pointer, touch or keyboard). Pages with only fixed charts load no
  chart script at all, and no page loads vega-lite or vega-embed (they are used in
  JupyterLab only). No page names a CDN, not even as a fallback;
* offers the template filter ``drop_script`` that ``_templates/layout.html`` uses to
  leave out the theme's fontawesome.js (1.5 MB; the theme's CSS already draws the icons).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

VENDOR = "lib"  # folder under _static/ in the built site (the theme owns _static/vendor)

# npm packages whose versions must match the installed Altair (JupyterLab uses all three).
CHART_LIBS = ("vega", "vega-lite", "vega-embed")
# What the website serves: npm package -> (file inside the package, name in _static/lib/).
SITE_LIBS = {"vega": ("build/vega.min.js", "vega.min.js")}
# The course's own chart script, next to this file; copied to _static/lib/.
CHART_SCRIPT = Path(__file__).parent / "assets" / "pl-charts.js"
# Loaded only on pages whose HTML contains this marker: a chart with controls or hover.
CHART_MARKER = "data-signals="


def _node_modules(app: Sphinx) -> Path:
    path = Path(app.srcdir) / "node_modules"
    if not path.is_dir():
        raise ExtensionError(
            f"{path} is missing: the site serves its chart libraries itself. "
            "Run `npm ci` in the book folder (`make book` does this for you)."
        )
    return path


def _installed_version(node_modules: Path, package: str) -> str:
    manifest = node_modules / package / "package.json"
    if not manifest.is_file():
        raise ExtensionError(f"npm package {package!r} is not installed; run `npm ci`.")
    return json.loads(manifest.read_text(encoding="utf-8"))["version"]


def _matches(installed: str, expected: str) -> bool:
    """Altair states some versions as a major only ("6"), others exactly ("6.4.1")."""
    return installed == expected or installed.startswith(expected + ".")


def expected_versions() -> dict[str, str]:
    """The versions of the JavaScript libraries that the installed Altair expects."""
    import altair as alt

    return {
        "vega": alt.VEGA_VERSION,
        "vega-lite": alt.VEGALITE_VERSION,
        "vega-embed": alt.VEGAEMBED_VERSION,
    }


def check_versions(app: Sphinx) -> dict[str, str]:
    node_modules = _node_modules(app)
    expected = expected_versions()
    installed = {name: _installed_version(node_modules, name) for name in CHART_LIBS}
    drift = [
        f"{name}: npm has {installed[name]}, Altair expects {expected[name]}"
        for name in CHART_LIBS
        if not _matches(installed[name], expected[name])
    ]
    bundled = _vl_convert_vega()
    if not _matches(installed["vega"], bundled):
        drift.append(f"vl-convert draws charts with vega {bundled}, npm has {installed['vega']}")
    if drift:
        raise ExtensionError(
            "The chart libraries served by the site do not match the installed Altair ("
            + "; ".join(drift)
            + "). Update package.json and package-lock.json (or the Altair pin in "
            "requirements.txt) so that they agree, then run `npm ci`."
        )
    return installed


def _vl_convert_vega() -> str:
    """The vega version bundled by vl-convert, which draws the charts at build time."""
    import vl_convert

    return str(vl_convert.get_vega_version())


def _on_config_inited(app: Sphinx, config) -> None:
    # The notebooks' kernels inherit this: chart outputs then leave the libraries to the
    # page (policing_lab.charts.BOOK_BUILD_ENV) instead of carrying them inline.
    os.environ["POLICING_LAB_BOOK_BUILD"] = "1"


def _on_builder_inited(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    _add_template_filter(app)
    installed = check_versions(app)
    logger.info(
        "offline_assets: serving "
        + ", ".join(f"{name} {version}" for name, version in installed.items())
        + " from _static/lib/"
    )


_THEBE_CONFIG = re.compile(r'<script type="text/x-thebe-config">.*?</script>', re.DOTALL)


def _unused(js) -> bool:
    attributes = getattr(js, "attributes", {}) or {}
    return (
        "thebe" in str(js)
        or "THEBE" in str(attributes.get("body", ""))
        or attributes.get("type") == "application/vnd.jupyter.widget-state+json"
    )


def _drop_unused_scripts(context: dict) -> None:
    """Remove scripts the static site never uses.

    * sphinx-thebe's scripts, which Jupyter Book 1 adds even with Thebe off: they name a
      CDN (unpkg) in every page and, written twice by sphinx-thebe 0.3.1, raise
      "Identifier 'THEBE_JS_URL' has already been declared". The course does not use
      Thebe: live code runs on Binder, from the launch button.
    * the ipywidgets state that myst-nb embeds after executing a notebook with widgets:
      the site shows each widget's static twin instead (policing_lab.widgets), so the
      state would be dead weight.
    """
    # Edit the lists in place: Sphinx's add_js_file() appends to these same objects.
    context["script_files"][:] = [js for js in context.get("script_files", []) if not _unused(js)]
    context["css_files"][:] = [c for c in context.get("css_files", []) if "thebe" not in str(c)]
    if "body" in context:
        context["body"] = _THEBE_CONFIG.sub("", context["body"])


def _on_page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    _drop_unused_scripts(context)
    body = context.get("body", "")
    if CHART_MARKER not in body:
        return
    # Deferred: the text and the pre-drawn charts paint before the script runs; it
    # fetches vega itself, and only when the reader reaches for a chart that can change.
    app.add_js_file(f"{VENDOR}/{CHART_SCRIPT.name}", priority=800, loading_method="defer")


def drop_script(html: str, name: str) -> str:
    """Template filter: remove every ``<script ... src="...name...">`` tag from ``html``."""
    from markupsafe import Markup

    pattern = r'<script[^>]*src="[^"]*' + re.escape(name) + r'[^"]*"[^>]*>\s*</script>'
    return Markup(re.sub(pattern, "", str(html)))


def _add_template_filter(app: Sphinx) -> None:
    templates = getattr(app.builder, "templates", None)
    if templates is not None and hasattr(templates, "environment"):
        templates.environment.filters["drop_script"] = drop_script


def _on_build_finished(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    node_modules = _node_modules(app)
    out = Path(app.outdir) / "_static" / VENDOR
    out.mkdir(parents=True, exist_ok=True)
    for package, (source, target) in SITE_LIBS.items():
        shutil.copyfile(node_modules / package / source, out / target)
    shutil.copyfile(CHART_SCRIPT, out / CHART_SCRIPT.name)


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _on_config_inited)
    app.connect("builder-inited", _on_builder_inited)
    app.connect("html-page-context", _on_page_context, priority=900)
    app.connect("build-finished", _on_build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
