"""Watching the public: social-media monitoring as screening, unequal false flags, chilling.

A unit that "patrols" open social networks reads a stream of posts and *flags* a few of
them for a human to review. That is screening (chapter 3, :mod:`policing_lab.screening`)
with a very rare target: of all the posts written, only a tiny share are genuine threats,
so even a careful flagger fills its files with posts that are not. This module holds the
pieces of chapter 6:

What is here
------------
make_posts, flag_posts
    A synthetic stream of posts (no real posts, no real people): the *true* state of each
    post (``genuine_threat``) and whether its author writes with a dialect marker, then
    the flagger's decision (``flagged``), the *recorded* state. Vectorised and seeded.
flag_counts
    The same stream in expected numbers, per group of authors, built on
    :func:`policing_lab.screening.crowd_screening`: correct and false flags, the share of
    flags that are right (PPV) and who receives the false ones.
flag_grid
    Flags per genuine threat and the dialect group's share of the false flags over a grid
    of base rates and specificities (the data of the chapter's interactive figure).
review_workload
    What the flags cost: reviews, hours, files opened, visits, at stated (illustrative)
    rates.
chilling_effect
    A labelled toy: the chance of posting on a sensitive topic falls with perceived
    surveillance; the monitoring system sees fewer posts, and the silence itself is not in
    its data.
page_views, fit_interrupted_series
    Synthetic monthly page views with a drop and a change of trend at one month, in the
    style of Penney's study of Wikipedia views after June 2013 [penney2016], and a
    segmented regression that estimates the drop and the change of trend.
watchlist_stops
    A face-recognition watchlist whose entries are partly wrong: even a perfect face match
    to a wrong entry stops the wrong person. Expected stops per day at city scale.
SRFP_FIGURES, srfp_table
    The figures reported for Buenos Aires' fugitive facial-recognition system (SRFP), each
    with its source, as the sources report them.

Scope
-----
A stylised toy. The posts, users and groups are synthetic and abstract (group "A" writes
without the dialect marker, group "B" with it); the default rates are illustrative,
chosen so that the arithmetic is visible, and are not measured values of any real system
or platform. Two defaults stand for documented patterns: the dialect group's false flags
are twice the others' because hate-speech classifiers labelled tweets in African American
English as offensive up to two times as often [sap2019], a bias in the same direction in
all five data sets Davidson and colleagues studied [davidson2019]; and the chilling toy's
shape (an immediate drop and a changed trend) follows Penney's description of Wikipedia
views after June 2013 [penney2016], whose size is not copied here. A chilling effect in
this module is a labelled toy, never an estimate. :data:`SRFP_FIGURES` are documented
figures copied from the press and from court reports, not simulated.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from . import screening
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
    "THREAT_RATE",
    "SENSITIVITY",
    "SPECIFICITY",
    "DIALECT_SHARE",
    "DIALECT_FALSE_FLAG_RATIO",
    "POSTS_PER_DAY",
    "GROUPS",
    "POST_COLUMNS",
    "FLAG_COLUMNS",
    "make_posts",
    "flag_posts",
    "flag_counts",
    "flag_grid",
    "review_workload",
    "chilling_effect",
    "page_views",
    "fit_interrupted_series",
    "watchlist_stops",
    "ReportedFigure",
    "SRFP_FIGURES",
    "srfp_table",
]

#: Default share of posts that are genuine threats: 1 in 100,000. Illustrative: a
#: genuine threat is a tiny share of what people write; not a measured value.
THREAT_RATE = 1e-5

#: Default sensitivity of the flagger: the share of genuine threats it flags (90%).
#: Illustrative, not a measured value of any system.
SENSITIVITY = 0.9

#: Default specificity of the flagger for posts without the dialect marker: the share of
#: other posts it leaves alone (99.9%, so it flags 1 in 1,000 of them). Illustrative.
SPECIFICITY = 0.999

#: Default share of posts written with the dialect marker (group "B"): 20%. Illustrative.
DIALECT_SHARE = 0.2

#: Default ratio of the false-flag rate of posts with the dialect marker to the others':
#: 2. Sap and colleagues found tweets in African American English up to two times more
#: likely to be labelled offensive by hate-speech models [sap2019]; Davidson and
#: colleagues found the same direction in all five data sets they studied
#: [davidson2019]. "Up to two times" is the top of a range: here it is held fixed, by
#: assumption, at every specificity.
DIALECT_FALSE_FLAG_RATIO = 2.0

#: Default size of a day's stream of posts: one million. Illustrative.
POSTS_PER_DAY = 1_000_000

#: The two groups of authors: ``"A"`` writes without the dialect marker, ``"B"`` with it.
GROUPS = ("A", "B")

#: Columns of :func:`make_posts` (then ``flagged`` from :func:`flag_posts`).
POST_COLUMNS = ("post", "group", "dialect_marker", "genuine_threat")

#: Columns of :func:`flag_counts`, in order.
FLAG_COLUMNS = (
    "group",
    "share_of_posts",
    "posts",
    "genuine_threats",
    "false_flag_ratio",
    "false_flag_rate",
    "correct_flags",
    "false_flags",
    "flags",
    "ppv",
    "false_flags_per_correct_flag",
    "share_of_false_flags",
    "false_flags_per_10k_posts",
)

_MAX_POSTS = 10**12  # expected counts
_MAX_DRAWN_POSTS = 20_000_000  # posts drawn one by one by make_posts (memory)
_TOTAL = "total"


def _flags_of(frame: pd.DataFrame, frame_name: str, column: str) -> np.ndarray:
    """A column of True/False (or 0/1) values of a frame, as a bool array."""
    values = frame[column]
    if isinstance(values, pd.DataFrame):  # a duplicated column name
        raise ValueError(f"{frame_name} has more than one column named {column!r}")
    return check_binary(values.to_numpy(), f"{frame_name}[{column!r}]", what="values") == 1


def _check_rates(
    threat_rate: Any, sensitivity: Any, specificity: Any, dialect_share: Any, ratio: Any
) -> tuple[float, float, float, float, float]:
    threat_rate = check_probability(threat_rate, "threat_rate")
    sensitivity = check_probability(sensitivity, "sensitivity")
    specificity = check_probability(specificity, "specificity")
    dialect_share = check_probability(dialect_share, "dialect_share")
    ratio = check_number(ratio, "dialect_false_flag_ratio", low=0, low_open=True)
    if (1 - specificity) * ratio > 1:
        raise ValueError(
            "dialect_false_flag_ratio must be <= 1 / (1 - specificity) = "
            f"{1 / (1 - specificity):g} (a false-flag rate above 1); got {ratio!r}"
        )
    return threat_rate, sensitivity, specificity, dialect_share, ratio


# --------------------------------------------------------------------------------------
# a synthetic stream of posts
# --------------------------------------------------------------------------------------
def make_posts(
    n_posts: int = 100_000,
    *,
    threat_rate: float = THREAT_RATE,
    dialect_share: float = DIALECT_SHARE,
    seed: int | None = None,
    rng: np.random.Generator | None = None,
) -> pd.DataFrame:
    """A synthetic stream of posts: who wrote each one, and whether it is a genuine threat.

    No post is real and no author is a real person: each post is a row with two random
    properties, drawn independently. Whether a post is a genuine threat is the *true*
    state, known only in a simulation; the dialect marker is how it is written, and does
    not change whether it is a threat.

    Parameters
    ----------
    n_posts : int, default 100,000
        Number of posts, from 1 to 20,000,000.
    threat_rate : float, default 1e-5
        Chance that a post is a genuine threat, in [0, 1]. Illustrative: 1 in 100,000.
    dialect_share : float, default 0.2
        Chance that a post is written with the dialect marker (group ``"B"``), in [0, 1].
    seed : int, optional
        Seed for the random numbers (>= 0): the same seed gives the same posts.
    rng : numpy.random.Generator, optional
        A generator to use instead of ``seed`` (give at most one of the two).

    Returns
    -------
    pandas.DataFrame
        One row per post, the columns :data:`POST_COLUMNS`:

        ``post``
            Number of the post, 0 to ``n_posts - 1``.
        ``group``
            ``"A"`` (no dialect marker) or ``"B"`` (with it).
        ``dialect_marker``
            True for group ``"B"``.
        ``genuine_threat``
            True if the post is a genuine threat (the true state).

    Examples
    --------
    >>> posts = make_posts(1_000, threat_rate=0.01, seed=1)
    >>> list(posts.columns)
    ['post', 'group', 'dialect_marker', 'genuine_threat']
    >>> len(posts), posts["genuine_threat"].sum() < 30
    (1000, np.True_)
    """
    n_posts = check_int(n_posts, "n_posts", low=1, high=_MAX_DRAWN_POSTS)
    threat_rate = check_probability(threat_rate, "threat_rate")
    dialect_share = check_probability(dialect_share, "dialect_share")
    generator = check_rng(seed, rng)
    dialect = generator.random(n_posts) < dialect_share
    threat = generator.random(n_posts) < threat_rate
    return pd.DataFrame(
        {
            "post": np.arange(n_posts),
            "group": np.where(dialect, GROUPS[1], GROUPS[0]),
            "dialect_marker": dialect,
            "genuine_threat": threat,
        }
    )


def flag_posts(
    posts: pd.DataFrame,
    *,
    sensitivity: float = SENSITIVITY,
    specificity: float = SPECIFICITY,
    dialect_false_flag_ratio: float = DIALECT_FALSE_FLAG_RATIO,
    seed: int | None = None,
    rng: np.random.Generator | None = None,
) -> pd.DataFrame:
    """The flagger's decision on every post: the *recorded* state, beside the true one.

    A genuine threat is flagged with probability ``sensitivity`` whoever wrote it. Any
    other post is flagged by mistake with probability ``1 - specificity``, or
    ``dialect_false_flag_ratio`` times that if it carries the dialect marker.

    Parameters
    ----------
    posts : pandas.DataFrame
        Posts with the columns ``dialect_marker`` and ``genuine_threat`` (bool), as made
        by :func:`make_posts`.
    sensitivity : float, default 0.9
        Share of genuine threats flagged, in [0, 1]. Illustrative.
    specificity : float, default 0.999
        Share of other posts without the marker left alone, in [0, 1]. Illustrative.
    dialect_false_flag_ratio : float, default 2
        False-flag rate of posts with the marker over that of the others, > 0, at most
        ``1 / (1 - specificity)``. The default follows Sap et al. 2019 ("up to two
        times"); holding it fixed is an assumption.
    seed, rng
        As in :func:`make_posts`.

    Returns
    -------
    pandas.DataFrame
        A copy of ``posts`` with the column ``flagged`` (bool).

    Examples
    --------
    >>> posts = flag_posts(make_posts(100_000, seed=1), seed=2)
    >>> flagged = posts[posts["flagged"]]
    >>> bool((~flagged["genuine_threat"]).mean() > 0.9)   # nearly every flag is false
    True
    """
    check_frame(posts, "posts", ("dialect_marker", "genuine_threat"))
    dialect = _flags_of(posts, "posts", "dialect_marker")
    threat = _flags_of(posts, "posts", "genuine_threat")
    _, sensitivity, specificity, _, ratio = _check_rates(
        0.0, sensitivity, specificity, 0.0, dialect_false_flag_ratio
    )
    generator = check_rng(seed, rng)
    false_rate = (1 - specificity) * np.where(dialect, ratio, 1.0)
    chance = np.where(threat, sensitivity, false_rate)
    return posts.assign(flagged=generator.random(len(posts)) < chance)


# --------------------------------------------------------------------------------------
# expected counts, through chapter 3's screening machinery
# --------------------------------------------------------------------------------------
def flag_counts(
    n_posts: int = POSTS_PER_DAY,
    *,
    threat_rate: float = THREAT_RATE,
    sensitivity: float = SENSITIVITY,
    specificity: float = SPECIFICITY,
    dialect_share: float = DIALECT_SHARE,
    dialect_false_flag_ratio: float = DIALECT_FALSE_FLAG_RATIO,
) -> pd.DataFrame:
    """Expected correct and false flags in a stream of posts, per group of authors.

    The arithmetic is chapter 3's crowd screening
    (:func:`policing_lab.screening.crowd_screening`) with posts for faces, genuine threats
    for people on the watchlist and the flagger for the camera; the columns are renamed
    for posts. Genuine threats are equally common in both groups.

    Parameters
    ----------
    n_posts : int, default 1,000,000
        Posts read, from 0 to 10**12.
    threat_rate, sensitivity, specificity, dialect_share, dialect_false_flag_ratio
        As in :func:`make_posts` and :func:`flag_posts`.

    Returns
    -------
    pandas.DataFrame
        Rows ``"A"``, ``"B"`` and ``"total"``, the columns :data:`FLAG_COLUMNS`:

        ``group``, ``share_of_posts``, ``posts``
            The group and its posts.
        ``genuine_threats``
            Expected genuine threats among them (the true state).
        ``false_flag_ratio``, ``false_flag_rate``
            The group's false-flag rate relative to group A, and the rate itself (for the
            total, averages weighted by the share of posts).
        ``correct_flags``, ``false_flags``, ``flags``
            Genuine threats flagged, other posts flagged, and both.
        ``ppv``
            ``correct_flags / flags``: the share of flags that are right (NaN without
            flags).
        ``false_flags_per_correct_flag``
            ``false_flags / correct_flags`` (NaN without correct flags).
        ``share_of_false_flags``
            The group's share of all false flags (1 for the total).
        ``false_flags_per_10k_posts``
            How often a harmless post of the group ends up flagged, per 10,000 posts.

    Examples
    --------
    >>> table = flag_counts()
    >>> table[["group", "correct_flags", "false_flags"]].round(1)
       group  correct_flags  false_flags
    0      A            7.2        800.0
    1      B            1.8        400.0
    2  total            9.0       1200.0
    >>> round(float(table["share_of_false_flags"].iloc[1]), 3)
    0.333
    """
    n_posts = check_int(n_posts, "n_posts", low=0, high=_MAX_POSTS)
    threat_rate, sensitivity, specificity, dialect_share, ratio = _check_rates(
        threat_rate, sensitivity, specificity, dialect_share, dialect_false_flag_ratio
    )
    crowd = screening.crowd_screening(
        crowd_size=n_posts,
        watchlist_share=threat_rate,
        true_match_rate=sensitivity,
        false_match_rate=1 - specificity,
        group_shares={GROUPS[0]: 1 - dialect_share, GROUPS[1]: dialect_share},
        false_match_ratio={GROUPS[0]: 1.0, GROUPS[1]: ratio},
    )
    table = crowd.rename(
        columns={
            "crowd_share": "share_of_posts",
            "people": "posts",
            "on_watchlist": "genuine_threats",
            "false_match_ratio": "false_flag_ratio",
            "false_match_rate": "false_flag_rate",
            "correct_alerts": "correct_flags",
            "false_alerts": "false_flags",
            "alerts": "flags",
            "false_alerts_per_correct_alert": "false_flags_per_correct_flag",
            "false_alerts_per_10k_screened": "false_flags_per_10k_posts",
        }
    )
    total = float(table.loc[table["group"] == _TOTAL, "false_flags"].iloc[0])
    with np.errstate(divide="ignore", invalid="ignore"):
        table["ppv"] = np.where(table["flags"] > 0, table["correct_flags"] / table["flags"], np.nan)
        table["share_of_false_flags"] = table["false_flags"] / total if total > 0 else np.nan
    return table[list(FLAG_COLUMNS)]


def flag_grid(
    threat_rates: Sequence[float],
    specificities: Sequence[float],
    *,
    sensitivity: float = SENSITIVITY,
    dialect_share: float = DIALECT_SHARE,
    dialect_false_flag_ratio: float = DIALECT_FALSE_FLAG_RATIO,
    n_posts: int = POSTS_PER_DAY,
) -> pd.DataFrame:
    """Flags per genuine threat, over a grid of base rates and specificities.

    Every combination of ``threat_rates`` and ``specificities`` is one row (the static
    figure's slider positions). The share of flags that are right is
    :func:`policing_lab.screening.ppv` at the stream's average false-flag rate.

    Parameters
    ----------
    threat_rates : sequence of float
        Shares of posts that are genuine threats, each in (0, 1].
    specificities : sequence of float
        Specificities for posts without the marker, each in [0, 1].
    sensitivity, dialect_share, dialect_false_flag_ratio, n_posts
        As in :func:`flag_counts`.

    Returns
    -------
    pandas.DataFrame
        One row per ``(threat_rate, specificity)``: ``threat_rate``, ``specificity``,
        ``correct_flags``, ``false_flags_a``, ``false_flags_b`` and ``flags`` (expected,
        in ``n_posts`` posts), ``ppv``, ``false_flags_per_correct_flag`` and
        ``share_false_flags_b`` (the dialect group's share of the false flags).

    Examples
    --------
    >>> grid = flag_grid([1e-5, 1e-4], [0.999])
    >>> grid["false_flags_per_correct_flag"].round(1).tolist()
    [133.3, 13.3]
    """
    rates = check_array(list(threat_rates), "threat_rates", low=0, high=1, low_open=True)
    specs = check_array(list(specificities), "specificities", low=0, high=1)
    if rates.size == 0 or specs.size == 0:
        raise ValueError("threat_rates and specificities must each hold at least one value")
    for spec in specs:
        _check_rates(0.0, sensitivity, float(spec), dialect_share, dialect_false_flag_ratio)
    sensitivity = check_probability(sensitivity, "sensitivity")
    dialect_share = check_probability(dialect_share, "dialect_share")
    n_posts = check_int(n_posts, "n_posts", low=1, high=_MAX_POSTS)
    ratio = float(dialect_false_flag_ratio)

    pi, spec = (a.ravel() for a in np.meshgrid(rates, specs, indexing="ij"))
    fpr_a = 1 - spec
    fpr_mean = fpr_a * ((1 - dialect_share) + dialect_share * ratio)
    others = n_posts * (1 - pi)
    frame = pd.DataFrame(
        {
            "threat_rate": pi,
            "specificity": spec,
            "correct_flags": n_posts * pi * sensitivity,
            "false_flags_a": others * (1 - dialect_share) * fpr_a,
            "false_flags_b": others * dialect_share * fpr_a * ratio,
        }
    )
    frame["flags"] = frame["correct_flags"] + frame["false_flags_a"] + frame["false_flags_b"]
    frame["ppv"] = screening.ppv(pi, sensitivity, fpr_mean)
    false = frame["false_flags_a"] + frame["false_flags_b"]
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["false_flags_per_correct_flag"] = np.where(
            frame["correct_flags"] > 0, false / frame["correct_flags"], np.nan
        )
        frame["share_false_flags_b"] = np.where(false > 0, frame["false_flags_b"] / false, np.nan)
    return frame


def review_workload(
    flags: float,
    *,
    minutes_per_review: float = 10.0,
    share_filed: float = 0.1,
    share_visited: float = 0.01,
) -> dict[str, float]:
    """What a number of flags costs: reviews, analyst hours, files opened, visits.

    Every flag is reviewed by a person; a share of the flags is kept in a file, and a
    share leads to a visit. All three rates are illustrative settings for the exercise,
    not measured practice of any unit.

    Parameters
    ----------
    flags : float
        Number of flags (expected or counted), >= 0.
    minutes_per_review : float, default 10
        Minutes an analyst spends on one flag, >= 0.
    share_filed : float, default 0.1
        Share of flags kept on file, in [0, 1].
    share_visited : float, default 0.01
        Share of flags that lead to a visit, in [0, share_filed]: a visit is filed too.

    Returns
    -------
    dict of str to float
        ``reviews``, ``analyst_hours``, ``files`` and ``visits``.

    Examples
    --------
    >>> review_workload(1_200)
    {'reviews': 1200.0, 'analyst_hours': 200.0, 'files': 120.0, 'visits': 12.0}
    """
    flags = check_number(flags, "flags", low=0)
    minutes = check_number(minutes_per_review, "minutes_per_review", low=0)
    share_filed = check_probability(share_filed, "share_filed")
    share_visited = check_number(share_visited, "share_visited", low=0, high=share_filed)
    return {
        "reviews": flags,
        "analyst_hours": flags * minutes / 60,
        "files": flags * share_filed,
        "visits": flags * share_visited,
    }


# --------------------------------------------------------------------------------------
# chilling effects: a labelled toy
# --------------------------------------------------------------------------------------
def chilling_effect(
    surveillance: Any,
    *,
    users: int = 100_000,
    post_prob: float = 0.2,
    chill: float = 0.5,
    threat_rate: float = 1e-3,
    threat_chill: float | None = None,
    simulate: bool = False,
    seed: int | None = None,
    rng: np.random.Generator | None = None,
) -> pd.DataFrame:
    """A toy chilling effect: fewer people post on a sensitive topic when they feel watched.

    Each of ``users`` people would post on a sensitive topic (a protest, a complaint about
    police) with probability ``post_prob``. Under a perceived surveillance level ``s`` in
    [0, 1] they do so with probability ``post_prob * (1 - chill * s)``. A share
    ``threat_rate`` of the would-be posts are genuine threats, and their authors hold back
    by ``threat_chill`` (by default as much as everyone else). The straight-line form and
    every default are **assumptions** of the toy, chosen to make the mechanism visible;
    they are not estimates of any real effect.

    The monitoring system sees only ``posted``. ``would_post`` and ``silenced`` are known
    only in the simulation: in the system's data, people who stayed silent leave no row.

    Parameters
    ----------
    surveillance : float or sequence of float
        Perceived surveillance levels, each in [0, 1] (0: nobody feels watched).
    users : int, default 100,000
        People who might post, from 1 to 10**9.
    post_prob : float, default 0.2
        Chance that a person would post without any surveillance, in [0, 1].
    chill : float, default 0.5
        Share of would-be posts withheld at full surveillance, in [0, 1].
    threat_rate : float, default 0.001
        Share of would-be posts that are genuine threats, in [0, 1]. Illustrative, higher
        than :data:`THREAT_RATE` so that the threats are visible in the table.
    threat_chill : float, optional
        Share of genuine threats withheld at full surveillance, in [0, 1]; by default
        ``chill``.
    simulate : bool, default False
        ``False``: expected values. ``True``: one random draw (binomial) per level.
    seed, rng
        Random draw only (``simulate=True``), as in :func:`make_posts`.

    Returns
    -------
    pandas.DataFrame
        One row per surveillance level: ``surveillance``, ``users``, ``would_post`` (the
        true state), ``posted`` (what the system sees), ``silenced``
        (``would_post - posted``), ``share_silenced``, ``threats_would_post`` and
        ``threats_posted``.

    Examples
    --------
    >>> toy = chilling_effect([0, 0.5, 1])
    >>> toy[["surveillance", "would_post", "posted", "silenced"]]
       surveillance  would_post   posted  silenced
    0           0.0     20000.0  20000.0       0.0
    1           0.5     20000.0  15000.0    5000.0
    2           1.0     20000.0  10000.0   10000.0
    """
    if isinstance(surveillance, numbers.Real) and not isinstance(surveillance, bool):
        surveillance = [surveillance]
    levels = check_array(surveillance, "surveillance", low=0, high=1, min_length=1)
    users = check_int(users, "users", low=1, high=10**9)
    post_prob = check_probability(post_prob, "post_prob")
    chill = check_probability(chill, "chill")
    threat_rate = check_probability(threat_rate, "threat_rate")
    threat_chill = (
        chill if threat_chill is None else check_probability(threat_chill, "threat_chill")
    )
    simulate = check_bool(simulate, "simulate")
    if not simulate and (seed is not None or rng is not None):
        raise ValueError("seed and rng are used only with simulate=True (a random draw)")

    keep_other = 1 - chill * levels  # chance that a would-be post is still written
    keep_threat = 1 - threat_chill * levels
    would_post: np.ndarray
    threats_would: np.ndarray
    threats_posted: np.ndarray
    posted: np.ndarray
    if simulate:
        generator = check_rng(seed, rng)
        would = generator.binomial(users, post_prob, size=levels.size)
        threats_would = generator.binomial(would, threat_rate)
        others_would = would - threats_would
        threats_posted = generator.binomial(threats_would, keep_threat)
        posted = generator.binomial(others_would, keep_other) + threats_posted
        would_post = would.astype(np.int64)
    else:
        would_post = np.full(levels.size, users * post_prob)
        threats_would = would_post * threat_rate
        threats_posted = threats_would * keep_threat
        posted = (would_post - threats_would) * keep_other + threats_posted
    frame = pd.DataFrame(
        {
            "surveillance": levels,
            "users": users,
            "would_post": would_post,
            "posted": posted,
            "silenced": would_post - posted,
            "threats_would_post": threats_would,
            "threats_posted": threats_posted,
        }
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["share_silenced"] = np.where(
            frame["would_post"] > 0, frame["silenced"] / frame["would_post"], np.nan
        )
    columns = ["surveillance", "users", "would_post", "posted", "silenced", "share_silenced"]
    return frame[[*columns, "threats_would_post", "threats_posted"]]


def page_views(
    *,
    months: int = 32,
    event_month: int = 18,
    baseline: float = 3_000_000.0,
    trend: float = 40_000.0,
    drop: float = 0.2,
    trend_after: float = -10_000.0,
    noise: float = 0.03,
    seed: int | None = None,
    rng: np.random.Generator | None = None,
) -> pd.DataFrame:
    """Synthetic monthly views of a set of privacy-sensitive pages, with an interruption.

    Before ``event_month`` the expected views grow by ``trend`` a month from
    ``baseline``. At ``event_month`` they fall by a share ``drop`` of the level expected
    then, and afterwards they change by ``trend_after`` a month. Each month's views are
    the expected value times a random factor ``1 + noise * Normal(0, 1)``. The shape, an
    immediate drop and a changed trend, is how Penney described Wikipedia views after
    June 2013 [penney2016]; every number here is **synthetic**, not his data.

    Parameters
    ----------
    months : int, default 32
        Months in the series, from 6 to 600.
    event_month : int, default 18
        First month after the event (0-based), from 3 to ``months - 3``: at least three
        months on each side.
    baseline : float, default 3,000,000
        Expected views in month 0, > 0.
    trend : float, default 40,000
        Change of expected views per month before the event.
    drop : float, default 0.2
        Immediate fall at the event, as a share of the expected level, in [0, 1).
    trend_after : float, default -10,000
        Change of expected views per month after the event.
    noise : float, default 0.03
        Standard deviation of the monthly random factor, in [0, 0.5].
    seed, rng
        As in :func:`make_posts`.

    Returns
    -------
    pandas.DataFrame
        One row per month: ``month`` (0-based), ``after`` (bool), ``expected`` (the
        model's mean), ``without_event`` (the pre-event trend carried on: what the views
        would have been; known only in a simulation) and ``views`` (the simulated data).

    Examples
    --------
    >>> series = page_views(noise=0.0)
    >>> series.loc[[17, 18], ["month", "expected", "without_event"]].round()
        month   expected  without_event
    17     17  3680000.0      3680000.0
    18     18  2976000.0      3720000.0
    """
    months = check_int(months, "months", low=6, high=600)
    event_month = check_int(event_month, "event_month", low=3, high=months - 3)
    baseline = check_number(baseline, "baseline", low=0, low_open=True)
    trend = check_number(trend, "trend")
    drop = check_number(drop, "drop", low=0, high=1, high_open=True)
    trend_after = check_number(trend_after, "trend_after")
    noise = check_number(noise, "noise", low=0, high=0.5)
    generator = check_rng(seed, rng)
    month = np.arange(months)
    after = month >= event_month
    without = baseline + trend * month
    level_at_event = (baseline + trend * event_month) * (1 - drop)
    expected = np.where(after, level_at_event + trend_after * (month - event_month), without)
    if np.any(expected <= 0):
        raise ValueError(
            "trend_after makes the expected views fall to 0 or below before the series "
            f"ends; got trend_after={trend_after!r}"
        )
    views = expected * (1 + noise * generator.standard_normal(months))
    return pd.DataFrame(
        {
            "month": month,
            "after": after,
            "expected": expected,
            "without_event": without,
            "views": np.maximum(views, 0.0),
        }
    )


def fit_interrupted_series(series: pd.DataFrame) -> dict[str, float]:
    """Segmented regression of an interrupted time series: the drop and the change of trend.

    Fits ``views = b0 + b1 * month + b2 * after + b3 * (month - m0) * after`` by least
    squares, where ``m0`` is the first month after the event, the model used in
    interrupted-time-series studies such as Penney's [penney2016].

    Parameters
    ----------
    series : pandas.DataFrame
        Columns ``month`` (increasing), ``after`` (False, then True, at least two months
        on each side) and ``views``, as made by :func:`page_views`.

    Returns
    -------
    dict of str to float
        ``level_before`` (b0), ``trend_before`` (b1), ``level_change`` (b2: the immediate
        jump at the event, against the pre-event trend), ``trend_change`` (b3),
        ``trend_after`` (b1 + b3) and ``relative_drop`` (``-b2`` divided by the pre-event
        trend's value at ``m0``).

    Examples
    --------
    >>> fit = fit_interrupted_series(page_views(noise=0.0))
    >>> round(fit["relative_drop"], 3), round(fit["trend_after"])
    (0.2, -10000)
    """
    check_frame(series, "series", ("month", "after", "views"))
    month = check_column(series, "series", "month")
    after = _flags_of(series, "series", "after")
    views = check_column(series, "series", "views")
    if np.any(np.diff(month) <= 0):
        raise ValueError("series['month'] must be increasing")
    if after.sum() < 2 or (~after).sum() < 2 or np.any(np.diff(after.astype(int)) < 0):
        raise ValueError(
            "series['after'] must be False for at least two months, then True for at least two"
        )
    start = float(month[after][0])
    design = np.column_stack([np.ones_like(month), month, after, (month - start) * after])
    (b0, b1, b2, b3), *_ = np.linalg.lstsq(design, views, rcond=None)
    expected_then = b0 + b1 * start
    return {
        "level_before": float(b0),
        "trend_before": float(b1),
        "level_change": float(b2),
        "trend_change": float(b3),
        "trend_after": float(b1 + b3),
        "relative_drop": float(-b2 / expected_then) if expected_then else float("nan"),
    }


# --------------------------------------------------------------------------------------
# a watchlist with wrong entries, at city scale
# --------------------------------------------------------------------------------------
def watchlist_stops(
    *,
    faces_per_day: int,
    listed_share: float,
    true_match_rate: float,
    false_match_rate: float,
    entry_error_rate: float,
    days: int = 1,
) -> dict[str, float]:
    """Expected stops of a face-recognition watchlist whose entries are partly wrong.

    Faces are screened as in :func:`policing_lab.screening.expected_counts`. A correct
    face match is then checked against its entry: a share ``entry_error_rate`` of entries
    are wrong (a mistyped identity number, a warrant already closed, a child who should
    not be listed), so the person matched is stopped for nothing although the face
    recognition worked. False face matches stop the wrong person too.

    Parameters
    ----------
    faces_per_day : int
        Faces screened a day, from 0 to 10**10.
    listed_share : float
        Share of those faces whose person is on the list, in [0, 1].
    true_match_rate : float
        Share of listed people the system matches, in [0, 1].
    false_match_rate : float
        Share of everyone else falsely matched to some entry, in [0, 1].
    entry_error_rate : float
        Share of matched entries that are wrong, in [0, 1].
    days : int, default 1
        Days of operation, from 1 to 36,500.

    Returns
    -------
    dict of str to float
        Over ``days``: ``matches`` (all alerts), ``valid_stops`` (the right person, a
        valid entry), ``stops_on_wrong_entry`` (the right face, a wrong record),
        ``false_face_matches`` and ``share_of_stops_wrong``.

    Examples
    --------
    >>> stops = watchlist_stops(faces_per_day=100_000, listed_share=1e-4,
    ...                         true_match_rate=0.9, false_match_rate=0.0,
    ...                         entry_error_rate=0.05, days=10)
    >>> {k: round(v, 2) for k, v in stops.items()}  # doctest: +NORMALIZE_WHITESPACE
    {'matches': 90.0, 'valid_stops': 85.5, 'stops_on_wrong_entry': 4.5,
     'false_face_matches': 0.0, 'share_of_stops_wrong': 0.05}
    """
    faces = check_int(faces_per_day, "faces_per_day", low=0, high=10**10)
    days = check_int(days, "days", low=1, high=36_500)
    error = check_probability(entry_error_rate, "entry_error_rate")
    counts = screening.expected_counts(faces, listed_share, true_match_rate, false_match_rate)
    face_right = counts["true_positives"] * days
    face_wrong = counts["false_positives"] * days
    matches = face_right + face_wrong
    wrong_entry = face_right * error
    return {
        "matches": matches,
        "valid_stops": face_right - wrong_entry,
        "stops_on_wrong_entry": wrong_entry,
        "false_face_matches": face_wrong,
        "share_of_stops_wrong": (wrong_entry + face_wrong) / matches if matches else float("nan"),
    }


# --------------------------------------------------------------------------------------
# Buenos Aires: reported figures
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReportedFigure:
    """One figure reported about a real system, stored as the source reports it.

    Parameters
    ----------
    name : str
        A short name (used as the key of :func:`srfp_table`).
    value : float
        The figure.
    what : str
        What it counts, in the source's terms.
    when : str
        The date or period it refers to.
    reported_by : str
        Who gave the figure and who published it ("officials, reported by ...").
    key : str
        Bibliography key in ``references.bib``.
    """

    name: str
    value: float
    what: str
    when: str
    reported_by: str
    key: str

    def __post_init__(self) -> None:
        check_number(self.value, "value", low=0)
        for field_name in ("name", "what", "when", "reported_by", "key"):
            text = getattr(self, field_name)
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"{field_name} must be a non-empty string")


#: Figures reported for Buenos Aires' *Sistema de Reconocimiento Facial de Prófugos*
#: (SRFP), launched in April 2019, as the sources report them (press figures are the
#: officials' figures as the press reported them).
SRFP_FIGURES: tuple[ReportedFigure, ...] = (
    ReportedFigure(
        "cameras",
        300,
        "cameras running face recognition, in rotation",
        "April 2019",
        "city officials, reported by Infobae",
        "infobae2019",
    ),
    ReportedFigure(
        "city_cameras",
        7_000,
        'city security cameras in all ("more than 7,000")',
        "April 2019",
        "city officials, reported by Infobae",
        "infobae2019",
    ),
    ReportedFigure(
        "listed",
        46_000,
        'entries of the national fugitives database (CONARC), "more than '
        '46,000" (officials also said "40,000 wanted")',
        "April 2019",
        "city officials, reported by Infobae",
        "infobae2019",
    ),
    ReportedFigure(
        "claimed_accuracy",
        0.93,
        "effectiveness claimed by officials in tests (92% in other reports of the launch)",
        "April 2019",
        "city officials, reported by Infobae",
        "infobae2019",
    ),
    ReportedFigure(
        "identified_60_days",
        1_043,
        "people identified and put before the courts",
        "first 60 days",
        "the city government, reported by Clarín",
        "clarin2019",
    ),
    ReportedFigure(
        "detained_60_days",
        174,
        "of them, people kept in detention",
        "first 60 days",
        "the city government, reported by Clarín",
        "clarin2019",
    ),
    ReportedFigure(
        "wrongly_detained_share",
        0.04,
        "share of people detained in error because of faulty data in the records",
        "first 60 days",
        "city police sources, reported by Clarín",
        "clarin2019",
    ),
    ReportedFigure(
        "alerts_july_2019",
        1_227,
        "alerts raised since 25 April 2019",
        "by July 2019",
        "official data, reported by Clarín",
        "iocco2019",
    ),
    ReportedFigure(
        "identified_per_day",
        14,
        "people identified a day, on average",
        "by July 2019",
        "official data, reported by Clarín",
        "iocco2019",
    ),
    ReportedFigure(
        "detained_share",
        0.18,
        "share of the people identified who were detained (the "
        "rest were notified, had no warrant requiring detention, or were errors of the "
        "system or of the database)",
        "by July 2019",
        "official data, reported by Clarín",
        "iocco2019",
    ),
    ReportedFigure(
        "days_held",
        6,
        "days a man was held after a match to an entry that carried his identity number in "
        "place of the wanted man's",
        "2019",
        "the man's account, reported by WIRED",
        "wired2023",
    ),
)


def srfp_table() -> pd.DataFrame:
    """The reported figures of :data:`SRFP_FIGURES` as a table, one row per figure.

    Returns
    -------
    pandas.DataFrame
        The columns ``name``, ``value``, ``what``, ``when``, ``reported_by`` and ``key``.

    Examples
    --------
    >>> table = srfp_table().set_index("name")
    >>> int(table.loc["cameras", "value"]), table.loc["cameras", "key"]
    (300, 'infobae2019')
    """
    return pd.DataFrame([vars(f) for f in SRFP_FIGURES])
