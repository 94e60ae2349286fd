r"""Read vCard files (``.vcf``, versions 2.1, 3.0 and 4.0) as phones and mail programs write them.

A tolerant line parser of its own (200,000 cards in about 5 s where vobject
took 31 s, see bench/vcard_bench.py; it never refuses a file for one bad card):

- lines are unfolded (a line starting with a space or tab continues the one
  above); ``CR LF``, ``CR CR LF`` (an iPhone's), ``LF`` and ``CR`` line ends,
  blank lines between cards, a byte-order mark and UTF-16 files are read;
- ``NAME;PARAM=x;BARE:value`` with group prefixes (Apple's ``item1.EMAIL``)
  and quoted parameter values; escapes ``\,`` ``\;`` ``\:`` ``\n``;
- version 2.1's quoted-printable values with soft line breaks (a line
  ending in ``=`` goes on) in any ``CHARSET``, as Android, Outlook and Nokia
  write them; base64 photos and keys are passed over without decoding;
- ``PROFILE:VCard`` (Lotus Notes), ``X-`` and unknown properties are ignored.

Every card becomes a contact or is skipped with the line of its
``BEGIN:VCARD`` and the reason: a card with no ``END:VCARD`` before the next
``BEGIN:VCARD`` (or the end of the file), or one with nothing to know the
person by (no name, organisation, email or phone). A value that cannot be
read (an ``EMAIL:N/A``, a ``TEL`` that is not a number, broken
quoted-printable, a character cut in two) is left out of its row with a note.
"""

from __future__ import annotations

import os
import re
from typing import Any

import pandas as pd

from .. import schema as S
from ..exceptions import DataError
from ..keys import normalize_email
from ..params import ENCODING, FLAG, validate_params
from ._field_values import keep_value
from ._reading import Problems, Reading
from ._text import read_foreign_text
from ._vcard_values import (
    Decoder,
    clean_label,
    colon_outside_quotes,
    phone_number,
    property_params,
    short,
    split_unescaped,
    unescape,
)
from .folder import table_from_rows

__all__ = ["read_vcard"]

#: properties that carry a relation to another person, and the label it gets
_RELATION_PROPS = {
    "X-EVOLUTION-SPOUSE": "spouse",
    "X-EVOLUTION-MANAGER": "manager",
    "X-EVOLUTION-ASSISTANT": "assistant",
    "X-MS-SPOUSE": "spouse",
    "X-MS-MANAGER": "manager",
    "X-MS-ASSISTANT": "assistant",
    "X-SPOUSE": "spouse",
    "X-MANAGER": "manager",
    "X-ASSISTANT": "assistant",
    "X-KADDRESSBOOK-X-SPOUSESNAME": "spouse",
    "X-KADDRESSBOOK-X-MANAGERSNAME": "manager",
    "X-KADDRESSBOOK-X-ASSISTANTSNAME": "assistant",
}
#: the properties read; every other one is passed over
_WANTED = frozenset(
    {
        "FN",
        "N",
        "ORG",
        "TITLE",
        "EMAIL",
        "TEL",
        "URL",
        "CATEGORIES",
        "NOTE",
        "UID",
        "RELATED",
        "X-ABRELATEDNAMES",
        "X-ABLABEL",
        *_RELATION_PROPS,
    }
)
_FIRST_ONLY = frozenset({"FN", "N", "ORG", "TITLE", "UID"})
_NO_NAME = "card has no name (FN, N or ORG), no email and no phone"
_ANGLE = re.compile(r"<([^<>\s]+@[^<>\s]+)>")


def _card(  # noqa: C901 - parses a foreign format in one pass
    props: list[list[Any]],
    begin: int,
    decode: Decoder,
    problems: Problems,
) -> tuple[tuple[str, ...], list[tuple[str, str, str]], str] | None:
    """Return ``(row, relations, uid)`` of one card, or ``None`` when it has nothing to read."""
    fn = n_raw = org = title = uid = ""
    emails: list[str] = []
    phones: list[str] = []
    urls: list[str] = []
    tags: list[str] = []
    notes: list[str] = []
    relations: list[tuple[str, str, str]] = []  # (name, label, group)
    labels: dict[str, str] = {}
    seen: set[str] = set()  # the properties of which only the first is read
    for prop in props:
        name, group, head, parts, line = prop
        if name in _FIRST_ONLY:
            if name in seen:
                continue
        value = parts[0] if len(parts) == 1 and ";" not in head else decode.value(prop)
        if name == "FN":
            fn = " ".join(unescape(value).split())
            if fn:
                seen.add(name)
        elif name == "N":
            n_raw = value
            if value.replace(";", "").strip():
                seen.add(name)
        elif name == "EMAIL":
            text = unescape(value).strip()
            if not text:
                continue
            email = normalize_email(text)
            if email is None:
                m = _ANGLE.search(text)
                email = normalize_email(m.group(1)) if m else None
            keep_value(emails, email, problems, line, f"EMAIL {short(text)!r}", "an email address")
        elif name == "TEL":
            text = unescape(value).strip()
            if not text:
                continue
            number = phone_number(text)
            keep_value(phones, number, problems, line, f"TEL {short(text)!r}", "a phone number")
        elif name == "ORG":
            units = [" ".join(unescape(u).split()) for u in split_unescaped(value, ";")]
            org = next((u for u in units if u), "")
            if org:
                seen.add(name)
        elif name == "TITLE":
            title = " ".join(unescape(value).split())
            if title:
                seen.add(name)
        elif name == "URL":
            url = unescape(value).strip().replace(";", "%3B")
            if url and url not in urls:
                urls.append(url)
        elif name == "CATEGORIES":
            # split at every comma: some programs escape the commas between categories
            for tag in unescape(value).split(","):
                tag = " ".join(tag.split()).replace(S.LIST_SEP, ",")
                if tag and tag not in tags:
                    tags.append(tag)
        elif name == "NOTE":
            note = unescape(value).replace("\r\n", "\n").replace("\r", "\n").strip()
            if note:
                notes.append(note)
        elif name == "UID":
            uid = value.strip()
            if uid:
                seen.add(name)
        elif name == "X-ABLABEL":
            labels[group] = clean_label(unescape(value))
        elif name in ("RELATED", "X-ABRELATEDNAMES"):
            other = " ".join(unescape(value).split())
            if other:
                types = property_params(head).get("TYPE", []) if "=" in head else []
                label = ",".join(t for t in types if t not in ("pref", "text", "uri"))
                relations.append((other, label, group))
        elif name in _RELATION_PROPS:
            other = " ".join(unescape(value).split())
            if other:
                relations.append((other, _RELATION_PROPS[name], ""))
    name = (
        fn
        or (_structured_name(n_raw) if n_raw else "")
        or org
        or (emails[0] if emails else "")
        or (phones[0] if phones else "")
    )
    if not name:
        problems.skip(begin, _NO_NAME)
        return None
    rels = [
        (other, labels.get(group, "") if group and group in labels else label, "")
        for other, label, group in relations
    ]
    row = (
        name,
        org,
        title,
        S.LIST_SEP.join(emails),
        S.LIST_SEP.join(phones),
        S.LIST_SEP.join(urls),
        S.LIST_SEP.join(tags),
        "\n".join(notes),
    )
    return row, rels, uid


def _structured_name(value: str) -> str:
    """``N:family;given;additional;prefix;suffix`` as ``prefix given family suffix``."""
    parts = [unescape(p).replace(",", " ") for p in split_unescaped(value, ";")]
    parts += [""] * (5 - len(parts))
    family, given, _additional, prefix, suffix = parts[:5]
    return " ".join(" ".join((prefix, given, family, suffix)).split())


def _refuse(path: str | os.PathLike[str], text: str) -> DataError:
    """Return the error for a file with no BEGIN:VCARD, saying what it looks like."""
    head = text[:4096].lower()
    first = next((ln.strip() for ln in text.split("\n", 20) if ln.strip()), "")
    if "begin:vcalendar" in head:
        what = "this looks like a calendar (.ics); use `tiegraph import ics`"
    elif "connected on" in head and "first name" in head:
        what = "this looks like a LinkedIn Connections.csv; use `tiegraph import linkedin`"
    elif "given name" in head or "e-mail 1 - value" in head or "phone 1 - value" in head:
        what = "this looks like a Google Contacts CSV; use `tiegraph import google`"
    elif "e-mail address" in head and "first name" in head:
        what = (
            "this looks like an Outlook contacts CSV; save the contacts as vCards (.vcf) "
            "and import those"
        )
    elif first.count(",") + first.count(";") + first.count("\t") >= 2:
        what = "this looks like a CSV file, not a vCard"
    else:
        what = "it is not a vCard file"
    return DataError(path, f"has no BEGIN:VCARD line; {what}")


_BEGIN = re.compile(r"^[ \t]*BEGIN[ \t]*:[ \t]*VCARD[ \t]*$", re.IGNORECASE | re.MULTILINE)


@validate_params(encoding=ENCODING, strict=FLAG)
def read_vcard(  # noqa: C901 - parses a foreign format in one pass
    path: str | os.PathLike[str], *, encoding: str | None = None, strict: bool = False
) -> Reading:
    r"""Read every card of a vCard file (``.vcf``) into contacts.

    Parameters
    ----------
    path : path-like
        A ``.vcf`` file with one or more cards, as a phone (Android, iPhone),
        a mail program (Outlook, Thunderbird, Evolution, Lotus Notes, Apple
        Contacts) or Google Contacts exports it.
    encoding : str, optional
        Force a text encoding. By default a byte-order mark, UTF-16, UTF-8
        and Windows-1252 are recognised.
    strict : bool
        Refuse the file (raise :class:`~tiegraph.exceptions.DataError`) on the
        first card that cannot be read or the first value left out.

    Returns
    -------
    Reading
        ``table`` has the columns of ``contacts.csv`` (``id`` empty), one row
        per card, indexed by the line of its ``BEGIN:VCARD``: ``name`` from
        ``FN`` (else ``N`` as prefix, given, family and suffix names, else the
        first unit of ``ORG``, the first email, the first phone); ``org`` the
        first unit of ``ORG``; ``title``; ``email`` every valid ``EMAIL``,
        lower-cased; ``phone`` every ``TEL`` as written; ``url`` every
        ``URL``; ``tags`` the ``CATEGORIES``; ``notes`` the ``NOTE`` lines;
        ``source`` ``vcard`` (all lists ``;``-joined). ``records`` counts the
        cards (the ``BEGIN:VCARD`` lines). ``extra["relations"]`` is a
        DataFrame with ``line`` (the card's), ``related_name`` (the other
        person as written, or the name of the card of this file a
        ``RELATED:urn:uuid:`` points at) and ``label`` (``spouse``,
        ``assistant``, a custom label) from ``RELATED`` (vCard 4.0), Apple's
        ``X-ABRELATEDNAMES`` with its ``X-ABLabel``, and the spouse, manager
        and assistant fields of Outlook, Evolution, Thunderbird and KDE.

    Raises
    ------
    DataError
        The file has no ``BEGIN:VCARD`` (the message says what it looks
        like), cannot be read as text, or (``strict``) has a problem.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "one.vcf"
    >>> _ = f.write_text("BEGIN:VCARD\nVERSION:3.0\nN:Doe;Jane;;Dr.;\n"
    ...                  "EMAIL:Jane@Example.org\nEMAIL:N/A\nEND:VCARD\n")
    >>> r = read_vcard(f)
    >>> r.table.loc[1, ["name", "email"]].tolist()
    ['Dr. Jane Doe', 'jane@example.org']
    >>> r.notes
    [(5, "EMAIL 'N/A' is not an email address; left out")]
    """
    text, used = read_foreign_text(path, encoding)
    problems = Problems(path, strict=strict)
    if used.lower() not in ("utf-8", "ascii"):
        problems.note(None, f"read as {used}", dropped=False)
    if not _BEGIN.search(text):
        raise _refuse(path, text)
    decode = Decoder(problems, used)
    lines = text.split("\n")

    rows: list[tuple[str, ...]] = []
    row_lines: list[int] = []
    rel_rows: list[tuple[int, str, str]] = []
    uids: dict[str, str] = {}
    records = 0
    stray: list[int] = []
    names: dict[str, tuple[str, str]] = {}  # a property's name as written: (group, NAME)

    in_card = False
    begin = 0
    props: list[list[Any]] = []
    cur: list[Any] | None = None  # the property being read, for continuation lines
    cur_parts: list[str] = []
    qp_open = False  # the last line ended in a quoted-printable soft break
    b64_open = False  # inside a base64 value: lines without ':' go on
    v21 = False

    def finish() -> None:
        got = _card(props, begin, decode, problems)
        if got is not None:
            row, rels, uid = got
            rows.append(row)
            row_lines.append(begin)
            rel_rows.extend((begin, other, label) for other, label, _ in rels)
            if uid:
                uids.setdefault(uid.lower(), row[0])

    for idx, line in enumerate(lines):
        if qp_open:
            up = line[:9].upper()
            if up != "END:VCARD" and up[:6] != "BEGIN:":
                cur_parts.append(line)
                qp_open = line.endswith("=")
                continue
            qp_open = False
        if not line:
            b64_open = False
            continue
        first = line[0]
        if first == " " or first == "\t":
            if cur is not None:
                cur_parts.append(line if v21 else line[1:])
            elif not in_card and line.strip():
                stray.append(idx + 1)
            continue
        colon = line.find(":")
        if b64_open:
            if colon < 0:
                continue
            b64_open = False
        if colon < 0:
            cur = None
            if in_card:
                problems.note(idx + 1, "line is not a vCard property (it has no ':'); left out")
            elif line.strip():
                stray.append(idx + 1)
            continue
        head = line[:colon]
        if '"' in head:
            colon = colon_outside_quotes(line)
            head = line[:colon]
        semi = head.find(";")
        raw_name = head if semi < 0 else head[:semi]
        known = names.get(raw_name)
        if known is None:
            group, _, name = raw_name.strip().upper().rpartition(".")
            known = names[raw_name] = (group, name)
        group, name = known
        if name == "BEGIN" and line[colon + 1 :].strip().upper() == "VCARD":
            records += 1
            if in_card:
                problems.skip(begin, f"no END:VCARD before the next BEGIN:VCARD (line {idx + 1})")
            in_card, begin, props, cur, v21 = True, idx + 1, [], None, False
            continue
        if not in_card:
            stray.append(idx + 1)
            continue
        if name == "END" and line[colon + 1 :].strip().upper() == "VCARD":
            finish()
            in_card, props, cur = False, [], None
            continue
        value = line[colon + 1 :]
        if name in _WANTED:
            cur_parts = [value]
            cur = [name, group, head, cur_parts, idx + 1]
            props.append(cur)
        else:
            cur = None
            if name == "VERSION":
                v21 = value.strip() == "2.1"
        if semi >= 0 and (cur is None or value[-1:] == "="):
            upper = head.upper()
            if value.endswith("=") and "QUOTED-PRINTABLE" in upper:
                qp_open = True
                if cur is None:
                    cur_parts = []  # a property not read: its lines are passed over
            elif cur is None and ("BASE64" in upper or "ENCODING=B" in upper):
                b64_open = True
    if in_card:
        problems.skip(begin, "no END:VCARD (the file ends inside this card)")
    if stray:
        where = f"line {stray[0]}" if len(stray) == 1 else f"lines {stray[0]}-{stray[-1]}"
        problems.note(
            stray[0],
            f"{len(stray)} line(s) outside BEGIN:VCARD ... END:VCARD ({where}); left out",
        )

    columns = [S.NAME, S.ORG, S.TITLE, S.EMAIL, S.PHONE, S.URL, S.TAGS, S.NOTES]
    frame = (
        pd.DataFrame(rows, columns=columns, dtype=str)
        if rows
        else pd.DataFrame({c: pd.Series([], dtype=str) for c in columns})
    )
    frame[S.SOURCE] = "vcard"
    table = table_from_rows(S.CONTACTS, frame, row_lines, file=path)
    relations = _relations(rel_rows, uids)
    problems.notes.sort(key=lambda n: -1 if n[0] is None else n[0])
    return problems.reading(table, records, used, relations=relations)


def _relations(rel_rows: list[tuple[int, str, str]], uids: dict[str, str]) -> pd.DataFrame:
    """Return the relations found; a ``urn:uuid:`` of a card of the file becomes its name."""
    out = []
    for line, other, label in rel_rows:
        key = other.lower()
        name = uids.get(key) or uids.get(key.removeprefix("urn:uuid:"))
        if name is None and not key.startswith("urn:uuid:"):
            name = uids.get("urn:uuid:" + key)
        out.append((line, name or other, label))
    return pd.DataFrame(
        {
            "line": pd.Series([r[0] for r in out], dtype="int64"),
            S.RELATED_NAME: pd.Series([r[1] for r in out], dtype=str),
            S.LABEL: pd.Series([r[2] for r in out], dtype=str),
        }
    )
