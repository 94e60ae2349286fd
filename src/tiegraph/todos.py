"""The day's to-do list of the outreach loop: what to do today, ranked, each in one line.

The practice it follows: follow up on a lead right away; thank people for
their time and the names they give; write to the people met at an event
the next day; tell everyone you know that you are looking; ask for an
introduction only people you have kept in touch with, and not the same
person again and again; when a role ends, ask the people you worked with
for references and contacts; keep strong ties warm and revive dormant ones.

Kinds of to-do (:data:`TODO_KINDS`), in the order they are listed:

``follow_up``
    An open ask whose follow-up date has come (:func:`tiegraph.outreach.next_follow_up`):
    its ``due`` date, else ``follow_up_days`` after the ask; a contact logged
    since moves it to ``follow_up_days`` after that contact. Gone once the
    ask is done, declined or marked no-reply, or a contact is logged.
``thank``
    Someone helped in the last ``thank_days``: introduced you to someone
    (an ``introductions.csv`` row through them), or an ask of theirs for an
    introduction, names, an informational meeting, a reference or a referral
    was done; and nothing has been logged with them since their latest help
    (a thank-you on or after that day, or any other contact after it).
``event``
    Someone you met at an event (an introduction through nobody) in the last
    ``event_days``, with no contact logged after the day you met.
``reference``
    One of your own affiliations (``affiliations.csv`` rows of the owner's id) ends
    within ``reference_days`` or ended that recently: the people you worked
    with there, strongest ties first, whom you have not asked for a reference
    since it began.
``ask``
    For each target organisation without an open ask about it: the best
    introducer (:func:`tiegraph.introducers`) not asked anything in the last
    ``ask_interval_weeks`` and not suggested for another target; "reconnect
    first" when your tie to them is weak (below 0.3) or dormant.
``tell``
    While a job search goes on: the strongest direct ties not yet told or
    asked anything since it started.
``keep``
    Ties due for contact at their usual rhythm (:func:`tiegraph.keep_in_touch`).
``revive``
    The dormant ties most worth reviving (:func:`tiegraph.dormant_ties`).

A person appears once among ``tell``, ``keep`` and ``revive``, and not there
when already listed above or asked something still open. A declined or
unanswered ask is mentioned next to the person.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Any

import networkx as nx
import pandas as pd

from . import schema as S
from ._words import ago, span
from .dormant import dormant_ties, is_dormant, keep_in_touch
from .exceptions import NoPathError, NotFoundError
from .outreach import (
    HELP_KINDS,
    OutreachSettings,
    ask_phrase,
    job_search,
    next_follow_up,
    outcome_notes,
    tables_as_of,
)
from .params import Interval, validate_params
from .paths import introducers

if TYPE_CHECKING:  # pragma: no cover
    from .io.folder import NetworkData

__all__ = ["TODO_COLUMNS", "TODO_KINDS", "WEAK_TIE", "todo"]

#: Kinds of to-do, in the order they are listed.
TODO_KINDS: tuple[str, ...] = (
    "follow_up", "thank", "event", "reference", "ask", "tell", "keep", "revive",
)  # fmt: skip

#: Columns of :func:`todo`.
TODO_COLUMNS: tuple[str, ...] = (
    "rank", "kind", "person", "name", "org", "ask", "date", "what", "why",
)  # fmt: skip

#: A first hop weaker than this is a reason to reconnect before asking (as in the chain search).
WEAK_TIE = 0.3

_DAY = pd.Timedelta(days=1)


@validate_params(limit=[Interval(int, 0, None), None])
def todo(
    G: nx.Graph,
    *,
    data: NetworkData | None = None,
    as_of: object | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Return today's outreach actions, ranked, each explained in one line.

    Parameters
    ----------
    G : networkx.Graph
        The network graph (strengths, introducers, dormant ties come from
        it, as of ``G.graph["as_of"]``). Not changed.
    data : NetworkData, optional
        The folder the graph was built from, for the asks, introductions
        and interactions (default: what ``G.graph["outreach"]`` holds).
    as_of : date-like, optional
        The day of the list (default: the graph's ``as_of``); asks,
        introductions and interactions after it are left out.
    limit : int, optional
        Return the first ``limit`` to-dos only.

    Returns
    -------
    DataFrame
        Columns :data:`TODO_COLUMNS`: ``rank`` (1 first), ``kind`` (one of
        :data:`TODO_KINDS`), ``person`` and ``name`` (whom it is about),
        ``org`` (the organisation, for ``ask`` and ``reference``), ``ask``
        (the ask's id, for ``follow_up``), ``date`` (the follow-up's due
        date; the latest help; the day you met; the day the affiliation
        ends; the day you last spoke; the day to reach out by), ``what``
        (the action) and ``why`` (the reason, one line). The settings
        (``[outreach]`` in ``network.toml``) are
        :class:`tiegraph.outreach.OutreachSettings`.

    Examples
    --------
    >>> import tiegraph
    >>> data = tiegraph.read_folder(tiegraph.sample_folder())
    >>> G = tiegraph.build_graph(data, as_of=tiegraph.SAMPLE_AS_OF)
    >>> todo(G, data=data)[["kind", "person", "what"]].head(2)
            kind        person                                 what
    0  follow_up   priya-raman  Follow up with Priya Raman (ask 11)
    1      thank  ken-watanabe                   Thank Ken Watanabe
    """
    when, settings, t = tables_as_of(G, data, as_of)
    ctx = _Context(G, when, settings, t.asks, t.contacts, t.intros, t.roles)
    rows: list[dict[str, Any]] = []
    rows += ctx.follow_ups()
    rows += ctx.thanks()
    rows += ctx.events()
    rows += ctx.references()
    rows += ctx.whom_to_ask(rows)
    rows += ctx.tell(rows)
    rows += ctx.keep(rows)
    rows += ctx.revive(rows)
    frame = pd.DataFrame(rows, columns=[c for c in TODO_COLUMNS if c != "rank"])
    frame.insert(0, "rank", range(1, len(frame) + 1))
    frame["date"] = pd.to_datetime(frame["date"], utc=True)
    if limit is not None:
        frame = frame.head(limit)
    return frame


def _day(ts: Any) -> str:
    return f"{pd.Timestamp(ts):%Y-%m-%d}"


def _names(people: list[str]) -> str:
    """Return "A", "A and B", "A, B and C", "A, B, C and 2 more"."""
    if len(people) > 4:
        people = [*people[:3], f"{len(people) - 3} more"]
    if len(people) <= 1:
        return "".join(people)
    return f"{', '.join(people[:-1])} and {people[-1]}"


class _Context:
    """One to-do list in the making: the graph, the day, the settings and the tables."""

    def __init__(
        self,
        G: nx.Graph,
        when: pd.Timestamp,
        settings: OutreachSettings,
        asks: pd.DataFrame,
        contacts: pd.DataFrame,
        intros: pd.DataFrame,
        roles: pd.DataFrame,
    ) -> None:
        self.G = G
        self.roles = roles
        self.me = G.graph["me"]
        self.when = when
        self.s = settings
        self.asks = asks
        self.contacts = contacts
        self.intros = intros
        self.search = job_search(G.graph.get("settings"))
        self.orgs = G.graph.get("orgs")
        self._canonical: dict[str, str] = {}
        self.names = {n: str(d.get("name") or n) for n, d in G.nodes(data=True)}
        # each person's last contact, and last thank-you: every "since" below is one lookup
        self.last = contacts.groupby("person")["date"].max()
        self.last_thanks = contacts[contacts["thank_you"]].groupby("person")["date"].max()
        self._outcomes = outcome_notes(asks, self.names)

    # -- words ------------------------------------------------------------------------

    def name(self, pid: Hashable) -> str:
        return self.names.get(pid, str(pid))

    def last_after(self, pid: Hashable, day: pd.Timestamp, table: pd.Series | None = None) -> Any:
        """Return the last contact with ``pid`` after ``day`` (a thank-you on or after), or None."""
        found = (self.last if table is None else table).get(pid)
        if found is None or pd.isna(found):
            return None
        return found if (found > day if table is None else found >= day) else None

    def canonical(self, org: str) -> str:
        if not org:
            return ""
        known = self._canonical.get(org)
        if known is None:
            found = self.orgs.canonical(org) if self.orgs is not None else None
            known = self._canonical[org] = found or org
        return known

    def ago(self, when: Any) -> str:
        return ago((self.when - pd.Timestamp(when)) / _DAY)

    def ask_phrase(self, row: Mapping[Any, Any]) -> str:
        return ask_phrase(row, self.names)

    def outcome(self, pid: str) -> str:
        note = self._outcomes.get(pid)
        return f"; earlier they {note}" if note else ""

    def row(self, kind: str, pid: str, what: str, why: str, **extra: Any) -> dict[str, Any]:
        return {
            "kind": kind,
            "person": pid,
            "name": self.name(pid),
            "org": extra.get("org", ""),
            "ask": extra.get("ask", ""),
            "date": extra.get("date"),
            "what": what,
            "why": why,
        }

    def tie(self, pid: str) -> Mapping[Any, Any]:
        return self.G.edges[self.me, pid] if self.G.has_edge(self.me, pid) else {}

    # -- the kinds --------------------------------------------------------------------

    def follow_ups(self) -> list[dict[str, Any]]:
        a = self.asks
        open_ = a[(a[S.STATUS] == "open") & (a[S.FOR] != "told")]
        if not len(open_):
            return []
        due = next_follow_up(open_, self.contacts, self.s.follow_up_days)
        now = open_[(due <= self.when).to_numpy()].assign(_due=due[due <= self.when])
        now = now.sort_values(["_due", S.DATE], kind="stable")
        out = []
        for row in now.to_dict("records"):
            pid = row[S.PERSON]
            late = math.floor((self.when - row["_due"]) / _DAY)
            since = self.last_after(pid, row[S.DATE])
            heard = (
                f"last in touch {_day(since)}"
                if since is not None
                else "nothing logged with them since"
            )
            when_due = "due today" if late == 0 else f"{span(late)} overdue"
            why = (
                f"you asked them for {self.ask_phrase(row)} on {_day(row[S.DATE])} "
                f"({self.ago(row[S.DATE])}); {heard}; follow-up {when_due}{self.outcome(pid)}"
            )
            out.append(
                self.row(
                    "follow_up",
                    pid,
                    f"Follow up with {self.name(pid)} (ask {row[S.ID]})",
                    why,
                    ask=row[S.ID],
                    org=row[S.ORG],
                    date=row["_due"],
                )
            )
        return out

    def thanks(self) -> list[dict[str, Any]]:
        start = self.when - self.s.thank_days * _DAY
        via = self.intros[(self.intros["via"] != "") & (self.intros["via"] != self.me)]
        via = via[via["date"] >= start]
        # introductions through someone since their first ask for names are names they gave
        first_ask = self.asks[self.asks[S.FOR] == "names"].groupby(S.PERSON)[S.DATE].min()
        asked = pd.Series(first_ask.reindex(via["via"].to_numpy()).array, index=via.index)
        via = via.assign(named=(via["date"] >= asked).to_numpy(dtype=bool))
        helps: dict[str, list[tuple[pd.Timestamp, str]]] = {}
        grouped = via.groupby(["via", "named"], sort=False).agg(
            date=("date", "max"), people=("person", list)
        )
        for (pid, named), date, people in zip(
            grouped.index, grouped["date"], grouped["people"], strict=True
        ):
            shown = [self.name(p) for p in dict.fromkeys(people)]
            if named:
                words = f"{len(shown)} name{'s' if len(shown) != 1 else ''}"
                text = f"gave you {words}: {_names(shown)}"
            else:
                text = f"introduced you to {_names(shown)}"
            helps.setdefault(str(pid), []).append((date, text))
        done = self.asks[
            (self.asks[S.STATUS] == "done")
            & self.asks[S.FOR].isin([k for k in HELP_KINDS if k != "names"])
            & (self.asks[S.CLOSED] >= start)
        ]
        for row in done.to_dict("records"):
            kind = row[S.FOR]
            words = {
                "intro": "made " + self.ask_phrase(row),
                "informational": "met you for " + self.ask_phrase(row),
                "reference": "gave you " + self.ask_phrase(row),
                "referral": "gave you " + self.ask_phrase(row),
            }[kind]
            helps.setdefault(row[S.PERSON], []).append((row[S.CLOSED], words))
        out = []
        owed = []
        for pid, items in helps.items():
            latest = max(d for d, _ in items)
            thanked = self.last_after(pid, latest, self.last_thanks) is not None
            if not thanked and self.last_after(pid, latest) is None:
                owed.append((latest, pid, items))
        for latest, pid, items in sorted(owed, key=lambda x: (x[0], x[1])):
            items = sorted(items, key=lambda x: x[0])
            words = "; ".join(f"{w} ({self.ago(d)})" for d, w in items)
            out.append(
                self.row(
                    "thank",
                    pid,
                    f"Thank {self.name(pid)}",
                    f"{self.name(pid)} {words}; nothing logged with them since",
                    date=latest,
                )
            )
        return out

    def events(self) -> list[dict[str, Any]]:
        start = self.when - self.s.event_days * _DAY
        met = self.intros[(self.intros["via"] == "") & (self.intros["date"] >= start)]
        out = []
        for row in met.sort_values("date", kind="stable").to_dict("records"):
            pid = row["person"]
            if self.last_after(pid, row["date"]) is not None:
                continue
            where = f"at {row['context']} " if row["context"] else ""
            out.append(
                self.row(
                    "event",
                    pid,
                    f"Follow up with {self.name(pid)}",
                    f"you met {where}{self.ago(row['date'])} and nothing is logged since: "
                    "a short note while they remember you",
                    date=row["date"],
                )
            )
        return out

    def references(self) -> list[dict[str, Any]]:
        G, me = self.G, self.me
        window = self.s.reference_days * _DAY
        out = []
        for role in self.roles.to_dict("records"):
            end = role["end"]
            if pd.isna(end) or not (self.when - window <= end <= self.when + window):
                continue
            org = self.canonical(role["org"])
            begun = None if pd.isna(role["start"]) else role["start"]
            refs = self.asks[self.asks[S.FOR] == "reference"]
            if begun is not None:
                refs = refs[refs[S.DATE] >= begun]
            asked = set(refs[S.PERSON])
            colleagues = []
            for pid in G.neighbors(me):
                if pid in asked:
                    continue
                for theirs in G.nodes[pid].get("affiliations", ()):
                    if self.canonical(theirs.get("org", "")) != org:
                        continue
                    t_start, t_end = theirs.get("start"), theirs.get("end")
                    if (t_start is None or t_start <= end) and (
                        t_end is None or begun is None or t_end >= begun
                    ):
                        colleagues.append(pid)
                        break
            colleagues.sort(key=lambda p: (-float(self.tie(p).get("strength", 0.0)), str(p)))
            verb = "ended" if end <= self.when else "ends"
            days = (end - self.when) / _DAY
            rel = self.ago(end) if end <= self.when else f"in {span(days)}"
            for pid in colleagues[: self.s.per_kind]:
                tie = self.tie(pid)
                n = int(tie.get("n_interactions", 0) or 0)
                worked = f"{n} interaction{'s' if n != 1 else ''}"
                out.append(
                    self.row(
                        "reference",
                        pid,
                        f"Ask {self.name(pid)} for a reference and names",
                        f"your time at {org} {verb} {_day(end)} ({rel}); you worked with them "
                        f"({worked}, tie {float(tie.get('strength', 0.0)):.2f}){self.outcome(pid)}",
                        org=org,
                        date=end,
                    )
                )
        return out

    def whom_to_ask(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        a = self.asks
        real = a[a[S.FOR] != "told"]
        open_orgs = {self.canonical(o) for o in real[real[S.STATUS] == "open"][S.ORG] if o}
        recent = set(
            real[real[S.DATE] > self.when - 7 * self.s.ask_interval_weeks * _DAY][S.PERSON]
        ) | set(real[real[S.STATUS] == "open"][S.PERSON])
        suggested: set[str] = {r["person"] for r in rows}  # thank or follow up first
        out = []
        for org in self.G.graph.get("targets") or ():
            if self.canonical(org) in open_orgs:
                continue
            try:
                ranked = introducers(self.G, org)
            except (NotFoundError, NoPathError):
                continue
            for row in ranked.to_dict("records"):
                pid = row["introducer"]
                if pid in recent or pid in suggested:
                    continue
                suggested.add(pid)
                out.append(self._suggest(org, row))
                break
        return out

    def _suggest(self, org: str, row: Mapping[Any, Any]) -> dict[str, Any]:
        pid = row["introducer"]
        name = self.name(pid)
        tie = self.tie(pid)
        last = tie.get("last_contact")
        quiet = (self.when - last) / _DAY if last is not None and not pd.isna(last) else math.nan
        dormant = bool(
            is_dormant(
                tie.get("strength", 0.0),
                tie.get("peak_strength", 0.0),
                days_quiet=quiet,
                rhythm_days=tie.get("rhythm_days", math.nan) or math.nan,
            )
        )
        chain = " → ".join(self.name(p) for p in row["people"][1:])
        chain = f"{chain} (score {row['score']:.2f})"
        if row["hops"] == 1:
            canon = self.canonical(org)
            now = any(
                self.canonical(x.get("org", "")) == canon and x.get("current")
                for x in self.G.nodes[pid].get("affiliations", ())
            )
            what = f"Ask {name} for an informational meeting about {org}"
            where = "is at" if now else "used to work at"
            why = f"{name} {where} {org}"
        else:
            what = f"Ask {name} for an introduction to {org}"
            why = f"your best way into {org}: {chain}"
        if row["weak_first_hop"] or row["tie"] < WEAK_TIE or dormant:
            how = (
                f"your tie is weak ({row['tie']:.2f})"
                if row["tie"] < WEAK_TIE
                else f"your tie has gone quiet (last in touch {self.ago(last)})"
            )
            what = f"Reconnect with {name} first (your way into {org})"
            why = f"{why}; {how}: a catch-up before a favour"
        elif row["hops"] == 1:
            why = f"{why} (your tie {row['tie']:.2f})"
        return self.row(
            "ask",
            pid,
            what,
            why + self.outcome(pid),
            org=org,
            date=last if quiet == quiet else None,
        )

    def _skip(self, rows: list[dict[str, Any]]) -> set[str]:
        a = self.asks
        return {r["person"] for r in rows} | set(a[a[S.STATUS] == "open"][S.PERSON])

    def tell(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if self.search is None or not self.search.active(self.when):
            return []
        told = set(self.asks[self.asks[S.DATE] >= self.search.start][S.PERSON])
        skip = self._skip(rows) | told
        G, me = self.G, self.me
        ties = sorted(
            (
                (float(d.get("strength", 0.0)), str(p))
                for p, d in G[me].items()
                if G.nodes[p].get("direct", True) and p not in skip
            ),
            key=lambda x: (-x[0], x[1]),
        )
        goal = f": {self.search.goal}" if self.search.goal else ""
        out = []
        for strength, pid in ties[: self.s.per_kind]:
            out.append(
                self.row(
                    "tell",
                    pid,
                    f"Tell {self.name(pid)} you are looking",
                    f"they do not know about your search yet (tie {strength:.2f}, among your "
                    f"strongest); say what you want{goal}{self.outcome(pid)}",
                    date=self.tie(pid).get("last_contact"),
                )
            )
        return out

    def keep(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        found = keep_in_touch(self.G)
        return self._ties("keep", found, rows, "Get in touch with", "reach_out_by")

    def revive(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        found = dormant_ties(self.G)
        return self._ties("revive", found, rows, "Revive your tie with", "last_contact")

    def _ties(
        self, kind: str, found: pd.DataFrame, rows: list[dict[str, Any]], verb: str, date: str
    ) -> list[dict[str, Any]]:
        """One row per tie of ``found`` (ranked, with a reason) not listed yet; per_kind at most."""
        found = found[~found["id"].isin(self._skip(rows))].head(self.s.per_kind)
        return [
            self.row(
                kind,
                r["id"],
                f"{verb} {r['name']}",
                r["reason"] + self.outcome(r["id"]),
                date=r[date],
            )
            for r in found.to_dict("records")
        ]
