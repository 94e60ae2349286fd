"""Reading, checking, loading and writing a large network folder.

    python bench/load_bench.py [--contacts 30000] [--interactions 1000000] [--keep DIR]

Generates (in a temporary folder, never in the repository) a network folder
with NumPy: ``contacts.csv`` (ids, names, organisations, titles, emails,
dates connected), ``introductions.csv`` and ``interactions.csv`` (dates to
the second over five years, channels, notes; a fifth of the rows between you
and a contact, the rest between two contacts as a log import writes them, a
few meetings of several people; heavy-tailed, as such logs are). Then it
measures, each step in a fresh Python process so that its peak memory
(``ru_maxrss``) is its own:

1. ``pd.read_csv`` of the three tables (C parser, every cell as text): the
   speed of the files, the floor for the steps below;
2. ``read_folder(check=False)`` and ``read_folder`` (with the checks);
3. ``check_folder`` (every problem);
4. ``load_network`` (read, check, evidence, strengths, graph), the first
   time (the strength model's calibration is fitted and cached in the
   folder) and again (from the cache);
5. ``write_folder`` of the folder's tables into a new folder.

Seconds count from after ``import tiegraph`` (shown apart). Target (issue 13):
``load_network`` <= 3 s and <= 700 MB peak.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from import_bench import run as run_step

FIRST = ["Ana", "Bo", "Chidi", "Dana", "Eli", "Fatima", "Gus", "Hana", "Ines", "Jamal", "Kai"]
LAST = ["Lee", "Okafor", "Silva", "Nguyen", "Kowalski", "Haddad", "Ito", "Moreau", "Quispe"]
CHANNELS = ["in_person", "call", "video", "message", "email", "social"]
NOTES = ["", "", "", "follow-up on the opening", "coffee; talked about the campaign", "intro"]

# each step runs in a fresh process through import_bench's run (its own peak memory, VmHWM);
# these imports come before the step's clock starts
PRELUDE = """
import pandas as pd
from tiegraph.io.folder import read_folder, write_folder
t = time.perf_counter()
"""

READ_CSV = """
result = 0
for name in ("contacts.csv", "introductions.csv", "interactions.csv"):
    df = pd.read_csv({net!r} + "/" + name, dtype=str, keep_default_na=False, na_filter=False,
                     engine="c")
    result += len(df)
"""

#: (seconds, peak MB) targets of a step
TARGETS = {"load_network": (3.0, 700.0)}


def make_folder(net: Path, n_contacts: int, n_interactions: int, rng: np.random.Generator) -> None:
    """Write a network folder of ``n_contacts`` people and ``n_interactions`` interactions."""
    net.mkdir(parents=True)
    number = np.arange(n_contacts)
    ids = np.char.add("p", number.astype(str)).astype(object)
    first = rng.choice(FIRST, n_contacts)
    last = rng.choice(LAST, n_contacts)
    since = pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 3500, n_contacts), "D")
    contacts = pd.DataFrame(
        {
            "id": ids,
            "name": [f"{f} {b} {i}" for f, b, i in zip(first, last, number, strict=True)],
            "org": rng.choice([f"Org {i}" for i in range(3000)], n_contacts),
            "title": rng.choice(["Organizer", "Analyst", "Director", ""], n_contacts),
            "email": np.where(
                rng.random(n_contacts) < 0.3, np.char.add(ids.astype(str), "@ex.org"), ""
            ),
            "since": np.where(rng.random(n_contacts) < 0.8, since.strftime("%Y-%m-%d"), ""),
        }
    )
    contacts.to_csv(net / "contacts.csv", index=False)
    n_intro = n_contacts // 10
    intro = pd.DataFrame(
        {
            "person": rng.choice(ids, n_intro),
            "met_through": rng.choice(ids, n_intro),
            "to": "",
            "date": (
                pd.Timestamp("2019-01-01") + pd.to_timedelta(rng.integers(0, 1800, n_intro), "D")
            ).strftime("%Y-%m-%d"),
            "context": rng.choice(["2024 canvass", "conference", "dinner"], n_intro),
        }
    )
    intro = intro[intro["person"] != intro["met_through"]]
    intro.to_csv(net / "introductions.csv", index=False)
    n = n_interactions
    # heavy-tailed: a few people account for most of it; you are on a fifth of the rows
    who = rng.zipf(1.7, n) % n_contacts
    other = rng.integers(0, n_contacts, n)
    by = np.where(rng.random(n) < 0.2, "", ids[other])
    with_ = ids[who]
    meeting = np.flatnonzero(rng.random(n) < 0.03)
    size = rng.integers(2, 6, len(meeting))
    with_ = with_.copy()
    with_[meeting] = [";".join(rng.choice(ids, k, replace=False)) for k in size]
    when = pd.Timestamp("2019-01-01") + pd.to_timedelta(rng.integers(0, 5 * 365 * 86400, n), "s")
    interactions = pd.DataFrame(
        {
            "date": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "with": with_,
            "by": np.where(by == with_, "", by),
            "channel": rng.choice(CHANNELS, n),
            "notes": rng.choice(NOTES, n),
        }
    )
    interactions.sort_values("date").to_csv(net / "interactions.csv", index=False)
    (net / "network.toml").write_text('[owner]\nid = "me"\nname = "Me"\n', encoding="utf-8")


def run(code: str) -> dict:
    """Run one step (``code`` sets ``result``) in a fresh process; return its figures."""
    return run_step(PRELUDE + code)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=30_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, default=None, help="keep the folders in this folder")
    parser.add_argument("--as-of", default="2024-12-31")
    args = parser.parse_args()
    rng = np.random.default_rng(13)
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        net, out = base / "net", base / "written"
        if net.exists() or out.exists():
            raise SystemExit(f"{net} or {out} exists: remove it first")
        make_folder(net, args.contacts, args.interactions, rng)
        size_mb = sum(p.stat().st_size for p in net.glob("*.csv")) / 2**20
        load = (
            f"G = tiegraph.load_network({str(net)!r}, as_of={args.as_of!r})\n"
            "result = f'{G.number_of_nodes():,} people, {G.number_of_edges():,} ties'"
        )
        steps = [
            (
                "pd.read_csv (the files)",
                READ_CSV.format(net=str(net)) + "result = f'{result:,} rows'",
            ),
            (
                "read_folder(check=False)",
                f"d = read_folder({str(net)!r}, check=False)\n"
                "result = f'{len(d.interactions):,} interactions'",
            ),
            (
                "read_folder",
                f"d = read_folder({str(net)!r})\n"
                "result = f'{len(d.interactions):,} interactions'",
            ),
            (
                "check_folder",
                f"p = tiegraph.check_folder({str(net)!r})\nresult = f'{{len(p)}} problems'",
            ),
            ("load_network", load),
            ("load_network (calibration cached)", load),
            (
                "write_folder (new folder)",
                f"d = read_folder({str(net)!r})\n"
                "t = time.perf_counter()\n"
                f"write_folder(d, {str(out)!r})\n"
                "result = f'write alone {time.perf_counter() - t:.2f} s'",
            ),
        ]
        rows = [(name, run(code)) for name, code in steps]
    print(
        f"folder: {args.contacts:,} contacts, {args.interactions:,} interactions, "
        f"{size_mb:.0f} MB of CSV"
    )
    print(f"{'step':36} {'seconds':>8} {'import':>7} {'peak MB':>8}  result")
    ok = True
    for name, r in rows:
        text = "FAILED: " + r["error"] if r.get("error") else r["result"]
        print(
            f"{name:36} {r['seconds']:8.2f} {r['import_seconds']:7.2f} {r['peak_mb']:8.0f}  {text}"
        )
        seconds, mb = TARGETS.get(name, (None, None))
        if seconds is not None:
            ok = ok and not r.get("error") and r["seconds"] <= seconds and r["peak_mb"] <= mb
    print("target (load_network <= 3 s and <= 700 MB):", "met" if ok else "NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
