"""Tests of tiegraph.plots: each function returns a Figure with the expected artists."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure

import tiegraph
from tiegraph import ConfigError, NotFoundError, plots
from tiegraph.strength import effective_params, tie_strengths

matplotlib.use("Agg")

CONTACTS = """id,name,org,title,direct,since,source
bob-lee,Bob Lee,SEIU,Organizer,yes,2023-01-10,manual
ann-ray,Ann Ray,Acme,Analyst,yes,2023-05-01,linkedin
jane-doe,Jane Doe,AFSCME,Political Action Rep,no,,manual
"""
INTRODUCTIONS = """person,met_through,to,date,context
ann-ray,bob-lee,,2024-01-05,2024 canvass
"""
INTERACTIONS = """date,with,by,channel,notes
2024-02-01,ann-ray,,call,
2024-03-01,ann-ray,,in_person,
2024-04-01,ann-ray,,call,
2024-09-01,ann-ray,,email,
2025-03-02,bob-lee,,call,
2025-04-02,jane-doe,bob-lee,in_person,
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    net = tmp_path / "net"
    net.mkdir()
    (net / "network.toml").write_text('[owner]\nname = "Alex Rivera"\n', encoding="utf-8")
    (net / "contacts.csv").write_text(CONTACTS, encoding="utf-8")
    (net / "introductions.csv").write_text(INTRODUCTIONS, encoding="utf-8")
    (net / "interactions.csv").write_text(INTERACTIONS, encoding="utf-8")
    return net


@pytest.fixture
def G(folder) -> nx.Graph:
    return tiegraph.load_network(folder, as_of="2025-06-30")


def scatters(ax) -> list[PathCollection]:
    return [c for c in ax.collections if isinstance(c, PathCollection)]


def test_figures_do_not_touch_pyplot(G):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    plots.strength_distribution(G)
    assert plt.get_fignums() == before


# -- tie over time -------------------------------------------------------------------------


def test_strength_history_is_zero_before_the_tie(G):
    h = plots.strength_history(G, "ann-ray", "me", dates=["2025-01-01", "2023-01-01", "2024-06-01"])
    assert list(h["date"].dt.strftime("%Y-%m-%d")) == ["2023-01-01", "2024-06-01", "2025-01-01"]
    assert h["strength"].iloc[0] == 0.0
    assert (h["strength"].iloc[1:] > 0).all()
    assert (h["peak_strength"] >= h["strength"]).all()


def test_strength_history_by_name_and_its_errors(G):
    by_id = plots.strength_history(G, "jane-doe", "bob-lee", dates=["2025-06-30"])
    by_name = plots.strength_history(G, "Jane Doe", "Bob Lee", dates=["2025-06-30"])
    assert by_name.equals(by_id)
    assert by_id["strength"].iloc[0] == G["jane-doe"]["bob-lee"]["strength"]
    with pytest.raises(ConfigError, match=re.escape("dates must hold at least one date")):
        plots.strength_history(G, "ann-ray", "me", dates=[])
    with pytest.raises(ConfigError, match=re.escape("u and v are one person ('ann-ray')")):
        plots.strength_history(G, "ann-ray", "Ann Ray", dates=["2025-01-01"])
    with pytest.raises(NotFoundError, match=re.escape("unknown person 'ann-rey'")):
        plots.strength_history(G, "ann-rey", "me", dates=["2025-01-01"])


@pytest.mark.parametrize("missing", ["events", "strength_params", "as_of"])
def test_a_graph_without_its_history_is_refused(G, missing):
    g = G.copy()
    del g.graph[missing]
    msg = "tie_strength_over_time: the graph carries no history (G.graph['events'], "
    with pytest.raises(ConfigError, match=re.escape(msg)):
        plots.tie_strength_over_time(g, "ann-ray")
    with pytest.raises(ConfigError, match=re.escape("strength_history: the graph carries no")):
        plots.strength_history(g, "ann-ray", "me", dates=["2025-01-01"])


def test_figures_read_nothing_from_the_folder(G, folder):
    import shutil

    shutil.rmtree(folder)
    fig = plots.tie_strength_over_time(G, "ann-ray", points=5)
    assert len(fig.axes[0].lines) == 3


def test_tie_strength_over_time_marks_every_interaction(G):
    fig = plots.tie_strength_over_time(G, "ann-ray", points=20)
    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    # the curve, the dormant line and the as-of line
    assert len(ax.lines) == 3
    curve = ax.lines[0]
    assert len(curve.get_xdata()) == 20 + 5  # grid + 4 interaction dates + 1 introduction date
    sets = {c.get_label(): len(c.get_offsets()) for c in scatters(ax)}
    assert sets == {"call (2)": 2, "in_person (1)": 1, "email (1)": 1, "introduced": 1}
    # markers sit on the curve
    call = next(c for c in scatters(ax) if c.get_label() == "call (2)")
    ys = call.get_offsets()[:, 1]
    assert np.all((ys >= 0) & (ys <= 1))
    assert ax.get_title() == "Ann Ray and Alex Rivera: tie strength over time"


def test_tie_strength_over_time_between_two_contacts_by_name(G):
    fig = plots.tie_strength_over_time(G, "Jane Doe", other="bob-lee", points=5)
    (ax,) = fig.axes
    assert {c.get_label() for c in scatters(ax)} == {"in_person (1)"}
    assert ax.get_title() == "Jane Doe and Bob Lee: tie strength over time"


def test_a_busy_tie_is_evaluated_at_the_latest_date_of_each_span(tmp_path):
    net = tmp_path / "busy"
    net.mkdir()
    (net / "contacts.csv").write_text("id,name\nann-ray,Ann Ray\n", encoding="utf-8")
    days = pd.date_range("2025-01-01", periods=20, freq="D")
    rows = "".join(f"{d:%Y-%m-%d},ann-ray,call\n" for d in days)
    (net / "interactions.csv").write_text("date,with,channel\n" + rows, encoding="utf-8")
    G = tiegraph.load_network(net, as_of="2025-01-31")
    # points=2: at most 4 x 2 = 8 interaction dates, the latest of each eighth of the curve
    # (2024-11-02 to 2025-01-31: 90 days, eighths of 11.25 days; the interactions, days 60
    # to 79, fall in the 6th (days 60-67), the 7th (68-78) and the 8th (79) eighth)
    fig = plots.tie_strength_over_time(G, "ann-ray", points=2)
    x = pd.DatetimeIndex(fig.axes[0].lines[0].get_xdata())
    assert list(x.strftime("%Y-%m-%d")) == [
        "2024-11-02",
        "2025-01-08",
        "2025-01-19",
        "2025-01-20",
        "2025-01-31",
    ]
    (calls,) = scatters(fig.axes[0])
    assert len(calls.get_offsets()) == 20  # every interaction is still marked


def test_tie_strength_over_time_errors(G):
    with pytest.raises(NotFoundError, match=re.escape("unknown person 'ann-rey'; did you mean")):
        plots.tie_strength_over_time(G, "ann-rey")
    msg = "tie_strength_over_time: points must be a whole number >= 2, not 1"
    with pytest.raises(ConfigError, match=re.escape(msg)):
        plots.tie_strength_over_time(G, "ann-ray", points=1)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda G: plots.tie_strength_over_time(G, "ann-ray", points=True),
            "tie_strength_over_time: points must be a whole number >= 2, not True",
        ),
        (
            lambda G: plots.tie_strength_over_time(G, "ann-ray", dormant_below=1.5),
            "tie_strength_over_time: dormant_below must be a number from 0 to 1 or None, not 1.5",
        ),
        (
            lambda G: plots.tie_strength_over_time(G, "", points=5),
            "tie_strength_over_time: person must be a non-empty text, not ''",
        ),
        (
            lambda G: plots.strength_history(G, "me", 3, dates=["2025-01-01"]),
            "strength_history: v must be a non-empty text, not 3",
        ),
        (
            lambda G: plots.strength_distribution(G, bins=0),
            "strength_distribution: bins must be a whole number >= 1, not 0",
        ),
        (
            lambda G: plots.strength_distribution(G, bins="5"),
            "strength_distribution: bins must be a whole number >= 1, not '5'",
        ),
        (
            lambda G: plots.org_reach(G, top=2.5),
            "org_reach: top must be a whole number >= 1, not 2.5",
        ),
        (
            lambda G: plots.dormant_scatter(G, label=-1),
            "dormant_scatter: label must be a whole number >= 0, not -1",
        ),
    ],
)
def test_bad_parameters_are_named(G, call, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        call(G)


# -- distribution --------------------------------------------------------------------------


def test_strength_distribution_counts_every_tie(G):
    fig = plots.strength_distribution(G, bins=10)
    (ax,) = fig.axes
    all_bars, own_bars = ax.containers
    assert len(all_bars) == len(own_bars) == 10
    assert sum(b.get_height() for b in all_bars) == G.number_of_edges()
    assert sum(b.get_height() for b in own_bars) == G.degree("me")
    assert len(ax.lines) == 1  # the dormant line


def test_strength_distribution_by_hand():
    g = nx.Graph(me="me")
    g.add_edge("me", "a", strength=0.05)
    g.add_edge("me", "b", strength=1.0)
    g.add_edge("a", "b", strength=0.55)
    all_bars, own_bars = plots.strength_distribution(g, bins=4).axes[0].containers
    assert [b.get_height() for b in all_bars] == [1, 0, 1, 1]
    assert [b.get_height() for b in own_bars] == [1, 0, 0, 1]
    assert plots.strength_distribution(g, bins=4).axes[0].get_yscale() == "linear"
    assert plots.strength_distribution(g, bins=1).axes[0].get_yscale() == "log"  # 3 of 3 in one
    assert plots.strength_distribution(g, bins=1, log=False).axes[0].get_yscale() == "linear"


# -- reach and dormant ---------------------------------------------------------------------


def test_org_reach_from_a_frame():
    frame = pd.DataFrame(
        {
            "org": ["AFSCME", "SEIU", "Acme", "Beta"],
            "score": [0.2, 0.5, 0.05, 0.2],
        }
    )
    fig = plots.org_reach(frame, top=3, targets=["AFSCME"])
    (ax,) = fig.axes
    bars = ax.containers[0]
    assert len(bars) == 3
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["Beta", "AFSCME", "SEIU"]  # best at the top; ties by name
    assert [round(b.get_width(), 2) for b in bars] == [0.2, 0.2, 0.5]
    colours = [matplotlib.colors.to_hex(b.get_facecolor()) for b in bars]
    assert colours == ["#1f77b4", "#d62728", "#1f77b4"]


def test_org_reach_needs_its_columns():
    with pytest.raises(ConfigError, match="org_reach: the table has none of the columns score"):
        plots.org_reach(pd.DataFrame({"org": ["A"], "value": [1.0]}))


def test_org_reach_from_the_graph(G):
    import tiegraph.paths

    frame = tiegraph.paths.reachable_orgs(G)
    fig = plots.org_reach(G, top=3)
    (ax,) = fig.axes
    bars = ax.containers[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    best = frame.dropna(subset=["score"]).head(3)
    assert labels == list(best["org"])[::-1]
    assert [b.get_width() for b in bars] == pytest.approx(list(best["score"])[::-1])
    # the folder has no targets: every bar blue
    assert {matplotlib.colors.to_hex(b.get_facecolor()) for b in bars} == {"#1f77b4"}


def test_dormant_scatter_from_a_frame():
    frame = pd.DataFrame(
        {
            "name": ["Ann", "Bob", "Cy"],
            "peak_strength": [0.8, 0.6, 0.5],
            "strength": [0.1, 0.05, 0.02],
        }
    )
    fig = plots.dormant_scatter(frame, label=2)
    (ax,) = fig.axes
    (points,) = scatters(ax)
    assert len(points.get_offsets()) == 3
    assert points.get_offsets().tolist() == [[0.8, 0.1], [0.6, 0.05], [0.5, 0.02]]
    assert [t.get_text() for t in ax.texts] == ["Ann", "Bob"]
    assert len(ax.lines) == 1  # the diagonal


def test_dormant_scatter_from_the_graph(G):
    fig = plots.dormant_scatter(G)
    everyone, dormant = scatters(fig.axes[0])
    assert len(everyone.get_offsets()) == G.degree("me")
    from tiegraph.dormant import dormant_ties

    assert len(dormant.get_offsets()) == len(dormant_ties(G))


# -- on the sample network -----------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> nx.Graph:
    return tiegraph.load_network(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)


def test_sample_strength_distribution(sample):
    G = sample
    all_bars, own_bars = plots.strength_distribution(G).axes[0].containers
    assert len(all_bars) == 20
    assert sum(b.get_height() for b in all_bars) == G.number_of_edges()
    assert sum(b.get_height() for b in own_bars) == G.degree("me")


def test_sample_tie_over_time_marks_each_interaction_once(sample):
    G = sample
    who = max(G["me"], key=lambda n: (G["me"][n]["n_interactions"], n))
    fig = plots.tie_strength_over_time(G, who, points=30)
    (ax,) = fig.axes
    marked = sum(len(c.get_offsets()) for c in scatters(ax) if c.get_label() != "introduced")
    evidence = next(e for e in G["me"][who]["evidence"] if e["kind"] == "interaction")
    assert marked == evidence["n"] == G["me"][who]["n_interactions"]
    assert len(ax.lines) == 3


def test_figures_display_in_jupyter_without_pyplot(G):
    fig = plots.strength_distribution(G)
    assert isinstance(fig, Figure)
    png = fig._repr_png_()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5000


def test_sample_history_agrees_with_the_model(sample):
    """At the graph's date: the edges; before it: the model on the whole network's evidence."""
    G = sample
    as_of = G.graph["as_of"]
    earlier = as_of - pd.Timedelta(days=200)
    events = G.graph["events"]
    params = effective_params(events, as_of=as_of, params=G.graph["strength_params"])
    whole = tie_strengths(events, as_of=earlier, params=params).set_index(["u", "v"])
    for who in sorted(G["me"])[:12]:
        h = plots.strength_history(G, "me", who, dates=[earlier, as_of])
        assert h["strength"].iloc[-1] == pytest.approx(G["me"][who]["strength"], rel=1e-9)
        assert h["peak_strength"].iloc[-1] == pytest.approx(G["me"][who]["peak_strength"], rel=1e-9)
        pair = tuple(sorted(("me", who)))
        then = whole["strength"].get(pair, 0.0)
        assert h["strength"].iloc[0] == pytest.approx(then, rel=1e-9)


def test_sample_org_reach_marks_the_targets(sample):
    G = sample
    (ax,) = plots.org_reach(G, top=40).axes
    red = {
        t.get_text()
        for t, b in zip(ax.get_yticklabels(), ax.containers[0], strict=True)
        if matplotlib.colors.to_hex(b.get_facecolor()) == "#d62728"
    }
    targets = {G.graph["orgs"].canonical(t) for t in G.graph["targets"]}
    assert red == targets


def test_figures_leave_the_graph_alone(G):
    events = G.graph["events"].copy()
    graph_attrs = dict(G.graph)
    edges = {(u, v): dict(d) for u, v, d in G.edges(data=True)}
    plots.tie_strength_over_time(G, "ann-ray", points=5)
    plots.strength_history(G, "me", "bob-lee", dates=["2024-01-01", "2026-01-01"])
    plots.strength_distribution(G)
    plots.dormant_scatter(G)
    assert G.graph["events"].equals(events)
    assert dict(G.graph) == graph_attrs
    assert {(u, v): dict(d) for u, v, d in G.edges(data=True)} == edges
