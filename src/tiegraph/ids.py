"""Contact ids: stable slugs made from names, and the rule every id follows.

An id is a *slug*: one to :data:`MAX_ID_LENGTH` characters, each a letter or
a digit (any script: ``jürgen`` is fine), ``-``, ``_`` or ``.``, starting with
a letter or a digit. So an id never holds a space, ``;`` (the list
separator), a slash or a backslash, and is never ``.`` or ``..``: an id can
be used in a file name or a URL without escaping. Importers and ``tiegraph
add`` make ids with :func:`slugify` (lowercase ASCII letters, digits and
``-``), which always follow the rule; ``tiegraph check`` and ``tiegraph add
--id`` refuse an id that does not.

Examples
--------
>>> slugify("Zoë O'Neil-Brown")
'zoe-oneil-brown'
>>> unique_id("Jane Doe", {"jane-doe"})
'jane-doe-2'
>>> [is_valid_id(i) for i in ("jane-doe", "j.doe_2", "jürgen", "../../x", "a/b", "..", "a b")]
[True, True, True, False, False, False, False]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

__all__ = ["ID_RULE", "MAX_ID_LENGTH", "id_problem", "is_valid_id", "slugify", "unique_id"]

#: The longest id allowed (characters); :func:`slugify` cuts longer names.
MAX_ID_LENGTH = 100
#: The rule in words, for messages and the README.
ID_RULE = (
    "an id is letters, digits, '-', '_' and '.', starting with a letter or a digit, "
    f"at most {MAX_ID_LENGTH} characters"
)
#: One id, as a regular expression (``\w`` is a letter, a digit or ``_`` of any script).
ID_PATTERN = re.compile(rf"[^\W_][\w.-]{{0,{MAX_ID_LENGTH - 1}}}")

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def is_valid_id(value: str) -> bool:
    """Return True when ``value`` follows the id rule (:data:`ID_RULE`)."""
    return ID_PATTERN.fullmatch(value) is not None


def id_problem(value: str) -> str | None:
    """Return what is wrong with ``value`` as an id, in words (None when it is valid).

    Examples
    --------
    >>> id_problem("a/b")
    "holds '/'; an id is letters, digits, '-', '_' and '.', ..."
    >>> id_problem("jane-doe") is None
    True
    """
    if is_valid_id(value):
        return None
    if not value:
        return "is empty"
    if len(value) > MAX_ID_LENGTH:
        return f"is longer than {MAX_ID_LENGTH} characters"
    bad = next((ch for ch in value if not (ch.isalnum() or ch in "-_.")), None)
    if bad is not None:
        return f"holds {bad!r}; {ID_RULE}"
    return f"does not start with a letter or a digit; {ID_RULE}"


def slugify(name: str) -> str:
    """Return a lowercase ASCII slug of ``name`` (``person`` when nothing is left).

    The slug is cut to :data:`MAX_ID_LENGTH` minus 10 characters, so that a
    number can still be added (:func:`unique_id`).
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = text.replace("'", "").replace("’", "")
    slug = _NON_SLUG.sub("-", text).strip("-")
    slug = slug[: MAX_ID_LENGTH - 10].strip("-")
    return slug or "person"


def unique_id(name: str, taken: Container[str], counters: dict[str, int] | None = None) -> str:
    """Return the slug of ``name``, numbered (``-2``, ``-3``, ...) until not in ``taken``.

    ``counters`` (a dict kept by the caller across calls, while ``taken`` only
    grows) remembers the next number to try for each slug, so that giving ids
    to a thousand people of one name does not count from 2 each time.

    >>> taken, counters = {"ann-lee"}, {}
    >>> for _ in range(3):
    ...     taken.add(unique_id("Ann Lee", taken, counters))
    >>> sorted(taken), counters
    (['ann-lee', 'ann-lee-2', 'ann-lee-3', 'ann-lee-4'], {'ann-lee': 5})
    """
    base = slugify(name)
    candidate = base
    n = counters.get(base, 2) if counters is not None else 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    if counters is not None:
        counters[base] = n
    return candidate
