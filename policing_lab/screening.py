"""Rare events, many alarms: base rates, false positives and facial recognition in a crowd.

A screening system looks at many people (or places) to find a few *targets*: people on a
police watchlist, a place where an incident will be recorded. Whether its alerts are worth
acting on depends less on how "accurate" it is than on how rare the targets are. With a
share ``base_rate`` of targets among the people screened, a true positive rate ``tpr``
(share of targets flagged) and a false positive rate ``fpr`` (share of everyone else
flagged), the share of alerts that point at a real target is the **positive predictive
value**::

    PPV = base_rate * tpr / (base_rate * tpr + (1 - base_rate) * fpr)

With one target in 10,000 people, a system that flags 99% of targets and only 1% of
everyone else gives fewer than one correct alert in a hundred.

What is here
------------
ppv, npv
    The closed forms, vectorised over NumPy arrays (for charts over a grid of values).
expected_counts, simulate_screening
    The four outcomes (true/false positives/negatives) for a screened population: their
    expected values, or one random draw that adds up exactly to the population.
confusion_counts, threshold_table, per_people
    The same four counts for a scored population cut at one threshold (scikit-learn's
    ``confusion_matrix``), or at a grid of thresholds (one row per threshold, for a slider);
    a threshold table's counts per 10,000 people (or any number).
crowd_screening
    Live facial recognition in a crowd: correct and false alerts per group of people when
    the false-match rate differs between groups by a fixed *ratio*. The fixed ratio is an
    assumption of the model, not a property of real systems.
crowd_screening_at_threshold
    The same crowd when every group's false-match rate follows from its own distribution
    of match scores and one shared threshold: the ratio between groups then changes with
    the threshold, as the National Physical Laboratory found [npl2023].
DEPLOYMENTS, deployment_table
    Documented figures from real deployments, stored as raw counts; the table computes
    the share of alerts that were correct from those counts.

Scope
-----
A stylised toy. The crowd, the watchlist and the groups are synthetic and abstract
(group "A", "B", ...); the default rates are illustrative, chosen so that the arithmetic
is visible, and are not measured values of any real system. Where a default stands for a
documented pattern, the source is named (bibliography keys in brackets). NIST's
demographic study [nist8280] reports *ratios* between groups' false-match rates, which is
how group differences enter :func:`crowd_screening`; no absolute rate here is NIST's.
NIST's 10-to-100-fold range is for one-to-one verification (is this the person on the ID
card?), not for the one-to-many search of a crowd against a watchlist; for one-to-many
search NIST reports elevated false positives for African-American women. Holding a ratio
fixed at every setting is the model's assumption: in the National Physical Laboratory's
test of live facial recognition for the Metropolitan Police and South Wales Police
[npl2023], the demographic gap in false matches was statistically significant at lower
thresholds and not at the strictest one tested (:func:`crowd_screening_at_threshold` lets
the ratio move). The numbers in :data:`DEPLOYMENTS` and the ``NPL_*`` and ``MET_*``
constants are the documented figures, copied from the sources, not simulated.
"""

from __future__ import annotations

import numbers
import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ._validation import (
    check_array,
    check_binary,
    check_bool,
    check_column,
    check_frame,
    check_int,
    check_number,
    check_probability,
    check_rng,
)

__all__ = [
    "CROWD_SIZE",
    "WATCHLIST_SHARE",
    "TRUE_MATCH_RATE",
    "FALSE_MATCH_RATE",
    "FALSE_MATCH_RATIO_RANGE",
    "FALSE_MATCH_RATIO_WOMEN",
    "NPL_STRICT_THRESHOLD",
    "NPL_LOWER_THRESHOLDS",
    "NPL_TRUE_POSITIVE_RATE",
    "NPL_FALSE_ALERTS_PER_FACE",
    "NPL_WATCHLIST_IMAGES",
    "MET_FALSE_ALERT_RATE",
    "OUTCOMES",
    "CROWD_COLUMNS",
    "Deployment",
    "DEPLOYMENTS",
    "ppv",
    "npv",
    "expected_counts",
    "simulate_screening",
    "confusion_counts",
    "threshold_table",
    "per_people",
    "crowd_screening",
    "crowd_screening_at_threshold",
    "IMPOSTOR_MEAN",
    "IMPOSTOR_SD",
    "GENUINE_MEAN",
    "GENUINE_SD",
    "deployment_table",
]

#: Default size of the crowd screened by :func:`crowd_screening`: about 170,000 people,
#: the number in Cardiff for the 2017 Champions League final, when South Wales Police
#: screened faces with live facial recognition (South Wales Police figures, reported
#: [swp2018]). Not everyone in the city passed a camera: a round size, not a count.
CROWD_SIZE = 170_000

#: Default share of the crowd that is on the watchlist: one person in 10,000. Illustrative:
#: a watchlist of people sought by police is a tiny share of any crowd, which is what
#: makes most alerts false. Not a measured value.
WATCHLIST_SHARE = 1e-4

#: Default true-match rate: the chance that a person on the watchlist who passes the
#: camera is flagged (90%). Illustrative, not a measured value of any system.
TRUE_MATCH_RATE = 0.9

#: Default false-match rate of the reference group: the chance that a person who is *not*
#: on the watchlist is flagged as someone on it (1 in 1,000). Illustrative, not a measured
#: value and not a NIST figure; other groups' rates are set relative to it by a ratio.
FALSE_MATCH_RATE = 1e-3

#: Range of false-match ratios reported by NIST FRVT Part 3 for Asian and African-American
#: faces compared with white faces in *one-to-one verification* (one face against one
#: claimed identity): 10 to 100 times higher, depending on the algorithm; some algorithms
#: developed in Asia showed no Asian/white gap [nist8280]. A crowd searched against a
#: watchlist is *one-to-many* search, where NIST reports elevated false positives for
#: African-American women but not this range: as ``false_match_ratio`` values in
#: :func:`crowd_screening` they are an illustrative order of magnitude, held fixed by
#: assumption, not a measured property of crowd search.
FALSE_MATCH_RATIO_RANGE = (10.0, 100.0)

#: Range of false-match ratios for women compared with men reported by NIST FRVT Part 3,
#: also for one-to-one verification: 2 to 5 times higher, depending on the algorithm
#: [nist8280].
FALSE_MATCH_RATIO_WOMEN = (2.0, 5.0)

#: The UK National Physical Laboratory's 2023 test of NEC NeoFace V4 live facial
#: recognition, for the Metropolitan Police and South Wales Police [npl2023]: at
#: the face-match threshold 0.6, a true-positive identification rate of 89% and no
#: statistically significant demographic difference; at the lower thresholds 0.58 and
#: 0.56, more false positives and a statistically significant imbalance (more Black
#: subjects falsely matched); at 0.6, about 1 false alert in 6,000 faces with a watchlist
#: of 10,000 images. The thresholds are on NeoFace's own score scale.
NPL_STRICT_THRESHOLD = 0.6
NPL_LOWER_THRESHOLDS = (0.58, 0.56)
NPL_TRUE_POSITIVE_RATE = 0.89
NPL_FALSE_ALERTS_PER_FACE = 1 / 6_000
NPL_WATCHLIST_IMAGES = 10_000

#: The Metropolitan Police's own figure for its live facial recognition trials: a false
#: alert for about 1 in 1,000 faces processed [sky2019]. A false-positive rate (false
#: alerts over all faces scanned), not the share of alerts that are wrong: the Essex review
#: of the same trials counted 8 of 42 matches verified correct [fussey2019], a PPV.
MET_FALSE_ALERT_RATE = 1 / 1_000

#: Illustrative score distributions of :func:`crowd_screening_at_threshold`, on a 0-to-1
#: similarity scale: the mean and standard deviation of the score of a face *not* on the
#: watchlist (an impostor), and of a person on it (a genuine match). Chosen so that the
#: toy's numbers are easy to read; not the scores of any real system.
IMPOSTOR_MEAN = 0.36
IMPOSTOR_SD = 0.065
GENUINE_MEAN = 0.72
GENUINE_SD = 0.1

#: The four outcomes of screening, in the order used by :func:`expected_counts` and
#: :func:`simulate_screening`.
OUTCOMES = ("true_positives", "false_positives", "false_negatives", "true_negatives")

#: Columns of :func:`crowd_screening`, in order.
CROWD_COLUMNS = (
    "group",
    "crowd_share",
    "people",
    "on_watchlist",
    "false_match_ratio",
    "false_match_rate",
    "correct_alerts",
    "false_alerts",
    "alerts",
    "share_of_alerts_false",
    "false_alerts_per_correct_alert",
    "false_alerts_per_10k_screened",
)

_MAX_PEOPLE = 10**12  # people in one screened population (keeps the draws in int64)
_MAX_GROUPS = len(string.ascii_uppercase)  # groups are labelled "A" .. "Z" by default
_SHARE_TOLERANCE = 1e-6  # how far group shares may sum from 1
_TOTAL = "total"  # name of the total row of crowd_screening


# --------------------------------------------------------------------------------------
# validation helpers private to this module
# --------------------------------------------------------------------------------------
def _probability_arrays(**values: Any) -> tuple[list[np.ndarray], bool]:
    """Check probabilities given as numbers or arrays (any shape) that broadcast together.

    Returns the values as float arrays and whether every one of them was a scalar.
    """
    arrays = []
    all_scalar = True
    for name, value in values.items():
        if isinstance(value, (numbers.Real, np.bool_)):
            arrays.append(np.asarray(check_probability(value, name)))
            continue
        all_scalar = False
        try:
            ndim = np.ndim(value)
        except Exception:  # ragged lists: let check_array word the message
            ndim = 1
        arrays.append(check_array(value, name, low=0, high=1, ndim=ndim))
    try:
        np.broadcast_shapes(*(a.shape for a in arrays))
    except ValueError:
        names = ", ".join(values)
        shapes = ", ".join(str(a.shape) for a in arrays)
        raise ValueError(
            f"{names} must have shapes that broadcast together; got {shapes}"
        ) from None
    return arrays, all_scalar


def _as_result(values: np.ndarray, scalar: bool) -> float | np.ndarray:
    return float(values) if scalar or values.ndim == 0 else values


def _labels(y_true: Any) -> np.ndarray:
    """Check binary labels (0/1 or True/False) and return them as int8."""
    return check_binary(y_true, "y_true")


def _scored_people(y_true: Any, y_score: Any) -> tuple[np.ndarray, np.ndarray]:
    labels = _labels(y_true)
    scores = check_array(y_score, "y_score", length=labels.size)  # finite numbers
    return labels, scores


def _rates(tp: Any, fp: Any, fn: Any, tn: Any) -> dict[str, Any]:
    """TPR, FPR and PPV from counts; NaN where the denominator is 0."""
    tp, fp, fn, tn = (np.asarray(x, dtype=float) for x in (tp, fp, fn, tn))
    with np.errstate(divide="ignore", invalid="ignore"):
        return {
            "tpr": np.where(tp + fn > 0, tp / (tp + fn), np.nan),
            "fpr": np.where(fp + tn > 0, fp / (fp + tn), np.nan),
            "ppv": np.where(tp + fp > 0, tp / (tp + fp), np.nan),
        }


# --------------------------------------------------------------------------------------
# closed forms
# --------------------------------------------------------------------------------------
def ppv(base_rate: Any, tpr: Any, fpr: Any) -> float | np.ndarray:
    """Positive predictive value: the share of alerts that point at a real target.

    ``PPV = base_rate * tpr / (base_rate * tpr + (1 - base_rate) * fpr)``: of all the
    people flagged, the share who really are targets. It is undefined when nobody is
    flagged (``base_rate * tpr + (1 - base_rate) * fpr == 0``); the value is then NaN.

    Parameters
    ----------
    base_rate : float or array of float
        Share of the people screened who really are targets, in [0, 1].
    tpr : float or array of float
        True positive rate (sensitivity): the share of targets flagged, in [0, 1].
    fpr : float or array of float
        False positive rate: the share of everyone else flagged, in [0, 1].

    The three inputs broadcast against each other as NumPy arrays do, so a grid of base
    rates against a grid of false positive rates is one call.

    Returns
    -------
    float or numpy.ndarray
        A float when all three inputs are numbers, otherwise an array of the broadcast
        shape. NaN where nobody is flagged.

    Examples
    --------
    The "99% accurate" test for something one person in 10,000 has:

    >>> round(ppv(1 / 10_000, 0.99, 0.01), 4)
    0.0098
    >>> ppv([0.001, 0.01, 0.1], 0.99, 0.01).round(3)
    array([0.09 , 0.5  , 0.917])
    """
    (pi, sens, fall_out), scalar = _probability_arrays(base_rate=base_rate, tpr=tpr, fpr=fpr)
    correct_alerts = pi * sens  # expected correct alerts per person screened
    false_alerts = (1.0 - pi) * fall_out  # expected false alerts per person screened
    # Written as 1 / (1 + false / true) rather than true / (true + false): each step is a
    # monotone floating-point operation, so the computed PPV keeps the exact monotonicity
    # of the formula (never decreasing in base_rate, never increasing in fpr). 0 / 0 gives
    # NaN (nobody flagged); x / 0 gives inf, hence PPV 0 (only false alerts).
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        value = 1.0 / (1.0 + false_alerts / correct_alerts)
    return _as_result(value, scalar)


def npv(base_rate: Any, tpr: Any, fpr: Any) -> float | np.ndarray:
    """Negative predictive value: the share of people *not* flagged who are not targets.

    ``NPV = (1 - base_rate) * (1 - fpr) / ((1 - base_rate) * (1 - fpr) + base_rate *
    (1 - tpr))``. NaN when everybody is flagged (the denominator is 0).

    Parameters
    ----------
    base_rate, tpr, fpr : float or array of float
        As in :func:`ppv`, each in [0, 1]; they broadcast against each other.

    Returns
    -------
    float or numpy.ndarray
        A float when all three inputs are numbers, otherwise an array.

    Examples
    --------
    >>> round(npv(1 / 10_000, 0.99, 0.01), 7)
    0.999999
    """
    (pi, sens, fall_out), scalar = _probability_arrays(base_rate=base_rate, tpr=tpr, fpr=fpr)
    true_clear = (1.0 - pi) * (1.0 - fall_out)  # non-targets not flagged
    missed = pi * (1.0 - sens)  # targets not flagged
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        value = 1.0 / (1.0 + missed / true_clear)
    return _as_result(value, scalar)


# --------------------------------------------------------------------------------------
# counts for a screened population
# --------------------------------------------------------------------------------------
def _screening_inputs(
    population: Any, base_rate: Any, tpr: Any, fpr: Any
) -> tuple[int, float, float, float]:
    return (
        check_int(population, "population", low=0, high=_MAX_PEOPLE),
        check_probability(base_rate, "base_rate"),
        check_probability(tpr, "tpr"),
        check_probability(fpr, "fpr"),
    )


def expected_counts(population: int, base_rate: float, tpr: float, fpr: float) -> dict[str, float]:
    """Expected numbers of true/false positives and negatives when screening a population.

    Parameters
    ----------
    population : int
        Number of people screened, from 0 to 10**12.
    base_rate : float
        Share of them who really are targets, in [0, 1].
    tpr : float
        True positive rate: share of targets flagged, in [0, 1].
    fpr : float
        False positive rate: share of everyone else flagged, in [0, 1].

    Returns
    -------
    dict of str to float
        The keys of :data:`OUTCOMES`, whose values add up to ``population``:

        ``true_positives``
            Targets flagged (correct alerts).
        ``false_positives``
            Other people flagged (false alerts).
        ``false_negatives``
            Targets missed.
        ``true_negatives``
            Other people, correctly not flagged.

    Examples
    --------
    >>> counts = expected_counts(1_000_000, 1 / 10_000, 0.99, 0.01)
    >>> round(counts["true_positives"]), round(counts["false_positives"])
    (99, 9999)
    """
    population, base_rate, tpr, fpr = _screening_inputs(population, base_rate, tpr, fpr)
    # Each count is a product of shares (1 - p is exact for p near 1), not a difference of
    # counts: population - targets would lose the few non-targets of a base rate near 1.
    targets = population * base_rate
    others = population * (1 - base_rate)
    return {
        "true_positives": targets * tpr,
        "false_positives": others * fpr,
        "false_negatives": targets * (1 - tpr),
        "true_negatives": others * (1 - fpr),
    }


def simulate_screening(
    population: int,
    base_rate: float,
    tpr: float,
    fpr: float,
    *,
    seed: int | None = None,
    rng: np.random.Generator | None = None,
) -> dict[str, int]:
    """One random screening: who is a target, who is flagged; counts add up exactly.

    The number of targets is Binomial(population, base_rate); each target is flagged with
    probability ``tpr`` and each other person with probability ``fpr``, independently.

    Parameters
    ----------
    population, base_rate, tpr, fpr
        As in :func:`expected_counts`.
    seed : int, optional
        Seed for the random numbers (>= 0): the same seed gives the same counts.
    rng : numpy.random.Generator, optional
        A generator to use instead of ``seed`` (give at most one of the two).

    Returns
    -------
    dict of str to int
        The keys of :data:`OUTCOMES` (see :func:`expected_counts`), whole numbers that add
        up exactly to ``population``.

    Examples
    --------
    >>> counts = simulate_screening(1_000_000, 1 / 10_000, 0.99, 0.01, seed=1)
    >>> sum(counts.values())
    1000000
    >>> counts["false_positives"] > 50 * counts["true_positives"]
    True
    """
    population, base_rate, tpr, fpr = _screening_inputs(population, base_rate, tpr, fpr)
    generator = check_rng(seed, rng)
    targets = int(generator.binomial(population, base_rate))
    others = population - targets
    true_positives = int(generator.binomial(targets, tpr))
    false_positives = int(generator.binomial(others, fpr))
    return {
        "true_positives": true_positives,
        "false_positives": false_positives,
        "false_negatives": targets - true_positives,
        "true_negatives": others - false_positives,
    }


# --------------------------------------------------------------------------------------
# scored people cut at a threshold
# --------------------------------------------------------------------------------------
def confusion_counts(y_true: Any, y_score: Any, threshold: float) -> dict[str, float]:
    """Counts and rates when everyone with ``y_score >= threshold`` is flagged.

    The counts come from scikit-learn's :func:`sklearn.metrics.confusion_matrix`.

    Parameters
    ----------
    y_true : array of 0/1 or bool, length n
        Whether each person really is a target (1 / True). At least one person.
    y_score : array of float, length n
        Each person's risk score (any finite numbers; higher means more suspect).
    threshold : float
        Finite number: people with ``y_score >= threshold`` are flagged.

    Returns
    -------
    dict
        ``threshold``; the counts ``tp`` (targets flagged), ``fp`` (others flagged),
        ``fn`` (targets missed), ``tn`` (others not flagged) and ``alerts`` (``tp + fp``),
        as ints; the rates ``tpr = tp / (tp + fn)``, ``fpr = fp / (fp + tn)`` and
        ``ppv = tp / alerts``, as floats (NaN where the denominator is 0).

    Examples
    --------
    >>> out = confusion_counts([1, 0, 0, 1, 0], [0.9, 0.8, 0.1, 0.3, 0.7], threshold=0.5)
    >>> out["tp"], out["fp"], out["fn"], out["tn"], round(out["ppv"], 3)
    (1, 2, 1, 1, 0.333)
    """
    from sklearn.metrics import confusion_matrix  # imported on first use: it is slow to load

    labels, scores = _scored_people(y_true, y_score)
    threshold = check_number(threshold, "threshold")
    flagged = (scores >= threshold).astype(np.int8)
    (tn, fp), (fn, tp) = confusion_matrix(labels, flagged, labels=[0, 1])
    tp, fp, fn, tn = int(tp), int(fp), int(fn), int(tn)
    rates = _rates(tp, fp, fn, tn)
    return {
        "threshold": threshold,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "alerts": tp + fp,
        **{name: float(value) for name, value in rates.items()},
    }


def threshold_table(y_true: Any, y_score: Any, thresholds: Any) -> pd.DataFrame:
    """One row per threshold: the counts and rates of :func:`confusion_counts`.

    Made for a slider in a static chart: compute the table once over a grid of
    thresholds, and let the slider pick the row. All thresholds are handled at once (the
    scores of targets and of other people are sorted once and each threshold is located
    by binary search), so 100,000 people and 101 thresholds take milliseconds; every row
    equals what :func:`confusion_counts` gives for that threshold.

    Parameters
    ----------
    y_true : array of 0/1 or bool, length n
        Whether each person really is a target. At least one person.
    y_score : array of float, length n
        Each person's risk score (finite numbers).
    thresholds : array of float
        One or more finite thresholds, in any order; people with ``y_score >= t`` are
        flagged at threshold ``t``.

    Returns
    -------
    pandas.DataFrame
        One row per threshold, in the order given, with the columns ``threshold``,
        ``tp``, ``fp``, ``fn``, ``tn``, ``alerts`` (int64) and ``tpr``, ``fpr``, ``ppv``
        (float, NaN where undefined), as described in :func:`confusion_counts`.

    Examples
    --------
    >>> table = threshold_table([1, 0, 0, 1, 0], [0.9, 0.8, 0.1, 0.3, 0.7], [0.0, 0.5, 1.0])
    >>> table[["threshold", "tp", "fp", "alerts", "ppv"]].round(3)
       threshold  tp  fp  alerts    ppv
    0        0.0   2   3       5  0.400
    1        0.5   1   2       3  0.333
    2        1.0   0   0       0    NaN
    """
    labels, scores = _scored_people(y_true, y_score)
    thresholds = check_array(thresholds, "thresholds", min_length=1)  # finite numbers
    target_scores = np.sort(scores[labels == 1])
    other_scores = np.sort(scores[labels == 0])
    # people with score >= t: everyone to the right of t's left insertion point
    tp = target_scores.size - np.searchsorted(target_scores, thresholds, side="left")
    fp = other_scores.size - np.searchsorted(other_scores, thresholds, side="left")
    fn = target_scores.size - tp
    tn = other_scores.size - fp
    table = pd.DataFrame(
        {
            "threshold": thresholds,
            "tp": tp.astype(np.int64),
            "fp": fp.astype(np.int64),
            "fn": fn.astype(np.int64),
            "tn": tn.astype(np.int64),
            "alerts": (tp + fp).astype(np.int64),
        }
    )
    for name, value in _rates(tp, fp, fn, tn).items():
        table[name] = value
    return table


_COUNT_COLUMNS = ("tp", "fp", "fn", "tn", "alerts")


def per_people(table: pd.DataFrame, people: int = 10_000) -> pd.DataFrame:
    """A threshold table's counts for a population of ``people`` instead of its own.

    Every count (``tp``, ``fp``, ``fn``, ``tn``, ``alerts``) is divided by the number of
    people the table counts (``tp + fp + fn + tn``) and multiplied by ``people``, so the
    counts read "per 10,000 people screened"; the rates do not change.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`threshold_table` (at least the count columns), one row per
        threshold, every row counting the same people (at least one).
    people : int, default 10,000
        The population to scale to, from 1 to 10**12.

    Returns
    -------
    pandas.DataFrame
        A copy of ``table`` with float counts per ``people``.

    Examples
    --------
    >>> table = threshold_table([1, 0, 0, 1, 0], [0.9, 0.8, 0.1, 0.3, 0.7], [0.5])
    >>> per_people(table, 100)[["tp", "fp", "alerts"]].to_numpy().tolist()
    [[20.0, 40.0, 60.0]]
    """
    check_frame(table, "table", _COUNT_COLUMNS)
    people = check_int(people, "people", low=1, high=_MAX_PEOPLE)
    counts = {c: check_column(table, "table", c, low=0) for c in _COUNT_COLUMNS}
    screened = counts["tp"] + counts["fp"] + counts["fn"] + counts["tn"]
    if screened.min() <= 0 or not np.all(screened == screened[0]):
        raise ValueError("every row of table must count the same people (tp + fp + fn + tn > 0)")
    out = table.copy()
    for column, values in counts.items():
        out[column] = values / screened * people
    return out


# --------------------------------------------------------------------------------------
# facial recognition in a crowd
# --------------------------------------------------------------------------------------
def _group_values(value: Any, name: str, names: list[str] | None, **limits: Any):
    """Names and values of a per-group parameter given as a mapping or a sequence."""
    if isinstance(value, Mapping):
        keys = [str(k) for k in value]
        if len(set(keys)) != len(keys):
            raise ValueError(f"{name} must not repeat a group name")
        if names is not None and set(keys) != set(names):
            raise ValueError(
                f"{name} must name the same groups as group_shares ({', '.join(names)}); "
                f"got {', '.join(keys)}"
            )
        raw = dict(zip(keys, value.values(), strict=True))
        ordered = names if names is not None else keys
        values = [raw[k] for k in ordered]
        arr = check_array(values, name, length=len(ordered), **limits)
        return ordered, arr
    if isinstance(value, (str, bytes)):
        raise ValueError(f"{name} must be a sequence or a mapping of numbers; got {value!r}")
    length = len(names) if names is not None else None
    arr = check_array(value, name, length=length, **limits)
    if names is None:
        if arr.size > _MAX_GROUPS:
            raise ValueError(f"{name} may have at most {_MAX_GROUPS} groups; got {arr.size}")
        names = list(string.ascii_uppercase[: arr.size])
    return names, arr


def _crowd_groups(group_shares: Any) -> tuple[list[str], np.ndarray]:
    """Names and shares of the groups of a crowd; one group "everyone" by default."""
    if group_shares is None:
        return ["everyone"], np.ones(1)
    names, shares = _group_values(group_shares, "group_shares", None, low=0, high=1, min_length=1)
    if abs(shares.sum() - 1.0) > _SHARE_TOLERANCE:
        total = float(shares.sum())
        raise ValueError(f"group_shares must sum to 1 (within {_SHARE_TOLERANCE:g}); got {total!r}")
    if _TOTAL in names:
        raise ValueError(f"group_shares may not name a group {_TOTAL!r} (the total row)")
    return names, shares


def crowd_screening(
    crowd_size: int = CROWD_SIZE,
    watchlist_share: float = WATCHLIST_SHARE,
    true_match_rate: float = TRUE_MATCH_RATE,
    false_match_rate: float = FALSE_MATCH_RATE,
    *,
    group_shares: Any = None,
    false_match_ratio: Any = None,
    simulate: bool = False,
    seed: int | None = None,
    rng: np.random.Generator | None = None,
) -> pd.DataFrame:
    """Live facial recognition in a crowd: correct and false alerts, per group of people.

    Every face in the crowd is compared with a watchlist. A person on the watchlist is
    flagged with probability ``true_match_rate`` (a correct alert); anyone else is flagged
    with their group's false-match rate (a false alert). Group differences are set as
    *ratios* of false-match rates relative to a reference group, the way NIST reports
    them for one-to-one verification: false positives 10 to 100 times higher for some
    demographic groups, depending on the algorithm, and 2 to 5 times higher for women
    [nist8280]. A crowd search is one-to-many, so these serve as an illustrative order of
    magnitude. The share of people on the watchlist is the same in every group.

    **Assumption:** the ratio is fixed. Lowering ``false_match_rate`` lowers every group's
    rate by the same factor, so the ratio between groups cannot change. A real system
    lowers its false-match rate by raising its match threshold, and then the ratio can
    change, or vanish: the National Physical Laboratory found a significant demographic
    difference at lower thresholds and none at the strictest it tested [npl2023]. See
    :func:`crowd_screening_at_threshold` for a model in which the ratio follows from the
    threshold.

    Parameters
    ----------
    crowd_size : int, default 170,000
        People screened, from 0 to 10**12. The default is the size of the Cardiff crowd
        at the 2017 Champions League final (South Wales Police figures, reported).
    watchlist_share : float, default 0.0001
        Share of the crowd on the watchlist, in [0, 1]. Illustrative: 1 in 10,000.
    true_match_rate : float, default 0.9
        Chance that a person on the watchlist is flagged, in [0, 1]. Illustrative.
    false_match_rate : float, default 0.001
        Chance that a person *not* on the watchlist is flagged, in the reference group
        (the group with ratio 1), in [0, 1]. Illustrative, not a NIST figure.
    group_shares : sequence or mapping of float, optional
        Share of the crowd in each group, each in [0, 1], summing to 1 (within 1e-6).
        A sequence names the groups "A", "B", ... (at most 26); a mapping gives
        the names (``{"A": 0.8, "B": 0.2}``). By default one group, ``"everyone"``.
    false_match_ratio : sequence or mapping of float, optional
        Each group's false-match rate divided by ``false_match_rate``, each > 0, in the
        order of ``group_shares`` (or as a mapping with the same names). Each group's
        rate ``false_match_rate * ratio`` must stay <= 1. By default 1 for every group.
        Needs ``group_shares``. See :data:`FALSE_MATCH_RATIO_RANGE` and
        :data:`FALSE_MATCH_RATIO_WOMEN` for the ratios NIST reports.
    simulate : bool, default False
        ``False``: expected values (deterministic, fractional). ``True``: one random
        draw, in whole people: group sizes are multinomial, the people on the watchlist
        and the alerts binomial.
    seed : int, optional
        Seed for the random draw (>= 0); only with ``simulate=True``. The same seed
        gives the same table.
    rng : numpy.random.Generator, optional
        A generator to use instead of ``seed`` (give at most one); only with
        ``simulate=True``.

    Returns
    -------
    pandas.DataFrame
        One row per group, then a row ``"total"`` for the whole crowd; the columns
        :data:`CROWD_COLUMNS`:

        ``group``
            Group name, or ``"total"``.
        ``crowd_share``
            The group's share of the crowd (parameter).
        ``people``
            People of the group screened.
        ``on_watchlist``
            Of them, people on the watchlist (the TRUE targets).
        ``false_match_ratio``
            The group's false-match rate relative to the reference group (parameter;
            for the total, the average over the crowd, weighted by ``crowd_share``).
        ``false_match_rate``
            The group's false-match rate (for the total, the same average).
        ``correct_alerts``
            People on the watchlist who were flagged.
        ``false_alerts``
            People not on the watchlist who were flagged.
        ``alerts``
            All alerts: ``correct_alerts + false_alerts``.
        ``share_of_alerts_false``
            ``false_alerts / alerts`` (NaN without alerts): 1 - PPV.
        ``false_alerts_per_correct_alert``
            ``false_alerts / correct_alerts`` (NaN without correct alerts).
        ``false_alerts_per_10k_screened``
            ``10,000 * false_alerts / people`` (NaN for a group with no people): how
            often an innocent person of this group is stopped.

    Examples
    --------
    >>> table = crowd_screening(group_shares={"A": 0.8, "B": 0.2},
    ...                         false_match_ratio={"A": 1, "B": 10})
    >>> columns = ["group", "correct_alerts", "false_alerts", "share_of_alerts_false"]
    >>> table[columns].round(2)
       group  correct_alerts  false_alerts  share_of_alerts_false
    0      A           12.24        135.99                   0.92
    1      B            3.06        339.97                   0.99
    2  total           15.30        475.95                   0.97
    >>> table["false_alerts_per_10k_screened"].round(1).tolist()
    [10.0, 100.0, 28.0]
    """
    crowd_size = check_int(crowd_size, "crowd_size", low=0, high=_MAX_PEOPLE)
    watchlist_share = check_probability(watchlist_share, "watchlist_share")
    true_match_rate = check_probability(true_match_rate, "true_match_rate")
    false_match_rate = check_probability(false_match_rate, "false_match_rate")
    simulate = check_bool(simulate, "simulate")
    if group_shares is None and false_match_ratio is not None:
        raise ValueError("false_match_ratio needs group_shares (the groups it refers to)")
    names, shares = _crowd_groups(group_shares)
    if false_match_ratio is None:
        ratios = np.ones(len(names))
    else:
        _, ratios = _group_values(
            false_match_ratio, "false_match_ratio", names, low=0, low_open=True
        )
    rates = false_match_rate * ratios
    if np.any(rates > 1.0):
        limit = 1.0 / false_match_rate
        raise ValueError(
            f"every element of false_match_ratio must be <= 1 / false_match_rate = {limit:g} "
            f"(a false-match rate above 1); found {float(ratios[rates > 1.0][0])!r}"
        )
    if not simulate and (seed is not None or rng is not None):
        raise ValueError("seed and rng are used only with simulate=True (a random draw)")
    generator = check_rng(seed, rng) if simulate else None
    return _crowd_table(
        names, shares, crowd_size, watchlist_share, true_match_rate, rates, ratios, generator
    )


def _per_group(value: Any, name: str, names: list[str], **limits: Any) -> np.ndarray:
    """A per-group parameter given as one number for every group, a sequence or a mapping."""
    if isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_)):
        return np.full(len(names), check_number(value, name, **limits))
    return _group_values(value, name, names, **limits)[1]


def crowd_screening_at_threshold(
    threshold: Any,
    crowd_size: int = CROWD_SIZE,
    watchlist_share: float = WATCHLIST_SHARE,
    *,
    group_shares: Any = None,
    impostor_mean: Any = IMPOSTOR_MEAN,
    impostor_sd: Any = IMPOSTOR_SD,
    genuine_mean: float = GENUINE_MEAN,
    genuine_sd: float = GENUINE_SD,
    simulate: bool = False,
    seed: int | None = None,
    rng: np.random.Generator | None = None,
) -> pd.DataFrame:
    """A crowd screened at a match-score threshold: each group's error rates follow from it.

    :func:`crowd_screening` *assumes* that one group's false-match rate is a fixed multiple
    of another's, whatever the system's setting. Here nothing is fixed in advance: the
    system gives every face a similarity score against the watchlist, and flags it when
    the score is at least ``threshold``, the same for everyone. A person who is not on the
    watchlist (an *impostor*, in the language of biometrics) gets a score drawn from their
    group's normal distribution ``Normal(impostor_mean, impostor_sd)``; a person on the
    watchlist (a *genuine* match) one from ``Normal(genuine_mean, genuine_sd)``, the same
    for every group. Each group's false-match rate is the share of its impostor scores at
    or above the threshold, so the ratio between groups' rates changes with the threshold:
    it can grow, shrink, vanish or reverse, depending on the shapes of the distributions.
    The UK National Physical Laboratory found a significant demographic difference in
    false matches at lower thresholds and none it could detect at the strictest one it
    tested [npl2023]; a fixed ratio cannot show that.

    The scores and their distributions are a stylised toy on a 0-to-1 scale, not the
    scores of any real system; the defaults are illustrative.

    Parameters
    ----------
    threshold : float or array of float
        Match-score threshold(s), each in [0, 1]: a face is flagged when its score is at
        least this. Several thresholds give one block of rows per threshold, in the order
        given.
    crowd_size : int, default 170,000
        People screened, from 0 to 10**12 (as in :func:`crowd_screening`).
    watchlist_share : float, default 0.0001
        Share of the crowd on the watchlist, in [0, 1]; the same in every group.
        Illustrative.
    group_shares : sequence or mapping of float, optional
        Share of the crowd in each group, as in :func:`crowd_screening`. By default one
        group, ``"everyone"``.
    impostor_mean : float, or sequence or mapping of float, default 0.36
        Mean score of a face *not* on the watchlist, each in [0, 1]: one number for
        every group, or one per group (in the order of ``group_shares``, or a mapping
        with the same names). Illustrative.
    impostor_sd : float, or sequence or mapping of float, default 0.065
        Standard deviation of those scores, each in (0, 1]. Illustrative.
    genuine_mean : float, default 0.72
        Mean score of a person on the watchlist, in [0, 1]. Illustrative.
    genuine_sd : float, default 0.1
        Standard deviation of those scores, in (0, 1]. Illustrative.
    simulate, seed, rng
        As in :func:`crowd_screening`: expected values by default, one random draw of
        whole people with ``simulate=True``.

    Returns
    -------
    pandas.DataFrame
        A column ``threshold``, then the columns :data:`CROWD_COLUMNS` of
        :func:`crowd_screening`, one row per group and a ``"total"`` row for every
        threshold. ``false_match_rate`` is each group's share of impostor scores at or
        above the threshold, and ``false_match_ratio`` that rate divided by the rate of
        the *first* group (NaN where the first group's rate is 0).

    Examples
    --------
    Two groups whose impostor scores differ: B's are higher on average but less spread.

    >>> table = crowd_screening_at_threshold(
    ...     [0.5, 0.62], group_shares={"A": 0.8, "B": 0.2},
    ...     impostor_mean={"A": 0.36, "B": 0.40}, impostor_sd={"A": 0.065, "B": 0.055})
    >>> table[table["group"] == "B"][["threshold", "false_match_ratio"]].round(2)
       threshold  false_match_ratio
    1       0.50               2.21
    4       0.62               1.00
    """
    from scipy.special import ndtr  # the normal distribution function, loaded on first use

    thresholds = np.atleast_1d(
        check_array(threshold, "threshold", low=0, high=1, ndim=np.ndim(threshold))
        if not isinstance(threshold, numbers.Real)
        else np.asarray(check_number(threshold, "threshold", low=0, high=1))
    )
    if thresholds.ndim != 1 or thresholds.size == 0:
        raise ValueError("threshold must be a number in [0, 1] or a 1-dimensional array of them")
    crowd_size = check_int(crowd_size, "crowd_size", low=0, high=_MAX_PEOPLE)
    watchlist_share = check_probability(watchlist_share, "watchlist_share")
    simulate = check_bool(simulate, "simulate")
    names, shares = _crowd_groups(group_shares)
    means = _per_group(impostor_mean, "impostor_mean", names, low=0, high=1)
    sds = _per_group(impostor_sd, "impostor_sd", names, low=0, high=1, low_open=True)
    genuine_mean = check_number(genuine_mean, "genuine_mean", low=0, high=1)
    genuine_sd = check_number(genuine_sd, "genuine_sd", low=0, high=1, low_open=True)
    if not simulate and (seed is not None or rng is not None):
        raise ValueError("seed and rng are used only with simulate=True (a random draw)")
    generator = check_rng(seed, rng) if simulate else None

    blocks = []
    for t in thresholds:
        # share of scores at or above t: the upper tail of each normal distribution
        rates = ndtr((means - t) / sds)
        true_match_rate = float(ndtr((genuine_mean - t) / genuine_sd))
        with np.errstate(divide="ignore", invalid="ignore"):
            ratios = rates / rates[0] if rates[0] > 0 else np.full(len(rates), np.nan)
        block = _crowd_table(
            names, shares, crowd_size, watchlist_share, true_match_rate, rates, ratios, generator
        )
        block.insert(0, "threshold", float(t))
        blocks.append(block)
    return pd.concat(blocks, ignore_index=True)


def _crowd_table(
    names: list[str],
    shares: np.ndarray,
    crowd_size: int,
    watchlist_share: float,
    true_match_rate: float,
    rates: np.ndarray,
    ratios: np.ndarray,
    generator: np.random.Generator | None,
) -> pd.DataFrame:
    """The table of :func:`crowd_screening` from checked inputs: one row per group, a total.

    ``rates`` are the groups' false-match rates and ``ratios`` the same rates relative to
    a reference group's (NaN where that rate is 0). ``generator`` None: expected values;
    else one random draw in whole people.
    """
    people: np.ndarray  # whole people in a random draw, expected (fractional) values else
    on_watchlist: np.ndarray
    correct_alerts: np.ndarray
    false_alerts: np.ndarray
    if generator is not None:
        people = generator.multinomial(crowd_size, shares / shares.sum()).astype(np.int64)
        on_watchlist = generator.binomial(people, watchlist_share).astype(np.int64)
        correct_alerts = generator.binomial(on_watchlist, true_match_rate).astype(np.int64)
        false_alerts = generator.binomial(people - on_watchlist, rates).astype(np.int64)
    else:
        people = crowd_size * shares
        on_watchlist = people * watchlist_share
        correct_alerts = on_watchlist * true_match_rate
        false_alerts = (people - on_watchlist) * rates

    # the crowd's average rate: every group has the same watchlist share, so the people
    # who can be falsely matched are spread over groups in proportion to the crowd shares
    mean_rate = float(np.average(rates, weights=shares))
    mean_ratio = float(np.average(ratios, weights=shares))
    frame = pd.DataFrame(
        {
            "group": [*names, _TOTAL],
            "crowd_share": np.append(shares, shares.sum()),
            "people": np.append(people, people.sum()),
            "on_watchlist": np.append(on_watchlist, on_watchlist.sum()),
            "false_match_ratio": np.append(ratios, mean_ratio),
            "false_match_rate": np.append(rates, mean_rate),
            "correct_alerts": np.append(correct_alerts, correct_alerts.sum()),
            "false_alerts": np.append(false_alerts, false_alerts.sum()),
        }
    )
    frame["alerts"] = frame["correct_alerts"] + frame["false_alerts"]
    alerts = frame["alerts"].to_numpy(dtype=float)
    correct = frame["correct_alerts"].to_numpy(dtype=float)
    false = frame["false_alerts"].to_numpy(dtype=float)
    screened = frame["people"].to_numpy(dtype=float)
    # A tiny but positive number of correct alerts (a base rate of 1e-300, say) gives a
    # ratio beyond the largest float: inf is then the honest answer, not a warning.
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        frame["share_of_alerts_false"] = np.where(alerts > 0, false / alerts, np.nan)
        frame["false_alerts_per_correct_alert"] = np.where(correct > 0, false / correct, np.nan)
        frame["false_alerts_per_10k_screened"] = np.where(
            screened > 0, 10_000 * false / screened, np.nan
        )
    return frame[list(CROWD_COLUMNS)]


# --------------------------------------------------------------------------------------
# documented deployments
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Deployment:
    """Documented figures of one real deployment, as raw counts from the source.

    Only the numbers the source gives are stored; :func:`deployment_table` computes the
    rest. ``correct`` or ``false`` may be missing (None) when the source gives the other;
    both may be missing when the source gives only a percentage
    (``reported_share_correct``). A deployment that gives neither is refused
    (``ValueError``), as are counts outside ``[0, flagged]`` or that do not add up.

    Attributes
    ----------
    name : str
        Short name of the deployment.
    system : str
        What kind of system it was.
    when : str
        When the figures were collected.
    unit : str
        What was counted as flagged ("matches", "alerts", "predictions").
    flagged : int
        How many were flagged.
    correct : int or None
        Of them, how many were correct (as the source defines it).
    false : int or None
        Of them, how many were false.
    reported_share_correct : float or None
        The share correct stated by the source as a percentage, stored (as a fraction in
        [0, 1]) only when the source gives no count of correct or false alerts.
    crowd : int or None
        Approximate number of people screened, where the source gives one.
    source : str
        Who published the figures.
    key : str or None
        Bibliography key in ``references.bib``; None when the course has no entry.
    note : str
        What "correct" means here, and caveats.
    """

    name: str
    system: str
    when: str
    unit: str
    flagged: int
    correct: int | None
    false: int | None
    reported_share_correct: float | None
    crowd: int | None
    source: str
    key: str | None
    note: str

    def __post_init__(self) -> None:
        check_int(self.flagged, "flagged", low=1)
        for name in ("correct", "false"):
            count = getattr(self, name)
            if count is not None:
                check_int(count, name, low=0, high=self.flagged)
        if self.correct is not None and self.false is not None:
            if self.correct + self.false != self.flagged:
                raise ValueError(
                    f"correct + false must equal flagged ({self.flagged}); got "
                    f"{self.correct} + {self.false}"
                )
        elif self.correct is None and self.false is None:
            if self.reported_share_correct is None:
                raise ValueError(
                    "reported_share_correct must be given when neither correct nor false is"
                )
            check_probability(self.reported_share_correct, "reported_share_correct")

    def outcome(self) -> tuple[int | None, int | None, float, float, str]:
        """``(correct, false, share_correct, share_false, computed_from)``.

        From the counts where the source gives one (the other is ``flagged`` minus it),
        else from the source's percentage (the counts are then None).
        """
        correct, false = self.correct, self.false
        if correct is None and false is not None:
            correct = self.flagged - false
        elif false is None and correct is not None:
            false = self.flagged - correct
        if correct is not None and false is not None:
            return correct, false, correct / self.flagged, false / self.flagged, "counts"
        share = self.reported_share_correct
        assert share is not None  # __post_init__ refuses a deployment without either
        return None, None, share, 1.0 - share, "reported percentage"


#: Documented figures from real deployments, as raw counts (see :func:`deployment_table`).
DEPLOYMENTS: tuple[Deployment, ...] = (
    Deployment(
        name="London Metropolitan Police live facial recognition trials",
        system="live facial recognition",
        when="trials reviewed in 2019",
        unit="matches",
        flagged=42,
        correct=8,
        false=None,
        reported_share_correct=None,
        crowd=None,
        source="Fussey & Murray, University of Essex independent review",
        key="fussey2019",
        note=(
            "correct = matches verified as correct; the other 34 were not verified correct "
            "(4 of them were never found in the crowd, so their match could not be checked)"
        ),
    ),
    Deployment(
        name="South Wales Police, Champions League final, Cardiff",
        system="live facial recognition",
        when="2017",
        unit="alerts",
        flagged=2_470,
        correct=None,
        false=2_297,
        reported_share_correct=None,
        crowd=170_000,
        source="South Wales Police figures, reported by Fortune",
        key="swp2018",
        note=(
            "about 170,000 people in the city; alerts went to an operator and officers "
            "decided whether to engage"
        ),
    ),
    Deployment(
        name="Geolitica (formerly PredPol) in Plainfield, New Jersey",
        system="place-based predictive policing",
        when="2018",
        unit="predictions",
        flagged=23_631,
        correct=None,
        false=None,
        reported_share_correct=0.0027,
        crowd=None,
        source="The Markup",
        key="markup2023",
        note=(
            "correct = the prediction matched a reported incident; the source's share "
            "(0.27%) is stored, not a count (robbery/aggravated assault 0.56%, burglary 0.11%)"
        ),
    ),
)


def deployment_table() -> pd.DataFrame:
    """The documented deployments, with the share of alerts correct computed from counts.

    Returns
    -------
    pandas.DataFrame
        One row per entry of :data:`DEPLOYMENTS`:

        ``name``, ``system``, ``when``, ``unit``, ``source``, ``key``, ``note``
            As in :class:`Deployment` (``key`` is None where the course has no entry).
        ``flagged``
            Matches, alerts or predictions (int).
        ``correct``, ``false``
            Counts; the one the source does not give is ``flagged`` minus the other.
            Missing (``<NA>``) when the source gives only a percentage.
        ``share_correct``, ``share_false``
            ``correct / flagged`` and ``false / flagged``; from the source's percentage
            where there is no count.
        ``computed_from``
            ``"counts"`` or ``"reported percentage"``.
        ``crowd``
            Approximate number of people screened (``<NA>`` where not documented).
        ``false_per_10k_screened``
            ``10,000 * false / crowd`` where both are known, else NaN.

    Examples
    --------
    >>> table = deployment_table()
    >>> table[["flagged", "correct", "false"]].iloc[:2].to_numpy().tolist()
    [[42, 8, 34], [2470, 173, 2297]]
    >>> table["share_false"].round(3).tolist()
    [0.81, 0.93, 0.997]
    """
    rows = []
    for d in DEPLOYMENTS:
        correct, false, share_correct, share_false, computed_from = d.outcome()
        rows.append(
            {
                "name": d.name,
                "system": d.system,
                "when": d.when,
                "unit": d.unit,
                "flagged": d.flagged,
                "correct": correct,
                "false": false,
                "share_correct": share_correct,
                "share_false": share_false,
                "computed_from": computed_from,
                "crowd": d.crowd,
                "false_per_10k_screened": (
                    10_000 * false / d.crowd if false is not None and d.crowd else np.nan
                ),
                "source": d.source,
                "key": d.key,
                "note": d.note,
            }
        )
    table = pd.DataFrame(rows)
    for column in ("flagged", "correct", "false", "crowd"):
        table[column] = table[column].astype("Int64")
    return table
