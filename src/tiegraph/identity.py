"""Identity resolution: recognise the same person arriving from several sources.

When contacts are imported into a network folder, each incoming row is
matched to an existing contact, in this order:

1. **email**: any address in common (case-insensitive);
2. **name and organisation**: the same normalised name (case, accents,
   punctuation and spacing ignored) and the same organisation
   (:func:`tiegraph.orgs.org_key`), or the same name where one side has no
   organisation and the name is unique among existing contacts;
3. **fuzzy name** within the same organisation: rapidfuzz's
   ``token_sort_ratio`` of at least :data:`FUZZY_THRESHOLD` (so "Jon Smith" and
   "John Smith" at one organisation match, "Jon Smith" and "Joan Smythe" do not).

Two people who both have emails and share none are **never** merged, whatever
their names. Incoming rows that match no one become new contacts; two
incoming rows with a common email, or the same name and organisation, become
one. A merge keeps the existing id and every value the user set, fills empty
fields, and unions emails and tags; a differing organisation or title is
reported as a conflict, not overwritten. Re-running an import changes nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd
from rapidfuzz import fuzz, process

from . import schema as S
from .ids import unique_id
from .orgs import org_key

__all__ = ["FUZZY_THRESHOLD", "Resolution", "name_key", "resolve_contacts"]

#: Lowest rapidfuzz ``token_sort_ratio`` (0-100) for a fuzzy name match within one organisation.
FUZZY_THRESHOLD = 90

_NON_WORD = re.compile(r"[^\w]+")
_FILL = (S.ORG, S.TITLE, S.PHONE, S.URL, S.SINCE, S.NOTES, S.CLOSENESS)
_CONFLICT = (S.ORG, S.TITLE)


def name_key(name: str) -> str:
    """Return the normalised form of a person's name for matching.

    Examples
    --------
    >>> name_key("  José  NÚÑEZ-Smith ")
    'jose nunez smith'
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    return " ".join(w for w in _NON_WORD.split(text) if w)


def _emails(cell: str) -> list[str]:
    return [e.strip().lower() for e in cell.split(S.LIST_SEP) if e.strip()]


@dataclass
class Resolution:
    """The outcome of resolving incoming contacts against existing ones."""

    #: the contact id of each incoming row (same index as the incoming frame)
    ids: pd.Series
    #: the existing contacts with merges applied, followed by the new contacts
    contacts: pd.DataFrame
    #: ids of the contacts added
    added: list[str] = field(default_factory=list)
    #: (incoming line, id, how) for each incoming row matched to an existing contact
    merged: list[tuple[int, str, str]] = field(default_factory=list)
    #: (id, column, kept value, incoming value) where sources disagree
    conflicts: list[tuple[str, str, str, str]] = field(default_factory=list)


def resolve_contacts(
    existing: pd.DataFrame,
    incoming: pd.DataFrame,
    *,
    threshold: int = FUZZY_THRESHOLD,
    reserved: set[str] | None = None,
) -> Resolution:
    """Match incoming contacts to existing ones and merge them in.

    Parameters
    ----------
    existing : DataFrame
        The folder's ``contacts.csv`` table.
    incoming : DataFrame
        Contacts read from a source (``id`` may be empty), same columns.
    threshold : int
        The fuzzy-match threshold (see :data:`FUZZY_THRESHOLD`).
    reserved : set of str, optional
        Ids no new contact may take (e.g. the owner's).

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
    ...     {"name": "Bob Lee"}])
    >>> r = resolve_contacts(old, new)
    >>> list(r.ids), r.added
    (['jane-doe', 'jane-doe-2', 'bob-lee'], ['jane-doe-2', 'bob-lee'])
    """
    existing = existing.copy()
    taken = set(existing[S.ID]) | (reserved or set())
    ex_ids = existing[S.ID].tolist()
    ex_names = [name_key(n) for n in existing[S.NAME]]
    ex_orgs = [org_key(o) if o else "" for o in existing[S.ORG]]
    ex_emails = [set(_emails(e)) for e in existing[S.EMAIL]]
    by_email: dict[str, int] = {}
    for i, emails in enumerate(ex_emails):
        for e in emails:
            by_email.setdefault(e, i)
    by_name_org: dict[tuple[str, str], int] = {}
    name_count: dict[str, int] = {}
    by_name: dict[str, int] = {}
    by_org: dict[str, list[int]] = {}
    for i, (n, o) in enumerate(zip(ex_names, ex_orgs, strict=True)):
        by_name_org.setdefault((n, o), i)
        name_count[n] = name_count.get(n, 0) + 1
        by_name.setdefault(n, i)
        if o:
            by_org.setdefault(o, []).append(i)

    def compatible(i: int, emails: set[str]) -> bool:
        return not (emails and ex_emails[i] and not emails & ex_emails[i])

    result_ids: list[str] = []
    added: list[str] = []
    merged: list[tuple[int, str, str]] = []
    conflicts: list[tuple[str, str, str, str]] = []
    new_rows: list[dict[str, object]] = []
    new_by_email: dict[str, int] = {}
    new_by_name_org: dict[tuple[str, str], int] = {}
    records = incoming.to_dict("records")
    for line, rec in zip(incoming.index, records, strict=True):
        emails = set(_emails(rec[S.EMAIL]))
        nk = name_key(rec[S.NAME])
        ok = org_key(rec[S.ORG]) if rec[S.ORG] else ""
        match, how = None, ""
        for e in sorted(emails):
            if e in by_email:
                match, how = by_email[e], "email"
                break
        if match is None:
            cand = by_name_org.get((nk, ok))
            if cand is None and name_count.get(nk) == 1:
                i = by_name[nk]
                if not ok or not ex_orgs[i]:
                    cand = i
            if cand is not None and compatible(cand, emails):
                match, how = cand, "name and organisation"
        if match is None and ok in by_org:
            block = by_org[ok]
            best = process.extractOne(
                nk,
                [ex_names[i] for i in block],
                scorer=fuzz.token_sort_ratio,
                score_cutoff=threshold,
            )
            if best is not None and compatible(block[best[2]], emails):
                match, how = (
                    block[best[2]],
                    f"similar name at the same organisation ({best[1]:.0f})",
                )
        if match is not None:
            pid = ex_ids[match]
            conflicts.extend(_merge_into(existing, match, rec, pid))
            ex_emails[match] |= emails
            for e in emails:
                by_email.setdefault(e, match)
            merged.append((int(line), pid, how))
            result_ids.append(pid)
            continue
        # a new person: the same as an earlier new row of this import?
        j = next((new_by_email[e] for e in sorted(emails) if e in new_by_email), None)
        if j is None and (nk, ok) in new_by_name_org:
            j = new_by_name_org[(nk, ok)]
            if (
                emails
                and new_rows[j][S.EMAIL]
                and not emails & set(_emails(str(new_rows[j][S.EMAIL])))
            ):
                j = None
        if j is not None:
            row = new_rows[j]
            row[S.EMAIL] = S.LIST_SEP.join(
                dict.fromkeys(_emails(str(row[S.EMAIL])) + sorted(emails))
            )
            for col in _FILL:
                if _empty(row[col]) and not _empty(rec[col]):
                    row[col] = rec[col]
            result_ids.append(str(row[S.ID]))
            for e in emails:
                new_by_email.setdefault(e, j)
            continue
        pid = rec[S.ID] if rec[S.ID] and rec[S.ID] not in taken else unique_id(rec[S.NAME], taken)
        taken.add(pid)
        row = dict(rec)
        row[S.ID] = pid
        row[S.EMAIL] = S.LIST_SEP.join(_emails(rec[S.EMAIL]))
        new_rows.append(row)
        for e in emails:
            new_by_email.setdefault(e, len(new_rows) - 1)
        new_by_name_org.setdefault((nk, ok), len(new_rows) - 1)
        added.append(pid)
        result_ids.append(pid)

    contacts = existing
    if new_rows:
        new = pd.DataFrame(new_rows, columns=incoming.columns)
        start = int(existing.index.max()) + 1 if len(existing) else 2
        new.index = pd.RangeIndex(start, start + len(new), name="line")
        contacts = pd.concat([existing, new.astype(existing.dtypes.to_dict(), errors="ignore")])
    return Resolution(
        ids=pd.Series(result_ids, index=incoming.index, dtype=object),
        contacts=contacts,
        added=added,
        merged=merged,
        conflicts=conflicts,
    )


def _empty(value: object) -> bool:
    return (
        value is None
        or value == ""
        or (isinstance(value, float) and pd.isna(value))
        or (value is pd.NaT)
        or (isinstance(value, pd.Timestamp) and pd.isna(value))
    )


def _merge_into(
    existing: pd.DataFrame, i: int, rec: dict[str, object], pid: str
) -> list[tuple[str, str, str, str]]:
    """Fill empty fields of existing row ``i`` from ``rec``; return conflicts."""
    conflicts = []
    label = existing.index[i]
    for col in _FILL:
        old, new = existing.at[label, col], rec[col]
        if _empty(new):
            continue
        if _empty(old):
            existing.at[label, col] = new
        elif (
            col in _CONFLICT
            and str(old).strip() != str(new).strip()
            and (col != S.ORG or org_key(str(old)) != org_key(str(new)))
        ):
            conflicts.append((pid, col, str(old), str(new)))
    for col in (S.EMAIL, S.TAGS):
        old_list = [v.strip() for v in str(existing.at[label, col]).split(S.LIST_SEP) if v.strip()]
        new_list = [v.strip() for v in str(rec[col]).split(S.LIST_SEP) if v.strip()]
        if col == S.EMAIL:
            old_list = [v.lower() for v in old_list]
            new_list = [v.lower() for v in new_list]
        union = list(dict.fromkeys(old_list + new_list))
        if union != old_list:
            existing.at[label, col] = S.LIST_SEP.join(union)
    return conflicts
