"""Commands on tie strength: strength, dormant, keep-in-touch."""

from __future__ import annotations

import argparse
from typing import Any

import networkx as nx
import pandas as pd

from ..calibration import calibrate
from ..dormant import MAX_NOW, MIN_PEAK, dormant_ties, keep_in_touch
from ..ties import tie_table
from ._common import Output, add_as_of, add_folder, add_json, load_graph


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register strength, dormant and keep-in-touch."""
    # -- strength (the tie-strength command) --
    _register_strength(sub)

    # -- dormant ties and the keep-in-touch list --
    p = sub.add_parser(
        "dormant",
        help="relationships that were strong and went quiet, most worth reviving first",
    )
    add_folder(p)
    add_as_of(p)
    p.add_argument("--limit", type=_count, metavar="N", help="show at most N ties")
    p.add_argument(
        "--min-peak",
        type=float,
        default=MIN_PEAK,
        metavar="X",
        help=f"a tie was strong when its peak strength reached X (default {MIN_PEAK})",
    )
    p.add_argument(
        "--max-now",
        type=float,
        default=MAX_NOW,
        metavar="X",
        help=f"... and is dormant when its strength now is at most X (default {MAX_NOW})",
    )
    add_json(p)
    p.set_defaults(func=cmd_dormant)

    p = sub.add_parser(
        "keep-in-touch",
        help="strong ties due for contact at their usual rhythm, before they go quiet",
    )
    add_folder(p)
    add_as_of(p)
    p.add_argument("--limit", type=_count, metavar="N", help="show at most N ties")
    add_json(p)
    p.set_defaults(func=cmd_keep_in_touch)


# --- the strength command ---------------------------------------------------------------


def _register_strength(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "strength",
        help="every tie with its strength now, peak strength, last contact and interactions",
        description="Print every tie of a network folder with its strength as of a date "
        "(strongest first), or with --calibrate fit the strength model on the folder's own "
        "history and print the lines to pin in network.toml.",
    )
    add_folder(p)
    add_as_of(p)
    p.add_argument("--person", metavar="ID", help="only the ties of this person")
    p.add_argument("--limit", type=_count, metavar="N", help="show at most N ties")
    p.add_argument(
        "--calibrate",
        action="store_true",
        help="fit the model's half-life parameters on the history before the date",
    )
    p.add_argument(
        "--horizon-days",
        type=float,
        default=30.0,
        metavar="DAYS",
        help="with --calibrate: strength should predict contact within DAYS (default 30)",
    )
    add_json(p)
    p.set_defaults(func=cmd_strength)


def cmd_strength(args: argparse.Namespace, out: Output) -> int:
    """Print every tie with its strength, or calibrate the model (``--calibrate``)."""
    if args.calibrate:
        return _cmd_calibrate(args, out)
    G = load_graph(args)
    df = tie_table(G, person=args.person)
    if args.limit is not None:
        df = df.head(args.limit)
    if out.json_mode:
        out.json(_records(df))
        return 0
    if not len(df):
        out.line(f"No ties as of {_as_of(G)}.")
        return 0
    out.table(
        ["#", "tie", "strength", "peak", "last contact", "interactions", "half-life"],
        [
            (
                i,
                f"{r.u_name} - {r.v_name}",
                f"{r.strength:.3f}",
                f"{r.peak_strength:.3f}",
                r.last_contact,
                r.n_interactions,
                _days(r.half_life_days),
            )
            for i, r in enumerate(df.itertuples(index=False), start=1)
        ],
        title=f"Ties as of {_as_of(G)}, strongest first",
        justify=["right", "left", "right", "right", "left", "right", "right"],
    )
    return 0


def _cmd_calibrate(args: argparse.Namespace, out: Output) -> int:
    cal = calibrate(args.folder, as_of=args.as_of, horizon_days=args.horizon_days)
    if out.json_mode:
        out.json(cal.to_dict())
        return 0
    if not cal.fitted:
        out.line(f"Not fitted: {cal.reason}.")
        out.line("These are the parameters in use (network.toml, or the defaults):")
    else:
        out.line(f"Fitted: {cal.reason}.")
        out.line("Paste these lines into network.toml (replacing any earlier ones):")
    out.line()
    for line in cal.to_toml().splitlines():
        out.line(line)
    return 0


def _count(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is negative")
    return n


def cmd_dormant(args: argparse.Namespace, out: Output) -> int:
    """Print the dormant ties of a network folder, most worth reviving first."""
    G = load_graph(args)
    df = dormant_ties(G, min_peak=args.min_peak, max_now=args.max_now, limit=args.limit)
    if out.json_mode:
        out.json(_records(df))
    else:
        _print_dormant(G, df, out)
    return 0


def cmd_keep_in_touch(args: argparse.Namespace, out: Output) -> int:
    """Print the strong ties due for contact at their usual rhythm."""
    G = load_graph(args)
    df = keep_in_touch(G, limit=args.limit)
    if out.json_mode:
        out.json(_records(df))
    else:
        _print_keep(G, df, out)
    return 0


def demo_section(G: nx.Graph, out: Output) -> dict[str, Any]:
    """Print the sample's top dormant ties and its keep-in-touch list; return them as JSON data."""
    dormant = dormant_ties(G, limit=5)
    keep = keep_in_touch(G)
    if not out.json_mode:
        out.heading("Dormant ties worth reviving")
        _print_dormant(G, dormant, out)
        out.heading("Keep in touch")
        _print_keep(G, keep, out)
    return {"dormant_ties": _records(dormant), "keep_in_touch": _records(keep)}


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Return rows as JSON-able dicts (tuples as lists, dates as ISO text, NaN as None)."""
    out = []
    for rec in df.to_dict("records"):
        row: dict[str, Any] = {}
        for k, v in rec.items():
            if isinstance(v, tuple):
                v = list(v)
            elif isinstance(v, pd.Timestamp):
                v = v.isoformat()
            elif v is pd.NaT or v is pd.NA or (isinstance(v, float) and v != v):
                v = None
            row[str(k)] = v
        out.append(row)
    return out


def _as_of(G: nx.Graph) -> str:
    return f"{G.graph['as_of']:%Y-%m-%d}"


def _print_dormant(G: nx.Graph, df: pd.DataFrame, out: Output) -> None:
    if not len(df):
        out.line(f"No dormant ties as of {_as_of(G)}: no tie that was strong has gone quiet.")
        return
    out.table(
        ["#", "name", "org", "last contact", "peak", "now", "value"],
        [
            (
                i,
                r["name"],
                r["org"],
                f"{r['last_contact']:%Y-%m-%d} ({r['last_contact_ago']})"
                if not pd.isna(r["last_contact"])
                else "never",
                r["peak_strength"],
                r["strength"],
                r["value"],
            )
            for i, r in enumerate(df.to_dict("records"), start=1)
        ],
        title=f"Dormant ties as of {_as_of(G)}, most worth reviving first",
        justify=["right", "left", "left", "left", "right", "right", "right"],
    )
    _print_reasons(df, out)


def _print_keep(G: nx.Graph, df: pd.DataFrame, out: Output) -> None:
    if not len(df):
        out.line(f"Nobody to get back to as of {_as_of(G)}: no strong tie is due at its rhythm.")
        return
    out.table(
        ["#", "name", "org", "every", "last contact", "reach out by", "days left"],
        [
            (
                i,
                r["name"],
                r["org"],
                f"{round(r['rhythm_days'])} days",
                f"{r['last_contact']:%Y-%m-%d}",
                f"{r['reach_out_by']:%Y-%m-%d}",
                r["days_left"],
            )
            for i, r in enumerate(df.to_dict("records"), start=1)
        ],
        title=f"Keep in touch as of {_as_of(G)}, most urgent first",
        justify=["right", "left", "left", "right", "left", "left", "right"],
    )
    _print_reasons(df, out)


def _print_reasons(df: pd.DataFrame, out: Output) -> None:
    """Print each row's reason as a numbered line under the table."""
    for i, (name, reason) in enumerate(zip(df["name"], df["reason"], strict=True), start=1):
        out.line(f"{i}. {name}: {reason}")


def _days(value: object) -> str:
    """Return a half-life in whole days, or "" when there is none."""
    return "" if value is None or pd.isna(value) else f"{float(value):.0f} days"  # type: ignore[call-overload, arg-type]
