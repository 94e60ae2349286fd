"""Contact ids: stable slugs made from names.

Examples
--------
>>> slugify("Zoë O'Neil-Brown")
'zoe-oneil-brown'
>>> unique_id("Jane Doe", {"jane-doe"})
'jane-doe-2'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

__all__ = ["slugify", "unique_id"]

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """Return a lowercase ASCII slug of ``name`` (``person`` when nothing is left)."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = text.replace("'", "").replace("’", "")
    slug = _NON_SLUG.sub("-", text).strip("-")
    return slug or "person"


def unique_id(name: str, taken: Container[str]) -> str:
    """Return the slug of ``name``, numbered (``-2``, ``-3``, ...) until not in ``taken``."""
    base = slugify(name)
    candidate = base
    n = 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    return candidate
