"""Read vCard files (``.vcf``: versions 2.1, 3.0 and 4.0) with vobject.

vobject unfolds long lines, splits ``ORG`` into its ``;``-separated units
(the first is the organisation), and decodes version 2.1's
quoted-printable values.
"""

from __future__ import annotations

import os
import re

import pandas as pd
import vobject

from .. import schema as S
from ..exceptions import DataError
from ._text import read_text
from .folder import table_from_rows

__all__ = ["read_vcard"]

_BEGIN = re.compile(r"^BEGIN:VCARD\s*$", re.IGNORECASE)


def _values(card: vobject.base.Component, key: str) -> list[object]:
    return [line.value for line in card.contents.get(key, [])]


def _text(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v).strip() for v in value if str(v).strip())
    return str(value).strip()


def read_vcard(path: str | os.PathLike[str], *, encoding: str | None = None) -> pd.DataFrame:
    """Read every card of a vCard file into a contacts table.

    Parameters
    ----------
    path : path-like
        A ``.vcf`` file with one or more cards.
    encoding : str, optional
        Force a text encoding (default UTF-8, with or without a BOM).

    Returns
    -------
    DataFrame
        The columns of ``contacts.csv`` (``id`` empty), indexed by the line
        where each card begins: ``name`` from ``FN`` (else ``N``, else the
        first email), ``org`` the first unit of ``ORG``, ``email`` every
        ``EMAIL`` joined with ``;``, ``tags`` from ``CATEGORIES``, ``notes``
        from ``NOTE``, ``source`` ``vcard``.

    Raises
    ------
    DataError
        The file is not a vCard, a card cannot be parsed, or a card has no
        name and no email; the message names the line.
    """
    text = read_text(path, encoding)
    starts = [i + 1 for i, line in enumerate(text.split("\n")) if _BEGIN.match(line)]
    if not starts:
        raise DataError(path, "has no BEGIN:VCARD line (is this a vCard file?)")
    rows: list[dict[str, str]] = []
    try:
        for line, card in zip(starts, vobject.readComponents(text, validate=False), strict=False):
            rows.append(_row(card, path, line))
    except vobject.base.ParseError as exc:
        detail = str(exc.args[0] if exc.args else exc)
        raise DataError(
            path,
            f"is not a valid vCard ({detail})",
            row=_line_of(text, detail, getattr(exc, "lineNumber", None)),
        ) from None
    if len(rows) != len(starts):
        raise DataError(
            path,
            f"has {len(starts)} BEGIN:VCARD lines but {len(rows)} cards could be read",
            row=starts[len(rows)] if len(rows) < len(starts) else None,
        )
    return table_from_rows(S.CONTACTS, rows, starts, file=path)


def _line_of(text: str, detail: str, reported: object) -> int | None:
    """Find the line vobject complains about (its own line numbers count unfolded lines)."""
    bad = detail.split(": ", 1)[-1].strip()
    for number, line in enumerate(text.split("\n"), start=1):
        if bad and line.strip() == bad:
            return number
    return int(reported) if isinstance(reported, int) else None


def _row(card: vobject.base.Component, path: str | os.PathLike[str], line: int) -> dict[str, str]:
    if card.name.upper() != "VCARD":
        raise DataError(path, f"{card.name} is not a VCARD", row=line)
    emails = [_text(e) for e in _values(card, "email") if _text(e)]
    name = next((_text(v) for v in _values(card, "fn") if _text(v)), "")
    if not name:
        for n in _values(card, "n"):
            parts = [getattr(n, a, "") for a in ("prefix", "given", "additional", "family")]
            name = " ".join(_text(p) for p in parts if _text(p))
            if name:
                break
    if not name and emails:
        name = emails[0]
    if not name:
        raise DataError(path, "card has no name (FN or N) and no email", row=line)
    org_units = next((v for v in _values(card, "org") if v), [])
    org = _text(org_units[0] if isinstance(org_units, list) and org_units else org_units)
    tags: list[str] = []
    for value in _values(card, "categories"):
        tags.extend(_text(v) for v in (value if isinstance(value, list) else [value]))
    return {
        S.ID: "",
        S.NAME: " ".join(name.split()),
        S.ORG: org,
        S.TITLE: next((_text(v) for v in _values(card, "title")), ""),
        S.EMAIL: S.LIST_SEP.join(dict.fromkeys(e.lower() for e in emails)),
        S.PHONE: S.LIST_SEP.join(_text(v) for v in _values(card, "tel") if _text(v)),
        S.URL: next((_text(v) for v in _values(card, "url")), ""),
        S.TAGS: S.LIST_SEP.join(t.replace(S.LIST_SEP, ",") for t in tags if t),
        S.NOTES: "\n".join(_text(v) for v in _values(card, "note")),
        S.SOURCE: "vcard",
    }
