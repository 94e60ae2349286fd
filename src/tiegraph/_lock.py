"""One writer at a time per network folder.

Two commands writing one folder at once (a ``tiegraph log`` in one terminal,
a ``tiegraph import`` in another) would each read the folder, add their
rows, and write it back: the second write would drop the first one's rows.
So every command that writes holds the folder's lock from before it reads
until it has written, and :func:`tiegraph.io.folder.write_folder` holds it
while it writes. A command that finds the lock taken says so on standard
error (``waiting for another tiegraph command writing FOLDER...``) and waits.

The lock is a :mod:`filelock` lock (``flock`` on Unix, so a crashed command
never leaves it held) on the file ``FOLDER/.tiegraph.lock``, which exists
only while a command holds it. The lock is re-entrant within one process:
a command that holds it can call ``write_folder``, which takes it again.
A folder that cannot be written (read-only, or on a read-only file system)
is not locked: nothing can change it, and a write fails with its own error.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with folder_lock(folder):
...     (folder / LOCK_FILE).exists(), holds_lock(folder)
(True, True)
>>> (folder / LOCK_FILE).exists(), holds_lock(folder)
(False, False)
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from .exceptions import DataError

__all__ = ["LOCK_FILE", "folder_lock", "holds_lock"]

#: The lock file, in the network folder; it exists only while a command holds the lock.
LOCK_FILE = ".tiegraph.lock"

_HELD = threading.local()


def _held() -> dict[Path, int]:
    if not hasattr(_HELD, "counts"):
        _HELD.counts = {}
    counts: dict[Path, int] = _HELD.counts
    return counts


def holds_lock(folder: str | os.PathLike[str]) -> bool:
    """Return True when this thread holds the lock of ``folder``."""
    return _held().get(Path(folder).resolve(), 0) > 0


def _say_waiting(folder: Path) -> None:
    print(f"waiting for another tiegraph command writing {folder}...", file=sys.stderr, flush=True)


@contextlib.contextmanager
def folder_lock(
    folder: str | os.PathLike[str],
    *,
    create: bool = False,
    on_wait: Callable[[Path], None] | None = None,
) -> Iterator[None]:
    """Hold the write lock of a network folder for the block.

    Parameters
    ----------
    folder : path-like
        The network folder.
    create : bool
        Create the folder (and its parents) when it does not exist, so a
        command making a new folder holds its lock too; the folders made are
        removed again when they are still empty at the end. Otherwise a
        missing folder is not locked.
    on_wait : callable, optional
        Called with the folder when another process holds the lock, before
        waiting for it (default: a line on standard error).

    Raises
    ------
    DataError
        ``folder`` is a file.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise DataError(folder, "is a file, not a network folder")
    created: list[Path] = []  # the folders made here, deepest first
    if not folder.exists():
        if not create:
            yield
            return
        missing = folder
        while not missing.exists():
            created.append(missing)
            missing = missing.parent
        folder.mkdir(parents=True)
    key = folder.resolve()
    counts = _held()
    if counts.get(key, 0):
        counts[key] += 1
        try:
            yield
        finally:
            counts[key] -= 1
        return
    lock = FileLock(str(folder / LOCK_FILE), thread_local=False)
    try:
        try:
            lock.acquire(timeout=0)
        except Timeout:
            (on_wait or _say_waiting)(folder)
            lock.acquire()
    except OSError as exc:
        if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise
        yield  # a folder this process cannot write: nothing can change it
        return
    counts[key] = 1
    try:
        yield
    finally:
        del counts[key]
        # remove the file while holding the lock: a waiting command that opened it finds it
        # unlinked after locking and takes the lock on a new file (filelock checks)
        with contextlib.suppress(OSError):
            os.unlink(folder / LOCK_FILE)
        lock.release()
        for made in created:  # only those the command left empty
            try:
                made.rmdir()
            except OSError:
                break
