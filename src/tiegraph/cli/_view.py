"""``tiegraph view``: write the interactive map of a network as a stand-alone page."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import networkx as nx

from ..exceptions import ConfigError, NoPathError
from ._common import Output, add_as_of, add_folder, add_json, load_graph

__all__ = ["cmd_view", "demo_section", "register"]

_HEIGHT = "calc(100vh - 64px)"  # the page: the map fills the window under the header


def _max_nodes(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be 0 (no limit) or more")
    return value


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``view``."""
    p = sub.add_parser(
        "view",
        help="write the interactive map of the network (one HTML file, works offline)",
        description="Write the interactive map of the network as one HTML page that loads "
        "nothing from the internet: people coloured by organisation, sized by how strong your "
        "tie is, dormant ties dashed, the best introduction chains to --org in red, and each "
        "person's story on hover.",
    )
    add_folder(p)
    p.add_argument(
        "--out",
        "-o",
        type=Path,
        default=Path("network.html"),
        help="the page to write (default: network.html)",
    )
    p.add_argument("--org", help="draw the best introduction chains to this organisation")
    p.add_argument("--k", type=int, default=5, help="how many chains to --org (default: 5)")
    p.add_argument("--focus", metavar="ID", help="show only this person's neighbourhood")
    p.add_argument(
        "--radius", type=int, default=1, help="how many ties out from --focus (default: 1)"
    )
    p.add_argument(
        "--max-nodes",
        type=_max_nodes,
        default=300,
        metavar="N",
        help="most people on the map, 0 for no limit (default: 300)",
    )
    add_as_of(p)
    add_json(p)
    p.set_defaults(func=cmd_view)


def _chains(G: nx.Graph, org: str, k: int, out: Output) -> list[Any]:
    from ..paths import intro_paths

    try:
        return list(intro_paths(G, org=org, k=k))
    except NoPathError as exc:
        out.warn(f"{exc}; drawing the map without chains")
        return []


def cmd_view(args: argparse.Namespace, out: Output) -> int:
    """Write the page and say what it shows."""
    from ..io.html import write_html
    from ..viz import network

    if args.k < 1:
        raise ConfigError(f"--k: {args.k} must be at least 1")
    G = load_graph(args)
    chains = _chains(G, args.org, args.k, out) if args.org else []
    net = network(
        G,
        highlight=chains or None,
        focus=args.focus,
        radius=args.radius,
        max_nodes=args.max_nodes or None,
        height=_HEIGHT,
    )
    path = write_html(args.out, net.generate_html())
    info = {
        "out": str(path),
        "people_total": net.people_total,
        "people_shown": net.people_shown,
        "left_out": net.left_out,
        "truncated": net.truncated,
        "outside_focus": net.outside_focus,
        "layout": net.layout,
        "chains": [{"people": list(c.people), "score": float(c.score)} for c in chains],
    }
    if out.json_mode:
        out.json(info)
        return 0
    out.line(f"Wrote {path}")
    out.line(net.note)
    if chains:
        out.line(
            f"{len(chains)} introduction chain{'s' if len(chains) != 1 else ''} to "
            f"{args.org} drawn in red."
        )
    out.line("Open it in a browser; it needs no internet connection.")
    return 0


def demo_section(G: nx.Graph, out: Output) -> dict[str, Any]:
    """Build the sample's map (without writing it) and say how to write one."""
    from ..viz import network

    net = network(G)
    orgs = net.organisations
    if not out.json_mode:
        out.heading("Interactive map")
        out.line(
            f"{net.people_shown} people, {orgs} organisations in colour, "
            f"{len(net.edges)} ties ({net.layout} layout)."
        )
        out.line("Write it with: tiegraph view FOLDER --out network.html [--org ORG]")
    return {
        "view": {
            "people_shown": net.people_shown,
            "organisations": orgs,
            "ties": len(net.edges),
            "layout": net.layout,
        }
    }
