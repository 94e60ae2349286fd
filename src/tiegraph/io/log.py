"""Read a generic interaction log: two people and a time per row.

Such logs come out of messaging apps, phone bills and research data sets
(SNAP's ``CollegeMsg.txt`` is ``src dst time`` separated by spaces, time in
Unix seconds). The reader sniffs the separator (comma, tab, semicolon or
white space), finds the columns by name (or by position when the file has
no header), and reads the time as Unix seconds or ISO 8601.
"""

from __future__ import annotations

import io
import os
import re

import numpy as np
import pandas as pd

from ..exceptions import DataError
from ._text import read_text

__all__ = ["read_log"]


def _sniff(first_line: str) -> str:
    for sep in (",", "\t", ";"):
        if sep in first_line:
            return sep
    return r"\s+"


def _looks_like_time(token: str) -> bool:
    token = token.strip().strip('"')
    try:
        float(token)
        return True
    except ValueError:
        return not pd.isna(pd.to_datetime(token, format="ISO8601", errors="coerce", utc=True))


def read_log(
    path: str | os.PathLike[str],
    *,
    src: str = "src",
    dst: str = "dst",
    time: str = "time",
    sep: str | None = None,
    encoding: str | None = None,
) -> pd.DataFrame:
    """Read a log of interactions between two people.

    Parameters
    ----------
    path : path-like
        The log file.
    src, dst, time : str
        Column names of the two people and the time (case-insensitive). A
        file whose first line is not a header is read by position: the
        first three columns.
    sep : str, optional
        The separator (default: sniffed from the first line; white space
        when there is no comma, tab or semicolon).
    encoding : str, optional
        Force a text encoding (default UTF-8, with or without a BOM).

    Returns
    -------
    DataFrame
        Columns ``src``, ``dst`` (as written) and ``date`` (UTC), indexed by
        line number.

    Raises
    ------
    DataError
        A missing column, an empty person, or a time that is neither Unix
        seconds nor ISO 8601; the message names the line and the value.
    """
    text = read_text(path, encoding)
    first_line = text.split("\n", 1)[0]
    sep = sep or _sniff(first_line)
    splitter = re.compile(sep) if sep == r"\s+" else None
    tokens = [
        t.strip().strip('"')
        for t in (splitter.split(first_line.strip()) if splitter else first_line.split(sep))
    ]
    wanted = [src, dst, time]
    lowered = [t.lower() for t in tokens]
    has_header = any(w.lower() in lowered for w in wanted)
    if not has_header and not _looks_like_time(tokens[2] if len(tokens) > 2 else ""):
        raise DataError(
            path,
            f"has no columns named {src!r}, {dst!r} and {time!r} (the header is: "
            f"{', '.join(tokens[:12])}{', ...' if len(tokens) > 12 else ''}); name the columns "
            "with --src, --dst and --time",
            row=1,
        )
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            header=0 if has_header else None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.ParserError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise DataError(
            path,
            f"is not a valid log ({str(exc).strip()})",
            row=int(match.group(1)) if match else None,
        ) from None
    first_data_line = 2 if has_header else 1
    frame.index = pd.Index(np.arange(first_data_line, first_data_line + len(frame)), name="line")
    if has_header:
        by_lower = {str(c).strip().lower(): c for c in frame.columns}
        missing = [w for w in wanted if w.lower() not in by_lower]
        if missing:
            raise DataError(
                path,
                f"missing column(s) {', '.join(map(repr, missing))} (the header is: "
                f"{', '.join(map(str, frame.columns))}; name the columns with --src, --dst and "
                "--time)",
                row=1,
            )
        cols = [by_lower[w.lower()] for w in wanted]
    else:
        if frame.shape[1] < 3:
            raise DataError(
                path, f"has {frame.shape[1]} column(s); a log needs two people and a time", row=1
            )
        cols = list(frame.columns[:3])
    out = pd.DataFrame({"src": frame[cols[0]].str.strip(), "dst": frame[cols[1]].str.strip()})
    raw_time = frame[cols[2]].str.strip()
    for col, label in ((out["src"], cols[0]), (out["dst"], cols[1])):
        empty = col == ""
        if empty.any():
            line = int(col.index[empty.to_numpy().argmax()])
            raise DataError(path, "is empty", row=line, column=str(label), value="")
    numeric = pd.to_numeric(raw_time, errors="coerce")
    if numeric.notna().all():
        dates = pd.to_datetime(numeric, unit="s", utc=True)
    else:
        dates = pd.to_datetime(raw_time, utc=True, format="ISO8601", errors="coerce")
    bad = dates.isna()
    if bad.any():
        line = int(raw_time.index[bad.to_numpy().argmax()])
        raise DataError(
            path,
            "is not a time (Unix seconds or ISO 8601)",
            row=line,
            column=str(cols[2]),
            value=raw_time[line],
        )
    out["date"] = dates.astype("datetime64[ns, UTC]")
    return out
