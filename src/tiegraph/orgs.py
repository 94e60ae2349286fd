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
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import pandas as pd
from rapidfuzz import fuzz, process

from . import schema as S
from .exceptions import AmbiguousError, NotFoundError
from .names import fold

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
#: Lowest rapidfuzz ``ratio`` (0-100) of two keys for :func:`org_match` to call them similar.
SIMILAR = 90.0

#: Words an acronym skips ("American Federation of State ..." -> AFSCME).
_ACRONYM_SKIP = frozenset({"of", "and", "the", "for", "in", "on", "at", "to", "a", "an", "de"})
#: Words that name a part of an organisation ("SEIU Local 1199", "UAW Region 2B").
_CHAPTER = frozenset({"local", "district", "chapter", "lodge", "branch", "division", "region"})
_CHAPTER_FILLER = frozenset({"no", "nr", "number"})

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


def org_key(name: str) -> str:
    """Return the normalised form of an organisation name for comparison.

    Case, Latin accents, punctuation and apostrophes, "the" and legal
    suffixes are ignored; "&" is "and". Names in other scripts keep their
    script ("中国银行" stays "中国银行").

    Examples
    --------
    >>> org_key("The Acme Corp., Inc.")
    'acme'
    >>> org_key("AFSCME") == org_key("afscme")
    True
    >>> org_key("Ben & Jerry's")
    'ben and jerrys'
    """
    text = fold(name.casefold().replace("&", " and "))
    words = text.split()
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    while len(words) > 1 and words[0] == "the":
        words.pop(0)
    return " ".join(words)


def _merge_letters(words: list[str]) -> list[str]:
    """Join runs of single letters: "a f s c m e" -> "afscme" (from "A.F.S.C.M.E.")."""
    out: list[str] = []
    run: list[str] = []
    for w in [*words, ""]:
        if len(w) == 1 and w.isalpha():
            run.append(w)
            continue
        if len(run) >= 2:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        if w:
            out.append(w)
    return out


@functools.lru_cache(maxsize=65536)
def _words(name: str) -> tuple[str, ...]:
    return tuple(_merge_letters(org_key(name).split()))


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


# --------------------------------------------------------------------------- matching


@dataclass
class OrgMatch:
    """How two organisation names may be one organisation: a score (0-1) and reasons.

    Scores: 1.0 the same name or an alias in ``orgs.csv``; 0.95 small words
    ignored; 0.9 an acronym; 0.85 a local chapter; about 0.8-0.9 a similar
    spelling. Several reasons multiply.
    """

    score: float
    reasons: list[str] = field(default_factory=list)


def _has_digit(w: str) -> bool:
    return any(c.isdigit() for c in w)


def _initials(run: tuple[str, ...]) -> set[str]:
    """Return the acronyms a run of words may have: with and without its small words."""
    if len(run) < 2 or run[0] in _ACRONYM_SKIP or run[-1] in _ACRONYM_SKIP:
        return set()
    if any(_has_digit(w) for w in run):
        return set()
    out = {"".join(w[0] for w in run)}
    big = [w for w in run if w not in _ACRONYM_SKIP]
    if len(big) >= 2:
        out.add("".join(w[0] for w in big))
    return out


def _align(a: tuple[str, ...], b: tuple[str, ...]) -> frozenset[str] | None:
    """Align two word lists; return the kinds of liberty taken, or None.

    Words match when equal; a word on one side matches a run of words on
    the other whose initials it is ("acronym"); small words ("of", "the")
    may be skipped on either side ("small"). The alignment taking the
    fewest liberties wins.
    """

    @functools.cache
    def go(i: int, j: int) -> tuple[int, frozenset[str]] | None:
        if i == len(a) and j == len(b):
            return 0, frozenset()
        options: list[tuple[int, frozenset[str]]] = []

        def add(step: tuple[int, frozenset[str]] | None, cost: int, flag: str) -> None:
            if step is not None:
                options.append((step[0] + cost, step[1] | ({flag} if flag else set())))

        if i < len(a) and j < len(b) and a[i] == b[j]:
            add(go(i + 1, j + 1), 0, "")
        if i < len(a) and a[i] in _ACRONYM_SKIP:
            add(go(i + 1, j), 1, "small")
        if j < len(b) and b[j] in _ACRONYM_SKIP:
            add(go(i, j + 1), 1, "small")
        for x, y, xs, ys, fwd in ((i, j, a, b, True), (j, i, b, a, False)):
            if x < len(xs) and len(xs[x]) >= 2 and xs[x].isalpha():
                for end in range(y + 2, len(ys) + 1):
                    if xs[x] in _initials(ys[y:end]):
                        nxt = go(i + 1, end) if fwd else go(end, j + 1)
                        add(nxt, 3, "acronym")
        return min(options, key=lambda o: (o[0], sorted(o[1]))) if options else None

    found = go(0, 0)
    return None if found is None else found[1]


def _split_chapter(words: tuple[str, ...]) -> tuple[tuple[str, ...], str, tuple[str, ...], bool]:
    """Cut "seiu district 1199 wv ky oh" into ("seiu",), "1199", ("wv", "ky", "oh")."""
    dropped = any(w in _CHAPTER for w in words)
    kept = tuple(w for w in words if w not in _CHAPTER and w not in _CHAPTER_FILLER)
    at = next(i for i, w in enumerate(kept) if _has_digit(w))
    return kept[:at], kept[at], kept[at + 1 :], dropped


def _shorter_first(a: str, b: str) -> str:
    x, y = (a, b) if len(a) <= len(b) else (b, a)
    return f"{x.strip()} = {y.strip()}"


def org_match(a: str, b: str, *, known: OrgIndex | None = None) -> OrgMatch | None:
    """How two organisation names may be one organisation, or None.

    Tried in order:

    * an alias in ``orgs.csv`` (when ``known`` is given): "alias in orgs.csv";
    * the same :func:`org_key` (case, accents, punctuation, legal suffixes):
      "same name";
    * numbers must agree: "SEIU 1199" and "SEIU 32BJ" never match, nor a
      numbered local and a name without a number. With the same number,
      chapter words ("Local", "District", "Chapter", ...) and a regional
      qualifier after the number on one side are ignored: "local chapter
      (SEIU 1199 = SEIU District 1199 WV/KY/OH)";
    * the words aligned one to one, where a word may be the acronym of
      several words on the other side (any length, with or without the
      small words: "acronym (OEC = Ohio Environmental Council)", "NAACP",
      "AFL-CIO") and small words may be left out ("'of'/'the' ignored
      (ACLU Ohio = ACLU of Ohio)");
    * a near spelling of the whole key, rapidfuzz ``ratio`` at least
      :data:`SIMILAR` on keys of six characters or more: "similar (0.96)".

    Examples
    --------
    >>> org_match("OEC", "Ohio Environmental Council")
    OrgMatch(score=0.9, reasons=['acronym (OEC = Ohio Environmental Council)'])
    >>> org_match("ACLU of Ohio", "ACLU Ohio").reasons
    ["'of'/'the' ignored (ACLU Ohio = ACLU of Ohio)"]
    >>> org_match("SEIU 1199", "SEIU District 1199 WV/KY/OH").reasons
    ['local chapter (SEIU 1199 = SEIU District 1199 WV/KY/OH)']
    >>> org_match("Ohio Enviromental Council", "Ohio Environmental Council").reasons
    ['similar (0.98)']
    >>> org_match("SEIU 1199", "SEIU 32BJ") is None
    True
    """
    if known is not None:
        ca, cb = known.canonical(a), known.canonical(b)
        if ca is not None and ca == cb and org_key(a) != org_key(b):
            return OrgMatch(1.0, ["alias in orgs.csv"])
    ka, kb = org_key(a), org_key(b)
    if not ka or not kb:
        return None
    if ka == kb:
        return OrgMatch(1.0, ["same name"])
    wa, wb = _words(a), _words(b)
    if wa == wb:
        return OrgMatch(1.0, ["same name"])
    na = [w for w in wa if _has_digit(w)]
    nb = [w for w in wb if _has_digit(w)]
    if na != nb:
        return None
    score, reasons = 1.0, []
    if na:
        pa, num_a, qa, chap_a = _split_chapter(wa)
        pb, num_b, qb, chap_b = _split_chapter(wb)
        if num_a != num_b or (qa and qb and qa != qb):
            return None
        if chap_a != chap_b or qa != qb:
            score *= 0.85
            reasons.append(f"local chapter ({_shorter_first(a, b)})")
        wa, wb = (*pa, num_a), (*pb, num_b)
    flags = _align(wa, wb) if wa != wb else frozenset()
    if flags is not None:
        if "acronym" in flags:
            score *= 0.9
            reasons.append(f"acronym ({_shorter_first(a, b)})")
        if "small" in flags and "acronym" not in flags:  # "AFL-CIO": the "and" goes unsaid
            score *= 0.95
            reasons.append(f"'of'/'the' ignored ({_shorter_first(a, b)})")
        return OrgMatch(round(score, 2), reasons or ["same name"])
    if min(len(ka), len(kb)) >= 6:
        r = fuzz.ratio(ka, kb)
        if r >= SIMILAR:
            return OrgMatch(round(score * 0.9 * r / 100, 2), [*reasons, f"similar ({r / 100:.2f})"])
    return None


def _block_keys(name: str) -> set[str]:
    """Keys under which names that :func:`org_match` may pair are found together."""
    words = _words(name)
    if not words:
        return set()
    keys = {"p:" + "".join(words)[:4]}
    if len(words) == 1:
        keys.add("a:" + words[0])
    for i in range(len(words)):
        for j in range(i + 2, len(words) + 1):
            keys.update("a:" + x for x in _initials(words[i:j]))
    keys.update(
        "w:" + w for w in words if w not in _ACRONYM_SKIP and w not in _CHAPTER and len(w) >= 2
    )
    return keys


def _candidate_pairs(names: list[str], max_block: int) -> set[tuple[int, int]]:
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, n in enumerate(names):
        for k in _block_keys(n):
            blocks[k].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) < 2 or len(members) > max_block:
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                pairs.add((members[x], members[y]))
    return pairs


class AliasSuggestion(NamedTuple):
    """One suggestion of :func:`suggest_aliases`: a plain (canonical, alias, reason) tuple."""

    canonical: str
    alias: str
    reason: str


def suggest_aliases(
    names: Iterable[str], known: OrgIndex | None = None, *, max_block: int = 200
) -> list[tuple[str, str, str]]:
    """Return pairs of organisation names that look like one organisation.

    For ``tiegraph orgs``: each pair is (canonical, alias, reason) (an
    :class:`AliasSuggestion`, a named tuple), the
    canonical being the name ``orgs.csv`` already has, else the longer
    name of an acronym pair, else the name written more often (then the
    longer). Names with the same :func:`org_key` are one organisation
    already and pairs that ``known`` already maps to one organisation are
    left out. Pairs are found through blocks (shared words, acronyms, the
    first letters); a block of more than ``max_block`` names (a very common
    word) is not compared on its own.

    Parameters
    ----------
    names : iterable of str
        Organisation names as written (repeats count as use).
    known : OrgIndex, optional
        The organisations of ``orgs.csv``.

    Examples
    --------
    >>> found = suggest_aliases(["OEC", "Ohio Environmental Council", "Ohio Enviromental Council",
    ...                          "ACLU of Ohio", "ACLU Ohio", "Acme"])
    >>> [tuple(s) for s in found]  # doctest: +NORMALIZE_WHITESPACE
    [('ACLU of Ohio', 'ACLU Ohio', "'of'/'the' ignored (ACLU Ohio = ACLU of Ohio)"),
     ('Ohio Environmental Council', 'OEC', 'acronym (OEC = Ohio Environmental Council)'),
     ('Ohio Environmental Council', 'Ohio Enviromental Council', 'similar (0.98)')]
    """
    counts = Counter(n.strip() for n in map(str, names) if n and n.strip())
    by_key: dict[str, str] = {}
    for n, _c in counts.most_common():
        by_key.setdefault(org_key(n), n)
    uniq = sorted(by_key.values())
    declared = set(known.declared) if known is not None else set()
    out: set[tuple[str, str, str]] = set()
    for i, j in sorted(_candidate_pairs(uniq, max_block)):
        a, b = uniq[i], uniq[j]
        if known is not None:
            ca, cb = known.canonical(a), known.canonical(b)
            if ca is not None and ca == cb:
                continue
        m = org_match(a, b)
        if m is None:
            continue
        ka, kb = known.canonical(a) if known else None, known.canonical(b) if known else None
        if kb in declared and ka not in declared:
            canon, alias = kb or b, a
        elif ka in declared and kb not in declared:
            canon, alias = ka or a, b
        elif any(r.startswith("acronym") for r in m.reasons):
            canon, alias = (a, b) if len(a) >= len(b) else (b, a)
        else:
            ca_, cb_ = counts[a], counts[b]
            first = (a, b) if (ca_, len(a), b) > (cb_, len(b), a) else (b, a)
            canon, alias = first
        out.add((canon, alias, "; ".join(m.reasons)))
    # "OEC" is an acronym of both "Ohio Environmental Council" and of its typo: once is enough
    canon_of: dict[str, set[str]] = defaultdict(set)
    for canon, alias, _r in out:
        canon_of[alias].add(canon)
    return sorted(
        AliasSuggestion(canon, alias, reason)
        for canon, alias, reason in out
        if not any(other in canon_of[alias] for other in canon_of[canon])
    )


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
                for b in _block_keys(key):
                    blocks[b].add(key)
            self._blocks = dict(blocks)
        return self._blocks

    def _near(self, name: str, key: str) -> dict[str, tuple[str, float]]:
        """Organisations ``name`` may mean other than by key: canonical -> (how, score)."""
        blocks = self._block_index()
        keys: set[str] = set()
        for b in _block_keys(name):
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
