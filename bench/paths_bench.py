"""Benchmark the introduction searches for a power user: 18,000 contacts in a 1,000,000-tie network.

Run: ``.venv/bin/python bench/paths_bench.py [--people N] [--ties M] [--contacts C] [--networkx]``

The network: people in organisations of heavy-tailed sizes (Zipf), ties drawn
Chung-Lu style from heavy-tailed (Pareto) person weights, 30 % of them
between colleagues, strengths Beta(2, 3) in (0, 1], plus an owner with
``--contacts`` direct contacts (a LinkedIn power user has 10,000-30,000).
One organisation of exactly 50 people is the target.

Reported, on the same graph in one run, each with its best wall time and the
peak of memory traced (``tracemalloc``: every NumPy and pandas buffer and
Python object; igraph's C heap is not traced, so its rows show the growth of
the process's resident memory instead):

- ``introducers`` (top 50, and all rows) warm (the index built) and cold (a
  graph never searched: the index, the memberships and the search), at
  ``max_hops=4`` and 3, and cold again with the ``G.graph["ties"]`` table
  that :func:`tiegraph.load_network` can hand the index;
- ``intro_paths`` (k=5) and ``reachable_orgs``;
- igraph: its graph built from the same NetworkX graph
  (``Graph.from_networkx``), one single-source Dijkstra from the owner, and the
  50-source Dijkstra that answers ``introducers`` without a hop limit.

Answers are checked: ``introducers`` with no hop limit gives every contact
the score igraph's Dijkstra gives (and NetworkX's, with ``--networkx``).
Targets: warm at most igraph's single search; cold at most igraph's build
plus one search.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd

import tiegraph
from tiegraph import _index


def make_network(n: int, m: int, seed: int, contacts: int) -> tuple[nx.Graph, str]:
    """A synthetic network of ``n`` people and about ``m`` ties; the owner has ``contacts``."""
    rng = np.random.default_rng(seed)
    # organisations: Zipf sizes, plus one of exactly 50 (the target)
    sizes = np.minimum(rng.zipf(1.8, size=n), 5000)
    org_of = np.repeat(np.arange(len(sizes)), sizes)[: n - 1]
    org_of = np.concatenate([[-1], org_of])  # the owner (0) has no organisation
    target = int(org_of.max()) + 1
    target_members = rng.choice(np.arange(1, n), size=50, replace=False)
    org_of[target_members] = target
    # heavy-tailed degrees: Chung-Lu with Pareto weights
    w = rng.pareto(1.5, size=n) + 1.0
    p = w / w.sum()
    n_random = int(m * 0.7)
    u = rng.choice(n, size=n_random * 2, p=p)
    v = rng.choice(n, size=n_random * 2, p=p)
    # colleagues: pick a person, then someone at the same organisation
    order = np.argsort(org_of, kind="stable")
    sorted_org = org_of[order]
    starts = np.searchsorted(sorted_org, org_of)
    ends = np.searchsorted(sorted_org, org_of, side="right")
    a = rng.integers(1, n, size=(m - n_random) * 2)
    b = order[starts[a] + (rng.random(len(a)) * (ends[a] - starts[a])).astype(np.int64)]
    # the owner's contacts
    own = rng.choice(np.arange(1, n), size=contacts, replace=False)
    uu = np.concatenate([np.zeros(contacts, dtype=np.int64), u, a])
    vv = np.concatenate([own, v, b])
    lo, hi = np.minimum(uu, vv), np.maximum(uu, vv)
    keep = lo != hi
    key = np.unique(lo[keep] * n + hi[keep])
    # keep the owner's ties, then random others up to m
    is_owner = key < n
    rest = rng.permutation(key[~is_owner])[: m - int(is_owner.sum())]
    key = np.concatenate([key[is_owner], rest])
    lo, hi = key // n, key % n
    s = np.clip(rng.beta(2, 3, size=len(key)), 0.01, 1.0)
    ids = ["me"] + [f"p{i}" for i in range(1, n)]
    G = nx.Graph(me="me")
    G.add_node("me", name="Owner", affiliations=())
    G.add_nodes_from(
        (
            ids[i],
            {
                "name": f"Person {i}",
                "affiliations": ({"org": f"Org {org_of[i]}", "title": "", "current": True},),
            },
        )
        for i in range(1, n)
    )
    cost = -np.log(s)
    G.add_edges_from(
        (ids[x], ids[y], {"strength": st, "cost": c})
        for x, y, st, c in zip(lo.tolist(), hi.tolist(), s.tolist(), cost.tolist(), strict=True)
    )
    return G, f"Org {target}"


def measure(
    fn: Callable[[], Any], *, repeat: int, before: Callable[[], None] | None = None
) -> tuple[float, float, Any]:
    """Best wall time of ``repeat`` runs, then one more run under tracemalloc for the peak (MB).

    The best CPU time of the same runs goes to :data:`CPU` under the last result's id: on a
    shared machine it is the steadier figure.
    """
    times, cpu, result = [], [], None
    for _ in range(repeat):
        if before:
            before()
        gc.collect()
        t, c = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    if before:
        before()
    gc.collect()
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    CPU.append(min(cpu))
    return min(times), peak, result


#: CPU seconds of each :func:`measure`, in order.
CPU: list[float] = []


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=200_000)
    ap.add_argument("--ties", type=int, default=1_000_000)
    ap.add_argument("--contacts", type=int, default=18_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument(
        "--networkx", action="store_true", help="also time NetworkX's multi-source Dijkstra"
    )
    args = ap.parse_args()

    t = time.perf_counter()
    G, org = make_network(args.people, args.ties, args.seed, args.contacts)
    gen = time.perf_counter() - t
    degrees = np.array([d for _, d in G.degree()])
    print(
        f"network: {G.number_of_nodes():,} people, {G.number_of_edges():,} ties, "
        f"max degree {degrees.max():,}, median {int(np.median(degrees))}, "
        f"owner degree {G.degree('me'):,}; target {org!r} (50 people); generated in {gen:.1f} s"
        f"; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
    )
    rows: list[tuple[str, float, float | None, str, str]] = []

    def row(name: str, secs: float, memory: str, note: str = "", *, cpu: bool = True) -> None:
        rows.append((name, secs, CPU[-1] if cpu else None, memory, note))
        print(f"  {name}: {secs:.3f} s, {memory}", flush=True)

    def cold() -> None:
        _index._CACHE.pop(G, None)

    # tiegraph: cold (a graph never searched), then warm ----------------------------------
    cold_repeat = max(2, args.repeat // 2)
    t_cold4, m_cold4, _ = measure(
        lambda: tiegraph.introducers(G, org, max_hops=4), repeat=cold_repeat, before=cold
    )
    row("tiegraph introducers, max_hops=4, cold (index + search)", t_cold4, f"{m_cold4:.0f} MB")
    t_idx, m_idx, _ = measure(
        lambda: (_index.graph_index(G), _index.graph_index(G).memberships)[0],
        repeat=cold_repeat,
        before=cold,
    )
    row("  of which the index (ties and memberships)", t_idx, f"{m_idx:.0f} MB")
    t_warm4, m_warm4, top4 = measure(
        lambda: tiegraph.introducers(G, org, max_hops=4), repeat=args.repeat
    )
    row("tiegraph introducers, max_hops=4, warm, top 50", t_warm4, f"{m_warm4:.0f} MB")
    t_all4, m_all4, all4 = measure(
        lambda: tiegraph.introducers(G, org, max_hops=4, top=None, min_score=0), repeat=args.repeat
    )
    row(
        "tiegraph introducers, max_hops=4, warm, all rows",
        t_all4,
        f"{m_all4:.0f} MB",
        f"{len(all4):,} introducers",
    )
    t_warm3, m_warm3, all3 = measure(
        lambda: tiegraph.introducers(G, org, max_hops=3, top=None, min_score=0), repeat=args.repeat
    )
    row(
        "tiegraph introducers, max_hops=3, warm, all rows",
        t_warm3,
        f"{m_warm3:.0f} MB",
        f"{len(all3):,} introducers",
    )
    t_paths, m_paths, chains = measure(
        lambda: tiegraph.intro_paths(G, org=org, k=5, max_hops=4), repeat=args.repeat
    )
    row(
        "tiegraph intro_paths k=5, max_hops=4, warm",
        t_paths,
        f"{m_paths:.0f} MB",
        f"best {chains[0].score:.4f}, {len(chains[0].hops)} hops",
    )
    t_orgs, m_orgs, orgs = measure(lambda: tiegraph.reachable_orgs(G), repeat=2)
    row(
        "tiegraph reachable_orgs, max_hops=3, warm",
        t_orgs,
        f"{m_orgs:.0f} MB",
        f"{len(orgs):,} organisations",
    )

    # the same cold, with the ties table load_network can hand over ------------------------
    u, v, s = zip(*G.edges(data="strength"), strict=True)
    G.graph["ties"] = pd.DataFrame({"u": list(u), "v": list(v), "strength": list(s)})
    t_tab, m_tab, top_tab = measure(
        lambda: tiegraph.introducers(G, org, max_hops=4), repeat=cold_repeat, before=cold
    )
    row(
        "tiegraph introducers, max_hops=4, cold, G.graph['ties']",
        t_tab,
        f"{m_tab:.0f} MB",
    )
    pd.testing.assert_frame_equal(top_tab, top4)
    del G.graph["ties"]

    # igraph ---------------------------------------------------------------------------------
    t_ig_build, m_ig_build, g = measure(lambda: ig.Graph.from_networkx(G), repeat=2)
    row(
        "igraph Graph.from_networkx (same graph)",
        t_ig_build,
        f"{m_ig_build:.0f} MB + C",
        "its C arrays are not traced",
    )
    me = g.vs["_nx_name"].index("me")
    t_ig, _, _ = measure(lambda: g.distances(source=[me], weights="cost")[0], repeat=args.repeat)
    row("igraph single-source Dijkstra from the owner", t_ig, "C")
    cpu_target = CPU[-2] + CPU[-1]
    CPU.append(cpu_target)
    row("  igraph build + one search (the cold target)", t_ig_build + t_ig, "")
    members = [x for x, a in G.nodes(data="affiliations") if a and any(f["org"] == org for f in a)]
    name_to_vertex = {name: i for i, name in enumerate(g.vs["_nx_name"])}
    mpos = [name_to_vertex[x] for x in members]
    g2 = g.copy()
    g2.delete_edges(g2.incident(me))  # chains do not pass through the owner again
    contacts = list(G["me"])
    cpos = [name_to_vertex[c] for c in contacts]
    t_ig_multi, _, ig_multi = measure(
        lambda: g2.distances(source=mpos, target=cpos, weights="cost"), repeat=2
    )
    row("igraph 50-source Dijkstra (introducers, no hop limit)", t_ig_multi, "C")

    # agreement --------------------------------------------------------------------------------
    n = G.number_of_nodes()
    t_inf, m_inf, unbounded = measure(
        lambda: tiegraph.introducers(G, org, max_hops=n, min_strength=0, top=None, min_score=0),
        repeat=2,
    )
    row(
        "tiegraph introducers, no hop limit, all rows",
        t_inf,
        f"{m_inf:.0f} MB",
        f"{len(unbounded):,} introducers",
    )
    best = np.min(np.array(ig_multi), axis=0)
    ig_scores = {
        c: math.exp(-(G["me"][c]["cost"] + d))
        for c, d in zip(contacts, best.tolist(), strict=True)
        if np.isfinite(d)
    }
    ours = dict(zip(unbounded["introducer"], unbounded["score"], strict=True))
    assert set(ours) == set(ig_scores), "introducers differ from igraph"
    assert all(math.isclose(ours[c], ig_scores[c], rel_tol=1e-9) for c in ours)
    assert set(all4["introducer"]) <= set(ours) and set(all3["introducer"]) <= set(
        all4["introducer"]
    )
    print("answers agree: introducers (no hop limit) == igraph's 50-source Dijkstra")
    if args.networkx:
        no_owner = nx.restricted_view(G, ["me"], [])
        t_nx, m_nx, dist = measure(
            lambda: nx.multi_source_dijkstra_path_length(no_owner, members, weight="cost"),
            repeat=1,
        )
        row("networkx multi_source_dijkstra (introducers, no hop limit)", t_nx, f"{m_nx:.0f} MB")
        nx_scores = {c: math.exp(-(G["me"][c]["cost"] + dist[c])) for c in contacts if c in dist}
        assert set(nx_scores) == set(ours)
        assert all(math.isclose(ours[c], nx_scores[c], rel_tol=1e-9) for c in ours)
        print("answers agree: introducers (no hop limit) == NetworkX")

    width = max(len(r[0]) for r in rows)
    print(f"\n| {'measurement':<{width}} | wall s | CPU s | memory | note |")
    print(f"| {'-' * width} | ---: | ---: | ---: | --- |")
    for name, secs, cpu, memory, note in rows:
        shown = "" if cpu is None else f"{cpu:.3f}"
        print(f"| {name:<{width}} | {secs:.3f} | {shown} | {memory} | {note} |")
    cpu = {name: c for name, _, c, _, _ in rows}
    warm_cpu = cpu["tiegraph introducers, max_hops=4, warm, top 50"]
    cold_cpu = cpu["tiegraph introducers, max_hops=4, cold (index + search)"]
    ig_cpu = cpu["igraph single-source Dijkstra from the owner"]
    target_cpu = cpu["  igraph build + one search (the cold target)"]
    print(
        f"\nwarm introducers (max_hops=4, top 50) / igraph single-source: wall "
        f"{t_warm4 / t_ig:.2f}x, CPU {warm_cpu / ig_cpu:.2f}x (target <= 1x)\n"
        f"cold introducers / (igraph build + one search): wall "
        f"{t_cold4 / (t_ig_build + t_ig):.2f}x, CPU {cold_cpu / target_cpu:.2f}x (target <= 1x)"
    )


if __name__ == "__main__":
    main()
