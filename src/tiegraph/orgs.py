"""Organisation names: normalising them and resolving aliases.

"AFSCME", "afscme" and "American Federation of State, County and Municipal
Employees" are one organisation when ``orgs.csv`` lists the long name with
``AFSCME`` among its aliases. :func:`org_key` gives the normalised form used
for comparing names; :class:`OrgIndex` maps every alias to its canonical name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

import pandas as pd

from . import schema as S

__all__ = ["OrgIndex", "org_key"]

_SUFFIXES = {
    "inc", "incorporated", "llc", "ltd", "limited", "co", "corp", "corporation",
    "plc", "gmbh", "ag", "sa", "lp", "llp", "the",
}
_NON_WORD = re.compile(r"[^\w]+")


def org_key(name: str) -> str:
    """Return the normalised form of an organisation name for comparison.

    Case, accents, punctuation, "the" and legal suffixes are ignored.

    Examples
    --------
    >>> org_key("The Acme Corp., Inc.")
    'acme'
    >>> org_key("AFSCME") == org_key("afscme")
    True
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    text = text.replace("&", " and ")
    words = [w for w in _NON_WORD.split(text) if w]
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    while len(words) > 1 and words[0] == "the":
        words.pop(0)
    return " ".join(words)


class OrgIndex:
    """Canonical organisation names, with every alias mapped to one of them.

    Parameters
    ----------
    orgs : DataFrame, optional
        The ``orgs.csv`` table (``name``, ``aliases``).
    names : iterable of str
        Further names seen in the network (contacts, affiliations, jobs);
        each that no alias covers is its own organisation.

    Examples
    --------
    >>> orgs = pd.DataFrame({"name": ["American Federation of State, County and Municipal Employees"],
    ...                      "aliases": ["AFSCME"]})
    >>> idx = OrgIndex(orgs, names=["afscme", "Acme Inc"])
    >>> idx.canonical("AFSCME")
    'American Federation of State, County and Municipal Employees'
    >>> idx.canonical("ACME")
    'Acme Inc'
    """

    def __init__(self, orgs: pd.DataFrame | None = None, names: Iterable[str] = ()) -> None:
        self._by_key: dict[str, str] = {}
        self.aliases: dict[str, list[str]] = {}
        if orgs is not None:
            for name, aliases in zip(orgs[S.NAME], orgs[S.ALIASES], strict=True):
                name = str(name).strip()
                if not name:
                    continue
                alias_list = [a.strip() for a in str(aliases).split(S.LIST_SEP) if a.strip()]
                self.aliases.setdefault(name, [])
                self._by_key.setdefault(org_key(name), name)
                for alias in alias_list:
                    self.aliases[name].append(alias)
                    self._by_key.setdefault(org_key(alias), name)
        for name in names:
            name = str(name).strip()
            if name and org_key(name) not in self._by_key:
                self._by_key[org_key(name)] = name
                self.aliases.setdefault(name, [])

    def canonical(self, name: str) -> str | None:
        """Return the canonical name of ``name``, or None when unknown."""
        return self._by_key.get(org_key(name))

    def keys(self) -> Mapping[str, str]:
        """Return the mapping from normalised key to canonical name."""
        return self._by_key

    def names(self) -> list[str]:
        """Return every canonical name, sorted."""
        return sorted(self.aliases)

    def canonical_series(self, names: pd.Series) -> pd.Series:
        """Map a Series of names to canonical names (empty stays empty), vectorised per unique name."""
        uniq = pd.unique(names.astype(str))
        mapping = {n: (self.canonical(n) or n) if n else "" for n in uniq}
        return names.astype(str).map(mapping)
