"""The canonical tables of a network folder as DataFrames: building, cleaning, dates.

:func:`table_from_rows` turns text rows (from a folder's CSV or from an
importer) into the canonical DataFrame of a :class:`~tiegraph.schema.Table`;
:class:`NetworkData` holds one network's tables and settings. The folder
reader and writer (:mod:`tiegraph.io.folder`) and the checks
(:mod:`tiegraph.io.validate`) build on these.

In the DataFrames, text columns hold ``str`` (empty string for empty),
date columns hold UTC timestamps (``NaT`` for empty), ``closeness`` holds
floats (``NaN`` for empty), and the index is the line number in the file
(``line``), so a later check can still name the row.

Every step works on whole columns: a column with nothing to clean, strip,
unquote or parse is passed through after one search over its joined text,
so a million clean cells cost about as much as reading them, and a table a
folder lacks costs nothing.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import schema as S
from ..exceptions import DataError
from ..settings import Settings
from ._text import clean_column, clean_text

__all__ = [
    "EARLIEST_DATE",
    "FREE_TEXT",
    "MAX_NAME_CHARS",
    "MAY_BE_AHEAD",
    "SHORT_TEXT",
    "NetworkData",
    "cut_at_name_limit",
    "date_range",
    "distinct_cells",
    "empty_table",
    "format_dates",
    "neutralize_formulas",
    "one_line_columns",
    "parse_dates",
    "restore_formulas",
    "table_from_columns",
    "table_from_rows",
]

#: The earliest date a folder may hold; the latest is a year from now (:func:`date_range`).
EARLIEST_DATE = pd.Timestamp("1900-01-01", tz="UTC")
#: Dates that may lie more than a year ahead: when an affiliation ends, when an ask is due.
MAY_BE_AHEAD = frozenset({S.END, S.DUE})
#: The most characters a name, organisation, title, location or label may hold.
MAX_NAME_CHARS = 300
#: The columns :data:`MAX_NAME_CHARS` applies to (what names and organisations are compared by).
SHORT_TEXT = frozenset({S.NAME, S.ORG, S.TITLE, S.LOCATION, S.RELATED_NAME, S.LABEL})
#: Columns whose cells may span lines (with the columns a user added).
FREE_TEXT = frozenset({S.NOTES, S.CONTEXT, S.RESULT})

# a cell a spreadsheet would run: '=', '+', '-', '@', tab or CR first (after any quotes)
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
# what such a cell starts with
_FORMULA_FIRST = frozenset("'=+-@\t\r")
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_PHONE = re.compile(r"\+?\d[\d ()./-]*")
# a space beside a cell boundary of a column joined with NULs (see _strip)
_EDGE_SPACE = re.compile(r"\s\x00|\x00\s")
_UTC_NS = "datetime64[ns, UTC]"
_DAY_NS = 86_400_000_000_000
# from this many cells on, a column's checks look at each distinct cell once
_MANY = 10_000


@dataclass
class NetworkData:
    """The canonical tables of one network, as DataFrames, with its settings."""

    settings: Settings = field(default_factory=Settings)
    contacts: pd.DataFrame = field(default_factory=lambda: empty_table(S.CONTACTS))
    introductions: pd.DataFrame = field(default_factory=lambda: empty_table(S.INTRODUCTIONS))
    interactions: pd.DataFrame = field(default_factory=lambda: empty_table(S.INTERACTIONS))
    affiliations: pd.DataFrame = field(default_factory=lambda: empty_table(S.AFFILIATIONS))
    orgs: pd.DataFrame = field(default_factory=lambda: empty_table(S.ORGS))
    jobs: pd.DataFrame = field(default_factory=lambda: empty_table(S.JOBS))
    relations: pd.DataFrame = field(default_factory=lambda: empty_table(S.RELATIONS))
    asks: pd.DataFrame = field(default_factory=lambda: empty_table(S.ASKS))
    #: the folder it was read from, for messages
    folder: Path | None = None
    #: the text of network.toml as read, written back unchanged (comments and all)
    settings_text: str | None = None
    #: each file of the folder as it was when read (see :func:`tiegraph.io.folder.write_folder`)
    snapshot: dict[str, tuple[int, ...] | None] | None = field(
        default=None, repr=False, compare=False
    )

    def table(self, table: S.Table) -> pd.DataFrame:
        """Return the DataFrame of ``table``."""
        return getattr(self, table.name)

    def replace(self, **changes: object) -> NetworkData:
        """Return a copy with some tables or the settings replaced."""
        return replace(self, **changes)  # type: ignore[arg-type]


def _empty_column(table: S.Table, column: str) -> pd.Series:
    if column in table.dates:
        return pd.Series([], dtype=_UTC_NS)
    if table is S.CONTACTS and column == S.CLOSENESS:
        return pd.Series([], dtype=float)
    return pd.Series([], dtype=str)


def empty_table(table: S.Table) -> pd.DataFrame:
    """Return an empty DataFrame with the columns and dtypes of ``table``."""
    return _empty_table(table).copy()


@functools.cache
def _empty_table(table: S.Table) -> pd.DataFrame:
    # every read makes one per table a folder lacks: build each once
    return pd.DataFrame(
        {c: _empty_column(table, c) for c in table.columns},
        index=pd.Index([], dtype=int, name="line"),
    )


def date_range(now: pd.Timestamp | None = None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return the earliest and latest date a folder may hold: 1900-01-01 and a year from now.

    Importers skip (with a note) what falls outside; :func:`tiegraph.io.validate.validate`
    reports it.
    """
    now = pd.Timestamp.now(tz="UTC") if now is None else now
    return EARLIEST_DATE, now + pd.DateOffset(years=1)


def one_line_columns(table: S.Table) -> tuple[str, ...]:
    """Return the columns of ``table`` whose cells never span lines (all but :data:`FREE_TEXT`)."""
    return tuple(c for c in table.columns if c not in FREE_TEXT)


def neutralize_formulas(values: pd.Series) -> pd.Series:
    """Return text cells with a leading ``'`` where a spreadsheet would run them as a formula.

    A cell starting (after any ``'``) with ``=``, ``+``, ``-``, ``@``, a tab
    or a carriage return gets a ``'`` in front, unless it is a plain number
    or a phone number. :func:`restore_formulas` takes it off again.

    Examples
    --------
    >>> cells = ["=HYPERLINK(1)", "@SUM(1+1)", "-5", "+1 (415) 555-0123", "'=x", "Ann"]
    >>> neutralize_formulas(pd.Series(cells)).tolist()
    ["'=HYPERLINK(1)", "'@SUM(1+1)", '-5', '+1 (415) 555-0123', "''=x", 'Ann']
    >>> restore_formulas(neutralize_formulas(pd.Series(cells))).tolist() == cells
    True
    """
    cells = values.to_numpy(dtype=object)
    # one look at each distinct cell's first character: most columns hold no formula
    if not any(v[:1] in _FORMULA_FIRST for v in distinct_cells(cells)):
        return values
    starts = _matches(_FORMULA, cells)
    if not starts.any():
        return values
    # only the cells that start like a formula are looked at again
    at = np.flatnonzero(starts)
    plain = _matches(_PLAIN_NUMBER, cells[at], full=True) | _matches(_PHONE, cells[at], full=True)
    risky = at[~plain]
    if not len(risky):
        return values
    out = cells.copy()
    out[risky] = ["'" + v for v in cells[risky]]
    return pd.Series(out, index=values.index, name=values.name, dtype=values.dtype)


def restore_formulas(values: pd.Series) -> pd.Series:
    """Return text cells read from a folder without the ``'`` :func:`neutralize_formulas` added."""
    # most columns hold no "'" at the start of any cell: one look at the joined column first
    if not len(values) or "\n'" not in "\n" + "\n".join(values.tolist()):
        return values
    cells = values.to_numpy(dtype=object)
    out = _restore_cells(cells)
    if out is cells:
        return values
    return pd.Series(out, index=values.index, name=values.name, dtype=values.dtype)


def _restore_cells(cells: np.ndarray) -> np.ndarray:
    quoted = np.flatnonzero(_matches(_ESCAPED, cells))
    if not len(quoted):
        return cells
    out = cells.copy()
    out[quoted] = [v[1:] for v in cells[quoted]]
    return out


def _matches(pattern: re.Pattern[str], cells: np.ndarray, *, full: bool = False) -> np.ndarray:
    """Return where ``pattern`` matches at the start of (or, with ``full``, all of) each cell."""
    test = pattern.fullmatch if full else pattern.match
    return np.fromiter((test(v) is not None for v in cells), dtype=bool, count=len(cells))


def _strip(values: pd.Series) -> pd.Series:
    """Strip every cell; a column with no space at either end of any cell is returned as is.

    One search over the joined column decides (in C), so a million clean cells cost
    one join rather than a million ``str.strip`` calls.
    """
    if not len(values):
        return values
    if _EDGE_SPACE.search("\x00" + "\x00".join(values.tolist()) + "\x00") is None:
        return values
    return values.str.strip()


def table_from_rows(
    table: S.Table,
    rows: Sequence[Mapping[str, Any]] | Sequence[Sequence[str]] | pd.DataFrame,
    lines: list[int] | np.ndarray | None = None,
    *,
    header: list[str] | None = None,
    file: str | os.PathLike[str] | None = None,
    errors: list[DataError] | None = None,
    cut_long: bool = True,
) -> pd.DataFrame:
    """Build a canonical DataFrame of ``table`` from text rows.

    ``rows`` is a list of dicts (keys are column names), a list of lists
    (in the order of ``header``, or of the table's columns), or a DataFrame
    of strings. Missing optional columns are added empty; every cell is
    cleaned (control characters removed, line breaks in columns that cannot
    span lines made spaces: :func:`tiegraph.io._text.clean_column`) and
    stripped; dates are parsed (an unparseable one is an error naming its
    line); ``closeness`` becomes a float. Errors are appended to ``errors``
    when given, raised otherwise. With ``cut_long`` (what an import reads),
    a name, organisation, title, location or label longer than
    :data:`MAX_NAME_CHARS` is cut there, ending with ``…``; a folder read
    keeps it, and :func:`tiegraph.io.validate.validate` reports it.

    Examples
    --------
    >>> df = table_from_rows(S.INTERACTIONS, [{"date": "2024-03-02", "with": " ann ",
    ...                                         "channel": "call", "mood": "good"}])
    >>> df.loc[2, "with"], df.loc[2, "date"], list(df.columns)[-2:]
    ('ann', Timestamp('2024-03-02 00:00:00+0000', tz='UTC'), ['started_by', 'mood'])
    """
    if isinstance(rows, pd.DataFrame):
        columns: dict[str, Any] = {str(c): rows[c] for c in rows.columns}
        n = len(rows)
    elif rows and isinstance(rows[0], dict):
        df = pd.DataFrame.from_records(rows)  # type: ignore[arg-type]
        columns, n = {str(c): df[c] for c in df.columns}, len(df)
    else:
        names = header if header is not None else list(table.columns)
        n = len(rows)
        if n and all(len(row) == len(names) for row in rows):
            columns = dict(zip(names, zip(*rows, strict=True), strict=True))
        elif all(len(row) <= len(names) for row in rows):  # short rows: filled with empty cells
            filled = [[*row, *([None] * (len(names) - len(row)))] for row in rows]
            columns = (
                dict(zip(names, zip(*filled, strict=True), strict=True))
                if n
                else {name: () for name in names}
            )
        else:  # a row longer than the header: pandas' error
            df = pd.DataFrame(rows, columns=names)
            columns = {str(c): df[c] for c in df.columns}
    return table_from_columns(table, columns, n, lines, file=file, errors=errors, cut_long=cut_long)


def table_from_columns(
    table: S.Table,
    columns: Mapping[str, pd.Series | Sequence[Any] | np.ndarray],
    n: int,
    lines: list[int] | np.ndarray | None = None,
    *,
    file: str | os.PathLike[str] | None = None,
    errors: list[DataError] | None = None,
    cut_long: bool = True,
    restore: Collection[str] = (),
) -> pd.DataFrame:
    """Build a canonical DataFrame of ``table`` from ``n`` rows given column by column.

    What :func:`table_from_rows` does, for columns (a name and its ``n``
    cells, in the file's order) rather than rows. The columns in ``restore``
    are read from a folder: a ``'`` written before a formula is removed
    first (:func:`restore_formulas`).
    """
    file = file or table.file
    extra = [c for c in columns if c not in table.columns]
    if not n:
        out = empty_table(table)
        for col in extra:
            out[col] = pd.Series([], dtype=str)
        return out
    index = pd.Index(
        np.asarray(lines, dtype=int) if lines is not None else np.arange(2, n + 2), name="line"
    )
    one_line = set(one_line_columns(table))
    out_columns: dict[str, Any] = {}
    problems: list[DataError] = []
    for col in (*table.columns, *extra):
        if col not in columns:
            # a column the rows lack: empty text, no date, no closeness
            if col in table.dates:
                out_columns[col] = pd.Series(pd.NaT, index=index, dtype=_UTC_NS).array
            elif table is S.CONTACTS and col == S.CLOSENESS:
                out_columns[col] = np.full(n, np.nan)
            else:
                out_columns[col] = np.full(n, "", dtype=object)
            continue
        if col in table.dates and col not in restore:
            # most date columns hold only dates as tiegraph writes them: parsed as they are
            dates = _plain_dates(columns[col], n, index)
            if dates is not None:
                out_columns[col] = dates.array
                continue
        cells = _text_cells(columns[col], n, one_line=col in one_line, restore=col in restore)
        if cut_long and col in SHORT_TEXT:
            cells = cut_at_name_limit(cells)
        if col in table.dates:
            text = pd.Series(cells, index=index, dtype=str)
            out_columns[col] = parse_dates(text, file=file, column=col, errors=problems).array
        elif table is S.CONTACTS and col == S.CLOSENESS:
            text = pd.Series(cells, index=index, dtype=str)
            out_columns[col] = _parse_closeness(text, file, problems).to_numpy()
        else:
            out_columns[col] = cells  # the frame holds arrays of text as str
    out = pd.DataFrame(out_columns, index=index)
    if errors is not None:
        errors.extend(problems)
    elif problems:
        raise problems[0]
    return out


def _text_cells(
    values: pd.Series | Sequence[Any] | np.ndarray, n: int, *, one_line: bool, restore: bool
) -> np.ndarray:
    """Return cells as an array of ``str``, cleaned and stripped.

    Missing values become empty and other values text; with ``restore``, a
    ``'`` written before a formula goes (:func:`restore_formulas`); control characters go
    (:func:`~tiegraph.io._text.clean_column`, which also puts a column that
    cannot span lines on one line); cells are stripped. One look at the joined
    column decides each step, so a clean column is passed through as it is.
    """
    if isinstance(values, pd.Series):
        cells = values.to_numpy(dtype=object)
    else:
        cells = np.fromiter(values, dtype=object, count=n)
    distinct = distinct_cells(cells)
    try:
        joined = "".join(distinct)  # in C: fails on the first cell that is not text
    except TypeError:
        cells = pd.Series(cells, dtype=object).fillna("").astype(str).to_numpy(dtype=object)
        distinct = distinct_cells(cells)
        joined = "".join(distinct)
    if restore and "'" in joined:
        cells = _restore_cells(cells)
        distinct = distinct_cells(cells)
        joined = "".join(distinct)
    # printable text holds no control character, no line break and no space but " "
    printable = joined.isprintable()
    if not printable and (clean_text(joined) != joined or (one_line and "\n" in joined)):
        cells = clean_column(pd.Series(cells, dtype=str), one_line=one_line).to_numpy(object)
        distinct = distinct_cells(cells)
        printable = False
    edges = "\x00" + "\x00".join(distinct) + "\x00"
    if (
        (" \x00" in edges or "\x00 " in edges)
        if printable
        else _EDGE_SPACE.search(edges) is not None
    ):
        cells = np.fromiter((v.strip() for v in cells.tolist()), dtype=object, count=len(cells))
    return cells


def _plain_dates(
    values: pd.Series | Sequence[Any] | np.ndarray, n: int, index: pd.Index
) -> pd.Series | None:
    """Return a column of text parsed as ISO 8601 dates, or None when any cell needs more.

    A cell that parses as it is needs no cleaning or stripping (a control
    character or a space makes it fail), so only a column where some cell
    is empty-looking, not text, not a date or out of range goes the long
    way (:func:`parse_dates` after cleaning), which then names the cell.
    """
    cells = (
        values.to_numpy(dtype=object)
        if isinstance(values, pd.Series)
        else (np.fromiter(values, dtype=object, count=n))
    )
    try:
        "".join(cells.tolist())  # in C: fails on a cell that is not text
    except TypeError:
        return None
    empty = cells == ""
    text = pd.Series(cells, index=index, dtype=object)
    out = pd.to_datetime(text.where(~empty), utc=True, format="ISO8601", errors="coerce")
    if (out.isna().to_numpy() & ~empty).any():
        return None
    lo, hi = pd.Timestamp.min.tz_localize("UTC"), pd.Timestamp.max.tz_localize("UTC")
    if (~empty).any() and (out.min() < lo or out.max() > hi):
        return None
    return out.astype(_UTC_NS)


def distinct_cells(cells: np.ndarray) -> list[Any]:
    """Return the cells of a column to look at: each distinct one once when there are many."""
    if len(cells) < _MANY:
        return cells.tolist()
    return pd.unique(cells).tolist()  # type: ignore[call-overload, no-any-return]


def cut_at_name_limit(cells: np.ndarray) -> np.ndarray:
    """Cut cells longer than :data:`MAX_NAME_CHARS` there, ending them with ``…``."""
    lengths = np.fromiter(map(len, cells.tolist()), dtype=int, count=len(cells))
    long = np.flatnonzero(lengths > MAX_NAME_CHARS)
    if not len(long):
        return cells
    cells = cells.copy()
    cells[long] = [v[: MAX_NAME_CHARS - 1] + "…" for v in cells[long]]
    return cells


def parse_dates(
    values: pd.Series,
    *,
    file: str | os.PathLike[str],
    column: str,
    errors: list[DataError] | None = None,
) -> pd.Series:
    """Parse ISO 8601 dates (``2024-03-02``, ``2024-03-02T15:00:00Z``) to UTC timestamps.

    Empty strings become ``NaT``; times without a zone are taken as UTC.
    Each unparseable value is a :class:`DataError` naming its line.

    Examples
    --------
    >>> parse_dates(pd.Series(["2024-03-02", "", "2024-03-02T15:00:00Z"]),
    ...             file="x.csv", column="date").tolist()  # doctest: +NORMALIZE_WHITESPACE
    [Timestamp('2024-03-02 00:00:00+0000', tz='UTC'), NaT,
     Timestamp('2024-03-02 15:00:00+0000', tz='UTC')]
    """
    if pd.api.types.is_datetime64_any_dtype(values):
        return pd.to_datetime(values, utc=True)
    text = _strip(values if values.dtype == "str" else values.astype(str))
    cells = text.to_numpy(dtype=object)
    empty = cells == ""
    if empty.all():
        return pd.Series(
            np.full(len(cells), np.datetime64("NaT"), "datetime64[ns]"),
            index=values.index,
            name=values.name,
        ).dt.tz_localize("UTC")
    out = pd.to_datetime(text.where(~empty), utc=True, format="ISO8601", errors="coerce")
    bad = out.isna().to_numpy() & ~empty
    # timestamps are nanoseconds: years outside 1678-2261 cannot be held
    lo, hi = pd.Timestamp.min.tz_localize("UTC"), pd.Timestamp.max.tz_localize("UTC")
    out_of_range = (out.notna() & ((out < lo) | (out > hi))).to_numpy()
    found = [
        DataError(file, why, row=int(line), column=column, value=text[line])
        for rows, why in (
            (bad, "is not a date (use ISO 8601: YYYY-MM-DD)"),
            (out_of_range, "is out of range (years 1678 to 2261)"),
        )
        for line in text.index[rows]
    ]
    if found:
        found.sort(key=lambda e: e.row or 0)
        if errors is None:
            raise found[0]
        errors.extend(found)
        return out.where(~out_of_range).astype(_UTC_NS)
    return out.astype(_UTC_NS)


def format_dates(values: pd.Series) -> pd.Series:
    """Format UTC timestamps as ISO 8601 text: a date alone when the time is midnight.

    Fractions of a second are kept, to the nanosecond and without trailing
    zeros, so a date written and read back is the same instant (a log's
    ``1500000000.5`` is ``2017-07-14T02:40:00.5Z``).

    Examples
    --------
    >>> when = ["2024-03-02", "2024-03-02T15:00", "2017-07-14T02:40:00.5", None]
    >>> format_dates(pd.Series(pd.to_datetime(when, utc=True, format="ISO8601"))).tolist()
    ['2024-03-02', '2024-03-02T15:00:00Z', '2017-07-14T02:40:00.5Z', '']
    """
    values = pd.to_datetime(values, utc=True)
    ns = values.dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")
    missing = np.isnat(ns)
    i8 = ns.view("i8")[~missing]
    day, within = np.divmod(i8, _DAY_NS)
    # a folder's dates fall on a few thousand days at a few thousand times of day: each
    # distinct day and second is formatted once, and the texts put together per date
    days, of_day = np.unique(day, return_inverse=True)
    text = np.datetime_as_string(days.astype("datetime64[D]"), unit="D").astype(object)[of_day]
    timed = np.flatnonzero(within > 0)
    if len(timed):
        seconds, fraction = np.divmod(within[timed], 1_000_000_000)
        times, of_time = np.unique(seconds, return_inverse=True)
        clock = np.asarray(
            [f"T{t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d}" for t in times.tolist()],
            dtype=object,
        )[of_time]
        finer = np.flatnonzero(fraction > 0)
        if len(finer):
            clock[finer] = clock[finer] + np.asarray(
                [f".{f:09d}".rstrip("0") for f in fraction[finer].tolist()], dtype=object
            )
        text[timed] = text[timed] + clock + "Z"
    out = np.full(len(ns), "", dtype=object)
    out[~missing] = text
    return pd.Series(out, index=values.index, name=values.name, dtype=object)


def _parse_closeness(
    values: pd.Series, file: str | os.PathLike[str], errors: list[DataError]
) -> pd.Series:
    cells = values.to_numpy(dtype=object)
    empty = cells == ""
    if empty.all():
        return pd.Series(np.full(len(cells), np.nan), index=values.index)
    text = _strip(values.astype(str))
    num = pd.to_numeric(text.where(~empty), errors="coerce")
    bad = ~empty & ~num.isin([1, 2, 3, 4, 5]).to_numpy()
    for line in text.index[bad]:
        errors.append(
            DataError(
                file,
                "is not a closeness from 1 to 5",
                row=int(line),
                column=S.CLOSENESS,
                value=text[line],
            )
        )
    return num.where(~bad).astype(float)
