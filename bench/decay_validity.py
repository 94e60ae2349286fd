"""Does tie strength predict who will be in touch? ROC AUC on a real messaging log.

    python bench/decay_validity.py [LOG] [--cutoff DATE | --at FRACTION ...] [--horizon-days 30]

LOG is a timestamped log of ``src dst time`` rows (Unix seconds), such as
SNAP's CollegeMsg (default: ``../shared/data/CollegeMsg.txt`` beside the
repository). At each cut-off, every pair that interacted before it gets:

- tiegraph's strength, with the model calibrated (tiegraph.calibration) on
  the history before the cut-off only: nothing after the cut-off is seen;
- baseline "recency": minus the days since the pair's last contact;
- baseline "count": the number of past contacts;
- baseline "exp decay (best)": the sum of contacts faded with one fixed
  half-life, the best of 3, 7, 14, 30 and 60 days *chosen on the answer*
  (an optimistic baseline).

Each is scored by the ROC AUC for "this pair interacts within the horizon
after the cut-off". The default cut-off is the middle of the log's time
span; ``--at 0.25 0.5 0.75`` runs several, as fractions of the span.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from tiegraph import schema as S
from tiegraph.calibration import calibrate_events, roc_auc
from tiegraph.strength import tie_strengths

DEFAULT_LOG = Path(__file__).resolve().parents[2] / "shared" / "data" / "CollegeMsg.txt"


def load_events(path: Path) -> pd.DataFrame:
    log = pd.read_csv(path, sep=r"\s+", dtype={"src": str, "dst": str, "time": np.int64})
    log = log[log["src"] != log["dst"]]
    u = np.where(log["src"] < log["dst"], log["src"], log["dst"])
    v = np.where(log["src"] < log["dst"], log["dst"], log["src"])
    return pd.DataFrame(
        {
            "u": u,
            "v": v,
            "kind": S.EV_INTERACTION,
            "date": pd.to_datetime(log["time"].to_numpy(), unit="s", utc=True),
            "channel": "message",
            "value": np.nan,
            "file": path.name,
            "line": np.arange(2, len(log) + 2),
        }
    )


def evaluate(events: pd.DataFrame, cut: pd.Timestamp, horizon: float) -> dict[str, object]:
    before = events[events["date"] < cut]
    after = events[(events["date"] >= cut) & (events["date"] < cut + pd.Timedelta(days=horizon))]
    future = pd.MultiIndex.from_arrays([after["u"], after["v"]]).unique()
    grouped = before.groupby(["u", "v"])["date"]
    pairs = grouped.max().index
    label = pairs.isin(future)
    days = ((cut - before["date"]) / pd.Timedelta(days=1)).to_numpy()
    row: dict[str, object] = {
        "cut-off": f"{cut:%Y-%m-%d}",
        "pairs": len(pairs),
        "in touch after": int(label.sum()),
    }
    started = time.perf_counter()
    cal = calibrate_events(before, as_of=cut, horizon_days=horizon)
    ties = tie_strengths(before, as_of=cut, params=cal.params, now=cut, peak=False)
    ties = ties.set_index(["u", "v"]).reindex(pairs)
    row["tiegraph strength"] = roc_auc(ties["strength"].to_numpy(), label)
    row["fit"] = (
        f"h0={cal.params.half_life_days:g}d rhythm={cal.params.rhythm_factor:g} "
        f"activity={cal.params.activity_factor:g}"
        if cal.fitted
        else "defaults"
    )
    row["fit s"] = round(time.perf_counter() - started, 1)
    row["recency"] = roc_auc(-((cut - grouped.max()) / pd.Timedelta(days=1)).to_numpy(), label)
    row["count"] = roc_auc(grouped.size().to_numpy(), label)
    best, best_h = -1.0, None
    for h in (3, 7, 14, 30, 60):
        faded = (
            pd.Series(np.exp2(-days / h))
            .groupby([before["u"].to_numpy(), before["v"].to_numpy()])
            .sum()
            .reindex(pairs)
        )
        auc = roc_auc(faded.to_numpy(), label)
        if auc > best:
            best, best_h = auc, h
    row["exp decay (best)"] = best
    row["best h"] = best_h
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", nargs="?", type=Path, default=DEFAULT_LOG)
    parser.add_argument("--cutoff", help="cut-off date (YYYY-MM-DD)")
    parser.add_argument(
        "--at",
        nargs="+",
        type=float,
        default=[0.5],
        help="cut-offs as fractions of the log's time span (default 0.5)",
    )
    parser.add_argument("--horizon-days", type=float, default=30.0)
    args = parser.parse_args()
    if not args.log.exists():
        print(f"decay_validity: {args.log} not found; nothing to measure", file=sys.stderr)
        return 0
    events = load_events(args.log)
    start, end = events["date"].min(), events["date"].max()
    cuts = (
        [pd.Timestamp(args.cutoff, tz="UTC")]
        if args.cutoff
        else [start + (end - start) * f for f in args.at]
    )
    rows = [evaluate(events, cut, args.horizon_days) for cut in cuts]
    table = pd.DataFrame(rows)
    table["beats all"] = table["tiegraph strength"] > table[
        ["recency", "count", "exp decay (best)"]
    ].max(axis=1)
    print(
        f"{args.log.name}: {len(events):,} interactions, {start:%Y-%m-%d} to {end:%Y-%m-%d}; "
        f"ROC AUC for 'in touch within {args.horizon_days:g} days after the cut-off'"
    )
    with pd.option_context(
        "display.width", 200, "display.max_columns", 20, "display.float_format", "{:.4f}".format
    ):
        print(table.to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
