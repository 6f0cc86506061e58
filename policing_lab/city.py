"""The synthetic city: true offending, reporting and patrols, and the records they leave.

The course's central lesson is the gap between what happens and what gets recorded. This
module builds that gap once, so that every chapter works with the same world.

The world
---------
The city is a grid of neighbourhoods (6 x 6 by default). Each neighbourhood has

* a **population** and the shares of two abstract groups, **A** and **B**; group B lives
  mostly on one side of town, so a map shows a "side of town";
* a **true offending rate** ``true_rate``: the expected number of true offences in the
  neighbourhood per day. By default it is proportional to the population and does **not**
  depend on group;
* a **reporting probability** ``reporting_prob``: the chance that the victim or a witness
  reports an offence to police (0.42 by default);
* a **patrol** intensity (relative, mean 1 over neighbourhoods). By default patrols are
  uneven and concentrated where group B lives;
* a **discovery probability** ``discovery_prob``: the chance that police find an offence
  themselves. It grows with patrol presence as ``1 - exp(-discovery_rate * patrol)``: each
  unit of patrol has the same chance to notice an offence, so doubling the patrol less
  than doubles discovery.
* an optional **deterrence** ``deterrence`` (0, off, by default): patrols lower true
  offending where they go, ``true_rate`` being multiplied by
  ``exp(-deterrence * (patrol - 1))`` (:func:`offending_factor`). Off, true offending does
  not respond to patrols at all, so moving patrols can only change the records.

Each day, each neighbourhood has a Poisson number of **true offences**. Each offence is
**reported** with probability ``reporting_prob`` and, independently, **discovered** with
probability ``discovery_prob``. It is **recorded** if it is reported or discovered (or
both), and counted once. Hence, in every neighbourhood and day::

    max(reported, discovered) <= recorded <= min(reported + discovered, true_offences)

Scope
-----
A stylised toy with synthetic data. It is not a model of any real city, police force or
group of people; the group labels A and B are abstract. The defaults stand for patterns
documented in the course's sources (bibliography keys in brackets), never for measured
values of a real place.

Main functions
--------------
make_city
    One row per neighbourhood: population, groups, true rate, reporting, patrol.
simulate_days
    One row per neighbourhood-day: true offences, reported, discovered, recorded.
simulate_counts
    The same as NumPy arrays, for many replicate cities at once.
summarise
    Totals per neighbourhood (or per side of town): true share vs recorded share.
with_patrol, with_patrol_ratio, with_reporting
    Scenarios: move patrols, make reporting equal or unequal between groups.
discovery_from_patrol
    The patrol -> discovery curve.
offending_factor
    The patrol -> true offending curve of the optional deterrence.

What the model leaves out
-------------------------
Deterrence is off by default, and when on it acts only where the patrol is: offending
does not move to other neighbourhoods (no displacement) and does not fall in the
neighbours (no diffusion of benefits). Reporting does not depend on patrols. Days are
independent draws with the same rates: no seasons, no trends, no offence that makes the
next one more likely.
"""

from __future__ import annotations

import dataclasses
import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._validation import (
    check_array,
    check_choice,
    check_int,
    check_number,
    check_probability,
    check_rng,
)
from ._validation import check_column as _column
from ._validation import check_frame as _check_frame

__all__ = [
    "CityParams",
    "city_params",
    "check_city",
    "REPORTING_PROB",
    "PATROL_RATIO",
    "DISCOVERY_RATE",
    "OFFENDING_RATE",
    "COUNT_COLUMNS",
    "make_city",
    "simulate_days",
    "simulate_counts",
    "summarise",
    "discovery_from_patrol",
    "offending_factor",
    "DETERRENCE",
    "DETERRENCE_EXAMPLE",
    "MAX_DETERRENCE",
    "recording_prob",
    "two_neighbourhoods",
    "with_patrol",
    "with_patrol_ratio",
    "with_reporting",
]

#: Default probability that an offence is reported to police by its victim or a witness.
#: Stands for the US National Crime Victimization Survey: 40-46% of violent victimizations
#: were reported to police in 2020-2022, 42% in 2022 [bjs2023].
REPORTING_PROB = 0.42

#: Default patrol ratio: a neighbourhood where everyone belongs to group B gets this many
#: times the patrol of one where everyone belongs to group A. Illustrative: it stands for
#: enforcement concentrated where minority groups live although offending is similar,
#: as documented for marijuana arrests (3.73 times the rate for Black people, similar use)
#: [aclu2013], for drug records in Oakland [lum2016], and for jurisdictions whose records
#: came from biased or unlawful policing [richardson2019]. Not calibrated to any place.
PATROL_RATIO = 3.0

#: Default discovery rate ``k`` in ``discovery_prob = 1 - exp(-k * patrol)``: with the
#: average patrol (1) police discover 1 - exp(-0.4) = 33% of offences themselves.
#: Illustrative; chosen so that discovery matters about as much as reporting.
DISCOVERY_RATE = 0.4

#: Default true offending rate: expected true offences per 1,000 residents per day.
#: Illustrative: a neighbourhood of 5,000 people has about 2 true offences a day, enough
#: to see both day-to-day noise and a clear pattern within one simulated year.
OFFENDING_RATE = 0.4

#: Default deterrence: 0, patrols do not change true offending (the course's baseline,
#: so that any difference in the records comes from recording). See :func:`offending_factor`.
DETERRENCE = 0.0

#: Largest deterrence accepted: at 2, a neighbourhood with twice the average patrol would
#: have 86% fewer true offences than one with the average, far beyond any effect reported
#: by evaluations of patrols; the bound keeps the toy in a sensible range.
MAX_DETERRENCE = 2

#: A deterrence for demonstrations, **illustrative**, not an estimate. The systematic
#: review of hot-spots policing by Braga et al. (65 studies, 78 tests) found a small,
#: statistically significant average reduction of crime where patrols concentrated, with
#: benefits diffusing to nearby areas more often than crime was displaced [braga2019]. The
#: value 0.05 gives an effect of that modest kind: in the hot-spot loop of chapter 4 a
#: flagged neighbourhood (patrol 3.46) has about 13% fewer true offences than it would
#: have unflagged (0.69), ``exp(-0.05 * (3.46 - 0.69)) = 0.87``.
DETERRENCE_EXAMPLE = 0.05

#: The count columns of :func:`simulate_days`, from the true world to the records.
COUNT_COLUMNS = ("true_offences", "reported", "discovered", "recorded")

_MAX_SIDE = 100  # neighbourhoods per grid side
_MAX_DAYS = 36_500  # a century of days
_MAX_RATE = 1_000.0  # true offences per neighbourhood-day (a safety bound)
_MAX_CELLS = 200_000_000  # replicates x days x neighbourhoods in one call (memory bound)
_GRID_LOGIT_NOISE = 0.3  # neighbourhood-level noise of the group share, on the logit scale


# --------------------------------------------------------------------------------------
# how a city was made
# --------------------------------------------------------------------------------------
#: Key of :class:`CityParams` in a city frame's ``DataFrame.attrs``.
PARAMS_KEY = "policing_lab.city"


@dataclasses.dataclass(frozen=True)
class CityParams:
    """How a city frame was made: the arguments of :func:`make_city` and later scenarios.

    A city frame carries its parameters in ``city.attrs`` (see :func:`city_params`), so
    that a scenario such as :func:`with_patrol` uses the city's own discovery rate rather
    than the default. Scenario functions return a frame whose parameters say what they
    changed: new reporting probabilities, or ``patrol_ratio=None`` once patrols are set
    by hand.
    """

    n_rows: int = 6
    n_cols: int = 6
    mean_population: float = 5_000
    population_spread: float = 0.25
    share_group_b: float = 0.35
    segregation: float = 5.0
    offending_rate: float = 0.4
    offending_ratio_group_b: float = 1.0
    reporting_prob_group_a: float = 0.42
    reporting_prob_group_b: float = 0.42
    #: ``None`` when patrols were set by a scenario (:func:`with_patrol`).
    patrol_ratio: float | None = 3.0
    discovery_rate: float = 0.4
    #: 0 (off) by default: see :func:`offending_factor`.
    deterrence: float = 0.0
    seed: int | None = None


def city_params(city: pd.DataFrame) -> CityParams:
    """The parameters a city frame was made with.

    Frames from :func:`make_city`, the scenario functions and
    :func:`policing_lab.datasets.load_city` carry them; for any other frame (built by hand,
    or read from a CSV file) this returns the defaults, ``CityParams()``.

    Examples
    --------
    >>> city_params(make_city(discovery_rate=1.0, seed=1)).discovery_rate
    1.0
    """
    if not isinstance(city, pd.DataFrame):
        raise ValueError(f"city must be a pandas DataFrame; got {type(city).__name__}")
    params = city.attrs.get(PARAMS_KEY)
    return params if isinstance(params, CityParams) else CityParams()


def _with_params(frame: pd.DataFrame, params: CityParams) -> pd.DataFrame:
    frame.attrs[PARAMS_KEY] = params
    return frame


def _discovery_rate_of(city: pd.DataFrame, discovery_rate: float | None) -> float:
    """The discovery rate to use: the one given, else the city's own."""
    if discovery_rate is None:
        return city_params(city).discovery_rate
    return check_number(discovery_rate, "discovery_rate", low=0, high=100)


def _check_deterrence(deterrence: Any) -> float:
    return check_number(deterrence, "deterrence", low=0, high=MAX_DETERRENCE)


def _deterrence_of(city: pd.DataFrame, deterrence: float | None) -> float:
    """The deterrence to use: the one given, else the city's own."""
    if deterrence is None:
        return city_params(city).deterrence
    return _check_deterrence(deterrence)


def _check_rates(true_rate: np.ndarray, name: str) -> np.ndarray:
    if true_rate.size and true_rate.max() > _MAX_RATE:
        raise ValueError(
            f"{name}: expected true offences per neighbourhood-day must be <= {_MAX_RATE:g}; "
            f"got up to {true_rate.max():.6g}"
        )
    return true_rate


#: Columns of a city frame and what every value must satisfy.
_CITY_COLUMNS: dict[str, dict[str, Any]] = {
    "neighbourhood": {"low": 0, "integer": True},
    "row": {"low": 0, "integer": True},
    "col": {"low": 0, "integer": True},
    "population": {"low": 0, "integer": True},
    "share_group_a": {"low": 0, "high": 1},
    "share_group_b": {"low": 0, "high": 1},
    "true_rate": {"low": 0, "high": 1_000.0},
    "reporting_prob": {"low": 0, "high": 1},
    "patrol": {"low": 0},
    "discovery_prob": {"low": 0, "high": 1},
}


def check_city(
    city: Any, columns: Sequence[str] = ("neighbourhood",), *, name: str = "city"
) -> dict[str, np.ndarray]:
    """Validate a city frame and return the requested columns as arrays.

    One validator for every function that takes a city: it checks that ``city`` is a
    non-empty frame with ``columns``, that each known column holds values in its range
    (probabilities in [0, 1], counts whole and >= 0 ...), that ``majority_group`` holds only
    ``"A"`` and ``"B"``, and that no neighbourhood repeats.

    Parameters
    ----------
    city : pandas.DataFrame
        One row per neighbourhood, such as the output of :func:`make_city`.
    columns : sequence of str
        The columns the caller needs.
    name : str, default "city"
        The parameter's name, used in error messages.

    Returns
    -------
    dict of str to numpy.ndarray
        Each requested column as an array (``majority_group`` as an object array).

    Examples
    --------
    >>> arrays = check_city(make_city(seed=1), ("neighbourhood", "patrol"))
    >>> arrays["patrol"].shape
    (36,)
    """
    columns = tuple(columns)
    _check_frame(city, name, columns)
    out: dict[str, np.ndarray] = {}
    for column in columns:
        if column == "majority_group":
            side = city[column]
            if isinstance(side, pd.DataFrame):
                raise ValueError(f"{name} has more than one column named 'majority_group'")
            values = side.to_numpy(dtype=object)
            if not np.isin(values, ["A", "B"]).all():
                raise ValueError(f"{name}['majority_group'] must hold only 'A' and 'B'")
            out[column] = values
        elif column in _CITY_COLUMNS:
            out[column] = _column(city, name, column, **_CITY_COLUMNS[column])
        else:
            out[column] = city[column].to_numpy()
    if "neighbourhood" in out and np.unique(out["neighbourhood"]).size != len(city):
        raise ValueError(f"{name}['neighbourhood'] must not repeat a neighbourhood")
    return out


# --------------------------------------------------------------------------------------
# the city
# --------------------------------------------------------------------------------------
def discovery_from_patrol(patrol: Any, *, discovery_rate: float = DISCOVERY_RATE) -> np.ndarray:
    """Probability that police discover an offence themselves, given the patrol intensity.

    ``discovery_prob = 1 - exp(-discovery_rate * patrol)``: every unit of patrol has the
    same independent chance to notice an offence, so discovery rises with patrols but
    saturates (it never exceeds 1), and no patrol means no discovery.

    Parameters
    ----------
    patrol : float or array of float
        Relative patrol intensity, >= 0 (1 is the city's average patrol).
    discovery_rate : float, default 0.4
        ``k`` above, >= 0, per unit of relative patrol (see :data:`DISCOVERY_RATE`).

    Returns
    -------
    numpy.ndarray
        Discovery probabilities in [0, 1], one per patrol value.

    Examples
    --------
    >>> discovery_from_patrol([0, 1, 2]).round(2)
    array([0.  , 0.33, 0.55])
    """
    if isinstance(patrol, numbers.Real) and not isinstance(patrol, (bool, np.bool_)):
        patrol = [patrol]
    patrol = check_array(patrol, "patrol", low=0)
    discovery_rate = check_number(discovery_rate, "discovery_rate", low=0)
    return -np.expm1(-discovery_rate * patrol)


def offending_factor(patrol: Any, *, deterrence: float = DETERRENCE) -> np.ndarray:
    """How patrols change true offending when the optional deterrence is on.

    A neighbourhood's expected true offences are multiplied by::

        offending_factor = exp(-deterrence * (patrol - 1))

    relative to what they would be under the city's average patrol (1). Each extra unit
    of patrol prevents the same *share* of the offending that remains, so patrols always
    lower offending but with diminishing returns, and offending never becomes negative.
    With ``deterrence = 0`` (the default) the factor is 1 whatever the patrol: true
    offending does not respond to patrols, as in the course's baseline.

    This is a modelling assumption, not a finding: the form is chosen for simplicity, the
    effect acts only where the patrol is (no displacement to, and no diffusion of benefits
    to, other neighbourhoods), and every value of ``deterrence`` is illustrative (see
    :data:`DETERRENCE_EXAMPLE`).

    Parameters
    ----------
    patrol : float or array of float
        Relative patrol intensity, >= 0 (1 is the city's average patrol).
    deterrence : float, default 0.0
        The deterrence, per unit of relative patrol, in [0, 2] (:data:`MAX_DETERRENCE`).

    Returns
    -------
    numpy.ndarray
        Factors > 0, one per patrol value: below 1 where the patrol is above average,
        above 1 where it is below (at most ``exp(deterrence)``, with no patrol).

    Examples
    --------
    >>> offending_factor([0.5, 1, 2])
    array([1., 1., 1.])
    >>> offending_factor([0.5, 1, 2], deterrence=0.05).round(3)
    array([1.025, 1.   , 0.951])
    """
    if isinstance(patrol, numbers.Real) and not isinstance(patrol, (bool, np.bool_)):
        patrol = [patrol]
    patrol = check_array(patrol, "patrol", low=0)
    deterrence = _check_deterrence(deterrence)
    if deterrence == 0:
        return np.ones(patrol.shape)
    return np.exp(-deterrence * (patrol - 1.0))


def recording_prob(reporting_prob: Any, discovery_prob: Any) -> float | np.ndarray:
    """Probability that an offence leaves a record: it is reported, discovered, or both.

    Reporting and discovery are independent, and an offence is counted once, so it goes
    unrecorded only if it is neither reported nor discovered::

        recording_prob = 1 - (1 - reporting_prob) * (1 - discovery_prob)

    This is the one place the course writes that formula; every chapter, check and
    simulation calls it.

    Parameters
    ----------
    reporting_prob : float or array of float
        Chance that the victim or a witness reports the offence, in [0, 1].
    discovery_prob : float or array of float
        Chance that police discover it themselves, in [0, 1] (see
        :func:`discovery_from_patrol`). Broadcasts against ``reporting_prob``.

    Returns
    -------
    float or numpy.ndarray
        A float when both inputs are numbers, else an array of the broadcast shape (at
        least one-dimensional).

    Examples
    --------
    >>> round(recording_prob(0.42, 0.30), 3)
    0.594
    >>> recording_prob(0.42, [0.05, 0.30]).round(3)
    array([0.449, 0.594])
    """
    scalar = all(
        isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_))
        for v in (reporting_prob, discovery_prob)
    )
    report = np.atleast_1d(np.asarray(reporting_prob))
    discover = np.atleast_1d(np.asarray(discovery_prob))
    report = check_array(report.ravel(), "reporting_prob", low=0, high=1).reshape(report.shape)
    discover = check_array(discover.ravel(), "discovery_prob", low=0, high=1).reshape(
        discover.shape
    )
    try:
        out = 1.0 - (1.0 - report) * (1.0 - discover)
    except ValueError:
        raise ValueError(
            "reporting_prob and discovery_prob must have shapes that broadcast together; "
            f"got {report.shape} and {discover.shape}"
        ) from None
    return float(out[0]) if scalar else out


def two_neighbourhoods(
    patrol_ratio: float, reporting_prob: float, *, discovery_rate: float = DISCOVERY_RATE
) -> pd.DataFrame:
    """Two neighbourhoods with equal true offending, one patrolled more: who gets the records?

    The smallest version of label bias. The patrol budget of the two is fixed (average
    patrol 1, as in the city); the heavily patrolled one gets ``patrol_ratio`` times the
    patrol of the other. Each offence is reported with ``reporting_prob`` wherever it
    happens and discovered with :func:`discovery_from_patrol`; it is recorded with
    :func:`recording_prob`.

    Parameters
    ----------
    patrol_ratio : float
        Patrol of the heavily patrolled neighbourhood relative to the other, >= 1 and at
        most 100 (1 = equal patrols).
    reporting_prob : float
        Chance that an offence is reported, in [0, 1], the same in both.
    discovery_rate : float, default 0.4
        ``k`` in ``1 - exp(-k * patrol)``, >= 0 and at most 100 (:data:`DISCOVERY_RATE`).

    Returns
    -------
    pandas.DataFrame
        Two rows indexed ``"light"`` and ``"heavy"``, with the columns ``patrol``,
        ``discovery_prob``, ``recording_prob`` (records per true offence),
        ``true_share`` (always 0.5) and ``recorded_share`` (share of the two
        neighbourhoods' records).

    Examples
    --------
    >>> pair = two_neighbourhoods(3, 0.42)
    >>> pair["patrol"].tolist()
    [0.5, 1.5]
    >>> round(float(pair.loc["heavy", "recorded_share"]), 3)
    0.565
    """
    patrol_ratio = check_number(patrol_ratio, "patrol_ratio", low=1, high=100)
    reporting_prob = check_probability(reporting_prob, "reporting_prob")
    discovery_rate = check_number(discovery_rate, "discovery_rate", low=0, high=100)
    patrol = np.array([2.0, 2.0 * patrol_ratio]) / (1.0 + patrol_ratio)
    discovery = discovery_from_patrol(patrol, discovery_rate=discovery_rate)
    recorded = np.asarray(recording_prob(np.full(2, reporting_prob), discovery))
    total = recorded.sum()
    shares = recorded / total if total > 0 else np.full(2, np.nan)
    return pd.DataFrame(
        {
            "patrol": patrol,
            "discovery_prob": discovery,
            "recording_prob": recorded,
            "true_share": [0.5, 0.5],
            "recorded_share": shares,
        },
        index=pd.Index(["light", "heavy"], name="neighbourhood"),
    )


def _share_b_on_grid(
    rows: np.ndarray,
    cols: np.ndarray,
    n_rows: int,
    n_cols: int,
    population: np.ndarray,
    mean_share: float,
    segregation: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """Group-B share per neighbourhood: a west-east gradient plus a little noise.

    On the logit scale the share rises by ``segregation`` from one side of town to the
    other; the intercept is then set (by bisection) so that the population-weighted share
    of group B in the whole city equals ``mean_share``.
    """
    x = cols / (n_cols - 1) if n_cols > 1 else np.full(cols.shape, 0.5)
    y = rows / (n_rows - 1) if n_rows > 1 else np.full(rows.shape, 0.5)
    position = 0.75 * x + 0.25 * y - 0.5  # in [-0.5, 0.5]; group B lives to the east
    noise = rng.normal(0.0, _GRID_LOGIT_NOISE, size=rows.size)
    if mean_share in (0.0, 1.0):
        return np.full(rows.size, mean_share)
    slope = segregation * position + noise
    weights = population / population.sum()

    def city_share(intercept: float) -> float:
        return float(weights @ (1.0 / (1.0 + np.exp(-(intercept + slope)))))

    low, high = -50.0, 50.0
    for _ in range(200):
        mid = 0.5 * (low + high)
        if city_share(mid) < mean_share:
            low = mid
        else:
            high = mid
    return 1.0 / (1.0 + np.exp(-(0.5 * (low + high) + slope)))


def make_city(
    *,
    n_rows: int = 6,
    n_cols: int = 6,
    mean_population: float = 5_000,
    population_spread: float = 0.25,
    share_group_b: float = 0.35,
    segregation: float = 5.0,
    offending_rate: float = OFFENDING_RATE,
    offending_ratio_group_b: float = 1.0,
    reporting_prob_group_a: float = REPORTING_PROB,
    reporting_prob_group_b: float = REPORTING_PROB,
    patrol_ratio: float = PATROL_RATIO,
    discovery_rate: float = DISCOVERY_RATE,
    deterrence: float = DETERRENCE,
    seed: int | None = None,
    rng: np.random.Generator | None = None,
) -> pd.DataFrame:
    """Build the synthetic city: one row per neighbourhood.

    Parameters
    ----------
    n_rows, n_cols : int, default 6 and 6
        Size of the grid of neighbourhoods, each from 1 to 100 (36 neighbourhoods by
        default).
    mean_population : float, default 5,000
        Average number of residents per neighbourhood, from 1 to 10 million.
    population_spread : float, default 0.25
        Spread of neighbourhood populations: the standard deviation of their logarithm,
        in [0, 2]. 0.25 gives moderately different sizes (most within +-50% of the mean).
    share_group_b : float, default 0.35
        Share of group B in the whole city (population-weighted), in [0, 1].
        The group labels are abstract.
    segregation : float, default 5.0
        How strongly group B lives on one side of town (east), >= 0, at most 20: the rise of
        the log-odds of the group-B share from the west edge to the east edge. 0 spreads
        the groups evenly (apart from a little noise); 5 gives group-B shares from a few
        per cent in the west to about 0.8 in the east, the residential clustering seen in
        many cities (stylised).
    offending_rate : float, default 0.4
        True offences per 1,000 residents of group A per day, >= 0, under the city's
        average patrol (see :data:`OFFENDING_RATE`; illustrative, not calibrated to a real
        place).
    offending_ratio_group_b : float, default 1.0
        True offending rate of group B relative to group A, >= 0. The default 1 means
        true offending does not depend on group: surveys find similar behaviour across
        groups where arrests differ, for instance drug use [aclu2013], [lum2016].
    reporting_prob_group_a, reporting_prob_group_b : float, default 0.42 and 0.42
        Probability that an offence against a resident of each group is reported to
        police, in [0, 1]. 0.42 is the share of US violent victimizations reported to
        police in 2022 (40-46% in 2020-2022) [bjs2023]; see :data:`REPORTING_PROB`.
    patrol_ratio : float, default 3.0
        Patrol intensity in an all-group-B neighbourhood relative to an all-group-A one,
        > 0 and at most 100 (1 = patrols spread evenly). Patrols are proportional to
        ``1 + (patrol_ratio - 1) * share_group_b`` and scaled to average 1. The default
        stands for enforcement concentrated where minority groups live [aclu2013],
        [lum2016], [richardson2019]; see :data:`PATROL_RATIO`.
    discovery_rate : float, default 0.4
        ``k`` in ``discovery_prob = 1 - exp(-k * patrol)``, >= 0 and at most 100; see
        :func:`discovery_from_patrol` and :data:`DISCOVERY_RATE`.
    deterrence : float, default 0.0
        How much patrols lower true offending where they go, in [0, 2] per unit of
        relative patrol: ``true_rate`` is multiplied by ``exp(-deterrence * (patrol -
        1))`` (:func:`offending_factor`). The default 0 turns it off: true offending does
        not respond to patrols, and the city is exactly the one made without this
        option. :data:`DETERRENCE_EXAMPLE` (0.05) is an illustrative small effect.
    seed : int, optional
        Seed for the random numbers (>= 0): the same seed gives the same city.
    rng : numpy.random.Generator, optional
        A generator to use instead of ``seed`` (give at most one of the two).

    Returns
    -------
    pandas.DataFrame
        One row per neighbourhood; its ``attrs`` remember the parameters
        (:func:`city_params`). The columns:

        ``neighbourhood``
            Index 0 .. n-1, numbered row by row (``row * n_cols + col``).
        ``name``
            Label for people: ``"N01"`` for neighbourhood 0, ``"N02"`` for 1, ...
        ``row``, ``col``
            Grid position; row 0 is the north (top) edge, col 0 the west (left) edge.
        ``population``
            Number of residents (int).
        ``share_group_a``, ``share_group_b``
            Shares of residents in group A and B (they add up to 1).
        ``majority_group``
            ``"A"`` or ``"B"``, whichever group is larger (``"A"`` on a tie): the two
            "sides of town".
        ``true_rate``
            TRUE: expected true offences in the neighbourhood per day (under its patrol,
            when ``deterrence`` is on).
        ``reporting_prob``
            Probability that an offence is reported (population mix of the two groups'
            reporting probabilities).
        ``patrol``
            Relative patrol intensity (mean 1 over neighbourhoods).
        ``discovery_prob``
            Probability that police discover an offence themselves.

    Examples
    --------
    >>> city = make_city(seed=1)
    >>> len(city)
    36
    >>> city.groupby("majority_group")["patrol"].mean().round(1)
    majority_group
    A    0.8
    B    1.4
    Name: patrol, dtype: float64
    """
    n_rows = check_int(n_rows, "n_rows", low=1, high=_MAX_SIDE)
    n_cols = check_int(n_cols, "n_cols", low=1, high=_MAX_SIDE)
    mean_population = check_number(mean_population, "mean_population", low=1, high=1e7)
    population_spread = check_number(population_spread, "population_spread", low=0, high=2)
    share_group_b = check_probability(share_group_b, "share_group_b")
    segregation = check_number(segregation, "segregation", low=0, high=20)
    offending_rate = check_number(offending_rate, "offending_rate", low=0)
    offending_ratio_group_b = check_number(
        offending_ratio_group_b, "offending_ratio_group_b", low=0
    )
    reporting_prob_group_a = check_probability(reporting_prob_group_a, "reporting_prob_group_a")
    reporting_prob_group_b = check_probability(reporting_prob_group_b, "reporting_prob_group_b")
    patrol_ratio = check_number(patrol_ratio, "patrol_ratio", low=0, high=100, low_open=True)
    discovery_rate = check_number(discovery_rate, "discovery_rate", low=0, high=100)
    deterrence = _check_deterrence(deterrence)
    generator = check_rng(seed, rng)

    n = n_rows * n_cols
    index = np.arange(n)
    rows, cols = np.divmod(index, n_cols)
    spread = generator.normal(0.0, population_spread, size=n)
    population = np.maximum(
        np.rint(mean_population * np.exp(spread - population_spread**2 / 2)), 1
    ).astype(np.int64)
    share_b = _share_b_on_grid(
        rows, cols, n_rows, n_cols, population, share_group_b, segregation, generator
    )
    share_a = 1.0 - share_b
    true_rate = population / 1_000 * offending_rate * (share_a + offending_ratio_group_b * share_b)
    raw_patrol = 1.0 + (patrol_ratio - 1.0) * share_b
    patrol = raw_patrol / raw_patrol.mean()
    if deterrence > 0:
        true_rate = true_rate * offending_factor(patrol, deterrence=deterrence)
    _check_rates(true_rate, "offending_rate * mean_population is too large")
    width = max(2, len(str(n)))
    params = CityParams(
        n_rows=n_rows,
        n_cols=n_cols,
        mean_population=mean_population,
        population_spread=population_spread,
        share_group_b=share_group_b,
        segregation=segregation,
        offending_rate=offending_rate,
        offending_ratio_group_b=offending_ratio_group_b,
        reporting_prob_group_a=reporting_prob_group_a,
        reporting_prob_group_b=reporting_prob_group_b,
        patrol_ratio=patrol_ratio,
        discovery_rate=discovery_rate,
        deterrence=deterrence,
        seed=seed,
    )
    frame = pd.DataFrame(
        {
            "neighbourhood": index,
            "name": [f"N{i + 1:0{width}d}" for i in index],
            "row": rows,
            "col": cols,
            "population": population,
            "share_group_a": share_a,
            "share_group_b": share_b,
            "majority_group": np.where(share_b > 0.5, "B", "A"),
            "true_rate": true_rate,
            "reporting_prob": share_a * reporting_prob_group_a + share_b * reporting_prob_group_b,
            "patrol": patrol,
            "discovery_prob": discovery_from_patrol(patrol, discovery_rate=discovery_rate),
        }
    )
    return _with_params(frame, params)


# --------------------------------------------------------------------------------------
# scenarios
# --------------------------------------------------------------------------------------
def with_patrol(
    city: pd.DataFrame, patrol: Any, *, discovery_rate: float | None = None
) -> pd.DataFrame:
    """Return a copy of ``city`` with new patrols (and the discovery they imply).

    Parameters
    ----------
    city : pandas.DataFrame
        A city frame such as the output of :func:`make_city`.
    patrol : array of float
        New relative patrol intensity per neighbourhood (>= 0), in the row order of
        ``city``. Not rescaled: a total above ``len(city)`` means more patrols overall.
    discovery_rate : float, optional
        ``k`` in ``discovery_prob = 1 - exp(-k * patrol)`` (>= 0, at most 100). By default
        the city's own (:func:`city_params`), so a city made with another discovery rate
        keeps it.

    Returns
    -------
    pandas.DataFrame
        The same frame with the ``patrol`` and ``discovery_prob`` columns replaced; its
        parameters record the discovery rate used and ``patrol_ratio=None``. If the city
        was made with a deterrence (:func:`city_params`), ``true_rate`` changes too: it
        is multiplied by ``exp(-deterrence * (new patrol - old patrol))``
        (:func:`offending_factor`), so that more patrol means fewer true offences there.
        With no deterrence (the default) ``true_rate`` is unchanged.

    Examples
    --------
    >>> city = make_city(seed=1)
    >>> even = with_patrol(city, [1.0] * len(city))
    >>> even["discovery_prob"].nunique()
    1
    """
    check_city(city)
    patrol = check_array(patrol, "patrol", low=0, length=len(city))
    rate = _discovery_rate_of(city, discovery_rate)
    deterrence = city_params(city).deterrence
    out = city.copy()
    if deterrence > 0:
        old = check_city(city, ("true_rate", "patrol"))
        out["true_rate"] = _check_rates(
            old["true_rate"]
            * offending_factor(patrol, deterrence=deterrence)
            / offending_factor(old["patrol"], deterrence=deterrence),
            "patrol",
        )
    out["patrol"] = patrol
    out["discovery_prob"] = discovery_from_patrol(patrol, discovery_rate=rate)
    params = dataclasses.replace(city_params(city), patrol_ratio=None, discovery_rate=rate)
    return _with_params(out, params)


def with_patrol_ratio(
    city: pd.DataFrame, ratio_b_to_a: float, *, discovery_rate: float | None = None
) -> pd.DataFrame:
    """Return a copy of ``city`` with patrols split between the two sides of town.

    Every neighbourhood where group B is the majority gets ``ratio_b_to_a`` times the
    patrol of every neighbourhood where group A is the majority. The total patrol stays
    the same (mean 1 over neighbourhoods): patrols are moved, not added.

    Parameters
    ----------
    city : pandas.DataFrame
        A city frame with a ``majority_group`` column (``"A"``/``"B"``), such as the
        output of :func:`make_city`.
    ratio_b_to_a : float
        Patrol on the group-B side relative to the group-A side, > 0 and at most 100
        (1 = equal patrols everywhere).
    discovery_rate : float, optional
        ``k`` in ``discovery_prob = 1 - exp(-k * patrol)`` (>= 0, at most 100); by default
        the city's own.

    Returns
    -------
    pandas.DataFrame
        The same frame with the ``patrol`` and ``discovery_prob`` columns replaced.

    Examples
    --------
    >>> city = make_city(seed=1)
    >>> equal = with_patrol_ratio(city, 1.0)
    >>> sorted(set(equal["patrol"]))
    [1.0]
    """
    side = check_city(city, ("majority_group",))["majority_group"]
    ratio_b_to_a = check_number(ratio_b_to_a, "ratio_b_to_a", low=0, high=100, low_open=True)
    raw = np.where(side == "B", ratio_b_to_a, 1.0)
    return with_patrol(city, raw / raw.mean(), discovery_rate=discovery_rate)


def with_reporting(
    city: pd.DataFrame,
    *,
    reporting_prob_group_a: float = REPORTING_PROB,
    reporting_prob_group_b: float = REPORTING_PROB,
) -> pd.DataFrame:
    """Return a copy of ``city`` with new reporting probabilities for the two groups.

    A neighbourhood's ``reporting_prob`` becomes the mix of the two groups' probabilities
    in proportion to its residents. Use equal values for the "equal reporting" scenario,
    unequal ones (for instance lower reporting where trust in police is low) for the
    "unequal reporting" scenario, and 0 for both for offences that no victim reports
    (such as drug possession), where every record comes from discovery.

    Parameters
    ----------
    city : pandas.DataFrame
        A city frame with a ``share_group_b`` column, such as the output of
        :func:`make_city`.
    reporting_prob_group_a, reporting_prob_group_b : float, default 0.42 and 0.42
        Probability that an offence against a resident of each group is reported, in
        [0, 1] (0.42: US violent victimizations in 2022 [bjs2023]).

    Returns
    -------
    pandas.DataFrame
        The same frame with the ``reporting_prob`` column replaced (and its parameters
        updated).

    Examples
    --------
    >>> city = make_city(seed=1)
    >>> no_victim = with_reporting(city, reporting_prob_group_a=0, reporting_prob_group_b=0)
    >>> float(no_victim["reporting_prob"].max())
    0.0
    """
    share_b = check_city(city, ("share_group_b",))["share_group_b"]
    reporting_prob_group_a = check_probability(reporting_prob_group_a, "reporting_prob_group_a")
    reporting_prob_group_b = check_probability(reporting_prob_group_b, "reporting_prob_group_b")
    out = city.copy()
    out["reporting_prob"] = (
        1 - share_b
    ) * reporting_prob_group_a + share_b * reporting_prob_group_b
    params = dataclasses.replace(
        city_params(city),
        reporting_prob_group_a=reporting_prob_group_a,
        reporting_prob_group_b=reporting_prob_group_b,
    )
    return _with_params(out, params)


# --------------------------------------------------------------------------------------
# simulation
# --------------------------------------------------------------------------------------
_BLOCK_CELLS = 1 << 20  # neighbourhood-days drawn at once: bounds the int64 temporaries


def simulate_counts(
    true_rate: Any,
    reporting_prob: Any,
    discovery_prob: Any,
    *,
    days: int = 365,
    n_replicates: int = 1,
    seed: int | None = None,
    rng: np.random.Generator | None = None,
) -> dict[str, np.ndarray]:
    """Simulate true and recorded counts for many replicate cities at once.

    Each offence is reported with probability ``reporting_prob`` and, independently,
    discovered with probability ``discovery_prob``. The four kinds of offence (reported
    and discovered, reported only, discovered only, neither) are then independent
    Poisson counts ("Poisson thinning"), which is how they are drawn, with NumPy's
    ``Generator.poisson``, a block of neighbourhood-days at a time.

    Parameters
    ----------
    true_rate : array of float, length n
        TRUE: expected true offences per neighbourhood per day, in [0, 1000].
    reporting_prob : array of float, length n
        Probability that an offence is reported, in [0, 1].
    discovery_prob : array of float, length n
        Probability that police discover an offence themselves, in [0, 1].
    days : int, default 365
        Number of simulated days, from 1 to 36,500.
    n_replicates : int, default 1
        Number of independent replicate cities (>= 1). ``n_replicates * days * n`` may
        not exceed 200 million (memory).
    seed : int, optional
        Seed for the random numbers (>= 0): the same seed gives the same counts.
    rng : numpy.random.Generator, optional
        A generator to use instead of ``seed`` (give at most one of the two).

    Returns
    -------
    dict of str to numpy.ndarray
        ``"true_offences"``, ``"reported"``, ``"discovered"``, ``"recorded"``: int32
        arrays of shape ``(n_replicates, days, n)``.

    Examples
    --------
    >>> counts = simulate_counts([2.0, 2.0], [0.42, 0.42], [0.2, 0.6],
    ...                          days=365, n_replicates=100, seed=1)
    >>> counts["recorded"].shape
    (100, 365, 2)
    >>> bool(counts["recorded"][..., 1].mean() > counts["recorded"][..., 0].mean())
    True
    """
    true_rate = check_array(true_rate, "true_rate", low=0, high=_MAX_RATE, min_length=1)
    n = true_rate.size
    reporting_prob = check_array(reporting_prob, "reporting_prob", low=0, high=1, length=n)
    discovery_prob = check_array(discovery_prob, "discovery_prob", low=0, high=1, length=n)
    days = check_int(days, "days", low=1, high=_MAX_DAYS)
    n_replicates = check_int(n_replicates, "n_replicates", low=1)
    if n_replicates * days * n > _MAX_CELLS:
        raise ValueError(
            f"n_replicates * days * (number of neighbourhoods) must be <= {_MAX_CELLS:,}; "
            f"got {n_replicates} * {days} * {n} = {n_replicates * days * n:,}"
        )
    generator = check_rng(seed, rng)

    r, d = reporting_prob, discovery_prob
    # Poisson thinning: the four kinds of offence are independent Poisson counts.
    means = (
        true_rate * r * d,  # reported and discovered
        true_rate * r * (1 - d),  # reported only
        true_rate * (1 - r) * d,  # discovered only
        true_rate * (1 - r) * (1 - d),  # neither: never recorded
    )
    size = n_replicates * days
    out = {column: np.empty((size, n), dtype=np.int32) for column in COUNT_COLUMNS}
    step = max(1, _BLOCK_CELLS // n)
    for start in range(0, size, step):  # block by block, so memory stays within the bound
        rows = slice(start, min(start + step, size))
        shape = (rows.stop - rows.start, n)
        both, reported_only, discovered_only, neither = (
            generator.poisson(mean, size=shape) for mean in means
        )
        reported = both + reported_only
        recorded = reported + discovered_only
        out["reported"][rows] = reported
        out["discovered"][rows] = both + discovered_only
        out["recorded"][rows] = recorded
        out["true_offences"][rows] = recorded + neither
    return {column: counts.reshape(n_replicates, days, n) for column, counts in out.items()}


def simulate_days(
    city: pd.DataFrame,
    *,
    days: int = 365,
    seed: int | None = None,
    rng: np.random.Generator | None = None,
) -> pd.DataFrame:
    """Simulate the city day by day: true offences and the records they leave.

    Parameters
    ----------
    city : pandas.DataFrame
        One row per neighbourhood with the columns ``neighbourhood``, ``true_rate``,
        ``reporting_prob`` and ``discovery_prob`` (the output of
        :func:`make_city` or of a scenario such as :func:`with_patrol_ratio`; to simulate
        other patrols, make a scenario with :func:`with_patrol` first).
    days : int, default 365
        Number of simulated days, from 1 to 36,500.
    seed : int, optional
        Seed for the random numbers (>= 0): the same seed gives the same frame.
    rng : numpy.random.Generator, optional
        A generator to use instead of ``seed`` (give at most one of the two).

    Returns
    -------
    pandas.DataFrame
        One row per neighbourhood-day, ordered by day then neighbourhood:

        ``day``
            Day index 0 .. days-1.
        ``neighbourhood``
            Neighbourhood index, as in ``city``.
        ``true_offences``
            TRUE: offences that happened (known only in a simulation).
        ``reported``
            Offences reported to police by a victim or witness.
        ``discovered``
            Offences police discovered themselves on patrol.
        ``recorded``
            RECORDED incidents: offences reported or discovered, each counted once.

    Examples
    --------
    >>> city = make_city(seed=1)
    >>> days = simulate_days(city, days=30, seed=2)
    >>> list(days.columns)
    ['day', 'neighbourhood', 'true_offences', 'reported', 'discovered', 'recorded']
    >>> bool((days["recorded"] <= days["true_offences"]).all())
    True
    """
    arrays = check_city(city, ("neighbourhood", "true_rate", "reporting_prob", "discovery_prob"))
    days = check_int(days, "days", low=1, high=_MAX_DAYS)
    counts = simulate_counts(
        arrays["true_rate"],
        arrays["reporting_prob"],
        arrays["discovery_prob"],
        days=days,
        n_replicates=1,
        rng=check_rng(seed, rng),
    )
    n = arrays["neighbourhood"].size
    frame = {
        "day": np.repeat(np.arange(days, dtype=np.int64), n),
        "neighbourhood": np.tile(arrays["neighbourhood"], days),
    }
    for column in COUNT_COLUMNS:
        frame[column] = counts[column][0].ravel().astype(np.int64)
    return pd.DataFrame(frame)


def summarise(
    days_frame: pd.DataFrame, city: pd.DataFrame, *, by: str = "neighbourhood"
) -> pd.DataFrame:
    """Totals per neighbourhood (or per side of town): the true picture vs the records.

    Parameters
    ----------
    days_frame : pandas.DataFrame
        Counts per neighbourhood-day with the columns ``neighbourhood`` and
        ``true_offences``, ``reported``, ``discovered``, ``recorded`` (the output of
        :func:`simulate_days`).
    city : pandas.DataFrame
        The city that was simulated (the output of :func:`make_city`); it must hold every
        neighbourhood of ``days_frame`` and the columns ``neighbourhood``, ``name``,
        ``row``, ``col``, ``population``, ``share_group_b``, ``majority_group``,
        ``patrol``.
    by : {"neighbourhood", "majority_group"}, default "neighbourhood"
        One row per neighbourhood, or one row per side of town (neighbourhoods where group
        A or group B is the majority).

    Returns
    -------
    pandas.DataFrame
        With ``by="neighbourhood"``: ``neighbourhood``, ``name``, ``row``, ``col``,
        ``population``, ``share_group_b``, ``majority_group``, ``patrol``, then the
        measures below. With ``by="majority_group"``: ``majority_group``,
        ``neighbourhoods`` (how many), ``population``, ``share_group_b`` (of the
        residents), ``patrol`` (mean), then the measures below.

        ``true_offences``, ``reported``, ``discovered``, ``recorded``
            Totals over all simulated days.
        ``true_per_1000``, ``recorded_per_1000``
            True offences and recorded incidents per 1,000 residents over the period.
        ``records_per_true_offence``
            ``recorded / true_offences``: the share of true offences that left a record
            (NaN where there was no true offence).
        ``true_share``, ``recorded_share``
            Share of all true offences, and of all recorded incidents, in the city.
        ``overrepresentation``
            ``recorded_share / true_share``: above 1 where the records over-represent
            the place compared with what truly happened.

    Examples
    --------
    >>> city = make_city(seed=1)
    >>> summary = summarise(simulate_days(city, seed=2), city, by="majority_group")
    >>> list(summary["majority_group"])
    ['A', 'B']
    """
    _check_frame(days_frame, "days_frame", ("neighbourhood", *COUNT_COLUMNS))
    ids = _column(days_frame, "days_frame", "neighbourhood", low=0, integer=True)
    counts = {c: _column(days_frame, "days_frame", c, low=0, integer=True) for c in COUNT_COLUMNS}
    info_columns = ("name", "row", "col", "population", "share_group_b", "majority_group", "patrol")
    arrays = check_city(city, ("neighbourhood", *info_columns))
    city_ids = arrays["neighbourhood"]
    population = arrays["population"]
    unknown = np.setdiff1d(ids, city_ids)
    if unknown.size:
        raise ValueError(
            f"days_frame['neighbourhood'] must be neighbourhoods of city; {int(unknown[0])} is not"
        )
    by = check_choice(by, "by", ("neighbourhood", "majority_group"))

    per_place = pd.DataFrame({"neighbourhood": ids, **counts}).groupby("neighbourhood").sum()
    totals = per_place.reindex(city_ids, fill_value=0).astype(np.int64)
    base = pd.DataFrame(
        {
            "neighbourhood": city_ids,
            "name": city["name"].to_numpy(),
            "row": city["row"].to_numpy(),
            "col": city["col"].to_numpy(),
            "population": population,
            "share_group_b": city["share_group_b"].to_numpy(dtype=float),
            "majority_group": city["majority_group"].to_numpy(),
            "patrol": city["patrol"].to_numpy(dtype=float),
            **{c: totals[c].to_numpy() for c in COUNT_COLUMNS},
        }
    )
    if by == "neighbourhood":
        out = base
    else:
        out = (
            base.assign(group_b_residents=base["population"] * base["share_group_b"])
            .groupby("majority_group", sort=True)
            .agg(
                neighbourhoods=("neighbourhood", "size"),
                population=("population", "sum"),
                group_b_residents=("group_b_residents", "sum"),
                patrol=("patrol", "mean"),
                **{c: (c, "sum") for c in COUNT_COLUMNS},
            )
            .reset_index()
        )
        out.insert(3, "share_group_b", out.pop("group_b_residents") / out["population"])
    true, recorded, pop = (
        out[c].astype(float) for c in ("true_offences", "recorded", "population")
    )
    out["true_per_1000"] = (1_000 * true / pop).where(pop > 0)
    out["recorded_per_1000"] = (1_000 * recorded / pop).where(pop > 0)
    out["records_per_true_offence"] = (recorded / true).where(true > 0)
    out["true_share"] = true / true.sum()  # NaN everywhere when nothing happened
    out["recorded_share"] = recorded / recorded.sum()
    out["overrepresentation"] = (out["recorded_share"] / out["true_share"]).where(
        out["true_share"] > 0
    )
    return out
