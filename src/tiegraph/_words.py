"""Durations in words, the same in every view ("3 weeks ago" in a chain, a tooltip, a reason).

Examples
--------
>>> span(12), span(21), span(95), span(800)
('12 days', '3 weeks', '3 months', '2 years')
>>> ago(0), ago(1), ago(35)
('today', 'yesterday', '5 weeks ago')
"""

from __future__ import annotations

import math

__all__ = ["ago", "span"]

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
