"""Feedback loops: patrols go where the model points, and the model learns it was right.

A predictive model trained on police records sends patrols to the places with the most
recorded incidents. Police discover incidents only where they patrol, so those places
gain more records, and the next model sends even more patrols there. This module holds
two versions of that loop and the corrections that break it.

The urn model
-------------
Ensign et al. [ensign2018] describe the loop as a Polya urn. Two regions, A and B, have
true incident rates ``lambda_a`` and ``lambda_b`` (incidents per day). The model's belief
is an urn with ``n_a`` balls for A and ``n_b`` for B; each day one patrol goes to A with
probability ``p = n_a / (n_a + n_b)`` (the *share* of A) and to B otherwise. The urn then
gains balls, set by two options of :func:`run_urn`:

``w_d``, the weight of discovered incidents
    Discovered incidents, found only in the region visited (``lambda`` of that region,
    or a Poisson(``lambda``) number), add ``w_d`` balls each. Incidents reported by
    residents, which happen in both regions whoever patrols, add ``w_r = 1 - w_d`` each.
    ``w_d = 1`` (the default) is *discoveries only*: only the visited region gains balls.
    With expected counts the update is the matrix ``M = [[lambda_a, w_r lambda_b],
    [w_r lambda_a, lambda_b]]`` (row = region visited, columns = balls added to A and
    to B; :func:`update_matrix`).
``surprise``
    The correction of Ensign et al.: a discovered incident in region ``i`` is kept only
    with probability ``q_i = (1 - p_i) / max_j (1 - p_j)``, where ``p_A = p`` and
    ``p_B = 1 - p``: the more patrols a region already gets, the less a discovery there
    tells the model. Reported incidents (weight ``w_r``) are always kept. The share then
    tends to the true share ``lambda_a / (lambda_a + lambda_b)``.

Optionally each ball is removed with probability ``decay`` every day (old records are
forgotten), with at least one ball left per region. :func:`run_urn` simulates many runs
at once; :func:`urn_limit` gives the share where the urn settles,
the stable root in [0, 1] of ``f(x) = (c + d - a - b) x**2 + (a - 2c - d) x + c`` for
``M = [[a, b], [c, d]]``. With discovery only and ``lambda_a > lambda_b`` the limit is 1:
all patrols end up in A, however small the true difference. :func:`urn_sweep` runs the
urn over a grid of weights, with and without the correction, next to those limits.

The hot-spot loop in the city
-----------------------------
:func:`run_hotspot_loop` plays the same loop in the synthetic city of
:mod:`policing_lab.city`: every morning a count-based hot-spot model ranks the
neighbourhoods by their recorded incidents over a trailing window and flags the top few;
flagged neighbourhoods get more of the (fixed) patrol budget; patrols change discovery;
the day's records feed the next morning's model. Lum and Isaac [lum2016] ran a feedback
experiment of this kind with a PredPol-style model on Oakland drug records. The rules
``"reported"`` and ``"weighted"`` are two corrections, each with its own assumption: the
model counts only reported incidents (which follow true offending only where reporting
is equally likely everywhere [akpinar2021]), or weights every record by the inverse of its
chance of being recorded under that day's patrol
(:func:`policing_lab.city.recording_prob`; it needs a log of the patrols and the reporting
probabilities, and is the closest to Ensign et al.'s correction). With the city's optional
deterrence (:func:`policing_lab.city.offending_factor`) the day's patrols also lower that
day's true offences where they go. :func:`summarise_loop` gives one row per day: the
shares of patrols, records and true offences on the group-B side of town and how
concentrated patrols and records are.

Scope
-----
A stylised toy with synthetic data, after [ensign2018] and [lum2016]. It is not a model
of any real city, police force, predictive product or group of people; the regions,
neighbourhoods and groups are abstract. The urn's default parameters are the
Oakland-derived values used by Ensign et al. for illustration, not measurements of a
place. The hot-spot loop leaves out what :mod:`policing_lab.city` leaves out: no
deterrence unless it is switched on, no displacement of offending, reporting that does
not depend on patrols, independent days without seasons, and illustrative patrol and
discovery parameters.

Main functions
--------------
run_urn
    Trajectories of the urn's share of region A for many runs (tidy frame).
final_shares
    The last recorded share of each run of :func:`run_urn`.
update_matrix
    The expected update matrix ``M`` for a weight of discovered incidents.
urn_limit
    The share where the urn settles (stable fixed point) for a matrix ``M``.
true_share
    The true share of region A, ``lambda_a / (lambda_a + lambda_b)``.
urn_sweep
    Runs of the urn over a grid of weights, with and without the correction, and where
    theory says each settles (tidy frame, for a chart with a slider).
run_hotspot_loop
    The daily hot-spot model in the city: one row per neighbourhood-day.
summarise_loop
    One row per day of a hot-spot loop: shares on the group-B side, concentration.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._validation import (
    check_array,
    check_bool,
    check_choice,
    check_int,
    check_number,
    check_probability,
    check_rng,
)
from ._validation import check_column as _frame_column
from ._validation import check_frame as _check_frame
from .city import (
    _deterrence_of,
    _discovery_rate_of,
    check_city,
    city_params,
    discovery_from_patrol,
    offending_factor,
    recording_prob,
    simulate_counts,
)

__all__ = [
    "OAKLAND_RATES",
    "STRONG_PRIOR",
    "LOOP_RULES",
    "SWEEP_COLUMNS",
    "run_urn",
    "final_shares",
    "update_matrix",
    "urn_limit",
    "true_share",
    "urn_sweep",
    "run_hotspot_loop",
    "summarise_loop",
]

#: Incident rates (per day) of the two regions in Ensign et al.'s Oakland example
#: [ensign2018]: region A and a second region B.
OAKLAND_RATES = (3.68511, 2.816466)

#: The strong prior of Ensign et al. [ensign2018]: balls for A and B before the first day.
STRONG_PRIOR = (609, 379)

#: What the hot-spot model of :func:`run_hotspot_loop` counts.
LOOP_RULES = ("recorded", "reported", "weighted")

#: Columns of :func:`urn_sweep`, in order.
SWEEP_COLUMNS = ("w_d", "corrected", "run", "draw", "share_a", "limit", "true_share")

_MAX_RATE = 1e6  # incidents per day in the urn (a safety bound)
_MAX_BALLS = 1e12  # prior balls
_MAX_DRAWS = 10_000_000
_MAX_RUNS = 1_000_000
_MAX_RECORDS = 20_000_000  # rows of the trajectory frame (memory bound)
_CHUNK_CELLS = 1 << 18  # random numbers drawn at once (draws x runs)
_AUTO_RECORDS = 200  # records per run when record_every is not given
_MAX_DAYS = 36_500
_MAX_WINDOW = 3_650
_MAX_WEIGHTS = 101  # weights in one sweep


# --------------------------------------------------------------------------------------
# the urn model
# --------------------------------------------------------------------------------------
def _check_rates(lambda_a: Any, lambda_b: Any) -> tuple[float, float]:
    return (
        check_number(lambda_a, "lambda_a", low=0, high=_MAX_RATE, low_open=True),
        check_number(lambda_b, "lambda_b", low=0, high=_MAX_RATE, low_open=True),
    )


def true_share(lambda_a: float, lambda_b: float) -> float:
    """The true share of region A's incidents, ``lambda_a / (lambda_a + lambda_b)``.

    The share of patrols a model that knew the true rates would send to A, and where the
    urn settles with the surprise correction or with reports only (``w_d = 0``).

    Parameters
    ----------
    lambda_a, lambda_b : float
        True incident rates of regions A and B, incidents per day (> 0, at most 1e6).

    Examples
    --------
    >>> round(true_share(*OAKLAND_RATES), 4)
    0.5668
    """
    lambda_a, lambda_b = _check_rates(lambda_a, lambda_b)
    return lambda_a / (lambda_a + lambda_b)


def update_matrix(lambda_a: float, lambda_b: float, *, w_d: float = 1.0) -> np.ndarray:
    """The expected update matrix ``M`` of the urn (row = region visited).

    ``M[i, j]`` is the expected number of balls added to region ``j`` (0 = A, 1 = B) on a
    day when the patrol visits region ``i``: ``[[lambda_a, w_r lambda_b], [w_r lambda_a,
    lambda_b]]`` with ``w_r = 1 - w_d``. With ``w_d = 1`` (discoveries only) it is
    ``diag(lambda_a, lambda_b)``. The surprise correction has no fixed matrix (its updates
    depend on the current share); it settles at :func:`true_share`.

    Parameters
    ----------
    lambda_a, lambda_b : float
        True incident rates of regions A and B, incidents per day (> 0, at most 1e6).
    w_d : float, default 1.0
        Weight of discovered incidents, in [0, 1]; reported incidents weigh ``1 - w_d``.

    Returns
    -------
    numpy.ndarray
        A 2 x 2 float array.

    Examples
    --------
    >>> update_matrix(3.0, 2.0, w_d=0.75)
    array([[3.  , 0.5 ],
           [0.75, 2.  ]])
    """
    lambda_a, lambda_b = _check_rates(lambda_a, lambda_b)
    w_r = 1.0 - check_probability(w_d, "w_d")
    return np.array([[lambda_a, w_r * lambda_b], [w_r * lambda_a, lambda_b]])


def urn_limit(matrix: Any) -> float:
    """The share of region A where the urn settles, for an update matrix ``M``.

    With ``M = [[a, b], [c, d]]`` (row = region visited, columns = balls added to A and
    B), the expected change of the share ``x`` of A is proportional to
    ``f(x) = (c + d - a - b) x**2 + (a - 2c - d) x + c`` [ensign2018]. The urn settles at
    the stable root of ``f`` in [0, 1]: the one where ``f`` changes from positive (the
    share grows) to negative (it shrinks). Because ``f(0) = c >= 0`` and
    ``f(1) = -b <= 0`` there is exactly one such point, unless ``f`` is zero everywhere:
    then every share is a resting point (a plain Polya urn, for instance discovery only
    with ``lambda_a == lambda_b``), the limit is random (it depends on the run) and the
    function returns NaN.

    Parameters
    ----------
    matrix : array of float, shape (2, 2)
        The update matrix, every entry >= 0 and at least one > 0 (see
        :func:`update_matrix`).

    Returns
    -------
    float
        The limit share of A in [0, 1], or NaN when there is no unique limit.

    Examples
    --------
    >>> round(urn_limit(update_matrix(3.68511, 2.816466)), 3)   # discovery only
    1.0
    >>> m = update_matrix(3.68511, 2.816466, w_d=0.5)
    >>> round(urn_limit(m), 3)
    0.599
    """
    m = check_array(matrix, "matrix", low=0, ndim=2, length=2)
    if m.shape != (2, 2):
        raise ValueError(f"matrix must have shape (2, 2); got shape {m.shape}")
    scale = float(m.max())
    if scale == 0:
        raise ValueError("matrix must have at least one entry > 0; got all zeros")
    (a, b), (c, d) = m / scale  # f scales with M: the root does not change
    quad = c + d - a - b
    lin = a - 2 * c - d
    const = c
    tol = 1e-12
    if abs(quad) <= tol and abs(lin) <= tol and abs(const) <= tol:
        return float("nan")  # f == 0: every share is a resting point
    root_disc = np.sqrt(max(lin * lin - 4 * quad * const, 0.0))
    # The stable root is the one with f'(x) = 2 quad x + lin = -sqrt(disc) < 0. Two
    # algebraically equal forms avoid cancellation; the second also covers quad == 0.
    if lin < 0:
        root = 2 * const / (root_disc - lin)
    else:
        root = (-lin - root_disc) / (2 * quad)
    return float(min(max(root, 0.0), 1.0))


def run_urn(
    lambda_a: float = OAKLAND_RATES[0],
    lambda_b: float = OAKLAND_RATES[1],
    *,
    prior: Any = STRONG_PRIOR,
    n_draws: int = 1_000,
    n_runs: int = 100,
    w_d: float = 1.0,
    surprise: bool = False,
    poisson: bool = False,
    decay: float = 0.0,
    record_every: int | None = None,
    seed: int | None = None,
    rng: np.random.Generator | None = None,
) -> pd.DataFrame:
    """Simulate Ensign et al.'s urn [ensign2018] for many runs at once.

    Each draw is one day: one patrol goes to region A with probability equal to the
    current share of A, ``n_a / (n_a + n_b)``, else to B, and the urn gains balls: the
    incidents the patrol discovers (weight ``w_d``) and, when ``w_d < 1``, the incidents
    residents report in both regions (weight ``1 - w_d``); see the module docstring.
    Runs are independent and simulated together.

    Parameters
    ----------
    lambda_a, lambda_b : float, default 3.68511 and 2.816466
        True incident rates of regions A and B, incidents per day (> 0, at most 1e6).
        The defaults are Ensign et al.'s Oakland example (:data:`OAKLAND_RATES`).
    prior : pair of float, default (609, 379)
        Balls for A and B before the first draw (> 0 each, at most 1e12): the model's
        initial belief, worth that many incidents. The default is Ensign et al.'s strong
        prior (:data:`STRONG_PRIOR`); their weak prior is it divided by 100.
    n_draws : int, default 1,000
        Number of days (draws), from 1 to 10 million.
    n_runs : int, default 100
        Number of independent runs, from 1 to 1 million.
    w_d : float, default 1.0
        Weight of discovered incidents, in [0, 1]. 1: discoveries only, the runaway urn.
        Below 1, reported incidents in both regions weigh ``1 - w_d``.
    surprise : bool, default False
        Ensign et al.'s correction: each discovered incident in region ``i`` is kept
        only with probability ``q_i = (1 - p_i) / max_j (1 - p_j)``, where ``p_i`` is the
        share of patrols region ``i`` gets. Reports are always kept.
    poisson : bool, default False
        False: a visit to region ``i`` discovers exactly ``lambda_i`` incidents (and
        ``lambda_i`` are reported there), the expected numbers; ``surprise`` then keeps
        the whole discovery with probability ``q_i``. True: the numbers are independent
        Poisson draws with those means and ``surprise`` keeps each incident with
        probability ``q_i``.
    decay : float, default 0.0
        Forgetting, in [0, 1): after each draw every whole ball is removed with this
        probability, ``n_i <- max(n_i - Binomial(floor(n_i), decay), 1)``. Ensign et al.
        use 0.01.
    record_every : int, optional
        Record the share every this many draws (>= 1); the prior (draw 0) and the last
        draw are always recorded. By default about 200 records per run.
    seed : int, optional
        Seed for the random numbers (>= 0): the same seed gives the same trajectories.
    rng : numpy.random.Generator, optional
        A generator to use instead of ``seed`` (give at most one of the two).

    Returns
    -------
    pandas.DataFrame
        One row per run and recorded draw, ordered by run then draw:

        ``run``
            Run index 0 .. n_runs-1.
        ``draw``
            Number of days (draws) so far; 0 is the prior.
        ``balls_a``, ``balls_b``
            The urn: the model's evidence for A and B (recorded incidents, weighted).
        ``share_a``
            ``balls_a / (balls_a + balls_b)``: the model's belief, and the probability
            that the next patrol goes to A. Compare it with :func:`true_share`.

    Examples
    --------
    >>> runs = run_urn(n_draws=2_000, n_runs=20, seed=1)
    >>> list(runs.columns)
    ['run', 'draw', 'balls_a', 'balls_b', 'share_a']
    >>> bool(final_shares(runs).mean() > true_share(*OAKLAND_RATES))
    True
    """
    lambda_a, lambda_b = _check_rates(lambda_a, lambda_b)
    w_d = check_probability(w_d, "w_d")
    surprise = check_bool(surprise, "surprise")
    prior = check_array(prior, "prior", low=0, high=_MAX_BALLS, low_open=True, length=2)
    n_draws = check_int(n_draws, "n_draws", low=1, high=_MAX_DRAWS)
    n_runs = check_int(n_runs, "n_runs", low=1, high=_MAX_RUNS)
    poisson = check_bool(poisson, "poisson")
    decay = check_number(decay, "decay", low=0, high=1, high_open=True)
    if record_every is None:
        record_every = max(1, -(-n_draws // _AUTO_RECORDS))
    else:
        record_every = check_int(record_every, "record_every", low=1, high=n_draws)
    n_records = n_draws // record_every + 1 + (n_draws % record_every != 0)
    if n_records * n_runs > _MAX_RECORDS:
        raise ValueError(
            f"record_every is too small for n_draws * n_runs: the trajectory would have "
            f"{n_records * n_runs:,} rows; at most {_MAX_RECORDS:,} (raise record_every)"
        )
    generator = check_rng(seed, rng)

    balls, draws = _simulate_urn(
        np.array([lambda_a, lambda_b]),
        prior,
        n_draws,
        n_runs,
        surprise,
        w_d,
        poisson,
        decay,
        record_every,
        generator,
    )
    balls_a = balls[:, 0, :].T.ravel()  # (records, runs) -> run-major
    balls_b = balls[:, 1, :].T.ravel()
    return pd.DataFrame(
        {
            "run": np.repeat(np.arange(n_runs, dtype=np.int64), draws.size),
            "draw": np.tile(draws, n_runs),
            "balls_a": balls_a,
            "balls_b": balls_b,
            "share_a": balls_a / (balls_a + balls_b),
        }
    )


def _simulate_urn(
    lam: np.ndarray,
    prior: np.ndarray,
    n_draws: int,
    n_runs: int,
    surprise: bool,
    w_d: float,
    poisson: bool,
    decay: float,
    record_every: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """The urn loop: vectorised over runs, one step per draw.

    Returns the balls at the recorded draws, shape (records, 2, runs), and those draws.
    """
    w_r = 1.0 - w_d
    reported = w_r > 0
    runs = np.arange(n_runs)
    balls = np.empty((2, n_runs))  # row 0: region A, row 1: region B
    balls[0], balls[1] = prior
    draws = np.arange(0, n_draws + 1, record_every, dtype=np.int64)
    if draws[-1] != n_draws:
        draws = np.append(draws, n_draws)
    out = np.empty((draws.size, 2, n_runs))
    out[0] = balls
    recorded = 1
    chunk = max(1, min(n_draws, _CHUNK_CELLS // n_runs))
    done = 0
    while done < n_draws:
        m = min(chunk, n_draws - done)
        # random numbers for m draws at once; the per-draw work is then plain arithmetic
        # (an empty array stands for numbers this setting does not draw)
        none = np.empty((m, 0))
        visit_u = rng.random((m, n_runs))
        found_all = rng.poisson(lam[:, None], size=(m, 2, n_runs)) if poisson else none
        reports = rng.poisson(lam[:, None], size=(m, 2, n_runs)) if poisson and reported else none
        keep_u = rng.random((m, n_runs)) if surprise and not poisson else none
        for s in range(m):
            share = balls[0] / (balls[0] + balls[1])
            visit = (visit_u[s] >= share).astype(np.intp)  # 0 = patrol to A, 1 = to B
            found = found_all[s][visit, runs] if poisson else lam[visit]
            if surprise:
                # q_i = (1 - p_i) / max_j (1 - p_j), with p_A = share and p_B = 1 - share
                other = np.where(visit == 0, 1.0 - share, share)  # 1 - p of the visited
                keep = other / np.maximum(share, 1.0 - share)
                if poisson:
                    found = rng.binomial(found, keep)
                else:
                    found = found * (keep_u[s] < keep)
            balls[visit, runs] += w_d * found
            if reported:
                balls += w_r * (reports[s] if poisson else lam[:, None])
            if decay > 0:
                balls -= rng.binomial(balls.astype(np.int64), decay)  # whole balls only
                np.maximum(balls, 1.0, out=balls)
            if done + s + 1 == draws[recorded]:
                out[recorded] = balls
                recorded = min(recorded + 1, draws.size - 1)
        done += m
    return out, draws


def final_shares(trajectory: pd.DataFrame) -> pd.Series:
    """The last recorded share of region A of every run of :func:`run_urn`.

    Parameters
    ----------
    trajectory : pandas.DataFrame
        A frame with the columns ``run``, ``draw`` and ``share_a`` (the output of
        :func:`run_urn`).

    Returns
    -------
    pandas.Series
        Share of A at each run's last recorded draw, indexed by ``run``, named
        ``share_a``.

    Examples
    --------
    >>> shares = final_shares(run_urn(n_draws=500, n_runs=10, seed=3))
    >>> len(shares), bool(shares.between(0, 1).all())
    (10, True)
    """
    _check_frame(trajectory, "trajectory", ("run", "draw", "share_a"))
    _frame_column(trajectory, "trajectory", "run", low=0, integer=True)
    _frame_column(trajectory, "trajectory", "draw", low=0, integer=True)
    _frame_column(trajectory, "trajectory", "share_a", low=0, high=1)
    last = trajectory.sort_values(["run", "draw"], kind="stable").groupby("run").tail(1)
    return pd.Series(
        last["share_a"].to_numpy(dtype=float),
        index=pd.Index(last["run"].to_numpy(), name="run"),
        name="share_a",
    )


def urn_sweep(
    lambda_a: float = OAKLAND_RATES[0],
    lambda_b: float = OAKLAND_RATES[1],
    *,
    weights: Any,
    prior: Any = STRONG_PRIOR,
    n_draws: int = 20_000,
    n_runs: int = 10,
    record_every: int | None = None,
    seed: int | None = None,
    rng: np.random.Generator | None = None,
) -> pd.DataFrame:
    """Runs of the urn for every weight of discovered incidents, without and with the correction.

    For each weight ``w_d`` in ``weights`` and each setting of the surprise correction,
    :func:`run_urn` simulates ``n_runs`` runs, and the frame gives where theory says the
    urn settles: :func:`urn_limit` of :func:`update_matrix` without the correction,
    :func:`true_share` with it [ensign2018]. Every combination uses the same random
    numbers (one seed), so the differences between them come from the rule alone. Made
    for a chart with a weight slider and a correction switch
    (:func:`policing_lab.charts.feedback.urn_explorer`).

    Parameters
    ----------
    lambda_a, lambda_b : float, default 3.68511 and 2.816466
        True incident rates of regions A and B, as in :func:`run_urn`.
    weights : array of float
        The weights of discovered incidents to simulate, each in [0, 1], distinct, at
        most 101 of them.
    prior, n_draws, n_runs, record_every
        As in :func:`run_urn` (here ``n_draws`` defaults to 20,000 and ``n_runs`` to 10).
    seed : int, optional
        Seed for the random numbers (>= 0), shared by every combination.
    rng : numpy.random.Generator, optional
        A generator to draw that shared seed from, instead of ``seed`` (give at most one).

    Returns
    -------
    pandas.DataFrame
        The columns :data:`SWEEP_COLUMNS`, one row per weight, correction, run and
        recorded draw:

        ``w_d``
            Weight of discovered incidents.
        ``corrected``
            1 with the surprise correction, 0 without (a number, for a radio button).
        ``run``, ``draw``, ``share_a``
            As in :func:`run_urn`.
        ``limit``
            Where the urn settles for this weight and correction (NaN when there is no
            unique limit: equal rates with discoveries only).
        ``true_share``
            :func:`true_share` of the two rates (the same on every row).

    Examples
    --------
    >>> sweep = urn_sweep(weights=[0.5, 1.0], n_draws=1_000, n_runs=2, seed=2)
    >>> sweep.groupby(["w_d", "corrected"])["limit"].first().round(3).tolist()
    [0.599, 0.567, 1.0, 0.567]
    """
    lambda_a, lambda_b = _check_rates(lambda_a, lambda_b)
    grid = check_array(weights, "weights", low=0, high=1, min_length=1)
    if grid.size > _MAX_WEIGHTS or np.unique(grid).size != grid.size:
        raise ValueError(f"weights must hold at most {_MAX_WEIGHTS} distinct values")
    generator = check_rng(seed, rng)
    shared = seed if rng is None and seed is not None else int(generator.integers(0, 2**63))
    truth = true_share(lambda_a, lambda_b)
    pieces = []
    for w_d in grid:
        for corrected in (0, 1):
            runs = run_urn(
                lambda_a,
                lambda_b,
                prior=prior,
                n_draws=n_draws,
                n_runs=n_runs,
                w_d=float(w_d),
                surprise=bool(corrected),
                record_every=record_every,
                seed=shared,
            )
            limit = truth if corrected else urn_limit(update_matrix(lambda_a, lambda_b, w_d=w_d))
            pieces.append(
                runs[["run", "draw", "share_a"]].assign(
                    w_d=float(w_d), corrected=corrected, limit=limit, true_share=truth
                )
            )
    return pd.concat(pieces, ignore_index=True)[list(SWEEP_COLUMNS)]


# --------------------------------------------------------------------------------------
# the hot-spot loop in the city
# --------------------------------------------------------------------------------------
def run_hotspot_loop(
    city: pd.DataFrame,
    *,
    days: int = 365,
    n_flagged: int = 4,
    patrol_flagged: float = 5.0,
    window: int = 180,
    rule: str = "recorded",
    discovery_rate: float | None = None,
    deterrence: float | None = None,
    seed: int | None = None,
    rng: np.random.Generator | None = None,
) -> pd.DataFrame:
    """A hot-spot model retrained every day on the records its own patrols produce.

    Every morning the model gives each neighbourhood a score, the number of incidents it
    counts (see ``rule``) over the last ``window`` days, and flags the ``n_flagged``
    neighbourhoods with the highest scores (ties broken at random). The patrol budget of
    the city (mean 1 per neighbourhood) is split so that a flagged neighbourhood gets
    ``patrol_flagged`` times the patrol of any other. Patrols set discovery,
    ``1 - exp(-discovery_rate * patrol)`` (:func:`policing_lab.city.discovery_from_patrol`);
    each true offence is reported with the city's ``reporting_prob`` and, independently,
    discovered with that probability; reported or discovered offences are recorded. The
    day's records enter the next morning's score. The ``window`` days before day 0 are a
    history recorded under the city's own patrols (its ``discovery_prob``).

    Without deterrence (the default) true offences and reports do not depend on patrols,
    and come from their own random stream: the same seed gives the same true world
    whatever the rule, so rules can be compared day by day. With deterrence, each day's
    patrols lower that day's true offences where they go: a neighbourhood's expected true
    offences are its rate at the city's average patrol times
    ``exp(-deterrence * (patrol - 1))`` (:func:`policing_lab.city.offending_factor`),
    every day of the loop and of the history. The same seed then gives the same
    *potential* offences whatever the rule, and the patrols decide which of them are
    deterred (each independently, an exact thinning of the Poisson counts).

    Parameters
    ----------
    city : pandas.DataFrame
        One row per neighbourhood with the columns ``neighbourhood``, ``majority_group``
        (``"A"``/``"B"``), ``true_rate``, ``reporting_prob`` and ``discovery_prob``, such
        as the output of :func:`policing_lab.city.make_city`. Its default true offending
        does not depend on group.
    days : int, default 365
        Number of days the model runs, >= 1; ``days + window`` at most 36,500.
    n_flagged : int, default 4
        Neighbourhoods flagged every day, from 1 to the number of neighbourhoods.
    patrol_flagged : float, default 5.0
        Patrol in a flagged neighbourhood relative to an unflagged one, >= 1 and at most
        100 (1 = the model changes nothing). The total patrol stays the same: with 36
        neighbourhoods and the defaults, a flagged neighbourhood gets patrol 3.46 and the
        others 0.69. Illustrative, not calibrated to a real deployment.
    window : int, default 180
        Days of records the model counts, from 1 to 3,650. The default is the window of
        the PredPol-style model in Lum and Isaac's study [lum2016].
    rule : {"recorded", "reported", "weighted"}, default "recorded"
        What the model counts. ``"recorded"``: all recorded incidents, the usual
        hot-spot model (the loop). ``"reported"``: only incidents reported by residents,
        which do not depend on where police go (a correction; the reports follow true
        offending only if reporting is equally likely everywhere: with unequal
        reporting the model under-protects where fewer offences are reported
        [akpinar2021]). ``"weighted"``: every recorded incident weighted by
        ``1 / P(recorded)`` under that day's patrol,
        :func:`policing_lab.city.recording_prob` of the city's ``reporting_prob`` and
        the day's ``discovery_prob``: an estimate of true offences that does not depend
        on patrols (a correction; it assumes the model knows both probabilities, so it
        needs a log of the patrols).
    discovery_rate : float, optional
        ``k`` in ``1 - exp(-k * patrol)``, >= 0 and at most 100. By default the city's
        own, ``city_params(city).discovery_rate`` (see
        :func:`policing_lab.city.city_params`; 0.4 for a frame made by hand).
    deterrence : float, optional
        How much patrols lower true offending where they go, in [0, 2] per unit of
        relative patrol (:func:`policing_lab.city.offending_factor`). By default the
        city's own, ``city_params(city).deterrence`` (0, off, unless the city was made
        with one). When either is above 0, ``city`` needs a ``patrol`` column (the patrols
        of the history). 0 gives exactly the loop without deterrence.
    seed : int, optional
        Seed for the random numbers (>= 0): the same seed gives the same frame.
    rng : numpy.random.Generator, optional
        A generator to use instead of ``seed`` (give at most one of the two).

    Returns
    -------
    pandas.DataFrame
        One row per neighbourhood-day, ordered by day then neighbourhood (row order of
        ``city``):

        ``day``
            Day index 0 .. days-1.
        ``neighbourhood``, ``majority_group``
            As in ``city``.
        ``score``
            What the model counted there over the ``window`` days before this day.
        ``flagged``
            True if the model flagged the neighbourhood this morning.
        ``patrol``
            Relative patrol intensity this day (mean 1 over neighbourhoods).
        ``discovery_prob``
            Chance that police discover an offence there this day.
        ``true_offences``
            TRUE: offences that happened (known only in a simulation).
        ``reported``, ``discovered``
            Offences reported by a victim or witness; offences police found themselves.
        ``recorded``
            RECORDED incidents: reported or discovered, each counted once.

    Examples
    --------
    Equal true offending everywhere (no population differences), patrols of the past
    concentrated where group B lives (the city's default):

    >>> from policing_lab.city import make_city
    >>> city = make_city(population_spread=0, seed=1)
    >>> loop = run_hotspot_loop(city, days=120, seed=2)
    >>> int(loop.groupby("day")["flagged"].sum().max())
    4
    >>> summary = summarise_loop(loop)
    >>> int(summary["ever_flagged"].iloc[-1]) < 8     # the same few, day after day
    True
    """
    columns = check_city(
        city,
        ("neighbourhood", "majority_group", "true_rate", "reporting_prob", "discovery_prob"),
    )
    ids, majority = columns["neighbourhood"], columns["majority_group"]
    true_rate, reporting = columns["true_rate"], columns["reporting_prob"]
    history_discovery = columns["discovery_prob"]
    n = ids.size
    days = check_int(days, "days", low=1, high=_MAX_DAYS)
    n_flagged = check_int(n_flagged, "n_flagged", low=1, high=n)
    patrol_flagged = check_number(patrol_flagged, "patrol_flagged", low=1, high=100)
    window = check_int(window, "window", low=1, high=_MAX_WINDOW)
    rule = check_choice(rule, "rule", LOOP_RULES)
    discovery_rate = _discovery_rate_of(city, discovery_rate)
    deterrence = _deterrence_of(city, deterrence)
    city_deterrence = city_params(city).deterrence
    if days + window > _MAX_DAYS:
        raise ValueError(
            f"days + window must be <= {_MAX_DAYS:,}; got {days} + {window} = {days + window:,}"
        )
    history_patrol = np.ones(n)
    if deterrence > 0 or city_deterrence > 0:
        history_patrol = check_city(city, ("patrol",))["patrol"]
        # the rate at the average patrol, then the rate of potential offences (no patrol)
        true_rate = true_rate / offending_factor(history_patrol, deterrence=city_deterrence)
        true_rate = true_rate * np.exp(deterrence)
    generator = check_rng(seed, rng)
    # three streams: the true world, what patrols discover, the model's tie-breaks
    world_rng, police_rng, model_rng = (
        np.random.default_rng(s) for s in generator.integers(0, 2**63, size=3)
    )

    # The true world, fixed whatever the model does: true offences and reports (with
    # deterrence: potential offences, of which the day's patrols deter some).
    world = simulate_counts(true_rate, reporting, np.zeros(n), days=window + days, rng=world_rng)
    true_offences = world["true_offences"][0].astype(np.int64)  # (window + days, n)
    reported = world["reported"][0].astype(np.int64)
    unreported = true_offences - reported
    deter_rng = np.random.default_rng(generator.integers(0, 2**63)) if deterrence > 0 else None

    def deter(t: int, patrol_today: np.ndarray) -> None:
        """Each potential offence of day ``t`` happens with chance exp(-deterrence * patrol)."""
        if deter_rng is None:
            return
        survive = np.exp(-deterrence * patrol_today)
        reported[t] = deter_rng.binomial(reported[t], survive)
        unreported[t] = deter_rng.binomial(unreported[t], survive)
        true_offences[t] = reported[t] + unreported[t]

    total = window + days
    discovery = np.empty((total, n))
    discovery[:window] = history_discovery
    patrol = np.empty((days, n))
    flagged = np.zeros((days, n), dtype=bool)
    score = np.empty((days, n))
    counted = np.empty((total, n))  # what the model counts, per day
    discovered = np.empty((total, n), dtype=np.int64)
    recorded = np.empty((total, n), dtype=np.int64)

    def police_day(t: int) -> None:
        """Discovery and records of day ``t`` (combined index) under its patrol."""
        d = discovery[t]
        found_reported = police_rng.binomial(reported[t], d)
        found_unreported = police_rng.binomial(unreported[t], d)
        discovered[t] = found_reported + found_unreported
        recorded[t] = reported[t] + found_unreported
        if rule == "recorded":
            counted[t] = recorded[t]
        elif rule == "reported":
            counted[t] = reported[t]
        else:
            chance = recording_prob(reporting, d)
            counted[t] = np.divide(recorded[t], chance, out=np.zeros(n), where=chance > 0)

    for t in range(window):
        deter(t, history_patrol)
        police_day(t)
    running = counted[:window].sum(axis=0)
    unflagged_patrol = n / (n - n_flagged + n_flagged * patrol_flagged)
    for day in range(days):
        t = window + day
        if day > 0:
            running += counted[t - 1] - counted[t - 1 - window]
        score[day] = running
        order = np.lexsort((model_rng.random(n), -running))
        flagged[day, order[:n_flagged]] = True
        patrol[day] = np.where(flagged[day], patrol_flagged, 1.0) * unflagged_patrol
        discovery[t] = discovery_from_patrol(patrol[day], discovery_rate=discovery_rate)
        deter(t, patrol[day])
        police_day(t)

    return pd.DataFrame(
        {
            "day": np.repeat(np.arange(days, dtype=np.int64), n),
            "neighbourhood": np.tile(ids, days),
            "majority_group": np.tile(majority, days),
            "score": score.ravel(),
            "flagged": flagged.ravel(),
            "patrol": patrol.ravel(),
            "discovery_prob": discovery[window:].ravel(),
            "true_offences": true_offences[window:].ravel(),
            "reported": reported[window:].ravel(),
            "discovered": discovered[window:].ravel(),
            "recorded": recorded[window:].ravel(),
        }
    )


def _gini(values: np.ndarray) -> np.ndarray:
    """Gini coefficient of each row (0 = all equal; NaN for an all-zero row)."""
    x = np.sort(values, axis=1)
    n = x.shape[1]
    totals = x.sum(axis=1)
    ranks = np.arange(1, n + 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        gini = 2.0 * (x @ ranks) / (n * totals) - (n + 1.0) / n
    return np.where(totals > 0, gini, np.nan)


def summarise_loop(loop: pd.DataFrame) -> pd.DataFrame:
    """One row per day of a hot-spot loop: where patrols and records went.

    Parameters
    ----------
    loop : pandas.DataFrame
        One row per neighbourhood-day with the columns ``day``, ``neighbourhood``,
        ``majority_group``, ``flagged``, ``patrol``, ``true_offences`` and ``recorded``
        (the output of :func:`run_hotspot_loop`); every day must hold the same
        neighbourhoods.

    Returns
    -------
    pandas.DataFrame
        One row per day, with the columns

        ``day``
            Day index.
        ``patrol_share_b``, ``recorded_share_b``, ``true_share_b``
            Shares of the day's patrol, recorded incidents and TRUE offences in the
            neighbourhoods where group B is the majority (NaN if the day had none).
        ``flagged_b``
            Flagged neighbourhoods on the group-B side.
        ``flagged_again``
            Share of the day's flagged neighbourhoods that were flagged the day before
            (NaN on the first day): near 1 when the model keeps sending patrols to the
            same places.
        ``ever_flagged``
            Distinct neighbourhoods flagged so far.
        ``recorded_share_flagged``, ``true_share_flagged``
            Shares of the day's recorded incidents and of its TRUE offences in the
            flagged neighbourhoods: when the first is larger, the records seem to confirm
            the model although the difference comes from the patrols it sent.
        ``patrol_gini``, ``recorded_gini``, ``true_gini``
            Gini coefficients over neighbourhoods of the patrol, recorded incidents and
            TRUE offences accumulated from the first day to this one: 0 when every
            neighbourhood got the same, towards 1 when a few got everything.

    Examples
    --------
    >>> from policing_lab.city import make_city
    >>> loop = run_hotspot_loop(make_city(seed=1), days=30, seed=2)
    >>> summarise_loop(loop).shape
    (30, 12)
    """
    columns = (
        "day",
        "neighbourhood",
        "majority_group",
        "flagged",
        "patrol",
        "true_offences",
        "recorded",
    )
    _check_frame(loop, "loop", columns)
    day = _frame_column(loop, "loop", "day", low=0, integer=True)
    hood = _frame_column(loop, "loop", "neighbourhood", low=0, integer=True)
    patrol = _frame_column(loop, "loop", "patrol", low=0)
    true = _frame_column(loop, "loop", "true_offences", low=0)
    recorded = _frame_column(loop, "loop", "recorded", low=0)
    flagged = loop["flagged"].to_numpy()
    if flagged.dtype != bool:
        raise ValueError("loop['flagged'] must be a boolean column")
    side_b = check_city(loop, ("majority_group",), name="loop")["majority_group"] == "B"

    order = np.lexsort((hood, day))
    days = np.unique(day)
    hoods = np.unique(hood)
    if day.size != days.size * hoods.size or np.unique(day * (hoods.max() + 1) + hood).size != (
        day.size
    ):
        raise ValueError("loop must have exactly one row per day and neighbourhood")
    shape = (days.size, hoods.size)

    def grid(values: np.ndarray) -> np.ndarray:
        return values[order].reshape(shape)

    patrol, true, recorded = grid(patrol), grid(true), grid(recorded)
    flagged, side_b = grid(flagged), grid(side_b)

    def share_in(values: np.ndarray, where: np.ndarray) -> np.ndarray:
        totals = values.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(totals > 0, (values * where).sum(axis=1) / totals, np.nan)

    again = np.full(days.size, np.nan)
    if days.size > 1:
        n_flag = flagged[1:].sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            again[1:] = np.where(
                n_flag > 0, (flagged[1:] & flagged[:-1]).sum(axis=1) / n_flag, np.nan
            )
    return pd.DataFrame(
        {
            "day": days,
            "patrol_share_b": share_in(patrol, side_b),
            "recorded_share_b": share_in(recorded, side_b),
            "true_share_b": share_in(true, side_b),
            "flagged_b": (flagged & side_b).sum(axis=1),
            "flagged_again": again,
            "ever_flagged": np.logical_or.accumulate(flagged, axis=0).sum(axis=1),
            "recorded_share_flagged": share_in(recorded, flagged),
            "true_share_flagged": share_in(true, flagged),
            "patrol_gini": _gini(np.cumsum(patrol, axis=0)),
            "recorded_gini": _gini(np.cumsum(recorded, axis=0)),
            "true_gini": _gini(np.cumsum(true, axis=0)),
        }
    )
