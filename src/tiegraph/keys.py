"""Identity keys: the values that identify one person exactly.

An email address, a phone number and a profile URL each identify a person,
across files and re-imports, once normalised:

- **emails**: trimmed and lower-cased; ``mailto:`` removed; a value that is
  not an address (``N/A``, a URL, a name) is not a key;
- **phones**: parsed with Google's ``phonenumbers`` library and written in
  E.164 (``+14155550123``); a number without a country code is read in the
  folder's default region (``[identity] default_region`` in
  ``network.toml``); an extension is kept (``+14155550123;ext=12`` is
  written ``+14155550123x12``); a value that is not a number is not a key;
- **profile URLs**: scheme, ``www.``/``m.``/country subdomains, case, a
  trailing slash, a query string and a fragment are ignored, and a LinkedIn
  profile becomes ``linkedin.com/in/<slug>``.

Two contacts that both have keys of one kind (say, both have emails) and
share none of them are different people: :func:`conflicting_kinds` names
the kinds where that is so.

Examples
--------
>>> normalize_email(" Jane.Doe@Example.ORG ")
'jane.doe@example.org'
>>> normalize_email("N/A") is None
True
>>> normalize_phone("(415) 555-0123", "US")
'+14155550123'
>>> normalize_phone("+44 20 7946 0958")
'+442079460958'
>>> normalize_url("https://www.linkedin.com/in/Jane-Doe-1234/?trk=abc")
'linkedin.com/in/jane-doe-1234'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

import numpy as np
import pandas as pd
import phonenumbers

__all__ = [
    "KEY_KINDS",
    "Keys",
    "conflicting_kinds",
    "key_table",
    "normalize_email",
    "normalize_phone",
    "normalize_url",
    "normalize_urls",
    "split_cells",
    "split_list",
]

#: The kinds of identity key, in the order they are tried.
KEY_KINDS = ("email", "url", "phone")

_EMAIL = re.compile(r"^[^@\s;,<>()\[\]\\\"']+@[^@\s;,<>()\[\]\\\"']+\.[^@\s;,<>()\[\]\\\"'.]+$")
_LINKEDIN = re.compile(r"^(?:[a-z]{2,3}\.)?linkedin\.com/(in|pub|profile)/([^/?#]+)(?:/.*)?$")
_PHONE_CHARS = re.compile(r"^[\d\s()+\-./x#*extEXT,;:]+$")


def split_list(cell: object, sep: str = ";") -> list[str]:
    """Return the non-empty, stripped values of a ``;``-separated cell."""
    if cell is None:
        return []
    text = str(cell)
    if not text or text == "nan":
        return []
    return [v.strip() for v in text.split(sep) if v.strip()]


def normalize_email(value: object) -> str | None:
    """Return the normalised address, or ``None`` when ``value`` is not an email address."""
    text = str(value or "").strip().strip("<>").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.strip().lower()
    return text if _EMAIL.match(text) else None


def normalize_phone(value: object, region: str | None = None) -> str | None:
    """Return the phone number in E.164 (``+14155550123``), or ``None`` if it is not one.

    Parameters
    ----------
    value : str
        The number as written (``(415) 555-0123``, ``+44 20 7946 0958``,
        ``tel:+1-415-555-0123``).
    region : str, optional
        The ISO country code for numbers written without a country code
        (``US``, ``GB``). Without it, such a number is kept as its digits
        (``4155550123``), still a key within one folder.
    """
    # an import normalises each number twice (its key, then the row it writes): parse it once
    return _normalize_phone(str(value or ""), region)


@functools.lru_cache(maxsize=1 << 17)
def _normalize_phone(value: str, region: str | None) -> str | None:
    text = value.strip()
    if text.lower().startswith("tel:"):
        text = text[4:]
    if not text or not _PHONE_CHARS.match(text):
        return None
    digits = re.sub(r"\D", "", text)
    if len(digits) < 5:
        return None
    try:
        number = phonenumbers.parse(text, region.upper() if region else None)
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and (
        phonenumbers.is_possible_number(number) or phonenumbers.is_valid_number(number)
    ):
        out = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if number.extension:
            out += f"x{number.extension}"
        return out
    if text.startswith("+") or text.startswith("00"):
        return "+" + digits.removeprefix("00") if text.startswith("00") else "+" + digits
    return digits


def normalize_url(value: object) -> str | None:
    """Return a profile URL without scheme, ``www``, case, query or trailing slash.

    ``None`` when ``value`` is not a web address.
    """
    text = str(value or "").strip().replace("\\:", ":").replace("\\,", ",")
    if not text or " " in text:
        return None
    if "://" not in text:
        if "." not in text.split("/", 1)[0]:
            return None
        text = "http://" + text
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    host = parts.netloc.lower().rsplit("@", 1)[-1].split(":", 1)[0]
    for prefix in ("www.", "m.", "mobile."):
        host = host.removeprefix(prefix)
    path = unquote(parts.path).rstrip("/")
    out = (host + path).lower()
    m = _LINKEDIN.match(out)
    if m:
        return f"linkedin.com/{'in' if m.group(1) == 'profile' else m.group(1)}/{m.group(2)}"
    return out


@dataclass
class Keys:
    """The normalised identity keys of one person, by kind."""

    email: set[str] = field(default_factory=set)
    url: set[str] = field(default_factory=set)
    phone: set[str] = field(default_factory=set)

    @classmethod
    def of(
        cls,
        emails: Iterable[str] = (),
        urls: Iterable[str] = (),
        phones: Iterable[str] = (),
        region: str | None = None,
    ) -> Keys:
        """Normalise raw values into keys (values that are not keys are left out)."""
        return cls(
            email={k for k in map(normalize_email, emails) if k},
            url={k for k in map(normalize_url, urls) if k},
            phone={k for k in (normalize_phone(p, region) for p in phones) if k},
        )

    def pairs(self) -> list[tuple[str, str]]:
        """Return every key as ``(kind, value)``."""
        return [(kind, v) for kind in KEY_KINDS for v in sorted(getattr(self, kind))]

    def __bool__(self) -> bool:
        return bool(self.email or self.url or self.phone)


def conflicting_kinds(a: Keys, b: Keys) -> list[str]:
    """Return the kinds of key where both people have some and share none.

    Such people are different people, whatever their names. Profile URLs
    are compared site by site: two LinkedIn profiles that differ are two
    people, a LinkedIn profile and a home page are not in conflict.

    Examples
    --------
    >>> conflicting_kinds(Keys(email={"a@x.org"}), Keys(email={"b@x.org"}, phone={"+1555"}))
    ['email']
    >>> conflicting_kinds(Keys(email={"a@x.org", "b@x.org"}), Keys(email={"b@x.org"}))
    []
    >>> conflicting_kinds(Keys(url={"linkedin.com/in/jd"}), Keys(url={"example.org/jane"}))
    []
    >>> conflicting_kinds(Keys(url={"linkedin.com/in/jd"}), Keys(url={"linkedin.com/in/jd-2"}))
    ['url']
    """
    out = []
    for kind in KEY_KINDS:
        x, y = getattr(a, kind), getattr(b, kind)
        if kind == "url":
            # a LinkedIn profile and a home page are not in conflict; two LinkedIn profiles are
            hosts = {_host(u) for u in x} & {_host(u) for u in y}
            if any(
                not {u for u in x if _host(u) == h} & {u for u in y if _host(u) == h} for h in hosts
            ):
                out.append(kind)
        elif x and y and not x & y:
            out.append(kind)
    return out


def _host(url: str) -> str:
    return url.split("/", 1)[0]


# --------------------------------------------------------------------------- whole columns

#: A URL that :func:`normalize_url` reads without surprises: http(s), a plain host and path.
_PLAIN_URL = re.compile(r"^[Hh][Tt][Tt][Pp][Ss]?://([A-Za-z0-9.\-]+)(/[A-Za-z0-9._~\-/]*)?$")


@functools.lru_cache(maxsize=1 << 17)
def _url_key(value: str) -> str:
    """Return :func:`normalize_url` of one value ("" when it is not a web address)."""
    m = _PLAIN_URL.match(value)
    if m is None:
        return normalize_url(value) or ""
    host = m.group(1).lower()
    for prefix in ("www.", "m.", "mobile."):
        host = host.removeprefix(prefix)
    out = (host + (m.group(2) or "").rstrip("/")).lower()
    linked = _LINKEDIN.match(out)
    if linked:
        kind = "in" if linked.group(1) == "profile" else linked.group(1)
        return f"linkedin.com/{kind}/{linked.group(2)}"
    return out


_EDGE_SPACE = re.compile(r"\x00\s|\s\x00")


def split_cells(cells: pd.Series) -> pd.Series:
    """Return the values of each ``;``-separated cell, one per row (:func:`split_list`).

    The result is indexed by the cell's position (0, 1, ...), a position
    repeated for each of its values, in order; empty cells give no row.

    Examples
    --------
    >>> split_cells(pd.Series(["a@x.org; b@x.org", "", None, " c "])).tolist()
    ['a@x.org', 'b@x.org', 'c']
    >>> split_cells(pd.Series(["a@x.org; b@x.org", "", None, " c "])).index.tolist()
    [0, 0, 3]
    """
    text = cells.reset_index(drop=True).astype(object)
    try:
        joined = "\x00" + "\x00".join(text.tolist()) + "\x00"
    except TypeError:  # missing values or numbers
        text = text.where(text.notna(), "").astype(str)
        joined = "\x00" + "\x00".join(text.tolist()) + "\x00"
    if ";" not in joined and "\x00nan\x00" not in joined and not _EDGE_SPACE.search(joined):
        return text[(text != "").to_numpy()]  # one clean value or none in every cell
    text = text.where(text != "nan", "")
    several = text.str.contains(";", regex=False)
    one = text[~several].str.strip()
    many = text[several].str.split(";").explode().str.strip()
    out = pd.concat([one, many]) if several.any() else one
    out = out[out != ""]
    return out.sort_index(kind="stable").astype(object) if several.any() else out.astype(object)


def normalize_urls(values: pd.Series) -> pd.Series:
    """Return :func:`normalize_url` of every value ("" where it is not a web address).

    Each distinct value is normalised once, a plain ``http(s)://host/path``
    (nearly every value of an export) with one regular expression.

    Examples
    --------
    >>> normalize_urls(pd.Series(["https://www.linkedin.com/in/Jane-Doe/", "n/a"])).tolist()
    ['linkedin.com/in/jane-doe', '']
    """
    text = values.astype(str)
    uniq = pd.unique(text.to_numpy())
    keys = dict(zip(uniq, map(_url_key, uniq), strict=True))
    return text.map(keys).astype(object)


def key_table(
    emails: pd.Series, urls: pd.Series, phones: pd.Series, region: str | None = None
) -> pd.DataFrame:
    """Return every identity key of rows of a contacts table, one per row of the result.

    Parameters
    ----------
    emails, urls, phones : Series
        The ``email``, ``url`` and ``phone`` cells (``;``-lists), one per contact.
    region : str, optional
        Default region for phone numbers without a country code.

    Returns
    -------
    DataFrame
        Columns ``row`` (the contact's position), ``kind`` (``email``, ``url``
        or ``phone``) and ``key`` (normalised); each key once per row.

    Examples
    --------
    >>> t = key_table(pd.Series(["Jane@X.org", ""]), pd.Series(["", "x.org/bob"]),
    ...               pd.Series(["N/A", ""]))
    >>> t.values.tolist()
    [[0, 'email', 'jane@x.org'], [1, 'url', 'x.org/bob']]
    """
    parts = []
    for kind, cells in (("email", emails), ("url", urls), ("phone", phones)):
        raw = split_cells(cells)
        if not len(raw):
            continue
        uniq = pd.Series(pd.unique(raw.to_numpy()))
        if kind == "url":
            norm = normalize_urls(uniq)
        elif kind == "email":
            norm = uniq.map(lambda v: normalize_email(v) or "")
        else:
            norm = uniq.map(lambda v: normalize_phone(v, region) or "")
        keys = raw.map(dict(zip(uniq, norm, strict=True)))
        parts.append(pd.DataFrame({"row": raw.index.to_numpy(), "kind": kind, "key": keys}))
    if not parts:
        empty = np.array([], dtype=object)
        return pd.DataFrame({"row": np.array([], dtype=np.int64), "kind": empty, "key": empty})
    out = pd.concat(parts, ignore_index=True)
    out = out[out["key"] != ""].drop_duplicates(["row", "kind", "key"])
    out["row"] = out["row"].astype(np.int64)
    order = {k: i for i, k in enumerate(KEY_KINDS)}
    out = out.assign(_o=out["kind"].map(order)).sort_values(["row", "_o", "key"], kind="stable")
    return out.drop(columns="_o").reset_index(drop=True)
