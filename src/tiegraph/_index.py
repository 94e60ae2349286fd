"""A compact array index of a network graph, and the searches run on it.

Built once per graph from the ties as arrays and kept in a
:class:`weakref.WeakKeyDictionary` keyed on the graph object; the index holds
only a weak reference back to the graph, so deleting the graph frees both,
and the caller's graph is never written to. The ties come from
``G.graph["ties"]`` when the graph carries that table (a DataFrame with
columns ``u``, ``v`` and ``strength``, one row per tie, as the graph builder
computes it) and it agrees with the graph (as many rows as ties, every end a
node, a sample of rows equal to the graph's edges), else from one walk over
the adjacency in C (``map`` and ``itemgetter``, no Python code per tie); the
table saves about half of the build (both in :mod:`tiegraph._csr`). The cache entry is
dropped when the graph changes size (nodes or edges added or removed) or its
``as_of`` changes; a strength edited in place on an existing edge, or a tie
removed and another added, is not noticed: call :func:`clear` after such an
edit (the graph's ``ties`` table is not trusted after that either).

The searches are hop-bounded Bellman-Ford relaxations, vectorised over the
CSR arrays: round ``h`` relaxes every tie out of the nodes whose value changed
in round ``h - 1``, so after ``H`` rounds the value of a node is the best over
walks of at most ``H`` ties. With non-negative costs the best walk within
``H`` ties can always be taken simple (cutting out a cycle removes ties and
cost), so this is the best simple path within ``H`` hops, which Dijkstra
ordered by cost alone cannot give. A round pushes from a small frontier
(scatter with ``ufunc.at``) and pulls into every node when the frontier is
large (one gather over the ties and a ``reduceat`` per node), as
direction-optimising breadth-first search does (Beamer, Asanović and
Patterson, SC 2012).
"""

from __future__ import annotations

import itertools
import operator
import weakref
from collections.abc import Hashable, Iterable
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from ._csr import adjacency_arrays, check_strengths, csr_from_ties, table_arrays
from .orgs import OrgIndex

__all__ = ["GraphIndex", "clear", "graph_index"]

_CACHE: weakref.WeakKeyDictionary[nx.Graph, tuple[tuple[Any, ...], GraphIndex]] = (
    weakref.WeakKeyDictionary()
)
#: Graphs edited in place (:func:`clear` was called): their ``ties`` table may be stale.
_EDITED: weakref.WeakSet[nx.Graph] = weakref.WeakSet()
#: A round pushes from its frontier when the frontier's ties are fewer than this share of all.
_PUSH_SHARE = 1 / 8
#: Bit-set words (64 sources each) propagated together in :meth:`GraphIndex.reach_counts`.
_WORDS = 2


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
    _EDITED.add(G)


class GraphIndex:
    """Nodes as positions ``0..n-1`` and ties as symmetric CSR arrays.

    Parameters
    ----------
    G : networkx.Graph
        The graph; only a weak reference to it is kept.

    Attributes
    ----------
    ids : list
        Node ids in the graph's node order; ``pos`` maps an id to its position.
    indptr, indices, strength, cost : ndarray
        The CSR adjacency (both directions of every tie; ties of strength 0
        and self-loops are left out, they cannot carry a chain), with
        ``cost = -log(strength)``.
    """

    def __init__(self, G: nx.Graph) -> None:
        self._graph = weakref.ref(G)
        self.ids: list[Hashable] = list(G)
        self.pos: dict[Hashable, int] = {node: i for i, node in enumerate(self.ids)}
        n = len(self.ids)
        half = table_arrays(G, self.ids, trusted=G not in _EDITED)
        if half is not None:
            check_strengths(self.ids, *half)
            keep = half[2] > 0
            indptr, indices, strength = csr_from_ties(
                n, half[0][keep], half[1][keep], half[2][keep]
            )
        else:
            indptr, indices, strength = adjacency_arrays(G, self.ids)
            rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(indptr))
            upper = indices >= rows  # each tie once, in G.edges order
            check_strengths(self.ids, rows[upper], indices[upper], strength[upper])
            keep = (strength > 0) & (indices != rows)
            if not keep.all():
                counts = np.bincount(rows[keep], minlength=n)
                indptr = np.zeros(n + 1, dtype=np.int64)
                np.cumsum(counts, out=indptr[1:])
                indices, strength = indices[keep], strength[keep]
        self.indptr: np.ndarray = indptr
        self.indices: np.ndarray = indices
        self.strength: np.ndarray = strength
        with np.errstate(divide="ignore"):
            self.cost: np.ndarray = -np.log(strength)
        self._memberships: pd.DataFrame | None = None
        self._raw: pd.DataFrame | None = None
        self._orgs: OrgIndex | None = None
        self._org_rows: dict[str, pd.DataFrame] = {}
        self._by_org: dict[Any, np.ndarray] | None = None
        self._rows: np.ndarray | None = None

    def __repr__(self) -> str:
        return f"GraphIndex({self.n} nodes, {len(self.indices) // 2} ties)"

    @property
    def G(self) -> nx.Graph:
        """The indexed graph (a weak reference: the index never keeps it alive)."""
        G = self._graph()
        if G is None:
            raise ReferenceError("the graph of this index was deleted")
        return G

    @property
    def n(self) -> int:
        """Number of nodes."""
        return len(self.ids)

    @property
    def rows(self) -> np.ndarray:
        """The row (source node) of every CSR entry, built on first use."""
        if self._rows is None:
            self._rows = np.repeat(np.arange(self.n, dtype=np.int64), np.diff(self.indptr))
        return self._rows

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
        """One row per (person, affiliation) as written on the nodes (org not canonical).

        A node without ``affiliations`` (a graph not built by tiegraph) counts
        its ``org`` attribute as a current affiliation. Columns are read with
        ``map`` in C, one pass per field.
        """
        if self._raw is not None:
            return self._raw
        G = self.G
        me = G.graph.get("me", "me")
        attrs = list(G._node.values())
        affs = list(map(operator.methodcaller("get", "affiliations"), attrs))
        for i in [i for i, a in enumerate(affs) if a is None]:
            org = attrs[i].get("org")
            affs[i] = ({"org": org, "title": attrs[i].get("title")},) if org else ()
        if me in self.pos:
            affs[self.pos[me]] = ()
        counts = np.fromiter(map(len, affs), dtype=np.int64, count=len(affs))
        flat = list(itertools.chain.from_iterable(affs))

        def column(key: str, default: Any = None) -> list[Any]:
            return list(map(operator.methodcaller("get", key, default), flat))

        org = column("org")
        keep = np.fromiter(map(bool, org), dtype=bool, count=len(org))
        frame = pd.DataFrame(
            {
                "pos": np.repeat(np.arange(len(affs), dtype=np.int64), counts),
                "org": np.fromiter(map(str, org), dtype=object, count=len(org)),
                "current": np.fromiter(map(bool, column("current", True)), bool, len(org)),
                "title": np.array([t or "" for t in column("title")], dtype=object),
                "start": column("start"),
                "end": column("end"),
            }
        )
        frame = frame[keep].reset_index(drop=True)
        self._raw = frame
        return frame

    @property
    def memberships(self) -> pd.DataFrame:
        """One row per (person, affiliation), ``org`` canonical; built once."""
        if self._memberships is None:
            index = self.orgs  # may read the raw rows first
            raw = self.memberships_raw().copy()
            self._raw = None
            uniq = pd.unique(raw["org"])
            mapping = {o: index.canonical(o) or o for o in uniq}
            raw["org"] = raw["org"].map(mapping)
            self._memberships = raw
        return self._memberships

    def org_rows(self, org: str) -> pd.DataFrame:
        """Return the membership rows of one organisation (canonical name), cached."""
        if org not in self._org_rows:
            if self._by_org is None:  # one group-by, not one scan per organisation
                groups = self.memberships.groupby("org", sort=False).indices
                self._by_org = {k: np.asarray(v, dtype=np.int64) for k, v in groups.items()}
            at = self._by_org.get(org, np.zeros(0, dtype=np.int64))
            self._org_rows[org] = self.memberships.iloc[at]
        return self._org_rows[org]

    def members(self, org: str) -> tuple[np.ndarray, dict[int, bool]]:
        """Positions of the people who are or were at ``org`` (canonical), and who is current."""
        rows = self.org_rows(org)
        current = rows.groupby("pos")["current"].any()
        return current.index.to_numpy(dtype=np.int64), dict(
            zip(current.index.tolist(), current.tolist(), strict=True)
        )

    # adjacency ------------------------------------------------------------------
    def neighbours(self, i: int) -> slice:
        """Return the CSR slice of node ``i``'s ties."""
        return slice(int(self.indptr[i]), int(self.indptr[i + 1]))

    def edge(self, i: int, j: int) -> int:
        """Return the CSR position of the tie ``i``-``j`` (-1 when there is none)."""
        sl = self.neighbours(i)
        hit = np.flatnonzero(self.indices[sl] == j)
        return int(sl.start + hit[0]) if len(hit) else -1

    def str_order(self, nodes: np.ndarray) -> np.ndarray:
        """Rank of each of ``nodes`` among them, ids compared as strings (equal ids tie)."""
        uniq, inverse = np.unique(nodes, return_inverse=True)
        text = [str(self.ids[p]) for p in uniq.tolist()]
        order = sorted(range(len(text)), key=text.__getitem__)
        rank = np.empty(len(uniq), dtype=np.int64)
        rank[order] = np.arange(len(uniq))
        return rank[inverse.reshape(-1)].reshape(np.shape(nodes))

    # searches -------------------------------------------------------------------
    def _gather(self, frontier: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return (source node, CSR edge position) for every tie out of ``frontier``."""
        starts = self.indptr[frontier]
        counts = self.indptr[frontier + 1] - starts
        total = int(counts.sum())
        src = np.repeat(frontier, counts)
        edge = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(total)
        return src, edge

    def _pushes(self, frontier: np.ndarray) -> bool:
        """Whether a round from ``frontier`` should push (few ties) rather than pull."""
        out = self.indptr[frontier + 1] - self.indptr[frontier]
        return bool(out.sum() < _PUSH_SHARE * len(self.indices))

    def _pull_mask(
        self, min_strength: float, can_push: np.ndarray, can_receive: np.ndarray
    ) -> np.ndarray:
        """Entries ``e`` (row ``r``, column ``c``) along which ``c`` may pass a value to ``r``."""
        return (self.strength >= min_strength) & can_push[self.indices] & can_receive[self.rows]

    def hop_layers(
        self,
        sources: Iterable[int],
        rounds: int,
        *,
        min_strength: float,
        can_push: np.ndarray,
        can_receive: np.ndarray,
    ) -> HopLayers:
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
        src0 = np.unique(np.asarray(list(sources), dtype=np.int64))
        d[src0] = 0.0
        layers = HopLayers([d])
        frontier = src0
        pull_cost: np.ndarray | None = None
        for r in range(rounds):
            if r:
                frontier = frontier[can_push[frontier]]
            if not len(frontier):
                break  # converged: every further hop is the last layer (see HopLayers)
            new = d.copy()
            if r == 0 or self._pushes(frontier):
                src, edge = self._gather(frontier)
                dst = self.indices[edge]
                cand = d[src] + self.cost[edge]
                ok = (self.strength[edge] >= min_strength) & can_receive[dst] & (cand < d[dst])
                np.minimum.at(new, dst[ok], cand[ok])
            else:
                if pull_cost is None:
                    mask = self._pull_mask(min_strength, can_push, can_receive)
                    pull_cost = np.where(mask, self.cost, np.inf)
                cand = d[self.indices] + pull_cost
                starts, rows_ = self._row_starts()
                new[rows_] = np.minimum(d[rows_], np.minimum.reduceat(cand, starts))
            frontier = np.flatnonzero(new < d)
            d = new
            layers.append(d)
        return layers

    def _row_starts(self) -> tuple[np.ndarray, np.ndarray]:
        """CSR starts of the nodes with ties, and those nodes (for ``reduceat``)."""
        hit = self.__dict__.get("_starts")
        if hit is None:
            rows_ = np.flatnonzero(np.diff(self.indptr))
            hit = self.__dict__["_starts"] = (self.indptr[rows_], rows_)
        return hit

    def reach_counts(
        self,
        sources: np.ndarray,
        targets: np.ndarray,
        rounds: int,
        *,
        min_strength: float,
        can_push: np.ndarray,
    ) -> np.ndarray:
        """For each of ``targets``, how many ``sources`` a walk of at most ``rounds`` ties joins.

        A walk's inner nodes may push (``can_push``) and its ties are at least
        ``min_strength`` strong; a target that is itself a source counts it.
        Bit sets over whichever side is smaller (64 people to a word) are
        OR-ed along the ties one hop per round, :data:`_WORDS` words at a
        time, so memory stays at a few bytes per node and tie.
        """
        sources = np.unique(np.asarray(sources, dtype=np.int64))
        targets = np.asarray(targets, dtype=np.int64)
        if len(sources) <= len(targets):
            bits = self._reach_bits(sources, rounds, min_strength, can_push, targets)
            return np.bitwise_count(bits[:, targets]).sum(axis=0, dtype=np.int64)
        # fewer targets: walk from them instead (ties are symmetric) and count each one's bit
        uniq, inverse = np.unique(targets, return_inverse=True)
        bits = self._reach_bits(uniq, rounds, min_strength, can_push, sources)
        at = np.ascontiguousarray(bits[:, sources].T).astype("<u8").view(np.uint8)
        counts = np.unpackbits(at, axis=1, bitorder="little").sum(axis=0, dtype=np.int64)
        return counts[: len(uniq)][inverse.reshape(-1)]

    def _reach_bits(
        self,
        seeds: np.ndarray,
        rounds: int,
        min_strength: float,
        can_push: np.ndarray,
        read: np.ndarray,
    ) -> np.ndarray:
        """``bits[w, v]`` has bit ``i % 64`` set when seed ``64 w + i`` reaches ``v``.

        Seeds push in the first round whatever ``can_push`` says; only the
        columns in ``read`` are exact after the last round (it skips the rest).
        """
        n_words = max(1, -(-len(seeds) // 64))
        word = np.arange(len(seeds)) // 64
        out = np.zeros((n_words, self.n), dtype=np.uint64)
        out[word, seeds] = np.uint64(1) << (np.arange(len(seeds)) % 64).astype(np.uint64)
        wanted = np.zeros(self.n, dtype=bool)
        wanted[read] = True
        pull_mask: np.ndarray | None = None
        for w0 in range(0, n_words, _WORDS):
            bits = out[w0 : w0 + _WORDS]  # a view: rows written in place below
            frontier = seeds[(word >= w0) & (word < w0 + _WORDS)]
            for r in range(rounds):
                if r:
                    frontier = frontier[can_push[frontier]]
                if not len(frontier):
                    break
                new = bits.copy()
                if r == 0 or self._pushes(frontier):
                    src, edge = self._gather(frontier)
                    dst = self.indices[edge]
                    ok = self.strength[edge] >= min_strength
                    if r == rounds - 1:
                        ok &= wanted[dst]
                    src, dst = src[ok], dst[ok]
                    for w in range(len(bits)):
                        np.bitwise_or.at(new[w], dst, bits[w, src])
                else:
                    if pull_mask is None:
                        pull_mask = (self.strength >= min_strength) & can_push[self.indices]
                    starts, rows_ = self._row_starts()
                    for w in range(len(bits)):
                        vals = np.where(pull_mask, bits[w, self.indices], np.uint64(0))
                        new[w, rows_] |= np.bitwise_or.reduceat(vals, starts)
                frontier = np.flatnonzero((new != bits).any(axis=0))
                bits[...] = new
        return out

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
            frontier = np.flatnonzero(new > b)
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
        paths, _ = self.walk_back_many(
            layers, np.asarray([v]), h, min_strength=min_strength, can_push=can_push
        )
        return [int(p) for p in paths[0] if p >= 0]

    def walk_back_many(
        self,
        layers: list[np.ndarray],
        starts: np.ndarray,
        h: int,
        *,
        min_strength: float,
        can_push: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`walk_back` from every one of ``starts`` at once.

        Returns
        -------
        paths : int ndarray, shape (len(starts), h' + 1)
            Row ``i`` is the path from ``starts[i]`` back to a source, padded
            with -1 after the source; ``h' = min(h, len(layers) - 1)`` (a
            search that converged early needs no more hops).
        strengths : float ndarray, shape (len(starts), h')
            The strength of each tie on it, padded with NaN.
        """
        starts = np.asarray(starts, dtype=np.int64)
        m = len(starts)
        h = min(h, len(layers) - 1)  # past convergence every layer is the last
        stack = np.stack([layers[j] for j in range(h + 1)])
        paths = np.full((m, h + 1), -1, dtype=np.int64)
        strengths = np.full((m, h), np.nan)
        paths[:, 0] = starts
        v = starts
        # fewest hops that reach the best value (0 at a source); a row's state is
        # (node, budget), its value stack[budget, node]
        budget = np.argmax(stack[:, v] == stack[h, v], axis=0)
        live = np.flatnonzero(budget > 0)
        base = stack[0]
        for step in range(1, h + 1):
            if not len(live):
                break
            # rows at one node with one budget take the same step: each such state once
            state, row_state = np.unique(v[live] * (h + 1) + budget[live], return_inverse=True)
            at, j = state // (h + 1), state % (h + 1)
            t = stack[j, at]
            _, edge = self._gather(at)
            local = np.repeat(np.arange(len(at)), np.diff(self.indptr)[at])
            nb = self.indices[edge]
            ok = (
                (stack[j[local] - 1, nb] + self.cost[edge] == t[local])
                & (self.strength[edge] >= min_strength)
                & (can_push[nb] | (base[nb] == 0.0))
            )
            local, nb, edge = local[ok], nb[ok], edge[ok]
            # one option per state, or the neighbour whose id sorts first
            many = np.bincount(local, minlength=len(at))[local] > 1
            if many.any():
                rank = np.zeros(len(local), dtype=np.int64)
                rank[many] = self.str_order(nb[many])
                order = np.lexsort((rank, local))
                local, nb, edge = local[order], nb[order], edge[order]
                first = np.ones(len(local), dtype=bool)
                first[1:] = local[1:] != local[:-1]
                local, nb, edge = local[first], nb[first], edge[first]
            # every state has exactly one step now (the layers guarantee an option)
            nxt = np.full(len(at), -1, dtype=np.int64)
            nxt[local] = nb
            tie = np.full(len(at), np.nan)
            tie[local] = self.strength[edge]
            nxt_target = np.full(len(at), np.inf)
            nxt_target[local] = stack[j[local] - 1, nb]
            sub = stack[:, nb] == nxt_target[local]
            sub[np.arange(h + 1)[:, None] >= j[local][None, :]] = False
            nxt_budget = np.zeros(len(at), dtype=np.int64)
            nxt_budget[local] = np.where(base[nb] == 0.0, 0, np.argmax(sub, axis=0))
            row_state = row_state.reshape(-1)
            paths[live, step] = nxt[row_state]
            strengths[live, step - 1] = tie[row_state]
            v = v.copy()
            v[live] = nxt[row_state]
            budget = budget.copy()
            budget[live] = nxt_budget[row_state]
            live = live[budget[live] > 0]
        return paths, strengths
