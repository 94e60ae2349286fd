"""Draft messages for an ask: plain sentences from how you met, when you last spoke, the chain.

A draft fills a template (:mod:`tiegraph.io.templates`: ``intro``, ``names``,
``informational``, ``reference``, ``referral``, ``told``, ``thanks``, or one
of your own) with these placeholders:

``$first_name``, ``$name``
    The person you write to.
``$my_first_name``, ``$my_name``
    You (``[owner] name``).
``$how_we_met``
    "You introduced me to Lee Nakamura at the Labor Day picnic 2025." (the
    latest introduction they made to you), else "We met through Dana
    Okafor at the 2024 canvass." or "We met at the tenants' rights forum in
    September 2024." (how you met them), else nothing.
``$last_spoke``
    "It was good to talk 3 weeks ago." within two months of your last
    interaction, "It has been 7 months since we last spoke; I hope all is
    well." after that, nothing when you never spoke.
``$goal``
    ``[search] goal`` of ``network.toml`` (else "my next role").
``$org``, ``$role``, ``$at_org``, ``$about_org``, ``$for_role``, ``$job``
    The organisation; "roles at AFSCME" or "the Field Organizer opening at
    AFSCME"; " at AFSCME"; " on AFSCME"; " for the Field Organizer opening
    at AFSCME"; the posting's title (each empty when there is no organisation).
``$contact``, ``$chain_sentence``
    For an introduction: who at the organisation (or the person) the best
    chain through them reaches, and "I saw that you know Keisha Brown
    there" (or "... you know Ruth Adeyemi, who knows Omar Haddad there").

Sentences left empty leave no double spaces behind.
"""

from __future__ import annotations

import os
import re
from collections.abc import Hashable, Mapping
from string import Template
from typing import Any

import networkx as nx
import pandas as pd

from . import schema as S
from ._words import ago, span
from .exceptions import ConfigError, NoPathError, NotFoundError
from .io.templates import read_template
from .outreach import job_search
from .params import Interval, Text, validate_params
from .paths import intro_paths, introducers

__all__ = ["draft", "draft_fields"]

_DAY = pd.Timedelta(days=1)
#: Within this many days of the last interaction, a draft says "it was good to talk".
RECENT_DAYS = 60


def _first(name: str) -> str:
    return name.split()[0] if name.split() else name


def _month(ts: Any) -> str:
    return f"{pd.Timestamp(ts):%B %Y}"


_ARTICLE = re.compile(r"^(the|a|an|our|my)\s", re.IGNORECASE)


def _at(context: str) -> str:
    """Return " at the 2024 canvass" (no article added when the context has one)."""
    if not context:
        return ""
    return f" at {context}" if _ARTICLE.match(context) else f" at the {context}"


def _how_we_met(G: nx.Graph, me: Hashable, person: Hashable, skip: Hashable | None = None) -> str:
    """Return the sentence on how you met ``person`` (or ""), not naming ``skip``."""
    introduced = []  # people they introduced you to
    for other, d in G[me].items():
        if other == skip:
            continue
        for ev in d.get("evidence", ()):
            if ev.get("kind") == S.EV_INTRODUCTION and ev.get("via") == person:
                introduced.append((ev.get("date"), other, ev.get("context", "")))
    if introduced:
        date, other, context = max(introduced, key=lambda x: (pd.Timestamp(x[0] or 0), str(x[1])))
        return f"You introduced me to {_name(G, other)}{_at(context)}."
    tie = G.edges[me, person] if G.has_edge(me, person) else {}
    met = [
        ev
        for ev in tie.get("evidence", ())
        if ev.get("kind") == S.EV_INTRODUCTION and not ev.get("via") == person
    ]
    if not met:
        return ""
    ev = min(met, key=lambda e: pd.Timestamp(e.get("date") or 0))
    via, context, date = ev.get("via"), ev.get("context", ""), ev.get("date")
    if via:
        return f"We met through {_name(G, via)}{_at(context)}."
    when = f" in {_month(date)}" if date is not None else ""
    return f"We met{_at(context)}{when}." if context or when else ""


def _last_spoke(G: nx.Graph, me: Hashable, person: Hashable, as_of: pd.Timestamp) -> str:
    tie = G.edges[me, person] if G.has_edge(me, person) else {}
    last = max(
        (
            pd.Timestamp(ev["last"])
            for ev in tie.get("evidence", ())
            if ev.get("kind") == S.EV_INTERACTION and ev.get("last") is not None
        ),
        default=None,
    )
    if last is None:
        return ""
    days = (as_of - last) / _DAY
    if days <= RECENT_DAYS:
        return f"It was good to talk {ago(days)}."
    return f"It has been {span(days)} since we last spoke; I hope all is well."


def _name(G: nx.Graph, node: Hashable) -> str:
    return str(G.nodes[node].get("name") or node) if node in G else str(node)


def _job(G: nx.Graph, job: int) -> tuple[str, str]:
    jobs = G.graph.get("jobs")
    n = 0 if jobs is None else len(jobs)
    if isinstance(job, bool) or not isinstance(job, int) or not 1 <= job <= n:
        raise ConfigError(f"job: there is no posting #{job} (jobs.csv has {n})")
    row = jobs.iloc[job - 1]
    return str(row[S.ORG]), str(row[S.TITLE])


def _chain_through(
    G: nx.Graph, person: Hashable, *, org: str | None, about: Hashable | None
) -> list[Hashable]:
    """Return the best chain (owner first) to ``org`` or ``about`` whose first hop is ``person``."""
    if about is not None:
        for chain in intro_paths(G, person=about, k=20):
            if len(chain.people) > 1 and chain.people[1] == person:
                return list(chain.people)
        raise NoPathError(_name(G, about), f"no chain found goes through {_name(G, person)}")
    ranked = introducers(G, str(org), top=None, min_score=0)  # the person asked for, however weak
    mine = ranked[ranked["introducer"] == person]
    if not len(mine):
        best = ", ".join(ranked["name"].head(3))
        raise NoPathError(str(org), f"none goes through {_name(G, person)} (best: {best})")
    return list(mine["people"].iloc[0])


def draft_fields(
    G: nx.Graph,
    person: Hashable,
    *,
    org: str | None = None,
    job: int | None = None,
    about: Hashable | None = None,
    chain: bool = False,
) -> dict[str, str]:
    """Return the placeholders of a draft to ``person`` (see the module's docstring).

    ``chain=True`` adds ``$contact`` and ``$chain_sentence`` from the best
    chain through them to ``org`` (or ``job``'s organisation, or ``about``).
    """
    me = G.graph["me"]
    if person not in G or person == me:
        raise NotFoundError("contact", str(person))
    as_of = pd.Timestamp(G.graph["as_of"])
    title = ""
    if job is not None:
        org, title = _job(G, job)
    search = job_search(G.graph.get("settings"))
    fields = {
        "name": _name(G, person),
        "first_name": _first(_name(G, person)),
        "my_name": str(G.graph.get("owner_name", "")),
        "my_first_name": _first(str(G.graph.get("owner_name", ""))),
        "how_we_met": "",
        "last_spoke": _last_spoke(G, me, person, as_of),
        "goal": search.goal if search is not None and search.goal else "my next role",
        "org": org or "",
        "job": title,
        "role": (f"the {title} opening at {org}" if title else f"roles at {org}") if org else "",
        "at_org": f" at {org}" if org else "",
        "about_org": f" on {org}" if org else "",
        "for_role": f" for the {title} opening at {org}" if title else "",
        "contact": "",
        "chain_sentence": "",
    }
    skip = None
    if chain:
        if org is None and about is None:
            raise ConfigError("an introduction draft needs an organisation, a job or a person")
        people = _chain_through(G, person, org=org, about=about)
        if len(people) == 2:
            raise ConfigError(
                f"{_name(G, person)} is at {org or _name(G, about)} already: draft an "
                "informational meeting or a referral instead"
            )
        names = [_name(G, p) for p in people[2:]]
        where = " there" if org else ""
        known = names[0] + "".join(f", who knows {n}" for n in names[1:])
        fields["contact"] = names[-1]
        fields["chain_sentence"] = f"I saw that you know {known}{where}"
        skip = people[2]
    fields["how_we_met"] = _how_we_met(G, me, person, skip)
    return fields


_SPACES = re.compile(r"[ \t]{2,}")
_LEADING = re.compile(r"^[ \t]+", re.MULTILINE)
_BEFORE_PUNCT = re.compile(r"[ \t]+([.,;:!?])")


@validate_params(kind=[Text()], job=[Interval(int, 1, None), None])
def draft(
    G: nx.Graph,
    person: Hashable,
    *,
    kind: str = "intro",
    org: str | None = None,
    job: int | None = None,
    about: Hashable | None = None,
    templates: str | os.PathLike[str] | None = None,
    extra: Mapping[str, str] | None = None,
) -> str:
    """Return a short plain-text message to ``person`` for an ask.

    Parameters
    ----------
    G : networkx.Graph
        The network graph. Not changed.
    person : hashable
        The contact id of whom you write to.
    kind : str
        The template: ``intro`` (default), ``names``, ``informational``,
        ``reference``, ``referral``, ``told``, ``thanks``, or one of yours.
    org : str, optional
        The organisation it is about (``intro`` needs it, or ``job`` or ``about``).
    job : int, optional
        A posting of ``jobs.csv`` by its number (1 is the first row); sets ``org``.
    about : hashable, optional
        For ``intro``: the person you want to meet.
    templates : path-like, optional
        A folder of your own templates (a network folder's ``templates/``),
        used before the shipped ones.
    extra : mapping, optional
        More placeholders for your own templates.

    Returns
    -------
    str
        The message; placeholders the template does not use are ignored,
        unknown ones are left as written.

    Raises
    ------
    NotFoundError
        Unknown person, organisation or template.
    NoPathError
        For ``intro``: no chain goes through them.
    ConfigError
        ``intro`` without a target, or to someone already there.

    Examples
    --------
    >>> import tiegraph
    >>> G = tiegraph.load_network(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)
    >>> text = draft(G, "dana-okafor", kind="intro", org="AFSCME")
    >>> print(text)  # doctest: +ELLIPSIS
    Hi Dana,
    <BLANKLINE>
    You introduced me to ... It has been 7 months since we last spoke; I hope all is well. ...
    >>> "I saw that you know Keisha Brown there. Would you be comfortable introducing us?" in text
    True
    """
    text = read_template(kind, templates)
    fields = draft_fields(G, person, org=org, job=job, about=about, chain=kind == "intro")
    fields.update(extra or {})
    filled = Template(text).safe_substitute(fields)
    filled = _BEFORE_PUNCT.sub(r"\1", _LEADING.sub("", _SPACES.sub(" ", filled)))
    filled = re.sub(r"\.(\s*\.)+", ".", filled)  # a sentence that came out empty
    filled = re.sub(r"^\.\s*", "", filled, flags=re.MULTILINE)
    return filled.strip() + "\n"
