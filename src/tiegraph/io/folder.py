"""Read, check and write a network folder (the canonical CSV + TOML files).

A network folder holds ``network.toml`` and the tables of
:mod:`tiegraph.schema`. Only ``contacts.csv`` must exist; a missing optional
table reads as empty, and :func:`write_folder` writes the four main tables
always. Columns a user added by hand are kept and written back after the
known ones, so nothing is lost on a round trip.

In the DataFrames, text columns hold ``str`` (empty string for empty),
date columns hold UTC timestamps (``NaT`` for empty), ``closeness`` holds
floats (``NaN`` for empty), and the index is the line number in the file
(``line``), so a later check can still name the row.

What is written can be read back, and opened safely in a spreadsheet:

- **Clean text.** NULs and other control characters are removed from every
  cell, and only free-text columns (``notes``, ``context``, ``result`` and
  columns you added) may span lines: elsewhere a line break becomes a space
  (:func:`table_from_rows`). A cell holds at most
  :data:`~tiegraph.io._text.MAX_FIELD_CHARS` characters; a name,
  organisation, title, location or label at most :data:`MAX_NAME_CHARS`
  (an import cuts a longer one there, ending with ``…``).
- **Formula neutralisation.** A cell a spreadsheet would run as a formula
  (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is
  written with a leading ``'``, which a spreadsheet shows as text; plain
  numbers (``-5``, ``+1.5``) and phone numbers (``+14155550123``, ``+1 (415)
  555-0123``) are written as they are. Reading removes one leading ``'``
  before those characters, so tiegraph sees every value as it was.
- **Dates** are ISO 8601, to the second, or finer when the time has a
  fraction (``2017-07-14T02:40:00.5Z``); every date lies between
  :data:`EARLIEST_DATE` and a year from now (an affiliation's ``end`` and
  an ask's ``due`` may lie further ahead; :func:`validate`).
- **Ids** follow :data:`tiegraph.ids.ID_RULE`.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import schema as S
from ..channels import known_channels
from ..dates import check_future
from ..exceptions import ConfigError, DataError
from ..ids import ID_PATTERN, ID_RULE
from ..outreach_settings import ask_kinds
from ..settings import Settings
from ._text import MAX_FIELD_CHARS, clean_column, csv_text, read_csv_frame, read_text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = [
    "NetworkData",
    "check_folder",
    "empty_table",
    "format_dates",
    "parse_dates",
    "read_folder",
    "settings_template",
    "table_from_rows",
    "validate",
    "write_folder",
]

#: The earliest date a folder may hold; the latest is a year from now (:func:`date_range`).
EARLIEST_DATE = pd.Timestamp("1900-01-01", tz="UTC")
# dates that may lie more than a year ahead: when an affiliation ends, when an ask is due
_MAY_BE_AHEAD = frozenset({S.END, S.DUE})
#: The most characters a name, organisation, title, location or label may hold.
MAX_NAME_CHARS = 300
# the columns MAX_NAME_CHARS applies to (what names and organisations are compared by)
_SHORT = frozenset({S.NAME, S.ORG, S.TITLE, S.LOCATION, S.RELATED_NAME, S.LABEL})
#: Columns whose cells may span lines (with the columns a user added).
FREE_TEXT = frozenset({S.NOTES, S.CONTEXT, S.RESULT})

# a cell a spreadsheet would run: '=', '+', '-', '@', tab or CR first (after any quotes)
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_FORMULA_LINE = re.compile(r"^'*[=+\-@\t\r]", re.MULTILINE)
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_PHONE = re.compile(r"\+?\d[\d ()./-]*")

_EMAIL = r"[^@\s;,<>]+@[^@\s;,<>]+\.[^@\s;,<>]+"
_EMAIL_LIST = re.compile(rf"^\s*{_EMAIL}\s*(;\s*{_EMAIL}\s*)*$")


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
    #: each file of the folder as it was when read (see :func:`write_folder`)
    snapshot: dict[str, tuple[int, ...] | None] | None = field(
        default=None, repr=False, compare=False
    )

    def table(self, table: S.Table) -> pd.DataFrame:
        """Return the DataFrame of ``table``."""
        return getattr(self, table.name)

    def replace(self, **changes: object) -> NetworkData:
        """Return a copy with some tables or the settings replaced."""
        return replace(self, **changes)  # type: ignore[arg-type]


def empty_table(table: S.Table) -> pd.DataFrame:
    """Return an empty DataFrame with the columns and dtypes of ``table``."""
    return _empty_table(table).copy()


@functools.cache
def _empty_table(table: S.Table) -> pd.DataFrame:
    # every read makes one per table a folder lacks: build each once
    return table_from_rows(table, [], [], file=table.file)


def date_range(now: pd.Timestamp | None = None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return the earliest and latest date a folder may hold: 1900-01-01 and a year from now.

    Importers skip (with a note) what falls outside; :func:`validate` reports it.
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
    if not len(values) or _FORMULA_LINE.search("\n".join(values.tolist())) is None:
        return values  # one search over the column: no cell can start a formula
    starts = values.str.match(_FORMULA.pattern)
    if not starts.any():
        return values
    plain = values.str.fullmatch(_PLAIN_NUMBER.pattern) | values.str.fullmatch(_PHONE.pattern)
    risky = (starts & ~plain).to_numpy(dtype=bool)
    if not risky.any():
        return values
    out = values.copy()
    out[risky] = "'" + values[risky]
    return out


def restore_formulas(values: pd.Series) -> pd.Series:
    """Return text cells read from a folder without the ``'`` :func:`neutralize_formulas` added."""
    if not len(values):
        return values
    # most columns hold no "'" at the start of any cell: a cheap look first, the pattern after
    first = values.str.startswith("'").to_numpy(dtype=bool)
    if not first.any():
        return values
    quoted = first & values.str.match(_ESCAPED.pattern).to_numpy(dtype=bool)
    if not quoted.any():
        return values
    out = values.copy()
    out[quoted] = values[quoted].str.slice(1)
    return out


_EDGE_SPACE = re.compile(r"\s\x00|\x00\s")


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
    keeps it, and :func:`validate` reports it.
    """
    file = file or table.file
    if isinstance(rows, pd.DataFrame):
        df = rows.copy()
    elif rows and isinstance(rows[0], dict):
        df = pd.DataFrame.from_records(rows)  # type: ignore[arg-type]
    else:
        cols = header if header is not None else list(table.columns)
        df = pd.DataFrame(rows, columns=cols) if rows else pd.DataFrame(columns=cols)
    for col in table.columns:
        if col not in df.columns:
            df[col] = ""
    extra = [c for c in df.columns if c not in table.columns]
    df = df[list(table.columns) + extra]
    one_line = set(one_line_columns(table))
    for col in df.columns:
        df[col] = _strip(clean_column(df[col].fillna("").astype(str), one_line=col in one_line))
        if cut_long and col in _SHORT and len(df):
            lengths = df[col].str.len()
            if lengths.max() > MAX_NAME_CHARS:
                long = (lengths > MAX_NAME_CHARS).to_numpy(dtype=bool)
                df.loc[long, col] = df.loc[long, col].str.slice(0, MAX_NAME_CHARS - 1) + "…"
    df.index = pd.Index(
        np.asarray(lines, dtype=int) if lines is not None else np.arange(2, len(df) + 2),
        name="line",
    )
    problems: list[DataError] = []
    for col in table.dates:
        df[col] = parse_dates(df[col], file=file, column=col, errors=problems)
    if table is S.CONTACTS:
        df[S.CLOSENESS] = _parse_closeness(df[S.CLOSENESS], file, problems)
    if errors is not None:
        errors.extend(problems)
    elif problems:
        raise problems[0]
    return df


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
    """
    if pd.api.types.is_datetime64_any_dtype(values):
        return pd.to_datetime(values, utc=True)
    text = values.astype(str).str.strip()
    out = pd.to_datetime(text.where(text != ""), utc=True, format="ISO8601", errors="coerce")
    bad = out.isna() & (text != "")
    # timestamps are nanoseconds: years outside 1678-2261 cannot be held
    lo, hi = pd.Timestamp.min.tz_localize("UTC"), pd.Timestamp.max.tz_localize("UTC")
    out_of_range = out.notna() & ((out < lo) | (out > hi))
    found = [
        DataError(
            file,
            "is not a date (use ISO 8601: YYYY-MM-DD)",
            row=int(line),
            column=column,
            value=text[line],
        )
        for line in text.index[bad]
    ] + [
        DataError(
            file,
            "is out of range (years 1678 to 2261)",
            row=int(line),
            column=column,
            value=text[line],
        )
        for line in text.index[out_of_range]
    ]
    if found:
        found.sort(key=lambda e: e.row or 0)
        if errors is None:
            raise found[0]
        errors.extend(found)
    return out.where(~out_of_range).astype("datetime64[ns, UTC]")


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
    day = values.dt.strftime("%Y-%m-%d")
    seconds = values.dt.floor("s")
    full = seconds.dt.strftime("%Y-%m-%dT%H:%M:%S")
    sub = ((values - seconds) // pd.Timedelta(1, "ns")).fillna(0)
    has_sub = (sub > 0).to_numpy(dtype=bool)
    tail = pd.Series("Z", index=values.index, dtype=object)
    if has_sub.any():
        tail[has_sub] = sub[has_sub].map(lambda f: f".{int(f):09d}".rstrip("0") + "Z")
    full = full + tail
    midnight = values == values.dt.normalize()
    out = day.where(midnight, full)
    return out.where(values.notna(), "").astype(object)


def _parse_closeness(
    values: pd.Series, file: str | os.PathLike[str], errors: list[DataError]
) -> pd.Series:
    text = values.astype(str).str.strip()
    num = pd.to_numeric(text.where(text != ""), errors="coerce")
    bad = (text != "") & ~num.isin([1, 2, 3, 4, 5])
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


# ---------------------------------------------------------------------------
# reading


def read_settings(folder: str | os.PathLike[str]) -> Settings:
    """Read ``network.toml`` of ``folder`` (defaults when the file is absent)."""
    path = Path(folder) / S.SETTINGS_FILE
    if not path.exists():
        return Settings()
    text = read_text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path.name}: not valid TOML ({exc})") from None
    return Settings.from_dict(data, source=path.name)


def _read_table(
    folder: Path, table: S.Table, errors: list[DataError], encoding: str | None
) -> pd.DataFrame:
    path = folder / table.file
    if not path.exists():
        if table is S.CONTACTS:
            errors.append(DataError(path, "file not found (every network folder needs one)"))
        return empty_table(table)
    try:
        text = read_text(path, encoding)
        header, frame, lines = read_csv_frame(text, path, one_line=one_line_columns(table))
    except DataError as exc:
        errors.append(exc)
        return empty_table(table)
    missing = [c for c in table.required if c not in header]
    if missing:
        errors.append(
            DataError(
                path,
                f"missing column(s) {', '.join(map(repr, missing))} "
                f"(the header is: {','.join(header)})",
                row=1,
            )
        )
        return empty_table(table)
    dup = sorted({h for h in header if header.count(h) > 1})
    if dup:
        errors.append(DataError(path, f"column {dup[0]!r} appears twice in the header", row=1))
        return empty_table(table)
    # ids, references, dates, channels and numbers are never written with a leading "'" (they
    # cannot start like a formula); only text can, so only text is looked at (1M rows: 0.2 s)
    structured = {
        *table.dates,
        *table.person_refs,
        *table.person_list_refs,
        S.ID,
        S.CHANNEL,
        S.CLOSENESS,
        S.DIRECT,
    }
    for col in frame.columns:
        if col not in structured:
            frame[col] = restore_formulas(frame[col])
    return table_from_rows(table, frame, lines, file=path, errors=errors, cut_long=False)


def read_folder(
    folder: str | os.PathLike[str], *, encoding: str | None = None, check: bool = True
) -> NetworkData:
    """Read a network folder into its canonical tables.

    Parameters
    ----------
    folder : path-like
        The network folder (holding ``network.toml`` and ``contacts.csv``).
    encoding : str, optional
        Force a text encoding for every table (default: UTF-8, with or
        without a byte-order mark).
    check : bool
        Validate references, ids and values (default). The first problem
        is raised; :func:`check_folder` lists them all.

    Raises
    ------
    DataError
        The first problem found, naming file, row, column and value.
    ConfigError
        ``network.toml`` is not valid.
    """
    data, errors = _read_all(folder, encoding, check)
    if errors:
        raise errors[0]
    return data


def check_folder(folder: str | os.PathLike[str], *, encoding: str | None = None) -> list[DataError]:
    """Return every problem of a network folder (empty when it is fine).

    It applies the rules every command applies: those of :func:`read_folder`
    and :func:`validate`, the settings as the strength model reads them
    (:class:`tiegraph.settings.Settings`), and ``[history] keep`` as the
    writing commands read it. So a folder with no problem works with every
    command.
    """
    from ..history import keep_setting  # the journal imports this package's writer

    settings_file = Path(folder) / S.SETTINGS_FILE
    try:
        _, errors = _read_all(folder, encoding, True)
    except ConfigError as exc:
        return [DataError(settings_file, str(exc).split(": ", 1)[-1])]
    try:
        keep_setting(folder)
    except ConfigError as exc:
        errors.append(DataError(settings_file, str(exc).split(": ", 1)[-1]))
    return errors


#: Every file of a network folder (the tables and network.toml).
FOLDER_FILES: tuple[str, ...] = (*(t.file for t in S.TABLES), S.SETTINGS_FILE)


def _stat(path: Path) -> tuple[int, ...] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _snapshot(folder: Path) -> dict[str, tuple[int, ...] | None]:
    return {name: _stat(folder / name) for name in FOLDER_FILES}


def read_or_new_folder(folder: str | os.PathLike[str]) -> NetworkData:
    """Read a network folder a command is about to write, or start a new one.

    A folder is new only when it does not exist or holds no tiegraph file;
    one that holds tiegraph tables or ``network.toml`` but no
    ``contacts.csv`` is an error (it is not taken for a new one, which
    would overwrite every table with an empty one).

    Raises
    ------
    DataError
        ``folder`` is a file, or holds tiegraph files but no ``contacts.csv``,
        or has a problem (as :func:`read_folder`).
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise DataError(folder, "is a file, not a network folder")
    if (folder / S.CONTACTS.file).exists():
        return read_folder(folder)
    present = [f for f in FOLDER_FILES if (folder / f).exists()]
    if present:
        raise DataError(
            folder / S.CONTACTS.file,
            f"is missing, but the folder holds {', '.join(present)}: restore contacts.csv "
            "(nothing was written, so nothing is lost)",
        )
    return NetworkData(folder=folder, snapshot=_snapshot(folder))


def _read_all(
    folder: str | os.PathLike[str], encoding: str | None, check: bool
) -> tuple[NetworkData, list[DataError]]:
    folder = Path(folder)
    if not folder.is_dir():
        if folder.exists():
            raise DataError(folder, "is a file, not a network folder")
        raise DataError(folder, "is not a network folder (no such folder)")
    snapshot = _snapshot(folder)  # before reading: a change while reading shows as a change
    settings = read_settings(folder)
    settings_path = folder / S.SETTINGS_FILE
    settings_text = read_text(settings_path) if settings_path.exists() else None
    errors: list[DataError] = []
    tables = {t.name: _read_table(folder, t, errors, encoding) for t in S.TABLES}
    data = NetworkData(
        settings=settings,
        folder=folder,
        settings_text=settings_text,
        snapshot=snapshot,
        **tables,  # type: ignore[arg-type]
    )
    # A file that could not be read at all would make every reference to it look
    # unknown; values that failed to parse (dates, closeness) do not spoil the rest.
    unreadable = any(e.column is None for e in errors)
    if check and not unreadable:
        errors.extend(validate(data))
        order = {t.file: i for i, t in enumerate(S.TABLES)}
        errors.sort(key=lambda e: (order.get(Path(e.file).name, -1), e.row or 0))
    return data, errors


# ---------------------------------------------------------------------------
# checking


def validate(data: NetworkData) -> list[DataError]:
    """Return every problem in the tables of ``data`` (ids, references, values).

    Checks, each naming file, line, column and value: contact ids are
    present, unique and follow :data:`tiegraph.ids.ID_RULE` (so do the ids
    in ``aliases``); names are present; emails look like emails; ``direct``
    is yes or no; every person referred to in another table is a contact or
    the owner; introduction and interaction rows name someone; channels are
    known to the strength model; every date lies in :func:`date_range`; no
    interaction is dated in the future (the rule every analysis command
    applies, taken from :mod:`tiegraph.strength`, so ``check`` reports what
    they refuse); no cell is longer than
    :data:`~tiegraph.io._text.MAX_FIELD_CHARS`.
    """
    errors: list[DataError] = []
    folder = data.folder or Path(".")
    me = data.settings.owner_id

    def path(t: S.Table) -> Path:
        return folder / t.file

    c = data.contacts
    cf = path(S.CONTACTS)
    ids = c[S.ID]
    for line in ids.index[ids == ""]:
        errors.append(
            DataError(
                cf, "is empty; every contact needs an id", row=int(line), column=S.ID, value=""
            )
        )
    bad_id = (ids != "") & ~ids.str.fullmatch(ID_PATTERN.pattern)
    for line in ids.index[bad_id]:
        errors.append(
            DataError(
                cf, f"is not a valid id ({ID_RULE})", row=int(line), column=S.ID, value=ids[line]
            )
        )
    aliases = c[S.ALIASES]
    listed = aliases[aliases != ""].str.split(S.LIST_SEP).explode().str.strip()
    bad_alias = listed[(listed != "") & ~listed.str.fullmatch(ID_PATTERN.pattern)]
    for line, alias in zip(bad_alias.index.to_numpy(dtype=int), bad_alias, strict=True):
        errors.append(
            DataError(
                cf, f"is not a valid id ({ID_RULE})", row=int(line), column=S.ALIASES, value=alias
            )
        )
    dup = ids.duplicated(keep="first") & (ids != "")
    if dup.any():
        first_line = {v: int(str(li)) for li, v in ids[~ids.duplicated(keep="first")].items()}
        for line in ids.index[dup]:
            errors.append(
                DataError(
                    cf,
                    f"is a duplicate id (first on line {first_line[ids[line]]})",
                    row=int(line),
                    column=S.ID,
                    value=ids[line],
                )
            )
    for line in c.index[c[S.NAME] == ""]:
        errors.append(
            DataError(
                cf, "is empty; every contact needs a name", row=int(line), column=S.NAME, value=""
            )
        )
    emails = c[S.EMAIL]
    bad_email = (emails != "") & ~emails.str.match(_EMAIL_LIST)
    for line in c.index[bad_email]:
        errors.append(
            DataError(
                cf, "is not an email address", row=int(line), column=S.EMAIL, value=emails[line]
            )
        )
    direct = c[S.DIRECT].str.lower()
    for line in c.index[~direct.isin(["", "yes", "no"])]:
        errors.append(
            DataError(
                cf,
                "must be yes, no or empty",
                row=int(line),
                column=S.DIRECT,
                value=c[S.DIRECT][line],
            )
        )

    known = set(ids) | {me}
    for t in S.TABLES:
        df = data.table(t)
        for col in t.person_refs:
            vals = df[col]
            unknown = (vals != "") & ~vals.isin(known)
            for line in df.index[unknown]:
                errors.append(
                    DataError(
                        path(t),
                        "is not a known contact id",
                        row=int(line),
                        column=col,
                        value=vals[line],
                    )
                )
        for col in t.person_list_refs:
            vals = df[col]
            for line in df.index[vals == ""]:
                errors.append(
                    DataError(
                        path(t),
                        "is empty; name at least one contact id",
                        row=int(line),
                        column=col,
                        value="",
                    )
                )
            multi = vals.str.contains(S.LIST_SEP, regex=False)
            # most cells hold one id: check those directly, split only the others
            single = vals[~multi & (vals != "")]
            exploded = pd.concat([single, vals[multi].str.split(S.LIST_SEP).explode().str.strip()])
            unknown = (exploded != "") & ~exploded.isin(known)
            for line, val in exploded[unknown].sort_index(kind="stable").items():
                errors.append(
                    DataError(
                        path(t), "is not a known contact id", row=int(line), column=col, value=val
                    )
                )

    intro = data.introductions
    same = (intro[S.PERSON] != "") & (intro[S.PERSON] == intro[S.MET_THROUGH])
    for line in intro.index[same]:
        errors.append(
            DataError(
                path(S.INTRODUCTIONS),
                "cannot be introduced through themselves",
                row=int(line),
                column=S.MET_THROUGH,
                value=intro[S.MET_THROUGH][line],
            )
        )
    for line in intro.index[intro[S.PERSON] == ""]:
        errors.append(
            DataError(path(S.INTRODUCTIONS), "is empty", row=int(line), column=S.PERSON, value="")
        )

    channels = known_channels(data.settings)
    ch = data.interactions[S.CHANNEL].str.lower()
    bad_ch = ~ch.isin(channels)
    for line in data.interactions.index[bad_ch]:
        errors.append(
            DataError(
                path(S.INTERACTIONS),
                f"is not a known channel (known: {', '.join(channels)})",
                row=int(line),
                column=S.CHANNEL,
                value=data.interactions[S.CHANNEL][line],
            )
        )
    for t in (S.ORGS, S.JOBS, S.AFFILIATIONS):
        df = data.table(t)
        for col in t.required:
            for line in df.index[df[col] == ""]:
                errors.append(DataError(path(t), "is empty", row=int(line), column=col, value=""))
    errors.extend(_future_dated(data, folder))
    errors.extend(_out_of_range(data, folder))
    errors.extend(_too_long(data, folder))
    errors.extend(_check_outreach(data, folder))
    errors.sort(
        key=lambda e: (
            S.TABLES.index(next(t for t in S.TABLES if t.file == Path(e.file).name))
            if any(t.file == Path(e.file).name for t in S.TABLES)
            else -1,
            e.row or 0,
        )
    )
    return errors


def _check_outreach(data: NetworkData, folder: Path) -> list[DataError]:
    """Return the problems of ``asks.csv`` and of the ``status`` of ``jobs.csv``.

    An ask needs a unique id (no spaces or ``;``), a person other than the
    owner, a date that has passed, and a known kind (:func:`tiegraph.outreach.ask_kinds`);
    its status is one of :data:`tiegraph.schema.ASK_STATUSES` (empty: open); it
    was closed after it was made and not in the future, and only a closed ask
    has a ``closed`` date; a ``job`` names a posting of ``jobs.csv`` at its ``org``.
    ``due`` may be in the future. A job's status is one of
    :data:`tiegraph.schema.JOB_STATUSES` or empty.
    """
    errors: list[DataError] = []
    file = folder / S.ASKS.file
    a = data.asks
    now = pd.Timestamp.now(tz="UTC")

    def bad(mask: pd.Series, column: str, problem: str, values: pd.Series | None = None) -> None:
        shown = a[column] if values is None else values
        for line in a.index[mask.to_numpy(dtype=bool)]:
            errors.append(DataError(file, problem, row=int(line), column=column, value=shown[line]))

    ids = a[S.ID]
    bad(ids == "", S.ID, "is empty; every ask needs an id")
    bad(
        ids.str.contains(S.LIST_SEP, regex=False) | ids.str.contains(r"\s", regex=True),
        S.ID,
        "is not a valid id (no spaces or ';')",
    )
    dup = ids.duplicated(keep="first") & (ids != "")
    first_line = {v: int(str(li)) for li, v in ids[~ids.duplicated(keep="first")].items()}
    for line in ids.index[dup]:
        errors.append(
            DataError(
                file,
                f"is a duplicate id (first on line {first_line[ids[line]]})",
                row=int(line),
                column=S.ID,
                value=ids[line],
            )
        )
    bad(a[S.PERSON] == "", S.PERSON, "is empty; name the contact you asked")
    bad(a[S.PERSON] == data.settings.owner_id, S.PERSON, "is you; an ask is made of a contact")

    def day(col: str) -> pd.Series:
        return a[col].dt.strftime("%Y-%m-%d").fillna("")

    bad(a[S.DATE].isna(), S.DATE, "is missing; every ask needs the date it was made", day(S.DATE))
    kinds = ask_kinds(data.settings)
    kind = a[S.FOR].str.lower()
    bad(kind == "", S.FOR, "is empty; say what you asked for")
    bad(
        (kind != "") & ~kind.isin(kinds),
        S.FOR,
        f"is not a known kind of ask (known: {', '.join(kinds)}; "
        "add your own under [outreach] kinds)",
    )
    status = a[S.STATUS].str.lower()
    bad(
        (status != "") & ~status.isin(S.ASK_STATUSES),
        S.STATUS,
        f"is not a status (use {', '.join(S.ASK_STATUSES)})",
    )
    bad(
        a[S.DATE] > now,
        S.DATE,
        f"is in the future (after {now:%Y-%m-%d}); asks must have been made",
        day(S.DATE),
    )
    bad(a[S.CLOSED] > now, S.CLOSED, f"is in the future (after {now:%Y-%m-%d})", day(S.CLOSED))
    bad(a[S.CLOSED] < a[S.DATE], S.CLOSED, "is before the ask's date", day(S.CLOSED))
    bad(
        a[S.CLOSED].notna() & status.isin(["", "open"]),
        S.CLOSED,
        "is set but the ask is open (set its status, or clear closed)",
        day(S.CLOSED),
    )
    jobs = set(zip(data.jobs[S.ORG], data.jobs[S.TITLE], strict=True))
    has_job = a[S.JOB] != ""
    known_job = pd.Series(
        [(o, t) in jobs for o, t in zip(a[S.ORG], a[S.JOB], strict=True)],
        index=a.index,
        dtype=bool,
    )
    bad(has_job & ~known_job, S.JOB, f"is not a posting of {S.JOBS.file} at this ask's org")
    j = data.jobs
    js = j[S.STATUS].str.lower()
    for line in j.index[(js != "") & ~js.isin(S.JOB_STATUSES)]:
        errors.append(
            DataError(
                folder / S.JOBS.file,
                f"is not a status (use {', '.join(S.JOB_STATUSES)} or leave it empty)",
                row=int(line),
                column=S.STATUS,
                value=j[S.STATUS][line],
            )
        )
    return errors


def _out_of_range(data: NetworkData, folder: Path) -> list[DataError]:
    """Return the dates outside :func:`date_range`.

    Dates that may lie ahead (:data:`_MAY_BE_AHEAD`: when a job ends, when
    to follow up an ask) are only held to the earliest date; the future
    check words interactions' and introductions' own.
    """
    lo, hi = date_range()
    found: list[DataError] = []
    for t in S.TABLES:
        df = data.table(t)
        for col in t.dates:
            when = pd.to_datetime(df[col], utc=True)
            bad = when < lo
            if col not in _MAY_BE_AHEAD and not (
                t in (S.INTRODUCTIONS, S.INTERACTIONS) and col == S.DATE
            ):  # those are "in the future" (_future_dated)
                bad = bad | (when > hi)
            for line in df.index[bad.to_numpy(dtype=bool)]:
                found.append(
                    DataError(
                        folder / t.file,
                        f"is outside the dates tiegraph reads ({lo:%Y-%m-%d} to a year from now, "
                        f"{hi:%Y-%m-%d})",
                        row=int(line),
                        column=col,
                        value=when[line].strftime("%Y-%m-%d"),
                    )
                )
    return found


def _too_long(data: NetworkData, folder: Path) -> list[DataError]:
    """Return the cells longer than a CSV field may be (they could not be read back).

    And the names, organisations, titles, locations and labels longer than
    :data:`MAX_NAME_CHARS` (no command compares such names in reasonable time).
    """
    found: list[DataError] = []
    for t in S.TABLES:
        df = data.table(t)
        for col in df.columns:
            if col in t.dates or df[col].dtype.kind in "fiub":
                continue
            if col in _SHORT and len(df):
                lengths = df[col].astype(str).str.len()
                for line in df.index[(lengths > MAX_NAME_CHARS).to_numpy(dtype=bool)]:
                    found.append(
                        DataError(
                            folder / t.file,
                            f"is longer than {MAX_NAME_CHARS:,} characters, the most a name, "
                            "organisation, title, location or label may hold",
                            row=int(line),
                            column=col,
                        )
                    )
            values = df[col].astype(str)
            if sum(map(len, values.tolist())) <= MAX_FIELD_CHARS:
                continue  # the whole column is shorter than one field may be
            for line in df.index[(values.str.len() > MAX_FIELD_CHARS).to_numpy(dtype=bool)]:
                found.append(
                    DataError(
                        folder / t.file,
                        f"is longer than {MAX_FIELD_CHARS:,} characters, the most a cell may hold",
                        row=int(line),
                        column=col,
                    )
                )
    return found


def _future_dated(data: NetworkData, folder: Path) -> list[DataError]:
    """Return the rows dated in the future that the analysis refuses, as it words them.

    The rule has one home, the strength model's check that every analysis
    command runs (:func:`tiegraph.dates.check_future`): it is given the
    dated rows of introductions and interactions as evidence events, and
    each row it refuses is one problem here.
    """
    now = pd.Timestamp.now(tz="UTC")
    kinds = ((S.INTRODUCTIONS, S.EV_INTRODUCTION), (S.INTERACTIONS, S.EV_INTERACTION))
    events = pd.concat(
        [
            pd.DataFrame(
                {
                    "kind": kind,
                    # a Series, not .to_numpy(): that boxes every tz-aware date in Python
                    "date": data.table(t)[S.DATE].reset_index(drop=True),
                    "file": str(folder / t.file),
                    "line": data.table(t).index.to_numpy(dtype=int),
                }
            )
            for t, kind in kinds
        ],
        ignore_index=True,
    )
    events["date"] = pd.to_datetime(events["date"], utc=True)
    found: list[DataError] = []
    while len(events):
        try:
            check_future(events, now)
            break
        except DataError as exc:
            found.append(exc)
            same = (events["file"] == exc.file) & (events["line"] == exc.row)
            events = events.iloc[int(np.argmax(same.to_numpy())) + 1 :]
    return found


# ---------------------------------------------------------------------------
# writing

SETTINGS_TEMPLATE = """\
# tiegraph network folder settings. Every key is optional; see the README.

[owner]
id = {owner_id}        # the id that stands for you in introductions.csv and interactions.csv
name = {owner_name}

[targets]
orgs = []           # organisations you want to get into, e.g. ["AFSCME"]

[graph]
max_meeting_size = 25    # meetings larger than this give no "shared meeting" ties
same_org_max_size = 30   # organisations larger than this give no "same organisation" ties

[strength]
# Parameters of the tie-strength model; see the README. Leave them out to
# use the defaults (or the values calibrated on your own history).
"""


def settings_template(owner_id: str = "me", owner_name: str = "Me") -> str:
    """Return the commented ``network.toml`` written into a new network folder."""
    import json

    return SETTINGS_TEMPLATE.format(
        owner_id=json.dumps(owner_id), owner_name=json.dumps(owner_name)
    )


def _table_text(table: S.Table, df: pd.DataFrame) -> str:
    """Return the CSV text of a table: dates formatted, text cleaned, formulas neutralised."""
    out = df.copy()
    formatted = set(table.dates)
    for col in table.dates:
        out[col] = format_dates(out[col])
    if table is S.CONTACTS:
        num = out[S.CLOSENESS]
        out[S.CLOSENESS] = num.map(lambda v: "" if pd.isna(v) else str(int(v)))
        formatted.add(S.CLOSENESS)
    columns = [
        c for c in table.columns if c not in table.sparse or (out[c].astype(str) != "").any()
    ] + [c for c in out.columns if c not in table.columns]
    out = out[columns].astype(object).fillna("").astype(str)
    one_line = set(one_line_columns(table))
    for col in columns:
        if col not in formatted:
            out[col] = neutralize_formulas(clean_column(out[col], one_line=col in one_line))
    return csv_text(columns, out.to_numpy().tolist())


def write_folder(
    data: NetworkData,
    folder: str | os.PathLike[str],
    *,
    tables: tuple[S.Table, ...] | None = None,
    write_settings: bool | None = None,
    command: str | None = None,
) -> None:
    """Write ``data`` into ``folder`` atomically: every file changes, or none.

    The old version of each file is kept in the folder's journal (see
    :mod:`tiegraph.history`) when the write is part of a command: inside
    :func:`tiegraph.history.recording` (every CLI command runs in one), or
    when ``command`` is given.

    Parameters
    ----------
    data : NetworkData
        The tables to write. They are validated first; nothing is written
        when any problem is found.
    folder : path-like
        The network folder; created when missing.
    tables : tuple of Table, optional
        Write only these tables (default: the four main tables, plus each
        optional one that has rows or already exists).
    write_settings : bool, optional
        Write ``network.toml`` (default: only when the folder has none).
    command : str, optional
        Journal this write under this name, so ``tiegraph undo`` can take
        it back; inside a CLI command (a recording) the command line is
        used instead. Without either, nothing is journaled.

    Notes
    -----
    The write holds the folder's lock (:func:`tiegraph._lock.folder_lock`),
    so two writers never interleave. When ``data`` was read from ``folder``
    (:func:`read_folder`, :func:`read_or_new_folder`) and a file it is about
    to replace has changed since (another program wrote it in between),
    nothing is written: replacing it would lose that change. Every CLI
    command that writes holds the lock from before it reads, so this only
    happens to Python code that reads, waits, and writes.

    Raises
    ------
    DataError
        ``data`` has a problem, or a file changed since ``data`` was read;
        the folder is left as it was.
    """
    folder = Path(folder)
    problems = validate(replace(data, folder=folder))
    if problems:
        raise problems[0]
    from .._lock import folder_lock

    with folder_lock(folder, create=True):
        _write_locked(data, folder, tables, write_settings, command)


def _write_locked(
    data: NetworkData,
    folder: Path,
    tables: tuple[S.Table, ...] | None,
    write_settings: bool | None,
    command: str | None,
) -> None:
    if tables is None:
        tables = tuple(
            t
            for t in S.TABLES
            if not t.optional_file or len(data.table(t)) or (folder / t.file).exists()
        )
    files: dict[Path, str] = {folder / t.file: _table_text(t, data.table(t)) for t in tables}
    settings_path = folder / S.SETTINGS_FILE
    if write_settings is None:
        write_settings = not settings_path.exists()
    if write_settings:
        if data.settings_text is not None:
            files[settings_path] = data.settings_text
        elif data.settings.raw:
            import tomli_w

            files[settings_path] = tomli_w.dumps(data.settings.to_dict())
        else:
            files[settings_path] = settings_template(
                data.settings.owner_id, data.settings.owner_name
            )
    # the files as this data's read found them; copies made with replace() share the dict,
    # so what one of them wrote is not taken for another writer's change
    snapshot = data.snapshot
    if snapshot is not None and data.folder is not None:
        if Path(data.folder).resolve() != folder.resolve():
            snapshot = None  # written somewhere else: a copy
    for path in files if snapshot is not None else ():
        if _stat(path) != snapshot.get(path.name):  # type: ignore[union-attr]
            raise DataError(
                path,
                "changed since this command read it (another program wrote it meanwhile); "
                "nothing was written: run the command again",
            )
    from ..history import journaled_write  # the journal imports this package's writer

    journaled_write(folder, files, command=command)
    if snapshot is not None:
        snapshot.update({path.name: _stat(path) for path in files})
