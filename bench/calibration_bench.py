"""Time calibration against one load of the same network folder (1,000,000 interactions).

    python bench/calibration_bench.py [--interactions 1000000] [--people 20000] [--keep DIR]

Writes a network folder (``contacts.csv``, ``interactions.csv`` with
``started_by``) of the synthetic log of ``bench/strength_bench.py`` into a
temporary folder, then times, each in a fresh state:

- ``load_network`` with ``auto_calibrate = false`` (reading, validating,
  the evidence table, strengths and the graph): the yardstick;
- the fit alone (:func:`tiegraph.calibration.calibrate_events` on the
  evidence of that folder);
- ``load_network`` with calibration on (the default) and no cached fit: it
  fits and writes ``.tiegraph/cache/calibration.json``;
- ``load_network`` again: the fit comes from the cache;
- ``load_network`` after one more line in ``interactions.csv``: the cache
  no longer matches, so it fits again.

Target: the fit under one load. Prints wall-clock and CPU seconds (the
machine is shared: CPU time is the steadier figure).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from strength_bench import synthetic_events

import tiegraph
from tiegraph import schema as S
from tiegraph.build import evidence_events
from tiegraph.calibration import calibrate_events
from tiegraph.io.cache import cache_path


def write_network(folder: Path, n: int, people: int) -> pd.Timestamp:
    """Write the synthetic log as a network folder; return the day after its last interaction."""
    ev = synthetic_events(n, people)
    inter = ev[ev["kind"] == S.EV_INTERACTION]
    u = inter["u"].to_numpy(dtype=object)
    v = inter["v"].to_numpy(dtype=object)
    # the owner's rows have an empty `by`; others name one side as `by`
    owner_v = v == "me"
    with_ = np.where(owner_v, u, v)
    by = np.where(owner_v | (u == "me"), "", u)
    rng = np.random.default_rng(1)
    starter = np.where(rng.random(len(u)) < 0.5, u, v)
    starter = np.where(starter == "me", "me", starter)
    frame = pd.DataFrame(
        {
            "date": inter["date"].dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "with": with_,
            "by": by,
            "channel": inter["channel"].to_numpy(),
            "notes": "",
            "started_by": starter,
        }
    )
    folder.mkdir(parents=True, exist_ok=True)
    frame.to_csv(folder / "interactions.csv", index=False)
    ids = sorted(set(ev["u"]) | set(ev["v"]) - {"me"})
    pd.DataFrame({"id": ids, "name": [f"Person {i}" for i in ids]}).to_csv(
        folder / "contacts.csv", index=False
    )
    (folder / "network.toml").write_text('[owner]\nid = "me"\n')
    return (inter["date"].max() + pd.Timedelta(days=1)).normalize()


def timed(label: str, fn: Callable[[], object]) -> object:
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"{label:<58} {wall:7.2f} s wall {cpu:7.2f} s CPU")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--keep", type=Path, help="write the folder here and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="tiegraph-cal-"))
    try:
        folder = root / "net"
        as_of = timed(
            f"write a folder of {args.interactions:,} interactions",
            lambda: write_network(folder, args.interactions, args.people),
        )
        toml = folder / "network.toml"
        base = toml.read_text()
        toml.write_text(base + "[strength]\nauto_calibrate = false\n")
        G = timed(
            "load_network, auto_calibrate = false (the yardstick)",
            lambda: tiegraph.load_network(folder, as_of=as_of),
        )
        print(f"  {G.number_of_nodes():,} people, {G.number_of_edges():,} ties")
        events = evidence_events(tiegraph.read_folder(folder), as_of=as_of)
        cal = timed(
            "the fit alone (calibrate_events)", lambda: calibrate_events(events, as_of=as_of)
        )
        print(f"  {cal.reason}")
        toml.write_text(base)
        timed(
            "load_network, calibration on, no cache (fits, writes it)",
            lambda: tiegraph.load_network(folder, as_of=as_of),
        )
        print(f"  cache written: {cache_path(folder, 'calibration').exists()}")
        timed(
            "load_network again (the fit from the cache)",
            lambda: tiegraph.load_network(folder, as_of=as_of),
        )
        with (folder / "interactions.csv").open("a") as fh:
            fh.write(f"{as_of - pd.Timedelta(hours=1):%Y-%m-%dT%H:%M:%SZ},p000001,,call,,\n")
        timed(
            "load_network after one more interaction (fits again)",
            lambda: tiegraph.load_network(folder, as_of=as_of),
        )
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
