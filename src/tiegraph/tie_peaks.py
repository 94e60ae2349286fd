"""The peak of a tie: the highest its faded evidence reached, and when.

:func:`peak_faded` follows each tie's faded evidence just after each of its
events with cumulative sums in log space, per tie and half-life, without a
Python loop over ties; :func:`tiegraph.strength.tie_strengths` turns it into
``peak_strength`` and ``peak_date``.
"""

from __future__ import annotations

import numpy as np

__all__ = ["peak_faded"]

_LN2 = np.log(2.0)


def peak_faded(
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
