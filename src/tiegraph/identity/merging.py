"""Merging an incoming record into a known person, or making a new one of it.

A merge keeps the known id and every value already set, fills empty
fields, unions emails, phones, profile URLs and tags, and takes a job
change from a newer export (:func:`merge_into`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .. import schema as S
from ..keys import Keys, normalize_phone, normalize_url, split_list
from .result import Resolution

__all__ = ["FILL", "LISTS", "empty", "list_union", "merge_into", "new_row"]

FILL = (S.ORG, S.TITLE, S.SINCE, S.NOTES, S.CLOSENESS)


LISTS = (S.EMAIL, S.PHONE, S.URL, S.TAGS)


def empty(value: object) -> bool:
    """Whether a value is empty: missing, or text of only spaces."""
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    try:
        return bool(pd.isna(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False


def list_union(old: object, new: object, norm: object = None) -> str:
    """Union two ``;``-lists, keeping the old order, comparing normalised values."""
    out = split_list(old)
    seen = {norm(v) or v if callable(norm) else v for v in out}
    for v in split_list(new):
        k = norm(v) or v if callable(norm) else v
        if k not in seen:
            seen.add(k)
            out.append(v)
    return S.LIST_SEP.join(out)


def new_row(rec: dict[Any, Any], keys: Keys, region: str | None) -> dict[Any, Any]:
    """Return an incoming record as a new contact: lists deduplicated, phones in E.164."""
    row = dict(rec)
    row[S.EMAIL] = S.LIST_SEP.join(dict.fromkeys(e for e in split_list(rec[S.EMAIL])))
    row[S.PHONE] = S.LIST_SEP.join(
        dict.fromkeys(normalize_phone(p, region) or p for p in split_list(rec[S.PHONE]))
    )
    row[S.URL] = list_union("", rec[S.URL], normalize_url)
    row[S.TAGS] = S.LIST_SEP.join(dict.fromkeys(split_list(rec[S.TAGS])))
    return row


def merge_into(
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
        if not empty(rec[S.TITLE]) and rec[S.TITLE] != target[S.TITLE]:
            res.updates.append((pid, S.TITLE, str(target[S.TITLE]), str(rec[S.TITLE])))
            target[S.TITLE] = rec[S.TITLE]
    elif moved:
        res.conflicts.append((pid, S.ORG, old_org, new_org))
    elif (
        job_change
        and not empty(rec[S.TITLE])
        and not empty(target[S.TITLE])
        and str(rec[S.TITLE]).strip() != str(target[S.TITLE]).strip()
    ):
        res.updates.append((pid, S.TITLE, str(target[S.TITLE]), str(rec[S.TITLE])))
        target[S.TITLE] = rec[S.TITLE]
    elif (
        not empty(rec[S.TITLE])
        and not empty(target[S.TITLE])
        and str(rec[S.TITLE]).strip() != str(target[S.TITLE]).strip()
    ):
        res.conflicts.append((pid, S.TITLE, str(target[S.TITLE]), str(rec[S.TITLE])))
    for col in FILL:
        if empty(target.get(col)) and not empty(rec.get(col)):
            target[col] = rec[col]
    target[S.EMAIL] = list_union(target[S.EMAIL], rec[S.EMAIL], str.lower)
    target[S.PHONE] = list_union(
        target[S.PHONE],
        S.LIST_SEP.join(normalize_phone(p, region) or p for p in split_list(rec[S.PHONE])),
        lambda p: normalize_phone(p, region),
    )
    target[S.URL] = list_union(target[S.URL], rec[S.URL], normalize_url)
    target[S.TAGS] = list_union(target[S.TAGS], rec[S.TAGS])
    return any(not _same(before[c], target[c]) for c in target)


def _same(a: object, b: object) -> bool:
    if empty(a) and empty(b):
        return True
    return bool(a == b)
