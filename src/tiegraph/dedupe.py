"""Possible duplicates, and merging two contacts into one.

An import merges only what is certainly one person (a shared email, phone
or profile URL; the same name at the same organisation). Everything weaker
is a *possible duplicate*: :func:`possible_duplicates` lists such pairs,
most likely first, each with the evidence for and against, and
:func:`merge_contacts` joins the ones you confirm:

- **for**: the same name, a nickname (Gabe = Gabriel), an initial, a suffix
  that differs (Jr.), the same organisation or one of its aliases or its
  acronym, a shared meeting, a shared introducer, a shared key whose names
  differ;
- **against**: different emails, phones or profile URLs (both have some of
  that kind and share none), different organisations.

Candidates are found by blocking (:func:`tiegraph.names.block_keys`), so a
folder of 30,000 contacts is not compared pair by pair.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from . import schema as S
from .exceptions import ConfigError, NotFoundError
from .identity import contact_keys
from .io.folder import NetworkData
from .keys import conflicting_kinds, normalize_phone, normalize_url, split_list
from .names import block_keys, name_match
from .orgs import OrgIndex, org_key
from .params import FLAG, Interval, Text, validate_params

__all__ = ["MergeResult", "merge_contacts", "possible_duplicates"]

#: Pairs scoring below this are not listed.
MIN_SCORE = 0.35
#: A block larger than this (a very common surname) is compared only within organisations.
_MAX_BLOCK = 200

_KIND_WORD = {"email": "emails", "url": "profile URLs", "phone": "phone numbers"}
_COLUMNS = ["a", "b", "a_name", "b_name", "score", "for", "against"]


def _org_reason(a: str, b: str, index: OrgIndex) -> tuple[float, str | None]:
    """Score and words for two organisations: (+ same, - different, 0 unknown)."""
    if not a or not b:
        return 0.0, None
    ca, cb = index.canonical(a) or a, index.canonical(b) or b
    if org_key(ca) == org_key(cb):
        return 0.15, f"same organisation ({a})" if a == b else f"same organisation ({a} = {b})"
    try:
        from .orgs import org_match
    except ImportError:  # pragma: no cover - older orgs module
        return -0.1, f"different organisations ({a}, {b})"
    m = org_match(a, b)
    if m is not None:
        return 0.12 * float(m.score), "organisation: " + "; ".join(m.reasons)
    return -0.1, f"different organisations ({a}, {b})"


@validate_params(min_score=[Interval(float, 0, 1)])
def possible_duplicates(
    data: NetworkData, *, min_score: float = MIN_SCORE, ignore: Iterable[Sequence[str]] = ()
) -> pd.DataFrame:
    """Return pairs of contacts that may be one person, most likely first.

    Parameters
    ----------
    data : NetworkData
        The network folder's tables.
    min_score : float
        Leave out pairs scoring lower (0-1).
    ignore : iterable of (id, id)
        Pairs you said are two people (``[identity] distinct`` in
        ``network.toml``).

    Returns
    -------
    DataFrame
        Columns ``a``, ``b`` (ids), ``a_name``, ``b_name``, ``score``
        (0-1), ``for`` and ``against`` (lists of reasons in words).
    """
    c = data.contacts
    if not len(c):
        return pd.DataFrame(columns=_COLUMNS)
    ids = c[S.ID].to_numpy(dtype=object)
    names = c[S.NAME].astype(str).to_numpy(dtype=object)
    orgs = c[S.ORG].astype(str).to_numpy(dtype=object)
    region = data.settings.default_region
    keys = [contact_keys(rec, region) for rec in c.to_dict("records")]
    skip = {frozenset(p) for p in ignore}
    index = OrgIndex(data.orgs, names=c[S.ORG])

    # candidate pairs: a block key in common, or an identity key in common
    blocks: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        for k in block_keys(str(name)):
            blocks.setdefault(k, []).append(i)
        for kind, value in keys[i].pairs():
            blocks.setdefault(f"key:{kind}:{value}", []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) < 2:
            continue
        if len(members) > _MAX_BLOCK:
            by_org: dict[str, list[int]] = {}
            for i in members:
                by_org.setdefault(org_key(orgs[i]) if orgs[i] else "", []).append(i)
            groups = [g for g in by_org.values() if len(g) <= _MAX_BLOCK]
        else:
            groups = [members]
        for g in groups:
            for x in range(len(g)):
                for y in range(x + 1, len(g)):
                    pairs.add((min(g[x], g[y]), max(g[x], g[y])))

    together = _together(data)
    rows = []
    for i, j in sorted(pairs):
        if frozenset((ids[i], ids[j])) in skip:
            continue
        pro: list[str] = []
        con: list[str] = []
        nm = name_match(str(names[i]), str(names[j]))
        shared = [
            kind
            for kind in ("email", "url", "phone")
            if getattr(keys[i], kind) & getattr(keys[j], kind)
        ]
        if nm is None and not shared:
            continue
        score = float(nm.score) * 0.8 if nm is not None else 0.3
        if nm is not None:
            pro.extend(nm.reasons)
        else:
            con.append("names differ")
        for kind in shared:
            pro.append(f"same {_KIND_WORD[kind][:-1]}")
            score += 0.2
        delta, reason = _org_reason(str(orgs[i]), str(orgs[j]), index)
        score += delta
        if reason:
            (pro if delta > 0 else con).append(reason)
        both = together.get((ids[i], ids[j])) or together.get((ids[j], ids[i]))
        if both:
            pro.append(both)
            score += 0.1
        for kind in conflicting_kinds(keys[i], keys[j]):
            con.append(f"different {_KIND_WORD[kind]}")
            score -= 0.25
        score = float(np.clip(score, 0.0, 1.0))
        if score >= min_score:
            rows.append((ids[i], ids[j], names[i], names[j], round(score, 2), pro, con))
    out = pd.DataFrame(rows, columns=_COLUMNS)
    return out.sort_values(["score", "a", "b"], ascending=[False, True, True], ignore_index=True)


def _together(data: NetworkData) -> dict[tuple[str, str], str]:
    """Pairs of contacts seen together: in one meeting, or introduced by the same person."""
    out: dict[tuple[str, str], str] = {}
    inter = data.interactions
    multi = inter[inter[S.WITH].str.contains(S.LIST_SEP, regex=False)]
    for cell in multi[S.WITH]:
        people = sorted(set(split_list(cell)))
        if len(people) > data.settings.max_meeting_size:
            continue
        for x in range(len(people)):
            for y in range(x + 1, len(people)):
                out.setdefault((people[x], people[y]), "in a meeting together")
    intro = data.introductions
    by_introducer = intro[intro[S.MET_THROUGH] != ""].groupby(S.MET_THROUGH)[S.PERSON]
    for via, people_s in by_introducer:
        people = sorted(set(people_s))
        if len(people) > 50:
            continue
        for x in range(len(people)):
            for y in range(x + 1, len(people)):
                out.setdefault((people[x], people[y]), f"both met through {via}")
    return out


@dataclass
class MergeResult:
    """What :func:`merge_contacts` did."""

    data: NetworkData
    kept: str
    merged: list[str]
    #: rows dropped because the merge made them meaningless, as ``(file, line, why)``
    dropped: list[tuple[str, int, str]]
    #: ``(column, kept value, other value)`` where the two disagreed
    conflicts: list[tuple[str, str, str]]


def _union(*cells: object, norm: object = None) -> str:
    out: list[str] = []
    seen: set[str] = set()
    for cell in cells:
        for v in split_list(cell):
            k = (norm(v) or v) if callable(norm) else v
            if k not in seen:
                seen.add(k)
                out.append(v)
    return S.LIST_SEP.join(out)


@validate_params(keep=[Text()], force=FLAG)
def merge_contacts(
    data: NetworkData, keep: str, others: Sequence[str], *, force: bool = False
) -> MergeResult:
    """Merge ``others`` into ``keep``: one contact with everything both had.

    The kept contact gets every email, phone, profile URL, tag and note of
    the others, their empty fields filled, the earliest ``since`` and the
    highest ``closeness``; the other ids become its ``aliases`` (later
    imports and commands map them to it). Every introduction, interaction,
    affiliation and relation is rewritten to the kept id; a row the merge
    makes meaningless (someone introduced through themselves, an interaction
    with nobody else) is dropped and listed. An organisation of another
    contact that differs from the kept one is kept as an affiliation.

    Raises
    ------
    NotFoundError
        An id is not a contact.
    ConfigError
        Merging yourself, one id twice, or two contacts whose emails, phones
        or profile URLs differ (they look like two people) without ``force``.
    """
    c = data.contacts
    me = data.settings.owner_id
    wanted = [keep, *others]
    if len(set(wanted)) != len(wanted):
        raise ConfigError("merge: an id is given twice")
    if me in wanted:
        raise ConfigError(f"merge: {me!r} is you; merge contacts into each other, not into you")
    known = set(c[S.ID])
    for pid in wanted:
        if pid not in known:
            raise NotFoundError("contact", pid, _suggest(pid, c))
    region = data.settings.default_region
    rows = {rec[S.ID]: rec for rec in c.to_dict("records") if rec[S.ID] in set(wanted)}
    if not force:
        base = contact_keys(rows[keep], region)
        for other in others:
            kinds = conflicting_kinds(base, contact_keys(rows[other], region))
            if kinds:
                words = " and ".join(_KIND_WORD[k] for k in kinds)
                raise ConfigError(
                    f"merge: {keep} and {other} have different {words}, so they look like two "
                    "people; pass --force if they are one person"
                )
    target = dict(rows[keep])
    conflicts: list[tuple[str, str, str]] = []
    new_aff: list[dict[str, object]] = []
    for other in others:
        o = rows[other]
        for col in (S.ORG, S.TITLE, S.DIRECT, S.SOURCE):
            if not str(target[col]).strip() and str(o[col]).strip():
                target[col] = o[col]
            elif str(o[col]).strip() and str(o[col]).strip() != str(target[col]).strip():
                conflicts.append((col, str(target[col]), str(o[col])))
        if str(o[S.ORG]).strip() and org_key(str(o[S.ORG])) != org_key(str(target[S.ORG])):
            new_aff.append({S.PERSON: keep, S.ORG: o[S.ORG], S.TITLE: o[S.TITLE]})
        target[S.EMAIL] = _union(target[S.EMAIL], o[S.EMAIL], norm=str.lower)
        target[S.PHONE] = _union(
            target[S.PHONE], o[S.PHONE], norm=lambda p: normalize_phone(p, region)
        )
        target[S.URL] = _union(target[S.URL], o[S.URL], norm=normalize_url)
        target[S.TAGS] = _union(target[S.TAGS], o[S.TAGS])
        notes = [n for n in (str(target[S.NOTES]).strip(), str(o[S.NOTES]).strip()) if n]
        target[S.NOTES] = "\n".join(dict.fromkeys(notes))
        since = [d for d in (target[S.SINCE], o[S.SINCE]) if not pd.isna(d)]
        target[S.SINCE] = min(since) if since else pd.NaT
        close = [float(v) for v in (target[S.CLOSENESS], o[S.CLOSENESS]) if not pd.isna(v)]
        target[S.CLOSENESS] = max(close) if close else np.nan
        target[S.ALIASES] = _union(target[S.ALIASES], other, o[S.ALIASES])
    if str(target[S.DIRECT]).lower() == "no" and any(
        str(rows[p][S.DIRECT]).lower() != "no" for p in wanted
    ):
        target[S.DIRECT] = ""
    keep_line: Any = c.index[c[S.ID] == keep][0]
    contacts = c[~c[S.ID].isin(others)].copy()
    for column, value in target.items():
        contacts.at[keep_line, column] = value
    rename: dict[str, str] = dict.fromkeys(others, keep)
    dropped: list[tuple[str, int, str]] = []
    new = data.replace(contacts=contacts)
    new = _rewrite(new, rename, keep, dropped)
    if new_aff:
        aff = new.affiliations
        start = int(aff.index.max()) + 1 if len(aff) else 2
        extra = pd.DataFrame(
            new_aff, index=pd.Index(range(start, start + len(new_aff)), name="line")
        )
        for col in aff.columns:
            if col not in extra:
                extra[col] = pd.NaT if col in (S.START, S.END) else ""
        extra[S.START] = pd.to_datetime(extra[S.START], utc=True)
        extra[S.END] = pd.to_datetime(extra[S.END], utc=True)
        new = new.replace(
            affiliations=pd.concat([aff, extra[aff.columns]]) if len(aff) else extra[aff.columns]
        )
    return MergeResult(new, keep, list(others), dropped, conflicts)


def _suggest(pid: str, contacts: pd.DataFrame) -> list[str]:
    from rapidfuzz import process

    found = process.extract(pid, contacts[S.ID].tolist(), limit=3, score_cutoff=60)
    return [f[0] for f in found]


def _rewrite(
    data: NetworkData, rename: dict[str, str], keep: str, dropped: list[tuple[str, int, str]]
) -> NetworkData:
    """Rewrite every reference to a merged id; drop rows the merge made meaningless."""

    def one(s: pd.Series) -> pd.Series:
        return s.map(lambda v: rename.get(v, v))

    intro = data.introductions.copy()
    for col in (S.PERSON, S.MET_THROUGH, S.TO):
        intro[col] = one(intro[col])
    bad = (intro[S.PERSON] == intro[S.MET_THROUGH]) | (intro[S.PERSON] == intro[S.TO])
    dropped += [
        (S.INTRODUCTIONS.file, int(li), f"{keep} would be introduced to or through themselves")
        for li in intro.index[bad]
    ]
    intro = intro[~bad]

    inter = data.interactions.copy()
    touched = inter[S.WITH].map(lambda cell: any(v in rename for v in split_list(cell)))
    touched |= inter[S.BY].isin(list(rename)) | inter[S.STARTED_BY].isin(list(rename))
    if touched.any():
        sub = inter[touched]
        by = one(sub[S.BY])
        withs = [
            S.LIST_SEP.join(
                dict.fromkeys(rename.get(v, v) for v in split_list(cell) if rename.get(v, v) != b)
            )
            for cell, b in zip(sub[S.WITH], by, strict=True)
        ]
        inter.loc[touched, S.WITH] = withs
        inter.loc[touched, S.BY] = by
        inter.loc[touched, S.STARTED_BY] = one(sub[S.STARTED_BY])
        empty = inter[S.WITH] == ""
        dropped += [
            (S.INTERACTIONS.file, int(li), f"an interaction of {keep} with themselves")
            for li in inter.index[empty]
        ]
        inter = inter[~empty]

    aff = data.affiliations.copy()
    aff[S.PERSON] = one(aff[S.PERSON])

    rel = data.relations.copy()
    rel[S.PERSON] = one(rel[S.PERSON])
    rel[S.RELATED] = one(rel[S.RELATED])
    self_rel = rel[S.PERSON] == rel[S.RELATED]
    dropped += [
        (S.RELATIONS.file, int(li), f"{keep} would be related to themselves")
        for li in rel.index[self_rel]
    ]
    rel = rel[~self_rel]
    return data.replace(introductions=intro, interactions=inter, affiliations=aff, relations=rel)
