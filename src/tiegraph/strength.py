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
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from .channels import DEFAULT_CHANNEL_WEIGHTS, known_channels
from .dates import check_future
from .strength_params import (
    DEFAULT_HALF_LIFE_DAYS,
    FITTED_PARAMS,
    HALF_LIFE_BOUNDS,
    MIN_STRENGTH,
    StrengthParams,
    params_of,
)
from .tie_evidence import Prepared, prepare
from .tie_peaks import peak_faded

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


# --- the model, in two steps: what does not depend on the parameters (tiegraph.tie_evidence),
# then what does


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
    # weight of each event, by kind in the order of EVIDENCE_KINDS (unknown kinds weigh nothing)
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
        peak_evidence, peak_age = peak_faded(
            prep.tie, prep.age, ev.weight, event_h, prep.fades, prep.manual, n, prep.order
        )
        peak_strength = np.maximum(strength, saturate(ev.standing + peak_evidence, p))
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
    """Return the times ``age`` days before ``as_of``, to the second (ages are float days)."""
    finite = np.where(np.isfinite(age), age, np.nan)
    return pd.Series(as_of - pd.to_timedelta(finite, unit="D")).dt.round("s")
