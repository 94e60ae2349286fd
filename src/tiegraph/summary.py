"""Plain summaries of a network graph: counts and the strongest ties."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pandas as pd

from .params import Interval, Text, validate_params

__all__ = ["network_summary", "strongest_ties"]


def network_summary(G: nx.Graph) -> dict[str, Any]:
    """Return the headline counts of a network graph.

    Returns
    -------
    dict
        ``people`` (not counting the owner), ``direct_contacts``,
        ``organisations``, ``ties``, ``as_of``.
    """
    me = G.graph["me"]
    orgs = {
        a["org"]
        for n, d in G.nodes(data=True)
        if n != me
        for a in d.get("affiliations", ())
        if a["current"]
    }
    return {
        "people": G.number_of_nodes() - 1,
        "direct_contacts": G.degree(me) if me in G else 0,
        "organisations": len(orgs),
        "ties": G.number_of_edges(),
        "as_of": G.graph["as_of"].strftime("%Y-%m-%d"),
    }


@validate_params(n=[Interval(int, 0, None)], of=[Text(), None])
def strongest_ties(G: nx.Graph, *, n: int = 10, of: str | None = None) -> pd.DataFrame:
    """Return the ``n`` strongest ties of the owner (or of person ``of``).

    Returns
    -------
    DataFrame
        ``id``, ``name``, ``org``, ``strength``, ``last_contact``,
        ``n_interactions``, strongest first (ties broken by name).
    """
    who = G.graph["me"] if of is None else of
    rows = [
        {
            "id": other,
            "name": G.nodes[other].get("name", other),
            "org": G.nodes[other].get("org", ""),
            "strength": round(d["strength"], 3),
            "last_contact": d.get("last_contact"),
            "n_interactions": d.get("n_interactions", 0),
        }
        for other, d in G[who].items()
    ]
    df = pd.DataFrame(
        rows, columns=["id", "name", "org", "strength", "last_contact", "n_interactions"]
    )
    return (
        df.sort_values(["strength", "name"], ascending=[False, True], kind="stable")
        .head(n)
        .reset_index(drop=True)
    )
