"""Fuzz every importer and the network folder; print a table per target (issue 15).

    python bench/fuzz.py [--n 10000] [--targets linkedin vcard google ics interactions folder]
                         [--seed 0] [--save DIR] [--limit 60] [--jobs 2]

For each target, ``--n`` inputs are drawn from the hypothesis strategies in
``tests/fuzz_strategies.py`` (hostile text, extreme dates, truncations, byte
flips, unbalanced quotes, duplicated and missing columns, encodings, huge
fields) and run through the checks of ``tests/_fuzz.py``: each importer
imports into a new folder or into a small existing one (every other input),
then ``check``, the analysis commands and a second import run; each folder
gets ``check``, the analysis commands, ``tiegraph add`` and a rewrite. The
table counts inputs, clean successes, clean refusals, tracebacks, partial
writes, silent losses, broken folders, non-idempotent imports and refusals
that name a folder file instead of the input, and hangs (an input still
running after ``--limit`` seconds, default 60, is stopped and counted).
``--save DIR`` keeps every input that broke a promise. The target is 0 in every column after the
third. ``--jobs N`` splits each target's inputs over N processes, each drawing from its own seed
(``seed``, ``seed + 1000``, ...); the column "distinct" counts the inputs whose bytes (and options)
differ, since two processes can draw the same small input. Temporary folders go to /dev/shm when it
exists.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import multiprocessing
import shutil
import signal
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from _fuzz import COLUMNS, Outcome, Tally, run_folder, run_import
from fuzz_strategies import IMPORTERS, FuzzFolder, folders
from hypothesis import HealthCheck, Phase, given, seed, settings

TARGETS = (*IMPORTERS, "folder")


class Hang(BaseException):
    """An input ran over the time limit (a BaseException: no ``except Exception`` stops it)."""


def _alarm(signum: int, frame: object) -> None:
    raise Hang


#: A small, valid folder some imports go into (so that merges and job changes happen).
BASE = FuzzFolder(
    files={
        "contacts.csv": (
            b"id,name,org,title,email,since\n"
            b"ann-lee,Ann Lee,Acme,Engineer,fz0@example.org,2020-01-01\n"
            b"bob-ray,Bob Ray,Bolt,,bob@example.org,\n"
            b"p1,p1,,,,\n"
        ),
        "interactions.csv": b"date,with,by,channel,notes\n2024-01-05,ann-lee,,call,hello\n",
        "introductions.csv": b"person,met_through,to,date,context\n",
        "network.toml": b'[owner]\nid = "me"\nname = "Me"\n',
    }
)


def _scratch() -> Path:
    shm = Path("/dev/shm")
    return Path(tempfile.mkdtemp(prefix="tiegraph-fuzz-", dir=shm if shm.is_dir() else None))


def fuzz(
    target: str, n: int, *, start_seed: int = 0, save: Path | None = None, limit: float = 60
) -> Tally:
    """Run ``n`` inputs of one target (each stopped after ``limit`` seconds); return the tally."""
    tally = Tally()
    tally.digests = set()  # type: ignore[attr-defined]
    strategy = folders() if target == "folder" else IMPORTERS[target]
    count = [0]

    @seed(start_seed)
    @settings(
        max_examples=n,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def one(inp: object) -> None:
        count[0] += 1
        work = _scratch()
        try:
            signal.signal(signal.SIGALRM, _alarm)
            signal.setitimer(signal.ITIMER_REAL, limit)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    if target == "folder":
                        outcome = run_folder(inp, work)  # type: ignore[arg-type]
                    else:
                        base = BASE if count[0] % 2 else None
                        outcome = run_import(inp, work, base)  # type: ignore[arg-type]
            except Hang:
                outcome = Outcome("hang", detail=f"still running after {limit:g} s")
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            tally.add(outcome, inp.describe())  # type: ignore[attr-defined]
            tally.digests.add(_digest(inp))  # type: ignore[attr-defined]
            if save is not None and outcome.bad:
                keep = save / target / f"{count[0]:06d}"
                keep.mkdir(parents=True, exist_ok=True)
                (keep / "outcome.txt").write_text(f"{inp.describe()}\n{outcome.detail}\n")  # type: ignore[attr-defined]
                if target == "folder":
                    inp.write(keep / "net")  # type: ignore[attr-defined]
                else:
                    inp.write(keep)  # type: ignore[attr-defined]
        finally:
            shutil.rmtree(work, ignore_errors=True)

    one()
    return tally


def _digest(inp: object) -> str:
    """A fingerprint of one input's bytes (and options), to count distinct inputs."""
    h = hashlib.sha1()
    files = getattr(inp, "files", None)
    if files is not None:
        for name in sorted(files):
            h.update(name.encode() + b"\0" + files[name] + b"\0")
    else:
        h.update(f"{inp.kind}|{inp.name}|{sorted(inp.options.items())}".encode())  # type: ignore[attr-defined]
        h.update(inp.data)  # type: ignore[attr-defined]
    return h.hexdigest()


def _job(args: tuple[str, int, int, Path | None, float]) -> Tally:
    target, n, start_seed, save, limit = args
    return fuzz(target, n, start_seed=start_seed, save=save, limit=limit)


def fuzz_parallel(
    target: str,
    n: int,
    jobs: int,
    *,
    start_seed: int = 0,
    save: Path | None = None,
    limit: float = 60,
) -> Tally:
    """Run ``n`` inputs of one target over ``jobs`` processes (seeds ``start_seed + 1000 k``)."""
    if jobs <= 1:
        return fuzz(target, n, start_seed=start_seed, save=save, limit=limit)
    shares = [n // jobs + (k < n % jobs) for k in range(jobs)]
    work = [
        (target, share, start_seed + 1000 * k, save / f"job{k}" if save else None, limit)
        for k, share in enumerate(shares)
    ]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        parts = pool.map(_job, work)
    total = Tally()
    total.digests = set()  # type: ignore[attr-defined]
    for part in parts:
        total.counts.update(part.counts)
        total.examples.extend(part.examples)
        total.digests |= part.digests  # type: ignore[attr-defined]
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="inputs per target (default 10000)")
    parser.add_argument("--targets", nargs="+", choices=TARGETS, default=list(TARGETS))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--save", type=Path, help="keep the inputs that broke a promise here")
    parser.add_argument("--examples", type=int, default=5, help="bad inputs shown per target")
    parser.add_argument(
        "--limit", type=float, default=60, help="seconds one input may take (default 60)"
    )
    parser.add_argument("--jobs", type=int, default=1, help="processes per target (default 1)")
    args = parser.parse_args(argv)
    rows = []
    for target in args.targets:
        started = time.perf_counter()
        tally = fuzz_parallel(
            target, args.n, args.jobs, start_seed=args.seed, save=args.save, limit=args.limit
        )
        seconds = time.perf_counter() - started
        rows.append((target, tally, seconds))
        counts = ", ".join(f"{c} {n}" for c, n in zip(COLUMNS, tally.row(), strict=True))
        print(f"{target}: {counts} ({seconds:.0f} s)", flush=True)
        for example in tally.examples[: args.examples]:
            print(f"  {example}", flush=True)
    print()
    head = ["target", "distinct", *COLUMNS, "seconds"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for target, tally, seconds in rows:
        distinct = str(len(tally.digests))  # type: ignore[attr-defined]
        cells = [target, distinct, *map(str, tally.row()), f"{seconds:.0f}"]
        print("| " + " | ".join(cells) + " |")
    bad = sum(sum(t.row()[3:]) for _, t, _ in rows)
    return 1 if bad else 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
