"""What happened to one fuzzed input: the checks of the fuzz harness (issue 15).

:func:`run_import` imports one :class:`~fuzz_strategies.FuzzInput` into a
folder and sorts the outcome; :func:`run_folder` runs the commands on one
fuzzed network folder. Both return an :class:`Outcome`; :class:`Tally`
adds them up into the table ``bench/fuzz.py`` prints. The promises checked:

- **no traceback**: every failure is a :class:`tiegraph.TiegraphError` (or,
  through the CLI, one line on standard error);
- **no partial write**: a refused import leaves the folder byte for byte as
  it was, with no temporary file;
- **no silent loss**: every record the damage left whole is read or listed
  as skipped with its own input line (the reader is asked directly);
- **no broken folder**: after an import, ``check`` passes and every command
  works; for a fuzzed folder, ``check`` passes exactly when the commands
  work (``check`` and ``load_network`` apply one validation);
- **idempotent**: importing the same file again changes no byte; writing a
  folder that was read gives the same bytes again.
"""

from __future__ import annotations

import contextlib
import io
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from fuzz_strategies import FuzzFolder, FuzzInput

import tiegraph
from tiegraph import viz
from tiegraph.cli import main
from tiegraph.exceptions import DataError, TiegraphError
from tiegraph.importing import _call, import_into
from tiegraph.io.folder import FOLDER_FILES, read_folder, write_folder

#: The reader behind each import kind.
READERS = {
    "linkedin": tiegraph.read_linkedin,
    "vcard": tiegraph.read_vcard,
    "google": tiegraph.read_google,
    "ics": tiegraph.read_ics,
    "interactions": tiegraph.read_log,
}

#: The columns of the table, in order.
COLUMNS = (
    "inputs",
    "clean successes",
    "clean refusals",
    "tracebacks",
    "hangs",
    "partial writes",
    "silent losses",
    "broken folders",
    "non-idempotent imports",
    "refusals naming the folder",
)


@dataclass
class Outcome:
    """What happened to one input."""

    #: "success", "refusal", "traceback" or "hang" (over the time limit of ``bench/fuzz.py``)
    status: str
    partial_write: bool = False
    silent_loss: bool = False
    broken_folder: bool = False
    non_idempotent: bool = False
    #: a refusal of a foreign file that names a folder file (the import wrote what the folder
    #: refuses, instead of skipping the record with its input line)
    names_folder: bool = False
    #: what went wrong, for the report
    detail: str = ""

    @property
    def bad(self) -> bool:
        """True when any promise was broken."""
        return (
            self.status in ("traceback", "hang")
            or self.partial_write
            or self.silent_loss
            or self.broken_folder
            or self.non_idempotent
            or self.names_folder
        )


@dataclass
class Tally:
    """The outcomes of one target, added up."""

    counts: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)

    def add(self, outcome: Outcome, description: str) -> None:
        """Count ``outcome``; keep the first few bad ones with their description."""
        c = self.counts
        c["inputs"] += 1
        clean = not outcome.bad
        if outcome.status == "success" and clean:
            c["clean successes"] += 1
        if outcome.status == "refusal" and clean:
            c["clean refusals"] += 1
        c["tracebacks"] += outcome.status == "traceback"
        c["hangs"] += outcome.status == "hang"
        c["partial writes"] += outcome.partial_write
        c["silent losses"] += outcome.silent_loss
        c["broken folders"] += outcome.broken_folder
        c["non-idempotent imports"] += outcome.non_idempotent
        c["refusals naming the folder"] += outcome.names_folder
        if outcome.bad and len(self.examples) < 20:
            self.examples.append(f"{description}\n    {outcome.detail}")

    def row(self) -> list[int]:
        """Return the counts in the order of :data:`COLUMNS`."""
        return [self.counts[c] for c in COLUMNS]


def folder_bytes(folder: Path) -> dict[str, bytes]:
    """Every file of a folder (its journal in ``.tiegraph/`` left out) with its bytes."""
    if not folder.is_dir():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".tiegraph" not in p.relative_to(folder).parts
    }


def _short(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc)[:300]}"


def _trace(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = next(
        (
            f"{Path(f.filename).name}:{f.lineno}"
            for f in reversed(frames)
            if "tiegraph" in f.filename
        ),
        "?",
    )
    return f"{_short(exc)} (at {where})"


def commands(folder: Path) -> None:
    """Run what the analysis commands run on a folder (raises what they raise)."""
    G = tiegraph.load_network(folder)
    tiegraph.tie_table(G)
    tiegraph.dormant_ties(G)
    tiegraph.keep_in_touch(G)
    tiegraph.reachable_orgs(G)
    orgs = [o for o in (G.nodes[n].get("org") for n in G) if o]
    if orgs:
        with contextlib.suppress(TiegraphError):  # no chain within the limits is an answer
            tiegraph.introducers(G, orgs[0])
    tiegraph.possible_duplicates(read_folder(folder))
    viz.network(G)


def _names_folder(exc: TiegraphError, folder: Path) -> bool:
    if not isinstance(exc, DataError):
        return False
    path = Path(exc.file)
    return path.name in FOLDER_FILES and path.parent.resolve() == folder.resolve()


def run_import(inp: FuzzInput, work: Path, base: FuzzFolder | None = None) -> Outcome:
    """Import ``inp`` into a folder under ``work`` (a copy of ``base``, or new); sort the result."""
    folder = work / "net"
    if base is not None:
        base.write(folder)
    src = inp.write(work)
    before = folder_bytes(folder)
    try:
        import_into(folder, inp.kind, src, **inp.options)  # type: ignore[arg-type]
    except TiegraphError as exc:
        after = folder_bytes(folder)
        out = Outcome("refusal", detail=_short(exc))
        out.partial_write = after != before
        out.names_folder = _names_folder(exc, folder)
        return out
    except Exception as exc:
        out = Outcome("traceback", detail=_trace(exc))
        out.partial_write = folder_bytes(folder) != before
        return out
    out = Outcome("success")
    details = []
    # silent loss: every whole record is read or skipped with its own line
    try:
        reading = _call(READERS[inp.kind], src, **inp.options)
        seen = {int(i) for i in reading.table.index} | {li for li, _ in reading.skipped}
        lost = [(li, m) for li, m in inp.intact if li not in seen]
        if lost:
            out.silent_loss = True
            details.append(f"records neither read nor skipped: {lost[:5]}")
    except Exception as exc:  # the import read it: reading again must too
        out.silent_loss = True
        details.append(f"reading again failed: {_short(exc)}")
    # a folder every command can read
    problems = tiegraph.check_folder(folder)
    if problems:
        out.broken_folder = True
        details.append(f"check: {problems[0]}")
    else:
        try:
            commands(folder)
        except Exception as exc:
            out.broken_folder = True
            details.append(f"a command fails: {_trace(exc)}")
    # idempotent: the same file again changes nothing
    snap = folder_bytes(folder)
    try:
        import_into(folder, inp.kind, src, **inp.options)  # type: ignore[arg-type]
    except Exception as exc:
        out.non_idempotent = True
        details.append(f"second import fails: {_trace(exc)}")
    else:
        again = folder_bytes(folder)
        if again != snap:
            changed = sorted(k for k in set(again) | set(snap) if again.get(k) != snap.get(k))
            out.non_idempotent = True
            details.append(f"second import changed {changed}")
    out.detail = "; ".join(details)
    return out


def _cli(args: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        status = main(args)
    return status, err.getvalue()


def run_folder(ff: FuzzFolder, work: Path) -> Outcome:
    """Run check, the analysis commands and two writing commands on a fuzzed folder."""
    folder = ff.write(work / "net")
    details: list[str] = []
    out = Outcome("success")
    try:
        problems = tiegraph.check_folder(folder)
    except TiegraphError as exc:
        problems = [exc]  # type: ignore[list-item]
    except Exception as exc:
        return Outcome("traceback", detail=f"check: {_trace(exc)}")
    try:
        commands(folder)
        works = True
    except TiegraphError as exc:
        works = False
        why = _short(exc)
    except Exception as exc:
        return Outcome("traceback", detail=f"commands: {_trace(exc)}")
    if not problems and not works:
        out.broken_folder = True
        details.append(f"check passes but a command refuses: {why}")
    if problems and works:
        out.broken_folder = True
        details.append(f"check reports {problems[0]} but every command works")
    out.status = "success" if works else "refusal"
    # writing: add a person; it works exactly when the folder is fine, and a refusal writes nothing
    before = folder_bytes(folder)
    try:
        status, err = _cli(["add", "Fuzz Person", "--into", str(folder)])
    except Exception as exc:
        return Outcome("traceback", detail=f"add: {_trace(exc)}")
    if status != 0:
        if folder_bytes(folder) != before:
            out.partial_write = True
            details.append("a refused add changed the folder")
        if not problems:
            out.broken_folder = True
            details.append(f"check passes but add refuses: {err.strip()[:200]}")
        if err.count("\n") > 1:
            details.append(f"more than one line: {err[:200]}")
            out.status = "traceback"
    elif problems:
        out.broken_folder = True
        details.append(f"check reports {problems[0]} but add works")
    else:
        try:
            again = tiegraph.check_folder(folder)
        except Exception as exc:
            again = [exc]  # type: ignore[list-item]
        if again:
            out.broken_folder = True
            details.append(f"after add, check: {again[0]}")
        # a folder read and written again is the same folder, byte for byte
        try:
            data = read_folder(folder)
            copy = work / "copy"
            write_folder(data, copy)
            first = folder_bytes(copy)
            write_folder(read_folder(copy), work / "copy2")
            if folder_bytes(work / "copy2") != first:
                out.non_idempotent = True
                details.append("writing a folder read back changes it")
            pd.testing.assert_frame_equal(
                read_folder(copy).contacts.reset_index(drop=True),
                data.contacts.reset_index(drop=True),
            )
        except AssertionError as exc:
            out.non_idempotent = True
            details.append(f"read back differs: {str(exc)[:200]}")
        except Exception as exc:
            out.status = "traceback"
            details.append(f"rewrite: {_trace(exc)}")
    out.detail = "; ".join(details)
    return out
