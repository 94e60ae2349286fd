"""One search for introduction chains: its target, limits and masks on the graph index.

A :class:`ChainQuery` holds what every search of :mod:`tiegraph.paths` needs:
the graph's array index (:func:`tiegraph._index.graph_index`), the owner, the
target (an organisation's current and former members, or one person), who is
excluded, and which people a chain may reach and pass through. It turns a
path found on the index into a :class:`~tiegraph.chains.Chain` (with the
last person's role at the organisation) and, when there is no chain, says
why and which limit to relax.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Hashable, Iterable

import networkx as nx
import numpy as np
import pandas as pd

from ._index import GraphIndex, graph_index
from ._words import month
from .chains import Chain, Hop, hop_evidence, node_name, timestamp
from .exceptions import ConfigError, NoPathError
from .people import find_person

__all__ = [
    "ChainQuery",
    "floor_sig",
    "left_months",
    "owner_position",
    "person_position",
    "sortable",
]


class ChainQuery:
    """One search target with its limits, masks and the graph index."""

    def __init__(self) -> None:
        self.G: nx.Graph
        self.idx: GraphIndex
        self.me: int
        self.target: str
        self.kind: str
        self.org: str | None
        self.members_all: np.ndarray
        self.current: dict[int, bool]
        self.sources: np.ndarray
        self.excluded: np.ndarray
        self.max_hops: int
        self.min_strength: float
        self.can_receive: np.ndarray
        self.can_push: np.ndarray

    @classmethod
    def make(
        cls,
        G: nx.Graph,
        *,
        org: str | None,
        person: Hashable | None,
        max_hops: int,
        min_strength: float,
        exclude: Iterable[Hashable],
        canonical: bool = False,
    ) -> ChainQuery:
        """Return the query for ``org`` (``canonical``: already resolved) or ``person``.

        Raises
        ------
        NotFoundError, AmbiguousError
            An unknown or ambiguous organisation or person.
        ConfigError
            The owner is excluded, or is the person.
        """
        q = cls()
        q.G = G
        q.idx = idx = graph_index(G)
        q.me = owner_position(G, idx)
        q.max_hops = max_hops
        q.min_strength = min_strength
        excluded = sorted({person_position(G, idx, p) for p in exclude})
        if q.me in excluded:
            raise ConfigError("exclude: the owner cannot be excluded")
        q.excluded = np.asarray(excluded, dtype=np.int64)
        if person is not None:
            p = person_position(G, idx, person)
            if p == q.me:
                raise ConfigError("person: that is the owner of the network")
            if p in excluded:
                raise ConfigError(f"person: {idx.ids[p]!r} is also in exclude")
            q.kind, q.org = "person", None
            q.target = node_name(G, idx.ids[p])
            q.members_all = np.asarray([p], dtype=np.int64)
            q.current = {p: True}
        else:
            q.kind = "organisation"
            q.org = q.target = str(org) if canonical else idx.orgs.resolve(str(org))
            members, current = idx.members(q.org)
            members = members[members != q.me]
            q.members_all, q.current = members, current
        is_excluded = np.zeros(idx.n, dtype=bool)
        is_excluded[q.excluded] = True
        q.sources = q.members_all[~is_excluded[q.members_all]]
        q.can_receive = ~is_excluded
        q.can_receive[q.me] = False
        q.can_push = q.can_receive.copy()
        q.can_push[q.members_all] = False
        return q

    @property
    def is_member(self) -> np.ndarray:
        """Whether each position is a current or former member of the target."""
        out = np.zeros(self.idx.n, dtype=bool)
        out[self.members_all] = True
        return out

    def target_layers(self, rounds: int) -> list[np.ndarray]:
        """Best cost to the target within ``h`` hops, ``h = 0..rounds``."""
        return self.idx.hop_layers(
            self.sources,
            rounds,
            min_strength=self.min_strength,
            can_push=self.can_push,
            can_receive=self.can_receive,
        )

    def chain(self, path: list[int]) -> Chain:
        """Return the :class:`Chain` of a path of positions (owner first), hops explained."""
        idx, G = self.idx, self.G
        ids = tuple(idx.ids[p] for p in path)
        names = tuple(node_name(G, p) for p in ids)
        as_of = G.graph.get("as_of")
        hops = []
        for (a, b), (na, nb) in zip(
            itertools.pairwise(ids), itertools.pairwise(names), strict=True
        ):
            data = G.edges[a, b]
            hops.append(
                Hop(
                    a,
                    b,
                    na,
                    nb,
                    float(idx.strength[idx.edge(idx.pos[a], idx.pos[b])]),
                    hop_evidence(G, a, b, data, as_of),
                    timestamp(data.get("last_contact")),
                )
            )
        score = math.prod(h.strength for h in hops)
        role, former, left = self.role(path[-1])
        return Chain(ids, names, tuple(hops), score, self.target, self.kind, role, former, left)

    def role(self, p: int) -> tuple[str, bool, str]:
        """Return what ``p`` is at the organisation, whether they left it, and when (month)."""
        if self.org is None:
            return "", False, ""
        rows = self.idx.org_rows(self.org)
        rows = rows[rows["pos"] == p]
        now = rows[rows["current"]]
        if len(now):
            title = now["title"].iloc[0]
            return (f"{title} at {self.org}" if title else f"at {self.org}"), False, ""
        last = rows.sort_values("end", na_position="first", key=sortable).iloc[-1]
        title = f"{last['title']} at {self.org}" if last["title"] else f"at {self.org}"
        until = month(last["end"])
        return f"formerly {title}" + (f" (until {until})" if until else ""), True, until

    def former(self, ends: np.ndarray) -> np.ndarray:
        """Whether each position in ``ends`` is a former (not a current) member."""
        if self.org is None:
            return np.zeros(len(ends), dtype=bool)
        left = np.zeros(self.idx.n, dtype=bool)  # one array lookup for every end, however many
        pos = np.fromiter(self.current.keys(), dtype=np.int64, count=len(self.current))
        now = np.fromiter(self.current.values(), dtype=bool, count=len(self.current))
        left[pos[~now]] = True
        return left[np.asarray(ends, dtype=np.int64)]

    def left(self, ends: np.ndarray) -> list[str]:
        """Return the month each of ``ends`` left the organisation ("Dec 2019"; "" if unknown)."""
        if self.org is None:
            return [""] * len(ends)
        return left_months(self.idx.org_rows(self.org), np.asarray(ends, dtype=np.int64))

    def no_path(self) -> NoPathError:
        """Say why there is no chain and which limit to relax."""
        idx, H, t = self.idx, self.max_hops, self.min_strength
        within = f"none within max_hops={H}, min_strength={t:g}"
        if self.excluded.size:
            within += ", exclude=" + ", ".join(str(idx.ids[p]) for p in self.excluded)
        if not len(self.members_all):
            return NoPathError(self.target, f"nobody in your network is or was at {self.target}")
        reach_me = self.can_receive.copy()
        reach_me[self.me] = True
        hints = []
        if len(self.sources):
            need = idx.min_hops(
                self.sources,
                np.asarray([self.me]),
                min_strength=t,
                can_push=self.can_push,
                can_receive=reach_me,
            )
            if need is not None and need > H:
                hints.append(f"raise max_hops to {need}")
            b = idx.bottleneck(self.sources, H, can_push=self.can_push, can_receive=reach_me)[
                self.me
            ]
            if 0 < b < t:
                hints.append(f"lower min_strength to {floor_sig(b)}")
        if self.excluded.size:
            free = np.ones(idx.n, dtype=bool)
            free[self.me] = False
            push = free.copy()
            push[self.members_all] = False
            layers = idx.hop_layers(
                self.members_all,
                H,
                min_strength=t,
                can_push=push,
                can_receive=free | (np.arange(idx.n) == self.me),
            )
            if np.isfinite(layers[H][self.me]):
                path = idx.walk_back(layers, self.me, H, min_strength=t, can_push=push)
                on = [str(idx.ids[p]) for p in path if p in set(self.excluded.tolist())]
                hints.append("stop excluding " + ", ".join(on))
        if hints:
            return NoPathError(self.target, f"{within}; " + ", or ".join(hints))
        free = np.ones(idx.n, dtype=bool)
        push = free.copy()
        push[self.members_all] = False
        push[self.me] = False
        if (
            idx.min_hops(
                self.members_all,
                np.asarray([self.me]),
                min_strength=0.0,
                can_push=push,
                can_receive=free,
            )
            is not None
        ):
            limits = ["max_hops", "min_strength"] + (["exclude"] if self.excluded.size else [])
            together = ", ".join(limits[:-1]) + " and " + limits[-1]
            return NoPathError(
                self.target, f"{within}; no single limit is enough: relax {together} together"
            )
        return NoPathError(self.target, f"nobody in your network leads to {self.target}")


def sortable(col: pd.Series) -> pd.Series:
    """Return dates as UTC timestamps (NaT for anything else), to sort by."""
    return pd.to_datetime(col, utc=True, errors="coerce")


def floor_sig(x: float, digits: int = 3) -> str:
    """Return ``x`` rounded down to ``digits`` significant digits, as text."""
    scale = 10 ** (digits - 1 - math.floor(math.log10(x)))
    return f"{math.floor(x * scale) / scale:g}"


def owner_position(G: nx.Graph, idx: GraphIndex) -> int:
    """Return the owner's position in the index (:class:`ConfigError` when absent)."""
    me = G.graph.get("me", "me")
    if me not in idx.pos:
        raise ConfigError(f"the owner {me!r} (G.graph['me']) is not in the graph")
    return idx.pos[me]


def person_position(G: nx.Graph, idx: GraphIndex, person: Hashable) -> int:
    """Return the position of the person ``person`` names (:func:`tiegraph.people.find_person`)."""
    return idx.pos[find_person(G, person)]


def left_months(rows: pd.DataFrame, pos: np.ndarray) -> list[str]:
    """Return, for each of ``pos``, the month of the latest ``end`` of its membership ``rows``.

    ``rows`` has columns ``pos`` and ``end`` (one organisation's, or filtered to it); one
    group-by for all of them. "" for a position with no end date.
    """
    sub = rows[rows["pos"].isin(pos)]
    ends = sortable(sub["end"]).groupby(sub["pos"].to_numpy()).max()
    return [month(ends.get(p)) for p in pos.tolist()]
