"""Low-level text file handling shared by every reader and writer.

- :func:`read_text` decodes a file, recognising byte-order marks, refusing
  binary files and naming the line of the first undecodable byte.
- :func:`read_csv_rows` parses CSV with the standard library and keeps the
  line number where every record starts, so errors can name it even when
  quoted fields span several lines.
- :func:`atomic_write` writes several files so that either all of them
  change or none does: each is written to a temporary file beside it,
  flushed to disk, and renamed over the target only when all are written.
- :func:`clean_text` and :func:`clean_column` remove what no folder cell may
  hold: NULs and other control characters (tab and line feed stay; a
  carriage return becomes a line feed) and unpaired surrogates.

One CSV field holds at most :data:`MAX_FIELD_CHARS` characters (16 MiB of
text; the standard library's default of 128 KiB is raised deliberately, so a
long note an import wrote is read back). A longer field is an error naming
its line.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import tempfile
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import DataError
from ._decoding import BOMS, decode_foreign, read_bytes

#: The most characters one CSV field may hold (the csv module's limit, raised from 128 KiB).
MAX_FIELD_CHARS = 16 * 1024 * 1024
csv.field_size_limit(MAX_FIELD_CHARS)

# C0 controls but tab and line feed, DEL, C1 controls, unpaired surrogates
_CONTROL_OR_CR = re.compile("\\r\\n?|[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\ud800-\\udfff]")


#: the ASCII characters :data:`_CONTROL_OR_CR` finds
_ASCII_CONTROL = bytes([*range(0x09), *range(0x0B, 0x20), 0x7F])


def _has_control(text: str) -> bool:
    """Whether ``text`` holds a character :func:`clean_text` removes or changes.

    ASCII text (nearly every large file) is checked as bytes, in one C pass.
    """
    if text.isascii():
        raw = text.encode("ascii")
        return len(raw.translate(None, _ASCII_CONTROL)) != len(raw)
    return _CONTROL_OR_CR.search(text) is not None


def _control_sub(match: re.Match[str]) -> str:
    ch = match.group()
    if ch[0] == "\r":
        return "\n"
    if "\ud800" <= ch <= "\udfff":
        return "\ufffd"
    return ""


def clean_text(text: str) -> str:
    r"""Return ``text`` without control characters (a carriage return becomes a line feed).

    Tab and line feed stay; NUL, the other C0 and C1 controls and DEL go; an
    unpaired surrogate (which no UTF-8 file can hold) becomes U+FFFD.

    Examples
    --------
    >>> clean_text("Ann\x00 Lee\x07\r\nnext\tline")
    'Ann Lee\nnext\tline'
    """
    if not _has_control(text):
        return text
    return _CONTROL_OR_CR.sub(_control_sub, text)


def clean_column(values: pd.Series, *, one_line: bool = False) -> pd.Series:
    """Return a column of ``str`` cleaned as :func:`clean_text` does, vectorised.

    With ``one_line``, line breaks become spaces too (a name, a date or an
    id never spans lines). A column with nothing to clean is returned as is
    (one search over the joined text decides).
    """
    if not len(values):
        return values
    joined = "".join(values.tolist())
    found = _has_control(joined)
    if not found and not (one_line and "\n" in joined):
        return values
    out = values.map(clean_text) if found else values
    if one_line:
        out = out.str.replace(r"\s*\n\s*", " ", regex=True).str.strip()
    return out


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
        for bom, name in BOMS:
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


def read_foreign_text(path: str | os.PathLike[str], encoding: str | None = None) -> tuple[str, str]:
    """Return the text of a file exported by another program, and the encoding used.

    Without ``encoding``: a byte-order mark picks UTF-8, UTF-16 or UTF-32;
    UTF-16 without a mark is recognised by its NUL bytes; otherwise UTF-8
    is tried and, when the bytes are not UTF-8, Windows-1252 (Excel's and
    Outlook's default in the West), then whatever ``charset-normalizer``
    finds. Line ends CR LF, CR CR LF (an iPhone's) and CR alone all
    become LF, so line numbers are those an editor shows; NULs and other
    control characters are removed (:func:`clean_text`).

    Raises
    ------
    DataError
        The file is missing, empty, a folder, or binary.
    """
    text, used, _note = decode_foreign(read_bytes(path), path, encoding)
    return clean_text(text), used


def read_csv_rows(
    text: str,
    path: str | os.PathLike[str],
    *,
    first_line: int = 1,
    delimiter: str = ",",
    one_line: Collection[str] = (),
) -> tuple[list[str], list[list[str]], list[int]]:
    """Parse CSV text into its header, its records and each record's start line.

    Blank lines are skipped. A record whose number of fields differs from
    the header's is an error naming its line, and so is an unbalanced quote
    (a record spanning lines that swallowed lines looking like rows, or one
    whose field of a column in ``one_line`` spans lines: see
    :func:`iter_csv_records`).

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
    lines_in = text.split("\n")
    if not text:
        raise DataError(path, "file is empty")
    try:
        header = next(csv.reader([lines_in[0]], delimiter=delimiter, strict=False), [])
    except csv.Error as exc:
        raise DataError(path, f"is not valid CSV ({exc})", row=first_line) from None
    header = [h.strip() for h in header]
    if not any(header):
        raise DataError(path, "has no header line", row=first_line)
    n = len(header)
    single = [i for i, h in enumerate(header) if h in set(one_line)]
    rows: list[list[str]] = []
    lines: list[int] = []
    offset = first_line
    append_row = rows.append
    append_line = lines.append
    records = iter_csv_records(lines_in, delimiter, width=n, start=1, one_line=single, names=header)
    for start, rec, problem in records:
        if rec is None:
            raise DataError(path, str(problem), row=start + offset)
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
    return header, rows, lines


def sniff_delimiter(header_line: str) -> str:
    """Return the delimiter of a CSV header line: ``,``, ``;`` (European Excel) or a tab."""
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


UNBALANCED = "a quoted field opened on this line is not closed on it (an unbalanced quote {why})"


def iter_csv_records(
    lines: Sequence[str],
    delimiter: str,
    *,
    width: int,
    start: int = 0,
    one_line: Collection[int] = (),
    names: Sequence[str] = (),
    strict: bool = False,
    row_share: float = 1.0,
) -> Iterator[tuple[int, list[str] | None, str | None]]:
    """Yield the CSV records of ``lines``, recovering from unbalanced quotes.

    Yields ``(line, record, None)`` for each record read, or ``(line, None,
    reason)`` for one that is not valid CSV; ``line`` is the 0-based index
    in ``lines`` where the record starts. Blank records are yielded as read
    (``[]`` or ``['']``); the caller decides about field counts.

    A record spanning lines is broken by an unbalanced quote when a line it
    swallowed, read on its own as the start of a record, gives as many fields
    as the header -- it looks like a row; at least ``row_share`` of them for
    formats that write short rows -- or when a field at a position in
    ``one_line`` (names, dates, ids; ``names`` gives the column names for
    the message) spans lines. The last line of the record counts unless its
    quote is what closes a field over several lines (an odd number of
    quotes that does not open a field of its own). Then
    its first line is yielded as not valid and reading starts again at the
    next line, so no row is swallowed: the lines after it are read on their
    own.
    """
    fewest = max(1, min(width, math.ceil(width * row_share)))

    d = re.escape(delimiter)
    closes = re.compile(f'(?:[^"{d}]|"")*"(?={d}|$)')

    def row_at(i: int, last: int) -> bool:
        """Return True when a record read from line ``i`` on its own looks like a row."""
        line = lines[i]
        odd = line.count('"') % 2 == 1
        if i == last and odd and closes.match(line.lstrip()):
            # the end of a field whose text went on over a line break: the rest of its text
            # (no separator; quotes doubled) and the quote closing it, before a separator
            return False
        source = (lines[j] + "\n" for j in range(i, min(i + 50, len(lines))))
        reader = csv.reader(source, delimiter=delimiter, strict=False)
        try:
            fields = next(reader, [])
        except csv.Error:
            return False
        if i == last and odd and reader.line_num == 1:
            return False  # its odd quote closed the record's field: the end of that field
        if len(fields) > width and not any(v.strip() for v in fields[width:]):
            fields = fields[:width]  # trailing empty fields, as Excel writes them
        return fewest <= len(fields) <= width

    def unbalanced(rec: list[str] | None, first: int, last: int) -> str | None:
        # every line the record swallowed: those strictly inside, and the last one (which holds
        # the quote that closed it) unless that quote is a field's closing quote
        swallowed = sum(row_at(i, last) for i in range(first + 1, min(last + 1, len(lines))))
        if swallowed:
            if swallowed == 1:
                return "swallowed 1 line that looks like a row"
            return f"swallowed {swallowed} lines that look like rows"
        if rec is not None and len(rec) <= width:  # a short row too (Outlook writes them)
            spans = [i for i in one_line if i < len(rec) and "\n" in rec[i]]
            if spans:
                col = names[spans[0]] if spans[0] < len(names) else str(spans[0] + 1)
                return f"column {col!r} cannot span lines"
        return None

    pos = start
    while pos < len(lines):
        base = pos
        source = (lines[i] + "\n" for i in range(pos, len(lines)))
        reader = csv.reader(source, delimiter=delimiter, strict=strict)
        prev_end = 0
        restart = None
        while True:
            error = None
            try:
                rec: list[str] | None = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                rec, error = None, str(exc)
            first = base + prev_end
            prev_end = reader.line_num
            last = base + prev_end - 1
            if last > first:
                why = unbalanced(rec, first, last)
                if why is not None:
                    yield first, None, UNBALANCED.format(why=why)
                    restart = first + 1
                    break
            if error is not None:
                yield first, None, f"not valid CSV ({error})"
                if last > first:  # the lines it took in are read again, each on its own
                    restart = first + 1
                    break
            else:
                yield first, rec, None
        if restart is None:
            return
        pos = restart


def read_csv_lenient(
    text: str,
    path: str | os.PathLike[str],
    *,
    first_line: int = 1,
    delimiter: str | None = None,
    one_line: Collection[str] | Callable[[str], bool] = (),
    row_share: float = 1.0,
) -> tuple[list[str], pd.DataFrame, list[tuple[int, str]]]:
    r"""Parse a foreign CSV file as far as it can be read.

    Unlike :func:`read_csv_frame` (for the user's own folder, strict), a
    record with too many or too few fields is not an error: it is returned
    in the third value as ``(line, reason)`` so the caller can list it as
    skipped. Blank lines are passed over. The delimiter is sniffed from the
    header line when not given.

    **No silent loss**: a quoted field may span lines (a note over several
    lines), but an *unbalanced quote* makes the parser swallow the lines
    after it into one field. A record spanning lines is taken for one when
    it has the wrong number of fields, when a field of a column in
    ``one_line`` (names, dates, ids) spans lines, or when a line it swallowed
    has, on its own, exactly as many fields as the header (it looks like a
    row). Then the record's first line is skipped, with that reason, and the
    lines after it are read again as records of their own.

    Parameters
    ----------
    text : str
        The decoded text, starting at the header line.
    path : path-like
        The file the text came from, for messages.
    first_line : int
        The line number of the header within the file.
    delimiter : str, optional
        The field separator (default: sniffed from the header line).
    one_line : collection of str, or callable
        Header names of columns whose values never span lines (or a test of
        a header name).
    row_share : float
        A swallowed line looks like a row with this share of the header's
        fields or more (1: all; less for formats that write short rows).

    Returns
    -------
    header, frame, bad
        Field names (stripped; a repeated name gets `` (2)``, `` (3)``),
        the good records as a DataFrame of ``str`` indexed by the line where
        each starts, and ``(line, reason)`` for every record not read.

    Raises
    ------
    DataError
        The text has no header line.

    Examples
    --------
    >>> text = 'name,org,date\nAnn,"Acme,2024-01-02\nBob,Bolt,2024-01-03\n'
    >>> header, frame, bad = read_csv_lenient(text, "in.csv")
    >>> frame["name"].to_dict()
    {3: 'Bob'}
    >>> bad  # doctest: +NORMALIZE_WHITESPACE
    [(2, 'a quoted field opened on this line is not closed on it (an unbalanced quote
    swallowed 1 line that looks like a row)')]
    """
    first_end = text.find("\n")
    header_line = text if first_end < 0 else text[:first_end]
    delimiter = delimiter or sniff_delimiter(header_line)
    try:
        raw_header = next(csv.reader([header_line], delimiter=delimiter, strict=False))
    except (StopIteration, csv.Error):
        raw_header = []
    header: list[str] = []
    for h in raw_header:
        name = h.strip().lstrip("\ufeff").strip()
        n = 2
        base = name
        while name in header:
            name = f"{base} ({n})"
            n += 1
        header.append(name)
    if not any(header):
        raise DataError(path, "has no header line", row=first_line)
    width = len(header)
    if callable(one_line):
        single = [i for i, h in enumerate(header) if one_line(h)]
    else:
        single = [i for i, h in enumerate(header) if h in set(one_line)]
    rows: list[list[str]] = []
    starts: list[int] = []
    bad: list[tuple[int, str]] = []
    offset = first_line
    lines = text.split("\n")
    records = iter_csv_records(
        lines,
        delimiter,
        width=width,
        start=1,
        one_line=single,
        names=header,
        row_share=row_share,
    )
    for start, rec, problem in records:
        if rec is None:
            bad.append((start + offset, str(problem)))
            continue
        if not rec or (len(rec) == 1 and not rec[0].strip() and not lines[start]):
            continue  # an empty line (a line of "" or of spaces is a record: one empty field)
        if len(rec) > width and not any(v.strip() for v in rec[width:]):
            rec = rec[:width]  # trailing empty fields, as Excel writes them
        if len(rec) != width:
            bad.append((start + offset, f"has {len(rec)} fields where the header has {width}"))
            continue
        rows.append(rec)
        starts.append(start + offset)
    frame = (
        pd.DataFrame(rows, columns=header, dtype=str)
        if rows
        else pd.DataFrame({h: pd.Series([], dtype=str) for h in header})
    )
    frame.index = pd.Index(np.asarray(starts, dtype=int), name="line")
    return header, frame, bad


def read_csv_frame(
    text: str, path: str | os.PathLike[str], *, first_line: int = 1, one_line: Collection[str] = ()
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
    header, rows, line_list = read_csv_rows(text, path, first_line=first_line, one_line=one_line)
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
    On any error the temporary files are removed and no target is touched;
    an error of the system (a full disk, a file-size limit) names the file
    being written.
    """
    staged: list[tuple[str, Path]] = []
    target = Path()
    try:
        for name, text in files.items():
            target = Path(name)
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
    except OSError as exc:
        if exc.filename is None:  # os.write and os.fsync do not say which file
            raise OSError(exc.errno, exc.strerror or str(exc), str(target)) from exc
        raise
    finally:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
