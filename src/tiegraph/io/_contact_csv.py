"""The layouts of contact CSV exports: which column of a header holds what.

A Google Contacts CSV (today's and the older export) and an Outlook CSV (in
English, German, French or Chinese) are recognised by their header line;
:func:`recognise_layout` returns a :class:`Layout` naming the columns of each
field, and :func:`refuse_other_kinds` refuses a vCard, an iCalendar file or a
LinkedIn export by its first lines. :mod:`tiegraph.io.google` reads the rows.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from ..exceptions import DataError

__all__ = ["MULTI", "Layout", "recognise_layout", "refuse_other_kinds"]

#: the separator of several values in one cell of a Google export
MULTI = " ::: "
_LINKEDIN = "this looks like a LinkedIn Connections.csv; use `tiegraph import linkedin`"
#: a column name that read_csv_lenient renamed because it was repeated: "Notes (2)"
_REPEATED = re.compile(r"^(.*) \((\d+)\)$")


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
class Layout:
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


def _google_layout(header: list[str], legacy: bool) -> Layout:
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
    return Layout(
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
        tag_sep=MULTI,
        relations=[(col, label, None) for col, label in labelled("Relation")],
        multi=MULTI,
    )


def _outlook_layout(header: list[str]) -> Layout | None:
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
    return Layout(
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


def recognise_layout(header: list[str], path: str | os.PathLike[str]) -> Layout:
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


def refuse_other_kinds(text: str, path: str | os.PathLike[str]) -> None:
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
