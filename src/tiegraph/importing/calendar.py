"""Importing a calendar: meetings become interactions, attendees contacts."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from .. import schema as S
from ..identity import name_key
from ..io.folder import table_from_rows
from ..io.ics import read_ics
from ..keys import normalize_email, split_list
from .report import Skip
from .work import (
    Work,
    call,
    remember_owner,
    report_interactions,
    resolve_mentions,
    set_interactions,
)

__all__ = ["import_ics"]


def import_ics(
    work: Work,
    encoding: str | None,
    strict: bool,
    me: str | None,
    now: pd.Timestamp | None,
    step: Callable[[str], None],
) -> None:
    """Import a calendar's meetings as interactions and its attendees as contacts."""
    from ..io.ics import guess_owner

    path = work.source
    now = now if now is not None else pd.Timestamp.now(tz="UTC")
    reading = call(read_ics, path, encoding=encoding, strict=strict, until=now)
    work.add_notes(reading, path.name)
    work.report["encoding"] = reading.encoding
    events = reading.table
    skipped: list[Skip] = [(path.name, li, r) for li, r in reading.skipped]
    settings = work.data.settings
    mine = {e for e in map(normalize_email, settings.owner_emails) if e}
    if me:
        mine.add(normalize_email(me) or me.strip().lower())
    elif not mine:
        known_emails = {e for cell in work.data.contacts[S.EMAIL] for e in split_list(cell)}
        named = [
            n
            for n in map(normalize_email, reading.extra.get("calendar_names", []) or [])  # type: ignore[call-overload]
            if n
        ]
        seen = {e for plist in events["people"] for e, _n, _r in plist}
        if named and named[0] in seen and named[0] not in known_emails:
            guessed = named[0]
            why = f"took {guessed} (the calendar's name, X-WR-CALNAME) as you; pass --me to change"
        else:
            guessed, why = guess_owner(events, known_emails)
        work.notes.append(f"{path.name}: {why}")
        if guessed:
            mine.add(guessed)
    if mine:
        remember_owner(work, "emails", sorted(mine))
    # the distinct people of the calendar, first seen where
    people: dict[str, dict[str, object]] = {}
    for line, plist in zip(events.index, events["people"], strict=True):
        for email, name, _role in plist:
            if email in mine:
                continue
            key = email or f"name:{name_key(name)}"
            if key not in people:
                people[key] = {
                    S.NAME: name or email,
                    S.EMAIL: email,
                    S.SOURCE: "ics",
                    "_line": int(line),
                }
            elif not people[key][S.NAME] or people[key][S.NAME] == email:
                people[key][S.NAME] = name or email
    keys = list(people)
    incoming = table_from_rows(
        S.CONTACTS,
        [{k: v for k, v in p.items() if k != "_line"} for p in people.values()],
        [int(str(p["_line"])) for p in people.values()],
    )
    step("matching people")
    res = resolve_mentions(work, incoming)
    id_of = dict(zip(keys, res.ids, strict=True))
    owner = settings.owner_id
    rows = []
    for line, ev in zip(events.index, events.to_dict("records"), strict=True):
        ids: list[str] = []
        started = ""
        for email, name, role in ev["people"]:
            pid = owner if email in mine else id_of[email or f"name:{name_key(name)}"]
            if role == "organizer":
                started = pid
            if pid != owner and pid not in ids:
                ids.append(pid)
        if not ids:
            skipped_event = (path.name, int(line), "no attendees other than you")
            skipped.append(skipped_event)
            continue
        rows.append(
            {
                S.DATE: ev["date"],
                S.WITH: S.LIST_SEP.join(ids),
                S.BY: "",
                S.CHANNEL: ev["channel"],
                S.NOTES: ev["notes"],
                S.STARTED_BY: started,
            }
        )
    frame = pd.DataFrame(rows, columns=[S.DATE, S.WITH, S.BY, S.CHANNEL, S.NOTES, S.STARTED_BY])
    added, known = set_interactions(work, frame)
    report_interactions(work, res, len(incoming), reading.records, added, known, skipped, "event")
