"""The map in a real browser: headless Chromium, networking disabled, driven over DevTools.

Each test writes a page with :func:`tiegraph.viz.save`, opens it from a file
in Debian's chromium (``--headless --no-sandbox``, every host name mapped to
nothing, a dead proxy), and checks what a user would see: the canvas drew,
no request left the machine (every request the page made is recorded by the
DevTools ``Network`` domain), hovering a person shows their tooltip as text,
and the hostile names ran nothing.
"""

from __future__ import annotations

import math
import re

import networkx as nx
import pandas as pd
import pytest
from _chromium import (
    DRAWN_PIXELS,
    MAP_READY,
    TOOLTIP,
    Chromium,
    chromium_path,
    node_position_js,
)

from tiegraph import viz

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        chromium_path() is None,
        reason="needs Debian's chromium at /usr/bin/chromium (apt install chromium)",
    ),
]

AS_OF = pd.Timestamp("2026-06-30", tz="UTC")
# Each would leave a mark if it ever ran: an attribute on <body>, the page title, or a dialog.
MARK_IMG = "<img src=x onerror=\"document.body.setAttribute('data-pwned','img')\">"
MARK_LINK = '<a href="javascript:alert(1)">x</a>'
MARK_ALERT = "<img src=x onerror=alert(1)>"
MARK_SCRIPT = "</script><script>document.title='pwned'</script>"
MARK_SVG = "<svg onload=\"document.body.setAttribute('data-pwned','svg')\">"


def hostile_graph() -> nx.Graph:
    g = nx.Graph(me="me", owner_name="Alex <i>Rivera</i>", as_of=AS_OF)
    g.add_node("me", name="Alex <i>Rivera</i>", is_owner=True, affiliations=())
    people = {
        "img": (MARK_IMG, MARK_SVG, "Organizer"),
        "alert": (MARK_ALERT, "Union", "see href=javascript:alert(2)"),
        "link": (MARK_LINK, MARK_SCRIPT, "Rep"),
        "plain": ("Plain Person", "Union", "Analyst"),
    }
    for pid, (name, org, title) in people.items():
        g.add_node(
            pid,
            name=name,
            org=org,
            title=title,
            tags=(),
            is_owner=False,
            affiliations=(
                {"org": org, "title": title, "start": None, "end": None, "current": True},
            ),
        )
    g.add_edge(
        "me",
        "img",
        strength=0.9,
        peak_strength=0.9,
        last_contact=AS_OF,
        n_interactions=3,
        evidence=[{"kind": "introduction", "via": "link", "context": MARK_SVG, "date": AS_OF}],
    )
    g.add_edge("me", "alert", strength=0.6, peak_strength=0.6)
    g.add_edge("me", "link", strength=0.1, peak_strength=0.8)
    g.add_edge("alert", "plain", strength=0.5, peak_strength=0.5)
    return g


@pytest.fixture(scope="module")
def browser():
    with Chromium() as c:
        yield c


def hover(c: Chromium, node_id: str) -> dict:
    c.mouse_move(2, 2)  # off the map first, so the tooltip is for this node only
    c.drain(0.3)
    x, y = c.js(node_position_js(node_id))
    c.mouse_move(x, y)
    c.drain(0.8)
    tip = c.js(TOOLTIP)
    assert tip is not None, "no tooltip element after hovering"
    return tip


def test_map_draws_offline_and_hostile_names_stay_text(tmp_path, browser):
    page = viz.save(viz.network(hostile_graph(), highlight=["me", "link"]), tmp_path / "map.html")
    html_text = page.read_text(encoding="utf-8")
    assert viz.page_problems(html_text) == []  # static check: nothing to fetch
    c = browser
    c.open(page)
    assert c.js(MAP_READY, await_promise=True) > 0
    c.drain(0.3)

    # the network canvas drew
    assert c.js("document.querySelectorAll('#mynetwork canvas').length") == 1
    assert c.js(DRAWN_PIXELS) > 2000
    assert c.js("network.body.data.nodes.length") == 5

    # no request left the machine: the only request is the page file itself
    assert c.requests == [page.resolve().as_uri()]
    assert c.console_errors == []

    # hostile text is text
    assert c.js("document.title") == "Network of Alex <i>Rivera</i>"
    assert (
        c.js("document.querySelector('#tg-header h1').textContent")
        == "Network of Alex <i>Rivera</i>"
    )
    legend = c.js("document.getElementById('tg-legend').innerText")
    assert MARK_SVG in legend and MARK_SCRIPT in legend
    assert c.js("document.querySelectorAll('img, svg, a, i').length") == 0

    tips = {}
    for pid in ("img", "alert", "link"):
        tip = hover(c, pid)
        assert tip["visible"]
        tips[pid] = tip
    assert tips["img"]["text"].splitlines()[0] == MARK_IMG
    assert f"How we met: through {MARK_LINK}, {MARK_SVG}" in tips["img"]["text"]
    assert tips["alert"]["text"].splitlines()[:2] == [
        MARK_ALERT,
        "see href=javascript:alert(2) at Union",
    ]
    assert tips["link"]["text"].splitlines()[:2] == [MARK_LINK, f"Rep at {MARK_SCRIPT}"]
    for tip in tips.values():  # only line breaks inside the tooltip, no elements from user text
        assert re.fullmatch(r"(?:[^<]|<br>)*", tip["html"]), tip["html"]

    # nothing ran: no marker, no title change, no dialog, and still no request
    assert c.js("document.body.getAttribute('data-pwned')") is None
    assert c.js("document.title") == "Network of Alex <i>Rivera</i>"
    assert c.dialogs == []
    assert c.requests == [page.resolve().as_uri()]


def test_large_map_uses_python_layout_and_draws_at_once(tmp_path, browser):
    n = viz.PHYSICS_MAX * 2
    g = nx.Graph(me="me", as_of=AS_OF)
    g.add_node("me", name="Me")
    for i in range(n):
        pid = f"p{i:04d}"
        g.add_node(pid, name=f"Person {i}", org=f"Org {i % 12}")
        g.add_edge(
            "me" if i < 40 else f"p{i // 7:04d}",
            pid,
            strength=0.2 + 0.7 * ((i * 37) % 11) / 10,
            peak_strength=0.9,
        )
    net = viz.network(g, max_nodes=None)
    assert net.layout == "python"
    page = viz.save(net, tmp_path / "big.html")
    c = browser
    c.open(page)
    drawn_ms = c.js(MAP_READY, await_promise=True)
    assert 0 < drawn_ms < 20_000
    assert c.js("network.physics.physicsEnabled") is False
    assert c.js(DRAWN_PIXELS) > 10_000
    # positions are ours, not the browser's: a node is where Python put it
    x = next(nd for nd in net.nodes if nd["id"] == "p0100")
    pos = c.js("network.getPosition('p0100')")
    assert math.isclose(pos["x"], x["x"], abs_tol=1) and math.isclose(pos["y"], x["y"], abs_tol=1)
    tip = hover(c, "p0100")
    assert tip["visible"] and tip["text"].startswith("Person 100\nOrg 4")
    assert c.requests == [page.resolve().as_uri()]


def test_the_request_recorder_sees_remote_requests(tmp_path, browser):
    """The 'no request left' checks above can fail: a page that fetches is caught."""
    page = tmp_path / "fetching.html"
    page.write_text(
        '<html><body><img src="http://example.invalid/x.png">'
        '<script src="https://cdn.example.invalid/x.js"></script></body></html>',
        encoding="utf-8",
    )
    browser.open(page)
    browser.drain(0.5)
    remote = [u for u in browser.requests if not u.startswith("file:")]
    assert "http://example.invalid/x.png" in remote
    assert "https://cdn.example.invalid/x.js" in remote
    # and they failed: nothing on this machine answers for them
    assert browser.js("document.images[0].naturalWidth") == 0
