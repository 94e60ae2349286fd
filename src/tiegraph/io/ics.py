"""Read meetings from an iCalendar file (``.ics``): Google, Outlook, Exchange, Apple exports.

Every ``VEVENT`` that happened becomes one row per **occurrence**: a single
event gives one row, a recurring event (``RRULE``/``RDATE``) one row for each
of its dates up to ``until`` (default: now), indexed by the line of the
event's ``BEGIN:VEVENT`` (so the occurrences of one recurring event share a
line; an instance moved by a ``RECURRENCE-ID`` event carries that event's
line). Each row has:

- ``date``: the start, in UTC (an all-day event at midnight UTC);
- ``people``: ``(email, name, role)`` tuples, role ``organizer`` or
  ``attendee``, organiser first, one per address; ``email`` is ``""`` for an
  attendee given by name only (``ATTENDEE;CN=Jane Doe:``, ``ATTENDEE:Jane
  Doe``, ``mailto:`` with nothing after it, Apple's ``invalid:nomail``);
  ``name`` is ``""`` when the calendar gives none (Google puts the address
  itself in ``CN``);
- ``channel``: ``video`` when the event has a Zoom, Google Meet, Teams,
  Webex, Jitsi or Whereby link, else ``in_person``;
- ``notes``: the summary (at most :data:`MAX_SUMMARY_CHARS` characters: a
  longer one is cut there, ending with ``…``, with a note, since every
  occurrence of a recurring event repeats it); ``uid``: the event's ``UID``.

The occurrences of one event share one ``people`` list (copy it before
changing it). Several ``ORGANIZER``/``ATTENDEE`` lines for one address give
one person (the organiser role wins, the first name found is kept).

What is left out of ``people``, each kind counted in one note for the file:
group, holiday and imported calendars (``...@group.calendar.google.com``,
``#holiday@...``, ``...@import.calendar.google.com``); placeholder
organisers (``unknownorganizer@calendar.google.com``, ``noreply@``,
``no-reply@``); rooms, resources and groups (``...@resource.calendar.google.com``,
``CUTYPE=RESOURCE``, ``ROOM`` or ``GROUP``); declined attendees
(``PARTSTAT=DECLINED``). An attendee given by a web address (a Google+
profile, ``urn:uuid:...``) instead of an email is kept by its ``CN``, or
left out with a note when it has none. ``ATTENDEE`` lines inside a
``VALARM`` (the address an email reminder goes to) are not attendees.

Skipped, with their line: a cancelled event (``STATUS:CANCELLED``, or an
instance cancelled by a ``RECURRENCE-ID`` event), an event not yet happened
(after ``until``), an event with nobody left in ``people`` ("no attendees"),
an event with no or an unreadable ``DTSTART``, a start before 1900 or more
than a year after ``until``. An event whose only person is the calendar's
owner is **kept**: the reader cannot know who the owner is (see
:func:`guess_owner`); the importer drops such events. A cancelled, future
or attendee-less event is a normal part of a calendar, so it is skipped
even with ``strict=True``; unreadable values are what ``strict`` refuses.

Time zones: ``TZID`` names from the IANA database, Windows names
(``W. Europe Standard Time``), globally unique names
(``/mozilla.org/.../Europe/Berlin``) and custom ``VTIMEZONE`` definitions are
understood; a blank ``TZID`` (Exchange 2010 writes ``TZID=""``) or an
unknown one is read as UTC, with one note. A time with no zone is read in
the calendar's ``X-WR-TIMEZONE`` (Google), else in its only ``VTIMEZONE``,
else as UTC (with a note). A recurring event written in UTC in a calendar
with ``X-WR-TIMEZONE`` repeats at the same local time across daylight
saving changes, as Google shows it.

The file is read by tiegraph's own line scanner, which never gives up on
the whole file for one broken event (several ``VCALENDAR`` blocks in one
file are all read); recurring events are expanded by
``recurring-ical-events`` on a clean copy of their date properties.
"""

from __future__ import annotations

import calendar
import os
import re
import warnings
from collections import Counter
from datetime import date, datetime, timedelta, timezone, tzinfo

import numpy as np
import pandas as pd

from ..exceptions import DataError
from ..keys import normalize_email
from ._reading import Problems, Reading
from ._text import read_foreign_text

#: UTC (``datetime.UTC`` is Python 3.11+; tiegraph supports 3.10).
UTC = timezone.utc

__all__ = ["COLUMNS", "guess_owner", "read_ics"]

#: The columns of the table :func:`read_ics` returns.
COLUMNS = ("date", "people", "channel", "notes", "uid")

#: At most this many occurrences are read from one recurring event.
MAX_OCCURRENCES = 20_000
#: The most characters of a summary kept as an interaction's notes.
MAX_SUMMARY_CHARS = 500

_TOKEN = re.compile(r"^(BEGIN|END):([A-Za-z0-9-]+)[ \t]*$", re.MULTILINE | re.IGNORECASE)
_WANTED = (
    "DTSTART",
    "RRULE",
    "RDATE",
    "EXDATE",
    "RECURRENCE-ID",
    "ORGANIZER",
    "ATTENDEE",
    "SUMMARY",
    "LOCATION",
    "DESCRIPTION",
    "URL",
    "X-GOOGLE-CONFERENCE",
    "CONFERENCE",
    "STATUS",
    "UID",
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "X-MICROSOFT-ONLINEMEETINGCONFLINK",
    "X-MICROSOFT-ONLINEMEETINGEXTERNALLINK",
)
_PROP = re.compile(
    r"^(" + "|".join(re.escape(w) for w in _WANTED) + r")([;:].*)$",
    re.MULTILINE | re.IGNORECASE,
)
_CAL_PROP = re.compile(r"^(X-WR-TIMEZONE|X-WR-CALNAME)([;:].*)$", re.MULTILINE | re.IGNORECASE)
_TZID_LINE = re.compile(r"^TZID[;:](.*)$", re.MULTILINE | re.IGNORECASE)
_PARAM = re.compile(r';([A-Za-z0-9-]+)=((?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)')
_DT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(?:\.\d+)?(Z)?)?$")
_ESCAPE = re.compile(r"\\(.)")
_OFFSET_NAME = re.compile(r"^\((?:UTC|GMT)\s*([+-])(\d{1,2}):?(\d{2})?\)")
_VIDEO = re.compile(
    r"zoom\.us|zoomgov\.com|meet\.google\.com|teams\.microsoft\.com|teams\.live\.com"
    r"|webex\.com|meet\.jit\.si|jitsi|whereby\.com",
    re.IGNORECASE,
)
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_ANGLE = re.compile(r"<([^<>@\s]+@[^<>\s]+)>")
_PLACEHOLDER_LOCAL = {
    "noreply",
    "no-reply",
    "no_reply",
    "donotreply",
    "do-not-reply",
    "do_not_reply",
    "mailer-daemon",
}

# kinds of address left out of ``people``, each counted in one note
_GROUP, _PLACEHOLDER, _ROOM, _DECLINED = "group", "placeholder", "room", "declined"
_LEFT_OUT = {
    _GROUP: "group, holiday or imported calendar address(es) (not people)",
    _PLACEHOLDER: (
        "placeholder organiser address(es) (unknownorganizer@calendar.google.com, no-reply)"
    ),
    _ROOM: "meeting room, resource or group address(es) (CUTYPE=RESOURCE, ROOM or GROUP)",
    _DECLINED: "declined attendee(s) (PARTSTAT=DECLINED)",
}

_EPOCH_1900 = calendar.timegm((1900, 1, 1, 0, 0, 0))


class _Event:
    """What one ``VEVENT`` says, as far as tiegraph needs it."""

    __slots__ = (
        "block",
        "channel",
        "exdate",
        "line",
        "notes",
        "people",
        "rdate",
        "recurrence_id",
        "rrule",
        "start",
        "status",
        "uid",
    )

    def __init__(self, line: int, block: _Block) -> None:
        self.line = line
        self.block = block
        self.uid = ""
        self.status = ""
        self.start: tuple[dict[str, str], str] | None = None
        self.rrule: list[str] = []
        self.rdate: list[tuple[dict[str, str], str]] = []
        self.exdate: list[tuple[dict[str, str], str]] = []
        self.recurrence_id: tuple[dict[str, str], str] | None = None
        self.people: list[tuple[str, str, str]] = []
        self.channel = "in_person"
        self.notes = ""


class _Block:
    """One ``VCALENDAR`` block: its time zones and calendar-wide properties."""

    def __init__(self, text: str, vtimezones: dict[str, str], problems: Problems) -> None:
        self.vtimezones = vtimezones
        self.problems = problems
        self.name = ""
        self.xwr: tzinfo | None = None
        self.xwr_name = ""
        for name, rest in _CAL_PROP.findall(text):
            _, value = _split_params(rest)
            if name.upper() == "X-WR-CALNAME":
                self.name = self.name or _unescape(value).strip()
            elif not self.xwr_name:
                self.xwr_name = value.strip()
        self._zones: dict[str, tzinfo | None] = {}
        if self.xwr_name:
            self.xwr = _lookup_zone(self.xwr_name)
            if self.xwr is None:
                problems.note(
                    None,
                    f"X-WR-TIMEZONE {self.xwr_name!r} is not a known time zone; ignored",
                    dropped=False,
                )
        self.floating: tzinfo | None = self.xwr
        self.floating_from = "X-WR-TIMEZONE" if self.xwr is not None else ""
        if self.floating is None and len(vtimezones) == 1:
            only = next(iter(vtimezones))
            self.floating = self.zone(only)
            self.floating_from = "VTIMEZONE" if self.floating is not None else ""

    def zone(self, tzid: str) -> tzinfo | None:
        """Return the time zone ``tzid`` names, or None (read as UTC)."""
        try:
            return self._zones[tzid]
        except KeyError:
            pass
        tz = _lookup_zone(tzid) if tzid.strip() else None
        if tz is None and tzid in self.vtimezones:
            tz = _custom_zone(self.vtimezones[tzid])
        self._zones[tzid] = tz
        return tz


def _lookup_zone(name: str) -> tzinfo | None:
    from icalendar.timezone import tzp

    name = name.strip()
    if not name:
        return None
    if name.upper() in ("UTC", "Z", "GMT", "ETC/UTC"):
        return UTC
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return tzp.timezone(name)
        except Exception:
            return None


def _custom_zone(block: str) -> tzinfo | None:
    """Return the time zone a ``VTIMEZONE`` block defines, or None when it cannot be read."""
    from icalendar import Calendar

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cal = Calendar.from_ical(f"BEGIN:VCALENDAR\nVERSION:2.0\n{block}\nEND:VCALENDAR\n")
            return cal.walk("VTIMEZONE")[0].to_tz()  # type: ignore[attr-defined]
    except Exception:
        return None


def _split_params(rest: str) -> tuple[dict[str, str], str]:
    """Split ``;K=V;K2="V, 2":value`` into its parameters (names upper-cased) and value."""
    if rest[:1] == ":":
        return {}, rest[1:]
    params: dict[str, str] = {}
    if '"' not in rest:
        head, _, value = rest.partition(":")
        for part in head[1:].split(";"):
            key, _, val = part.partition("=")
            params[key.strip().upper()] = val
        return params, value
    pos = 0
    while rest.startswith(";", pos):
        m = _PARAM.match(rest, pos)
        if m is None:
            break
        params[m.group(1).upper()] = m.group(2).replace('"', "")
        pos = m.end()
    if rest.startswith(":", pos):
        return params, rest[pos + 1 :]
    head, _, value = rest.partition(":")
    return params, value


def _unescape(value: str) -> str:
    if "\\" not in value:
        return value
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _not_a_person(email: str) -> str | None:
    """Return the kind of address ``email`` is when it is not a person's, else None."""
    local, _, domain = email.partition("@")
    if (
        domain.endswith(("group.calendar.google.com", "group.v.calendar.google.com"))
        or domain == "import.calendar.google.com"
        or "#holiday" in local
        or "#contacts" in local
    ):
        return _GROUP
    if domain == "resource.calendar.google.com":
        return _ROOM
    if email == "unknownorganizer@calendar.google.com" or local in _PLACEHOLDER_LOCAL:
        return _PLACEHOLDER
    return None


def _clean_name(cn: str) -> str:
    """Return a display name from ``CN``: '' when it is only an address; '<addr>' removed."""
    name = " ".join(cn.split()).strip().strip("'\"").strip()
    if not name:
        return ""
    if "<" in name or "(" in name:
        name = re.sub(r"<[^<>]*>|\([^()]*@[^()]*\)", " ", name)
        name = " ".join(name.split()).strip(" ,;")
    if normalize_email(name) is not None or re.fullmatch(r"\S+@\S+", name):
        return ""  # an address, not a name (Google writes the address when there is no name)
    return name


def _people(
    params: dict[str, str], value: str, role: str, left: Counter[str], bad: list[str]
) -> list[tuple[str, str, str]]:
    """Return the people of one ``ORGANIZER``/``ATTENDEE`` as ``(email, name, role)``.

    Usually one; none when the address is not a person's (counted in
    ``left``) or cannot be read (added to ``bad``); several when Outlook
    writes typed-in addresses as ``CN="a@x.org, b@y.org":invalid:nomail``.
    """
    if role == "attendee":
        if params.get("CUTYPE", "").upper() in ("RESOURCE", "ROOM", "GROUP"):
            left[_ROOM] += 1
            return []
        if params.get("PARTSTAT", "").upper() == "DECLINED":
            left[_DECLINED] += 1
            return []
    raw_cn = _unescape(params.get("CN", ""))
    name = _clean_name(raw_cn)
    value = value.strip()
    low = value.lower()
    emails: list[str] = []
    uri = False
    if low.startswith("mailto:"):
        addr = value[7:].strip()
        found = normalize_email(addr)
        if found is None and addr:
            m = _ANGLE.search(addr)
            found = normalize_email(m.group(1)) if m else None
            if found is None and "@" in addr:
                if not name:
                    bad.append(value)
                    return []
            elif found is None and not name:
                name = _clean_name(addr)
        if found:
            emails.append(found)
    elif low == "invalid:nomail" or not value:
        pass  # Apple's and Outlook's way of writing a guest without an address
    elif _URI.match(value) and normalize_email(value) is None:
        uri = True  # a web address (a Google+ profile, urn:uuid:...): not an email
    else:
        found = normalize_email(value)
        if found:
            emails.append(found)
        elif not name:
            name = _clean_name(value)
    if not emails:
        extra = normalize_email(params.get("EMAIL", ""))
        if extra:
            emails.append(extra)
        elif "@" in raw_cn:
            for part in re.split(r"[,;]", raw_cn):
                found = normalize_email(part.strip().strip('"<>'))
                if found:
                    emails.append(found)
    out: list[tuple[str, str, str]] = []
    for email in emails:
        kind = _not_a_person(email)
        if kind is not None:
            left[kind] += 1
        else:
            out.append((email, name if len(emails) == 1 else "", role))
    if emails:
        if uri:
            left["uri"] += 1
        return out
    if name:
        if uri:
            left["uri"] += 1
        return [("", name, role)]
    bad.append(value or f"{role.upper()} with no address and no name")
    return []


#: what :func:`_people` made of one raw ``ORGANIZER``/``ATTENDEE`` line: its people, the
#: kinds of address it left out and its unreadable values (calendars repeat the same lines)
_PersonCache = dict[tuple[str, str], tuple[list[tuple[str, str, str]], Counter[str], list[str]]]


def _parse_event(
    line: int, body: str, block: _Block, left: Counter[str], cache: _PersonCache
) -> _Event:
    ev = _Event(line, block)
    where: list[str] = []
    bad: list[str] = []
    people: dict[str, int] = {}  # email or "name:<name>" -> index in ev.people
    for raw_name, rest in _PROP.findall(body):
        name = raw_name.upper()
        if name == "ATTENDEE" or name == "ORGANIZER":
            role = "organizer" if name == "ORGANIZER" else "attendee"
            got = cache.get((role, rest))
            if got is None:
                params, value = _split_params(rest)
                one_left: Counter[str] = Counter()
                one_bad: list[str] = []
                got = (_people(params, value, role, one_left, one_bad), one_left, one_bad)
                cache[(role, rest)] = got
            found, one_left, one_bad = got
            if one_left:
                left.update(one_left)
            if one_bad:
                bad.extend(one_bad)
            for p in found:
                key = p[0] or "name:" + p[1].casefold()
                at = people.get(key)
                if at is None:
                    people[key] = len(ev.people)
                    ev.people.append(p)
                else:
                    old = ev.people[at]
                    merged = "organizer" if "organizer" in (old[2], p[2]) else old[2]
                    ev.people[at] = (old[0], old[1] or p[1], merged)
            continue
        if name == "DTSTART":
            if ev.start is None:
                ev.start = _split_params(rest)
        elif name == "SUMMARY":
            ev.notes = " ".join(_unescape(_split_params(rest)[1]).split())
            if len(ev.notes) > MAX_SUMMARY_CHARS:
                block.problems.note(
                    line, f"SUMMARY of {len(ev.notes):,} characters cut at {MAX_SUMMARY_CHARS}"
                )
                ev.notes = ev.notes[: MAX_SUMMARY_CHARS - 1] + "…"
        elif name == "UID":
            ev.uid = _split_params(rest)[1].strip()
        elif name == "STATUS":
            ev.status = _split_params(rest)[1].strip().upper()
        elif name == "RRULE":
            ev.rrule.append(rest)
        elif name == "RDATE":
            ev.rdate.append(_split_params(rest))
        elif name == "EXDATE":
            ev.exdate.append(_split_params(rest))
        elif name == "RECURRENCE-ID":
            ev.recurrence_id = _split_params(rest)
        else:  # LOCATION, DESCRIPTION, URL, conference links
            where.append(rest)
    if where and _VIDEO.search(" ".join(where)):
        ev.channel = "video"
    if bad:
        shown = ", ".join(repr(v[:60]) for v in bad[:3]) + (", ..." if len(bad) > 3 else "")
        block.problems.note(
            line,
            f"{len(bad)} attendee value(s) neither an email address nor a name, left out: {shown}",
        )
    # the organiser first
    if len(ev.people) > 1 and ev.people[0][2] != "organizer":
        ev.people.sort(key=lambda p: p[2] != "organizer")
    return ev


def _scan(text: str, problems: Problems) -> tuple[list[_Event], list[_Block], Counter[str]]:  # noqa: C901 - parses a foreign format in one pass
    """Find every VEVENT (with its BEGIN line) and VCALENDAR block of ``text``."""
    events: list[_Event] = []
    blocks: list[_Block] = []
    left: Counter[str] = Counter()
    cache: _PersonCache = {}
    pending: list[tuple[int, str]] = []  # (line, body) of the current block's events
    vtimezones: dict[str, str] = {}
    block_start = 0
    line = 1
    pos = 0
    ev_line = 0
    ev_start = -1  # body start of the open VEVENT
    nested: list[str] = []  # open components inside the VEVENT
    cut: list[tuple[int, int]] = []  # spans of nested components to leave out
    cut_start = 0
    tz_start = -1
    depth_cal = 0

    def close_event(end: int) -> None:
        nonlocal ev_start
        if not cut:
            body = text[ev_start:end]
        else:
            parts, at = [], ev_start
            for a, b in cut:
                parts.append(text[at:a])
                at = b
            parts.append(text[at:end])
            body = "".join(parts)
            cut.clear()
        pending.append((ev_line, body))
        ev_start = -1
        nested.clear()

    def close_block(end: int) -> None:
        nonlocal vtimezones
        block = _Block(text[block_start:end], vtimezones, problems)
        blocks.append(block)
        for li, body in pending:
            events.append(
                _parse_event(li, body.replace("\n ", "").replace("\n\t", ""), block, left, cache)
            )
        pending.clear()
        vtimezones = {}

    for m in _TOKEN.finditer(text):
        start = m.start()
        line += text.count("\n", pos, start)
        pos = start
        kind = m.group(1).upper()
        comp = m.group(2).upper()
        if ev_start >= 0:  # inside a VEVENT
            if comp == "VEVENT" or (kind == "BEGIN" and comp == "VCALENDAR"):
                # END:VEVENT ends the event even inside an unclosed VALARM; a BEGIN:VEVENT or
                # BEGIN:VCALENDAR ends one left open (nothing after it is taken for a part of it)
                if nested:
                    cut.append((cut_start, start))
                    nested.clear()
                close_event(start)
                if kind == "END":
                    continue
            elif kind == "BEGIN":
                if not nested:
                    cut_start = start
                nested.append(comp)
                continue
            elif kind == "END" and nested:
                if comp in nested:
                    while nested and nested.pop() != comp:
                        pass
                if not nested:
                    cut.append((cut_start, m.end()))
                continue
            elif comp == "VCALENDAR":
                close_event(start)  # END:VCALENDAR with the event still open
            else:
                continue
        if kind == "BEGIN" and comp == "VEVENT":
            ev_line = line
            ev_start = m.end()
        elif kind == "BEGIN" and comp == "VCALENDAR":
            if depth_cal and pending:
                close_block(start)
            depth_cal += 1
            block_start = start
        elif kind == "END" and comp == "VCALENDAR":
            depth_cal = max(0, depth_cal - 1)
            close_block(m.end())
            block_start = m.end()
        elif kind == "BEGIN" and comp == "VTIMEZONE":
            tz_start = start
        elif kind == "END" and comp == "VTIMEZONE" and tz_start >= 0:
            block_text = text[tz_start : m.end()]
            tzid = _TZID_LINE.search(block_text.replace("\n ", "").replace("\n\t", ""))
            if tzid:
                vtimezones[_split_params(":" + tzid.group(1))[1].strip()] = block_text
            tz_start = -1
    if ev_start >= 0:
        close_event(len(text))
    if pending or not blocks:
        close_block(len(text))
    return events, blocks, left


def _what_it_is(text: str) -> str:
    """Say what a file that is not iCalendar looks like."""
    head = text.lstrip("\ufeff \t\n")[:4000]
    first = head.split("\n", 1)[0].strip()
    # LinkedIn puts a "Notes:" preamble above its header: look at the first few lines
    low = " ".join(line.strip() for line in head.split("\n")[:6]).lower()
    if re.search(r"^BEGIN:VCARD", head, re.MULTILINE | re.IGNORECASE):
        return (
            "is not an iCalendar file: this looks like a vCard file (contacts); "
            "use `tiegraph import vcard`"
        )
    if first.startswith("<") or "<html" in head[:500].lower():
        return (
            "is not an iCalendar file: this looks like an HTML or XML page; "
            "export the calendar as .ics"
        )
    if head[:1] in "{[":
        return "is not an iCalendar file: this looks like JSON; export the calendar as .ics"
    if "first name" in low and "connected on" in low:
        return (
            "is not an iCalendar file: this looks like a LinkedIn Connections.csv; "
            "use `tiegraph import linkedin`"
        )
    if "given name" in low or ("first name" in low and ("e-mail" in low or "phone" in low)):
        return (
            "is not an iCalendar file: this looks like a contacts CSV export; "
            "use `tiegraph import google`"
        )
    if max(first.count(","), first.count(";"), first.count("\t")) >= 1:
        return (
            "is not an iCalendar file: this looks like a CSV table; a log of interactions "
            "can be read with `tiegraph import interactions`"
        )
    return "is not an iCalendar file (no BEGIN:VCALENDAR or BEGIN:VEVENT line)"


class _Clock:
    """Turns DTSTART-like values into UTC epoch seconds, counting zone problems."""

    def __init__(self) -> None:
        self.unknown_tz: Counter[str] = Counter()
        self.offset_tz: Counter[str] = Counter()
        self.floating_utc = 0

    def parse(
        self, block: _Block, params: dict[str, str], value: str, *, count: bool = True
    ) -> tuple[int, bool, tzinfo | None] | None:
        """``(epoch seconds, all_day, zone)`` of one date or date-time value, or None."""
        value = value.strip()
        if "/" in value:
            value = value.split("/", 1)[0]  # a PERIOD: its start
        m = _DT.match(value.replace("-", "").replace(":", ""))
        if m is None:
            return None
        y, mo, d, hh, mi, ss, z = m.groups()
        try:
            if hh is None or params.get("VALUE", "").upper() == "DATE":
                return calendar.timegm(date(int(y), int(mo), int(d)).timetuple()), True, None
            when = datetime(int(y), int(mo), int(d), int(hh), int(mi), int(ss or 0))
        except ValueError:
            return None
        if z:
            return calendar.timegm(when.timetuple()), False, UTC
        tzid = params.get("TZID")
        if tzid is not None:
            tz = block.zone(tzid)
            if tz is None and (m := _OFFSET_NAME.match(tzid.strip())):
                # Outlook's display name, e.g. '(UTC-05:00) Eastern Time (US & Canada)'
                sign = -1 if m.group(1) == "-" else 1
                tz = timezone(sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0)))
                if count:
                    self.offset_tz[tzid.strip()] += 1
            elif tz is None and count:
                self.unknown_tz[tzid.strip()] += 1
        else:
            tz = block.floating
            if tz is None and count:
                self.floating_utc += 1
        if tz is None or tz is UTC:
            return calendar.timegm(when.timetuple()), False, None
        try:
            return int(when.replace(tzinfo=tz).timestamp()), False, tz
        except (OverflowError, ValueError, OSError):
            return calendar.timegm(when.timetuple()), False, None


def _ical_values(
    clock: _Clock, block: _Block, params: dict[str, str], value: str
) -> tuple[str, list[str]]:
    """Return a clean ``;PARAMS`` and value list for a date property of a series copy."""
    out: list[str] = []
    head = ""
    for part in value.split(","):
        got = clock.parse(block, params, part, count=False)
        if got is None:
            continue
        secs, all_day, tz = got
        if all_day:
            head = ";VALUE=DATE"
            out.append(datetime.fromtimestamp(secs, UTC).strftime("%Y%m%d"))
            continue
        when = datetime.fromtimestamp(secs, UTC)
        if tz is UTC and block.xwr is not None:
            tz = block.xwr  # Google: a UTC time repeats in the calendar's own zone
        if tz is None or tz is UTC:
            head = ""
            out.append(when.strftime("%Y%m%dT%H%M%SZ"))
        else:
            key = getattr(tz, "key", None)
            tzid = key if key else _tz_name(block, tz)
            head = f";TZID={tzid}"
            out.append(when.astimezone(tz).strftime("%Y%m%dT%H%M%S"))
    return head, out


def _tz_name(block: _Block, tz: tzinfo) -> str:
    for name, zone in block._zones.items():
        if zone is tz:
            return name
    return str(tz)


def _series_text(groups: list[list[_Event]], clock: _Clock) -> str:
    """Return a clean calendar of recurring events: only what places their dates."""
    block = groups[0][0].block
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//tiegraph//recurrence//EN"]
    tzids: set[str] = set()
    for group in groups:
        for ev in group:
            assert ev.start is not None
            lines += ["BEGIN:VEVENT", f"UID:{ev.uid or ev.line}", f"X-TIEGRAPH-LINE:{ev.line}"]
            props = [("DTSTART", ev.start)]
            props += [("RDATE", v) for v in ev.rdate] + [("EXDATE", v) for v in ev.exdate]
            if ev.recurrence_id is not None:
                props.append(("RECURRENCE-ID", ev.recurrence_id))
            for prop, (params, value) in props:
                head, values = _ical_values(clock, block, params, value)
                if values:
                    shown = values[:1] if prop == "DTSTART" else values
                    lines.append(f"{prop}{head}:{','.join(shown)}")
                    if head.startswith(";TZID="):
                        tzids.add(head[6:])
            lines += [f"RRULE{r}" for r in ev.rrule]
            if ev.status:
                lines.append(f"STATUS:{ev.status}")
            lines.append("END:VEVENT")
    for tzid in tzids:
        if tzid in block.vtimezones and _lookup_zone(tzid) is None:
            lines.insert(3, block.vtimezones[tzid].replace("\n", "\r\n"))
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def _expand(
    groups: list[list[_Event]], clock: _Clock, until_s: int, problems: Problems
) -> tuple[dict[int, list[int]], set[int]]:
    """Return the occurrences of recurring events (of one block) up to ``until_s``, by line.

    All the series are expanded together; when that fails, each on its own,
    and the lines of a series that cannot be read are returned as the second
    value (with a note). A cancelled instance (a ``RECURRENCE-ID`` event with
    ``STATUS:CANCELLED``) gives no occurrence; an ``EXDATE`` removes one; a
    moved instance appears once, at its new time, under the line of the
    event that moved it.
    """
    import recurring_ical_events
    from icalendar import Calendar

    out: dict[int, list[int]] = {ev.line: [] for group in groups for ev in group}
    capped: set[int] = set()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cal = Calendar.from_ical(_series_text(groups, clock))
            budget = MAX_OCCURRENCES * len(groups)
            for occ in recurring_ical_events.of(cal).after(datetime(1900, 1, 1)):
                start = occ.decoded("DTSTART")
                if isinstance(start, datetime):
                    if start.tzinfo is None:
                        start = start.replace(tzinfo=UTC)
                    secs = int(start.timestamp())
                else:
                    secs = calendar.timegm(start.timetuple())
                budget -= 1
                if secs > until_s or budget < 0:
                    break
                if str(occ.get("STATUS", "")).upper() == "CANCELLED":
                    continue
                li = int(occ["X-TIEGRAPH-LINE"])
                got = out.setdefault(li, [])
                if len(got) < MAX_OCCURRENCES:
                    got.append(secs)
                else:
                    capped.add(li)
    except Exception as exc:
        if len(groups) > 1:
            out, failed = {}, set()
            for group in groups:
                got_one, failed_one = _expand([group], clock, until_s, problems)
                out.update(got_one)
                failed |= failed_one
            return out, failed
        master = next((e for e in groups[0] if e.rrule or e.rdate), groups[0][0])
        problems.note(
            master.line,
            f"the recurrence of this event could not be read ({type(exc).__name__}); "
            "counted once, at its first date",
        )
        return {}, {ev.line for ev in groups[0]}
    for li in sorted(capped):
        problems.note(
            li,
            f"recurring event has more than {MAX_OCCURRENCES} occurrences; "
            "only the first ones are read",
        )
    return out, set()


def read_ics(  # noqa: C901 - parses a foreign format in one pass
    path: str | os.PathLike[str],
    *,
    encoding: str | None = None,
    strict: bool = False,
    until: pd.Timestamp | None = None,
) -> Reading:
    r"""Read the meetings of an iCalendar file, one row per occurrence.

    Parameters
    ----------
    path : path-like
        An ``.ics`` file: a Google Calendar export, an Outlook or Exchange
        export, an Apple Calendar export, an invitation. Several
        ``VCALENDAR`` blocks in one file are all read.
    encoding : str, optional
        Force a text encoding (default: detected; UTF-8, UTF-16 and
        Windows-1252 are recognised).
    strict : bool
        Refuse the file (raise :class:`~tiegraph.exceptions.DataError`) at the
        first unreadable value: a missing or unreadable start, a date out of
        range, an attendee that cannot be read. Cancelled, future and
        attendee-less events are skipped either way.
    until : Timestamp, optional
        Read what happened up to this moment (default: now); recurring events
        are expanded up to it, later events are skipped. A naive timestamp is
        taken as UTC.

    Returns
    -------
    Reading
        ``table`` has the columns of :data:`COLUMNS`, one row per occurrence,
        indexed by the line of the event's ``BEGIN:VEVENT``; ``records`` is
        the number of rows plus the number of events skipped. ``extra`` has
        ``calendar_names`` (the ``X-WR-CALNAME`` values; Google puts the
        owner's address there), ``recurring_events`` and ``occurrences``.

    Raises
    ------
    DataError
        The file is not an iCalendar file (the message says what it looks
        like), cannot be read at all, or, with ``strict``, has a bad record.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> ics = pathlib.Path(tempfile.mkdtemp()) / "cal.ics"
    >>> _ = ics.write_text("\n".join([
    ...     "BEGIN:VCALENDAR", "BEGIN:VEVENT", "DTSTART:20240302T150000Z",
    ...     "ORGANIZER;CN=Alex Rivera:mailto:alex@example.org",
    ...     "ATTENDEE;CN=Jane Doe;PARTSTAT=ACCEPTED:mailto:jane@example.org",
    ...     "SUMMARY:Coffee", "UID:e1", "END:VEVENT", "END:VCALENDAR"]))
    >>> r = read_ics(ics, until=pd.Timestamp("2025-01-01", tz="UTC"))
    >>> r.table.loc[2, "people"]
    [('alex@example.org', 'Alex Rivera', 'organizer'), ('jane@example.org', 'Jane Doe', 'attendee')]
    >>> str(r.table.loc[2, "date"]), r.records
    ('2024-03-02 15:00:00+00:00', 1)
    """
    text, used = read_foreign_text(path, encoding)
    problems = Problems(path, strict=strict)
    if used != "utf-8":
        problems.note(None, f"read as {used}", dropped=False)
    has_cal = re.search(r"^BEGIN:VCALENDAR", text, re.MULTILINE | re.IGNORECASE)
    has_event = re.search(r"^BEGIN:VEVENT", text, re.MULTILINE | re.IGNORECASE)
    if not has_cal and not has_event:
        raise DataError(path, _what_it_is(text))
    if not has_cal:
        problems.note(None, "no BEGIN:VCALENDAR line; the events were read anyway", dropped=False)
    when = pd.Timestamp.now(tz="UTC") if until is None else pd.Timestamp(until)
    when = when.tz_localize("UTC") if when.tzinfo is None else when.tz_convert("UTC")
    until_s = int(when.timestamp())
    late_s = int((when + pd.DateOffset(years=1)).timestamp())
    late_text = (when + pd.DateOffset(years=1)).strftime("%Y-%m-%d")

    events, blocks, left = _scan(text, problems)
    clock = _Clock()
    normal_skips = problems.skipped  # cancelled/future/no-attendee skips bypass strict

    def skip_normal(line: int, reason: str) -> None:
        normal_skips.append((line, reason))

    # recurring series: the events of one UID (in one block) with an RRULE or RDATE
    def series_key(ev: _Event) -> tuple[int, str]:
        return (id(ev.block), ev.uid or f"\x00{ev.line}")

    series: dict[tuple[int, str], list[_Event]] = {}
    for ev in events:
        if ev.rrule or ev.rdate:
            series.setdefault(series_key(ev), [])
    for ev in events:
        group = series.get(series_key(ev))
        if group is not None and (ev.rrule or ev.rdate or ev.recurrence_id is not None):
            group.append(ev)
    in_series = {id(ev) for group in series.values() for ev in group}

    rows_line: list[int] = []
    rows_secs: list[int] = []
    rows_ev: list[_Event] = []
    starts: dict[int, int] = {}

    def start_of(ev: _Event) -> int | None:
        if ev.start is None:
            problems.skip(ev.line, "no DTSTART (the event has no start)")
            return None
        got = clock.parse(ev.block, *ev.start)
        if got is None:
            problems.skip(ev.line, f"DTSTART {ev.start[1].strip()[:40]!r} is not a date")
            return None
        secs = got[0]
        if secs < _EPOCH_1900:
            day = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=secs)
            problems.skip(ev.line, f"start {day:%Y-%m-%d} is before 1900")
            return None
        if secs > late_s:
            day = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=secs)
            problems.skip(
                ev.line, f"start {day:%Y-%m-%d} is more than a year ahead (after {late_text})"
            )
            return None
        starts[ev.line] = secs
        return secs

    def add_rows(ev: _Event, secs_list: list[int]) -> None:
        rows_line.extend([ev.line] * len(secs_list))
        rows_secs.extend(secs_list)
        rows_ev.extend([ev] * len(secs_list))

    for ev in events:
        if id(ev) in in_series:
            continue
        secs = start_of(ev)
        if secs is None:
            continue
        if ev.status == "CANCELLED":
            skip_normal(ev.line, "cancelled")
        elif secs > until_s:
            skip_normal(ev.line, "in the future (not yet happened)")
        elif not ev.people:
            skip_normal(ev.line, "no attendees")
        else:
            add_rows(ev, [secs])

    n_series = n_occ = 0
    to_expand: dict[int, list[list[_Event]]] = {}  # by block
    for group in series.values():
        cancelled = any(e.status == "CANCELLED" for e in group if e.rrule or e.rdate)
        keep = [ev for ev in group if start_of(ev) is not None]
        if cancelled or not any(ev.people for ev in keep):
            for ev in keep:  # nothing to expand
                if cancelled or ev.status == "CANCELLED":
                    skip_normal(ev.line, "cancelled")
                elif starts[ev.line] > until_s:
                    skip_normal(ev.line, "in the future (not yet happened)")
                else:
                    skip_normal(ev.line, "no attendees")
        elif keep:
            to_expand.setdefault(id(keep[0].block), []).append(keep)
    for groups in to_expand.values():
        found, failed = _expand(groups, clock, until_s, problems)
        for ev in (ev for group in groups for ev in group):
            if ev.line in failed:  # read once, at the first date of each event
                secs_list = [starts[ev.line]] if starts[ev.line] <= until_s else []
            else:
                secs_list = found.get(ev.line, [])
            if ev.status == "CANCELLED":
                skip_normal(ev.line, "cancelled")
            elif not secs_list and starts[ev.line] > until_s:
                skip_normal(ev.line, "in the future (not yet happened)")
            elif not ev.people:
                skip_normal(ev.line, "no attendees")
            elif not secs_list:
                skip_normal(ev.line, f"no occurrence up to {when:%Y-%m-%d} (all excluded)")
            else:
                n_series += bool(ev.rrule or ev.rdate)
                n_occ += len(secs_list)
                add_rows(ev, secs_list)

    # notes about the file as a whole
    for kind, what in _LEFT_OUT.items():
        if left[kind]:
            problems.note(None, f"left out {left[kind]} {what}", dropped=False)
    if left["uri"]:
        problems.note(
            None,
            f"{left['uri']} attendee(s) given by a web address instead of an email "
            "kept by their name or EMAIL parameter",
            dropped=False,
        )
    if clock.unknown_tz:
        names = ", ".join(repr(n) for n in sorted(clock.unknown_tz)[:3])
        problems.note(
            None,
            f"{sum(clock.unknown_tz.values())} time(s) with a blank or unknown TZID "
            f"({names}) read as UTC",
            dropped=False,
        )
    if clock.offset_tz:
        names = ", ".join(repr(n) for n in sorted(clock.offset_tz)[:3])
        problems.note(
            None,
            f"{sum(clock.offset_tz.values())} time(s) in a zone known only by its offset "
            f"({names}) read at that offset (daylight saving time not known)",
            dropped=False,
        )
    if clock.floating_utc:
        problems.note(
            None,
            f"{clock.floating_utc} time(s) without a time zone read as UTC",
            dropped=False,
        )
    if n_series:
        problems.note(
            None,
            f"{n_series} recurring event(s) gave {n_occ} occurrence(s) up to {when:%Y-%m-%d}",
            dropped=False,
        )
    if not events:
        problems.note(None, "the calendar holds no events", dropped=False)

    secs_arr = np.asarray(rows_secs, dtype=np.int64)
    line_arr = np.asarray(rows_line, dtype=np.int64)
    order = np.lexsort((secs_arr, line_arr))
    secs_arr = secs_arr[order]
    chosen = [rows_ev[i] for i in order]
    people = np.empty(len(chosen), dtype=object)
    people[:] = [ev.people for ev in chosen]
    table = pd.DataFrame(
        {
            "date": pd.to_datetime(secs_arr, unit="s", utc=True).astype("datetime64[ns, UTC]"),
            "people": people,  # one list per event, shared by its dates
            "channel": pd.array([ev.channel for ev in chosen], dtype="str"),
            "notes": pd.array([ev.notes for ev in chosen], dtype="str"),
            "uid": pd.array([ev.uid for ev in chosen], dtype="str"),
        },
        index=pd.Index(line_arr[order], name="line"),
        columns=list(COLUMNS),
    )
    calendar_names = [b.name for b in blocks if b.name]
    return problems.reading(
        table,
        records=len(table) + len(problems.skipped),
        encoding=used,
        calendar_names=list(dict.fromkeys(calendar_names)),
        recurring_events=n_series,
        occurrences=len(table),
    )


def _event_counts(table: pd.DataFrame) -> tuple[Counter[str], Counter[str]]:
    seen: Counter[str] = Counter()
    organised: Counter[str] = Counter()
    for people in table["people"][~table.index.duplicated()]:
        emails = set()
        for email, _name, role in people:
            if email:
                emails.add(email)
                if role == "organizer":
                    organised[email] += 1
        seen.update(emails)
    return seen, organised


def guess_owner(table: pd.DataFrame, known_emails: set[str]) -> tuple[str | None, str]:
    """Guess which address in a calendar is its owner's.

    The owner is the address in most events (as organiser or attendee) that
    is not one of a known contact's, ties broken by how often it organises.
    An event is counted once however often it recurs (rows with the same
    line are one event), so a long series with one colleague does not
    outweigh the owner. The owner need not be in most events: it must be in
    at least two and clearly ahead of the next address (10% more events, or
    as many and more organised); otherwise no address is taken.

    Parameters
    ----------
    table : DataFrame
        The ``table`` of :func:`read_ics`.
    known_emails : set of str
        Your contacts' addresses (never taken as you).

    Returns
    -------
    (str or None, str)
        The address and a one-line explanation for the import report, or
        ``None`` and why no address was taken.

    Examples
    --------
    >>> t = pd.DataFrame({"people": [
    ...     [("me@x.org", "Me", "organizer"), ("ann@y.org", "Ann", "attendee")],
    ...     [("bob@y.org", "Bob", "organizer"), ("me@x.org", "", "attendee")],
    ...     [("ann@y.org", "Ann", "organizer"), ("me@x.org", "", "attendee")]]})
    >>> guess_owner(t, set())
    ('me@x.org', 'took me@x.org (in 3 of 3 events) as you; pass --me to change')
    >>> guess_owner(t, {"me@x.org", "ann@y.org"})[0] is None  # Bob is in one event only
    True
    """
    known = {e.strip().lower() for e in known_emails}
    seen, organised = _event_counts(table)
    ranked = sorted((e for e in seen if e not in known), key=lambda e: (-seen[e], -organised[e], e))
    total = int((~table.index.duplicated()).sum())
    if not ranked:
        return None, (
            "could not tell which address is yours (no address in the calendar other than "
            "your contacts'); pass --me EMAIL"
        )
    best = ranked[0]
    if seen[best] < 2 and total > 1:
        return None, (
            f"could not tell which address is yours (the most frequent, {best}, is in only "
            f"{seen[best]} of {total} events); pass --me EMAIL"
        )
    if len(ranked) > 1:
        second = ranked[1]
        tied = (seen[best], organised[best]) == (seen[second], organised[second])
        close = seen[best] < 1.1 * seen[second] and organised[best] <= organised[second]
        if tied or close:
            return None, (
                f"could not tell which address is yours ({best} is in {seen[best]} events, "
                f"{second} in {seen[second]}); pass --me EMAIL"
            )
    return best, f"took {best} (in {seen[best]} of {total} events) as you; pass --me to change"
