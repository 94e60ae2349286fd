"""Reading a large calendar export with ``read_ics``, against reading a LinkedIn export.

    python bench/ics_bench.py [--events 200000]

Generates (in a temporary folder, never in the repository) a Google-style
``.ics`` export with ``--events`` events: CRLF line ends, folded
``ATTENDEE`` lines, an organiser and two to four guests each (one a meeting
room in every tenth event), a ``VALARM`` in every fifth, times in UTC and
in ``Europe/Berlin``, all-day events, cancelled ones, and one recurring
event (weekly, ten times) in every hundred. Then times ``read_ics`` on it,
and ``read_linkedin`` on a LinkedIn ``Connections.csv`` with as many rows,
and prints both per record (the target: the calendar within 2x of LinkedIn
per record, a few seconds in all).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

FIRST = ["Ana", "Bo", "Chidi", "Dana", "Eli", "Fatima", "Gus", "Hana", "Ines", "Jamal"]
LAST = ["Ito", "Kowalski", "Lima", "Mensah", "Nagy", "Okafor", "Park", "Quist", "Rossi", "Shah"]


def _fold(line: str) -> str:
    out = []
    while len(line) > 75:
        out.append(line[:75])
        line = " " + line[75:]
    out.append(line)
    return "\r\n".join(out)


def make_ics(path: Path, n: int) -> None:
    """Write a Google-style export with ``n`` events."""
    parts = [
        "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\n"
        "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:me@example.org\r\n"
        "X-WR-TIMEZONE:Europe/Berlin\r\n"
    ]
    for i in range(n):
        day = pd.Timestamp("2012-01-01") + pd.Timedelta(hours=7 * i % (24 * 365 * 12))
        who = [(i * 7 + k * 13) % 5000 for k in range(2 + i % 3)]
        lines = ["BEGIN:VEVENT"]
        if i % 7 == 0:
            lines.append(f"DTSTART;VALUE=DATE:{day:%Y%m%d}")
        elif i % 2:
            lines.append(f"DTSTART;TZID=Europe/Berlin:{day:%Y%m%dT%H%M%S}")
        else:
            lines.append(f"DTSTART:{day:%Y%m%dT%H%M%S}Z")
        lines.append(f"DTEND:{day + pd.Timedelta(hours=1):%Y%m%dT%H%M%S}Z")
        if i % 100 == 0:
            lines.append("RRULE:FREQ=WEEKLY;COUNT=10")
        lines += [
            "DTSTAMP:20240101T000000Z",
            "ORGANIZER;CN=Me Myself:mailto:me@example.org",
            f"UID:{i:08d}abcdefghij@google.com",
        ]
        for p in who:
            name = f"{FIRST[p % 10]} {LAST[p // 10 % 10]}"
            lines.append(
                _fold(
                    "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;"
                    f"CN={name};X-NUM-GUESTS=0:mailto:p{p}@example.com"
                )
            )
        if i % 10 == 0:
            lines.append(
                _fold(
                    "ATTENDEE;CUTYPE=RESOURCE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;"
                    "CN=Room 4.12;X-NUM-GUESTS=0:mailto:c_1882ab@resource.calendar.google.com"
                )
            )
        lines += [
            "CREATED:20230101T000000Z",
            _fold(
                "DESCRIPTION:Agenda\\n1. Status\\, risks\\n2. Next steps\\n"
                "Join with Google Meet: https://meet.google.com/abc-defg-hij"
            )
            if i % 3 == 0
            else "DESCRIPTION:",
            "LOCATION:Room 4.12" if i % 10 == 0 else "LOCATION:",
            "SEQUENCE:0",
            "STATUS:CANCELLED" if i % 50 == 1 else "STATUS:CONFIRMED",
            f"SUMMARY:Meeting {i}",
            "TRANSP:OPAQUE",
        ]
        if i % 5 == 0:
            lines += [
                "BEGIN:VALARM",
                "ACTION:EMAIL",
                "DESCRIPTION:This is an event reminder",
                "ATTENDEE:mailto:me@example.org",
                "TRIGGER:-P0DT0H10M0S",
                "END:VALARM",
            ]
        lines.append("END:VEVENT")
        parts.append("\r\n".join(lines) + "\r\n")
    parts.append("END:VCALENDAR\r\n")
    path.write_text("".join(parts), encoding="utf-8", newline="")


def make_linkedin(path: Path, n: int) -> None:
    """Write a LinkedIn ``Connections.csv`` with ``n`` rows."""
    rows = [
        "Notes:",
        '"When exporting your connection data, you may notice that some of the email '
        'addresses are missing."',
        "",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]
    for i in range(n):
        rows.append(
            f"{FIRST[i % 10]},{LAST[i // 10 % 10]},https://www.linkedin.com/in/p{i},"
            f"{f'p{i}@example.com' if i % 9 == 0 else ''},Acme {i % 300},Engineer,"
            f"{(i % 28) + 1:02d} Feb 2024"
        )
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=200_000)
    args = parser.parse_args(argv)

    from tiegraph.io.ics import read_ics
    from tiegraph.io.linkedin import read_linkedin

    with tempfile.TemporaryDirectory() as tmp:
        ics = Path(tmp) / "calendar.ics"
        csv = Path(tmp) / "Connections.csv"
        make_ics(ics, args.events)
        make_linkedin(csv, args.events)
        size = ics.stat().st_size / 1e6

        # CPU time: the machine may be shared, and wall time then measures the neighbours
        start, wall = time.process_time(), time.perf_counter()
        reading = read_ics(ics, until=pd.Timestamp("2030-01-01", tz="UTC"))
        t_ics, w_ics = time.process_time() - start, time.perf_counter() - wall
        start, wall = time.process_time(), time.perf_counter()
        contacts = read_linkedin(csv)
        t_li, w_li = time.process_time() - start, time.perf_counter() - wall
    n_li = len(getattr(contacts, "table", contacts))
    per_ics = t_ics / args.events * 1e6
    per_li = t_li / max(n_li, 1) * 1e6
    print(
        f"read_ics: {args.events:,} events ({size:.0f} MB) -> {len(reading.table):,} rows, "
        f"{len(reading.skipped):,} skipped in {t_ics:.2f} s CPU, {w_ics:.2f} s wall "
        f"({per_ics:.1f} us per event)"
    )
    print(
        f"read_linkedin: {n_li:,} rows in {t_li:.2f} s CPU, {w_li:.2f} s wall "
        f"({per_li:.1f} us per row)"
    )
    print(f"ratio per record: {per_ics / per_li:.2f}x (target: within 2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
