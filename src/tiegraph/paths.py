"""Who can introduce me: introduction chains, introducers and reachable organisations.

A referral stakes the referrer's reputation, so a chain holds only if every
hop is willing to vouch. A chain is scored by the product of its ties'
strengths (the probability that every hop vouches, if each does so
independently with the tie's strength), which with edge cost
``-log(strength)`` is a shortest-path problem. Long chains rarely complete
(Dodds, Muhamad and Watts 2003), so chains are limited to ``max_hops`` ties.

Definitions used throughout:

- A **chain** to an organisation is a simple path ``me = p0, p1, ..., pk``
  (``1 <= k <= max_hops``) whose last person is, or was, at the organisation
  and whose inner people are not: a chain ends at the first member it
  reaches. Every tie has ``strength >= min_strength``; nobody in ``exclude``
  (nor the owner again) is on it. A chain to a person ends at that person.
- Two chains are **distinct** when their sequences of people differ.
- Chains are ranked by score (higher first); scores equal to 12 significant
  digits are ties, broken by a current member before a former one (who
  left the organisation: ``affiliations.csv`` end date), then fewer hops,
  then by the people's ids compared as strings, owner first (so the ranking
  does not depend on the order the graph was built in). A chain that ends
  at a former member says so: ``(left Dec 2019)`` after its names.

Every search runs on a compact array index of the graph (built once per
graph; see ``tiegraph._index``): a whole organisation is one multi-source
search from its members.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Hashable, Iterable

import networkx as nx
import numpy as np
import pandas as pd

from ._index import graph_index
from ._words import month
from .chain_query import ChainQuery, owner_position, person_position, sortable
from .chains import (
    CHAIN_COLUMNS,
    WEAK_FIRST_HOP,
    Chain,
    Chains,
    Hop,
    chain_text,
    former_mark,
    node_name,
    rank_frame,
    rank_rows,
    score_key,
    timestamp,
)
from .exceptions import ConfigError
from .params import Interval, validate_params

__all__ = [
    "CHAIN_COLUMNS",
    "INTRODUCER_COLUMNS",
    "MAX_HOPS",
    "MIN_SCORE",
    "MIN_STRENGTH",
    "REACH_COLUMNS",
    "WEAK_FIRST_HOP",
    "Chain",
    "Chains",
    "Hop",
    "intro_paths",
    "introducers",
    "no_chain_reason",
    "reachable_orgs",
]

#: Default hop limit: chains of 2-3 hops are what works in practice.
MAX_HOPS = 3
#: Default weakest tie a chain may use.
MIN_STRENGTH = 0.01
#: Default lowest chain score :func:`introducers` lists (1 in 200 that every hop vouches).
MIN_SCORE = 0.005
#: Equally good chains collected before ranking (a guard on networks where every tie is equal).
_MAX_TIED = 10_000

#: Columns of :func:`introducers`.
INTRODUCER_COLUMNS = (
    "introducer",
    "name",
    "tie",
    "score",
    "hops",
    "reaches",
    "weakest",
    "weak_first_hop",
    "former",
    "last_contact",
    "chain",
    "people",
)
#: Columns of :func:`reachable_orgs`.
REACH_COLUMNS = (
    "org",
    "score",
    "hops",
    "members",
    "reachable",
    "person",
    "name",
    "current",
    "introducer",
    "introducer_name",
    "chain",
    "people",
)


# ----------------------------------------------------------------------------- results
# ----------------------------------------------------------------------------- public API
@validate_params(
    k=[Interval(int, 1, None)],
    max_hops=[Interval(int, 1, None)],
    min_strength=[Interval(float, 0, 1)],
)
def intro_paths(
    G: nx.Graph,
    org: str | None = None,
    person: Hashable | None = None,
    *,
    k: int = 5,
    max_hops: int = MAX_HOPS,
    min_strength: float = MIN_STRENGTH,
    exclude: Iterable[Hashable] = (),
) -> Chains:
    """Return the ``k`` best distinct introduction chains to an organisation or a person.

    Parameters
    ----------
    G : networkx.Graph
        A network graph (:func:`tiegraph.load_network`). Not changed.
    org : str, optional
        The organisation: its name, an alias from ``orgs.csv``, an acronym
        or a near spelling ("AFSCME", "afscme" and "American Federation of
        State, County and Municipal Employees" are one). Its current and
        former members (``affiliations``) count; former ones are marked.
    person : str, optional
        A person id (or exact name) instead of ``org``.
    k : int
        How many chains.
    max_hops : int
        Most ties on a chain.
    min_strength : float
        Weakest tie a chain may use.
    exclude : iterable of str
        People who must not be on any chain.

    Returns
    -------
    Chains
        A list of :class:`Chain`, best first (see the module notes for
        "distinct" and the order of ties).

    Raises
    ------
    NotFoundError
        Unknown organisation or person (the message lists the closest names).
    NoPathError
        No chain within the limits (the message says which limit to relax).
    ConfigError
        Bad ``k``, ``max_hops`` or ``min_strength``; neither or both of
        ``org`` and ``person``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph(me="me")
    >>> G.add_node("me", name="Me")
    >>> G.add_node("dana", name="Dana")
    >>> G.add_node("lee", name="Lee", affiliations=({"org": "AFSCME", "current": True},))
    >>> G.add_edge("me", "dana", strength=0.8)
    >>> G.add_edge("dana", "lee", strength=0.5)
    >>> chains = intro_paths(G, org="afscme")
    >>> chains[0].people, round(chains[0].score, 2)
    (('me', 'dana', 'lee'), 0.4)

    Notes
    -----
    One hop-bounded Bellman-Ford search from the organisation's members
    (vectorised over CSR arrays, ``max_hops - 1`` rounds) gives every
    person's best cost to the organisation within each hop budget. That is
    an exact lower bound on the rest of a chain, so a best-first (A*)
    enumeration of simple paths from the owner yields chains in score
    order and stops after the ``k``-th (plus any tied with it) [1]_.
    Scoring chains by the product of strengths follows the "most likely
    chain of vouches" reading; punishing each hop follows [2]_.

    References
    ----------
    .. [1] P. E. Hart, N. J. Nilsson and B. Raphael, "A formal basis for the
       heuristic determination of minimum cost paths", IEEE Trans. Systems
       Science and Cybernetics 4(2), 1968.
    .. [2] P. S. Dodds, R. Muhamad and D. J. Watts, "An experimental study of
       search in global social networks", Science 301, 2003.
    """
    check_limits(max_hops, min_strength, k=k)
    if (org is None) == (person is None):
        raise ConfigError("give either org or person (exactly one)")
    q = ChainQuery.make(
        G, org=org, person=person, max_hops=max_hops, min_strength=min_strength, exclude=exclude
    )
    layers = q.target_layers(max_hops - 1)
    found = _best_chains(q, layers, k)
    if not found:
        raise q.no_path()
    return Chains(q.chain(path) for path in found)


@validate_params(
    top=[Interval(int, 1, None), None],
    min_score=[Interval(float, 0, 1)],
    max_hops=[Interval(int, 1, None)],
    min_strength=[Interval(float, 0, 1)],
)
def introducers(
    G: nx.Graph,
    org: str,
    *,
    top: int | None = 50,
    min_score: float = MIN_SCORE,
    max_hops: int = MAX_HOPS,
    min_strength: float = MIN_STRENGTH,
    exclude: Iterable[Hashable] = (),
) -> pd.DataFrame:
    """Rank the owner's direct contacts by the best chain through them to an organisation.

    Parameters
    ----------
    G : networkx.Graph
        A network graph. Not changed.
    org : str
        The organisation (name, alias, acronym or near spelling).
    top : int or None
        How many rows, best first (default 50); None for every contact with
        a chain. The ranking is over all of them either way.
    min_score : float
        Leave out contacts whose best chain scores below this (default
        :data:`MIN_SCORE`, 0.005): such a chain holds less often than once
        in 200 asks, half the weakest single tie a chain may use
        (:data:`MIN_STRENGTH`), which for two or three hops takes a tie
        that is little more than a name in the contacts. On the sample
        network AFSCME's 67 contacts with a chain come down to 26 (scores
        0.79 to 0.0067); every one left out passes through a tie of 0.07
        or weaker. ``top=None, min_score=0`` gives every contact with a
        chain. The best contact is listed even when below ``min_score``:
        when the only way in is weak, the table says so by its score
        rather than being empty.
    max_hops, min_strength, exclude
        As in :func:`intro_paths`.

    Returns
    -------
    DataFrame
        One row per contact with a chain (the ``top`` best), best first
        (ties as in :func:`intro_paths`), columns :data:`INTRODUCER_COLUMNS`:
        ``introducer`` (id), ``name``, ``tie`` (strength of the owner's tie
        to them), ``score`` (of the best chain through them), ``hops``,
        ``reaches`` (how many people at the organisation a chain through
        them can end at; a contact who is at the organisation ends every
        chain through them, so reaches 1), ``weakest`` (weakest tie of
        that chain), ``weak_first_hop``, ``last_contact`` (with the owner),
        ``chain`` (names) and ``people`` (ids, owner first).

    Raises
    ------
    NotFoundError, NoPathError, ConfigError
        As in :func:`intro_paths`.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph(me="me")
    >>> G.add_nodes_from(["me", "a", "b"])
    >>> G.add_node("x", affiliations=({"org": "Acme", "current": True},))
    >>> G.add_node("y", affiliations=({"org": "Acme", "current": False},))
    >>> G.add_edges_from([("me", "a", {"strength": 0.9}), ("me", "b", {"strength": 0.5}),
    ...                   ("a", "x", {"strength": 0.5}), ("a", "y", {"strength": 0.4}),
    ...                   ("b", "x", {"strength": 0.9})])
    >>> introducers(G, "Acme")[["introducer", "score", "reaches"]]
      introducer  score  reaches
    0          a   0.45        2
    1          b   0.45        1

    >>> introducers(G, "Acme", top=1)["people"].tolist()
    [('me', 'a', 'x')]
    >>> introducers(G, "Acme", min_score=0.5)["introducer"].tolist()  # the best, though weak
    ['a']

    Notes
    -----
    One multi-source, hop-bounded search from the organisation's members
    (``max_hops - 1`` rounds) gives every person's best cost to the
    organisation; a contact's best chain is the owner's tie to them plus
    that cost. Every contact's chain is then walked back towards the
    organisation at once, one vectorised step per hop, each (person, hops
    left) state once however many chains pass through it; scores, hops and
    weakest ties are products and minima over those arrays, and only the
    ``top`` rows are turned into names. ``reaches`` comes from bit sets
    over the members (or over the contacts, when they are fewer) OR-ed
    along the ties one hop per round. On a synthetic network of 200,000
    people and 1,000,000 ties with an owner of 18,000 contacts this takes
    about a tenth of a second at ``max_hops=4``, less than one
    single-source Dijkstra in igraph (``bench/paths_bench.py``).
    """
    check_limits(max_hops, min_strength, top=top)
    q = ChainQuery.make(
        G, org=org, person=None, max_hops=max_hops, min_strength=min_strength, exclude=exclude
    )
    rounds = max_hops - 1
    layers = q.target_layers(rounds)
    idx = q.idx
    sl = idx.neighbours(q.me)
    nb, tie = idx.indices[sl], idx.strength[sl]
    ok = (tie >= min_strength) & q.can_receive[nb] & np.isfinite(layers[rounds][nb])
    contacts, tie = nb[ok], tie[ok]
    if not len(contacts):
        raise q.no_path()
    # every contact's best chain at once: the path back to the organisation, its ties
    paths, strengths = idx.walk_back_many(
        layers, contacts, rounds, min_strength=min_strength, can_push=q.can_push
    )
    hops = 1 + np.count_nonzero(paths[:, 1:] >= 0, axis=1)
    score = tie.copy()
    weakest = tie.copy()
    for col in strengths.T:  # left to right, as math.prod over the chain's hops
        on = ~np.isnan(col)
        score[on] *= col[on]
        weakest[on] = np.minimum(weakest[on], col[on])
    member = q.is_member[contacts]
    reaches = np.ones(len(contacts), dtype=np.int64)
    if rounds and not member.all():
        reaches[~member] = idx.reach_counts(
            q.sources,
            contacts[~member],
            rounds,
            min_strength=min_strength,
            can_push=q.can_push,
        )
    ends = paths[np.arange(len(paths)), np.count_nonzero(paths >= 0, axis=1) - 1]
    former = q.former(ends)
    order = rank_rows(idx, score, hops, paths, former)
    # a weak best chain is still the way in: min_score never empties the table
    order = order[(score[order] >= min_score) | (np.arange(len(order)) == 0)]
    if top is not None:
        order = order[:top]
    adj = G[idx.ids[q.me]]
    me_name = node_name(G, idx.ids[q.me])
    gone = order[former[order]]
    left = dict(zip(gone.tolist(), q.left(ends[gone]), strict=True))
    rows = []
    for i in order.tolist():
        people = (idx.ids[q.me], *(idx.ids[p] for p in paths[i].tolist() if p >= 0))
        names = (me_name, *(node_name(G, p) for p in people[1:]))
        rows.append(
            (
                people[1],
                names[1],
                float(tie[i]),
                float(score[i]),
                int(hops[i]),
                int(reaches[i]),
                float(weakest[i]),
                bool(tie[i] < WEAK_FIRST_HOP),
                bool(former[i]),
                timestamp(adj[people[1]].get("last_contact")),
                chain_text(names, former_mark(bool(former[i]), left.get(i, ""))),
                people,
            )
        )
    return pd.DataFrame(rows, columns=list(INTRODUCER_COLUMNS))


@validate_params(
    max_hops=[Interval(int, 1, None)],
    min_strength=[Interval(float, 0, 1)],
)
def reachable_orgs(
    G: nx.Graph,
    *,
    max_hops: int = MAX_HOPS,
    min_strength: float = MIN_STRENGTH,
    exclude: Iterable[Hashable] = (),
) -> pd.DataFrame:
    """Return every organisation in the network with the best chain score to it.

    Parameters
    ----------
    G : networkx.Graph
        A network graph. Not changed.
    max_hops, min_strength, exclude
        As in :func:`intro_paths`.

    Returns
    -------
    DataFrame
        One row per organisation someone in the network is or was at, best
        first; organisations out of reach last with ``score`` NaN. Columns
        :data:`REACH_COLUMNS`: ``org``, ``score``, ``hops``, ``members``
        (people in the network who are or were there), ``reachable`` (of
        them, how many a chain reaches), ``person`` / ``name`` (the end of
        the best chain), ``current`` (False: a former member),
        ``introducer`` / ``introducer_name``, ``chain`` and ``people``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph(me="me")
    >>> G.add_node("me")
    >>> G.add_node("a", affiliations=({"org": "Acme", "current": True},))
    >>> G.add_node("b", affiliations=({"org": "Bolt", "current": False},))
    >>> G.add_edges_from([("me", "a", {"strength": 0.5}), ("a", "b", {"strength": 0.5})])
    >>> reachable_orgs(G)[["org", "score", "hops", "current"]]
        org  score  hops  current
    0  Acme   0.50     1     True
    1  Bolt   0.25     2    False

    Notes
    -----
    One hop-bounded search from the owner (``max_hops`` rounds), then a
    group-by over the memberships picks each organisation's nearest member.
    Among equally good members: fewer hops, then the member id.
    """
    check_limits(max_hops, min_strength)
    return org_reach(G, max_hops=max_hops, min_strength=min_strength, exclude=exclude)


def no_chain_reason(
    G: nx.Graph,
    org: str,
    *,
    max_hops: int = MAX_HOPS,
    min_strength: float = MIN_STRENGTH,
    exclude: Iterable[Hashable] = (),
) -> str:
    """Say why no chain reaches an organisation within the limits, and what to relax.

    ``org`` is a canonical name (as :func:`reachable_orgs` writes it). The
    text is the hint of the :class:`~tiegraph.exceptions.NoPathError` that
    :func:`intro_paths` raises for it: ``"nobody in your network is or was
    at X"``, or ``"none within max_hops=3, min_strength=0.01; raise
    max_hops to 4"`` (or the limit to lower, or that several must be
    relaxed together).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph(me="me")
    >>> G.add_node("me")
    >>> G.add_node("x", affiliations=({"org": "Acme", "current": True},))
    >>> G.add_edges_from([("me", "a", {"strength": 0.9}), ("a", "b", {"strength": 0.9}),
    ...                   ("b", "x", {"strength": 0.9})])
    >>> no_chain_reason(G, "Acme", max_hops=2)
    'none within max_hops=2, min_strength=0.01; raise max_hops to 3'
    """
    q = ChainQuery.make(
        G,
        org=org,
        person=None,
        max_hops=max_hops,
        min_strength=min_strength,
        exclude=exclude,
        canonical=True,
    )
    return q.no_path().hint


# ----------------------------------------------------------------------------- internals
def check_limits(
    max_hops: int, min_strength: float, *, k: int | None = None, top: int | None = None
) -> None:
    if k is not None and (not isinstance(k, (int, np.integer)) or k < 1):
        raise ConfigError(f"k: {k!r} must be a whole number of at least 1")
    if top is not None and (not isinstance(top, (int, np.integer)) or top < 1):
        raise ConfigError(f"top: {top!r} must be a whole number of at least 1, or None for all")
    if not isinstance(max_hops, (int, np.integer)) or max_hops < 1:
        raise ConfigError(f"max_hops: {max_hops!r} must be a whole number of at least 1")
    if not 0 <= min_strength <= 1:
        raise ConfigError(f"min_strength: {min_strength!r} must be between 0 and 1")


def _best_chains(q: ChainQuery, layers: list[np.ndarray], k: int) -> list[list[int]]:
    """Return the ``k`` best chains as position lists, ranked as in the module notes."""
    idx, H, t = q.idx, q.max_hops, q.min_strength
    is_member = q.is_member
    is_member[q.excluded] = False
    heap: list[tuple[float, int, tuple[int, ...], float]] = []
    counter = itertools.count()

    def expand(path: tuple[int, ...], g: float) -> None:
        left = H - len(path)  # hops still allowed after the next one
        if left < 0:
            return
        sl = idx.neighbours(path[-1])
        nb = idx.indices[sl]
        cost = idx.cost[sl]
        f = g + cost + layers[left][nb]
        ok = (idx.strength[sl] >= t) & q.can_receive[nb] & np.isfinite(f)
        on_path = set(path)
        for w, cw, fw in zip(nb[ok].tolist(), cost[ok].tolist(), f[ok].tolist(), strict=True):
            if w not in on_path:
                heapq.heappush(heap, (fw, next(counter), (*path, w), g + cw))

    expand((q.me,), 0.0)
    found: list[tuple[tuple[int, ...], float]] = []
    bound = math.inf
    while heap:
        f, _, path, g = heapq.heappop(heap)
        if f > bound:
            break
        if is_member[path[-1]]:
            found.append((path, g))
            if len(found) == k:
                bound = g + 1e-9
            if len(found) >= _MAX_TIED:
                break
            continue
        expand(path, g)

    def key(item: tuple[tuple[int, ...], float]) -> tuple[float, bool, int, tuple[str, ...]]:
        path = item[0]
        score = math.prod(float(idx.strength[idx.edge(a, b)]) for a, b in itertools.pairwise(path))
        former = not q.current.get(path[-1], True)
        return score_key(score), former, len(path), tuple(str(idx.ids[p]) for p in path)

    found.sort(key=key)
    return [list(p) for p, _ in found[:k]]


def org_reach(
    G: nx.Graph, *, max_hops: int, min_strength: float, exclude: Iterable[Hashable]
) -> pd.DataFrame:
    """Best chain to every organisation: one search from the owner, one group-by."""
    idx = graph_index(G)
    me = owner_position(G, idx)
    excluded = np.asarray(sorted({person_position(G, idx, p) for p in exclude}), dtype=np.int64)
    if me in excluded.tolist():
        raise ConfigError("exclude: the owner cannot be excluded")
    ok = np.ones(idx.n, dtype=bool)
    ok[excluded] = False
    ok[me] = False
    layers = idx.hop_layers([me], max_hops, min_strength=min_strength, can_push=ok, can_receive=ok)
    d = layers[max_hops]
    mem = idx.memberships
    mem = mem[mem["pos"] != me]
    per = mem.groupby(["org", "pos"], sort=False)["current"].any().reset_index()
    per["cost"] = d[per["pos"].to_numpy()]
    hops = np.full(len(per), max_hops + 1)
    for h in range(min(max_hops, len(layers) - 1), -1, -1):  # fewest hops reaching the cost
        hit = layers[h][per["pos"].to_numpy()] == per["cost"].to_numpy()
        hops[hit] = h
    per["hops"] = hops
    per["sid"] = [str(idx.ids[p]) for p in per["pos"].tolist()]
    members = per.groupby("org")["pos"].size()
    reachable = per[np.isfinite(per["cost"])].groupby("org")["pos"].size()
    best = (
        per[np.isfinite(per["cost"])]
        .assign(key=lambda f: f["cost"].round(12), former=lambda f: ~f["current"])
        .sort_values(["org", "key", "former", "hops", "sid"], kind="stable")
        .drop_duplicates("org")
    )
    # every organisation's best chain at once, read from arrays (no hop explained here)
    paths, strengths = idx.walk_back_many(
        layers, best["pos"].to_numpy(), max_hops, min_strength=min_strength, can_push=ok
    )
    score = np.ones(len(best))
    for col in strengths.T[::-1]:  # the owner's tie first, as math.prod over the chain
        on = ~np.isnan(col)
        score[on] *= col[on]
    n_members, n_reachable = members.to_dict(), reachable.to_dict()
    # when the former members at the ends left: one group-by over their rows only
    gone = mem[~mem["current"]].merge(best.loc[~best["current"], ["org", "pos"]], on=["org", "pos"])
    left = sortable(gone["end"]).groupby([gone["org"], gone["pos"]]).max().to_dict()
    rows = []
    for org, pos, walked, current, value in zip(
        best["org"].tolist(),
        best["pos"].tolist(),
        paths.tolist(),
        best["current"].tolist(),
        score.tolist(),
        strict=True,
    ):
        people = tuple(idx.ids[p] for p in walked[::-1] if p >= 0)
        names = tuple(node_name(G, p) for p in people)
        mark = former_mark(not current, "" if current else month(left.get((org, pos))))
        rows.append(
            (
                org,
                value,
                len(people) - 1,
                int(n_members[org]),
                int(n_reachable[org]),
                people[-1],
                names[-1],
                bool(current),
                people[1],
                names[1],
                chain_text(names, mark),
                people,
            )
        )
    frame = rank_frame(pd.DataFrame(rows, columns=list(REACH_COLUMNS)), "people")
    unreached = sorted(set(members.index) - set(frame["org"]), key=str)
    if unreached:
        rest = pd.DataFrame(
            {
                "org": unreached,
                "members": [int(members[o]) for o in unreached],
                "reachable": 0,
            }
        ).reindex(columns=list(REACH_COLUMNS))
        rest["score"] = np.nan
        frame = pd.concat([frame, rest], ignore_index=True) if len(frame) else rest
        frame = frame.astype({"hops": "Int64", "members": "int64", "reachable": "int64"})
    return frame
