"""Tables for reading: rounded numbers, units in the headers, a caption, on a phone too.

Every table a chapter shows goes through :func:`show`. It never changes the numbers, only
how they are written: counts get thousands separators (``136,000``, not ``136000.0``),
shares can be written as percentages (``56%``, not ``0.5648615309216306``), other numbers
are rounded to about three significant digits, and missing values show as "–". The
result displays as HTML in a notebook and on the website (a caption, then the table in a
box that scrolls sideways on its own when the table is wider than the text column) and
as aligned plain text in a terminal.

The HTML is the same on every build (pandas' Styler gives a table a new random id each
time): the table's id is derived from its caption and cells.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"side": ["A", "B"], "recorded": [136000.0, 98250.0],
...                       "share_recorded": [0.5648615309216306, 0.4351384690783694]})
>>> table = show(frame, {"share_recorded": "percent"}, caption="Recorded incidents by side",
...              labels={"share_recorded": "share of records"})
>>> print(table)
Recorded incidents by side
side recorded share of records
   A  136,000              56%
   B   98,250              44%
"""

from __future__ import annotations

import hashlib
import html
import math
import numbers
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

__all__ = ["FORMATS", "Table", "show", "format_number"]

#: Named formats for :func:`show` (Python format specifications).
FORMATS: dict[str, str] = {
    "count": ",.0f",  # 136,000
    "integer": ",.0f",
    "percent": ".0%",  # 56%
    "percent1": ".1%",  # 56.5%
    "percent2": ".2%",  # 56.49%
    "decimal1": ",.1f",
    "decimal2": ",.2f",
    "decimal3": ",.3f",
}
MISSING = "–"
Formatter = Callable[[Any], str]


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def format_number(value: Any, decimals: int) -> str:
    """``value`` with thousands separators and ``decimals`` decimals; "–" when missing.

    >>> format_number(1234.5678, 1), format_number(float("nan"), 2)
    ('1,234.6', '–')
    """
    if _is_missing(value):
        return MISSING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    number = float(value)
    if math.isinf(number):
        return "∞" if number > 0 else "-∞"
    return _no_negative_zero(f"{number:,.{decimals}f}")


def _no_negative_zero(text: str) -> str:
    """``"-0.00"`` (a tiny negative number, rounded) is written ``"0.00"``."""
    if text.startswith("-") and not text.strip("-0.,%"):
        return text[1:]
    return text


def _auto_decimals(values: list[float], digits: int) -> int:
    """Decimals that give the largest value about ``digits`` significant digits, and every
    non-zero value at least one (``0.0004`` is not written as ``0.00``), at most 6."""
    finite = [abs(v) for v in values if math.isfinite(v)]
    if not finite or all(v == round(v) for v in finite):
        return 0
    largest = max(finite)
    decimals = max(0, digits - 1 - math.floor(math.log10(largest))) if largest else 0
    smallest = min((v for v in finite if v), default=0.0)
    if smallest:
        decimals = max(decimals, -math.floor(math.log10(smallest)))
    return min(decimals, 6)


def _spec_formatter(spec: str, where: str) -> Formatter:
    spec = FORMATS.get(spec, spec)
    try:
        format(1234.5, spec)
    except (ValueError, TypeError):
        names = ", ".join(FORMATS)
        raise ValueError(
            f"{where} must be a format name ({names}), a format specification such as "
            f"',.1f' or '.0%', or a function; got {spec!r}"
        ) from None

    def formatter(value: Any) -> str:
        if _is_missing(value):
            return MISSING
        if isinstance(value, bool) or not isinstance(value, numbers.Number):
            return str(value)
        return _no_negative_zero(format(value, spec))

    return formatter


def _formatter(spec: Any, where: str) -> Formatter:
    if callable(spec):
        return lambda value: MISSING if _is_missing(value) else str(spec(value))
    if isinstance(spec, str):
        return _spec_formatter(spec, where)
    return _spec_formatter(repr(spec), where)


def _auto_formatter(values: list[Any], digits: int) -> Formatter:
    numbers_only = [
        float(v)
        for v in values
        if isinstance(v, numbers.Real) and not isinstance(v, bool) and not _is_missing(v)
    ]
    decimals = _auto_decimals(numbers_only, digits)

    def formatter(value: Any) -> str:
        if _is_missing(value):
            return MISSING
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, numbers.Number):
            return format_number(value, decimals)
        return str(value)

    return formatter


def _is_numeric(values: pd.Series) -> bool:
    """True for a column of numbers (right-aligned), not of booleans or text."""
    return bool(pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values))


def _is_fractional(values: pd.Series) -> bool:
    """True for a column of floating-point numbers (counts held as integers are not)."""
    return bool(pd.api.types.is_float_dtype(values))


class Table:
    """A formatted table: HTML for notebooks and the website, aligned text elsewhere.

    Made by :func:`show`. ``frame`` holds the numbers, unchanged, under the headings
    shown; ``text`` the cells as written; ``caption`` the table's title; ``row_labels``
    whether the first column names the rows (it is then marked up as row headers).
    """

    def __init__(
        self, frame: pd.DataFrame, text: pd.DataFrame, caption: str, uid: str, row_labels: bool
    ):
        self.frame = frame
        self.text = text
        self.caption = caption
        self.id = uid
        self.row_labels = row_labels

    def to_html(self) -> str:
        """The caption, then the table inside its own scrolling box.

        The caption stays in place when a wide table scrolls sideways, so it sits above
        the box rather than inside the table; it names both the box (a keyboard-focusable
        region, so that it can be scrolled without a mouse) and the table. Numeric
        columns carry the class ``pl-num`` (right-aligned by the course's CSS).
        """
        esc = html.escape
        numeric = [_is_numeric(self.frame.iloc[:, i]) for i in range(self.frame.shape[1])]
        num = [' class="pl-num"' if n else "" for n in numeric]
        head = "".join(
            f'<th scope="col"{num[i]}>{esc(str(h))}</th>' for i, h in enumerate(self.text.columns)
        )
        rows = []
        for values in self.text.itertuples(index=False):
            cells = []
            for i, value in enumerate(values):
                if i == 0 and self.row_labels:
                    cells.append(f'<th scope="row"{num[i]}>{esc(str(value))}</th>')
                else:
                    cells.append(f"<td{num[i]}>{esc(str(value))}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        caption = f"{self.id}-caption"
        return (
            f'<div class="pl-table-box"><p class="pl-table-caption" id="{caption}">'
            f"{esc(self.caption)}</p>"
            f'<div class="pl-table-scroll" role="region" tabindex="0" aria-labelledby="{caption}">'
            f'<table class="pl-table" id="{self.id}" aria-labelledby="{caption}">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div></div>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return f"{self.caption}\n{self.text.to_string(index=False)}"


def _as_frame(data: Any) -> tuple[pd.DataFrame, bool]:
    if isinstance(data, pd.DataFrame):
        frame = data
    elif isinstance(data, pd.Series):
        frame = data.to_frame(name=data.name if data.name is not None else "value")
    elif isinstance(data, Mapping):
        frame = pd.DataFrame([dict(data)])
    else:
        raise ValueError(
            "data must be a pandas DataFrame, a Series or a mapping (one row); "
            f"got {type(data).__name__}"
        )
    if frame.columns.nlevels > 1:
        raise ValueError("data must have one level of column names; got a MultiIndex")
    row_labels = not isinstance(frame.index, pd.RangeIndex) or frame.index.name is not None
    if row_labels:  # row labels become the first column(s); unnamed ones get no heading
        names = [
            name if name is not None else ("" if i == 0 else f"level {i}")
            for i, name in enumerate(frame.index.names)
        ]
        frame = frame.reset_index(names=names)
    return frame, row_labels


def _check_keys(mapping: Any, columns: list[str], name: str) -> dict[str, Any]:
    if mapping is None:
        return {}
    if not isinstance(mapping, Mapping):
        raise ValueError(f"{name} must be a mapping from column name to value; got {mapping!r}")
    unknown = [key for key in mapping if key not in columns]
    if unknown:
        raise ValueError(
            f"{name} names columns that are not in the table: {unknown}; columns: {columns}"
        )
    return dict(mapping)


def _table_id(caption: str, text: pd.DataFrame) -> str:
    digest = hashlib.sha256(caption.encode("utf-8"))
    digest.update(text.to_csv(index=False).encode("utf-8"))
    return "pl-table-" + digest.hexdigest()[:12]


def show(
    data: pd.DataFrame | pd.Series | Mapping[str, Any],
    formats: str | Formatter | Mapping[str, str | Formatter] | None = None,
    *,
    caption: str,
    labels: Mapping[str, str] | None = None,
    digits: int = 3,
) -> Table:
    """A table formatted for reading, with a caption; displays itself in a notebook.

    Parameters
    ----------
    data : DataFrame, Series or mapping
        What to show. A Series becomes one column; a mapping (``{"alerts": 812, ...}``)
        one row. Row labels other than the default 0, 1, 2, ... become the first column.
    formats : str, function or mapping, optional
        How to write a column, by column name: a name from :data:`FORMATS` (``"count"``:
        ``136,000``; ``"percent"``: ``56%``; ``"percent1"``: ``56.5%``; ``"decimal2"``:
        ``0.56``), a Python format specification (``",.1f"``, ``".0%"``) or a function of
        one value returning text. Use a percentage wherever a share is meant. A single
        format instead of a mapping applies to every column of floating-point numbers
        (integer columns, such as counts, keep their thousands separators).
    caption : str
        The table's title, shown above it and read out by screen readers. Required.
    labels : mapping, optional
        Column headings, with the unit: ``{"true_per_1000": "true offences per 1,000
        residents"}``. Other columns are headed by their name, ``_`` written as a space.
    digits : int
        Significant digits of numbers in columns without a format (1 to 6; default 3):
        a column is rounded so that its largest value has about this many digits, and
        whole numbers keep no decimals.

    Returns
    -------
    Table
        ``.frame`` (the data), ``.text`` (the cells as written) and ``.to_html()``.

    Examples
    --------
    >>> import pandas as pd
    >>> rates = pd.DataFrame({"patrol": [0.8, 1.2], "true_per_1000": [41.23456, 40.98765]},
    ...                      index=pd.Index(["A", "B"], name="side"))
    >>> print(show(rates, caption="One year", labels={"true_per_1000": "true per 1,000"}))
    One year
    side patrol true per 1,000
       A   0.80           41.2
       B   1.20           41.0
    >>> show(rates, caption="")
    Traceback (most recent call last):
    ...
    ValueError: caption must be a non-empty string saying what the table shows; got ''
    """
    if not isinstance(caption, str) or not caption.strip():
        raise ValueError(
            f"caption must be a non-empty string saying what the table shows; got {caption!r}"
        )
    if (
        isinstance(digits, bool)
        or not isinstance(digits, numbers.Integral)
        or not (1 <= digits <= 6)
    ):
        raise ValueError(f"digits must be an integer in [1, 6]; got {digits!r}")
    frame, row_labels = _as_frame(data)
    columns = [str(c) for c in frame.columns]
    if len(set(columns)) != len(columns):
        raise ValueError(f"data must have distinct column names; got {columns}")
    frame.columns = columns
    if isinstance(formats, str) or callable(formats):  # one format for every share column
        formats = {c: formats for c in columns if _is_fractional(frame[c])}
    formats = _check_keys(formats, columns, "formats")
    labels = _check_keys(labels, columns, "labels")
    for key, label in labels.items():
        if not isinstance(label, str) or not label.strip():
            raise ValueError(f"labels[{key!r}] must be a non-empty string; got {label!r}")

    cells = {}
    for column in columns:
        values = frame[column].tolist()
        if column in formats:
            formatter = _formatter(formats[column], f"formats[{column!r}]")
        else:
            formatter = _auto_formatter(values, int(digits))
        cells[column] = [formatter(v) for v in values]
    headers = [labels.get(c, c.replace("_", " ")) for c in columns]
    if len(set(headers)) != len(headers):
        raise ValueError(f"labels must give distinct column headings; got {headers}")

    text = pd.DataFrame(cells, columns=columns).astype(object)
    text.columns = headers
    shown = frame.copy()
    shown.columns = headers
    return Table(shown, text, caption.strip(), _table_id(caption, text), row_labels)
