"""Charts for the course: accessible defaults, colours by meaning, and one builder per figure.

Call :func:`enable` once at the top of a notebook: it switches on the course theme and a
renderer that refuses any chart without a ``title`` and a ``description`` (the text a
screen reader announces). Every figure of a chapter is built by a named function of this
subpackage, tested on its own, so that a chapter's hidden cell is a call of a few lines.

Submodules
----------
colours
    Colours named by what they mean (``TRUE``, ``RECORDED``, ``GROUP_B`` ...).
controls
    Sliders and buttons that work on the static page (no kernel): :func:`slider`,
    :func:`radio`, :func:`pick`.
maps
    The synthetic city as a grid of neighbourhoods (:func:`city_map`), two maps side by
    side (:func:`~policing_lab.charts.maps.map_pair`) and flagged neighbourhoods
    (:func:`~policing_lab.charts.maps.flagged_pair`).
records
    Recorded incidents against true offences: the figures of chapters 0 and 2.
screening
    Chapter 3's figures: the icon array, PPV against the base rate, alerts by group.
feedback
    Chapter 4's figures: the urn explorer, patrol shares of the hot-spot loop.
monitoring
    Chapter 6's figures: flags per group of authors, the chilling toy, synthetic page
    views around an event.
fairness
    Chapter 5's figures: error rates and calibration by group (the COMPAS dispute), and
    the two-threshold figure of which fairness criteria a pair of thresholds meets.

Chart descriptions are written from the numbers the chart shows, by the builder, never
typed into a chapter: when the simulation changes, the text alternative changes with it.
Live ipywidgets twins of a static figure come from :func:`policing_lab.widgets.explorable`.
"""

# isort: off
from .. import _altair  # noqa: F401  first: it imports altair quickly (see _altair.py)

# isort: on
from . import colours, controls, fairness, feedback, maps, monitoring, records, screening
from ._render import BOOK_BUILD_ENV, EMBED_OPTIONS, check_accessible, enable, with_numbers
from .colours import GROUP_COLOURS, OKABE_ITO, TRUE_RECORDED_COLOURS
from .controls import pick, radio, slider
from .maps import city_map

__all__ = [
    "colours",
    "controls",
    "maps",
    "records",
    "screening",
    "feedback",
    "fairness",
    "monitoring",
    "enable",
    "check_accessible",
    "with_numbers",
    "BOOK_BUILD_ENV",
    "EMBED_OPTIONS",
    "OKABE_ITO",
    "GROUP_COLOURS",
    "TRUE_RECORDED_COLOURS",
    "slider",
    "radio",
    "pick",
    "city_map",
]
