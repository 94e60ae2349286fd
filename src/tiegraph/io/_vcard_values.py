"""Decoding the values of vCard properties: escapes, parameters, encodings, labels, phones.

:class:`Decoder` turns the raw text of one property into its value
(quoted-printable with soft line breaks, base64, a ``CHARSET`` other than the
file's), noting what it cannot read; :func:`unescape`,
:func:`split_unescaped` and :func:`property_params` read vCard's escapes and
parameters; :func:`clean_label` and :func:`phone_number` read Apple's
relation labels and telephone numbers. :mod:`tiegraph.io.vcard` assembles
the cards.
"""

from __future__ import annotations

import base64
import binascii
import functools
import re
from typing import Any

from ._reading import Problems

__all__ = [
    "Decoder",
    "clean_label",
    "colon_outside_quotes",
    "phone_number",
    "property_params",
    "short",
    "split_unescaped",
    "unescape",
]

_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_BAD_QP = re.compile(r"=(?![0-9A-Fa-f]{2})")
_PHONE = re.compile(
    r"^\+?[\d\s()\-./#*,pPwWxX]*\d[\d\s()\-./#*,pPwWxX]*"
    r"(?:\s*(?:ext\.?|extension|x)\s*\d+)?$",
    re.IGNORECASE,
)
#: Apple's built-in relation labels, which older exports write without ``_$!<...>!$_``
_APPLE_RELATIONS = frozenset(
    {
        "spouse",
        "partner",
        "child",
        "mother",
        "father",
        "parent",
        "brother",
        "sister",
        "friend",
        "assistant",
        "manager",
        "other",
    }
)
_THREE_DIGITS = re.compile(r"(?:\D*\d){3}")
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
_UTF = ("utf-8", "utf-16", "utf-32", "utf-8-sig")
_PLAIN, _QP, _B64, _CHARSET = range(4)


def _unescape_char(m: re.Match[str]) -> str:
    c = m.group(1)
    if c in "nN":
        return "\n"
    if c in ",;:\\":
        return c
    return m.group(0)


def unescape(value: str) -> str:
    r"""Undo vCard escapes: ``\n`` is a line break; ``\,`` ``\;`` ``\:`` ``\\`` a character."""
    return _ESCAPE.sub(_unescape_char, value) if "\\" in value else value


def split_unescaped(value: str, sep: str) -> list[str]:
    """Split at each ``sep`` that is not escaped with a backslash (escapes stay)."""
    if "\\" not in value:
        return value.split(sep)
    parts: list[str] = []
    start = i = 0
    n = len(value)
    while i < n:
        c = value[i]
        if c == "\\":
            i += 2
            continue
        if c == sep:
            parts.append(value[start:i])
            start = i + 1
        i += 1
    parts.append(value[start:])
    return parts


def colon_outside_quotes(line: str) -> int:
    """Return the index of the ``:`` that ends a property's name and parameters."""
    quoted = False
    for i, c in enumerate(line):
        if c == '"':
            quoted = not quoted
        elif c == ":" and not quoted:
            return i
    return line.find(":")


@functools.lru_cache(maxsize=4096)
def property_params(head: str) -> dict[str, list[str]]:
    """Parse the parameters of ``NAME;A=x,y;B="z";BARE`` into ``{"A": [x, y], ...}``.

    Version 2.1's bare parameters (``;HOME``, ``;QUOTED-PRINTABLE``) are types,
    except an encoding or a charset written alone.
    """
    out: dict[str, list[str]] = {}
    parts = _split_quoted(head, ";")[1:] if '"' in head else head.split(";")[1:]
    for part in parts:
        key, eq, val = part.partition("=")
        key = key.strip().upper()
        if not eq:
            bare = key
            if bare in ("QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"):
                out.setdefault("ENCODING", []).append(bare)
            else:
                out.setdefault("TYPE", []).append(bare.lower())
            continue
        val = val.strip()
        if key == "TYPE":
            out.setdefault(key, []).extend(
                v.strip().strip('"').lower() for v in val.strip('"').split(",") if v.strip()
            )
        else:
            out.setdefault(key, []).append(val.strip('"'))
    return out


def _split_quoted(text: str, sep: str) -> list[str]:
    parts: list[str] = []
    start = 0
    quoted = False
    for i, c in enumerate(text):
        if c == '"':
            quoted = not quoted
        elif c == sep and not quoted:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def short(value: str, limit: int = 40) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


class Decoder:
    """Turns the raw text of one property into its value, noting what it cannot read."""

    def __init__(self, problems: Problems, encoding: str) -> None:
        self.problems = problems
        self.encoding = encoding
        self.single_byte = encoding.lower() not in _UTF
        self.kinds: dict[str, int] = {}  # a property's head as written: how to decode it

    def _kind(self, head: str) -> int:
        upper = head.upper()
        if ";" not in head:
            return _PLAIN
        if "QUOTED-PRINTABLE" in upper or "ENCODING=QP" in upper:
            return _QP
        if "BASE64" in upper or "ENCODING=B" in upper:
            return _B64
        if self.single_byte and "CHARSET=" in upper:
            return _CHARSET
        return _PLAIN

    def value(self, prop: list[Any]) -> str:
        name, _group, head, parts, line = prop
        kind = self.kinds.get(head)
        if kind is None:
            kind = self.kinds[head] = self._kind(head)
        if kind == _PLAIN:
            return parts[0] if len(parts) == 1 else "".join(parts)
        if kind == _QP:
            raw = parts[0] if len(parts) == 1 else self._join(parts)
            return self._qp(name, raw, property_params(head).get("CHARSET", [""])[0], line)
        raw = parts[0] if len(parts) == 1 else "".join(parts)
        if kind == _B64:
            return self._base64(name, raw, property_params(head).get("CHARSET", [""])[0], line)
        charset = property_params(head).get("CHARSET", [""])[0]
        if charset and charset.lower() != self.encoding.lower():
            try:
                return raw.encode(self.encoding).decode(charset)
            except (UnicodeError, LookupError):
                return raw
        return raw

    @staticmethod
    def _join(parts: list[str]) -> str:
        # quoted-printable soft breaks: a piece ending in "=" goes on without it
        return "".join(p[:-1] if p.endswith("=") else p for p in parts[:-1]) + parts[-1]

    def _qp(self, name: str, raw: str, charset: str, line: int) -> str:
        raw = raw.rstrip("=") if raw.endswith("=") else raw
        if _BAD_QP.search(raw):
            self.problems.note(
                line, f"{name} has broken quoted-printable (a lone '='); read as far as it goes"
            )
        try:
            data = binascii.a2b_qp(raw.encode("ascii"))
        except UnicodeEncodeError:
            # 8-bit characters written without encoding them: take them as they are
            data = binascii.a2b_qp(raw.encode("utf-8", errors="replace"))
        return self._bytes(name, data, charset, line)

    def _base64(self, name: str, raw: str, charset: str, line: int) -> str:
        try:
            data = base64.b64decode("".join(raw.split()), validate=True)
        except (binascii.Error, ValueError):
            self.problems.note(line, f"{name} is not valid base64; left out")
            return ""
        return self._bytes(name, data, charset, line)

    def _bytes(self, name: str, data: bytes, charset: str, line: int) -> str:
        if not charset:
            # version 2.1 says ASCII; programs write UTF-8 (Thunderbird) or Windows-1252 (Outlook)
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                return data.decode("cp1252", errors="replace")
        try:
            return data.decode(charset)
        except LookupError:
            self.problems.note(line, f"{name} has an unknown CHARSET {charset!r}; read as UTF-8")
            charset = "utf-8"
        except UnicodeDecodeError:
            pass
        try:
            return data.decode(charset)
        except UnicodeDecodeError:
            self.problems.note(
                line,
                f"{name} is not valid {charset} (a character cut short?); "
                "the bytes that cannot be read are left out",
            )
            return data.decode(charset, errors="ignore")


def clean_label(label: str) -> str:
    """Return ``spouse`` for Apple's ``_$!<Spouse>!$_`` (or ``Spouse``); a custom label stays."""
    label = label.strip()
    m = _APPLE_LABEL.match(label)
    if m:
        return m.group(1).strip().lower()
    return label.lower() if label.lower() in _APPLE_RELATIONS else label


def phone_number(value: str) -> str | None:
    """Return the number as written (a ``tel:`` URI made plain); ``None`` if it is no number."""
    text = value.strip()
    if text[:4].lower() == "tel:":
        text = text[4:]
        if ";" in text:
            number, _, rest = text.partition(";")
            ext = next((p[4:] for p in rest.split(";") if p.lower().startswith("ext=")), "")
            text = f"{number} ext. {ext}" if ext else number
    if not text or not _PHONE.match(text):
        return None
    return text if _THREE_DIGITS.match(text) else None
