"""Dormant relationships worth reviving.

:func:`dormant_ties` lists the owner's ties that were strong and have gone
quiet (the rule of :mod:`tiegraph.dormancy`), ranked by what reconnecting is
worth: the trust the tie had (its peak strength), how much of the person's
network lies outside the owner's active one (novel information), and
whether they lead to the owner's target organisations. It reads the graph
of :func:`tiegraph.load_network` and returns a DataFrame; it does not change
the graph.

The strong ties due for contact before they go quiet are
:func:`tiegraph.rhythm.keep_in_touch`; it, the rule and its thresholds are
importable from here too.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from itertools import chain
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from . import schema as S
from ._words import ago, plural, some, span
from .dormancy import (
    COUNT,
    DAY,
    DAYS,
    LAST,
    MAX_NOW,
    MAX_SHARE,
    MIN_PEAK,
    MIN_QUIET_DAYS,
    N_INT,
    PEAK,
    QUIET_RHYTHMS,
    RHYTHM,
    SHARE,
    STRENGTH,
    empty_frame,
    finish_frame,
    is_dormant,
    owner_dormancy,
)
from .params import validate_params
from .rhythm import HEADS_UP, KEEP_IN_TOUCH_COLUMNS, keep_in_touch

__all__ = [
    "DORMANT_COLUMNS",
    "HEADS_UP",
    "KEEP_IN_TOUCH_COLUMNS",
    "MAX_NOW",
    "MAX_SHARE",
    "MIN_PEAK",
    "MIN_QUIET_DAYS",
    "NOVELTY_WEIGHT",
    "QUIET_RHYTHMS",
    "TARGET_WEIGHT",
    "dormant_ties",
    "is_dormant",
    "keep_in_touch",
]

#: Weight of novelty (share of their contacts outside your active network) in the value.
NOVELTY_WEIGHT = 1.0
#: Weight of reaching a target organisation in the value.
TARGET_WEIGHT = 1.0
#: Reach of a target organisation: the person works there now.
REACH_MEMBER = 1.0
#: Reach of a target organisation: the person worked there, or knows someone who works there now.
REACH_NEAR = 0.5

#: Columns of :func:`dormant_ties`, in order.
DORMANT_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "org",
    "last_contact",
    "last_contact_ago",
    "days_quiet",
    "peak_strength",
    "strength",
    "n_interactions",
    "n_contacts",
    "n_outside",
    "novelty",
    "target_orgs",
    "target_hops",
    "target_via",
    "value",
    "reason",
)

#: The top share of the owner's ties by peak strength called "one of your strongest ties".
_TOP_SHARE = 0.1


@validate_params(
    min_peak=SHARE,
    max_now=SHARE,
    max_share=SHARE,
    min_quiet_days=DAYS,
    quiet_rhythms=DAYS,
    limit=[COUNT, None],
    novelty_weight=DAYS,
    target_weight=DAYS,
)
def dormant_ties(
    G: nx.Graph,
    *,
    min_peak: float = MIN_PEAK,
    max_now: float = MAX_NOW,
    max_share: float = MAX_SHARE,
    min_quiet_days: float = MIN_QUIET_DAYS,
    quiet_rhythms: float = QUIET_RHYTHMS,
    targets: Iterable[str] | None = None,
    novelty_weight: float = NOVELTY_WEIGHT,
    target_weight: float = TARGET_WEIGHT,
    limit: int | None = None,
) -> pd.DataFrame:
    """Return the owner's ties that were strong and went quiet, most worth reviving first.

    Parameters
    ----------
    G : networkx.Graph
        A network graph (:func:`tiegraph.load_network`). It is not changed.
    min_peak : float
        A tie counts as having been strong when its peak strength reached
        this (default :data:`MIN_PEAK`, 0.5).
    max_now, max_share : float
        It has *faded* when its strength now is at most ``max_now`` (default
        :data:`MAX_NOW`, 0.4) and at most ``max_share`` of its peak (default
        :data:`MAX_SHARE`, 0.5: it lost at least half of its strength).
    min_quiet_days, quiet_rhythms : float
        It has gone *silent* when nobody got in touch for ``min_quiet_days``
        (default :data:`MIN_QUIET_DAYS`, 90) and for ``quiet_rhythms`` times
        its usual gap between contacts (default :data:`QUIET_RHYTHMS`, 4).
        A strong tie that faded or went silent is dormant.
    targets : iterable of str, optional
        Target organisations (any name or alias); default the graph's
        ``targets`` (``[targets] orgs`` of ``network.toml``). ``()`` for none.
    novelty_weight, target_weight : float
        Weights of novelty and target reach in ``value`` (default 1 each).
    limit : int, optional
        Return at most this many rows (the most valuable).

    Returns
    -------
    DataFrame
        One row per dormant tie, most valuable first (ties in value broken
        by the longer quiet, then by id), columns :data:`DORMANT_COLUMNS`:

        - ``id``, ``name``, ``org``: the person;
        - ``last_contact`` (Timestamp to the second, NaT when no
          interaction is logged), ``last_contact_ago`` (e.g. "11 months
          ago"), ``days_quiet`` (whole days before ``as_of``, an ``Int64``
          column: missing when never);
        - ``peak_strength``, ``strength`` (now), ``n_interactions``;
        - ``n_contacts``: how many people they are tied to besides the owner;
          ``n_outside``: how many of those are not among the owner's active
          ties; ``novelty`` = ``n_outside / n_contacts`` (0 when none);
        - ``target_orgs``: the target organisations they lead to (tuple,
          written as in ``targets``), ``target_hops``: 0 when they work at
          one now, 1 when they worked at one or know someone there now,
          missing when neither (``Int64``); ``target_via``: the names of
          whom they know there;
        - ``value``: what reconnecting is worth, in [0, 1] (see Notes);
        - ``reason``: all of it in words.

    Raises
    ------
    ConfigError
        A threshold or weight is out of range.

    Examples
    --------
    >>> import tiegraph
    >>> G = tiegraph.load_network(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)
    >>> top = tiegraph.dormant_ties(G, limit=3)
    >>> top.loc[0, "name"]
    'Dana Okafor'
    >>> top.loc[0, "reason"].split(" (")[0]
    'was one of your strongest ties'
    >>> "AFSCME" in top.loc[0, "target_orgs"], "Keisha Brown" in top.loc[0, "target_via"]
    (True, True)

    Notes
    -----
    A tie is *dormant* when it was strong, ``peak_strength >= min_peak``,
    and either faded, ``strength <= max_now`` and ``strength <= max_share *
    peak_strength``, or went silent, no contact for ``min_quiet_days`` and
    for ``quiet_rhythms`` times its rhythm (``rhythm_days``, the strength
    model's typical gap between the tie's interactions). The two tests
    agree on most ties; silence catches a tie the model still rates high
    because it was very strong (weekly meetings for a year, then nothing
    for seven months), strength a tie with too few interactions for a
    rhythm. A tie seen every three months is not dormant after one quiet
    month, nor after four. Dormant former
    strong ties are worth reviving: reconnecting with them gives more novel
    information than active ties do, because their knowledge has moved on
    while the owner was away, and they keep much of the trust the tie had
    [1]_. So the ranking is not by time since contact but by::

        value = peak * (1 + novelty_weight * novelty + target_weight * reach)
                / (1 + novelty_weight + target_weight)

    - ``peak``, the peak strength, stands for the trust the tie keeps; it
      multiplies the rest, as a tie that was never strong has little to
      revive;
    - ``novelty`` is the share of the person's contacts (graph neighbours,
      the owner left out) who are not the owner's *active* ties (owner's
      ties with strength above ``max_now``): how much of what they hear
      the owner does not hear already, a measure of non-redundancy in the
      sense of structural holes [2]_;
    - ``reach`` is the mean over the target organisations of
      :data:`REACH_MEMBER` (1) when they work there now, :data:`REACH_NEAR`
      (0.5) when they worked there (a former affiliation) or are tied to
      someone who works there now, and 0 otherwise: a cheap one-hop check,
      not a path search (see :func:`tiegraph.intro_paths` for chains). With
      one target it is 1, 0.5 or 0; a person who leads to more of the
      targets is worth more.

    ``value`` is 1 for a tie that was at full strength, whose contacts are
    all new to the owner and who works at a target organisation. Novelty is
    computed for all candidates at once from one table of their
    neighbourhoods (pandas group-by), so the cost is the sum of the dormant
    people's degrees, not a pass over the whole graph.

    References
    ----------
    .. [1] D. Z. Levin, J. Walter and J. K. Murnighan, "Dormant ties: the
       value of reconnecting", Organization Science 22(4) (2011) 923-939.
    .. [2] R. S. Burt, "Structural holes and good ideas", American Journal
       of Sociology 110(2) (2004) 349-399.
    """
    ties, as_of, dormant = owner_dormancy(
        G,
        min_peak=min_peak,
        max_now=max_now,
        max_share=max_share,
        min_quiet_days=min_quiet_days,
        quiet_rhythms=quiet_rhythms,
    )
    cand = ties[dormant].reset_index(drop=True)
    if not len(cand):
        return empty_frame(DORMANT_COLUMNS)
    active = ties.loc[~dormant & (ties[STRENGTH] > max_now), "id"]
    nb = _neighbourhoods(G, cand["id"].tolist())
    nb["outside"] = ~nb["nbr"].isin(active)
    per = nb.groupby("id", sort=False).agg(n_contacts=("nbr", "size"), n_outside=("outside", "sum"))
    cand["n_contacts"] = cand["id"].map(per["n_contacts"]).fillna(0).astype(int)
    cand["n_outside"] = cand["id"].map(per["n_outside"]).fillna(0).astype(int)
    cand["novelty"] = np.where(
        cand["n_contacts"] > 0, cand["n_outside"] / cand["n_contacts"].clip(lower=1), 0.0
    )

    reach = _target_reach(G, cand["id"].tolist(), nb, _target_names(G, targets))
    cand["target_orgs"] = [r["orgs"] for r in reach]
    cand["target_hops"] = [r["hops"] for r in reach]
    cand["target_via"] = [r["via_names"] for r in reach]
    reach_score = np.array([r["score"] for r in reach], dtype=float)
    cand["value"] = (
        cand[PEAK]
        * (1 + novelty_weight * cand["novelty"] + target_weight * reach_score)
        / (1 + novelty_weight + target_weight)
    )
    cand["days_quiet"] = np.floor((as_of - cand[LAST]) / DAY)  # whole days
    cand = cand.sort_values(
        ["value", "days_quiet", "id"],
        ascending=[False, False, True],
        na_position="first",
        kind="stable",
    ).reset_index(drop=True)
    if limit is not None:
        cand = cand.head(limit)
    top = float(np.quantile(ties[PEAK], 1 - _TOP_SHARE)) if len(ties) else 1.0
    cand["last_contact_ago"] = [ago(d) for d in cand["days_quiet"]]
    reach_by_id = {r["id"]: r for r in reach}
    cand["reason"] = [
        _dormant_reason(row, top, reach_by_id[row["id"]]) for row in cand.to_dict("records")
    ]
    return finish_frame(cand, DORMANT_COLUMNS)


# --- the people they know ---------------------------------------------------------


def _neighbourhoods(G: nx.Graph, ids: list[str]) -> pd.DataFrame:
    """Return one row per (person, neighbour) of ``ids``, the owner left out, with the tie."""
    me = G.graph["me"]
    adj = G.adj
    degrees = [len(adj[c]) for c in ids]
    nbrs = list(chain.from_iterable(adj[c] for c in ids))
    strengths = [
        float(d.get(STRENGTH, 0.0)) for d in chain.from_iterable(adj[c].values() for c in ids)
    ]
    nb = pd.DataFrame(
        {
            "id": np.repeat(np.asarray(ids, dtype=object), degrees),
            "nbr": pd.Series(nbrs, dtype=object),
            STRENGTH: np.asarray(strengths, dtype=float),
        }
    )
    return nb[(nb["nbr"] != me) & (nb["nbr"] != nb["id"])].reset_index(drop=True)


# --- target organisations ---------------------------------------------------------


def _target_names(G: nx.Graph, targets: Iterable[str] | None) -> dict[str, str]:
    """Map each target's canonical organisation name to the name as the user wrote it."""
    if targets is None:
        targets = G.graph.get("targets", ())
    if isinstance(targets, str):
        targets = (targets,)
    index = G.graph.get("orgs")
    out: dict[str, str] = {}
    for t in targets:
        t = str(t).strip()
        if not t:
            continue
        canon = index.canonical(t) if index is not None else None
        out.setdefault(canon or t, t)
    return out


def _memberships(G: nx.Graph, node: str, targets: Mapping[str, str]) -> tuple[list, list]:
    """Return the target organisations a person is at now, and those they were at (with end)."""
    current: list[str] = []
    former: list[tuple[str, Any]] = []
    for a in G.nodes[node].get("affiliations") or ():
        org = a.get("org")
        if org not in targets:
            continue
        if a.get("current"):
            current.append(org)
        else:
            former.append((org, a.get("end")))
    return current, former


def _target_reach(
    G: nx.Graph, ids: list[str], nb: pd.DataFrame, targets: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Return, per candidate, the target organisations they lead to and how."""
    empty: dict[str, Any] = {
        "orgs": (),
        "hops": math.nan,
        "via_names": (),
        "score": 0.0,
        "current": [],
        "former": [],
        "via": [],
    }
    if not targets:
        return [{**empty, "id": c} for c in ids]
    # members among the neighbours: one look at each distinct neighbour's affiliations
    member_of: dict[str, list[str]] = {}
    for n in pd.unique(nb["nbr"]):
        cur, _ = _memberships(G, n, targets)
        if cur:
            member_of[n] = cur
    hits = nb[nb["nbr"].isin(list(member_of))].sort_values(
        ["id", STRENGTH, "nbr"], ascending=[True, False, True], kind="stable"
    )
    via_by_id: dict[str, list[tuple[str, str]]] = {}
    for c, n in zip(hits["id"], hits["nbr"], strict=True):
        via_by_id.setdefault(c, []).extend((org, n) for org in member_of[n])
    out = []
    for c in ids:
        current, former = _memberships(G, c, targets)
        via = [(org, n) for org, n in via_by_id.get(c, []) if org not in current]
        reached = set(current) | {org for org, _ in former} | {org for org, _ in via}
        hops = 0.0 if current else (1.0 if reached else math.nan)
        score = sum(
            REACH_MEMBER if org in current else (REACH_NEAR if org in reached else 0.0)
            for org in targets
        ) / len(targets)
        out.append(
            {
                "id": c,
                "orgs": tuple(written for org, written in targets.items() if org in reached),
                "hops": hops,
                "via_names": tuple(dict.fromkeys(_name(G, n) for _, n in via)),
                "score": score,
                "current": [targets[o] for o in dict.fromkeys(current)],
                "former": [(targets[o], e) for o, e in former if o not in current],
                "via": [(targets[o], _name(G, n)) for o, n in via],
            }
        )
    return out


def _name(G: nx.Graph, node: str) -> str:
    return str(G.nodes[node].get(S.NAME) or node)


# --- words ------------------------------------------------------------------------


def _dormant_reason(row: Mapping[Any, Any], top: float, reach: Mapping[str, Any]) -> str:
    peak = row[PEAK]
    how = "was one of your strongest ties" if peak >= top else "was a strong tie"
    facts = [f"peak {peak:.2f}", plural(int(row[N_INT]), "interaction")]
    closeness = row.get(S.CLOSENESS)
    if closeness is not None and not pd.isna(closeness):
        facts.append(f"closeness {int(closeness)}/5")
    first = f"{how} ({', '.join(facts)})"
    days = row["days_quiet"]
    first += (
        ", no interaction on record"
        if days is None or math.isnan(days)
        else f", quiet for {span(days)}"
    )
    rhythm = row.get(RHYTHM)
    if rhythm is not None and not math.isnan(rhythm) and not math.isnan(days):
        first += f" after contact every {plural(max(1, round(rhythm)), 'day')}"
    parts = [first]
    if row["n_outside"]:
        parts.append(
            f"knows {plural(int(row['n_outside']), 'person').replace('persons', 'people')} "
            "outside your active network"
        )
    for org in reach["current"]:
        parts.append(f"works at {org} (target)")
    for org, end in reach["former"]:
        until = f" until {pd.Timestamp(end):%Y-%m}" if end is not None and not pd.isna(end) else ""
        parts.append(f"worked at {org} (target){until}")
    by_org: dict[str, list[str]] = {}
    for org, name in reach["via"]:
        by_org.setdefault(org, []).append(name)
    if len(by_org) == 1:
        ((org, names),) = by_org.items()
        parts.append(f"leads to {org} (target) in 1 hop, through {some(names)}")
    elif by_org:
        parts.append(
            "leads in 1 hop to your targets "
            + ", ".join(f"{org} (through {some(names)})" for org, names in by_org.items())
        )
    return "; ".join(parts)
