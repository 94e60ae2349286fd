"""Tie strength: evidence that fades, at a pace that depends on the tie.

Every piece of evidence for a tie adds weight: an interaction by its channel
(in person > call > video > message, email > social-media reaction), an
introduction, a closeness the user set, being listed as a contact, working at
one organisation. Dated evidence fades with a **half-life of its own tie**::

    h(tie) = max(h0, rhythm_factor * rhythm) * (1 + age / age_scale)
             * (1 + activity_factor * log(1 + activity))

- ``rhythm`` is the tie's typical gap between interactions, so a tie seen
  every three months is not dormant after one;
- ``age`` is the time since the tie's first evidence: decay is fastest for
  new ties and slows as they age (Burt 2000);
- ``activity`` is how active the less active of the two people is in the
  network recently (their faded interactions with anyone): a tie whose
  people are still around, embedded in ongoing contact, decays more slowly
  (Burt 2002).

The evidence ``E`` of a tie is the sum of its faded weights, and its
strength saturates: ``strength = m + (1 - m) * (1 - exp(-E / saturation))``
with ``m =`` :data:`MIN_STRENGTH`, so every tie keeps a finite path cost
``-log(strength)`` and strength still orders ties by evidence.

The few parameters (``h0``, ``rhythm_factor``, ``activity_factor``) are
fitted to the user's own history by :func:`tiegraph.calibrate`; pin the
result in ``network.toml`` under ``[strength]``. Without it the documented
defaults of :class:`StrengthParams` hold.

References
----------
.. [1] R. S. Burt, "Decay functions", Social Networks 22 (2000) 1-28.
.. [2] R. S. Burt, "Bridge decay", Social Networks 24 (2002) 333-363.
.. [3] E. Gilbert and K. Karahalios, "Predicting tie strength with social
   media", CHI 2009.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

import numpy as np
import pandas as pd

from . import schema as S
from .exceptions import ConfigError, DataError
from .settings import Settings

__all__ = [
    "DEFAULT_CHANNEL_WEIGHTS",
    "MIN_STRENGTH",
    "StrengthParams",
    "days_until",
    "known_channels",
    "tie_strengths",
]

#: Weight of one interaction by channel (in person > call > video > message/email > social).
DEFAULT_CHANNEL_WEIGHTS: dict[str, float] = {
    "in_person": 1.0,
    "call": 0.7,
    "video": 0.6,
    "message": 0.3,
    "email": 0.3,
    "social": 0.1,
}

#: The lowest strength a tie can have, so that its cost ``-log(strength)`` stays finite.
MIN_STRENGTH = 0.01

_DAY = np.timedelta64(1, "D")
_LN2 = np.log(2.0)


@dataclass(frozen=True)
class StrengthParams:
    """The parameters of the tie-strength model, with their defaults.

    Every field can be set in ``network.toml`` under ``[strength]``, and
    channel weights under ``[strength.channels]``.

    Examples
    --------
    >>> p = StrengthParams.from_settings({"half_life_days": 14, "channels": {"signal": 0.3}})
    >>> p.half_life_days, p.channels["signal"], p.channels["call"]
    (14.0, 0.3, 0.7)
    """

    #: base half-life h0 of dated evidence, in days (fitted by calibrate)
    half_life_days: float = 21.0
    #: a tie's half-life is at least this many times its typical gap between contacts
    rhythm_factor: float = 1.5
    #: how much the less active person's recent activity slows a tie's decay
    activity_factor: float = 0.25
    #: days over which a tie's age doubles its half-life
    age_scale_days: float = 730.0
    #: E at which strength reaches 1 - 1/e (about 0.63)
    saturation: float = 3.0
    #: weight of being in one meeting with others, relative to a direct interaction
    shared_factor: float = 0.3
    #: weight of an introduction ("met through")
    introduction_weight: float = 0.5
    #: weight of one point of closeness (1-5) set by the user
    closeness_weight: float = 0.5
    #: half-life of introductions and closeness ratings, in days
    manual_half_life_days: float = 180.0
    #: standing weight of being listed as a direct contact (does not fade)
    contact_weight: float = 0.15
    #: standing weight of working at one organisation (inferred, does not fade)
    same_org_weight: float = 0.1
    channels: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_CHANNEL_WEIGHTS))

    @classmethod
    def from_settings(cls, table: Mapping[str, Any] | None) -> StrengthParams:
        """Return the parameters of a ``[strength]`` table (defaults for what it leaves out)."""
        table = dict(table or {})
        channels = dict(DEFAULT_CHANNEL_WEIGHTS)
        extra = table.pop("channels", {}) or {}
        if not isinstance(extra, Mapping):
            raise ConfigError("network.toml: [strength.channels] must be a table of weights")
        for name, weight in extra.items():
            channels[str(name).lower()] = _positive(f"[strength.channels] {name}", weight)
        known = {f.name for f in fields(cls)} - {"channels"}
        unknown = sorted(set(table) - known)
        if unknown:
            raise ConfigError(
                f"network.toml: unknown [strength] key(s) {', '.join(unknown)} "
                f"(known: {', '.join(sorted(known))})"
            )
        values = {
            k: _positive(f"[strength] {k}", v, allow_zero=k.endswith("factor"))
            for k, v in table.items()
        }
        return cls(channels=channels, **values)

    def to_toml(self) -> str:
        """Return the fitted part as lines to paste under ``[strength]`` in ``network.toml``."""
        d = asdict(self)
        return "\n".join(
            f"{k} = {round(float(d[k]), 4):g}"
            for k in ("half_life_days", "rhythm_factor", "activity_factor")
        )


def _positive(name: str, value: object, *, allow_zero: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"network.toml: {name} must be a number, not {value!r}")
    if value < 0 or (value == 0 and not allow_zero):
        raise ConfigError(f"network.toml: {name} must be positive, not {value!r}")
    return float(value)


def known_channels(settings: Settings) -> tuple[str, ...]:
    """Return the channel names an interaction may have (defaults plus ``[strength.channels]``)."""
    extra = settings.strength.get("channels", {}) if settings.strength else {}
    return tuple(dict.fromkeys([*DEFAULT_CHANNEL_WEIGHTS, *(str(c).lower() for c in extra)]))


def _params(params: StrengthParams | Mapping[str, Any] | None) -> StrengthParams:
    if isinstance(params, StrengthParams):
        return params
    return StrengthParams.from_settings(params)


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
        The date strengths are computed at. Evidence after it is left out.
    params : StrengthParams or mapping, optional
        The model's parameters, or the ``[strength]`` table of ``network.toml``.
    now : Timestamp, optional
        The real current time (default: now). An interaction after it is an
        error, whatever ``as_of`` is.
    peak : bool
        Compute ``peak_strength`` (default); calibration turns it off for speed.

    Returns
    -------
    DataFrame
        ``u``, ``v``, ``strength``, ``peak_strength`` (the highest it has been,
        up to ``as_of``), ``last_contact`` (last interaction), ``first_contact``
        (first dated evidence), ``n_interactions``, ``half_life_days`` (the
        tie's half-life now) and ``rhythm_days`` (typical days between its
        interactions; NaN with fewer than two).

    Raises
    ------
    DataError
        An interaction is dated in the future; the message names its file and row.

    Notes
    -----
    See the module docstring for the model. Evidence weights: an
    interaction weighs its channel's weight, being in a meeting with others
    ``shared_factor`` times that, an introduction ``introduction_weight``,
    a closeness rating ``closeness * closeness_weight``; introductions and
    ratings fade with ``manual_half_life_days`` from their date (undated
    ones do not fade). Being a listed contact and working at one
    organisation add standing weights that do not fade. ``peak_strength``
    is evaluated at each piece of evidence with the tie's current half-life.

    Examples
    --------
    One in-person meeting 30 days ago, with the default 21-day base
    half-life, lengthened by the tie's 30-day age to 21 * (1 + 30/730)
    (the activity term switched off):

    >>> ev = pd.DataFrame({"u": ["a"], "v": ["me"], "kind": ["interaction"],
    ...     "date": pd.to_datetime(["2024-05-02"], utc=True), "channel": ["in_person"],
    ...     "value": [float("nan")], "file": ["interactions.csv"], "line": [2]})
    >>> t = tie_strengths(ev, as_of=pd.Timestamp("2024-06-01", tz="UTC"),
    ...                   params={"activity_factor": 0})
    >>> round(float(t.half_life_days[0]), 1), round(float(t.strength[0]), 3)
    (21.9, 0.13)
    """
    p = _params(params)
    as_of = pd.Timestamp(as_of)
    now = pd.Timestamp.now(tz="UTC") if now is None else pd.Timestamp(now)
    ev = events
    dates = ev["date"]
    is_int = (ev["kind"] == S.EV_INTERACTION).to_numpy()
    future = is_int & (dates > now).to_numpy()
    if future.any():
        i = int(np.argmax(future))
        raise DataError(
            ev["file"].iloc[i] or S.INTERACTIONS.file,
            f"is in the future (after {now:%Y-%m-%d}); interactions must have happened",
            row=int(ev["line"].iloc[i]),
            column=S.DATE,
            value=f"{dates.iloc[i]:%Y-%m-%d}",
        )
    keep = (dates.isna() | (dates <= as_of)).to_numpy()
    ev = ev[keep]
    columns = [
        "u",
        "v",
        "strength",
        "peak_strength",
        "last_contact",
        "first_contact",
        "n_interactions",
        "half_life_days",
        "rhythm_days",
    ]
    if not len(ev):
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})

    kind = ev["kind"].to_numpy()
    pair = pd.MultiIndex.from_arrays([ev["u"].to_numpy(), ev["v"].to_numpy()])
    tie, ties = pd.factorize(pair, sort=True)
    n_ties = len(ties)
    people, person = np.unique(
        np.concatenate([ev["u"].to_numpy(dtype=object), ev["v"].to_numpy(dtype=object)]).astype(
            str
        ),
        return_inverse=True,
    )
    pu, pv = person[: len(ev)], person[len(ev) :]
    # days before as_of (NaN when undated)
    age_days = ((as_of - ev["date"]) / pd.Timedelta(days=1)).to_numpy(dtype=float)
    dated = ~np.isnan(age_days)
    is_int = kind == S.EV_INTERACTION
    is_shared = kind == S.EV_SHARED
    channel_w = ev["channel"].str.lower().map(p.channels).fillna(0.0).to_numpy(dtype=float)

    # per tie: first/last interaction, count, rhythm, first dated evidence
    n_int = np.bincount(tie, weights=is_int, minlength=n_ties)
    int_age = np.where(is_int & dated, age_days, np.nan)
    last_age = _group_reduce(np.fmin, tie, int_age, n_ties, np.inf)
    first_int_age = _group_reduce(np.fmax, tie, int_age, n_ties, -np.inf)
    first_age = _group_reduce(np.fmax, tie, np.where(dated, age_days, np.nan), n_ties, -np.inf)
    with np.errstate(invalid="ignore", divide="ignore"):
        rhythm = np.where(n_int >= 2, (first_int_age - last_age) / (n_int - 1), np.nan)

    # how active each person is now: their faded interactions with anyone
    contact_ev = (is_int | is_shared) & dated
    faded = np.where(
        contact_ev, channel_w * np.exp2(-np.nan_to_num(age_days) / p.half_life_days), 0
    )
    activity = np.bincount(pu, weights=faded, minlength=len(people)) + np.bincount(
        pv, weights=faded, minlength=len(people)
    )
    tie_u = _group_first(tie, pu, n_ties)
    tie_v = _group_first(tie, pv, n_ties)
    less_active = np.minimum(activity[tie_u], activity[tie_v])

    half_life = (
        np.maximum(p.half_life_days, p.rhythm_factor * np.nan_to_num(rhythm))
        * (1.0 + np.nan_to_num(np.maximum(first_age, 0)) / p.age_scale_days)
        * (1.0 + p.activity_factor * np.log1p(less_active))
    )

    # evidence weight of each event and how it fades
    weight = np.select(
        [
            is_int,
            is_shared,
            kind == S.EV_INTRODUCTION,
            kind == S.EV_CLOSENESS,
            kind == S.EV_CONTACT,
            kind == S.EV_SAME_ORG,
        ],
        [
            channel_w,
            p.shared_factor * channel_w,
            p.introduction_weight,
            p.closeness_weight * ev["value"].to_numpy(dtype=float),
            p.contact_weight,
            p.same_org_weight,
        ],
        0.0,
    )
    fades = dated & np.isin(
        kind, [S.EV_INTERACTION, S.EV_SHARED, S.EV_INTRODUCTION, S.EV_CLOSENESS]
    )
    manual = np.isin(kind, [S.EV_INTRODUCTION, S.EV_CLOSENESS])
    event_h = np.where(manual, p.manual_half_life_days, half_life[tie])
    standing = np.bincount(tie, weights=np.where(fades, 0.0, weight), minlength=n_ties)
    now_part = np.where(fades, weight * np.exp2(-np.nan_to_num(age_days) / event_h), 0.0)
    evidence = standing + np.bincount(tie, weights=now_part, minlength=n_ties)
    strength = _saturate(evidence, p)
    if peak:
        peak_evidence = standing + _peak_faded(tie, age_days, weight, event_h, fades, n_ties)
        peak_strength = np.maximum(strength, _saturate(peak_evidence, p))
    else:
        peak_strength = np.full(n_ties, np.nan)

    u = ties.get_level_values(0)
    v = ties.get_level_values(1)
    return pd.DataFrame(
        {
            "u": u,
            "v": v,
            "strength": strength,
            "peak_strength": peak_strength,
            "last_contact": _to_dates(as_of, last_age),
            "first_contact": _to_dates(as_of, first_age),
            "n_interactions": n_int.astype(int),
            "half_life_days": half_life,
            "rhythm_days": rhythm,
        }
    )


def _saturate(evidence: np.ndarray, p: StrengthParams) -> np.ndarray:
    """Map evidence to strength: strictly increasing, from MIN_STRENGTH towards 1."""
    return MIN_STRENGTH - (1.0 - MIN_STRENGTH) * np.expm1(-np.asarray(evidence) / p.saturation)


def _to_dates(as_of: pd.Timestamp, age: np.ndarray) -> pd.Series:
    finite = np.where(np.isfinite(age), age, np.nan)
    return pd.Series(as_of - pd.to_timedelta(finite, unit="D"))


def _group_reduce(
    ufunc: np.ufunc, group: np.ndarray, values: np.ndarray, n: int, empty: float
) -> np.ndarray:
    """Reduce ``values`` per group with ``ufunc`` (NaN ignored); NaN for groups with none."""
    out = np.full(n, empty)
    vals = np.where(np.isnan(values), empty, values)
    ufunc.at(out, group, vals)
    out[out == empty] = np.nan
    return out


def _group_first(group: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros(n, dtype=values.dtype)
    out[group[::-1]] = values[::-1]
    return out


def _peak_faded(
    tie: np.ndarray,
    age: np.ndarray,
    weight: np.ndarray,
    half_life: np.ndarray,
    fades: np.ndarray,
    n_ties: int,
) -> np.ndarray:
    """Return, per tie, the highest faded evidence reached just after any of its events.

    Evidence just after event k is ``sum_{j<=k} w_j 2^(-(t_k - t_j)/h)``, a
    running sum computed per tie with ``cumsum`` in blocks ("epochs") of
    bounded exponent, each carrying the previous block's last value, so
    nothing overflows however long the history.
    """
    idx = np.flatnonzero(fades)
    if not len(idx):
        return np.zeros(n_ties)
    t = -age[idx]  # days relative to as_of, increasing with time
    g = tie[idx]
    lam = _LN2 / half_life[idx]
    w = weight[idx]
    order = np.lexsort((t, g))
    t, g, lam, w = t[order], g[order], lam[order], w[order]
    start = np.r_[True, g[1:] != g[:-1]]
    t0 = np.maximum.accumulate(np.where(start, np.arange(len(t)), 0))
    x = lam * (t - t[t0])  # decay "time" since the tie's first event, >= 0
    span = 500.0
    epoch = np.floor(x / span).astype(int)
    result = np.empty(len(t))
    last_value = np.zeros(n_ties)
    last_x = np.zeros(n_ties)
    has_last = np.zeros(n_ties, dtype=bool)
    for e in np.unique(epoch):
        sel = np.flatnonzero(epoch == e)
        xs = x[sel] - e * span
        gs = g[sel]
        terms = w[sel] * np.exp(xs)
        # cumulative sum restarted at each tie within this epoch
        csum = np.cumsum(terms)
        first_in_block = np.r_[True, gs[1:] != gs[:-1]]
        block_start = np.maximum.accumulate(np.where(first_in_block, np.arange(len(sel)), 0))
        offset = np.where(block_start > 0, csum[np.maximum(block_start - 1, 0)], 0.0)
        local = (csum - offset) * np.exp(-xs)
        carry = np.where(has_last[gs], last_value[gs] * np.exp(-(x[sel] - last_x[gs])), 0.0)
        vals = local + carry
        result[sel] = vals
        last_in_block = np.r_[gs[1:] != gs[:-1], True]
        last_value[gs[last_in_block]] = vals[last_in_block]
        last_x[gs[last_in_block]] = x[sel][last_in_block]
        has_last[gs[last_in_block]] = True
    peak = np.zeros(n_ties)
    np.maximum.at(peak, g, result)
    return peak


def days_until(
    strength: np.ndarray | float,
    threshold: float,
    half_life_days: np.ndarray | float,
    *,
    params: StrengthParams | Mapping[str, Any] | None = None,
) -> np.ndarray:
    """Days until a tie's strength fades below ``threshold`` if nobody gets in touch.

    Parameters
    ----------
    strength : float or array
        Strength now.
    threshold : float
        The strength to fall below (e.g. the dormancy threshold).
    half_life_days : float or array
        The tie's half-life now (edge attribute ``half_life_days``).
    params : StrengthParams or mapping, optional
        The model's parameters (for the saturation scale).

    Returns
    -------
    ndarray
        Days (0 when already below; ``inf`` when standing evidence alone keeps
        it above).

    Examples
    --------
    >>> float(days_until(0.5, 0.25, 30.0).round(1))
    39.0
    """
    p = _params(params)
    s = np.asarray(strength, dtype=float)
    h = np.asarray(half_life_days, dtype=float)
    m = MIN_STRENGTH
    e_now = -p.saturation * np.log1p(-(np.minimum(s, 1 - 1e-12) - m) / (1 - m))
    e_thr = -p.saturation * np.log1p(-(threshold - m) / (1 - m))
    with np.errstate(divide="ignore", invalid="ignore"):
        d = h * np.log2(e_now / e_thr)
    return np.where(s <= threshold, 0.0, np.where(np.isfinite(d), d, np.inf))


def with_params(params: StrengthParams, **changes: float) -> StrengthParams:
    """Return ``params`` with some fields changed (used by calibration)."""
    return replace(params, **changes)
