"""Read contacts exported as CSV by Google Contacts or by Outlook.

The layout is recognised by the header line; three are read:

``google``
    Today's "Google CSV" export: ``First Name, Middle Name, Last Name,
    Phonetic ..., Name Prefix, Name Suffix, Nickname, File As, Organization
    Name, Organization Title, ..., Notes, Photo, Labels, E-mail 1 - Label,
    E-mail 1 - Value, Phone 1 - Label, Phone 1 - Value, Address ..., Relation
    1 - Label, Relation 1 - Value, Website 1 - Value``. One cell may hold
    several values separated by `` ::: `` (``a@x.org ::: b@y.org``), and
    ``Labels`` holds the contact's labels (``Friends ::: * myContacts``).
``google-legacy``
    Google's older export, still written by many tools: ``Name, Given Name,
    Additional Name, Family Name, ..., Group Membership, E-mail 1 - Type,
    E-mail 1 - Value, Phone 1 - Type, Phone 1 - Value, Organization 1 - Name,
    Organization 1 - Title, Relation 1 - Type, Relation 1 - Value, Website
    1 - Value``.
``outlook``
    Google's "Outlook CSV" export option and Outlook's own export: ``First
    Name, Middle Name, Last Name, Title, Suffix, ..., E-mail Address, E-mail 2
    Address, ..., Mobile Phone, ..., Company, Job Title, ..., Categories``,
    with or without quotes and ``E-mail Type``/``E-mail Display Name``
    columns; Outlook writes the header in the language of its installation,
    and the English, German, French and Chinese headers are read.

Every row that can be read becomes a contact; a row with no name, no email
and no phone is skipped with its line. See :func:`read_google`.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from .. import schema as S
from ..keys import normalize_email, normalize_phone, normalize_url
from ..params import ENCODING, FLAG, validate_params
from ._contact_csv import MULTI, Layout, recognise_layout, refuse_other_kinds
from ._field_values import keep_value
from ._reading import Problems, Reading
from ._text import read_csv_lenient, read_foreign_text, sniff_delimiter
from .folder import table_from_rows

#: Columns whose values never span lines (names, addresses of mail, phones, birthdays, in the
#: languages of Outlook's exports): a quoted value of one that spans lines is an unbalanced quote.
_ONE_LINE = re.compile(
    r"name|e-?mail|phone|birthday|nom\b|prénom|téléphone|anniversaire|telefon|geburtstag"
    r"|nombre|apellido|teléfono|cumpleaños|correo",
    re.IGNORECASE,
)

__all__ = ["VARIANTS", "read_google"]

#: The layouts :func:`read_google` recognises (``reading.extra["variant"]``).
VARIANTS = ("google", "google-legacy", "outlook")
#: Google's own groups, not labels the user gave (compared case-insensitively)
_GOOGLE_SYSTEM = {"* mycontacts", "* my contacts", "* starred", "* other"}
#: the same groups as Google's "Outlook CSV" export writes them in Categories
_OUTLOOK_SYSTEM = {"mycontacts", "my contacts", "starred"}
#: Unicode format characters (direction marks, zero-width spaces): invisible, never part of a key
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
#: short numbers and service codes (112, *123#) are numbers too, though they identify no one
_PHONE_LIKE = re.compile(r"^\+?[\d\s()\-./#*]+$")


# --- values -------------------------------------------------------------------------------


def _has_word(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


def _clean_name(text: str) -> str:
    """Collapse whitespace in a name and drop marks around it (``*``, ``-``, emoji).

    Examples
    --------
    >>> _clean_name("  - Renata   Krawczyk ")
    'Renata Krawczyk'
    >>> _clean_name("Troc & cash 👥")
    'Troc & cash'
    >>> _clean_name("???? ??")
    ''
    """
    tokens = text.split()
    while tokens and not _has_word(tokens[0]):
        tokens.pop(0)
    while tokens and not _has_word(tokens[-1]):
        tokens.pop()
    return " ".join(tokens)


def _clean_display(text: str) -> str:
    """Outlook's e-mail display name without the address: ``Jane Doe (jane@x.org)``."""
    text = re.sub(r"\s*\([^()]*@[^()]*\)\s*$", "", text).strip().strip("'\"").strip()
    return "" if normalize_email(text) else text


def _tags(cells: Iterable[str], sep: str, system: set[str]) -> list[str]:
    """Return the user's labels in ``cells``, without Google's own groups.

    Examples
    --------
    >>> _tags(["Union ::: * myContacts ::: * starred ::: * Friends"], " ::: ", _GOOGLE_SYSTEM)
    ['Union', 'Friends']
    >>> _tags(["MBPT officers;myContacts"], ";", _OUTLOOK_SYSTEM)
    ['MBPT officers']
    """
    out: list[str] = []
    for cell in cells:
        for value in re.split(r"\s*:::\s*", cell) if sep == MULTI else cell.split(sep):
            value = value.strip()
            if not value or value.casefold() in system:
                continue
            value = value.removeprefix("* ").strip().replace(S.LIST_SEP, ",")
            if value and value not in out:
                out.append(value)
    return out


def _label(text: str) -> str:
    return text.strip().removeprefix("* ").strip().lower()


@dataclass
class _Row:
    """What one input row gave."""

    name: str
    org: str
    title: str
    emails: list[str]
    phones: list[str]
    urls: list[str]
    tags: list[str]
    notes: str
    relations: list[tuple[str, str]]


def _first(row: dict[str, str], columns: list[str], multi: str | None) -> str:
    for c in columns:
        value = row.get(c, "").strip()
        if value:
            return value.split(multi)[0].strip() if multi else value
    return ""


def _values(cell: str, multi: str | None, *, key: bool = False) -> list[str]:
    """Return the values of one cell; ``key``: of an email, phone or URL column.

    Keys lose invisible marks: phones copied from right-to-left text come
    wrapped in direction marks (U+202A ... U+202C); and a trailing comma.
    """
    parts = cell.split(multi) if multi else [cell]
    if key:
        parts = [_INVISIBLE.sub("", p).strip().rstrip(",;").strip() for p in parts]
    return [p.strip() for p in parts if p.strip()]


def _phone_like(value: str) -> bool:
    """Tell a number as people write one: ``(415) 555-0123``, ``+44 20 7946 0958``, ``*123#``."""
    return normalize_phone(value) is not None or bool(
        _PHONE_LIKE.match(value) and sum(ch.isdigit() for ch in value) >= 2
    )


def _read_row(row: dict[str, str], line: int, lay: Layout, problems: Problems) -> _Row | None:
    """Read one row; None (and the row is skipped) when it has no name, email or phone."""
    multi = lay.multi
    emails: list[str] = []
    for col, kind_col in lay.emails:
        kind = row.get(kind_col, "").strip().upper() if kind_col else ""
        for value in _values(row.get(col, ""), multi, key=True):
            if lay.variant == "outlook" and (kind == "EX" or value.lower().startswith("/o=")):
                problems.note(
                    line, f"{col} holds an Exchange (X.500) address, not an email; left out"
                )
                continue
            email = normalize_email(value)
            keep_value(emails, email, problems, line, f"{col} {value!r}", "an email address")
    phones: list[str] = []
    for col, label_col in lay.phones:
        label = row.get(label_col, "").lower() if label_col else ""
        if "fax" in label or "pager" in label:
            continue  # shared or not a way to reach the person (see tiegraph.io._contact_csv)
        for value in _values(row.get(col, ""), multi, key=True):
            number = value if _phone_like(value) else None
            keep_value(phones, number, problems, line, f"{col} {value!r}", "a phone number")
    urls: list[str] = []
    for col in lay.urls:
        for value in _values(row.get(col, ""), multi, key=True):
            value = value.replace("\\:", ":").replace("\\,", ",")
            url = value if normalize_url(value) is not None else None
            keep_value(urls, url, problems, line, f"{col} {value!r}", "a web address")

    written = " ".join(_first(row, cols, None) for cols in lay.parts)
    name = _clean_name(written)
    for cols in lay.fallbacks:
        if name:
            break
        name = _clean_name(_first(row, cols, multi))
    for col in lay.display:
        if name:
            break
        name = _clean_name(_clean_display(row.get(col, "")))
    org = _first(row, lay.org, multi)
    if written.strip() and not name:
        problems.note(line, f"name {' '.join(written.split())!r} has no letters; left out")
    name = name or org or (emails[0] if emails else "") or (phones[0] if phones else "")
    if not name:
        if any(v.strip() for v in row.values()):
            problems.skip(line, "no name, no email and no phone")
        else:
            problems.skip(line, "empty row")
        return None

    relations: list[tuple[str, str]] = []
    for col, label_col, fixed in lay.relations:
        names = _values(row.get(col, ""), multi)
        if fixed == "child":
            names = [n.strip() for v in names for n in re.split(r"[;,]", v) if n.strip()]
        labels = _values(row.get(label_col, ""), multi) if label_col else []
        for i, related in enumerate(names):
            label = fixed or (_label(labels[min(i, len(labels) - 1)]) if labels else "")
            relations.append((related, label))
    return _Row(
        name=name,
        org=org,
        title=_first(row, lay.title, multi),
        emails=emails,
        phones=phones,
        urls=urls,
        tags=_tags(
            (row.get(c, "") for c in lay.tags),
            lay.tag_sep,
            _OUTLOOK_SYSTEM if lay.variant == "outlook" else _GOOGLE_SYSTEM,
        ),
        notes=_first(row, lay.notes, None),
        relations=relations,
    )


def _short_records(text: str, delimiter: str, lines: set[int]) -> dict[int, list[str]]:
    """Return the records starting at ``lines``, counted as :func:`read_csv_lenient` does."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=False)
    out: dict[int, list[str]] = {}
    try:
        next(reader)
    except (StopIteration, csv.Error):
        return out
    prev_end = reader.line_num
    while True:
        try:
            rec = next(reader)
        except StopIteration:
            break
        except csv.Error:
            prev_end = reader.line_num
            continue
        start, prev_end = prev_end + 1, reader.line_num
        if start in lines:
            out[start] = rec
    return out


# --- the reader ---------------------------------------------------------------------------


@validate_params(encoding=ENCODING, strict=FLAG)
def read_google(
    path: str | os.PathLike[str], *, encoding: str | None = None, strict: bool = False
) -> Reading:
    """Read a Google Contacts or Outlook CSV export into contacts.

    The layout is recognised by the header (see the module's description):
    today's Google CSV, Google's older CSV, or an Outlook CSV (Google's
    "Outlook CSV" export option, or Outlook's own export in English, German,
    French or Chinese). Every row that can be read becomes a contact:

    - **name**: its parts (prefix, first, middle, last, suffix), else
      ``File As``, ``Nickname`` or a display name, else the organisation,
      the first email, the first phone; marks around a name (``*``, ``-``,
      emoji) are dropped;
    - **email**: every address, validated and normalised (an invalid one is
      left out with a note); **phone**: every number, as written; **url**:
      the websites; **tags**: the labels or categories, without Google's
      ``* myContacts``, ``* starred`` and ``* other``; **org**, **title**,
      **notes**; **source** ``google`` (``outlook`` for an Outlook CSV).

    A row with no name, no email and no phone, and a row with too many
    fields, is skipped and listed with its line; so is one with too few,
    except in an Outlook CSV, where Outlook leaves out trailing empty
    fields and the missing ones are read as empty. Nothing is merged: two
    rows of one person stay two contacts.

    Parameters
    ----------
    path : path-like
        The CSV file (any encoding Google or Outlook writes: UTF-8 with or
        without a BOM, UTF-16, Windows-1252; ``,``, ``;`` or tab separated).
    encoding : str, optional
        Force a text encoding.
    strict : bool
        Raise on the first skipped row or dropped value instead.

    Returns
    -------
    Reading
        ``table``: the columns of ``contacts.csv`` (``id`` empty) indexed by
        the input line of each row; ``extra["variant"]``: ``"google"``,
        ``"google-legacy"`` or ``"outlook"``; ``extra["relations"]``: a
        DataFrame (``line``, ``related_name``, ``label``) of the relations
        the rows list (spouse, manager, ...).

    Raises
    ------
    DataError
        The file is not a Google or Outlook CSV (the message says what it
        looks like), cannot be read at all, or (``strict``) has a problem.
    """
    text, used = read_foreign_text(path, encoding)
    problems = Problems(path, strict=strict)
    if used != "utf-8":
        problems.note(None, f"read as {used}", dropped=False)
    refuse_other_kinds(text, path)
    # Outlook writes rows shorter than the header: a swallowed line of half the fields is a row
    header, frame, bad = read_csv_lenient(
        text, path, row_share=0.5, one_line=lambda h: bool(_ONE_LINE.search(h))
    )
    lay = recognise_layout(header, path)
    problems.note(None, f"read as {lay.description}", dropped=False)
    records = len(frame) + len(bad)

    if lay.variant == "outlook" and bad:
        width = len(header)
        short = {line for line, reason in bad if reason.startswith("has ")}
        found = _short_records(text, sniff_delimiter(text.split("\n", 1)[0]), short)
        padded = {
            line: rec + [""] * (width - len(rec)) for line, rec in found.items() if len(rec) < width
        }
        if padded:
            extra = pd.DataFrame(list(padded.values()), columns=header, dtype=str)
            extra.index = pd.Index(list(padded), name="line")
            frame = pd.concat([frame, extra]).sort_index()
            bad = [(line, reason) for line, reason in bad if line not in padded]
            problems.note(
                None,
                f"{len(padded)} row(s) have fewer fields than the header, as Outlook writes "
                "them; the missing trailing fields were read as empty",
                dropped=False,
            )
    for line, reason in bad:
        problems.skip(line, reason)

    rows: list[dict[str, str]] = []
    lines: list[int] = []
    relations: list[tuple[int, str, str]] = []
    columns = [str(c) for c in frame.columns]
    for line, values in zip(frame.index, frame.itertuples(index=False, name=None), strict=True):
        record = dict(zip(columns, values, strict=True))
        got = _read_row(record, int(line), lay, problems)
        if got is None:
            continue
        rows.append(
            {
                S.NAME: got.name,
                S.ORG: got.org,
                S.TITLE: got.title,
                S.EMAIL: S.LIST_SEP.join(got.emails),
                S.PHONE: S.LIST_SEP.join(got.phones),
                S.URL: S.LIST_SEP.join(got.urls),
                S.TAGS: S.LIST_SEP.join(got.tags),
                S.NOTES: got.notes,
                S.SOURCE: "outlook" if lay.variant == "outlook" else "google",
            }
        )
        lines.append(int(line))
        relations += [(int(line), related, label) for related, label in got.relations]
    table = table_from_rows(
        S.CONTACTS,
        pd.DataFrame(rows, columns=[S.NAME]) if not rows else pd.DataFrame(rows),
        lines,
        file=path,
    )
    related = pd.DataFrame(relations, columns=["line", S.RELATED_NAME, S.LABEL])
    related["line"] = related["line"].astype(int)
    return problems.reading(table, records, encoding=used, variant=lay.variant, relations=related)
