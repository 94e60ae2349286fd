"""Whether two organisation names may be one organisation, and the pairs that look so.

:func:`org_match` says how two names may be one organisation (an alias, an
acronym, "of"/"the", a local chapter, a typo), with a score;
:func:`suggest_aliases` lists such pairs among the names of a network,
found through the blocks of :func:`tiegraph.org_keys.block_keys`.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from rapidfuzz import fuzz

from .org_keys import (
    ACRONYM_SKIP,
    block_keys,
    has_digit,
    org_key,
    org_words,
    run_acronyms,
    split_chapter,
)

if TYPE_CHECKING:
    from .orgs import OrgIndex

__all__ = ["SIMILAR", "AliasSuggestion", "OrgMatch", "org_match", "suggest_aliases"]

#: Lowest rapidfuzz ``ratio`` (0-100) of two keys for :func:`org_match` to call them similar.
SIMILAR = 90.0


@dataclass
class OrgMatch:
    """How two organisation names may be one organisation: a score (0-1) and reasons.

    Scores: 1.0 the same name or an alias in ``orgs.csv``; 0.95 small words
    ignored; 0.9 an acronym; 0.85 a local chapter; about 0.8-0.9 a similar
    spelling. Several reasons multiply.
    """

    score: float
    reasons: list[str] = field(default_factory=list)


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
        if i < len(a) and a[i] in ACRONYM_SKIP:
            add(go(i + 1, j), 1, "small")
        if j < len(b) and b[j] in ACRONYM_SKIP:
            add(go(i, j + 1), 1, "small")
        for x, y, xs, ys, fwd in ((i, j, a, b, True), (j, i, b, a, False)):
            if x < len(xs) and len(xs[x]) >= 2 and xs[x].isalpha():
                for end in range(y + 2, len(ys) + 1):
                    if xs[x] in run_acronyms(ys[y:end]):
                        nxt = go(i + 1, end) if fwd else go(end, j + 1)
                        add(nxt, 3, "acronym")
        return min(options, key=lambda o: (o[0], sorted(o[1]))) if options else None

    found = go(0, 0)
    return None if found is None else found[1]


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
    wa, wb = org_words(a), org_words(b)
    if wa == wb:
        return OrgMatch(1.0, ["same name"])
    na = [w for w in wa if has_digit(w)]
    nb = [w for w in wb if has_digit(w)]
    if na != nb:
        return None
    score, reasons = 1.0, []
    if na:
        pa, num_a, qa, chap_a = split_chapter(wa)
        pb, num_b, qb, chap_b = split_chapter(wb)
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


def _candidate_pairs(names: list[str], max_block: int) -> set[tuple[int, int]]:
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, n in enumerate(names):
        for k in block_keys(n):
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
