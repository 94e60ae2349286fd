"""An import under way, and the steps every kind of file shares.

:class:`Work` holds the folder's data and what the report will say; the
functions resolve people, append interactions and remember your addresses.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import schema as S
from ..identity import Merged, Resolution, resolve_contacts
from ..io._reading import Reading
from ..io.folder import NetworkData, table_from_rows
from ..keys import Keys
from ..settings import set_toml_value
from .relations import add_relations
from .report import Skip

__all__ = [
    "Work",
    "append_interactions",
    "call",
    "contact_part",
    "import_contacts",
    "loose",
    "names_index",
    "owner_keys",
    "remember_owner",
    "report_interactions",
    "resolve",
    "resolve_mentions",
    "set_interactions",
]


@dataclass
class Work:
    """An import under way: the folder's data and what the report will say."""

    data: NetworkData
    kind: str
    source: Path
    export_date: pd.Timestamp
    report: dict[str, object] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    settings_text: str | None = None
    tables: set[str] = field(default_factory=set)

    def add_notes(self, reading: Reading, file: str) -> None:
        """Add a reading's notes to the report, each with its file and line."""
        for line, text in reading.notes:
            if not file:
                self.notes.append(text)
            else:
                self.notes.append(
                    f"{file}:{line}: {text}" if line is not None else f"{file}: {text}"
                )


def call(reader: Callable[..., object], path: object, **kwargs: object) -> Reading:
    """Call a reader with the options it takes."""
    params = inspect.signature(reader).parameters
    result = reader(path, **{k: v for k, v in kwargs.items() if k in params})
    if isinstance(result, Reading):
        return result
    assert isinstance(result, pd.DataFrame)
    return Reading(table=result, records=len(result))


def owner_keys(data: NetworkData) -> Keys:
    """Return your own keys (emails, profile URLs, phones) from the settings."""
    s = data.settings
    return Keys.of(s.owner_emails, s.owner_urls, s.owner_phones, s.default_region)


def resolve(work: Work, incoming: pd.DataFrame) -> Resolution:
    """Resolve incoming contacts against the folder's; add former affiliations found."""
    data = work.data
    res = resolve_contacts(
        data.contacts,
        incoming,
        owner=(data.settings.owner_id, owner_keys(data)),
        orgs=data.orgs,
        affiliations=data.affiliations,
        region=data.settings.default_region,
        export_date=work.export_date,
    )
    new = data.replace(contacts=res.contacts)
    if res.affiliations:
        old = data.affiliations
        start = int(old.index.max()) + 1 if len(old) else 2
        rows = pd.DataFrame(res.affiliations)
        for col in (S.START, S.END):
            rows[col] = pd.to_datetime(rows[col], utc=True)
        rows.index = pd.Index(range(start, start + len(rows)), name="line")
        for col in old.columns:
            if col not in rows:
                rows[col] = ""
        new = new.replace(affiliations=pd.concat([old, rows[old.columns]]))
        work.tables.add("affiliations")
    work.data = new
    for note in res.notes:
        work.notes.append(f"{work.source.name}: {note}")
    return res


def loose(name: str) -> str:
    """Return a name as typed, case and spacing aside (how a log or calendar names someone)."""
    return " ".join(str(name).casefold().split())


def names_index(contacts: pd.DataFrame) -> dict[str, list[str]]:
    """Contact ids by :func:`loose` name."""
    keys = contacts[S.NAME].astype(str).str.casefold().str.split().str.join(" ")
    out: dict[str, list[str]] = {}
    for pid, key in zip(contacts[S.ID], keys, strict=True):
        out.setdefault(key, []).append(pid)
    return out


def resolve_mentions(work: Work, incoming: pd.DataFrame) -> Resolution:
    """Resolve people a file only mentions (attendees, correspondents), not a contact list.

    A mention with no email and no profile URL (a name alone) refers to the
    one contact of that name when there is exactly one: such a file names
    people, it does not describe them, and a second import must find the
    same person again. Everyone else goes through :func:`resolve_contacts`.
    """
    by_name = names_index(work.data.contacts)
    keyless = (incoming[S.EMAIL] == "") & (incoming[S.URL] == "") & (incoming[S.PHONE] == "")
    known = [
        i
        for i, (name, bare) in enumerate(zip(incoming[S.NAME], keyless, strict=True))
        if bare and len(by_name.get(loose(name), [])) == 1
    ]
    keep = np.ones(len(incoming), dtype=bool)
    keep[known] = False
    rest = incoming[keep]
    res = resolve(work, rest)
    ids = pd.Series("", index=pd.RangeIndex(len(incoming)), dtype=object)
    ids.iloc[np.flatnonzero(keep)] = res.ids.to_numpy(dtype=object)  # type: ignore[call-overload]
    for i in known:
        pid = by_name[loose(incoming[S.NAME].iloc[i])][0]
        ids.iloc[i] = pid
        res.merged.append(
            Merged(int(incoming.index[i]), pid, "the only contact of that name", False)
        )
    res.ids = pd.Series(ids.to_numpy(dtype=object), index=incoming.index, dtype=object)
    res.merged.sort(key=lambda m: m.line)
    return res


def contact_part(res: Resolution, records: int, skipped: list[Skip]) -> dict[str, object]:
    """Return the report's contact counts for a resolution."""
    return {
        "records": records,
        "added": tuple(res.added),
        "merged": tuple(res.merged),
        "skipped": tuple(skipped),
        "conflicts": tuple(res.conflicts),
        "updates": tuple(res.updates),
        "affiliations_added": len(res.affiliations),
    }


def import_contacts(
    work: Work,
    reading: Reading,
    file: str,
    step: Callable[[str], None],
    *,
    prefix_notes: bool = True,
) -> Resolution:
    """Import a contact list (LinkedIn connections, vCards, Google CSV)."""
    work.add_notes(reading, file if prefix_notes else "")
    step("matching people")
    res = resolve(work, reading.table)
    work.report.update(
        contact_part(res, reading.records, [(file, li, r) for li, r in reading.skipped])
    )
    work.report["encoding"] = reading.encoding
    relations = reading.extra.get("relations")
    added = add_relations(work, relations, res, file)
    work.report["relations_added"] = added
    return res


def append_interactions(data: NetworkData, rows: pd.DataFrame) -> tuple[pd.DataFrame, int, int]:
    """Append interaction rows, as a multiset: return the table, how many new, how many known.

    Two identical rows are two interactions; importing the same file again
    adds nothing, because each row is matched to one identical row already
    in the folder (the n-th copy in the file to the n-th copy in the folder):
    a hash join on the key columns (date, with, by, channel).
    """
    old = data.interactions
    key = [S.DATE, S.WITH, S.BY, S.CHANNEL]
    rows = rows.reset_index(drop=True)
    if not len(rows):
        return old, 0, 0
    for col in (S.WITH, S.BY, S.CHANNEL):
        if pd.api.types.infer_dtype(rows[col], skipna=False) != "string":
            rows[col] = rows[col].astype(str)
    rows[S.DATE] = pd.to_datetime(rows[S.DATE], utc=True)
    if len(old):
        codes = _row_codes(pd.concat([old[key], rows[key]], ignore_index=True), key)
        have = np.bincount(codes[: len(old)], minlength=int(codes.max()) + 1)
        mine = codes[len(old) :]
        nth = pd.Series(mine).groupby(mine, sort=False).cumcount().to_numpy()
        known = nth < have[mine]
    else:
        known = np.zeros(len(rows), dtype=bool)
    fresh = rows[~known]
    start = int(old.index.max()) + 1 if len(old) else 2
    fresh_table = table_from_rows(
        S.INTERACTIONS,
        fresh.assign(**{S.DATE: ""}).reset_index(drop=True),
        np.arange(start, start + len(fresh)),
    )
    fresh_table[S.DATE] = fresh[S.DATE].set_axis(fresh_table.index)
    table = pd.concat([old, fresh_table]) if len(old) else fresh_table
    return table, len(fresh), int(known.sum())


def _row_codes(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """One integer per row, equal for rows equal in ``columns`` (missing values equal too)."""
    codes = np.zeros(len(frame), dtype=np.int64)
    for col in columns:
        values = frame[col]
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            values = values.dt.tz_convert("UTC").astype("datetime64[ns, UTC]")
        col_codes, uniques = pd.factorize(values, use_na_sentinel=False)
        codes = pd.factorize(codes * (len(uniques) + 1) + col_codes)[0].astype(np.int64)
    return codes


def set_interactions(work: Work, rows: pd.DataFrame) -> tuple[int, int]:
    """Append interaction rows to the folder's; return how many new, how many known."""
    table, added, known = append_interactions(work.data, rows)
    work.data = work.data.replace(interactions=table)
    if added:  # a re-import adds nothing: the file is not written again
        work.tables.add("interactions")
    return added, known


def remember_owner(work: Work, key: str, values: list[str]) -> None:
    """Add your own addresses to ``[owner]`` in network.toml (kept for later imports)."""
    s = work.data.settings
    have = {"emails": s.owner_emails, "urls": s.owner_urls}[key]
    new = list(dict.fromkeys([*have, *values]))
    if new == list(have):
        return
    text = work.settings_text or work.data.settings_text
    if text is None:
        from ..io.folder import settings_template

        text = settings_template(s.owner_id, s.owner_name)
    work.settings_text = set_toml_value(text, "owner", key, new)
    changed: dict[str, Any] = {f"owner_{key}": tuple(new)}
    work.data = work.data.replace(settings=replace(s, **changed), settings_text=work.settings_text)


def report_interactions(
    work: Work,
    res: Resolution,
    people: int,
    records: int,
    added: int,
    known: int,
    skipped: list[Skip],
    unit: str,
) -> None:
    """Put a calendar's or log's people and interactions into the report; note re-imports."""
    if known:
        work.notes.append(
            f"{work.source.name}: {known} {unit}(s) were imported before and were left as they are"
        )
    work.report.update(contact_part(res, people, []))
    work.report.update(
        interaction_records=records,
        interactions_added=added,
        interactions_unchanged=known,
        interactions_skipped=tuple(skipped),
    )
