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
import html
import itertools
import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from . import schema as S
from ._index import GraphIndex, graph_index
from ._words import ago
from .exceptions import ConfigError, NoPathError
from .params import Interval, validate_params
from .people import find_person

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
    "reachable_orgs",
]

#: Default hop limit: chains of 2-3 hops are what works in practice.
MAX_HOPS = 3
#: Default weakest tie a chain may use.
MIN_STRENGTH = 0.01
#: Default lowest chain score :func:`introducers` lists (1 in 200 that every hop vouches).
MIN_SCORE = 0.005
#: A first hop (the person the user must ask) weaker than this is flagged.
WEAK_FIRST_HOP = 0.3
#: Equally good chains collected before ranking (a guard on networks where every tie is equal).
_MAX_TIED = 10_000

#: Columns of :meth:`Chains.to_frame`.
CHAIN_COLUMNS = (
    "rank",
    "score",
    "hops",
    "introducer",
    "introducer_name",
    "person",
    "name",
    "role",
    "former",
    "weakest",
    "weak_first_hop",
    "chain",
    "people",
)
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
@dataclass(frozen=True)
class Hop:
    """One tie of a chain: who knows whom, how strongly, and why we think so."""

    source: Hashable
    target: Hashable
    source_name: str
    target_name: str
    strength: float
    evidence: str
    last_contact: pd.Timestamp | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the hop as JSON-able data."""
        return {
            "from": self.source,
            "to": self.target,
            "from_name": self.source_name,
            "to_name": self.target_name,
            "strength": self.strength,
            "evidence": self.evidence,
            "last_contact": self.last_contact,
        }


@dataclass(frozen=True, repr=False)
class Chain:
    """An introduction chain from the owner to an organisation or a person.

    Attributes
    ----------
    people : tuple
        Person ids, the owner first.
    names : tuple of str
        Their names.
    hops : tuple of Hop
        The ties, owner's first.
    score : float
        Product of the hops' strengths.
    target : str
        The organisation (canonical name) or the person's name.
    kind : str
        ``"organisation"`` or ``"person"``.
    role : str
        What the last person is at the organisation ("Organizer at AFSCME",
        "formerly Organizer at AFSCME (until Mar 2025)").
    former : bool
        The last person has left the organisation (``affiliations.csv`` end date).
    left : str
        When a former member left (``"Dec 2019"``; empty when current or unknown).
    """

    people: tuple[Hashable, ...]
    names: tuple[str, ...]
    hops: tuple[Hop, ...]
    score: float
    target: str
    kind: str = "organisation"
    role: str = ""
    former: bool = False
    left: str = ""

    def __repr__(self) -> str:
        path = " → ".join(map(str, self.people))
        return f"Chain({path}, score={self.score:.3f})"

    @property
    def mark(self) -> str:
        """``"left Dec 2019"`` (or ``"former member"``) when the chain ends at a former member."""
        return former_mark(self.former, self.left)

    @property
    def text(self) -> str:
        """The names, owner first, and the mark: ``"Me → Dana → Lee (left Dec 2019)"``."""
        return chain_text(self.names, self.mark)

    @property
    def introducer(self) -> Hashable:
        """The person the user asks (the first hop's other end)."""
        return self.people[1]

    @property
    def weakest(self) -> Hop:
        """The weakest hop (the first of equally weak ones)."""
        return min(self.hops, key=lambda h: h.strength)

    @property
    def weak_first_hop(self) -> bool:
        """Whether the tie to the person to ask is weak (below :data:`WEAK_FIRST_HOP`)."""
        return self.hops[0].strength < WEAK_FIRST_HOP

    @property
    def advice(self) -> str | None:
        """What to do first when the first hop is weak, else None."""
        if not self.weak_first_hop:
            return None
        first = self.hops[0]
        return (
            f"Your tie to {first.target_name} is weak ({first.strength:.2f}): reconnect with "
            f"{first.target_name} before asking for an introduction."
        )

    @property
    def explanation(self) -> str:
        """One plain-English paragraph explaining the chain."""
        h = self.hops
        first = h[0]
        if len(h) == 1:
            text = (
                f"You know {first.target_name} directly "
                f"({first.evidence}; strength {first.strength:.2f})."
            )
        else:
            text = f"Ask {first.target_name} (your tie: {first.strength:.2f}; {first.evidence})."
            for hop in h[1:]:
                text += (
                    f" {hop.source_name} knows {hop.target_name}"
                    f" ({hop.strength:.2f}; {hop.evidence})."
                )
        if self.role:
            text += f" {self.names[-1]} is {self.role}."
        product = " × ".join(f"{x.strength:.2f}" for x in h)
        text += f" Chain score {self.score:.3f}"
        if len(h) > 1:
            w = self.weakest
            link = (
                f"your tie to {w.target_name}"
                if w is h[0]
                else f"{w.source_name} – {w.target_name}"
            )
            text += f" ({product}); the weakest link is {link} ({w.strength:.2f})."
        else:
            text += "."
        if self.advice:
            text += " " + self.advice
        return text

    def explain(self) -> str:
        """Return :attr:`explanation`."""
        return self.explanation

    def to_dict(self) -> dict[str, Any]:
        """Return the chain as JSON-able data (``people`` owner first, ``score``, hops)."""
        return {
            "target": self.target,
            "kind": self.kind,
            "people": list(self.people),
            "names": list(self.names),
            "score": self.score,
            "hops": [x.to_dict() for x in self.hops],
            "weakest": self.weakest.strength,
            "weak_first_hop": self.weak_first_hop,
            "advice": self.advice,
            "role": self.role,
            "former": self.former,
            "left": self.left,
            "explanation": self.explanation,
        }

    def _repr_html_(self) -> str:
        e = html.escape
        rows = "".join(
            f"<tr><td>{e(x.source_name)}</td><td>{e(x.target_name)}</td>"
            f"<td style='text-align:right'>{x.strength:.2f}</td><td>{e(x.evidence)}</td></tr>"
            for x in self.hops
        )
        return (
            f"<div class='tiegraph-chain'><p><b>{e(self.text)}</b>"
            f" &nbsp; score {self.score:.3f}</p>"
            "<table><thead><tr><th>from</th><th>to</th><th>strength</th>"
            f"<th>how they know each other</th></tr></thead><tbody>{rows}</tbody></table>"
            f"<p>{e(self.explanation)}</p></div>"
        )


class Chains(list):  # type: ignore[type-arg]
    """A list of :class:`Chain`, best first, shown as a table in a notebook."""

    def to_frame(self) -> pd.DataFrame:
        """Return one row per chain (columns :data:`CHAIN_COLUMNS`)."""
        rows = [
            (
                i + 1,
                c.score,
                len(c.hops),
                c.introducer,
                c.names[1],
                c.people[-1],
                c.names[-1],
                c.role,
                c.former,
                c.weakest.strength,
                c.weak_first_hop,
                c.text,
                tuple(c.people),
            )
            for i, c in enumerate(self)
        ]
        return pd.DataFrame(rows, columns=list(CHAIN_COLUMNS))

    def _repr_html_(self) -> str:
        e = html.escape
        rows = []
        for i, c in enumerate(self):
            notes = []
            if c.former:
                notes.append(c.mark)
            if c.weak_first_hop:
                notes.append("weak first hop: reconnect first")
            rows.append(
                f"<tr><td>{i + 1}</td><td>{e(' → '.join(c.names))}</td>"
                f"<td style='text-align:right'>{c.score:.3f}</td><td>{len(c.hops)}</td>"
                f"<td style='text-align:right'>{c.weakest.strength:.2f}</td>"
                f"<td>{e(c.role)}</td><td>{e('; '.join(notes))}</td></tr>"
            )
        return (
            "<table class='tiegraph-chains'><thead><tr><th>#</th><th>chain</th><th>score</th>"
            "<th>hops</th><th>weakest</th><th>at the end</th><th>notes</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )


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
    q = _Query.make(
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
    q = _Query.make(
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
    order = _rank_rows(idx, score, hops, paths, former)
    # a weak best chain is still the way in: min_score never empties the table
    order = order[(score[order] >= min_score) | (np.arange(len(order)) == 0)]
    if top is not None:
        order = order[:top]
    adj = G[idx.ids[q.me]]
    me_name = _name(G, idx.ids[q.me])
    rows = []
    for i in order.tolist():
        people = (idx.ids[q.me], *(idx.ids[p] for p in paths[i].tolist() if p >= 0))
        names = (me_name, *(_name(G, p) for p in people[1:]))
        left = q.role(int(ends[i]))[2] if former[i] else ""
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
                _timestamp(adj[people[1]].get("last_contact")),
                chain_text(names, former_mark(bool(former[i]), left)),
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


def _score_key(score: float) -> float:
    """Scores equal to 12 significant digits rank as ties."""
    return -float(f"{score:.12g}")


def _rank(frame: pd.DataFrame, people_col: str) -> pd.DataFrame:
    """Sort by score (12 significant digits), current before former, fewer hops, then ids."""
    key = pd.DataFrame(
        {
            "s": frame["score"].map(_score_key),
            "f": ~frame["current"].astype(bool),
            "h": frame["hops"],
            "p": frame[people_col].map(lambda p: "\x00".join(map(str, p))),
        }
    )
    order = key.sort_values(["s", "f", "h", "p"], kind="stable").index
    return frame.loc[order].reset_index(drop=True)


def _rank_rows(
    idx: GraphIndex, score: np.ndarray, hops: np.ndarray, paths: np.ndarray, former: np.ndarray
) -> np.ndarray:
    """Order rows as :func:`_rank` orders chains, from arrays.

    ``paths[i]`` holds row ``i``'s people after the owner (-1 padded),
    ``former[i]`` whether its chain ends at a former member. Ids are
    compared as strings only within groups of equal score, former and hops.
    """
    key = np.array([_score_key(x) for x in score.tolist()])
    order = np.lexsort((hops, former, key))
    same = (
        (key[order][1:] == key[order][:-1])
        & (former[order][1:] == former[order][:-1])
        & (hops[order][1:] == hops[order][:-1])
    )
    if not same.any():
        return order
    tied = np.zeros(len(order), dtype=bool)
    tied[1:] |= same
    tied[:-1] |= same
    rows = order[tied]
    sub = paths[rows]
    rank = np.full(sub.shape, -1, dtype=np.int64)
    rank[sub >= 0] = idx.str_order(sub[sub >= 0])
    full = np.zeros(paths.shape, dtype=np.int64)
    full[rows] = rank
    return np.lexsort((*full.T[::-1], hops, former, key))


def _ago(when: pd.Timestamp | None, as_of: pd.Timestamp | None) -> str:
    if when is None or pd.isna(when):
        return ""
    if as_of is None or as_of < when:
        return f"last in touch {when:%Y-%m-%d}"
    return f"last in touch {ago((as_of - when).days)}"


def former_mark(former: bool, left: str) -> str:
    """``"left Dec 2019"``, ``"former member"`` (no end date known) or ``""`` (current)."""
    if not former:
        return ""
    return f"left {left}" if left else "former member"


def chain_text(names: Iterable[str], mark: str = "") -> str:
    """``"Me → Dana → Lee"``, with ``" (left Dec 2019)"`` after a former member."""
    text = " → ".join(names)
    return f"{text} ({mark})" if mark else text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _month(when: Any) -> str:
    return "" if when is None or pd.isna(when) else f"{pd.Timestamp(when):%b %Y}"


class _Query:
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
    ) -> _Query:
        q = cls()
        q.G = G
        q.idx = idx = graph_index(G)
        q.me = _owner(G, idx)
        q.max_hops = max_hops
        q.min_strength = min_strength
        excluded = sorted({_person(G, idx, p) for p in exclude})
        if q.me in excluded:
            raise ConfigError("exclude: the owner cannot be excluded")
        q.excluded = np.asarray(excluded, dtype=np.int64)
        if person is not None:
            p = _person(G, idx, person)
            if p == q.me:
                raise ConfigError("person: that is the owner of the network")
            if p in excluded:
                raise ConfigError(f"person: {idx.ids[p]!r} is also in exclude")
            q.kind, q.org = "person", None
            q.target = _name(G, idx.ids[p])
            q.members_all = np.asarray([p], dtype=np.int64)
            q.current = {p: True}
        else:
            q.kind = "organisation"
            q.org = q.target = idx.orgs.resolve(str(org))
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
        idx, G = self.idx, self.G
        ids = tuple(idx.ids[p] for p in path)
        names = tuple(_name(G, p) for p in ids)
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
                    _evidence(G, a, b, data, as_of),
                    _timestamp(data.get("last_contact")),
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
        last = rows.sort_values("end", na_position="first", key=_sortable).iloc[-1]
        title = f"{last['title']} at {self.org}" if last["title"] else f"at {self.org}"
        until = _month(last["end"])
        return f"formerly {title}" + (f" (until {until})" if until else ""), True, until

    def former(self, ends: np.ndarray) -> np.ndarray:
        """Whether each position in ``ends`` is a former (not a current) member."""
        if self.org is None:
            return np.zeros(len(ends), dtype=bool)
        return np.asarray([not self.current.get(int(p), True) for p in ends.tolist()], dtype=bool)

    def no_path(self) -> NoPathError:
        """Say why there is no chain and which limit to relax."""
        idx, H, t = self.idx, self.max_hops, self.min_strength
        within = f"none within max_hops={H}, min_strength={t:g}"
        if self.excluded.size:
            within += ", exclude=" + ", ".join(str(idx.ids[p]) for p in self.excluded)
        if not len(self.members_all):
            return NoPathError(self.target, f"nobody in the network is or was at {self.target}")
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
                hints.append(f"lower min_strength to {_floor_sig(b)}")
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


def _sortable(col: pd.Series) -> pd.Series:
    return pd.to_datetime(col, utc=True, errors="coerce")


def _floor_sig(x: float, digits: int = 3) -> str:
    """``x`` rounded down to ``digits`` significant digits, as text."""
    scale = 10 ** (digits - 1 - math.floor(math.log10(x)))
    return f"{math.floor(x * scale) / scale:g}"


def _timestamp(value: Any) -> pd.Timestamp | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value)


def _owner(G: nx.Graph, idx: GraphIndex) -> int:
    me = G.graph.get("me", "me")
    if me not in idx.pos:
        raise ConfigError(f"the owner {me!r} (G.graph['me']) is not in the graph")
    return idx.pos[me]


def _name(G: nx.Graph, node: Hashable) -> str:
    name = G.nodes[node].get(S.NAME)
    return str(name) if name else str(node)


def _person(G: nx.Graph, idx: GraphIndex, person: Hashable) -> int:
    """Position of the person ``person`` names (:func:`tiegraph.people.find_person`)."""
    return idx.pos[find_person(G, person)]


def _evidence(G: nx.Graph, a: Hashable, b: Hashable, data: dict[str, Any], as_of: Any) -> str:
    """How ``a`` and ``b`` know each other, in words."""
    parts: list[str] = []
    for ev in data.get("evidence") or ():
        kind = ev.get("kind")
        if kind == S.EV_INTRODUCTION:
            via = ev.get("via")
            text = (
                f"met through {_name(G, via)}" if via and via in G and via not in (a, b) else "met"
            )
            if ev.get("context"):
                text += f" at {ev['context']}"
            when = _month(ev.get("date"))
            parts.append(f"{text} ({when})" if when else text)
        elif kind == S.EV_INTERACTION:
            parts.append(
                f"{_plural(int(ev.get('n', 0)), 'interaction')} since {_month(ev.get('first'))}"
            )
        elif kind == S.EV_SHARED:
            parts.append(f"in {_plural(int(ev.get('n', 0)), 'meeting')} together")
        elif kind == S.EV_SAME_ORG:
            parts.append(f"colleagues at {ev.get('org')}")
        elif kind == S.EV_VOUCHED:
            what = {"intro": "an introduction", "referral": "a referral"}.get(
                str(ev.get("what")), "a reference"
            )
            n = int(ev.get("n", 1))
            parts.append(f"gave you {what}" + (f" ({n} times)" if n > 1 else ""))
        elif kind == S.EV_RELATED:
            label = str(ev.get("label") or "").strip()
            parts.append(f"related ({label})" if label else "related")
        elif kind == S.EV_CLOSENESS:
            parts.append(f"closeness {ev.get('closeness')}/5")
        elif kind == S.EV_CONTACT and not any(
            e.get("kind") == S.EV_INTRODUCTION for e in data.get("evidence") or ()
        ):
            since = _month(ev.get("first"))
            parts.append(f"in your contacts since {since}" if since else "in your contacts")
    ago = _ago(_timestamp(data.get("last_contact")), as_of)
    if ago:
        parts.append(ago)
    return "; ".join(parts) if parts else "a known tie"


def _best_chains(q: _Query, layers: list[np.ndarray], k: int) -> list[list[int]]:
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
        return _score_key(score), former, len(path), tuple(str(idx.ids[p]) for p in path)

    found.sort(key=key)
    return [list(p) for p, _ in found[:k]]


def org_reach(
    G: nx.Graph, *, max_hops: int, min_strength: float, exclude: Iterable[Hashable]
) -> pd.DataFrame:
    """Best chain to every organisation: one search from the owner, one group-by."""
    idx = graph_index(G)
    me = _owner(G, idx)
    excluded = np.asarray(sorted({_person(G, idx, p) for p in exclude}), dtype=np.int64)
    if me in excluded.tolist():
        raise ConfigError("exclude: the owner cannot be excluded")
    ok = np.ones(idx.n, dtype=bool)
    ok[excluded] = False
    ok[me] = False
    layers = idx.hop_layers([me], max_hops, min_strength=min_strength, can_push=ok, can_receive=ok)
    d = layers[max_hops]
    mem = idx.memberships
    mem = mem[mem["pos"] != me]
    per = (
        mem.assign(end=_sortable(mem["end"]))
        .groupby(["org", "pos"], sort=False)
        .agg(current=("current", "any"), end=("end", "max"))
        .reset_index()
    )
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
    rows = []
    for org, walked, current, end, value in zip(
        best["org"].tolist(),
        paths.tolist(),
        best["current"].tolist(),
        best["end"].tolist(),
        score.tolist(),
        strict=True,
    ):
        people = tuple(idx.ids[p] for p in walked[::-1] if p >= 0)
        names = tuple(_name(G, p) for p in people)
        mark = former_mark(not current, "" if current else _month(end))
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
    frame = _rank(pd.DataFrame(rows, columns=list(REACH_COLUMNS)), "people")
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
