"""The dates of events: the clock, and the expansion of recurring events.

:class:`Clock` turns a ``DTSTART``-like value into UTC epoch seconds (in its
``TZID``, the calendar's ``X-WR-TIMEZONE`` or only ``VTIMEZONE``, or UTC),
counting the times whose zone it could not know. ``expand`` gives the
occurrences of the recurring events of one ``VCALENDAR`` block: it writes a
clean calendar of their date properties only and lets
``recurring-ical-events`` expand it, all series at once, else each on its
own.
"""

from __future__ import annotations

import calendar
import re
import warnings
from collections import Counter
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING

from ._ics_values import UTC, CalendarBlock, lookup_zone
from ._reading import Problems

if TYPE_CHECKING:
    from ._ics_scan import Event

#: At most this many occurrences are read from one recurring event.
MAX_OCCURRENCES = 20_000

_DT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(?:\.\d+)?(Z)?)?$")
_OFFSET_NAME = re.compile(r"^\((?:UTC|GMT)\s*([+-])(\d{1,2}):?(\d{2})?\)")


class Clock:
    """Turns DTSTART-like values into UTC epoch seconds, counting zone problems."""

    def __init__(self) -> None:
        self.unknown_tz: Counter[str] = Counter()
        self.offset_tz: Counter[str] = Counter()
        self.floating_utc = 0

    def parse(
        self, block: CalendarBlock, params: dict[str, str], value: str, *, count: bool = True
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

    def note_zones(self, problems: Problems) -> None:
        """Add one note for each kind of time whose zone was not known (blank, offset, none)."""
        if self.unknown_tz:
            names = ", ".join(repr(n) for n in sorted(self.unknown_tz)[:3])
            problems.note(
                None,
                f"{sum(self.unknown_tz.values())} time(s) with a blank or unknown TZID "
                f"({names}) read as UTC",
                dropped=False,
            )
        if self.offset_tz:
            names = ", ".join(repr(n) for n in sorted(self.offset_tz)[:3])
            problems.note(
                None,
                f"{sum(self.offset_tz.values())} time(s) in a zone known only by its offset "
                f"({names}) read at that offset (daylight saving time not known)",
                dropped=False,
            )
        if self.floating_utc:
            problems.note(
                None,
                f"{self.floating_utc} time(s) without a time zone read as UTC",
                dropped=False,
            )


def _ical_values(
    clock: Clock, block: CalendarBlock, params: dict[str, str], value: str
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
        key = getattr(tz, "key", None)
        tzid = key if key else block.name_of(tz) if tz is not None else ""
        if tz is None or tz is UTC or not (key or tzid in block.vtimezones):
            # UTC, or a zone only tiegraph can read (an Outlook offset name such as
            # "(UTC-05:00) Eastern Time": a fixed offset, which repeats the same in UTC)
            head = ""
            out.append(when.strftime("%Y%m%dT%H%M%SZ"))
        else:
            head = f";TZID={tzid}"
            out.append(when.astimezone(tz).strftime("%Y%m%dT%H%M%S"))
    return head, out


def _series_text(groups: list[list[Event]], clock: Clock) -> str:
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
        if tzid in block.vtimezones and lookup_zone(tzid) is None:
            lines.insert(3, block.vtimezones[tzid].replace("\n", "\r\n"))
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def expand(
    groups: list[list[Event]], clock: Clock, until_s: int, problems: Problems
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
                got_one, failed_one = expand([group], clock, until_s, problems)
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
