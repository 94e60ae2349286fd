"""The evidence table: one row per piece of evidence for a tie, from the folder's tables.

:func:`evidence_events` turns a network folder's tables into the events the
tie-strength model reads (:func:`tiegraph.strength.tie_strengths`) and the
calibration fits on; the graph builder (:mod:`tiegraph.build`) adds the
resulting ties to the graph. The kinds of evidence are listed in
:mod:`tiegraph.build`'s notes and in :mod:`tiegraph.schema` (``EV_*``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import schema as S
from .io.folder import NetworkData
from .orgs import OrgIndex

__all__ = ["EVENT_COLUMNS", "evidence_events"]

EVENT_COLUMNS = [
    "u",
    "v",
    "kind",
    "date",
    "channel",
    "value",
    "via",
    "context",
    "file",
    "line",
    S.STARTED_BY,
]


#: One part of the evidence table: its columns as arrays of equal length.
_Part = dict[str, np.ndarray]


def _pairs(a: object, b: object) -> tuple[np.ndarray, np.ndarray]:
    a_arr = np.asarray(a, dtype=object)
    b_arr = np.asarray(b, dtype=object)
    swap = a_arr > b_arr
    return np.where(swap, b_arr, a_arr), np.where(swap, a_arr, b_arr)


def _naive_utc(dates: pd.Series | np.ndarray | None, n: int) -> np.ndarray:
    """Return dates as a naive datetime64[ns] array in UTC (NaT where missing)."""
    if dates is None:
        return np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    if isinstance(dates, np.ndarray) and dates.dtype == "datetime64[ns]":
        return dates
    when = pd.to_datetime(pd.Series(dates), utc=True)
    return when.dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")


def _events(
    a: object,
    b: object,
    kind: str,
    *,
    date: pd.Series | np.ndarray | None = None,
    channel: object = "",
    value: object = np.nan,
    via: object = "",
    context: object = "",
    file: str = "",
    line: object = 0,
    started_by: object = "",
) -> _Part:
    """Return evidence rows for the pairs ``a[i]``-``b[i]`` (scalars broadcast).

    A scalar stays a scalar (a 0-d array) until the parts are joined
    (:func:`_join`), which repeats it once there.
    """
    u, v = _pairs(a, b)
    keep = u != v
    whole = bool(keep.all())
    if not whole:
        u, v = u[keep], v[keep]
    columns = {"u": u, "v": v, "date": _naive_utc(date, len(keep))}
    given = {
        "kind": (kind, object),
        "channel": (channel, object),
        "value": (value, float),
        "via": (via, object),
        "context": (context, object),
        "file": (file, object),
        "line": (line, np.int64),
        S.STARTED_BY: (started_by, object),
    }
    for name, (cells, dtype) in given.items():
        columns[name] = np.asarray(cells, dtype=dtype)  # type: ignore[call-overload]
    if not whole:
        for name, col in columns.items():
            if col.ndim and name not in ("u", "v"):
                columns[name] = col[keep]
    return columns


def _join(parts: list[_Part]) -> dict[str, np.ndarray]:
    """Join the parts' columns, repeating each part's scalars to its length."""
    sizes = [len(p["u"]) for p in parts]
    out = {}
    for name in EVENT_COLUMNS:
        cols = [p[name] for p in parts]
        if all(c.ndim == 0 for c in cols):
            out[name] = np.repeat(np.stack(cols), sizes)
        else:
            out[name] = np.concatenate(
                [
                    np.repeat(c[np.newaxis], n) if c.ndim == 0 else c
                    for c, n in zip(cols, sizes, strict=True)
                ]
            )
    return out


def _lower(cells: np.ndarray) -> np.ndarray:
    """Return text cells in lower case, one call per distinct cell."""
    if not len(cells):
        return cells
    codes, uniques = pd.factorize(cells)
    return np.asarray([u.lower() for u in uniques], dtype=object)[codes]


def _text(df: pd.DataFrame, column: str) -> np.ndarray:
    return df[column].to_numpy(dtype=object)


#: Asks whose being done shows that the person vouched for you.
_VOUCHES = ("intro", "referral", "reference")


def evidence_events(
    data: NetworkData, *, as_of: pd.Timestamp, org_index: OrgIndex | None = None
) -> pd.DataFrame:
    """Return one row per piece of evidence for a tie, for the strength model.

    Columns: ``u``, ``v`` (ids with ``u < v``), ``kind``, ``date`` (UTC),
    ``channel``, ``value`` (closeness), ``via`` and ``context`` (of an
    introduction), ``file`` and ``line`` (where it came from), and
    ``started_by`` (of an interaction: who started it, empty when unknown).
    Every part is built from the tables' columns as arrays, and the table
    once at the end.
    """
    s = data.settings
    me = s.owner_id
    parts: list[_Part] = []
    contacts = data.contacts
    ids = _text(contacts, S.ID)
    since = _naive_utc(contacts[S.SINCE], len(contacts))
    lines = contacts.index.to_numpy()
    not_me = ids != me
    direct_no = _lower(_text(contacts, S.DIRECT)) == "no"
    direct = not_me & ~direct_no
    parts.append(
        _events(
            me,
            ids[direct],
            S.EV_CONTACT,
            date=since[direct],
            file=S.CONTACTS.file,
            line=lines[direct],
        )
    )
    closeness = contacts[S.CLOSENESS].to_numpy(dtype=float)
    rated = not_me & ~np.isnan(closeness)
    if rated.any():
        parts.append(
            _events(
                me,
                ids[rated],
                S.EV_CLOSENESS,
                date=since[rated],
                value=closeness[rated],
                file=S.CONTACTS.file,
                line=lines[rated],
            )
        )
    if len(data.introductions):
        parts.extend(_introduction_events(data, not_direct=set(ids[not_me & direct_no])))
    if len(data.interactions):
        parts.extend(_interaction_events(data))
    asks = data.asks
    if len(asks):
        done = (
            (_lower(_text(asks, S.STATUS)) == "done")
            & np.isin(_lower(_text(asks, S.FOR)), _VOUCHES)
            & (_text(asks, S.PERSON) != me)
        )
        if done.any():
            d = asks[done]
            parts.append(
                _events(
                    me,
                    _text(d, S.PERSON),
                    S.EV_VOUCHED,
                    date=d[S.CLOSED].where(d[S.CLOSED].notna(), d[S.DATE]),
                    context=_lower(_text(d, S.FOR)),
                    file=S.ASKS.file,
                    line=d.index,
                )
            )
    rel = data.relations
    if len(rel):
        person, related = _text(rel, S.PERSON), _text(rel, S.RELATED)
        keep = (related != "") & (related != person)
        parts.append(
            _events(
                person[keep],
                related[keep],
                S.EV_RELATED,
                context=_text(rel, S.LABEL)[keep],
                file=S.RELATIONS.file,
                line=rel.index.to_numpy()[keep],
            )
        )
    parts.append(_same_org_events(data, as_of, org_index))
    parts = [p for p in parts if len(p["u"])]
    if not parts:
        events = pd.DataFrame({k: pd.Series([], dtype=object) for k in EVENT_COLUMNS})
        events["date"] = pd.Series([], dtype="datetime64[ns]").dt.tz_localize("UTC")
        return events
    columns = _join(parts)
    frame = pd.DataFrame({k: col for k, col in columns.items() if k != "date"}, copy=False)
    dates = pd.DatetimeIndex(columns["date"]).tz_localize("UTC")
    frame.insert(EVENT_COLUMNS.index("date"), "date", dates)
    return frame


def _introduction_events(data: NetworkData, not_direct: set[str]) -> list[_Part]:
    """Return the evidence of introductions: the introducer knew them, and they met."""
    me = data.settings.owner_id
    intro = data.introductions
    person, via, to = _text(intro, S.PERSON), _text(intro, S.MET_THROUGH), _text(intro, S.TO)
    dates = _naive_utc(intro[S.DATE], len(intro))
    context = _text(intro, S.CONTEXT)
    lines = intro.index.to_numpy()
    knew = via != ""
    parts = [
        _events(
            via[knew],
            person[knew],
            S.EV_INTRODUCTION,
            date=dates[knew],
            context=context[knew],
            file=S.INTRODUCTIONS.file,
            line=lines[knew],
        )
    ]
    # "I know of them through Jenna" (direct = no): the introducer knows them,
    # the owner does not, so no owner tie comes from an introduction to the owner
    to_me = (to == "") | (to == me)
    met = ~(to_me & np.fromiter((p in not_direct for p in person), dtype=bool, count=len(person)))
    parts.append(
        _events(
            person[met],
            np.where(to == "", me, to)[met],
            S.EV_INTRODUCTION,
            date=dates[met],
            via=via[met],
            context=context[met],
            file=S.INTRODUCTIONS.file,
            line=lines[met],
        )
    )
    return parts


def _interaction_events(data: NetworkData) -> list[_Part]:
    """Return the evidence of interactions, and of people meeting in one (shared).

    Most cells of ``with`` hold one id; only meetings are split, and the
    pairs of people in a meeting come from grouped arrays.
    """
    s = data.settings
    me = s.owner_id
    inter = data.interactions
    by_cells = _text(inter, S.BY)
    by = np.where(by_cells == "", me, by_cells)
    withs = _text(inter, S.WITH)
    codes, uniques = pd.factorize(withs)
    multi = np.fromiter((S.LIST_SEP in u for u in uniques), dtype=bool, count=len(uniques))[codes]
    row_single = np.flatnonzero(~multi)
    row_split = np.flatnonzero(multi)
    split_rows: list[int] = []
    split_ids: list[str] = []
    for row, cell in zip(row_split.tolist(), withs[row_split].tolist(), strict=True):
        for part in cell.split(S.LIST_SEP):
            part = part.strip()
            if part:
                split_rows.append(row)
                split_ids.append(part)
    row_multi = np.asarray(split_rows, dtype=np.int64)
    who_multi = np.asarray(split_ids, dtype=object)
    rows = np.concatenate([row_single, row_multi])
    who = np.concatenate([withs[row_single], who_multi])
    dates = _naive_utc(inter[S.DATE], len(inter))
    channels = _lower(_text(inter, S.CHANNEL))
    lines = inter.index.to_numpy()
    parts = [
        _events(
            by[rows],
            who,
            S.EV_INTERACTION,
            date=dates[rows],
            channel=channels[rows],
            file=S.INTERACTIONS.file,
            line=lines[rows],
            started_by=_text(inter, S.STARTED_BY)[rows],
        )
    ]
    # people together in one meeting (2 to max_meeting_size of them) know each other: each
    # pair once, in the order of a self-join of each meeting's list
    size = np.bincount(row_multi, minlength=len(inter))[row_multi] if len(row_multi) else row_multi
    meet = np.flatnonzero((size >= 2) & (size <= s.max_meeting_size))
    if len(meet):
        m_rows, m_who, m_size = row_multi[meet], who_multi[meet], size[meet]
        start = np.flatnonzero(np.r_[True, m_rows[1:] != m_rows[:-1]])  # each meeting's first
        first = np.repeat(start, np.diff(np.r_[start, len(m_rows)]))
        left = np.repeat(np.arange(len(m_rows)), m_size)
        offset = np.arange(len(left)) - np.repeat(np.cumsum(m_size) - m_size, m_size)
        right = first[left] + offset
        keep = m_who[left] < m_who[right]
        left, right = left[keep], right[keep]
        r = m_rows[left]
        parts.append(
            _events(
                m_who[left],
                m_who[right],
                S.EV_SHARED,
                date=dates[r],
                channel=channels[r],
                file=S.INTERACTIONS.file,
                line=lines[r],
            )
        )
    return parts


def _same_org_events(data: NetworkData, as_of: pd.Timestamp, org_index: OrgIndex | None) -> _Part:
    org_index = org_index or OrgIndex(data.orgs, data.contacts[S.ORG])
    me = data.settings.owner_id
    c = data.contacts
    aff = data.affiliations
    end = aff[S.END]
    current = (end.isna() | (end > as_of)).to_numpy(dtype=bool)
    person = np.concatenate([_text(c, S.ID), _text(aff, S.PERSON)[current]])
    org = np.concatenate([_text(c, S.ORG), _text(aff, S.ORG)[current]])
    line = np.concatenate([c.index.to_numpy(), aff.index.to_numpy()[current]])
    keep = (org != "") & (person != me)
    person, org, line = person[keep], org[keep], line[keep]
    codes, uniques = pd.factorize(org)
    canon = np.asarray([org_index.canonical(u) or u for u in uniques], dtype=object)
    org = canon[codes] if len(org) else org
    # each person once per organisation (the first row), then organisations of 2 or more
    first = _first_of_pairs(person, org)
    person, org, line = person[first], org[first], line[first]
    codes, uniques = pd.factorize(org)
    size = np.bincount(codes, minlength=len(uniques))[codes] if len(codes) else codes
    members = (size >= 2) & (size <= data.settings.same_org_max_size)
    if not members.any():
        return _events([], [], S.EV_SAME_ORG, file=S.CONTACTS.file)
    m = pd.DataFrame({"person": person[members], "org": org[members], "line": line[members]})
    pairs = m.merge(m, on="org")
    pairs = pairs[pairs["person_x"] < pairs["person_y"]].reset_index(drop=True)
    return _events(
        pairs["person_x"],
        pairs["person_y"],
        S.EV_SAME_ORG,
        context=pairs["org"],
        file=S.CONTACTS.file,
        line=pairs["line_x"],
    )


def _first_of_pairs(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Return where each (a, b) pair occurs for the first time."""
    seen: set[tuple[str, str]] = set()
    out = np.zeros(len(a), dtype=bool)
    for i, pair in enumerate(zip(a.tolist(), b.tolist(), strict=True)):
        if pair not in seen:
            seen.add(pair)
            out[i] = True
    return out
