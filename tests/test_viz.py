"""Tests of tiegraph.viz and its page (tiegraph._page): the map, its selection, styling, safety."""

from __future__ import annotations

import base64
import copy
import hashlib
import html
import json
import math
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib import resources

import networkx as nx
import pandas as pd
import pytest
from _hostile import AS_OF as HOSTILE_AS_OF
from _hostile import NOT_ON_MAP, PAYLOADS, write_hostile_folder

import tiegraph
from tiegraph import ConfigError, NotFoundError, _page, viz
from tiegraph.io.html import write_html

AS_OF = pd.Timestamp("2026-06-30", tz="UTC")
EVIL_IMG = "<img src=x onerror=alert(1)>"
EVIL_LINK = '<a href="javascript:alert(1)">x</a>'


def tie(strength: float, peak: float | None = None, **extra: object) -> dict:
    return {
        "strength": strength,
        "peak_strength": strength if peak is None else peak,
        "cost": -math.log(strength),
        "last_contact": extra.pop("last_contact", None),
        "first_contact": None,
        "n_interactions": extra.pop("n_interactions", 0),
        "evidence": extra.pop("evidence", []),
        **extra,
    }


def person(name: str, org: str = "", title: str = "", **extra: object) -> dict:
    affs = (
        ({"org": org, "title": title, "start": None, "end": None, "current": True},) if org else ()
    )
    return {
        "name": name,
        "org": org,
        "title": title,
        "tags": (),
        "direct": True,
        "is_owner": False,
        "affiliations": affs,
        **extra,
    }


@pytest.fixture
def G() -> nx.Graph:
    """me -a(0.9)- ; me -b(0.5)- ; b -c(0.9)- ; a -d(0.1, dormant: peak 0.8).

    Best chain scores from me: a 0.9, b 0.5, c 0.45, d 0.09.
    """
    g = nx.Graph(me="me", owner_name="Alex Rivera", as_of=AS_OF, targets=("Union",))
    g.add_node(
        "me",
        name="Alex Rivera",
        is_owner=True,
        org="",
        title="",
        tags=(),
        direct=False,
        affiliations=(),
    )
    g.add_node("a", **person("Ann Lee", "Union", "Organizer", tags=("labor",)))
    g.add_node(
        "b",
        **person(
            "Bob Ray",
            "Acme",
            "Analyst",
            source="linkedin",
            since=pd.Timestamp("2023-02-09", tz="UTC"),
        ),
    )
    g.add_node("c", **person("Cy Diaz", "Acme", "Director"))
    g.add_node("d", **person("Di Wu", "Union", "Rep"))
    g.add_edge(
        "me",
        "a",
        **tie(
            0.9,
            last_contact=AS_OF - pd.Timedelta(days=21),
            n_interactions=7,
            evidence=[
                {
                    "kind": "introduction",
                    "via": "b",
                    "context": "2024 canvass",
                    "date": pd.Timestamp("2024-03-02", tz="UTC"),
                }
            ],
        ),
    )
    g.add_edge("me", "b", **tie(0.5))
    g.add_edge(
        "b",
        "c",
        **tie(
            0.9, evidence=[{"kind": "same_org", "org": "Acme", "n": 1, "first": None, "last": None}]
        ),
    )
    g.add_edge("a", "d", **tie(0.1, 0.8))
    return g


def node(net: viz.NetworkView, nid: str) -> dict:
    return next(n for n in net.nodes if n["id"] == nid)


def edge(net: viz.NetworkView, u: str, v: str) -> dict:
    return next(e for e in net.edges if {e["from"], e["to"]} == {u, v})


# -- what is drawn -------------------------------------------------------------------------


def test_every_person_and_tie_is_drawn(G):
    net = viz.network(G)
    assert sorted(net.node_ids) == ["a", "b", "c", "d", "me"]
    assert len(net.edges) == 4
    assert (net.people_total, net.people_shown, net.left_out, net.truncated) == (4, 4, 0, 0)
    assert net.note == "Showing 4 of 4 people."


def test_edge_width_grows_with_strength(G):
    net = viz.network(G)
    assert edge(net, "me", "a")["width"] == pytest.approx(1 + 7 * 0.9)
    assert edge(net, "me", "b")["width"] == pytest.approx(1 + 7 * 0.5)
    assert edge(net, "me", "a")["length"] < edge(net, "me", "b")["length"]


def test_dormant_tie_is_dashed_and_grey(G):
    net = viz.network(G)
    d = edge(net, "a", "d")
    assert d["dashes"] is True
    assert d["color"]["color"] == viz.DORMANT_COLOUR
    assert "dashes" not in edge(net, "me", "b")
    assert "dormant" in d["title"]
    # a weak tie that was never strong is not dormant
    G2 = G.copy()
    G2["a"]["d"]["peak_strength"] = 0.15
    assert "dashes" not in edge(viz.network(G2), "a", "d")
    # the threshold is a parameter
    assert "dashes" not in edge(viz.network(G, dormant_below=0.05), "a", "d")


def test_owner_is_fixed_in_the_centre_and_drawn_last(G):
    for physics in (True, False):
        net = viz.network(G, physics=physics)
        me = node(net, "me")
        assert (me["x"], me["y"], me["fixed"], me["shape"]) == (0, 0, True, "star")
        assert net.nodes[-1]["id"] == "me"


def test_highlighted_chain_is_red_and_its_people_outlined(G):
    net = viz.network(G, highlight=[["me", "b", "c"]])
    for u, v in (("me", "b"), ("b", "c")):
        assert edge(net, u, v)["color"]["color"] == viz.HIGHLIGHT_COLOUR
    assert edge(net, "me", "a")["color"]["color"] == viz.TIE_COLOUR
    assert node(net, "c")["borderWidth"] == 4
    assert node(net, "a")["borderWidth"] == 1
    assert ("introduction chain", viz.HIGHLIGHT_COLOUR, "chain") in net.legend


@dataclass(frozen=True)
class FakeChain:
    people: tuple[str, ...]
    score: float


@pytest.mark.parametrize(
    "highlight",
    [
        FakeChain(("me", "b", "c"), 0.45),
        [FakeChain(("me", "b", "c"), 0.45)],
        ["me", "b", "c"],
        [("me", "b", "c")],
    ],
    ids=["chain", "list-of-chains", "ids", "list-of-ids"],
)
def test_highlight_accepts_chains_and_id_lists(G, highlight):
    net = viz.network(G, highlight=highlight)
    assert edge(net, "b", "c")["color"]["color"] == viz.HIGHLIGHT_COLOUR


def test_colours_by_organisation_largest_first(G):
    net = viz.network(G)
    # Acme and Union have 2 people each: ties broken by name
    assert node(net, "b")["color"]["background"] == viz.PALETTE[0]  # Acme
    assert node(net, "a")["color"]["background"] == viz.PALETTE[1]  # Union
    assert net.legend[:3] == [
        ("Alex Rivera (you)", viz.OWNER_COLOUR, "owner"),
        ("Acme", viz.PALETTE[0], "node"),
        ("Union", viz.PALETTE[1], "node"),
    ]


def test_more_organisations_than_colours_share_other():
    g = nx.Graph(me="me", as_of=AS_OF)
    g.add_node("me", name="Me")
    for i in range(len(viz.PALETTE) + 3):
        g.add_node(f"p{i}", **person(f"P{i}", f"Org {i:02d}"))
        g.add_edge("me", f"p{i}", **tie(0.5))
    g.add_node("x", **person("X"))
    g.add_edge("me", "x", **tie(0.5))
    net = viz.network(g)
    assert node(net, "p22")["color"]["background"] == viz.OTHER_ORG_COLOUR
    assert node(net, "x")["color"]["background"] == viz.NO_ORG_COLOUR
    labels = [row[0] for row in net.legend]
    assert "3 other organisations" in labels and "no organisation" in labels


def test_size_by_strength_and_degree(G):
    net = viz.network(G)
    assert node(net, "a")["size"] == pytest.approx(10 + 22 * 0.9)
    assert node(net, "c")["size"] == 7.0  # not a direct contact
    by_degree = viz.network(G, size_by="degree")
    assert node(by_degree, "b")["size"] == pytest.approx(8 + 24 * 1.0)  # b has the most ties (2)
    assert node(by_degree, "c")["size"] == round(8 + 24 * math.sqrt(1 / 2), 1)
    assert {n["size"] for n in viz.network(G, size_by=None).nodes if n["id"] != "me"} == {12.0}


def test_colour_by_strength(G):
    net = viz.network(G, color_by="strength")
    assert node(net, "c")["color"]["background"] == viz.NO_ORG_COLOUR
    assert node(net, "a")["color"]["background"] != node(net, "b")["color"]["background"]


# -- tooltips ------------------------------------------------------------------------------


def test_person_tooltip_tells_the_story(G):
    title = node(viz.network(G), "a")["title"]
    assert title.splitlines() == [
        "Ann Lee",
        "Organizer at Union",
        "How we met: through Bob Ray, 2024 canvass (2024-03-02)",
        "Last contact: 2026-06-09 (3 weeks ago) - 7 interactions",
        "Tie strength: 0.90 now, 0.90 at its peak",
        "Tags: labor",
    ]


def test_tooltip_of_contact_without_story_and_of_second_degree(G):
    net = viz.network(G)
    assert "How we met: in your contacts since 2023-02-09 (linkedin)" in node(net, "b")["title"]
    assert "Last contact: none recorded" in node(net, "b")["title"]
    assert node(net, "c")["title"].splitlines()[-1] == "Not a direct contact; known through Bob Ray"
    assert edge(net, "b", "c")["title"].splitlines() == [
        "Bob Ray - Cy Diaz",
        "Strength 0.90 (peak 0.90)",
        "Met: colleagues at Acme",
    ]


def test_former_affiliation_in_tooltip(G):
    G.nodes["b"]["affiliations"] = (
        *G.nodes["b"]["affiliations"],
        {"org": "Old Co", "title": "Intern", "start": None, "end": AS_OF, "current": False},
    )
    assert "Formerly: Intern at Old Co" in node(viz.network(G), "b")["title"]


# -- selection: max_nodes and focus --------------------------------------------------------


def test_max_nodes_keeps_the_people_with_the_best_chains(G):
    net = viz.network(G, max_nodes=2)
    assert sorted(net.node_ids) == ["a", "b", "me"]
    assert (net.people_shown, net.left_out, net.truncated) == (2, 2, 2)
    assert net.truncated_ids == ("c", "d")
    assert "2 people are left out to keep the map to 2" in net.note
    assert len(net.edges) == 2  # only ties among people on the map


def test_max_nodes_always_keeps_highlighted_chains(G):
    net = viz.network(G, max_nodes=2, highlight=["me", "a", "d"])
    assert sorted(net.node_ids) == ["a", "d", "me"]
    assert net.truncated_ids == ("b", "c")


def test_max_nodes_ties_broken_by_strongest_tie_then_id():
    g = nx.Graph(me="me", as_of=AS_OF)
    g.add_node("me", name="Me")
    for pid in ("z", "y", "x"):
        g.add_node(pid, **person(pid.upper()))
        g.add_edge("me", pid, **tie(0.5))
    g.add_node("w", **person("W"))
    g.add_edge("y", "w", **tie(0.95))  # y's strongest tie is stronger
    net = viz.network(g, max_nodes=2)
    assert sorted(net.node_ids) == ["me", "x", "y"]  # y (strong tie), then x before z by id


def test_focus_shows_the_ego_network_and_the_chain_to_it(G):
    net = viz.network(G, focus="c")
    assert sorted(net.node_ids) == ["b", "c", "me"]
    assert (net.left_out, net.truncated, net.outside_focus) == (2, 0, 2)
    assert "around Cy Diaz" in net.note
    assert "2 people outside this neighbourhood are not shown" in net.note
    assert sorted(viz.network(G, focus="c", radius=3).node_ids) == ["a", "b", "c", "me"]
    wider = viz.network(G, focus="c", radius=4)
    assert sorted(wider.node_ids) == ["a", "b", "c", "d", "me"]


def test_focus_with_max_nodes_ranks_from_the_focus(G):
    net = viz.network(G, focus="a", radius=2, max_nodes=2)
    # scope: a, me, d, b; keep: me, a; next best chain from a: me (0.9) -> b (0.45) beats d (0.1)
    assert sorted(net.node_ids) == ["a", "b", "me"]
    assert net.truncated_ids == ("d",)


def test_large_networks_get_a_python_layout_without_physics():
    g = nx.star_graph(viz.PHYSICS_MAX + 1)
    g = nx.relabel_nodes(g, {0: "me"} | {i: f"p{i:03d}" for i in range(1, viz.PHYSICS_MAX + 2)})
    g.graph.update(me="me", as_of=AS_OF)
    nx.set_edge_attributes(g, 0.5, "strength")
    net = viz.network(g, max_nodes=None)
    assert net.layout == "python"
    assert net.options["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in net.nodes)
    assert "physics off" in net.note
    small = viz.network(g, max_nodes=50)
    assert small.layout == "browser" and small.options["physics"]["enabled"] is True


def test_python_layout_is_deterministic_and_centred_on_the_owner(G):
    a = viz.network(G, physics=False)
    b = viz.network(G, physics=False)
    assert [(n["id"], n["x"], n["y"]) for n in a.nodes] == [
        (n["id"], n["x"], n["y"]) for n in b.nodes
    ]
    xs = {n["id"]: (n["x"], n["y"]) for n in a.nodes}
    assert xs["me"] == (0, 0)
    assert len(set(xs.values())) == 5  # nobody on top of anybody
    c = viz.network(G, physics=False, seed=2)
    assert [n["x"] for n in c.nodes] != [n["x"] for n in a.nodes]


def test_strong_ties_end_up_closer_in_the_python_layout():
    g = nx.Graph(me="me", as_of=AS_OF)
    g.add_node("me", name="Me")
    for i in range(20):
        g.add_edge("me", f"p{i:02d}", strength=0.95 if i < 10 else 0.05)
    net = viz.network(g, physics=False)
    dist = {n["id"]: math.hypot(n["x"], n["y"]) for n in net.nodes}
    strong = sum(dist[f"p{i:02d}"] for i in range(10))
    weak = sum(dist[f"p{i:02d}"] for i in range(10, 20))
    assert strong < weak


def test_graph_without_an_owner_node_and_empty_graph():
    g = nx.Graph(me="me")
    g.add_edge("a", "b", strength=0.5)
    net = viz.network(g, max_nodes=1)
    assert net.people_shown == 1 and net.truncated == 1
    empty = viz.network(nx.Graph(me="me"))
    assert empty.nodes == [] and empty.people_total == 0
    assert viz.page_problems(empty.generate_html()) == []


# -- the caller's graph --------------------------------------------------------------------


def _snapshot(g: nx.Graph) -> tuple:
    return (
        copy.deepcopy(dict(g.graph)),
        copy.deepcopy({n: dict(d) for n, d in g.nodes(data=True)}),
        copy.deepcopy({(u, v): dict(d) for u, v, d in g.edges(data=True)}),
    )


def test_the_callers_graph_is_not_changed(G):
    before = _snapshot(G)
    net = viz.network(G, highlight=["me", "b", "c"], focus="c", max_nodes=2, physics=False)
    net.generate_html()
    viz.show(net)
    assert _snapshot(G) == before


# -- errors --------------------------------------------------------------------------------


def test_unknown_focus_suggests_close_ids(G):
    with pytest.raises(
        NotFoundError, match=re.escape("unknown person 'Ann Le'; did you mean: a (Ann Lee)?")
    ):
        viz.network(G, focus="Ann Le")


def test_unknown_person_in_a_chain(G):
    with pytest.raises(NotFoundError, match=re.escape("unknown person 'zed'")):
        viz.network(G, highlight=["me", "zed"])


def test_chain_through_people_without_a_tie(G):
    with pytest.raises(ConfigError, match=re.escape("highlight: 'me' and 'c' have no tie")):
        viz.network(G, highlight=["me", "c"])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"color_by": "tags"},
            "network: color_by must be one of 'org', 'strength' or None, not 'tags'",
        ),
        (
            {"size_by": "age"},
            "network: size_by must be one of 'strength', 'degree' or None, not 'age'",
        ),
        ({"max_nodes": 0}, "network: max_nodes must be a whole number >= 1 or None, not 0"),
        ({"radius": 0}, "network: radius must be a whole number >= 1, not 0"),
    ],
)
def test_bad_options(G, kwargs, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        viz.network(G, **kwargs)


# -- the page: offline, only its own scripts, user text as text -----------------------------


@pytest.fixture
def evil(G) -> nx.Graph:
    G.nodes["a"]["name"] = EVIL_IMG
    G.nodes["b"]["name"] = EVIL_LINK
    G.nodes["b"]["affiliations"] = (
        {
            "org": "</script><script>alert(2)</script>",
            "title": "href",
            "start": None,
            "end": None,
            "current": True,
        },
    )
    G.nodes["c"]["title"] = "see href=javascript:alert(3)"
    G.graph["owner_name"] = G.nodes["me"]["name"] = "<b>Alex</b>"
    return G


class Parsed(HTMLParser):
    """The page as a browser's tokenizer sees it (kept apart from the code under test)."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.blocks: list[tuple[str, dict[str, str], str]] = []
        self._open: tuple[str, dict[str, str]] | None = None
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attrs))
        if tag in ("script", "style"):
            self._open = (tag, attrs)

    def handle_data(self, data):
        if self._open:
            self.blocks.append((*self._open, data))
            self._open = None


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def data_block(page: str) -> str:
    return re.search(r'<script type="application/json" id="tg-data">(.*?)</script>', page).group(1)


def test_page_is_one_file_that_runs_only_its_own_scripts(G):
    page = viz.network(G).generate_html()
    assert viz.page_problems(page) == []
    assert "bootstrap" not in page and "cdn.jsdelivr" not in page and "cdnjs" not in page
    doc = Parsed(page)
    assert {t for t, _ in doc.tags} == {
        "html", "head", "meta", "title", "style", "body", "div", "h1", "span", "ul", "li", "script",
    }  # fmt: skip
    names = {name for _, attrs in doc.tags for name in attrs}
    assert names <= {
        "lang",
        "charset",
        "http-equiv",
        "name",
        "content",
        "id",
        "class",
        "title",
        "type",
    }  # fmt: skip  (no src, href, style, on...)
    scripts = [(a, text) for t, a, text in doc.blocks if t == "script"]
    styles = [text for t, _, text in doc.blocks if t == "style"]
    assert [a for a, _ in scripts] == [{"type": "application/json", "id": "tg-data"}, {}, {}]
    vis_js = (resources.files("pyvis") / "templates/lib/vis-9.1.2/vis-network.min.js").read_text()
    assert scripts[1][1] == vis_js
    assert len(styles) == 2
    # the policy: nothing from anywhere, the two scripts and the two style sheets by hash
    csp = next(
        a["content"] for t, a in doc.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";")}
    assert directives == {
        "default-src": ["'none'"],
        "script-src": [sha256(scripts[1][1]), sha256(scripts[2][1])],
        "style-src": [sha256(styles[0]), sha256(styles[1])],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
        "require-trusted-types-for": ["'script'"],
        "trusted-types": ["'none'"],
    }
    first_block = next(i for i, (t, _) in enumerate(doc.tags) if t in ("script", "style"))
    csp_at = next(i for i, (_, a) in enumerate(doc.tags) if a.get("http-equiv"))
    assert csp_at < first_block and doc.tags[csp_at - 1] == ("meta", {"charset": "utf-8"})


def test_the_map_script_is_the_same_on_every_page(G, evil):
    """It holds no data (the data block does), so its hash never depends on the names."""
    one = Parsed(viz.network(G).generate_html()).blocks
    two = Parsed(viz.network(evil, highlight=["me", "b", "c"]).generate_html()).blocks
    assert [b for b in one if b[0] == "script"][1:] == [b for b in two if b[0] == "script"][1:]


def test_a_name_that_looks_like_a_remote_reference_is_written(G, tmp_path):
    """Issue 15: the old check read escaped user text as markup and refused such a page."""
    G.nodes["b"]["name"] = "Bob src=//cdn.example/x.js"
    G.nodes["c"]["title"] = '<link rel=stylesheet href="https://cdn.example/x.css">'
    G.nodes["a"]["affiliations"] = (
        {"org": "@import url(//cdn.example/y.css)", "title": "url(//x)", "current": True},
    )
    page = viz.save(viz.network(G), tmp_path / "map.html").read_text(encoding="utf-8")
    assert viz.page_problems(page) == []
    labels = {n["id"]: n["label"] for n in json.loads(data_block(page))["nodes"]}
    assert labels["b"] == "Bob src=//cdn.example/x.js"
    assert "@import url(//cdn.example/y.css)" in page  # the legend, as text


def test_user_text_is_never_markup(evil):
    net = viz.network(evil, highlight=["me", "b", "c"])
    page = net.generate_html()
    assert viz.page_problems(page) == []
    # pyvis would switch every tooltip to innerHTML because a title holds "href"
    assert any("href" in n["title"] for n in net.nodes)
    assert "innerHTML" not in page and "div.popup" not in page
    # the data is JSON in a block no browser runs, with < > & escaped; nowhere is markup live
    for bad in (EVIL_IMG, EVIL_LINK, "</script><script>alert(2)", "<b>Alex</b>"):
        assert bad not in page
    assert html.escape("</script><script>alert(2)</script>") in page  # the legend, escaped
    assert "<title>Network of &lt;b&gt;Alex&lt;/b&gt;</title>" in page
    assert "<h1>Network of &lt;b&gt;Alex&lt;/b&gt;</h1>" in page
    data = data_block(page)
    assert not set("<>&\u2028\u2029") & set(data)
    parsed = json.loads(data)
    assert {n["id"]: n["label"] for n in parsed["nodes"]}["a"] == EVIL_IMG  # the text is intact
    assert [n["title"] for n in parsed["nodes"]] == [n["title"] for n in net.nodes]
    assert [e["title"] for e in parsed["edges"]] == [e["title"] for e in net.edges]


def test_every_field_of_a_hostile_folder_stays_text(tmp_path):
    G = tiegraph.load_network(write_hostile_folder(tmp_path / "net"), as_of=HOSTILE_AS_OF)
    net = viz.network(G, highlight=["me", "bob", "ann"])
    page = net.generate_html()
    assert viz.page_problems(page) == []
    parsed = json.loads(data_block(page))
    assert [n["title"] for n in parsed["nodes"]] == [n["title"] for n in net.nodes]
    assert [e["title"] for e in parsed["edges"]] == [e["title"] for e in net.edges]
    titles = [n["title"] for n in net.nodes] + [e["title"] for e in net.edges]
    for name, payload in PAYLOADS.items():  # each shown somewhere, exactly as written
        assert any(payload in t for t in titles), name
        if "<" in payload:
            assert payload not in page, name  # and nowhere as markup
    assert f"<title>{html.escape(net.page_title)}</title>" in page
    assert f'<li title="{html.escape(PAYLOADS["iframe"])}">' in page
    # notes, interaction notes and job postings are not on the map at all
    assert G.nodes["ann"]["notes"] == NOT_ON_MAP and "not on the map" not in page


def test_json_in_the_page_cannot_end_its_script():
    text = _page._json_for_script({"a": "</script><!--&\u2028\u2029é", "n": float("nan")})
    assert text == '{"a":"\\u003c/script\\u003e\\u003c!--\\u0026\\u2028\\u2029é","n":null}'
    assert json.loads(text) == {"a": "</script><!--&\u2028\u2029é", "n": None}


@pytest.fixture(scope="module")
def good_page() -> str:
    g = nx.Graph(me="me", as_of=AS_OF)
    g.add_node("me", name="Me")
    g.add_edge("me", "ann", strength=0.5)
    return viz.network(g).generate_html()


def _line(page: str, marker: str) -> int:
    return page[: page.index(marker)].count("\n") + 1


def _in_body(snippet: str):
    return lambda page: page.replace("<body>\n", "<body>\n" + snippet + "\n", 1)


def _in_head(snippet: str):
    return lambda page: page.replace("<title>", snippet + "\n<title>", 1)


def _policy(old: str, new: str):
    def change(page: str) -> str:
        assert old in page
        return page.replace(old, new, 1)

    return change


def _data(page: str) -> str:
    return page.replace('"label":"ann"', '"label":"<b>ann</b>"', 1)


def _policy_to_body(page: str) -> str:
    csp = re.search(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n', page).group(0)
    return page.replace(csp, "", 1).replace("<body>\n", "<body>\n" + csp, 1)


def _comment_in_map_script(page: str) -> str:
    return page.replace("var data = JSON.parse", "/* </script x> */ var data = JSON.parse", 1)


@pytest.mark.parametrize(
    ("change", "marker", "expected"),
    [
        (
            _in_body("<img src=//secret.example/p onerror=\"window.__pwned='x'\" name=secret>"),
            "<img",
            [
                "line {n}: <img>: not an element the page uses",
                "line {n}: <img src>: a reference to an address",
                "line {n}: <img on...>: an event handler (runs script)",
                "line {n}: <img>: an attribute the page does not use",
            ],
        ),
        (
            _in_body("<script>window.__pwned=1</script>"),
            "<script>window",
            ["line {n}: <script>: its hash is not in the policy's script-src"],
        ),
        (
            _in_body('<script src="//cdn.example/x.js"></script>'),
            '<script src="//',
            [
                "line {n}: <script src>: a reference to an address",
                "line {n}: <script>: its hash is not in the policy's script-src",
            ],
        ),
        (
            _in_head('<link rel="stylesheet" href="https://cdn.example/x.css">'),
            "<link",
            [
                "line {n}: <link>: not an element the page uses",
                "line {n}: <link>: an attribute the page does not use",
                "line {n}: <link href>: a reference to an address",
            ],
        ),
        (
            _in_head('<meta http-equiv="refresh" content="0;url=https://x.example/">'),
            '<meta http-equiv="refresh"',
            ["line {n}: <meta http-equiv>: only a Content-Security-Policy may be set"],
        ),
        (
            _in_head('<base href="https://x.example/">'),
            "<base",
            [
                "line {n}: <base>: not an element the page uses",
                "line {n}: <base href>: a reference to an address",
            ],
        ),
        (
            _in_body('<div style="background:url(//x.example/p.gif)"></div>'),
            "<div style",
            ["line {n}: <div style>: an inline style (the policy blocks it)"],
        ),
        (
            _in_body("<secret-name onclick=x>"),
            "<secret-name",
            [
                "line {n}: <?>: not an element the page uses",
                "line {n}: <? on...>: an event handler (runs script)",
            ],
        ),
        (
            _in_body("<style>@import url(//cdn.example/x.css);</style>"),
            "<style>@import",
            [
                "line {n}: <style>: its hash is not in the policy's style-src",
                "line {n}: <style>: @import or url() of an address",
            ],
        ),
        (
            _policy("script-src ", "script-src 'unsafe-inline' "),
            "<meta http-equiv",
            ["Content-Security-Policy: script-src allows 'unsafe-inline'"],
        ),
        (
            _policy("style-src ", "style-src https://cdn.example "),
            "<meta http-equiv",
            ["Content-Security-Policy: style-src allows https://cdn.example"],
        ),
        (
            _policy("default-src 'none'", "default-src *"),
            "<meta http-equiv",
            [
                "Content-Security-Policy: default-src is not 'none'",
                "Content-Security-Policy: default-src allows *",
            ],
        ),
        (
            _policy("base-uri 'none'; ", "report-uri https://x.example/r; "),
            "<meta http-equiv",
            [
                "Content-Security-Policy: base-uri is not 'none'",
                "Content-Security-Policy: report-uri sends reports to an address",
            ],
        ),
        (
            _policy('http-equiv="Content-Security-Policy"', 'http-equiv="X-Nothing"'),
            "<meta http-equiv",
            [
                "line {n}: <meta http-equiv>: only a Content-Security-Policy may be set",
                "no Content-Security-Policy",
            ],
        ),
        (
            _policy_to_body,
            '<meta http-equiv="Content-Security-Policy"',
            [
                "line {n}: Content-Security-Policy outside <head> (ignored there)",
                "line {n}: Content-Security-Policy after the first script or style (line {first})",
            ],
        ),
        (
            _data,
            '<script type="application/json"',
            ["line {n}: <script type=application/json>: holds an unescaped '<'"],
        ),
        (
            _comment_in_map_script,
            "<script>\n/* </script x>",
            [
                "line {n}: <script>: holds '</script' or '<!--' (a browser may end it elsewhere)",
                "line {n}: <script>: its hash is not in the policy's script-src",
            ],
        ),
        (  # text and attribute values are never read as markup, whatever they say
            _in_body(
                '<div title="src=//cdn.example/x.js onerror=alert(1) <script>">'
                "&lt;script src=//cdn.example/x.js&gt;&lt;/script&gt; href=//x.example/"
                " @import url(//x.example/) &lt;!--</div>"
            ),
            "<div title",
            [],
        ),
    ],
    ids=[
        "img", "inline-script", "remote-script", "link", "meta-refresh", "base", "style-attr",
        "unknown-tag", "style-import", "unsafe-inline", "remote-style", "default-src",
        "report-uri", "no-policy", "policy-in-body", "data-unescaped", "script-ends-early",
        "escaped-text",
    ],
)  # fmt: skip
def test_page_problems_reads_structure(good_page, change, marker, expected):
    assert viz.page_problems(good_page) == []
    page = change(good_page)
    n, first = _line(page, marker), _line(page, "<style>")
    problems = viz.page_problems(page)
    assert problems == [p.format(n=n, first=first) for p in expected]
    assert not any("secret" in p for p in problems)  # messages quote no text of the page


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        ("_STYLE", "body {", '@import url("https://x.example/a.css");\nbody {', "@import or url()"),
        ("_PAGE", "<title>", '<link href="https://x.example/a.css">\n<title>', "<link href>"),
        ("_MAP_SCRIPT", "var nodes", "container.innerHTML = data.nodes[0].title;\nvar nodes",
         "writes markup from a string"),
    ],
)  # fmt: skip
def test_a_page_that_fails_the_check_is_never_written(G, monkeypatch, name, old, new, message):
    monkeypatch.setattr(_page, name, getattr(_page, name).replace(old, new, 1))
    with pytest.raises(RuntimeError, match=re.escape("not safe to write")) as err:
        viz.network(G).generate_html()
    assert message in str(err.value)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"height": "720px; } body { background: url(//x.example/) }"},
            "height: '720px; } body { background: url(//x.example/) }' is not a CSS length",
        ),
        ({"height": "calc(100vh - url(x))"}, "height: 'calc(100vh - url(x))' is not a CSS length"),
    ],
)
def test_height_must_be_a_css_length(G, kwargs, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        viz.network(G, **kwargs).generate_html()


def test_css_lengths_and_colours_that_are_fine(G):
    page = viz.network(G, height="calc(100vh - 64px)").generate_html()
    assert "#mynetwork { height: calc(100vh - 64px); background-color: #ffffff; }" in page
    net = viz.network(G)
    net.bgcolor = "red;}*{background:url(//x)}"
    with pytest.raises(ConfigError, match=re.escape("bgcolor: ")):
        net.generate_html()


def test_legend_colours_are_classes_not_style_attributes(G):
    page = viz.network(G, highlight=["me", "b", "c"]).generate_html()
    assert not [t for t, attrs in Parsed(page).tags if "style" in attrs]
    assert '<span class="tg-line tg-chain tg-k' in page
    k = re.search(r'<span class="tg-dot (tg-k\d+)"></span>Acme', page).group(1)
    assert f".{k}.tg-dot{{background:{viz.PALETTE[0]}}}" in page


def test_a_network_view_made_by_hand_gets_the_same_page():
    net = viz.NetworkView()
    net.add_node("x", label="<b>x</b>", title="href=<a>")
    page = net.generate_html()
    assert viz.page_problems(page) == []
    assert json.loads(data_block(page))["nodes"][0]["title"] == "href=<a>"


def test_show_embeds_the_page_in_an_escaped_srcdoc(evil):
    from IPython.display import HTML

    net = viz.network(evil)
    out = viz.show(net)
    assert isinstance(out, HTML)
    frame = out.data
    assert frame.startswith('<div class="tiegraph-map"><iframe srcdoc="')
    assert 'sandbox="allow-scripts"' in frame  # scripts, but no origin: it cannot reach out
    srcdoc = re.search(r'srcdoc="([^"]*)"', frame).group(1)
    assert "<" not in srcdoc and '"' not in srcdoc  # nothing can end the attribute early
    assert html.unescape(srcdoc) == net.generate_html()  # the page, its policy included
    assert "height:790px" in frame  # 720px map + header
    assert viz.network(evil)._repr_html_() == frame
    assert "calc(100vh - 64px)" in viz.show(viz.network(evil, height="calc(100vh - 64px)")).data


def test_save_writes_the_page(tmp_path, G):
    out = viz.save(viz.network(G), tmp_path / "sub" / "map.html")
    assert out == tmp_path / "sub" / "map.html"
    text = out.read_text(encoding="utf-8")
    assert viz.page_problems(text) == []
    assert [p.name for p in out.parent.iterdir()] == ["map.html"]  # no lib/ folder, no temp file


def test_write_html_refuses_a_folder(tmp_path):
    with pytest.raises(ConfigError, match=re.escape("is a folder; give a file name")):
        write_html(tmp_path, "<p>x</p>")


def test_sample_network_map():
    import tiegraph

    G = tiegraph.load_network(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)
    net = viz.network(G, max_nodes=None)
    assert net.people_shown == net.people_total == G.number_of_nodes() - 1
    assert len(net.edges) == G.number_of_edges()
    assert all(n["title"] for n in net.nodes)
    assert viz.page_problems(net.generate_html()) == []
    small = viz.network(G, max_nodes=30)
    assert small.people_shown == 30 and small.truncated == net.people_total - 30
    assert "left out" in small.note


def test_organisations_on_the_map(G):
    assert viz.network(G).organisations == 2  # Union, Acme
    assert viz.network(G, focus="c").organisations == 1  # Acme


def test_pyvis_methods_that_write_files_are_made_safe(G, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    net = viz.network(G)
    assert net.show("x.html").data == viz.show(net).data  # inline, nothing written
    assert list(tmp_path.iterdir()) == []
    net.write_html("page.html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]  # no lib/ folder
    assert viz.page_problems((tmp_path / "page.html").read_text(encoding="utf-8")) == []


def test_tooltip_without_introducer_and_repeated_former_job(G):
    G["me"]["b"]["evidence"] = [
        {"kind": "introduction", "via": "", "context": "kickoff", "date": None}
    ]
    G.nodes["b"]["affiliations"] = (
        *G.nodes["b"]["affiliations"],
        {"org": "Acme", "title": "Analyst", "start": None, "end": AS_OF, "current": False},
    )
    title = node(viz.network(G), "b")["title"]
    assert "How we met: kickoff" in title.splitlines()
    assert "Formerly" not in title  # the same job as now is not repeated
