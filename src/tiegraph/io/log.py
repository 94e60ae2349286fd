"""Read a generic interaction log: two people and a time per row.

Such logs come out of messaging apps, phone bills, routers and research
data sets: SNAP's ``CollegeMsg.txt`` is ``src dst time`` separated by
spaces with the time in Unix seconds; SNAP's Bitcoin OTC file is
``source,target,rating,time`` without a header; KONECT files start with
``%`` lines and hold ``src dst weight time``; a FRITZ!Box call list is
``;``-separated Windows-1252 text with times like ``25.12.12 17:45``.

The reader finds the columns by name (case-insensitive) or by 1-based
position, sniffs the separator, skips ``#`` and ``%`` comment lines at the
top, and reads the time as Unix seconds (fractional seconds kept exactly),
ISO 8601, a ``strptime`` format, or seconds counted from a given origin.
Every data row is either in the table or skipped with its line and the
reason; two identical rows stay two rows.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shlex
import warnings
from collections.abc import Mapping
from datetime import date, datetime

import numpy as np
import pandas as pd

from ..exceptions import ConfigError, DataError
from ._reading import Problems, Reading
from ._text import iter_csv_records, read_foreign_text

__all__ = ["read_log"]

#: the roles a column can play, in the order of the table's columns
ROLES = ("src", "dst", "time", "channel", "notes", "started_by")
#: the columns of the table :func:`read_log` returns
COLUMNS = ("src", "dst", "date", "channel", "notes", "started_by")

_WS = r"\s+"
_COMMENT = ("#", "%")
_SEP_HINT = re.compile(r'"?sep=(.)"?', re.IGNORECASE)
_ZONE_WORD = re.compile(r"\s+(?:UTC|GMT|Z)$")
_EARLIEST = pd.Timestamp("1900-01-01", tz="UTC")
#: Unix seconds before this (1973-03-03) in *every* row mean the column is not a Unix time
_SUSPECT_BELOW = 100_000_000
#: integers from this many up read as milliseconds when every number of a column is that large
_MILLIS_FROM = 100_000_000_000
_MAX_INT = np.iinfo(np.int64).max

#: how a time was read
_OK, _UNREADABLE, _OUT_OF_RANGE = 0, 1, 2


def _latest() -> pd.Timestamp:
    return pd.Timestamp.now(tz="UTC") + pd.DateOffset(years=1)


def _normalize_sep(sep: str | None) -> str | None:
    if sep is None:
        return None
    low = sep.strip().lower()
    if sep == "\t" or low in ("\\t", "tab"):
        return "\t"
    if sep == " " or low in ("space", "spaces", "whitespace", "white space", r"\s+"):
        return _WS
    if len(sep) != 1:
        raise ConfigError(
            f"--sep: {sep!r} is not one character (use ',', ';', '|', 'tab' or 'space')"
        )
    return sep


def _sniff(sample: list[str]) -> str:
    """Return the separator of a table from its first lines.

    The candidate giving most fields wins, if it splits the first line (the
    header or first row) and at least 80% of the lines into that many fields;
    white space wins when no candidate gives three fields and it does.
    """

    def mode(widths: list[int]) -> tuple[int, float]:
        if not widths:
            return 0, 0.0
        counts = np.bincount(widths)
        m = int(counts.argmax())
        return m, counts[m] / len(widths)

    best, best_width = None, 0
    for d in (",", "\t", ";", "|"):
        try:
            widths = [len(r) for r in csv.reader(sample, delimiter=d) if r]
        except csv.Error:
            continue
        m, share = mode(widths)
        if m >= 2 and share >= 0.8 and m > best_width and widths[0] == m:
            best, best_width = d, m
    ws, ws_share = mode([len(line.split()) for line in sample])
    if (best is None or best_width < 3) and ws >= 3 and ws_share >= 0.8:
        return _WS
    if best is None:
        return _WS if ws >= 2 else ","
    return best


def _split_line(line: str, sep: str) -> list[str]:
    if sep == _WS:
        try:
            return shlex.split(line, posix=True)
        except ValueError:
            return line.split()
    return next(csv.reader([line], delimiter=sep), [])


def _padded(body: str, sep: str) -> bool:
    """Whether a space or tab stands beside a separator or at either end of a line."""
    edges = (f" {sep}", f"\t{sep}", f"{sep} ", f"{sep}\t", "\n ", "\n\t", " \n", "\t\n")
    return body[:1] in (" ", "\t") or body[-1:] in (" ", "\t") or any(e in body for e in edges)


def _parse_fast(
    body: str, sep: str, width: int
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray] | None:
    """Cells, 0-based line offsets and field counts of a table with one record per line.

    pandas' C parser reads ``width`` columns; only rows with a missing or
    empty cell are looked at again in Python (for their field count, or to
    find blank lines). Returns None when a row has more fields than
    ``width`` or a quoted value spans lines (the line numbers would be
    lost): the caller then reads the file with :func:`_parse_slow`.
    """
    raw = body.split("\n")
    if raw and raw[-1] == "":
        raw.pop()
    try:
        with warnings.catch_warnings():
            # a row wider than the first line: pandas would drop its extra fields, with a warning
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                io.StringIO(body),
                sep=sep,
                header=None,
                names=list(range(width)),
                dtype=object,
                keep_default_na=False,
                na_values=[""],
                skip_blank_lines=False,
                quoting=csv.QUOTE_MINIMAL if '"' in body else csv.QUOTE_NONE,
                index_col=False,
                engine="c",
            )
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError):
        return None
    if len(frame) != len(raw):
        return None
    widths = np.full(len(raw), width, dtype=np.int64)
    holes = np.flatnonzero(frame.isna().to_numpy().any(axis=1))
    for i in holes:
        line = raw[i]
        blank = not line.strip() and (sep == _WS or sep not in line)
        widths[i] = 0 if blank else len(_split_line(line, sep))
    if len(holes):
        frame = frame.fillna("")
    keep = widths > 0
    if keep.all():
        return frame, np.arange(len(raw), dtype=np.int64), widths
    offsets = np.flatnonzero(keep)
    return frame.iloc[offsets].reset_index(drop=True), offsets, widths[keep]


def _parse_slow(
    body: str, sep: str, width: int
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, list[tuple[int, str]]]:
    """Like :func:`_parse_fast`, record by record (quotes, records spanning lines, ragged rows).

    An unbalanced quote that swallows lines looking like rows (with as many
    fields as most lines have, else ``width``) skips only its own line
    (:func:`tiegraph.io._text.iter_csv_records`).

    Returns the cells, the 0-based line offset where each record starts, the
    field counts, and ``(offset, reason)`` of records that are not valid CSV.
    """
    rows: list[list[str]] = []
    starts: list[int] = []
    bad: list[tuple[int, str]] = []
    if sep == _WS:
        quoted = '"' in body
        for i, line in enumerate(body.split("\n")):
            if line.strip():
                try:
                    rows.append(shlex.split(line, posix=True) if quoted else line.split())
                    starts.append(i)
                except ValueError as exc:
                    bad.append((i, f"not valid: {exc}"))
    else:
        lines = body.split("\n")
        # the width rows have: the most common field count of a line on its own (the first
        # line may be the damaged one)
        counts = [len(_split_line(line, sep)) for line in lines[:1000] if line.strip()]
        if counts:
            # the most common count; among equally common ones the widest (a damaged line has
            # fewer fields)
            tally = np.bincount(counts)
            width = int(np.flatnonzero(tally == tally.max()).max())
        records = iter_csv_records(lines, sep, width=width, strict=True)
        for start, rec, problem in records:
            if rec is None:
                bad.append((start, str(problem)))
                continue
            if not rec or (len(rec) == 1 and not rec[0].strip()):
                continue
            rows.append(rec)
            starts.append(start)
    widths = np.asarray([len(r) for r in rows], dtype=np.int64)
    n_cols = int(max(widths.max(initial=0), width, 1))  # every column, even with no row read
    frame = pd.DataFrame(
        [r + [""] * (n_cols - len(r)) for r in rows], columns=list(range(n_cols)), dtype=object
    )
    return frame, np.asarray(starts, dtype=np.int64), widths, bad


def _exact_ns(values: pd.Series, unit_ns: int) -> tuple[np.ndarray, np.ndarray]:
    """Read decimal numbers exactly as ``unit_ns`` nanoseconds each, digit by digit.

    Returns the nanoseconds and a mask of values too large to hold. Used for
    the few numbers :func:`_numbers_to_ns` cannot read exactly through a float.
    """
    parts = values.str.partition(".")
    whole = parts[0].str.strip()
    neg = whole.str.startswith("-").to_numpy(dtype=bool)
    digits = whole.str.lstrip("+-")
    digits = digits.where(digits.str.fullmatch(r"\d+").fillna(False), "0")
    too_long = (digits.str.len() > 15).to_numpy(dtype=bool)
    ints = pd.to_numeric(digits.where(~too_long, "0")).to_numpy(dtype=np.int64)
    width = len(str(unit_ns)) - 1
    frac = parts[2].str.slice(0, width).str.ljust(width, "0")
    frac = frac.where(frac.str.fullmatch(r"\d+").fillna(False), "0")
    fracs = pd.to_numeric(frac).to_numpy(dtype=np.int64)
    limit = _MAX_INT // unit_ns - 1
    overflow = too_long | (ints > limit)
    ns = np.where(overflow, 0, ints) * unit_ns + np.where(overflow, 0, fracs)
    return np.where(neg, -ns, ns), overflow


def _numbers_to_ns(
    raw: pd.Series, numbers: np.ndarray, unit_ns: int
) -> tuple[np.ndarray, np.ndarray]:
    """Turn numbers of ``unit_ns`` nanoseconds into nanoseconds, exactly as written.

    ``numbers`` are the values of ``raw`` read by ``pd.to_numeric``. A float
    holds about 15 significant digits, so a value with more digits after the
    point is rebuilt from its text: ``1289241911.72836`` is that instant to
    the microsecond, with no float round trip. Returns the nanoseconds and a
    mask of values too large to hold.
    """
    width = len(str(unit_ns)) - 1
    limit = _MAX_INT // unit_ns - 1
    if numbers.dtype.kind in "iu":
        overflow = np.abs(numbers) > limit
        return np.where(overflow, 0, numbers).astype(np.int64) * unit_ns, overflow
    dot = raw.str.find(".").to_numpy(dtype=np.int64)
    length = raw.str.len().to_numpy(dtype=np.int64)
    decimals = np.where(dot >= 0, length - dot - 1, 0)
    whole_digits = np.where(dot >= 0, dot, length)
    exact = (decimals <= width) & (whole_digits + decimals <= 15)
    overflow = ~(np.abs(numbers) <= limit)
    scale = 10.0 ** np.minimum(decimals, width)
    safe = np.where(overflow, 0.0, numbers)
    ns = np.rint(safe * scale).astype(np.int64) * (unit_ns // scale.astype(np.int64))
    if not exact.all():
        redo = ~exact & ~overflow
        if redo.any():
            ns[redo], overflow[redo] = _exact_ns(raw[redo], unit_ns)
    return np.where(overflow, 0, ns), overflow


class _Times:
    """The times of a column, read in one of three ways."""

    def __init__(
        self,
        raw: pd.Series,
        time_format: str | None,
        origin: pd.Timestamp | None,
        latest: pd.Timestamp,
    ) -> None:
        n = len(raw)
        self.raw = raw
        self.ns = np.zeros(n, dtype=np.int64)
        self.status = np.full(n, _UNREADABLE, dtype=np.int8)
        self.numeric = np.zeros(n, dtype=bool)
        self.millis = False
        lo, hi = _EARLIEST.value, latest.value
        if time_format is not None:
            try:
                parsed = pd.to_datetime(raw, format=time_format, utc=True, errors="coerce")
            except ValueError as exc:
                raise ConfigError(f"--time-format {time_format!r}: {exc}") from None
            self._take_dates(parsed, np.ones(n, dtype=bool), lo, hi)
            return
        numbers = pd.to_numeric(raw, errors="coerce")
        values = numbers.to_numpy()
        if values.dtype.kind in "iu":
            is_num = np.ones(n, dtype=bool)
        else:
            is_num = np.isfinite(values.astype(np.float64))
        self.numeric = is_num
        if is_num.any():
            nums = raw[is_num]
            num_values = values if is_num.all() else values[is_num]
            unit = 10**9
            if origin is None:
                big = np.abs(num_values.astype(np.float64))
                if (big >= _MILLIS_FROM).all() and (big < 10**14).all():
                    self.millis = True
                    unit = 10**6
            ns, overflow = _numbers_to_ns(nums, num_values, unit)
            if origin is not None:
                room = _MAX_INT - max(origin.value, 0) - 1
                overflow |= np.abs(ns) > room
                ns = np.where(overflow, 0, ns + origin.value)
            status = np.where(overflow | (ns < lo) | (ns > hi), _OUT_OF_RANGE, _OK)
            if is_num.all():
                self.ns, self.status = ns.astype(np.int64), status.astype(np.int8)
            else:
                self.ns[is_num] = ns
                self.status[is_num] = status
        rest = ~is_num & (raw != "").to_numpy(dtype=bool)
        if origin is None and rest.any():
            text = raw[rest]
            parsed = pd.to_datetime(text, format="ISO8601", utc=True, errors="coerce")
            retry = parsed.isna() & text.str.contains(_ZONE_WORD)
            if retry.any():
                again = text[retry].str.replace(_ZONE_WORD, "", regex=True)
                parsed = parsed.astype("datetime64[us, UTC]")
                parsed[retry] = pd.to_datetime(again, format="ISO8601", utc=True, errors="coerce")
            self._take_dates(parsed, rest, lo, hi)

    def _take_dates(self, parsed: pd.Series, where: np.ndarray, lo: int, hi: int) -> None:
        parsed = pd.Series(parsed).astype("datetime64[us, UTC]")
        ok = parsed.notna().to_numpy(dtype=bool)
        us = parsed.to_numpy(dtype="datetime64[us]").astype(np.int64)
        inside = ok & (us >= lo // 1000) & (us <= hi // 1000)
        ns = np.where(inside, us, 0) * 1000
        status = np.where(inside, _OK, np.where(ok, _OUT_OF_RANGE, _UNREADABLE))
        self.ns[where] = ns
        self.status[where] = status


def _looks_like_times(
    values: pd.Series, time_format: str | None, origin: pd.Timestamp | None
) -> np.ndarray:
    """Which of ``values`` read as times in 1973..next year (cheap, for a few values)."""
    values = values.astype(object).str.strip()
    times = _Times(values, time_format, origin, _latest())
    ok = times.status == _OK
    if origin is None and time_format is None and not times.millis:
        ok &= ~times.numeric | (times.ns >= _SUSPECT_BELOW * 10**9)
    return ok


def _label(role_index: int, header: list[str] | None) -> str:
    if header is not None and role_index < len(header) and header[role_index]:
        return repr(header[role_index])
    return str(role_index + 1)


def _flag(role: str) -> str:
    return "--" + role.replace("_", "-")


def _where_ns(ns: int) -> str:
    return str(pd.Timestamp(ns, unit="ns", tz="UTC").year)


def read_log(  # noqa: C901 - parses a foreign format in one pass
    path: str | os.PathLike[str],
    *,
    src: str | int = "src",
    dst: str | int = "dst",
    time: str | int = "time",
    channel: str | int | None = None,
    notes: str | int | None = None,
    started_by: str | int | None = None,
    sep: str | None = None,
    time_format: str | None = None,
    time_origin: str | date | datetime | pd.Timestamp | None = None,
    encoding: str | None = None,
    strict: bool = False,
) -> Reading:
    r"""Read a log of interactions between two people, one row each.

    Parameters
    ----------
    path : path-like
        The log file.
    src, dst, time : str or int
        The columns of the two people and of the time: a column name
        (case-insensitive) or a 1-based position (``3`` or ``"3"``). A file
        whose first line holds none of the names and looks like data has no
        header: it is read by position (``src`` = column 1, ``dst`` = column
        2, ``time`` = column 3 unless given), which a file-level note says.
        A file with a header no name matches can still be read by position
        (the header line is then passed over, with a note).
    channel, notes : str or int, optional
        Columns holding each row's channel and notes, kept as written
        (default: empty).
    started_by : str or int, optional
        A column telling who started each interaction. Without it, the
        ``src`` person is taken as the one who started it (the sender of a
        message, the caller of a call): ``started_by`` is a copy of ``src``.
    sep : str, optional
        The separator: ``,``, ``;``, ``|``, ``tab`` or ``space`` (runs of
        white space). Default: sniffed from the first lines (an Excel
        ``sep=;`` first line is followed).
    time_format : str, optional
        A ``strptime`` format (e.g. ``%d.%m.%y %H:%M``) for times that are
        neither Unix seconds nor ISO 8601. Times without a zone are UTC.
    time_origin : str or date, optional
        The time column counts seconds from this date and time (logs that
        count from the start of a study); without a zone it is UTC.
    encoding : str, optional
        Force a text encoding (default: BOM, UTF-8, else Windows-1252).
    strict : bool
        Refuse the file at the first row that cannot be read.

    Returns
    -------
    Reading
        ``table`` has the columns ``src``, ``dst`` (as written, stripped),
        ``date`` (UTC), ``channel``, ``notes`` and ``started_by``, indexed by
        the input line of each row. Identical rows stay separate rows: two
        messages in the same second are two interactions. ``records`` counts
        the data rows (blank and comment lines are not records).

    Raises
    ------
    DataError
        The file is not a log: a named column is missing, it has fewer than
        three columns, or its time column holds no times (for example a
        rating from -10 to 10 read as Unix seconds, which gives dates in
        1970; the message suggests the column that does hold times). With
        ``strict``, also the first row that cannot be read.
    ConfigError
        A bad argument (``time_format`` and ``time_origin`` together, a
        position below 1, a separator that is not one character).

    Notes
    -----
    A row is skipped (listed in ``skipped`` with its line) when its number
    of fields differs from the header's, a person is empty, the time is
    empty, unreadable or outside 1900..(now + 1 year), or both sides are
    the same person. Unix seconds are kept exactly as written
    (``1289241911.72836`` is that instant to the microsecond); integers of
    twelve digits or more in every row are read as milliseconds, with a
    note.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "log.txt"
    >>> _ = p.write_text("1 2 1082040961\n1 2 1082040961\n3 3 1082155839\n")
    >>> r = read_log(p)
    >>> r.table[["src", "dst", "date"]]
         src dst                      date
    line
    1      1   2 2004-04-15 14:56:01+00:00
    2      1   2 2004-04-15 14:56:01+00:00
    >>> r.records, r.skipped
    (3, [(3, 'the same person on both sides')])
    >>> r.notes
    [(None, 'no header: read by position (src = column 1, dst = column 2, time = column 3)')]
    """
    if time_format is not None and time_origin is not None:
        raise ConfigError("give either --time-format or --time-origin, not both")
    origin = None
    if time_origin is not None:
        try:
            origin = pd.Timestamp(time_origin)
        except (ValueError, TypeError):
            raise ConfigError(f"--time-origin: {time_origin!r} is not a date") from None
        origin = origin.tz_localize("UTC") if origin.tzinfo is None else origin.tz_convert("UTC")
    sep = _normalize_sep(sep)
    specs: dict[str, str | int | None] = {
        "src": src,
        "dst": dst,
        "time": time,
        "channel": channel,
        "notes": notes,
        "started_by": started_by,
    }
    positions: dict[str, int] = {}
    names: dict[str, str] = {}
    for role, spec in specs.items():
        if spec is None:
            continue
        if isinstance(spec, int) or str(spec).strip().isdigit():
            k = int(spec)
            if k < 1:
                raise ConfigError(f"{_flag(role)}: column positions start at 1 (got {spec})")
            positions[role] = k - 1
        else:
            names[role] = str(spec).strip()
    defaults = {"src": 0, "dst": 1, "time": 2}

    problems = Problems(path, strict=strict)
    text, used = read_foreign_text(path, encoding)
    if used != "utf-8":
        problems.note(None, f"read as {used}", dropped=False)

    # the preamble: blank lines, comments, an Excel "sep=" hint
    comments = 0
    offset = 0
    first = 0
    seen_content = False
    while True:
        end = text.find("\n", offset)
        line = text[offset:] if end < 0 else text[offset:end]
        stripped = line.strip()
        if end < 0 and not stripped:
            raise DataError(path, "has no rows (only blank or comment lines)")
        sep_hint = _SEP_HINT.fullmatch(stripped)
        if not stripped:
            pass
        elif stripped.startswith(_COMMENT):
            comments += 1
        elif sep_hint and not seen_content:
            sep = sep or _normalize_sep(sep_hint.group(1))
            problems.note(
                None,
                f"line {first + 1}: {stripped!r} (Excel's separator hint) followed",
                dropped=False,
            )
        else:
            break
        if end < 0:  # the last line, and a comment or a hint: no row follows
            raise DataError(path, "has no rows (only blank or comment lines)")
        seen_content = seen_content or bool(stripped)
        offset = end + 1
        first += 1
    if comments:
        problems.note(
            None,
            f"{comments} comment line{'s' if comments > 1 else ''} at the top skipped",
            dropped=False,
        )
    body = text[offset:]
    if sep is None:
        sample = [ln for ln in body.split("\n", 60)[:50] if ln.strip()]
        sep = _sniff(sample)

    first_width = len(_split_line(body[: body.find("\n")] if "\n" in body else body, sep))
    fast = _parse_fast(body, sep, max(first_width, 1))
    if fast is None:
        frame, offsets, widths, invalid = _parse_slow(body, sep, max(first_width, 1))
    else:
        frame, offsets, widths = fast
        invalid = []
    padded = fast is None or (sep != _WS and _padded(body, sep))
    line_of = offsets + first + 1  # 1-based line of each record

    # the header
    def cells(row: int) -> list[str]:
        return [str(v).strip() for v in frame.iloc[row, : max(int(widths[row]), 0)]]

    header: list[str] | None = None
    tokens = cells(0) if len(frame) else []
    lowered = [t.lower() for t in tokens]
    matched = {r: lowered.index(n.lower()) for r, n in names.items() if n.lower() in lowered}
    if matched:
        header = tokens
    elif len(frame):
        t = positions.get("time", defaults["time"])
        if t < frame.shape[1]:
            probe = frame[t].iloc[: min(len(frame), 21)]
            looks = _looks_like_times(probe, time_format, origin)
            # a first line whose time cell holds no digit ("time", "Datum") names the columns
            if not looks[0] and looks[1:].any() and not re.search(r"\d", str(probe.iloc[0])):
                header = tokens
    if header is not None:
        missing = [r for r in names if r not in matched]
        if missing:
            shown = ", ".join(header[:12]) + (", ..." if len(header) > 12 else "")
            if (
                not matched
                and set(missing) == {"src", "dst", "time"}
                and names
                == {
                    "src": "src",
                    "dst": "dst",
                    "time": "time",
                }
            ):
                raise DataError(
                    path,
                    f"has no columns named 'src', 'dst' and 'time' (the header is: {shown}); "
                    "name the columns with --src, --dst and --time",
                    row=int(line_of[0]),
                )
            raise DataError(
                path,
                f"missing column(s) {', '.join(repr(names[r]) for r in missing)} (the header is: "
                f"{shown}; name the columns with --src, --dst and --time, or give positions)",
                row=int(line_of[0]),
            )
        width = len(header)
    else:
        named = {r: n for r, n in names.items() if not (r in defaults and n == r)}
        if named:
            raise DataError(
                path,
                "has no header line, so no column can be found by name "
                f"({', '.join(map(repr, named.values()))}); give positions instead, "
                "e.g. --src 1 --dst 2 --time 3",
                row=int(line_of[0]) if len(line_of) else None,
            )
        width = int(np.bincount(widths[widths > 0]).argmax()) if (widths > 0).any() else 0
    index = {r: matched.get(r, positions.get(r, defaults.get(r, -1))) for r in specs}
    index = {r: i for r, i in index.items() if specs[r] is not None}
    if header is None and width < 3 and len(frame):
        raise DataError(
            path,
            f"has {width} column{'s' if width != 1 else ''}; a log needs two people and a time",
        )
    for role, i in index.items():
        if i >= width and len(frame):
            raise DataError(path, f"{_flag(role)} {i + 1}: the file has only {width} columns")
    labels = {r: _label(i, header) for r, i in index.items()}
    by_position = ", ".join(f"{r} = column {i + 1}" for r, i in index.items())
    if header is None and len(frame):
        problems.note(None, f"no header: read by position ({by_position})", dropped=False)
    elif not matched and header is not None:
        problems.note(
            None,
            f"line {int(line_of[0])} ({', '.join(header[:6])}) taken as the header: "
            f"read by position ({by_position})",
            dropped=False,
        )
    if header is not None:
        frame, line_of, widths = frame.iloc[1:], line_of[1:], widths[1:]

    # the rows
    n = len(frame)
    records = n + len(invalid)

    for i in index.values():
        if i >= 0 and i not in frame.columns:
            frame[i] = ""  # no row has that many fields: every row is skipped for its width

    def column(role: str) -> pd.Series:
        values = frame[index[role]].astype(object)
        return values.str.strip() if padded else values

    s_src, s_dst, s_time = column("src"), column("dst"), column("time")
    latest = _latest()
    times = _Times(s_time, time_format, origin, latest)
    extra_ok = np.zeros(n, dtype=bool)
    if frame.shape[1] > width:
        extra_ok = (frame[width].astype(object).str.strip() == "").to_numpy(dtype=bool)
    bad_width = (widths != width) & ~((widths == width + 1) & extra_ok)
    empty_src = (s_src == "").to_numpy(dtype=bool)
    empty_dst = (s_dst == "").to_numpy(dtype=bool)
    empty_time = (s_time == "").to_numpy(dtype=bool)
    self_loop = (s_src == s_dst).to_numpy(dtype=bool)
    usable = ~(bad_width | empty_src | empty_dst | empty_time)

    # the whole column is not a time: refuse the file with a hint
    where = f"column {labels['time']}"
    readable = usable & (times.status == _OK)
    numeric = usable & times.numeric
    if (
        origin is None
        and time_format is None
        and not times.millis
        and numeric.any()
        and numeric.sum() * 2 >= (usable & ~empty_time).sum()
        and times.ns[numeric].max() < _SUSPECT_BELOW * 10**9
    ):
        written = s_time[numeric]
        order = np.argsort(times.ns[numeric], kind="stable")
        lo, hi = written.iloc[order[0]], written.iloc[order[-1]]
        y0, y1 = _where_ns(int(times.ns[numeric].min())), _where_ns(int(times.ns[numeric].max()))
        years = y0 if y0 == y1 else f"{y0}-{y1}"
        other = _other_time_column(frame, index, header, width, origin, time_format, usable)
        hint = (
            f"column {other} holds times: pass --time {other.strip(chr(39))}"
            if other
            else "if they count seconds from the start of a study, pass --time-origin "
            "with the date it started; else name the time column with --time"
        )
        raise DataError(
            path,
            f"{where} does not hold times: read as Unix seconds its values ({lo} to {hi}) "
            f"all fall in {years}; {hint}",
        )
    if n and (usable & ~empty_time).any() and not readable.any():
        example = s_time[usable & ~empty_time].iloc[0]
        other = _other_time_column(frame, index, header, width, origin, time_format, usable)
        hint = (
            f"column {other} holds times: pass --time {other.strip(chr(39))}"
            if other
            else (
                "give its form with --time-format, e.g. '%d.%m.%Y %H:%M'"
                if time_format is None and origin is None
                else "check --time-format / --time-origin"
            )
        )
        raise DataError(path, f"{where} holds no time tiegraph can read (e.g. {example!r}); {hint}")
    if times.millis and numeric.any():
        problems.note(
            None, f"{where}: the numbers are read as milliseconds since 1970", dropped=False
        )

    bad_time = usable & (times.status != _OK)
    loops = usable & ~bad_time & self_loop
    ok = usable & ~bad_time & ~loops

    skipped: list[tuple[int, str]] = [(int(first + 1 + o), why) for o, why in invalid]
    latest_year = int(latest.year)
    for i in np.flatnonzero(~ok).tolist():
        if bad_width[i]:
            whose = "the header has" if header is not None else "the other rows have"
            why = f"has {widths[i]} field{'s' if widths[i] != 1 else ''} where {whose} {width}"
        elif empty_src[i] or empty_dst[i] or empty_time[i]:
            role = "src" if empty_src[i] else "dst" if empty_dst[i] else "time"
            why = f"column {labels[role]} ({role}) is empty"
        elif bad_time[i]:
            raw = s_time.iloc[i]
            if times.status[i] == _OUT_OF_RANGE:
                why = f"{where}: {raw!r} is outside 1900..{latest_year}"
            elif origin is not None:
                why = f"{where}: {raw!r} is not a number of seconds (after --time-origin)"
            elif time_format is not None:
                why = f"{where}: {raw!r} is not a time of the form {time_format!r}"
            else:
                why = f"{where}: {raw!r} is not a time (Unix seconds or ISO 8601)"
        else:
            why = "the same person on both sides"
        skipped.append((int(line_of[i]), why))
    for at, why in sorted(skipped):
        problems.skip(at, why)

    keep = np.flatnonzero(ok)
    lines = pd.Index(line_of[keep].astype(np.int64), name="line")

    def kept(values: pd.Series | None) -> pd.Series:
        if values is None:
            return pd.Series("", index=lines, dtype=object)
        return pd.Series(values.iloc[keep].to_numpy(dtype=object), index=lines, dtype=object)

    table = pd.DataFrame(
        {
            "src": kept(s_src),
            "dst": kept(s_dst),
            "date": pd.Series(
                pd.to_datetime(times.ns[keep], unit="ns", utc=True), index=lines
            ).astype("datetime64[ns, UTC]"),
            "channel": kept(column("channel") if "channel" in index else None),
            "notes": kept(column("notes") if "notes" in index else None),
            "started_by": kept(column("started_by") if "started_by" in index else s_src),
        },
        index=lines,
        columns=list(COLUMNS),
    )
    return problems.reading(
        table,
        records,
        encoding=used,
        columns={r: header[i] if header is not None else i + 1 for r, i in index.items()},
        header=header is not None,
        sep="whitespace" if sep == _WS else sep,
    )


def _other_time_column(
    frame: pd.DataFrame,
    index: Mapping[str, int],
    header: list[str] | None,
    width: int,
    origin: pd.Timestamp | None,
    time_format: str | None,
    usable: np.ndarray,
) -> str | None:
    """Return the label of another column whose values (nearly) all read as times."""
    rows = np.flatnonzero(usable)[:200]
    if not len(rows):
        return None
    for j in range(width):
        if j in index.values():
            continue
        values = frame[j].iloc[rows]
        if _looks_like_times(values, time_format, origin).mean() >= 0.9:
            return _label(j, header)
    return None
