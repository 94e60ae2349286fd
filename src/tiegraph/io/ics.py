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
``recurring-ical-events`` on a clean copy of their date properties. (The
scanner is in ``io/_ics_scan.py``, the values of a line and the people of an
``ORGANIZER``/``ATTENDEE`` in ``io/_ics_values.py``, the clock and the
expansion in ``io/_ics_recur.py``.)
"""

from __future__ import annotations

import calendar
import os
import re
from collections import Counter
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from ..exceptions import DataError
from ..params import ENCODING, FLAG, validate_params
from ._ics_recur import MAX_OCCURRENCES as MAX_OCCURRENCES
from ._ics_recur import Clock, expand
from ._ics_scan import MAX_SUMMARY_CHARS as MAX_SUMMARY_CHARS
from ._ics_scan import Event, scan
from ._ics_values import UTC, note_left_out
from ._reading import Problems, Reading
from ._text import read_foreign_text

__all__ = ["COLUMNS", "guess_owner", "read_ics"]

#: The columns of the table :func:`read_ics` returns.
COLUMNS = ("date", "people", "channel", "notes", "uid")

_EPOCH_1900 = calendar.timegm((1900, 1, 1, 0, 0, 0))


@validate_params(encoding=ENCODING, strict=FLAG)
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

    events, blocks, left = scan(text, problems)
    clock = Clock()
    normal_skips = problems.skipped  # cancelled/future/no-attendee skips bypass strict

    def skip_normal(line: int, reason: str) -> None:
        normal_skips.append((line, reason))

    # recurring series: the events of one UID (in one block) with an RRULE or RDATE
    def series_key(ev: Event) -> tuple[int, str]:
        return (id(ev.block), ev.uid or f"\x00{ev.line}")

    series: dict[tuple[int, str], list[Event]] = {}
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
    rows_ev: list[Event] = []
    starts: dict[int, int] = {}

    def start_of(ev: Event) -> int | None:
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

    def add_rows(ev: Event, secs_list: list[int]) -> None:
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
    to_expand: dict[int, list[list[Event]]] = {}  # by block
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
        found, failed = expand(groups, clock, until_s, problems)
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
    note_left_out(problems, left)
    clock.note_zones(problems)
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
