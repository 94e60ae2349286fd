"""Check the tables of a network folder: every problem, naming file, line, column and value.

:func:`validate` is the strict folder check that ``tiegraph check``, every
read and every write apply. Each rule computes the rows that break it over
whole columns (NumPy arrays, one hash lookup per distinct value), and only
the rows it finds become :class:`~tiegraph.exceptions.DataError` messages;
an empty table costs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .. import schema as S
from ..channels import known_channels
from ..dates import check_future
from ..exceptions import DataError
from ..ids import ID_PATTERN, ID_RULE
from ..outreach_settings import ask_kinds
from ._text import MAX_FIELD_CHARS
from .tables import MAX_NAME_CHARS, MAY_BE_AHEAD, SHORT_TEXT, date_range

if TYPE_CHECKING:
    from .tables import NetworkData

__all__ = ["validate"]

_EMAIL = r"[^@\s;,<>]+@[^@\s;,<>]+\.[^@\s;,<>]+"
_EMAIL_LIST = re.compile(rf"^\s*{_EMAIL}\s*(;\s*{_EMAIL}\s*)*$")
_NO_VALUE = object()


class _Report:
    """The problems of one table: each rule gives the rows it flags as a boolean mask."""

    def __init__(self, errors: list[DataError], file: Path, df: pd.DataFrame) -> None:
        self.errors = errors
        self.file = file
        self.lines = df.index.to_numpy()
        self.df = df

    def flag(
        self,
        mask: np.ndarray,
        column: str,
        problem: str,
        values: np.ndarray | None = None,
        *,
        value: object = _NO_VALUE,
    ) -> None:
        """Add one problem per row in ``mask``, showing ``values`` (or ``value``, or none)."""
        for i in np.flatnonzero(mask):
            shown = values[i] if values is not None else value
            if shown is _NO_VALUE:
                error = DataError(self.file, problem, row=int(self.lines[i]), column=column)
            else:
                error = DataError(
                    self.file, problem, row=int(self.lines[i]), column=column, value=shown
                )
            self.errors.append(error)

    def cells(self, column: str) -> np.ndarray:
        """Return a text column as an array of ``str``."""
        return self.df[column].to_numpy(dtype=object)


def _tables(
    data: NetworkData, folder: Path, errors: list[DataError]
) -> Iterator[tuple[S.Table, pd.DataFrame, _Report]]:
    """Yield each table that has rows, with its frame and the report of its problems."""
    for t in S.TABLES:
        df = data.table(t)
        if len(df):
            yield t, df, _Report(errors, folder / t.file, df)


def _is_in(cells: np.ndarray, known: Collection[str], *, lower: bool = False) -> np.ndarray:
    """Return which cells (in lower case, with ``lower``) are in ``known``.

    One lookup per distinct cell.
    """
    codes, uniques = pd.factorize(cells)
    if lower:
        found = np.fromiter((u.lower() in known for u in uniques), dtype=bool, count=len(uniques))
    else:
        found = np.fromiter((u in known for u in uniques), dtype=bool, count=len(uniques))
    return found[codes]


def _fullmatch(pattern: re.Pattern[str], cells: np.ndarray) -> np.ndarray:
    return np.fromiter(
        (pattern.fullmatch(v) is not None for v in cells), dtype=bool, count=len(cells)
    )


def _lengths(cells: list[str]) -> np.ndarray:
    return np.fromiter(map(len, cells), dtype=np.int64, count=len(cells))


def _day(dates: pd.Series) -> np.ndarray:
    return dates.dt.strftime("%Y-%m-%d").fillna("").to_numpy(dtype=object)


def validate(data: NetworkData) -> list[DataError]:
    """Return every problem in the tables of ``data`` (ids, references, values).

    Checks, each naming file, line, column and value: contact ids are
    present, unique and follow :data:`tiegraph.ids.ID_RULE` (so do the ids
    in ``aliases``); names are present; emails look like emails; ``direct``
    is yes or no; every person referred to in another table is a contact or
    the owner; introduction and interaction rows name someone; channels are
    known to the strength model; every date lies in
    :func:`~tiegraph.io.tables.date_range`; no interaction is dated in the
    future (the rule every analysis command applies,
    :func:`tiegraph.dates.check_future`, so ``check`` reports what they
    refuse); no cell is longer than :data:`~tiegraph.io._text.MAX_FIELD_CHARS`;
    asks and job statuses are valid.
    """
    errors: list[DataError] = []
    folder = data.folder or Path(".")
    ids = _check_contacts(data, folder, errors)
    _check_references(data, folder, errors, known={*ids.tolist(), data.settings.owner_id})
    _check_values(data, folder, errors)
    errors.extend(_future_dated(data, folder))
    errors.extend(_out_of_range(data, folder))
    errors.extend(_too_long(data, folder))
    errors.extend(_check_outreach(data, folder))
    order = {t.file: i for i, t in enumerate(S.TABLES)}
    errors.sort(key=lambda e: (order.get(Path(e.file).name, -1), e.row or 0))
    return errors


def _check_contacts(data: NetworkData, folder: Path, errors: list[DataError]) -> np.ndarray:
    """Check ids, aliases, names, emails and ``direct`` of the contacts; return their ids."""
    c = data.contacts
    r = _Report(errors, folder / S.CONTACTS.file, c)
    ids = r.cells(S.ID)
    if not len(ids):
        return ids
    empty = ids == ""
    r.flag(empty, S.ID, "is empty; every contact needs an id", value="")
    r.flag(~empty & ~_fullmatch(ID_PATTERN, ids), S.ID, f"is not a valid id ({ID_RULE})", ids)
    aliases = c[S.ALIASES]
    if aliases.to_numpy(dtype=object).any():
        listed = aliases[aliases != ""].str.split(S.LIST_SEP).explode().str.strip()
        bad_alias = listed[(listed != "") & ~listed.str.fullmatch(ID_PATTERN.pattern)]
        for line, alias in zip(bad_alias.index.to_numpy(dtype=int), bad_alias, strict=True):
            errors.append(
                DataError(
                    r.file,
                    f"is not a valid id ({ID_RULE})",
                    row=int(line),
                    column=S.ALIASES,
                    value=alias,
                )
            )
    codes, _ = pd.factorize(ids)
    first = np.unique(codes, return_index=True)[1]  # the first row of each id
    dup = (first[codes] != np.arange(len(codes))) & ~empty
    for i in np.flatnonzero(dup):
        errors.append(
            DataError(
                r.file,
                f"is a duplicate id (first on line {int(r.lines[first[codes[i]]])})",
                row=int(r.lines[i]),
                column=S.ID,
                value=ids[i],
            )
        )
    r.flag(r.cells(S.NAME) == "", S.NAME, "is empty; every contact needs a name", value="")
    emails = r.cells(S.EMAIL)
    has = emails != ""
    bad_email = np.zeros(len(emails), dtype=bool)
    bad_email[has] = ~np.fromiter(
        (_EMAIL_LIST.match(v) is not None for v in emails[has]), dtype=bool, count=int(has.sum())
    )
    r.flag(bad_email, S.EMAIL, "is not an email address", emails)
    direct = r.cells(S.DIRECT)
    r.flag(
        ~_is_in(direct, {"", "yes", "no"}, lower=True), S.DIRECT, "must be yes, no or empty", direct
    )
    return ids


def _check_references(
    data: NetworkData, folder: Path, errors: list[DataError], known: set[str]
) -> None:
    """Check that every person a table names is a contact or the owner."""
    for t, _df, r in _tables(data, folder, errors):
        if not (t.person_refs or t.person_list_refs):
            continue
        for col in t.person_refs:
            vals = r.cells(col)
            r.flag(~_is_in(vals, known | {""}), col, "is not a known contact id", vals)
        for col in t.person_list_refs:
            _check_id_lists(r, col, known)


def _check_id_lists(r: _Report, col: str, known: set[str]) -> None:
    """Check a column of ``;``-separated ids: none empty, each known, reported in row order."""
    vals = r.cells(col)
    r.flag(vals == "", col, "is empty; name at least one contact id", value="")
    # one look per distinct cell: most hold one id, a meeting several
    codes, uniques = pd.factorize(vals)
    unknown_ids: dict[int, list[str]] = {}
    for k, cell in enumerate(uniques):
        if S.LIST_SEP in cell:
            bad = [p for p in (p.strip() for p in cell.split(S.LIST_SEP)) if p and p not in known]
        else:
            bad = [cell] if cell and cell not in known else []
        if bad:
            unknown_ids[k] = bad
    if not unknown_ids:
        return
    bad_codes = np.fromiter(unknown_ids, dtype=np.int64)
    for i in np.flatnonzero(np.isin(codes, bad_codes)):
        for val in unknown_ids[int(codes[i])]:
            r.errors.append(
                DataError(
                    r.file, "is not a known contact id", row=int(r.lines[i]), column=col, value=val
                )
            )


def _check_values(data: NetworkData, folder: Path, errors: list[DataError]) -> None:
    """Check introductions name someone, channels are known, required cells are filled."""
    intro = data.introductions
    if len(intro):
        r = _Report(errors, folder / S.INTRODUCTIONS.file, intro)
        person, via = r.cells(S.PERSON), r.cells(S.MET_THROUGH)
        same = (person != "") & (person == via)
        r.flag(same, S.MET_THROUGH, "cannot be introduced through themselves", via)
        r.flag(person == "", S.PERSON, "is empty", value="")
    inter = data.interactions
    if len(inter):
        channels = known_channels(data.settings)
        r = _Report(errors, folder / S.INTERACTIONS.file, inter)
        ch = r.cells(S.CHANNEL)
        r.flag(
            ~_is_in(ch, set(channels), lower=True),
            S.CHANNEL,
            f"is not a known channel (known: {', '.join(channels)})",
            ch,
        )
    for t in (S.ORGS, S.JOBS, S.AFFILIATIONS):
        df = data.table(t)
        if len(df):
            r = _Report(errors, folder / t.file, df)
            for col in t.required:
                r.flag(r.cells(col) == "", col, "is empty", value="")


def _check_outreach(data: NetworkData, folder: Path) -> list[DataError]:
    """Return the problems of ``asks.csv`` and of the ``status`` of ``jobs.csv``.

    An ask needs a unique id (no spaces or ``;``), a person other than the
    owner, a date that has passed, and a known kind (:func:`tiegraph.outreach.ask_kinds`);
    its status is one of :data:`tiegraph.schema.ASK_STATUSES` (empty: open); it
    was closed after it was made and not in the future, and only a closed ask
    has a ``closed`` date; a ``job`` names a posting of ``jobs.csv`` at its ``org``.
    ``due`` may be in the future. A job's status is one of
    :data:`tiegraph.schema.JOB_STATUSES` or empty.
    """
    errors: list[DataError] = []
    if len(data.asks):
        _check_asks(data, folder, errors)
    j = data.jobs
    if len(j):
        r = _Report(errors, folder / S.JOBS.file, j)
        status = r.cells(S.STATUS)
        r.flag(
            ~_is_in(status, {"", *S.JOB_STATUSES}, lower=True),
            S.STATUS,
            f"is not a status (use {', '.join(S.JOB_STATUSES)} or leave it empty)",
            status,
        )
    return errors


def _check_asks(data: NetworkData, folder: Path, errors: list[DataError]) -> None:
    a = data.asks
    r = _Report(errors, folder / S.ASKS.file, a)
    now = pd.Timestamp.now(tz="UTC")

    def flag(mask: pd.Series | np.ndarray, column: str, problem: str, values: object) -> None:
        r.flag(np.asarray(mask, dtype=bool), column, problem, np.asarray(values, dtype=object))

    ids = a[S.ID]
    flag(ids == "", S.ID, "is empty; every ask needs an id", ids)
    flag(
        ids.str.contains(S.LIST_SEP, regex=False) | ids.str.contains(r"\s", regex=True),
        S.ID,
        "is not a valid id (no spaces or ';')",
        ids,
    )
    dup = ids.duplicated(keep="first") & (ids != "")
    first_line = {v: int(str(li)) for li, v in ids[~ids.duplicated(keep="first")].items()}
    for line in ids.index[dup]:
        errors.append(
            DataError(
                r.file,
                f"is a duplicate id (first on line {first_line[ids[line]]})",
                row=int(line),
                column=S.ID,
                value=ids[line],
            )
        )
    person = a[S.PERSON]
    flag(person == "", S.PERSON, "is empty; name the contact you asked", person)
    flag(person == data.settings.owner_id, S.PERSON, "is you; an ask is made of a contact", person)
    flag(
        a[S.DATE].isna(),
        S.DATE,
        "is missing; every ask needs the date it was made",
        _day(a[S.DATE]),
    )
    kinds = ask_kinds(data.settings)
    kind = a[S.FOR].str.lower()
    flag(kind == "", S.FOR, "is empty; say what you asked for", a[S.FOR])
    flag(
        (kind != "") & ~kind.isin(kinds),
        S.FOR,
        f"is not a known kind of ask (known: {', '.join(kinds)}; "
        "add your own under [outreach] kinds)",
        a[S.FOR],
    )
    status = a[S.STATUS].str.lower()
    flag(
        (status != "") & ~status.isin(S.ASK_STATUSES),
        S.STATUS,
        f"is not a status (use {', '.join(S.ASK_STATUSES)})",
        a[S.STATUS],
    )
    flag(
        a[S.DATE] > now,
        S.DATE,
        f"is in the future (after {now:%Y-%m-%d}); asks must have been made",
        _day(a[S.DATE]),
    )
    closed = _day(a[S.CLOSED])
    flag(a[S.CLOSED] > now, S.CLOSED, f"is in the future (after {now:%Y-%m-%d})", closed)
    flag(a[S.CLOSED] < a[S.DATE], S.CLOSED, "is before the ask's date", closed)
    flag(
        a[S.CLOSED].notna() & status.isin(["", "open"]),
        S.CLOSED,
        "is set but the ask is open (set its status, or clear closed)",
        closed,
    )
    jobs = set(zip(data.jobs[S.ORG], data.jobs[S.TITLE], strict=True))
    known_job = np.fromiter(
        ((o, t) in jobs for o, t in zip(a[S.ORG], a[S.JOB], strict=True)), dtype=bool, count=len(a)
    )
    flag(
        (a[S.JOB] != "").to_numpy() & ~known_job,
        S.JOB,
        f"is not a posting of {S.JOBS.file} at this ask's org",
        a[S.JOB],
    )


def _out_of_range(data: NetworkData, folder: Path) -> list[DataError]:
    """Return the dates outside :func:`~tiegraph.io.tables.date_range`.

    Dates that may lie ahead (:data:`~tiegraph.io.tables.MAY_BE_AHEAD`: when
    a job ends, when to follow up an ask) are only held to the earliest
    date; the future check words interactions' and introductions' own.
    """
    lo, hi = date_range()
    found: list[DataError] = []
    for t, df, r in _tables(data, folder, found):
        for col in t.dates:
            when = pd.to_datetime(df[col], utc=True)
            bad = when < lo
            if col not in MAY_BE_AHEAD and not (
                t in (S.INTRODUCTIONS, S.INTERACTIONS) and col == S.DATE
            ):  # those are "in the future" (_future_dated)
                bad = bad | (when > hi)
            bad_rows = bad.to_numpy(dtype=bool)
            if bad_rows.any():
                shown = np.full(len(df), "", dtype=object)
                shown[bad_rows] = _day(when[bad_rows])
                r.flag(
                    bad_rows,
                    col,
                    f"is outside the dates tiegraph reads ({lo:%Y-%m-%d} to a year from now, "
                    f"{hi:%Y-%m-%d})",
                    shown,
                )
    return found


def _too_long(data: NetworkData, folder: Path) -> list[DataError]:
    """Return the cells longer than a CSV field may be (they could not be read back).

    And the names, organisations, titles, locations and labels longer than
    :data:`~tiegraph.io.tables.MAX_NAME_CHARS` (no command compares such names
    in reasonable time).
    """
    found: list[DataError] = []
    for t, df, r in _tables(data, folder, found):
        for col in df.columns:
            if col in t.dates or df[col].dtype.kind in "fiub":
                continue
            cells = df[col].astype(str).tolist()
            if col in SHORT_TEXT and max(map(len, cells)) > MAX_NAME_CHARS:
                r.flag(
                    _lengths(cells) > MAX_NAME_CHARS,
                    col,
                    f"is longer than {MAX_NAME_CHARS:,} characters, the most a name, "
                    "organisation, title, location or label may hold",
                )
            if len("".join(cells)) > MAX_FIELD_CHARS:  # else no cell can be longer
                r.flag(
                    _lengths(cells) > MAX_FIELD_CHARS,
                    col,
                    f"is longer than {MAX_FIELD_CHARS:,} characters, the most a cell may hold",
                )
    return found


def _future_dated(data: NetworkData, folder: Path) -> list[DataError]:
    """Return the rows dated in the future that the analysis refuses, as it words them.

    The rule has one home, the strength model's check that every analysis
    command runs (:func:`tiegraph.dates.check_future`): it is given the
    dated rows of introductions and interactions as evidence events, and
    each row it refuses is one problem here.
    """
    now = pd.Timestamp.now(tz="UTC")
    kinds = ((S.INTRODUCTIONS, S.EV_INTRODUCTION), (S.INTERACTIONS, S.EV_INTERACTION))
    parts = []
    for t, kind in kinds:
        df = data.table(t)
        dates = pd.to_datetime(df[S.DATE], utc=True)
        # only rows after now can be refused: the rule is then asked about those
        late = (dates > now).to_numpy(dtype=bool)
        if late.any():
            parts.append(
                pd.DataFrame(
                    {
                        "kind": kind,
                        "date": dates[late].reset_index(drop=True),
                        "file": str(folder / t.file),
                        "line": df.index.to_numpy(dtype=int)[late],
                    }
                )
            )
    if not parts:
        return []
    events = pd.concat(parts, ignore_index=True)
    found: list[DataError] = []
    while len(events):
        try:
            check_future(events, now)
            break
        except DataError as exc:
            found.append(exc)
            same = (events["file"] == exc.file) & (events["line"] == exc.row)
            events = events.iloc[int(np.argmax(same.to_numpy())) + 1 :]
    return found
