r"""The text of the map's tooltips: who a person is, how you met, how strong a tie is.

Tooltips are plain text (lines separated by ``\n``): vis-network puts a
string title on the page with ``innerText``, so whatever a name holds is
shown as those characters. Nothing here escapes or formats markup.
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
import pandas as pd

from ._words import ago

__all__ = ["current_org", "display_name", "person_tooltip", "tie_tooltip"]


def current_org(attrs: dict[str, Any], G: nx.Graph) -> str:
    """Return a person's current organisation: a current affiliation, else ``org`` (canonical)."""
    for a in attrs.get("affiliations") or ():
        if a.get("current") and a.get("org"):
            return str(a["org"])
    org = str(attrs.get("org") or "")
    index = G.graph.get("orgs")
    if org and index is not None:
        return str(index.canonical(org) or org)
    return org


def display_name(G: nx.Graph, n: Any) -> str:
    """Return a person's name, else their id."""
    if n in G:
        return str(G.nodes[n].get("name") or n)
    return str(n)


def _day(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError):
        return str(value)
    return "" if pd.isna(ts) else ts.strftime("%Y-%m-%d")


def _ago(value: Any, as_of: Any) -> str:
    day = _day(value)
    if not day or as_of is None:
        return day
    days = int((pd.Timestamp(as_of) - pd.Timestamp(value)).days)
    return day if days < 0 else f"{day} ({ago(days)})"


def _how_met(G: nx.Graph, tie: dict[str, Any]) -> str:
    parts = []
    for ev in tie.get("evidence") or ():
        if ev.get("kind") == "introduction":
            via = ev.get("via") or ""
            bits = [f"through {display_name(G, via)}"] if via else []
            if ev.get("context"):
                bits.append(str(ev["context"]))
            text = ", ".join(bits) or "introduced"
            if _day(ev.get("date")):
                text += f" ({_day(ev.get('date'))})"
            parts.append(text)
    if parts:
        return "; ".join(parts)
    for ev in tie.get("evidence") or ():
        if ev.get("kind") == "same_org" and ev.get("org"):
            return f"colleagues at {ev['org']}"
    return ""


def person_tooltip(G: nx.Graph, n: Any, me: Any) -> str:
    """Return the tooltip of person ``n``: name, job, former jobs, how you met, last contact."""
    attrs = G.nodes[n]
    name = display_name(G, n)
    if n == me:
        return f"{name} (you)"
    lines = [name]
    org = current_org(attrs, G)
    title = str(attrs.get("title") or "")
    if title or org:
        lines.append(" at ".join(x for x in (title, org) if x))
    affs = attrs.get("affiliations") or ()
    now = {(a.get("org"), a.get("title") or "") for a in affs if a.get("current")}
    former = [
        a for a in affs if not a.get("current") and (a.get("org"), a.get("title") or "") not in now
    ]
    if former:
        lines.append(
            "Formerly: "
            + "; ".join(
                " at ".join(x for x in (a.get("title") or "", a["org"]) if x) for a in former[:3]
            )
        )
    as_of = G.graph.get("as_of")
    tie = G.get_edge_data(me, n) if me in G else None
    if tie is not None:
        how = _how_met(G, tie)
        since = _day(attrs.get("since"))
        source = str(attrs.get("source") or "")
        if not how and (since or source):
            how = "in your contacts" + (f" since {since}" if since else "")
            how += f" ({source})" if source else ""
        lines.append(f"How we met: {how or 'not recorded'}")
        last = _ago(tie.get("last_contact"), as_of)
        n_int = int(tie.get("n_interactions") or 0)
        lines.append(
            f"Last contact: {last or 'none recorded'}"
            + (f" - {n_int} interaction{'s' if n_int != 1 else ''}" if n_int else "")
        )
        s = float(tie.get("strength", 0.0))
        p = float(tie.get("peak_strength", s))
        lines.append(f"Tie strength: {s:.2f} now, {p:.2f} at its peak")
    else:
        via = sorted(
            (m for m in G[n] if me in G and G.has_edge(me, m)),
            key=lambda m: -float(G[n][m].get("strength", 0)),
        )
        if via:
            names = ", ".join(display_name(G, m) for m in via[:3])
            more = f" and {len(via) - 3} more" if len(via) > 3 else ""
            lines.append(f"Not a direct contact; known through {names}{more}")
        else:
            lines.append("Not a direct contact")
    tags = attrs.get("tags") or ()
    if tags:
        lines.append("Tags: " + ", ".join(map(str, tags)))
    return "\n".join(lines)


def tie_tooltip(G: nx.Graph, u: Any, v: Any, d: dict[str, Any], *, dormant: bool) -> str:
    """Return the tooltip of the tie ``u - v``: names, strength, how they met, last contact."""
    s = float(d.get("strength", 0.0))
    p = float(d.get("peak_strength", s))
    lines = [f"{display_name(G, u)} - {display_name(G, v)}", f"Strength {s:.2f} (peak {p:.2f})"]
    if dormant:
        lines[-1] += ", dormant"
    how = _how_met(G, d)
    if how:
        lines.append(f"Met: {how}")
    last = _ago(d.get("last_contact"), G.graph.get("as_of"))
    if last:
        lines.append(f"Last contact: {last}")
    return "\n".join(lines)
