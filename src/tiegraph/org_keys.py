"""Organisation names as keys: the normalised form, the words, acronyms and chapters.

:func:`org_key` is the form two names are compared in ("The Acme Corp.,
Inc." is "acme"); :func:`org_words` its words with spelled-out letters
joined ("A.F.S.C.M.E." is "afscme"); :func:`org_acronym` and
:func:`run_acronyms` the acronyms a name may go by; :func:`split_chapter`
cuts a local chapter's number out of a name; :func:`block_keys` the keys
under which names that may be one organisation are found together.
:mod:`tiegraph.org_matching` and :mod:`tiegraph.orgs` build on these.
"""

from __future__ import annotations

import functools

from .names import fold

__all__ = [
    "ACRONYM_SKIP",
    "CHAPTER_WORDS",
    "block_keys",
    "has_digit",
    "org_acronym",
    "org_key",
    "org_words",
    "run_acronyms",
    "split_chapter",
]

#: Words an acronym skips ("American Federation of State ..." -> AFSCME).
ACRONYM_SKIP = frozenset({"of", "and", "the", "for", "in", "on", "at", "to", "a", "an", "de"})
#: Words that name a part of an organisation ("SEIU Local 1199", "UAW Region 2B").
CHAPTER_WORDS = frozenset({"local", "district", "chapter", "lodge", "branch", "division", "region"})
CHAPTER_FILLER = frozenset({"no", "nr", "number"})

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
def org_words(name: str) -> tuple[str, ...]:
    """Return the words of :func:`org_key`, runs of single letters joined."""
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
    words = [w for w in org_key(name).split() if w not in ACRONYM_SKIP]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def has_digit(w: str) -> bool:
    """Tell a word holding a digit (a chapter's number: "1199", "32bj")."""
    return any(c.isdigit() for c in w)


def run_acronyms(run: tuple[str, ...]) -> set[str]:
    """Return the acronyms a run of words may have: with and without its small words."""
    if len(run) < 2 or run[0] in ACRONYM_SKIP or run[-1] in ACRONYM_SKIP:
        return set()
    if any(has_digit(w) for w in run):
        return set()
    out = {"".join(w[0] for w in run)}
    big = [w for w in run if w not in ACRONYM_SKIP]
    if len(big) >= 2:
        out.add("".join(w[0] for w in big))
    return out


def split_chapter(words: tuple[str, ...]) -> tuple[tuple[str, ...], str, tuple[str, ...], bool]:
    """Cut "seiu district 1199 wv ky oh" into ("seiu",), "1199", ("wv", "ky", "oh")."""
    dropped = any(w in CHAPTER_WORDS for w in words)
    kept = tuple(w for w in words if w not in CHAPTER_WORDS and w not in CHAPTER_FILLER)
    at = next(i for i, w in enumerate(kept) if has_digit(w))
    return kept[:at], kept[at], kept[at + 1 :], dropped


def block_keys(name: str) -> set[str]:
    """Keys under which names that :func:`org_match` may pair are found together."""
    words = org_words(name)
    if not words:
        return set()
    keys = {"p:" + "".join(words)[:4]}
    if len(words) == 1:
        keys.add("a:" + words[0])
    for i in range(len(words)):
        for j in range(i + 2, len(words) + 1):
            keys.update("a:" + x for x in run_acronyms(words[i:j]))
    keys.update(
        "w:" + w for w in words if w not in ACRONYM_SKIP and w not in CHAPTER_WORDS and len(w) >= 2
    )
    return keys
