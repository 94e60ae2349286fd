"""A network folder's cache of computed results: ``FOLDER/.tiegraph/cache/NAME.json``.

What the cache holds can always be computed again from the folder's files,
so every failure here is silent: a missing, unreadable or corrupt cache
file reads as empty, and a folder that cannot be written (read-only, a
bundled sample) simply keeps no cache. Files are written atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ._text import atomic_write

__all__ = ["CACHE_DIR", "cache_path", "files_digest", "read_cache", "write_cache"]

#: Where a network folder keeps its cache, relative to the folder.
CACHE_DIR = Path(".tiegraph") / "cache"


def cache_path(folder: str | os.PathLike[str], name: str) -> Path:
    """Return the path of the cache file ``name`` of a network folder.

    Examples
    --------
    >>> cache_path("mynet", "calibration").as_posix()
    'mynet/.tiegraph/cache/calibration.json'
    """
    return Path(folder) / CACHE_DIR / f"{name}.json"


def files_digest(folder: str | os.PathLike[str], names: Iterable[str]) -> str:
    """Return a SHA-256 hex digest of the named files of a folder (their names and bytes).

    A missing file counts as a distinct value, so creating it changes the digest.
    """
    h = hashlib.sha256()
    for name in names:
        h.update(name.encode() + b"\0")
        try:
            data = (Path(folder) / name).read_bytes()
        except OSError:
            h.update(b"\1missing\0")
            continue
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def read_cache(folder: str | os.PathLike[str], name: str) -> dict[str, Any]:
    """Return the cache ``name`` of a folder as a dict (empty when absent or unreadable)."""
    try:
        data = json.loads(cache_path(folder, name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_cache(folder: str | os.PathLike[str], name: str, data: Mapping[str, Any]) -> bool:
    """Write the cache ``name`` of a folder atomically; return whether it could be written."""
    try:
        atomic_write({cache_path(folder, name): json.dumps(data, indent=1, sort_keys=True) + "\n"})
    except OSError:
        return False
    return True
