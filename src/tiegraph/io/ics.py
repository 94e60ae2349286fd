"""Read meetings from an iCalendar file (``.ics``) with the icalendar library.

Each ``VEVENT`` becomes one row: its start in UTC, its attendees' emails and
names (``ATTENDEE`` and ``ORGANIZER``), a channel guessed from where it takes
place (a Zoom, Meet, Teams or Webex link makes it ``video``, otherwise
``in_person``), its summary, and whether it was cancelled. A recurring event
(``RRULE``) is one row, at its first occurrence: tiegraph does not expand
recurrences (the import report says how many such events it read).
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timezone

import pandas as pd
from icalendar import Calendar

from ..exceptions import DataError
from ._text import read_text

__all__ = ["read_ics"]

_BEGIN = re.compile(r"^BEGIN:VEVENT\s*$", re.IGNORECASE)
_VIDEO = re.compile(
    r"zoom\.us|meet\.google|teams\.microsoft|webex|whereby\.com|jitsi", re.IGNORECASE
)


def _addresses(value: object) -> list[tuple[str, str]]:
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if item is None:
            continue
        addr = str(item).strip()
        email = addr[7:] if addr.lower().startswith("mailto:") else addr
        cn = str(getattr(item, "params", {}).get("CN", "")).strip().strip('"')
        out.append((email.strip().lower(), cn))
    return out


def read_ics(path: str | os.PathLike[str], *, encoding: str | None = None) -> pd.DataFrame:
    """Read every event of an iCalendar file.

    Parameters
    ----------
    path : path-like
        An ``.ics`` file (a calendar export).
    encoding : str, optional
        Force a text encoding (default UTF-8, with or without a BOM).

    Returns
    -------
    DataFrame
        One row per event, indexed by the line of its ``BEGIN:VEVENT``:
        ``date`` (UTC; an all-day event at midnight), ``emails`` and
        ``names`` (lists, organiser and attendees, in order, without
        repeats), ``channel``, ``notes`` (the summary), ``cancelled`` and
        ``recurring`` (bools).

    Raises
    ------
    DataError
        The file is not an iCalendar file, or an event has no valid start.
    """
    text = read_text(path, encoding)
    starts = [i + 1 for i, line in enumerate(text.split("\n")) if _BEGIN.match(line)]
    try:
        cal = Calendar.from_ical(text)
    except ValueError as exc:
        raise DataError(path, f"is not a valid iCalendar file ({exc})") from None
    events = cal.walk("VEVENT")
    if len(events) != len(starts):
        raise DataError(
            path, f"has {len(starts)} BEGIN:VEVENT lines but {len(events)} events could be read"
        )
    rows = []
    for line, ev in zip(starts, events, strict=True):
        try:
            start = ev.decoded("DTSTART")
        except (KeyError, ValueError):
            raise DataError(path, "event has no valid DTSTART", row=line) from None
        if isinstance(start, datetime):
            start = start.replace(tzinfo=timezone.utc) if start.tzinfo is None else start
            when = pd.Timestamp(start).tz_convert("UTC")
        elif isinstance(start, date):
            when = pd.Timestamp(start.isoformat(), tz="UTC")
        else:  # pragma: no cover - icalendar always decodes to a date or datetime
            raise DataError(path, "event has no valid DTSTART", row=line)
        people = _addresses(ev.get("ORGANIZER")) + _addresses(ev.get("ATTENDEE"))
        seen: dict[str, str] = {}
        for email, cn in people:
            if email and (email not in seen or not seen[email]):
                seen[email] = cn
        where = " ".join(
            str(ev.get(k, "")) for k in ("LOCATION", "URL", "DESCRIPTION", "X-GOOGLE-CONFERENCE")
        )
        rows.append(
            {
                "date": when,
                "emails": list(seen),
                "names": list(seen.values()),
                "channel": "video" if _VIDEO.search(where) else "in_person",
                "notes": " ".join(str(ev.get("SUMMARY", "")).split()),
                "cancelled": str(ev.get("STATUS", "")).upper() == "CANCELLED",
                "recurring": ev.get("RRULE") is not None,
            }
        )
    frame = pd.DataFrame(
        rows,
        index=pd.Index(starts, name="line"),
        columns=["date", "emails", "names", "channel", "notes", "cancelled", "recurring"],
    )
    frame["date"] = pd.to_datetime(frame["date"], utc=True)
    return frame
