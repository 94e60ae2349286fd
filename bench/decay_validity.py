"""Does tie strength predict who will be in touch? ROC AUC on a real messaging log.

    python bench/decay_validity.py [LOG] [--cutoff DATE | --at FRACTION ...] [--horizon-days 30]

LOG is a timestamped log of ``src dst time`` rows (Unix seconds, a header
line, whitespace-separated), such as SNAP's CollegeMsg (default:
``../shared/data/CollegeMsg.txt`` beside the repository; the script says so
and exits 0 when it is absent). Pairs are unordered: every pair of people
that exchanged a message is a tie (the owner is not in such a log); the
sender of each message started it (``started_by``), so the model sees
direction.

At each cut-off, every pair that interacted before it is scored with:

- ``defaults``: tiegraph's strength with the documented default parameters
  (no setting chosen for the log: the automatic base half-life comes from
  the log's own tempo);
- ``calibrated``: tiegraph's strength calibrated
  (:func:`tiegraph.calibration.calibrate_events`, as ``load_network`` does
  by default) on the history before the cut-off only;
- ``logit before``: a logistic regression (NumPy Newton iterations, a small
  ridge) on the features below, fitted at ``cut-off - horizon`` with the
  answers known by the cut-off, then applied at the cut-off: a learned
  model with the same information as the others;
- ``logit 40%``: the same regression fitted once on the first 40 % of the
  log (at 40 % of its span minus the horizon) and applied at every cut-off;
- ``logit ceiling``: the same regression fitted *on the answer* at the
  cut-off (in-sample: an optimistic ceiling for these features);
- ``recency``: minus the days since the pair's last contact;
- ``count``: the number of past contacts;
- ``exp decay (best)``: contacts faded with one fixed half-life, the best of
  3, 7, 14, 30 and 60 days *chosen on the answer* (optimistic).

The regression's features, per pair: log days since the last contact, log
count, log of the contacts faded with half-lives 1, 3, 7, 14, 30, 60 and
120 days, log tie age, reciprocity (fewer / more messages of the two
directions) and whether both wrote, and the log degree (people in touch
with) of the less and of the more connected of the two.

Each is scored by the ROC AUC (rank-based, ties counted half) for "this pair
interacts within the horizon after the cut-off". The default cut-offs are
25, 40, 50, 60 and 75 % of the log's time span (``--at``); ``--cutoff`` sets
one date instead. One table is printed, one row per cut-off, then the
target: at 60 %, the defaults at least the regression's AUC.
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
DEFAULT_AT = (0.25, 0.4, 0.5, 0.6, 0.75)
FIXED_HALF_LIVES = (3, 7, 14, 30, 60)
FEATURE_HALF_LIVES = (1, 3, 7, 14, 30, 60, 120)
TARGET_AT = 0.6


def load_events(path: Path) -> pd.DataFrame:
    """Read a ``src dst time`` log into the evidence table of the strength model."""
    log = pd.read_csv(
        path,
        sep=r"\s+",
        usecols=[0, 1, 2],
        header=0,
        names=["src", "dst", "time"],
        dtype={"src": str, "dst": str, "time": np.int64},
    )
    log = log[log["src"] != log["dst"]]
    src, dst = log["src"].to_numpy(dtype=object), log["dst"].to_numpy(dtype=object)
    swap = src > dst
    return pd.DataFrame(
        {
            "u": np.where(swap, dst, src),
            "v": np.where(swap, src, dst),
            "kind": S.EV_INTERACTION,
            "date": pd.to_datetime(log["time"].to_numpy(), unit="s", utc=True),
            "channel": "message",
            "value": np.nan,
            "file": path.name,
            "line": log.index.to_numpy() + 2,
            S.STARTED_BY: src,  # the sender started each message
        }
    )


# --- the logistic regression -------------------------------------------------------------


def features(
    events: pd.DataFrame, cut: pd.Timestamp, horizon: float
) -> tuple[pd.DataFrame, np.ndarray]:
    """Return the regression's features of every pair seen before ``cut``, and its answers."""
    before = events[events["date"] < cut]
    after = events[(events["date"] >= cut) & (events["date"] < cut + pd.Timedelta(days=horizon))]
    pair, pairs = pd.factorize(pd.MultiIndex.from_arrays([before["u"], before["v"]]))
    n = len(pairs)
    age = ((cut - before["date"]) / pd.Timedelta(days=1)).to_numpy()
    count = np.bincount(pair, minlength=n)
    last = np.full(n, np.inf)
    np.minimum.at(last, pair, age)
    first = np.zeros(n)
    np.maximum.at(first, pair, age)
    f = {"recency": np.log1p(last), "count": np.log1p(count), "age": np.log1p(first)}
    for h in FEATURE_HALF_LIVES:
        f[f"faded {h}"] = np.log1p(np.bincount(pair, weights=np.exp2(-age / h), minlength=n))
    from_u = (before[S.STARTED_BY] == before["u"]).to_numpy()
    by_u = np.bincount(pair, weights=from_u, minlength=n)
    by_v = count - by_u
    f["reciprocity"] = np.minimum(by_u, by_v) / np.maximum(by_u, by_v)
    f["both wrote"] = ((by_u > 0) & (by_v > 0)).astype(float)
    u = pairs.get_level_values(0).to_numpy()
    v = pairs.get_level_values(1).to_numpy()
    degree = pd.Series(np.concatenate([u, v])).value_counts()
    du, dv = degree.reindex(u).to_numpy(), degree.reindex(v).to_numpy()
    f["degree min"] = np.log1p(np.minimum(du, dv))
    f["degree max"] = np.log1p(np.maximum(du, dv))
    future = pd.MultiIndex.from_arrays([after["u"], after["v"]])
    return pd.DataFrame(f, index=pairs), pairs.isin(future)


def fit_logistic(X: np.ndarray, y: np.ndarray, ridge: float = 1e-3) -> np.ndarray:
    """Return the weights of a ridge logistic regression (standardised features, Newton steps)."""
    mean, std = X.mean(axis=0), X.std(axis=0)
    std[std == 0] = 1.0
    Z = np.c_[np.ones(len(X)), (X - mean) / std]
    w = np.zeros(Z.shape[1])
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-Z @ w))
        grad = Z.T @ (y - p) - ridge * w
        hess = (Z * (p * (1 - p))[:, None]).T @ Z + ridge * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w += step
        if np.abs(step).max() < 1e-9:
            break
    return np.r_[w, mean, std]


def predict_logistic(model: np.ndarray, X: np.ndarray) -> np.ndarray:
    """Return the regression's score (log-odds) of each row."""
    k = X.shape[1]
    w, mean, std = model[: k + 1], model[k + 1 : 2 * k + 1], model[2 * k + 1 :]
    return w[0] + ((X - mean) / std) @ w[1:]


# --- one cut-off -------------------------------------------------------------------------


def evaluate(
    events: pd.DataFrame, cut: pd.Timestamp, horizon: float, early: np.ndarray
) -> dict[str, object]:
    """Return one table row: every score's AUC at one cut-off (``early``: the 40 % regression)."""
    before = events[events["date"] < cut]
    X, label = features(events, cut, horizon)
    pairs = X.index
    row: dict[str, object] = {
        "cut-off": f"{cut:%Y-%m-%d}",
        "pairs": len(pairs),
        "in touch": int(label.sum()),
    }
    ties = tie_strengths(before, as_of=cut, now=cut, peak=False)
    row["defaults"] = roc_auc(ties.set_index(["u", "v"])["strength"].reindex(pairs), label)
    started = time.perf_counter()
    cal = calibrate_events(before, as_of=cut, horizon_days=horizon)
    row["fit s"] = round(time.perf_counter() - started, 1)
    ties = tie_strengths(before, as_of=cut, params=cal.params, now=cut, peak=False)
    row["calibrated"] = roc_auc(ties.set_index(["u", "v"])["strength"].reindex(pairs), label)
    known = events[events["date"] < cut]  # the answers of the training cut-off, no later
    X_train, y_train = features(known, cut - pd.Timedelta(days=horizon), horizon)
    model = fit_logistic(X_train.to_numpy(), y_train)
    row["logit before"] = roc_auc(predict_logistic(model, X.to_numpy()), label)
    row["logit 40%"] = roc_auc(predict_logistic(early, X.to_numpy()), label)
    ceiling = fit_logistic(X.to_numpy(), label)
    row["logit ceiling"] = roc_auc(predict_logistic(ceiling, X.to_numpy()), label)
    days = ((cut - before["date"]) / pd.Timedelta(days=1)).to_numpy()
    keys = [before["u"].to_numpy(), before["v"].to_numpy()]
    last = pd.Series(days).groupby(keys).min().reindex(pairs)
    row["recency"] = roc_auc(-last.to_numpy(), label)
    row["count"] = roc_auc(np.expm1(X["count"].to_numpy()), label)
    best, best_h = -1.0, None
    for h in FIXED_HALF_LIVES:
        faded = pd.Series(np.exp2(-days / h)).groupby(keys).sum().reindex(pairs)
        auc = roc_auc(faded.to_numpy(), label)
        if auc > best:
            best, best_h = auc, h
    row["exp decay (best)"] = best
    row["best h"] = best_h
    row["fit"] = (
        " ".join(
            f"{k.split('_')[0]}={'auto' if v is None else f'{v:g}'}"
            for k, v in cal.params.fitted().items()
        )
        if cal.fitted
        else f"defaults ({cal.reason.split(';')[0]})"
    )
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", nargs="?", type=Path, default=DEFAULT_LOG)
    parser.add_argument("--cutoff", help="one cut-off date (YYYY-MM-DD) instead of --at")
    parser.add_argument(
        "--at",
        nargs="+",
        type=float,
        default=list(DEFAULT_AT),
        help="cut-offs as fractions of the log's time span (default 0.25 0.4 0.5 0.6 0.75)",
    )
    parser.add_argument("--horizon-days", type=float, default=30.0)
    args = parser.parse_args(argv)
    if not args.log.exists():
        print(f"decay_validity: {args.log} not found; nothing to measure (skipped)")
        return 0
    events = load_events(args.log)
    start, end = events["date"].min(), events["date"].max()
    cuts = (
        [pd.Timestamp(args.cutoff, tz="UTC")]
        if args.cutoff
        else [(start + (end - start) * f).normalize() for f in args.at]
    )
    horizon = args.horizon_days
    at40 = (start + (end - start) * 0.4).normalize() - pd.Timedelta(days=horizon)
    X40, y40 = features(events[events["date"] < at40 + pd.Timedelta(days=horizon)], at40, horizon)
    early = fit_logistic(X40.to_numpy(), y40)
    table = pd.DataFrame([evaluate(events, cut, horizon, early) for cut in cuts])
    print(
        f"{args.log.name}: {len(events):,} interactions, {start:%Y-%m-%d} to {end:%Y-%m-%d}. "
        f"ROC AUC for 'the pair interacts within {horizon:g} days after the cut-off'"
    )
    with pd.option_context(
        "display.width",
        250,
        "display.max_columns",
        30,
        "display.max_colwidth",
        80,
        "display.float_format",
        "{:.4f}".format,
    ):
        print(table.to_string(index=False))
    print(
        "mean over the cut-offs: "
        + ", ".join(
            f"{c} {table[c].mean():.4f}"
            for c in ("defaults", "calibrated", "logit before", "logit 40%", "logit ceiling")
        )
    )
    if not args.cutoff and TARGET_AT in args.at:
        r = table.iloc[list(args.at).index(TARGET_AT)]
        ok = r["defaults"] >= r["logit before"]
        print(
            f"target at {TARGET_AT:.0%}: defaults {r['defaults']:.4f} vs the regression fitted "
            f"before the cut-off {r['logit before']:.4f}, on the first 40 % {r['logit 40%']:.4f}, "
            f"in-sample ceiling {r['logit ceiling']:.4f}: {'met' if ok else 'NOT met'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
