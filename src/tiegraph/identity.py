"""Identity resolution: recognise the same person arriving from several sources.

When contacts are imported into a network folder, each incoming row is
matched to a known person (an existing contact, you, or an earlier row of the
same file), in this order:

1. **an identity key in common**: an email address, a phone number or a
   profile URL, each normalised (:mod:`tiegraph.keys`);
2. **the same name at the same organisation**: names compared in their own
   script (:func:`tiegraph.names.name_key`: case, accents of Latin script,
   punctuation, honorifics and suffixes ignored; a Chinese or Arabic name is
   never folded to nothing), organisations through ``orgs.csv`` aliases and
   :func:`tiegraph.orgs.org_key`, when exactly one known person fits.

In both cases the two must not be *different people by their keys*: two
people who both have emails (or phones, or profile URLs) and share none of
that kind are never merged, whatever else they share
(:func:`tiegraph.keys.conflicting_kinds`). Anything weaker (a name alone, a
nickname, a similar spelling, an organisation's acronym) never merges: such a
pair is a *possible duplicate*, listed by :func:`possible_duplicates` and
``tiegraph duplicates`` for you to merge.

A merge keeps the existing id and every value you set, fills empty fields,
and unions emails, phones, profile URLs and tags. When a person known by a
key arrives with another organisation (a job change in a newer export), the
new organisation and title become current and the old ones are kept as a
former affiliation ending at the export's date; an organisation that is
already a *former* affiliation of that person is stale data and is reported
as a conflict instead. Re-running an import changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pandas as pd

from . import schema as S
from .ids import unique_id
from .keys import Keys, conflicting_kinds, normalize_phone, normalize_url, split_list
from .names import name_key, name_match
from .orgs import OrgIndex, org_key

__all__ = ["Merged", "Resolution", "contact_keys", "resolve_contacts"]

_FILL = (S.ORG, S.TITLE, S.SINCE, S.NOTES, S.CLOSENESS)
_LISTS = (S.EMAIL, S.PHONE, S.URL, S.TAGS)
_KIND_WORD = {"email": "email", "url": "profile URL", "phone": "phone number"}


@dataclass(frozen=True)
class Merged:
    """One incoming row matched to a known person."""

    #: the input line of the row
    line: int
    #: the id it was merged into
    id: str
    #: why, in words ("same email", "same name and organisation", ...)
    how: str
    #: whether the merge changed the known person (else the row was already known)
    changed: bool
    #: True when merged into an earlier row of the same file
    within_file: bool = False


@dataclass
class Resolution:
    """The outcome of resolving incoming contacts against known ones."""

    #: the contact id of each incoming row (same index as the incoming frame)
    ids: pd.Series
    #: the existing contacts with merges applied, followed by the new contacts
    contacts: pd.DataFrame
    #: ``(input line, id)`` of each contact added
    added: list[tuple[int, str]] = field(default_factory=list)
    #: each incoming row matched to a known person
    merged: list[Merged] = field(default_factory=list)
    #: ``(id, column, kept value, incoming value)`` where sources disagree
    conflicts: list[tuple[str, str, str, str]] = field(default_factory=list)
    #: ``(id, column, old value, new value)``: job changes taken from a newer export
    updates: list[tuple[str, str, str, str]] = field(default_factory=list)
    #: new rows of ``affiliations.csv``: former jobs of people who changed jobs
    affiliations: list[dict[Any, Any]] = field(default_factory=list)
    #: remarks for the report (pairs kept apart, rows taken as you)
    notes: list[str] = field(default_factory=list)


_WORDLESS = re.compile(r"[@+\d/]")


def names_compatible(a: str, b: str) -> bool:
    """Whether two names could be one person's, for two rows that share a key.

    A shared office phone or a team address must not make two colleagues
    one person: the names must match at least loosely (the same name, a
    nickname, an initial, :func:`tiegraph.names.name_match`). A "name" that
    is only an email address or a number (a source with no name) fits any.

    Examples
    --------
    >>> names_compatible("Jane Doe", "jane@afscme.org")
    True
    >>> names_compatible("Jane Doe", "Bob Lee")
    False
    """
    if not a.strip() or not b.strip() or _WORDLESS.search(a) or _WORDLESS.search(b):
        return True
    if name_key(a) == name_key(b):
        return True
    return name_match(a, b) is not None


def contact_keys(row: Mapping[Any, Any] | pd.Series, region: str | None = None) -> Keys:
    """Return the identity keys of one contact row."""
    return Keys.of(
        split_list(row[S.EMAIL]), split_list(row[S.URL]), split_list(row[S.PHONE]), region
    )


#: name keys, cached: imports compare the same names again and again
_name_key = lru_cache(maxsize=1 << 17)(name_key)


def _empty(value: object) -> bool:
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    try:
        return bool(pd.isna(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False


class _Pool:
    """Known people (existing contacts, then new rows), indexed by key and by name."""

    def __init__(self, orgs: OrgIndex, region: str | None) -> None:
        self.orgs = orgs
        self.region = region
        self.rows: list[dict[Any, Any]] = []
        self.keys: list[Keys] = []
        self.is_new: list[bool] = []
        self.by_key: dict[tuple[str, str], list[int]] = {}
        #: positions by organisation; names are compared only within one (computed lazily)
        self.by_org: dict[str, list[int]] = {}
        self.names: dict[int, str] = {}
        #: keyless rows by what they say (built at the first keyless incoming record)
        self.keyless: dict[tuple[str, ...], int] | None = None

    def org_of(self, org: object) -> str:
        text = str(org or "").strip()
        if not text:
            return ""
        return org_key(self.orgs.canonical(text) or text) or text.casefold()

    def add(self, row: dict[Any, Any], keys: Keys, new: bool) -> int:
        pos = len(self.rows)
        self.rows.append(row)
        self.keys.append(keys)
        self.is_new.append(new)
        self.index(pos)
        if self.keyless is not None and not keys:
            self.keyless.setdefault(self.record(row), pos)
        return pos

    def record(self, row: Mapping[Any, Any]) -> tuple[str, ...]:
        """Return what a keyless row says: name, organisation, title, date and source."""
        since = row.get(S.SINCE)
        return (
            _name_key(str(row[S.NAME])),
            self.org_of(row[S.ORG]),
            str(row[S.TITLE]).strip(),
            "" if _empty(since) else pd.Timestamp(since).isoformat(),  # type: ignore[arg-type]
            str(row.get(S.SOURCE, "")).strip(),
        )

    def repeated(self, rec: Mapping[Any, Any]) -> int | None:
        """Return the known keyless row that a keyless record repeats, if any.

        The same name, organisation, title, date and source, and no email,
        phone or profile URL on either side: nothing tells the two apart, and
        importing one file twice must not add its people twice (nor a row
        the file holds twice).
        """
        if self.keyless is None:
            self.keyless = {}
            for p in range(len(self.rows)):
                if not self.keys[p]:
                    self.keyless.setdefault(self.record(self.rows[p]), p)
        return self.keyless.get(self.record(rec))

    def index(self, pos: int) -> None:
        for pair in self.keys[pos].pairs():
            bucket = self.by_key.setdefault(pair, [])
            if pos not in bucket:
                bucket.append(pos)
        org = self.org_of(self.rows[pos][S.ORG])
        if org:
            bucket = self.by_org.setdefault(org, [])
            if pos not in bucket:
                bucket.append(pos)

    def name_of(self, pos: int) -> str:
        if pos not in self.names:
            self.names[pos] = _name_key(str(self.rows[pos][S.NAME]))
        return self.names[pos]

    def match(self, name: str, org: object, keys: Keys) -> tuple[int | None, str, str]:
        """Return (position, how, note) of the known person this row is, if any."""
        found = {p for pair in keys.pairs() for p in self.by_key.get(pair, ())}
        if found:
            viable = [
                p
                for p in sorted(found)
                if not conflicting_kinds(self.keys[p], keys)
                and names_compatible(str(self.rows[p][S.NAME]), name)
            ]
            if viable:
                shared = {
                    p: [
                        k
                        for k in ("email", "url", "phone")
                        if getattr(self.keys[p], k) & getattr(keys, k)
                    ]
                    for p in viable
                }
                best = max(viable, key=lambda p: (len(shared[p]), -p))
                return best, "same " + " and ".join(_KIND_WORD[k] for k in shared[best]), ""
            p = min(found)
            kinds = conflicting_kinds(self.keys[p], keys)
            other = self.rows[p][S.ID]
            if kinds:
                words = ", ".join(_KIND_WORD[k] + "s" for k in kinds)
                return None, "", f"shares a key with {other} but has different {words}"
            return None, "", f"shares a key with {other} but the names differ"
        org_k = self.org_of(org)
        if org_k and org_k in self.by_org:
            nk = _name_key(name)
            cands = [
                p
                for p in self.by_org[org_k]
                if self.name_of(p) == nk and not conflicting_kinds(self.keys[p], keys)
            ]
            if len(cands) == 1:
                return cands[0], "same name and organisation", ""
        return None, "", ""


def resolve_contacts(
    existing: pd.DataFrame,
    incoming: pd.DataFrame,
    *,
    reserved: set[str] | None = None,
    owner: tuple[str, Keys] | None = None,
    orgs: pd.DataFrame | None = None,
    affiliations: pd.DataFrame | None = None,
    region: str | None = None,
    export_date: pd.Timestamp | None = None,
) -> Resolution:
    """Match incoming contacts to known ones and merge them in.

    Parameters
    ----------
    existing : DataFrame
        The folder's ``contacts.csv`` table.
    incoming : DataFrame
        Contacts read from a source (``id`` may be empty), same columns,
        indexed by input line.
    reserved : set of str, optional
        Ids no new contact may take (e.g. the owner's).
    owner : (str, Keys), optional
        Your id and your own keys: a row with one of them is you, not a contact.
    orgs : DataFrame, optional
        The folder's ``orgs.csv``, for organisation aliases.
    affiliations : DataFrame, optional
        The folder's ``affiliations.csv``: an organisation that is already a
        person's former one is not taken as a job change.
    region : str, optional
        Default region for phone numbers without a country code.
    export_date : Timestamp, optional
        The date of the export, ending the former affiliation of a job
        change (default: today).

    Returns
    -------
    Resolution

    Examples
    --------
    >>> from tiegraph.io.folder import table_from_rows
    >>> old = table_from_rows(S.CONTACTS, [{"id": "jane-doe", "name": "Jane Doe",
    ...                                     "org": "AFSCME", "email": "jane@afscme.org"}])
    >>> new = table_from_rows(S.CONTACTS, [
    ...     {"name": "Jane Doe", "org": "afscme", "title": "Rep"},
    ...     {"name": "Jane Doe", "email": "other@example.org"},
    ...     {"name": "Bob Lee", "phone": "+1 415 555 0123"},
    ...     {"name": "Robert Lee", "phone": "(415) 555-0123"}])
    >>> r = resolve_contacts(old, new, region="US")
    >>> list(r.ids)
    ['jane-doe', 'jane-doe-2', 'bob-lee', 'bob-lee']
    >>> [(m.line, m.id, m.how) for m in r.merged]
    [(2, 'jane-doe', 'same name and organisation'), (5, 'bob-lee', 'same phone number')]
    """
    export_date = export_date if export_date is not None else pd.Timestamp.now(tz="UTC")
    index = OrgIndex(orgs, names=list(existing[S.ORG]) + list(incoming[S.ORG]))
    pool = _Pool(index, region)
    former: dict[str, set[str]] = {}
    if affiliations is not None and len(affiliations):
        ended = affiliations[affiliations[S.END].notna()]
        for pid, org in zip(ended[S.PERSON], ended[S.ORG], strict=True):
            former.setdefault(str(pid), set()).add(pool.org_of(org))
    ex_records = existing.to_dict("records")
    for rec in ex_records:
        pool.add(rec, contact_keys(rec, region), new=False)
    owner_id, owner_keys = owner if owner is not None else (None, Keys())
    taken = set(existing[S.ID]) | (reserved or set()) | ({owner_id} if owner_id else set())
    for cell in existing[S.ALIASES]:
        taken.update(split_list(cell))

    res = Resolution(ids=pd.Series(dtype=object), contacts=existing)
    result_ids: list[str] = []
    # known people an earlier row of this file matched: a later row is a second look at
    # them, like a row of a new person repeated, and its differences are conflicts
    seen: set[int] = set()
    for line, rec in zip(incoming.index, incoming.to_dict("records"), strict=True):
        line = int(line)
        keys = contact_keys(rec, region)
        if owner_id and keys and not conflicting_kinds(owner_keys, keys):
            mine = [k for k in keys.pairs() if k in set(owner_keys.pairs())]
            if mine:
                res.merged.append(Merged(line, owner_id, "you (one of your own addresses)", False))
                result_ids.append(owner_id)
                continue
        pos, how, note = pool.match(str(rec[S.NAME]), rec[S.ORG], keys)
        if note:
            res.notes.append(f"line {line}: {note}: kept apart")
        if pos is None and not keys:
            pos = pool.repeated(rec)
            how = "the same record again (no email, phone or profile to tell apart)"
        if pos is None:
            row = _new_row(rec, keys, region)
            pid = str(rec[S.ID]) if rec[S.ID] and rec[S.ID] not in taken else ""
            pid = pid or unique_id(str(rec[S.NAME]), taken)
            taken.add(pid)
            row[S.ID] = pid
            pool.add(row, keys, new=True)
            res.added.append((line, pid))
            result_ids.append(pid)
            continue
        target = pool.rows[pos]
        pid = str(target[S.ID])
        by_key = how.startswith("same ") and how != "same name and organisation"
        changed = _merge_into(
            target,
            rec,
            res,
            job_change=by_key and not pool.is_new[pos] and pos not in seen,
            stale=former.get(pid, set()),
            org_of=pool.org_of,
            export_date=export_date,
            region=region,
        )
        pool.keys[pos] = Keys(
            email=pool.keys[pos].email | keys.email,
            url=pool.keys[pos].url | keys.url,
            phone=pool.keys[pos].phone | keys.phone,
        )
        pool.index(pos)
        seen.add(pos)
        res.merged.append(Merged(line, pid, how, changed, within_file=pool.is_new[pos]))
        result_ids.append(pid)

    n_old = len(existing)
    rows = pool.rows
    contacts = pd.DataFrame(rows, columns=existing.columns) if rows else existing.copy()
    start = int(existing.index.max()) + 1 if n_old else 2
    contacts.index = pd.Index(
        list(existing.index) + list(range(start, start + len(rows) - n_old)), name="line"
    )
    for col in existing.columns:
        if col in (S.SINCE,):
            contacts[col] = pd.to_datetime(contacts[col], utc=True)
        elif col == S.CLOSENESS:
            contacts[col] = pd.to_numeric(contacts[col], errors="coerce").astype(float)
        else:
            contacts[col] = contacts[col].fillna("").astype(str)
    res.ids = pd.Series(result_ids, index=incoming.index, dtype=object)
    res.contacts = contacts
    return res


def _list_union(old: object, new: object, norm: object = None) -> str:
    """Union two ``;``-lists, keeping the old order, comparing normalised values."""
    out = split_list(old)
    seen = {norm(v) or v if callable(norm) else v for v in out}
    for v in split_list(new):
        k = norm(v) or v if callable(norm) else v
        if k not in seen:
            seen.add(k)
            out.append(v)
    return S.LIST_SEP.join(out)


def _new_row(rec: dict[Any, Any], keys: Keys, region: str | None) -> dict[Any, Any]:
    row = dict(rec)
    row[S.EMAIL] = S.LIST_SEP.join(dict.fromkeys(e for e in split_list(rec[S.EMAIL])))
    row[S.PHONE] = S.LIST_SEP.join(
        dict.fromkeys(normalize_phone(p, region) or p for p in split_list(rec[S.PHONE]))
    )
    row[S.URL] = _list_union("", rec[S.URL], normalize_url)
    row[S.TAGS] = S.LIST_SEP.join(dict.fromkeys(split_list(rec[S.TAGS])))
    return row


def _merge_into(
    target: dict[Any, Any],
    rec: dict[Any, Any],
    res: Resolution,
    *,
    job_change: bool,
    stale: set[str],
    org_of: object,
    export_date: pd.Timestamp,
    region: str | None,
) -> bool:
    """Merge ``rec`` into the known row ``target``; return whether anything changed."""
    assert callable(org_of)
    before = dict(target)
    pid = str(target[S.ID])
    old_org, new_org = str(target[S.ORG]), str(rec[S.ORG] or "")
    moved = bool(old_org and new_org and org_of(old_org) != org_of(new_org))
    if moved and job_change and org_of(new_org) not in stale:
        res.affiliations.append(
            {
                S.PERSON: pid,
                S.ORG: old_org,
                S.TITLE: str(target[S.TITLE]),
                S.START: target.get(S.SINCE, pd.NaT),
                S.END: export_date.normalize(),
            }
        )
        res.updates.append((pid, S.ORG, old_org, new_org))
        target[S.ORG] = new_org
        if not _empty(rec[S.TITLE]) and rec[S.TITLE] != target[S.TITLE]:
            res.updates.append((pid, S.TITLE, str(target[S.TITLE]), str(rec[S.TITLE])))
            target[S.TITLE] = rec[S.TITLE]
    elif moved:
        res.conflicts.append((pid, S.ORG, old_org, new_org))
    elif (
        job_change
        and not _empty(rec[S.TITLE])
        and not _empty(target[S.TITLE])
        and str(rec[S.TITLE]).strip() != str(target[S.TITLE]).strip()
    ):
        res.updates.append((pid, S.TITLE, str(target[S.TITLE]), str(rec[S.TITLE])))
        target[S.TITLE] = rec[S.TITLE]
    elif (
        not _empty(rec[S.TITLE])
        and not _empty(target[S.TITLE])
        and str(rec[S.TITLE]).strip() != str(target[S.TITLE]).strip()
    ):
        res.conflicts.append((pid, S.TITLE, str(target[S.TITLE]), str(rec[S.TITLE])))
    for col in _FILL:
        if _empty(target.get(col)) and not _empty(rec.get(col)):
            target[col] = rec[col]
    target[S.EMAIL] = _list_union(target[S.EMAIL], rec[S.EMAIL], str.lower)
    target[S.PHONE] = _list_union(
        target[S.PHONE],
        S.LIST_SEP.join(normalize_phone(p, region) or p for p in split_list(rec[S.PHONE])),
        lambda p: normalize_phone(p, region),
    )
    target[S.URL] = _list_union(target[S.URL], rec[S.URL], normalize_url)
    target[S.TAGS] = _list_union(target[S.TAGS], rec[S.TAGS])
    return any(not _same(before[c], target[c]) for c in target)


def _same(a: object, b: object) -> bool:
    if _empty(a) and _empty(b):
        return True
    return bool(a == b)
