"""The interactive network map: a pyvis page that is safe, offline and fast.

:func:`network` turns a network graph into a :class:`NetworkView` (a
:class:`pyvis.network.Network`) coloured by organisation, sized by tie
strength, with dormant ties dashed and grey, introduction chains drawn in a
strong colour, and a tooltip per person (name, organisation, title, how you
met, last contact). :func:`show` displays it inline in JupyterLab or VS
Code; :func:`save` writes a stand-alone page.

What the page guarantees, whatever the names in the data:

- **Offline.** The page is one file: vis-network is inlined, nothing is
  linked (pyvis's own template links bootstrap from a CDN even with
  ``cdn_resources="in_line"``; the page does not use it), and a
  Content-Security-Policy with ``default-src 'none'`` forbids it to load
  anything from anywhere: it opens from a file with the cable pulled.
- **Nothing runs but the page's own code.** The policy allows exactly the
  page's two scripts (vis-network and the map's), by their SHA-256 hashes:
  no ``'unsafe-inline'``, so even an escaping mistake that turned a name into
  a ``<script>`` or an ``onerror`` handler would run nothing. Every page is
  checked by :func:`page_problems`, which reads its structure (tags and
  attributes, parsed with :mod:`html.parser`), never escaped text, before it
  is returned.
- **User text is text.** Names, organisations, titles and tags reach the
  page escaped in the header and legend, and as strings in a JSON data
  block that no browser runs; tooltips are strings that vis-network shows
  with ``innerText`` (pyvis switches every tooltip to ``innerHTML`` once a
  title holds ``href``; this page never does), so a contact named
  ``<img src=x onerror=alert(1)>`` shows as those characters.
- **Usable at any size.** Up to :data:`PHYSICS_MAX` people the browser
  lays the map out; above it the layout is computed here (a vectorised
  Fruchterman-Reingold) and physics is off, so a page of 2,000 people draws
  at once. Beyond ``max_nodes`` people the map keeps the owner, the focus,
  the highlighted chains and the people closest to the owner, and says how
  many it left out.
- **The caller's graph is not changed** (pyvis's ``from_nx`` is not used:
  nodes and edges are added from fresh dicts).

The page itself lives in :mod:`tiegraph._page`, the tooltips' text in
:mod:`tiegraph._tooltips` and the computed layout in :mod:`tiegraph._layout`.
"""

from __future__ import annotations

import itertools
import json
import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from pyvis.network import Network

from ._layout import positions as _layout_positions
from ._layout import select_people
from ._page import iframe, page_problems, render_page
from ._tooltips import current_org, display_name, person_tooltip, tie_tooltip
from .dormant import MAX_NOW, MIN_PEAK, is_dormant
from .exceptions import ConfigError
from .params import Interval, OneOf, validate_params
from .people import find_person

__all__ = [
    "DORMANT_BELOW",
    "PHYSICS_MAX",
    "NetworkView",
    "network",
    "page_problems",
    "save",
    "show",
]

#: Above this many people the layout is computed in Python and physics is off.
PHYSICS_MAX = 200

#: ``max_now`` of the dormant rule the map draws with (:func:`tiegraph.dormant.is_dormant`).
DORMANT_BELOW = MAX_NOW

HIGHLIGHT_COLOUR = "#d62728"
OWNER_COLOUR = "#222222"
DORMANT_COLOUR = "#a8a8a8"
TIE_COLOUR = "#7f9cc0"
OTHER_ORG_COLOUR = "#cfcfcf"
NO_ORG_COLOUR = "#ececec"
#: Organisation colours, most people first (no red: red marks a chain; no grey: grey is "other").
PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf",
    "#aec7e8", "#ffbb78", "#98df8a", "#c5b0d5", "#c49c94", "#f7b6d2", "#dbdb8d", "#9edae5",
    "#393b79", "#637939", "#8c6d31", "#7b4173",
)  # fmt: skip
_STRENGTH_STOPS = ("#d9e6f2", "#9ecae1", "#4292c6", "#2171b5", "#08306b")

_COLOR_BY = ("org", "strength", None)
_SIZE_BY = ("strength", "degree", None)


class NetworkView(Network):
    """A pyvis network whose page is offline and never treats user text as HTML.

    Made by :func:`network`; use it like any :class:`pyvis.network.Network`
    (``generate_html``, ``write_html``), or :func:`show` / :func:`save` it.
    In a notebook, a ``NetworkView`` as the last expression of a cell
    displays inline.

    Attributes
    ----------
    people_total : int
        People in the graph, not counting the owner.
    people_shown : int
        People on the map, not counting the owner.
    left_out : int
        People of the graph not on the map (``people_total - people_shown``).
    truncated : int
        Of those, people of the scope (the graph, or the focus's
        neighbourhood) dropped to stay within ``max_nodes``.
    truncated_ids : tuple of str
        Their ids.
    outside_focus : int
        Of those, people outside the focus's neighbourhood (0 without ``focus``).
    organisations : int
        Distinct current organisations of the people on the map.
    note : str
        What the map shows and what it left out, in words (also on the page).
    legend : list of (str, str, str)
        ``(label, colour, kind)`` rows of the legend; ``kind`` is ``node``,
        ``edge``, ``dashed`` or ``chain``.
    layout : str
        ``"python"`` (positions computed here, physics off) or ``"browser"``.
    """

    people_total: int = 0
    people_shown: int = 0
    left_out: int = 0
    truncated: int = 0
    truncated_ids: tuple[str, ...] = ()
    outside_focus: int = 0
    organisations: int = 0
    note: str = ""
    legend: list[tuple[str, str, str]]
    layout: str = "browser"
    page_title: str = "Network"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("cdn_resources", "in_line")
        super().__init__(*args, **kwargs)
        self.legend = []

    def generate_html(
        self, name: str = "index.html", local: bool = True, notebook: bool = False
    ) -> str:
        """Return the page: stand-alone, offline, only its own scripts, tooltips as text.

        The parameters are pyvis's and are ignored: the page is always the
        one of :mod:`tiegraph._page` (not pyvis's template), checked by
        :func:`page_problems`.
        """
        if isinstance(self.options, dict):
            options = self.options
        else:  # a pyvis Options object (a NetworkView made by hand)
            options = json.loads(self.options.to_json())
        self.html = render_page(
            title=self.page_title,
            note=self.note,
            legend=self.legend,
            nodes=self.nodes,
            edges=self.edges,
            options=options,
            height=str(self.height),
            bgcolor=str(self.bgcolor),
        )
        return self.html

    def _repr_html_(self) -> str:
        return iframe(self.generate_html(), height=str(self.height))

    def write_html(  # type: ignore[override]
        self, name: Any, local: bool = True, notebook: bool = False, open_browser: bool = False
    ) -> None:
        """Write the page to ``name`` atomically (pyvis's writer, made safe; no ``lib/`` folder)."""
        save(self, name)

    def show(self, name: Any = None, local: bool = True, notebook: bool = True) -> Any:  # type: ignore[override]
        """Display inline, as :func:`tiegraph.viz.show` (pyvis's ``show`` writes files)."""
        return show(self)


@validate_params(
    color_by=[OneOf(["org", "strength"]), None],
    size_by=[OneOf(["strength", "degree"]), None],
    radius=[Interval(int, 1, None)],
    max_nodes=[Interval(int, 1, None), None],
    dormant_below=[Interval(float, 0, 1)],
    seed=[Interval(int, 0, None)],
)
def network(
    G: nx.Graph,
    *,
    color_by: str | None = "org",
    size_by: str | None = "strength",
    highlight: Any = None,
    focus: str | None = None,
    radius: int = 1,
    max_nodes: int | None = 300,
    dormant_below: float = DORMANT_BELOW,
    physics: bool | None = None,
    height: str = "720px",
    seed: int = 1,
) -> NetworkView:
    """Return the interactive map of a network graph.

    Parameters
    ----------
    G : networkx.Graph
        A network graph (:func:`tiegraph.load_network`). Not changed.
    color_by : {"org", "strength", None}
        Node colour: the person's current organisation (a colour per
        organisation, the largest first, the rest "other"), the strength of
        their tie to the owner, or one colour.
    size_by : {"strength", "degree", None}
        Node size: the strength of the tie to the owner (people the owner
        does not know directly are smallest), the number of ties, or one size.
    highlight : Chain, sequence of ids, or a list of them, optional
        Introduction chains to draw in red: objects with a ``people``
        attribute (:func:`tiegraph.intro_paths`) or sequences of person ids,
        owner first. They are always on the map.
    focus : str, optional
        A person id: show their ego network (people within ``radius`` ties),
        the owner and the best chain from the owner to them.
    radius : int
        Radius of the ego network of ``focus``.
    max_nodes : int or None
        Most people on the map (None: no limit). Beyond it the map keeps the
        owner, the focus, the highlighted chains and the people with the best
        chain from the owner (from ``focus`` when given), and says how many
        it left out (:attr:`NetworkView.left_out`).
    dormant_below : float
        A dormant tie is drawn dashed and grey: the rule of
        :func:`tiegraph.dormant_ties` (:func:`tiegraph.dormant.is_dormant`),
        applied to every tie, with this as its ``max_now``: a tie whose
        peak reached :data:`tiegraph.dormant.MIN_PEAK` and that has faded
        (strength now at most this and at most half its peak) or gone
        silent (quiet 90 days and four times its usual gap).
    physics : bool, optional
        Let the browser lay out the map (True), or compute the layout here
        and turn physics off (False). Default: physics up to
        :data:`PHYSICS_MAX` people.
    height : str
        CSS height of the map.
    seed : int
        Seed of the layout, so the same graph gives the same map.

    Returns
    -------
    NetworkView
        A :class:`pyvis.network.Network`; see :func:`show` and :func:`save`.

    Raises
    ------
    NotFoundError
        ``focus`` or a highlighted id is not in the graph.
    ConfigError
        An unknown ``color_by`` / ``size_by``, a bad ``max_nodes`` or
        ``radius``, or a highlighted chain with two consecutive people who
        have no tie.

    Examples
    --------
    >>> import tiegraph
    >>> from tiegraph import viz
    >>> G = tiegraph.load_network(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)
    >>> net = viz.network(G, max_nodes=40)
    >>> net.people_shown, net.truncated == net.people_total - 40
    (40, True)
    >>> viz.page_problems(net.generate_html())
    []

    Notes
    -----
    The people kept under ``max_nodes`` are those with the highest chain
    score from the owner, the product of tie strengths along the best chain
    (one compiled Dijkstra search over ``cost = -log(strength)``); ties are
    broken by the person's strongest tie, then id. Such a set is connected
    through the owner. Above :data:`PHYSICS_MAX` people, positions come from
    Fruchterman and Reingold's force-directed placement [1]_ with attraction
    weighted by tie strength, vectorised with NumPy (about 1.5 s for 2,000
    people), with the owner moved to the centre and fixed.

    References
    ----------
    .. [1] T. M. J. Fruchterman and E. M. Reingold, "Graph drawing by
       force-directed placement", Software: Practice and Experience 21(11),
       1991.
    """
    if color_by not in _COLOR_BY:
        raise ConfigError(f"color_by: {color_by!r} is not one of org, strength, None")
    if size_by not in _SIZE_BY:
        raise ConfigError(f"size_by: {size_by!r} is not one of strength, degree, None")
    if max_nodes is not None and max_nodes < 1:
        raise ConfigError(f"max_nodes: {max_nodes!r} must be at least 1 (or None for no limit)")
    if radius < 1:
        raise ConfigError(f"radius: {radius!r} must be at least 1")
    me = G.graph.get("me", "me")
    chains = _chains(G, highlight)
    if focus is not None:
        focus = str(find_person(G, focus))

    shown, scope, truncated_ids = select_people(
        G, me, chains=chains, focus=focus, radius=radius, max_nodes=max_nodes
    )
    n_people = len(shown) - (me in shown)
    if physics is None:
        physics = n_people <= PHYSICS_MAX

    net = NetworkView(height=height, width="100%", bgcolor="#ffffff", cdn_resources="in_line")
    net.legend = []
    net.people_total = G.number_of_nodes() - (me in G)
    net.people_shown = n_people
    net.left_out = net.people_total - n_people
    net.truncated_ids = tuple(truncated_ids)
    net.truncated = len(truncated_ids)
    net.outside_focus = net.left_out - net.truncated
    net.layout = "browser" if physics else "python"
    owner_name = str(G.nodes[me].get("name") or me) if me in G else "you"
    net.page_title = f"Network of {owner_name}"
    net.note = _note(net, scope=scope, focus=focus, G=G, max_nodes=max_nodes)

    chain_edges = {frozenset(p) for c in chains for p in itertools.pairwise(c)}
    chain_people = {p for c in chains for p in c}
    shown_set = set(shown)
    edges = [(u, v, d) for u, v, d in G.edges(data=True) if u in shown_set and v in shown_set]

    owner_ties = dict(G[me]) if me in G else {}
    colours, legend_orgs = _node_colours(G, shown, me, color_by, owner_ties)
    net.organisations = len({current_org(G.nodes[n], G) for n in shown if n != me} - {""})
    sizes = _node_sizes(G, shown, me, size_by, owner_ties)
    positions = None if physics else _layout_positions(shown, edges, me, seed=seed)

    for n in sorted(shown, key=lambda n: n == me):  # the owner last: drawn on top
        attrs = G.nodes[n]
        is_owner = n == me
        node: dict[str, Any] = {
            "id": str(n),
            "label": str(attrs.get("name") or n),
            "title": person_tooltip(G, n, me),
            "shape": "star" if is_owner else "dot",
            "size": 34 if is_owner else sizes[n],
            "color": {
                "background": OWNER_COLOUR if is_owner else colours[n],
                "border": HIGHLIGHT_COLOUR if n in chain_people else "#555555",
                "highlight": {"background": "#ffe08a", "border": "#333333"},
                "hover": {
                    "background": OWNER_COLOUR if is_owner else colours[n],
                    "border": "#111111",
                },
            },
            "borderWidth": 4 if n in chain_people else 1,
            "font": {"size": 22 if is_owner else 14},
        }
        if is_owner:
            node.update(x=0, y=0, fixed=True)
        elif positions is not None:
            x, y = positions[n]
            node.update(x=round(x, 1), y=round(y, 1))
        net.nodes.append(node)
        net.node_ids.append(str(n))
        net.node_map[str(n)] = node

    n_dormant = 0
    dormant_edges = _dormant_edges(G, edges, dormant_below)
    for (u, v, d), dormant in zip(edges, dormant_edges.tolist(), strict=True):
        strength = float(d.get("strength", 0.0))
        on_chain = frozenset((u, v)) in chain_edges
        n_dormant += dormant
        edge: dict[str, Any] = {
            "from": str(u),
            "to": str(v),
            "title": tie_tooltip(G, u, v, d, dormant=dormant),
            "width": round(1 + 7 * strength, 2),
            "length": round(60 + 160 * (1 - strength), 1),
        }
        if on_chain:
            edge.update(
                color=_edge_colour(HIGHLIGHT_COLOUR, HIGHLIGHT_COLOUR, 1.0),
                width=round(4 + 7 * strength, 2),
                dashes=dormant,
            )
        elif dormant:
            edge.update(color=_edge_colour(DORMANT_COLOUR, "#6f6f6f", 0.9), dashes=True)
        else:
            edge.update(color=_edge_colour(TIE_COLOUR, "#2f5f96", 0.55))
        net.edges.append(edge)

    net.legend = _legend(
        color_by,
        legend_orgs,
        owner_name,
        chains=bool(chains),
        dormant=n_dormant > 0,
        dormant_below=dormant_below,
    )
    net.options = _options(physics, n_people, seed)
    return net


def show(net: NetworkView | Network, *, height: str | None = None) -> Any:
    """Display a map inline in JupyterLab, Jupyter Notebook or VS Code.

    Returns an :class:`IPython.display.HTML` holding an ``<iframe>`` whose
    ``srcdoc`` is the whole page (escaped): nothing is written to disk and
    nothing is fetched. Prefer this to pyvis's ``net.show()``, which writes an
    HTML file and a ``lib/`` folder into the current directory.

    Parameters
    ----------
    net : NetworkView
        From :func:`network`.
    height : str, optional
        CSS height of the frame (default: the map's height plus the header).

    Returns
    -------
    IPython.display.HTML

    Examples
    --------
    >>> import networkx as nx
    >>> from tiegraph import viz
    >>> G = nx.Graph(me="me")
    >>> G.add_node("me", name="Me")
    >>> G.add_edge("me", "ann", strength=0.5)
    >>> "srcdoc=" in show(viz.network(G)).data
    True
    """
    from IPython.display import HTML

    return HTML(iframe(net.generate_html(), height=height or str(net.height)))


def save(net: NetworkView, path: Any) -> Any:
    """Write the map as a stand-alone page (atomically) and return its path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import networkx as nx
    >>> G = nx.Graph(me="me")
    >>> G.add_edge("me", "ann", strength=0.5)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = save(network(G), pathlib.Path(tmp) / "map.html")
    ...     out.name
    'map.html'
    """
    from .io.html import write_html

    return write_html(path, net.generate_html())


# -- selection -----------------------------------------------------------------------------


def _chains(G: nx.Graph, highlight: Any) -> list[list[str]]:
    """Return the highlighted chains as lists of ids, checked against ``G``."""
    if highlight is None:
        return []
    if hasattr(highlight, "people") or (
        isinstance(highlight, Sequence)
        and not isinstance(highlight, str)
        and highlight
        and all(isinstance(p, str) for p in highlight)
    ):
        highlight = [highlight]
    chains: list[list[str]] = []
    for item in highlight:
        people = list(getattr(item, "people", item))
        people = [find_person(G, p) for p in people]
        for a, b in itertools.pairwise(people):
            if not G.has_edge(a, b):
                raise ConfigError(f"highlight: {a!r} and {b!r} have no tie in the graph")
        chains.append(people)
    return chains


def _note(
    net: NetworkView, *, scope: list[str], focus: str | None, G: nx.Graph, max_nodes: int | None
) -> str:
    text = f"Showing {net.people_shown:,} of {net.people_total:,} people"
    if focus is not None:
        text += f", around {display_name(G, focus)}"
    text += "."
    if net.truncated:
        text += (
            f" {net.truncated:,} {'person' if net.truncated == 1 else 'people'} "
            f"{'is' if net.truncated == 1 else 'are'} left out to keep the map to {max_nodes:,}"
            " (it keeps you, the highlighted chains and the people with the best chains"
            f" from {'them' if focus is not None else 'you'}): raise max_nodes (--max-nodes)"
            " or focus on someone (--focus) to see more."
        )
    if net.outside_focus:
        text += f" {net.outside_focus:,} people outside this neighbourhood are not shown."
    if net.layout == "python":
        text += " Layout computed in advance (physics off); drag to move people."
    return text


# -- styling -------------------------------------------------------------------------------


def _mix(stops: Sequence[str], t: float) -> str:
    t = min(max(t, 0.0), 1.0) * (len(stops) - 1)
    i = min(int(t), len(stops) - 2)
    f = t - i
    a = [int(stops[i][k : k + 2], 16) for k in (1, 3, 5)]
    b = [int(stops[i + 1][k : k + 2], 16) for k in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * f):02x}" for x, y in zip(a, b, strict=True))


def _node_colours(
    G: nx.Graph, shown: list[str], me: str, color_by: str | None, owner_ties: dict[str, Any]
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    if color_by is None:
        return dict.fromkeys(shown, PALETTE[0]), []
    if color_by == "strength":
        return {
            n: _mix(_STRENGTH_STOPS, float(owner_ties[n].get("strength", 0)))
            if n in owner_ties
            else NO_ORG_COLOUR
            for n in shown
        }, []
    orgs = {n: current_org(G.nodes[n], G) for n in shown if n != me}
    counts = Counter(o for o in orgs.values() if o)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    colour_of = {org: PALETTE[i] for i, (org, c) in enumerate(ranked[: len(PALETTE)]) if c >= 1}
    colours = {
        n: (colour_of.get(o, OTHER_ORG_COLOUR) if o else NO_ORG_COLOUR) for n, o in orgs.items()
    }
    legend = [(org, colour_of[org]) for org, _ in ranked[: len(PALETTE)]]
    if len(ranked) > len(PALETTE):
        legend.append((f"{len(ranked) - len(PALETTE)} other organisations", OTHER_ORG_COLOUR))
    if any(not o for o in orgs.values()):
        legend.append(("no organisation", NO_ORG_COLOUR))
    return colours, legend


def _node_sizes(
    G: nx.Graph, shown: list[str], me: str, size_by: str | None, owner_ties: dict[str, Any]
) -> dict[str, float]:
    if size_by == "strength":
        return {
            n: round(10 + 22 * float(owner_ties[n].get("strength", 0)), 1)
            if n in owner_ties
            else 7.0
            for n in shown
        }
    if size_by == "degree":
        deg = dict(G.degree(shown))
        top = max(deg.values(), default=1) or 1
        return {n: round(8 + 24 * math.sqrt(deg[n] / top), 1) for n in shown}
    return dict.fromkeys(shown, 12.0)


def _edge_colour(colour: str, active: str, opacity: float) -> dict[str, Any]:
    """Return an edge's colour, also when an end is hovered or selected (not vis's grey)."""
    return {"color": colour, "highlight": active, "hover": active, "opacity": opacity}


def _dormant_edges(G: nx.Graph, edges: Sequence[Any], dormant_below: float) -> np.ndarray:
    """Return which ``edges`` are dormant: :func:`tiegraph.dormant.is_dormant`, the lists' rule."""
    if not edges:
        return np.zeros(0, dtype=bool)
    as_of = pd.Timestamp(G.graph.get("as_of") or pd.Timestamp.now(tz="UTC"))
    as_of = as_of.tz_localize("UTC") if as_of.tzinfo is None else as_of
    strength = np.array([float(d.get("strength", 0.0)) for _u, _v, d in edges])
    peak = np.array([float(d.get("peak_strength", np.nan)) for _u, _v, d in edges])
    peak = np.where(np.isnan(peak), strength, peak)
    last = pd.to_datetime([d.get("last_contact") for _u, _v, d in edges], utc=True)
    quiet = ((as_of - last) / pd.Timedelta(days=1)).to_numpy(dtype=float, na_value=np.nan)
    rhythm = np.array([float(d.get("rhythm_days") or np.nan) for _u, _v, d in edges])
    return is_dormant(strength, peak, days_quiet=quiet, rhythm_days=rhythm, max_now=dormant_below)


def _legend(
    color_by: str | None,
    orgs: list[tuple[str, str]],
    owner_name: str,
    *,
    chains: bool,
    dormant: bool,
    dormant_below: float,
) -> list[tuple[str, str, str]]:
    rows = [(f"{owner_name} (you)", OWNER_COLOUR, "owner")]
    if color_by == "org":
        rows += [(org, colour, "node") for org, colour in orgs]
    elif color_by == "strength":
        rows += [
            ("weak tie to you", _STRENGTH_STOPS[0], "node"),
            ("strong tie to you", _STRENGTH_STOPS[-1], "node"),
            ("not a direct contact", NO_ORG_COLOUR, "node"),
        ]
    rows.append(("tie (wider = stronger)", TIE_COLOUR, "edge"))
    if dormant:
        rows.append(
            (
                f"dormant tie (peak {MIN_PEAK:.2f}+, now {dormant_below:.2f} or less)",
                DORMANT_COLOUR,
                "dashed",
            )
        )
    if chains:
        rows.append(("introduction chain", HIGHLIGHT_COLOUR, "chain"))
    return rows


def _options(physics: bool, n_people: int, seed: int) -> dict[str, Any]:
    return {
        "nodes": {"font": {"face": "sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"smooth": False, "selectionWidth": 2},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": n_people > 500,
            "hideEdgesOnZoom": n_people > 1000,
            "keyboard": False,
            "multiselect": True,
        },
        "layout": {"randomSeed": seed, "improvedLayout": physics and n_people <= 100},
        "physics": {
            "enabled": physics,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -6000,
                "centralGravity": 0.25,
                "springConstant": 0.03,
                "damping": 0.3,
                "avoidOverlap": 0.1,
            },
            "stabilization": {"enabled": True, "iterations": 400, "fit": True},
            "minVelocity": 1.0,
        },
    }
