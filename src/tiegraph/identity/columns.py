"""Settling incoming records as whole columns, where nothing else can match them.

:func:`classify` finds the records that are new people (no key and no name
key in common with any other row) and those that are a known person again
with nothing new; :func:`new_rows` and :func:`contacts_table` build the
contacts table without a Python step per row.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .. import schema as S
from ..keys import KEY_KINDS, Keys, normalize_phone, split_list
from .merging import FILL, LISTS, empty, new_row
from .pool import KIND_WORD, Pool

__all__ = ["KNOWN", "NEW", "ONE_BY_ONE", "classify", "contacts_table", "new_rows"]

#: how :func:`classify` settles an incoming row
ONE_BY_ONE, NEW, KNOWN = 0, 1, 2


def classify(
    existing: pd.DataFrame,
    incoming: pd.DataFrame,
    table: pd.DataFrame,
    names: np.ndarray,
    owner_pairs: set[tuple[str, str]],
    pool: Pool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Settle incoming rows as whole columns where nothing else can match them.

    Returns, for each incoming row, :data:`NEW` (a new person: no key and
    no name key in common with any other row), :data:`KNOWN` (the known
    person at ``partner``, unchanged, ``how`` says by which keys) or
    :data:`ONE_BY_ONE`; then ``partner`` and ``how``.
    """
    n_old, n_in = len(existing), len(incoming)
    kind = np.full(n_in, ONE_BY_ONE, dtype=np.int8)
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
    kind[alone] = NEW
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
        kind[at] = KNOWN
        partner[at] = q[at]
        has = np.zeros((n, len(KEY_KINDS)), dtype=bool)
        kind_no = pd.Series(table["kind"]).map({k: i for i, k in enumerate(KEY_KINDS)})
        has[rows, kind_no.to_numpy(dtype=np.int64)] = True
        words = {
            flags: "same "
            + " and ".join(KIND_WORD[k] for k, f in zip(KEY_KINDS, flags, strict=True) if f)
            for flags in set(map(tuple, has[at + n_old].tolist()))
        }
        how[at] = [words[tuple(f)] for f in has[at + n_old].tolist()]
    return kind, partner, how


def _blank(values: pd.Series) -> np.ndarray:
    """Whether each value is empty (:func:`empty`): missing, or text of only spaces."""
    if pd.api.types.infer_dtype(values, skipna=False) == "string":
        return (values.str.strip() == "").to_numpy()
    if pd.api.types.is_datetime64_any_dtype(values) or pd.api.types.is_float_dtype(values):
        return values.isna().to_numpy()
    return np.array([empty(v) for v in values], dtype=bool)


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


def _says_nothing_new(known: pd.DataFrame, rec: pd.DataFrame, pool: Pool) -> np.ndarray:
    """Whether merging each incoming row into its known person would change nothing.

    The columns of :func:`merge_into`: the same organisation (or none), the
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
    for col in FILL:
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
    for col in LISTS:
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


def new_rows(rec: pd.DataFrame, columns: pd.Index, region: str | None) -> pd.DataFrame:
    """Return incoming rows as new contacts (:func:`new_row` of each, as whole columns)."""
    out = pd.DataFrame(index=pd.RangeIndex(len(rec)))
    for col in columns:
        if col not in rec:
            out[col] = np.nan
            continue
        values = rec[col].reset_index(drop=True)
        if col not in LISTS:
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
                new_row({**dict.fromkeys(LISTS, ""), col: v}, empty, region)[col]
                for v in text[~single]
            ]
        out[col] = cells
    return out


def contacts_table(
    existing: pd.DataFrame, pool: Pool, added_at: list[tuple[int, int]], fresh: pd.DataFrame
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
