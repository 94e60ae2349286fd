"""A tie's strength forward in time, in words, and as a table.

Built on the tie-strength model (:mod:`tiegraph.strength`): when a tie will
fade below a strength (:func:`days_until`), what it will be on a date
(:func:`projected_strength`), why it is as strong as it is
(:func:`explain_tie`), and every tie of the graph (:func:`tie_table`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from ._words import ago, span
from .params import Text, validate_params
from .people import find_person
from .strength import MIN_STRENGTH, StrengthParams, params_of, saturate

__all__ = ["TIE_TABLE_COLUMNS", "days_until", "explain_tie", "projected_strength", "tie_table"]


def _evidence_of(strength: np.ndarray, p: StrengthParams) -> np.ndarray:
    """Invert :func:`saturate`."""
    m = MIN_STRENGTH
    share = (np.clip(strength, m, 1 - 1e-12) - m) / (1.0 - m)
    return -p.saturation * np.log1p(-share)


def projected_strength(
    strength: np.ndarray | float,
    days: np.ndarray | float,
    half_life_days: np.ndarray | float,
    *,
    standing_evidence: np.ndarray | float = 0.0,
    params: StrengthParams | Mapping[str, Any] | None = None,
) -> np.ndarray:
    """Return a tie's strength ``days`` from now if nobody gets in touch.

    Parameters
    ----------
    strength : float or array
        Strength now (edge attribute ``strength``).
    days : float or array
        Days ahead (>= 0).
    half_life_days : float or array
        The tie's half-life now (edge attribute ``half_life_days``).
    standing_evidence : float or array
        The part of its evidence that does not fade (edge attribute
        ``standing_evidence``; default 0).
    params : StrengthParams or mapping, optional
        The model's parameters (for the saturation scale).

    Returns
    -------
    ndarray
        The projected strength (never below :data:`MIN_STRENGTH`).

    Notes
    -----
    The fading part of the evidence halves every ``half_life_days``; the
    half-life is held at today's value (it would grow a little with the
    tie's age, so the projection errs on the side of fading).

    Examples
    --------
    A tie at 0.5 with a 30-day half-life, 30 and 60 days on:

    >>> projected_strength(0.5, [30, 60], 30.0).round(4)
    array([0.2964, 0.1654])
    """
    p = params_of(params)
    s = np.asarray(strength, dtype=float)
    fading = np.maximum(_evidence_of(s, p) - standing_evidence, 0.0)
    e = standing_evidence + fading * np.exp2(-np.asarray(days, dtype=float) / half_life_days)
    return saturate(np.asarray(e, dtype=float), p)


def days_until(
    strength: np.ndarray | float,
    threshold: float,
    half_life_days: np.ndarray | float,
    *,
    standing_evidence: np.ndarray | float = 0.0,
    params: StrengthParams | Mapping[str, Any] | None = None,
) -> np.ndarray:
    """Return the days until a tie's strength fades to ``threshold`` if nobody gets in touch.

    Parameters
    ----------
    strength : float or array
        Strength now (edge attribute ``strength``).
    threshold : float
        The strength to fade to (e.g. the dormancy threshold).
    half_life_days : float or array
        The tie's half-life now (edge attribute ``half_life_days``).
    standing_evidence : float or array
        The part of its evidence that does not fade (edge attribute
        ``standing_evidence``; default 0).
    params : StrengthParams or mapping, optional
        The model's parameters (for the saturation scale).

    Returns
    -------
    ndarray
        Days: 0 when already at or below; ``inf`` when the standing
        evidence alone keeps it above.

    Notes
    -----
    The inverse of :func:`projected_strength`: with ``E = -saturation *
    log(1 - strength)`` and ``S`` the standing evidence, the answer is
    ``half_life * log2((E - S) / (E_threshold - S))``.

    Examples
    --------
    A tie at 0.5 with a 30-day half-life reaches 0.25 in 39.0 days (a
    strength of 0.5 is E = 2.05, 0.25 is E = 0.83):

    >>> float(days_until(0.5, 0.25, 30.0).round(1))
    39.0
    >>> float(projected_strength(0.5, 39.0, 30.0).round(3))
    0.25
    """
    p = params_of(params)
    s = np.asarray(strength, dtype=float)
    standing = np.asarray(standing_evidence, dtype=float)
    fading = _evidence_of(s, p) - standing
    room = _evidence_of(np.asarray(threshold, dtype=float), p) - standing
    with np.errstate(divide="ignore", invalid="ignore"):
        d = np.asarray(half_life_days, dtype=float) * np.log2(fading / room)
    d = np.where(room <= 0, np.inf, d)
    return np.where(s <= threshold, 0.0, np.where(np.isnan(d), np.inf, d))


# --- a tie's strength in words ------------------------------------------------------------


def explain_tie(
    tie: Mapping[str, Any],
    *,
    as_of: pd.Timestamp,
    names: Mapping[str, str] | None = None,
) -> str:
    r"""Return why a tie is as strong as it is, in one sentence.

    Parameters
    ----------
    tie : mapping
        A row of :func:`tie_strengths` or :func:`tie_table`, or an edge's
        attributes with ``u`` and ``v`` added.
    as_of : Timestamp
        The date the strengths are as of (``G.graph["as_of"]``).
    names : mapping, optional
        Display names by id (default: the ids).

    Returns
    -------
    str

    Examples
    --------
    >>> day = pd.Timestamp("2024-06-01", tz="UTC")
    >>> tie = {"u": "ana", "v": "me", "strength": 0.42, "n_interactions": 6,
    ...     "last_contact": day - pd.Timedelta(days=3), "rhythm_days": 9.0,
    ...     "half_life_days": 14.0, "started_u": 0, "started_v": 5, "reciprocity": 0.0,
    ...     "unanswered": 3, "unanswered_by": "me", "attention_evidence": 0.2,
    ...     "standing_evidence": 0.15}
    >>> names = {"me": "you", "ana": "Ana"}
    >>> print(*explain_tie(tie, as_of=day, names=names).split("; "), sep="\n")
    strength 0.42: 6 interactions, the last 3 days ago, usually every 9 days
    fades by half every 2 weeks
    one-way: you started all 5 messages, Ana none (they weigh less than an exchange)
    the last 3 from you unanswered (fading faster)
    0.20 of its evidence is the attention both people are giving it now
    0.15 standing (listed contact, same organisation, relation)
    """
    names = names or {}
    u, v = str(tie.get("u", "")), str(tie.get("v", ""))
    name_u, name_v = names.get(u, u), names.get(v, v)
    parts: list[str] = []
    n = int(tie.get("n_interactions") or 0)
    last = tie.get("last_contact")
    if n:
        text = "1 interaction" if n == 1 else f"{n} interactions"
        if last is not None and not pd.isna(last):
            text += f", the last {ago((as_of - pd.Timestamp(last)) / pd.Timedelta(days=1))}"
        rhythm = tie.get("rhythm_days")
        if rhythm is not None and np.isfinite(rhythm) and rhythm >= 1:
            text += f", usually every {span(rhythm)}"
        parts.append(text)
    h = tie.get("half_life_days")
    if h is not None and np.isfinite(h):
        parts.append(f"fades by half every {span(h)}")
    su, sv = int(tie.get("started_u") or 0), int(tie.get("started_v") or 0)
    if su + sv:
        (hi, n_hi), (lo, n_lo) = sorted(((name_u, su), (name_v, sv)), key=lambda x: -x[1])
        if n_lo == 0:
            parts.append(
                f"one-way: {hi} started all {n_hi} messages, {lo} none "
                "(they weigh less than an exchange)"
            )
        elif n_hi == n_lo:
            parts.append(f"an even exchange: {n_hi} messages each way")
        else:
            parts.append(
                f"{hi} started {n_hi} of {n_hi + n_lo} messages "
                f"(reciprocity {n_lo / n_hi:.2f}; the surplus weighs less)"
            )
    run = int(tie.get("unanswered") or 0)
    if run:
        who = str(tie.get("unanswered_by") or "")
        parts.append(f"the last {run} from {names.get(who, who)} unanswered (fading faster)")
    att = tie.get("attention_evidence")
    if att is not None and np.isfinite(att) and att >= 0.005:
        parts.append(f"{att:.2f} of its evidence is the attention both people are giving it now")
    standing = tie.get("standing_evidence")
    if standing is not None and np.isfinite(standing) and standing > 0:
        parts.append(f"{standing:.2f} standing (listed contact, same organisation, relation)")
    head = f"strength {float(tie.get('strength', float('nan'))):.2f}"
    return head + (": " + "; ".join(parts) if parts else "")


# --- the ties of a graph as a table -------------------------------------------------------

#: Columns of :func:`tie_table`, in order.
TIE_TABLE_COLUMNS: tuple[str, ...] = (
    "u",
    "v",
    "u_name",
    "v_name",
    "strength",
    "peak_strength",
    "peak_date",
    "last_contact",
    "first_contact",
    "n_interactions",
    "rhythm_days",
    "half_life_days",
    "shared_contacts",
    "reciprocity",
    "unanswered",
    "attention_evidence",
)


@validate_params(person=[Text(), None])
def tie_table(G: nx.Graph, *, person: str | None = None) -> pd.DataFrame:
    """Return every tie of a graph with its strength, strongest first.

    Parameters
    ----------
    G : networkx.Graph
        A graph of :func:`tiegraph.load_network`.
    person : str, optional
        Only the ties of this person id (the owner's are ``G.graph["me"]``).

    Returns
    -------
    DataFrame
        Columns :data:`TIE_TABLE_COLUMNS`: the two ids (the owner first on
        the owner's ties, ``person`` first when given) and names, and the
        edge attributes of the strength model (missing ones are NaN).
        Sorted by strength, strongest first, then by ids.

    Raises
    ------
    NotFoundError
        ``person`` is not in the graph.

    Examples
    --------
    >>> import tiegraph
    >>> G = tiegraph.load_network(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)
    >>> t = tie_table(G, person="me")
    >>> t.loc[0, ["u", "v_name"]].tolist(), bool(t.strength.is_monotonic_decreasing)
    (['me', 'Jordan Ellis'], True)
    """
    if person is not None:
        person = str(find_person(G, person))
    first = person if person is not None else G.graph.get("me")
    edges = G.edges(person, data=True) if person is not None else G.edges(data=True)
    rows = []
    for a, b, d in edges:
        if b == first or (a != first and str(b) < str(a)):
            a, b = b, a
        rows.append(
            (
                a,
                b,
                G.nodes[a].get("name", a),
                G.nodes[b].get("name", b),
                *(d.get(c, np.nan) for c in TIE_TABLE_COLUMNS[4:]),
            )
        )
    df = pd.DataFrame(rows, columns=list(TIE_TABLE_COLUMNS))
    for c in ("peak_date", "last_contact", "first_contact"):
        df[c] = pd.to_datetime(df[c].where(df[c].notna(), None), utc=True)
    for c in (
        "strength",
        "peak_strength",
        "rhythm_days",
        "half_life_days",
        "reciprocity",
        "attention_evidence",
    ):
        df[c] = pd.to_numeric(df[c], errors="coerce").astype(float)
    df = df.sort_values(["strength", "u", "v"], ascending=[False, True, True], kind="stable")
    return df.reset_index(drop=True)
