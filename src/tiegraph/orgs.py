"""Organisation names: normalising, matching, aliases, and look-up.

"AFSCME", "afscme" and "American Federation of State, County and Municipal
Employees" are one organisation when ``orgs.csv`` lists the long name with
``AFSCME`` among its aliases, and also without it, because "AFSCME" is the
acronym of the long name. :func:`org_key` gives the normalised form used for
comparing names; :func:`org_match` says how two names may be one
organisation (acronym, "of"/"the", a local chapter, a typo);
:func:`suggest_aliases` lists such pairs among the names of a network;
:class:`OrgIndex` maps every alias to its canonical name and
:meth:`OrgIndex.lookup` finds the organisation a user means, says how, and
refuses to guess between two.

The keys live in :mod:`tiegraph.org_keys`, matching and suggestions in
:mod:`tiegraph.org_matching`; this module holds the index and re-exports
them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz, process

from . import schema as S
from .exceptions import AmbiguousError, NotFoundError
from .org_keys import block_keys, org_acronym, org_key
from .org_matching import SIMILAR, AliasSuggestion, OrgMatch, org_match, suggest_aliases

__all__ = [
    "FUZZY_ACCEPT",
    "FUZZY_SUGGEST",
    "SIMILAR",
    "AliasSuggestion",
    "OrgIndex",
    "OrgLookup",
    "OrgMatch",
    "org_acronym",
    "org_key",
    "org_match",
    "suggest_aliases",
]

#: A name whose normalised form scores at least this (rapidfuzz ``ratio``, 0-100)
#: against exactly one organisation is taken to mean it (a typo in a long name).
FUZZY_ACCEPT = 92.0
#: Organisations scoring at least this (rapidfuzz ``WRatio``) are offered as "did you mean".
FUZZY_SUGGEST = 60.0


# --------------------------------------------------------------------------- the index


@dataclass(frozen=True)
class OrgLookup:
    """Which organisation a name was taken to mean, and how.

    ``how`` is ``exact`` (the name), ``alias`` (an alias in ``orgs.csv``),
    ``acronym`` or ``fuzzy`` (a near spelling, "of"/"the", a chapter);
    ``candidates`` the organisations that matched at all, best first.
    """

    name: str
    how: str
    query: str = ""
    candidates: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        """One line for a guess ("taking 'OEC' as 'Ohio Environmental Council'"), else ""."""
        if self.how in ("exact", "alias"):
            return ""
        return f"taking {self.query!r} as {self.name!r}"


class OrgIndex:
    """Canonical organisation names, with every alias mapped to one of them.

    Parameters
    ----------
    orgs : DataFrame, optional
        The ``orgs.csv`` table (``name``, ``aliases``).
    names : iterable of str
        Further names seen in the network (contacts, affiliations, jobs);
        each that no alias covers is its own organisation.
    sizes : mapping, optional
        Member counts by canonical name, shown when a look-up is ambiguous
        (also settable later as the ``sizes`` attribute).

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

    def __init__(
        self,
        orgs: pd.DataFrame | None = None,
        names: Iterable[str] = (),
        *,
        sizes: Mapping[str, int] | None = None,
    ) -> None:
        self._by_key: dict[str, str] = {}
        self.aliases: dict[str, list[str]] = {}
        #: canonical names declared in orgs.csv (the user said what they are)
        self.declared: set[str] = set()
        #: member counts by canonical name, when known
        self.sizes: dict[str, int] = dict(sizes or {})
        self._blocks: dict[str, set[str]] | None = None
        if orgs is not None:
            for name, aliases in zip(orgs[S.NAME], orgs[S.ALIASES], strict=True):
                name = str(name).strip()
                if not name:
                    continue
                alias_list = [a.strip() for a in str(aliases).split(S.LIST_SEP) if a.strip()]
                self.aliases.setdefault(name, [])
                self.declared.add(name)
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

    def _written(self) -> dict[str, str]:
        """Every name and alias as written, by key (the first seen)."""
        written: dict[str, str] = {}
        for canon, aliases in self.aliases.items():
            for text in (canon, *aliases):
                written.setdefault(org_key(text), text)
        return written

    def _block_index(self) -> dict[str, set[str]]:
        if self._blocks is None:
            blocks: dict[str, set[str]] = defaultdict(set)
            for key in self._by_key:
                for b in block_keys(key):
                    blocks[b].add(key)
            self._blocks = dict(blocks)
        return self._blocks

    def _near(self, name: str, key: str) -> dict[str, tuple[str, float]]:
        """Organisations ``name`` may mean other than by key: canonical -> (how, score)."""
        blocks = self._block_index()
        keys: set[str] = set()
        for b in block_keys(name):
            keys |= blocks.get(b, set())
        if len(keys) > 300:  # a very common word: keep the closest spellings
            keys = {k for k, _s, _i in process.extract(key, list(keys), limit=300)}
        if key:
            keys |= {
                k
                for k, _s, _i in process.extract(
                    key, list(self._by_key), scorer=fuzz.ratio, limit=5, score_cutoff=FUZZY_ACCEPT
                )
            }
        found: dict[str, tuple[str, float]] = {}
        for k in keys:
            if k == key:
                continue
            m = org_match(name, k)
            if m is None:
                continue
            similar = [r for r in m.reasons if r.startswith("similar")]
            if similar and fuzz.ratio(key, k) < FUZZY_ACCEPT:
                continue
            how = "acronym" if any(r.startswith("acronym") for r in m.reasons) else "fuzzy"
            canon = self._by_key[k]
            if canon not in found or found[canon][1] < m.score:
                found[canon] = (how, m.score)
        return found

    def lookup(
        self, name: str, *, kind: str = "organisation", sizes: Mapping[str, int] | None = None
    ) -> OrgLookup:
        """Find the organisation a user means by ``name``, and say how.

        The rule:

        1. The name or an alias (:func:`org_key`) of an organisation
           declared in ``orgs.csv`` is taken as it is (``exact`` or
           ``alias``): the user has said what it is.
        2. Otherwise every organisation that ``name`` may mean is gathered:
           by its name (``exact``), by acronym, both ways (``acronym``:
           "OEC" for "Ohio Environmental Council", or the long name when
           only the acronym is known), and by "of"/"the", a local chapter
           or a near spelling (``fuzzy``: :func:`org_match`, near
           spellings only at rapidfuzz ``ratio`` :data:`FUZZY_ACCEPT` or
           more).
        3. One organisation: that one. More than one -- also when one of
           them has exactly the name typed, as a one-person "OEC" next to a
           14-person "Ohio Environmental Council" -- is
           :class:`~tiegraph.exceptions.AmbiguousError`: the two may be
           one organisation written two ways (list one among the other's
           aliases in ``orgs.csv``) or two (add the one meant to
           ``orgs.csv``, which rule 1 then takes as it is). None:
           :class:`~tiegraph.exceptions.NotFoundError` with the closest
           names.

        Parameters
        ----------
        name : str
            What the user typed.
        kind : str
            The word used in error messages.
        sizes : mapping, optional
            Member counts by canonical name for the error message
            (default: the ``sizes`` attribute).

        Returns
        -------
        OrgLookup

        Raises
        ------
        NotFoundError
            Nothing is close; the message lists the closest names.
        AmbiguousError
            More than one organisation matches.

        Examples
        --------
        >>> idx = OrgIndex(names=["OEC", "Ohio Environmental Council", "SEIU District 1199"])
        >>> found = idx.lookup("SEIU 1199")
        >>> found.name, found.how, found.message
        ('SEIU District 1199', 'fuzzy', "taking 'SEIU 1199' as 'SEIU District 1199'")
        >>> idx.lookup("OEC")
        Traceback (most recent call last):
        ...
        tiegraph.exceptions.AmbiguousError: ambiguous organisation 'OEC': OEC or Ohio ...
        """
        key = org_key(name)
        if len(key) > 1 and all(len(w) == 1 for w in key.split()):
            key = key.replace(" ", "")  # "A.F.S.C.M.E." is "afscme"
        exact = self._by_key.get(key)
        how_exact = ""
        if exact is not None:
            how_exact = "exact" if org_key(exact) == key else "alias"
            if exact in self.declared:
                return OrgLookup(exact, how_exact, name, (exact,))
        found = self._near(name, key) if key else {}
        if exact is not None:
            found.pop(exact, None)
            if not found:
                return OrgLookup(exact, how_exact, name, (exact,))
            ranked = [exact, *sorted(found, key=lambda c: (-found[c][1], c))]
        elif len(found) == 1:
            (canon, (how, _score)), *_ = found.items()
            return OrgLookup(canon, how, name, (canon,))
        elif found:
            ranked = sorted(found, key=lambda c: (-found[c][1], c))
        else:
            raise NotFoundError(kind, name, self.suggest(name))
        raise AmbiguousError(
            kind,
            name,
            ranked,
            sizes=self.sizes if sizes is None else sizes,
            hint="if they are one, list one among the other's aliases in orgs.csv; "
            "if not, add the one you mean to orgs.csv",
        )

    def resolve(self, name: str, *, kind: str = "organisation") -> str:
        """Return the canonical organisation a user means by ``name``.

        :meth:`lookup`, keeping only the name.

        Raises
        ------
        NotFoundError
            No organisation matches; the message lists the closest names.
        AmbiguousError
            More than one organisation matches (see :meth:`lookup`).

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
        return self.lookup(name, kind=kind).name

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
        written = self._written()
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
