"""Targets of the course and the reference figures of a stock Jupyter Book site.

The targets are those of issue #11 ("The course on a phone"). The stock Jupyter Book
figures are **not measured here**: they are the figures quoted in issue #11 for a trial
of a stock Jupyter Book 1 site (theme defaults, chart and maths libraries loaded the
usual way), given there as the comparison for ``make bench``. They are constants, printed
next to this course's measurements so that the two can be read side by side; re-measure
them only by repeating that trial, never by editing these numbers to match.
"""

from __future__ import annotations

STOCK_SOURCE = (
    "stock Jupyter Book 1 trial, figures quoted in issue #11 (not measured by this benchmark)"
)
STOCK_PAGE_GZIP = 1_250_000  # bytes per page, gzip-compressed
STOCK_LIGHTHOUSE_MOBILE_PERFORMANCE = (34, 53)  # lowest and highest score of the trial

CHAPTER_TARGET = 400_000  # bytes, gzip: every chapter page (the site test fails above 600 kB)
TEXT_PAGE_TARGET = 150_000  # bytes, gzip: pages without charts or exercises
IMPORT_TARGET_S = 1.5  # `import policing_lab`, median of 5 fresh interpreters
LIGHTHOUSE_GOALS = {
    "mobile": {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 100},
    "desktop": {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100},
}


def stock_mobile_text() -> str:
    low, high = STOCK_LIGHTHOUSE_MOBILE_PERFORMANCE
    return f"{low}–{high}"
