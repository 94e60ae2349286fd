"""One way to find the person a user means in a graph.

Every function that takes a person (``intro_paths(person=...)``,
``tie_table(person=...)``, ``viz.network(focus=...)``, the history figures)
reads it with :func:`find_person`, so each accepts the same things: an id,
an id merged into another contact (``tiegraph merge`` keeps it as an
alias), an email address, or a name, in any case, that exactly one person
has.

Examples
--------
>>> import networkx as nx
>>> G = nx.Graph(aliases={"jd": "jane-doe"})
>>> G.add_node("jane-doe", name="Jane Doe", email="jane@afscme.org;jd@mail.org")
>>> G.add_node("bob-lee", name="Bob Lee")
>>> [find_person(G, x) for x in ("jane-doe", "jd", "JD@mail.org", "jane doe")]
['jane-doe', 'jane-doe', 'jane-doe', 'jane-doe']
>>> find_person(G, "Jane Do")
Traceback (most recent call last):
...
tiegraph.exceptions.NotFoundError: unknown person 'Jane Do'; did you mean: jane-doe (Jane Doe)?
"""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx
from rapidfuzz import fuzz, process

from . import schema as S
from .exceptions import AmbiguousError, NotFoundError

__all__ = ["find_person", "suggest_people"]

#: A suggestion must score at least this (rapidfuzz ``ratio``, 0-100).
SUGGEST_SCORE = 60.0


def _label(G: nx.Graph, node: Hashable) -> str:
    name = G.nodes[node].get(S.NAME)
    return str(node) if not name or str(name) == str(node) else f"{node} ({name})"


def find_person(G: nx.Graph, person: object) -> Hashable:
    """Return the node of the person ``person`` names.

    Tried in order: the node itself; an id merged into a contact
    (``G.graph["aliases"]``); an email address of exactly one person; a
    name, case-insensitive, of exactly one person.

    Raises
    ------
    NotFoundError
        Nobody fits; the message offers the closest ids and names.
    AmbiguousError
        Several people have that name or address; the message lists them.
    """
    if isinstance(person, Hashable) and person in G:
        return person
    text = str(person).strip()
    aliases = G.graph.get("aliases") or {}
    if text in aliases and aliases[text] in G:
        return aliases[text]
    folded = text.casefold()
    if "@" in folded:
        found = [
            n
            for n, cell in G.nodes(data=S.EMAIL)
            if cell and folded in {e.strip().casefold() for e in str(cell).split(S.LIST_SEP)}
        ]
    else:
        found = [
            n
            for n, name in G.nodes(data=S.NAME)
            if name and " ".join(str(name).casefold().split()) == " ".join(folded.split())
        ]
    if len(found) == 1:
        return found[0]
    if found:
        raise AmbiguousError(
            "person",
            text,
            [_label(G, n) for n in found],
            hint="use an id",
        )
    raise NotFoundError("person", text, suggest_people(G, text))


def suggest_people(G: nx.Graph, text: str, *, n: int = 3) -> list[str]:
    """Return up to ``n`` people whose id or name comes closest to ``text``, as ``id (Name)``."""
    choices: dict[str, Hashable] = {str(node).casefold(): node for node in G}
    choices.update({str(name).casefold(): node for node, name in G.nodes(data=S.NAME) if name})
    out: list[str] = []
    folded = text.casefold().strip()
    if len(folded) >= 3:  # a first name or the start of an id: those it begins
        for key in sorted(choices):
            if key.startswith(folded) or any(w.startswith(folded) for w in key.split()):
                shown = _label(G, choices[key])
                if shown not in out:
                    out.append(shown)
    for key, _score, _ in process.extract(
        text.casefold(), list(choices), scorer=fuzz.ratio, limit=10, score_cutoff=SUGGEST_SCORE
    ):
        shown = _label(G, choices[key])
        if shown not in out:
            out.append(shown)
    return out[:n]
