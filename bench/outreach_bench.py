"""Benchmark of the outreach loop: the to-do list, the asks table and the funnel at scale.

Two networks:

- **synthetic**: ``--contacts`` people in organisations, ``--interactions`` contact events
  with the owner over two years (plus a third as many between other people),
  ``--intros`` introductions, ``--asks`` asks in every state over the last six months, three
  target organisations, a job search going on and an affiliation of the owner ending in ten
  days (so every kind of to-do has work to do);
- **CollegeMsg** (``../shared/data/CollegeMsg.txt``, when present): the real messaging log,
  the most active sender as the owner, 200 asks to their contacts.

For each: the graph is built once (its time is shown for scale), then ``outreach_tables``,
``todo``, ``asks``, ``funnel`` and ``funnel_history`` are timed, best of ``--repeat``;
``validate`` is timed with and without the asks, so the cost of checking them shows.
Peak memory is the process's maximum resident set size.

Run: ``.venv/bin/python bench/outreach_bench.py [--contacts 30000] [--interactions 300000]
[--intros 5000] [--asks 3000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tiegraph import build_graph
from tiegraph import schema as S
from tiegraph.io.folder import NetworkData, table_from_rows, validate
from tiegraph.outreach import asks, funnel, funnel_history, outreach_tables
from tiegraph.settings import Settings
from tiegraph.todos import todo

COLLEGE = Path(__file__).resolve().parents[2] / "shared" / "data" / "CollegeMsg.txt"
AS_OF = pd.Timestamp("2026-06-30", tz="UTC")
KINDS = ["intro", "names", "informational", "reference", "referral", "told"]
STATUSES = ["open", "done", "declined", "no-reply"]


def _days(values: np.ndarray) -> list[str]:
    return [f"{d:%Y-%m-%d}" for d in pd.to_datetime(values, utc=True)]


def _asks(rng: np.random.Generator, people: np.ndarray, n: int, as_of: pd.Timestamp) -> list[dict]:
    asked = as_of - pd.to_timedelta(rng.integers(0, 180, n), unit="D")
    status = rng.choice(STATUSES, n)
    closed = asked + pd.to_timedelta(rng.integers(0, 20, n), unit="D")
    closed = np.minimum(closed, as_of)
    due = asked + pd.to_timedelta(rng.integers(3, 30, n), unit="D")
    kind = rng.choice(KINDS, n)
    return [
        {
            S.ID: str(i + 1),
            S.PERSON: str(people[i % len(people)] if i < len(people) else rng.choice(people)),
            S.DATE: f"{asked[i]:%Y-%m-%d}",
            S.FOR: kind[i],
            S.ORG: f"Org {i % 8}" if kind[i] in ("intro", "informational") and i % 8 > 2 else "",
            S.STATUS: "done" if kind[i] == "told" else status[i],
            S.DUE: f"{due[i]:%Y-%m-%d}" if status[i] == "open" else "",
            S.CLOSED: f"{closed[i]:%Y-%m-%d}" if status[i] != "open" or kind[i] == "told" else "",
        }
        for i in range(n)
    ]


def synthetic(
    contacts: int, interactions: int, intros: int, n_asks: int, seed: int = 12
) -> NetworkData:
    """Return a network folder's tables of the given sizes (see the module docstring)."""
    rng = np.random.default_rng(seed)
    ids = np.array([f"p{i}" for i in range(contacts)], dtype=object)
    n_orgs = max(10, contacts // 40)
    org_of = rng.integers(0, n_orgs, contacts)
    contact_rows = pd.DataFrame(
        {
            S.ID: ids,
            S.NAME: [f"Person {i}" for i in range(contacts)],
            S.ORG: [f"Org {o}" for o in org_of],
        }
    )
    # heavy-tailed activity: a few people get most of the owner's contact
    weight = rng.pareto(1.2, contacts) + 1
    who = rng.choice(contacts, interactions, p=weight / weight.sum())
    when = AS_OF - pd.to_timedelta(rng.integers(1, 730 * 24, interactions), unit="h")
    others = interactions // 3
    a, b = rng.integers(0, contacts, others), rng.integers(0, contacts, others)
    keep = a != b
    inter = pd.DataFrame(
        {
            S.DATE: _days(
                np.concatenate(
                    [
                        when.to_numpy(),
                        (AS_OF - pd.to_timedelta(rng.integers(1, 730, others), unit="D"))[
                            keep
                        ].to_numpy(),
                    ]
                )
            ),
            S.WITH: np.concatenate([ids[who], ids[b[keep]]]),
            S.BY: np.concatenate([np.full(interactions, "", dtype=object), ids[a[keep]]]),
            S.CHANNEL: rng.choice(
                ["in_person", "call", "message", "email"], interactions + int(keep.sum())
            ),
        }
    )
    person = rng.choice(contacts, intros, replace=False)
    via = rng.choice(contacts, intros)
    via_ids = np.where(rng.random(intros) < 0.8, ids[via], "")
    via_ids = np.where(via_ids == ids[person], "", via_ids)
    intro_rows = pd.DataFrame(
        {
            S.PERSON: ids[person],
            S.MET_THROUGH: via_ids,
            S.DATE: _days(
                (AS_OF - pd.to_timedelta(rng.integers(0, 730, intros), unit="D")).to_numpy()
            ),
            S.CONTEXT: "event",
        }
    )
    colleagues = ids[org_of == 5][:30]
    aff = [{S.PERSON: "me", S.ORG: "Org 5", S.START: "2025-01-01", S.END: "2026-07-10"}] + [
        {S.PERSON: c, S.ORG: "Org 5", S.START: "2024-01-01"} for c in colleagues
    ]
    settings = Settings.from_dict(
        {
            "targets": {"orgs": ["Org 0", "Org 1", "Org 2"]},
            "search": {"start": "2026-01-01", "goal": "a new role"},
        }
    )
    return NetworkData(
        settings=settings,
        contacts=table_from_rows(S.CONTACTS, contact_rows.astype(str)),
        interactions=table_from_rows(S.INTERACTIONS, inter.astype(str)),
        introductions=table_from_rows(S.INTRODUCTIONS, intro_rows.astype(str)),
        affiliations=table_from_rows(S.AFFILIATIONS, aff),
        asks=table_from_rows(S.ASKS, _asks(rng, ids[np.argsort(-weight)], n_asks, AS_OF)),
    )


def college() -> tuple[NetworkData, pd.Timestamp] | None:
    """Return CollegeMsg as a network folder (the most active sender as the owner), or None."""
    if not COLLEGE.exists():
        return None
    log = pd.read_csv(COLLEGE, sep=" ")
    owner = int(log["src"].value_counts().idxmax())
    people = sorted(set(log["src"]) | set(log["dst"]))
    ids = {p: ("me" if p == owner else f"u{p}") for p in people}
    src, dst = log["src"].map(ids), log["dst"].map(ids)
    mine = src == "me"
    other_side = np.where(mine, dst, src)
    by = np.where(mine | (dst == "me"), "", src)
    with_ = np.where(mine | (dst == "me"), other_side, dst)
    when = pd.to_datetime(log["time"], unit="s", utc=True)
    inter = pd.DataFrame(
        {
            S.DATE: when.dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
            S.WITH: with_,
            S.BY: by,
            S.CHANNEL: "message",
        }
    )
    contacts = pd.DataFrame({S.ID: [i for i in ids.values() if i != "me"]})
    contacts[S.NAME] = contacts[S.ID]
    as_of = when.max().normalize() + pd.Timedelta(days=1)
    rng = np.random.default_rng(7)
    partners = pd.unique(pd.Series(other_side[(mine | (dst == "me")).to_numpy()]))
    settings = Settings.from_dict(
        {"search": {"start": f"{as_of - pd.Timedelta(days=120):%Y-%m-%d}"}}
    )
    data = NetworkData(
        settings=settings,
        contacts=table_from_rows(S.CONTACTS, contacts),
        interactions=table_from_rows(S.INTERACTIONS, inter),
        asks=table_from_rows(S.ASKS, _asks(rng, np.asarray(partners, dtype=object), 200, as_of)),
    )
    return data, as_of


def best(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def run(
    name: str, data: NetworkData, as_of: pd.Timestamp, repeat: int
) -> list[tuple[str, str, str]]:
    rows = []
    started = time.perf_counter()
    G = build_graph(data, as_of=as_of)
    rows.append((name, "build_graph (for scale, once)", f"{time.perf_counter() - started:.2f}"))
    frame = todo(G, data=data)
    for label, fn in (
        ("outreach_tables", lambda: outreach_tables(data)),
        (f"todo ({len(frame)} actions)", lambda: todo(G, data=data)),
        ("asks", lambda: asks(G, data=data)),
        ("funnel", lambda: funnel(G, data=data)),
        ("funnel_history (weekly)", lambda: funnel_history(G, data=data)),
        ("validate with asks", lambda: validate(data)),
        ("validate without asks", lambda: validate(data.replace(asks=data.asks.iloc[:0]))),
    ):
        rows.append((name, label, f"{best(fn, repeat):.3f}"))
    kinds = frame["kind"].value_counts().to_dict()
    rows.append((name, "actions by kind", ", ".join(f"{k} {v}" for k, v in kinds.items())))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=30_000)
    parser.add_argument("--interactions", type=int, default=300_000)
    parser.add_argument("--intros", type=int, default=5_000)
    parser.add_argument("--asks", type=int, default=3_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data = synthetic(args.contacts, args.interactions, args.intros, args.asks)
    size = (
        f"synthetic: {len(data.contacts):,} people, {len(data.interactions):,} interactions, "
        f"{len(data.introductions):,} introductions, {len(data.asks):,} asks"
    )
    rows = run("synthetic", data, AS_OF, args.repeat)
    found = college()
    if found is not None:
        cdata, as_of = found
        size += (
            f"; CollegeMsg: {len(cdata.contacts):,} people, {len(cdata.interactions):,} messages"
        )
        rows += run("CollegeMsg", cdata, as_of, args.repeat)
    else:
        size += "; CollegeMsg: not found, skipped"
    print(size)
    print(f"| network | measurement | seconds (best of {args.repeat}) |")
    print("| --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak resident memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
