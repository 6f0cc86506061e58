"""policing_lab: the lab kit of the course on the risks of predictive policing.

The course follows one synthetic city through every chapter. This package holds the code
that the chapters call, so that each chapter reads as a story and each idea is
implemented, tested and documented once.

The central idea
----------------
Police data record what police and residents *notice and write down*, not everything that
happens. The package keeps the two apart in every name it uses:

* **true offences**: what happens in the simulated world (knowable only in a simulation);
* **reported**: offences a victim or witness reported;
* **discovered**: offences police found themselves, which depends on where they patrol;
* **recorded incidents**: what ends up in the records (reported or discovered).

A model trained on recorded incidents learns where police look as well as where offences
happen. The chapters show how this gap, base rates, feedback loops and competing fairness
measures make predictive policing go wrong.

Modules
-------
city
    The synthetic city: neighbourhoods, true offending, reporting, patrols -> records.
people
    The people who live there: true reoffending, recorded arrests, risk models.
datasets
    The canonical datasets shipped in ``data/`` (load them, or regenerate them).
feedback
    Feedback loops: Ensign et al.'s urn, a hot-spot model retrained every day, corrections.
screening
    Base rates and false positives: alerts, PPV, facial recognition in a crowd.
monitoring
    Watching the public: flagging posts as screening, unequal false flags, chilling effects.
audit
    Accountability: disparities against a reference group, a survey check, an impact assessment.
fairness
    Fair by which measure? Group error rates, calibration, and why they cannot all agree.
charts
    Altair theme and chart builders with accessible defaults (title, description, colours).
widgets
    Live ipywidgets dashboards paired with static charts for the website.
checks
    Answer checks for exercises, with feedback.
tables
    Tables formatted for reading: rounded numbers, units in the headers, a caption.
quiz
    Self-check quizzes that run in the browser, with or without a kernel.

Scope
-----
Everything here is a stylised toy with synthetic data: it is not a model of any real
city, police force or group of people. Its defaults stand for patterns documented in the
sources cited in the course, never for measured values of a real place.

Randomness
----------
Every simulation takes ``seed`` (an integer) or ``rng`` (a ``numpy.random.Generator``):
the same seed gives the same numbers. Nothing uses NumPy's global random state.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .city import make_city, simulate_days, summarise
from .datasets import load_city, load_neighbourhood_days, load_people
from .people import make_people, score_people, train_risk_model

if TYPE_CHECKING:  # for type checkers and editors; at run time see __getattr__ below
    from . import (
        audit,
        charts,
        checks,
        fairness,
        feedback,
        monitoring,
        quiz,
        screening,
        tables,
        widgets,
    )

# Submodules imported on first use (``pl.charts``, ``pl.widgets`` ...), so that
# ``import policing_lab`` does not wait for Altair, ipywidgets or scikit-learn: a reader's
# first cell on Binder runs in well under two seconds. ``city``, ``datasets`` and
# ``people`` are imported above with the functions taken from them.
_LAZY_SUBMODULES = (
    "audit",
    "charts",
    "checks",
    "fairness",
    "feedback",
    "monitoring",
    "quiz",
    "screening",
    "tables",
    "widgets",
)


def __getattr__(name: str) -> Any:
    if name in _LAZY_SUBMODULES:
        module = importlib.import_module(f".{name}", __name__)
        globals()[name] = module  # later look-ups find it without coming here
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__version__ = "0.1.0"

__all__ = [
    # modules
    "audit",
    "charts",
    "checks",
    "city",
    "datasets",
    "fairness",
    "feedback",
    "monitoring",
    "people",
    "quiz",
    "screening",
    "tables",
    "widgets",
    # the synthetic world, used in every chapter
    "make_city",
    "simulate_days",
    "summarise",
    "make_people",
    "train_risk_model",
    "score_people",
    "load_city",
    "load_neighbourhood_days",
    "load_people",
    "__version__",
]
