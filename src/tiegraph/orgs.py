"""Organisation names: normalising them, resolving aliases, and fuzzy look-up.

"AFSCME", "afscme" and "American Federation of State, County and Municipal
Employees" are one organisation when ``orgs.csv`` lists the long name with
``AFSCME`` among its aliases, and also without it, because "AFSCME" is the
acronym of the long name. :func:`org_key` gives the normalised form used for
comparing names; :class:`OrgIndex` maps every alias to its canonical name and
:meth:`OrgIndex.resolve` finds the organisation a user means, or says which
ones come closest.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

import pandas as pd
from rapidfuzz import fuzz, process

from . import schema as S
from .exceptions import NotFoundError

__all__ = ["FUZZY_ACCEPT", "FUZZY_SUGGEST", "OrgIndex", "org_acronym", "org_key"]

#: A name whose normalised form scores at least this (rapidfuzz ``ratio``, 0-100)
#: against exactly one organisation is taken to mean it (a typo in a long name).
FUZZY_ACCEPT = 92.0
#: Organisations scoring at least this (rapidfuzz ``WRatio``) are offered as "did you mean".
FUZZY_SUGGEST = 60.0

#: Words an acronym skips ("American Federation of State ..." -> AFSCME).
_ACRONYM_SKIP = frozenset({"of", "and", "the", "for", "in", "on", "at", "to", "a", "an", "de"})

_SUFFIXES = {
    "inc",
    "incorporated",
    "llc",
    "ltd",
    "limited",
    "co",
    "corp",
    "corporation",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "lp",
    "llp",
    "the",
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


def org_acronym(name: str) -> str:
    """Return the acronym of a name of several words, or "" for one word.

    The initials of the words of :func:`org_key`, skipping small words such
    as "of" and "and".

    Examples
    --------
    >>> org_acronym("American Federation of State, County and Municipal Employees")
    'afscme'
    >>> org_acronym("AFSCME")
    ''
    """
    words = [w for w in org_key(name).split() if w not in _ACRONYM_SKIP]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


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
    >>> long = "American Federation of State, County and Municipal Employees"
    >>> orgs = pd.DataFrame({"name": [long],
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

    def _acronyms(self) -> dict[str, set[str]]:
        """Map each acronym (of a canonical name or an alias) to the canonical names."""
        out: dict[str, set[str]] = {}
        for key, canon in self._by_key.items():
            acro = org_acronym(key)
            if acro:
                out.setdefault(acro, set()).add(canon)
        return out

    def resolve(self, name: str, *, kind: str = "organisation") -> str:
        """Return the canonical organisation a user means by ``name``.

        Tried in order: the normalised name or an alias (:func:`org_key`);
        an acronym, both ways ("AFSCME" for the long name, or the long name
        when only the acronym is known), when exactly one organisation has
        it; a near spelling (rapidfuzz ``ratio`` of the normalised names at
        least :data:`FUZZY_ACCEPT`) of exactly one organisation.

        Parameters
        ----------
        name : str
            What the user typed.
        kind : str
            The word used in the error message.

        Returns
        -------
        str
            The canonical name.

        Raises
        ------
        NotFoundError
            No organisation matches; the message lists the closest names.

        Examples
        --------
        >>> idx = OrgIndex(names=["American Federation of State, County and Municipal Employees",
        ...                       "Service Employees International Union"])
        >>> idx.resolve("afscme")
        'American Federation of State, County and Municipal Employees'
        >>> idx.resolve("Servce Employees International Union")
        'Service Employees International Union'
        >>> idx.resolve("Teamsters")
        Traceback (most recent call last):
        ...
        tiegraph.exceptions.NotFoundError: unknown organisation 'Teamsters'
        """
        key = org_key(name)
        if len(key) > 1 and all(len(w) == 1 for w in key.split()):
            key = key.replace(" ", "")  # "A.F.S.C.M.E." is "afscme"
        found = self._by_key.get(key)
        if found is not None:
            return found
        acros = self._acronyms()
        by_acro = acros.get(key.replace(" ", ""), set()) if " " not in key else set()
        query_acro = org_acronym(name)
        if query_acro:
            by_acro = by_acro | {c for k, c in self._by_key.items() if k == query_acro}
        if len(by_acro) == 1:
            return next(iter(by_acro))
        if key and self._by_key:
            near = {
                self._by_key[k]
                for k, score, _ in process.extract(
                    key,
                    list(self._by_key),
                    scorer=fuzz.ratio,
                    limit=5,
                    score_cutoff=FUZZY_ACCEPT,
                )
            }
            if len(near) == 1:
                return next(iter(near))
        raise NotFoundError(kind, name, self.suggest(name))

    def suggest(self, name: str, *, n: int = 3) -> list[str]:
        """Return up to ``n`` known names closest to ``name``, one per organisation.

        Each suggestion is written as the user would type it: the alias or
        name that came closest (e.g. ``AFSCME`` rather than the long name).

        Examples
        --------
        >>> orgs = pd.DataFrame({"name": ["American Federation of State, County and "
        ...                               "Municipal Employees"], "aliases": ["AFSCME"]})
        >>> OrgIndex(orgs, names=["SEIU"]).suggest("AFSME")
        ['AFSCME']
        """
        written: dict[str, str] = {}
        for canon, aliases in self.aliases.items():
            for text in (canon, *aliases):
                written.setdefault(org_key(text), text)
        key = org_key(name)
        if not key or not written:
            return []
        out: list[str] = []
        seen: set[str] = set()
        for k, _score, _ in process.extract(
            key, list(written), scorer=fuzz.WRatio, limit=None, score_cutoff=FUZZY_SUGGEST
        ):
            canon = self._by_key.get(k, written[k])
            if canon not in seen:
                seen.add(canon)
                out.append(written[k])
            if len(out) == n:
                break
        return out

    def keys(self) -> Mapping[str, str]:
        """Return the mapping from normalised key to canonical name."""
        return self._by_key

    def names(self) -> list[str]:
        """Return every canonical name, sorted."""
        return sorted(self.aliases)

    def canonical_series(self, names: pd.Series) -> pd.Series:
        """Map a Series of names to canonical names (empty stays empty), once per unique name."""
        uniq = pd.unique(names.astype(str))
        mapping = {n: (self.canonical(n) or n) if n else "" for n in uniq}
        return names.astype(str).map(mapping)
