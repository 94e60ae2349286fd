"""Find the events of an iCalendar file: tiegraph's own line scanner.

``scan`` walks the ``BEGIN``/``END`` lines of the whole text once, never
giving up on the file for one broken event: each ``VCALENDAR`` block becomes
a :class:`~tiegraph.io._ics_values.CalendarBlock` (its time zones), each
``VEVENT`` an :class:`Event` (components nested in it, such as a
``VALARM``, left out; an event left open ends at the next ``BEGIN:VEVENT``
or ``VCALENDAR``), read by ``parse_event`` from the few properties tiegraph
needs.
"""

from __future__ import annotations

import re
from collections import Counter

from ._ics_values import (
    CalendarBlock,
    PersonCache,
    people_of,
    split_params,
    unescape,
)
from ._reading import Problems

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
_TZID_LINE = re.compile(r"^TZID[;:](.*)$", re.MULTILINE | re.IGNORECASE)
_VIDEO = re.compile(
    r"zoom\.us|zoomgov\.com|meet\.google\.com|teams\.microsoft\.com|teams\.live\.com"
    r"|webex\.com|meet\.jit\.si|jitsi|whereby\.com",
    re.IGNORECASE,
)


class Event:
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

    def __init__(self, line: int, block: CalendarBlock) -> None:
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


def parse_event(
    line: int, body: str, block: CalendarBlock, left: Counter[str], cache: PersonCache
) -> Event:
    """Read the unfolded body of the ``VEVENT`` at ``line`` (people counted in ``left``)."""
    ev = Event(line, block)
    where: list[str] = []
    bad: list[str] = []
    people: dict[str, int] = {}  # email or "name:<name>" -> index in ev.people
    for raw_name, rest in _PROP.findall(body):
        name = raw_name.upper()
        if name == "ATTENDEE" or name == "ORGANIZER":
            role = "organizer" if name == "ORGANIZER" else "attendee"
            got = cache.get((role, rest))
            if got is None:
                params, value = split_params(rest)
                one_left: Counter[str] = Counter()
                one_bad: list[str] = []
                got = (people_of(params, value, role, one_left, one_bad), one_left, one_bad)
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
                ev.start = split_params(rest)
        elif name == "SUMMARY":
            ev.notes = " ".join(unescape(split_params(rest)[1]).split())
            if len(ev.notes) > MAX_SUMMARY_CHARS:
                block.problems.note(
                    line, f"SUMMARY of {len(ev.notes):,} characters cut at {MAX_SUMMARY_CHARS}"
                )
                ev.notes = ev.notes[: MAX_SUMMARY_CHARS - 1] + "…"
        elif name == "UID":
            ev.uid = split_params(rest)[1].strip()
        elif name == "STATUS":
            ev.status = split_params(rest)[1].strip().upper()
        elif name == "RRULE":
            ev.rrule.append(rest)
        elif name == "RDATE":
            ev.rdate.append(split_params(rest))
        elif name == "EXDATE":
            ev.exdate.append(split_params(rest))
        elif name == "RECURRENCE-ID":
            ev.recurrence_id = split_params(rest)
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


def scan(text: str, problems: Problems) -> tuple[list[Event], list[CalendarBlock], Counter[str]]:  # noqa: C901 - parses a foreign format in one pass
    """Find every VEVENT (with its BEGIN line) and VCALENDAR block of ``text``."""
    events: list[Event] = []
    blocks: list[CalendarBlock] = []
    left: Counter[str] = Counter()
    cache: PersonCache = {}
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
        block = CalendarBlock(text[block_start:end], vtimezones, problems)
        blocks.append(block)
        for li, body in pending:
            events.append(
                parse_event(li, body.replace("\n ", "").replace("\n\t", ""), block, left, cache)
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
                vtimezones[split_params(":" + tzid.group(1))[1].strip()] = block_text
            tz_start = -1
    if ev_start >= 0:
        close_event(len(text))
    if pending or not blocks:
        close_block(len(text))
    return events, blocks, left
