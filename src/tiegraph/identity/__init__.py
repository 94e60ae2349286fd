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

from collections.abc import Mapping
from typing import Any

import pandas as pd

from .. import schema as S
from ..ids import unique_id
from ..keys import Keys, conflicting_kinds, key_table, split_list
from ..names import name_key, name_keys
from ..orgs import OrgIndex
from .columns import KNOWN, NEW, contacts_table, new_rows
from .columns import classify as _classify
from .merging import merge_into, new_row
from .pool import KeyTable, Pool, Rows, names_compatible
from .result import Merged, Resolution

__all__ = [
    "Merged",
    "Resolution",
    "contact_keys",
    "name_key",
    "names_compatible",
    "resolve_contacts",
]


def contact_keys(row: Mapping[Any, Any] | pd.Series, region: str | None = None) -> Keys:
    """Return the identity keys of one contact row."""
    return Keys.of(
        split_list(row[S.EMAIL]), split_list(row[S.URL]), split_list(row[S.PHONE]), region
    )


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
    pool = Pool(existing, table, names[:n_old], index, region)
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
    incoming_keys = KeyTable(table, n_old + n_in)
    in_names = incoming[S.NAME].astype(str).tolist()
    in_ids = incoming[S.ID].tolist() if S.ID in incoming else [""] * n_in
    old_ids = existing[S.ID].astype(str).tolist()
    in_rows = Rows(incoming)  # read as columns, once, when some row is compared one by one
    numbered: dict[str, int] = {}  # the next number to try for an id (unique_id)

    res = Resolution(ids=pd.Series(dtype=object), contacts=existing)
    result_ids: list[str] = []
    #: the new people in input order: (incoming position, pool position or -1 if added whole)
    added_at: list[tuple[int, int]] = []
    # known people an earlier row of this file matched: a later row is a second look at
    # them, like a row of a new person repeated, and its differences are conflicts
    seen: set[int] = set()
    for j, line in enumerate(incoming.index.tolist()):
        line = int(line)
        if kind[j] == NEW:
            rid = in_ids[j]
            pid = str(rid) if rid and rid not in taken else ""
            pid = pid or unique_id(in_names[j], taken, numbered)
            taken.add(pid)
            added_at.append((j, -1))
            res.added.append((line, pid))
            result_ids.append(pid)
            continue
        if kind[j] == KNOWN:
            pid = old_ids[partner[j]]
            res.merged.append(Merged(line, pid, how_of[j], False))
            result_ids.append(pid)
            continue
        rec = in_rows.row(j)
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
            row = new_row(rec, keys, region)
            pid = str(rec[S.ID]) if rec[S.ID] and rec[S.ID] not in taken else ""
            pid = pid or unique_id(str(rec[S.NAME]), taken, numbered)
            taken.add(pid)
            row[S.ID] = pid
            added_at.append((j, pool.add(row, keys)))
            res.added.append((line, pid))
            result_ids.append(pid)
            continue
        target = pool.rows[pos]
        pid = str(target[S.ID])
        by_key = how.startswith("same ") and how != "same name and organisation"
        changed = merge_into(
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
    fresh = new_rows(incoming.iloc[whole], existing.columns, region)
    fresh[S.ID] = [
        pid for (_j, pos), (_line, pid) in zip(added_at, res.added, strict=True) if pos < 0
    ]
    res.contacts = contacts_table(existing, pool, added_at, fresh)
    res.ids = pd.Series(result_ids, index=incoming.index, dtype=object)
    return res
