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

import contextlib
import gc
import itertools
import os
from collections.abc import Iterator
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
    with _collector_paused():
        return _build_graph(data, to_timestamp(as_of))


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a graph is built.

    A large folder makes millions of container objects (the edges' dicts,
    the nodes' attributes), none in a cycle to free meanwhile; each
    automatic collection would walk all of them again (on 688k ties: 1.3 s
    of 1.5 s making the edges' dicts).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _build_graph(data: NetworkData, as_of_ts: pd.Timestamp) -> nx.Graph:
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
    dated = (events["date"].isna() | (events["date"] <= as_of_ts)).to_numpy()
    known = events if dated.all() else events[dated]  # usually all: no copy
    _add_edges(G, ties, known)
    G.graph["ties"] = ties[["u", "v", "strength"]]  # the path index reads the ties from here
    # the evidence and the parameters, for the figures that replay a tie's history (plots); the
    # same table the edges' evidence lists are made from, so it costs no more memory
    G.graph.update(events=known, strength_params=params)
    return G


def _add_nodes(G: nx.Graph, data: NetworkData, org_index: OrgIndex, as_of: pd.Timestamp) -> None:
    """Add one node per contact (and the owner), its attributes made from the columns at once."""
    me = G.graph["me"]
    c = data.contacts
    aff = data.affiliations
    aff_by_person: dict[str, list[dict[str, Any]]] = {}
    if len(aff):
        aff_orgs = _canonical_orgs(org_index, aff[S.ORG])
        ends = _objects(aff[S.END])
        current = (aff[S.END].isna() | (aff[S.END] > as_of)).tolist()
        for person, org, title, start, end, now in zip(
            aff[S.PERSON].tolist(),
            aff_orgs,
            aff[S.TITLE].tolist(),
            _objects(aff[S.START]),
            ends,
            current,
            strict=True,
        ):
            aff_by_person.setdefault(person, []).append(
                {"org": org, "title": title, "start": start, "end": end, "current": bool(now)}
            )
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
    names = [str(col) for col in c.columns]
    columns: dict[str, list[Any]] = {}
    for col in names:
        if col == S.TAGS or col == S.ALIASES:
            columns[col] = [_split(cell) for cell in c[col].tolist()]
        elif col == S.DIRECT:
            columns[col] = [cell.lower() != "no" for cell in c[col].tolist()]
        elif col == S.CLOSENESS:
            columns[col] = [None if v != v else int(v) for v in c[col].tolist()]  # NaN: None
        else:
            columns[col] = _objects(c[col])
    org_canon = _canonical_orgs(org_index, c[S.ORG])
    nodes = []
    for values, org, canon in zip(
        zip(*(columns[n] for n in names), strict=True),
        c[S.ORG].tolist(),
        org_canon,
        strict=True,
    ):
        attrs = dict(zip(names, values, strict=True))
        pid = attrs.pop(S.ID)
        attrs["is_owner"] = False
        affs = list(aff_by_person.get(pid, ()))
        if org and not any(a["org"] == canon and a["current"] for a in affs):
            affs.insert(
                0,
                {
                    "org": canon,
                    "title": attrs[S.TITLE],
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
            nodes.append((pid, attrs))
    G.add_nodes_from(nodes)


def _split(cell: str) -> tuple[str, ...]:
    """Return the values of a ``;``-separated cell."""
    if not cell:
        return ()
    return tuple(t.strip() for t in cell.split(S.LIST_SEP) if t.strip())


def _canonical_orgs(org_index: OrgIndex, orgs: pd.Series) -> list[str]:
    """Return each organisation's canonical name (itself when unknown), once per distinct name."""
    codes, uniques = pd.factorize(orgs.to_numpy(dtype=object))
    canon = np.asarray([org_index.canonical(o) or o for o in uniques], dtype=object)
    return canon[codes].tolist() if len(codes) else []


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


class _TieSource:
    """The attributes of every tie as columns, shared by the edges' :class:`TieData`.

    A value becomes a Python object when an edge's attribute is first read:
    a number column is made a list once, a date is boxed per edge read (a
    million Timestamps cost seconds and most analyses never read them), and
    the evidence lists are made on first use of any of them.
    """

    def __init__(self, ties: pd.DataFrame, events: pd.DataFrame) -> None:
        extra = [str(c) for c in ties.columns if c not in _TIE_COLUMNS]
        #: every attribute of an edge, in the order its dict shows them
        self.names: tuple[str, ...] = (
            "strength",
            "peak_strength",
            "cost",
            "last_contact",
            "first_contact",
            "n_interactions",
            *extra,
            "evidence",
        )
        self.u: list[str] = ties["u"].tolist()
        self.v: list[str] = ties["v"].tolist()
        self._ties = ties
        self._lists: dict[str, list[Any]] = {}
        self._dates: dict[str, Any] = {
            str(c): ties[c].array
            for c in ties.columns
            if c not in ("u", "v") and pd.api.types.is_datetime64_any_dtype(ties[c])
        }
        self._evidence = _EvidenceSource(events)

    def value(self, name: str, row: int) -> Any:
        """Return the attribute ``name`` of the tie at ``row``."""
        if name == "evidence":
            return self._evidence.of((self.u[row], self.v[row]))
        dates = self._dates.get(name)
        if dates is not None:
            when = dates[row]
            return None if when is pd.NaT else when
        values = self._lists.get(name)
        if values is None:
            values = self._lists[name] = self._column(name)
        return values[row]

    def _column(self, name: str) -> list[Any]:
        ties = self._ties
        if name in ("strength", "peak_strength"):
            return ties[name].to_numpy(dtype=float).tolist()
        if name == "cost":
            with np.errstate(divide="ignore"):
                return (-np.log(ties["strength"].to_numpy(dtype=float))).tolist()
        if name == "n_interactions":
            return ties[name].to_numpy(dtype=int).tolist()
        return _objects(ties[name])


class TieData(dict):  # type: ignore[type-arg]
    """An edge's attributes, each made when first read from the ties' columns.

    A million interactions would otherwise become a million dicts of boxed
    values at every load; most analyses read only strengths. Reading an
    attribute (by key or ``get``) makes that one; ``in`` and ``len`` need
    none; iterating, ``items()``, ``copy()``, ``dict(...)``, comparing or
    changing the dict makes them all, as plain values (the ``evidence`` a
    list of dicts), and keeps them in the dict.
    """

    __slots__ = ("_pending", "_row", "_source")
    _pending: tuple[str, ...]  # the attributes not made yet (unset: all of them)
    _row: int
    _source: _TieSource

    def _todo(self) -> tuple[str, ...]:
        try:
            return self._pending
        except AttributeError:
            return self._source.names

    def _put(self, key: str) -> None:
        todo = self._todo()
        if key in todo:
            dict.__setitem__(self, key, self._source.value(key, self._row))
            self._pending = tuple(n for n in todo if n != key)

    def _load(self) -> None:
        todo = self._todo()
        if not todo:
            return
        source = self._source
        made = {
            n: dict.__getitem__(self, n) if n not in todo else source.value(n, self._row)
            for n in source.names
        }
        rest = {k: v for k, v in dict.items(self) if k not in made}
        dict.clear(self)
        dict.update(self, made)
        dict.update(self, rest)
        self._pending = ()

    def __missing__(self, key: str) -> Any:
        if key in self._todo():
            self._put(key)
            return dict.__getitem__(self, key)
        raise KeyError(key)

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        self._put(key)
        return dict.get(self, key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._todo() or dict.__contains__(self, key)

    def __len__(self) -> int:
        return dict.__len__(self) + len(self._todo())

    def __iter__(self):  # type: ignore[no-untyped-def]
        self._load()
        return dict.__iter__(self)

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
        if isinstance(other, TieData):
            other._load()
        return dict.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        self._load()
        return dict.__repr__(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (self.copy(),))

    def __or__(self, other: Any) -> Any:
        self._load()
        return dict(dict.items(self)) | other

    def __ror__(self, other: Any) -> Any:
        self._load()
        return other | dict(dict.items(self))

    # changes make every attribute first, so a value set is never replaced by a made one
    def __setitem__(self, key: str, value: Any) -> None:
        self._load()
        dict.__setitem__(self, key, value)

    def __delitem__(self, key: str) -> None:
        self._load()
        dict.__delitem__(self, key)

    def __ior__(self, other: Any) -> TieData:
        self._load()
        dict.update(self, other)
        return self

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._load()
        dict.update(self, *args, **kwargs)

    def setdefault(self, key: str, default: Any = None) -> Any:
        self._load()
        return dict.setdefault(self, key, default)

    def pop(self, key: str, *default: Any) -> Any:
        self._load()
        return dict.pop(self, key, *default)

    def popitem(self) -> tuple[str, Any]:
        self._load()
        return dict.popitem(self)

    def clear(self) -> None:
        self._load()
        dict.clear(self)


def _add_edges(G: nx.Graph, ties: pd.DataFrame, events: pd.DataFrame) -> None:
    """Add one edge per tie; columns of ``ties`` beyond the standard ones become attributes too.

    The adjacency is filled directly (both directions share one :class:`TieData`),
    which is what ``add_edges_from`` does, without its per-edge checks: every
    node is already in the graph and every pair appears once.
    """
    source = _TieSource(ties, events)
    adj = G._adj
    us, vs = source.u, source.v
    if not adj.keys() >= {*us, *vs}:
        for node in dict.fromkeys(n for pair in zip(us, vs, strict=True) for n in pair):
            if node not in adj:
                G.add_node(node)
    n = len(us)
    made = [TieData() for _ in range(n)]
    for row, data in enumerate(made):
        data._row = row
        data._source = source
    datas = np.empty(n, dtype=object)
    datas[:] = made
    # each node's neighbours in the order one loop over the ties would add them (a tie's u
    # side, then its v side), filled with one dict.update per node
    ends = np.empty(2 * n, dtype=object)
    ends[0::2], ends[1::2] = us, vs
    others = np.empty(2 * n, dtype=object)
    others[0::2], others[1::2] = vs, us
    codes, nodes = pd.factorize(ends)
    order = np.argsort(codes, kind="stable")
    counts = np.bincount(codes, minlength=len(nodes))
    pairs = zip(others[order].tolist(), datas[order // 2].tolist(), strict=True)
    for node, count in zip(nodes.tolist(), counts.tolist(), strict=True):
        adj[node].update(itertools.islice(pairs, count))
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
