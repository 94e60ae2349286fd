"""Hypothesis strategies shared by the test modules.

Each strategy is named for what it draws; add yours with a clear name.
"""

from __future__ import annotations

import networkx as nx
from hypothesis import strategies as st

#: Strengths drawn for random networks: a few repeated values so equal scores happen.
PATH_STRENGTHS = (0.1, 0.2, 0.25, 0.5, 0.8, 1.0)
#: Organisations of random networks for the path tests.
PATH_ORGS = ("Acme", "Bolt")


@st.composite
def path_networks(draw: st.DrawFn, max_people: int = 7) -> nx.Graph:
    """Draw a small network for the path searches.

    Integer node ids (0 is the owner, ``G.graph["me"]``), ties with a
    ``strength`` (from :data:`PATH_STRENGTHS` or any float in (0, 1]) and
    ``cost``, and people at :data:`PATH_ORGS` now or formerly
    (``affiliations``). The owner may be at an organisation too.
    """
    n = draw(st.integers(2, max_people))
    G = nx.Graph(me=0)
    for i in range(n):
        affs = tuple(
            {"org": org, "current": draw(st.booleans()), "title": ""}
            for org in PATH_ORGS
            if draw(st.integers(0, 3)) == 0
        )
        G.add_node(i, name=f"P{i}", affiliations=affs)
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    chosen = (
        draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs))) if pairs else []
    )
    strength = st.one_of(
        st.sampled_from(PATH_STRENGTHS),
        st.floats(0.01, 1.0, allow_nan=False, allow_infinity=False),
    )
    import math

    for u, v in chosen:
        s = draw(strength)
        G.add_edge(u, v, strength=s, cost=-math.log(s))
    return G
