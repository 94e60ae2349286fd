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
from dataclasses import dataclass, field

import pandas as pd

from .. import schema as S
from ..exceptions import DataError
from ..keys import normalize_email, normalize_phone, normalize_url
from ._reading import Problems, Reading
from ._text import read_csv_lenient, read_foreign_text, sniff_delimiter
from .folder import table_from_rows

__all__ = ["VARIANTS", "read_google"]

#: The layouts :func:`read_google` recognises (``reading.extra["variant"]``).
VARIANTS = ("google", "google-legacy", "outlook")

_MULTI = " ::: "
_LINKEDIN = "this looks like a LinkedIn Connections.csv; use `tiegraph import linkedin`"
#: Google's own groups, not labels the user gave (compared case-insensitively)
_GOOGLE_SYSTEM = {"* mycontacts", "* my contacts", "* starred", "* other"}
#: the same groups as Google's "Outlook CSV" export writes them in Categories
_OUTLOOK_SYSTEM = {"mycontacts", "my contacts", "starred"}
#: a column name that read_csv_lenient renamed because it was repeated: "Notes (2)"
_REPEATED = re.compile(r"^(.*) \((\d+)\)$")
#: Unicode format characters (direction marks, zero-width spaces): invisible, never part of a key
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
#: short numbers and service codes (112, *123#) are numbers too, though they identify no one
_PHONE_LIKE = re.compile(r"^\+?[\d\s()\-./#*]+$")


def _base(column: str) -> str:
    m = _REPEATED.match(column)
    return m.group(1) if m else column


# --- Outlook's column names ---------------------------------------------------------------

#: the name columns, in the order a name is written
_OUTLOOK_PARTS = ("Title", "First Name", "Middle Name", "Last Name", "Suffix")
#: e-mail address columns and the column holding each one's type (SMTP or EX)
_OUTLOOK_EMAILS = {
    "E-mail Address": "E-mail Type",
    "E-mail 2 Address": "E-mail 2 Type",
    "E-mail 3 Address": "E-mail 3 Type",
}
_OUTLOOK_DISPLAY = ("E-mail Display Name", "E-mail 2 Display Name", "E-mail 3 Display Name")
#: numbers that reach the person; faxes, pagers, telex, the company's switchboard and the
#: assistant's phone are left out: they are shared, or someone else's, and would make
#: identity resolution merge different people
_OUTLOOK_PHONES = (
    "Primary Phone",
    "Mobile Phone",
    "Mobile Phone 2",
    "Home Phone",
    "Home Phone 2",
    "Business Phone",
    "Business Phone 2",
    "Other Phone",
    "Car Phone",
    "Callback",
    "Radio Phone",
    "ISDN",
    "TTY/TDD Phone",
)
_OUTLOOK_RELATIONS = {
    "Spouse": "spouse",
    "Children": "child",
    "Manager's Name": "manager",
    "Assistant's Name": "assistant",
    "Referred By": "referred by",
}
_OUTLOOK_OTHER = (
    "Nickname",
    "Company",
    "Department",
    "Job Title",
    "Notes",
    "Web Page",
    "Categories",
    "Birthday",
    "Initials",
    "Home Fax",
    "Business Fax",
    "Other Fax",
    "Pager",
    "Telex",
    "Company Main Phone",
    "Assistant's Phone",
)
_OUTLOOK_ENGLISH = (
    *_OUTLOOK_PARTS,
    *_OUTLOOK_EMAILS,
    *_OUTLOOK_EMAILS.values(),
    *_OUTLOOK_DISPLAY,
    *_OUTLOOK_PHONES,
    *_OUTLOOK_RELATIONS,
    *_OUTLOOK_OTHER,
)

#: Outlook's translated headers, as real exports write them (see tests/fixtures/README.md):
#: German and Chinese from Outlook exports, French from a program writing Outlook's French
#: layout. A translation maps the header text (compared case-insensitively) to the English name.
_OUTLOOK_TRANSLATED: dict[str, dict[str, str]] = {
    "German": {
        "Anrede": "Title",
        "Vorname": "First Name",
        "Weitere Vornamen": "Middle Name",
        "Nachname": "Last Name",
        "Suffix": "Suffix",
        "Firma": "Company",
        "Abteilung": "Department",
        "Position": "Job Title",
        "E-Mail-Adresse": "E-mail Address",
        "E-Mail-Typ": "E-mail Type",
        "E-Mail: Angezeigter Name": "E-mail Display Name",
        "E-Mail 2: Adresse": "E-mail 2 Address",
        "E-Mail 2: Typ": "E-mail 2 Type",
        "E-Mail 2: Angezeigter Name": "E-mail 2 Display Name",
        "E-Mail 3: Adresse": "E-mail 3 Address",
        "E-Mail 3: Typ": "E-mail 3 Type",
        "E-Mail 3: Angezeigter Name": "E-mail 3 Display Name",
        "Haupttelefon": "Primary Phone",
        "Mobiltelefon": "Mobile Phone",
        "Mobiltelefon 2": "Mobile Phone 2",
        "Telefon (privat)": "Home Phone",
        "Telefon (privat 2)": "Home Phone 2",
        "Telefon geschäftlich": "Business Phone",
        "Telefon geschäftlich 2": "Business Phone 2",
        "Weiteres Telefon": "Other Phone",
        "Autotelefon": "Car Phone",
        "Rückmeldung": "Callback",
        "ISDN": "ISDN",
        "Telefon für Hörbehinderte": "TTY/TDD Phone",
        "Telefon Firma": "Company Main Phone",
        "Telefon Assistent": "Assistant's Phone",
        "Fax geschäftlich": "Business Fax",
        "Fax privat": "Home Fax",
        "Weiteres Fax": "Other Fax",
        "Pager": "Pager",
        "Telex": "Telex",
        "Partner": "Spouse",
        "Kinder": "Children",
        "Name des/r Vorgesetzten": "Manager's Name",
        "Assistent(in)": "Assistant's Name",
        "Empfohlen von": "Referred By",
        "Notizen": "Notes",
        "Webseite": "Web Page",
        "Kategorien": "Categories",
        "Geburtstag": "Birthday",
        "Initialen": "Initials",
    },
    "French": {
        "Titre": "Title",
        "Prénom": "First Name",
        "Deuxième prénom": "Middle Name",
        "Nom": "Last Name",
        "Suffixe": "Suffix",
        "Surnom": "Nickname",
        "Société": "Company",
        "Service": "Department",
        # Outlook's French header says "Titre" twice: the courtesy title, then the job title
        "Titre (2)": "Job Title",
        "Adresse de messagerie": "E-mail Address",
        "Type de messagerie": "E-mail Type",
        "Nom complet de l'adresse de messagerie": "E-mail Display Name",
        "Adresse de messagerie 2": "E-mail 2 Address",
        "Type de messagerie 2": "E-mail 2 Type",
        "Nom complet de l'adresse de messagerie 2": "E-mail 2 Display Name",
        "Adresse de messagerie 3": "E-mail 3 Address",
        "Type de messagerie 3": "E-mail 3 Type",
        "Nom complet de l'adresse de messagerie 3": "E-mail 3 Display Name",
        "Téléphone principal": "Primary Phone",
        "Tél. mobile": "Mobile Phone",
        "Téléphone (domicile)": "Home Phone",
        "Téléphone 2 (domicile)": "Home Phone 2",
        "Téléphone (bureau)": "Business Phone",
        "Téléphone 2 (bureau)": "Business Phone 2",
        "Téléphone (autre)": "Other Phone",
        "Téléphone (voiture)": "Car Phone",
        "Rappel": "Callback",
        "Radio téléphone": "Radio Phone",
        "RNIS": "ISDN",
        "Téléphone TDD/TTY": "TTY/TDD Phone",
        "Téléphone société": "Company Main Phone",
        "Téléphone de l'assistant(e)": "Assistant's Phone",
        "Télécopie (bureau)": "Business Fax",
        "Télécopie (domicile)": "Home Fax",
        "Télécopie (autre)": "Other Fax",
        "Récepteur de radiomessagerie": "Pager",
        "Télex": "Telex",
        "Conjoint(e)": "Spouse",
        "Enfants": "Children",
        "Responsable": "Manager's Name",
        "Nom de l'assistant(e)": "Assistant's Name",
        "Recommandé par": "Referred By",
        "Notes": "Notes",
        "Page Web": "Web Page",
        "Catégories": "Categories",
        "Anniversaire": "Birthday",
        "Initiales": "Initials",
    },
    "Chinese": {
        "英文称谓": "Title",
        "名": "First Name",
        "中间名": "Middle Name",
        "姓": "Last Name",
        "称谓": "Suffix",
        "单位": "Company",
        "部门": "Department",
        "职务": "Job Title",
        "电子邮件地址": "E-mail Address",
        "电子邮件类型": "E-mail Type",
        "电子邮件显示名称": "E-mail Display Name",
        "电子邮件 2 地址": "E-mail 2 Address",
        "电子邮件 2 类型": "E-mail 2 Type",
        "电子邮件 2 显示名": "E-mail 2 Display Name",
        "电子邮件 3 地址": "E-mail 3 Address",
        "电子邮件 3 类型": "E-mail 3 Type",
        "电子邮件 3 显示名": "E-mail 3 Display Name",
        "主要电话": "Primary Phone",
        "移动电话": "Mobile Phone",
        "住宅电话": "Home Phone",
        "住宅电话 2": "Home Phone 2",
        "商务电话": "Business Phone",
        "商务电话 2": "Business Phone 2",
        "其他电话": "Other Phone",
        "车载电话": "Car Phone",
        "回电话": "Callback",
        "无绳电话": "Radio Phone",
        "ISDN": "ISDN",
        "TTY/TDD 电话": "TTY/TDD Phone",
        "单位主要电话": "Company Main Phone",
        "助理的电话": "Assistant's Phone",
        "商务传真": "Business Fax",
        "住宅传真": "Home Fax",
        "其他传真": "Other Fax",
        "寻呼机": "Pager",
        "电报": "Telex",
        "配偶": "Spouse",
        "子女": "Children",
        "经理姓名": "Manager's Name",
        "助理的姓名": "Assistant's Name",
        "引用者": "Referred By",
        "附注": "Notes",
        "网页": "Web Page",
        "类别": "Categories",
        "生日": "Birthday",
        "缩写": "Initials",
    },
}
_OUTLOOK_NAMES: dict[str, dict[str, str]] = {
    "English": {name.casefold(): name for name in _OUTLOOK_ENGLISH},
    **{
        language: {k.casefold(): v for k, v in names.items()}
        for language, names in _OUTLOOK_TRANSLATED.items()
    },
}


# --- layouts ------------------------------------------------------------------------------


@dataclass
class _Layout:
    """Which columns of one file hold what."""

    variant: str
    description: str
    #: name parts in writing order (prefix, first, middle, last, suffix): columns of each
    parts: list[list[str]]
    #: names to fall back on, in order (File As, Nickname, a display name)
    fallbacks: list[list[str]]
    org: list[str]
    title: list[str]
    notes: list[str]
    #: (column, the column holding its type or label, or None)
    emails: list[tuple[str, str | None]]
    phones: list[tuple[str, str | None]]
    urls: list[str]
    tags: list[str]
    tag_sep: str
    #: (value column, label column or None, fixed label or None)
    relations: list[tuple[str, str | None, str | None]]
    #: the separator of several values in one cell (Google's " ::: ")
    multi: str | None = None
    #: Outlook's e-mail display names ("Jane Doe (jane@x.org)"), the last fallback for a name
    display: list[str] = field(default_factory=list)


def _columns(header: list[str], *names: str) -> list[str]:
    """Return the columns of ``header`` called one of ``names`` (repeated ones too)."""
    wanted = {n.casefold() for n in names}
    return [c for c in header if _base(c).casefold() in wanted]


def _numbered(header: list[str], kind: str, part: str) -> list[tuple[str, str]]:
    """``[(n, column)]`` of Google's numbered columns ``{kind} {n} - {part}``."""
    pattern = re.compile(rf"{re.escape(kind)} (\d+) - {re.escape(part)}", re.IGNORECASE)
    out = []
    for c in header:
        m = pattern.fullmatch(_base(c))
        if m:
            out.append((m.group(1), c))
    return out


def _google_layout(header: list[str], legacy: bool) -> _Layout:
    kind_of = "Type" if legacy else "Label"

    def labelled(kind: str) -> list[tuple[str, str | None]]:
        labels = dict(_numbered(header, kind, kind_of))
        return [(col, labels.get(n)) for n, col in _numbered(header, kind, "Value")]

    if legacy:
        parts = ["Name Prefix", "Given Name", "Additional Name", "Family Name", "Name Suffix"]
        fallbacks = [_columns(header, "File As"), _columns(header, "Nickname")]
        fallbacks.append(_columns(header, "Name"))
        org = [c for n, c in _numbered(header, "Organization", "Name") if n == "1"]
        title = [c for n, c in _numbered(header, "Organization", "Title") if n == "1"]
        tags = _columns(header, "Group Membership")
        description = "Google Contacts' older CSV export"
    else:
        parts = ["Name Prefix", "First Name", "Middle Name", "Last Name", "Name Suffix"]
        fallbacks = [_columns(header, "File As"), _columns(header, "Nickname")]
        org = _columns(header, "Organization Name")
        title = _columns(header, "Organization Title")
        tags = _columns(header, "Labels")
        description = "a Google Contacts CSV export (Google CSV)"
    return _Layout(
        variant="google-legacy" if legacy else "google",
        description=description,
        parts=[_columns(header, p) for p in parts],
        fallbacks=fallbacks,
        org=org,
        title=title,
        notes=_columns(header, "Notes"),
        emails=labelled("E-mail"),
        phones=labelled("Phone"),
        urls=[c for _, c in _numbered(header, "Website", "Value")],
        tags=tags,
        tag_sep=_MULTI,
        relations=[(col, label, None) for col, label in labelled("Relation")],
        multi=_MULTI,
    )


def _outlook_layout(header: list[str]) -> _Layout | None:
    """Return the layout of an Outlook CSV header in any known language, or None."""
    best: tuple[int, str, dict[str, list[str]]] | None = None
    for language, names in _OUTLOOK_NAMES.items():
        found: dict[str, list[str]] = {}
        for col in header:
            english = names.get(col.casefold()) or names.get(_base(col).casefold())
            if english:
                found.setdefault(english, []).append(col)
        if best is None or len(found) > best[0]:
            best = (len(found), language, found)
    assert best is not None
    score, language, found = best
    has_name = any(p in found for p in ("First Name", "Middle Name", "Last Name"))
    has_key = any(k in found for k in (*_OUTLOOK_EMAILS, *_OUTLOOK_PHONES, "Company"))
    if score < 3 or not has_name or not has_key:
        return None

    def cols(name: str) -> list[str]:
        return found.get(name, [])

    emails: list[tuple[str, str | None]] = []
    for address, kind in _OUTLOOK_EMAILS.items():
        types = cols(kind)
        emails += [(c, types[0] if types else None) for c in cols(address)]
    phones: list[tuple[str, str | None]] = [(c, None) for p in _OUTLOOK_PHONES for c in cols(p)]
    relations: list[tuple[str, str | None, str | None]] = [
        (c, None, label) for name, label in _OUTLOOK_RELATIONS.items() for c in cols(name)
    ]
    where = "" if language == "English" else f" ({language} column names)"
    return _Layout(
        variant="outlook",
        description=f"an Outlook CSV export{where}",
        parts=[cols(p) for p in _OUTLOOK_PARTS],
        fallbacks=[cols("Nickname")],
        org=cols("Company"),
        title=cols("Job Title"),
        notes=cols("Notes"),
        emails=emails,
        phones=phones,
        urls=cols("Web Page"),
        tags=cols("Categories"),
        tag_sep=";",
        relations=relations,
        display=[c for d in _OUTLOOK_DISPLAY for c in cols(d)],
    )


def _layout(header: list[str], path: str | os.PathLike[str]) -> _Layout:
    """Recognise the export by its header, or refuse a file of another kind."""
    bases = {_base(h).casefold() for h in header}
    if "connected on" in bases or {"first name", "last name", "url", "position"} <= bases:
        raise DataError(path, _LINKEDIN, row=1)
    google_values = any(_numbered(header, k, "Value") for k in ("E-mail", "Phone"))
    legacy = bool(bases & {"given name", "family name", "additional name", "group membership"})
    today = bool(bases & {"labels", "file as", "organization name", "phonetic first name"})
    if legacy or (google_values and not today and "first name" not in bases):
        return _google_layout(header, legacy=True)
    if today or (google_values and "first name" in bases):
        return _google_layout(header, legacy=False)
    outlook = _outlook_layout(header)
    if outlook is not None:
        return outlook
    shown = ", ".join(repr(h) for h in header[:4]) + (", ..." if len(header) > 4 else "")
    raise DataError(
        path,
        "is not a Google Contacts or Outlook CSV export: its header has none of their name, "
        f"e-mail and phone columns (it reads {shown})",
        row=1,
    )


def _refuse_other_kinds(text: str, path: str | os.PathLike[str]) -> None:
    """Refuse a vCard, an iCalendar file or a LinkedIn export by its first lines."""
    lines = text.split("\n", 40)[:40]
    first = next((line.strip().upper() for line in lines if line.strip()), "")
    if first.startswith("BEGIN:VCARD"):
        raise DataError(path, "this looks like a vCard file; use `tiegraph import vcard`", row=1)
    if first.startswith("BEGIN:VCALENDAR"):
        raise DataError(
            path, "this looks like an iCalendar (.ics) file; use `tiegraph import ics`", row=1
        )
    for i, line in enumerate(lines):
        bare = line.replace('"', "").strip()
        if bare.startswith("First Name,Last Name,URL") or (
            bare.startswith("First Name,") and "Connected On" in bare
        ):
            raise DataError(path, _LINKEDIN, row=i + 1)


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
        for value in re.split(r"\s*:::\s*", cell) if sep == _MULTI else cell.split(sep):
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


def _read_row(row: dict[str, str], line: int, lay: _Layout, problems: Problems) -> _Row | None:
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
            if email is None:
                problems.note(line, f"{col} {value!r} is not an email address; left out")
            elif email not in emails:
                emails.append(email)
    phones: list[str] = []
    for col, label_col in lay.phones:
        label = row.get(label_col, "").lower() if label_col else ""
        if "fax" in label or "pager" in label:
            continue  # shared or not a way to reach the person (see _OUTLOOK_PHONES)
        for value in _values(row.get(col, ""), multi, key=True):
            if not _phone_like(value):
                problems.note(line, f"{col} {value!r} is not a phone number; left out")
            elif value not in phones:
                phones.append(value)
    urls: list[str] = []
    for col in lay.urls:
        for value in _values(row.get(col, ""), multi, key=True):
            value = value.replace("\\:", ":").replace("\\,", ",")
            if normalize_url(value) is None:
                problems.note(line, f"{col} {value!r} is not a web address; left out")
            elif value not in urls:
                urls.append(value)

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
    _refuse_other_kinds(text, path)
    # Outlook writes rows shorter than the header: a swallowed line of half the fields is a row
    header, frame, bad = read_csv_lenient(text, path, row_share=0.5)
    lay = _layout(header, path)
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
