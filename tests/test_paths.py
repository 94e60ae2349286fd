"""Introduction chains, introducers and reachable organisations, on graphs worked by hand."""

from __future__ import annotations

import copy
import gc
import itertools
import math
import re
import weakref
from collections import deque

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import PATH_ORGS, PATH_STRENGTHS, path_networks

import tiegraph
from tiegraph import _index
from tiegraph.exceptions import ConfigError, NoPathError, NotFoundError
from tiegraph.orgs import OrgIndex
from tiegraph.paths import (
    CHAIN_COLUMNS,
    INTRODUCER_COLUMNS,
    REACH_COLUMNS,
    Chains,
    intro_paths,
    introducers,
    reachable_orgs,
)

LONG = "American Federation of State, County and Municipal Employees"
AS_OF = pd.Timestamp("2026-06-30", tz="UTC")


def _aff(org: str, title: str = "", *, end: str | None = None) -> dict:
    return {
        "org": org,
        "title": title,
        "start": None,
        "end": None if end is None else pd.Timestamp(end, tz="UTC"),
        "current": end is None,
    }


def acme_graph(org: str = "Acme", *, edge_order: int = 1) -> nx.Graph:
    """The worked example.

    Chains to Acme (members x, y (former), z, q), by score::

        me-a-p-q  0.9 * 0.9 * 0.9 = 0.729   (3 hops)
        me-b-x    0.6 * 0.8       = 0.48
        me-a-x    0.9 * 0.5       = 0.45
        me-b-y    0.6 * 0.7       = 0.42    (y is a former member)
        me-c-z    0.2 * 0.9       = 0.18    (weak first hop)
    """
    G = nx.Graph(me="me", as_of=AS_OF)
    G.add_node("me", name="Me")
    for n in "abcp":
        G.add_node(n, name=f"{n.upper()}name", affiliations=())
    G.add_node("x", name="Xena", affiliations=(_aff(org, "Organizer"),))
    G.add_node("y", name="Yuri", affiliations=(_aff(org, "Organizer", end="2025-03-31"),))
    G.add_node("z", name="Zoe", affiliations=(_aff(org),))
    G.add_node("q", name="Quinn", affiliations=(_aff(org, "Director"),))
    edges = [
        ("me", "a", 0.9), ("me", "b", 0.6), ("me", "c", 0.2), ("a", "x", 0.5), ("b", "x", 0.8),
        ("b", "y", 0.7), ("c", "z", 0.9), ("a", "p", 0.9), ("p", "q", 0.9),
    ]  # fmt: skip
    for u, v, s in edges[::edge_order]:
        G.add_edge(u, v, strength=s, cost=-math.log(s))
    return G


def people(chains) -> list[tuple]:
    return [c.people for c in chains]


# ----------------------------------------------------------------------------- intro_paths
def test_best_chain_and_k_distinct_chains_in_score_order():
    chains = intro_paths(acme_graph(), org="Acme")
    assert isinstance(chains, Chains)
    assert people(chains) == [
        ("me", "a", "p", "q"),
        ("me", "b", "x"),
        ("me", "a", "x"),
        ("me", "b", "y"),
        ("me", "c", "z"),
    ]
    assert [c.score for c in chains] == pytest.approx([0.729, 0.48, 0.45, 0.42, 0.18])
    best = chains[0]
    assert [h.strength for h in best.hops] == [0.9, 0.9, 0.9]
    assert best.introducer == "a"
    assert best.names == ("Me", "Aname", "Pname", "Quinn")
    assert best.role == "Director at Acme"
    assert best.weakest.strength == 0.9 and best.weakest.source == "me"
    assert people(intro_paths(acme_graph(), org="Acme", k=2)) == people(chains)[:2]


def test_a_chain_ends_at_the_first_member_it_reaches():
    G = acme_graph()
    G.add_edge("x", "q", strength=1.0)  # me-b-x-q would score 0.48 but ends at x
    assert ("me", "b", "x", "q") not in people(intro_paths(G, org="Acme", k=20))


def test_ties_in_score_are_broken_by_hops_then_ids_whatever_the_build_order():
    def tied(order: int) -> nx.Graph:
        G = nx.Graph(me="me")
        nodes = ["me", "b", "a", "d", "x", "y"][::order]
        for n in nodes:
            G.add_node(n, affiliations=(_aff("Acme"),) if n in "xyd" else ())
        edges = [("me", "b", 0.8), ("b", "y", 0.5), ("me", "a", 0.5), ("a", "x", 0.8),
                 ("me", "d", 0.4)][::order]  # fmt: skip
        for u, v, s in edges:
            G.add_edge(u, v, strength=s)
        return G

    expected = [("me", "d"), ("me", "a", "x"), ("me", "b", "y")]  # all score 0.4
    assert people(intro_paths(tied(1), org="Acme")) == expected
    assert people(intro_paths(tied(-1), org="Acme")) == expected
    assert people(intro_paths(acme_graph(edge_order=-1), org="Acme")) == people(
        intro_paths(acme_graph(), org="Acme")
    )


def test_max_hops_is_respected():
    chains = intro_paths(acme_graph(), org="Acme", max_hops=2)
    assert people(chains) == [
        ("me", "b", "x"),
        ("me", "a", "x"),
        ("me", "b", "y"),
        ("me", "c", "z"),
    ]


def test_min_strength_is_respected():
    chains = intro_paths(acme_graph(), org="Acme", min_strength=0.55)
    assert people(chains) == [("me", "a", "p", "q"), ("me", "b", "x"), ("me", "b", "y")]


def test_exclude_is_respected():
    assert people(intro_paths(acme_graph(), org="Acme", exclude=["a"])) == [
        ("me", "b", "x"), ("me", "b", "y"), ("me", "c", "z"),
    ]  # fmt: skip
    assert people(intro_paths(acme_graph(), org="Acme", exclude=["x", "p"])) == [
        ("me", "b", "y"), ("me", "c", "z"),
    ]  # fmt: skip


def test_former_members_count_and_are_marked():
    chain = intro_paths(acme_graph(), org="Acme", exclude=["x", "a"])[0]
    assert chain.people == ("me", "b", "y")
    assert chain.former is True
    assert chain.role == "formerly Organizer at Acme (until Mar 2025)"
    assert "formerly Organizer at Acme (until Mar 2025)" in chain.explanation


def test_weak_first_hop_is_flagged_with_advice():
    chains = intro_paths(acme_graph(), org="Acme")
    weak = chains[4]
    assert [c.weak_first_hop for c in chains] == [False, False, False, False, True]
    assert weak.advice == (
        "Your tie to Cname is weak (0.20): reconnect with Cname before asking for an introduction."
    )
    assert chains[0].advice is None


@pytest.mark.parametrize(
    "name",
    [
        "AFSCME",
        "afscme",
        LONG,
        "american federation of state county and municipal employees",
        "The AFSCME",
    ],
)
@pytest.mark.parametrize("with_orgs_csv", [True, False])
def test_organisation_aliases_and_normalised_names(name, with_orgs_csv):
    G = acme_graph(org=LONG)
    if with_orgs_csv:
        G.graph["orgs"] = OrgIndex(pd.DataFrame({"name": [LONG], "aliases": ["AFSCME"]}))
    chains = intro_paths(G, org=name)
    assert chains[0].target == LONG
    assert chains[0].people == ("me", "a", "p", "q")


def test_a_near_spelling_of_a_long_name_is_accepted():
    G = acme_graph(org="Service Employees International Union")
    assert intro_paths(G, org="Servce Employees International Union")[0].people[-1] == "q"


def test_unknown_organisation_message():
    G = acme_graph(org=LONG)
    G.graph["orgs"] = OrgIndex(pd.DataFrame({"name": [LONG], "aliases": ["AFSCME"]}))
    msg = "unknown organisation 'AFSME'; did you mean: AFSCME?"
    with pytest.raises(NotFoundError, match=re.escape(msg)):
        intro_paths(G, org="AFSME")
    with pytest.raises(NotFoundError, match=re.escape("unknown organisation 'Teamsters'")):
        introducers(G, "Teamsters")


def test_unknown_person_message():
    msg = "unknown person 'xenna'; did you mean: x (Xena)?"
    with pytest.raises(NotFoundError, match=re.escape(msg)):
        intro_paths(acme_graph(), person="xenna")
    with pytest.raises(NotFoundError, match=re.escape("unknown person 'nobody'")):
        intro_paths(acme_graph(), org="Acme", exclude=["nobody"])


def test_chains_to_a_person_by_id_or_name():
    expected = [("me", "b", "x"), ("me", "a", "x")]
    assert people(intro_paths(acme_graph(), person="x")) == expected
    chains = intro_paths(acme_graph(), person="xena")
    assert people(chains) == expected
    assert chains[0].kind == "person" and chains[0].target == "Xena"


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        ({"max_hops": 1}, "none within max_hops=1, min_strength=0.01; raise max_hops to 2"),
        (
            {"min_strength": 0.95},
            "none within max_hops=3, min_strength=0.95; lower min_strength to 0.9",
        ),
        (
            {"exclude": ["a", "b", "c"]},
            "none within max_hops=3, min_strength=0.01, exclude=a, b, c; stop excluding a",
        ),
        (
            {"max_hops": 2, "min_strength": 0.85},
            "none within max_hops=2, min_strength=0.85; "
            "raise max_hops to 3, or lower min_strength to 0.6",
        ),
        (
            {"max_hops": 1, "min_strength": 0.95},
            "none within max_hops=1, min_strength=0.95; "
            "no single limit is enough: relax max_hops and min_strength together",
        ),
    ],
)
def test_no_path_says_which_limit_to_relax(limits, message):
    with pytest.raises(NoPathError, match=re.escape(f"no introduction chain to Acme: {message}")):
        intro_paths(acme_graph(), org="Acme", **limits)
    with pytest.raises(NoPathError, match=re.escape(f"no introduction chain to Acme: {message}")):
        introducers(acme_graph(), "Acme", **limits)


def test_no_path_when_nobody_leads_there_or_nobody_is_there():
    G = acme_graph()
    G.add_node("far", affiliations=(_aff("Bolt"),))
    G.graph["orgs"] = OrgIndex(names=["Acme", "Bolt", "Crane"])
    with pytest.raises(
        NoPathError,
        match=re.escape("no introduction chain to Bolt: nobody in your network leads to Bolt"),
    ):
        intro_paths(G, org="Bolt")
    with pytest.raises(
        NoPathError,
        match=re.escape(
            "no introduction chain to Crane: nobody in your network is or was at Crane"
        ),
    ):
        intro_paths(G, org="Crane")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"org": "Acme", "k": 0}, "intro_paths: k must be a whole number >= 1, not 0"),
        (
            {"org": "Acme", "max_hops": 0},
            "intro_paths: max_hops must be a whole number >= 1, not 0",
        ),
        (
            {"org": "Acme", "min_strength": 1.5},
            "intro_paths: min_strength must be a number from 0 to 1, not 1.5",
        ),
        ({}, "give either org or person (exactly one)"),
        ({"org": "Acme", "person": "x"}, "give either org or person (exactly one)"),
        ({"person": "me"}, "person: that is the owner of the network"),
        ({"org": "Acme", "exclude": ["me"]}, "exclude: the owner cannot be excluded"),
    ],
)
def test_bad_arguments(kwargs, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        intro_paths(acme_graph(), **kwargs)


def test_explanation_and_evidence_in_words():
    G = nx.Graph(me="me", as_of=AS_OF)
    G.add_node("me", name="Alex")
    G.add_node("dana", name="Dana Okafor", affiliations=())
    G.add_node("lee", name="Lee Park", affiliations=(_aff("Acme", "Organizer"),))
    G.add_edge(
        "me",
        "dana",
        strength=0.8,
        last_contact=pd.Timestamp("2026-06-09", tz="UTC"),
        evidence=[
            {"kind": "closeness", "n": 1, "closeness": 5},
            {"kind": "contact", "n": 1, "first": pd.Timestamp("2024-07-06")},
        ],
    )
    G.add_edge(
        "dana",
        "lee",
        strength=0.5,
        last_contact=pd.Timestamp("2026-03-30", tz="UTC"),
        evidence=[
            {
                "kind": "introduction",
                "via": "me",
                "context": "the 2024 canvass",
                "date": pd.Timestamp("2024-09-01"),
            },
            {"kind": "interaction", "n": 3, "first": pd.Timestamp("2024-09-02")},
        ],
    )
    (chain,) = intro_paths(G, org="Acme")
    assert chain.hops[0].evidence == (
        "closeness 5/5; in your contacts since Jul 2024; last in touch 3 weeks ago"
    )
    assert chain.hops[1].evidence == (
        "met through Alex at the 2024 canvass (Sep 2024); 3 interactions since Sep 2024; "
        "last in touch 3 months ago"
    )
    assert (
        chain.explain()
        == chain.explanation
        == (
            "Ask Dana Okafor (your tie: 0.80; closeness 5/5; in your contacts since Jul 2024; "
            "last in touch 3 weeks ago). Dana Okafor knows Lee Park (0.50; met through Alex at the "
            "2024 canvass (Sep 2024); 3 interactions since Sep 2024; last in touch 3 months ago). "
            "Lee Park is Organizer at Acme. Chain score 0.400 (0.80 × 0.50); the weakest link is "
            "Dana Okafor – Lee Park (0.50)."
        )
    )
    data = chain.to_dict()
    assert data["people"] == ["me", "dana", "lee"]
    assert data["score"] == pytest.approx(0.4)
    assert [h["strength"] for h in data["hops"]] == [0.8, 0.5]


def test_html_is_escaped_and_frames_have_the_documented_columns():
    G = acme_graph()
    G.nodes["x"]["name"] = "<img src=x onerror=alert(1)>"
    chains = intro_paths(G, org="Acme")
    for page in (chains._repr_html_(), chains[1]._repr_html_()):
        assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    frame = chains.to_frame()
    assert tuple(frame.columns) == CHAIN_COLUMNS
    assert frame["rank"].tolist() == [1, 2, 3, 4, 5]
    assert frame["former"].tolist() == [False, False, False, True, False]
    assert repr(chains[1]) == "Chain(me → b → x, score=0.480)"


def test_the_input_graph_is_unchanged():
    G = acme_graph()
    G.graph["orgs"] = OrgIndex(names=["Acme"])
    graph_before = dict(G.graph)
    before = copy.deepcopy((list(G.nodes(data=True)), list(G.edges(data=True))))
    intro_paths(G, org="Acme")
    introducers(G, "Acme")
    reachable_orgs(G)
    tiegraph.job_leads(G, pd.DataFrame({"org": ["Acme"], "title": ["Organizer"]}))
    assert G.graph == graph_before
    assert (list(G.nodes(data=True)), list(G.edges(data=True))) == before


def test_the_index_is_built_once_and_rebuilt_when_the_graph_changes():
    G = acme_graph()
    first = _index.graph_index(G)
    assert _index.graph_index(G) is first
    G.add_edge("me", "q", strength=0.95)
    assert _index.graph_index(G) is not first
    assert intro_paths(G, org="Acme")[0].people == ("me", "q")
    G["me"]["q"]["strength"] = 0.1  # an edit in place needs clear()
    _index.clear(G)
    assert intro_paths(G, org="Acme")[0].people == ("me", "a", "p", "q")


def test_bad_strength_is_a_clear_error():
    G = acme_graph()
    G["me"]["a"]["strength"] = 1.5
    with pytest.raises(ConfigError, match=re.escape("tie 'me'-'a': strength 1.5 is not in (0, 1]")):
        intro_paths(G, org="Acme")


def test_the_cache_does_not_keep_a_deleted_graph_alive():
    G = acme_graph()
    intro_paths(G, org="Acme")
    introducers(G, "Acme")
    reachable_orgs(G)
    idx = _index.graph_index(G)
    assert G in _index._CACHE
    alive = weakref.ref(G)
    del G
    gc.collect()
    assert alive() is None
    with pytest.raises(ReferenceError):
        idx.G  # noqa: B018 - the index only refers to the graph weakly


def _with_ties_table(G: nx.Graph) -> nx.Graph:
    G.graph["ties"] = pd.DataFrame(
        [(u, v, s) for u, v, s in G.edges(data="strength")], columns=["u", "v", "strength"]
    )
    return G


def test_the_index_reads_the_ties_table_only_when_it_agrees_with_the_graph(monkeypatch):
    read = []
    adjacency = _index.adjacency_arrays
    monkeypatch.setattr(
        _index, "adjacency_arrays", lambda G, ids: read.append(1) or adjacency(G, ids)
    )
    plain = _index.GraphIndex(acme_graph())
    assert read == [1]

    def same_ties(idx):
        def ties(i):
            rows = np.repeat(np.arange(i.n), np.diff(i.indptr))
            return sorted(zip(rows.tolist(), i.indices.tolist(), i.strength.tolist(), strict=True))

        return ties(idx) == ties(plain)

    G = _with_ties_table(acme_graph())
    assert same_ties(_index.GraphIndex(G)) and read == [1]  # the table, not the adjacency
    G.graph["ties"].loc[3, "strength"] = 0.123  # a stale strength
    assert same_ties(_index.GraphIndex(G)) and read == [1, 1]
    G = _with_ties_table(acme_graph())
    G.graph["ties"].loc[0, "u"] = "nobody"
    assert same_ties(_index.GraphIndex(G)) and read == [1, 1, 1]
    G = _with_ties_table(acme_graph())
    G.add_edge("c", "q", strength=0.5)  # a tie the table does not have
    assert len(_index.GraphIndex(G).indices) == len(plain.indices) + 2 and len(read) == 4
    G = _with_ties_table(acme_graph())
    _index.clear(G)  # edited in place: the table is not trusted any more
    assert same_ties(_index.GraphIndex(G)) and len(read) == 5
    for bad in ({"strength": "strong"}, {"v": None}):  # not a number; no column v
        G = _with_ties_table(acme_graph())
        G.graph["ties"] = G.graph["ties"].assign(**bad).dropna(axis=1)
        assert same_ties(_index.GraphIndex(G))
    assert len(read) == 7
    G = _with_ties_table(acme_graph())
    assert intro_paths(G, org="Acme")[0].people == ("me", "a", "p", "q")


def test_node_ids_pandas_hashes_unlike_a_dict_are_found():
    one, two = float("nan"), float("nan")  # two nodes: a dict tells them apart, pandas does not
    G = nx.Graph(me="me")
    G.add_edge("me", one, strength=0.5)
    G.add_edge(one, two, strength=0.4)
    idx = _index.GraphIndex(G)
    assert idx.indices[idx.neighbours(2)].tolist() == [1]
    assert idx.strength[idx.neighbours(1)].tolist() == [0.5, 0.4]


def test_the_index_leaves_out_self_loops_and_zero_ties_and_reads_cost_without_strength():
    G = nx.Graph(me="me")
    G.add_node("me")
    G.add_node("x", org="Acme")  # a graph not built by tiegraph: the org attribute counts
    G.add_edge("me", "a", strength=0.5)
    G.add_edge("a", "a", strength=0.9)
    G.add_edge("me", "b", strength=0.0)
    G.add_edge("a", "x", cost=-math.log(0.25))
    G.add_edge("b", "x", strength=1.0)
    idx = _index.GraphIndex(G)
    ties = {
        (idx.ids[i], idx.ids[j]): s
        for i in range(idx.n)
        for j, s in zip(
            idx.indices[idx.neighbours(i)], idx.strength[idx.neighbours(i)], strict=True
        )
    }
    assert ties == pytest.approx(
        {("me", "a"): 0.5, ("a", "me"): 0.5, ("a", "x"): 0.25, ("x", "a"): 0.25,
         ("b", "x"): 1.0, ("x", "b"): 1.0}
    )  # fmt: skip
    frame = introducers(G, "Acme")
    assert frame["people"].tolist() == [("me", "a", "x")]
    assert frame["score"].tolist() == pytest.approx([0.125])


# ----------------------------------------------------------------------------- introducers
def test_introducers_ranked_with_reach_and_weakest_hop():
    frame = introducers(acme_graph(), "acme")
    assert tuple(frame.columns) == INTRODUCER_COLUMNS
    assert frame["introducer"].tolist() == ["a", "b", "c"]
    assert frame["score"].tolist() == pytest.approx([0.729, 0.48, 0.18])
    assert frame["hops"].tolist() == [3, 2, 2]
    assert frame["reaches"].tolist() == [2, 2, 1]  # a: q and x; b: x and y; c: z
    assert frame["weakest"].tolist() == [0.9, 0.6, 0.2]
    assert frame["tie"].tolist() == [0.9, 0.6, 0.2]
    assert frame["weak_first_hop"].tolist() == [False, False, True]
    assert frame["people"].tolist() == [("me", "a", "p", "q"), ("me", "b", "x"), ("me", "c", "z")]
    assert frame["chain"].iloc[1] == "Me → Bname → Xena"
    unbounded = introducers(acme_graph(), "acme", max_hops=10**6)  # the search converges first
    pd.testing.assert_frame_equal(unbounded, introducers(acme_graph(), "acme", max_hops=4))
    pd.testing.assert_frame_equal(
        reachable_orgs(acme_graph(), max_hops=10**6), reachable_orgs(acme_graph(), max_hops=4)
    )
    short = introducers(acme_graph(), "Acme", max_hops=2)
    assert short["introducer"].tolist() == ["b", "a", "c"]
    assert short["reaches"].tolist() == [2, 1, 1]


def test_introducers_top_rows_and_ties_broken_by_ids_as_strings():
    G = nx.Graph(me=0)
    G.add_node(0)
    G.add_node(1, affiliations=(_aff("Acme"),))
    for c in (9, 10, 11):  # equal scores and hops: ids compared as strings, "10" < "11" < "9"
        G.add_edge(0, c, strength=0.5)
        G.add_edge(c, 1, strength=0.5)
    G.add_edge(0, 12, strength=0.9)
    G.add_edge(12, 13, strength=0.5)
    G.add_edge(13, 1, strength=0.9)
    every = introducers(G, "Acme", top=None)
    assert every["people"].tolist() == [(0, 12, 13, 1), (0, 10, 1), (0, 11, 1), (0, 9, 1)]
    assert every["score"].tolist() == pytest.approx([0.405, 0.25, 0.25, 0.25])
    assert every["reaches"].tolist() == [1, 1, 1, 1]
    pd.testing.assert_frame_equal(introducers(G, "Acme", top=2), every.head(2))
    assert len(introducers(G, "Acme")) == 4  # top=50 by default
    with pytest.raises(
        ConfigError, match=re.escape("introducers: top must be a whole number >= 1 or None, not 0")
    ):
        introducers(G, "Acme", top=0)


# ----------------------------------------------------------------------------- reachable_orgs
def test_reachable_orgs_best_chain_per_organisation():
    G = acme_graph()
    G.add_node("r", name="Ria", affiliations=(_aff("Bolt", end="2020-01-01"),))
    G.add_edge("z", "r", strength=0.5)
    G.add_node("s", affiliations=(_aff("Crane"),))
    frame = reachable_orgs(G)
    assert tuple(frame.columns) == REACH_COLUMNS
    assert frame["org"].tolist() == ["Acme", "Bolt", "Crane"]
    assert frame["score"].tolist()[:2] == pytest.approx([0.729, 0.09])
    assert np.isnan(frame["score"].iloc[2])
    assert frame["hops"].tolist()[:2] == [3, 3]
    assert frame["members"].tolist() == [4, 1, 1]
    assert frame["reachable"].tolist() == [4, 1, 0]
    assert frame["current"].tolist()[:2] == [True, False]
    assert frame["people"].iloc[1] == ("me", "c", "z", "r")


# ----------------------------------------------------------------------------- properties
def _members(G: nx.Graph, org: str) -> set:
    me = G.graph["me"]
    return {
        n for n, affs in G.nodes(data="affiliations") if n != me
        and any(a["org"] == org for a in affs or ())
    }  # fmt: skip


def _brute_chains(G, members, max_hops, min_strength, exclude, *, stop_at_members=True):
    """Every chain, by enumerating every simple path from the owner."""
    me = G.graph["me"]
    out = []

    def walk(path, score):
        v = path[-1]
        if len(path) > 1 and v in members:
            out.append((tuple(path), score))
            if stop_at_members:
                return
        if len(path) - 1 == max_hops:
            return
        for w in G[v]:
            s = G[v][w]["strength"]
            if w in path or w in exclude or w == me or s < min_strength:
                continue
            walk([*path, w], score * s)

    walk([me], 1.0)
    return out


def _former(G: nx.Graph, org: str, p) -> bool:
    return not any(a["org"] == org and a["current"] for a in G.nodes[p]["affiliations"] or ())


def _key_for(G: nx.Graph, org: str):
    """The ranking of the module notes: score, current before former, hops, ids as strings."""

    def key(item):
        path, score = item
        return (
            -float(f"{score:.12g}"),
            _former(G, org, path[-1]),
            len(path),
            tuple(map(str, path)),
        )

    return key


limits = st.fixed_dictionaries(
    {
        "max_hops": st.integers(1, 4),
        "min_strength": st.sampled_from([0.0, 0.15, 0.5]),
        "k": st.integers(1, 6),
    }
)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(G=path_networks(), limits=limits, data=st.data())
def test_chains_equal_brute_force_over_all_simple_paths(G, limits, data):
    org = data.draw(st.sampled_from(PATH_ORGS))
    exclude = data.draw(st.sets(st.sampled_from(sorted(G)[1:] or [0]))) - {0}
    members = _members(G, org) - exclude
    brute = sorted(
        _brute_chains(G, members, limits["max_hops"], limits["min_strength"], exclude),
        key=_key_for(G, org),
    )
    if not _members(G, org):
        with pytest.raises((NotFoundError, NoPathError)):
            intro_paths(G, org=org, exclude=exclude, **limits)
        return
    if not brute:
        with pytest.raises(NoPathError):
            intro_paths(G, org=org, exclude=exclude, **limits)
        return
    chains = intro_paths(G, org=org, exclude=exclude, **limits)
    assert chains[0].score == pytest.approx(brute[0][1], rel=1e-12)
    assert people(chains) == [p for p, _ in brute[: limits["k"]]]


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(G=path_networks(), limits=limits, data=st.data())
def test_every_introducer_score_is_the_best_chain_through_them(G, limits, data):
    del limits["k"]
    org = data.draw(st.sampled_from(PATH_ORGS))
    exclude = data.draw(st.sets(st.sampled_from(sorted(G)[1:] or [0]))) - {0}
    members = _members(G, org) - exclude
    brute = _brute_chains(G, members, limits["max_hops"], limits["min_strength"], exclude)
    by_first: dict = {}
    for path, score in brute:
        by_first.setdefault(path[1], []).append((path, score))
    if not _members(G, org) or not brute:
        with pytest.raises((NotFoundError, NoPathError)):
            introducers(G, org, exclude=exclude, min_score=0, **limits)
        return
    frame = introducers(G, org, exclude=exclude, min_score=0, **limits)
    assert sorted(frame["introducer"]) == sorted(by_first)
    for row in frame.itertuples():
        chains = by_first[row.introducer]
        assert row.score == pytest.approx(max(s for _, s in chains), rel=1e-12)
        assert row.reaches == len({p[-1] for p, _ in chains})
        assert row.people[1] == row.introducer and row.people[-1] in members
    keys = [-float(f"{s:.12g}") for s in frame["score"]]
    assert keys == sorted(keys)


@settings(max_examples=150, deadline=None)
@given(G=path_networks(), max_hops=st.integers(1, 4))
def test_reachable_orgs_equal_brute_force(G, max_hops):
    frame = reachable_orgs(G, max_hops=max_hops).set_index("org")
    for org in PATH_ORGS:
        members = _members(G, org)
        if not members:
            assert org not in frame.index
            continue
        brute = _brute_chains(G, members, max_hops, 0.01, set(), stop_at_members=False)
        row = frame.loc[org]
        assert row["members"] == len(members)
        assert row["reachable"] == len({p[-1] for p, _ in brute})
        if brute:
            assert row["score"] == pytest.approx(max(s for _, s in brute), rel=1e-12)
        else:
            assert pd.isna(row["score"])


@st.composite
def owner_hub_networks(draw: st.DrawFn) -> nx.Graph:
    """An owner with up to 80 contacts (more than a 64-bit word), a core of up to 6 people
    between them and the organisations, a few ties among contacts; integer ids, 0 the owner."""
    n_contacts = draw(st.integers(1, 80))
    n_core = draw(st.integers(1, 6))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    contacts = list(range(1, n_contacts + 1))
    core = list(range(n_contacts + 1, n_contacts + n_core + 1))
    G = nx.Graph(me=0)
    G.add_node(0, name="P0", affiliations=())
    for i in contacts + core:
        affs = tuple(
            {"org": org, "current": bool(rng.random() < 0.7), "title": ""}
            for org in PATH_ORGS
            if rng.random() < (0.1 if i in contacts else 0.4)
        )
        G.add_node(i, name=f"P{i}", affiliations=affs)

    def tie(u: int, v: int) -> None:
        s = float(rng.choice(PATH_STRENGTHS))
        G.add_edge(u, v, strength=s, cost=-math.log(s))

    for c in contacts:
        tie(0, c)
        for k in rng.choice(core, size=int(rng.integers(0, min(2, n_core) + 1)), replace=False):
            tie(c, int(k))
    for a, b in rng.choice(contacts, size=(int(rng.integers(0, 8)), 2)):
        if a != b:
            tie(int(a), int(b))
    for a in core:
        for b in core:
            if a < b and rng.random() < 0.5:
                tie(a, b)
    return G


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(G=owner_hub_networks(), limits=limits, data=st.data())
def test_introducers_of_an_owner_with_many_contacts_equal_brute_force(G, limits, data):
    top = limits.pop("k")
    org = data.draw(st.sampled_from(PATH_ORGS))
    members = _members(G, org)
    brute = _brute_chains(G, members, limits["max_hops"], limits["min_strength"], set())
    if not members or not brute:
        with pytest.raises((NotFoundError, NoPathError)):
            introducers(G, org, min_score=0, **limits)
        return
    every = introducers(G, org, top=None, min_score=0, **limits)
    by_first: dict = {}
    for path, score in brute:
        by_first.setdefault(path[1], []).append((path, score))
    assert sorted(every["introducer"]) == sorted(by_first)
    for row in every.itertuples():
        chains = by_first[row.introducer]
        best = max(s for _, s in chains)
        assert row.score == pytest.approx(best, rel=1e-12)
        assert row.reaches == len({p[-1] for p, _ in chains})
        score_of = dict(chains)
        assert row.people in score_of and score_of[row.people] == pytest.approx(best, rel=1e-12)
        assert row.hops == len(row.people) - 1
        assert row.weakest == min(G[a][b]["strength"] for a, b in itertools.pairwise(row.people))
    key = _key_for(G, org)
    keys = [key((p, s)) for p, s in zip(every["people"], every["score"], strict=True)]
    assert keys == sorted(keys)
    pd.testing.assert_frame_equal(
        introducers(G, org, top=top, min_score=0, **limits), every.head(top)
    )


def _reach_by_breadth_first(G, sources, targets, rounds, min_strength, can_push):
    count = dict.fromkeys(targets, 0)
    for s in sources:
        seen, queue = {s: 0}, deque([s])
        while queue:
            v = queue.popleft()
            if seen[v] == rounds or (v != s and not can_push[v]):
                continue
            for w in G[v]:
                if w not in seen and G[v][w]["strength"] >= min_strength:
                    seen[w] = seen[v] + 1
                    queue.append(w)
        for t in targets:
            count[t] += t in seen
    return [count[t] for t in targets]


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(2, 200),
    rounds=st.integers(0, 4),
    words=st.sampled_from([1, 2]),
    push_share=st.sampled_from([0.0, 1 / 8, 2.0]),
)
def test_reach_counts_equal_breadth_first_search(seed, n, rounds, words, push_share):
    rng = np.random.default_rng(seed)
    G = nx.Graph(me=0)
    G.add_nodes_from(range(n))
    m = int(rng.integers(0, 4 * n))
    for u, v in rng.integers(0, n, size=(m, 2)):
        if u != v:
            G.add_edge(int(u), int(v), strength=float(rng.choice([0.05, 0.3, 0.9])))
    sources = sorted(set(rng.choice(n, size=int(rng.integers(0, min(n, 150) + 1))).tolist()))
    targets = sorted(set(rng.choice(n, size=int(rng.integers(1, n + 1))).tolist()))
    can_push = rng.random(n) < 0.7
    min_strength = float(rng.choice([0.0, 0.3]))
    expected = _reach_by_breadth_first(G, sources, targets, rounds, min_strength, can_push)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_index, "_WORDS", words)
        mp.setattr(_index, "_PUSH_SHARE", push_share)
        idx = _index.GraphIndex(G)  # nodes 0..n-1 in order: positions are the ids
        got = idx.reach_counts(
            np.asarray(sources, dtype=np.int64),
            np.asarray(targets, dtype=np.int64),
            rounds,
            min_strength=min_strength,
            can_push=can_push,
        )
    assert got.tolist() == expected


@settings(max_examples=100, deadline=None)
@given(G=path_networks(max_people=12), data=st.data())
def test_pushing_and_pulling_give_the_same_layers(G, data):
    idx = _index.GraphIndex(G)
    sources = data.draw(st.sets(st.sampled_from(range(idx.n)), min_size=1))
    masks = st.lists(st.booleans(), min_size=idx.n, max_size=idx.n).map(np.array)
    kwargs = {
        "min_strength": data.draw(st.sampled_from([0.0, 0.3])),
        "can_push": data.draw(masks),
        "can_receive": data.draw(masks),
    }
    rounds = data.draw(st.integers(0, 5))
    layers = {}
    for share in (0.0, 2.0):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(_index, "_PUSH_SHARE", share)
            layers[share] = idx.hop_layers(sources, rounds, **kwargs)
    assert len(layers[0.0]) == len(layers[2.0])
    for a, b in zip(layers[0.0], layers[2.0], strict=True):
        np.testing.assert_array_equal(a, b)


# ----------------------------------------------------------------------------- sample network
def test_sample_network_chains_to_afscme_make_sense():
    G = tiegraph.load_network(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)
    chains = intro_paths(G, org="AFSCME", k=5)
    assert len(chains) == 5
    assert all(c.target == LONG for c in chains)
    scores = [c.score for c in chains]
    assert scores == sorted(scores, reverse=True)
    for c in chains:
        assert c.people[0] == "me" and 2 <= len(c.people) <= 4
        end = G.nodes[c.people[-1]]["affiliations"]
        assert any(a["org"] == LONG for a in end)
        assert c.former == (not any(a["org"] == LONG and a["current"] for a in end))
        assert all(
            not any(a["org"] == LONG for a in G.nodes[p]["affiliations"]) for p in c.people[1:-1]
        )
    assert introducers(G, "afscme")["introducer"].iloc[0] == chains[0].introducer


# ----------------------------------------------------------------------------- min_score
def test_introducers_leave_out_chains_below_min_score():
    G = acme_graph()  # introducers a 0.729, b 0.48, c 0.18 (see acme_graph)
    G.add_node("d", name="Dname", affiliations=())
    G.add_edge("me", "d", strength=0.05)
    G.add_edge("d", "z", strength=0.09)  # me-d-z = 0.0045: below the default 0.005
    assert introducers(G, "Acme")["introducer"].tolist() == ["a", "b", "c"]
    every = introducers(G, "Acme", top=None, min_score=0)
    assert every["introducer"].tolist() == ["a", "b", "c", "d"]
    assert every["score"].tolist() == pytest.approx([0.729, 0.48, 0.18, 0.0045])
    assert introducers(G, "Acme", min_score=0.2)["introducer"].tolist() == ["a", "b"]
    assert introducers(G, "Acme", min_score=0.18)["introducer"].tolist() == ["a", "b", "c"]
    assert introducers(G, "Acme", top=1, min_score=0.2)["introducer"].tolist() == ["a"]
    # when every chain is below min_score the best is still listed: the way in, however weak
    weak = introducers(G, "Acme", min_score=0.8)
    assert weak["introducer"].tolist() == ["a"] and weak["score"].tolist() == pytest.approx([0.729])


@pytest.mark.parametrize("bad", [-0.1, 1.5, "0.1", True, None, math.nan])
def test_introducers_min_score_is_checked(bad):
    with pytest.raises(
        ConfigError,
        match=re.escape(f"introducers: min_score must be a number from 0 to 1, not {bad!r}"),
    ):
        introducers(acme_graph(), "Acme", min_score=bad)


def test_sample_introducers_by_default_are_the_chains_scoring_at_least_0_005():
    G = tiegraph.load_network(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)
    shown = introducers(G, "AFSCME")
    every = introducers(G, "AFSCME", top=None, min_score=0)
    assert len(every) > 60 and every["score"].min() < 0.001  # the long tail of the issue
    assert 20 <= len(shown) <= 30 and shown["score"].min() >= 0.005
    pd.testing.assert_frame_equal(shown, every[every["score"] >= 0.005].head(50))


# ----------------------------------------------------------------------------- former members
def former_graph() -> nx.Graph:
    """Three chains to Acme, all scoring 0.4::

    me-b-x  0.5 * 0.8  x works at Acme
    me-f    0.4        f was at Acme (no end date)
    me-a-y  0.8 * 0.5  y left Acme in Dec 2019

    By ids and hops alone f would come first, then a-y; a current member comes first.
    """
    G = nx.Graph(me="me", as_of=AS_OF)
    G.add_node("me", name="Me")
    G.add_node("a", name="Ann", affiliations=())
    G.add_node("b", name="Bo", affiliations=())
    G.add_node("x", name="Xena", affiliations=(_aff("Acme", "Organizer"),))
    G.add_node("y", name="Yuri", affiliations=(_aff("Acme", "Researcher", end="2019-12-31"),))
    G.add_node("f", name="Fay", affiliations=({**_aff("Acme"), "current": False},))
    for u, v, s in [("me", "a", 0.8), ("a", "y", 0.5), ("me", "b", 0.5), ("b", "x", 0.8),
                    ("me", "f", 0.4)]:  # fmt: skip
        G.add_edge(u, v, strength=s)
    return G


def test_a_current_member_ranks_above_a_former_one_at_the_same_score():
    chains = intro_paths(former_graph(), org="Acme", k=3)
    assert people(chains) == [("me", "b", "x"), ("me", "f"), ("me", "a", "y")]
    assert [c.score for c in chains] == pytest.approx([0.4, 0.4, 0.4])
    assert [c.former for c in chains] == [False, True, True]
    assert [c.mark for c in chains] == ["", "former member", "left Dec 2019"]
    assert [c.text for c in chains] == [
        "Me → Bo → Xena",
        "Me → Fay (former member)",
        "Me → Ann → Yuri (left Dec 2019)",
    ]
    assert chains.to_frame()["chain"].tolist() == [c.text for c in chains]
    assert chains[2].to_dict()["left"] == "Dec 2019"
    assert "Yuri is formerly Researcher at Acme (until Dec 2019)." in chains[2].explanation
    assert "left Dec 2019" in chains._repr_html_()

    frame = introducers(former_graph(), "Acme")
    assert frame["introducer"].tolist() == ["b", "f", "a"]
    assert frame["former"].tolist() == [False, True, True]
    assert frame["chain"].tolist() == [c.text for c in chains]

    reach = reachable_orgs(former_graph()).set_index("org")
    assert reach.loc["Acme", "people"] == ("me", "b", "x") and reach.loc["Acme", "current"]


def test_reachable_orgs_mark_a_former_member_at_the_end():
    G = former_graph()
    G.remove_edge("b", "x")
    G.remove_node("f")
    row = reachable_orgs(G).set_index("org").loc["Acme"]
    assert row["people"] == ("me", "a", "y") and not row["current"]
    assert row["chain"] == "Me → Ann → Yuri (left Dec 2019)"


def test_sample_best_afscme_chain_ends_at_a_former_member_and_says_so():
    """The issue's case: the best chain still ends at Ruth Adeyemi, who left AFSCME in Dec 2019,
    because it scores higher (0.79) than the best chain to a current member (0.73); it says so."""
    G = tiegraph.load_network(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)
    chains = intro_paths(G, org="AFSCME", k=5)
    first = chains[0]
    assert first.people[-1] == "ruth-adeyemi" and first.former and first.left == "Dec 2019"
    assert first.text == "Alex Rivera → Jordan Ellis → Ruth Adeyemi (left Dec 2019)"
    current = next(c for c in chains if not c.former)
    assert current.people == ("me", "priya-raman", "lee-nakamura")
    assert current.score < first.score
    for a, b in itertools.pairwise(chains):  # at an equal score a current member first
        if f"{a.score:.12g}" == f"{b.score:.12g}":
            assert a.former <= b.former
    rows = introducers(G, "AFSCME")
    assert rows.loc[0, "chain"] == first.text and bool(rows.loc[0, "former"])


def test_last_contact_is_to_the_second():
    G = acme_graph()
    G["me"]["a"]["last_contact"] = pd.Timestamp("2024-11-06 00:59:59.999999995", tz="UTC")
    frame = introducers(G, "Acme")
    assert frame.loc[0, "last_contact"] == pd.Timestamp("2024-11-06 01:00:00", tz="UTC")
    hop = intro_paths(G, org="Acme")[0].hops[0]
    assert hop.last_contact == pd.Timestamp("2024-11-06 01:00:00", tz="UTC")
    assert hop.evidence == "last in touch 20 months ago"  # before AS_OF, 2026-06-30
