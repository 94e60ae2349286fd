"""Importing a large vCard file and a large calendar, against a LinkedIn export of as many records.

    python bench/large_import_bench.py [--records 100000]

Generates (in a temporary folder, never in the repository) ``--records``
LinkedIn connections (``bench/import_bench.py``'s generator), vCards (one person
each, as a phone exports an address book: a name, an email, a phone, an
organisation and a title) and calendar events (``bench/ics_bench.py``'s), then
imports each into a new folder with :func:`tiegraph.import_into` (reading, identity resolution,
writing the folder) and prints the CPU time per record, its reading part,
and the ratio to LinkedIn's. Issue 15's target: vCard and calendar imports
within 2x of the LinkedIn import per record. CPU time is measured because
the machine may be shared.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from ics_bench import make_ics
from import_bench import make_linkedin

import tiegraph
from tiegraph.importing import import_into

READERS = {
    "linkedin": tiegraph.read_linkedin,
    "vcard": tiegraph.read_vcard,
    "ics": tiegraph.read_ics,
}


def make_vcards(path: Path, n: int, rng: random.Random) -> None:
    """Write ``n`` vCards of different people (names may repeat; emails and phones do not)."""
    first = ["Ana", "Bo", "Chidi", "Dana", "Eli", "Fatima", "Gus", "Hana", "Ines", "Jamal"]
    last = ["Ito", "Kowalski", "Lima", "Mensah", "Nagy", "Okafor", "Park", "Quist", "Rossi"]
    cards = []
    for i in range(n):
        f, la = rng.choice(first), f"{rng.choice(last)}-{i}"
        cards.append(
            "BEGIN:VCARD\r\nVERSION:3.0\r\n"
            f"N:{la};{f};;;\r\nFN:{f} {la}\r\n"
            f"EMAIL;TYPE=INTERNET:p{i}@example.org\r\n"
            f"TEL;TYPE=CELL:+1 415 {i // 10000 % 900 + 100:03d} {i % 10000:04d}\r\n"
            f"ORG:Org {rng.randrange(3000)}\r\nTITLE:Analyst\r\nEND:VCARD\r\n"
        )
    path.write_text("".join(cards), encoding="utf-8")


def _cpu(fn: object) -> float:
    start = time.process_time()
    fn()  # type: ignore[operator]
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    args = parser.parse_args(argv)
    n = args.records
    until = pd.Timestamp("2030-01-01", tz="UTC")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        files = {
            "linkedin": Path(tmp) / "Connections.csv",
            "vcard": Path(tmp) / "contacts.vcf",
            "ics": Path(tmp) / "calendar.ics",
        }
        make_linkedin(files["linkedin"], n, np.random.default_rng(0))
        make_vcards(files["vcard"], n, random.Random(0))
        make_ics(files["ics"], n)
        for kind, path in files.items():
            options = {"until": until} if kind == "ics" else {}
            read = _cpu(
                lambda kind=kind, path=path, options=options: READERS[kind](path, **options)
            )
            folder = Path(tmp) / f"net-{kind}"
            whole = _cpu(
                lambda kind=kind, path=path, folder=folder: import_into(folder, kind, path)
            )
            rows.append((kind, read, whole))
    base = rows[0][2] / n
    print(
        f"{'import':10} {'records':>9} {'read CPU s':>11} {'import CPU s':>13} {'us/record':>10} "
        f"{'x LinkedIn':>11}"
    )
    for kind, read, whole in rows:
        per = whole / n
        print(f"{kind:10} {n:9,} {read:11.2f} {whole:13.2f} {per * 1e6:10.1f} {per / base:11.2f}")
    worst = max(whole / n / base for _, _, whole in rows)
    print(
        f"target: vCard and calendar imports within 2x of LinkedIn per record: "
        f"{'met' if worst <= 2 else 'NOT met'} ({worst:.2f}x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
