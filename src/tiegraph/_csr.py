"""A network graph's ties as CSR arrays: read from its ties table, or in one pass over it.

:func:`table_arrays` takes the ties from ``G.graph["ties"]`` (one row per
tie, as the graph builder computes it) when that table agrees with the
graph; :func:`adjacency_arrays` reads them from the adjacency in C
(``map`` and ``itemgetter``, no Python code per tie); :func:`csr_from_ties`
turns one row per tie into symmetric CSR arrays; :func:`check_strengths`
refuses a strength outside (0, 1]. :mod:`tiegraph._index` builds its index
from them.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Hashable

import networkx as nx
import numpy as np
import pandas as pd

from .exceptions import ConfigError

__all__ = [
    "TABLE_SAMPLE",
    "adjacency_arrays",
    "check_strengths",
    "csr_from_ties",
    "positions",
    "table_arrays",
]

#: Ties of the graph's ``ties`` table checked against the graph before it is used.
TABLE_SAMPLE = 64


def adjacency_arrays(G: nx.Graph, ids: list[Hashable]) -> tuple[np.ndarray, ...]:
    """CSR arrays (both directions, the graph's own order) read from ``G``'s adjacency.

    Returns ``indptr``, ``indices`` and ``strength`` (NaN where a tie has
    neither ``strength`` nor ``cost``). Every loop runs in C: ``map`` over the
    adjacency dicts, pandas' hash table for the positions.
    """
    chain = itertools.chain.from_iterable
    nbrs = list(G._adj.values())
    deg = np.fromiter(map(len, nbrs), dtype=np.int64, count=len(nbrs))
    total = int(deg.sum())
    indptr = np.zeros(len(nbrs) + 1, dtype=np.int64)
    np.cumsum(deg, out=indptr[1:])
    keys = np.fromiter(chain(nbrs), dtype=object, count=total)
    indices = positions(ids, keys)
    del keys
    data = np.fromiter(chain(map(dict.values, nbrs)), dtype=object, count=total)
    try:
        strength = np.fromiter(map(operator.itemgetter("strength"), data), dtype=float, count=total)
    except KeyError:  # some ties without strength: take it from the cost, if any
        strength = np.array([d.get("strength", np.nan) for d in data], dtype=float)
        missing = np.flatnonzero(np.isnan(strength))
        costs = np.array([data[i].get("cost", np.nan) for i in missing], dtype=float)
        strength[missing] = np.exp(-costs)
    return indptr, indices, strength


def table_arrays(
    G: nx.Graph, ids: list[Hashable], *, trusted: bool = True
) -> tuple[np.ndarray, ...] | None:
    """Half-edge arrays ``u, v, strength`` from ``G.graph["ties"]``, or None if unusable.

    Used only when the table has one row per tie of ``G`` (and ``G`` has no
    self-loop), every end is a node, every strength is a number, and a sample
    of rows matches the graph's edges, and it is ``trusted`` (not after an
    edit in place); otherwise the adjacency is read.
    """
    table = G.graph.get("ties")
    if not trusted or not isinstance(table, pd.DataFrame):
        return None
    if not {"u", "v", "strength"} <= set(table.columns):
        return None
    if 2 * len(table) != sum(map(len, G._adj.values())):
        return None
    u = positions(ids, table["u"].to_numpy(dtype=object), strict=False)
    v = positions(ids, table["v"].to_numpy(dtype=object), strict=False)
    try:
        s = table["strength"].to_numpy(dtype=float)
    except (TypeError, ValueError):
        return None
    if len(u) and (u.min() < 0 or v.min() < 0 or (u == v).any()):
        return None
    rng = np.random.default_rng(len(table))
    adj = G._adj
    for i in rng.choice(len(table), size=min(TABLE_SAMPLE, len(table)), replace=False):
        data = adj[ids[u[i]]].get(ids[v[i]])
        if data is None or data.get("strength") != s[i]:
            return None
    return u.astype(np.int64), v.astype(np.int64), s


def positions(ids: list[Hashable], keys: np.ndarray, *, strict: bool = True) -> np.ndarray:
    """Positions of ``keys`` among the node ids (-1 for a key that is no node, unless strict).

    pandas' hash table does the look-ups in C; ids it does not hash as a dict
    does (several NaNs, say) fall back to the dict.
    """
    try:
        index = pd.Index(np.fromiter(ids, dtype=object, count=len(ids)), tupleize_cols=False)
        found = index.get_indexer(keys) if index.is_unique else None
    except (TypeError, ValueError):
        found = None
    if found is not None and (not strict or not len(found) or found.min() >= 0):
        return found.astype(np.int64, copy=False)
    pos = {node: i for i, node in enumerate(ids)}
    get = pos.__getitem__ if strict else lambda k: pos.get(k, -1)
    return np.fromiter(map(get, keys), dtype=np.int64, count=len(keys))


def csr_from_ties(n: int, u: np.ndarray, v: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, ...]:
    """Symmetric CSR ``indptr, indices, strength`` from one row per tie (a counting sort)."""
    rows = np.concatenate([u, v])
    order = np.argsort(rows, kind="stable")
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    return indptr, np.concatenate([v, u])[order], np.concatenate([s, s])[order]


def check_strengths(ids: list[Hashable], u: np.ndarray, v: np.ndarray, s: np.ndarray) -> None:
    """Raise :class:`ConfigError` naming the first tie whose strength is not in (0, 1]."""
    bad = np.flatnonzero(np.isnan(s) | (s < 0) | (s > 1))
    if len(bad):
        i = bad[0]
        tie = f"{ids[u[i]]!r}-{ids[v[i]]!r}"
        raise ConfigError(f"tie {tie}: strength {float(s[i])!r} is not in (0, 1]")
