"""The outreach loop's data: asks, the job search, thank-yous and what each ask yielded.

Terms
-----
ask
    A row of ``asks.csv``: a contact (``person``) was asked on ``date`` for
    something (``for``: ``intro``, ``names``, ``informational``,
    ``reference``, ``referral``, ``told`` or a kind named under
    ``[outreach] kinds``), maybe about an organisation (``org``), a person
    (``about``) or a posting (``job``, a ``jobs.csv`` title at ``org``).
    Its ``status`` is ``open`` (empty reads as open), ``done``,
    ``declined`` or ``no-reply``; ``closed`` is when it stopped being open,
    ``due`` when to follow up, ``result`` what came of it. Seen from a date,
    an ask closed later is still open.
told
    An ask of kind ``told``: they know you are looking. Any ask made during
    the search also tells them.
yield
    The people introduced to you through the person asked (an
    ``introductions.csv`` row with ``met_through`` = them), on or after the
    ask's date and before their next ask.
thank-you
    An interaction with you whose note starts with ``thank-you``
    (:data:`THANK_YOU`; ``tiegraph thank`` writes one).
job search
    The ``[search]`` table of ``network.toml``: ``start``, ``end`` (empty
    while it goes on) and ``goal``; its target organisations are
    ``[targets] orgs``.

The tables come from a network folder (:class:`~tiegraph.NetworkData`):
pass ``data=`` to the functions here, or build the graph with them so that
``G.graph["outreach"]`` holds :func:`outreach_tables` of the folder.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd

from . import schema as S
from .dates import to_timestamp
from .exceptions import ConfigError
from .outreach_settings import JobSearch, OutreachSettings, ask_kinds, job_search

if TYPE_CHECKING:  # pragma: no cover
    from .io.folder import NetworkData

__all__ = [
    "ASK_COLUMNS",
    "FUNNEL_STAGES",
    "HELP_KINDS",
    "THANK_YOU",
    "JobSearch",
    "OutreachSettings",
    "OutreachTables",
    "ask_kinds",
    "ask_outcomes",
    "ask_phrase",
    "asked_paths",
    "asks",
    "asks_as_of",
    "day_of",
    "funnel",
    "funnel_history",
    "job_search",
    "last_contact_after",
    "next_follow_up",
    "outcome_notes",
    "outreach_tables",
    "tables_as_of",
    "tables_of",
]

#: The note that marks an interaction as a thank-you (it starts the note).
THANK_YOU = "thank-you"

#: Kinds of ask that, once done, were a favour that calls for a thank-you.
HELP_KINDS: tuple[str, ...] = ("intro", "names", "informational", "reference", "referral")

#: Columns of :func:`asks`.
ASK_COLUMNS: tuple[str, ...] = (
    "id", "person", "name", "date", "for", "org", "about", "about_name", "job", "status",
    "due", "closed", "result", "notes", "follow_up", "yield", "n_yield",
)  # fmt: skip

#: Stages of :func:`funnel`, in order.
FUNNEL_STAGES: tuple[str, ...] = (
    "told", "asks", "informational", "names", "introductions", "applications", "interviews",
)  # fmt: skip


@dataclass(frozen=True)
class OutreachTables:
    """What the outreach loop reads from a network folder, ready to filter by date.

    ``asks``: ``asks.csv`` (status empty -> ``open``, ``for`` lower-cased).
    ``intros``: introductions to you (``person``, ``via``, ``date``,
    ``context``; ``via`` empty when met at an event). ``contacts``: one row
    per person per interaction with you (``person``, ``date``,
    ``thank_you``). ``roles``: your own affiliations (``org``, ``start``, ``end``).
    """

    asks: pd.DataFrame
    intros: pd.DataFrame
    contacts: pd.DataFrame
    roles: pd.DataFrame


def outreach_tables(data: NetworkData) -> OutreachTables:
    """Return the tables the outreach loop needs from a network folder's ``data``.

    Vectorised over the whole folder: interactions between other people are
    left out; a meeting gives one row per person in it.
    """
    me = data.settings.owner_id
    a = data.asks.copy()
    a[S.STATUS] = a[S.STATUS].str.lower().replace("", "open")
    a[S.FOR] = a[S.FOR].str.lower()
    intro = data.introductions
    to_me = intro[S.TO].isin(["", me]) & (intro[S.PERSON] != me)
    intros = pd.DataFrame(
        {
            "person": intro[S.PERSON][to_me].to_numpy(dtype=object),
            "via": intro[S.MET_THROUGH][to_me].to_numpy(dtype=object),
            "date": intro[S.DATE][to_me].to_numpy(),
            "context": intro[S.CONTEXT][to_me].to_numpy(dtype=object),
        }
    )
    inter = data.interactions
    by = inter[S.BY].to_numpy(dtype=object)
    pos = np.flatnonzero((by == "") | (by == me))  # the owner's interactions
    withs = inter[S.WITH].iloc[pos]
    multi = withs.str.contains(S.LIST_SEP, regex=False).to_numpy()
    # most cells hold one id: only meetings need splitting
    split = withs[multi].str.split(S.LIST_SEP).explode().str.strip()
    rows = np.concatenate([pos[~multi], inter.index.get_indexer(split.index)])
    who = np.concatenate([withs.to_numpy(dtype=object)[~multi], split.to_numpy(dtype=object)])
    keep = (who != "") & (who != me)
    rows, who = rows[keep], who[keep]
    notes = inter[S.NOTES].iloc[rows]
    contacts = pd.DataFrame(
        {
            "person": who,
            "date": inter[S.DATE].iloc[rows].reset_index(drop=True),
            "thank_you": (notes.str[: len(THANK_YOU)].str.lower() == THANK_YOU).to_numpy(bool),
        }
    )
    for frame in (intros, contacts):
        frame["date"] = pd.to_datetime(frame["date"], utc=True)
    aff = data.affiliations
    own = aff[aff[S.PERSON] == me]
    roles = pd.DataFrame(
        {
            "org": own[S.ORG].to_numpy(dtype=object),
            "start": pd.to_datetime(own[S.START], utc=True).to_numpy(),
            "end": pd.to_datetime(own[S.END], utc=True).to_numpy(),
        }
    )
    for col in ("start", "end"):
        roles[col] = pd.to_datetime(roles[col], utc=True)
    return OutreachTables(asks=a, intros=intros, contacts=contacts, roles=roles)


def tables_of(G: nx.Graph, data: NetworkData | None = None) -> OutreachTables:
    """Return the outreach tables of ``data``, else the ones ``G`` carries."""
    if data is not None:
        return outreach_tables(data)
    found = G.graph.get("outreach")
    if isinstance(found, OutreachTables):
        return found
    raise ConfigError(
        "this graph carries no asks or interactions: pass data=tiegraph.read_folder(folder) "
        "(the folder the graph was built from)"
    )


def day_of(G: nx.Graph, as_of: object | None = None) -> pd.Timestamp:
    """Return ``as_of`` as a UTC timestamp, the graph's ``as_of`` when None."""
    if as_of is None:
        found = G.graph.get("as_of")
        return to_timestamp(found)
    return to_timestamp(as_of)


def tables_as_of(
    G: nx.Graph, data: NetworkData | None = None, as_of: object | None = None
) -> tuple[pd.Timestamp, OutreachSettings, OutreachTables]:
    """Return the day, the outreach settings and the outreach tables as they stood that day.

    The day is ``as_of`` (the graph's when None); the tables hold the asks
    made by then with their status then (:func:`asks_as_of`), and the
    contacts and introductions up to it.
    """
    when = day_of(G, as_of)
    t = tables_of(G, data)
    settings = OutreachSettings.from_settings(G.graph.get("settings"))
    then = replace(
        t,
        asks=asks_as_of(t.asks, when),
        contacts=t.contacts[t.contacts["date"] <= when],
        intros=t.intros[t.intros["date"] <= when],
    )
    return when, settings, then


def asks_as_of(asks_frame: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Return the asks made by ``as_of``, each with its status as it was then.

    An ask closed after ``as_of`` was still open then (its ``closed`` and
    ``result`` are cleared).
    """
    out = asks_frame[asks_frame[S.DATE] <= as_of].copy()
    later = out[S.CLOSED].notna() & (out[S.CLOSED] > as_of)
    out.loc[later, S.STATUS] = "open"
    out.loc[later, S.CLOSED] = pd.NaT
    out.loc[later, S.RESULT] = ""
    return out


def next_follow_up(
    open_asks: pd.DataFrame, contacts: pd.DataFrame, follow_up_days: int
) -> pd.Series:
    """Return when each open ask is next due a follow-up.

    Its ``due`` date (or ``follow_up_days`` after it was made), moved to
    ``follow_up_days`` after the last contact with the person logged since
    the ask, when that is later: a contact is a follow-up, and the next one
    comes a round later.

    Examples
    --------
    >>> day = lambda s: pd.Timestamp(s, tz="UTC")
    >>> asks = pd.DataFrame({"person": ["a", "b"], "date": [day("2024-05-01")] * 2,
    ...                      "due": [pd.NaT, day("2024-05-20")]})
    >>> log = pd.DataFrame({"person": ["a"], "date": [day("2024-05-09")]})
    >>> next_follow_up(asks, log, 7).dt.strftime("%Y-%m-%d").tolist()
    ['2024-05-16', '2024-05-20']
    """
    step = pd.Timedelta(days=follow_up_days)
    due = open_asks[S.DUE].where(open_asks[S.DUE].notna(), open_asks[S.DATE] + step)
    since = last_contact_after(open_asks["person"], open_asks[S.DATE], contacts)
    later = since + step
    return due.where(~(later > due), later)


def last_contact_after(person: pd.Series, after: pd.Series, contacts: pd.DataFrame) -> pd.Series:
    """Return, per row, the last contact with ``person`` after the row's date (NaT if none).

    The last contact after a date is the person's last contact, when it is
    after that date: one group-by for any number of rows.
    """
    last = contacts.groupby("person")["date"].max()
    got = pd.Series(
        last.reindex(person.to_numpy()).array, index=person.index, dtype="datetime64[ns, UTC]"
    )
    return got.where(got > after)


def _yield(a: pd.DataFrame, intros: pd.DataFrame) -> pd.Series:
    """Return, per ask, the ids introduced through its person from its date to their next ask."""
    via = intros[intros["via"] != ""]
    if not len(a) or not len(via):
        return pd.Series([()] * len(a), index=a.index, dtype=object)
    asks_sorted = (
        a[["person", S.DATE]]
        .rename(columns={S.DATE: "date"})
        .assign(ask=a.index)
        .sort_values("date")
    )
    got = pd.merge_asof(
        via.rename(columns={"person": "introduced", "via": "person"}).sort_values("date"),
        asks_sorted,
        on="date",
        by="person",
        direction="backward",
    )
    got = got[got["ask"].notna()]
    grouped = got.groupby("ask")["introduced"].agg(list)
    found = {
        ask: tuple(dict.fromkeys(people))
        for ask, people in zip(grouped.index.astype(a.index.dtype), grouped, strict=True)
    }
    return pd.Series([found.get(i, ()) for i in a.index], index=a.index, dtype=object)


def asks(
    G: nx.Graph, *, data: NetworkData | None = None, as_of: object | None = None
) -> pd.DataFrame:
    """Return the asks made by a date, with their status then, next follow-up and yield.

    Parameters
    ----------
    G : networkx.Graph
        A network graph (for names). Not changed.
    data : NetworkData, optional
        The folder's tables (default: what ``G.graph["outreach"]`` holds).
    as_of : date-like, optional
        Default: the graph's ``as_of``. Later asks are left out; an ask
        closed later shows as open.

    Returns
    -------
    DataFrame
        One row per ask, in file order, columns :data:`ASK_COLUMNS`: the
        ``asks.csv`` columns plus ``name`` and ``about_name``,
        ``follow_up`` (when an open ask is next due a follow-up; see
        :func:`next_follow_up`), ``yield`` (ids introduced through the
        person since the ask) and ``n_yield``.

    Examples
    --------
    >>> import tiegraph
    >>> data = tiegraph.read_folder(tiegraph.sample_folder())
    >>> G = tiegraph.build_graph(data, as_of=tiegraph.SAMPLE_AS_OF)
    >>> a = asks(G, data=data)
    >>> sorted(set(a["status"]))
    ['declined', 'done', 'no-reply', 'open']
    """
    _when, settings, t = tables_as_of(G, data, as_of)
    names = {n: d.get("name", n) for n, d in G.nodes(data=True)}
    out = t.asks.rename(columns={S.ID: "id"}).copy()
    out["name"] = out[S.PERSON].map(lambda p: names.get(p, p))
    out["about_name"] = out[S.ABOUT].map(lambda p: names.get(p, p) if p else "")
    is_open = (out[S.STATUS] == "open") & (out[S.FOR] != "told")
    out["follow_up"] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns, UTC]")
    if is_open.any():
        out.loc[is_open, "follow_up"] = next_follow_up(
            out[is_open], t.contacts, settings.follow_up_days
        )
    out["yield"] = _yield(out, t.intros)
    out["n_yield"] = out["yield"].map(len).astype(int)
    columns = [*ASK_COLUMNS, *(c for c in out.columns if c not in ASK_COLUMNS)]
    return out[columns].reset_index(drop=True)


def ask_phrase(row: Mapping[Any, Any], names: Mapping[Hashable, str] | None = None) -> str:
    """Return what an ask was for, in words.

    Examples
    --------
    >>> ask_phrase({"for": "intro", "org": "AFT", "about": "dee", "job": ""}, {"dee": "Dee Evans"})
    'an introduction to Dee Evans'
    >>> ask_phrase({"for": "referral", "org": "AFT", "about": "", "job": "Field Rep"})
    'a referral for the Field Rep job at AFT'
    """
    names = names or {}
    kind = row[S.FOR]
    org, job = row[S.ORG], row[S.JOB]
    about = names.get(row[S.ABOUT], row[S.ABOUT]) if row[S.ABOUT] else ""
    target = f"the {job} job at {org}" if job else (about or org)
    if kind == "intro":
        return "an introduction" + (f" to {target}" if target else "")
    if kind == "names":
        return "names" + (f" at {org}" if org else "")
    if kind == "informational":
        return "an informational meeting" + (f" about {org}" if org else "")
    if kind in ("reference", "referral"):
        return f"a {kind}" + (f" for {target}" if target else "")
    return f"'{kind}'" + (f" about {target}" if target else "")


def outcome_notes(
    asks_frame: pd.DataFrame, names: Mapping[Hashable, str] | None = None
) -> dict[str, str]:
    """Map each person to their latest declined or unanswered ask, in words.

    ``asks_frame`` holds asks as of a date (:func:`asks_as_of`).

    Examples
    --------
    >>> a = pd.DataFrame({"person": ["bo", "bo"], "for": ["names", "intro"],
    ...                   "org": ["", "AFT"], "about": ["", ""], "job": ["", ""],
    ...                   "status": ["no-reply", "declined"],
    ...                   "date": pd.to_datetime(["2024-03-01", "2024-04-01"], utc=True)})
    >>> outcome_notes(a)
    {'bo': 'declined an introduction to AFT (2024-04-01)'}
    """
    a = asks_frame[asks_frame[S.STATUS].isin(["declined", "no-reply"])]
    notes: dict[str, str] = {}
    for row in a.sort_values(S.DATE, kind="stable").to_dict("records"):
        verb = "declined" if row[S.STATUS] == "declined" else "did not answer"
        notes[row[S.PERSON]] = f"{verb} {ask_phrase(row, names)} ({row[S.DATE]:%Y-%m-%d})"
    return notes


def ask_outcomes(
    G: nx.Graph, *, data: NetworkData | None = None, as_of: object | None = None
) -> pd.DataFrame:
    """Return, per person asked, how their asks went: to show beside them in a ranking.

    Columns: ``person``, ``asks`` (told left out), ``done``, ``declined``,
    ``no_reply``, ``open`` and ``note`` (their latest declined or unanswered
    ask in words, "" when none), one row per person, most asked first.
    Merge it into :func:`tiegraph.introducers` on ``introducer`` = ``person``.

    Examples
    --------
    >>> import tiegraph
    >>> data = tiegraph.read_folder(tiegraph.sample_folder())
    >>> G = tiegraph.build_graph(data, as_of=tiegraph.SAMPLE_AS_OF)
    >>> ask_outcomes(G, data=data).set_index("person").loc["sofia-alvarez", "note"]
    'declined a referral for the Legislative Aide job at Working Families Party (2026-05-15)'
    """
    when = day_of(G, as_of)
    a = asks_as_of(tables_of(G, data).asks, when)
    a = a[a[S.FOR] != "told"]
    names = {n: d.get("name", n) for n, d in G.nodes(data=True)}
    counts = pd.crosstab(a[S.PERSON], a[S.STATUS]).reindex(
        columns=list(S.ASK_STATUSES), fill_value=0
    )
    out = pd.DataFrame(
        {
            "person": counts.index.astype(str),
            "asks": counts.sum(axis=1).to_numpy(dtype=int),
            "done": counts["done"].to_numpy(dtype=int),
            "declined": counts["declined"].to_numpy(dtype=int),
            "no_reply": counts["no-reply"].to_numpy(dtype=int),
            "open": counts["open"].to_numpy(dtype=int),
        }
    )
    notes = outcome_notes(a, names)
    out["note"] = out["person"].map(lambda p: notes.get(p, ""))
    return out.sort_values(["asks", "person"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )


def asked_paths(
    G: nx.Graph,
    *,
    data: NetworkData | None = None,
    as_of: object | None = None,
    status: str | None = None,
) -> list[list[Hashable]]:
    """Return each ask as a path to draw on the map: owner, person asked (and whom it is about).

    ``status`` keeps only asks with that status (as of ``as_of``); ``told``
    rows are left out. Pass the result as ``highlight`` to
    :func:`tiegraph.viz.network`. People no longer in the graph are left out.

    Examples
    --------
    >>> import tiegraph
    >>> data = tiegraph.read_folder(tiegraph.sample_folder())
    >>> G = tiegraph.build_graph(data, as_of=tiegraph.SAMPLE_AS_OF)
    >>> asked_paths(G, data=data, status="open")
    [['me', 'priya-raman', 'lee-nakamura'], ['me', 'zoe-lindqvist']]
    """
    me = G.graph["me"]
    a = asks(G, data=data, as_of=as_of)
    a = a[a["for"] != "told"]
    if status is not None:
        a = a[a["status"] == status]
    out: list[list[Hashable]] = []
    for person, about in zip(a["person"], a["about"], strict=True):
        if person not in G:
            continue
        path: list[Hashable] = [me, person]
        if about and about in G and G.has_edge(person, about):
            path.append(about)
        out.append(path)
    return out


# ---------------------------------------------------------------------------
# the funnel


def _stage_events(G: nx.Graph, t: OutreachTables, when: pd.Timestamp) -> pd.DataFrame:
    """Return one row per dated funnel event up to ``when``: ``stage``, ``date``, ``person``."""
    search = job_search(G.graph.get("settings"))
    since = search.start if search is not None else pd.Timestamp.min.tz_localize("UTC")
    a = asks_as_of(t.asks, when)
    a = a[a[S.DATE] >= since]
    parts = [
        pd.DataFrame({"stage": "told", "date": a[S.DATE], "person": a[S.PERSON]}).drop_duplicates(
            "person"
        ),
        pd.DataFrame({"stage": "asks", "date": a[S.DATE], "person": a[S.PERSON]})[
            a[S.FOR] != "told"
        ],
    ]
    met = a[(a[S.FOR] == "informational") & (a[S.STATUS] == "done")]
    parts.append(
        pd.DataFrame({"stage": "informational", "date": met[S.CLOSED], "person": met[S.PERSON]})
    )
    intros = t.intros[(t.intros["date"] >= since) & (t.intros["date"] <= when)]
    via = intros[intros["via"] != ""]
    # names: the yield of asks for names (people introduced through them after the ask)
    yields = _yield(a, intros)[(a[S.FOR] == "names").to_numpy()].explode().dropna()
    named = via[via["person"].isin(set(yields))].drop_duplicates("person")
    parts.append(pd.DataFrame({"stage": "names", "date": named["date"], "person": named["person"]}))
    parts.append(
        pd.DataFrame({"stage": "introductions", "date": via["date"], "person": via["person"]})
    )
    frames = [p for p in parts if len(p)]
    if not frames:
        return pd.DataFrame({"stage": [], "date": pd.Series([], dtype="datetime64[ns, UTC]")})
    return pd.concat(frames, ignore_index=True)


def _job_counts(G: nx.Graph) -> dict[str, int]:
    jobs = G.graph.get("jobs")
    status = (
        jobs[S.STATUS].astype(str).str.lower()
        if jobs is not None and S.STATUS in jobs
        else pd.Series([], dtype=object)
    )
    return {
        "applications": int(status.isin(["applied", "interview", "offer"]).sum()),
        "interviews": int(status.isin(["interview", "offer"]).sum()),
    }


def funnel(
    G: nx.Graph, *, data: NetworkData | None = None, as_of: object | None = None
) -> pd.DataFrame:
    """Return the job search's funnel: how many people reached each stage.

    Stages (:data:`FUNNEL_STAGES`), counted from the search's start
    (``[search] start``; everything when there is none) to ``as_of``:
    ``told`` (people who know you are looking: told or asked),
    ``asks`` (asks other than ``told``), ``informational`` (informational
    meetings done), ``names`` (people introduced by someone you asked for
    names), ``introductions`` (people introduced to you by anyone),
    ``applications`` and ``interviews`` (``jobs.csv`` postings whose
    ``status`` is ``applied`` or later, ``interview`` or later: the status
    now, as the file has no dates for it).

    Examples
    --------
    >>> import tiegraph
    >>> data = tiegraph.read_folder(tiegraph.sample_folder())
    >>> G = tiegraph.build_graph(data, as_of=tiegraph.SAMPLE_AS_OF)
    >>> f = funnel(G, data=data)
    >>> list(f["stage"]) == list(FUNNEL_STAGES), bool(f["count"].iloc[0] > 0)
    (True, True)
    """
    when = day_of(G, as_of)
    events = _stage_events(G, tables_of(G, data), when)
    counts = events.groupby("stage").size() if len(events) else pd.Series(dtype=int)
    counts = counts.reindex(list(FUNNEL_STAGES), fill_value=0).astype(int)
    for stage, n in _job_counts(G).items():
        counts[stage] = n
    return pd.DataFrame({"stage": list(FUNNEL_STAGES), "count": counts.to_numpy(dtype=int)})


def funnel_history(
    G: nx.Graph,
    *,
    data: NetworkData | None = None,
    as_of: object | None = None,
    freq: str = "W",
) -> pd.DataFrame:
    """Return the dated funnel stages over time: cumulative counts at the end of each period.

    One row per period (``freq``, a pandas offset alias: ``"W"`` weeks,
    ``"MS"`` months) from the search's start (or the first event) to
    ``as_of``; one column per dated stage of :func:`funnel` (``told``,
    ``asks``, ``informational``, ``names``, ``introductions``; applications
    and interviews have no dates).
    """
    when = day_of(G, as_of)
    events = _stage_events(G, tables_of(G, data), when)
    stages = [s for s in FUNNEL_STAGES if s not in ("applications", "interviews")]
    search = job_search(G.graph.get("settings"))
    first = search.start if search is not None else (events["date"].min() if len(events) else when)
    if pd.isna(first):
        first = when
    periods = pd.date_range(first.normalize(), when, freq=freq)
    if not len(periods) or periods[-1] < when.normalize():
        periods = pd.DatetimeIndex([*periods, when.normalize()])
    out = pd.DataFrame(index=pd.DatetimeIndex(periods, name="date"))
    for stage in stages:
        dates = np.sort(events.loc[events["stage"] == stage, "date"].dropna().to_numpy())
        ends = (periods + pd.Timedelta(days=1)).to_numpy()  # a period's last day counts
        out[stage] = np.searchsorted(dates, ends.astype(dates.dtype) if len(dates) else ends)
    return out
