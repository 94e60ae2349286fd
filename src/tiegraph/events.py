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


def _pairs(a: object, b: object) -> tuple[np.ndarray, np.ndarray]:
    a_arr = np.asarray(a, dtype=object)
    b_arr = np.asarray(b, dtype=object)
    swap = a_arr > b_arr
    return np.where(swap, b_arr, a_arr), np.where(swap, a_arr, b_arr)


def _naive_utc(dates: pd.Series | None, n: int) -> np.ndarray:
    """Return dates as a naive datetime64[ns] array in UTC (NaT where missing)."""
    if dates is None:
        return np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    return pd.to_datetime(dates, utc=True).dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")


def _events(
    a: object,
    b: object,
    kind: str,
    *,
    date: pd.Series | None = None,
    channel: object = "",
    value: object = np.nan,
    via: object = "",
    context: object = "",
    file: str = "",
    line: object = 0,
    started_by: object = "",
) -> pd.DataFrame:
    """Return evidence rows for the pairs ``a[i]``-``b[i]`` (scalars broadcast)."""
    u, v = _pairs(a, b)
    n = len(u)
    frame = pd.DataFrame(
        {
            "u": u,
            "v": v,
            "kind": kind,
            "date": _naive_utc(date, n),
            "channel": np.asarray(channel, dtype=object)
            if not isinstance(channel, str)
            else channel,
            "value": np.asarray(value, dtype=float) if not isinstance(value, float) else value,
            "via": np.asarray(via, dtype=object) if not isinstance(via, str) else via,
            "context": np.asarray(context, dtype=object)
            if not isinstance(context, str)
            else context,
            "file": file,
            "line": np.asarray(line, dtype=int) if not isinstance(line, int) else line,
            S.STARTED_BY: np.asarray(started_by, dtype=object)
            if not isinstance(started_by, str)
            else started_by,
        },
        index=range(n),
    )
    return frame[u != v]


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
    """
    s = data.settings
    me = s.owner_id
    parts: list[pd.DataFrame] = []
    c = data.contacts[data.contacts[S.ID] != me]
    direct = c[c[S.DIRECT].str.lower() != "no"]
    parts.append(
        _events(
            me,
            direct[S.ID],
            S.EV_CONTACT,
            date=direct[S.SINCE],
            file=S.CONTACTS.file,
            line=direct.index,
        )
    )
    rated = c[c[S.CLOSENESS].notna()]
    parts.append(
        _events(
            me,
            rated[S.ID],
            S.EV_CLOSENESS,
            date=rated[S.SINCE],
            value=rated[S.CLOSENESS],
            file=S.CONTACTS.file,
            line=rated.index,
        )
    )

    intro = data.introductions
    if len(intro):
        knew = intro[intro[S.MET_THROUGH] != ""]
        parts.append(
            _events(
                knew[S.MET_THROUGH],
                knew[S.PERSON],
                S.EV_INTRODUCTION,
                date=knew[S.DATE],
                context=knew[S.CONTEXT],
                file=S.INTRODUCTIONS.file,
                line=knew.index,
            )
        )
        # "I know of them through Jenna" (direct = no): the introducer knows them,
        # the owner does not, so no owner tie comes from an introduction to the owner
        not_direct = set(c[S.ID][c[S.DIRECT].str.lower() == "no"])
        to_me = intro[S.TO].isin(["", me])
        met = intro[~(to_me & intro[S.PERSON].isin(not_direct))]
        parts.append(
            _events(
                met[S.PERSON],
                met[S.TO].where(met[S.TO] != "", me),
                S.EV_INTRODUCTION,
                date=met[S.DATE],
                via=met[S.MET_THROUGH],
                context=met[S.CONTEXT],
                file=S.INTRODUCTIONS.file,
                line=met.index,
            )
        )

    inter = data.interactions
    if len(inter):
        by = inter[S.BY].where(inter[S.BY] != "", me).to_numpy(dtype=object)
        withs = inter[S.WITH]
        multi = withs.str.contains(S.LIST_SEP, regex=False).to_numpy()
        # one id per cell is the usual case: only meetings need splitting
        row_single = np.flatnonzero(~multi)
        split = withs[multi].str.split(S.LIST_SEP).explode().str.strip()
        split = split[split != ""]
        row_multi = np.searchsorted(inter.index.to_numpy(), split.index.to_numpy())
        if not inter.index.is_monotonic_increasing:
            row_multi = pd.Index(inter.index).get_indexer(split.index)
        rows = np.concatenate([row_single, row_multi])
        who = np.concatenate(
            [withs.to_numpy(dtype=object)[row_single], split.to_numpy(dtype=object)]
        )
        dates = inter[S.DATE].reset_index(drop=True)
        channels = inter[S.CHANNEL].str.lower().to_numpy(dtype=object)
        lines = inter.index.to_numpy()
        parts.append(
            _events(
                by[rows],
                who,
                S.EV_INTERACTION,
                date=dates.iloc[rows],
                channel=channels[rows],
                file=S.INTERACTIONS.file,
                line=lines[rows],
                started_by=inter[S.STARTED_BY].to_numpy(dtype=object)[rows],
            )
        )
        flat = pd.DataFrame({"row": rows[len(row_single) :], "who": who[len(row_single) :]})
        size = flat.groupby("row")["who"].transform("size")
        meet = flat[(size >= 2) & (size <= s.max_meeting_size)]
        if len(meet):
            pairs = meet.merge(meet, on="row")
            pairs = pairs[pairs["who_x"] < pairs["who_y"]]
            r = pairs["row"].to_numpy()
            parts.append(
                _events(
                    pairs["who_x"],
                    pairs["who_y"],
                    S.EV_SHARED,
                    date=dates.iloc[r],
                    channel=channels[r],
                    file=S.INTERACTIONS.file,
                    line=lines[r],
                )
            )

    asks = data.asks
    done = asks[
        (asks[S.STATUS].str.lower() == "done")
        & asks[S.FOR].str.lower().isin(_VOUCHES)
        & (asks[S.PERSON] != me)
    ]
    if len(done):
        parts.append(
            _events(
                me,
                done[S.PERSON],
                S.EV_VOUCHED,
                date=done[S.CLOSED].where(done[S.CLOSED].notna(), done[S.DATE]),
                context=done[S.FOR].str.lower(),
                file=S.ASKS.file,
                line=done.index,
            )
        )
    rel = data.relations
    rel = rel[(rel[S.RELATED] != "") & (rel[S.RELATED] != rel[S.PERSON])]
    if len(rel):
        parts.append(
            _events(
                rel[S.PERSON],
                rel[S.RELATED],
                S.EV_RELATED,
                context=rel[S.LABEL],
                file=S.RELATIONS.file,
                line=rel.index,
            )
        )
    parts.append(_same_org_events(data, as_of, org_index))
    parts = [p for p in parts if len(p)]
    if parts:
        events = pd.concat(parts, ignore_index=True)
    else:
        events = pd.DataFrame({k: pd.Series([], dtype=object) for k in EVENT_COLUMNS})
        events["date"] = pd.Series([], dtype="datetime64[ns]")
    events["date"] = events["date"].astype("datetime64[ns]").dt.tz_localize("UTC")
    return events[EVENT_COLUMNS]


def _same_org_events(
    data: NetworkData, as_of: pd.Timestamp, org_index: OrgIndex | None
) -> pd.DataFrame:
    org_index = org_index or OrgIndex(data.orgs, data.contacts[S.ORG])
    me = data.settings.owner_id
    c = data.contacts
    aff = data.affiliations
    current_aff = aff[aff[S.END].isna() | (aff[S.END] > as_of)]
    members = pd.concat(
        [
            pd.DataFrame({"person": c[S.ID], "org": c[S.ORG], "line": c.index}),
            pd.DataFrame(
                {
                    "person": current_aff[S.PERSON],
                    "org": current_aff[S.ORG],
                    "line": current_aff.index,
                }
            ),
        ],
        ignore_index=True,
    )
    members = members[(members["org"] != "") & (members["person"] != me)]
    members["org"] = org_index.canonical_series(members["org"])
    members = members.drop_duplicates(["person", "org"])
    size = members.groupby("org")["person"].transform("size")
    members = members[(size >= 2) & (size <= data.settings.same_org_max_size)]
    if not len(members):
        return pd.DataFrame(columns=EVENT_COLUMNS)
    pairs = members.merge(members, on="org")
    pairs = pairs[pairs["person_x"] < pairs["person_y"]].reset_index(drop=True)
    return _events(
        pairs["person_x"],
        pairs["person_y"],
        S.EV_SAME_ORG,
        context=pairs["org"],
        file=S.CONTACTS.file,
        line=pairs["line_x"],
    )
