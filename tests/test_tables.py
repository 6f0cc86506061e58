"""Tests of the table helper, policing_lab.tables.show.

Expected cells are written by hand from the rules in the helper's docstring (about three
significant digits, thousands separators, percentages where asked, "–" for missing).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

from policing_lab import tables
from policing_lab.tables import show


class _Cells(HTMLParser):
    """The table's caption, headings and rows of cell texts, parsed from its HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.caption = ""
        self.head: list[str] = []
        self.rows: list[list[str]] = []
        self.row_headers = 0
        self._where: str | None = None
        self._section = ""

    def handle_starttag(self, tag, attrs):
        if tag in ("thead", "tbody"):
            self._section = tag
        elif tag == "tr" and self._section == "tbody":
            self.rows.append([])
        elif tag in ("th", "td") or ("class", "pl-table-caption") in attrs:
            tag = "caption" if tag == "p" else tag
            self._where = tag
            if tag == "th" and ("scope", "row") in attrs:
                self.row_headers += 1
            if tag != "caption":
                (self.head if self._section == "thead" else self.rows[-1]).append("")

    def handle_endtag(self, tag):
        if tag in ("th", "td", "p"):
            self._where = None

    def handle_data(self, data):
        if self._where == "caption":
            self.caption += data
        elif self._where in ("th", "td"):
            target = self.head if self._section == "thead" else self.rows[-1]
            target[-1] += data


def parse(table: tables.Table) -> _Cells:
    cells = _Cells()
    cells.feed(table.to_html())
    return cells


FRAME = pd.DataFrame(
    {
        "side": ["A", "B"],
        "recorded": [136000.0, 98250.0],
        "share_recorded": [0.5648615309216306, 0.4351384690783694],
        "alerts": [1234, 56],
    }
)


def test_numbers_are_rounded_separated_and_shares_are_percentages():
    cells = parse(show(FRAME, {"share_recorded": "percent"}, caption="By side"))
    assert cells.caption == "By side"
    assert cells.head == ["side", "recorded", "share recorded", "alerts"]
    assert cells.rows == [["A", "136,000", "56%", "1,234"], ["B", "98,250", "44%", "56"]]


def test_no_raw_float_reaches_the_page():
    frame = pd.DataFrame({"x": np.linspace(0.0123456789, 98.7654321, 7)})
    html = show(frame, caption="x").to_html()
    assert not re.search(r"\d\.\d{4,}", html), html


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([0.5648615, 0.1], ["0.565", "0.100"]),  # largest < 1: three decimals
        ([12.345, 3.2], ["12.3", "3.2"]),  # tens: one decimal
        ([146.09, 147.3], ["146", "147"]),  # hundreds: none
        ([0.9, 0.0004], ["0.9000", "0.0004"]),  # a small value keeps one significant digit
        ([100.0, 45.0], ["100", "45"]),  # whole numbers held as floats
        ([-0.0001, 2.5], ["-0.0001", "2.5000"]),
    ],
)
def test_automatic_rounding(values, expected):
    cells = parse(show(pd.DataFrame({"v": values}), caption="v"))
    assert [row[0] for row in cells.rows] == expected


def test_negative_zero_is_written_as_zero():
    cells = parse(show(pd.DataFrame({"v": [-0.0001, 5.0]}), "decimal2", caption="v"))
    assert [row[0] for row in cells.rows] == ["0.00", "5.00"]


def test_missing_values_show_a_dash_and_booleans_words():
    frame = pd.DataFrame(
        {
            "n": pd.array([3, None], dtype="Int64"),
            "x": [np.nan, 1.5],
            "ok": [True, False],
        }
    )
    cells = parse(show(frame, caption="gaps"))
    assert cells.rows == [["3", "–", "yes"], ["–", "1.50", "no"]]


def test_one_format_applies_to_float_columns_only():
    frame = pd.DataFrame({"flagged": [5, 28], "share": [0.52, 0.281]})
    cells = parse(show(frame, "percent", caption="loop"))
    assert cells.rows == [["5", "52%"], ["28", "28%"]]


def test_format_specifications_and_functions():
    frame = pd.DataFrame({"a": [0.12345], "b": [2.0], "c": [7]})
    cells = parse(show(frame, {"a": ".1%", "b": lambda v: f"{v:g} km", "c": "count"}, caption="f"))
    assert cells.rows == [["12.3%", "2 km", "7"]]


def test_labels_give_headings_with_units():
    cells = parse(show(FRAME, caption="c", labels={"recorded": "recorded incidents (year)"}))
    assert cells.head[1] == "recorded incidents (year)"


def test_row_labels_become_row_headers():
    frame = FRAME.set_index("side")
    cells = parse(show(frame, caption="c"))
    assert cells.head[0] == "side"
    assert [row[0] for row in cells.rows] == ["A", "B"]
    assert cells.row_headers == 2
    unnamed = parse(show(pd.DataFrame({"v": [1, 2]}, index=["x", "y"]), caption="c"))
    assert unnamed.head == ["", "v"]
    plain = parse(show(FRAME, caption="c"))
    assert plain.row_headers == 0


def test_series_and_mapping():
    series = pd.Series([0.25, 0.5], index=pd.Index(["A", "B"], name="group"), name="flagged")
    cells = parse(show(series, "percent", caption="s"))
    assert cells.head == ["group", "flagged"]
    assert cells.rows == [["A", "25%"], ["B", "50%"]]
    counts = {"tp": 315, "fp": 360, "ppv": 0.4666666666666667}
    cells = parse(show(counts, "percent1", caption="m"))
    assert cells.head == ["tp", "fp", "ppv"]
    assert cells.rows == [["315", "360", "46.7%"]]


def test_text_is_escaped():
    frame = pd.DataFrame({"<b>name</b>": ["a & <i>b</i>"]})
    html = show(frame, caption="<script>x</script>").to_html()
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;i&gt;b&lt;/i&gt;" in html


def test_the_html_is_the_same_every_time_and_differs_with_the_content():
    first = show(FRAME, caption="By side").to_html()
    assert show(FRAME.copy(), caption="By side").to_html() == first
    other = FRAME.assign(alerts=[1234, 57])
    ids = {
        re.search(r'id="([^"]+)"', html).group(1)
        for html in (first, show(other, caption="By side").to_html())
    }
    assert len(ids) == 2
    assert show(FRAME, caption="Other").to_html() != first


def test_box_is_a_focusable_region_named_by_the_caption():
    table = show(FRAME, caption='Alerts "by" side')
    html = table.to_html()
    caption = re.search(r'<p class="pl-table-caption" id="([^"]+)">([^<]*)</p>', html)
    assert caption.group(2) == "Alerts &quot;by&quot; side"
    region = re.search(r'<div class="pl-table-scroll"([^>]*)>', html).group(1)
    assert 'role="region"' in region and 'tabindex="0"' in region
    assert f'aria-labelledby="{caption.group(1)}"' in region
    assert f'<table class="pl-table" id="{table.id}" aria-labelledby="{caption.group(1)}">' in html


def test_numbers_are_right_aligned_text_is_not():
    html = show(FRAME, caption="c").to_html()
    assert '<th scope="col">side</th>' in html
    assert '<th scope="col" class="pl-num">recorded</th>' in html
    assert '<td class="pl-num">136,000</td>' in html
    assert "<td>A</td>" in html


def test_plain_text_for_terminals():
    text = repr(show(FRAME, {"share_recorded": "percent"}, caption="By side"))
    assert text.splitlines()[0] == "By side"
    assert "136,000" in text and "56%" in text and "0.56" not in text


def test_the_data_is_kept_unchanged():
    table = show(FRAME, {"share_recorded": "percent"}, caption="c")
    assert table.frame["share recorded"].tolist() == FRAME["share_recorded"].tolist()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"caption": ""}, "caption must be a non-empty string"),
        ({"caption": None}, "caption must be a non-empty string"),
        ({"caption": "c", "digits": 0}, r"digits must be an integer in \[1, 6\]"),
        ({"caption": "c", "digits": True}, "digits must be an integer"),
        ({"caption": "c", "formats": {"nope": "count"}}, "formats names columns that are not"),
        ({"caption": "c", "formats": {"recorded": "money"}}, r"formats\['recorded'\] must be"),
        ({"caption": "c", "formats": ["count"]}, "formats must be a mapping"),
        ({"caption": "c", "labels": {"nope": "x"}}, "labels names columns that are not"),
        ({"caption": "c", "labels": {"side": ""}}, r"labels\['side'\] must be a non-empty"),
        ({"caption": "c", "labels": {"side": "alerts"}}, "labels must give distinct"),
    ],
)
def test_bad_input_names_the_parameter(kwargs, message):
    with pytest.raises(ValueError, match=message):
        show(FRAME, **kwargs)


def test_bad_data_names_the_parameter():
    with pytest.raises(ValueError, match="data must be a pandas DataFrame"):
        show([1, 2, 3], caption="c")
    with pytest.raises(ValueError, match="data must have distinct column names"):
        show(pd.DataFrame([[1, 2]], columns=["a", "a"]), caption="c")
    with pytest.raises(ValueError, match="one level of column names"):
        show(
            pd.DataFrame([[1, 2]], columns=pd.MultiIndex.from_tuples([("a", 1), ("a", 2)])),
            caption="c",
        )
