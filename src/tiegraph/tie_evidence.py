"""Tie evidence as arrays: the half of the tie model that does not depend on its parameters.

:func:`number_events` turns an evidence table (see
:func:`tiegraph.events.evidence_events`) into arrays with people numbered, once;
:func:`prepare` gathers, as of one date, everything about the evidence that
no parameter changes: each event's tie, age, kind and channel, and each tie's
interaction count, first and last contact, rhythm, shared contacts, who
started its messages and its unanswered run. :mod:`tiegraph.strength`
evaluates the model on a :class:`Prepared`; a calibration prepares each
cut-off once and evaluates it under many parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from . import schema as S
from .channels import SYNCHRONOUS_CHANNELS

__all__ = [
    "EPOCH",
    "EVIDENCE_KINDS",
    "FADING_KINDS",
    "Numbered",
    "Prepared",
    "number_events",
    "prepare",
]

#: The optional evidence column naming who started an interaction (an id, or empty).
STARTED_BY = S.STARTED_BY

EPOCH = pd.Timestamp("1970-01-01", tz="UTC")
#: Evidence kinds that fade, first in :data:`EVIDENCE_KINDS` (an event's kind code is its position).
FADING_KINDS = (S.EV_INTERACTION, S.EV_SHARED, S.EV_INTRODUCTION, S.EV_CLOSENESS, S.EV_VOUCHED)
#: Every evidence kind the model weighs, in the order of the kind codes.
EVIDENCE_KINDS = (
    S.EV_INTERACTION,
    S.EV_SHARED,
    S.EV_INTRODUCTION,
    S.EV_CLOSENESS,
    S.EV_VOUCHED,
    S.EV_CONTACT,
    S.EV_SAME_ORG,
    S.EV_RELATED,
)


@dataclass
class Prepared:
    """Everything about the evidence as of one date that does not depend on the parameters."""

    as_of: pd.Timestamp
    people: np.ndarray  # ids, sorted; persons are numbered by their position here
    tie_key: np.ndarray  # per tie: u * n_people + v (person numbers), sorted
    tie: np.ndarray  # tie number of each event
    pu: np.ndarray  # person number of each event's u and v
    pv: np.ndarray
    tie_u: np.ndarray  # person numbers of each tie
    tie_v: np.ndarray
    age: np.ndarray  # days before as_of, 0 where undated
    kind_code: (
        np.ndarray
    )  # per event: its position in EVIDENCE_KINDS (len(EVIDENCE_KINDS) for others)
    value: np.ndarray  # per event: the closeness rating (0 for other kinds)
    kind_int: np.ndarray  # boolean masks per event
    kind_shared: np.ndarray
    fades: np.ndarray
    manual: np.ndarray
    contact: np.ndarray  # dated interactions and shared meetings: what activity counts
    channel_code: np.ndarray
    channel_names: np.ndarray
    one_way: np.ndarray  # per event: the share of a directed message that is one-way (0-1)
    n_int: np.ndarray  # per tie
    last_age: np.ndarray
    first_age: np.ndarray
    rhythm: np.ndarray
    tempo: float  # the count-weighted mean gap between a tie's interactions (NaN if none)
    started_u: np.ndarray  # per tie: directed interactions started by u, by v
    started_v: np.ndarray
    unanswered: np.ndarray  # per tie: trailing messages in a row from one side (0 if < 2)
    unanswered_by_u: np.ndarray  # per tie: whether those came from u
    order: np.ndarray  # the events in (tie, time) order (undated last within a tie)
    memo: dict[Any, Any] = field(default_factory=dict)  # what _weights computed last

    @property
    def n_ties(self) -> int:
        """The number of ties."""
        return len(self.tie_key)

    @cached_property
    def shared_contacts(self) -> np.ndarray:
        """Per tie: how many people both ends have a tie with (computed when first asked)."""
        return _common_neighbours(self.tie_u, self.tie_v, self.n_people)

    @property
    def n_people(self) -> int:
        """The number of people."""
        return len(self.people)

    @property
    def ties(self) -> pd.MultiIndex:
        """The ties as (u, v) id pairs, in tie-number order."""
        return pd.MultiIndex.from_arrays([self.people[self.tie_u], self.people[self.tie_v]])

    def keys_of(self, u: np.ndarray, v: np.ndarray) -> np.ndarray:
        """Tie keys of the pairs ``u[i]``-``v[i]`` (ids, ``u < v``); -1 for unknown people."""
        index = pd.Index(self.people)
        a, b = index.get_indexer(u), index.get_indexer(v)
        return np.where((a >= 0) & (b >= 0), a.astype(np.int64) * self.n_people + b, -1)


def _number_people(u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the person numbers of ``u`` and ``v`` (ids numbered in sorted order), and the ids."""
    codes, uniques = pd.factorize(np.concatenate([u, v]))
    uniques = np.asarray(uniques, dtype=object)
    order = np.argsort(uniques.astype(str), kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    codes = rank[codes]
    n = len(u)
    return codes[:n], codes[n:], uniques[order]


@dataclass
class Numbered:
    """The evidence table as arrays, ids numbered: what every date's preparation starts from."""

    people: np.ndarray  # ids, sorted
    key: np.ndarray  # per event: u * n_people + v (person numbers)
    pu: np.ndarray
    pv: np.ndarray
    day: np.ndarray  # days since the epoch (NaN undated)
    day_rank: np.ndarray  # per event: its position in time order (undated last)
    kind_code: np.ndarray
    value: np.ndarray
    channel_code: np.ndarray
    channel_names: np.ndarray
    from_u: np.ndarray  # a directed message u started / v started
    from_v: np.ndarray


def number_events(events: pd.DataFrame) -> Numbered:
    """Turn an evidence table into numbered arrays (the costly, date-free part of the model)."""
    kind = events["kind"].to_numpy(dtype=object)
    u = events["u"].to_numpy(dtype=object)
    v = events["v"].to_numpy(dtype=object)
    pu, pv, people = _number_people(u, v)
    dates = pd.to_datetime(events["date"], utc=True)
    day = (dates - EPOCH) / pd.Timedelta(days=1)
    day = day.to_numpy(dtype=float, na_value=np.nan)
    value = np.nan_to_num(events["value"].to_numpy(dtype=float, na_value=np.nan))
    kind_code = pd.Index(EVIDENCE_KINDS).get_indexer(kind)
    kind_code[kind_code < 0] = len(EVIDENCE_KINDS)
    # factorize first, then lower-case the few distinct names
    raw_code, raw_names = pd.factorize(events["channel"].fillna("").to_numpy(dtype=object))
    lowered = pd.Index([str(c).lower() for c in raw_names], dtype=object)
    channel_names = np.asarray(lowered.unique(), dtype=object)
    channel_code = (
        pd.Index(channel_names).get_indexer(lowered)[raw_code]
        if len(raw_names)
        else np.zeros(len(events), dtype=np.int64)
    )
    # direction: who started each message (synchronous channels are exchanges by nature)
    if STARTED_BY in events.columns:
        started = events[STARTED_BY].fillna("").to_numpy(dtype=object)
        asynchronous = ~np.isin(channel_names, SYNCHRONOUS_CHANNELS)[channel_code]
        directed = (kind_code == 0) & ~np.isnan(day) & asynchronous
        from_u = directed & (started == u)
        from_v = directed & (started == v) & ~from_u
    else:
        from_u = from_v = np.zeros(len(events), dtype=bool)
    return Numbered(
        people=people,
        key=pu * len(people) + pv,
        pu=pu,
        pv=pv,
        day=day,
        day_rank=_ranks(day),
        kind_code=kind_code,
        value=value,
        channel_code=channel_code,
        channel_names=channel_names,
        from_u=from_u,
        from_v=from_v,
    )


def _ranks(values: np.ndarray) -> np.ndarray:
    """Return each value's position in sorted order (NaN last; ties in order of appearance)."""
    rank = np.empty(len(values), dtype=np.int64)
    rank[np.argsort(values, kind="stable")] = np.arange(len(values))
    return rank


def prepare(
    events: pd.DataFrame | Numbered, as_of: pd.Timestamp, *, before: bool = False
) -> Prepared | None:
    """Gather the parameter-free arrays of the evidence up to ``as_of`` (None if there is none).

    ``events`` is an evidence table or its :func:`number_events` arrays (to prepare
    several dates from one numbering). With ``before``, evidence dated
    exactly ``as_of`` is left out too.
    """
    num = events if isinstance(events, Numbered) else number_events(events)
    now = (pd.Timestamp(as_of) - EPOCH) / pd.Timedelta(days=1)
    with np.errstate(invalid="ignore"):
        keep = np.isnan(num.day) | ((num.day < now) if before else (num.day <= now))
    if not keep.any():
        return None
    sel = np.flatnonzero(keep)
    people = num.people
    n_people = len(people)
    tie_key, tie = np.unique(num.key[sel], return_inverse=True)
    tie = tie.reshape(-1)
    n_ties = len(tie_key)
    tie_u, tie_v = tie_key // n_people, tie_key % n_people
    age = now - num.day[sel]
    dated = ~np.isnan(age)
    age = np.nan_to_num(age)
    kind_code = num.kind_code[sel]
    kind_int = kind_code == 0
    kind_shared = kind_code == 1
    fades = dated & (kind_code < len(FADING_KINDS))
    manual = (kind_code >= 2) & (kind_code < len(FADING_KINDS))  # introductions, ratings, vouches
    value = num.value[sel]
    channel_code = num.channel_code[sel]
    channel_names = num.channel_names
    from_u = num.from_u[sel]
    from_v = num.from_v[sel]
    started_u = np.bincount(tie, weights=from_u, minlength=n_ties)
    started_v = np.bincount(tie, weights=from_v, minlength=n_ties)
    with np.errstate(invalid="ignore", divide="ignore"):
        # the surplus of the busier side over the other, as a share of the tie's messages
        surplus = np.abs(started_u - started_v) / (started_u + started_v)
    one_way = np.where(from_u | from_v, np.nan_to_num(surplus)[tie], 0.0)

    n_int = np.bincount(tie, weights=kind_int, minlength=n_ties)
    # events in (tie, time) order, from one integer sort: first and last contacts, runs
    order = np.argsort(tie * np.int64(len(num.day)) + num.day_rank[sel])
    in_order = order[kind_int[order] & dated[order]]
    last_age = _group_end(tie[in_order], age[in_order], n_ties, last=True)
    first_int_age = _group_end(tie[in_order], age[in_order], n_ties, last=False)
    dated_order = order[dated[order]]
    first_age = _group_end(tie[dated_order], age[dated_order], n_ties, last=False)
    with np.errstate(invalid="ignore", divide="ignore"):
        rhythm = np.where(n_int >= 2, (first_int_age - last_age) / (n_int - 1), np.nan)
    repeated = n_int >= 2
    gaps = float((n_int[repeated] - 1).sum())
    tempo = float((first_int_age - last_age)[repeated].sum()) / gaps if gaps else np.nan
    unanswered, by_u = _unanswered(tie[in_order], from_u[in_order], from_v[in_order], n_ties)
    return Prepared(
        as_of=as_of,
        people=people,
        tie_key=tie_key,
        tie=tie,
        pu=num.pu[sel],
        pv=num.pv[sel],
        tie_u=tie_u,
        tie_v=tie_v,
        age=age,
        kind_int=kind_int,
        kind_shared=kind_shared,
        kind_code=kind_code,
        value=value,
        fades=fades,
        manual=manual,
        contact=(kind_int | kind_shared) & fades,
        channel_code=channel_code,
        channel_names=channel_names,
        one_way=one_way,
        n_int=n_int,
        last_age=last_age,
        first_age=first_age,
        rhythm=rhythm,
        tempo=tempo,
        started_u=started_u,
        started_v=started_v,
        unanswered=unanswered,
        unanswered_by_u=by_u,
        order=order,
    )


def _unanswered(
    g: np.ndarray, from_u: np.ndarray, from_v: np.ndarray, n_ties: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per tie: how many of its latest interactions in a row one side started, and whether u.

    ``g``, ``from_u`` and ``from_v`` are the ties' interactions in (tie,
    time) order. A run ends at an interaction the other side started, or
    one whose starter is unknown or that is an exchange by nature (a call,
    a meeting). Runs of one (a message not answered *yet*) count 0.
    """
    run = np.zeros(n_ties)
    by_u = np.zeros(n_ties, dtype=bool)
    if not len(g):
        return run, by_u
    side = from_u.astype(np.int8) - from_v.astype(np.int8)
    m = len(g)
    pos = np.arange(m)
    new = np.r_[True, (g[1:] != g[:-1]) | (side[1:] != side[:-1])] | (side == 0)
    start = np.maximum.accumulate(np.where(new, pos, 0))
    last = np.r_[g[1:] != g[:-1], True]
    length = np.where(side[last] != 0, (pos - start + 1)[last], 0)
    run[g[last]] = np.where(length >= 2, length, 0)
    by_u[g[last]] = side[last] > 0
    return run, by_u


def _group_end(group: np.ndarray, values: np.ndarray, n: int, *, last: bool) -> np.ndarray:
    """Per group, the last (or first) value of ``values`` sorted by group; NaN for none."""
    out = np.full(n, np.nan)
    if len(group):
        edge = (
            np.r_[group[1:] != group[:-1], True] if last else np.r_[True, group[1:] != group[:-1]]
        )
        out[group[edge]] = values[edge]
    return out


def _common_neighbours(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    """Return, per edge ``a[i]-b[i]``, how many nodes are adjacent to both.

    Each edge looks up the neighbours of its lower-degree end in a hash set
    of edge keys, so the work is the sum over edges of the smaller degree (a
    hub such as the owner costs nothing extra).
    """
    m = len(a)
    if not m:
        return np.zeros(0)
    src = np.concatenate([a, b]).astype(np.int64)
    dst = np.concatenate([b, a]).astype(np.int64)
    order = np.argsort(src * n + dst, kind="stable")
    src, dst = src[order], dst[order]
    keys = src * n + dst
    degree = np.bincount(src, minlength=n)
    start = np.concatenate([[0], np.cumsum(degree)[:-1]])
    small = np.where(degree[a] <= degree[b], a, b)
    other = np.where(degree[a] <= degree[b], b, a)
    count = degree[small]
    edge = np.repeat(np.arange(m), count)
    offset = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    w = dst[start[small][edge] + offset]
    query = other[edge].astype(np.int64) * n + w
    found = pd.Index(query).isin(keys)  # a hash look-up: far faster than a sorted search
    return np.bincount(edge, weights=found, minlength=m)
