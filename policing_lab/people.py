"""The people of the synthetic city: true reoffending, recorded arrests and risk scores.

Person-based prediction (a "risk score" for each person) is trained on police records:
past arrests as features, a new arrest as the label. This module builds a synthetic
population that lives in the city of :mod:`policing_lab.city`, so that a chapter can
train such a model on the records and compare it with the truth.

The people
----------
Each person lives in a neighbourhood (drawn in proportion to its population), belongs to
group A or B (drawn from the neighbourhood's group shares) and to an age band. Their
TRUE behaviour:

* ``true_reoffending_prob``: the chance to offend in the follow-up period. It depends on
  age and on an individual propensity, and by default **not** on group;
* ``true_prior_offences``: offences in the past, ``past_periods`` periods of the same
  length, each with the same probability;
* ``reoffends``: whether the person offends in the follow-up period (the TRUE outcome).

Their RECORDED history depends on how heavily their neighbourhood is patrolled: each
offence leads to an arrest with probability ``arrest_prob = 1 - exp(-arrest_rate *
patrol)``, the same saturating curve as discovery in the city. So

* ``prior_arrests``: past offences that led to an arrest (RECORDED);
* ``rearrested``: the person reoffends *and* is arrested for it (the RECORDED label).

A model trained on ``rearrested`` with ``prior_arrests`` as a feature learns patrols as
well as behaviour: people from heavily patrolled neighbourhoods get higher scores even
when they offend no more often.

Scope
-----
A stylised toy with synthetic people. It is not a model of any real population, court or
risk-assessment tool; the group labels A and B are abstract. The defaults are illustrative
and stand for documented patterns (bibliography keys in brackets), not measured values.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # scikit-learn is imported when a model is trained, not with the package
    from sklearn.pipeline import Pipeline

from ._validation import (
    check_array,
    check_choice,
    check_int,
    check_number,
    check_rng,
)
from ._validation import check_column as _column
from ._validation import check_frame as _check_frame
from .city import DISCOVERY_RATE, check_city, discovery_from_patrol

__all__ = [
    "AGE_BANDS",
    "AGE_BAND_PROBS",
    "REOFFENDING_PROB_BY_AGE",
    "ARREST_RATE",
    "FEATURES",
    "RECORD_FEATURES",
    "LABELS",
    "make_people",
    "train_risk_model",
    "score_people",
    "split_people",
    "flag_top",
]

#: Age bands of the synthetic people (adults).
AGE_BANDS = ("18-24", "25-34", "35-49", "50+")

#: Default share of people in each age band. Illustrative.
AGE_BAND_PROBS = (0.2, 0.25, 0.3, 0.25)

#: Default TRUE probability of offending in the follow-up period, by age band, for a
#: person of typical propensity. Illustrative: it falls with age and is the same for
#: both groups (behaviour that is similar across groups while arrests are not, as for
#: drug use [aclu2013], [lum2016]).
REOFFENDING_PROB_BY_AGE = (0.40, 0.30, 0.20, 0.10)

#: Default ``k`` in ``arrest_prob = 1 - exp(-k * patrol)``: with the average patrol (1),
#: 33% of offences lead to an arrest. Illustrative; the same as the city's discovery rate.
ARREST_RATE = DISCOVERY_RATE

#: Columns a risk model may use as features.
FEATURES = ("neighbourhood", "group", "age_band", "prior_arrests", "true_prior_offences")

#: The features of the course's record-based risk model (chapters 2 and 3): what a real
#: tool could see. The group is not among them; the neighbourhood and the arrests are.
RECORD_FEATURES = ("neighbourhood", "age_band", "prior_arrests")

#: Columns a risk model may learn to predict: the record, or the truth.
LABELS = ("rearrested", "reoffends")

_CATEGORICAL = ("neighbourhood", "group", "age_band")
_MAX_PEOPLE = 10_000_000


def _logit(p: np.ndarray) -> np.ndarray:
    return np.log(p) - np.log1p(-p)


def _check_sequence(value: Any, name: str, length: int) -> np.ndarray:
    """A tuple/list/array of ``length`` probabilities."""
    return check_array(value, name, low=0, high=1, length=length)


def make_people(
    city: pd.DataFrame,
    *,
    n_people: int = 10_000,
    age_band_probs: Sequence[float] = AGE_BAND_PROBS,
    reoffending_prob_by_age: Sequence[float] = REOFFENDING_PROB_BY_AGE,
    reoffending_odds_ratio_group_b: float = 1.0,
    individual_variation: float = 1.0,
    past_periods: int = 5,
    arrest_rate: float = ARREST_RATE,
    seed: int | None = None,
    rng: np.random.Generator | None = None,
) -> pd.DataFrame:
    """Draw a synthetic population living in the city: true behaviour and records.

    Parameters
    ----------
    city : pandas.DataFrame
        The city (output of :func:`policing_lab.city.make_city` or of a scenario), with
        the columns ``neighbourhood``, ``population`` (whole numbers, at least one
        resident in total), ``share_group_b`` and ``patrol``, checked by
        :func:`policing_lab.city.check_city`.
    n_people : int, default 10,000
        Number of people, from 1 to 10 million.
    age_band_probs : sequence of 4 floats, default (0.2, 0.25, 0.3, 0.25)
        Share of people in each of :data:`AGE_BANDS`, each in [0, 1], adding up to 1.
    reoffending_prob_by_age : sequence of 4 floats, default (0.40, 0.30, 0.20, 0.10)
        TRUE probability of offending in the follow-up period for a person of typical
        propensity in each age band, each in [0.001, 0.999]. Illustrative.
    reoffending_odds_ratio_group_b : float, default 1.0
        Odds ratio of offending for group B compared with group A, from 0.01 to 100.
        The default 1 means true behaviour does not depend on group: the pattern of
        surveys where arrests differ but behaviour does not [aclu2013], [lum2016].
        Other values give groups different base rates (see the fairness chapter).
    individual_variation : float, default 1.0
        Standard deviation of the individual propensity on the log-odds scale, from 0
        to 5. It makes past offending predictive of future offending (0: everyone of an
        age band and group has the same probability).
    past_periods : int, default 5
        Number of past periods, each as long as the follow-up period, from 0 to 50; in
        each one the person offended with their ``true_reoffending_prob``.
    arrest_rate : float, default 0.4
        ``k`` in ``arrest_prob = 1 - exp(-k * patrol)``, from 0 to 100: how an offence's
        chance of leading to an arrest grows with the patrol of the person's
        neighbourhood (the city's curve, :func:`policing_lab.city.discovery_from_patrol`).
        Stands for enforcement-driven records [lum2016], [aclu2013].
    seed : int, optional
        Seed for the random numbers (>= 0): the same seed gives the same people.
    rng : numpy.random.Generator, optional
        A generator to use instead of ``seed`` (give at most one of the two).

    Returns
    -------
    pandas.DataFrame
        One row per person:

        ``person_id``
            0 .. n_people-1.
        ``neighbourhood``
            Where the person lives (index into ``city``).
        ``group``
            ``"A"`` or ``"B"`` (abstract labels).
        ``age_band``
            One of :data:`AGE_BANDS`.
        ``true_reoffending_prob``
            TRUE probability of offending in the follow-up period.
        ``true_prior_offences``
            TRUE number of past offences.
        ``prior_arrests``
            RECORDED: past offences that led to an arrest.
        ``reoffends``
            TRUE outcome: offends in the follow-up period (bool).
        ``rearrested``
            RECORDED label: offends in the follow-up period *and* is arrested (bool).

    Examples
    --------
    >>> from policing_lab.city import make_city
    >>> people = make_people(make_city(seed=1), n_people=2_000, seed=2)
    >>> rates = people.groupby("group")[["reoffends", "rearrested"]].mean()
    >>> rates.round(2)  # doctest: +NORMALIZE_WHITESPACE
           reoffends  rearrested
    group
    A           0.27        0.08
    B           0.29        0.11
    """
    arrays = check_city(city, ("neighbourhood", "population", "share_group_b", "patrol"))
    ids, population = arrays["neighbourhood"], arrays["population"]
    share_b, patrol = arrays["share_group_b"], arrays["patrol"]
    if population.sum() <= 0:
        raise ValueError("city['population'] must have at least one resident in total")
    n_people = check_int(n_people, "n_people", low=1, high=_MAX_PEOPLE)
    age_probs = _check_sequence(age_band_probs, "age_band_probs", len(AGE_BANDS))
    if not np.isclose(age_probs.sum(), 1.0, rtol=0, atol=1e-9):
        raise ValueError(f"age_band_probs must add up to 1; got {age_probs.sum()!r}")
    base = check_array(
        reoffending_prob_by_age,
        "reoffending_prob_by_age",
        low=0.001,
        high=0.999,
        length=len(AGE_BANDS),
    )
    odds_ratio = check_number(
        reoffending_odds_ratio_group_b, "reoffending_odds_ratio_group_b", low=0.01, high=100
    )
    individual_variation = check_number(individual_variation, "individual_variation", low=0, high=5)
    past_periods = check_int(past_periods, "past_periods", low=0, high=50)
    arrest_rate = check_number(arrest_rate, "arrest_rate", low=0, high=100)
    generator = check_rng(seed, rng)

    home = generator.choice(ids.size, size=n_people, p=population / population.sum())
    in_group_b = generator.random(n_people) < share_b[home]
    age = generator.choice(len(AGE_BANDS), size=n_people, p=age_probs / age_probs.sum())
    log_odds = (
        _logit(base)[age]
        + np.log(odds_ratio) * in_group_b
        + individual_variation * generator.standard_normal(n_people)
    )
    prob = 1.0 / (1.0 + np.exp(-log_odds))
    true_prior = generator.binomial(past_periods, prob)
    arrest_prob = discovery_from_patrol(patrol[home], discovery_rate=arrest_rate)
    prior_arrests = generator.binomial(true_prior, arrest_prob)
    reoffends = generator.random(n_people) < prob
    rearrested = reoffends & (generator.random(n_people) < arrest_prob)
    return pd.DataFrame(
        {
            "person_id": np.arange(n_people, dtype=np.int64),
            "neighbourhood": ids[home],
            "group": np.where(in_group_b, "B", "A"),
            "age_band": np.asarray(AGE_BANDS)[age],
            "true_reoffending_prob": prob,
            "true_prior_offences": true_prior.astype(np.int64),
            "prior_arrests": prior_arrests.astype(np.int64),
            "reoffends": reoffends,
            "rearrested": rearrested,
        }
    )


def _check_people_columns(people: Any, columns: Sequence[str]) -> pd.DataFrame:
    """Check that ``people`` has ``columns`` with values of the right kind."""
    _check_frame(people, "people", columns)
    for column in columns:
        if column == "group":
            _check_all_in(people[column], "people['group']", ("A", "B"))
        elif column == "age_band":
            _check_all_in(people[column], "people['age_band']", AGE_BANDS)
        elif column in ("neighbourhood", "prior_arrests", "true_prior_offences"):
            _column(people, "people", column, low=0, integer=True)
        elif column in LABELS:
            values = people[column].to_numpy()
            if values.dtype != bool:
                values = _column(people, "people", column, low=0, high=1, integer=True)
            if np.unique(values).size < 2:
                raise ValueError(
                    f"people['{column}'] must contain both outcomes (True and False) to "
                    "train a model"
                )
    return people


def _check_all_in(series: pd.Series, name: str, choices: Sequence[str]) -> None:
    """Raise ``ValueError`` unless every value of ``series`` is one of ``choices``."""
    values = series.to_numpy(dtype=object)
    known = np.isin(values, np.asarray(choices, dtype=object))
    if not known.all():
        check_choice(values[~known][0], f"every value of {name}", choices)


def _check_features(features: Any) -> tuple[str, ...]:
    if isinstance(features, str) or not isinstance(features, Sequence) or len(features) == 0:
        raise ValueError(
            "features must be a non-empty list of column names from "
            f"{', '.join(FEATURES)}; got {features!r}"
        )
    for feature in features:
        check_choice(feature, "features", FEATURES)
    if len(set(features)) != len(features):
        raise ValueError(f"features must not repeat a column; got {list(features)!r}")
    return tuple(features)


def train_risk_model(
    people: pd.DataFrame,
    *,
    features: Sequence[str] = ("neighbourhood", "age_band", "prior_arrests"),
    label: str = "rearrested",
    regularisation: float = 1.0,
    seed: int | None = None,
) -> Pipeline:
    """Fit a logistic-regression risk model to the people, the way such tools are built.

    Parameters
    ----------
    people : pandas.DataFrame
        People with the ``features`` and ``label`` columns (output of
        :func:`make_people`).
    features : sequence of str, default ("neighbourhood", "age_band", "prior_arrests")
        Columns the model may use, from :data:`FEATURES`: ``"neighbourhood"``,
        ``"group"``, ``"age_band"`` (one-hot encoded), ``"prior_arrests"``,
        ``"true_prior_offences"`` (counts). By default the model does not see the group,
        yet the neighbourhood (a proxy for group) and ``prior_arrests`` carry the patrol
        pattern.
    label : {"rearrested", "reoffends"}, default "rearrested"
        What the model learns to predict: the RECORDED label, as a real tool must, or the
        TRUE outcome, which only a simulation knows.
    regularisation : float, default 1.0
        Inverse regularisation strength ``C`` of the logistic regression, > 0.
    seed : int, optional
        ``random_state`` of the logistic regression (>= 0); the default solver is
        deterministic, so it rarely matters.

    Returns
    -------
    sklearn.pipeline.Pipeline
        A fitted pipeline (one-hot encoding, then logistic regression); pass it to
        :func:`score_people`.

    Examples
    --------
    >>> from policing_lab.city import make_city
    >>> people = make_people(make_city(seed=1), n_people=2_000, seed=2)
    >>> model = train_risk_model(people, features=["age_band", "prior_arrests"])
    >>> list(model.feature_names_in_)
    ['age_band', 'prior_arrests']
    """
    features = _check_features(features)
    label = check_choice(label, "label", LABELS)
    regularisation = check_number(regularisation, "regularisation", low=0, low_open=True)
    if seed is not None:
        seed = check_int(seed, "seed", low=0, high=2**32 - 1)
    _check_people_columns(people, (*features, label))

    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder

    categorical = [f for f in features if f in _CATEGORICAL]
    counts = [f for f in features if f not in _CATEGORICAL]
    encode = ColumnTransformer(
        [
            ("categories", OneHotEncoder(handle_unknown="ignore"), categorical),
            ("counts", "passthrough", counts),
        ]
    )
    model = Pipeline(
        [
            ("encode", encode),
            ("logistic", LogisticRegression(C=regularisation, max_iter=1_000, random_state=seed)),
        ]
    )
    x = people.loc[:, list(features)].copy()
    for column in categorical:
        x[column] = x[column].astype(str)
    model.fit(x, people[label].to_numpy().astype(bool))
    return model


def score_people(model: Pipeline, people: pd.DataFrame) -> pd.Series:
    """Risk scores in [0, 1] for each person: the model's predicted probability.

    Parameters
    ----------
    model : sklearn.pipeline.Pipeline
        A model fitted by :func:`train_risk_model`.
    people : pandas.DataFrame
        People with the model's feature columns (output of :func:`make_people`).

    Returns
    -------
    pandas.Series
        ``risk_score`` for each person (same index as ``people``): the predicted
        probability of the model's label (``rearrested`` or ``reoffends``).

    Examples
    --------
    >>> from policing_lab.city import make_city
    >>> people = make_people(make_city(seed=1), n_people=2_000, seed=2)
    >>> scores = score_people(train_risk_model(people), people)
    >>> bool(scores.between(0, 1).all())
    True
    """
    from sklearn.pipeline import Pipeline

    features = getattr(model, "feature_names_in_", None)
    if not isinstance(model, Pipeline) or features is None:
        raise ValueError(
            f"model must be a fitted model from train_risk_model; got {type(model).__name__}"
        )
    features = _check_features(list(features))
    _check_people_columns(people, features)
    x = people.loc[:, list(features)].copy()
    for column in features:
        if column in _CATEGORICAL:
            x[column] = x[column].astype(str)
    try:
        scores = model.predict_proba(x)[:, 1]
    except Exception as error:  # a pipeline changed by hand, for instance
        raise ValueError(f"model could not score these people: {error}") from None
    return pd.Series(scores, index=people.index, name="risk_score")


def split_people(
    people: pd.DataFrame, *, train_share: float = 0.5, seed: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split people into a training half and a test half, the same way in every chapter.

    Parameters
    ----------
    people : pandas.DataFrame
        One row per person (output of :func:`make_people`).
    train_share : float, default 0.5
        Share of the people drawn for training, in (0, 1).
    seed : int, default 0
        Seed of the draw (>= 0): the same seed gives the same split.

    Returns
    -------
    (train, test) : tuple of pandas.DataFrame
        Disjoint frames that together hold every row of ``people``, with its index.

    Examples
    --------
    >>> from policing_lab.city import make_city
    >>> train, test = split_people(make_people(make_city(seed=1), n_people=1_000, seed=2))
    >>> len(train), len(test)
    (500, 500)
    """
    if not isinstance(people, pd.DataFrame) or len(people) < 2:
        raise ValueError("people must be a pandas DataFrame with at least 2 rows")
    train_share = check_number(
        train_share, "train_share", low=0, high=1, low_open=True, high_open=True
    )
    seed = check_int(seed, "seed", low=0, high=2**32 - 1)
    train = people.sample(frac=train_share, random_state=seed)
    return train, people.drop(train.index)


def flag_top(scores: Any, share: float = 0.2) -> pd.Series:
    """Flag the ``share`` of people with the highest risk scores (ties at the cut flagged).

    Parameters
    ----------
    scores : pandas.Series
        Risk scores, such as the output of :func:`score_people`.
    share : float, default 0.2
        Share of people to flag, in (0, 1].

    Returns
    -------
    pandas.Series
        True where the score is at or above the ``1 - share`` quantile of the scores.

    Examples
    --------
    >>> flag_top(pd.Series([0.1, 0.5, 0.2, 0.9]), share=0.5).tolist()
    [False, True, False, True]
    """
    if not isinstance(scores, pd.Series):
        raise ValueError(
            f"scores must be a pandas Series of risk scores; got {type(scores).__name__}"
        )
    check_array(scores.to_numpy(dtype=float, na_value=np.nan), "scores", low=0, high=1)
    share = check_number(share, "share", low=0, high=1, low_open=True)
    return scores >= scores.quantile(1 - share)
