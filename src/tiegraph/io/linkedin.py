"""Read LinkedIn's ``Connections.csv``, and the whole LinkedIn data export.

LinkedIn's export (Settings > Data privacy > Get a copy of your data) is a
zip, ``Basic_LinkedInDataExport_MM-DD-YYYY.zip`` or
``Complete_LinkedInDataExport_...zip``, holding ``Connections.csv`` and,
among others, ``messages.csv``, ``Invitations.csv`` and ``Profile.csv``.

``Connections.csv`` has taken many forms, and people open it in Excel and
save it again; every form below is read:

- today's: a ``Notes:`` preamble (a quoted paragraph with commas) and a
  blank line, then ``First Name,Last Name,URL,Email Address,Company,
  Position,Connected On`` with dates like ``09 Feb 2024``; 2020-2023 exports
  lack ``URL``; 2018 exports have no preamble and dates like ``1/8/18, 6:14
  PM``; 2013 exports say ``FirstName,LastName,EmailAddress,Company,
  Position,ConnectedOn,Tags`` with dates like ``8/3/13``;
- Excel re-saves: CR LF line ends, a BOM, Windows-1252 bytes, ``;``
  separators (European Excel), quoted headers, headers in other cases,
  ``Notes:,,`` preambles, columns removed or added, and the spreadsheet's
  own dates: ``23-Apr-23``, ``5-Jan-26``, ``16.09.2021``, ``30-oct-09``
  (see :mod:`tiegraph.io._dates`);
- rows of members who hid or deleted their profile: no name, often nothing
  but the date. They are skipped with their line (a row with an email but no
  name is kept, named by the email); so are rows of nothing but separators,
  which Excel leaves below the data.

Each reader returns a :class:`~tiegraph.io._reading.Reading`: rows that can
be read, and the input line and reason of every row that cannot.
"""

from __future__ import annotations

import csv
import os
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd

from .. import schema as S
from ..exceptions import DataError
from ..keys import normalize_email, normalize_url, normalize_urls
from ._dates import parse_export_dates
from ._reading import Problems, Reading
from ._text import read_csv_lenient, sniff_delimiter
from .folder import date_range, table_from_rows

#: why a date is not read
_OUTSIDE = "outside the dates tiegraph reads (1900 to a year from now)"

__all__ = ["INVITATION_COLUMNS", "MESSAGE_COLUMNS", "read_linkedin", "read_linkedin_export"]

FIRST, LAST, URL, EMAIL, COMPANY, POSITION, CONNECTED, TAGS = (
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
    "Tags",
)

#: header names (lower case, letters and digits only) -> the column they are
_ROLES = {
    "firstname": FIRST,
    "lastname": LAST,
    "url": URL,
    "profileurl": URL,
    "linkedinurl": URL,
    "emailaddress": EMAIL,
    "email": EMAIL,
    "company": COMPANY,
    "position": POSITION,
    "connectedon": CONNECTED,
    "tags": TAGS,
}

#: columns of ``extra["messages"]``
MESSAGE_COLUMNS = (
    "date",
    "from_name",
    "from_url",
    "to_names",
    "to_urls",
    "conversation",
    "text",
    "folder",
)
#: columns of ``extra["invitations"]``
INVITATION_COLUMNS = ("date", "from_name", "to_name", "from_url", "to_url", "direction", "text")

#: how LinkedIn names a member who hid or deleted their profile
_HIDDEN = "linkedin member"
#: values Excel users type for "nothing"
_PLACEHOLDERS = {"na", "n/a", "#n/a"}
#: how far down the header line of Connections.csv may be
_HEAD_LINES = 60
_NO_NAME = "no name: the member hid or deleted their profile"
_EMPTY = "an empty row (nothing but separators)"


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


# reading bytes -----------------------------------------------------------------


def _read_bytes(path: str | os.PathLike[str]) -> bytes:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError(path, "file not found") from None
    except IsADirectoryError:
        raise DataError(path, "is a folder, not a file") from None
    except PermissionError:
        raise DataError(path, "cannot be read (permission denied)") from None
    except OSError as exc:
        raise DataError(path, f"cannot be read ({exc.strerror or exc})") from None
    return data


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def _decode(
    data: bytes, path: str | os.PathLike[str], encoding: str | None
) -> tuple[str, str, str | None]:
    """Return ``(text, encoding used, note)`` for the bytes of a foreign file.

    Like :func:`tiegraph.io._text.read_foreign_text` (which reads only
    paths; an export's files are read from its zip): a BOM decides, UTF-16
    without one is seen by its NUL bytes, then UTF-8 is tried, then
    Windows-1252, then ``charset-normalizer``. One more case: a UTF-8 file
    with a few broken byte sequences (a name cut in the middle of a
    character by some tool) is read as UTF-8 with those sequences replaced
    by U+FFFD, rather than as Windows-1252, which would garble every other
    accented letter of the file.
    """
    if not data.strip():
        raise DataError(path, "file is empty")
    note = None
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise DataError(
                path, f"byte {data[exc.start : exc.start + 4]!r} is not valid {encoding}", row=line
            ) from None
        except LookupError:
            raise DataError(path, f"unknown encoding {encoding!r}") from None
        used = encoding
    else:
        bom = next((name for mark, name in _BOMS if data.startswith(mark)), None)
        if bom is not None:
            text, used = data.decode(bom, errors="replace"), bom
        elif b"\x00" in data[:4096]:
            head = data[:4096]
            if head[1::2].count(0) > len(head) // 4:
                used = "utf-16-le"
            elif head[0::2].count(0) > len(head) // 4:
                used = "utf-16-be"
            else:
                raise DataError(path, "is a binary file, not text")
            text = data.decode(used, errors="replace")
        else:
            try:
                text, used = data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                text, used, note = _mostly_utf8(data)
    used = {"utf-8-sig": "utf-8", "utf-16-le": "utf-16", "utf-16-be": "utf-16"}.get(used, used)
    text = text.lstrip("\ufeff").replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")
    return text, used, note


def _lines_of(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:5]))
    return shown + (f" and {len(numbers) - 5} more" if len(numbers) > 5 else "")


def _mixed_line(line: bytes) -> tuple[str, bool, bool]:
    """Decode one line of UTF-8 with odd bytes; also say whether it had latin or cut bytes."""
    out = []
    latin = cut = False
    while True:
        try:
            out.append(line.decode("utf-8"))
            return "".join(out), latin, cut
        except UnicodeDecodeError as exc:
            out.append(line[: exc.start].decode("utf-8"))
            bad = line[exc.start : exc.end]
            if len(bad) > 1:  # the start of a character whose end is missing
                out.append("\ufffd")
                cut = True
            else:  # one byte of a one-byte encoding: J\xf6rgensen
                out.append(bad.decode("cp1252", errors="replace"))
                latin = True
            line = line[exc.end :]


def _mostly_utf8(data: bytes) -> tuple[str, str, str | None]:
    r"""Decode bytes that are not all UTF-8.

    Without a single UTF-8 sequence in them they are Windows-1252 (else
    whatever ``charset-normalizer`` finds). Otherwise the file is UTF-8 with
    some odd bytes -- files pasted together from two exports, rows typed in
    a Windows-1252 Excel (``Universit\xc3\xa4tsklinikum St P\xf6lten``), names
    cut in the middle of a character by some tool (``Bil\xef\xbf``): a lone
    odd byte is read as Windows-1252, a cut-off character as U+FFFD.
    """
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    good = sum(1 for ch in replaced if ord(ch) > 127) - bad
    if good <= 0:
        try:
            return data.decode("cp1252"), "cp1252", None
        except UnicodeDecodeError:
            pass
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None and best.encoding is not None:
            return str(best), best.encoding, None
    out = []
    latin: list[int] = []
    cut: list[int] = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        text, is_latin, is_cut = _mixed_line(line)
        out.append(text)
        if is_latin:
            latin.append(number)
        if is_cut:
            cut.append(number)
    said = []
    if latin:
        said.append(f"line(s) {_lines_of(latin)} have bytes that are not UTF-8: read as cp1252")
    if cut:
        said.append(f"line(s) {_lines_of(cut)} have cut-off UTF-8 characters: read as \ufffd")
    return "\n".join(out), "utf-8", "; ".join(said)


def _text_of(
    data: bytes, path: str | os.PathLike[str], encoding: str | None, problems: Problems
) -> tuple[str, str]:
    text, used, note = _decode(data, path, encoding)
    if used != "utf-8":
        problems.note(None, f"read as {used}", dropped=False)
    if note:
        problems.note(None, note, dropped=False)
    return text, used


# what a file looks like ------------------------------------------------------------


def _cells(line: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=sniff_delimiter(line)), [])
    except csv.Error:
        return []


def _what_it_is(text: str) -> str | None:
    """Say what a file that is not a Connections.csv looks like, or ``None``."""
    head = text.lstrip()[:200].upper()
    if head.startswith("BEGIN:VCARD"):
        return "this looks like a vCard file; use `tiegraph import vcard`"
    if head.startswith("BEGIN:VCALENDAR"):
        return "this looks like an iCalendar file; use `tiegraph import ics`"
    first = next((line for line in text.split("\n", 20)[:20] if line.strip()), "")
    raw = [c.strip().lower() for c in _cells(first)]
    keys = {_key(c) for c in raw}
    whole = (
        "import the whole LinkedIn export (the .zip or its folder) with `tiegraph import linkedin`"
    )
    if "conversationid" in keys or {"from", "to", "date", "content"} <= keys:
        return f"this looks like LinkedIn's messages.csv, not Connections.csv; {whole}"
    if "sentat" in keys and "direction" in keys:
        return f"this looks like LinkedIn's Invitations.csv, not Connections.csv; {whole}"
    if "maidenname" in keys or ("headline" in keys and "firstname" in keys):
        return f"this looks like LinkedIn's Profile.csv (your own profile); {whole}"
    if (
        "givenname" in keys
        or "middlename" in keys
        or any(c.startswith(("e-mail 1", "e-mail address", "email 1")) for c in raw)
    ):
        return (
            "this looks like a Google Contacts or Outlook CSV, not LinkedIn's Connections.csv; "
            "use `tiegraph import google`"
        )
    return None


def _header_at(lines: list[str]) -> int | None:
    """Return the index of the header line of a Connections.csv, or ``None``."""
    for i, line in enumerate(lines[:_HEAD_LINES]):
        if not line.strip():
            continue
        roles = {_ROLES[k] for k in map(_key, _cells(line)) if k in _ROLES}
        if CONNECTED in roles or (FIRST in roles and len(roles) >= 2) or {LAST, COMPANY} <= roles:
            return i
    return None


# Connections.csv -------------------------------------------------------------------


def read_linkedin(
    path: str | os.PathLike[str], *, encoding: str | None = None, strict: bool = False
) -> Reading:
    """Read a LinkedIn ``Connections.csv`` into a contacts table.

    Parameters
    ----------
    path : path-like
        The file, in any of the forms in the module's description (the
        export's zip or folder is read with :func:`read_linkedin_export`).
    encoding : str, optional
        Force a text encoding (default: detected).
    strict : bool
        Raise on the first row that cannot be read or value left out,
        instead of skipping it.

    Returns
    -------
    Reading
        ``table`` has the columns of ``contacts.csv`` (``id`` empty:
        identities are resolved on import), then any column a user added,
        named as in the file; it is indexed by the line of each row in the
        file. ``since`` is the ``Connected On`` date (a UTC timestamp at
        midnight, ``NaT`` when empty or unreadable), ``url`` the profile URL
        as written, ``email`` the valid addresses, normalised and
        ``;``-joined, ``source`` is ``linkedin``.

    Raises
    ------
    DataError
        The file cannot be read at all, or is not a Connections.csv (the
        message says what it looks like); with ``strict``, the first row
        that cannot be read.
    """
    if Path(path).is_dir() or zipfile.is_zipfile(path):
        return read_linkedin_export(path, encoding=encoding, strict=strict)
    problems = Problems(path, strict=strict)
    text, used = _text_of(_read_bytes(path), path, encoding, problems)
    return _read_connections(text, used, path, problems)


def _blank_rows(frame: pd.DataFrame) -> np.ndarray:
    """Whether each row holds nothing but spaces (column by column, on the rows left)."""
    empty = np.ones(len(frame), dtype=bool)
    for name in frame.columns:
        at = np.flatnonzero(empty)
        if not len(at):
            break
        empty[at] = (frame[name].iloc[at].str.strip() == "").to_numpy(dtype=bool)
    return empty


def _read_connections(
    text: str, used: str, path: str | os.PathLike[str], problems: Problems
) -> Reading:
    other = _what_it_is(text)
    if other:
        raise DataError(path, other)
    lines = text.split("\n")
    at = _header_at(lines)
    if at is None:
        raise DataError(
            path,
            "has no header line like 'First Name,Last Name,URL,Email Address,Company,Position,"
            f"Connected On' in its first {_HEAD_LINES} lines (is this LinkedIn's Connections.csv?)",
        )
    delimiter = sniff_delimiter(lines[at])
    header, frame, bad = read_csv_lenient(
        "\n".join(lines[at:]), path, first_line=at + 1, delimiter=delimiter
    )
    # rows of nothing but separators (Excel leaves them below the data) are records too:
    # skipped, and said so
    empty = _blank_rows(frame)
    records = len(frame) + len(bad)
    events: list[tuple[int, int, str]] = [(line, 0, reason) for line, reason in bad]

    role_of: dict[str, str] = {}
    for name in header:
        role = _ROLES.get(_key(name))
        if role and role not in role_of.values():
            role_of[name] = role
    col = {role: frame[name].str.strip() for name, role in role_of.items()}
    blank = pd.Series("", index=frame.index, dtype=object)

    def get(role: str) -> pd.Series:
        return col.get(role, blank)

    first, last = get(FIRST), get(LAST)
    names = (first + " " + last).str.replace(r"\s+", " ", regex=True).str.strip()
    emails, email_notes = _emails(get(EMAIL))
    named_by_email = (names == "") & (emails != "")
    names = names.where(~named_by_email, emails.str.split(";").str[0])
    no_name = names == ""
    reason = (
        _NO_NAME
        if FIRST in col or LAST in col
        else "no name (the file has no First Name or Last Name column)"
    )
    events += [
        (int(line), 1, _EMPTY if blank_row else reason)
        for line, blank_row in zip(
            frame.index[no_name.to_numpy()], empty[no_name.to_numpy()], strict=True
        )
    ]
    keep = ~no_name

    # skips (order 0, 1) and notes (2: email, 3: URL, 4: date) go out in the file's order
    events += [(line, 2, text) for line, text in email_notes if keep.get(line, False)]
    urls = get(URL).str.replace("\\:", ":", regex=False)
    bad_url = (urls != "") & (normalize_urls(urls) == "")
    events += [
        (int(line), 3, f"URL {value!r} is not a web address; left out")
        for line, value in _items(urls[bad_url & keep])
    ]
    urls = urls.where(~bad_url, "")
    connected = get(CONNECTED)
    since = parse_export_dates(connected)
    bad_date = since.isna() & (connected != "")
    events += [
        (int(line), 4, f"Connected On {value!r} is not a date; left out")
        for line, value in _items(connected[bad_date & keep])
    ]
    lo, hi = date_range()
    outside = since.notna() & ((since < lo) | (since > hi))
    events += [
        (int(line), 4, f"Connected On {value!r} is {_OUTSIDE}; left out")
        for line, value in _items(connected[outside & keep])
    ]
    since = since.where(~outside)
    org, title = get(COMPANY), get(POSITION)
    placeholder = org.str.lower().isin(_PLACEHOLDERS) | title.str.lower().isin(_PLACEHOLDERS)
    org = org.where(~org.str.lower().isin(_PLACEHOLDERS), "")
    title = title.where(~title.str.lower().isin(_PLACEHOLDERS), "")
    tags = get(TAGS)
    has_tags = (tags != "").to_numpy()
    if has_tags.any():
        tags = tags.where(~has_tags, tags[has_tags].str.split(r"\s*[;,]\s*", regex=True))
        tags = tags.where(~has_tags, tags[has_tags].str.join(S.LIST_SEP)).fillna("")

    for line, order, why in sorted(events, key=lambda e: e[:2]):
        if order < 2:
            problems.skip(line, why)
        else:
            problems.note(line, why)
    n_placeholders = int((placeholder & keep).sum())
    if n_placeholders:
        problems.note(
            None,
            f"{n_placeholders} row(s) with Company or Position 'NA' (a spreadsheet's "
            "'nothing'): read as empty",
            dropped=False,
        )

    rows = pd.DataFrame(
        {
            S.ID: "",
            S.NAME: names,
            S.ORG: org,
            S.TITLE: title,
            S.EMAIL: emails,
            S.URL: urls,
            S.TAGS: tags,
            S.SINCE: since.dt.strftime("%Y-%m-%d").fillna(""),
            S.SOURCE: "linkedin",
        },
        index=frame.index,
    )
    for i, name in enumerate(header):
        if name in role_of:
            continue
        values = frame[name]
        if not name and not (values.str.strip() != "").any():
            continue  # an empty column Excel left
        label = name or f"column {i + 1}"
        if label in rows.columns:
            label = f"{label} (linkedin)"
        rows[label] = values
    rows = rows[keep.to_numpy()]
    table = table_from_rows(S.CONTACTS, rows, rows.index.to_numpy(), file=path)
    return problems.reading(table, records, encoding=used)


def _items(values: pd.Series) -> list[tuple[int, str]]:
    """``(line, value)`` of a column indexed by line."""
    return list(zip(values.index.astype(int).tolist(), values.astype(str).tolist(), strict=True))


def _emails(values: pd.Series) -> tuple[pd.Series, list[tuple[int, str]]]:
    """Normalised valid addresses (``;``-joined) and a note for each value left out."""
    out = pd.Series("", index=values.index, dtype=object)
    notes: list[tuple[int, str]] = []
    for line, cell in _items(values[values != ""]):
        good = []
        for part in re.split(r"[;,\s]+", cell):
            if not part:
                continue
            email = normalize_email(part)
            if email:
                good.append(email)
            else:
                notes.append(
                    (int(line), f"Email Address {part!r} is not an email address; left out")
                )
        out[line] = S.LIST_SEP.join(dict.fromkeys(good))
    return out, notes


# the whole export ----------------------------------------------------------------


class _Export:
    """The files of a LinkedIn export: a zip (read in memory) or its unzipped folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        if path.is_dir():
            self.names = sorted(
                p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file()
            )
        elif not path.exists():
            raise DataError(path, "file not found")
        else:
            try:
                self.zip = zipfile.ZipFile(path)
            except (zipfile.BadZipFile, OSError):
                raise DataError(
                    path,
                    "is not a zip file (or it is damaged); expected LinkedIn's data export "
                    "(Basic_LinkedInDataExport_*.zip or Complete_LinkedInDataExport_*.zip) or "
                    "its unzipped folder",
                ) from None
            self.names = sorted(n for n in self.zip.namelist() if not n.endswith("/"))
        self.names = [n for n in self.names if not n.startswith("__MACOSX/")]

    def find(self, name: str) -> str | None:
        """Return the member called ``name`` (any case, any folder; the shallowest first)."""
        hits = [n for n in self.names if PurePosixPath(n).name.lower() == name.lower()]
        return min(hits, key=lambda n: (n.count("/"), n)) if hits else None

    def read(self, member: str) -> bytes:
        if self.zip is not None:
            try:
                return self.zip.read(member)
            except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
                raise DataError(
                    self.path, f"{member} cannot be read from the zip ({exc})"
                ) from None
        return _read_bytes(self.path / member)

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()


def read_linkedin_export(
    path: str | os.PathLike[str],
    *,
    encoding: str | None = None,
    strict: bool = False,
    keep_text: bool = False,
) -> Reading:
    """Read LinkedIn's whole data export: connections, messages, invitations, your name.

    Parameters
    ----------
    path : path-like
        ``Basic_LinkedInDataExport_*.zip``, ``Complete_LinkedInDataExport_*.zip``
        (read in memory, never unpacked to disk), or the unzipped folder.
        File names are found in any case and any sub-folder. A single
        ``Connections.csv`` is read too (no messages then).
    encoding : str, optional
        Force the text encoding of every CSV in the export.
    strict : bool
        Raise on the first record of any file that cannot be read.
    keep_text : bool
        Keep the text of messages and invitation notes (default: only who
        and when).

    Returns
    -------
    Reading
        ``table``, ``records`` and ``skipped`` are those of
        ``Connections.csv`` (as :func:`read_linkedin`; lines are lines of
        that file). ``extra`` holds:

        - ``"owner_name"``: your name from ``Profile.csv`` (when present);
        - ``"messages"``: one row per message of ``messages.csv``, indexed by
          its line there, with the columns of :data:`MESSAGE_COLUMNS`:
          ``date`` (UTC), ``from_name``, ``from_url``, ``to_names`` and
          ``to_urls`` (lists of one length: ``to_urls[i]`` is the profile of
          ``to_names[i]``, ``""`` when the export does not say),
          ``conversation``, ``text`` (``""`` unless ``keep_text``) and
          ``folder`` (``INBOX``, ``ARCHIVE``, ``SPAM``...);
        - ``"invitations"``: one row per invitation of ``Invitations.csv``,
          with the columns of :data:`INVITATION_COLUMNS`; ``direction`` is
          ``incoming`` or ``outgoing``;
        - ``"skipped_messages"``, ``"skipped_invitations"``: ``(line,
          reason)`` of each row of those files not read (no date, a draft,
          a sender who hid their profile, a broken row).

        ``notes`` says which files were found, and holds the notes of
        messages and invitations as ``"messages.csv:LINE: ..."``.

    Raises
    ------
    DataError
        The path is missing, not a zip or folder, or holds none of
        ``Connections.csv``, ``messages.csv`` and ``Invitations.csv``; with
        ``strict``, the first record of any file that cannot be read.
    """
    path = Path(path)
    if path.is_file() and not zipfile.is_zipfile(path) and path.suffix.lower() != ".zip":
        reading = read_linkedin(path, encoding=encoding, strict=strict)
        reading.extra.update(
            messages=_empty(MESSAGE_COLUMNS),
            invitations=_empty(INVITATION_COLUMNS),
            skipped_messages=[],
            skipped_invitations=[],
        )
        reading.notes.append((None, f"{path.name} is one file: no messages or invitations read"))
        return reading
    export = _Export(path)
    try:
        return _read_export(export, encoding, strict, keep_text)
    finally:
        export.close()


def _read_export(export: _Export, encoding: str | None, strict: bool, keep_text: bool) -> Reading:
    path = export.path
    found = {
        name: export.find(name)
        for name in ("Connections.csv", "messages.csv", "Invitations.csv", "Profile.csv")
    }
    if not any(found[n] for n in ("Connections.csv", "messages.csv", "Invitations.csv")):
        raise DataError(
            path,
            "holds no Connections.csv, messages.csv or Invitations.csv (is this LinkedIn's data "
            "export?)",
        )
    extra: dict[str, object] = {}
    notes: list[tuple[int | None, str]] = []

    member = found["Connections.csv"]
    if member:
        where = path / member
        problems = Problems(where, strict=strict)
        text, used = _text_of(export.read(member), where, encoding, problems)
        reading = _read_connections(text, used, where, problems)
        notes.append(
            (
                None,
                f"Connections.csv: {len(reading.table)} connections read, "
                f"{len(reading.skipped)} skipped",
            )
        )
    else:
        reading = Reading(table=table_from_rows(S.CONTACTS, []), records=0, encoding="utf-8")
        notes.append((None, "Connections.csv: not in the export; no connections read"))

    for name, label, reader, columns in (
        ("messages.csv", "messages", _read_messages, MESSAGE_COLUMNS),
        ("Invitations.csv", "invitations", _read_invitations, INVITATION_COLUMNS),
    ):
        member = found[name]
        if not member:
            extra[label] = _empty(columns)
            extra[f"skipped_{label}"] = []
            notes.append((None, f"{name}: not in the export; no {label} read"))
            continue
        where = path / member
        problems = Problems(where, strict=strict)
        try:
            text, _used = _text_of(export.read(member), where, encoding, problems)
            frame = reader(text, where, problems, keep_text)
        except DataError as exc:
            if strict:
                raise
            # a broken messages.csv does not cost the connections: said, and passed over
            extra[label] = _empty(columns)
            extra[f"skipped_{label}"] = []
            notes.append((None, f"{exc}; not read"))
            continue
        extra[label] = frame
        extra[f"skipped_{label}"] = sorted(problems.skipped)
        notes.append((None, f"{name}: {len(frame)} {label} read, {len(problems.skipped)} skipped"))
        notes += [
            (None, f"{name}:{line}: {text}" if line is not None else f"{name}: {text}")
            for line, text in problems.notes
        ]

    member = found["Profile.csv"]
    if member:
        where = path / member
        problems = Problems(where, strict=False)
        try:
            text, _used = _text_of(export.read(member), where, encoding, problems)
            owner = _owner_name(text, where)
        except DataError as exc:
            notes.append((None, f"{exc}; not read"))
            owner = ""
        if owner:
            extra["owner_name"] = owner
        elif not notes[-1][1].endswith("; not read"):
            notes.append((None, "Profile.csv: no name in it"))
    else:
        notes.append((None, "Profile.csv: not in the export; your name is not known from it"))

    reading.notes[:0] = notes
    reading.extra.update(extra)
    return reading


def _empty(columns: Iterable[str]) -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
    frame["date"] = pd.Series([], dtype="datetime64[ns, UTC]")
    frame.index = pd.Index([], dtype=int, name="line")
    return frame


def _table(
    text: str, path: Path, problems: Problems, wanted: set[str]
) -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    """Parse a CSV of the export from its header line; columns by normalised name."""
    lines = text.split("\n")
    at = next(
        (
            i
            for i, line in enumerate(lines[:_HEAD_LINES])
            if len(wanted & {_key(c) for c in _cells(line)}) >= 2
        ),
        None,
    )
    if at is None:
        raise DataError(path, "has no header line (is this file from LinkedIn's export?)")
    _header, frame, bad = read_csv_lenient(
        "\n".join(lines[at:]), path, first_line=at + 1, delimiter=sniff_delimiter(lines[at])
    )
    for line, reason in bad:
        problems.skip(line, reason)
    cols: dict[str, pd.Series] = {}
    for name in frame.columns:
        k = _key(name)
        if k not in cols:
            cols[k] = frame[name].str.strip()
    return frame, cols


def _profile_url(value: str) -> str:
    """``value`` when it is a member's profile URL, else ``""`` (URNs, cut-off URLs)."""
    n = normalize_url(value)
    if not n or n.rstrip("/") in ("linkedin.com", "linkedin.com/in", "linkedin.com/pub"):
        return ""
    return value


def _split_names(text: str) -> list[str]:
    """Split LinkedIn's ``TO`` into names.

    Names are joined with a bare comma (``Ann Lee,Bob Ray``); a comma and a
    space stays inside a name (``Ann Lee, PhD``), and so does a comma inside
    brackets (``Moses Otobong (MCTS,OCA)``) or before a part in capitals
    (``Ifeanyi Udeze, ACIPM,ASM``).
    """
    parts: list[str] = []
    depth = 0
    current = ""
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        if ch == "," and depth == 0 and not text[i + 1 : i + 2].isspace():
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    out: list[str] = []
    for part in (p.strip() for p in parts):
        if out and part and not re.search(r"[a-z]", part):
            out[-1] = f"{out[-1]},{part}"  # a credential in capitals
        elif part:
            out.append(part)
    return out


def _recipients(names_text: str, urls_text: str) -> tuple[list[str], list[str]]:
    """Pair the names of ``TO`` with the URLs of ``RECIPIENT PROFILE URLS``."""
    urls = [u for u in re.split(r"[,\s]+", urls_text) if u]
    urls = [u for u in map(_profile_url, urls) if u]
    names = _split_names(names_text)
    if urls and len(names) != len(urls):
        known = [n for n in names if n.lower() != _HIDDEN]
        if len(known) == len(urls):
            names = known
        elif len(urls) == 1:
            names = [names_text.strip()]
        else:
            names = [""] * len(urls)  # which name is whose cannot be told
    if len(urls) < len(names):
        urls = urls + [""] * (len(names) - len(urls))
    pairs = [(n, u) for n, u in zip(names, urls, strict=True) if u or n.lower() != _HIDDEN]
    return [n for n, _ in pairs], [u for _, u in pairs]


def _read_messages(text: str, path: Path, problems: Problems, keep_text: bool) -> pd.DataFrame:
    """``messages.csv`` (2019-) or ``Messages.csv`` of 2018 (``From,To,Date,...``)."""
    frame, c = _table(
        text,
        path,
        problems,
        {"conversationid", "from", "to", "date", "senderprofileurl", "content", "subject"},
    )
    blank = pd.Series("", index=frame.index, dtype=object)
    get = c.get
    dates = parse_export_dates(get("date", blank))
    raw_dates = get("date", blank)
    lo = date_range()[0]
    from_name = get("from", blank)
    from_url = get("senderprofileurl", blank).map(_profile_url)
    draft = get("ismessagedraft", blank).str.lower().isin(("yes", "true"))
    to_names = get("to", blank)
    to_urls = get("recipientprofileurls", blank)
    rows = []
    lines = []
    for line in frame.index:
        if pd.isna(dates[line]):
            raw = raw_dates[line]
            problems.skip(line, f"DATE {raw!r} is not a date" if raw else "no DATE")
            continue
        if dates[line] < lo:
            problems.skip(line, f"DATE {raw_dates[line]!r} is {_OUTSIDE}")
            continue
        if draft[line]:
            problems.skip(line, "a draft, never sent")
            continue
        sender, url = from_name[line], from_url[line]
        if not url and sender.lower() in ("", _HIDDEN):
            problems.skip(line, "the sender hid or deleted their profile (no name, no profile URL)")
            continue
        names, urls = _recipients(to_names[line], to_urls[line])
        rows.append(
            (
                dates[line],
                sender,
                url,
                names,
                urls,
                get("conversationid", blank)[line],
                get("content", blank)[line] if keep_text else "",
                get("folder", blank)[line],
            )
        )
        lines.append(int(line))
    return _frame(rows, lines, MESSAGE_COLUMNS)


def _frame(
    rows: Sequence[tuple[object, ...]], lines: list[int], columns: tuple[str, ...]
) -> pd.DataFrame:
    if not rows:
        return _empty(columns)
    out = pd.DataFrame.from_records(rows, columns=list(columns))
    out["date"] = pd.to_datetime(out["date"], utc=True)
    out.index = pd.Index(np.asarray(lines, dtype=int), name="line")
    return out


def _read_invitations(text: str, path: Path, problems: Problems, keep_text: bool) -> pd.DataFrame:
    """``Invitations.csv``: ``From,To,Sent At,Message,Direction[,inviterProfileUrl,...]``."""
    frame, c = _table(text, path, problems, {"from", "to", "sentat", "message", "direction"})
    blank = pd.Series("", index=frame.index, dtype=object)
    raw_dates = c.get("sentat", blank)
    dates = parse_export_dates(raw_dates)
    lo = date_range()[0]
    urls = {}
    cut = 0
    for side in ("inviter", "invitee"):
        values = c.get(f"{side}profileurl", blank)
        kept = values.map(_profile_url)
        cut += int(((values != "") & (kept == "")).sum())
        urls[side] = kept
    if cut:
        problems.note(
            None,
            f"{cut} profile URL(s) without the member's part (like 'https://www.linkedin.com/in')"
            " left out",
            dropped=False,
        )
    if "inviterprofileurn" in c:
        problems.note(
            None, "has member URNs, not profile URLs: people are known by name only", dropped=False
        )
    rows = []
    lines = []
    for line in frame.index:
        if pd.isna(dates[line]):
            raw = raw_dates[line]
            problems.skip(line, f"Sent At {raw!r} is not a date" if raw else "no Sent At date")
            continue
        if dates[line] < lo:
            problems.skip(line, f"Sent At {raw_dates[line]!r} is {_OUTSIDE}")
            continue
        rows.append(
            (
                dates[line],
                c.get("from", blank)[line],
                c.get("to", blank)[line],
                urls["inviter"][line],
                urls["invitee"][line],
                c.get("direction", blank)[line].lower(),
                c.get("message", blank)[line] if keep_text else "",
            )
        )
        lines.append(int(line))
    return _frame(rows, lines, INVITATION_COLUMNS)


def _owner_name(text: str, path: Path) -> str:
    """Your name from ``Profile.csv`` (``First Name``, ``Last Name`` of its first row)."""
    lines = text.split("\n")
    at = next((i for i, line in enumerate(lines[:_HEAD_LINES]) if line.strip()), None)
    if at is None:
        return ""
    _header, frame, _bad = read_csv_lenient("\n".join(lines[at:]), path, first_line=at + 1)
    if not len(frame):
        return ""
    cols = {_key(c): c for c in frame.columns}
    row = frame.iloc[0]
    parts = [str(row[cols[k]]).strip() for k in ("firstname", "lastname") if k in cols]
    return re.sub(r"\s+", " ", " ".join(parts)).strip()
