"""Build the network graph from the canonical tables.

Ties come from evidence, gathered into one table of events (one row per
piece of evidence) that :func:`tiegraph.strength.tie_strengths` turns into
one strength per tie in a single vectorised pass:

- ``contact``: the owner lists the person as a direct contact (``direct``
  not ``no``), dated by ``since`` when known;
- ``closeness``: the owner rated the tie 1-5 (``closeness``);
- ``introduction``: "B met C through A" means A knew B, and B now knows C
  (C is the owner when ``to`` is empty; but when B's ``direct`` is ``no``,
  the owner only knows of B through A, and B gets no tie to the owner);
- ``interaction``: a contact event between ``by`` (the owner when empty)
  and each person in ``with``;
- ``shared_interaction``: two people together in one meeting (with at most
  ``max_meeting_size`` people) know each other, more weakly;
- ``same_org``: two current members of one organisation (with at most
  ``same_org_max_size`` known members) are taken to know each other, weakly;
- ``related``: a relation from an address book (``relations.csv``: spouse,
  assistant, ...) whose other person is in the folder: a standing tie;
- ``vouched``: an ask of yours for an introduction, a referral or a
  reference that the person did (``asks.csv``, status ``done``): someone who
  staked their name for you; it fades like an introduction.
"""

from __future__ import annotations

import os
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from . import schema as S
from .calibration import calibrated_params
from .exceptions import ConfigError
from .io.folder import NetworkData, read_folder
from .orgs import OrgIndex
from .outreach import outreach_tables
from .strength import StrengthParams, tie_strengths

__all__ = ["build_graph", "evidence_events", "load_network", "to_timestamp"]

_EVENT_COLUMNS = [
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


def to_timestamp(value: object | None) -> pd.Timestamp:
    """Return ``value`` as a UTC timestamp; None means now (today, midnight UTC).

    Examples
    --------
    >>> to_timestamp("2024-06-01")
    Timestamp('2024-06-01 00:00:00+0000', tz='UTC')
    """
    if value is None:
        return pd.Timestamp.now(tz="UTC").normalize()
    try:
        if isinstance(value, str):
            ts = pd.to_datetime(value.strip(), format="ISO8601")
        else:
            ts = pd.Timestamp(value)  # type: ignore[arg-type]
    except (ValueError, TypeError):
        raise ConfigError(f"as_of: {value!r} is not a date (use YYYY-MM-DD)") from None
    if pd.isna(ts):
        raise ConfigError(f"as_of: {value!r} is not a date (use YYYY-MM-DD)")
    return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")


def load_network(folder: str | os.PathLike[str], as_of: object | None = None) -> nx.Graph:
    """Read a network folder and return its graph as of a date.

    Parameters
    ----------
    folder : path-like
        A network folder (see the README).
    as_of : date-like, optional
        The date every strength is computed at; default today. Evidence
        after it is left out, so the graph shows the network as it was then.

    Returns
    -------
    networkx.Graph
        See :func:`build_graph`.

    Raises
    ------
    DataError
        A file of the folder has a problem.

    Examples
    --------
    >>> import tiegraph
    >>> G = tiegraph.load_network(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)
    >>> G.graph["me"]
    'me'
    """
    return build_graph(read_folder(folder), as_of=as_of)


def build_graph(data: NetworkData, *, as_of: object | None = None) -> nx.Graph:
    """Build the undirected person graph from the canonical tables.

    Parameters
    ----------
    data : NetworkData
        The tables, as returned by :func:`tiegraph.read_folder`.
    as_of : date-like, optional
        The date strengths are computed at (default: today).

    Returns
    -------
    networkx.Graph
        One node per contact plus the owner (``G.graph["me"]``). Node
        attributes: the contact's columns (``tags`` as a tuple, ``direct``
        as a bool) and ``affiliations``, a tuple of dicts (``org``,
        ``title``, ``start``, ``end``, ``current``). Edge attributes:
        ``strength``, ``peak_strength``, ``cost`` (``-log(strength)``),
        ``last_contact``, ``first_contact``, ``n_interactions`` and
        ``evidence`` (a list of dicts with ``kind`` and details). Graph
        attributes: ``me``, ``owner_name``, ``as_of``, ``targets``,
        ``orgs`` (an :class:`~tiegraph.orgs.OrgIndex`), ``jobs`` (DataFrame),
        ``settings``, ``aliases`` (merged ids -> the contact they were merged into),
        ``outreach`` (:func:`tiegraph.outreach.outreach_tables`: asks, thank-yous,
        your own jobs).
    """
    as_of_ts = to_timestamp(as_of)
    settings = data.settings
    me = settings.owner_id
    org_index = OrgIndex(
        data.orgs,
        names=pd.concat([data.contacts[S.ORG], data.affiliations[S.ORG], data.jobs[S.ORG]]),
    )
    G = nx.Graph(
        me=me,
        owner_name=settings.owner_name,
        as_of=as_of_ts,
        targets=tuple(settings.targets),
        orgs=org_index,
        jobs=data.jobs.reset_index(drop=True),
        settings=settings,
        aliases={
            a.strip(): pid
            for pid, cell in zip(data.contacts[S.ID], data.contacts[S.ALIASES], strict=True)
            for a in cell.split(S.LIST_SEP)
            if a.strip()
        },
    )
    _add_nodes(G, data, org_index, as_of_ts)
    # asks, thank-yous and your own jobs, for the outreach loop (todo, asks, draft)
    G.graph["outreach"] = outreach_tables(data)
    events = evidence_events(data, as_of=as_of_ts, org_index=org_index)
    params = StrengthParams.from_settings(settings.strength)
    # auto_calibrate (default): fitted on the history before as_of, cached in the folder
    params = calibrated_params(events, as_of=as_of_ts, base=params, folder=data.folder)
    ties = tie_strengths(events, as_of=as_of_ts, params=params)
    known = events[events["date"].isna() | (events["date"] <= as_of_ts)]
    _add_edges(G, ties, known)
    return G


def _add_nodes(G: nx.Graph, data: NetworkData, org_index: OrgIndex, as_of: pd.Timestamp) -> None:
    me = G.graph["me"]
    c = data.contacts
    aff = data.affiliations
    aff_by_person: dict[str, list[dict[str, Any]]] = {}
    for person, org, title, start, end in zip(
        aff[S.PERSON], aff[S.ORG], aff[S.TITLE], aff[S.START], aff[S.END], strict=True
    ):
        aff_by_person.setdefault(person, []).append(
            {
                "org": org_index.canonical(org) or org,
                "title": title,
                "start": None if pd.isna(start) else start,
                "end": None if pd.isna(end) else end,
                "current": bool(pd.isna(end) or end > as_of),
            }
        )
    records = c.to_dict("records")
    G.add_node(
        me,
        name=G.graph["owner_name"],
        is_owner=True,
        org="",
        title="",
        tags=(),
        direct=False,
        affiliations=(),
    )
    for rec in records:
        pid = rec[S.ID]
        attrs = dict(rec)
        del attrs[S.ID]
        attrs[S.TAGS] = tuple(t.strip() for t in rec[S.TAGS].split(S.LIST_SEP) if t.strip())
        attrs[S.ALIASES] = tuple(a.strip() for a in rec[S.ALIASES].split(S.LIST_SEP) if a.strip())
        attrs[S.DIRECT] = rec[S.DIRECT].lower() != "no"
        attrs[S.CLOSENESS] = None if pd.isna(rec[S.CLOSENESS]) else int(rec[S.CLOSENESS])
        attrs[S.SINCE] = None if pd.isna(rec[S.SINCE]) else rec[S.SINCE]
        attrs["is_owner"] = False
        affs = list(aff_by_person.get(pid, []))
        if rec[S.ORG]:
            canon = org_index.canonical(rec[S.ORG]) or rec[S.ORG]
            if not any(a["org"] == canon and a["current"] for a in affs):
                affs.insert(
                    0,
                    {
                        "org": canon,
                        "title": rec[S.TITLE],
                        "start": None,
                        "end": None,
                        "current": True,
                    },
                )
        attrs["affiliations"] = tuple(affs)
        if pid == me:
            G.nodes[me].update({k: v for k, v in attrs.items() if v not in ("", None, ())})
            G.nodes[me]["is_owner"] = True
        else:
            G.add_node(pid, **{str(k): v for k, v in attrs.items()})


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
        events = pd.DataFrame({k: pd.Series([], dtype=object) for k in _EVENT_COLUMNS})
        events["date"] = pd.Series([], dtype="datetime64[ns]")
    events["date"] = events["date"].astype("datetime64[ns]").dt.tz_localize("UTC")
    return events[_EVENT_COLUMNS]


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
        return pd.DataFrame(columns=_EVENT_COLUMNS)
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


_TIE_COLUMNS = (
    "u",
    "v",
    "strength",
    "peak_strength",
    "last_contact",
    "first_contact",
    "n_interactions",
)


def _objects(values: pd.Series) -> list[Any]:
    """Return a column as Python objects (Timestamps boxed in C), with None for missing."""
    out = values.astype(object).to_numpy(copy=True)
    out[values.isna().to_numpy()] = None
    return out.tolist()


class _EvidenceSource:
    """The evidence of every tie, summarised into lists on first use (then kept)."""

    def __init__(self, events: pd.DataFrame) -> None:
        self._events: pd.DataFrame | None = events
        self._lists: dict[tuple[str, str], list[dict[str, Any]]] | None = None

    def of(self, pair: tuple[str, str]) -> list[dict[str, Any]]:
        if self._lists is None:
            assert self._events is not None
            self._lists = _evidence_lists(self._events)
            self._events = None
        return self._lists.get(pair, [])


class TieData(dict):  # type: ignore[type-arg]
    """An edge's attributes, whose ``evidence`` list is made when first read.

    A million interactions would otherwise become a million dicts at every
    load; most analyses read only strengths. Reading ``evidence`` (by key,
    ``get``, ``in``, iteration, ``items()``, ``copy()``, ``dict(...)``)
    computes it, as a plain list of dicts, and keeps it in the dict.
    """

    __slots__ = ("_pair", "_source")
    _pair: tuple[str, str]
    _source: _EvidenceSource

    def _load(self) -> None:
        if not dict.__contains__(self, "evidence"):
            dict.__setitem__(self, "evidence", self._source.of(self._pair))

    def __missing__(self, key: str) -> Any:
        if key == "evidence":
            self._load()
            return dict.__getitem__(self, key)
        raise KeyError(key)

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        if key == "evidence":
            self._load()
        return dict.get(self, key, default)

    def __contains__(self, key: object) -> bool:
        return key == "evidence" or dict.__contains__(self, key)

    def __iter__(self):  # type: ignore[no-untyped-def]
        self._load()
        return dict.__iter__(self)

    def __len__(self) -> int:
        return dict.__len__(self) + (0 if dict.__contains__(self, "evidence") else 1)

    def keys(self):  # type: ignore[no-untyped-def]
        self._load()
        return dict.keys(self)

    def items(self):  # type: ignore[no-untyped-def]
        self._load()
        return dict.items(self)

    def values(self):  # type: ignore[no-untyped-def]
        self._load()
        return dict.values(self)

    def copy(self) -> dict[str, Any]:  # type: ignore[override]
        self._load()
        return dict(dict.items(self))

    def __eq__(self, other: object) -> bool:
        self._load()
        return dict.__eq__(self, other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        self._load()
        return dict.__repr__(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (self.copy(),))


def _add_edges(G: nx.Graph, ties: pd.DataFrame, events: pd.DataFrame) -> None:
    """Add one edge per tie; columns of ``ties`` beyond the standard ones become attributes too.

    The adjacency is filled directly (both directions share one :class:`TieData`),
    which is what ``add_edges_from`` does, without its per-edge checks: every
    node is already in the graph and every pair appears once.
    """
    source = _EvidenceSource(events)
    strength = ties["strength"].to_numpy(dtype=float)
    with np.errstate(divide="ignore"):
        cost = -np.log(strength)
    names = ["strength", "peak_strength", "cost", "last_contact", "first_contact", "n_interactions"]
    extra = [c for c in ties.columns if c not in _TIE_COLUMNS]
    columns = [
        strength.tolist(),
        ties["peak_strength"].to_numpy(dtype=float).tolist(),
        cost.tolist(),
        _objects(ties["last_contact"]),
        _objects(ties["first_contact"]),
        ties["n_interactions"].to_numpy(dtype=int).tolist(),
        *(_objects(ties[c]) for c in extra),
    ]
    names += extra
    adj = G._adj
    for u, v, *vals in zip(ties["u"].tolist(), ties["v"].tolist(), *columns, strict=True):
        for node in (u, v):
            if node not in adj:
                G.add_node(node)
        data = TieData(zip(names, vals, strict=True))
        data._pair = (u, v)
        data._source = source
        adj[u][v] = data
        adj[v][u] = data
    if hasattr(nx, "_clear_cache"):  # networkx >= 3.3 caches backends' views of a graph
        nx._clear_cache(G)


def _evidence_lists(events: pd.DataFrame) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Summarise evidence per tie: one entry per introduction, one summary per other kind."""
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    intro = events[events["kind"] == S.EV_INTRODUCTION]
    for u, v, date, via, context in zip(
        intro["u"],
        intro["v"],
        _objects(intro["date"]),
        intro["via"],
        intro["context"],
        strict=True,
    ):
        out.setdefault((u, v), []).append(
            {"kind": S.EV_INTRODUCTION, "date": date, "via": via, "context": context}
        )
    rest = events[events["kind"] != S.EV_INTRODUCTION]
    if not len(rest):
        return out
    g = rest.groupby(["u", "v", "kind"], sort=True)
    summary = pd.DataFrame(
        {
            "n": g.size(),
            "first": g["date"].min(),
            "last": g["date"].max(),
            "value": g["value"].max(),
            "context": g["context"].first(),
        }
    ).reset_index()
    for u, v, kind, n, first, last, value, context in zip(
        summary["u"].tolist(),
        summary["v"].tolist(),
        summary["kind"].tolist(),
        summary["n"].tolist(),
        _objects(summary["first"]),
        _objects(summary["last"]),
        summary["value"].tolist(),
        summary["context"].tolist(),
        strict=True,
    ):
        entry: dict[str, Any] = {"kind": kind, "n": n, "first": first, "last": last}
        if kind == S.EV_CLOSENESS:
            entry["closeness"] = int(value)
        elif kind == S.EV_SAME_ORG:
            entry["org"] = context
        elif kind == S.EV_RELATED:
            entry["label"] = context
        elif kind == S.EV_VOUCHED:
            entry["what"] = context
        out.setdefault((u, v), []).append(entry)
    return out
