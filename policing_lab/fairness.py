"""Fair by which measure? Group fairness metrics and the identity that makes them clash.

A risk tool flags people whose score is at or above a threshold. Whether it treats two
groups alike can be asked in several ways, each a comparison of one rate between groups:

* **selection rate**: the share of the group flagged (equal: "demographic parity");
* **false positive rate (FPR)**: the share of people *without* the outcome who are
  flagged anyway (ProPublica's measure of harm [angwin2016]);
* **false negative rate (FNR)**: the share of people *with* the outcome who are missed;
* **positive predictive value (PPV)**: the share of flagged people who do have the outcome
  (equal: "predictive parity", the vendor's measure [dieterich2016]);
* **calibration**: at each score, the same share with the outcome in every group.

For a group with base rate ``p`` (the share with the outcome), the four counts of its
confusion matrix tie three of these rates together [chouldechova2017]::

    FPR = p / (1 - p) * (1 - PPV) / PPV * (1 - FNR)

So when base rates differ, a tool with equal PPV in both groups cannot also have equal FPR
and equal FNR, unless it predicts perfectly; Kleinberg, Mullainathan and Raghavan prove the
same for calibration and balanced error rates [kleinberg2017].

What is here
------------
chouldechova_fpr
    The identity, vectorised over NumPy arrays.
group_threshold_table
    Weighted confusion counts and rates per group at a grid of thresholds (one row per
    group and threshold), for sliders and for the identity.
metric_frame, group_metrics
    The same rates for given decisions, computed with fairlearn's ``MetricFrame``.
calibration_by_group, auc_by_group
    The vendor's side of the 2016 dispute: the share with the outcome at each score, and
    the area under the ROC curve, per group.
confusion_rates, expand_counts, score_estimator
    Helpers: the rates of given confusion counts (such as a published table); one row
    per person from a count table; the score as an already-fitted scikit-learn
    estimator, for fairlearn's ``ThresholdOptimizer``.
criteria_check, two_threshold_grid, rules_satisfying
    Which fairness criteria hold, within a tolerance, for one threshold per group, and
    over every pair of thresholds in a grid (for a two-slider figure), with the accuracy
    each rule gives up.

In the course's world
---------------------
The outcome ``y_true`` is whatever the data record: for the synthetic people of
:mod:`policing_lab.people` it may be the TRUE outcome ``reoffends`` or the RECORDED
``rearrested``; for the real COMPAS table (:func:`policing_lab.datasets.load_compas_counts`)
it is a recorded re-arrest within two years, not offending. A count table is used through
``sample_weight`` (its ``people`` column): a weight is a number of people. The outcome
is 1 (has it) or 0; a person is flagged when ``y_score >= threshold``.

fairlearn is imported only inside :func:`metric_frame` and :func:`group_metrics`, and
scikit-learn only inside :func:`auc_by_group` and :func:`score_estimator`, so
``import policing_lab`` stays fast.
"""

from __future__ import annotations

import functools
import numbers
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._validation import check_array, check_binary, check_choice, check_frame, check_number

if TYPE_CHECKING:  # fairlearn is imported on first use, not with the package
    from fairlearn.metrics import MetricFrame

__all__ = [
    "CRITERIA",
    "RATE_COLUMNS",
    "TABLE_COLUMNS",
    "DEFAULT_TOLERANCE",
    "chouldechova_fpr",
    "confusion_rates",
    "expand_counts",
    "score_estimator",
    "group_threshold_table",
    "metric_frame",
    "group_metrics",
    "calibration_by_group",
    "auc_by_group",
    "criteria_check",
    "two_threshold_grid",
    "rules_satisfying",
]

#: The group fairness criteria compared by :func:`criteria_check` and
#: :func:`two_threshold_grid`: each name is the rate that must be equal between groups.
CRITERIA = ("selection_rate", "fpr", "fnr", "ppv")

#: Rates of :func:`group_threshold_table` and :func:`group_metrics`, in [0, 1].
RATE_COLUMNS = ("selection_rate", "tpr", "fpr", "fnr", "ppv", "accuracy", "base_rate")

#: Columns of :func:`group_threshold_table`, in order.
TABLE_COLUMNS = (
    "group",
    "threshold",
    "people",
    "positives",
    "negatives",
    "tp",
    "fp",
    "fn",
    "tn",
    "flagged",
    *RATE_COLUMNS,
)

#: Default tolerance of :func:`criteria_check`: two rates count as equal when they differ
#: by at most 0.02 (two percentage points). A choice of the course, not a legal standard.
DEFAULT_TOLERANCE = 0.02

_COUNTS = ("people", "positives", "negatives", "tp", "fp", "fn", "tn", "flagged")


# --------------------------------------------------------------------------------------
# input checks
# --------------------------------------------------------------------------------------
def _rate_input(value: Any, name: str, low_open: bool, high_open: bool) -> np.ndarray:
    """A number or an array of numbers in [0, 1], with the ends open as asked."""
    if isinstance(value, (numbers.Real, np.bool_)):  # check_number refuses True/False
        return np.asarray(
            check_number(value, name, low=0, high=1, low_open=low_open, high_open=high_open)
        )
    try:
        ndim = np.ndim(value)
    except Exception:  # ragged lists: check_array words the message
        ndim = 1
    return check_array(
        value, name, low=0, high=1, low_open=low_open, high_open=high_open, ndim=ndim
    )


def _labels(y_true: Any) -> np.ndarray:
    """Binary outcomes (0/1 or True/False) as int8; at least one."""
    return check_binary(y_true, "y_true", what="outcomes")


def _groups(groups: Any, length: int) -> tuple[np.ndarray, list[Any]]:
    """Group labels (any hashable values, no missing ones) and their sorted unique values."""
    if isinstance(groups, (str, bytes)) or not hasattr(groups, "__len__"):
        raise ValueError(f"groups must be an array of group labels of length {length}")
    try:
        values = np.asarray(groups, dtype=object)
    except Exception:  # ragged input
        raise ValueError(f"groups must be an array of group labels of length {length}") from None
    if values.ndim != 1 or values.shape[0] != length:
        raise ValueError(
            f"groups must be a 1-dimensional array of length {length}; got shape {values.shape}"
        )
    if pd.isna(values).any():
        raise ValueError("groups must not contain missing values (None or NaN)")
    unique = list(pd.unique(values))
    try:
        unique = sorted(unique)
    except TypeError:  # labels of mixed types keep their order of first appearance
        pass
    return values, unique


def _weights(sample_weight: Any, length: int) -> tuple[np.ndarray, bool]:
    """Weights >= 0 (people per row), and whether they are whole numbers."""
    if sample_weight is None:
        return np.ones(length, dtype=np.int64), True
    if isinstance(sample_weight, pd.Series):
        sample_weight = sample_weight.to_numpy()
    weights = check_array(sample_weight, "sample_weight", low=0, length=length)
    whole = bool(np.all(weights == np.round(weights))) and weights.max(initial=0) < 2**53
    return (weights.astype(np.int64) if whole else weights), whole


def _people_inputs(
    y_true: Any, y_other: Any, other_name: str, groups: Any, sample_weight: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[Any], np.ndarray, bool]:
    labels = _labels(y_true)
    if isinstance(y_other, pd.Series):
        y_other = y_other.to_numpy()
    other = check_array(y_other, other_name, length=labels.size)
    group_values, names = _groups(groups, labels.size)
    weights, whole = _weights(sample_weight, labels.size)
    return labels, other, group_values, names, weights, whole


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    numerator = np.asarray(numerator, dtype=float)
    denominator = np.asarray(denominator, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(
            denominator > 0, numerator / np.where(denominator > 0, denominator, 1), np.nan
        )


def _rates_from_counts(counts: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """The rates of :data:`RATE_COLUMNS` from counts; NaN where a denominator is 0."""
    return {
        "selection_rate": _ratio(counts["flagged"], counts["people"]),
        "tpr": _ratio(counts["tp"], counts["positives"]),
        "fpr": _ratio(counts["fp"], counts["negatives"]),
        "fnr": _ratio(counts["fn"], counts["positives"]),
        "ppv": _ratio(counts["tp"], counts["flagged"]),
        "accuracy": _ratio(np.asarray(counts["tp"]) + np.asarray(counts["tn"]), counts["people"]),
        "base_rate": _ratio(counts["positives"], counts["people"]),
    }


# --------------------------------------------------------------------------------------
# helpers for count tables and published tables
# --------------------------------------------------------------------------------------
def confusion_rates(counts: pd.DataFrame) -> pd.DataFrame:
    """The rates of confusion counts given per row, such as a published truth table.

    Parameters
    ----------
    counts : pandas.DataFrame
        One row per group (or any unit), with whole-number counts >= 0 in the columns
        ``tp`` (flagged, has the outcome), ``fp`` (flagged, does not), ``fn`` (not
        flagged, has it) and ``tn`` (not flagged, does not). Other columns are kept.

    Returns
    -------
    pandas.DataFrame
        A copy with ``people``, ``positives``, ``negatives`` and ``flagged`` and the rates
        of :data:`RATE_COLUMNS` added (NaN where a rate's denominator is 0).

    Examples
    --------
    >>> table = pd.DataFrame({"group": ["A"], "tp": [30], "fp": [20], "fn": [10], "tn": [40]})
    >>> confusion_rates(table)[["fpr", "fnr", "ppv", "base_rate"]].round(3).iloc[0].tolist()
    [0.333, 0.25, 0.6, 0.4]
    """
    frame = check_frame(counts, "counts", ["tp", "fp", "fn", "tn"]).copy()
    for column in ("tp", "fp", "fn", "tn"):
        values = check_array(frame[column].to_numpy(), f"counts[{column!r}]", low=0)
        if not np.all(values == np.round(values)):
            raise ValueError(f"counts[{column!r}] must hold whole numbers >= 0")
    tp, fp, fn, tn = (frame[c].to_numpy(dtype=float) for c in ("tp", "fp", "fn", "tn"))
    derived = {
        "people": tp + fp + fn + tn,
        "positives": tp + fn,
        "negatives": fp + tn,
        "flagged": tp + fp,
    }
    for name, values in derived.items():
        frame[name] = values
    frame = frame.astype({name: np.int64 for name in derived})
    rates = _rates_from_counts({**derived, "tp": tp, "fp": fp, "fn": fn, "tn": tn})
    for name in RATE_COLUMNS:
        frame[name] = rates[name]
    return frame


def expand_counts(table: pd.DataFrame, weight: str = "people") -> pd.DataFrame:
    """One row per person from a count table: each row repeated ``weight`` times.

    Tools that take no sample weights (such as fairlearn's ``ThresholdOptimizer``) need
    the people one by one. Nothing is lost: the expanded table has exactly the counts of
    the original. The COMPAS table of :func:`policing_lab.datasets.load_compas_counts`
    expands to its 6,172 defendants.

    Parameters
    ----------
    table : pandas.DataFrame
        A count table with a column ``weight`` of whole numbers >= 0.
    weight : str, default "people"
        The name of the count column; it is dropped from the result.

    Returns
    -------
    pandas.DataFrame
        The other columns, one row per person, in the order of the table's rows, with a
        fresh index.

    Examples
    --------
    >>> counts = pd.DataFrame({"group": ["A", "B"], "outcome": [1, 0], "people": [2, 1]})
    >>> expand_counts(counts)["group"].tolist()
    ['A', 'A', 'B']
    """
    if not isinstance(weight, str):
        raise ValueError(f"weight must be the name of the count column; got {weight!r}")
    frame = check_frame(table, "table", [weight])
    counts = check_array(frame[weight].to_numpy(), f"table[{weight!r}]", low=0)
    if not np.all(counts == np.round(counts)):
        raise ValueError(f"table[{weight!r}] must hold whole numbers >= 0 (people per row)")
    rows = np.repeat(np.arange(len(frame)), counts.astype(np.int64))
    return frame.drop(columns=weight).iloc[rows].reset_index(drop=True)


@functools.cache
def _score_estimator_class() -> type:
    from sklearn.base import BaseEstimator, ClassifierMixin

    class ScoreAsPrediction(ClassifierMixin, BaseEstimator):
        """The first column of ``X`` is already the score: fitting does nothing."""

        def __sklearn_is_fitted__(self) -> bool:
            return True

        def fit(self, X: Any, y: Any = None, **fit_params: Any) -> ScoreAsPrediction:
            return self

        def predict(self, X: Any) -> np.ndarray:
            values = np.asarray(X, dtype=float)
            if values.ndim != 2 or values.shape[1] < 1:
                raise ValueError("X must be a 2-dimensional array whose first column is the score")
            return values[:, 0]

    return ScoreAsPrediction


def score_estimator() -> Any:
    """A scikit-learn estimator, already fitted, whose prediction is the score it is given.

    fairlearn's ``ThresholdOptimizer`` post-processes a fitted model's scores. When the
    scores exist already (COMPAS deciles, or the synthetic city's risk scores), hand it
    this estimator with ``prefit=True`` and ``predict_method="predict"``, and a one-column
    ``X`` holding the scores.

    Returns
    -------
    sklearn.base.BaseEstimator
        ``predict(X)`` returns the first column of ``X`` as floats.

    Examples
    --------
    >>> estimator = score_estimator()
    >>> estimator.predict([[3.0], [7.0]]).tolist()
    [3.0, 7.0]
    """
    return _score_estimator_class()()


# --------------------------------------------------------------------------------------
# the identity
# --------------------------------------------------------------------------------------
def chouldechova_fpr(base_rate: Any, ppv: Any, fnr: Any) -> float | np.ndarray:
    """The false positive rate that a group's base rate, PPV and FNR leave no choice about.

    ``FPR = p / (1 - p) * (1 - PPV) / PPV * (1 - FNR)`` [chouldechova2017]. It follows
    from counting: the flagged people with the outcome are ``TP = P * (1 - FNR)`` (``P``
    people have the outcome), the flagged people without it are ``FP = TP * (1 - PPV) /
    PPV``, and ``FPR = FP / N`` with ``N = P * (1 - p) / p`` people without it. So two
    groups with different base rates and the same PPV and FNR must have different FPRs.

    In the course's world: for the people a risk tool scores, ``base_rate`` is the share
    with the outcome (for COMPAS a recorded re-arrest within two years), ``ppv`` the share
    of flagged people who have it and ``fnr`` the share of those who have it but are not
    flagged. All three, and the result, are shares (numbers from 0 to 1, not percentages).

    Parameters
    ----------
    base_rate : float or array of float
        Share of the group with the outcome, in [0, 1) (at 1 nobody is without it and the
        FPR is undefined).
    ppv : float or array of float
        Positive predictive value, in (0, 1] (PPV 0 would mean that nobody flagged has
        the outcome, which fixes no FPR).
    fnr : float or array of float
        False negative rate, in [0, 1].

    The three inputs broadcast against each other as NumPy arrays do.

    Returns
    -------
    float or numpy.ndarray
        The FPR: a float when all three inputs are numbers, otherwise an array of the
        broadcast shape. A value above 1 means that no confusion matrix has these three
        rates.

    Examples
    --------
    A group in which half the people have the outcome, 60% of flagged people have it and
    30% of those who have it are missed:

    >>> round(chouldechova_fpr(0.5, 0.6, 0.3), 4)
    0.4667
    >>> chouldechova_fpr([0.3, 0.5], 0.6, 0.3).round(4)
    array([0.2   , 0.4667])
    """
    scalar = all(
        isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_))
        for v in (base_rate, ppv, fnr)
    )
    p = _rate_input(base_rate, "base_rate", low_open=False, high_open=True)
    precision = _rate_input(ppv, "ppv", low_open=True, high_open=False)
    miss = _rate_input(fnr, "fnr", low_open=False, high_open=False)
    try:
        np.broadcast_shapes(p.shape, precision.shape, miss.shape)
    except ValueError:
        shapes = ", ".join(str(a.shape) for a in (p, precision, miss))
        raise ValueError(
            f"base_rate, ppv, fnr must have shapes that broadcast together; got {shapes}"
        ) from None
    value = p / (1.0 - p) * (1.0 - precision) / precision * (1.0 - miss)
    return float(value) if scalar or np.ndim(value) == 0 else np.asarray(value)


# --------------------------------------------------------------------------------------
# counts and rates per group
# --------------------------------------------------------------------------------------
def _weighted_at_or_above(
    scores: np.ndarray, weights: np.ndarray, thresholds: np.ndarray
) -> np.ndarray:
    """Total weight of the scores >= each threshold (sorted once, binary search)."""
    order = np.argsort(scores, kind="stable")
    sorted_scores = scores[order]
    cumulative = np.concatenate([np.zeros(1, dtype=weights.dtype), np.cumsum(weights[order])])
    below = cumulative[np.searchsorted(sorted_scores, thresholds, side="left")]
    return cumulative[-1] - below


def group_threshold_table(
    y_true: Any,
    y_score: Any,
    groups: Any,
    thresholds: Any,
    sample_weight: Any = None,
) -> pd.DataFrame:
    """Confusion counts and rates for every group at every threshold (flagged: score >= t).

    At threshold ``t`` a person is flagged when ``y_score >= t`` (for COMPAS deciles, ``t =
    5`` flags the scores ProPublica called "medium" or "high"). For each group the scores
    are sorted once and every threshold is found by binary search, as in
    :func:`policing_lab.screening.threshold_table`, so a long grid costs little.

    Parameters
    ----------
    y_true : array of 0/1 or bool, length n
        Whether each person (or row of a count table) has the outcome. At least one row.
    y_score : array of float, length n
        Risk scores (finite numbers; higher means flagged sooner).
    groups : array of labels, length n
        The group of each row (strings or numbers, no missing values).
    thresholds : array of float
        One or more finite thresholds, in any order (kept in the order given).
    sample_weight : array of float, length n, optional
        Number of people each row stands for, each >= 0 (the ``people`` column of a count
        table). By default every row is one person.

    Returns
    -------
    pandas.DataFrame
        One row per group (sorted) and threshold, with the columns of
        :data:`TABLE_COLUMNS`:

        ``group``, ``threshold``
            The group and the threshold.
        ``people``, ``positives``, ``negatives``
            People in the group, with the outcome, and without it.
        ``tp``, ``fp``, ``fn``, ``tn``, ``flagged``
            Flagged with the outcome, flagged without it, missed, cleared, and
            ``tp + fp``. Whole numbers (int64) when the weights are whole numbers (or not
            given), floats otherwise.
        ``selection_rate``, ``tpr``, ``fpr``, ``fnr``, ``ppv``, ``accuracy``, ``base_rate``
            ``flagged / people``, ``tp / positives``, ``fp / negatives``, ``fn /
            positives``, ``tp / flagged``, ``(tp + tn) / people``, ``positives / people``:
            shares in [0, 1], NaN where the denominator is 0.

    Examples
    --------
    >>> table = group_threshold_table(
    ...     [1, 0, 1, 0, 1, 0], [0.9, 0.6, 0.4, 0.8, 0.7, 0.2], ["A", "A", "A", "B", "B", "B"],
    ...     [0.5, 1.0])
    >>> table[["group", "threshold", "tp", "fp", "fn", "tn", "fpr", "ppv"]].round(2)
      group  threshold  tp  fp  fn  tn  fpr  ppv
    0     A        0.5   1   1   1   0  1.0  0.5
    1     A        1.0   0   0   2   1  0.0  NaN
    2     B        0.5   1   1   0   1  0.5  0.5
    3     B        1.0   0   0   1   2  0.0  NaN
    """
    labels, scores, group_values, names, weights, _ = _people_inputs(
        y_true, y_score, "y_score", groups, sample_weight
    )
    if isinstance(thresholds, pd.Series):
        thresholds = thresholds.to_numpy()
    if isinstance(thresholds, numbers.Real):
        thresholds = [thresholds]
    cuts = check_array(thresholds, "thresholds", min_length=1)
    pieces = {name: [] for name in ("group", *_COUNTS)}  # type: dict[str, list[Any]]
    for name in names:
        member = group_values == name
        has = member & (labels == 1)
        hasnt = member & (labels == 0)
        tp = _weighted_at_or_above(scores[has], weights[has], cuts)
        fp = _weighted_at_or_above(scores[hasnt], weights[hasnt], cuts)
        positives = np.full(cuts.size, weights[has].sum())
        negatives = np.full(cuts.size, weights[hasnt].sum())
        pieces["group"].append(np.full(cuts.size, name, dtype=object))
        pieces["people"].append(positives + negatives)
        pieces["positives"].append(positives)
        pieces["negatives"].append(negatives)
        pieces["tp"].append(tp)
        pieces["fp"].append(fp)
        pieces["fn"].append(positives - tp)
        pieces["tn"].append(negatives - fp)
        pieces["flagged"].append(tp + fp)
    table = pd.DataFrame({"group": np.concatenate(pieces["group"])})
    table["threshold"] = np.tile(cuts, len(names))
    counts = {name: np.concatenate(pieces[name]) for name in _COUNTS}
    for name in _COUNTS:
        table[name] = counts[name]
    for name, values in _rates_from_counts(counts).items():
        table[name] = values
    return table


def metric_frame(y_true: Any, y_pred: Any, groups: Any, sample_weight: Any = None) -> MetricFrame:
    """fairlearn's ``MetricFrame`` of the course's group rates for given decisions.

    The metrics are those of :func:`group_metrics`; each gets ``sample_weight``.

    Parameters
    ----------
    y_true, y_pred : arrays of 0/1 or bool, length n
        The outcome and the decision (1: flagged) for each row.
    groups : array of labels, length n
        The group of each row (``sensitive_features`` in fairlearn's words).
    sample_weight : array of float, length n, optional
        Number of people each row stands for, each >= 0.

    Returns
    -------
    fairlearn.metrics.MetricFrame
        ``.by_group`` has one row per group; ``.overall``, ``.difference()`` and
        ``.ratio()`` are fairlearn's.

    Examples
    --------
    >>> frame = metric_frame([1, 0, 1, 0], [1, 1, 0, 0], ["A", "A", "B", "B"])
    >>> frame.by_group["fpr"].to_dict()
    {'A': 1.0, 'B': 0.0}
    """
    from fairlearn.metrics import (
        MetricFrame,
        false_negative_rate,
        false_positive_rate,
        selection_rate,
        true_positive_rate,
    )

    labels = _labels(y_true)
    decisions = _decisions(y_pred, labels.size)
    group_values, _ = _groups(groups, labels.size)
    weights, _ = _weights(sample_weight, labels.size)

    def people(y_t: Any, y_p: Any, sample_weight: Any) -> float:
        return float(np.sum(sample_weight))

    def weighted_mean(values: Any, sample_weight: Any) -> float:
        total = float(np.sum(sample_weight))
        return float(np.sum(np.asarray(values) * sample_weight) / total) if total else np.nan

    def ppv(y_t: Any, y_p: Any, sample_weight: Any) -> float:
        flagged = np.asarray(y_p) == 1
        return weighted_mean(np.asarray(y_t)[flagged], np.asarray(sample_weight)[flagged])

    def accuracy(y_t: Any, y_p: Any, sample_weight: Any) -> float:
        return weighted_mean(np.asarray(y_t) == np.asarray(y_p), sample_weight)

    def base_rate(y_t: Any, y_p: Any, sample_weight: Any) -> float:
        return weighted_mean(y_t, sample_weight)

    def nan_if_empty(metric: Any, needs: int) -> Any:
        """fairlearn's rates warn and give 0 when their denominator is 0; here: NaN."""

        def rate(y_t: Any, y_p: Any, sample_weight: Any) -> float:
            if not np.sum(np.asarray(sample_weight)[np.asarray(y_t) == needs]):
                return np.nan
            return float(metric(y_t, y_p, sample_weight=sample_weight, pos_label=1))

        return rate

    def selection(y_t: Any, y_p: Any, sample_weight: Any) -> float:
        if not np.sum(sample_weight):
            return np.nan
        return float(selection_rate(y_t, y_p, sample_weight=sample_weight, pos_label=1))

    metrics = {
        "people": people,
        "selection_rate": selection,
        "tpr": nan_if_empty(true_positive_rate, 1),
        "fpr": nan_if_empty(false_positive_rate, 0),
        "fnr": nan_if_empty(false_negative_rate, 1),
        "ppv": ppv,
        "accuracy": accuracy,
        "base_rate": base_rate,
    }
    weight_array = weights.astype(float)
    return MetricFrame(
        metrics=metrics,
        y_true=labels,
        y_pred=decisions,
        sensitive_features=pd.Series(group_values, name="group"),
        sample_params={name: {"sample_weight": weight_array} for name in metrics},
    )


def _decisions(y_pred: Any, length: int) -> np.ndarray:
    try:
        arr = np.asarray(y_pred)
    except Exception:
        arr = y_pred
    if isinstance(arr, np.ndarray) and arr.dtype == bool:
        arr = arr.astype(np.int8)
    arr = check_array(arr, "y_pred", low=0, high=1, length=length)
    if not np.all((arr == 0) | (arr == 1)):
        found = float(arr[(arr != 0) & (arr != 1)][0])
        raise ValueError(f"y_pred must hold decisions 0 or 1 (or True/False); found {found!r}")
    return arr.astype(np.int8)


def group_metrics(y_true: Any, y_pred: Any, groups: Any, sample_weight: Any = None) -> pd.DataFrame:
    """The group rates of given decisions, one row per group, computed with fairlearn.

    Where :func:`group_threshold_table` flags ``score >= threshold`` itself, this takes the
    decisions as they are (a tool's "higher risk" label, a rule with a different threshold
    per group) and computes the rates with fairlearn's ``MetricFrame`` (see
    :func:`metric_frame` for the frame itself).

    Parameters
    ----------
    y_true : array of 0/1 or bool, length n
        Whether each row has the outcome. At least one row.
    y_pred : array of 0/1 or bool, length n
        Whether each row is flagged.
    groups : array of labels, length n
        The group of each row (no missing values).
    sample_weight : array of float, length n, optional
        Number of people each row stands for, each >= 0 (by default 1).

    Returns
    -------
    pandas.DataFrame
        One row per group (sorted), with the columns ``group``, ``people`` (total weight)
        and the shares of :data:`RATE_COLUMNS` (``selection_rate``, ``tpr``, ``fpr``,
        ``fnr``, ``ppv``, ``accuracy``, ``base_rate``), NaN where undefined.

    Examples
    --------
    >>> table = group_metrics([1, 0, 1, 0, 1, 1], [1, 1, 0, 0, 1, 0], list("AABBBB"))
    >>> table[["group", "people", "selection_rate", "fpr", "fnr", "ppv"]].round(3)
      group  people  selection_rate  fpr    fnr  ppv
    0     A     2.0            1.00  1.0  0.000  0.5
    1     B     4.0            0.25  0.0  0.667  1.0
    """
    frame = metric_frame(y_true, y_pred, groups, sample_weight)
    by_group = frame.by_group
    _, names = _groups(groups, _labels(y_true).size)
    table = by_group.reindex(names).reset_index()
    table.columns = ["group", *by_group.columns]
    for column in ("people", *RATE_COLUMNS):
        table[column] = table[column].astype(float)
    return table.loc[:, ["group", "people", *RATE_COLUMNS]]


# --------------------------------------------------------------------------------------
# the vendor's side: calibration and AUC
# --------------------------------------------------------------------------------------
def calibration_by_group(
    y_true: Any,
    y_score: Any,
    groups: Any,
    bins: Any = None,
    sample_weight: Any = None,
) -> pd.DataFrame:
    """The share with the outcome in each score bin, per group, with the counts.

    A score is *calibrated within groups* when, at each score, the same share of people
    has the outcome whatever their group: the vendor's defence of COMPAS [dieterich2016].
    For COMPAS deciles, leave ``bins`` out: each of the scores 1 to 10 is its own bin.

    Parameters
    ----------
    y_true : array of 0/1 or bool, length n
        Whether each row has the outcome. At least one row.
    y_score : array of float, length n
        Risk scores (finite numbers).
    groups : array of labels, length n
        The group of each row (no missing values).
    bins : array of float, optional
        Increasing bin edges (at least two): bin ``i`` holds the scores from
        ``bins[i]`` up to, not including, ``bins[i + 1]``; the last bin includes its
        upper edge. Every score must lie within the edges. By default every distinct
        score value is a bin of its own.
    sample_weight : array of float, length n, optional
        Number of people each row stands for, each >= 0 (by default 1).

    Returns
    -------
    pandas.DataFrame
        One row per group (sorted) and bin (in increasing order), also for bins where a
        group has nobody:

        ``group``; ``score_low``, ``score_high``
            The bin's edges (both equal to the score when every score is its own bin).
        ``people``, ``positives``
            People in the bin, and those of them with the outcome (whole numbers when the
            weights are).
        ``outcome_rate``
            ``positives / people``, in [0, 1]; NaN for an empty bin.
        ``mean_score``
            Weighted mean score in the bin (NaN for an empty bin).

    Examples
    --------
    >>> table = calibration_by_group([0, 1, 1, 0, 1, 1], [1, 1, 2, 1, 2, 2], list("AAABBB"))
    >>> table[["group", "score_low", "people", "positives", "outcome_rate"]]
      group  score_low  people  positives  outcome_rate
    0     A        1.0       2          1           0.5
    1     A        2.0       1          1           1.0
    2     B        1.0       1          0           0.0
    3     B        2.0       2          2           1.0
    """
    labels, scores, group_values, names, weights, _ = _people_inputs(
        y_true, y_score, "y_score", groups, sample_weight
    )
    if bins is None:
        values = np.unique(scores)
        low, high = values, values
        index = np.searchsorted(values, scores)
    else:
        if isinstance(bins, pd.Series):
            bins = bins.to_numpy()
        edges = check_array(bins, "bins", min_length=2)
        if not np.all(np.diff(edges) > 0):
            raise ValueError("bins must be strictly increasing bin edges")
        outside = (scores < edges[0]) | (scores > edges[-1])
        if outside.any():
            raise ValueError(
                f"every score must lie within the bins, in [{edges[0]}, {edges[-1]}]; "
                f"found {float(scores[outside][0])!r}"
            )
        low, high = edges[:-1], edges[1:]
        index = np.minimum(np.searchsorted(edges, scores, side="right") - 1, low.size - 1)
    n_bins = low.size
    rows = []
    for name in names:
        member = group_values == name
        people = np.bincount(index[member], weights=weights[member], minlength=n_bins)
        positives = np.bincount(index[member], weights=(weights * labels)[member], minlength=n_bins)
        score_sum = np.bincount(index[member], weights=(weights * scores)[member], minlength=n_bins)
        rows.append(
            pd.DataFrame(
                {
                    "group": np.full(n_bins, name, dtype=object),
                    "score_low": low.astype(float),
                    "score_high": high.astype(float),
                    "people": people,
                    "positives": positives,
                    "outcome_rate": _ratio(positives, people),
                    "mean_score": _ratio(score_sum, people),
                }
            )
        )
    table = pd.concat(rows, ignore_index=True)
    if weights.dtype.kind == "i":  # bincount sums in floats; whole weights give whole counts
        table["people"] = np.round(table["people"]).astype(np.int64)
        table["positives"] = np.round(table["positives"]).astype(np.int64)
    return table


def auc_by_group(y_true: Any, y_score: Any, groups: Any, sample_weight: Any = None) -> pd.DataFrame:
    """Area under the ROC curve (AUC) per group, from scikit-learn's ``roc_auc_score``.

    The AUC is the chance that a person with the outcome, picked at random, has a higher
    score than a person without it (ties count half): 0.5 is guessing, 1 a perfect
    ranking. Similar AUCs in two groups was one of the vendor's arguments that COMPAS is
    fair [dieterich2016]; it says nothing about which threshold is used, nor about error
    rates at that threshold.

    Parameters
    ----------
    y_true : array of 0/1 or bool, length n
        Whether each row has the outcome. At least one row.
    y_score : array of float, length n
        Risk scores (finite numbers).
    groups : array of labels, length n
        The group of each row (no missing values).
    sample_weight : array of float, length n, optional
        Number of people each row stands for, each >= 0 (by default 1).

    Returns
    -------
    pandas.DataFrame
        One row per group (sorted): ``group``, ``people``, ``positives`` (total weights)
        and ``auc`` in [0, 1] (NaN when a group has people of only one kind).

    Examples
    --------
    >>> auc_by_group([0, 1, 0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3, 0.6, 0.2], list("AAABBB"))
      group  people  positives  auc
    0     A     3.0        1.0  1.0
    1     B     3.0        2.0  1.0
    """
    from sklearn.metrics import roc_auc_score  # imported on first use: it is slow to load

    labels, scores, group_values, names, weights, _ = _people_inputs(
        y_true, y_score, "y_score", groups, sample_weight
    )
    rows = []
    for name in names:
        member = group_values == name
        w = weights[member].astype(float)
        y = labels[member]
        positives = float(w[y == 1].sum())
        negatives = float(w[y == 0].sum())
        auc = (
            float(roc_auc_score(y, scores[member], sample_weight=w))
            if positives > 0 and negatives > 0
            else np.nan
        )
        rows.append(
            {"group": name, "people": positives + negatives, "positives": positives, "auc": auc}
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------
# which criteria hold: one rule, a grid of rules
# --------------------------------------------------------------------------------------
def _check_table(table: Any) -> pd.DataFrame:
    return check_frame(table, "table", TABLE_COLUMNS)


def _tolerance(tolerance: Any) -> float:
    return check_number(tolerance, "tolerance", low=0, high=1)


def _best_accuracy(table: pd.DataFrame, names: Sequence[Any]) -> float:
    """Accuracy of the most accurate rule with one threshold of ``table`` per group."""
    correct = 0.0
    total = 0.0
    for name in names:
        rows = table[table["group"] == name]
        correct += float((rows["tp"] + rows["tn"]).max())
        total += float(rows["people"].iloc[0])
    return correct / total if total else np.nan


def criteria_check(
    table: pd.DataFrame, thresholds: Mapping[Any, float], tolerance: float = DEFAULT_TOLERANCE
) -> dict[str, Any]:
    """Which fairness criteria hold for a rule with one threshold per group.

    Each criterion of :data:`CRITERIA` holds when its rate differs between the groups by at
    most ``tolerance`` (largest minus smallest). A rate that is undefined in a group (PPV
    when nobody is flagged) makes its criterion fail. The accuracy cost is the accuracy of
    the most accurate rule in ``table`` (each group at its own most accurate threshold)
    minus this rule's accuracy.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`group_threshold_table`.
    thresholds : mapping of group to float
        One threshold per group, each a threshold of ``table`` for that group. Groups
        left out are not part of the rule.
    tolerance : float, default 0.02
        Largest difference between two rates that still counts as equal, in [0, 1].

    Returns
    -------
    dict
        ``thresholds`` (the mapping), for each criterion ``c``: ``gap_c`` (largest minus
        smallest rate) and ``equal_c`` (bool); ``criteria_met`` (how many hold),
        ``accuracy`` (share of the rule's people classified correctly), ``best_accuracy``
        and ``accuracy_cost`` (>= 0).

    Examples
    --------
    >>> table = group_threshold_table(
    ...     [1, 0, 1, 0, 1, 0], [0.9, 0.6, 0.4, 0.8, 0.7, 0.2], list("AAABBB"), [0.3, 0.5, 0.7])
    >>> check = criteria_check(table, {"A": 0.3, "B": 0.5}, tolerance=0.01)
    >>> check["equal_selection_rate"], check["equal_fnr"], round(check["gap_fpr"], 2)
    (False, True, 0.5)
    """
    _check_table(table)
    tolerance = _tolerance(tolerance)
    if not isinstance(thresholds, Mapping) or len(thresholds) < 2:
        raise ValueError("thresholds must be a mapping of at least two groups to a threshold each")
    known = list(pd.unique(table["group"]))
    rows = []
    for name, value in thresholds.items():
        check_choice(name, "every group of thresholds", known)
        value = check_number(value, f"thresholds[{name!r}]")
        match = table[
            (table["group"] == name) & np.isclose(table["threshold"], value, rtol=0, atol=1e-12)
        ]
        if match.empty:
            allowed = ", ".join(f"{t:g}" for t in table.loc[table["group"] == name, "threshold"])
            raise ValueError(
                f"thresholds[{name!r}] must be one of the table's thresholds ({allowed})"
            )
        rows.append(match.iloc[0])
    chosen = pd.DataFrame(rows)
    out: dict[str, Any] = {"thresholds": dict(thresholds)}
    met = 0
    for criterion in CRITERIA:
        values = chosen[criterion].to_numpy(dtype=float)
        gap = float(values.max() - values.min()) if not np.isnan(values).any() else np.nan
        holds = bool(gap <= tolerance + 1e-12) if not np.isnan(gap) else False
        out[f"gap_{criterion}"] = gap
        out[f"equal_{criterion}"] = holds
        met += holds
    out["criteria_met"] = met
    people = float(chosen["people"].sum())
    out["accuracy"] = float((chosen["tp"] + chosen["tn"]).sum()) / people if people else np.nan
    out["best_accuracy"] = _best_accuracy(table, list(thresholds))
    out["accuracy_cost"] = out["best_accuracy"] - out["accuracy"]
    return out


def two_threshold_grid(
    table: pd.DataFrame, groups: Sequence[Any] | None = None, tolerance: float = DEFAULT_TOLERANCE
) -> pd.DataFrame:
    """:func:`criteria_check` for every pair of thresholds of two groups, at once.

    Made for a figure with two sliders (one threshold per group), computed once at build
    time: every pair of the table's thresholds for group ``a`` and group ``b`` is one row.
    The rates are compared with NumPy's outer operations, so a 101 by 101 grid takes
    milliseconds.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`group_threshold_table`.
    groups : pair of labels, optional
        The two groups to compare, as ``(a, b)``. By default the table's two groups (it
        must then have exactly two).
    tolerance : float, default 0.02
        Largest difference between two rates that still counts as equal, in [0, 1].

    Returns
    -------
    pandas.DataFrame
        One row per pair, ``threshold_a`` varying slowest: ``threshold_a``,
        ``threshold_b``; each rate of :data:`CRITERIA` for both groups (``fpr_a``,
        ``fpr_b``, ...); for each criterion ``gap_c`` (absolute difference, NaN when
        undefined) and ``equal_c``; ``criteria_met``, ``accuracy``, ``best_accuracy``
        and ``accuracy_cost``, as in :func:`criteria_check`.

    Examples
    --------
    >>> table = group_threshold_table(
    ...     [1, 0, 1, 0, 1, 0], [0.9, 0.6, 0.4, 0.8, 0.7, 0.2], list("AAABBB"), [0.3, 0.5, 0.7])
    >>> grid = two_threshold_grid(table, tolerance=0.01)
    >>> len(grid), int(grid["equal_fnr"].sum())
    (9, 3)
    """
    _check_table(table)
    tolerance = _tolerance(tolerance)
    known = list(pd.unique(table["group"]))
    if groups is None:
        if len(known) != 2:
            raise ValueError(
                f"groups must name the two groups to compare when table has {len(known)} groups"
            )
        pair = known
    else:
        if isinstance(groups, (str, bytes)) or not isinstance(groups, Sequence) or len(groups) != 2:
            raise ValueError(f"groups must be a pair of group labels of table; got {groups!r}")
        pair = list(groups)
        for name in pair:
            check_choice(name, "every label of groups", known)
        if pair[0] == pair[1]:
            raise ValueError("groups must name two different groups")
    a = table[table["group"] == pair[0]]
    b = table[table["group"] == pair[1]]
    n_a, n_b = len(a), len(b)
    out: dict[str, np.ndarray] = {
        "threshold_a": np.repeat(a["threshold"].to_numpy(dtype=float), n_b),
        "threshold_b": np.tile(b["threshold"].to_numpy(dtype=float), n_a),
    }
    gaps = {}
    for criterion in CRITERIA:
        rate_a = a[criterion].to_numpy(dtype=float)
        rate_b = b[criterion].to_numpy(dtype=float)
        out[f"{criterion}_a"] = np.repeat(rate_a, n_b)
        out[f"{criterion}_b"] = np.tile(rate_b, n_a)
        gaps[criterion] = np.abs(rate_a[:, None] - rate_b[None, :]).ravel()
    met = np.zeros(n_a * n_b, dtype=np.int64)
    for criterion in CRITERIA:
        gap = gaps[criterion]
        with np.errstate(invalid="ignore"):
            holds = gap <= tolerance + 1e-12  # NaN (undefined) compares False
        out[f"gap_{criterion}"] = gap
        out[f"equal_{criterion}"] = holds
        met += holds
    correct_a = (a["tp"] + a["tn"]).to_numpy(dtype=float)
    correct_b = (b["tp"] + b["tn"]).to_numpy(dtype=float)
    people = float(a["people"].iloc[0]) + float(b["people"].iloc[0])
    accuracy = ((correct_a[:, None] + correct_b[None, :]) / people).ravel()
    best = (correct_a.max() + correct_b.max()) / people
    out["criteria_met"] = met
    out["accuracy"] = accuracy
    out["best_accuracy"] = np.full(n_a * n_b, best)
    out["accuracy_cost"] = best - accuracy
    return pd.DataFrame(out)


def rules_satisfying(
    grid: pd.DataFrame, criteria: Sequence[str] = ("fpr", "fnr", "ppv")
) -> pd.DataFrame:
    """The rows of a :func:`two_threshold_grid` where every one of ``criteria`` holds.

    With the default criteria (equal FPR, FNR and PPV) and groups whose base rates differ
    clearly, the identity of :func:`chouldechova_fpr` leaves only rules with (almost) no
    false positives in either group, such as thresholds so high that few people are
    flagged; within a tolerance, a tiny FPR in each group counts as equal. For the COMPAS
    deciles of the two largest groups the result is empty at the default tolerance; for
    the synthetic city with different base rates it is empty or holds only rules that flag
    almost no one, depending on the seed (the course's tests and chapter 5 check both);
    with equal base rates it need not be.

    Parameters
    ----------
    grid : pandas.DataFrame
        Output of :func:`two_threshold_grid`.
    criteria : sequence of str, default ("fpr", "fnr", "ppv")
        Names from :data:`CRITERIA`, at least one.

    Returns
    -------
    pandas.DataFrame
        The rows of ``grid`` (with its index) where all ``criteria`` hold.

    Examples
    --------
    >>> table = group_threshold_table(
    ...     [1, 0, 1, 0, 1, 0], [0.9, 0.6, 0.4, 0.8, 0.7, 0.2], list("AAABBB"), [0.3, 0.5, 0.7])
    >>> grid = two_threshold_grid(table)
    >>> rules_satisfying(grid, ["fnr"])[["threshold_a", "threshold_b"]]
       threshold_a  threshold_b
    0          0.3          0.3
    1          0.3          0.5
    2          0.3          0.7
    >>> rules_satisfying(grid, ["fnr", "fpr"]).empty
    True
    """
    if isinstance(criteria, str) or not isinstance(criteria, Sequence) or len(criteria) == 0:
        raise ValueError(f"criteria must be a non-empty list of names from {', '.join(CRITERIA)}")
    for criterion in criteria:
        check_choice(criterion, "criteria", CRITERIA)
    check_frame(grid, "grid", [f"equal_{c}" for c in criteria])
    keep = np.logical_and.reduce([grid[f"equal_{c}"].to_numpy(dtype=bool) for c in criteria])
    return grid[keep]
