"""Dates as exports and spreadsheets write them.

LinkedIn writes ``09 Feb 2024`` today; older exports wrote ``1/8/18, 6:14
PM`` and ``8/3/13``; a file opened and saved again in Excel gets the
spreadsheet's own form: ``23-Apr-23``, ``5-Jan-26``, ``16.09.2021`` (a
Danish Excel), ``30-oct-09`` (a Spanish one), ``2024-02-09``.

:func:`parse_export_dates` reads a column of such dates at once: month
names of other languages are first turned into English abbreviations, then
each candidate format is tried (vectorised, with ``pd.to_datetime`` and an
explicit format) on the values still unread. Whether ``1/8/18`` is the 1st
of August or the 8th of January is decided **once per file**
(:func:`guess_dayfirst`): a date whose first number is over 12 shows day
first, one whose second number is over 12 shows month first; without
either, dotted dates are day first and slashed ones month first (LinkedIn's
and US Excel's order).

Examples
--------
>>> s = pd.Series(["09 Feb 2024", "23-Apr-23", "30-oct-09", "16.09.2021", "", "soon"])
>>> parse_export_dates(s).dt.strftime("%Y-%m-%d").tolist()
['2024-02-09', '2023-04-23', '2009-10-30', '2021-09-16', nan, nan]
>>> parse_export_dates(pd.Series(["1/8/18, 6:14 PM", "12/17/17, 5:05 AM"])).tolist()
[Timestamp('2018-01-08 18:14:00+0000', tz='UTC'), Timestamp('2017-12-17 05:05:00+0000', tz='UTC')]
>>> parse_export_dates(pd.Series(["1/8/18", "13/8/18"])).dt.strftime("%Y-%m-%d").tolist()
['2018-08-01', '2018-08-13']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["EXPORT_FORMATS", "english_months", "guess_dayfirst", "parse_export_dates"]

#: The formats tried, in order, after month names are made English. Numeric formats are
#: written month first; with ``dayfirst`` their ``%m`` and ``%d`` change places.
EXPORT_FORMATS: tuple[str, ...] = (
    "%d %b %Y",  # 09 Feb 2024: LinkedIn today
    "%Y-%m-%d",  # ISO
    "%Y-%m-%d %H:%M:%S UTC",  # messages.csv
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%d-%b-%y",  # 23-Apr-23, 5-Jan-26: US Excel
    "%d-%b-%Y",
    "%d %b %y",
    "%d/%b/%Y",
    "%d/%b/%y",
    "%d.%b.%Y",
    "%d. %b %Y",
    "%b %d %Y",  # Feb 17, 1998 (commas are dropped first)
    "%b %d %Y %I:%M %p",
    "%m/%d/%y %I:%M %p",  # 1/8/18, 6:14 PM: exports of 2018 and Invitations.csv
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%y %H:%M",
    "%m/%d/%Y %H:%M",
    "%m/%d/%y",  # 8/3/13: exports of 2013
    "%m/%d/%Y",
    "%m.%d.%Y",  # 16.09.2021 (day first by the guess)
    "%m.%d.%y",
    "%m-%d-%Y",
    "%m-%d-%y",
)

# month names and abbreviations of other languages (and English full names), lower case,
# without a trailing dot -> English abbreviation
_MONTHS: dict[str, str] = {}
for _en, _names in {
    "Jan": "jan january janv janvier ene enero januar jänner jaen gen gennaio janeiro januari",
    "Feb": "feb february fév févr fev février febrero februar fevereiro febbraio februari",
    "Mar": "mar march mars marzo mär märz mrz maart março marts mrt",
    "Apr": "apr april avr avril abr abril aprile",
    "May": "may mai maj mei mayo maggio mag maio",
    "Jun": "jun june juin junio juni giu giugno junho",
    "Jul": "jul july juil juillet julio juli lug luglio julho",
    "Aug": "aug august août aout ago agosto augusti",
    "Sep": "sep sept september septembre septiembre setiembre set settembre setembro",
    "Oct": "oct october octobre octubre okt oktober out outubro ott ottobre",
    "Nov": "nov november novembre noviembre novembro",
    "Dec": "dec december déc décembre dic diciembre dez dezember dicembre dezembro",
}.items():
    for _name in _names.split():
        _MONTHS[_name] = _en

_FIRST = pd.Timestamp("1678-01-01", tz="UTC")
_LAST = pd.Timestamp("2261-12-31", tz="UTC")
_WORD = re.compile(r"[^\W\d_]+\.?")
_NUMERIC = re.compile(r"^\s*(\d{1,2})([/.\-])(\d{1,2})\2\d{2,4}(?!\d)")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def _month(match: re.Match[str]) -> str:
    word = match.group(0)
    key = word.rstrip(".").lower()
    if key in _MONTHS:
        return _MONTHS[key]
    if key in ("am", "pm", "a.m", "p.m"):
        return key.replace(".", "").upper()
    return word


def english_months(values: pd.Series) -> pd.Series:
    """Return ``values`` with month names of other languages as English abbreviations.

    Spaces of any kind become one space and commas are dropped, so
    ``30-oct-09`` becomes ``30-Oct-09``, ``27-juil.-25`` becomes
    ``27-Jul-25`` and ``1/8/18, 6:14 PM`` becomes ``1/8/18 6:14 PM``.

    Examples
    --------
    >>> english_months(pd.Series(["30-oct-09", "5. Mai 2021", "12-dez-20"])).tolist()
    ['30-Oct-09', '5. May 2021', '12-Dec-20']
    """
    text = values.fillna("").astype(str).str.replace(",", " ", regex=False)
    text = text.str.replace(_SPACES, " ", regex=True).str.strip()
    has_letters = text.str.contains(r"[^\W\d_]", regex=True)
    if has_letters.any():
        text = text.where(~has_letters, text[has_letters].str.replace(_WORD, _month, regex=True))
        # "27-Jul.-25": the dot after an abbreviation goes with it
        text = text.str.replace(r"(?<=[A-Za-z])\.(?=[-/ ])", "", regex=True)
    return text


def guess_dayfirst(values: pd.Series, default: bool | None = None) -> bool:
    """Decide, for a whole column, whether numeric dates put the day first.

    A date like ``13/8/18`` (first number over 12) votes for day first, one
    like ``8/13/18`` for month first; the larger vote wins. Without any such
    date: ``default`` when given, else day first when most numeric dates are
    written with dots (``16.09.2021``) and month first otherwise.

    Examples
    --------
    >>> guess_dayfirst(pd.Series(["1/8/18", "2/3/18", "13/2/18"]))
    True
    >>> guess_dayfirst(pd.Series(["1/8/18", "2/3/18"]))
    False
    >>> guess_dayfirst(pd.Series(["01.08.2021"]))
    True
    """
    # each distinct value is looked at once, and counts as often as it is written
    codes, distinct = pd.factorize(values.fillna("").astype(str))
    parts = pd.Series(np.asarray(distinct, dtype=object)).str.extract(_NUMERIC)
    parts["n"] = np.bincount(codes, minlength=len(distinct)) if len(codes) else 0
    parts = parts.dropna()
    if parts.empty:
        return bool(default) if default is not None else False
    first = parts[0].astype(int)
    second = parts[2].astype(int)
    n = parts["n"]
    day_first = int(n[(first > 12) & (second <= 12)].sum())
    month_first = int(n[(second > 12) & (first <= 12)].sum())
    if day_first != month_first:
        return day_first > month_first
    if default is not None:
        return default
    dots = int(n[parts[1] == "."].sum())
    return dots * 2 > int(n.sum())


def _ordered(fmt: str, dayfirst: bool) -> str:
    """Put ``%d`` before ``%m`` (or after) in a numeric format; leave ISO alone."""
    if fmt.startswith("%Y") or "%m" not in fmt or "%d" not in fmt:
        return fmt
    m, d = fmt.index("%m"), fmt.index("%d")
    if (d < m) == dayfirst:
        return fmt
    return fmt.replace("%m", "\0").replace("%d", "%m").replace("\0", "%d")


def parse_export_dates(
    values: pd.Series,
    formats: Sequence[str] = EXPORT_FORMATS,
    *,
    dayfirst: bool | None = None,
) -> pd.Series:
    """Parse a column of dates written by an export or a spreadsheet, to UTC timestamps.

    Parameters
    ----------
    values : Series of str
        The dates as written; empty strings and missing values stay ``NaT``.
    formats : sequence of str
        ``strptime`` formats tried in order, each on the values not read by
        an earlier one (month names are English abbreviations by then, and
        commas are gone). Numeric formats are written month first.
    dayfirst : bool, optional
        Whether numeric dates put the day first; default: decided for the
        whole column by :func:`guess_dayfirst`.

    Returns
    -------
    Series of datetime64[ns, UTC]
        Same index as ``values``; ``NaT`` where a value is empty or
        matches no format (the caller decides what to say about it).
    """
    # each distinct value is read once (a column holds a few thousand dates at most)
    raw = values.fillna("").astype(str)
    codes, distinct = pd.factorize(raw)
    if not len(distinct):
        return pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns, UTC]")
    text = english_months(pd.Series(np.asarray(distinct, dtype=object))).to_numpy(dtype=object)
    todo = text != ""
    if dayfirst is None:
        every = text[codes]
        dayfirst = guess_dayfirst(pd.Series(every[every != ""]))
    stamps = pd.Series(pd.NaT, index=range(len(text)), dtype="datetime64[ns, UTC]").to_numpy()
    for fmt in dict.fromkeys(_ordered(f, dayfirst) for f in formats):
        where = todo.nonzero()[0]
        if not len(where):
            break
        got = pd.to_datetime(pd.Series(text[where]), format=fmt, errors="coerce", utc=True)
        # a year nanosecond timestamps cannot hold (before 1678, after 2261) is no real date
        ok = (got.notna() & got.between(_FIRST, _LAST)).to_numpy()
        if ok.any():
            stamps[where[ok]] = got[ok].dt.as_unit("ns").to_numpy()
            todo[where[ok]] = False
    return pd.Series(stamps[codes], index=values.index, dtype="datetime64[ns, UTC]")
