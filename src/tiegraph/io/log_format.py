"""The shape of a log file: its separator, and its records with their lines.

:func:`sniff` finds the separator; :func:`parse_fast` reads a file of one
record per line with pandas' C parser, :func:`parse_slow` any other file
record by record (quotes, records spanning lines, ragged rows).
"""

from __future__ import annotations

import csv
import io
import re
import shlex
import warnings

import numpy as np
import pandas as pd

from ..exceptions import ConfigError
from ._text import iter_csv_records

__all__ = [
    "COMMENT",
    "SEP_HINT",
    "WS",
    "is_padded",
    "normalize_sep",
    "parse_fast",
    "parse_slow",
    "sniff",
    "split_line",
]

WS = r"\s+"


COMMENT = ("#", "%")


SEP_HINT = re.compile(r'"?sep=(.)"?', re.IGNORECASE)


def normalize_sep(sep: str | None) -> str | None:
    """Return a separator as read (``tab``, ``space``: runs of white space), or None."""
    if sep is None:
        return None
    low = sep.strip().lower()
    if sep == "\t" or low in ("\\t", "tab"):
        return "\t"
    if sep == " " or low in ("space", "spaces", "whitespace", "white space", r"\s+"):
        return WS
    if len(sep) != 1:
        raise ConfigError(
            f"--sep: {sep!r} is not one character (use ',', ';', '|', 'tab' or 'space')"
        )
    return sep


def sniff(sample: list[str]) -> str:
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
        return WS
    if best is None:
        return WS if ws >= 2 else ","
    return best


def split_line(line: str, sep: str) -> list[str]:
    """Return the fields of one line."""
    if sep == WS:
        try:
            return shlex.split(line, posix=True)
        except ValueError:
            return line.split()
    return next(csv.reader([line], delimiter=sep), [])


def is_padded(body: str, sep: str) -> bool:
    """Whether a space or tab stands beside a separator or at either end of a line."""
    if " " not in body and "\t" not in body:
        return False
    edges = (f" {sep}", f"\t{sep}", f"{sep} ", f"{sep}\t", "\n ", "\n\t", " \n", "\t\n")
    return body[:1] in (" ", "\t") or body[-1:] in (" ", "\t") or any(e in body for e in edges)


def parse_fast(
    body: str, sep: str, width: int
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray] | None:
    """Cells, 0-based line offsets and field counts of a table with one record per line.

    pandas' C parser reads ``width`` columns; only rows with a missing or
    empty cell are looked at again in Python (for their field count, or to
    find blank lines). Returns None when a row has more fields than
    ``width`` or a quoted value spans lines (the line numbers would be
    lost): the caller then reads the file with :func:`parse_slow`.
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
        blank = not line.strip() and (sep == WS or sep not in line)
        widths[i] = 0 if blank else len(split_line(line, sep))
    if len(holes):
        frame = frame.fillna("")
    keep = widths > 0
    if keep.all():
        return frame, np.arange(len(raw), dtype=np.int64), widths
    offsets = np.flatnonzero(keep)
    return frame.iloc[offsets].reset_index(drop=True), offsets, widths[keep]


def parse_slow(
    body: str, sep: str, width: int
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, list[tuple[int, str]]]:
    """Like :func:`parse_fast`, record by record (quotes, records spanning lines, ragged rows).

    An unbalanced quote that swallows lines looking like rows (with as many
    fields as most lines have, else ``width``) skips only its own line
    (:func:`tiegraph.io._text.iter_csv_records`).

    Returns the cells, the 0-based line offset where each record starts, the
    field counts, and ``(offset, reason)`` of records that are not valid CSV.
    """
    rows: list[list[str]] = []
    starts: list[int] = []
    bad: list[tuple[int, str]] = []
    if sep == WS:
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
        counts = [len(split_line(line, sep)) for line in lines[:1000] if line.strip()]
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
