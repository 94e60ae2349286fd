"""Dormant relationships worth reviving, and the ties to keep in touch with.

:func:`dormant_ties` lists the owner's ties that were strong and have gone
quiet, ranked by what reconnecting is worth: the trust the tie had (its peak
strength), how much of the person's network lies outside the owner's active
one (novel information), and whether they lead to the owner's target
organisations. :func:`keep_in_touch` lists the strong ties that are due for
contact at their own rhythm, before they go quiet.

Both read the graph of :func:`tiegraph.load_network` (edge attributes
``strength``, ``peak_strength``, ``last_contact``, ``n_interactions``, and,
when the strength model provides them, ``rhythm_days`` and
``half_life_days``) and return a DataFrame; neither changes the graph.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from itertools import chain
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from . import schema as S
from ._words import ago, span
from .exceptions import ConfigError
from .params import Interval, validate_params
from .ties import days_until

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

#: A tie counts as having been strong when its peak strength reached this.
MIN_PEAK = 0.5
#: A tie is dormant when its strength now is at most this ...
MAX_NOW = 0.4
#: ... and at most this share of its peak (it really faded, rather than always being middling);
MAX_SHARE = 0.5
#: or it is dormant when nobody got in touch for this many days ...
MIN_QUIET_DAYS = 90
#: ... and for this many times its usual gap between contacts (it broke its own rhythm).
QUIET_RHYTHMS = 4.0
#: Weight of novelty (share of their contacts outside your active network) in the value.
NOVELTY_WEIGHT = 1.0
#: Weight of reaching a target organisation in the value.
TARGET_WEIGHT = 1.0
#: Keep-in-touch lists a tie this share of its rhythm before it is due (1.5 days for a monthly tie).
HEADS_UP = 0.05

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

#: Columns of :func:`keep_in_touch`, in order.
KEEP_IN_TOUCH_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "org",
    "strength",
    "peak_strength",
    "n_interactions",
    "rhythm_days",
    "last_contact",
    "last_contact_ago",
    "reach_out_by",
    "days_left",
    "dormant_by",
    "reason",
)

# edge attributes of the graph contract (tiegraph.build)
_STRENGTH = "strength"
_PEAK = "peak_strength"
_LAST = "last_contact"
_N_INT = "n_interactions"
_RHYTHM = "rhythm_days"
_HALF_LIFE = "half_life_days"
_STANDING = "standing_evidence"
_EVIDENCE = "evidence"
_DAY = pd.Timedelta(days=1)
#: The top share of the owner's ties by peak strength called "one of your strongest ties".
_TOP_SHARE = 0.1


#: What the public functions' parameters may be (see :mod:`tiegraph.params`).
_SHARE = [Interval(float, 0, 1)]
_DAYS = [Interval(float, 0, None)]
_COUNT = Interval(int, 0, None)


@validate_params(
    min_peak=_SHARE,
    max_now=_SHARE,
    max_share=_SHARE,
    min_quiet_days=_DAYS,
    quiet_rhythms=_DAYS,
    limit=[_COUNT, None],
    novelty_weight=_DAYS,
    target_weight=_DAYS,
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
    _check_thresholds(min_peak=min_peak, max_now=max_now)
    ties = _owner_ties(G)
    as_of = G.graph["as_of"]
    dormant = _dormant_mask(
        ties,
        as_of,
        min_peak=min_peak,
        max_now=max_now,
        max_share=max_share,
        min_quiet_days=min_quiet_days,
        quiet_rhythms=quiet_rhythms,
    )
    cand = ties[dormant].reset_index(drop=True)
    if not len(cand):
        return _empty(DORMANT_COLUMNS)
    active = ties.loc[~dormant & (ties[_STRENGTH] > max_now), "id"]
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
        cand[_PEAK]
        * (1 + novelty_weight * cand["novelty"] + target_weight * reach_score)
        / (1 + novelty_weight + target_weight)
    )
    cand["days_quiet"] = np.floor((as_of - cand[_LAST]) / _DAY)  # whole days
    cand = cand.sort_values(
        ["value", "days_quiet", "id"],
        ascending=[False, False, True],
        na_position="first",
        kind="stable",
    ).reset_index(drop=True)
    if limit is not None:
        cand = cand.head(limit)
    top = float(np.quantile(ties[_PEAK], 1 - _TOP_SHARE)) if len(ties) else 1.0
    cand["last_contact_ago"] = [ago(d) for d in cand["days_quiet"]]
    reach_by_id = {r["id"]: r for r in reach}
    cand["reason"] = [
        _dormant_reason(row, top, reach_by_id[row["id"]]) for row in cand.to_dict("records")
    ]
    return _finish(cand, DORMANT_COLUMNS)


@validate_params(
    min_peak=_SHARE,
    max_now=_SHARE,
    max_share=_SHARE,
    min_quiet_days=_DAYS,
    quiet_rhythms=_DAYS,
    limit=[_COUNT, None],
    heads_up=_DAYS,
    min_interactions=[Interval(int, 2, None)],
)
def keep_in_touch(
    G: nx.Graph,
    *,
    min_peak: float = MIN_PEAK,
    max_now: float = MAX_NOW,
    max_share: float = MAX_SHARE,
    min_quiet_days: float = MIN_QUIET_DAYS,
    quiet_rhythms: float = QUIET_RHYTHMS,
    heads_up: float = HEADS_UP,
    min_interactions: int = 3,
    limit: int | None = None,
) -> pd.DataFrame:
    """Return the strong ties due for contact at their own rhythm, before they go quiet.

    Parameters
    ----------
    G : networkx.Graph
        A network graph (:func:`tiegraph.load_network`). It is not changed.
    min_peak : float
        Only ties whose peak strength reached this (default :data:`MIN_PEAK`).
    max_now : float
        ... and whose strength now is still above this (default
        :data:`MAX_NOW`).
    max_share, min_quiet_days, quiet_rhythms : float
        A tie that :func:`dormant_ties` lists with these thresholds is left
        out (defaults as there).
    heads_up : float
        List a tie this share of its rhythm before it is due (default
        :data:`HEADS_UP`, 0.05: a day and a half for a monthly tie).
    min_interactions : int
        A rhythm needs at least this many logged interactions (default 3).
    limit : int, optional
        Return at most this many rows (the most urgent).

    Returns
    -------
    DataFrame
        One row per tie, most urgent first (smallest ``days_left``, then
        strongest, then by id), columns :data:`KEEP_IN_TOUCH_COLUMNS`:
        ``id``, ``name``, ``org``, ``strength``, ``peak_strength``,
        ``n_interactions``, ``rhythm_days`` (typical whole days between
        your interactions), ``last_contact``, ``last_contact_ago``,
        ``reach_out_by`` (Timestamp, see Notes), ``days_left`` (whole days
        from ``as_of`` to ``reach_out_by``; negative when overdue),
        ``dormant_by`` (when the strength model projects the tie to fall to
        ``max_now`` with no further contact; NaT when it cannot say or never)
        and ``reason``.

    Raises
    ------
    ConfigError
        A threshold is out of range.

    Examples
    --------
    >>> import tiegraph
    >>> G = tiegraph.load_network(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)
    >>> k = tiegraph.keep_in_touch(G)
    >>> "Priya Raman" in set(k["name"])
    True

    Notes
    -----
    A tie is a candidate when ``peak_strength >= min_peak``, ``strength >
    max_now``, it is not dormant (:func:`dormant_ties`), it has at least ``min_interactions``
    interactions and a last contact. Its rhythm is the edge attribute
    ``rhythm_days`` of the strength model, or else the mean gap between its
    first and last interaction, ``(last - first) / (n - 1)``. It is *due* on
    ``last_contact + round(rhythm)`` days: when you would usually be in
    touch again. When the strength model offers a projection
    (:func:`tiegraph.ties.days_until` with the tie's ``half_life_days``),
    ``dormant_by`` is the day its strength falls to ``max_now`` if nobody
    gets in touch, rounded up (``standing_evidence``, the part of a tie's
    evidence that does not fade, is passed on when the edge has it).
    ``reach_out_by`` is the earlier of the two.

    A candidate is listed when it is due within ``heads_up * rhythm`` days,
    or overdue: the list goes by each tie's own rhythm, and the projection
    only says how long is left. A tie seen every three months is thus not
    listed one month after the last contact, and a weekly tie is listed
    only when a week has passed; once it has faded or gone silent it
    leaves this list for :func:`dormant_ties`. Contact at a tie's usual rhythm is what keeps it
    from decaying (Burt, "Decay functions", Social Networks 22, 2000).
    """
    _check_thresholds(min_peak=min_peak, max_now=max_now)
    ties = _owner_ties(G)
    as_of = G.graph["as_of"]
    dormant = _dormant_mask(
        ties,
        as_of,
        min_peak=min_peak,
        max_now=max_now,
        max_share=max_share,
        min_quiet_days=min_quiet_days,
        quiet_rhythms=quiet_rhythms,
    )
    cand = ties[
        ~dormant
        & (ties[_PEAK] >= min_peak)
        & (ties[_STRENGTH] > max_now)
        & (ties[_N_INT] >= min_interactions)
        & ties[_LAST].notna()
        & ties[_RHYTHM].notna()
        & (ties[_RHYTHM] > 0)
    ].reset_index(drop=True)
    if not len(cand):
        return _empty(KEEP_IN_TOUCH_COLUMNS)
    rhythm = cand[_RHYTHM].to_numpy(dtype=float)
    due = cand[_LAST] + pd.to_timedelta(np.round(rhythm), unit="D")
    dormant_days = _days_until_dormant(G, cand, max_now)
    dormant_by = pd.Series(
        as_of
        + pd.to_timedelta(
            np.where(np.isfinite(dormant_days), np.ceil(dormant_days), np.nan), unit="D"
        ),
        index=cand.index,
    )
    reach_by = due.where(dormant_by.isna() | (due <= dormant_by), dormant_by)
    cand["reach_out_by"] = reach_by
    cand["dormant_by"] = dormant_by
    cand["days_left"] = np.floor((reach_by - as_of) / _DAY).astype(int)
    due_days = (due - as_of) / _DAY
    listed = due_days <= heads_up * rhythm
    cand = cand[listed.to_numpy()].copy()
    cand["_due"] = due[listed.to_numpy()]
    cand = cand.sort_values(
        ["days_left", _STRENGTH, "id"], ascending=[True, False, True], kind="stable"
    ).reset_index(drop=True)
    if limit is not None:
        cand = cand.head(limit)
    if not len(cand):
        return _empty(KEEP_IN_TOUCH_COLUMNS)
    cand["last_contact_ago"] = [ago(d) for d in (as_of - cand[_LAST]) / _DAY]
    cand["reason"] = [_keep_reason(row, as_of) for row in cand.to_dict("records")]
    cand[_RHYTHM] = np.round(cand[_RHYTHM].to_numpy(dtype=float))  # whole days, as due uses
    return _finish(cand, KEEP_IN_TOUCH_COLUMNS)


# --- the owner's ties ------------------------------------------------------------


def _owner_ties(G: nx.Graph) -> pd.DataFrame:
    """Return one row per tie of the owner: person, strength, contact history, rhythm."""
    me = G.graph["me"]
    adj: Mapping[str, Mapping[str, Any]] = G.adj[me] if me in G else {}
    ids = [v for v in adj if v != me]
    edges = [adj[v] for v in ids]
    nodes = G.nodes
    frame = pd.DataFrame(
        {
            "id": pd.Series(ids, dtype=object),
            "name": pd.Series([nodes[v].get(S.NAME) or v for v in ids], dtype=object),
            "org": pd.Series([nodes[v].get(S.ORG) or "" for v in ids], dtype=object),
            S.CLOSENESS: pd.Series([nodes[v].get(S.CLOSENESS) for v in ids], dtype=object),
            _STRENGTH: np.array([float(d.get(_STRENGTH, 0.0)) for d in edges], dtype=float),
            _PEAK: np.array(
                [float(_value(d.get(_PEAK), d.get(_STRENGTH, 0.0))) for d in edges], dtype=float
            ),
            # to the second: a time computed in float days carries nanosecond noise
            _LAST: pd.to_datetime(
                pd.Series([d.get(_LAST) for d in edges], dtype=object), utc=True
            ).dt.round("s"),
            _N_INT: np.array([int(d.get(_N_INT) or 0) for d in edges], dtype=int),
            _RHYTHM: np.array([_rhythm(d) for d in edges], dtype=float),
            _HALF_LIFE: np.array([_number(d.get(_HALF_LIFE)) for d in edges], dtype=float),
            _STANDING: np.array([_number(d.get(_STANDING, 0.0)) for d in edges], dtype=float),
        }
    )
    return frame


def _value(x: Any, default: Any) -> Any:
    return default if x is None or (isinstance(x, float) and math.isnan(x)) else x


def _number(x: Any) -> float:
    """Return ``x`` as a float, NaN when missing."""
    try:
        out = float(x)
    except (TypeError, ValueError):
        return math.nan
    return out


def _rhythm(d: Mapping[str, Any]) -> float:
    """Return a tie's typical days between interactions.

    The strength model's ``rhythm_days`` when the edge has it; else the mean
    gap of the ``interaction`` evidence, ``(last - first) / (n - 1)``.
    """
    if _RHYTHM in d:
        return _number(d[_RHYTHM])
    for ev in d.get(_EVIDENCE) or ():
        if ev.get("kind") == S.EV_INTERACTION and (ev.get("n") or 0) >= 2:
            first, last = ev.get("first"), ev.get("last")
            if first is not None and last is not None:
                return (pd.Timestamp(last) - pd.Timestamp(first)) / _DAY / (ev["n"] - 1)
    return math.nan


def _neighbourhoods(G: nx.Graph, ids: list[str]) -> pd.DataFrame:
    """Return one row per (person, neighbour) of ``ids``, the owner left out, with the tie."""
    me = G.graph["me"]
    adj = G.adj
    degrees = [len(adj[c]) for c in ids]
    nbrs = list(chain.from_iterable(adj[c] for c in ids))
    strengths = [
        float(d.get(_STRENGTH, 0.0)) for d in chain.from_iterable(adj[c].values() for c in ids)
    ]
    nb = pd.DataFrame(
        {
            "id": np.repeat(np.asarray(ids, dtype=object), degrees),
            "nbr": pd.Series(nbrs, dtype=object),
            _STRENGTH: np.asarray(strengths, dtype=float),
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
        ["id", _STRENGTH, "nbr"], ascending=[True, False, True], kind="stable"
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


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _date(ts: Any) -> str:
    return "" if ts is None or pd.isna(ts) else pd.Timestamp(ts).strftime("%Y-%m-%d")


def _dormant_reason(row: Mapping[Any, Any], top: float, reach: Mapping[str, Any]) -> str:
    peak = row[_PEAK]
    how = "was one of your strongest ties" if peak >= top else "was a strong tie"
    facts = [f"peak {peak:.2f}", _plural(int(row[_N_INT]), "interaction")]
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
    rhythm = row.get(_RHYTHM)
    if rhythm is not None and not math.isnan(rhythm) and not math.isnan(days):
        first += f" after contact every {_plural(max(1, round(rhythm)), 'day')}"
    parts = [first]
    if row["n_outside"]:
        parts.append(
            f"knows {_plural(int(row['n_outside']), 'person').replace('persons', 'people')} "
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
        parts.append(f"leads to {org} (target) in 1 hop, through {_some(names)}")
    elif by_org:
        parts.append(
            "leads in 1 hop to your targets "
            + ", ".join(f"{org} (through {_some(names)})" for org, names in by_org.items())
        )
    return "; ".join(parts)


def _some(names: list[str], n: int = 2) -> str:
    """Return "A", "A and B", or "A, B and 3 more"."""
    if len(names) <= n:
        return " and ".join(names)
    return f"{', '.join(names[:n])} and {len(names) - n} more"


def _keep_reason(row: Mapping[Any, Any], as_of: pd.Timestamp) -> str:
    rhythm = row[_RHYTHM]
    every = f"every {_plural(round(rhythm), 'day')}"
    parts = [
        f"you are usually in touch {every} ({_plural(int(row[_N_INT]), 'interaction')}, "
        f"strength {row[_STRENGTH]:.2f}, peak {row[_PEAK]:.2f})",
        f"last contact {_date(row[_LAST])}, {ago((as_of - row[_LAST]) / _DAY)}",
    ]
    due_left = math.floor((row["_due"] - as_of) / _DAY)
    if due_left < 0:
        parts.append(f"{_plural(-due_left, 'day')} overdue")
    elif due_left == 0:
        parts.append("due today")
    else:
        parts.append(f"due in {_plural(due_left, 'day')} ({_date(row['_due'])})")
    dormant_by = row["dormant_by"]
    if dormant_by is not None and not pd.isna(dormant_by):
        parts.append(f"without contact it goes dormant around {_date(dormant_by)}")
    return "; ".join(parts)


# --- helpers -----------------------------------------------------------------------


def _days_until_dormant(G: nx.Graph, ties: pd.DataFrame, max_now: float) -> np.ndarray:
    """Days until each tie falls to ``max_now`` by the strength model's projection, else NaN."""
    half_life = ties[_HALF_LIFE].to_numpy(dtype=float)
    if not np.isfinite(half_life).any():
        return np.full(len(ties), np.nan)
    settings = G.graph.get("settings")
    params = getattr(settings, "strength", None) or None
    days = days_until(
        ties[_STRENGTH].to_numpy(dtype=float),
        max_now,
        half_life,
        params=params,
        standing_evidence=np.nan_to_num(ties[_STANDING].to_numpy(dtype=float)),
    )
    return np.where(np.isfinite(half_life), np.asarray(days, dtype=float), np.nan)


def is_dormant(
    strength: ArrayLike,
    peak_strength: ArrayLike,
    *,
    days_quiet: ArrayLike = math.nan,
    rhythm_days: ArrayLike = math.nan,
    min_peak: float = MIN_PEAK,
    max_now: float = MAX_NOW,
    max_share: float = MAX_SHARE,
    min_quiet_days: float = MIN_QUIET_DAYS,
    quiet_rhythms: float = QUIET_RHYTHMS,
) -> np.ndarray:
    """Return whether ties are dormant, the rule of :func:`dormant_ties` (vectorised).

    Parameters
    ----------
    strength, peak_strength : float or array
        Strength now and at its peak.
    days_quiet : float or array
        Days since the last contact (NaN when none).
    rhythm_days : float or array
        Typical days between the tie's interactions (NaN when unknown).
    min_peak, max_now, max_share, min_quiet_days, quiet_rhythms : float
        The thresholds of :func:`dormant_ties`, same defaults.

    Returns
    -------
    ndarray of bool
        For each tie: strong once, and faded or silent.

    Examples
    --------
    >>> is_dormant([0.3, 0.8, 0.8], [0.9, 0.95, 0.95], days_quiet=[30, 211, 40],
    ...            rhythm_days=[7, 5, 5]).tolist()
    [True, True, False]
    """
    s = np.asarray(strength, dtype=float)
    peak = np.asarray(peak_strength, dtype=float)
    quiet = np.asarray(days_quiet, dtype=float)
    rhythm = np.asarray(rhythm_days, dtype=float)
    faded = (s <= max_now) & (s <= max_share * peak)
    with np.errstate(invalid="ignore"):
        silent = (quiet >= min_quiet_days) & (quiet >= quiet_rhythms * rhythm)
    return np.asarray((peak >= min_peak) & (faded | silent), dtype=bool)


def _dormant_mask(
    ties: pd.DataFrame,
    as_of: pd.Timestamp,
    *,
    min_peak: float,
    max_now: float,
    max_share: float,
    min_quiet_days: float,
    quiet_rhythms: float,
) -> pd.Series:
    """Return which of the owner's ties are dormant (see :func:`dormant_ties`, Notes)."""
    quiet = (as_of - ties[_LAST]).dt.total_seconds() / 86400.0
    mask = is_dormant(
        ties[_STRENGTH].to_numpy(dtype=float),
        ties[_PEAK].to_numpy(dtype=float),
        days_quiet=quiet.to_numpy(dtype=float, na_value=np.nan),
        rhythm_days=ties[_RHYTHM].to_numpy(dtype=float),
        min_peak=min_peak,
        max_now=max_now,
        max_share=max_share,
        min_quiet_days=min_quiet_days,
        quiet_rhythms=quiet_rhythms,
    )
    return pd.Series(mask, index=ties.index)


def _check_thresholds(*, min_peak: float, max_now: float) -> None:
    """Check what the declared constraints cannot: one parameter against another."""
    if max_now >= min_peak:
        raise ConfigError(
            f"max_now ({max_now}) must be below min_peak ({min_peak}): a dormant tie "
            "was strong and is now weak"
        )


_DTYPES: dict[str, Any] = {
    **dict.fromkeys(["peak_strength", "strength", "novelty", "value"], "float64"),
    **dict.fromkeys(
        ["n_interactions", "n_contacts", "n_outside", "days_left", "rhythm_days"], "int64"
    ),
    # whole days or hops that may be missing
    **dict.fromkeys(["days_quiet", "target_hops"], "Int64"),
    **dict.fromkeys(["last_contact", "reach_out_by", "dormant_by"], "datetime64[ns, UTC]"),
}


def _finish(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """Return ``columns`` of ``frame``, each as the dtype :func:`_empty` gives it."""
    return pd.DataFrame(
        {c: frame[c].astype(_DTYPES.get(c, object)) for c in columns}, index=frame.index
    )


def _empty(columns: tuple[str, ...]) -> pd.DataFrame:
    """Return an empty frame with ``columns``, each of the dtype it has when rows exist."""
    return pd.DataFrame({c: pd.Series([], dtype=_DTYPES.get(c, object)) for c in columns})
