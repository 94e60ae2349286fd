"""The dormant rule and the owner's ties it is applied to.

A tie of the owner is *dormant* when it was strong (its peak strength
reached ``min_peak``) and has either faded (its strength now is at most
``max_now`` and at most ``max_share`` of its peak) or gone silent (nobody got
in touch for ``min_quiet_days`` and for ``quiet_rhythms`` times its usual gap
between contacts). :func:`is_dormant` is that rule, vectorised; the map
(:mod:`tiegraph.viz`), the dormant list (:func:`tiegraph.dormant_ties`) and
the keep-in-touch list (:func:`tiegraph.keep_in_touch`) all use it, so they
agree by construction.

:func:`owner_ties` reads the owner's ties from the graph into one table
(edge attributes ``strength``, ``peak_strength``, ``last_contact``,
``n_interactions`` and, when the strength model provides them,
``rhythm_days``, ``half_life_days`` and ``standing_evidence``), and
:func:`finish_frame` gives the lists' columns their dtypes (whole days as
integers, dates as UTC timestamps to the second).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from . import schema as S
from .exceptions import ConfigError
from .params import Interval

__all__ = [
    "COUNT",
    "DAY",
    "DAYS",
    "HALF_LIFE",
    "LAST",
    "MAX_NOW",
    "MAX_SHARE",
    "MIN_PEAK",
    "MIN_QUIET_DAYS",
    "N_INT",
    "PEAK",
    "QUIET_RHYTHMS",
    "RHYTHM",
    "SHARE",
    "STANDING",
    "STRENGTH",
    "check_thresholds",
    "dormant_mask",
    "empty_frame",
    "finish_frame",
    "is_dormant",
    "owner_ties",
]

#: A tie counts as having been strong when its peak strength reached this.
MIN_PEAK = 0.5
#: A tie is dormant when its strength now is at most this ...
MAX_NOW = 0.4
#: ... and at most this share of its peak (it really faded, rather than always being middling);
MAX_SHARE = 0.5
#: or it is dormant when nobody got in touch for this many days ...
MIN_QUIET_DAYS = 90
#: ... and for this many times its usual gap between contacts (it broke its own rhythm).
QUIET_RHYTHMS = 4.0

# edge attributes of the graph contract (tiegraph.build)
STRENGTH = "strength"
PEAK = "peak_strength"
LAST = "last_contact"
N_INT = "n_interactions"
RHYTHM = "rhythm_days"
HALF_LIFE = "half_life_days"
STANDING = "standing_evidence"
_EVIDENCE = "evidence"
DAY = pd.Timedelta(days=1)

#: What the public functions' parameters may be (see :mod:`tiegraph.params`).
SHARE = [Interval(float, 0, 1)]
DAYS = [Interval(float, 0, None)]
COUNT = Interval(int, 0, None)


def owner_ties(G: nx.Graph) -> pd.DataFrame:
    """Return one row per tie of the owner: person, strength, contact history, rhythm."""
    me = G.graph["me"]
    adj: Mapping[str, Mapping[str, Any]] = G.adj[me] if me in G else {}
    ids = [v for v in adj if v != me]
    edges = [adj[v] for v in ids]
    nodes = G.nodes
    frame = pd.DataFrame(
        {
            "id": pd.Series(ids, dtype=object),
            "name": pd.Series([nodes[v].get(S.NAME) or v for v in ids], dtype=object),
            "org": pd.Series([nodes[v].get(S.ORG) or "" for v in ids], dtype=object),
            S.CLOSENESS: pd.Series([nodes[v].get(S.CLOSENESS) for v in ids], dtype=object),
            STRENGTH: np.array([float(d.get(STRENGTH, 0.0)) for d in edges], dtype=float),
            PEAK: np.array(
                [float(_value(d.get(PEAK), d.get(STRENGTH, 0.0))) for d in edges], dtype=float
            ),
            # to the second: a time computed in float days carries nanosecond noise
            LAST: pd.to_datetime(
                pd.Series([d.get(LAST) for d in edges], dtype=object), utc=True
            ).dt.round("s"),
            N_INT: np.array([int(d.get(N_INT) or 0) for d in edges], dtype=int),
            RHYTHM: np.array([_rhythm(d) for d in edges], dtype=float),
            HALF_LIFE: np.array([_number(d.get(HALF_LIFE)) for d in edges], dtype=float),
            STANDING: np.array([_number(d.get(STANDING, 0.0)) for d in edges], dtype=float),
        }
    )
    return frame


def _value(x: Any, default: Any) -> Any:
    return default if x is None or (isinstance(x, float) and math.isnan(x)) else x


def _number(x: Any) -> float:
    """Return ``x`` as a float, NaN when missing."""
    try:
        out = float(x)
    except (TypeError, ValueError):
        return math.nan
    return out


def _rhythm(d: Mapping[str, Any]) -> float:
    """Return a tie's typical days between interactions.

    The strength model's ``rhythm_days`` when the edge has it; else the mean
    gap of the ``interaction`` evidence, ``(last - first) / (n - 1)``.
    """
    if RHYTHM in d:
        return _number(d[RHYTHM])
    for ev in d.get(_EVIDENCE) or ():
        if ev.get("kind") == S.EV_INTERACTION and (ev.get("n") or 0) >= 2:
            first, last = ev.get("first"), ev.get("last")
            if first is not None and last is not None:
                return (pd.Timestamp(last) - pd.Timestamp(first)) / DAY / (ev["n"] - 1)
    return math.nan


def is_dormant(
    strength: ArrayLike,
    peak_strength: ArrayLike,
    *,
    days_quiet: ArrayLike = math.nan,
    rhythm_days: ArrayLike = math.nan,
    min_peak: float = MIN_PEAK,
    max_now: float = MAX_NOW,
    max_share: float = MAX_SHARE,
    min_quiet_days: float = MIN_QUIET_DAYS,
    quiet_rhythms: float = QUIET_RHYTHMS,
) -> np.ndarray:
    """Return whether ties are dormant, the rule of :func:`dormant_ties` (vectorised).

    Parameters
    ----------
    strength, peak_strength : float or array
        Strength now and at its peak.
    days_quiet : float or array
        Days since the last contact (NaN when none).
    rhythm_days : float or array
        Typical days between the tie's interactions (NaN when unknown).
    min_peak, max_now, max_share, min_quiet_days, quiet_rhythms : float
        The thresholds of :func:`dormant_ties`, same defaults.

    Returns
    -------
    ndarray of bool
        For each tie: strong once, and faded or silent.

    Examples
    --------
    >>> is_dormant([0.3, 0.8, 0.8], [0.9, 0.95, 0.95], days_quiet=[30, 211, 40],
    ...            rhythm_days=[7, 5, 5]).tolist()
    [True, True, False]
    """
    s = np.asarray(strength, dtype=float)
    peak = np.asarray(peak_strength, dtype=float)
    quiet = np.asarray(days_quiet, dtype=float)
    rhythm = np.asarray(rhythm_days, dtype=float)
    faded = (s <= max_now) & (s <= max_share * peak)
    with np.errstate(invalid="ignore"):
        silent = (quiet >= min_quiet_days) & (quiet >= quiet_rhythms * rhythm)
    return np.asarray((peak >= min_peak) & (faded | silent), dtype=bool)


def dormant_mask(
    ties: pd.DataFrame,
    as_of: pd.Timestamp,
    *,
    min_peak: float,
    max_now: float,
    max_share: float,
    min_quiet_days: float,
    quiet_rhythms: float,
) -> pd.Series:
    """Return which of the owner's ties are dormant (see :func:`dormant_ties`, Notes)."""
    quiet = (as_of - ties[LAST]).dt.total_seconds() / 86400.0
    mask = is_dormant(
        ties[STRENGTH].to_numpy(dtype=float),
        ties[PEAK].to_numpy(dtype=float),
        days_quiet=quiet.to_numpy(dtype=float, na_value=np.nan),
        rhythm_days=ties[RHYTHM].to_numpy(dtype=float),
        min_peak=min_peak,
        max_now=max_now,
        max_share=max_share,
        min_quiet_days=min_quiet_days,
        quiet_rhythms=quiet_rhythms,
    )
    return pd.Series(mask, index=ties.index)


def check_thresholds(*, min_peak: float, max_now: float) -> None:
    """Check what the declared constraints cannot: one parameter against another."""
    if max_now >= min_peak:
        raise ConfigError(
            f"max_now ({max_now}) must be below min_peak ({min_peak}): a dormant tie "
            "was strong and is now weak"
        )


def owner_dormancy(
    G: nx.Graph,
    *,
    min_peak: float,
    max_now: float,
    max_share: float,
    min_quiet_days: float,
    quiet_rhythms: float,
) -> tuple[pd.DataFrame, pd.Timestamp, pd.Series]:
    """Return the owner's ties, the graph's date, and which ties are dormant (thresholds checked).

    What :func:`tiegraph.dormant_ties` and :func:`tiegraph.keep_in_touch` both start from.
    """
    check_thresholds(min_peak=min_peak, max_now=max_now)
    ties = owner_ties(G)
    as_of = G.graph["as_of"]
    dormant = dormant_mask(
        ties,
        as_of,
        min_peak=min_peak,
        max_now=max_now,
        max_share=max_share,
        min_quiet_days=min_quiet_days,
        quiet_rhythms=quiet_rhythms,
    )
    return ties, as_of, dormant


_DTYPES: dict[str, Any] = {
    **dict.fromkeys(["peak_strength", "strength", "novelty", "value"], "float64"),
    **dict.fromkeys(
        ["n_interactions", "n_contacts", "n_outside", "days_left", "rhythm_days"], "int64"
    ),
    # whole days or hops that may be missing
    **dict.fromkeys(["days_quiet", "target_hops"], "Int64"),
    **dict.fromkeys(["last_contact", "reach_out_by", "dormant_by"], "datetime64[ns, UTC]"),
}


def finish_frame(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """Return ``columns`` of ``frame``, each as the dtype :func:`empty_frame` gives it."""
    return pd.DataFrame(
        {c: frame[c].astype(_DTYPES.get(c, object)) for c in columns}, index=frame.index
    )


def empty_frame(columns: tuple[str, ...]) -> pd.DataFrame:
    """Return an empty frame with ``columns``, each of the dtype it has when rows exist."""
    return pd.DataFrame({c: pd.Series([], dtype=_DTYPES.get(c, object)) for c in columns})
