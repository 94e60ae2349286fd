"""LinkedIn's whole data export: connections, messages, invitations and your name.

See :func:`read_linkedin_export`; ``Connections.csv`` itself is read by
:mod:`tiegraph.io.linkedin_connections`.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd

from .. import schema as S
from ..exceptions import DataError
from ..keys import normalize_url
from ..params import ENCODING, FLAG, validate_params
from ._dates import parse_export_dates
from ._decoding import read_bytes
from ._reading import Problems, Reading
from ._text import read_csv_lenient, sniff_delimiter
from .folder import date_range, table_from_rows
from .linkedin_connections import (
    HEAD_LINES,
    OUTSIDE,
    cells,
    column_key,
    read_connections,
    read_connections_file,
    text_of,
)

__all__ = ["INVITATION_COLUMNS", "MESSAGE_COLUMNS", "read_linkedin_export"]

#: columns of ``extra["messages"]``
MESSAGE_COLUMNS = (
    "date",
    "from_name",
    "from_url",
    "to_names",
    "to_urls",
    "conversation",
    "text",
    "folder",
)


#: columns of ``extra["invitations"]``
INVITATION_COLUMNS = ("date", "from_name", "to_name", "from_url", "to_url", "direction", "text")


#: how LinkedIn names a member who hid or deleted their profile
_HIDDEN = "linkedin member"


class _Export:
    """The files of a LinkedIn export: a zip (read in memory) or its unzipped folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        if path.is_dir():
            self.names = sorted(
                p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file()
            )
        elif not path.exists():
            raise DataError(path, "file not found")
        else:
            try:
                self.zip = zipfile.ZipFile(path)
            except (zipfile.BadZipFile, OSError):
                raise DataError(
                    path,
                    "is not a zip file (or it is damaged); expected LinkedIn's data export "
                    "(Basic_LinkedInDataExport_*.zip or Complete_LinkedInDataExport_*.zip) or "
                    "its unzipped folder",
                ) from None
            self.names = sorted(n for n in self.zip.namelist() if not n.endswith("/"))
        self.names = [n for n in self.names if not n.startswith("__MACOSX/")]

    def find(self, name: str) -> str | None:
        """Return the member called ``name`` (any case, any folder; the shallowest first)."""
        hits = [n for n in self.names if PurePosixPath(n).name.lower() == name.lower()]
        return min(hits, key=lambda n: (n.count("/"), n)) if hits else None

    def read(self, member: str) -> bytes:
        if self.zip is not None:
            try:
                return self.zip.read(member)
            except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
                raise DataError(
                    self.path, f"{member} cannot be read from the zip ({exc})"
                ) from None
        return read_bytes(self.path / member)

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()


@validate_params(encoding=ENCODING, strict=FLAG, keep_text=FLAG)
def read_linkedin_export(
    path: str | os.PathLike[str],
    *,
    encoding: str | None = None,
    strict: bool = False,
    keep_text: bool = False,
) -> Reading:
    """Read LinkedIn's whole data export: connections, messages, invitations, your name.

    Parameters
    ----------
    path : path-like
        ``Basic_LinkedInDataExport_*.zip``, ``Complete_LinkedInDataExport_*.zip``
        (read in memory, never unpacked to disk), or the unzipped folder.
        File names are found in any case and any sub-folder. A single
        ``Connections.csv`` is read too (no messages then).
    encoding : str, optional
        Force the text encoding of every CSV in the export.
    strict : bool
        Raise on the first record of any file that cannot be read.
    keep_text : bool
        Keep the text of messages and invitation notes (default: only who
        and when).

    Returns
    -------
    Reading
        ``table``, ``records`` and ``skipped`` are those of
        ``Connections.csv`` (as :func:`read_linkedin`; lines are lines of
        that file). ``extra`` holds:

        - ``"owner_name"``: your name from ``Profile.csv`` (when present);
        - ``"messages"``: one row per message of ``messages.csv``, indexed by
          its line there, with the columns of :data:`MESSAGE_COLUMNS`:
          ``date`` (UTC), ``from_name``, ``from_url``, ``to_names`` and
          ``to_urls`` (lists of one length: ``to_urls[i]`` is the profile of
          ``to_names[i]``, ``""`` when the export does not say),
          ``conversation``, ``text`` (``""`` unless ``keep_text``) and
          ``folder`` (``INBOX``, ``ARCHIVE``, ``SPAM``...);
        - ``"invitations"``: one row per invitation of ``Invitations.csv``,
          with the columns of :data:`INVITATION_COLUMNS`; ``direction`` is
          ``incoming`` or ``outgoing``;
        - ``"skipped_messages"``, ``"skipped_invitations"``: ``(line,
          reason)`` of each row of those files not read (no date, a draft,
          a sender who hid their profile, a broken row).

        ``notes`` says which files were found, and holds the notes of
        messages and invitations as ``"messages.csv:LINE: ..."``.

    Raises
    ------
    DataError
        The path is missing, not a zip or folder, or holds none of
        ``Connections.csv``, ``messages.csv`` and ``Invitations.csv``; with
        ``strict``, the first record of any file that cannot be read.
    """
    path = Path(path)
    if path.is_file() and not zipfile.is_zipfile(path) and path.suffix.lower() != ".zip":
        reading = read_connections_file(path, encoding, strict)
        reading.extra.update(
            messages=_empty(MESSAGE_COLUMNS),
            invitations=_empty(INVITATION_COLUMNS),
            skipped_messages=[],
            skipped_invitations=[],
        )
        reading.notes.append((None, f"{path.name} is one file: no messages or invitations read"))
        return reading
    export = _Export(path)
    try:
        return _read_export(export, encoding, strict, keep_text)
    finally:
        export.close()


def _read_export(export: _Export, encoding: str | None, strict: bool, keep_text: bool) -> Reading:
    path = export.path
    found = {
        name: export.find(name)
        for name in ("Connections.csv", "messages.csv", "Invitations.csv", "Profile.csv")
    }
    if not any(found[n] for n in ("Connections.csv", "messages.csv", "Invitations.csv")):
        raise DataError(
            path,
            "holds no Connections.csv, messages.csv or Invitations.csv (is this LinkedIn's data "
            "export?)",
        )
    extra: dict[str, object] = {}
    notes: list[tuple[int | None, str]] = []

    member = found["Connections.csv"]
    if member:
        where = path / member
        problems = Problems(where, strict=strict)
        text, used = text_of(export.read(member), where, encoding, problems)
        reading = read_connections(text, used, where, problems)
        notes.append(
            (
                None,
                f"Connections.csv: {len(reading.table)} connections read, "
                f"{len(reading.skipped)} skipped",
            )
        )
    else:
        reading = Reading(table=table_from_rows(S.CONTACTS, []), records=0, encoding="utf-8")
        notes.append((None, "Connections.csv: not in the export; no connections read"))

    for name, label, reader, columns in (
        ("messages.csv", "messages", _read_messages, MESSAGE_COLUMNS),
        ("Invitations.csv", "invitations", _read_invitations, INVITATION_COLUMNS),
    ):
        member = found[name]
        if not member:
            extra[label] = _empty(columns)
            extra[f"skipped_{label}"] = []
            notes.append((None, f"{name}: not in the export; no {label} read"))
            continue
        where = path / member
        problems = Problems(where, strict=strict)
        try:
            text, _used = text_of(export.read(member), where, encoding, problems)
            frame = reader(text, where, problems, keep_text)
        except DataError as exc:
            if strict:
                raise
            # a broken messages.csv does not cost the connections: said, and passed over
            extra[label] = _empty(columns)
            extra[f"skipped_{label}"] = []
            notes.append((None, f"{exc}; not read"))
            continue
        extra[label] = frame
        extra[f"skipped_{label}"] = sorted(problems.skipped)
        notes.append((None, f"{name}: {len(frame)} {label} read, {len(problems.skipped)} skipped"))
        notes += [
            (None, f"{name}:{line}: {text}" if line is not None else f"{name}: {text}")
            for line, text in problems.notes
        ]

    member = found["Profile.csv"]
    if member:
        where = path / member
        problems = Problems(where, strict=False)
        try:
            text, _used = text_of(export.read(member), where, encoding, problems)
            owner = _owner_name(text, where)
        except DataError as exc:
            notes.append((None, f"{exc}; not read"))
            owner = ""
        if owner:
            extra["owner_name"] = owner
        elif not notes[-1][1].endswith("; not read"):
            notes.append((None, "Profile.csv: no name in it"))
    else:
        notes.append((None, "Profile.csv: not in the export; your name is not known from it"))

    reading.notes[:0] = notes
    reading.extra.update(extra)
    return reading


def _empty(columns: Iterable[str]) -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
    frame["date"] = pd.Series([], dtype="datetime64[ns, UTC]")
    frame.index = pd.Index([], dtype=int, name="line")
    return frame


def _table(
    text: str, path: Path, problems: Problems, wanted: set[str]
) -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    """Parse a CSV of the export from its header line; columns by normalised name."""
    lines = text.split("\n")
    at = next(
        (
            i
            for i, line in enumerate(lines[:HEAD_LINES])
            if len(wanted & {column_key(c) for c in cells(line)}) >= 2
        ),
        None,
    )
    if at is None:
        raise DataError(path, "has no header line (is this file from LinkedIn's export?)")
    _header, frame, bad = read_csv_lenient(
        "\n".join(lines[at:]), path, first_line=at + 1, delimiter=sniff_delimiter(lines[at])
    )
    for line, reason in bad:
        problems.skip(line, reason)
    cols: dict[str, pd.Series] = {}
    for name in frame.columns:
        k = column_key(name)
        if k not in cols:
            cols[k] = frame[name].str.strip()
    return frame, cols


def _profile_url(value: str) -> str:
    """``value`` when it is a member's profile URL, else ``""`` (URNs, cut-off URLs)."""
    n = normalize_url(value)
    if not n or n.rstrip("/") in ("linkedin.com", "linkedin.com/in", "linkedin.com/pub"):
        return ""
    return value


def _split_names(text: str) -> list[str]:
    """Split LinkedIn's ``TO`` into names.

    Names are joined with a bare comma (``Ann Lee,Bob Ray``); a comma and a
    space stays inside a name (``Ann Lee, PhD``), and so does a comma inside
    brackets (``Moses Otobong (MCTS,OCA)``) or before a part in capitals
    (``Ifeanyi Udeze, ACIPM,ASM``).
    """
    parts: list[str] = []
    depth = 0
    current = ""
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        if ch == "," and depth == 0 and not text[i + 1 : i + 2].isspace():
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    out: list[str] = []
    for part in (p.strip() for p in parts):
        if out and part and not re.search(r"[a-z]", part):
            out[-1] = f"{out[-1]},{part}"  # a credential in capitals
        elif part:
            out.append(part)
    return out


def _recipients(names_text: str, urls_text: str) -> tuple[list[str], list[str]]:
    """Pair the names of ``TO`` with the URLs of ``RECIPIENT PROFILE URLS``."""
    urls = [u for u in re.split(r"[,\s]+", urls_text) if u]
    urls = [u for u in map(_profile_url, urls) if u]
    names = _split_names(names_text)
    if urls and len(names) != len(urls):
        known = [n for n in names if n.lower() != _HIDDEN]
        if len(known) == len(urls):
            names = known
        elif len(urls) == 1:
            names = [names_text.strip()]
        else:
            names = [""] * len(urls)  # which name is whose cannot be told
    if len(urls) < len(names):
        urls = urls + [""] * (len(names) - len(urls))
    pairs = [(n, u) for n, u in zip(names, urls, strict=True) if u or n.lower() != _HIDDEN]
    return [n for n, _ in pairs], [u for _, u in pairs]


def _read_messages(text: str, path: Path, problems: Problems, keep_text: bool) -> pd.DataFrame:
    """``messages.csv`` (2019-) or ``Messages.csv`` of 2018 (``From,To,Date,...``)."""
    frame, c = _table(
        text,
        path,
        problems,
        {"conversationid", "from", "to", "date", "senderprofileurl", "content", "subject"},
    )
    blank = pd.Series("", index=frame.index, dtype=object)
    get = c.get
    dates = parse_export_dates(get("date", blank))
    raw_dates = get("date", blank)
    lo = date_range()[0]
    from_name = get("from", blank)
    from_url = get("senderprofileurl", blank).map(_profile_url)
    draft = get("ismessagedraft", blank).str.lower().isin(("yes", "true"))
    to_names = get("to", blank)
    to_urls = get("recipientprofileurls", blank)
    rows = []
    lines = []
    for line in frame.index:
        if pd.isna(dates[line]):
            raw = raw_dates[line]
            problems.skip(line, f"DATE {raw!r} is not a date" if raw else "no DATE")
            continue
        if dates[line] < lo:
            problems.skip(line, f"DATE {raw_dates[line]!r} is {OUTSIDE}")
            continue
        if draft[line]:
            problems.skip(line, "a draft, never sent")
            continue
        sender, url = from_name[line], from_url[line]
        if not url and sender.lower() in ("", _HIDDEN):
            problems.skip(line, "the sender hid or deleted their profile (no name, no profile URL)")
            continue
        names, urls = _recipients(to_names[line], to_urls[line])
        rows.append(
            (
                dates[line],
                sender,
                url,
                names,
                urls,
                get("conversationid", blank)[line],
                get("content", blank)[line] if keep_text else "",
                get("folder", blank)[line],
            )
        )
        lines.append(int(line))
    return _frame(rows, lines, MESSAGE_COLUMNS)


def _frame(
    rows: Sequence[tuple[object, ...]], lines: list[int], columns: tuple[str, ...]
) -> pd.DataFrame:
    if not rows:
        return _empty(columns)
    out = pd.DataFrame.from_records(rows, columns=list(columns))
    out["date"] = pd.to_datetime(out["date"], utc=True)
    out.index = pd.Index(np.asarray(lines, dtype=int), name="line")
    return out


def _read_invitations(text: str, path: Path, problems: Problems, keep_text: bool) -> pd.DataFrame:
    """``Invitations.csv``: ``From,To,Sent At,Message,Direction[,inviterProfileUrl,...]``."""
    frame, c = _table(text, path, problems, {"from", "to", "sentat", "message", "direction"})
    blank = pd.Series("", index=frame.index, dtype=object)
    raw_dates = c.get("sentat", blank)
    dates = parse_export_dates(raw_dates)
    lo = date_range()[0]
    urls = {}
    cut = 0
    for side in ("inviter", "invitee"):
        values = c.get(f"{side}profileurl", blank)
        kept = values.map(_profile_url)
        cut += int(((values != "") & (kept == "")).sum())
        urls[side] = kept
    if cut:
        problems.note(
            None,
            f"{cut} profile URL(s) without the member's part (like 'https://www.linkedin.com/in')"
            " left out",
            dropped=False,
        )
    if "inviterprofileurn" in c:
        problems.note(
            None, "has member URNs, not profile URLs: people are known by name only", dropped=False
        )
    rows = []
    lines = []
    for line in frame.index:
        if pd.isna(dates[line]):
            raw = raw_dates[line]
            problems.skip(line, f"Sent At {raw!r} is not a date" if raw else "no Sent At date")
            continue
        if dates[line] < lo:
            problems.skip(line, f"Sent At {raw_dates[line]!r} is {OUTSIDE}")
            continue
        rows.append(
            (
                dates[line],
                c.get("from", blank)[line],
                c.get("to", blank)[line],
                urls["inviter"][line],
                urls["invitee"][line],
                c.get("direction", blank)[line].lower(),
                c.get("message", blank)[line] if keep_text else "",
            )
        )
        lines.append(int(line))
    return _frame(rows, lines, INVITATION_COLUMNS)


def _owner_name(text: str, path: Path) -> str:
    """Your name from ``Profile.csv`` (``First Name``, ``Last Name`` of its first row)."""
    lines = text.split("\n")
    at = next((i for i, line in enumerate(lines[:HEAD_LINES]) if line.strip()), None)
    if at is None:
        return ""
    _header, frame, _bad = read_csv_lenient("\n".join(lines[at:]), path, first_line=at + 1)
    if not len(frame):
        return ""
    cols = {column_key(c): c for c in frame.columns}
    row = frame.iloc[0]
    parts = [str(row[cols[k]]).strip() for k in ("firstname", "lastname") if k in cols]
    return re.sub(r"\s+", " ", " ".join(parts)).strip()
