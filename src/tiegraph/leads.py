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
from .paths import MAX_HOPS, MIN_STRENGTH, check_limits, org_reach

__all__ = ["LEAD_COLUMNS", "job_leads"]

#: Columns :func:`job_leads` adds to the postings.
LEAD_COLUMNS = (
    "organisation", "score", "hops", "introducer", "introducer_name", "contact",
    "contact_name", "current", "chain",
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
        (False: the contact has left it) and ``chain`` (names).

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
    for name in pd.unique(jobs[S.ORG].astype(str)):
        try:
            mapping[name] = orgs.resolve(name)
        except (NotFoundError, AmbiguousError):
            # a posting at an organisation that is unknown, or that has a near twin no
            # orgs.csv alias settles, stays as written rather than guessed
            mapping[name] = orgs.canonical(name) or name
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
    order = np.lexsort((np.arange(len(out)), -np.nan_to_num(out["score"].to_numpy(), nan=-1.0)))
    return out.iloc[order]
