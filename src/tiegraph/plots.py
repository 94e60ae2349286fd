"""Figures to look at: a tie over time, strengths, reach by organisation, dormant ties.

Each function returns a :class:`matplotlib.figure.Figure` made with the
object-oriented API (``Figure()``, not ``pyplot``), so nothing leaks into
pyplot's global state and nothing is shown until the caller displays it. The
figures are :class:`TieFigure` (a ``Figure`` with ``_repr_png_``), so in
Jupyter a figure as the last expression of a cell displays inline even
without ``%matplotlib inline``; ``fig.savefig("x.png")`` writes it.

Every function takes a network graph (or a table made from one) and reads
nothing from disk: a tie over time replays the evidence the graph carries
(``G.graph["events"]``, with the model's ``G.graph["strength_params"]``, both
set by :func:`tiegraph.build_graph`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from . import schema as S
from .dates import to_timestamp
from .dormant import MAX_NOW, dormant_ties
from .exceptions import ConfigError
from .params import Interval, Text, validate_params
from .paths import reachable_orgs
from .people import find_person
from .strength import StrengthParams, effective_params, tie_strengths

__all__ = [
    "TieFigure",
    "dormant_scatter",
    "org_reach",
    "strength_distribution",
    "strength_history",
    "tie_strength_over_time",
]


class TieFigure(Figure):
    """A matplotlib Figure that displays itself in Jupyter without pyplot (``_repr_png_``).

    A ``Figure()`` made without pyplot has no display formatter until pyplot's
    inline backend is loaded; this one renders itself to PNG, so a notebook
    shows it whatever the backend.
    """

    def _repr_png_(self) -> bytes:
        buf = io.BytesIO()
        self.savefig(buf, format="png", dpi=100)
        return buf.getvalue()


_BLUE = "#1f77b4"
_GREY = "#b9b9b9"
_ORANGE = "#ff7f0e"
_RED = "#d62728"
#: Marker of an interaction, by channel (strongest first, as in tiegraph.schema.CHANNELS).
_CHANNEL_MARKERS = {
    "in_person": ("o", "#2ca02c"),
    "call": ("s", "#1f77b4"),
    "video": ("D", "#9467bd"),
    "message": ("^", "#8c564b"),
    "email": ("v", "#e377c2"),
    "social": (".", "#7f7f7f"),
}


def _name(G: nx.Graph, n: Any) -> str:
    return str(G.nodes[n].get("name") or n) if n in G else str(n)


def _person(G: nx.Graph, person: str) -> str:
    return str(find_person(G, person))


#: The graph attributes holding the history a figure replays (:func:`tiegraph.build_graph`).
EVENTS, STRENGTH_PARAMS = "events", "strength_params"


def _replay(G: nx.Graph, what: str) -> tuple[pd.DataFrame, StrengthParams, pd.Timestamp]:
    """Return the graph's evidence, the parameters its strengths were computed with, its date.

    The parameters come with the base half-life fixed at its value for the
    whole network at the graph's date (:func:`tiegraph.strength.effective_params`),
    so the model evaluated on one tie's neighbourhood gives the edge's values.
    """
    events = G.graph.get(EVENTS)
    params = G.graph.get(STRENGTH_PARAMS)
    as_of = G.graph.get("as_of")
    if not isinstance(events, pd.DataFrame) or params is None or as_of is None:
        raise ConfigError(
            f"{what}: the graph carries no history (G.graph['{EVENTS}'], "
            f"G.graph['{STRENGTH_PARAMS}'], G.graph['as_of']); "
            "make it with tiegraph.load_network or tiegraph.build_graph"
        )
    when = to_timestamp(as_of)
    return events, effective_params(events, as_of=when, params=params), when


#: With more interaction dates than this many times ``points``, a curve is evaluated at the
#: latest of each of that many equal spans of it, not at every one.
_SPANS = 4


# -- a tie over time -----------------------------------------------------------------------


@validate_params(u=[Text()], v=[Text()])
def strength_history(
    G: nx.Graph,
    u: str,
    v: str,
    *,
    dates: Sequence[Any] | pd.DatetimeIndex,
) -> pd.DataFrame:
    """Return the strength of the tie between ``u`` and ``v`` at each of ``dates``.

    Parameters
    ----------
    G : networkx.Graph
        A graph of :func:`tiegraph.load_network` (or
        :func:`tiegraph.build_graph`): it carries the evidence and the
        strength model's parameters. Not changed.
    u, v : str
        The two people's ids (or exact names).
    dates : sequence of date-like
        When to evaluate the tie.

    Returns
    -------
    DataFrame
        ``date`` (UTC), ``strength`` (0 before the tie exists) and
        ``peak_strength``, one row per date, in date order.

    Raises
    ------
    NotFoundError
        An unknown person.
    ConfigError
        No dates, ``u`` and ``v`` are one person, or a graph that carries no
        history (not made by :func:`tiegraph.build_graph`).

    Notes
    -----
    The strength model (:func:`tiegraph.strength.tie_strengths`) is
    evaluated as of every date, with the parameters the graph's strengths
    were computed with (calibrated, and the base half-life of the whole
    network at the graph's date), on the evidence of every tie of ``u`` or
    ``v`` up to the graph's date. At the graph's date the values equal the
    edge's ``strength`` and ``peak_strength``; at an earlier date they are
    what the same model gives on the evidence up to that date. A date after
    the graph's sees no new evidence: the tie fades as if nothing happened.

    Examples
    --------
    >>> import tiegraph
    >>> from tiegraph.plots import strength_history
    >>> G = tiegraph.load_network(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)
    >>> h = strength_history(G, "me", "dana-okafor", dates=["2020-01-01", "2026-06-30"])
    >>> tie = G["me"]["dana-okafor"]
    >>> float(h["strength"].iloc[0]), bool(h["strength"].iloc[1] == tie["strength"])
    (0.0, True)
    """
    events, params, _ = _replay(G, "strength_history")
    a, b = _person(G, u), _person(G, v)
    if a == b:
        raise ConfigError(f"strength_history: u and v are one person ({a!r})")
    when = sorted(to_timestamp(d) for d in dates)
    if not when:
        raise ConfigError("strength_history: dates must hold at least one date")
    return _history(events, a, b, when, params)


def _history(
    events: pd.DataFrame,
    u: str,
    v: str,
    when: Sequence[pd.Timestamp],
    params: StrengthParams,
    *,
    peak: bool = True,
) -> pd.DataFrame:
    a, b = sorted((u, v))
    # The evidence of every tie of either person: all a tie's strength may depend on (its own
    # history and both people's other ties) once the base half-life is fixed, at a fraction of
    # the whole network's cost. Undated evidence first, then by date (a stable sort keeps the
    # order of simultaneous events), so that each date reads only the rows up to it.
    near = events[events["u"].isin((a, b)) | events["v"].isin((a, b))]
    undated = near["date"].isna().to_numpy()
    near = pd.concat([near[undated], near[~undated].sort_values("date", kind="stable")])
    dates = near["date"].iloc[int(undated.sum()) :]
    rows = []
    for ts in when:
        upto = int(undated.sum()) + int(dates.searchsorted(ts, side="right"))
        ties = tie_strengths(near.iloc[:upto], as_of=ts, params=params, peak=peak)
        hit = ties[(ties["u"] == a) & (ties["v"] == b)]
        s = float(hit["strength"].iloc[0]) if len(hit) else 0.0
        p = float(hit["peak_strength"].iloc[0]) if len(hit) and peak else 0.0
        rows.append((ts, s, p))
    return pd.DataFrame(rows, columns=["date", "strength", "peak_strength"])


def _thinned(dates: pd.DatetimeIndex, begin: pd.Timestamp, end: pd.Timestamp, n: int) -> Any:
    """Return ``dates`` if at most ``n``, else the latest in each of ``n`` equal spans of time."""
    if len(dates) <= n:
        return dates
    span = (dates - begin) / (end - begin)
    bucket = np.minimum((span * n).astype(int), n - 1)
    latest = pd.Series(dates).groupby(bucket).max()
    return pd.DatetimeIndex(latest.to_numpy())


@validate_params(
    person=[Text()],
    other=[Text(), None],
    points=[Interval(int, 2, None)],
    dormant_below=[Interval(float, 0, 1), None],
)
def tie_strength_over_time(
    G: nx.Graph,
    person: str,
    *,
    other: str | None = None,
    start: Any = None,
    points: int = 60,
    dormant_below: float | None = None,
) -> Figure:
    """Plot how a tie's strength rose and faded, with its interactions marked.

    Parameters
    ----------
    G : networkx.Graph
        A graph of :func:`tiegraph.load_network`: names, the evidence to
        replay, and ``as_of``, the end of the curve. Not changed.
    person : str
        A person's id (or exact name).
    other : str, optional
        The other side of the tie (default: the owner).
    start : date-like, optional
        Start of the curve (default: 60 days before the tie's first evidence).
    points : int
        Number of dates the model is evaluated at (plus every interaction date).
    dormant_below : float, optional
        Draw this strength as the dormant line (default
        :data:`tiegraph.dormant.MAX_NOW`, the dormant rule's line).

    Returns
    -------
    matplotlib.figure.Figure
        One axes: the strength curve (a line, from :func:`strength_history`),
        one marker set per interaction channel on the curve, introductions as
        stars, the dormant line and the ``as_of`` line.

    Raises
    ------
    NotFoundError
        An unknown person.
    ConfigError
        A bad parameter, or a graph that carries no history.

    Examples
    --------
    >>> import tiegraph
    >>> from tiegraph import plots
    >>> G = tiegraph.load_network(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)
    >>> fig = plots.tie_strength_over_time(G, "dana-okafor", points=12)
    >>> len(fig.axes)
    1
    """
    events, params, as_of = _replay(G, "tie_strength_over_time")
    me = G.graph.get("me", "me")
    p = _person(G, person)
    q = me if other is None else _person(G, other)
    a, b = sorted((p, q))
    mine = events[(events["u"] == a) & (events["v"] == b) & (events["date"] <= as_of)]
    dated = mine["date"].dropna()
    first = dated.min() if len(dated) else as_of - pd.Timedelta(days=365)
    begin = to_timestamp(start) if start is not None else first - pd.Timedelta(days=60)
    inter = mine[mine["kind"] == S.EV_INTERACTION].dropna(subset=["date"])
    intro = mine[mine["kind"] == S.EV_INTRODUCTION].dropna(subset=["date"])
    grid = pd.date_range(begin, as_of, periods=points)
    extra = pd.DatetimeIndex(pd.concat([inter["date"], intro["date"]])).unique()
    extra = _thinned(extra[(extra >= begin) & (extra <= as_of)], begin, as_of, _SPANS * points)
    when = grid.union(extra)
    history = _history(events, a, b, list(when), params, peak=False)

    fig = TieFigure(figsize=(10, 4), layout="constrained")
    ax = fig.add_subplot()
    x = history["date"].dt.tz_localize(None)
    ax.plot(x, history["strength"], color=_BLUE, lw=2, label="strength")
    xs = x.to_numpy(dtype="datetime64[ns]").astype("int64")
    ys = history["strength"].to_numpy()
    for channel, group in inter.groupby(inter["channel"].str.lower(), sort=False):
        marker, colour = _CHANNEL_MARKERS.get(str(channel), ("x", "#333333"))
        d = group["date"].dt.tz_localize(None)
        y = np.interp(d.to_numpy(dtype="datetime64[ns]").astype("int64"), xs, ys)
        ax.scatter(
            d, y, marker=marker, color=colour, s=36, zorder=3, label=f"{channel} ({len(group)})"
        )
    if len(intro):
        d = intro["date"].dt.tz_localize(None)
        y = np.interp(d.to_numpy(dtype="datetime64[ns]").astype("int64"), xs, ys)
        ax.scatter(d, y, marker="*", color=_RED, s=120, zorder=4, label="introduced")
    line = MAX_NOW if dormant_below is None else dormant_below
    ax.axhline(line, color=_GREY, ls="--", lw=1, label=f"dormant at or below {line:.2f}")
    ax.axvline(
        as_of.tz_localize(None),  # type: ignore[arg-type]  # matplotlib takes dates
        color="#555555",
        ls=":",
        lw=1,
        label=f"as of {as_of:%Y-%m-%d}",
    )
    ax.set_ylim(0, 1.02)
    ax.set_ylabel("tie strength")
    ax.set_title(f"{_name(G, p)} and {_name(G, q)}: tie strength over time")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    ax.grid(axis="y", alpha=0.3)
    return fig


# -- the whole network ---------------------------------------------------------------------


@validate_params(bins=[Interval(int, 1, None)])
def strength_distribution(G: nx.Graph, *, bins: int = 20, log: bool | None = None) -> Figure:
    """Plot the distribution of tie strengths: every tie, and the owner's own.

    Parameters
    ----------
    G : networkx.Graph
        The network graph.
    bins : int
        Number of equal bins between 0 and 1.
    log : bool, optional
        Count axis on a log scale; default: when one bin holds more than half
        of all ties (inferred weak ties usually do), so the rest stay visible.

    Returns
    -------
    matplotlib.figure.Figure
        One axes with two bar sets of ``bins`` bars each: all ties (grey) and
        the owner's ties (blue), and the dormant line.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph(me="me")
    >>> G.add_edge("me", "a", strength=0.9)
    >>> G.add_edge("a", "b", strength=0.1)
    >>> fig = strength_distribution(G, bins=10)
    >>> [int(p.get_height()) for p in fig.axes[0].containers[0]]
    [0, 1, 0, 0, 0, 0, 0, 0, 0, 1]
    """
    me = G.graph.get("me", "me")
    strengths = np.array([s for _, _, s in G.edges(data="strength", default=0.0)], dtype=float)
    own = np.array(
        [d.get("strength", 0.0) for d in (G[me].values() if me in G else ())], dtype=float
    )
    edges = np.linspace(0, 1, bins + 1)
    all_counts, _ = np.histogram(np.clip(strengths, 0, 1), bins=edges)
    own_counts, _ = np.histogram(np.clip(own, 0, 1), bins=edges)
    fig = TieFigure(figsize=(8, 4), layout="constrained")
    ax = fig.add_subplot()
    width = edges[1] - edges[0]
    ax.bar(
        edges[:-1],
        all_counts,
        width=width,
        align="edge",
        color=_GREY,
        label=f"all ties ({len(strengths):,})",
    )
    ax.bar(
        edges[:-1],
        own_counts,
        width=width,
        align="edge",
        color=_BLUE,
        alpha=0.9,
        label=f"your ties ({len(own):,})",
    )
    ax.axvline(MAX_NOW, color=_ORANGE, ls="--", lw=1, label="dormant at or below")
    if log is None:
        log = bool(len(strengths)) and all_counts.max() > len(strengths) / 2
    if log:
        ax.set_yscale("log")
    ax.set_xlim(0, 1)
    ax.set_xlabel("tie strength")
    ax.set_ylabel("ties")
    ax.set_title("How strong are the ties in your network?")
    ax.legend(frameon=False)
    return fig


_SCORE_COLUMNS = ("score", "best_score", "chain_score", "best_chain_score")


def _column(frame: pd.DataFrame, names: Sequence[str], what: str) -> str:
    for name in names:
        if name in frame.columns:
            return name
    raise ConfigError(f"{what}: the table has none of the columns {', '.join(names)}")


@validate_params(top=[Interval(int, 1, None)])
def org_reach(
    reach: nx.Graph | pd.DataFrame, *, top: int = 15, targets: Sequence[str] = ()
) -> Figure:
    """Plot organisations by the score of the best introduction chain to them.

    Parameters
    ----------
    reach : networkx.Graph or DataFrame
        A network graph (:func:`tiegraph.reachable_orgs` is called on it) or
        the table it returns (an ``org`` column and a ``score`` column).
    top : int
        How many organisations, best first.
    targets : sequence of str
        Organisations drawn in red (default: the graph's ``targets``).

    Returns
    -------
    matplotlib.figure.Figure
        One axes with one horizontal bar per organisation, best at the top.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"org": ["AFSCME", "SEIU", "Acme"], "score": [0.2, 0.5, 0.05]})
    >>> fig = org_reach(frame, top=2, targets=["AFSCME"])
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['AFSCME', 'SEIU']
    """
    if isinstance(reach, nx.Graph):
        targets = tuple(targets) or tuple(reach.graph.get("targets", ()))
        index = reach.graph.get("orgs")
        if index is not None:
            targets = tuple(index.canonical(t) or t for t in targets)
        frame = reachable_orgs(reach)
    else:
        frame = reach
    org_col = _column(frame, ("org", "organisation", "organization"), "org_reach")
    score_col = _column(frame, _SCORE_COLUMNS, "org_reach")
    best = (
        frame[[org_col, score_col]]
        .dropna()
        .sort_values([score_col, org_col], ascending=[False, True], kind="stable")
        .head(top)
        .iloc[::-1]
    )
    fig = TieFigure(figsize=(9, 0.8 + 0.32 * max(len(best), 1)), layout="constrained")
    ax = fig.add_subplot()
    target_set = set(targets)
    colours = [_RED if o in target_set else _BLUE for o in best[org_col]]
    bars = ax.barh(best[org_col].astype(str), best[score_col], color=colours)
    ax.bar_label(bars, fmt="%.2f", padding=3, fontsize=8)
    ax.set_xlim(0, max(1.0, float(best[score_col].max()) if len(best) else 1.0) * 1.08)
    ax.set_xlabel("best chain score (product of tie strengths)")
    fig.suptitle("Organisations by best introduction chain")
    if target_set & set(best[org_col]):
        ax.legend(
            handles=[Patch(color=_RED, label="your target organisations")],
            loc="lower right",
            frameon=False,
            fontsize=8,
        )
    return fig


@validate_params(label=[Interval(int, 0, None)])
def dormant_scatter(ties: nx.Graph | pd.DataFrame, *, label: int = 8) -> Figure:
    """Plot dormant ties: how strong each was at its peak against how strong it is now.

    Parameters
    ----------
    ties : networkx.Graph or DataFrame
        A network graph (the owner's ties are plotted, and the dormant ones
        from :func:`tiegraph.dormant_ties` highlighted) or that table
        (``peak_strength`` and ``strength`` columns, ``name`` for labels).
    label : int
        How many of the dormant ties to name, first rows first.

    Returns
    -------
    matplotlib.figure.Figure
        One axes: the owner's other ties (grey points, from a graph only),
        the dormant ties (orange points), their names and the ``now = peak``
        diagonal.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"name": ["Ann", "Bob"], "peak_strength": [0.8, 0.6],
    ...                       "strength": [0.1, 0.05]})
    >>> fig = dormant_scatter(frame, label=1)
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['Ann']
    """
    everyone = None
    if isinstance(ties, nx.Graph):
        G = ties
        me = G.graph.get("me", "me")
        everyone = pd.DataFrame(
            [
                (float(d.get("peak_strength", d.get("strength", 0))), float(d.get("strength", 0)))
                for d in (G[me].values() if me in G else ())
            ],
            columns=["peak_strength", "strength"],
        )
        frame = dormant_ties(G)
    else:
        frame = ties
    peak_col = _column(frame, ("peak_strength", "peak"), "dormant_scatter")
    now_col = _column(frame, ("strength", "strength_now", "now"), "dormant_scatter")
    fig = TieFigure(figsize=(6.5, 6), layout="constrained")
    ax = fig.add_subplot()
    if everyone is not None:
        ax.scatter(
            everyone["peak_strength"],
            everyone["strength"],
            s=14,
            color=_GREY,
            label=f"your ties ({len(everyone)})",
        )
    ax.scatter(
        frame[peak_col],
        frame[now_col],
        s=40,
        color=_ORANGE,
        edgecolor="#333333",
        linewidth=0.5,
        zorder=3,
        label=f"dormant ({len(frame)})",
    )
    if "name" in frame.columns:
        for name, x, y in list(zip(frame["name"], frame[peak_col], frame[now_col], strict=True))[
            :label
        ]:
            ax.annotate(str(name), (x, y), xytext=(4, 3), textcoords="offset points", fontsize=8)
    ax.plot([0, 1], [0, 1], color="#888888", lw=0.8, ls=":", label="no change")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("strength at its peak")
    ax.set_ylabel("strength now")
    ax.set_title("Ties that were strong and went quiet")
    ax.legend(loc="upper left", frameon=False)
    return fig
