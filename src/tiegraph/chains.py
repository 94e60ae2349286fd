"""Introduction chains as results: a hop, a chain, a list of chains, their order and words.

A :class:`Chain` runs from the owner to an organisation or a person, one
:class:`Hop` per tie; :class:`Chains` is a list of them, best first, shown as a
table in a notebook. The searches that find them are in :mod:`tiegraph.paths`;
the order they are ranked in is here, so that every table ranks alike:

- by score (higher first), scores equal to 12 significant digits tying;
- then a current member of the organisation before a former one;
- then fewer hops;
- then the people's ids compared as strings, owner first.

A chain that ends at a former member says so after its names, ``"Me → Ann →
Yuri (left Dec 2019)"``.
"""

from __future__ import annotations

import html
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from . import schema as S
from ._index import GraphIndex
from ._words import ago, month, plural

__all__ = [
    "CHAIN_COLUMNS",
    "WEAK_FIRST_HOP",
    "Chain",
    "Chains",
    "Hop",
    "chain_text",
    "former_mark",
    "hop_evidence",
    "last_in_touch",
    "node_name",
    "rank_frame",
    "rank_rows",
    "score_key",
    "timestamp",
]

#: A first hop (the person the user must ask) weaker than this is flagged.
WEAK_FIRST_HOP = 0.3

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


def former_mark(former: bool, left: str) -> str:
    """``"left Dec 2019"``, ``"former member"`` (no end date known) or ``""`` (current)."""
    if not former:
        return ""
    return f"left {left}" if left else "former member"


def chain_text(names: Iterable[str], mark: str = "") -> str:
    """``"Me → Dana → Lee"``, with ``" (left Dec 2019)"`` after a former member."""
    text = " → ".join(names)
    return f"{text} ({mark})" if mark else text


def score_key(score: float) -> float:
    """Scores equal to 12 significant digits rank as ties."""
    return -float(f"{score:.12g}")


def rank_frame(frame: pd.DataFrame, people_col: str) -> pd.DataFrame:
    """Sort by score (12 significant digits), current before former, fewer hops, then ids."""
    key = pd.DataFrame(
        {
            "s": frame["score"].map(score_key),
            "f": ~frame["current"].astype(bool),
            "h": frame["hops"],
            "p": frame[people_col].map(lambda p: "\x00".join(map(str, p))),
        }
    )
    order = key.sort_values(["s", "f", "h", "p"], kind="stable").index
    return frame.loc[order].reset_index(drop=True)


def rank_rows(
    idx: GraphIndex, score: np.ndarray, hops: np.ndarray, paths: np.ndarray, former: np.ndarray
) -> np.ndarray:
    """Order rows as :func:`rank_frame` orders chains, from arrays.

    ``paths[i]`` holds row ``i``'s people after the owner (-1 padded),
    ``former[i]`` whether its chain ends at a former member. Ids are
    compared as strings only within groups of equal score, former and hops.
    """
    key = np.array([score_key(x) for x in score.tolist()])
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


def node_name(G: nx.Graph, node: Hashable) -> str:
    """Return a person's name, or their id when they have none."""
    name = G.nodes[node].get(S.NAME)
    return str(name) if name else str(node)


def timestamp(value: Any) -> pd.Timestamp | None:
    """Return ``value`` as a Timestamp to the second (a time computed in float days carries
    nanosecond noise), None when missing.

    Examples
    --------
    >>> timestamp(pd.Timestamp("2024-11-06 00:59:59.999999995+00:00"))
    Timestamp('2024-11-06 01:00:00+0000', tz='UTC')
    """  # noqa: D205
    return None if value is None or pd.isna(value) else pd.Timestamp(value).round("s")


def hop_evidence(G: nx.Graph, a: Hashable, b: Hashable, data: dict[str, Any], as_of: Any) -> str:
    """Return how ``a`` and ``b`` know each other, in words (a hop's ``evidence``)."""
    parts: list[str] = []
    for ev in data.get("evidence") or ():
        kind = ev.get("kind")
        if kind == S.EV_INTRODUCTION:
            via = ev.get("via")
            known = via and via in G and via not in (a, b)
            text = f"met through {node_name(G, via)}" if known else "met"
            if ev.get("context"):
                text += f" at {ev['context']}"
            when = month(ev.get("date"))
            parts.append(f"{text} ({when})" if when else text)
        elif kind == S.EV_INTERACTION:
            parts.append(
                f"{plural(int(ev.get('n', 0)), 'interaction')} since {month(ev.get('first'))}"
            )
        elif kind == S.EV_SHARED:
            parts.append(f"in {plural(int(ev.get('n', 0)), 'meeting')} together")
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
            since = month(ev.get("first"))
            parts.append(f"in your contacts since {since}" if since else "in your contacts")
    touch = last_in_touch(timestamp(data.get("last_contact")), as_of)
    if touch:
        parts.append(touch)
    return "; ".join(parts) if parts else "a known tie"


def last_in_touch(when: pd.Timestamp | None, as_of: pd.Timestamp | None) -> str:
    """Return "last in touch 3 weeks ago" (a date when ``as_of`` is unknown or earlier)."""
    if when is None or pd.isna(when):
        return ""
    if as_of is None or as_of < when:
        return f"last in touch {when:%Y-%m-%d}"
    return f"last in touch {ago((as_of - when).days)}"
