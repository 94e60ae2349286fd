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

import numpy as np
import pandas as pd

from . import schema as S
from .ids import unique_id
from .keys import (
    KEY_KINDS,
    Keys,
    conflicting_kinds,
    key_table,
    normalize_phone,
    normalize_url,
    split_list,
)
from .names import name_key, name_keys, name_match
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


def _wordless(name: str) -> bool:
    """Whether a "name" is no name: empty, only an email address, a web address or a number."""
    text = name.strip()
    if not any(c.isalpha() for c in text):
        return True  # empty, a phone number, a number
    return " " not in text and ("@" in text or "/" in text)


def names_compatible(a: str, b: str) -> bool:
    """Whether two names could be one person's, for two rows that share a key.

    A shared office phone or a team address must not make two colleagues
    one person: the names must match at least loosely (the same name, a
    nickname, an initial, :func:`tiegraph.names.name_match`). A "name" that
    is only an email address, a web address or a number (a source with no
    name) fits any; a name with a digit in it is still a name.

    Examples
    --------
    >>> names_compatible("Jane Doe", "jane@afscme.org")
    True
    >>> names_compatible("Jane Doe", "+1 415 555 0123")
    True
    >>> names_compatible("Jane Doe", "Bob Lee")
    False
    >>> names_compatible("Room 2 front desk", "Bob Lee")
    False
    """
    if _wordless(a) or _wordless(b):
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


class _Rows:
    """The pool's rows as dicts: the known contacts read from their frame when first needed."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self.n_old = len(frame)
        self.cache: dict[int, dict[Any, Any]] = {}
        self.new: list[dict[Any, Any]] = []

    def __len__(self) -> int:
        return self.n_old + len(self.new)

    def __getitem__(self, pos: int) -> dict[Any, Any]:
        if pos >= self.n_old:
            return self.new[pos - self.n_old]
        if pos not in self.cache:
            self.cache[pos] = self.frame.iloc[[pos]].to_dict("records")[0]
        return self.cache[pos]

    def append(self, row: dict[Any, Any]) -> None:
        self.new.append(row)


class _KeyTable:
    """The identity keys of rows, from :func:`tiegraph.keys.key_table`, as :class:`Keys`."""

    def __init__(self, table: pd.DataFrame, n: int) -> None:
        rows = table["row"].to_numpy()
        self.starts = np.searchsorted(rows, np.arange(n + 1))
        self.kinds = table["kind"].to_numpy()
        self.values = table["key"].to_numpy()

    def keys(self, row: int) -> Keys:
        out = Keys()
        for i in range(self.starts[row], self.starts[row + 1]):
            getattr(out, self.kinds[i]).add(self.values[i])
        return out


class _KeyList:
    """The pool's keys by position: the known contacts' built when first needed."""

    def __init__(self, table: _KeyTable, n_old: int) -> None:
        self.table = table
        self.n_old = n_old
        self.cache: dict[int, Keys] = {}
        self.new: list[Keys] = []

    def __getitem__(self, pos: int) -> Keys:
        if pos >= self.n_old:
            return self.new[pos - self.n_old]
        if pos not in self.cache:
            self.cache[pos] = self.table.keys(pos)
        return self.cache[pos]

    def __setitem__(self, pos: int, keys: Keys) -> None:
        if pos >= self.n_old:
            self.new[pos - self.n_old] = keys
        else:
            self.cache[pos] = keys

    def append(self, keys: Keys) -> None:
        self.new.append(keys)


class _Buckets:
    """Positions by label (a key, an organisation), built as whole columns, read as lists.

    Behaves as the ``dict`` of lists it replaces (``in``, ``[]``, ``get``,
    ``setdefault``); a label's list is made when it is first asked for.
    """

    def __init__(self, labels: np.ndarray, positions: np.ndarray, label_of: Any = None) -> None:
        codes, uniq = pd.factorize(labels)
        self.index = pd.Index(uniq)
        order = np.argsort(codes, kind="stable")
        self.positions = positions[order]
        self.starts = np.searchsorted(codes[order], np.arange(len(uniq) + 1))
        self.label_of = label_of or (lambda key: key)
        self.lists: dict[Any, list[int]] = {}

    def _load(self, key: Any) -> None:
        if key in self.lists:
            return
        try:
            code = self.index.get_loc(self.label_of(key))
        except KeyError:
            return
        assert isinstance(code, int)
        self.lists[key] = self.positions[self.starts[code] : self.starts[code + 1]].tolist()

    def __contains__(self, key: Any) -> bool:
        self._load(key)
        return key in self.lists

    def __getitem__(self, key: Any) -> list[int]:
        self._load(key)
        return self.lists[key]

    def get(self, key: Any, default: Any = None) -> Any:
        self._load(key)
        return self.lists.get(key, default)

    def setdefault(self, key: Any, default: list[int]) -> list[int]:
        self._load(key)
        return self.lists.setdefault(key, default)


class _Pool:
    """Known people (existing contacts, then new rows), indexed by key and by name.

    The existing contacts are indexed as whole columns (their keys from
    ``table``, their name keys ``names``); a row is read into a dict only
    when an incoming record is compared with it.
    """

    def __init__(
        self,
        existing: pd.DataFrame,
        table: pd.DataFrame,
        names: np.ndarray,
        orgs: OrgIndex,
        region: str | None,
    ) -> None:
        self.orgs = orgs
        self.region = region
        self.n_old = len(existing)
        self.rows = _Rows(existing)
        self.keys = _KeyList(_KeyTable(table, self.n_old), self.n_old)
        old = table[table["row"] < self.n_old]
        self.by_key = _Buckets(
            (old["kind"].astype(str) + ":" + old["key"].astype(str)).to_numpy(dtype=object),
            old["row"].to_numpy(),
            lambda pair: pair[0] + ":" + pair[1],
        )
        self._org_keys: dict[str, str] = {}
        self._by_org: _Buckets | None = None
        self.names: dict[int, str] = {}
        self.old_names = names
        #: existing rows with no key (for :meth:`repeated`)
        self.old_keyless = np.setdiff1d(np.arange(self.n_old), old["row"].to_numpy())
        #: keyless rows by what they say (built at the first keyless incoming record)
        self.keyless: dict[tuple[str, ...], int] | None = None

    @property
    def by_org(self) -> _Buckets:
        """Positions by organisation; names are compared only within one (built when asked)."""
        if self._by_org is None:
            org_k = self.org_keys(self.rows.frame[S.ORG])
            has_org = org_k != ""
            self._by_org = _Buckets(org_k[has_org], np.flatnonzero(has_org))
        return self._by_org

    def is_new(self, pos: int) -> bool:
        return pos >= self.n_old

    def org_of(self, org: object) -> str:
        text = str(org or "").strip()
        if not text:
            return ""
        if text not in self._org_keys:
            self._org_keys[text] = org_key(self.orgs.canonical(text) or text) or text.casefold()
        return self._org_keys[text]

    def org_keys(self, orgs: pd.Series) -> np.ndarray:
        """Return :meth:`org_of` of a column of organisations (each distinct one computed once)."""
        text = orgs.astype(object).where(orgs.notna() & (orgs.astype(str) != ""), "")
        uniq = pd.unique(text.to_numpy())
        keys = {v: self.org_of(v) for v in uniq}
        return text.map(keys).to_numpy(dtype=object)

    def add(self, row: dict[Any, Any], keys: Keys) -> int:
        """Add a new person; return their position."""
        pos = len(self.rows)
        self.rows.append(row)
        self.keys.append(keys)
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
            frame = self.rows.frame.iloc[self.old_keyless]
            if len(frame):
                since = (
                    frame[S.SINCE].map(lambda v: "" if _empty(v) else pd.Timestamp(v).isoformat())
                    if S.SINCE in frame
                    else pd.Series("", index=frame.index)
                )
                source = (
                    frame[S.SOURCE].astype(str).str.strip()
                    if S.SOURCE in frame
                    else pd.Series("", index=frame.index)
                )
                records = zip(
                    self.old_names[self.old_keyless],
                    self.org_keys(frame[S.ORG]),
                    frame[S.TITLE].astype(str).str.strip(),
                    since,
                    source,
                    strict=True,
                )
                for pos, said in zip(self.old_keyless.tolist(), records, strict=True):
                    self.keyless.setdefault(said, pos)
            for p in range(self.n_old, len(self.rows)):
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
        if pos < self.n_old:
            return str(self.old_names[pos])
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
                nk = _name_key(name)

                def closeness(p: int) -> tuple[int, int, bool, int]:
                    # most kinds of key shared, then most keys, then the same name, then the first
                    known = self.keys[p]
                    n_keys = sum(len(getattr(known, k) & getattr(keys, k)) for k in shared[p])
                    return len(shared[p]), n_keys, self.name_of(p) == nk, -p

                best = max(viable, key=closeness)
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

    Notes
    -----
    The rows are resolved in input order, each against the known people and
    the rows before it. Most rows are settled as whole columns first: the
    keys of every row are normalised and counted, and so are the name keys;
    a row that shares no key and no name key with any other row (known or
    incoming) is a new person, and a row that shares its keys and its name
    key with exactly one known person, who shares them with no other row, and
    says nothing that person's row does not already say, is that person,
    unchanged. Only the other rows are compared one by one (exact keys, then
    name and organisation).

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
    n_old, n_in = len(existing), len(incoming)
    both = {
        col: pd.concat([existing[col], incoming[col]], ignore_index=True)
        for col in (S.NAME, S.ORG, S.EMAIL, S.URL, S.PHONE)
    }
    index = OrgIndex(orgs, names=pd.unique(both[S.ORG].astype(str).to_numpy()))
    table = key_table(both[S.EMAIL], both[S.URL], both[S.PHONE], region)
    names = name_keys(both[S.NAME]).to_numpy(dtype=object)
    pool = _Pool(existing, table, names[:n_old], index, region)
    former: dict[str, set[str]] = {}
    if affiliations is not None and len(affiliations):
        ended = affiliations[affiliations[S.END].notna()]
        for pid, org in zip(ended[S.PERSON], ended[S.ORG], strict=True):
            former.setdefault(str(pid), set()).add(pool.org_of(org))
    owner_id, owner_keys = owner if owner is not None else (None, Keys())
    owner_pairs = set(owner_keys.pairs())
    taken = set(existing[S.ID]) | (reserved or set()) | ({owner_id} if owner_id else set())
    for cell in existing[S.ALIASES]:
        taken.update(split_list(cell))
    kind, partner, how_of = _classify(existing, incoming, table, names, owner_pairs, pool)
    incoming_keys = _KeyTable(table, n_old + n_in)
    in_names = incoming[S.NAME].astype(str).tolist()
    in_ids = incoming[S.ID].tolist() if S.ID in incoming else [""] * n_in
    old_ids = existing[S.ID].astype(str).tolist()

    res = Resolution(ids=pd.Series(dtype=object), contacts=existing)
    result_ids: list[str] = []
    #: the new people in input order: (incoming position, pool position or -1 if added whole)
    added_at: list[tuple[int, int]] = []
    # known people an earlier row of this file matched: a later row is a second look at
    # them, like a row of a new person repeated, and its differences are conflicts
    seen: set[int] = set()
    for j, line in enumerate(incoming.index.tolist()):
        line = int(line)
        if kind[j] == _NEW:
            rid = in_ids[j]
            pid = str(rid) if rid and rid not in taken else ""
            pid = pid or unique_id(in_names[j], taken)
            taken.add(pid)
            added_at.append((j, -1))
            res.added.append((line, pid))
            result_ids.append(pid)
            continue
        if kind[j] == _KNOWN:
            pid = old_ids[partner[j]]
            res.merged.append(Merged(line, pid, how_of[j], False))
            result_ids.append(pid)
            continue
        rec = incoming.iloc[[j]].to_dict("records")[0]
        keys = incoming_keys.keys(n_old + j)
        if owner_id and keys and not conflicting_kinds(owner_keys, keys):
            if any(k in owner_pairs for k in keys.pairs()):
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
            added_at.append((j, pool.add(row, keys)))
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
            job_change=by_key and not pool.is_new(pos) and pos not in seen,
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
        res.merged.append(Merged(line, pid, how, changed, within_file=pool.is_new(pos)))
        result_ids.append(pid)

    whole = [j for j, pos in added_at if pos < 0]
    fresh = _new_rows(incoming.iloc[whole], existing.columns, region)
    fresh[S.ID] = [
        pid for (_j, pos), (_line, pid) in zip(added_at, res.added, strict=True) if pos < 0
    ]
    res.contacts = _contacts(existing, pool, added_at, fresh)
    res.ids = pd.Series(result_ids, index=incoming.index, dtype=object)
    return res


#: how :func:`_classify` settles an incoming row
_ONE_BY_ONE, _NEW, _KNOWN = 0, 1, 2


def _classify(
    existing: pd.DataFrame,
    incoming: pd.DataFrame,
    table: pd.DataFrame,
    names: np.ndarray,
    owner_pairs: set[tuple[str, str]],
    pool: _Pool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Settle incoming rows as whole columns where nothing else can match them.

    Returns, for each incoming row, :data:`_NEW` (a new person: no key and
    no name key in common with any other row), :data:`_KNOWN` (the known
    person at ``partner``, unchanged, ``how`` says by which keys) or
    :data:`_ONE_BY_ONE`; then ``partner`` and ``how``.
    """
    n_old, n_in = len(existing), len(incoming)
    kind = np.full(n_in, _ONE_BY_ONE, dtype=np.int8)
    partner = np.full(n_in, -1, dtype=np.int64)
    how = np.full(n_in, "", dtype=object)
    if not n_in:
        return kind, partner, how
    rows = table["row"].to_numpy()
    n = n_old + n_in
    codes = pd.factorize(table["kind"].astype(str) + ":" + table["key"].astype(str))[0]
    count = np.bincount(codes)[codes] if len(codes) else np.zeros(0, dtype=np.int64)
    total = np.bincount(codes, weights=rows)[codes] if len(codes) else rows
    other = (total - rows).astype(np.int64)
    # per row: the most and fewest rows any of its keys is in, and the other row of those keys
    most, least = np.zeros(n, dtype=np.int64), np.full(n, np.iinfo(np.int64).max)
    low, high = np.full(n, np.iinfo(np.int64).max), np.full(n, -1)
    np.maximum.at(most, rows, count)
    np.minimum.at(least, rows, count)
    np.minimum.at(low, rows, other)
    np.maximum.at(high, rows, other)
    owned = np.zeros(n, dtype=bool)
    if owner_pairs:
        mine = np.array(
            [(k, v) in owner_pairs for k, v in zip(table["kind"], table["key"], strict=True)],
            dtype=bool,
        )
        owned[rows[mine]] = True
    name_codes = pd.factorize(names)[0]
    name_count = np.bincount(name_codes)[name_codes]
    inc = np.arange(n_old, n)
    alone = (most[inc] <= 1) & (name_count[inc] == 1) & ~owned[inc]
    kind[alone] = _NEW
    # a known person and one incoming row that share keys and name key with nobody else
    p = np.where(low[inc] == high[inc], high[inc], -1)
    pair = (least[inc] == 2) & (most[inc] == 2) & (p >= 0) & (p < n_old) & ~owned[inc]
    pair &= name_count[inc] == 2
    q = np.where(pair, p, 0)
    pair &= (names[q] == names[inc]) & (most[q] == 2) & (low[q] == inc) & (high[q] == inc)
    if pair.any():
        at = np.flatnonzero(pair)
        same = _says_nothing_new(existing.iloc[q[at]], incoming.iloc[at], pool)
        at = at[same]
        kind[at] = _KNOWN
        partner[at] = q[at]
        has = np.zeros((n, len(KEY_KINDS)), dtype=bool)
        kind_no = pd.Series(table["kind"]).map({k: i for i, k in enumerate(KEY_KINDS)})
        has[rows, kind_no.to_numpy(dtype=np.int64)] = True
        words = {
            flags: "same "
            + " and ".join(_KIND_WORD[k] for k, f in zip(KEY_KINDS, flags, strict=True) if f)
            for flags in set(map(tuple, has[at + n_old].tolist()))
        }
        how[at] = [words[tuple(f)] for f in has[at + n_old].tolist()]
    return kind, partner, how


def _blank(values: pd.Series) -> np.ndarray:
    """Whether each value is empty (:func:`_empty`): missing, or text of only spaces."""
    if pd.api.types.infer_dtype(values, skipna=False) == "string":
        return (values.str.strip() == "").to_numpy()
    if pd.api.types.is_datetime64_any_dtype(values) or pd.api.types.is_float_dtype(values):
        return values.isna().to_numpy()
    return np.array([_empty(v) for v in values], dtype=bool)


def _joined(cells: pd.Series) -> np.ndarray:
    """Each ``;``-list cell as :func:`split_list` and a join write it back."""
    text = cells.astype(object).where(cells.notna(), "").astype(str)
    out = text.str.strip().to_numpy(dtype=object)
    out[text.to_numpy() == "nan"] = ""
    several = text.str.contains(";", regex=False).to_numpy()
    if several.any():
        out[several] = [S.LIST_SEP.join(split_list(c)) for c in text[several]]
    return out


_EDGE_SPACE = re.compile(r"\x00\s|\s\x00")


def _no_text(values: pd.Series) -> bool:
    """Whether a column holds dates or numbers (where only a missing value is empty)."""
    return pd.api.types.is_datetime64_any_dtype(values) or pd.api.types.is_float_dtype(values)


def _needs_joining(cells: np.ndarray) -> bool:
    """Whether some ``;``-list cell differs from :func:`_joined` of it (one search)."""
    joined = "\x00" + "\x00".join(cells.tolist()) + "\x00"
    return ";" in joined or "\x00nan\x00" in joined or _EDGE_SPACE.search(joined) is not None


def _says_nothing_new(known: pd.DataFrame, rec: pd.DataFrame, pool: _Pool) -> np.ndarray:
    """Whether merging each incoming row into its known person would change nothing.

    The columns of :func:`_merge_into`: the same organisation (or none), the
    same title (or none), nothing to fill in, and every email, phone, profile
    URL and tag already in the known person's cell, which is as a merge
    writes it.
    """
    ok = np.ones(len(rec), dtype=bool)
    for col in (S.ORG, S.TITLE, S.EMAIL, S.PHONE, S.URL, S.TAGS, S.NOTES):
        if col not in rec or pd.api.types.infer_dtype(rec[col], skipna=False) != "string":
            return ~ok  # anything but text: compare one by one
    old_org, new_org = known[S.ORG].to_numpy(dtype=object), rec[S.ORG].to_numpy(dtype=object)
    at = np.flatnonzero((old_org != new_org) & (new_org != ""))
    ok[at] = (old_org[at] != "") & (
        pool.org_keys(pd.Series(old_org[at])) == pool.org_keys(pd.Series(new_org[at]))
    )
    # each check looks again only at the rows whose cells differ as written
    old_title = known[S.TITLE].astype(str).to_numpy(dtype=object)
    new_title = rec[S.TITLE].to_numpy(dtype=object)
    at = np.flatnonzero(ok & (old_title != new_title))
    if len(at):
        o = pd.Series(old_title[at]).str.strip().to_numpy()
        n = pd.Series(new_title[at]).str.strip().to_numpy()
        ok[at] = (n == "") | ((o != "") & (o == n))
    for col in _FILL:
        if col not in rec:
            continue  # nothing given
        if col not in known:
            ok &= _blank(rec[col])
            continue
        have, given = known[col], rec[col]
        if _no_text(have) and _no_text(given):  # dates, numbers: missing is blank
            ok &= ~(have.isna().to_numpy() & given.notna().to_numpy())
            continue
        at = np.flatnonzero(ok & (have.to_numpy(dtype=object) != given.to_numpy(dtype=object)))
        if len(at):
            ok[at] = ~(_blank(have.iloc[at]) & ~_blank(given.iloc[at]))
    for col in _LISTS:
        old = known[col].astype(str).to_numpy(dtype=object)
        new = rec[col].to_numpy(dtype=object)
        # the known cell must be as a merge writes it; the incoming one adds nothing to it
        at = np.flatnonzero(ok)
        if _needs_joining(old[at]):
            ok[at] = _joined(pd.Series(old[at])) == old[at]
        at = np.flatnonzero(ok & (new != old) & (new != ""))
        if len(at):
            joined = _joined(pd.Series(new[at]))
            ok[at] = (joined == "") | (joined == old[at])
    return ok


def _new_rows(rec: pd.DataFrame, columns: pd.Index, region: str | None) -> pd.DataFrame:
    """Return incoming rows as new contacts (:func:`_new_row` of each, as whole columns)."""
    out = pd.DataFrame(index=pd.RangeIndex(len(rec)))
    for col in columns:
        if col not in rec:
            out[col] = np.nan
            continue
        values = rec[col].reset_index(drop=True)
        if col not in _LISTS:
            out[col] = values
            continue
        text = values.astype(object).where(values.notna(), "").astype(str)
        single = ~text.str.contains(";", regex=False)
        cells = text.where(single, "").str.strip()
        cells = cells.where(cells != "nan", "")
        if col == S.PHONE and (cells != "").any():
            uniq = pd.unique(cells[cells != ""].to_numpy())
            normal = {v: normalize_phone(v, region) or v for v in uniq}
            cells = cells.map(lambda v, normal=normal: normal.get(v, v))
        if (~single).any():
            empty = Keys()
            cells[~single] = [
                _new_row({**dict.fromkeys(_LISTS, ""), col: v}, empty, region)[col]
                for v in text[~single]
            ]
        out[col] = cells
    return out


def _contacts(
    existing: pd.DataFrame, pool: _Pool, added_at: list[tuple[int, int]], fresh: pd.DataFrame
) -> pd.DataFrame:
    """Return the contacts table: the known rows (merges applied), then the new ones in order."""
    columns = existing.columns
    old = existing
    if pool.rows.cache:
        old = existing.copy()
        at = sorted(pool.rows.cache)
        changed = pd.DataFrame([pool.rows.cache[p] for p in at], columns=columns)
        for col in columns:
            values = old[col].to_numpy(dtype=object, copy=True)
            values[at] = changed[col].to_numpy(dtype=object)
            old[col] = values
    one_by_one = pd.DataFrame(pool.rows.new, columns=columns)
    whole = iter(range(len(fresh)))
    picks = [
        ("fresh", next(whole)) if pos < 0 else ("pool", pos - pool.n_old) for _j, pos in added_at
    ]
    new = pd.concat(
        [
            fresh.reset_index(drop=True).astype(object),
            one_by_one.reset_index(drop=True).astype(object),
        ],
        ignore_index=True,
    )
    order = [i if src == "fresh" else len(fresh) + i for src, i in picks]
    new = new.iloc[order] if len(order) else new.iloc[:0]
    start = int(existing.index.max()) + 1 if len(existing) else 2
    new.index = pd.Index(range(start, start + len(new)), name="line")
    contacts = pd.concat([old, new[columns]]) if len(new) else old.copy()
    contacts.index.name = "line"
    for col in columns:
        if col in (S.SINCE,):
            contacts[col] = pd.to_datetime(contacts[col], utc=True)
        elif col == S.CLOSENESS:
            contacts[col] = pd.to_numeric(contacts[col], errors="coerce").astype(float)
        else:
            contacts[col] = contacts[col].fillna("").astype(str)
    return contacts


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
