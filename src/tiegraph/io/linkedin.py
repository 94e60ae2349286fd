"""Read LinkedIn's ``Connections.csv``, and the whole LinkedIn data export.

LinkedIn's export (Settings > Data privacy > Get a copy of your data) is a
zip, ``Basic_LinkedInDataExport_MM-DD-YYYY.zip`` or
``Complete_LinkedInDataExport_...zip``, holding ``Connections.csv`` and,
among others, ``messages.csv``, ``Invitations.csv`` and ``Profile.csv``.

``Connections.csv`` has taken many forms, and people open it in Excel and
save it again; every form below is read:

- today's: a ``Notes:`` preamble (a quoted paragraph with commas) and a
  blank line, then ``First Name,Last Name,URL,Email Address,Company,
  Position,Connected On`` with dates like ``09 Feb 2024``; 2020-2023 exports
  lack ``URL``; 2018 exports have no preamble and dates like ``1/8/18, 6:14
  PM``; 2013 exports say ``FirstName,LastName,EmailAddress,Company,
  Position,ConnectedOn,Tags`` with dates like ``8/3/13``;
- Excel re-saves: CR LF line ends, a BOM, Windows-1252 bytes, ``;``
  separators (European Excel), quoted headers, headers in other cases,
  ``Notes:,,`` preambles, columns removed or added, and the spreadsheet's
  own dates: ``23-Apr-23``, ``5-Jan-26``, ``16.09.2021``, ``30-oct-09``
  (see :mod:`tiegraph.io._dates`);
- rows of members who hid or deleted their profile: no name, often nothing
  but the date. They are skipped with their line (a row with an email but no
  name is kept, named by the email); so are rows of nothing but separators,
  which Excel leaves below the data.

Each reader returns a :class:`~tiegraph.io._reading.Reading`: rows that can
be read, and the input line and reason of every row that cannot.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from ..params import ENCODING, FLAG, validate_params
from ._reading import Reading
from .linkedin_connections import read_connections_file
from .linkedin_export import INVITATION_COLUMNS, MESSAGE_COLUMNS, read_linkedin_export

__all__ = ["INVITATION_COLUMNS", "MESSAGE_COLUMNS", "read_linkedin", "read_linkedin_export"]


@validate_params(encoding=ENCODING, strict=FLAG)
def read_linkedin(
    path: str | os.PathLike[str], *, encoding: str | None = None, strict: bool = False
) -> Reading:
    """Read a LinkedIn ``Connections.csv`` into a contacts table.

    Parameters
    ----------
    path : path-like
        The file, in any of the forms in the module's description (the
        export's zip or folder is read with :func:`read_linkedin_export`).
    encoding : str, optional
        Force a text encoding (default: detected).
    strict : bool
        Raise on the first row that cannot be read or value left out,
        instead of skipping it.

    Returns
    -------
    Reading
        ``table`` has the columns of ``contacts.csv`` (``id`` empty:
        identities are resolved on import), then any column a user added,
        named as in the file; it is indexed by the line of each row in the
        file. ``since`` is the ``Connected On`` date (a UTC timestamp at
        midnight, ``NaT`` when empty or unreadable), ``url`` the profile URL
        as written, ``email`` the valid addresses, normalised and
        ``;``-joined, ``source`` is ``linkedin``.

    Raises
    ------
    DataError
        The file cannot be read at all, or is not a Connections.csv (the
        message says what it looks like); with ``strict``, the first row
        that cannot be read.
    """
    if Path(path).is_dir() or zipfile.is_zipfile(path):
        return read_linkedin_export(path, encoding=encoding, strict=strict)
    return read_connections_file(path, encoding, strict)
