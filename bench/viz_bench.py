"""Benchmark of the interactive map: a 2,000-person network, generated and drawn.

Reports, for a synthetic network of people in organisations (heavy-tailed
degrees, strengths in (0, 1], some ties gone dormant):

- the time to build the view (``tiegraph.viz.network``) and the page
  (``generate_html``, which includes the page's structure check), the time of
  the structure check alone (``page_problems``), and the page's size;
- the time headless Chromium takes to load the page and to have the map
  drawn (stable), measured from navigation start in the page, whether a
  hover shows the tooltip, the requests that left the page and the console
  errors (a Content-Security-Policy violation by the page's own scripts
  would be one).

Run: ``.venv/bin/python bench/viz_bench.py [--people 2000] [--repeat 3]``.
Targets (issue 5): the 2,000-person page opens and is usable within a few seconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from tiegraph import viz  # noqa: E402


def synthetic_graph(people: int = 2000, *, seed: int = 7, ties_per_person: int = 4) -> nx.Graph:
    """Return a network graph of ``people`` people in organisations (the graph contract)."""
    rng = np.random.default_rng(seed)
    as_of = pd.Timestamp("2026-06-30", tz="UTC")
    n_orgs = max(5, people // 25)
    org_size = rng.pareto(1.5, n_orgs) + 1
    org_of = rng.choice(n_orgs, size=people, p=org_size / org_size.sum())
    G = nx.Graph(me="me", owner_name="Alex Rivera", as_of=as_of, targets=("Org 1",), jobs=None)
    G.add_node(
        "me",
        name="Alex Rivera",
        is_owner=True,
        org="",
        title="",
        tags=(),
        direct=False,
        affiliations=(),
    )
    ids = [f"p{i:05d}" for i in range(people)]
    for i, pid in enumerate(ids):
        org = f"Org {org_of[i]}"
        G.add_node(
            pid,
            name=f"Person {i}",
            org=org,
            title="Organizer",
            tags=(),
            direct=i < 250,
            is_owner=False,
            affiliations=(
                {"org": org, "title": "Organizer", "start": None, "end": None, "current": True},
            ),
        )
    # heavy-tailed degrees: preferential attachment plus colleagues
    ba = nx.barabasi_albert_graph(people, ties_per_person // 2, seed=seed)
    pairs = {(min(u, v), max(u, v)) for u, v in ba.edges()}
    by_org: dict[int, list[int]] = {}
    for i, o in enumerate(org_of):
        by_org.setdefault(int(o), []).append(i)
    for members in by_org.values():
        if len(members) > 1:
            for _ in range(len(members)):
                a, b = rng.choice(members, 2, replace=False)
                pairs.add((int(min(a, b)), int(max(a, b))))
    strength = rng.beta(2, 4, size=len(pairs))
    peak = np.maximum(strength, rng.beta(3, 2, size=len(pairs)))
    for (a, b), s, p in zip(sorted(pairs), strength, peak, strict=True):
        G.add_edge(
            ids[a],
            ids[b],
            strength=float(s),
            peak_strength=float(p),
            cost=float(-np.log(s)),
            last_contact=as_of - pd.Timedelta(days=int(rng.integers(1, 900))),
            first_contact=None,
            n_interactions=int(rng.integers(0, 20)),
            evidence=[],
        )
    for i in range(250):  # the owner's direct contacts
        s = float(rng.beta(2, 3))
        G.add_edge(
            "me",
            ids[i],
            strength=s,
            peak_strength=max(s, float(rng.beta(3, 2))),
            cost=float(-np.log(s)),
            last_contact=as_of - pd.Timedelta(days=int(rng.integers(1, 900))),
            first_contact=None,
            n_interactions=int(rng.integers(0, 30)),
            evidence=[
                {
                    "kind": "introduction",
                    "via": ids[i + 1],
                    "context": "a canvass",
                    "date": as_of - pd.Timedelta(days=800),
                }
            ],
        )
    return G


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args(argv)

    G = synthetic_graph(args.people)
    print(f"network: {G.number_of_nodes() - 1:,} people, {G.number_of_edges():,} ties")
    rows = []
    pages = {}
    for label, kwargs in (
        ("all people (max_nodes=None)", {"max_nodes": None}),
        ("default (max_nodes=300)", {}),
        ("browser layout (max_nodes=200)", {"max_nodes": 200}),
    ):
        build, render, check = [], [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            net = viz.network(G, **kwargs)
            t1 = time.perf_counter()
            page = net.generate_html()
            t2 = time.perf_counter()
            problems = viz.page_problems(page)
            t3 = time.perf_counter()
            assert problems == [], problems
            build.append(t1 - t0)
            render.append(t2 - t1)
            check.append(t3 - t2)
        pages[label] = page
        rows.append(
            (
                label,
                net.people_shown,
                net.layout,
                statistics.median(build),
                statistics.median(render),
                statistics.median(check),
                len(page.encode("utf-8")) / 1e6,
            )
        )
    print()
    print(
        f"{'map':32} {'people':>7} {'layout':>7} {'view s':>7} {'html s':>7} {'check s':>8}"
        f" {'MB':>6}"
    )
    for label, shown, layout, b, r, ch, mb in rows:
        print(f"{label:32} {shown:7,} {layout:>7} {b:7.2f} {r:7.2f} {ch:8.3f} {mb:6.2f}")

    if args.no_browser:
        return 0
    from _chromium import MAP_READY, Chromium, chromium_path, hover_tooltip, node_position_js

    if chromium_path() is None:
        print("\nchromium not found: browser timings skipped")
        return 0
    print()
    print(f"{'map':32} {'load s':>7} {'drawn s':>8} {'hover':>6} {'requests':>9} {'errors':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for label, page in pages.items():
            path = Path(tmp) / "map.html"
            path.write_text(page, encoding="utf-8")
            loads, drawn = [], []
            hover_ok = False
            n_req = n_err = 0
            for _ in range(args.repeat):
                with Chromium() as c:
                    loads.append(c.open(path))
                    drawn.append(c.js(MAP_READY, await_promise=True) / 1000)
                    tip = hover_tooltip(c, *c.js(node_position_js("me")))
                    hover_ok = bool(tip and "Alex Rivera" in tip["text"])
                    n_req = len([u for u in c.requests if not u.startswith("file:")])
                    n_err = len(c.console_errors)
            print(
                f"{label:32} {statistics.median(loads):7.2f} {statistics.median(drawn):8.2f} "
                f"{'yes' if hover_ok else 'NO':>6} {n_req:9d} {n_err:7d}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
