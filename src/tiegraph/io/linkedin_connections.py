"""LinkedIn's ``Connections.csv``: its header found, its rows read (:mod:`tiegraph.io.linkedin`)."""

from __future__ import annotations

import csv
import os
import re

import numpy as np
import pandas as pd

from .. import schema as S
from ..exceptions import DataError
from ..keys import normalize_email, normalize_urls
from ._dates import parse_export_dates
from ._decoding import decode_foreign, read_bytes
from ._reading import Problems, Reading
from ._text import read_csv_lenient, sniff_delimiter
from .folder import date_range, table_from_rows

__all__ = [
    "HEAD_LINES",
    "cells",
    "column_key",
    "read_connections",
    "read_connections_file",
    "text_of",
]

#: why a date is not read
OUTSIDE = "outside the dates tiegraph reads (1900 to a year from now)"


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


#: values Excel users type for "nothing"
_PLACEHOLDERS = {"na", "n/a", "#n/a"}


#: how far down the header line of Connections.csv may be
HEAD_LINES = 60


_NO_NAME = "no name: the member hid or deleted their profile"


_EMPTY = "an empty row (nothing but separators)"


def column_key(header: str) -> str:
    """Return a header name as compared: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", header.lower())


def text_of(
    data: bytes, path: str | os.PathLike[str], encoding: str | None, problems: Problems
) -> tuple[str, str]:
    """Decode a file of LinkedIn's; note an encoding other than UTF-8 and odd bytes."""
    text, used, note = decode_foreign(data, path, encoding, mixed_lines=True)
    if used != "utf-8":
        problems.note(None, f"read as {used}", dropped=False)
    if note:
        problems.note(None, note, dropped=False)
    return text, used


def cells(line: str) -> list[str]:
    """Return the cells of one line, its separator sniffed (the line alone if not CSV)."""
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
    raw = [c.strip().lower() for c in cells(first)]
    keys = {column_key(c) for c in raw}
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
    for i, line in enumerate(lines[:HEAD_LINES]):
        if not line.strip():
            continue
        roles = {_ROLES[k] for k in map(column_key, cells(line)) if k in _ROLES}
        if CONNECTED in roles or (FIRST in roles and len(roles) >= 2) or {LAST, COMPANY} <= roles:
            return i
    return None


def read_connections_file(
    path: str | os.PathLike[str], encoding: str | None, strict: bool
) -> Reading:
    """Read one ``Connections.csv`` file (:func:`tiegraph.io.linkedin.read_linkedin`)."""
    problems = Problems(path, strict=strict)
    text, used = text_of(read_bytes(path), path, encoding, problems)
    return read_connections(text, used, path, problems)


_EDGE_SPACE = re.compile(r"\x00\s|\s\x00")


def _stripped(cells: pd.Series) -> pd.Series:
    """Return the cells stripped; a column no cell of which needs it, as it is (one search)."""
    try:
        joined = "\x00" + "\x00".join(cells.tolist()) + "\x00"
    except TypeError:  # a cell that is not text
        return cells.str.strip()
    return cells.str.strip() if _EDGE_SPACE.search(joined) else cells


def _blank_rows(frame: pd.DataFrame) -> np.ndarray:
    """Whether each row holds nothing but spaces (column by column, on the rows left)."""
    empty = np.ones(len(frame), dtype=bool)
    for name in frame.columns:
        at = np.flatnonzero(empty)
        if not len(at):
            break
        empty[at] = (frame[name].iloc[at].str.strip() == "").to_numpy(dtype=bool)
    return empty


def read_connections(
    text: str, used: str, path: str | os.PathLike[str], problems: Problems
) -> Reading:
    """Read the text of a ``Connections.csv`` (see :func:`tiegraph.io.linkedin.read_linkedin`)."""
    other = _what_it_is(text)
    if other:
        raise DataError(path, other)
    lines = text.split("\n")
    at = _header_at(lines)
    if at is None:
        raise DataError(
            path,
            "has no header line like 'First Name,Last Name,URL,Email Address,Company,Position,"
            f"Connected On' in its first {HEAD_LINES} lines (is this LinkedIn's Connections.csv?)",
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
        role = _ROLES.get(column_key(name))
        if role and role not in role_of.values():
            role_of[name] = role
    col = {role: _stripped(frame[name]) for name, role in role_of.items()}
    blank = pd.Series("", index=frame.index, dtype=object)

    def get(role: str) -> pd.Series:
        return col.get(role, blank)

    first, last = get(FIRST), get(LAST)
    names = (first + " " + last).str.replace(r"\s+", " ", regex=True).str.strip()
    emails, email_notes = _emails(get(EMAIL))
    named_by_email = (names == "") & (emails != "")
    if named_by_email.any():
        names[named_by_email] = emails[named_by_email].str.split(";").str[0]
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
        (int(line), 4, f"Connected On {value!r} is {OUTSIDE}; left out")
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
