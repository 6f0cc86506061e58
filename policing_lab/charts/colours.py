"""Colours named by what they mean, so every chapter draws the same idea the same way.

All colours come from Okabe & Ito's palette, which readers with the common forms of
colour-vision deficiency can tell apart, plus two greys. Use the *meaning* (``TRUE``,
``RECORDED``, ``GROUP_B``, ``FALSE_POSITIVE`` ...) in chart code, never a palette index:
changing what "recorded" looks like is then a one-line change here.

>>> from policing_lab.charts import colours
>>> colours.scale({"true offences": colours.TRUE, "recorded incidents": colours.RECORDED}).domain
['true offences', 'recorded incidents']
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt

__all__ = [
    "OKABE_ITO",
    "TRUE",
    "RECORDED",
    "GROUP_A",
    "GROUP_B",
    "GROUP_COLOURS",
    "COMPARED_GROUPS",
    "TRUE_RECORDED_COLOURS",
    "LIGHT_PATROL",
    "HEAVY_PATROL",
    "TRUE_POSITIVE",
    "FALSE_POSITIVE",
    "FALSE_NEGATIVE",
    "TRUE_NEGATIVE",
    "CORRECT_ALERT",
    "FALSE_ALERT",
    "SIMULATION",
    "MODEL_ON_RECORDS",
    "MODEL_CORRECTED",
    "TRUE_SHARE",
    "REFERENCE",
    "NEUTRAL",
    "scale",
]

#: Okabe & Ito's palette for categorical data (blue, orange, bluish green, reddish purple,
#: sky blue, vermillion, yellow, black). The theme's default category colours.
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
)
_BLUE, _ORANGE, _GREEN, _PURPLE, _SKY, _VERMILLION, _YELLOW, _BLACK = OKABE_ITO

# --- the course's central contrast -----------------------------------------------------
#: What happens in the simulated world: true offences, true outcomes.
TRUE = _BLUE
#: What is written down: recorded incidents, recorded labels.
RECORDED = _VERMILLION
#: The same pair as a mapping (keys ``"true"`` and ``"recorded"``).
TRUE_RECORDED_COLOURS: dict[str, str] = {"true": TRUE, "recorded": RECORDED}

# --- the two abstract groups of the synthetic city -------------------------------------
GROUP_A = _BLUE
GROUP_B = _ORANGE
#: The same pair as a mapping (keys ``"A"`` and ``"B"``).
GROUP_COLOURS: dict[str, str] = {"A": GROUP_A, "B": GROUP_B}

# --- groups of a real data set ------------------------------------------------------
#: Colours of the groups a chart of real data compares (the COMPAS groups of chapter 5),
#: in the order the chart lists them. The first two are neither the synthetic groups'
#: colours (A blue, B orange) nor true/recorded (blue, vermillion): a real group must not
#: look like group A or B of the toy, or like "the truth". Bluish green and reddish purple
#: stay apart for the common colour-vision deficiencies; the charts also label or dash
#: each group, and the legend names it. A colour says nothing about a group.
COMPARED_GROUPS: tuple[str, ...] = (_GREEN, _PURPLE, _SKY, _BLACK, _YELLOW, _VERMILLION)

# --- patrols ---------------------------------------------------------------------------
LIGHT_PATROL = _SKY
HEAVY_PATROL = _VERMILLION

# --- screening outcomes (confusion matrix) ---------------------------------------------
TRUE_POSITIVE = _VERMILLION
FALSE_POSITIVE = _ORANGE
FALSE_NEGATIVE = _BLUE
TRUE_NEGATIVE = "#d9d9d9"
#: An alert that points at a real target (a true positive).
CORRECT_ALERT = TRUE_POSITIVE
#: An alert that points at the wrong person (a false positive).
FALSE_ALERT = FALSE_POSITIVE

# --- feedback loops --------------------------------------------------------------------
#: Individual simulated runs (many thin lines).
SIMULATION = _BLUE
#: A model that learns from all its own records (the loop).
MODEL_ON_RECORDS = _VERMILLION
#: A model with a correction (reports only, reweighted records).
MODEL_CORRECTED = _BLUE
#: Where a model that knew the true rates would settle: the true share of incidents, drawn
#: as a line next to simulated runs (``SIMULATION``) and theoretical limits
#: (``REFERENCE``), so it needs a colour of its own.
TRUE_SHARE = _GREEN

# --- guides ----------------------------------------------------------------------------
#: Reference lines and marks that are not data (a limit, a threshold).
REFERENCE = "#333333"
#: A neutral series shown for comparison (for instance true offences in a loop chart).
NEUTRAL = "#555555"


def scale(colours: Mapping[str, str]) -> alt.Scale:
    """An Altair colour scale from ``{category: colour}``, in the mapping's order.

    Parameters
    ----------
    colours
        Category labels mapped to colours (use the named colours of this module).
    """
    if not isinstance(colours, Mapping) or not colours:
        raise ValueError("colours must be a non-empty mapping of category -> colour")
    return alt.Scale(domain=list(colours), range=list(colours.values()))
