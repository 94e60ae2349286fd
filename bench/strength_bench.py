"""Time the tie-strength model on a synthetic 1,000,000-interaction log.

    python bench/strength_bench.py [--interactions 1000000] [--people 20000] [--repeat 3]

The log: an owner and ``--people`` contacts over three years; each
interaction is the owner with one contact (80 %) or two contacts with each
other (20 %), contacts drawn with heavy-tailed popularity (Zipf-like), one
of six channels, plus a listed-contact row per contact and a closeness
rating for one in ten; who started each interaction is one side or the
other at random (so the direction terms do their work). It times
:func:`tiegraph.strength.tie_strengths` (strength, peak strength, rhythm,
half-life, shared contacts, attention, reciprocity and unanswered runs of
every tie, as of the last day) and, separately, :func:`tiegraph.calibration.
calibrate_events` on the same events. Wall-clock and CPU seconds are both
printed (the machine may be shared: CPU time is the steadier figure).
Target: tie_strengths under 2 s.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
import pandas as pd

from tiegraph import schema as S
from tiegraph.calibration import calibrate_events
from tiegraph.strength import DEFAULT_CHANNEL_WEIGHTS, tie_strengths


def synthetic_events(n: int, people: int, *, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    ids = np.array([f"p{i:06d}" for i in range(people)], dtype=object)
    weights = 1.0 / np.arange(1, people + 1) ** 0.8
    weights /= weights.sum()
    a = rng.choice(people, size=n, p=weights)
    b = rng.choice(people, size=n, p=weights)
    owner = rng.random(n) < 0.8
    u = np.where(owner, "me", ids[a]).astype(object)
    v = ids[b]
    same = u == v
    v[same] = ids[(b[same] + 1) % people]
    swap = u > v
    u, v = np.where(swap, v, u), np.where(swap, u, v)
    start = pd.Timestamp("2023-01-01", tz="UTC")
    dates = start + pd.to_timedelta(np.sort(rng.uniform(0, 3 * 365, size=n)), unit="D")
    channels = np.array(list(DEFAULT_CHANNEL_WEIGHTS), dtype=object)
    inter = pd.DataFrame(
        {
            "u": u,
            "v": v,
            "kind": S.EV_INTERACTION,
            "date": dates,
            "channel": channels[rng.integers(0, len(channels), size=n)],
            "value": np.nan,
            "file": S.INTERACTIONS.file,
            "line": np.arange(2, n + 2),
            S.STARTED_BY: np.where(rng.random(n) < 0.5, u, v),
        }
    )
    rated = ids[::10]
    manual = pd.DataFrame(
        {
            "u": np.r_[
                np.full(people, "me", dtype=object), np.full(len(rated), "me", dtype=object)
            ],
            "v": np.r_[ids, rated],
            "kind": [S.EV_CONTACT] * people + [S.EV_CLOSENESS] * len(rated),
            "date": pd.NaT,
            "channel": "",
            "value": np.r_[np.full(people, np.nan), rng.integers(1, 6, len(rated))],
            "file": S.CONTACTS.file,
            "line": 0,
            S.STARTED_BY: "",
        }
    )
    manual["date"] = pd.to_datetime(manual["date"], utc=True)
    # "me" sorts after the "p..." ids: put each pair in order
    m_u, m_v = manual["u"].to_numpy(dtype=object), manual["v"].to_numpy(dtype=object)
    sw = m_u > m_v
    manual["u"], manual["v"] = np.where(sw, m_v, m_u), np.where(sw, m_u, m_v)
    return pd.concat([inter, manual], ignore_index=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    t0 = time.perf_counter()
    events = synthetic_events(args.interactions, args.people)
    print(
        f"generated {len(events):,} evidence rows ({args.interactions:,} interactions, "
        f"{args.people:,} people) in {time.perf_counter() - t0:.1f} s"
    )
    as_of = events["date"].max()
    now = as_of + pd.Timedelta(days=1)
    times, cpus = [], []
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        ties = tie_strengths(events, as_of=as_of, now=now)
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    print(
        f"tie_strengths: {len(ties):,} ties; best {min(times):.2f} s wall, {min(cpus):.2f} s CPU; "
        f"runs {', '.join(f'{t:.2f}' for t in times)} s (target < 2 s)"
    )
    t0, c0 = time.perf_counter(), time.process_time()
    cal = calibrate_events(events, as_of=as_of)
    print(
        f"calibrate_events: {time.perf_counter() - t0:.1f} s wall, "
        f"{time.process_time() - c0:.1f} s CPU ({cal.reason})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
