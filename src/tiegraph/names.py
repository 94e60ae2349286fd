"""Person names: a normalised key, a parse, a graded match and blocking keys.

Names arrive from address books, LinkedIn, calendars and hand-written logs in
every script and order: "José Martínez Jr.", "Martínez, José", "J. Martinez",
"Dr. Gabriel Okafor", "Gabe Okafor", "王伟", "Wang Wei", "محمد علي". This
module answers three questions for identity resolution:

* :func:`name_key` -- are two names *the same* when written carelessly? Case,
  width, punctuation, spacing, honorifics ("Dr.", "Mr."), suffixes ("Jr.",
  "PhD") and Latin accents are ignored; "Family, Given" is read as
  "Given Family". Names in other scripts keep their script: "王伟" stays
  "王伟", so names that an ASCII fold would empty never share a key.
* :func:`name_match` -- how plausibly are two different keys one person
  (nickname, initial, middle name, suffix, typo, transliteration)? A score
  and short reasons for a report, or None.
* :func:`block_keys` -- which pairs among thousands of contacts are worth
  comparing at all? Two names that :func:`name_match` can match share at
  least one block key (the few exceptions are listed there).

Honorifics and suffixes are the lists of :mod:`nameparser`; nicknames
come from the :mod:`nicknames` package; transliteration for comparing across
scripts is :mod:`anyascii`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd
from anyascii import anyascii
from nameparser.config import CONSTANTS as _NP
from rapidfuzz import fuzz

__all__ = [
    "NameMatch",
    "ParsedName",
    "block_keys",
    "name_key",
    "name_keys",
    "name_match",
    "parse_name",
]

#: Honorifics dropped before a name whenever something follows them.
_HONORIFICS = frozenset(
    "mr mrs ms miss mx mister missus dr doctor prof professor rev revd reverend sir dame "
    "hon lord lady madam madame mme mlle herr frau sra srta fr".split()
)
#: Other titles nameparser knows ("Judge", "Sister", "Captain", also "King"): dropped only
#: when at least two words follow, so "King Wang" keeps "King" and "Judge Ann Lee" drops it.
_TITLES = frozenset(t.replace(".", "") for t in _NP.titles) | _HONORIFICS
#: Suffixes dropped after a name however written ("jr", "III", "Esq").
_SUFFIXES = frozenset(s.replace(".", "") for s in _NP.suffix_not_acronyms) | {
    "senior",
    "2nd",
    "3rd",
}
#: Degree and credential suffixes ("PhD", "MPH", "MD"): dropped only when written as an
#: acronym ("PhD", "M.D.", "MBA") or after a comma, so that "Nguyen Van Ba" keeps "Ba".
_SUFFIX_ACRONYMS = frozenset(s.replace(".", "") for s in _NP.suffix_acronyms)
#: Suffixes that tell generations apart: "José Martínez" and "José Martínez Jr." may differ.
_GENERATIONAL = frozenset("jr jnr junior sr snr senior i ii iii iv v vi 2nd 3rd 4th".split())
#: Particles that belong to the family name ("van der Berg", "de la Cruz", "bin Laden").
_PARTICLES = frozenset(p.rstrip("-") for p in _NP.prefixes)
#: Scripts written without a space between family and given name: the whole name is one word.
_UNSPACED = frozenset({"Han", "Hiragana", "Katakana", "Hangul"})
_APOSTROPHES = frozenset("'’ʼ‘`´ʻ")
#: Asides in brackets ("(she/her)", "[work]") and nicknames in double quotes ('"Bob"').
_ASIDE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|\{[^{}]*\}")
_QUOTED = re.compile(r"\"[^\"]*\"|“[^“”]*”|«[^«»]*»")
_SCRIPT_NAMES = {"CJK": "Han"}

#: Score of a match through transliteration only ("Wang Wei" and "王伟"): a candidate, never more.
TRANSLITERATION_SCORE = 0.5
#: Lowest rapidfuzz ``ratio`` (0-100) of two whole keys for "similar spelling".
SIMILAR_SPELLING = 90.0
#: Lowest rapidfuzz ``ratio`` (0-100) of two family names for a family-name typo.
SIMILAR_FAMILY = 85.0


# --------------------------------------------------------------------------- characters


@functools.lru_cache(maxsize=4096)
def _script_of(ch: str) -> str:
    """Return the script of one letter ("Latin", "Han", "Arabic", ...), or ""."""
    if not unicodedata.category(ch).startswith(("L", "M")):
        return ""
    first = unicodedata.name(ch, "").split(" ", 1)[0]
    if not first:
        return ""
    return _SCRIPT_NAMES.get(first, first.title())


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """Fold one casefolded character for a key (" " for a separator, "" for an apostrophe).

    Latin letters lose their accents and become ASCII (ø -> o, ł -> l, ß -> ss);
    letters and marks of other scripts stay as they are.
    """
    if ch in _APOSTROPHES:
        return ""
    cat = unicodedata.category(ch)
    if not cat.startswith(("L", "M", "N")):
        return " "
    if ch.isascii():
        return ch
    if _script_of(ch) == "Latin":
        return anyascii(ch).lower().translate(_ASCII_FOLD)
    return ch


_ASCII_FOLD = {
    i: (None if chr(i) in _APOSTROPHES else " ") for i in range(128) if not chr(i).isalnum()
}


def fold(text: str) -> str:
    """Casefold ``text`` and fold Latin letters to ASCII, keeping other scripts."""
    if text.isascii():
        return text.translate(_ASCII_FOLD)
    out: list[str] = []
    latin_base = False
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "Mn" and latin_base:
            continue  # a combining accent on a Latin letter (n + U+0308)
        folded = _fold_char(ch)
        if cat.startswith("L"):
            latin_base = _script_of(ch) == "Latin"
        out.append(folded)
    return "".join(out)


def _script(text: str) -> str:
    """Return the script of most letters of ``text``, or "" when it has none."""
    if text.isascii():
        return "Latin" if any(c.isalpha() for c in text) else ""
    counts = Counter(s for s in map(_script_of, text) if s)
    if not counts:
        return ""
    return counts.most_common(1)[0][0]


# --------------------------------------------------------------------------- parsing


@dataclass(frozen=True)
class _Chunk:
    """One whitespace-separated word of a name, as written and as folded."""

    text: str  # as written, e.g. "Ph.D." or "Núñez-Smith"
    words: tuple[str, ...]  # folded key words, e.g. ("phd",) or ("nunez", "smith")

    @property
    def compact(self) -> str:
        return "".join(self.words)

    @property
    def written_as_acronym(self) -> bool:
        """True for "PhD", "MPH", "M.D.": two capitals or a dot."""
        return "." in self.text or sum(c.isupper() for c in self.text) >= 2


def _chunks(part: str) -> list[_Chunk]:
    out = []
    for text in part.split():
        words = tuple(fold(text.casefold()).split())
        if words:
            out.append(_Chunk(text, words))
    return out


def _is_suffix(c: _Chunk, *, after_comma: bool = False) -> bool:
    k = c.compact
    return k in _SUFFIXES or (k in _SUFFIX_ACRONYMS and (after_comma or c.written_as_acronym))


def _droppable(c: _Chunk) -> bool:
    return c.compact in _TITLES or _is_suffix(c)


@dataclass(frozen=True)
class _Parts:
    """A name cut into words: what is kept (given first), what was dropped."""

    kept: list[_Chunk]
    suffixes: list[_Chunk]
    script: str


@functools.lru_cache(maxsize=65536)
def _parts(name: str) -> _Parts:
    text = unicodedata.normalize("NFKC", name).strip()
    # 'Jane Doe (she/her)', 'Robert "Bob" Smith': asides are not part of the name
    bare = _ASIDE.sub(" ", text)
    if fold(bare.casefold()).strip():
        text = bare
    bare = _QUOTED.sub(" ", text)  # a quoted nickname goes only when a full name stays
    if len(fold(bare.casefold()).split()) >= 2:
        text = bare
    pieces = [_chunks(p) for p in text.split(",")]
    pieces = [p for p in pieces if p]
    suffixes: list[_Chunk] = []
    # ", Jr." / ", PhD" after a comma: suffixes, not a given name
    while len(pieces) > 1 and all(_is_suffix(c, after_comma=True) for c in pieces[-1]):
        suffixes[:0] = pieces.pop()
    if len(pieces) >= 2:  # "Martínez, José": family first
        chunks = [c for p in pieces[1:] for c in p] + pieces[0]
    else:
        chunks = pieces[0] if pieces else []
    script = _script(text)
    if chunks and not all(_droppable(c) for c in chunks):
        while len(chunks) > 1 and _is_suffix(chunks[-1]):
            suffixes.insert(0, chunks.pop())
        while len(chunks) > 1 and (
            chunks[0].compact in _HONORIFICS or (chunks[0].compact in _TITLES and len(chunks) > 2)
        ):
            chunks.pop(0)
    return _Parts(chunks, suffixes, script)


def _key_once(name: str) -> str:
    parts = _parts(name)
    key = " ".join(w for c in parts.kept for w in c.words)
    if key:
        return key
    # nothing but punctuation or symbols: keep the text itself, never an empty key
    return " ".join(unicodedata.normalize("NFKC", name.casefold()).split())


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Return the normalised form of a person's name, for exact comparison.

    NFKC, case-folded; punctuation and spacing collapsed; apostrophes dropped
    ("O'Brien" is "obrien"); accents removed from Latin letters only;
    honorifics and suffixes dropped (:mod:`nameparser`'s lists); "Family,
    Given" read as "Given Family". Names in other scripts stay in their
    script. Never empty for a name that is not blank: a name made only of
    honorifics or suffixes keeps them, and one made only of symbols keeps
    the symbols. ``name_key(name_key(x)) == name_key(x)``.

    Examples
    --------
    >>> name_key("  José  NÚÑEZ-Smith ")
    'jose nunez smith'
    >>> name_key("Martínez, José, Jr.") == name_key("José Martínez") == "jose martinez"
    True
    >>> name_key("Dr. Jane O'Brien, MPH")
    'jane obrien'
    >>> name_key("王伟"), name_key("Ｍｒ. ＷＡＮＧ Ｗｅｉ")
    ('王伟', 'wang wei')
    >>> name_key("Dr.")
    'dr'
    """
    plain = _plain_key(name) if name.isascii() else _accented_key(name)
    if plain is not None:
        return plain
    key = _key_once(name)
    words = key.split()
    if (
        words
        and words[0] not in _TITLES
        and words[-1] not in _SUFFIXES
        and words[-1] not in _SUFFIX_ACRONYMS
        and (key.isascii() or unicodedata.is_normalized("NFKC", key))
    ):
        return key  # nothing a second pass could drop or change
    for _ in range(4):  # a second pass can only drop more ("Dr.Smith" -> "dr smith" -> "smith")
        again = _key_once(key)
        if again == key:
            break
        key = again
    return key


#: A name whose key is its words, lower-cased: printable ASCII, no brackets, quotes or commas,
#: and every space-separated part holding a letter or a digit.
_PLAIN_NAME = re.compile(r"^(?!.*[,()\[\]{}\"])(?!(?:.*\s)?[^A-Za-z0-9\s]+(?:\s|$))[\x20-\x7e]*$")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_APOSTROPHE_ASCII = re.compile(r"['`]")


def _plain_key(name: str) -> str | None:
    """Return the key of a plain name (what :func:`_key_once` returns), None for another name.

    Plain: printable ASCII without brackets, quotes or commas, whose first
    part is no honorific and whose last part is no suffix.
    """
    if not _PLAIN_NAME.match(name):
        return None
    low = name.lower().split()
    if not low:
        return None
    first, last = _NOT_WORD.sub("", low[0]), _NOT_WORD.sub("", low[-1])
    if first in _TITLES or last in _SUFFIXES or last in _SUFFIX_ACRONYMS:
        return None
    words = _NOT_WORD.sub(" ", _APOSTROPHE_ASCII.sub("", " ".join(low))).split()
    if not words or words[0] in _TITLES or words[-1] in _SUFFIXES or words[-1] in _SUFFIX_ACRONYMS:
        return None
    return " ".join(words)


def _accented_key(name: str) -> str | None:
    """Return the key of a plain name with accented Latin letters ("José Núñez"), else None.

    The name's compatibility decomposition without its combining accents must
    be ASCII, each accent directly after an ASCII letter (what :func:`fold`
    drops); the ASCII name is then keyed as a plain one.
    """
    out = []
    after_letter = False
    for ch in unicodedata.normalize("NFKD", name):
        if unicodedata.category(ch) == "Mn":
            if not after_letter:
                return None
            continue
        if not ch.isascii():
            return None
        out.append(ch)
        after_letter = ch.isalpha()
    return _plain_key("".join(out))


def name_keys(names: pd.Series) -> pd.Series:
    """Return :func:`name_key` of every name of a column (same index), each name keyed once.

    Examples
    --------
    >>> name_keys(pd.Series(["Jane  O'Brien-Lee", "Dr. José Núñez", "Jane O'Brien-Lee"])).tolist()
    ['jane obrien lee', 'jose nunez', 'jane obrien lee']
    """
    text = names.astype(str)
    uniq = pd.unique(text.to_numpy())
    keys = dict(zip(uniq, map(name_key, uniq), strict=True))
    return text.map(keys).astype(object)


@dataclass(frozen=True)
class ParsedName:
    """A person's name cut into parts (as written), with its key and script.

    ``given``, ``middle`` and ``family`` are as written, without honorifics
    or suffixes; ``suffix`` holds the dropped suffixes ("Jr.", "PhD").
    A name in a script written without spaces (Chinese, Japanese, Korean) is
    not cut: it is all in ``family``. ``key`` is :func:`name_key`; ``script``
    is the script of most of its letters ("Latin", "Han", "Arabic",
    "Cyrillic", "Hangul", ...; "" when it has no letters).
    """

    given: str
    middle: str
    family: str
    suffix: str
    key: str
    script: str


@functools.lru_cache(maxsize=65536)
def parse_name(name: str) -> ParsedName:
    """Cut a person's name into given, middle and family name.

    "Family, Given" is understood; particles stay with the family name
    ("Jan van der Berg" -> family "van der Berg"); honorifics are dropped
    and suffixes kept apart.

    Examples
    --------
    >>> p = parse_name("Martínez, José A., Jr.")
    >>> p.given, p.middle, p.family, p.suffix, p.key, p.script
    ('José', 'A.', 'Martínez', 'Jr.', 'jose a martinez', 'Latin')
    >>> parse_name("Dr. Jan van der Berg").family
    'van der Berg'
    >>> p = parse_name("王伟")
    >>> p.given, p.family, p.key, p.script
    ('', '王伟', '王伟', 'Han')
    """
    parts = _parts(name)
    kept = parts.kept
    key = name_key(name)
    suffix = " ".join(c.text for c in parts.suffixes)
    if not kept:
        return ParsedName("", "", "", suffix, key, parts.script)
    if len(kept) == 1:
        only = kept[0].text.strip(",")
        if parts.script in _UNSPACED:
            return ParsedName("", "", only, suffix, key, parts.script)
        return ParsedName(only, "", "", suffix, key, parts.script)
    start = len(kept) - 1
    while start > 1 and kept[start - 1].compact in _PARTICLES:
        start -= 1
    given = kept[0].text
    middle = " ".join(c.text for c in kept[1:start])
    family = " ".join(c.text for c in kept[start:])
    return ParsedName(given, middle, family, suffix, key, parts.script)


# --------------------------------------------------------------------------- nicknames


@functools.lru_cache(maxsize=1)
def _nicknamer():  # type: ignore[no-untyped-def]
    from nicknames import NickNamer

    return NickNamer()


@functools.lru_cache(maxsize=16384)
def _name_variants(given: str) -> frozenset[str]:
    """``given`` (a folded given name) and the formal names it may be short for."""
    if not given or not given.isascii():
        return frozenset({given})
    return frozenset({given} | _nicknamer().canonicals_of(given))


def _nickname_of(a: str, b: str) -> bool:
    """Tell whether one given name is a nickname of the other, or both of one name."""
    if not a.isascii() or not b.isascii() or len(a) < 2 or len(b) < 2:
        return False
    va, vb = _name_variants(a), _name_variants(b)
    return b in va or a in vb or bool((va - {a}) & (vb - {b}))


# --------------------------------------------------------------------------- matching


@dataclass
class NameMatch:
    """How two person names match: a score (0-1) and short reasons for a report.

    Scores: 1.0 the same key; about 0.9 a nickname or a middle name more or
    less; about 0.75-0.85 an initial, a suffix on one side only, a similar
    spelling; 0.5 or less a candidate to show, not to merge on (a
    transliteration, two different generational suffixes).
    """

    score: float
    reasons: list[str] = field(default_factory=list)


def _generations(suffix: str) -> set[str]:
    return {w for w in fold(suffix.casefold()).split() if w in _GENERATIONAL}


def _translit_words(p: ParsedName) -> list[str]:
    """Return the words of a name in ASCII; each CJK character is one syllable."""
    text = " ".join(x for x in (p.given, p.middle, p.family) if x) or p.key
    out: list[str] = []
    for word in text.split():
        if _script(word) in _UNSPACED:
            out.extend(anyascii(ch).lower() for ch in word if not ch.isspace())
        else:
            out.extend(fold(anyascii(word).casefold()).split())
    return [w for w in out if w]


def _transliteration(pa: ParsedName, pb: ParsedName) -> NameMatch | None:
    wa, wb = _translit_words(pa), _translit_words(pb)
    if not wa or not wb:
        return None
    if sorted(wa) == sorted(wb):
        return NameMatch(TRANSLITERATION_SCORE, ["transliteration"])
    joined_b = "".join(wb)
    best = max(fuzz.ratio("".join(wa[i:] + wa[:i]), joined_b) for i in range(len(wa)))
    if best >= SIMILAR_FAMILY:
        return NameMatch(
            round(TRANSLITERATION_SCORE * 0.8, 2), [f"transliteration ({best / 100:.2f})"]
        )
    return None


def _words(text: str) -> list[str]:
    return fold(text.casefold()).split()


def _middle_relation(ma: list[str], mb: list[str]) -> tuple[float, str] | None:
    """Compare middle names: (factor, reason) or None when they contradict."""
    if ma == mb:
        return 1.0, ""
    if not ma or not mb:
        return 0.95, "middle name"
    if len(ma) != len(mb):
        return None
    for x, y in zip(ma, mb, strict=True):
        if x != y and not ((len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))):
            return None
    return 0.95, "middle initial"


def _subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(w in it for w in short)


def _structured(pa: ParsedName, pb: ParsedName, a: str, b: str) -> NameMatch | None:
    """Given, middle and family name compared one by one (both names have both)."""
    ga, gb = _words(pa.given), _words(pb.given)
    fa, fb = _words(pa.family), _words(pb.family)
    score, reasons = 1.0, []
    ka, kb = " ".join(fa), " ".join(fb)
    if ka != kb:
        r = fuzz.ratio(ka, kb)
        if r < SIMILAR_FAMILY or min(len(ka), len(kb)) < 4:
            return None
        score *= 0.85 * r / 100
        reasons.append(f"similar spelling ({r / 100:.2f})")
    ja, jb = " ".join(ga), " ".join(gb)
    if ja != jb:
        if (len(ja) == 1 and jb.startswith(ja)) or (len(jb) == 1 and ja.startswith(jb)):
            short, full = (a, b) if len(ja) == 1 else (b, a)
            score *= 0.8
            reasons.append(f"initial ({short.strip()} = {full.strip()})")
        elif _nickname_of(ja, jb):
            short, full = (pa.given, pb.given) if len(ja) <= len(jb) else (pb.given, pa.given)
            score *= 0.9
            reasons.append(f"nickname ({short} = {full})")
        else:
            r = fuzz.ratio(ja, jb)
            if r < 80 or min(len(ja), len(jb)) < 5 or reasons:
                return None
            score *= 0.85 * r / 100
            reasons.append(f"similar spelling ({r / 100:.2f})")
    mid = _middle_relation(_words(pa.middle), _words(pb.middle))
    if mid is None:
        return None
    score *= mid[0]
    if mid[1]:
        reasons.append(mid[1])
    return NameMatch(score, reasons)


def name_match(a: str, b: str) -> NameMatch | None:
    """How two person names match, or None when they do not plausibly match.

    Tried in order: the same :func:`name_key` ("same name"); names in two
    different scripts, only through a transliteration (a low-score
    candidate: "transliteration"); two different names in a script written
    without spaces (Chinese, Japanese, Korean) never match; the same words
    in another order ("word order"); one name with an extra middle or second
    family name ("middle name"); then given, middle and family name one by
    one: a nickname ("nickname (Gabe = Gabriel)", from the :mod:`nicknames`
    package), an initial ("initial (J. Martinez = José Martínez)"), a middle
    name on one side only or its initial, a typo ("similar spelling
    (0.93)", rapidfuzz, within one script). Last, two whole keys at least
    :data:`SIMILAR_SPELLING` alike. A generational suffix ("Jr.", "III") on
    one side only lowers the score ("suffix differs (Jr.)"); two different
    ones ("Jr." and "Sr.") lower it to a candidate.

    Examples
    --------
    >>> name_match("Gabe Okafor", "Dr. Gabriel Okafor").reasons
    ['nickname (Gabe = Gabriel)']
    >>> m = name_match("José Martínez", "José Martínez Jr.")
    >>> m.score, m.reasons
    (0.85, ['same name', 'suffix differs (Jr.)'])
    >>> name_match("Jon Smith", "Joan Smythe") is None
    True
    >>> name_match("Wang Wei", "王伟")
    NameMatch(score=0.5, reasons=['transliteration'])
    >>> name_match("王伟", "王芳") is None
    True
    """
    pa, pb = parse_name(a), parse_name(b)
    if not pa.key.strip() or not pb.key.strip():
        return None
    match = _match_keys(pa, pb, a, b)
    if match is None:
        return None
    gen_a, gen_b = _generations(pa.suffix), _generations(pb.suffix)
    if gen_a != gen_b:
        if gen_a and gen_b:
            match.score *= 0.5
            match.reasons.append(f"suffix differs ({pa.suffix} / {pb.suffix})")
        else:
            match.score *= 0.85
            match.reasons.append(f"suffix differs ({pa.suffix or pb.suffix})")
    match.score = round(min(match.score, 1.0), 2)
    return match


def _match_keys(pa: ParsedName, pb: ParsedName, a: str, b: str) -> NameMatch | None:
    if pa.key == pb.key:
        return NameMatch(1.0, ["same name"])
    if pa.script and pb.script and pa.script != pb.script:
        return _transliteration(pa, pb)
    if pa.script in _UNSPACED or pb.script in _UNSPACED:
        return None
    ta, tb = pa.key.split(), pb.key.split()
    if len(ta) >= 2 and sorted(ta) == sorted(tb):
        return NameMatch(0.8, ["word order"])
    short, long = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if len(short) >= 2 and len(short) < len(long) and short[0] == long[0]:
        if _subsequence(short, long):
            if short[-1] == long[-1]:
                return NameMatch(0.9, ["middle name"])
            return NameMatch(0.8, ["second family name"])
    if pa.given and pa.family and pb.given and pb.family:
        return _structured(pa, pb, a, b)
    if len(ta) == len(tb):  # one word each (or names nameparser could not cut)
        r = fuzz.ratio(pa.key, pb.key)
        if r >= SIMILAR_SPELLING:
            return NameMatch(0.9 * r / 100, [f"similar spelling ({r / 100:.2f})"])
    return None


# --------------------------------------------------------------------------- blocking


@functools.lru_cache(maxsize=65536)
def _block_keys(name: str) -> frozenset[str]:
    p = parse_name(name)
    if not p.key.strip():
        return frozenset()
    keys = {"k:" + p.key}
    translit = _translit_words(p)
    if translit:
        keys.add("t:" + " ".join(sorted(translit)))
    if p.script in _UNSPACED:
        return frozenset(keys)
    words = p.key.split()
    if len(words) >= 2:
        keys.add("s:" + " ".join(sorted(words)))
    given, family = " ".join(_words(p.given)), " ".join(_words(p.family))
    if not (given and family):
        keys.add("p:" + p.key[:4])
        return frozenset(keys)
    keys.add("f:" + family)
    keys.update("f:" + w for w in _words(p.middle) if len(w) > 1 and w not in _PARTICLES)
    keys.add(f"i:{given[0]} {family}")
    keys.add(f"g:{given} {family[0]}")
    variants = _name_variants(given)
    keys.update(f"n:{v} {family}" for v in variants)
    keys.update(f"x:{v[0]} {family[:4]}" for v in variants if v)
    return frozenset(keys)


def block_keys(name: str) -> set[str]:
    """Return cheap blocking keys: names that may match share at least one.

    Compare only the pairs of contacts that share a key instead of all
    pairs (O(n) keys; cached per name). Keys are prefixed by kind:

    * ``k:`` the :func:`name_key` (same name);
    * ``t:`` the ASCII transliteration, words sorted ("Wang Wei", "Wei Wang"
      and "王伟" meet here; homophones such as "张伟" and "章伟" too, and
      :func:`name_match` then tells them apart);
    * ``s:`` the words sorted (word order, "Family, Given");
    * ``f:`` the family name (nicknames, initials, typos in the given name);
    * ``i:`` the first initial and family name; ``n:`` each formal name
      the given name may be a nickname of, and the family name (these two
      are finer blocks within ``f:``, for when ``f:`` blocks are too big);
    * ``f:`` also each middle word ("José Martínez García" meets "José
      Martínez");
    * ``g:`` the given name and the family name's first letter, and ``x:``
      the initial of the given name (or of a formal name it is short for)
      and the family name's first four letters (typos in the family name,
      also with a nickname or an initial: "Bob Martines", "Robert Martínez");
    * ``p:`` the first four letters of a one-word name ("Madona").

    A name in a script written without spaces gets only ``k:`` and ``t:``.
    Missed by design: a typo within the first four letters of a family
    name together with a different given name, and a transliteration that
    is only similar ("Kim Min-jun" and "김민준", which reads "Gim Min Jun").
    Common family names make big ``f:`` blocks: skip blocks above a few
    hundred names and rely on the finer keys.

    Examples
    --------
    >>> sorted(block_keys("Gabe Okafor"))  # doctest: +NORMALIZE_WHITESPACE
    ['f:okafor', 'g:gabe o', 'i:g okafor', 'k:gabe okafor', 'n:gabe okafor',
     'n:gabriel okafor', 's:gabe okafor', 't:gabe okafor', 'x:g okaf']
    >>> sorted(block_keys("王伟"))
    ['k:王伟', 't:wang wei']
    >>> bool(block_keys("Gabriel Okafor") & block_keys("Gabe Okafor"))
    True
    """
    return set(_block_keys(name))
