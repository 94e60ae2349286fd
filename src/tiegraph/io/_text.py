"""Low-level text file handling shared by every reader and writer.

- :func:`read_text` decodes a file, recognising byte-order marks, refusing
  binary files and naming the line of the first undecodable byte.
- :func:`read_csv_rows` parses CSV with the standard library and keeps the
  line number where every record starts, so errors can name it even when
  quoted fields span several lines.
- :func:`atomic_write` writes several files so that either all of them
  change or none does: each is written to a temporary file beside it,
  flushed to disk, and renamed over the target only when all are written.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import DataError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_text(path: str | os.PathLike[str], encoding: str | None = None) -> str:
    """Return the text of ``path``, decoded with care.

    Without ``encoding``: a byte-order mark picks the encoding (Excel and
    Outlook write UTF-8 and UTF-16 with one), otherwise the file must be
    UTF-8. A file with NUL bytes and no UTF-16/32 mark is binary.

    Raises
    ------
    DataError
        The file is missing, empty, binary, or not in the encoding; the
        message names the line of the first bad byte.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError(path, "file not found") from None
    except IsADirectoryError:
        raise DataError(path, "is a folder, not a file") from None
    if not data.strip():
        raise DataError(path, "file is empty")
    if encoding is None:
        for bom, name in _BOMS:
            if data.startswith(bom):
                encoding = name
                break
        else:
            encoding = "utf-8"
            if b"\x00" in data[:8192]:
                raise DataError(path, "is a binary file, not text (expected CSV or text)")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start : exc.start + 4]
        raise DataError(
            path,
            f"byte {bad!r} is not valid {encoding}; the file looks like it was saved in "
            "another encoding (e.g. Latin-1 / Windows-1252): save it as UTF-8 "
            "or pass --encoding cp1252",
            row=line,
        ) from None
    except LookupError:
        raise DataError(path, f"unknown encoding {encoding!r}") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_csv_rows(
    text: str, path: str | os.PathLike[str], *, first_line: int = 1, delimiter: str = ","
) -> tuple[list[str], list[list[str]], list[int]]:
    """Parse CSV text into its header, its records and each record's start line.

    Blank lines are skipped. A record whose number of fields differs from
    the header's is an error naming its line.

    Parameters
    ----------
    text : str
        The decoded text, starting at the header line.
    path : path-like
        The file the text came from, for messages.
    first_line : int
        The line number of the header within the file (a preamble above it
        shifts every line number).

    Returns
    -------
    header, rows, lines
        Field names (stripped), the records, and the 1-based line number in
        the file where each record starts.
    """
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=False)
    try:
        header = next(reader)
    except StopIteration:
        raise DataError(path, "file is empty") from None
    except csv.Error as exc:
        raise DataError(path, f"is not valid CSV ({exc})", row=first_line) from None
    header = [h.strip() for h in header]
    if not any(header):
        raise DataError(path, "has no header line", row=first_line)
    n = len(header)
    rows: list[list[str]] = []
    lines: list[int] = []
    offset = first_line - 1
    prev_end = reader.line_num
    append_row = rows.append
    append_line = lines.append
    try:
        for rec in reader:
            start = prev_end + 1
            prev_end = reader.line_num
            if len(rec) != n:
                if not rec or (len(rec) == 1 and not rec[0].strip()):
                    continue  # a blank line
                raise DataError(
                    path,
                    f"has {len(rec)} fields where the header has {n}",
                    row=start + offset,
                )
            append_row(rec)
            append_line(start + offset)
    except csv.Error as exc:
        raise DataError(path, f"is not valid CSV ({exc})", row=reader.line_num + offset) from None
    return header, rows, lines


def read_csv_frame(
    text: str, path: str | os.PathLike[str], *, first_line: int = 1
) -> tuple[list[str], pd.DataFrame, np.ndarray]:
    """Parse CSV text like :func:`read_csv_rows`, into a DataFrame of strings.

    Large files go through pandas' C parser when every record is one line
    (the usual case); otherwise, or when a record is malformed, the exact
    line-tracking parser of :func:`read_csv_rows` runs, so errors still name
    the right line.

    Returns
    -------
    header, frame, lines
        Field names (stripped), the records as a DataFrame of ``str`` with
        those names, and the line number where each record starts.
    """
    first_end = text.find("\n")
    header_text = text if first_end < 0 else text[:first_end]
    try:
        header = next(csv.reader([header_text]))
    except (StopIteration, csv.Error):
        header = []
    header = [h.strip() for h in header]
    body = "" if first_end < 0 else text[first_end + 1 :]
    n_lines = body.count("\n") + (0 if body.endswith("\n") or not body else 1)
    if header and any(header) and len(set(header)) == len(header) and '"' not in header_text:
        try:
            # no names: a row with more fields than the first is a ParserError, one with
            # fewer gets NaN, and a first row wider than the header shows in the shape --
            # each falls back to the exact parser below, which names the line
            frame = (
                pd.read_csv(
                    io.StringIO(body),
                    header=None,
                    dtype=str,
                    keep_default_na=False,
                    na_filter=False,
                    skip_blank_lines=False,
                    engine="c",
                )
                if body.strip()
                else pd.DataFrame({h: pd.Series([], dtype=str) for h in header})
            )
        except (pd.errors.ParserError, ValueError):
            frame = None
        if (
            frame is not None
            and frame.shape == (n_lines, len(header))
            and not frame.isna().to_numpy().any()
        ):
            frame.columns = header
            lines = np.arange(first_line + 1, first_line + 1 + len(frame))
            return header, frame, lines
    header, rows, line_list = read_csv_rows(text, path, first_line=first_line)
    frame = (
        pd.DataFrame(rows, columns=header, dtype=str)
        if rows
        else pd.DataFrame({h: pd.Series([], dtype=str) for h in header})
    )
    return header, frame, np.asarray(line_list, dtype=int)


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    """Return ``header`` and ``rows`` as CSV text (newline line ends, minimal quoting)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write(files: Mapping[str | os.PathLike[str], str]) -> None:
    """Write several text files (UTF-8) so that all change or none does.

    Each file is written to a temporary file in its own folder and synced;
    only when every one is written are they renamed over their targets.
    On any error the temporary files are removed and no target is touched.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for target, text in files.items():
            target = Path(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            staged.append((tmp, target))
            # mkstemp makes the file private (0600): give it the target's mode, or the
            # mode a new file would get under the umask
            os.chmod(tmp, _mode_for(target))
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
        for tmp, target in staged:
            os.replace(tmp, target)
    finally:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
