"""Import files a user already has into a network folder.

:func:`import_into` reads a file exported by another program with the
matching reader of :mod:`tiegraph.io`, resolves identities against the
folder's contacts (:mod:`tiegraph.identity`), turns meetings, messages and
log rows into interactions, and writes the folder in one atomic step: a
failed import leaves every file as it was.

A foreign file is imported **as far as it can be**: each record that cannot
be read is skipped and listed with its input line and reason, and the counts
add up -- records = added + merged + skipped for contacts, and records =
added + already imported + skipped for interactions. ``strict=True`` refuses
the whole file on the first problem instead.

The package's modules: :mod:`~tiegraph.importing.report` (the report),
:mod:`~tiegraph.importing.work` (the steps every kind shares),
:mod:`~tiegraph.importing.relations`, and one module per kind that is more
than a contact list (:mod:`~tiegraph.importing.calendar`,
:mod:`~tiegraph.importing.log`, :mod:`~tiegraph.importing.linkedin`).
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from .. import schema as S
from ..io.folder import NetworkData, read_or_new_folder, write_folder
from ..io.google import read_google
from ..io.linkedin import read_linkedin
from ..io.vcard import read_vcard
from ..params import OneOf, Text, validate_params
from .calendar import import_ics
from .linkedin import import_linkedin_export
from .log import import_log
from .report import ImportReport
from .work import Work, call, import_contacts

__all__ = ["KINDS", "ImportReport", "import_into"]

#: The kinds of file :func:`import_into` reads.
KINDS = ("linkedin", "vcard", "google", "ics", "interactions")


#: kept for callers of the former module's helper
_call = call


@validate_params(
    kind=[OneOf(KINDS)],
    encoding=[Text(), None],
    me=[Text(), None],
    channel=[Text()],
    sep=[Text(empty=True), None],
)
def import_into(
    folder: str | os.PathLike[str],
    kind: str,
    path: str | os.PathLike[str],
    *,
    encoding: str | None = None,
    strict: bool = False,
    me: str | None = None,
    keep_text: bool = False,
    src: str = "src",
    dst: str = "dst",
    time: str = "time",
    sep: str | None = None,
    channel: str = "message",
    channel_column: str | None = None,
    notes_column: str | None = None,
    started_by_column: str | None = None,
    time_format: str | None = None,
    time_origin: str | None = None,
    now: pd.Timestamp | None = None,
    export_date: pd.Timestamp | str | None = None,
    progress: Callable[[str], None] | None = None,
) -> ImportReport:
    """Import a file into a network folder (created when missing).

    Parameters
    ----------
    folder : path-like
        The network folder.
    kind : {"linkedin", "vcard", "google", "ics", "interactions"}
        The format of ``path``.
    path : path-like
        The file to import (for ``linkedin``, also the data export's zip
        file or its unzipped folder).
    encoding : str, optional
        Force the source file's text encoding (default: detected).
    strict : bool
        Refuse the whole file on the first record that cannot be read.
    me : str, optional
        Who you are in the source: for ``interactions``, the value that
        stands for you in the log; for ``ics``, your email address (default:
        your addresses in ``network.toml``, else the address found in most
        events, which is then remembered there).
    keep_text : bool
        For a LinkedIn data export: copy message text into the notes.
    src, dst, time, sep, channel_column, notes_column, started_by_column : str
        For ``interactions``: columns (names or 1-based positions; who started each
        interaction is the ``src`` side unless ``started_by_column`` names one) and separator.
    time_format, time_origin : str
        For ``interactions``: the time's format and origin (see
        :func:`tiegraph.io.log.read_log`).
    channel : str
        For ``interactions``: the channel of rows without one of their own.
    now : Timestamp, optional
        Calendar events after it are not yet interactions (default: now).
    export_date : Timestamp or str, optional
        When the file was exported: a job change it shows ends the former
        affiliation at this date (default: today).
    progress : callable, optional
        Called with the name of each step, for a progress display.

    Returns
    -------
    ImportReport

    Raises
    ------
    DataError
        The file is not of the named kind, or cannot be read at all, or the
        folder has a problem; nothing is written.
    """
    step = progress or (lambda _name: None)
    folder = Path(folder)
    step("reading the network folder")
    data = read_or_new_folder(folder)
    when = pd.Timestamp(export_date) if export_date is not None else pd.Timestamp.now()
    when = when.tz_localize("UTC") if when.tzinfo is None else when.tz_convert("UTC")
    work = Work(data=data, kind=kind, source=Path(path), export_date=when)
    step(f"reading {Path(path).name}")
    if kind == "linkedin" and (Path(path).is_dir() or str(path).lower().endswith(".zip")):
        import_linkedin_export(work, encoding, strict, keep_text, step)
    elif kind in ("linkedin", "vcard", "google"):
        reader = {"linkedin": read_linkedin, "vcard": read_vcard, "google": read_google}[kind]
        reading = call(reader, path, encoding=encoding, strict=strict)
        import_contacts(work, reading, Path(path).name, step)
    elif kind == "ics":
        import_ics(work, encoding, strict, me, now, step)
    else:
        import_log(
            work,
            encoding=encoding,
            strict=strict,
            me=me,
            columns={
                "src": src,
                "dst": dst,
                "time": time,
                "channel": channel_column,
                "notes": notes_column,
                "started_by": started_by_column,
            },
            sep=sep,
            channel=channel,
            time_format=time_format,
            time_origin=time_origin,
            step=step,
        )
    for part in ("skipped", "interactions_skipped"):
        if part in work.report:
            work.report[part] = tuple(sorted(work.report[part]))  # type: ignore[call-overload]
    report = ImportReport(
        kind=kind,
        source=str(path),
        notes=tuple(work.notes),
        **work.report,  # type: ignore[arg-type]
    )
    report.check()
    step("writing the network folder")
    new = work.data
    if work.settings_text is not None:
        new = new.replace(settings_text=work.settings_text)
    exists = (folder / S.CONTACTS.file).exists()
    tables = tuple(t for t in S.TABLES if t.name in work.tables | {"contacts"})
    _write(new, folder, tables if exists else None, work.settings_text is not None, kind, path)
    return report


def _write(
    data: NetworkData,
    folder: Path,
    tables: tuple[S.Table, ...] | None,
    settings: bool,
    kind: str,
    path: str | os.PathLike[str],
) -> None:
    kwargs: dict[str, object] = {"tables": tables}
    if settings:
        kwargs["write_settings"] = True
    if "command" in inspect.signature(write_folder).parameters:
        kwargs["command"] = f"import {kind} {Path(path).name}"
    write_folder(data, folder, **kwargs)  # type: ignore[arg-type]
