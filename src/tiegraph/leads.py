"""Job leads: the postings where someone in the network can vouch for the user."""

from __future__ import annotations

from collections.abc import Hashable, Iterable

import networkx as nx
import numpy as np
import pandas as pd

from . import schema as S
from ._index import graph_index
from .exceptions import AmbiguousError, NotFoundError
from .params import Interval, validate_params
from .paths import MAX_HOPS, MIN_STRENGTH, check_limits, no_chain_reason, org_reach

__all__ = ["LEAD_COLUMNS", "job_leads"]

#: Columns :func:`job_leads` adds to the postings.
LEAD_COLUMNS = (
    "organisation", "score", "hops", "introducer", "introducer_name", "contact",
    "contact_name", "current", "chain", "why",
)  # fmt: skip


@validate_params(max_hops=[Interval(int, 1, None)], min_strength=[Interval(float, 0, 1)])
def job_leads(
    G: nx.Graph,
    jobs: pd.DataFrame | None = None,
    *,
    max_hops: int = MAX_HOPS,
    min_strength: float = MIN_STRENGTH,
    exclude: Iterable[Hashable] = (),
) -> pd.DataFrame:
    """Return each job posting with its best introduction chain, best first.

    Parameters
    ----------
    G : networkx.Graph
        A network graph. Not changed.
    jobs : DataFrame, optional
        Postings with at least an ``org`` column (``jobs.csv``: ``org``,
        ``title``, ``location``, ``url``, ``posted``); default
        ``G.graph["jobs"]``.
    max_hops, min_strength, exclude
        As in :func:`tiegraph.intro_paths`.

    Returns
    -------
    DataFrame
        The postings (their own columns and index), sorted by chain score,
        postings nobody can vouch for last (``score`` NaN), with the columns
        :data:`LEAD_COLUMNS`: ``organisation`` (canonical name), ``score``,
        ``hops``, ``introducer`` / ``introducer_name`` (whom to ask),
        ``contact`` / ``contact_name`` (who at the organisation), ``current``
        (False: the contact has left it), ``chain`` (names; a former member
        marked "left Dec 2019") and ``why``, never empty: for a posting with
        a chain whom to ask and who is there ("ask Jordan Ellis: Ruth
        Adeyemi was there (left Dec 2019)"), for one without the reason
        (see Notes).

    Examples
    --------
    >>> import tiegraph
    >>> G = tiegraph.load_network(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)
    >>> leads = job_leads(G)
    >>> len(leads) == len(G.graph["jobs"]), bool(leads["score"].iloc[0] > 0.5)
    (True, True)

    Notes
    -----
    One hop-bounded search from the owner serves every posting
    (:func:`tiegraph.reachable_orgs`); postings are matched to
    organisations through ``orgs.csv`` aliases, acronyms and near spellings.

    A posting nobody can vouch for says why: its organisation is not known
    ("organisation not known: nobody in your network is or was at X"), or
    its name could mean more than one (list the one meant in ``orgs.csv``),
    or nobody in the network is or was there, or there are people there but
    no chain within the limits, with the limit to relax
    (:func:`tiegraph.paths.no_chain_reason`, the hint
    :func:`tiegraph.intro_paths` gives).
    """
    check_limits(max_hops, min_strength)
    if jobs is None:
        jobs = G.graph.get("jobs")
        if jobs is None:
            jobs = pd.DataFrame({S.ORG: pd.Series([], dtype=object)})
    reach = org_reach(G, max_hops=max_hops, min_strength=min_strength, exclude=exclude)
    reach = reach.set_index("org")
    orgs = graph_index(G).orgs
    mapping: dict[str, str] = {}
    unsettled: dict[str, str] = {}  # the organisation as written -> why it has no chain
    for name in pd.unique(jobs[S.ORG].astype(str)):
        try:
            mapping[name] = orgs.resolve(name)
        except (NotFoundError, AmbiguousError) as exc:
            # a posting at an organisation that is unknown, or that has a near twin no
            # orgs.csv alias settles, stays as written rather than guessed
            mapping[name] = orgs.canonical(name) or name
            unsettled[mapping[name]] = _unsettled(name, exc)
    out = jobs.copy()
    out["organisation"] = jobs[S.ORG].astype(str).map(mapping)
    found = reach.reindex(out["organisation"].to_numpy())
    out["score"] = found["score"].to_numpy(dtype=float)
    out["hops"] = found["hops"].astype("Int64").to_numpy()
    out["introducer"] = found["introducer"].to_numpy()
    out["introducer_name"] = found["introducer_name"].to_numpy()
    out["contact"] = found["person"].to_numpy()
    out["contact_name"] = found["name"].to_numpy()
    out["current"] = found["current"].to_numpy()
    out["chain"] = found["chain"].to_numpy()
    why: dict[str, str] = {}
    for org in pd.unique(out.loc[out["score"].isna(), "organisation"]):
        why[org] = unsettled.get(org) or _no_chain(
            G, org, max_hops=max_hops, min_strength=min_strength, exclude=exclude
        )
    out["why"] = [
        why[org] if pd.isna(score) else _ask(intro, contact, bool(current), chain)
        for org, score, intro, contact, current, chain in zip(
            out["organisation"], out["score"], out["introducer_name"], out["contact_name"],
            out["current"], out["chain"], strict=True,
        )
    ]  # fmt: skip
    order = np.lexsort((np.arange(len(out)), -np.nan_to_num(out["score"].to_numpy(), nan=-1.0)))
    return out.iloc[order]


def _unsettled(name: str, exc: NotFoundError | AmbiguousError) -> str:
    """Why a posting's organisation, as written, is not one the network knows."""
    if isinstance(exc, AmbiguousError):
        listed = " or ".join(exc.candidates)
        return f"{name!r} could be {listed}: list the one you mean in orgs.csv"
    return f"organisation not known: nobody in your network is or was at {name}"


def _no_chain(
    G: nx.Graph, org: str, *, max_hops: int, min_strength: float, exclude: Iterable[Hashable]
) -> str:
    """Why nobody at a known organisation can be reached."""
    hint = no_chain_reason(G, org, max_hops=max_hops, min_strength=min_strength, exclude=exclude)
    return hint if hint.startswith("nobody") else f"no chain to anyone at {org}: {hint}"


def _ask(introducer: str, contact: str, current: bool, chain: str) -> str:
    """Whom to ask for a posting with a chain, and who is there (or was, and left when)."""
    there = "is there" if current else f"was there ({chain[chain.rindex(' (') + 2 : -1]})"
    if introducer == contact:
        return f"you know {contact}, who {there}"
    return f"ask {introducer}: {contact} {there}"
