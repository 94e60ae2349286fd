"""Benchmark of dormant_ties and keep_in_touch on a large synthetic network.

A graph of the contract of ``tiegraph.build`` (people in organisations,
heavy-tailed degrees, the owner tied to a large contact list, a share of
those ties gone quiet) is generated once; then each function is timed on it,
best of ``--repeat`` runs.

Run: ``/tmp/venv/bin/python bench/dormant_bench.py [--people 200000] [--ties 1000000]
[--contacts 30000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import time

import networkx as nx
import numpy as np
import pandas as pd

from tiegraph import dormant_ties, keep_in_touch
from tiegraph.orgs import OrgIndex


def synthetic_graph(people: int, ties: int, contacts: int, *, seed: int = 3) -> nx.Graph:
    """Return a graph of ``people`` people, ``ties`` ties, the owner tied to ``contacts``."""
    rng = np.random.default_rng(seed)
    as_of = pd.Timestamp("2026-06-30", tz="UTC")
    n_orgs = max(10, people // 40)
    orgs = [f"Org {i}" for i in range(n_orgs)]
    member = rng.integers(0, n_orgs, people)
    G = nx.Graph(
        me="me",
        owner_name="Owner",
        as_of=as_of,
        targets=("Org 0", "Org 1", "Org 2"),
        orgs=OrgIndex(names=orgs),
    )
    G.add_node("me", name="Owner", is_owner=True, org="", affiliations=())
    ids = [f"p{i}" for i in range(people)]
    G.add_nodes_from(
        (
            pid,
            {
                "name": f"Person {i}",
                "org": orgs[m],
                "closeness": None,
                "is_owner": False,
                "affiliations": (
                    {"org": orgs[m], "title": "", "start": None, "end": None, "current": True},
                ),
            },
        )
        for i, (pid, m) in enumerate(zip(ids, member, strict=True))
    )
    # heavy-tailed degrees: endpoints drawn with Zipf-like weights
    w = 1.0 / np.arange(1, people + 1) ** 0.8
    w /= w.sum()
    a = rng.choice(people, ties, p=w)
    b = rng.integers(0, people, ties)
    keep = a != b
    s = rng.uniform(0.01, 1.0, keep.sum())
    G.add_edges_from(
        (
            ids[x],
            ids[y],
            {
                "strength": float(v),
                "peak_strength": float(min(1.0, v * 1.5)),
                "last_contact": None,
                "n_interactions": 0,
                "evidence": [],
            },
        )
        for x, y, v in zip(a[keep], b[keep], s, strict=True)
    )
    owner = rng.choice(people, contacts, replace=False)
    peak = rng.uniform(0.1, 1.0, contacts)
    now = peak * rng.uniform(0.05, 1.0, contacts)
    quiet = rng.integers(1, 900, contacts)
    n_int = rng.integers(0, 60, contacts)
    rhythm = rng.uniform(5, 90, contacts)
    for j, i in enumerate(owner):
        G.add_edge(
            "me",
            ids[i],
            strength=float(now[j]),
            peak_strength=float(peak[j]),
            last_contact=as_of - pd.Timedelta(days=int(quiet[j])),
            n_interactions=int(n_int[j]),
            rhythm_days=float(rhythm[j]),
            half_life_days=float(rhythm[j] * 2),
            evidence=[],
        )
    return G


def best(func, repeat: int) -> tuple[float, object]:
    times = []
    result = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - t)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--ties", type=int, default=1_000_000)
    parser.add_argument("--contacts", type=int, default=30_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    t = time.perf_counter()
    G = synthetic_graph(args.people, args.ties, args.contacts)
    print(
        f"graph: {G.number_of_nodes():,} people, {G.number_of_edges():,} ties, owner "
        f"{G.degree('me'):,} ties (built in {time.perf_counter() - t:.1f} s)"
    )
    sec, df = best(lambda: dormant_ties(G), args.repeat)
    print(
        f"dormant_ties:  {sec:6.3f} s  ({len(df):,} dormant ties, "
        f"{int(df['n_contacts'].sum()):,} neighbourhood rows)"
    )
    sec, df = best(lambda: dormant_ties(G, limit=20), args.repeat)
    print(f"dormant_ties(limit=20): {sec:6.3f} s")
    sec, df = best(lambda: keep_in_touch(G), args.repeat)
    print(f"keep_in_touch: {sec:6.3f} s  ({len(df):,} ties)")


if __name__ == "__main__":
    main()
