"""Benchmark the introduction searches on a synthetic network of 200,000 people and 1,000,000 ties.

Run: ``/tmp/venv/bin/python bench/paths_bench.py [--people N] [--ties M] [--seed S]``

The network: people in organisations of heavy-tailed sizes (Zipf), ties drawn
Chung-Lu style from heavy-tailed (Pareto) person weights, 30 % of them
between colleagues, strengths Beta(2, 3) in (0, 1], plus an owner with a few
hundred contacts. One organisation of exactly 50 people is the target.

Reported, on the same graph in one run: the index build; ``introducers`` and
``intro_paths`` (k=5) with the default ``max_hops=3`` and unbounded
(``max_hops`` = number of people, the answer Dijkstra gives); the same
answers with plain NetworkX calls and with igraph; igraph's single-source
distances as the reference time. Answers are checked to agree.
"""

from __future__ import annotations

import argparse
import itertools
import math
import time

import igraph as ig
import networkx as nx
import numpy as np

import tiegraph
from tiegraph import _index


def make_network(n: int, m: int, seed: int) -> tuple[nx.Graph, str]:
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
    # the owner: 300 contacts
    own = rng.choice(np.arange(1, n), size=300, replace=False)
    uu = np.concatenate([np.zeros(300, dtype=np.int64), u, a])
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


def best(fn, repeat: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=200_000)
    ap.add_argument("--ties", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    t = time.perf_counter()
    G, org = make_network(args.people, args.ties, args.seed)
    gen = time.perf_counter() - t
    degrees = np.array([d for _, d in G.degree()])
    print(
        f"network: {G.number_of_nodes():,} people, {G.number_of_edges():,} ties, "
        f"max degree {degrees.max():,}, median {int(np.median(degrees))}, "
        f"owner degree {G.degree('me')}; target {org!r} (50 people); generated in {gen:.1f} s"
    )
    rows: list[tuple[str, float, str]] = []

    t = time.perf_counter()
    idx = _index.graph_index(G)
    idx.memberships  # noqa: B018 - built with the index, on first organisation query
    build = time.perf_counter() - t
    rows.append(("tiegraph: index build (CSR + memberships), once per graph", build, ""))

    # tiegraph, hop-bounded (the default) and unbounded ------------------------------
    t_intro3, frame3 = best(lambda: tiegraph.introducers(G, org))
    rows.append(("tiegraph introducers, max_hops=3", t_intro3, f"{len(frame3)} introducers"))
    rows.append(("  the same, index build included", t_intro3 + build, ""))
    n = G.number_of_nodes()
    t_intro_inf, frame_inf = best(lambda: tiegraph.introducers(G, org, max_hops=n, min_strength=0))
    rows.append(
        ("tiegraph introducers, unbounded hops", t_intro_inf, f"{len(frame_inf)} introducers")
    )
    t_paths3, chains3 = best(lambda: tiegraph.intro_paths(G, org=org, k=5))
    rows.append(
        (
            "tiegraph intro_paths k=5, max_hops=3",
            t_paths3,
            f"best {chains3[0].score:.4f}, {len(chains3[0].hops)} hops",
        )
    )
    t_paths_inf, chains_inf = best(
        lambda: tiegraph.intro_paths(G, org=org, k=5, max_hops=n, min_strength=0)
    )
    rows.append(
        ("tiegraph intro_paths k=5, unbounded hops", t_paths_inf, f"best {chains_inf[0].score:.4f}")
    )

    # plain NetworkX ----------------------------------------------------------------
    members = [x for x, a in G.nodes(data="affiliations") if a and a[0]["org"] == org]
    no_owner = nx.restricted_view(G, ["me"], [])

    def nx_introducers():
        dist = nx.multi_source_dijkstra_path_length(no_owner, members, weight="cost")
        return {c: math.exp(-(G["me"][c]["cost"] + dist[c])) for c in G["me"] if c in dist}

    t_nx, nx_scores = best(nx_introducers, repeat=1)
    rows.append(("networkx multi_source_dijkstra (introducers)", t_nx, "unbounded hops"))

    def nx_paths():
        H = nx.Graph(G.edges)  # a super-target joined to every member at cost 0
        nx.set_edge_attributes(H, {e: G.edges[e]["cost"] for e in G.edges}, "cost")
        H.add_edges_from(((x, "__org__") for x in members), cost=0.0)
        paths = nx.shortest_simple_paths(H, "me", "__org__", weight="cost")
        out = []
        for path in paths:
            inner = path[1:-1]
            if any(p in members for p in inner[:-1]):
                continue  # a chain ends at the first member
            out.append(path[:-1])
            if len(out) == 5:
                break
        return out

    t_nx_paths, nx_chains = best(nx_paths, repeat=1)
    rows.append(("networkx shortest_simple_paths k=5 (+ graph copy)", t_nx_paths, "unbounded"))

    # igraph ------------------------------------------------------------------------
    t = time.perf_counter()
    src = np.repeat(np.arange(idx.n), np.diff(idx.indptr))
    half = src < idx.indices
    g = ig.Graph(n=idx.n, edges=np.column_stack([src[half], idx.indices[half]]).tolist())
    g.es["cost"] = idx.cost[half].tolist()
    t_ig_build = time.perf_counter() - t
    rows.append(("igraph: graph build from the arrays", t_ig_build, ""))
    me = idx.pos["me"]
    t_ig, _ig_dist = best(lambda: g.distances(source=[me], weights="cost")[0])
    rows.append(("igraph single-source distances (reference)", t_ig, ""))
    mpos = [idx.pos[x] for x in members]
    g2 = g.copy()
    g2.delete_edges(g2.incident(me))  # chains do not pass through the owner again
    contacts = [idx.pos[c] for c in G["me"]]
    t_ig_multi, ig_multi = best(lambda: g2.distances(source=mpos, target=contacts, weights="cost"))
    rows.append(("igraph 50-source distances (introducers)", t_ig_multi, "unbounded hops"))

    # agreement -----------------------------------------------------------------------
    ours = dict(zip(frame_inf["introducer"], frame_inf["score"], strict=True))
    assert set(ours) == set(nx_scores), "introducers differ from NetworkX"
    assert all(math.isclose(ours[c], nx_scores[c], rel_tol=1e-9) for c in ours)
    ig_best = np.min(np.array(ig_multi), axis=0)
    ig_scores = {
        idx.ids[c]: math.exp(-(G["me"][idx.ids[c]]["cost"] + d))
        for c, d in zip(contacts, ig_best, strict=True)
        if np.isfinite(d)
    }
    assert all(math.isclose(ours[c], ig_scores[c], rel_tol=1e-9) for c in ours)
    nx_chain_scores = [
        math.prod(G[a][b]["strength"] for a, b in itertools.pairwise(p)) for p in nx_chains
    ]
    assert np.allclose([c.score for c in chains_inf], nx_chain_scores, rtol=1e-9)
    assert all(c.score <= chains_inf[0].score + 1e-12 for c in chains3)
    assert set(frame3["introducer"]) <= set(ours)
    print(
        "answers agree: introducers (unbounded) == NetworkX == igraph; "
        "intro_paths k=5 scores == NetworkX shortest_simple_paths"
    )

    width = max(len(r[0]) for r in rows)
    print(f"\n{'measurement':<{width}}  {'seconds':>8}  note")
    for name, secs, note in rows:
        print(f"{name:<{width}}  {secs:>8.3f}  {note}")
    print(
        f"\nintroducers (max_hops=3) vs igraph single-source: {t_intro3 / t_ig:.2f}x the time "
        f"(target <= 2x); vs NetworkX: {t_nx / t_intro3:.0f}x faster (target >= 20x); "
        f"intro_paths k=5: {t_paths3:.3f} s (target < 1 s)"
    )


if __name__ == "__main__":
    main()
