"""The values of an iCalendar file: parameters, escapes, time zones and people.

What :mod:`tiegraph.io.ics` reads from one content line: ``split_params``
splits ``;K=V:value``, ``unescape`` undoes the text escapes, ``lookup_zone``
and ``custom_zone`` find the time zone a ``TZID`` names (IANA, Windows or
globally unique names; a ``VTIMEZONE`` block), :class:`CalendarBlock` holds
what one ``VCALENDAR`` block says about time, and ``people_of`` turns one
``ORGANIZER``/``ATTENDEE`` line into ``(email, name, role)`` tuples, leaving
out rooms, groups, placeholders and declined attendees (see the module
docstring of :mod:`tiegraph.io.ics` for the rules).
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from datetime import timezone, tzinfo

from ..keys import normalize_email
from ._reading import Problems

#: UTC (``datetime.UTC`` is Python 3.11+; tiegraph supports 3.10).
UTC = timezone.utc

_CAL_PROP = re.compile(r"^(X-WR-TIMEZONE|X-WR-CALNAME)([;:].*)$", re.MULTILINE | re.IGNORECASE)
_PARAM = re.compile(r';([A-Za-z0-9-]+)=((?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)')
_ESCAPE = re.compile(r"\\(.)")
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


class CalendarBlock:
    """One ``VCALENDAR`` block: its time zones and calendar-wide properties."""

    def __init__(self, text: str, vtimezones: dict[str, str], problems: Problems) -> None:
        self.vtimezones = vtimezones
        self.problems = problems
        self.name = ""
        self.xwr: tzinfo | None = None
        self.xwr_name = ""
        for name, rest in _CAL_PROP.findall(text):
            _, value = split_params(rest)
            if name.upper() == "X-WR-CALNAME":
                self.name = self.name or unescape(value).strip()
            elif not self.xwr_name:
                self.xwr_name = value.strip()
        self._zones: dict[str, tzinfo | None] = {}
        if self.xwr_name:
            self.xwr = lookup_zone(self.xwr_name)
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
        tz = lookup_zone(tzid) if tzid.strip() else None
        if tz is None and tzid in self.vtimezones:
            tz = custom_zone(self.vtimezones[tzid])
        self._zones[tzid] = tz
        return tz

    def name_of(self, tz: tzinfo) -> str:
        """Return the ``TZID`` this block read ``tz`` from (else ``str(tz)``)."""
        for name, zone in self._zones.items():
            if zone is tz:
                return name
        return str(tz)


def lookup_zone(name: str) -> tzinfo | None:
    """Return the zone an IANA, Windows or globally unique name gives, or None."""
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


def custom_zone(block: str) -> tzinfo | None:
    """Return the time zone a ``VTIMEZONE`` block defines, or None when it cannot be read."""
    from icalendar import Calendar

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cal = Calendar.from_ical(f"BEGIN:VCALENDAR\nVERSION:2.0\n{block}\nEND:VCALENDAR\n")
            return cal.walk("VTIMEZONE")[0].to_tz()  # type: ignore[attr-defined]
    except Exception:
        return None


def split_params(rest: str) -> tuple[dict[str, str], str]:
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


def unescape(value: str) -> str:
    """Undo the backslash escapes of a text value (an escaped ``n`` is a line break)."""
    if "\\" not in value:
        return value
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def not_a_person(email: str) -> str | None:
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


def clean_name(cn: str) -> str:
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


def people_of(
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
    raw_cn = unescape(params.get("CN", ""))
    name = clean_name(raw_cn)
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
                name = clean_name(addr)
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
            name = clean_name(value)
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
        kind = not_a_person(email)
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


#: what :func:`people_of` made of one raw ``ORGANIZER``/``ATTENDEE`` line: its people, the
#: kinds of address it left out and its unreadable values (calendars repeat the same lines)
PersonCache = dict[tuple[str, str], tuple[list[tuple[str, str, str]], Counter[str], list[str]]]


def note_left_out(problems: Problems, left: Counter[str]) -> None:
    """Add one note for each kind of address left out of ``people`` (counted in ``left``)."""
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
