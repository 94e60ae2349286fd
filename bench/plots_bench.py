"""Time the figures of tiegraph.plots on a graph, and the history the graph carries for them.

    python bench/plots_bench.py [--interactions 1000000] [--people 20000] [--log PATH]

Two network folders, each loaded once with :func:`tiegraph.load_network`:

- the synthetic log of ``bench/strength_bench.py`` (``--interactions``
  interactions among ``--people`` people, the owner among them);
- a real messaging log (``src dst time`` lines, SNAP's CollegeMsg by default,
  ``../shared/data/CollegeMsg.txt``; skipped when absent), its most active
  person taken as the owner.

For each: the load, the size of the evidence table the graph keeps for the
figures (``G.graph["events"]``, deep memory), and each figure made from the
graph alone: a tie over time for the owner's busiest tie and for a quiet one
(60 points plus every interaction date), the numbers behind it
(``strength_history`` at 60 dates), and the three whole-network figures.
Prints wall-clock and CPU seconds (the machine is shared: CPU time is the
steadier figure).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from calibration_bench import write_network

import tiegraph
from tiegraph import plots

matplotlib.use("Agg")

DEFAULT_LOG = Path(__file__).resolve().parents[2] / "shared" / "data" / "CollegeMsg.txt"


def timed(label: str, fn: Callable[[], object]) -> object:
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"  {label:<56} {wall:7.2f} s wall {cpu:7.2f} s CPU")
    return out


def write_log_folder(log: Path, folder: Path) -> None:
    """Write a ``src dst time`` log as a network folder, its most active person as the owner."""
    raw = pd.read_csv(log, sep=r"\s+", usecols=[0, 1, 2], header=0, names=["src", "dst", "time"])
    raw = raw[raw["src"] != raw["dst"]]
    busiest = pd.concat([raw["src"], raw["dst"]]).value_counts().index[0]
    src = np.where(raw["src"] == busiest, "me", "p" + raw["src"].astype(str))
    dst = np.where(raw["dst"] == busiest, "me", "p" + raw["dst"].astype(str))
    # the owner's messages, either way, have an empty `by` and the other person in `with`
    to_owner = dst == "me"
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(raw["time"], unit="s", utc=True).dt.strftime(
                "%Y-%m-%dT%H:%M:%SZ"
            ),
            "with": np.where(to_owner, src, dst),
            "by": np.where(to_owner | (src == "me"), "", src),
            "channel": "message",
            "notes": "",
            "started_by": src,
        }
    )
    folder.mkdir(parents=True, exist_ok=True)
    frame.to_csv(folder / "interactions.csv", index=False)
    ids = sorted((set(src) | set(dst)) - {"me"})
    pd.DataFrame({"id": ids, "name": [f"Person {i}" for i in ids]}).to_csv(
        folder / "contacts.csv", index=False
    )
    (folder / "network.toml").write_text('[owner]\nid = "me"\n')


def run(label: str, folder: Path, as_of: object) -> None:
    print(f"{label}")
    G = timed("load_network", lambda: tiegraph.load_network(folder, as_of=as_of))
    events = G.graph["events"]
    mib = events.memory_usage(deep=True).sum() / 2**20
    print(
        f"  {G.number_of_nodes():,} people, {G.number_of_edges():,} ties, "
        f"{len(events):,} evidence rows kept on the graph: {mib:,.0f} MiB"
    )
    me = G.graph["me"]
    mine = sorted(G[me], key=lambda n: (G[me][n]["n_interactions"], str(n)))
    busiest, quiet = mine[-1], mine[len(mine) // 2]
    n_busy = G[me][busiest]["n_interactions"]
    timed(
        f"tie_strength_over_time, busiest tie ({n_busy:,} interactions)",
        lambda: plots.tie_strength_over_time(G, busiest),
    )
    timed(
        f"tie_strength_over_time, a middle tie ({G[me][quiet]['n_interactions']:,})",
        lambda: plots.tie_strength_over_time(G, quiet),
    )
    dates = pd.date_range(end=G.graph["as_of"], periods=60, freq="7D")
    timed(
        "strength_history, busiest tie, 60 dates",
        lambda: plots.strength_history(G, me, busiest, dates=dates),
    )
    timed("strength_distribution", lambda: plots.strength_distribution(G))
    timed("dormant_scatter", lambda: plots.dormant_scatter(G))
    timed("org_reach", lambda: plots.org_reach(G))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--log", type=Path, default=DEFAULT_LOG)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="tiegraph-plots-"))
    try:
        synthetic = root / "synthetic"
        as_of = write_network(synthetic, args.interactions, args.people)
        run(f"synthetic log, {args.interactions:,} interactions", synthetic, as_of)
        if args.log.exists():
            real = root / "log"
            write_log_folder(args.log, real)
            last = pd.read_csv(real / "interactions.csv", usecols=["date"])["date"].max()
            run(f"{args.log.name}", real, pd.Timestamp(last).normalize() + pd.Timedelta(days=1))
        else:
            print(f"{args.log} is absent: the real log is skipped")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
