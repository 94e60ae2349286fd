import networkx as nx
import pandas as pd

from tiegraph.summary import network_summary, strongest_ties


def _graph():
    G = nx.Graph(me="me", as_of=pd.Timestamp("2024-06-01", tz="UTC"))
    G.add_node("me", name="Me", affiliations=())
    for pid, name, org, current in [
        ("ana", "Ana", "AFSCME", True),
        ("bo", "Bo", "SEIU", True),
        ("cy", "Cy", "Acme", False),
    ]:
        G.add_node(
            pid,
            name=name,
            org=org,
            affiliations=(
                {"org": org, "title": "", "start": None, "end": None, "current": current},
            ),
        )
    G.add_edge("me", "ana", strength=0.8, n_interactions=5, last_contact=None)
    G.add_edge("me", "bo", strength=0.8, n_interactions=2, last_contact=None)
    G.add_edge("me", "cy", strength=0.3, n_interactions=1, last_contact=None)
    G.add_edge("ana", "bo", strength=0.5, n_interactions=0, last_contact=None)
    return G


def test_network_summary_counts_people_orgs_and_ties():
    assert network_summary(_graph()) == {
        "people": 3,
        "direct_contacts": 3,
        "organisations": 2,  # Cy's Acme affiliation is former
        "ties": 4,
        "as_of": "2024-06-01",
    }


def test_strongest_ties_sorted_by_strength_then_name():
    df = strongest_ties(_graph(), n=2)
    assert list(df["id"]) == ["ana", "bo"]
    assert list(df.columns) == ["id", "name", "org", "strength", "last_contact", "n_interactions"]
    assert list(strongest_ties(_graph(), of="ana")["id"]) == ["me", "bo"]
