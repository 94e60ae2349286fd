"""Who is on the map, and where: the people kept under ``max_nodes``, and positions.

:func:`select_people` keeps the people with the best chains (one compiled
Dijkstra search over ``cost = -log(strength)``). Above
:data:`tiegraph.viz.PHYSICS_MAX` people the browser's physics is too slow to
settle, so :func:`positions` computes the map's layout here (a vectorised
Fruchterman-Reingold [1]_, owner at the centre) and physics is off.

References
----------
.. [1] T. M. J. Fruchterman and E. M. Reingold, "Graph drawing by
   force-directed placement", Software: Practice and Experience 21(11), 1991.
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import dijkstra

__all__ = ["fruchterman_reingold", "positions", "select_people"]


def _graph_arrays(G: nx.Graph) -> tuple[list[Any], dict[Any, int], csr_array]:
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    m = G.number_of_edges()
    rows = np.empty(m, dtype=np.int64)
    cols = np.empty(m, dtype=np.int64)
    cost = np.empty(m, dtype=float)
    for i, (u, v, s) in enumerate(G.edges(data="strength", default=1e-9)):
        rows[i] = index[u]
        cols[i] = index[v]
        cost[i] = s
    cost = -np.log(np.clip(cost, 1e-12, 1.0))
    cost = np.maximum(cost, 1e-12)  # zero would mean "no edge" to csgraph
    n = len(nodes)
    A = csr_array((np.r_[cost, cost], (np.r_[rows, cols], np.r_[cols, rows])), shape=(n, n))
    return nodes, index, A


def select_people(
    G: nx.Graph,
    me: str,
    *,
    chains: list[list[str]],
    focus: str | None,
    radius: int,
    max_nodes: int | None,
) -> tuple[list[str], list[str], list[str]]:
    """Return (people on the map, people in scope, people of the scope left out).

    The scope is the graph, or the people within ``radius`` ties of ``focus``.
    Within ``max_nodes`` people the map keeps the owner, the focus, the people
    of ``chains`` and of the best chain from the owner to the focus, then the
    people with the best chain score from the owner (from the focus when
    given), ties broken by their strongest tie, then id.
    """
    nodes, index, A = _graph_arrays(G)
    if not nodes:
        return [], [], []
    keep: list[str] = []
    if me in index:
        keep.append(me)
    if focus is not None:
        keep.append(focus)
    keep += [p for c in chains for p in c]

    max_tie = np.zeros(len(nodes))
    np.maximum.at(max_tie, A.indices, np.exp(-A.data))  # each node's strongest tie
    if me in index:
        dist_me, pred = dijkstra(A, indices=index[me], return_predecessors=True)
    else:
        dist_me, pred = np.full(len(nodes), np.inf), np.full(len(nodes), -9999)

    if focus is not None:
        scope = list(nx.single_source_shortest_path_length(G, focus, cutoff=radius))
        if me in index and np.isfinite(dist_me[index[focus]]):  # the best chain to the focus
            i = index[focus]
            while i >= 0 and nodes[i] != me:
                keep.append(nodes[i])
                i = int(pred[i])
        dist = dijkstra(A, indices=index[focus])
    else:
        scope = nodes
        dist = dist_me
    keep = list(dict.fromkeys(keep))
    scope = list(dict.fromkeys([*keep, *scope]))

    if max_nodes is None or len(scope) - (me in index) <= max_nodes:
        return scope, scope, []
    idx = np.array([index[n] for n in scope])
    order = np.lexsort((np.array([str(n) for n in scope]), -max_tie[idx], dist[idx]))
    ranked = [scope[i] for i in order]
    budget = max_nodes + (me in index)
    chosen = dict.fromkeys(keep)
    for n in ranked:
        if len(chosen) >= budget:
            break
        chosen.setdefault(n)
    shown = list(chosen)
    shown_set = set(shown)
    return shown, scope, [n for n in scope if n not in shown_set]


def positions(
    shown: list[str], edges: list[tuple[str, str, dict[str, Any]]], me: str, *, seed: int
) -> dict[str, tuple[float, float]]:
    """Return page coordinates of ``shown``: strong ties pull harder, the owner at (0, 0)."""
    index = {n: i for i, n in enumerate(shown)}
    src = np.array([index[u] for u, _, _ in edges], dtype=np.int64)
    dst = np.array([index[v] for _, v, _ in edges], dtype=np.int64)
    w = np.array([float(d.get("strength", 0.5)) for _, _, d in edges], dtype=np.float32)
    x, y = fruchterman_reingold(len(shown), src, dst, 0.2 + w, seed=seed)
    if me in index:
        x -= x[index[me]]
        y -= y[index[me]]
    scale = 45.0 * math.sqrt(len(shown))
    return {n: (float(x[i]) * scale, float(y[i]) * scale) for i, n in enumerate(shown)}


def fruchterman_reingold(
    n: int,
    src: np.ndarray,
    dst: np.ndarray,
    weight: np.ndarray,
    *,
    iterations: int = 50,
    seed: int = 1,
    block: int = 1024,
) -> tuple[np.ndarray, np.ndarray]:
    """Force-directed positions in the unit square: dense repulsion in row blocks, float32.

    Examples
    --------
    >>> import numpy as np
    >>> x, y = fruchterman_reingold(2, np.array([0]), np.array([1]), np.array([1.0]))
    >>> bool(abs(x[0] - x[1]) + abs(y[0] - y[1]) > 0)
    True
    """
    rng = np.random.default_rng(seed)
    x = rng.random(n, dtype=np.float32)
    y = rng.random(n, dtype=np.float32)
    if n < 2:
        return x * 0, y * 0
    k2 = np.float32(1.0 / n)
    k = np.float32(math.sqrt(1.0 / n))
    temp = 0.1
    cool = temp / (iterations + 1)
    eps = np.float32(1e-6)
    for _ in range(iterations):
        fx = np.empty(n, dtype=np.float32)
        fy = np.empty(n, dtype=np.float32)
        for start in range(0, n, block):
            stop = min(start + block, n)
            dx = x[start:stop, None] - x[None, :]
            dy = y[start:stop, None] - y[None, :]
            d2 = dx * dx
            d2 += dy * dy
            np.maximum(d2, eps, out=d2)
            np.divide(k2, d2, out=d2)
            fx[start:stop] = (dx * d2).sum(axis=1)
            fy[start:stop] = (dy * d2).sum(axis=1)
        if len(src):
            ex = x[src] - x[dst]
            ey = y[src] - y[dst]
            pull = np.sqrt(ex * ex + ey * ey) * weight / k
            ax = ex * pull
            ay = ey * pull
            fx += (np.bincount(dst, ax, n) - np.bincount(src, ax, n)).astype(np.float32)
            fy += (np.bincount(dst, ay, n) - np.bincount(src, ay, n)).astype(np.float32)
        length = np.sqrt(fx * fx + fy * fy)
        np.maximum(length, eps, out=length)
        step = np.minimum(length, np.float32(temp)) / length
        x += fx * step
        y += fy * step
        temp -= cool
    return x - x.mean(), y - y.mean()
