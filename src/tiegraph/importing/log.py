"""Importing a log of interactions: everyone in it matched once, rows appended as a multiset."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from .. import schema as S
from ..channels import known_channels
from ..exceptions import ConfigError
from ..io.folder import NetworkData, table_from_rows
from ..io.log import read_log
from ..keys import normalize_email, split_cells
from .report import Skip
from .work import Work, call, loose, names_index, report_interactions, resolve, set_interactions

__all__ = ["import_log"]


def import_log(
    work: Work,
    *,
    encoding: str | None,
    strict: bool,
    me: str | None,
    columns: dict[str, str | None],
    sep: str | None,
    channel: str,
    time_format: str | None,
    time_origin: str | None,
    step: Callable[[str], None],
) -> None:
    """Import a log of interactions between two people, one row each."""
    data = work.data
    path = work.source
    channel = channel.lower()
    channels = known_channels(data.settings)
    if channel not in channels:
        raise ConfigError(
            f"--channel: {channel!r} is not a known channel (known: {', '.join(channels)})"
        )
    options = {k: v for k, v in columns.items() if v is not None}
    reading = call(
        read_log,
        path,
        encoding=encoding,
        strict=strict,
        sep=sep,
        time_format=time_format,
        time_origin=time_origin,
        **options,
    )
    work.add_notes(reading, path.name)
    work.report["encoding"] = reading.encoding
    log = reading.table
    skipped: list[Skip] = [(path.name, li, r) for li, r in reading.skipped]
    if not log.empty:
        same = (log["src"] == log["dst"]).to_numpy()
        skipped += [(path.name, int(li), "the same person on both sides") for li in log.index[same]]
        log = log[~same]
        now = pd.Timestamp.now(tz="UTC")
        future = (log["date"] > now).to_numpy()
        skipped += [
            (path.name, int(li), f"dated {d:%Y-%m-%d %H:%M}, in the future (not yet happened)")
            for li, d in zip(log.index[future], log["date"][future], strict=True)
        ]
        log = log[~future]
    owner = data.settings.owner_id
    step("matching people")
    # everyone in the log once: the people of a row are codes into ``values``
    n_rows = len(log)
    codes, uniq = pd.factorize(
        pd.concat([log["src"], log["dst"]], ignore_index=True).astype(str).to_numpy(dtype=object)
    )
    values = pd.Series(np.asarray(uniq, dtype=object))
    target, ambiguous, unknown = _log_people(data, values, me)
    mine = set(values[target == owner])
    if ambiguous.any():
        named = ambiguous.to_numpy()
        unclear = named[codes[:n_rows]] | named[codes[n_rows:]]
        src_named = named[codes[:n_rows]][unclear]
        who = np.where(src_named, log["src"].to_numpy()[unclear], log["dst"].to_numpy()[unclear])
        choices = _ambiguous_names(data, set(who))
        for li, v in zip(log.index[unclear], who, strict=True):
            skipped.append(
                (
                    path.name,
                    int(li),
                    f"{v!r} is the name of {len(choices[v])} contacts "
                    f"({', '.join(choices[v])}): write an id or an email instead",
                )
            )
        log = log[~unclear]
        codes = np.concatenate([codes[:n_rows][~unclear], codes[n_rows:][~unclear]])
        n_rows = len(log)
    present = np.zeros(len(values), dtype=bool)
    present[codes] = True
    new = np.flatnonzero(unknown.to_numpy() & present)
    src_codes, dst_codes = codes[:n_rows], codes[n_rows:]
    is_me = (target == owner).to_numpy()
    with_me = np.zeros(len(values), dtype=bool)
    with_me[dst_codes[is_me[src_codes]]] = True
    with_me[src_codes[is_me[dst_codes]]] = True
    # the first line each new person appears on
    first_line = np.full(len(values), np.iinfo(np.int64).max, dtype=np.int64)
    lines = log.index.to_numpy(dtype=np.int64)
    np.minimum.at(first_line, src_codes, lines)
    np.minimum.at(first_line, dst_codes, lines)
    unknown_names = values.iloc[new]
    incoming = table_from_rows(
        S.CONTACTS,
        pd.DataFrame(
            {
                S.NAME: unknown_names.to_numpy(dtype=object),
                S.EMAIL: _emails_of(unknown_names).to_numpy(),
                S.SOURCE: "log",
                S.DIRECT: np.where(with_me[new], "", "no"),
            }
        ),
        first_line[new].tolist(),
    )
    res = resolve(work, incoming)
    target = target.copy()
    target.iloc[new] = res.ids.to_numpy(dtype=object)
    ids_of = target.to_numpy(dtype=object)
    step("adding interactions")
    a = ids_of[src_codes]
    b = ids_of[dst_codes]
    a_me, b_me = a == owner, b == owner
    if log["started_by"].equals(log["src"]):
        started = a
    else:
        at = pd.Index(values).get_indexer(log["started_by"].astype(str))
        started = np.where(at >= 0, ids_of[np.maximum(at, 0)], "").astype(object)
    given = log["channel"].to_numpy(dtype=object) if "channel" in log else None
    if given is not None and (given != "").any():
        row_channel = pd.Series(given, index=log.index).str.lower().where(given != "", channel)
    else:
        row_channel = pd.Series(channel, index=log.index, dtype=object)
    unknown_ch = ~row_channel.isin(channels)
    if unknown_ch.any():
        for li, value in row_channel[unknown_ch].items():
            work.notes.append(
                f"{path.name}:{li}: channel {value!r} is not known; read as {channel!r}"
            )
        row_channel = row_channel.where(~unknown_ch, channel)
    rows = pd.DataFrame(
        {
            S.DATE: log["date"].reset_index(drop=True),
            S.WITH: np.where(a_me, b, np.where(b_me, a, b)),
            S.BY: np.where(a_me | b_me, "", a),
            S.CHANNEL: row_channel.to_numpy(),
            S.NOTES: log["notes"].to_numpy() if "notes" in log else "",
            S.STARTED_BY: started,
        }
    )
    added, known = set_interactions(work, rows)
    if not mine:
        work.notes.append(
            f"{path.name}: no --me given: nobody in the log is taken as you, so everyone in it "
            "is marked as someone you know of (direct = no)"
        )
    elif me is not None and me not in set(uniq):
        work.notes.append(f"{path.name}: --me {me!r} does not appear in the log")
    report_interactions(work, res, len(incoming), reading.records, added, known, skipped, "row")


def _log_people(
    data: NetworkData, values: pd.Series, me: str | None
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Who each distinct value of a log is: you, a contact's id, an alias, an email, a name.

    Returns the id of each value ("" when none), whether it is the name of
    several contacts, and whether it is no one known (a new person).
    """
    contacts = data.contacts
    owner = data.settings.owner_id
    target = pd.Series("", index=values.index, dtype=object)
    owner_emails = {e for e in map(normalize_email, data.settings.owner_emails) if e}
    is_me = values == me if me is not None else pd.Series(False, index=values.index)
    if owner_emails:
        is_me |= _emails_of(values).isin(owner_emails)
    target[is_me] = owner
    todo = ~is_me
    ids = contacts[S.ID].astype(str)
    is_id = todo & values.isin(set(ids))
    target[is_id] = values[is_id]
    todo &= ~is_id
    alias = split_cells(contacts[S.ALIASES])
    alias_of = dict(zip(alias.to_numpy(), ids.to_numpy()[alias.index.to_numpy()], strict=True))
    by_alias = values[todo].map(alias_of).dropna()
    target[by_alias.index] = by_alias
    todo[by_alias.index] = False
    emails = split_cells(contacts[S.EMAIL]).str.lower()
    # the last contact of each address
    first = ~emails.duplicated(keep="last")
    email_of = dict(zip(emails[first].to_numpy(), ids.to_numpy()[emails.index[first]], strict=True))
    if email_of:
        rest = values[todo]
        as_email = _emails_of(rest)
        as_email = as_email.where(as_email != "", rest.str.lower())
        by_email = as_email.map(email_of).dropna()
        target[by_email.index] = by_email
        todo[by_email.index] = False
    # the name of exactly one contact (an address is never taken for a name)
    named = todo & ~values.str.contains("@", regex=False)
    loose = _loose_names(values[named])
    count = _loose_names(contacts[S.NAME]).value_counts()
    n_named = loose.map(count).fillna(0).astype(int)
    one = n_named[n_named == 1].index
    if len(one):
        only = pd.Series(ids.to_numpy(), index=_loose_names(contacts[S.NAME]).to_numpy())
        only = only[~only.index.duplicated(keep=False)]
        target[one] = loose[one].map(only)
    ambiguous = pd.Series(False, index=values.index)
    ambiguous[n_named[n_named > 1].index] = True
    unknown = todo & ~ambiguous & (target == "")
    return target, ambiguous, unknown


def _emails_of(values: pd.Series) -> pd.Series:
    """:func:`normalize_email` of each value ("" when not one; only values with an ``@`` are)."""
    out = pd.Series("", index=values.index, dtype=object)
    at = values.str.contains("@", regex=False).to_numpy(dtype=bool)
    if at.any():
        out[at] = np.array([normalize_email(v) or "" for v in values[at]], dtype=object)
    return out


def _loose_names(names: pd.Series) -> pd.Series:
    """:func:`loose` of a column (each distinct name once)."""
    text = names.astype(str)
    uniq = pd.unique(text.to_numpy())
    return text.map(dict(zip(uniq, map(loose, uniq), strict=True))).astype(object)


def _ambiguous_names(data: NetworkData, names: set[str]) -> dict[str, list[str]]:
    """Return the contact ids of each name that several contacts have."""
    by_name = names_index(data.contacts)
    return {v: by_name[loose(v)] for v in names}
