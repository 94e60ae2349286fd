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

import os
import re
from collections.abc import Mapping
from datetime import date, datetime

import numpy as np
import pandas as pd

from ..exceptions import ConfigError, DataError
from ..params import ENCODING, FLAG, Interval, Text, validate_params
from ._reading import Problems, Reading
from ._text import read_foreign_text
from .log_format import (
    COMMENT,
    SEP_HINT,
    WS,
    is_padded,
    normalize_sep,
    parse_fast,
    parse_slow,
    sniff,
    split_line,
)
from .log_times import (
    OK,
    OUT_OF_RANGE,
    SUSPECT_BELOW,
    Times,
    latest_time,
    looks_like_times,
    where_ns,
)

__all__ = ["read_log"]

#: the roles a column can play, in the order of the table's columns
ROLES = ("src", "dst", "time", "channel", "notes", "started_by")
#: the columns of the table :func:`read_log` returns
COLUMNS = ("src", "dst", "date", "channel", "notes", "started_by")


def _label(role_index: int, header: list[str] | None) -> str:
    if header is not None and role_index < len(header) and header[role_index]:
        return repr(header[role_index])
    return str(role_index + 1)


def _flag(role: str) -> str:
    return "--" + role.replace("_", "-")


#: a column of the log: its header name or its number (from 0)
_COLUMN: list[object] = [Text(), Interval(int, 0, None)]


@validate_params(
    src=_COLUMN,
    dst=_COLUMN,
    time=_COLUMN,
    channel=[*_COLUMN, None],
    notes=[*_COLUMN, None],
    started_by=[*_COLUMN, None],
    sep=[Text(empty=True), None],
    time_format=[Text(), None],
    encoding=ENCODING,
    strict=FLAG,
)
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
    sep = normalize_sep(sep)
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
        sep_hint = SEP_HINT.fullmatch(stripped)
        if not stripped:
            pass
        elif stripped.startswith(COMMENT):
            comments += 1
        elif sep_hint and not seen_content:
            sep = sep or normalize_sep(sep_hint.group(1))
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
        sep = sniff(sample)

    first_width = len(split_line(body[: body.find("\n")] if "\n" in body else body, sep))
    fast = parse_fast(body, sep, max(first_width, 1))
    if fast is None:
        frame, offsets, widths, invalid = parse_slow(body, sep, max(first_width, 1))
    else:
        frame, offsets, widths = fast
        invalid = []
    padded = fast is None or (sep != WS and is_padded(body, sep))
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
            looks = looks_like_times(probe, time_format, origin)
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
    latest = latest_time()
    times = Times(s_time, time_format, origin, latest)
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
    readable = usable & (times.status == OK)
    numeric = usable & times.numeric
    if (
        origin is None
        and time_format is None
        and not times.millis
        and numeric.any()
        and numeric.sum() * 2 >= (usable & ~empty_time).sum()
        and times.ns[numeric].max() < SUSPECT_BELOW * 10**9
    ):
        written = s_time[numeric]
        order = np.argsort(times.ns[numeric], kind="stable")
        lo, hi = written.iloc[order[0]], written.iloc[order[-1]]
        y0, y1 = where_ns(int(times.ns[numeric].min())), where_ns(int(times.ns[numeric].max()))
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

    bad_time = usable & (times.status != OK)
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
            if times.status[i] == OUT_OF_RANGE:
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
        sep="whitespace" if sep == WS else sep,
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
        if looks_like_times(values, time_format, origin).mean() >= 0.9:
            return _label(j, header)
    return None
