"""Relations an address book holds ("spouse", "assistant", ...), imported into relations.csv."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pandas as pd

from .. import schema as S
from ..identity import Resolution
from ..io._text import clean_column
from ..io.folder import table_from_rows
from ..io.tables import cut_at_name_limit
from ..keys import normalize_email, split_list
from ..names import name_key

if TYPE_CHECKING:
    from .work import Work

__all__ = ["add_relations"]


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
    return pd.Series(cut_at_name_limit(text.to_numpy(dtype=object)), index=text.index)


def add_relations(work: Work, relations: object, res: Resolution | None, file: str) -> int:
    """Add the file's relations and resolve the folder's pending ones; return how many were new."""
    data = work.data
    old = data.relations.copy()
    pending = old[S.RELATED] == ""
    has_new = isinstance(relations, pd.DataFrame) and len(relations) and res is not None
    if not pending.any() and not has_new:
        work.data = data.replace(relations=old)
        return 0  # nothing to look up: no index of the contacts built
    find = _person_lookup(data.contacts)
    if pending.any():
        resolved = old.loc[pending, S.RELATED_NAME].map(find)
        # a name that finds the person themself stays pending, as when the relation was added
        resolved = resolved.where(resolved != old.loc[pending, S.PERSON], "")
        old.loc[pending, S.RELATED] = resolved
        if (resolved != "").any():
            work.tables.add("relations")
    added = 0
    if has_new:
        assert isinstance(relations, pd.DataFrame) and res is not None
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
