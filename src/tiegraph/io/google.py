"""Read a Google Contacts CSV export ("Google CSV").

Today's export has the columns ``First Name, Middle Name, Last Name, ...,
Organization Name, Organization Title, ..., Notes, ..., Labels, E-mail 1 -
Label, E-mail 1 - Value, ..., Phone 1 - Value, ..., Website 1 - Value``;
one cell may hold several values separated by `` ::: ``, and ``Labels``
holds the contact's labels (``* myContacts ::: Work``). Older exports
(``Name, Given Name, Family Name, Group Membership, Organization 1 - Name``)
are read too.
"""

from __future__ import annotations

import os
import re

import pandas as pd

from .. import schema as S
from ..exceptions import DataError
from ._text import read_csv_frame, read_text
from .folder import table_from_rows

__all__ = ["read_google"]

_MULTI = " ::: "
_SYSTEM_LABELS = {"* myContacts", "* other", "* starred"}


def _col(frame: pd.DataFrame, *names: str) -> pd.Series:
    for name in names:
        if name in frame:
            return frame[name].astype(str).str.strip()
    return pd.Series("", index=frame.index, dtype=str)


def _join(frame: pd.DataFrame, pattern: str) -> pd.Series:
    cols = [c for c in frame.columns if re.fullmatch(pattern, c)]
    if not cols:
        return pd.Series("", index=frame.index, dtype=str)
    parts = (
        frame[cols]
        .astype(str)
        .apply(
            lambda row: S.LIST_SEP.join(
                dict.fromkeys(v.strip() for cell in row for v in cell.split(_MULTI) if v.strip())
            ),
            axis=1,
        )
    )
    return parts.astype(str)


def read_google(path: str | os.PathLike[str], *, encoding: str | None = None) -> pd.DataFrame:
    """Read a Google Contacts CSV export into a contacts table.

    Parameters
    ----------
    path : path-like
        The "Google CSV" export.
    encoding : str, optional
        Force a text encoding (default UTF-8, with or without a BOM).

    Returns
    -------
    DataFrame
        The columns of ``contacts.csv`` (``id`` empty), indexed by line:
        the name from its parts (else ``File As``, ``Nickname`` or the first
        email), every ``E-mail N - Value`` and ``Phone N - Value``, labels
        as tags (without Google's ``* myContacts``), ``source`` ``google``.

    Raises
    ------
    DataError
        The file has no name column, or a row has no name and no email.
    """
    text = read_text(path, encoding)
    header, frame, lines = read_csv_frame(text, path)
    name_cols = {"First Name", "Last Name", "Given Name", "Family Name", "Name"}
    if not name_cols & set(header):
        raise DataError(
            path,
            "missing columns 'First Name' and 'Last Name' (is this a Google Contacts export?)",
            row=1,
        )
    frame.index = pd.Index(lines, name="line")
    parts = [
        _col(frame, "Name Prefix"),
        _col(frame, "First Name", "Given Name"),
        _col(frame, "Middle Name", "Additional Name"),
        _col(frame, "Last Name", "Family Name"),
        _col(frame, "Name Suffix"),
    ]
    names = parts[0]
    for p in parts[1:]:
        names = names + " " + p
    names = names.str.replace(r"\s+", " ", regex=True).str.strip()
    if "Name" in frame:
        names = names.where(names != "", _col(frame, "Name"))
    emails = _join(frame, r"E-mail \d+ - Value").str.lower()
    for fallback in (
        _col(frame, "File As"),
        _col(frame, "Nickname"),
        emails.str.split(S.LIST_SEP).str[0].fillna(""),
    ):
        names = names.where(names != "", fallback)
    empty = names == ""
    if empty.any():
        line = int(frame.index[empty.to_numpy().argmax()])
        raise DataError(path, "row has no name and no email", row=line)
    labels = _col(frame, "Labels", "Group Membership").str.split(_MULTI)
    tags = labels.map(
        lambda ls: S.LIST_SEP.join(
            x.strip().lstrip("* ") for x in ls if x.strip() and x.strip() not in _SYSTEM_LABELS
        )
    )
    rows = pd.DataFrame(
        {
            S.ID: "",
            S.NAME: names,
            S.ORG: _col(frame, "Organization Name", "Organization 1 - Name"),
            S.TITLE: _col(frame, "Organization Title", "Organization 1 - Title"),
            S.EMAIL: emails,
            S.PHONE: _join(frame, r"Phone \d+ - Value"),
            S.URL: _join(frame, r"Website \d+ - Value").str.split(S.LIST_SEP).str[0].fillna(""),
            S.TAGS: tags,
            S.NOTES: _col(frame, "Notes"),
            S.SOURCE: "google",
        },
        index=frame.index,
    )
    return table_from_rows(S.CONTACTS, rows, lines, file=path)
