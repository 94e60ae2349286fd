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
from .dates import to_timestamp
from .events import evidence_events
from .io.folder import NetworkData, read_folder
from .orgs import OrgIndex
from .outreach import outreach_tables
from .strength import StrengthParams, tie_strengths

__all__ = ["build_graph", "evidence_events", "load_network", "to_timestamp"]

# evidence_events and to_timestamp live lower down (tiegraph.events, tiegraph.dates); they stay
# importable from here


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
    G.graph["ties"] = ties[["u", "v", "strength"]]  # the path index reads the ties from here
    # the evidence and the parameters, for the figures that replay a tie's history (plots); the
    # same table the edges' evidence lists are made from, so it costs no more memory
    G.graph.update(events=known, strength_params=params)
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
