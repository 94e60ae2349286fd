"""Durations in words, the same in every view ("3 weeks ago" in a chain, a tooltip, a reason).

Examples
--------
>>> span(12), span(21), span(95), span(800)
('12 days', '3 weeks', '3 months', '2 years')
>>> ago(0), ago(1), ago(35)
('today', 'yesterday', '5 weeks ago')
>>> plural(1, "hop"), plural(3, "hop"), month("2019-12-31"), day("2024-11-06T00:59:59")
('1 hop', '3 hops', 'Dec 2019', '2024-11-06')
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

__all__ = ["ago", "day", "month", "plural", "some", "span"]

_MONTH_DAYS = 365.25 / 12


def span(days: float) -> str:
    """Return a duration in days as words: days under two weeks, weeks under two months,
    months under two years, then years.
    """  # noqa: D205
    d = math.floor(days)
    if d < 1:
        return "less than a day"
    if d < 14:
        return "1 day" if d == 1 else f"{d} days"
    if d < 60:
        return f"{d // 7} weeks"
    if d < 730:
        return f"{round(d / _MONTH_DAYS)} months"
    return f"{round(d / 365.25)} years"


def ago(days: float | None) -> str:
    """Return "today", "yesterday", "12 days ago", "3 weeks ago" ("" when unknown)."""
    if days is None or (isinstance(days, float) and math.isnan(days)):
        return ""
    if days < 1:
        return "today"
    if days < 2:
        return "yesterday"
    return f"{span(days)} ago"


def plural(n: int, word: str) -> str:
    """Return "1 hop", "3 hops" (``word`` plus "s" unless ``n`` is 1)."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def month(when: Any) -> str:
    """Return a date's month, "Dec 2019" ("" when missing)."""
    return "" if when is None or pd.isna(when) else f"{pd.Timestamp(when):%b %Y}"


def day(when: Any) -> str:
    """Return a date as "2024-11-06" ("" when missing)."""
    return "" if when is None or pd.isna(when) else f"{pd.Timestamp(when):%Y-%m-%d}"


def some(names: list[str], n: int = 2) -> str:
    """Return "A", "A and B", or "A, B and 3 more"."""
    if len(names) <= n:
        return " and ".join(names)
    return f"{', '.join(names[:n])} and {len(names) - n} more"
