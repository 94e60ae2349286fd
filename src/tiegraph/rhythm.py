"""The keep-in-touch list: strong ties due for contact at their own rhythm, before they go quiet.

:func:`keep_in_touch` reads the owner's ties (:func:`tiegraph.dormancy.owner_ties`),
leaves out the dormant ones (:func:`tiegraph.dormancy.is_dormant`: those are for
:func:`tiegraph.dormant_ties`) and lists each strong tie when its usual gap
between contacts has (nearly) passed, with the day to reach out by. It
returns a DataFrame and does not change the graph.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from ._words import ago, day, plural
from .dormancy import (
    COUNT,
    DAY,
    DAYS,
    HALF_LIFE,
    LAST,
    MAX_NOW,
    MAX_SHARE,
    MIN_PEAK,
    MIN_QUIET_DAYS,
    N_INT,
    PEAK,
    QUIET_RHYTHMS,
    RHYTHM,
    SHARE,
    STANDING,
    STRENGTH,
    empty_frame,
    finish_frame,
    owner_dormancy,
)
from .params import Interval, validate_params
from .ties import days_until

__all__ = ["HEADS_UP", "KEEP_IN_TOUCH_COLUMNS", "keep_in_touch"]

#: Keep-in-touch lists a tie this share of its rhythm before it is due (1.5 days for a monthly tie).
HEADS_UP = 0.05

#: Columns of :func:`keep_in_touch`, in order.
KEEP_IN_TOUCH_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "org",
    "strength",
    "peak_strength",
    "n_interactions",
    "rhythm_days",
    "last_contact",
    "last_contact_ago",
    "reach_out_by",
    "days_left",
    "dormant_by",
    "reason",
)


#: How far ahead a tie's fading is projected: beyond it, ``dormant_by`` is empty.
_HORIZON_DAYS = 36_525.0


@validate_params(
    min_peak=SHARE,
    max_now=SHARE,
    max_share=SHARE,
    min_quiet_days=DAYS,
    quiet_rhythms=DAYS,
    limit=[COUNT, None],
    heads_up=DAYS,
    min_interactions=[Interval(int, 2, None)],
)
def keep_in_touch(
    G: nx.Graph,
    *,
    min_peak: float = MIN_PEAK,
    max_now: float = MAX_NOW,
    max_share: float = MAX_SHARE,
    min_quiet_days: float = MIN_QUIET_DAYS,
    quiet_rhythms: float = QUIET_RHYTHMS,
    heads_up: float = HEADS_UP,
    min_interactions: int = 3,
    limit: int | None = None,
) -> pd.DataFrame:
    """Return the strong ties due for contact at their own rhythm, before they go quiet.

    Parameters
    ----------
    G : networkx.Graph
        A network graph (:func:`tiegraph.load_network`). It is not changed.
    min_peak : float
        Only ties whose peak strength reached this (default :data:`MIN_PEAK`).
    max_now : float
        ... and whose strength now is still above this (default
        :data:`MAX_NOW`).
    max_share, min_quiet_days, quiet_rhythms : float
        A tie that :func:`tiegraph.dormant_ties` lists with these thresholds is left
        out (defaults as there).
    heads_up : float
        List a tie this share of its rhythm before it is due (default
        :data:`HEADS_UP`, 0.05: a day and a half for a monthly tie).
    min_interactions : int
        A rhythm needs at least this many logged interactions (default 3).
    limit : int, optional
        Return at most this many rows (the most urgent).

    Returns
    -------
    DataFrame
        One row per tie, most urgent first (smallest ``days_left``, then
        strongest, then by id), columns :data:`KEEP_IN_TOUCH_COLUMNS`:
        ``id``, ``name``, ``org``, ``strength``, ``peak_strength``,
        ``n_interactions``, ``rhythm_days`` (typical whole days between
        your interactions), ``last_contact``, ``last_contact_ago``,
        ``reach_out_by`` (Timestamp, see Notes), ``days_left`` (whole days
        from ``as_of`` to ``reach_out_by``; negative when overdue),
        ``dormant_by`` (when the strength model projects the tie to fall to
        ``max_now`` with no further contact; NaT when it cannot say or never)
        and ``reason``.

    Raises
    ------
    ConfigError
        A threshold is out of range.

    Examples
    --------
    >>> import tiegraph
    >>> G = tiegraph.load_network(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)
    >>> k = tiegraph.keep_in_touch(G)
    >>> "Priya Raman" in set(k["name"])
    True

    Notes
    -----
    A tie is a candidate when ``peak_strength >= min_peak``, ``strength >
    max_now``, it is not dormant (:func:`tiegraph.dormant_ties`), it has at
    least ``min_interactions`` interactions and a last contact. Its rhythm is the edge attribute
    ``rhythm_days`` of the strength model, or else the mean gap between its
    first and last interaction, ``(last - first) / (n - 1)``. It is *due* on
    ``last_contact + round(rhythm)`` days: when you would usually be in
    touch again. When the strength model offers a projection
    (:func:`tiegraph.ties.days_until` with the tie's ``half_life_days``),
    ``dormant_by`` is the day its strength falls to ``max_now`` if nobody
    gets in touch, rounded up (``standing_evidence``, the part of a tie's
    evidence that does not fade, is passed on when the edge has it).
    ``reach_out_by`` is the earlier of the two.

    A candidate is listed when it is due within ``heads_up * rhythm`` days,
    or overdue: the list goes by each tie's own rhythm, and the projection
    only says how long is left. A tie seen every three months is thus not
    listed one month after the last contact, and a weekly tie is listed
    only when a week has passed; once it has faded or gone silent it
    leaves this list for :func:`tiegraph.dormant_ties`. Contact at a tie's
    usual rhythm is what keeps it from decaying (Burt, "Decay functions",
    Social Networks 22, 2000).
    """
    ties, as_of, dormant = owner_dormancy(
        G,
        min_peak=min_peak,
        max_now=max_now,
        max_share=max_share,
        min_quiet_days=min_quiet_days,
        quiet_rhythms=quiet_rhythms,
    )
    cand = ties[
        ~dormant
        & (ties[PEAK] >= min_peak)
        & (ties[STRENGTH] > max_now)
        & (ties[N_INT] >= min_interactions)
        & ties[LAST].notna()
        & ties[RHYTHM].notna()
        & (ties[RHYTHM] > 0)
    ].reset_index(drop=True)
    if not len(cand):
        return empty_frame(KEEP_IN_TOUCH_COLUMNS)
    rhythm = cand[RHYTHM].to_numpy(dtype=float)
    due = cand[LAST] + pd.to_timedelta(np.round(rhythm), unit="D")
    dormant_days = _days_until_dormant(G, cand, max_now)
    dormant_by = pd.Series(
        as_of
        + pd.to_timedelta(
            # a projection past a century is "not in sight" (and past what a date can hold)
            np.where(dormant_days <= _HORIZON_DAYS, np.ceil(dormant_days), np.nan),
            unit="D",
        ),
        index=cand.index,
    )
    reach_by = due.where(dormant_by.isna() | (due <= dormant_by), dormant_by)
    cand["reach_out_by"] = reach_by
    cand["dormant_by"] = dormant_by
    cand["days_left"] = np.floor((reach_by - as_of) / DAY).astype(int)
    due_days = (due - as_of) / DAY
    listed = due_days <= heads_up * rhythm
    cand = cand[listed.to_numpy()].copy()
    cand["_due"] = due[listed.to_numpy()]
    cand = cand.sort_values(
        ["days_left", STRENGTH, "id"], ascending=[True, False, True], kind="stable"
    ).reset_index(drop=True)
    if limit is not None:
        cand = cand.head(limit)
    if not len(cand):
        return empty_frame(KEEP_IN_TOUCH_COLUMNS)
    cand["last_contact_ago"] = [ago(d) for d in (as_of - cand[LAST]) / DAY]
    cand["reason"] = [_keep_reason(row, as_of) for row in cand.to_dict("records")]
    cand[RHYTHM] = np.round(cand[RHYTHM].to_numpy(dtype=float))  # whole days, as due uses
    return finish_frame(cand, KEEP_IN_TOUCH_COLUMNS)


def _keep_reason(row: Mapping[Any, Any], as_of: pd.Timestamp) -> str:
    rhythm = row[RHYTHM]
    every = f"every {plural(round(rhythm), 'day')}"
    parts = [
        f"you are usually in touch {every} ({plural(int(row[N_INT]), 'interaction')}, "
        f"strength {row[STRENGTH]:.2f}, peak {row[PEAK]:.2f})",
        f"last contact {day(row[LAST])}, {ago((as_of - row[LAST]) / DAY)}",
    ]
    due_left = math.floor((row["_due"] - as_of) / DAY)
    if due_left < 0:
        parts.append(f"{plural(-due_left, 'day')} overdue")
    elif due_left == 0:
        parts.append("due today")
    else:
        parts.append(f"due in {plural(due_left, 'day')} ({day(row['_due'])})")
    dormant_by = row["dormant_by"]
    if dormant_by is not None and not pd.isna(dormant_by):
        parts.append(f"without contact it goes dormant around {day(dormant_by)}")
    return "; ".join(parts)


def _days_until_dormant(G: nx.Graph, ties: pd.DataFrame, max_now: float) -> np.ndarray:
    """Days until each tie falls to ``max_now`` by the strength model's projection, else NaN."""
    half_life = ties[HALF_LIFE].to_numpy(dtype=float)
    if not np.isfinite(half_life).any():
        return np.full(len(ties), np.nan)
    settings = G.graph.get("settings")
    params = getattr(settings, "strength", None) or None
    days = days_until(
        ties[STRENGTH].to_numpy(dtype=float),
        max_now,
        half_life,
        params=params,
        standing_evidence=np.nan_to_num(ties[STANDING].to_numpy(dtype=float)),
    )
    return np.where(np.isfinite(half_life), np.asarray(days, dtype=float), np.nan)
