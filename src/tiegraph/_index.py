"""A compact array index of a network graph, and the searches run on it.

Built once per graph from the edge data (one pass over ``G.edges``) and kept
in a :class:`weakref.WeakKeyDictionary` keyed on the graph object, so the
caller's graph is never written to. The cache entry is dropped when the graph
changes size (nodes or edges added or removed) or its ``as_of`` changes; a
strength edited in place on an existing edge is not noticed: call
:func:`clear` after such an edit.

The searches are hop-bounded Bellman-Ford relaxations, vectorised over the
CSR arrays: round ``h`` relaxes every edge out of the nodes whose value
changed in round ``h - 1`` (the frontier), so after ``H`` rounds the value of
a node is the best over walks of at most ``H`` edges. With non-negative costs
the best walk within ``H`` edges can always be taken simple (cutting out a
cycle removes edges and cost), so this is the best simple path within ``H``
hops, which Dijkstra ordered by cost alone cannot give.
"""

from __future__ import annotations

import weakref
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from .exceptions import ConfigError
from .orgs import OrgIndex

__all__ = ["GraphIndex", "clear", "graph_index"]

_CACHE: weakref.WeakKeyDictionary[nx.Graph, tuple[tuple[Any, ...], GraphIndex]] = (
    weakref.WeakKeyDictionary()
)


class HopLayers(list):  # type: ignore[type-arg]
    """Search layers by hop count; past the last one (convergence) every layer is the last."""

    def __getitem__(self, h):  # type: ignore[no-untyped-def]
        if isinstance(h, int) and h >= len(self):
            h = len(self) - 1
        return super().__getitem__(h)


def _fingerprint(G: nx.Graph) -> tuple[Any, ...]:
    # G.number_of_edges() walks NetworkX's degree views (0.2 s at 200,000 people);
    # summing the adjacency sizes in C gives the same count in a few milliseconds
    return (len(G), sum(map(len, G._adj.values())), G.graph.get("as_of"))


def graph_index(G: nx.Graph) -> GraphIndex:
    """Return the index of ``G``, building it on first use or after ``G`` changed."""
    key = _fingerprint(G)
    hit = _CACHE.get(G)
    if hit is not None and hit[0] == key:
        return hit[1]
    index = GraphIndex(G)
    _CACHE[G] = (key, index)
    return index


def clear(G: nx.Graph) -> None:
    """Forget the cached index of ``G`` (after editing a strength in place)."""
    _CACHE.pop(G, None)


@dataclass
class GraphIndex:
    """Nodes as positions ``0..n-1`` and ties as symmetric CSR arrays.

    Attributes
    ----------
    ids : list
        Node ids in the graph's node order; ``pos`` maps an id to its position.
    indptr, indices, strength, cost : ndarray
        The CSR adjacency (both directions of every tie; ties of strength 0
        are left out, they cannot carry a chain), with ``cost = -log(strength)``.
    """

    G: nx.Graph = field(repr=False)
    ids: list[Hashable] = field(init=False, repr=False)
    pos: dict[Hashable, int] = field(init=False, repr=False)
    indptr: np.ndarray = field(init=False, repr=False)
    indices: np.ndarray = field(init=False, repr=False)
    strength: np.ndarray = field(init=False, repr=False)
    cost: np.ndarray = field(init=False, repr=False)
    _memberships: pd.DataFrame | None = field(init=False, default=None, repr=False)
    _orgs: OrgIndex | None = field(init=False, default=None, repr=False)
    _binary: dict[float, sp.csr_array] = field(init=False, default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        G = self.G
        self.ids = list(G)
        self.pos = {node: i for i, node in enumerate(self.ids)}
        n = len(self.ids)
        m = G.number_of_edges()
        if m:
            us, vs, ss = zip(*G.edges(data="strength", default=np.nan), strict=True)
            pos = self.pos
            u = np.fromiter(map(pos.__getitem__, us), dtype=np.int64, count=m)
            v = np.fromiter(map(pos.__getitem__, vs), dtype=np.int64, count=m)
            s = np.array(ss, dtype=float)
        else:
            u = v = np.zeros(0, dtype=np.int64)
            s = np.zeros(0)
        missing = np.isnan(s)
        if missing.any():  # no strength: take it from the cost, when there is one
            costs = np.array([c for *_, c in G.edges(data="cost", default=np.nan)], dtype=float)
            s[missing] = np.exp(-costs[missing])
        bad = np.flatnonzero(np.isnan(s) | (s < 0) | (s > 1))
        if len(bad):
            i = bad[0]
            tie = f"{self.ids[u[i]]!r}-{self.ids[v[i]]!r}"
            raise ConfigError(f"tie {tie}: strength {float(s[i])!r} is not in (0, 1]")
        keep = (s > 0) & (u != v)
        u, v, s = u[keep], v[keep], s[keep]
        adj = sp.csr_array(
            (np.concatenate([s, s]), (np.concatenate([u, v]), np.concatenate([v, u]))),
            shape=(n, n),
        )
        self.indptr = adj.indptr.astype(np.int64)
        self.indices = adj.indices.astype(np.int64)
        self.strength = adj.data.astype(float)
        with np.errstate(divide="ignore"):
            self.cost = -np.log(self.strength)

    @property
    def n(self) -> int:
        """Number of nodes."""
        return len(self.ids)

    # organisations ------------------------------------------------------------
    @property
    def orgs(self) -> OrgIndex:
        """The graph's :class:`OrgIndex` (``G.graph["orgs"]``), or one built from affiliations."""
        if self._orgs is None:
            given = self.G.graph.get("orgs")
            if isinstance(given, OrgIndex):
                self._orgs = given
            else:
                self._orgs = OrgIndex(names=self.memberships_raw()["org"].unique())
        return self._orgs

    def memberships_raw(self) -> pd.DataFrame:
        """One row per (person, affiliation) as written on the nodes (org not canonical)."""
        rows: list[tuple[int, str, bool, str, Any, Any]] = []
        me = self.G.graph.get("me", "me")
        pos = self.pos
        for node, attrs in self.G.nodes(data=True):
            if node == me:
                continue
            i = pos[node]
            affs = attrs.get("affiliations")
            if affs is None:  # a graph not built by tiegraph: the ``org`` attribute
                org = attrs.get("org")
                if org:
                    rows.append((i, str(org), True, attrs.get("title") or "", None, None))
                continue
            for a in affs:
                org = a.get("org")
                if org:
                    rows.append(
                        (
                            i,
                            str(org),
                            bool(a.get("current", True)),
                            a.get("title") or "",
                            a.get("start"),
                            a.get("end"),
                        )
                    )
        return pd.DataFrame(
            rows, columns=["pos", "org", "current", "title", "start", "end"]
        ).astype({"pos": np.int64, "current": bool, "org": object, "title": object})

    @property
    def memberships(self) -> pd.DataFrame:
        """One row per (person, affiliation), ``org`` canonical; built once."""
        if self._memberships is None:
            raw = self.memberships_raw()
            index = self.orgs
            uniq = pd.unique(raw["org"])
            mapping = {o: index.canonical(o) or o for o in uniq}
            raw["org"] = raw["org"].map(mapping)
            self._memberships = raw
        return self._memberships

    def org_rows(self, org: str) -> pd.DataFrame:
        """Return the membership rows of one organisation (canonical name), cached."""
        cache = self.__dict__.setdefault("_org_rows", {})
        if org not in cache:
            cache[org] = self.memberships[self.memberships["org"] == org]
        return cache[org]

    def members(self, org: str) -> tuple[np.ndarray, dict[int, bool]]:
        """Positions of the people who are or were at ``org`` (canonical), and who is current."""
        rows = self.org_rows(org)
        current = rows.groupby("pos")["current"].any()
        return current.index.to_numpy(dtype=np.int64), dict(
            zip(current.index.tolist(), current.tolist(), strict=True)
        )

    # adjacency ------------------------------------------------------------------
    def binary(self, min_strength: float) -> sp.csr_array:
        """Return the 0/1 adjacency of ties with ``strength >= min_strength`` (cached)."""
        hit = self._binary.get(min_strength)
        if hit is None:
            ok = self.strength >= min_strength
            counts = np.concatenate([[0], np.cumsum(ok)])
            hit = sp.csr_array(
                (np.ones(int(ok.sum()), dtype=np.int32), self.indices[ok], counts[self.indptr]),
                shape=(self.n, self.n),
            )
            if len(self._binary) > 4:
                self._binary.clear()
            self._binary[min_strength] = hit
        return hit

    def neighbours(self, i: int) -> slice:
        """Return the CSR slice of node ``i``'s ties."""
        return slice(int(self.indptr[i]), int(self.indptr[i + 1]))

    def edge(self, i: int, j: int) -> int:
        """Return the CSR position of the tie ``i``-``j`` (-1 when there is none)."""
        sl = self.neighbours(i)
        hit = np.flatnonzero(self.indices[sl] == j)
        return int(sl.start + hit[0]) if len(hit) else -1

    # searches -------------------------------------------------------------------
    def _gather(self, frontier: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return (source node, CSR edge position) for every tie out of ``frontier``."""
        starts = self.indptr[frontier]
        counts = self.indptr[frontier + 1] - starts
        total = int(counts.sum())
        src = np.repeat(frontier, counts)
        edge = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(total)
        return src, edge

    def hop_layers(
        self,
        sources: Iterable[int],
        rounds: int,
        *,
        min_strength: float,
        can_push: np.ndarray,
        can_receive: np.ndarray,
    ) -> list[np.ndarray]:
        """Best path cost from the sources within ``h`` hops, for ``h = 0..rounds``.

        Parameters
        ----------
        sources : iterable of int
            Positions at cost 0 (they push in the first round whatever ``can_push`` says).
        rounds : int
            The hop limit.
        min_strength : float
            Ties weaker than this are not used.
        can_push : bool ndarray
            Nodes a path may pass through (intermediate nodes).
        can_receive : bool ndarray
            Nodes a path may reach.

        Returns
        -------
        HopLayers
            ``layers[h][v]`` is the least total ``cost`` of a walk of at most
            ``h`` ties from a source to ``v`` whose inner nodes may push
            (``inf`` when there is none). The relaxation stops as soon as a
            round improves nothing, so a large ``rounds`` costs no more than
            the network's depth.
        """
        d = np.full(self.n, np.inf)
        src0 = np.asarray(list(sources), dtype=np.int64)
        d[src0] = 0.0
        layers = HopLayers([d.copy()])
        frontier = src0
        for r in range(rounds):
            if r:
                frontier = frontier[can_push[frontier]]
            if not len(frontier):
                break  # converged: every further hop is the last layer (see HopLayers)
            src, edge = self._gather(frontier)
            dst = self.indices[edge]
            cand = d[src] + self.cost[edge]
            ok = (self.strength[edge] >= min_strength) & can_receive[dst] & (cand < d[dst])
            new = d.copy()
            np.minimum.at(new, dst[ok], cand[ok])
            frontier = np.unique(dst[ok])
            frontier = frontier[new[frontier] < d[frontier]]
            d = new
            layers.append(d.copy())
        return layers

    def bottleneck(
        self,
        sources: Iterable[int],
        rounds: int,
        *,
        can_push: np.ndarray,
        can_receive: np.ndarray,
    ) -> np.ndarray:
        """Best weakest-tie strength of a walk of at most ``rounds`` ties from the sources.

        The same relaxation as :meth:`hop_layers` in the (max, min) semiring:
        the value of a node is the largest ``t`` such that a walk from a source
        uses only ties of strength ``>= t`` (1 at the sources, 0 when unreachable).
        """
        b = np.zeros(self.n)
        src0 = np.asarray(list(sources), dtype=np.int64)
        b[src0] = 1.0
        frontier = src0
        for r in range(rounds):
            if r:
                frontier = frontier[can_push[frontier]]
            if not len(frontier):
                break
            src, edge = self._gather(frontier)
            dst = self.indices[edge]
            cand = np.minimum(b[src], self.strength[edge])
            ok = can_receive[dst] & (cand > b[dst])
            new = b.copy()
            np.maximum.at(new, dst[ok], cand[ok])
            frontier = np.unique(dst[ok])
            frontier = frontier[new[frontier] > b[frontier]]
            b = new
        return b

    def min_hops(
        self,
        sources: Iterable[int],
        targets: np.ndarray,
        *,
        min_strength: float,
        can_push: np.ndarray,
        can_receive: np.ndarray,
    ) -> int | None:
        """Fewest ties from a source to any of ``targets`` (breadth first), or None."""
        seen = np.zeros(self.n, dtype=bool)
        frontier = np.asarray(list(sources), dtype=np.int64)
        seen[frontier] = True
        is_target = np.zeros(self.n, dtype=bool)
        is_target[targets] = True
        hops = 0
        while len(frontier):
            if is_target[frontier].any():
                return hops
            if hops:
                frontier = frontier[can_push[frontier]]
            _, edge = self._gather(frontier)
            dst = self.indices[edge]
            ok = (self.strength[edge] >= min_strength) & can_receive[dst] & ~seen[dst]
            frontier = np.unique(dst[ok])
            seen[frontier] = True
            hops += 1
        return None

    def walk_back(
        self,
        layers: list[np.ndarray],
        v: int,
        h: int,
        *,
        min_strength: float,
        can_push: np.ndarray,
    ) -> list[int]:
        """Return the best path from ``v`` back to a source within ``h`` hops.

        Among equally good paths: the fewest hops, then at each step the
        neighbour whose id sorts first (as a string).
        """
        path = [v]
        base = layers[0]
        target = layers[h][v]
        while base[v] != 0.0:
            j = next(jj for jj in range(1, h + 1) if layers[jj][v] == target)
            sl = self.neighbours(v)
            nb = self.indices[sl]
            prev = layers[j - 1]
            ok = (
                (prev[nb] + self.cost[sl] == target)
                & (self.strength[sl] >= min_strength)
                & (can_push[nb] | (base[nb] == 0.0))
            )
            options = nb[ok]
            v = int(min(options.tolist(), key=lambda p: str(self.ids[p])))
            path.append(v)
            h = j - 1
            target = prev[v]
        return path
