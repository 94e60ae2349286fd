"""Import files a user already has into a network folder.

:func:`import_into` reads a source file with the matching reader of
:mod:`tiegraph.io`, resolves identities against the folder's contacts
(:mod:`tiegraph.identity`), turns meetings and log rows into interactions,
skips what was imported before, and writes the folder in one atomic step:
a failed import leaves every file as it was.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import schema as S
from .exceptions import ConfigError
from .identity import Resolution, resolve_contacts
from .io.folder import NetworkData, read_folder, table_from_rows, write_folder
from .io.google import read_google
from .io.ics import read_ics
from .io.linkedin import read_linkedin
from .io.log import read_log
from .io.vcard import read_vcard

__all__ = ["KINDS", "ImportReport", "import_into"]

#: The kinds of file :func:`import_into` reads.
KINDS = ("linkedin", "vcard", "google", "ics", "interactions")


@dataclass(frozen=True)
class ImportReport:
    """What an import did: who was added, merged and skipped, and why."""

    kind: str
    source: str
    added: tuple[str, ...] = ()
    merged: tuple[tuple[int, str, str], ...] = ()
    conflicts: tuple[tuple[str, str, str, str], ...] = ()
    interactions_added: int = 0
    #: (line in the source, reason) for every row or event not imported
    skipped: tuple[tuple[int, str], ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, object]:
        """Return the report as JSON-ready data."""
        return {
            "kind": self.kind,
            "source": self.source,
            "added": list(self.added),
            "merged": [{"line": li, "id": i, "how": how} for li, i, how in self.merged],
            "conflicts": [
                {"id": i, "column": c, "kept": k, "incoming": v} for i, c, k, v in self.conflicts
            ],
            "interactions_added": self.interactions_added,
            "skipped": [{"line": li, "reason": r} for li, r in self.skipped],
            "notes": list(self.notes),
        }


def import_into(
    folder: str | os.PathLike[str],
    kind: str,
    path: str | os.PathLike[str],
    *,
    encoding: str | None = None,
    me: str | None = None,
    src: str = "src",
    dst: str = "dst",
    time: str = "time",
    sep: str | None = None,
    channel: str = "message",
    now: pd.Timestamp | None = None,
    progress: Callable[[str], None] | None = None,
) -> ImportReport:
    """Import a file into a network folder (created when missing).

    Parameters
    ----------
    folder : path-like
        The network folder.
    kind : {"linkedin", "vcard", "google", "ics", "interactions"}
        The format of ``path``.
    path : path-like
        The file to import.
    encoding : str, optional
        Force the source file's text encoding.
    me : str, optional
        Who you are in the source: for ``interactions``, the value that
        stands for you in the log; for ``ics``, your email address (default:
        the address found in most events).
    src, dst, time, sep, channel : str
        For ``interactions``: column names, separator, and the channel of
        every row (see :func:`tiegraph.io.log.read_log`).
    now : Timestamp, optional
        Calendar events after it are skipped as not yet happened (default:
        the current time).
    progress : callable, optional
        Called with the name of each step, for a progress display.

    Returns
    -------
    ImportReport

    Raises
    ------
    DataError
        The source file or the folder has a problem; nothing is written.
    """
    if kind not in KINDS:
        raise ConfigError(f"unknown import kind {kind!r} (known: {', '.join(KINDS)})")
    step = progress or (lambda _name: None)
    folder = Path(folder)
    step("reading the network folder")
    data = (
        read_folder(folder) if (folder / S.CONTACTS.file).exists() else NetworkData(folder=folder)
    )
    step(f"reading {Path(path).name}")
    owner = data.settings.owner_id
    if kind in ("linkedin", "vcard", "google"):
        reader = {"linkedin": read_linkedin, "vcard": read_vcard, "google": read_google}[kind]
        incoming = reader(path, encoding=encoding)
        step("matching people")
        res = resolve_contacts(data.contacts, incoming, reserved={owner})
        new = data.replace(contacts=res.contacts)
        report = _report(kind, path, res)
        tables: tuple[S.Table, ...] = (S.CONTACTS,)
    elif kind == "ics":
        new, report = _import_ics(data, path, encoding, me, now, step)
        tables = (S.CONTACTS, S.INTERACTIONS)
    else:
        new, report = _import_log(data, path, encoding, me, src, dst, time, sep, channel, step)
        tables = (S.CONTACTS, S.INTERACTIONS)
    step("writing the network folder")
    exists = (folder / S.CONTACTS.file).exists()
    write_folder(new, folder, tables=tables if exists else None)
    return report


def _report(
    kind: str, path: str | os.PathLike[str], res: Resolution, **extra: object
) -> ImportReport:
    return ImportReport(
        kind=kind,
        source=str(path),
        added=tuple(res.added),
        merged=tuple(res.merged),
        conflicts=tuple(res.conflicts),
        **extra,
    )  # type: ignore[arg-type]


def _new_interactions(data: NetworkData, rows: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Append interaction rows not already in the folder; return the table and how many."""
    old = data.interactions
    key = [S.DATE, S.WITH, S.BY, S.CHANNEL]
    fresh = rows.drop_duplicates(key)
    if len(old):
        seen = old[key].assign(_seen=True)
        fresh = fresh.merge(seen, on=key, how="left")
        fresh = fresh[fresh["_seen"].isna()].drop(columns="_seen")
    start = int(old.index.max()) + 1 if len(old) else 2
    fresh = table_from_rows(
        S.INTERACTIONS, fresh.reset_index(drop=True), np.arange(start, start + len(fresh))
    )
    return pd.concat([old, fresh]) if len(old) else fresh, len(fresh)


def _import_ics(
    data: NetworkData,
    path: str | os.PathLike[str],
    encoding: str | None,
    me: str | None,
    now: pd.Timestamp | None,
    step: Callable[[str], None],
) -> tuple[NetworkData, ImportReport]:
    events = read_ics(path, encoding=encoding)
    now = now or pd.Timestamp.now(tz="UTC")
    notes: list[str] = []
    my_emails = {me.strip().lower()} if me else _guess_owner(data, events, notes)
    skipped: list[tuple[int, str]] = []
    people: dict[str, str] = {}
    first_line: dict[str, int] = {}  # the event where each attendee first appears
    keep = []
    for line, ev in events.iterrows():
        others = [
            (e, n) for e, n in zip(ev["emails"], ev["names"], strict=True) if e not in my_emails
        ]
        if ev["cancelled"]:
            skipped.append((int(line), "cancelled"))
        elif ev["date"] > now:
            skipped.append((int(line), "in the future (not yet happened)"))
        elif not others:
            skipped.append((int(line), "no attendees other than you"))
        else:
            keep.append(line)
            for e, n in others:
                people.setdefault(e, n)
                first_line.setdefault(e, int(line))
    recurring = int(events.loc[keep, "recurring"].sum()) if keep else 0
    if recurring:
        notes.append(f"{recurring} recurring event(s) counted once, at their first occurrence")
    incoming = table_from_rows(
        S.CONTACTS,
        [{S.NAME: n or e, S.EMAIL: e, S.SOURCE: "ics", S.DIRECT: ""} for e, n in people.items()],
        [first_line[e] for e in people],
    )
    step("matching people")
    res = resolve_contacts(data.contacts, incoming, reserved={data.settings.owner_id})
    id_of = dict(zip(people, res.ids, strict=True))
    rows = pd.DataFrame(
        {
            S.DATE: [events.at[li, "date"] for li in keep],
            S.WITH: [
                S.LIST_SEP.join(
                    dict.fromkeys(id_of[e] for e in events.at[li, "emails"] if e in id_of)
                )
                for li in keep
            ],
            S.BY: "",
            S.CHANNEL: [events.at[li, "channel"] for li in keep],
            S.NOTES: [events.at[li, "notes"] for li in keep],
        }
    )
    interactions, n_new = _new_interactions(data.replace(contacts=res.contacts), rows)
    already = len(rows) - n_new
    if already:
        notes.append(f"{already} event(s) were imported before and were left as they are")
    return data.replace(contacts=res.contacts, interactions=interactions), _report(
        "ics", path, res, interactions_added=n_new, skipped=tuple(skipped), notes=tuple(notes)
    )


def _guess_owner(data: NetworkData, events: pd.DataFrame, notes: list[str]) -> set[str]:
    """Your address: in most events, not a contact's, organising most; else ask for --me."""
    counts = Counter(e for emails in events["emails"] for e in set(emails))
    organised = Counter(emails[0] for emails in events["emails"] if emails)
    contacts = {e.strip().lower() for cell in data.contacts[S.EMAIL] for e in cell.split(";")}
    candidates = [e for e, n in counts.items() if n > len(events) / 2 and e not in contacts]
    if not candidates:
        notes.append(
            "could not tell which address is yours (none is in most events); pass --me EMAIL"
        )
        return set()
    ranked = sorted(candidates, key=lambda e: (-counts[e], -organised[e], e))
    best = ranked[0]
    if len(ranked) > 1 and (counts[ranked[1]], organised[ranked[1]]) == (
        counts[best],
        organised[best],
    ):
        notes.append(
            f"could not tell which address is yours ({best} or {ranked[1]}); pass --me EMAIL"
        )
        return set()
    notes.append(
        f"took {best} (in {counts[best]} of {len(events)} events) as you; pass --me to change"
    )
    return {best}


def _import_log(
    data: NetworkData,
    path: str | os.PathLike[str],
    encoding: str | None,
    me: str | None,
    src: str,
    dst: str,
    time: str,
    sep: str | None,
    channel: str,
    step: Callable[[str], None],
) -> tuple[NetworkData, ImportReport]:
    from .strength import known_channels

    channel = channel.lower()
    if channel not in known_channels(data.settings):
        raise ConfigError(
            f"--channel: {channel!r} is not a known channel "
            f"(known: {', '.join(known_channels(data.settings))})"
        )
    log = read_log(path, src=src, dst=dst, time=time, sep=sep, encoding=encoding)
    owner = data.settings.owner_id
    self_loop = log["src"] == log["dst"]
    skipped = tuple((int(li), "the same person on both sides") for li in log.index[self_loop])
    log = log[~self_loop]
    step("matching people")
    values = pd.unique(pd.concat([log["src"], log["dst"]]))
    values = values[values != me] if me is not None else values
    ids = set(data.contacts[S.ID])
    emails = {
        e.strip().lower(): i
        for i, cell in zip(data.contacts[S.ID], data.contacts[S.EMAIL], strict=True)
        for e in cell.split(";")
        if e
    }
    mapping: dict[str, str] = {}
    unknown = []
    for v in values:
        if v in ids:
            mapping[v] = v
        elif v.lower() in emails:
            mapping[v] = emails[v.lower()]
        else:
            unknown.append(v)
    with_me = set()
    if me is not None:
        with_me = set(log.loc[log["src"] == me, "dst"]) | set(log.loc[log["dst"] == me, "src"])
    incoming = pd.DataFrame({S.NAME: unknown, S.SOURCE: "log"})
    incoming[S.EMAIL] = [u if "@" in u else "" for u in unknown]
    incoming[S.DIRECT] = ["" if u in with_me else "no" for u in unknown]
    incoming = table_from_rows(S.CONTACTS, incoming)
    res = resolve_contacts(data.contacts, incoming, reserved={owner})
    mapping.update(zip(unknown, res.ids, strict=True))
    if me is not None:
        mapping[me] = owner
    step("adding interactions")
    a = log["src"].map(mapping)
    b = log["dst"].map(mapping)
    a_is_me = (a == owner).to_numpy()
    rows = pd.DataFrame(
        {
            S.DATE: log["date"].to_numpy(),
            S.WITH: np.where(a_is_me, b, np.where(b == owner, a, b)),
            S.BY: np.where(a_is_me | (b == owner).to_numpy(), "", a),
            S.CHANNEL: channel,
            S.NOTES: "",
        }
    )
    rows[S.DATE] = pd.to_datetime(rows[S.DATE], utc=True)
    interactions, n_new = _new_interactions(data.replace(contacts=res.contacts), rows)
    notes = []
    if me is None:
        notes.append(
            "no --me given: nobody in the log is taken as you, so everyone in it is "
            "marked as someone you know of (direct = no)"
        )
    elif me not in set(log["src"]) | set(log["dst"]):
        notes.append(f"--me {me!r} does not appear in the log")
    if len(rows) - n_new:
        notes.append(f"{len(rows) - n_new} row(s) were imported before and were left as they are")
    return data.replace(contacts=res.contacts, interactions=interactions), _report(
        "interactions", path, res, interactions_added=n_new, skipped=skipped, notes=tuple(notes)
    )
