"""Read, check and write a network folder (the canonical CSV + TOML files).

The tables as DataFrames live in :mod:`tiegraph.io.tables` and the checks in
:mod:`tiegraph.io.validate`; their public names are importable from here too.

A network folder holds ``network.toml`` and the tables of
:mod:`tiegraph.schema`. Only ``contacts.csv`` must exist; a missing optional
table reads as empty, and :func:`write_folder` writes the four main tables
always. Columns a user added by hand are kept and written back after the
known ones, so nothing is lost on a round trip.

In the DataFrames (:mod:`tiegraph.io.tables`), text columns hold ``str``
(empty string for empty), date columns hold UTC timestamps (``NaT`` for
empty), ``closeness`` holds floats (``NaN`` for empty), and the index is the
line number in the file (``line``), so a later check can still name the row.

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

import csv
import io
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import schema as S
from ..exceptions import ConfigError, DataError
from ..params import ENCODING, FLAG, Text, validate_params
from ..settings import Settings
from ._text import clean_column, csv_text, read_csv_frame, read_csv_rows, read_text
from .tables import (
    EARLIEST_DATE,
    FREE_TEXT,
    MAX_NAME_CHARS,
    NetworkData,
    date_range,
    distinct_cells,
    empty_table,
    format_dates,
    neutralize_formulas,
    one_line_columns,
    parse_dates,
    restore_formulas,
    table_from_columns,
    table_from_rows,
)
from .validate import validate

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = [
    "EARLIEST_DATE",
    "FOLDER_FILES",
    "FREE_TEXT",
    "MAX_NAME_CHARS",
    "NetworkData",
    "check_folder",
    "date_range",
    "empty_table",
    "format_dates",
    "neutralize_formulas",
    "one_line_columns",
    "parse_dates",
    "read_folder",
    "read_or_new_folder",
    "read_settings",
    "restore_formulas",
    "settings_template",
    "table_from_rows",
    "validate",
    "write_folder",
]


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


# files up to this many characters are parsed by the csv module (see _read_table)
_SMALL_FILE = 64 * 1024


def _read_plain(path: Path) -> tuple[list[str], dict[str, Any], int] | None:
    """Read a large file of plain UTF-8 one-line records with pandas' C parser, from its bytes.

    The usual large table: no byte-order mark, no carriage return, one
    record per line. pandas decodes the bytes itself, so the text is never
    held as a Python string (a 50 MB file would be held three times over).
    Anything else -- a small file, an odd header, a record spanning lines or
    with too many fields, bytes that are not UTF-8 -- returns None, and
    :func:`~tiegraph.io._text.read_text` and the exact parsers read the file
    and name the problem.
    """
    try:
        if path.stat().st_size <= _SMALL_FILE:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    if (
        b"\r" in data
        or b"\x00" in data  # NULs: the text reader decides (binary or not)
        or data.startswith((b"\xef\xbb\xbf", b"\xff", b"\xfe"))
    ):
        return None
    first_end = data.find(b"\n")
    if first_end < 0 or b'"' in data[:first_end]:
        return None
    try:
        header = [h.strip() for h in data[:first_end].decode("utf-8").split(",")]
    except UnicodeDecodeError:
        return None
    if not all(header) or len(set(header)) != len(header):
        return None
    n_lines = data.count(b"\n", first_end + 1) + (0 if data.endswith(b"\n") else 1)
    try:
        frame = pd.read_csv(
            io.BytesIO(data),  # shares the bytes
            header=None,  # no names: a first row wider than the header shows in the shape
            skiprows=1,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
            encoding="utf-8",
        )
    except (pd.errors.ParserError, ValueError):  # a bad byte is a ValueError (UnicodeDecodeError)
        return None
    if frame.shape != (n_lines, len(header)) or not _every_row_full(data, first_end, len(header)):
        return None  # a blank line, a quoted field spanning lines, a row too wide or short
    frame.columns = header
    return header, {c: frame[c] for c in header}, len(frame)


def _rows_full(text: str) -> bool:
    """Return True when every line of ``text`` after the header has the header's fields."""
    first_end = text.find("\n")
    if first_end < 0:
        return True
    try:
        width = len(next(csv.reader([text[:first_end]])))
    except (StopIteration, csv.Error):
        return False
    data = text.encode("utf-8", "surrogatepass")
    return _every_row_full(data, data.find(b"\n"), width)


def _every_row_full(data: bytes, first_end: int, width: int) -> bool:
    """Return True when every line after the header has ``width`` fields (commas + 1).

    pandas fills a row with too few fields with empty cells; the exact parser
    refuses it, naming the line. A comma after an odd number of quotes is
    inside a quoted field, not a separator (no field here spans lines); a
    stray quote inside a field makes lines look wrong, and the exact parser
    then decides.
    """
    buf = np.frombuffer(data, dtype=np.uint8)[first_end:]
    commas = np.flatnonzero(buf == ord(","))
    quotes = np.flatnonzero(buf == ord('"'))
    if len(quotes):
        commas = commas[np.searchsorted(quotes, commas) % 2 == 0]
    ends = np.flatnonzero(buf == ord("\n"))  # the header's own line end first
    if ends[-1] != len(buf) - 1:
        ends = np.append(ends, len(buf))  # a last line without a line end
    per_line = np.diff(np.searchsorted(commas, ends))
    return bool((per_line == width - 1).all())


def _read_table(
    folder: Path, table: S.Table, errors: list[DataError], encoding: str | None
) -> pd.DataFrame:
    path = folder / table.file
    if not path.exists():
        if table is S.CONTACTS:
            errors.append(DataError(path, "file not found (every network folder needs one)"))
        return empty_table(table)
    plain = None if encoding is not None else _read_plain(path)
    columns: dict[str, Any]
    try:
        if plain is not None:
            header, columns, n = plain
            lines = np.arange(2, n + 2)
        elif len(text := read_text(path, encoding)) <= _SMALL_FILE or not _rows_full(text):
            # the exact parser, which pandas' falls back to: on a small file it costs less
            # than starting pandas' parser, and it refuses a row with too few fields
            header, rows, line_list = read_csv_rows(text, path, one_line=one_line_columns(table))
            lines = np.asarray(line_list, dtype=int)
            n = len(rows)
            cells = list(zip(*rows, strict=True)) if n else [()] * len(header)
            columns = dict(zip(header, cells, strict=True))
        else:
            header, frame, lines = read_csv_frame(text, path, one_line=one_line_columns(table))
            columns, n = {c: frame[c] for c in header}, len(frame)
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
    # cannot start like a formula); only text can, so only text is looked at
    structured = {
        *table.dates,
        *table.person_refs,
        *table.person_list_refs,
        S.ID,
        S.CHANNEL,
        S.CLOSENESS,
        S.DIRECT,
    }
    return table_from_columns(
        table,
        columns,
        n,
        lines,
        file=path,
        errors=errors,
        cut_long=False,
        restore=[c for c in header if c not in structured],
    )


@validate_params(encoding=ENCODING, check=FLAG)
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


@validate_params(encoding=ENCODING)
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
    """Return the CSV text of a table: dates formatted, text cleaned, formulas neutralised.

    Column by column, each step decided by one look at the column's distinct
    cells; the rows are then joined in one pass (the ``csv`` module's
    minimal quoting, applied to the cells that need it).
    """
    formatted = set(table.dates)
    columns = [
        c for c in table.columns if c not in table.sparse or (df[c].astype(str) != "").any()
    ] + [str(c) for c in df.columns if c not in table.columns]
    if len(columns) < 2:  # a row of one empty cell is written "" (csv's rule): the csv module
        out = df[columns].astype(object).fillna("").astype(str)
        return csv_text(columns, out.to_numpy().tolist())
    one_line = set(one_line_columns(table))
    cells: list[list[str]] = []
    for col in columns:
        values = df[col]
        if col in formatted:
            text = format_dates(values).to_numpy(dtype=object)
        elif table is S.CONTACTS and col == S.CLOSENESS:
            text = np.asarray(
                ["" if v != v else str(int(v)) for v in values.tolist()], dtype=object
            )  # v != v: NaN
        else:
            text = _clean_for_writing(values, one_line=col in one_line)
        cells.append(_quoted(text).tolist())
    header = csv_text(columns, [])
    if not len(df):
        return header
    return header + "\n".join(map(",".join, zip(*cells, strict=True))) + "\n"


def _clean_for_writing(values: pd.Series, *, one_line: bool) -> np.ndarray:
    """Return a text column cleaned and with formulas neutralised, as an array of ``str``."""
    text = values.to_numpy(dtype=object)
    try:
        joined = "".join(distinct_cells(text))
    except TypeError:  # not all text: missing values are empty, others made text
        text = values.astype(object).fillna("").astype(str).to_numpy(dtype=object)
        joined = "".join(text.tolist())
    series = pd.Series(text, dtype=object)
    if not joined.isprintable():  # else no control character and no line break
        series = clean_column(series, one_line=one_line)
    return neutralize_formulas(series).to_numpy(dtype=object)


def _quoted(text: np.ndarray) -> np.ndarray:
    """Return the cells as the csv module writes them: quoted when they hold , " or a line break."""
    distinct = distinct_cells(text)
    joined = "".join(distinct)
    if "," not in joined and '"' not in joined and "\n" not in joined:
        return text
    need = np.fromiter(
        ("," in v or '"' in v or "\n" in v for v in text.tolist()), dtype=bool, count=len(text)
    )
    out = text.copy()
    out[need] = ['"' + v.replace('"', '""') + '"' for v in text[need]]
    return out


@validate_params(write_settings=[*FLAG, None], command=[Text(), None])
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
