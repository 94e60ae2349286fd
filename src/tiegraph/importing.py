"""Import files a user already has into a network folder.

:func:`import_into` reads a file exported by another program with the
matching reader of :mod:`tiegraph.io`, resolves identities against the
folder's contacts (:mod:`tiegraph.identity`), turns meetings, messages and
log rows into interactions, and writes the folder in one atomic step: a
failed import leaves every file as it was.

A foreign file is imported **as far as it can be**: each record that cannot
be read is skipped and listed with its input line and reason, and the counts
add up -- records = added + merged + skipped for contacts, and records =
added + already imported + skipped for interactions. ``strict=True`` refuses
the whole file on the first problem instead.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import schema as S
from .channels import known_channels
from .exceptions import ConfigError
from .identity import Merged, Resolution, name_key, resolve_contacts
from .io._reading import Reading
from .io._text import clean_column
from .io.folder import (
    MAX_NAME_CHARS,
    NetworkData,
    read_or_new_folder,
    table_from_rows,
    write_folder,
)
from .io.google import read_google
from .io.ics import read_ics
from .io.linkedin import read_linkedin
from .io.log import read_log
from .io.vcard import read_vcard
from .keys import Keys, normalize_email, normalize_url, split_cells, split_list
from .params import OneOf, Text, validate_params
from .settings import set_toml_value

__all__ = ["KINDS", "ImportReport", "import_into"]

#: The kinds of file :func:`import_into` reads.
KINDS = ("linkedin", "vcard", "google", "ics", "interactions")

Skip = tuple[str, int, str]


@dataclass(frozen=True)
class ImportReport:
    """What an import did: who was added, merged and skipped, and why.

    For contacts, ``records == len(added) + len(merged) + len(skipped)``;
    for interactions, ``interaction_records == interactions_added +
    interactions_unchanged + len(interactions_skipped)``.
    """

    kind: str
    source: str
    encoding: str = "utf-8"
    #: people in the file: contact records (rows, cards), or a calendar's or log's distinct people
    records: int = 0
    #: ``(input line, id)`` of each contact added
    added: tuple[tuple[int, str], ...] = ()
    #: each record that was a known person (``changed`` False: already known, nothing new)
    merged: tuple[Merged, ...] = ()
    #: ``(input file, line, reason)`` of each contact record not imported
    skipped: tuple[Skip, ...] = ()
    #: ``(id, column, kept value, incoming value)`` where sources disagree
    conflicts: tuple[tuple[str, str, str, str], ...] = ()
    #: ``(id, column, old, new)``: job changes taken from the file
    updates: tuple[tuple[str, str, str, str], ...] = ()
    interaction_records: int = 0
    interactions_added: int = 0
    #: interactions already in the folder from an earlier import of the same file
    interactions_unchanged: int = 0
    interactions_skipped: tuple[Skip, ...] = ()
    relations_added: int = 0
    affiliations_added: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def unchanged(self) -> int:
        """How many records were people already known, with nothing new."""
        return sum(1 for m in self.merged if not m.changed)

    def check(self) -> None:
        """Raise ``AssertionError`` when the counts do not add up."""
        assert self.records == len(self.added) + len(self.merged) + len(self.skipped), self
        assert self.interaction_records == (
            self.interactions_added + self.interactions_unchanged + len(self.interactions_skipped)
        ), self

    def to_dict(self) -> dict[str, object]:
        """Return the report as JSON-ready data."""
        return {
            "kind": self.kind,
            "source": self.source,
            "encoding": self.encoding,
            "contacts": {
                "records": self.records,
                "added": [{"line": li, "id": i} for li, i in self.added],
                "merged": [
                    {
                        "line": m.line,
                        "into": m.id,
                        "how": m.how,
                        "changed": m.changed,
                        "within_file": m.within_file,
                    }
                    for m in self.merged
                ],
                "unchanged": self.unchanged,
                "skipped": [{"file": f, "line": li, "reason": r} for f, li, r in self.skipped],
            },
            "interactions": {
                "records": self.interaction_records,
                "added": self.interactions_added,
                "unchanged": self.interactions_unchanged,
                "skipped": [
                    {"file": f, "line": li, "reason": r} for f, li, r in self.interactions_skipped
                ],
            },
            "conflicts": [
                {"id": i, "column": c, "kept": k, "incoming": v} for i, c, k, v in self.conflicts
            ],
            "updates": [{"id": i, "column": c, "old": o, "new": n} for i, c, o, n in self.updates],
            "relations_added": self.relations_added,
            "affiliations_added": self.affiliations_added,
            "notes": list(self.notes),
        }


@dataclass
class _Work:
    """An import under way: the folder's data and what the report will say."""

    data: NetworkData
    kind: str
    source: Path
    export_date: pd.Timestamp
    report: dict[str, object] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    settings_text: str | None = None
    tables: set[str] = field(default_factory=set)

    def add_notes(self, reading: Reading, file: str) -> None:
        for line, text in reading.notes:
            if not file:
                self.notes.append(text)
            else:
                self.notes.append(
                    f"{file}:{line}: {text}" if line is not None else f"{file}: {text}"
                )


@validate_params(
    kind=[OneOf(KINDS)],
    encoding=[Text(), None],
    me=[Text(), None],
    channel=[Text()],
    sep=[Text(empty=True), None],
)
def import_into(
    folder: str | os.PathLike[str],
    kind: str,
    path: str | os.PathLike[str],
    *,
    encoding: str | None = None,
    strict: bool = False,
    me: str | None = None,
    keep_text: bool = False,
    src: str = "src",
    dst: str = "dst",
    time: str = "time",
    sep: str | None = None,
    channel: str = "message",
    channel_column: str | None = None,
    notes_column: str | None = None,
    started_by_column: str | None = None,
    time_format: str | None = None,
    time_origin: str | None = None,
    now: pd.Timestamp | None = None,
    export_date: pd.Timestamp | str | None = None,
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
        The file to import (for ``linkedin``, also the data export's zip
        file or its unzipped folder).
    encoding : str, optional
        Force the source file's text encoding (default: detected).
    strict : bool
        Refuse the whole file on the first record that cannot be read.
    me : str, optional
        Who you are in the source: for ``interactions``, the value that
        stands for you in the log; for ``ics``, your email address (default:
        your addresses in ``network.toml``, else the address found in most
        events, which is then remembered there).
    keep_text : bool
        For a LinkedIn data export: copy message text into the notes.
    src, dst, time, sep, channel_column, notes_column, started_by_column : str
        For ``interactions``: columns (names or 1-based positions; who started each
        interaction is the ``src`` side unless ``started_by_column`` names one) and separator.
    time_format, time_origin : str
        For ``interactions``: the time's format and origin (see
        :func:`tiegraph.io.log.read_log`).
    channel : str
        For ``interactions``: the channel of rows without one of their own.
    now : Timestamp, optional
        Calendar events after it are not yet interactions (default: now).
    export_date : Timestamp or str, optional
        When the file was exported: a job change it shows ends the former
        affiliation at this date (default: today).
    progress : callable, optional
        Called with the name of each step, for a progress display.

    Returns
    -------
    ImportReport

    Raises
    ------
    DataError
        The file is not of the named kind, or cannot be read at all, or the
        folder has a problem; nothing is written.
    """
    step = progress or (lambda _name: None)
    folder = Path(folder)
    step("reading the network folder")
    data = read_or_new_folder(folder)
    when = pd.Timestamp(export_date) if export_date is not None else pd.Timestamp.now()
    when = when.tz_localize("UTC") if when.tzinfo is None else when.tz_convert("UTC")
    work = _Work(data=data, kind=kind, source=Path(path), export_date=when)
    step(f"reading {Path(path).name}")
    if kind == "linkedin" and (Path(path).is_dir() or str(path).lower().endswith(".zip")):
        _import_linkedin_export(work, encoding, strict, keep_text, step)
    elif kind in ("linkedin", "vcard", "google"):
        reader = {"linkedin": read_linkedin, "vcard": read_vcard, "google": read_google}[kind]
        reading = _call(reader, path, encoding=encoding, strict=strict)
        _import_contacts(work, reading, Path(path).name, step)
    elif kind == "ics":
        _import_ics(work, encoding, strict, me, now, step)
    else:
        _import_log(
            work,
            encoding=encoding,
            strict=strict,
            me=me,
            columns={
                "src": src,
                "dst": dst,
                "time": time,
                "channel": channel_column,
                "notes": notes_column,
                "started_by": started_by_column,
            },
            sep=sep,
            channel=channel,
            time_format=time_format,
            time_origin=time_origin,
            step=step,
        )
    for part in ("skipped", "interactions_skipped"):
        if part in work.report:
            work.report[part] = tuple(sorted(work.report[part]))  # type: ignore[call-overload]
    report = ImportReport(
        kind=kind,
        source=str(path),
        notes=tuple(work.notes),
        **work.report,  # type: ignore[arg-type]
    )
    report.check()
    step("writing the network folder")
    new = work.data
    if work.settings_text is not None:
        new = new.replace(settings_text=work.settings_text)
    exists = (folder / S.CONTACTS.file).exists()
    tables = tuple(t for t in S.TABLES if t.name in work.tables | {"contacts"})
    _write(new, folder, tables if exists else None, work.settings_text is not None, kind, path)
    return report


def _write(
    data: NetworkData,
    folder: Path,
    tables: tuple[S.Table, ...] | None,
    settings: bool,
    kind: str,
    path: str | os.PathLike[str],
) -> None:
    kwargs: dict[str, object] = {"tables": tables}
    if settings:
        kwargs["write_settings"] = True
    if "command" in inspect.signature(write_folder).parameters:
        kwargs["command"] = f"import {kind} {Path(path).name}"
    write_folder(data, folder, **kwargs)  # type: ignore[arg-type]


def _call(reader: Callable[..., object], path: object, **kwargs: object) -> Reading:
    """Call a reader with the options it takes."""
    params = inspect.signature(reader).parameters
    result = reader(path, **{k: v for k, v in kwargs.items() if k in params})
    if isinstance(result, Reading):
        return result
    assert isinstance(result, pd.DataFrame)
    return Reading(table=result, records=len(result))


def _owner_keys(data: NetworkData) -> Keys:
    s = data.settings
    return Keys.of(s.owner_emails, s.owner_urls, s.owner_phones, s.default_region)


def _resolve(work: _Work, incoming: pd.DataFrame) -> Resolution:
    data = work.data
    res = resolve_contacts(
        data.contacts,
        incoming,
        owner=(data.settings.owner_id, _owner_keys(data)),
        orgs=data.orgs,
        affiliations=data.affiliations,
        region=data.settings.default_region,
        export_date=work.export_date,
    )
    new = data.replace(contacts=res.contacts)
    if res.affiliations:
        old = data.affiliations
        start = int(old.index.max()) + 1 if len(old) else 2
        rows = pd.DataFrame(res.affiliations)
        for col in (S.START, S.END):
            rows[col] = pd.to_datetime(rows[col], utc=True)
        rows.index = pd.Index(range(start, start + len(rows)), name="line")
        for col in old.columns:
            if col not in rows:
                rows[col] = ""
        new = new.replace(affiliations=pd.concat([old, rows[old.columns]]))
        work.tables.add("affiliations")
    work.data = new
    for note in res.notes:
        work.notes.append(f"{work.source.name}: {note}")
    return res


def _loose(name: str) -> str:
    """Return a name as typed, case and spacing aside (how a log or calendar names someone)."""
    return " ".join(str(name).casefold().split())


def _names_index(contacts: pd.DataFrame) -> dict[str, list[str]]:
    """Contact ids by :func:`_loose` name."""
    keys = contacts[S.NAME].astype(str).str.casefold().str.split().str.join(" ")
    out: dict[str, list[str]] = {}
    for pid, key in zip(contacts[S.ID], keys, strict=True):
        out.setdefault(key, []).append(pid)
    return out


def _resolve_mentions(work: _Work, incoming: pd.DataFrame) -> Resolution:
    """Resolve people a file only mentions (attendees, correspondents), not a contact list.

    A mention with no email and no profile URL (a name alone) refers to the
    one contact of that name when there is exactly one: such a file names
    people, it does not describe them, and a second import must find the
    same person again. Everyone else goes through :func:`resolve_contacts`.
    """
    by_name = _names_index(work.data.contacts)
    keyless = (incoming[S.EMAIL] == "") & (incoming[S.URL] == "") & (incoming[S.PHONE] == "")
    known = [
        i
        for i, (name, bare) in enumerate(zip(incoming[S.NAME], keyless, strict=True))
        if bare and len(by_name.get(_loose(name), [])) == 1
    ]
    keep = np.ones(len(incoming), dtype=bool)
    keep[known] = False
    rest = incoming[keep]
    res = _resolve(work, rest)
    ids = pd.Series("", index=pd.RangeIndex(len(incoming)), dtype=object)
    ids.iloc[np.flatnonzero(keep)] = res.ids.to_numpy(dtype=object)  # type: ignore[call-overload]
    for i in known:
        pid = by_name[_loose(incoming[S.NAME].iloc[i])][0]
        ids.iloc[i] = pid
        res.merged.append(
            Merged(int(incoming.index[i]), pid, "the only contact of that name", False)
        )
    res.ids = pd.Series(ids.to_numpy(dtype=object), index=incoming.index, dtype=object)
    res.merged.sort(key=lambda m: m.line)
    return res


def _contact_part(res: Resolution, records: int, skipped: list[Skip]) -> dict[str, object]:
    return {
        "records": records,
        "added": tuple(res.added),
        "merged": tuple(res.merged),
        "skipped": tuple(skipped),
        "conflicts": tuple(res.conflicts),
        "updates": tuple(res.updates),
        "affiliations_added": len(res.affiliations),
    }


def _import_contacts(
    work: _Work,
    reading: Reading,
    file: str,
    step: Callable[[str], None],
    *,
    prefix_notes: bool = True,
) -> Resolution:
    work.add_notes(reading, file if prefix_notes else "")
    step("matching people")
    res = _resolve(work, reading.table)
    work.report.update(
        _contact_part(res, reading.records, [(file, li, r) for li, r in reading.skipped])
    )
    work.report["encoding"] = reading.encoding
    relations = reading.extra.get("relations")
    added = _add_relations(work, relations, res, file)
    work.report["relations_added"] = added
    return res


# ---------------------------------------------------------------------------
# relations (address-book "spouse", "assistant", ...)


def _person_lookup(contacts: pd.DataFrame) -> Callable[[str], str]:
    """Return a function mapping a name, email or id to a contact id ("" when not one person)."""
    by_email: dict[str, str] = {}
    by_name: dict[str, list[str]] = {}
    ids = set(contacts[S.ID])
    for pid, name, emails in zip(contacts[S.ID], contacts[S.NAME], contacts[S.EMAIL], strict=True):
        for e in split_list(emails):
            by_email.setdefault(e.lower(), pid)
        by_name.setdefault(name_key(name), []).append(pid)

    def find(text: str) -> str:
        text = text.strip()
        if text in ids:
            return text
        email = normalize_email(text)
        if email and email in by_email:
            return by_email[email]
        found = by_name.get(name_key(text), [])
        return found[0] if len(found) == 1 else ""

    return find


def _as_stored(values: pd.Series) -> pd.Series:
    """Text as the folder stores a name or label: cleaned, on one line, cut at MAX_NAME_CHARS."""
    text = clean_column(values.astype(str), one_line=True).str.strip()
    long = text.str.len() > MAX_NAME_CHARS
    return text.where(~long, text.str.slice(0, MAX_NAME_CHARS - 1) + "…")


def _add_relations(work: _Work, relations: object, res: Resolution | None, file: str) -> int:
    """Add the file's relations and resolve the folder's pending ones; return how many were new."""
    data = work.data
    old = data.relations.copy()
    find = _person_lookup(data.contacts)
    pending = old[S.RELATED] == ""
    if pending.any():
        resolved = old.loc[pending, S.RELATED_NAME].map(find)
        old.loc[pending, S.RELATED] = resolved
        if (resolved != "").any():
            work.tables.add("relations")
    added = 0
    if isinstance(relations, pd.DataFrame) and len(relations) and res is not None:
        rows = []
        seen = set(zip(old[S.PERSON], old[S.RELATED_NAME], old[S.LABEL], strict=True))
        # as the folder holds them (cleaned, on one line), so a second import finds them
        names = _as_stored(relations["related_name"])
        labels = _as_stored(relations["label"])
        for line, other, label in zip(relations["line"], names, labels, strict=True):
            if int(line) not in res.ids.index:
                continue  # the card itself was skipped
            person = str(res.ids.loc[int(line)])
            key = (person, str(other), str(label))
            if key in seen:
                continue
            seen.add(key)
            related = find(str(other))
            rows.append(
                {
                    S.PERSON: person,
                    S.RELATED: related if related != person else "",
                    S.RELATED_NAME: str(other),
                    S.LABEL: str(label),
                    S.SOURCE: work.kind,
                }
            )
        if rows:
            start = int(old.index.max()) + 1 if len(old) else 2
            new = table_from_rows(S.RELATIONS, rows, list(range(start, start + len(rows))))
            old = pd.concat([old, new]) if len(old) else new
            added = len(rows)
            work.tables.add("relations")
    work.data = data.replace(relations=old)
    return added


# ---------------------------------------------------------------------------
# interactions


def _append_interactions(data: NetworkData, rows: pd.DataFrame) -> tuple[pd.DataFrame, int, int]:
    """Append interaction rows, as a multiset: return the table, how many new, how many known.

    Two identical rows are two interactions; importing the same file again
    adds nothing, because each row is matched to one identical row already
    in the folder (the n-th copy in the file to the n-th copy in the folder):
    a hash join on the key columns (date, with, by, channel).
    """
    old = data.interactions
    key = [S.DATE, S.WITH, S.BY, S.CHANNEL]
    rows = rows.reset_index(drop=True)
    if not len(rows):
        return old, 0, 0
    for col in (S.WITH, S.BY, S.CHANNEL):
        if pd.api.types.infer_dtype(rows[col], skipna=False) != "string":
            rows[col] = rows[col].astype(str)
    rows[S.DATE] = pd.to_datetime(rows[S.DATE], utc=True)
    if len(old):
        codes = _row_codes(pd.concat([old[key], rows[key]], ignore_index=True), key)
        have = np.bincount(codes[: len(old)], minlength=int(codes.max()) + 1)
        mine = codes[len(old) :]
        nth = pd.Series(mine).groupby(mine, sort=False).cumcount().to_numpy()
        known = nth < have[mine]
    else:
        known = np.zeros(len(rows), dtype=bool)
    fresh = rows[~known]
    start = int(old.index.max()) + 1 if len(old) else 2
    fresh_table = table_from_rows(
        S.INTERACTIONS,
        fresh.assign(**{S.DATE: ""}).reset_index(drop=True),
        np.arange(start, start + len(fresh)),
    )
    fresh_table[S.DATE] = fresh[S.DATE].set_axis(fresh_table.index)
    table = pd.concat([old, fresh_table]) if len(old) else fresh_table
    return table, len(fresh), int(known.sum())


def _row_codes(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """One integer per row, equal for rows equal in ``columns`` (missing values equal too)."""
    codes = np.zeros(len(frame), dtype=np.int64)
    for col in columns:
        values = frame[col]
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            values = values.dt.tz_convert("UTC").astype("datetime64[ns, UTC]")
        col_codes, uniques = pd.factorize(values, use_na_sentinel=False)
        codes = pd.factorize(codes * (len(uniques) + 1) + col_codes)[0].astype(np.int64)
    return codes


def _set_interactions(work: _Work, rows: pd.DataFrame) -> tuple[int, int]:
    table, added, known = _append_interactions(work.data, rows)
    work.data = work.data.replace(interactions=table)
    if added:  # a re-import adds nothing: the file is not written again
        work.tables.add("interactions")
    return added, known


def _remember_owner(work: _Work, key: str, values: list[str]) -> None:
    """Add your own addresses to ``[owner]`` in network.toml (kept for later imports)."""
    s = work.data.settings
    have = {"emails": s.owner_emails, "urls": s.owner_urls}[key]
    new = list(dict.fromkeys([*have, *values]))
    if new == list(have):
        return
    text = work.settings_text or work.data.settings_text
    if text is None:
        from .io.folder import settings_template

        text = settings_template(s.owner_id, s.owner_name)
    work.settings_text = set_toml_value(text, "owner", key, new)
    changed: dict[str, Any] = {f"owner_{key}": tuple(new)}
    work.data = work.data.replace(settings=replace(s, **changed), settings_text=work.settings_text)


def _import_ics(
    work: _Work,
    encoding: str | None,
    strict: bool,
    me: str | None,
    now: pd.Timestamp | None,
    step: Callable[[str], None],
) -> None:
    from .io.ics import guess_owner

    path = work.source
    now = now if now is not None else pd.Timestamp.now(tz="UTC")
    reading = _call(read_ics, path, encoding=encoding, strict=strict, until=now)
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
        _remember_owner(work, "emails", sorted(mine))
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
    res = _resolve_mentions(work, incoming)
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
    added, known = _set_interactions(work, frame)
    _report_interactions(work, res, len(incoming), reading.records, added, known, skipped, "event")


def _report_interactions(
    work: _Work,
    res: Resolution,
    people: int,
    records: int,
    added: int,
    known: int,
    skipped: list[Skip],
    unit: str,
) -> None:
    """Put a calendar's or log's people and interactions into the report; note re-imports."""
    if known:
        work.notes.append(
            f"{work.source.name}: {known} {unit}(s) were imported before and were left as they are"
        )
    work.report.update(_contact_part(res, people, []))
    work.report.update(
        interaction_records=records,
        interactions_added=added,
        interactions_unchanged=known,
        interactions_skipped=tuple(skipped),
    )


def _import_log(
    work: _Work,
    *,
    encoding: str | None,
    strict: bool,
    me: str | None,
    columns: dict[str, str | None],
    sep: str | None,
    channel: str,
    time_format: str | None,
    time_origin: str | None,
    step: Callable[[str], None],
) -> None:

    data = work.data
    path = work.source
    channel = channel.lower()
    channels = known_channels(data.settings)
    if channel not in channels:
        raise ConfigError(
            f"--channel: {channel!r} is not a known channel (known: {', '.join(channels)})"
        )
    options = {k: v for k, v in columns.items() if v is not None}
    reading = _call(
        read_log,
        path,
        encoding=encoding,
        strict=strict,
        sep=sep,
        time_format=time_format,
        time_origin=time_origin,
        **options,
    )
    work.add_notes(reading, path.name)
    work.report["encoding"] = reading.encoding
    log = reading.table
    skipped: list[Skip] = [(path.name, li, r) for li, r in reading.skipped]
    if not log.empty:
        same = (log["src"] == log["dst"]).to_numpy()
        skipped += [(path.name, int(li), "the same person on both sides") for li in log.index[same]]
        log = log[~same]
        now = pd.Timestamp.now(tz="UTC")
        future = (log["date"] > now).to_numpy()
        skipped += [
            (path.name, int(li), f"dated {d:%Y-%m-%d %H:%M}, in the future (not yet happened)")
            for li, d in zip(log.index[future], log["date"][future], strict=True)
        ]
        log = log[~future]
    owner = data.settings.owner_id
    step("matching people")
    # everyone in the log once: the people of a row are codes into ``values``
    n_rows = len(log)
    codes, uniq = pd.factorize(
        pd.concat([log["src"], log["dst"]], ignore_index=True).astype(str).to_numpy(dtype=object)
    )
    values = pd.Series(np.asarray(uniq, dtype=object))
    target, ambiguous, unknown = _log_people(data, values, me)
    mine = set(values[target == owner])
    if len(ambiguous):
        named = ambiguous.to_numpy()
        unclear = named[codes[:n_rows]] | named[codes[n_rows:]]
        src_named = named[codes[:n_rows]][unclear]
        who = np.where(src_named, log["src"].to_numpy()[unclear], log["dst"].to_numpy()[unclear])
        choices = _ambiguous_names(data, set(who))
        for li, v in zip(log.index[unclear], who, strict=True):
            skipped.append(
                (
                    path.name,
                    int(li),
                    f"{v!r} is the name of {len(choices[v])} contacts "
                    f"({', '.join(choices[v])}): write an id or an email instead",
                )
            )
        log = log[~unclear]
        codes = np.concatenate([codes[:n_rows][~unclear], codes[n_rows:][~unclear]])
        n_rows = len(log)
    present = np.zeros(len(values), dtype=bool)
    present[codes] = True
    new = np.flatnonzero(unknown.to_numpy() & present)
    src_codes, dst_codes = codes[:n_rows], codes[n_rows:]
    is_me = (target == owner).to_numpy()
    with_me = np.zeros(len(values), dtype=bool)
    with_me[dst_codes[is_me[src_codes]]] = True
    with_me[src_codes[is_me[dst_codes]]] = True
    # the first line each new person appears on
    first_line = np.full(len(values), np.iinfo(np.int64).max, dtype=np.int64)
    lines = log.index.to_numpy(dtype=np.int64)
    np.minimum.at(first_line, src_codes, lines)
    np.minimum.at(first_line, dst_codes, lines)
    unknown_names = values.iloc[new]
    incoming = table_from_rows(
        S.CONTACTS,
        pd.DataFrame(
            {
                S.NAME: unknown_names.to_numpy(dtype=object),
                S.EMAIL: unknown_names.map(lambda u: normalize_email(u) or "").to_numpy(),
                S.SOURCE: "log",
                S.DIRECT: np.where(with_me[new], "", "no"),
            }
        ),
        first_line[new].tolist(),
    )
    res = _resolve(work, incoming)
    target = target.copy()
    target.iloc[new] = res.ids.to_numpy(dtype=object)
    ids_of = target.to_numpy(dtype=object)
    step("adding interactions")
    a = ids_of[src_codes]
    b = ids_of[dst_codes]
    a_me, b_me = a == owner, b == owner
    if log["started_by"].equals(log["src"]):
        started = a
    else:
        at = pd.Index(values).get_indexer(log["started_by"].astype(str))
        started = np.where(at >= 0, ids_of[np.maximum(at, 0)], "").astype(object)
    given = log["channel"].to_numpy(dtype=object) if "channel" in log else None
    if given is not None and (given != "").any():
        row_channel = pd.Series(given, index=log.index).str.lower().where(given != "", channel)
    else:
        row_channel = pd.Series(channel, index=log.index, dtype=object)
    unknown_ch = ~row_channel.isin(channels)
    if unknown_ch.any():
        for li, value in row_channel[unknown_ch].items():
            work.notes.append(
                f"{path.name}:{li}: channel {value!r} is not known; read as {channel!r}"
            )
        row_channel = row_channel.where(~unknown_ch, channel)
    rows = pd.DataFrame(
        {
            S.DATE: log["date"].reset_index(drop=True),
            S.WITH: np.where(a_me, b, np.where(b_me, a, b)),
            S.BY: np.where(a_me | b_me, "", a),
            S.CHANNEL: row_channel.to_numpy(),
            S.NOTES: log["notes"].to_numpy() if "notes" in log else "",
            S.STARTED_BY: started,
        }
    )
    added, known = _set_interactions(work, rows)
    if not mine:
        work.notes.append(
            f"{path.name}: no --me given: nobody in the log is taken as you, so everyone in it "
            "is marked as someone you know of (direct = no)"
        )
    elif me is not None and me not in set(uniq):
        work.notes.append(f"{path.name}: --me {me!r} does not appear in the log")
    _report_interactions(work, res, len(incoming), reading.records, added, known, skipped, "row")


def _log_people(
    data: NetworkData, values: pd.Series, me: str | None
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Who each distinct value of a log is: you, a contact's id, an alias, an email, a name.

    Returns the id of each value ("" when none), whether it is the name of
    several contacts, and whether it is no one known (a new person).
    """
    contacts = data.contacts
    owner = data.settings.owner_id
    target = pd.Series("", index=values.index, dtype=object)
    owner_emails = {e for e in map(normalize_email, data.settings.owner_emails) if e}
    is_me = values == me if me is not None else pd.Series(False, index=values.index)
    if owner_emails:
        is_me |= values.map(lambda v: (normalize_email(v) or "") in owner_emails)
    target[is_me] = owner
    todo = ~is_me
    ids = contacts[S.ID].astype(str)
    is_id = todo & values.isin(set(ids))
    target[is_id] = values[is_id]
    todo &= ~is_id
    alias = split_cells(contacts[S.ALIASES])
    alias_of = dict(zip(alias.to_numpy(), ids.to_numpy()[alias.index.to_numpy()], strict=True))
    by_alias = values[todo].map(alias_of).dropna()
    target[by_alias.index] = by_alias
    todo[by_alias.index] = False
    emails = split_cells(contacts[S.EMAIL]).str.lower()
    # the last contact of each address
    first = ~emails.duplicated(keep="last")
    email_of = dict(zip(emails[first].to_numpy(), ids.to_numpy()[emails.index[first]], strict=True))
    if email_of:
        as_email = values[todo].map(lambda v: normalize_email(v) or v.lower())
        by_email = as_email.map(email_of).dropna()
        target[by_email.index] = by_email
        todo[by_email.index] = False
    # the name of exactly one contact (an address is never taken for a name)
    named = todo & ~values.str.contains("@", regex=False)
    loose = _loose_names(values[named])
    count = _loose_names(contacts[S.NAME]).value_counts()
    n_named = loose.map(count).fillna(0).astype(int)
    one = n_named[n_named == 1].index
    if len(one):
        only = pd.Series(ids.to_numpy(), index=_loose_names(contacts[S.NAME]).to_numpy())
        only = only[~only.index.duplicated(keep=False)]
        target[one] = loose[one].map(only)
    ambiguous = pd.Series(False, index=values.index)
    ambiguous[n_named[n_named > 1].index] = True
    unknown = todo & ~ambiguous & (target == "")
    return target, ambiguous, unknown


def _loose_names(names: pd.Series) -> pd.Series:
    """:func:`_loose` of a column (each distinct name once)."""
    text = names.astype(str)
    uniq = pd.unique(text.to_numpy())
    return text.map(dict(zip(uniq, map(_loose, uniq), strict=True))).astype(object)


def _ambiguous_names(data: NetworkData, names: set[str]) -> dict[str, list[str]]:
    """Return the contact ids of each name that several contacts have."""
    by_name = _names_index(data.contacts)
    return {v: by_name[_loose(v)] for v in names}


def _import_linkedin_export(
    work: _Work,
    encoding: str | None,
    strict: bool,
    keep_text: bool,
    step: Callable[[str], None],
) -> None:
    from .io.linkedin import read_linkedin_export

    reading = read_linkedin_export(
        work.source, encoding=encoding, strict=strict, keep_text=keep_text
    )
    res = _import_contacts(work, reading, "Connections.csv", step, prefix_notes=False)
    owner_name = str(reading.extra.get("owner_name") or "")
    if owner_name and work.data.settings.owner_name in ("", "Me"):
        work.data = work.data.replace(settings=replace(work.data.settings, owner_name=owner_name))
        text = work.settings_text or work.data.settings_text
        if text is None:
            from .io.folder import settings_template

            text = settings_template(work.data.settings.owner_id, owner_name)
        else:
            text = set_toml_value(text, "owner", "name", owner_name)
        work.settings_text = text
    del res
    messages = reading.extra.get("messages")
    invitations = reading.extra.get("invitations")
    skipped: list[Skip] = [
        ("messages.csv", li, r)
        for li, r in reading.extra.get("skipped_messages", [])  # type: ignore[attr-defined]
    ] + [
        ("Invitations.csv", li, r)
        for li, r in reading.extra.get("skipped_invitations", [])  # type: ignore[attr-defined]
    ]
    msgs = messages if isinstance(messages, pd.DataFrame) else pd.DataFrame()
    invs = invitations if isinstance(invitations, pd.DataFrame) else pd.DataFrame()
    records = len(msgs) + len(invs) + len(skipped)
    now = pd.Timestamp.now(tz="UTC")
    for name, frame in (("messages.csv", msgs), ("Invitations.csv", invs)):
        if len(frame) and "date" in frame:
            future = (pd.to_datetime(frame["date"], utc=True) > now).to_numpy()
            skipped += [
                (name, int(li), "in the future (not yet happened)") for li in frame.index[future]
            ]
    if len(msgs) and "date" in msgs:
        msgs = msgs[~(pd.to_datetime(msgs["date"], utc=True) > now).to_numpy()]
    if len(invs) and "date" in invs:
        invs = invs[~(pd.to_datetime(invs["date"], utc=True) > now).to_numpy()]
    owner = work.data.settings.owner_id
    # you are the profile in (nearly) every conversation
    my_urls = {u for u in map(normalize_url, work.data.settings.owner_urls) if u}
    if len(msgs) and not my_urls:
        counts: dict[str, set[str]] = {}
        for conv, f, tos in zip(
            msgs["conversation"], msgs["from_url"], msgs["to_urls"], strict=True
        ):
            for u in [f, *tos]:
                n = normalize_url(u)
                if n:
                    counts.setdefault(n, set()).add(str(conv))
        if counts:
            best = max(counts, key=lambda u: (len(counts[u]), u))
            my_urls.add(best)
            work.notes.append(
                f"messages.csv: took {best} (in {len(counts[best])} of "
                f"{msgs['conversation'].nunique()} conversations) as you"
            )
    if my_urls:
        _remember_owner(work, "urls", sorted(my_urls))
    my_name = name_key(owner_name or work.data.settings.owner_name)

    # people in messages and invitations who are not connections yet
    people: dict[str, dict[str, object]] = {}

    def person(name: str, url: str, line: int) -> str:
        n = normalize_url(url)
        if (n and n in my_urls) or (not n and name and name_key(name) == my_name):
            return ""
        key = n or f"name:{name_key(name)}"
        if key not in people:
            people[key] = {S.NAME: name or url, S.URL: url, S.SOURCE: "linkedin", "_line": line}
        return key

    def keys_of(frame: pd.DataFrame, kind: str) -> list[tuple[list[str], str]]:
        out = []
        for line, rec in zip(frame.index, frame.to_dict("records"), strict=True):
            if kind == "message":
                sender = person(str(rec["from_name"]), str(rec["from_url"]), int(line))
                tos = [
                    person(str(n), str(u), int(line))
                    for n, u in zip(rec["to_names"], rec["to_urls"], strict=False)
                ]
                out.append(([k for k in [sender, *tos] if k], sender))
            else:
                a = person(str(rec["from_name"]), str(rec["from_url"]), int(line))
                b = person(str(rec["to_name"]), str(rec["to_url"]), int(line))
                out.append(([k for k in (a, b) if k], a))
        return out

    msg_keys = keys_of(msgs, "message") if len(msgs) else []
    inv_keys = keys_of(invs, "invitation") if len(invs) else []
    incoming = table_from_rows(
        S.CONTACTS,
        [{k: v for k, v in p.items() if k != "_line"} for p in people.values()],
        [int(str(p["_line"])) for p in people.values()],
    )
    res2 = _resolve_mentions(work, incoming) if len(incoming) else None
    id_of = dict(zip(people, res2.ids, strict=True)) if res2 is not None else {}
    rows = []
    for frame, keyed, channel in ((msgs, msg_keys, "message"), (invs, inv_keys, "social")):
        for (line, rec), (ks, sender) in zip(frame.iterrows(), keyed, strict=True):
            ids = list(dict.fromkeys(id_of[k] for k in ks))
            if not ids:
                skipped.append(
                    (
                        "messages.csv" if channel == "message" else "Invitations.csv",
                        int(line),
                        "nobody but you in it",
                    )
                )
                continue
            rows.append(
                {
                    S.DATE: rec["date"],
                    S.WITH: S.LIST_SEP.join(ids),
                    S.BY: "",
                    S.CHANNEL: channel,
                    S.NOTES: str(rec.get("text", "") or "")
                    if channel == "message"
                    else "LinkedIn invitation"
                    + (f": {rec.get('text')}" if rec.get("text") else ""),
                    S.STARTED_BY: id_of[sender] if sender else owner,
                }
            )
    frame = pd.DataFrame(rows, columns=[S.DATE, S.WITH, S.BY, S.CHANNEL, S.NOTES, S.STARTED_BY])
    added, known = _set_interactions(work, frame) if len(frame) else (0, 0)
    if res2 is not None:
        # people first seen in messages count among the contacts added
        rep = work.report
        rep["added"] = tuple(rep["added"]) + tuple(res2.added)  # type: ignore[arg-type]
        rep["merged"] = tuple(rep["merged"]) + tuple(res2.merged)  # type: ignore[arg-type]
        rep["records"] = int(rep["records"]) + len(incoming)  # type: ignore[call-overload]
    work.report.update(
        interaction_records=records,
        interactions_added=added,
        interactions_unchanged=known,
        interactions_skipped=tuple(skipped),
    )
