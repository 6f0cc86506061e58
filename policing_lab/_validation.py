"""Input checks shared by every public function of :mod:`policing_lab`.

Each checker returns the cleaned value or raises :class:`ValueError` with a message
that names the parameter and the allowed range, for example::

    ValueError: reporting_rate must be a probability in [0, 1]; got 1.5

Wrongly typed input (a string where a number is expected, ``True`` where an integer
is expected, ``NaN``) is answered with the same kind of message, so nothing but a
``ValueError`` escapes the public boundary.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "check_int",
    "check_number",
    "check_probability",
    "check_array",
    "check_binary",
    "check_rng",
    "check_choice",
    "check_bool",
    "check_frame",
    "check_column",
]


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _range_text(low: float | None, high: float | None, low_open: bool, high_open: bool) -> str:
    if low is not None and high is not None:
        left = "(" if low_open else "["
        right = ")" if high_open else "]"
        return f"in {left}{low}, {high}{right}"
    if low is not None:
        return f"{'>' if low_open else '>='} {low}"
    if high is not None:
        return f"{'<' if high_open else '<='} {high}"
    return "finite"


def check_bool(value: Any, name: str) -> bool:
    """Return ``value`` if it is a boolean, else raise ``ValueError``."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise ValueError(f"{name} must be True or False; got {_describe(value)}")


def check_int(
    value: Any,
    name: str,
    *,
    low: int | None = None,
    high: int | None = None,
) -> int:
    """Return ``value`` as ``int`` if it is an integer in ``[low, high]``.

    Floats with an integral value (``30.0``) are rejected on purpose: a number of days
    or neighbourhoods written as a float is usually a mistake worth pointing out.
    """
    rng_text = _range_text(low, high, False, False)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer {rng_text}; got {_describe(value)}")
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{name} must be an integer {rng_text}; got {value}")
    return value


def check_number(
    value: Any,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as ``float`` if it is a finite real number in the given range."""
    rng_text = _range_text(low, high, low_open, high_open)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number {rng_text}; got {_describe(value)}")
    value = float(value)
    bad = not np.isfinite(value)
    if low is not None:
        bad = bad or (value <= low if low_open else value < low)
    if high is not None:
        bad = bad or (value >= high if high_open else value > high)
    if bad:
        raise ValueError(f"{name} must be a number {rng_text}; got {value!r}")
    return value


def check_probability(value: Any, name: str) -> float:
    """Return ``value`` as ``float`` if it is a probability in ``[0, 1]``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a probability in [0, 1]; got {_describe(value)}")
    value = float(value)
    if not (0.0 <= value <= 1.0):  # also rejects NaN
        raise ValueError(f"{name} must be a probability in [0, 1]; got {value!r}")
    return value


def check_array(
    value: Any,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    length: int | None = None,
    ndim: int = 1,
    integer: bool = False,
    min_length: int | None = None,
) -> np.ndarray:
    """Return ``value`` as a float (or int) NumPy array after checking every element.

    Parameters
    ----------
    low, high, low_open, high_open
        Allowed range of every element.
    length
        Required length along the first axis (for arrays that must match another input).
    ndim
        Required number of dimensions.
    integer
        Require integral values (returned as ``int64``).
    min_length
        Smallest allowed length along the first axis.
    """
    rng_text = _range_text(low, high, low_open, high_open)
    kind = "integers" if integer else "numbers"
    try:
        arr = np.asarray(value)
    except Exception:  # ragged lists and similar
        raise ValueError(
            f"{name} must be an array of {kind} {rng_text}; got {_describe(value)}"
        ) from None
    if arr.dtype == bool or not (
        np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)
    ):
        raise ValueError(f"{name} must be an array of {kind} {rng_text}; got {_describe(value)}")
    if arr.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-dimensional array; got shape {arr.shape}")
    if length is not None and arr.shape[0] != length:
        raise ValueError(f"{name} must have length {length}; got length {arr.shape[0]}")
    if min_length is not None and arr.shape[0] < min_length:
        raise ValueError(f"{name} must have at least {min_length} elements; got {arr.shape[0]}")
    arr_f = arr.astype(float)
    bad = ~np.isfinite(arr_f)
    if low is not None:
        bad |= (arr_f <= low) if low_open else (arr_f < low)
    if high is not None:
        bad |= (arr_f >= high) if high_open else (arr_f > high)
    if bad.any():
        first = float(arr_f[bad].flat[0])
        raise ValueError(f"every element of {name} must be {rng_text}; found {first!r}")
    if integer:
        if not np.all(arr_f == np.round(arr_f)):
            raise ValueError(f"{name} must contain whole numbers only")
        return arr_f.astype(np.int64)
    return arr_f


def check_binary(value: Any, name: str, *, what: str = "labels") -> np.ndarray:
    """Binary values (0/1 or True/False), at least one, as an int8 array.

    ``what`` names them in the error message ("labels", "outcomes").
    """
    try:
        arr = np.asarray(value)
    except Exception:  # ragged input: check_array words the message
        arr = value
    if isinstance(arr, np.ndarray) and arr.dtype == bool:
        arr = arr.astype(np.int8)
    arr = check_array(arr, name, low=0, high=1, min_length=1)
    if not np.all((arr == 0) | (arr == 1)):
        found = float(arr[(arr != 0) & (arr != 1)][0])
        raise ValueError(f"{name} must hold binary {what} 0 or 1 (or True/False); found {found!r}")
    return arr.astype(np.int8)


def check_rng(seed: Any = None, rng: Any = None) -> np.random.Generator:
    """Return a NumPy ``Generator`` from ``seed`` or ``rng`` (give at most one).

    ``seed`` may be ``None`` (fresh entropy) or a non-negative integer; ``rng`` may be
    an existing :class:`numpy.random.Generator`, which is used as is (and advanced).
    """
    if seed is not None and rng is not None:
        raise ValueError("give either seed or rng, not both")
    if rng is not None:
        if not isinstance(rng, np.random.Generator):
            raise ValueError(
                f"rng must be a numpy.random.Generator (numpy.random.default_rng(...)); "
                f"got {_describe(rng)}"
            )
        return rng
    if seed is None:
        return np.random.default_rng()
    seed = check_int(seed, "seed", low=0)
    return np.random.default_rng(seed)


def check_choice(value: Any, name: str, choices: Sequence[Any]) -> Any:
    """Return ``value`` if it is one of ``choices``."""
    try:
        ok = value in choices
    except TypeError:
        ok = False
    if not ok:
        allowed = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {allowed}; got {_describe(value)}")
    return value


def check_frame(frame: Any, name: str, columns: Sequence[str]) -> pd.DataFrame:
    """Return ``frame`` if it is a non-empty DataFrame holding ``columns``."""
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(
            f"{name} must be a pandas DataFrame with the columns {', '.join(columns)}; "
            f"got {type(frame).__name__}"
        )
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{name} must have the columns {', '.join(columns)}; missing {', '.join(missing)}"
        )
    if len(frame) == 0:
        raise ValueError(f"{name} must have at least one row; got an empty frame")
    return frame


def check_column(frame: pd.DataFrame, frame_name: str, column: str, **kwargs: Any) -> np.ndarray:
    """Check one column of a frame with :func:`check_array` (the message names both)."""
    values = frame[column]
    if isinstance(values, pd.DataFrame):  # a duplicated column name
        raise ValueError(f"{frame_name} has more than one column named {column!r}")
    return check_array(values.to_numpy(), f"{frame_name}[{column!r}]", **kwargs)
