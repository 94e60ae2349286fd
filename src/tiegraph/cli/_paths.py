"""Commands on introductions: intro, introducers, jobs."""

from __future__ import annotations

import argparse
from typing import Any

import networkx as nx
import pandas as pd
from rich.text import Text

from .. import schema as S
from .._index import graph_index
from ..exceptions import AmbiguousError, NoPathError
from ..leads import job_leads
from ..outreach import ask_outcomes
from ..paths import MAX_HOPS, MIN_SCORE, MIN_STRENGTH, Chains, intro_paths, introducers
from ._common import Output, add_as_of, add_folder, add_json, load_graph

#: Columns of the introducers table the CLI shows.
_INTRODUCER_SHOWN = ["name", "tie", "score", "hops", "reaches", "weakest", "chain"]
#: Columns of the job leads table the CLI shows.
_LEADS_SHOWN = ["organisation", "title", "status", "score", "hops", "why"]


#: Columns left out first when a table does not fit the terminal.
_LEADS_OPTIONAL = ["status", "hops"]
_INTRODUCER_OPTIONAL = ["chain", "weakest", "reaches", "hops"]


def _add_limits(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--max-hops", type=int, default=MAX_HOPS, help=f"most ties on a chain (default: {MAX_HOPS})"
    )
    p.add_argument(
        "--min-strength",
        type=float,
        default=MIN_STRENGTH,
        help=f"weakest tie a chain may use (default: {MIN_STRENGTH})",
    )
    p.add_argument(
        "--exclude", nargs="+", default=[], metavar="ID", help="people who must not be on any chain"
    )


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register intro, introducers and jobs."""
    p = sub.add_parser("intro", help="the best introduction chains to an organisation or person")
    add_folder(p)
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--org", help="the organisation (name, alias or acronym)")
    target.add_argument("--person", metavar="ID", help="a person id (or exact name)")
    p.add_argument("--k", type=int, default=5, help="how many chains (default: 5)")
    _add_limits(p)
    add_as_of(p)
    add_json(p)
    p.set_defaults(func=cmd_intro)

    p = sub.add_parser("introducers", help="whom to ask for an introduction to an organisation")
    add_folder(p)
    p.add_argument("--org", required=True, help="the organisation (name, alias or acronym)")
    p.add_argument(
        "--top", type=int, default=50, metavar="N", help="show the best N only (default: 50)"
    )
    p.add_argument(
        "--min-score",
        type=float,
        default=MIN_SCORE,
        metavar="X",
        help=f"leave out chains scoring below X (default: {MIN_SCORE})",
    )
    p.add_argument(
        "--all", action="store_true", help="every contact with a chain (no --top, --min-score 0)"
    )
    _add_limits(p)
    add_as_of(p)
    add_json(p)
    p.set_defaults(func=cmd_introducers)

    p = sub.add_parser("jobs", help="job postings ranked by who can vouch for you")
    add_folder(p)
    p.add_argument("--top", type=int, default=None, metavar="N", help="show the best N only")
    _add_limits(p)
    add_as_of(p)
    add_json(p)
    p.set_defaults(func=cmd_jobs)


def _limits(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "max_hops": args.max_hops,
        "min_strength": args.min_strength,
        "exclude": args.exclude,
    }


def _print_chains(chains: Chains, out: Output) -> None:
    for i, chain in enumerate(chains, start=1):
        out.line(f"{i}. {chain.text}   score {chain.score:.3f}", style="bold")
        out.table(
            ["from", "to", "strength", "how they know each other"],
            [(h.source_name, h.target_name, h.strength, h.evidence) for h in chain.hops],
            justify=["left", "left", "right", "left"],
        )
        out.line(chain.explanation)
        out.line()


def _org(G: nx.Graph, name: str, out: Output) -> str:
    """Return the organisation ``--org`` means; say so on stderr when it is a guess.

    An exact name or an alias is silent; an acronym or a near spelling prints
    "taking 'OEC' as 'Ohio Environmental Council'"; an ambiguous name raises
    :class:`AmbiguousError` listing the candidates with their member counts.
    """
    idx = graph_index(G)
    try:
        found = idx.orgs.lookup(name)
    except AmbiguousError as exc:
        sizes = {c: len(idx.members(c)[0]) for c in exc.candidates}
        raise AmbiguousError(
            exc.kind, exc.name, exc.candidates, sizes=sizes, hint=exc.hint
        ) from None
    if found.message:
        out.err.print(Text(found.message))
    return found.name


def cmd_intro(args: argparse.Namespace, out: Output) -> int:
    """Print the best chains."""
    G = load_graph(args)
    org = _org(G, args.org, out) if args.org is not None else None
    chains = intro_paths(G, org=org, person=args.person, k=args.k, **_limits(args))
    if out.json_mode:
        out.json([c.to_dict() for c in chains])
    else:
        out.heading(f"Introduction chains to {chains[0].target}")
        _print_chains(chains, out)
    return 0


def cmd_introducers(args: argparse.Namespace, out: Output) -> int:
    """Print whom to ask, best first."""
    G = load_graph(args)
    org = _org(G, args.org, out)
    rows = (
        {"top": None, "min_score": 0.0}
        if args.all
        else {"top": args.top, "min_score": args.min_score}
    )
    frame = with_ask_outcomes(G, introducers(G, org, **rows, **_limits(args)))
    if out.json_mode:
        out.json(frame)
    else:
        out.heading(f"Whom to ask for an introduction to {org}")
        shown = [*_INTRODUCER_SHOWN, *(["asked before"] if frame["asked before"].any() else [])]
        out.frame(frame[shown], optional=_INTRODUCER_OPTIONAL)
    return 0


def with_ask_outcomes(G: nx.Graph, frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``asked before``: each introducer's latest declined or unanswered ask, in words."""
    outcomes = ask_outcomes(G) if G.graph.get("outreach") is not None else None
    notes = (
        dict(zip(outcomes["person"], outcomes["note"], strict=True)) if outcomes is not None else {}
    )
    return frame.assign(**{"asked before": frame["introducer"].map(notes).fillna("")})


def cmd_jobs(args: argparse.Namespace, out: Output) -> int:
    """Print job postings by best chain."""
    G = load_graph(args)
    leads = job_leads(G, **_limits(args))
    if args.top is not None:
        leads = leads.head(args.top)
    if out.json_mode:
        out.json(leads)
    else:
        out.heading("Job leads: postings by the best chain to someone there")
        out.frame(leads[_leads_shown(leads)], optional=_LEADS_OPTIONAL)
    return 0


def _leads_shown(leads: pd.DataFrame) -> list[str]:
    """Return the columns of job leads to show (``status`` only when some posting has one)."""
    has_status = S.STATUS in leads.columns and bool((leads[S.STATUS].astype(str) != "").any())
    return [c for c in _LEADS_SHOWN if c in leads.columns and (c != S.STATUS or has_status)]


def demo_section(G: nx.Graph, out: Output) -> dict[str, Any] | None:
    """Best chains and introducers for one target organisation, and the top job leads."""
    targets = G.graph.get("targets") or ()
    org = targets[0] if targets else "AFSCME"
    result: dict[str, Any] = {}
    try:
        chains = intro_paths(G, org=org, k=3)
        whom = introducers(G, org).head(5)
    except NoPathError as exc:
        out.warn(str(exc))
        chains, whom = Chains(), None
    if chains:
        result["intro"] = {"org": chains[0].target, "chains": [c.to_dict() for c in chains]}
        result["introducers"] = whom.to_dict("records") if whom is not None else []
        if not out.json_mode:
            out.heading(f"Who can introduce you to {org} ({chains[0].target})")
            _print_chains(chains, out)
            if whom is not None:
                out.heading(f"Whom to ask about {org}")
                out.frame(whom[_INTRODUCER_SHOWN], optional=_INTRODUCER_OPTIONAL)
    leads = job_leads(G).head(5)
    result["job_leads"] = leads.to_dict("records")
    if not out.json_mode:
        out.heading("Top job leads")
        out.frame(leads[_leads_shown(leads)], optional=_LEADS_OPTIONAL)
    return result
