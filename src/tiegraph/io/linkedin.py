"""Read LinkedIn's ``Connections.csv`` export.

LinkedIn's export (Settings > Data privacy > Get a copy of your data >
Connections) starts with a ``Notes:`` preamble and a blank line before the
header ``First Name,Last Name,URL,Email Address,Company,Position,Connected On``.
``Connected On`` looks like ``09 Feb 2024``; most emails are empty, because
members choose whether to share them.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from .. import schema as S
from ..exceptions import DataError
from ._text import read_csv_frame, read_text
from .folder import table_from_rows

__all__ = ["read_linkedin"]

FIRST, LAST, URL, EMAIL, COMPANY, POSITION, CONNECTED = (
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
)


def read_linkedin(path: str | os.PathLike[str], *, encoding: str | None = None) -> pd.DataFrame:
    """Read a LinkedIn ``Connections.csv`` into a contacts table.

    Parameters
    ----------
    path : path-like
        The export, with or without LinkedIn's ``Notes:`` preamble.
    encoding : str, optional
        Force a text encoding (default UTF-8, with or without a BOM).

    Returns
    -------
    DataFrame
        The columns of ``contacts.csv`` (``id`` empty: identities are resolved
        on import), indexed by the line number of each row in the file;
        ``since`` is the ``Connected On`` date and ``source`` is ``linkedin``.

    Raises
    ------
    DataError
        No header line, a missing name column, or a date that is not like
        ``09 Feb 2024``; the message names the line.
    """
    text = read_text(path, encoding)
    lines = text.split("\n")
    header_at = next(
        (i for i, line in enumerate(lines[:50]) if line.lstrip('"').startswith(FIRST)), None
    )
    if header_at is None:
        raise DataError(
            path, f"no header line starting with {FIRST!r} (is this LinkedIn's Connections.csv?)"
        )
    body = "\n".join(lines[header_at:])
    header, frame, line_numbers = read_csv_frame(body, path, first_line=header_at + 1)
    missing = [c for c in (FIRST, LAST, CONNECTED) if c not in header]
    if missing:
        raise DataError(
            path,
            f"missing column(s) {', '.join(map(repr, missing))} (is this LinkedIn's "
            "Connections.csv?)",
            row=header_at + 1,
        )
    frame.index = pd.Index(line_numbers, name="line")
    col = {
        c: frame[c].str.strip() if c in frame else pd.Series("", index=frame.index)
        for c in (FIRST, LAST, URL, EMAIL, COMPANY, POSITION, CONNECTED)
    }
    names = (col[FIRST] + " " + col[LAST]).str.strip().str.replace(r"\s+", " ", regex=True)
    connected = pd.to_datetime(
        col[CONNECTED].where(col[CONNECTED] != ""), format="%d %b %Y", errors="coerce", utc=True
    )
    bad = connected.isna() & (col[CONNECTED] != "")
    if bad.any():
        line = int(frame.index[np.argmax(bad.to_numpy())])
        raise DataError(
            path,
            "is not a date like '09 Feb 2024'",
            row=line,
            column=CONNECTED,
            value=col[CONNECTED][line],
        )
    rows = pd.DataFrame(
        {
            S.ID: "",
            S.NAME: names,
            S.ORG: col[COMPANY],
            S.TITLE: col[POSITION],
            S.EMAIL: col[EMAIL],
            S.URL: col[URL],
            S.SINCE: connected.dt.strftime("%Y-%m-%d").fillna(""),
            S.SOURCE: "linkedin",
        },
        index=frame.index,
    )
    return table_from_rows(S.CONTACTS, rows, frame.index.to_numpy(), file=path)
