r"""The journal of a network folder, so the last writing commands can be undone.

Every command that writes a network folder (``add``, ``log``, ``import``,
``edit``, ``rm``, ``intro``, ``orgs alias``, ``target``, ``jobs`` ...) runs
inside :func:`recording`; each file it replaces is first saved in the
folder's journal, so ``tiegraph undo`` can put the folder back exactly,
byte for byte, and ``tiegraph history`` can list what changed.

The journal lives in the folder itself::

    FOLDER/.tiegraph/history/
        000007/                 one entry per writing command, numbered in order
            manifest.json       command line, time (UTC), and per file: the
                                sha256 before (null: the file did not exist)
                                and after the command
            before/contacts.csv the file as it was before the command (none
                                for a file the command created)

The saved files are hard links to the old versions (the command replaces a
file by renaming a new one over it, which leaves the old inode untouched),
so nothing is copied; where hard links are not possible they are copies.
The journal holds copies of your own data: its folders get the permissions
of the network folder, and it never leaves it. ``[history] keep`` in
``network.toml`` sets how many entries are kept (default 50; 0 keeps none).

:func:`undo` refuses, in one line, when a file changed since the command it
would undo (a hand edit: its sha256 differs from the one recorded), unless
``force=True``. Undo pops: an undone command is gone from the journal.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with recording("tiegraph demo-write"):
...     journaled_write(folder, {folder / "notes.csv": "a\n1\n"})
>>> [(e.number, e.command, e.files[0].name) for e in entries(folder)]
[(1, 'tiegraph demo-write', 'notes.csv')]
>>> [e.number for e in undo(folder)]
[1]
>>> sorted(p.name for p in folder.iterdir())
[]
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
import os
import shutil
import stat
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .exceptions import ConfigError
from .io._text import atomic_write

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = [
    "DEFAULT_KEEP",
    "HISTORY_DIR",
    "Entry",
    "FileChange",
    "entries",
    "history_dir",
    "journaled_write",
    "keep_setting",
    "recording",
    "undo",
]

#: The journal's folder, relative to the network folder.
HISTORY_DIR = Path(".tiegraph") / "history"
#: How many entries are kept when ``network.toml`` does not say (``[history] keep``).
DEFAULT_KEEP = 50

_MANIFEST = "manifest.json"
_BEFORE = "before"


@dataclass(frozen=True)
class FileChange:
    """One file a command changed: its name in the folder and its sha256 before and after.

    ``before`` is None when the command created the file.
    """

    name: str
    before: str | None
    after: str | None

    @property
    def created(self) -> bool:
        """True when the file did not exist before the command."""
        return self.before is None


@dataclass(frozen=True)
class Entry:
    """One journaled command: its number, time (UTC), command line and changed files."""

    number: int
    time: datetime
    command: str
    files: tuple[FileChange, ...]
    path: Path = field(repr=False, compare=False)

    def to_dict(self) -> dict[str, object]:
        """Return the entry as JSON-ready data."""
        return {
            "number": self.number,
            "time": self.time.isoformat(),
            "command": self.command,
            "files": [
                {"name": f.name, "before": f.before, "after": f.after, "created": f.created}
                for f in self.files
            ],
        }


def history_dir(folder: str | os.PathLike[str]) -> Path:
    """Return the journal folder of a network folder (it may not exist)."""
    return Path(folder) / HISTORY_DIR


def keep_setting(folder: str | os.PathLike[str]) -> int:
    """Return ``[history] keep`` of the folder's ``network.toml`` (default :data:`DEFAULT_KEEP`).

    Raises
    ------
    ConfigError
        The value is not a whole number of at least 0.
    """
    path = Path(folder) / "network.toml"
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except (FileNotFoundError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return DEFAULT_KEEP  # reading the folder reports a broken file; the journal goes on
    table = data.get("history", {})
    value = table.get("keep", DEFAULT_KEEP) if isinstance(table, Mapping) else DEFAULT_KEEP
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(
            f"network.toml: [history] keep must be a whole number of at least 0, not {value!r}"
        )
    return value


# ---------------------------------------------------------------------------
# recording


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha(path: Path) -> str | None:
    try:
        return _sha256(path.read_bytes())
    except FileNotFoundError:
        return None


def _folder_mode(folder: Path) -> int:
    try:
        return stat.S_IMODE(folder.stat().st_mode)
    except FileNotFoundError:
        return 0o700


def _make_dir(path: Path, mode: int) -> None:
    """Create ``path`` (and parents) with ``mode`` exactly, whatever the umask."""
    missing = []
    p = path
    while not p.exists():
        missing.append(p)
        p = p.parent
    for d in reversed(missing):
        with contextlib.suppress(FileExistsError):
            d.mkdir()
            os.chmod(d, mode)


class _Pending:
    """The entry of one command in one folder, filled as the command writes."""

    def __init__(self, folder: Path, command: str) -> None:
        self.folder = folder
        self.command = command
        self.time = datetime.now(timezone.utc)
        self.path: Path | None = None
        self.files: dict[str, FileChange] = {}

    def _open(self) -> Path:
        if self.path is None:
            self.folder.mkdir(parents=True, exist_ok=True)  # as the write would, under the umask
            root = history_dir(self.folder)
            _make_dir(root, _folder_mode(self.folder))
            number = max(_numbers(root), default=0) + 1
            while True:  # another command may take a number at the same time
                try:
                    (root / f"{number:06d}").mkdir()
                    break
                except FileExistsError:
                    number += 1
            self.path = root / f"{number:06d}"
            os.chmod(self.path, _folder_mode(self.folder))
        return self.path

    def save_before(self, files: Mapping[Path, bytes]) -> dict[str, FileChange | None]:
        """Keep the current version of each file about to change.

        Return what :meth:`forget` needs to take this back: each name
        touched with its earlier record (None when it is new to the entry).
        """
        saved: dict[str, FileChange | None] = {}
        for target, new in files.items():
            name = target.name
            if name in self.files:
                saved[name] = self.files[name]
                self.files[name] = FileChange(name, self.files[name].before, _sha256(new))
                continue
            try:
                old = target.read_bytes()
            except FileNotFoundError:
                old = None
            if old == new:
                continue  # unchanged: nothing to undo
            entry = self._open()
            if old is not None:
                keep = entry / _BEFORE / name
                _make_dir(keep.parent, _folder_mode(self.folder))
                try:
                    os.link(target, keep)  # the rename that follows leaves this inode alone
                except OSError:
                    shutil.copy2(target, keep)
            self.files[name] = FileChange(name, None if old is None else _sha256(old), _sha256(new))
            saved[name] = None
        return saved

    def forget(self, saved: dict[str, FileChange | None]) -> None:
        """Take back what :meth:`save_before` did when the write then failed."""
        for name, earlier in saved.items():
            if earlier is not None:
                self.files[name] = earlier
                continue
            del self.files[name]
            if self.path is not None:
                with contextlib.suppress(FileNotFoundError):
                    (self.path / _BEFORE / name).unlink()
        if not self.files:
            self.discard()

    def discard(self) -> None:
        if self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)
            self.path = None
            _remove_empty(self.folder)

    def write_manifest(self) -> None:
        if self.path is None or not self.files:
            return
        manifest = {
            "command": self.command,
            "time": self.time.isoformat(timespec="seconds"),
            "files": [
                {"name": f.name, "before": f.before, "after": f.after} for f in self.files.values()
            ],
        }
        atomic_write({self.path / _MANIFEST: json.dumps(manifest, indent=2) + "\n"})


class _Recorder:
    def __init__(self, command: str) -> None:
        self.command = command
        self.pending: dict[Path, _Pending] = {}

    def entry(self, folder: Path) -> _Pending:
        key = folder.resolve()
        if key not in self.pending:
            self.pending[key] = _Pending(folder, self.command)
        return self.pending[key]


_RECORDER: contextvars.ContextVar[_Recorder | None] = contextvars.ContextVar(
    "tiegraph_history", default=None
)


@contextlib.contextmanager
def recording(command: str) -> Iterator[None]:
    """Journal every :func:`journaled_write` made inside the block as one command.

    Each folder written gets one entry, named by ``command`` (the command
    line); several writes of one command make one entry, which undoes them
    all. Outside such a block (the Python API) nothing is journaled.
    """
    recorder = _Recorder(command)
    token = _RECORDER.set(recorder)
    try:
        yield
    finally:
        _RECORDER.reset(token)
        for pending in recorder.pending.values():
            if pending.path is not None:
                _prune(pending.folder)


def journaled_write(
    folder: str | os.PathLike[str],
    files: Mapping[Path, str] | Mapping[str | os.PathLike[str], str],
    *,
    command: str | None = None,
) -> None:
    """Write text files of a network folder atomically, journaling their old versions.

    Parameters
    ----------
    folder : path-like
        The network folder (the journal goes into its ``.tiegraph/history``).
    files : mapping
        Each file's path (in ``folder``) and its new text, written as UTF-8.
    command : str, optional
        Journal this write as one command of that name. Inside a
        :func:`recording` block (every CLI command) the block's command
        line is used instead, so one command is one entry however many
        writes it makes. With neither, nothing is journaled.
    """
    folder = Path(folder)
    targets: dict[str | os.PathLike[str], str] = {Path(p): text for p, text in files.items()}
    if command is not None and _RECORDER.get() is None:
        with recording(command):
            journaled_write(folder, targets)
        return
    recorder = _RECORDER.get()
    if recorder is None:
        atomic_write(targets)
        return
    if keep_setting(folder) == 0:  # no journal wanted: drop what an earlier setting kept
        atomic_write(targets)
        _prune(folder)
        return
    pending = recorder.entry(folder)
    saved = pending.save_before({Path(p): text.encode("utf-8") for p, text in targets.items()})
    try:
        atomic_write(targets)
    except BaseException:
        pending.forget(saved)
        raise
    pending.write_manifest()


# ---------------------------------------------------------------------------
# reading and undoing


def _numbers(root: Path) -> list[int]:
    try:
        return [int(p.name) for p in root.iterdir() if p.name.isdigit()]
    except FileNotFoundError:
        return []


def _read_entry(path: Path) -> Entry | None:
    try:
        data = json.loads((path / _MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None  # a command still writing, or one that failed
    return Entry(
        number=int(path.name),
        time=datetime.fromisoformat(data["time"]),
        command=data["command"],
        files=tuple(FileChange(f["name"], f["before"], f["after"]) for f in data["files"]),
        path=path,
    )


def entries(folder: str | os.PathLike[str]) -> list[Entry]:
    """Return the journal of a network folder, newest first."""
    root = history_dir(folder)
    found = (_read_entry(root / f"{n:06d}") for n in sorted(_numbers(root), reverse=True))
    return [e for e in found if e is not None]


def _prune(folder: Path) -> None:
    keep = keep_setting(folder)
    for old in entries(folder)[keep:]:
        shutil.rmtree(old.path, ignore_errors=True)
    _remove_empty(folder)


def _remove_empty(folder: Path) -> None:
    """Remove the journal folders when they hold nothing (so undo leaves no trace)."""
    root = history_dir(folder)
    for d in (root, root.parent):
        with contextlib.suppress(OSError):
            d.rmdir()


def undo(folder: str | os.PathLike[str], steps: int = 1, *, force: bool = False) -> list[Entry]:
    """Undo the last ``steps`` journaled commands; return them, newest first.

    Every file they changed is put back as it was before the oldest of
    them, byte for byte (a file they created is removed), all at once; the
    entries leave the journal.

    Raises
    ------
    ConfigError
        Nothing to undo, fewer entries than ``steps``, or (without
        ``force``) a file changed since the command that wrote it.
    """
    folder = Path(folder)
    if steps < 1:
        raise ConfigError(f"--steps: {steps} must be at least 1")
    journal = entries(folder)
    if not journal:
        raise ConfigError(f"nothing to undo in {folder} (its history is empty)")
    if len(journal) < steps:
        raise ConfigError(
            f"--steps: only {len(journal)} command(s) can be undone in {folder}, not {steps}"
        )
    chosen = journal[:steps]
    state: dict[str, str | None] = {}
    final: dict[str, tuple[Entry, FileChange]] = {}
    for entry in chosen:  # newest first: each must find the files as it left them
        for change in entry.files:
            now = state[change.name] if change.name in state else _file_sha(folder / change.name)
            if now != change.after and not force:
                what = "was deleted" if now is None else "was changed (edited by hand?)"
                raise ConfigError(
                    f"{change.name} {what} after `{entry.command}`; undoing would lose that; "
                    "pass --force to undo anyway"
                )
            state[change.name] = change.before
            final[change.name] = (entry, change)
            if change.before is not None and not (entry.path / _BEFORE / change.name).exists():
                raise ConfigError(
                    f"the history of {folder} lacks the saved {change.name} of "
                    f"`{entry.command}`; cannot undo it"
                )
    staged: list[tuple[Path, Path]] = []
    removed: list[Path] = []
    try:
        for name, (entry, change) in final.items():
            target = folder / name
            if change.before is None:
                removed.append(target)
                continue
            saved = entry.path / _BEFORE / name
            tmp = folder / f".{name}.undo.tmp"
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            try:
                os.link(saved, tmp)
            except OSError:
                shutil.copy2(saved, tmp)
            staged.append((tmp, target))
        for tmp, target in staged:
            os.replace(tmp, target)
    finally:
        for tmp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
    for target in removed:
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
    for entry in chosen:
        shutil.rmtree(entry.path, ignore_errors=True)
    _remove_empty(folder)
    return chosen
