"""Tie strength: evidence that fades, at a pace that depends on the tie.

Every piece of evidence for a tie adds weight: an interaction by its channel
(in person > call > video > message, email > social-media reaction), being
in one meeting with others, an introduction, a closeness the user set, being
listed as a contact, working at one organisation. Dated evidence fades with
the **half-life of its own tie**::

    h(tie) = max(h0, rhythm_factor * rhythm)
             * (1 + age / age_scale_days)
             * (1 + activity_factor * log(1 + activity))
             * (1 + embedding_factor * log(1 + shared_contacts))
             / (1 + unanswered_factor * (unanswered - 1))

- ``h0`` is the base half-life: ``half_life_days`` when set, otherwise
  ``tempo_factor`` times the network's **tempo**, the count-weighted mean
  gap between a tie's interactions (``sum of ties' spans / sum of their
  gaps``), within 1-180 days. A log of chat messages has a tempo of about a
  day, a journal of meetings and calls of weeks: no setting is chosen per
  network;
- ``rhythm`` is the tie's typical gap between interactions (days), so a tie
  seen every three months is not dormant after one;
- ``age`` is the time since the tie's first evidence: decay is fastest for
  new ties and slows as they age (Burt 2000);
- ``activity`` is how active the less active of the two people is now
  (their interactions with anyone, faded with ``h0``): a tie whose people
  are still around decays more slowly, one whose person left the network
  faster;
- ``shared_contacts`` is the number of people both ends have a tie with:
  embedded ties decay more slowly than bridges (Burt 2002);
- ``unanswered`` is the number of the tie's latest messages in a row that
  one side sent without a reply (0 unless two or more): a tie whose
  messages go unanswered fades faster.

**Direction.** An interaction's ``started_by`` (its sender, caller or
organiser) says who reached out. Among a tie's messages (every channel but
the exchanges by nature, :data:`SYNCHRONOUS_CHANNELS`), those of the busier
side beyond the other's count as one-way, and each message's weight is
scaled by ``1 - (1 - one_way_weight) * surplus / messages``: a tie where
one side never answers weighs ``one_way_weight`` of an exchange with as
many messages. ``reciprocity`` is ``fewer / more`` of the two sides'
messages (NaN when nobody is known to have started any). Interactions
whose starter is unknown count as exchanges, so a log without
``started_by`` gives the same strengths as before.

**Attention.** Besides its own faded evidence, a tie gets a share of each
end's current attention::

    attention = attention_weight * (A_u * L / T_u + A_v * L / T_v)

where ``A_p`` is how active person ``p`` is now (their interactions with
anyone, faded with ``h0``), ``L`` the tie's long-run evidence (faded with
``attention_span * h0``) and ``T_p`` the sum of ``L`` over all of ``p``'s
ties: people who are active now are likely to be in touch with those who
had a large share of their attention over the last months. It is the term
that carries who is active *now* into the strength of each of their ties,
which a per-tie decay cannot see.

The evidence ``E`` of a tie is its standing evidence, its dated evidence
each faded as ``2 ** (-days_ago / h)``, and its attention; its strength
saturates below 1: ``strength = m + (1 - m) * (1 - exp(-E / saturation))``
with ``m =`` :data:`MIN_STRENGTH`, so every tie keeps a finite path cost
``-log(strength)`` and strength stays strictly increasing in ``E`` (a
long-faded tie still ranks above a longer-faded one). Recency is built in
(recent evidence weighs the most; Gilbert and Karahalios 2009).

How well it predicts: on a real log (CollegeMsg, 59,835 messages), the
defaults rank "who will be in touch within 30 days" at least as well as a
logistic regression fitted on recency, counts, faded counts at seven time
scales, tie age, reciprocity and degrees (``bench/decay_validity.py``).
The fitted parameters (:data:`FITTED_PARAMS`) are fitted to the user's own
history by :func:`tiegraph.calibrate`, which :func:`tiegraph.load_network`
does by default (``auto_calibrate``), keeping the fit in the folder.

References
----------
.. [1] R. S. Burt, "Decay functions", Social Networks 22 (2000) 1-28.
.. [2] R. S. Burt, "Bridge decay", Social Networks 24 (2002) 333-363.
.. [3] E. Gilbert and K. Karahalios, "Predicting tie strength with social
   media", CHI 2009.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from . import schema as S
from .channels import DEFAULT_CHANNEL_WEIGHTS, SYNCHRONOUS_CHANNELS, known_channels
from .dates import check_future
from .strength_params import (
    DEFAULT_HALF_LIFE_DAYS,
    FITTED_PARAMS,
    HALF_LIFE_BOUNDS,
    MIN_STRENGTH,
    StrengthParams,
    params_of,
)

__all__ = [
    "DEFAULT_CHANNEL_WEIGHTS",
    "FITTED_PARAMS",
    "MIN_STRENGTH",
    "TIE_COLUMNS",
    "StrengthParams",
    "effective_params",
    "known_channels",
    "tie_strengths",
]

#: Weight of one interaction by channel (in person > call > video > message/email > social).

#: Columns of :func:`tie_strengths`, in order.
TIE_COLUMNS: tuple[str, ...] = (
    "u",
    "v",
    "strength",
    "peak_strength",
    "peak_date",
    "last_contact",
    "first_contact",
    "n_interactions",
    "rhythm_days",
    "half_life_days",
    "shared_contacts",
    "standing_evidence",
    "attention_evidence",
    "started_u",
    "started_v",
    "reciprocity",
    "unanswered",
    "unanswered_by",
)


#: The optional evidence column naming who started an interaction (an id, or empty).
STARTED_BY = S.STARTED_BY

_LN2 = np.log(2.0)
EPOCH = pd.Timestamp("1970-01-01", tz="UTC")
_FADING_KINDS = (S.EV_INTERACTION, S.EV_SHARED, S.EV_INTRODUCTION, S.EV_CLOSENESS, S.EV_VOUCHED)
_MANUAL_KINDS = (S.EV_INTRODUCTION, S.EV_CLOSENESS, S.EV_VOUCHED)
_KINDS = (
    S.EV_INTERACTION,
    S.EV_SHARED,
    S.EV_INTRODUCTION,
    S.EV_CLOSENESS,
    S.EV_VOUCHED,
    S.EV_CONTACT,
    S.EV_SAME_ORG,
    S.EV_RELATED,
)


# --- the model, in two steps: what does not depend on the parameters, then what does ------


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
    kind_code: np.ndarray  # per event: its position in _KINDS (len(_KINDS) for others)
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
        return len(self.tie_key)

    @cached_property
    def shared_contacts(self) -> np.ndarray:
        """Per tie: how many people both ends have a tie with (computed when first asked)."""
        return _common_neighbours(self.tie_u, self.tie_v, self.n_people)

    @property
    def n_people(self) -> int:
        return len(self.people)

    @property
    def ties(self) -> pd.MultiIndex:
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
    kind_code = pd.Index(_KINDS).get_indexer(kind)
    kind_code[kind_code < 0] = len(_KINDS)
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
    fades = dated & (kind_code < len(_FADING_KINDS))
    manual = (kind_code >= 2) & (kind_code < len(_FADING_KINDS))  # introductions, ratings, vouches
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


@dataclass
class Evaluated:
    evidence: np.ndarray  # per tie, now
    standing: np.ndarray  # per tie, the part that does not fade
    attention: np.ndarray  # per tie: the attention part of its evidence
    half_life: np.ndarray  # per tie: of its interaction evidence
    weight: np.ndarray  # per event


def _weights(prep: Prepared, p: StrengthParams) -> tuple[np.ndarray, ...]:
    """Return what depends on the weights alone (kept for the next call with the same weights).

    Each event's weight, each tie's standing evidence, and for the fading
    events: their ties, ages, weights, weights as contacts (0 for
    introductions and ratings) and which are manual. They depend on none of
    the fitted parameters, so a calibration computes them once per cut-off.
    """
    key = (
        tuple(sorted(p.channels.items())),
        p.one_way_weight,
        p.shared_factor,
        p.introduction_weight,
        p.closeness_weight,
        p.contact_weight,
        p.same_org_weight,
        p.related_weight,
        p.vouch_weight,
    )
    if key in prep.memo:
        return prep.memo[key]
    per_channel = np.array([p.channels.get(c, 0.0) for c in prep.channel_names], dtype=float)
    channel_w = per_channel[prep.channel_code] if len(per_channel) else np.zeros(len(prep.tie))
    # one-way messages weigh less than an exchange
    channel_w = channel_w * (1.0 - (1.0 - p.one_way_weight) * prep.one_way)
    # weight of each event, by kind in the order of _KINDS (unknown kinds weigh nothing)
    weight = np.choose(
        prep.kind_code,
        [
            channel_w,
            p.shared_factor * channel_w,
            p.introduction_weight,
            p.closeness_weight * prep.value,
            p.vouch_weight,
            p.contact_weight,
            p.same_org_weight,
            p.related_weight,
            0.0,
        ],
    )
    standing = np.bincount(
        prep.tie, weights=np.where(prep.fades, 0.0, weight), minlength=prep.n_ties
    )
    f = np.flatnonzero(prep.fades)
    w_f = weight[f]
    contact_w = np.where(prep.contact[f], w_f, 0.0)
    out = (weight, standing, prep.tie[f], prep.age[f], w_f, contact_w, prep.manual[f])
    prep.memo = {key: out}
    return out


def evaluate(prep: Prepared, p: StrengthParams) -> Evaluated:
    """Return the evidence of every tie as of ``prep.as_of`` under the parameters ``p``."""
    weight, standing, tie_f, age_f, w_f, contact_w, manual_f = _weights(prep, p)
    n = prep.n_ties
    # how active each person is now: their faded interactions with anyone
    h0 = base_half_life(prep, p)
    recent = contact_w * np.exp2(-age_f / h0)
    activity = _per_person(prep, np.bincount(tie_f, weights=recent, minlength=n))
    less_active = np.minimum(activity[prep.tie_u], activity[prep.tie_v])
    age_term = 1.0 + np.nan_to_num(np.maximum(prep.first_age, 0.0)) / p.age_scale_days
    half_life = (
        np.maximum(h0, p.rhythm_factor * np.nan_to_num(prep.rhythm))
        * age_term
        * (1.0 + p.activity_factor * np.log1p(less_active))
        * (1.0 + p.embedding_factor * np.log1p(prep.shared_contacts) if p.embedding_factor else 1.0)
        / (1.0 + p.unanswered_factor * np.maximum(prep.unanswered - 1.0, 0.0))
    )
    # only fading evidence changes with the parameters: work on it alone
    h_f = np.where(manual_f, p.manual_half_life_days, half_life[tie_f])
    own = np.bincount(tie_f, weights=w_f * np.exp2(-age_f / h_f), minlength=n)
    attention = _attention(prep, p, tie_f, age_f, contact_w, activity, h0)
    return Evaluated(standing + own + attention, standing, attention, half_life, weight)


def base_half_life(prep: Prepared, p: StrengthParams) -> float:
    """Return h0: the set ``half_life_days``, or ``tempo_factor`` times the tempo, within bounds."""
    if p.half_life_days is not None:
        return p.half_life_days
    if not np.isfinite(prep.tempo):
        return DEFAULT_HALF_LIFE_DAYS
    return float(np.clip(p.tempo_factor * prep.tempo, *HALF_LIFE_BOUNDS))


def _per_person(prep: Prepared, per_tie: np.ndarray) -> np.ndarray:
    """Sum a per-tie quantity over each person's ties."""
    return np.bincount(prep.tie_u, weights=per_tie, minlength=prep.n_people) + np.bincount(
        prep.tie_v, weights=per_tie, minlength=prep.n_people
    )


def _attention(
    prep: Prepared,
    p: StrengthParams,
    tie_f: np.ndarray,
    age_f: np.ndarray,
    contact_w: np.ndarray,
    activity: np.ndarray,
    h0: float,
) -> np.ndarray:
    """Per tie: each end's recent activity, shared out over its ties by their long-run evidence.

    ``tie_f``, ``age_f`` and ``contact_w`` describe the fading events (the
    weight of those that are contacts, 0 for the others).
    """
    n = prep.n_ties
    if p.attention_weight == 0 or not n:
        return np.zeros(n)
    span = p.attention_span * h0
    long_run = np.bincount(tie_f, weights=contact_w * np.exp2(-age_f / span), minlength=n)
    total = _per_person(prep, long_run)
    with np.errstate(invalid="ignore", divide="ignore"):
        share_u = np.where(long_run > 0, long_run / total[prep.tie_u], 0.0)
        share_v = np.where(long_run > 0, long_run / total[prep.tie_v], 0.0)
    return p.attention_weight * (activity[prep.tie_u] * share_u + activity[prep.tie_v] * share_v)


def effective_params(
    events: pd.DataFrame,
    *,
    as_of: pd.Timestamp,
    params: StrengthParams | Mapping[str, Any] | None = None,
) -> StrengthParams:
    """Return the parameters with an automatic base half-life replaced by its value.

    The automatic ``half_life_days`` is the network's tempo (see the module
    docstring), a property of the whole evidence table: computing strengths
    on part of it (one person's ties) with the value this returns for the
    whole gives the same strengths as on the whole.

    Examples
    --------
    >>> ev = pd.DataFrame({"u": ["a", "a"], "v": ["me", "me"], "kind": ["interaction"] * 2,
    ...     "date": pd.to_datetime(["2024-05-02", "2024-05-12"], utc=True),
    ...     "channel": ["call"] * 2, "value": [float("nan")] * 2, "file": [""] * 2,
    ...     "line": [2, 3]})
    >>> effective_params(ev, as_of=pd.Timestamp("2024-06-01", tz="UTC")).half_life_days
    10.0
    """
    p = params_of(params)
    if p.half_life_days is not None:
        return p
    prep = prepare(events, pd.Timestamp(as_of))
    h0 = base_half_life(prep, p) if prep is not None else DEFAULT_HALF_LIFE_DAYS
    return replace(p, half_life_days=float(h0))


def tie_strengths(
    events: pd.DataFrame,
    *,
    as_of: pd.Timestamp,
    params: StrengthParams | Mapping[str, Any] | None = None,
    now: pd.Timestamp | None = None,
    peak: bool = True,
) -> pd.DataFrame:
    """Return one row per tie with its strength as of ``as_of``, in one vectorised pass.

    Parameters
    ----------
    events : DataFrame
        One row per piece of evidence (see :func:`tiegraph.build.evidence_events`):
        ``u``, ``v`` (ids, ``u < v``), ``kind`` (an ``EV_*`` kind of
        :mod:`tiegraph.schema`), ``date`` (UTC, may be NaT), ``channel``,
        ``value`` (closeness 1-5), ``file`` and ``line``.
    as_of : Timestamp
        The date strengths are computed at. Evidence after it is left out,
        so a tie whose first evidence is later has no row.
    params : StrengthParams or mapping, optional
        The model's parameters, or the ``[strength]`` table of ``network.toml``.
    now : Timestamp, optional
        The real current time (default: the clock). An interaction after it
        is an error, whatever ``as_of`` is.
    peak : bool
        Compute ``peak_strength`` and ``peak_date`` (default); when False they
        are NaN / NaT (calibration does not need them).

    Returns
    -------
    DataFrame
        One row per tie, columns :data:`TIE_COLUMNS`:

        - ``u``, ``v``: the two ids (``u < v``);
        - ``strength``: in [``MIN_STRENGTH``, 1), as of ``as_of``;
        - ``peak_strength``: the highest it has been up to ``as_of`` (just
          after one of its pieces of evidence), and ``peak_date``, when
          (NaT when nothing of it fades);
        - ``last_contact``, ``first_contact``: the last direct interaction
          (NaT when none) and the first dated evidence of any kind;
        - ``n_interactions``: direct interactions up to ``as_of``;
        - ``rhythm_days``: the tie's typical gap between interactions, the
          mean gap between its first and last (NaN with fewer than two);
        - ``half_life_days``: the half-life its evidence fades with now (the
          tie's half-life ``h`` above; for a tie with only introductions or
          ratings, theirs; an evidence-weighted mean when both fade);
        - ``shared_contacts``: people both ends have a tie with;
        - ``standing_evidence``: the part of its evidence that never fades
          (listed contact, same organisation, undated ratings). With
          ``half_life_days`` it lets :func:`days_until` and
          :func:`projected_strength` project the tie forward;
        - ``attention_evidence``: the part of its evidence that is the two
          people's current attention (see the module docstring);
        - ``started_u``, ``started_v``: messages each side started (calls
          and meetings, and interactions nobody is known to have started,
          are not counted), and ``reciprocity``, the fewer over the more
          (NaN when both are 0);
        - ``unanswered``: how many of the tie's latest messages in a row one
          side sent without reply (0 unless two or more), and
          ``unanswered_by``, that side's id (empty when 0).

    Raises
    ------
    DataError
        An interaction is dated after ``now``; the message names its file and row.

    Notes
    -----
    See the module docstring for the model. Evidence weights: an
    interaction weighs its channel's weight (unknown channels 0), being in
    a meeting with others ``shared_factor`` times that, an introduction
    ``introduction_weight``, a closeness rating ``closeness *
    closeness_weight`` (dated by the contact's ``since``). Introductions and
    ratings fade with ``manual_half_life_days``, slowed by the tie's age like
    interactions; undated ones do not fade. Being a listed contact and
    working at one organisation add standing weights that do not fade.
    An interaction's weight is scaled down when it is one-way (see
    *Direction* in the module docstring).
    ``peak_strength`` is the running faded evidence just after each piece
    of evidence, each with its current half-life, computed per tie with
    cumulative sums in log space (no Python loop over ties).

    Examples
    --------
    One in-person meeting 30 days ago, with a 21-day base half-life and the
    activity and attention terms switched off: the tie's half-life is the
    base lengthened by its 30-day age, ``21 * (1 + 30/730)``, and its
    evidence is ``2 ** (-30/21.86)`` = 0.386, so its strength is ``0.01 +
    0.99 * (1 - exp(-0.386 / 3))``:

    >>> ev = pd.DataFrame({"u": ["a"], "v": ["me"], "kind": ["interaction"],
    ...     "date": pd.to_datetime(["2024-05-02"], utc=True), "channel": ["in_person"],
    ...     "value": [float("nan")], "file": ["interactions.csv"], "line": [2]})
    >>> t = tie_strengths(ev, as_of=pd.Timestamp("2024-06-01", tz="UTC"),
    ...     params={"half_life_days": 21, "activity_factor": 0, "attention_weight": 0})
    >>> round(float(t.half_life_days[0]), 2), round(float(t.strength[0]), 4)
    (21.86, 0.1296)
    >>> round(float(t.peak_strength[0]), 4), f"{t.peak_date[0]:%Y-%m-%d}"
    (0.2906, '2024-05-02')
    """
    p = params_of(params)
    as_of = pd.Timestamp(as_of)
    now = pd.Timestamp.now(tz="UTC") if now is None else pd.Timestamp(now)
    check_future(events, now)
    prep = prepare(events, as_of)
    if prep is None:
        return _empty_ties()
    ev = evaluate(prep, p)
    strength = saturate(ev.evidence, p)
    n = prep.n_ties
    fading_now = ev.evidence - ev.standing - ev.attention
    event_h = np.where(prep.manual, p.manual_half_life_days, ev.half_life[prep.tie])
    now_part = np.where(prep.fades, ev.weight * np.exp2(-prep.age / event_h), 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_h = np.bincount(prep.tie, weights=now_part * event_h, minlength=n) / fading_now
        reciprocity = np.minimum(prep.started_u, prep.started_v) / np.maximum(
            prep.started_u, prep.started_v
        )
    half_life = np.where(fading_now > 0, mean_h, ev.half_life)
    half_life = np.where(
        prep.n_int > 0, np.where(_only_interactions(prep), ev.half_life, half_life), half_life
    )
    if peak:
        peak_faded, peak_age = _peak_faded(
            prep.tie, prep.age, ev.weight, event_h, prep.fades, prep.manual, n, prep.order
        )
        peak_strength = np.maximum(strength, saturate(ev.standing + peak_faded, p))
        peak_date = _to_dates(as_of, np.where(peak_strength > strength, peak_age, 0.0))
        peak_date[~np.isfinite(peak_age) & (peak_strength <= strength)] = pd.NaT
    else:
        peak_strength = np.full(n, np.nan)
        peak_date = _to_dates(as_of, np.full(n, np.nan))
    u = prep.people[prep.tie_u]
    v = prep.people[prep.tie_v]
    return pd.DataFrame(
        {
            "u": u,
            "v": v,
            "strength": strength,
            "peak_strength": peak_strength,
            "peak_date": peak_date,
            "last_contact": _to_dates(as_of, prep.last_age),
            "first_contact": _to_dates(as_of, prep.first_age),
            "n_interactions": prep.n_int.astype(int),
            "rhythm_days": prep.rhythm,
            "half_life_days": half_life,
            "shared_contacts": prep.shared_contacts.astype(int),
            "standing_evidence": ev.standing,
            "attention_evidence": ev.attention,
            "started_u": prep.started_u.astype(int),
            "started_v": prep.started_v.astype(int),
            "reciprocity": reciprocity,
            "unanswered": prep.unanswered.astype(int),
            "unanswered_by": np.where(
                prep.unanswered > 0, np.where(prep.unanswered_by_u, u, v), ""
            ),
        }
    )


def _only_interactions(prep: Prepared) -> np.ndarray:
    """Per tie: none of its fading evidence is an introduction or a rating."""
    manual_fading = np.bincount(prep.tie, weights=prep.manual & prep.fades, minlength=prep.n_ties)
    return manual_fading == 0


def _empty_ties() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series([], dtype=float) for c in TIE_COLUMNS})
    for c in ("u", "v", "unanswered_by"):
        frame[c] = pd.Series([], dtype=object)
    for c in ("peak_date", "last_contact", "first_contact"):
        frame[c] = pd.Series([], dtype="datetime64[ns, UTC]")
    for c in ("n_interactions", "shared_contacts", "started_u", "started_v", "unanswered"):
        frame[c] = pd.Series([], dtype=int)
    return frame


def saturate(evidence: np.ndarray, p: StrengthParams) -> np.ndarray:
    """Map evidence to strength: strictly increasing, from MIN_STRENGTH towards 1."""
    m = MIN_STRENGTH
    return m - (1.0 - m) * np.expm1(-np.asarray(evidence, dtype=float) / p.saturation)


def _to_dates(as_of: pd.Timestamp, age: np.ndarray) -> pd.Series:
    finite = np.where(np.isfinite(age), age, np.nan)
    return pd.Series(as_of - pd.to_timedelta(finite, unit="D"))


def _group_end(group: np.ndarray, values: np.ndarray, n: int, *, last: bool) -> np.ndarray:
    """Per group, the last (or first) value of ``values`` sorted by group; NaN for none."""
    out = np.full(n, np.nan)
    if len(group):
        edge = (
            np.r_[group[1:] != group[:-1], True] if last else np.r_[True, group[1:] != group[:-1]]
        )
        out[group[edge]] = values[edge]
    return out


def _group_first(group: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros(n, dtype=values.dtype)
    out[group[::-1]] = values[::-1]
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


def _peak_faded(
    tie: np.ndarray,
    age: np.ndarray,
    weight: np.ndarray,
    half_life: np.ndarray,
    fades: np.ndarray,
    manual: np.ndarray,
    n_ties: int,
    order: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Return, per tie, the highest faded evidence just after any of its events, and its age.

    Evidence just after event k is ``sum_{j<=k} w_j 2^(-(t_k - t_j)/h_j)``.
    Per tie and half-life, it is ``exp(-x_k) * cumsum(w_j exp(x_j))`` with
    ``x = (t - t_first) ln2 / h``; the history is cut into "epochs" of
    bounded ``x`` so nothing overflows, each epoch carrying the last value of
    the one before. A tie has at most two streams, its interactions (one
    half-life) and its introductions and ratings (another): the recursion
    runs per stream and, at each event of a tie with both, the other
    stream's value faded to it is added. ``order`` puts the events in (tie,
    time) order; no other sort of the events is needed.
    """
    idx = order[fades[order]]
    if not len(idx):
        return np.zeros(n_ties), np.full(n_ties, np.nan)
    # (stream, time) order: a stable sort of (tie, time)-ordered events by stream
    stream = tie[idx] * 2 + manual[idx]
    idx = idx[np.argsort(stream, kind="stable")]
    stream = tie[idx] * 2 + manual[idx]
    g_all = tie[idx]
    s_h = np.zeros(2 * n_ties)
    s_h[stream] = half_life[idx]
    t = -age[idx]
    values = _stream_values(stream, t, weight[idx], _LN2 / s_h[stream], 2 * n_ties)
    total = values.copy()
    has = np.bincount(stream, minlength=2 * n_ties).reshape(n_ties, 2) > 0
    both = np.asarray(has.all(axis=1))[g_all]
    if both.any():
        sel = np.flatnonzero(both)
        other = stream[sel] ^ 1
        total[sel] += _value_at(other, t[sel], stream[both], t[both], values[both], s_h)
    # the highest total per tie (events are grouped by tie), and the last event reaching it
    starts = np.flatnonzero(np.r_[True, g_all[1:] != g_all[:-1]])
    ties_here = g_all[starts]
    top = np.maximum.reduceat(total, starts)
    group = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(g_all)]))
    at = np.where(total >= top[group], np.arange(len(total)), -1)
    best = np.maximum.reduceat(at, starts)
    peak = np.zeros(n_ties)
    peak_age = np.full(n_ties, np.nan)
    peak[ties_here] = top
    peak_age[ties_here] = -t[best]
    return peak, peak_age


def _stream_values(
    stream: np.ndarray, t: np.ndarray, w: np.ndarray, lam: np.ndarray, n_streams: int
) -> np.ndarray:
    """Return the running faded sum of each stream just after each of its events.

    The events come in (stream, time) order.
    """
    g, ts, ws, ls = stream, t, w, lam
    first = np.r_[True, g[1:] != g[:-1]]
    t0 = ts[np.maximum.accumulate(np.where(first, np.arange(len(ts)), 0))]
    x = ls * (ts - t0)  # decay "time" since the stream's first event, >= 0
    span = 500.0
    epoch = np.floor(x / span).astype(int)
    result = np.empty(len(ts))
    last_value = np.zeros(n_streams)
    last_x = np.zeros(n_streams)
    for e in np.unique(epoch):  # a handful: the decay time of the longest history / 500
        sel = np.flatnonzero(epoch == e)
        xs = x[sel] - e * span
        gs = g[sel]
        csum = np.cumsum(ws[sel] * np.exp(xs))
        block_first = np.r_[True, gs[1:] != gs[:-1]]
        block_start = np.maximum.accumulate(np.where(block_first, np.arange(len(sel)), 0))
        offset = np.where(block_start > 0, csum[np.maximum(block_start - 1, 0)], 0.0)
        carry = last_value[gs] * np.exp(-(x[sel] - last_x[gs]))
        vals = (csum - offset) * np.exp(-xs) + carry
        result[sel] = vals
        block_last = np.r_[gs[1:] != gs[:-1], True]
        last_value[gs[block_last]] = vals[block_last]
        last_x[gs[block_last]] = x[sel][block_last]
    return result


def _value_at(
    target: np.ndarray,
    when: np.ndarray,
    stream: np.ndarray,
    t: np.ndarray,
    values: np.ndarray,
    s_h: np.ndarray,
) -> np.ndarray:
    """Value of stream ``target[i]`` at time ``when[i]`` (0 before its first event).

    ``stream``, ``t`` and ``values`` are the events of the streams (with the
    running value just after each); one sorted search serves every query.
    """
    # one sorted key: stream, then time (times are days, within one span of each other)
    t0, width = t.min(), t.max() - t.min() + 1.0
    key = stream * width + (t - t0)
    order = np.argsort(key, kind="stable")
    s_sorted = stream[order]
    pos = np.searchsorted(key[order], target * width + (when - t0), side="right") - 1
    ok = (pos >= 0) & (s_sorted[np.maximum(pos, 0)] == target)
    out = np.zeros(len(when))
    j = order[pos[ok]]
    out[ok] = values[j] * np.exp2(-(when[ok] - t[j]) / s_h[target[ok]])
    return out


# --- projecting a tie forward -----------------------------------------------------------


# the folder checks read the future rule here before it moved to tiegraph.dates
_check_future = check_future
