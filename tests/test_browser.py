"""The map in a real browser: headless Chromium, networking disabled, driven over DevTools.

Each test writes a page with :func:`tiegraph.viz.save`, opens it from a file
in Debian's chromium (``--headless --no-sandbox``, every host name mapped to
nothing, a dead proxy), and checks what a user would see: the canvas drew,
no request left the machine (every request the page made is recorded by the
DevTools ``Network`` domain), hovering each person and each tie shows its
tooltip as text, and the hostile text of ``tests/_hostile.py`` ran nothing.
Two controls show that the checks can fail: a page with an escaping mistake
put in on purpose runs nothing under the page's policy and runs its payload
without it, and a page that fetches is seen fetching.
"""

from __future__ import annotations

import html
import math
import re

import networkx as nx
import pytest
from _chromium import (
    DRAWN_PIXELS,
    MAP_READY,
    Chromium,
    chromium_path,
    edge_point_js,
    hover_tooltip,
    node_position_js,
)
from _hostile import AS_OF, PAYLOADS, write_hostile_folder

import tiegraph
from tiegraph import viz

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        chromium_path() is None,
        reason="needs Debian's chromium at /usr/bin/chromium (apt install chromium)",
    ),
]

#: JavaScript: every mark a payload would leave if it ran.
MARKS = """({pwned: typeof window.__pwned === 'undefined' ? null : String(window.__pwned),
  body: document.body.getAttribute('data-pwned'), title: document.title})"""
#: JavaScript: elements that only user text could have put in the page.
FOREIGN = "document.querySelectorAll('img, svg, a, iframe, b, i, link, body style').length"


@pytest.fixture(scope="module")
def browser():
    with Chromium() as c:
        yield c


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> nx.Graph:
    folder = write_hostile_folder(tmp_path_factory.mktemp("hostile") / "net")
    return tiegraph.load_network(folder, as_of=AS_OF)


def only_text(tip: dict) -> bool:
    """Whether a tooltip holds text and line breaks only (no element from user text)."""
    return re.fullmatch(r"(?:[^<]|<br>)*", tip["html"]) is not None


def test_hostile_text_in_every_field_runs_nothing_and_shows_as_text(tmp_path, browser, hostile):
    net = viz.network(hostile, highlight=["me", "bob", "ann"], physics=False)
    page = viz.save(net, tmp_path / "map.html")
    c = browser
    c.open(page)
    assert c.js(MAP_READY, await_promise=True) > 0
    assert c.js("document.querySelectorAll('#mynetwork canvas').length") == 1
    assert c.js(DRAWN_PIXELS) > 2000
    assert c.js("network.body.data.nodes.length") == 6
    assert c.js("network.body.data.edges.length") == len(net.edges) == 8

    # the header and the legend show the text as it is
    assert c.js("document.title") == net.page_title == "Network of Alex <b>Rivera</b> </title>"
    assert c.js("document.querySelector('#tg-header h1').textContent") == net.page_title
    legend = c.js("document.getElementById('tg-legend').innerText")
    assert PAYLOADS["iframe"] in legend and PAYLOADS["svg"] in legend
    assert c.js(FOREIGN) == 0
    assert c.js("document.scripts.length") == 3  # the data, vis-network, the map

    # every person and every tie: its tooltip is its text, character for character
    shown = set()
    for nd in net.nodes:
        tip = hover_tooltip(c, *c.js(node_position_js(nd["id"])))
        assert tip is not None, f"no tooltip for {nd['id']}"
        assert tip["text"] == nd["title"] and only_text(tip), nd["id"]
        shown.add(tip["text"])
    for ed in net.edges:
        point = c.js(edge_point_js(ed["from"], ed["to"]))
        assert point is not None, f"no free point on {ed['from']} - {ed['to']}"
        tip = hover_tooltip(c, *point)
        assert tip is not None, f"no tooltip for {ed['from']} - {ed['to']}"
        assert tip["text"] == ed["title"] and only_text(tip), (ed["from"], ed["to"])
        shown.add(tip["text"])
    # every payload was on screen in some tooltip (as text: "{{ 7*7 }}" is not "49")
    for name, payload in PAYLOADS.items():
        assert any(payload in text for text in shown), name

    # nothing ran, nothing was fetched, and the page's own scripts broke no rule
    assert c.js(MARKS) == {"pwned": None, "body": None, "title": net.page_title}
    assert c.dialogs == []
    assert c.requests == [page.resolve().as_uri()]
    assert c.console_errors == []


def _slipped(page: str, net: viz.NetworkView) -> str:
    """Return ``page`` as an escaping mistake would make it: user text as markup, live."""
    head, _, rest = page.partition('<script type="application/json" id="tg-data">')
    data, _, tail = rest.partition("</script>")
    for char in "<>&":  # the data block without its escapes: names can end it
        data = data.replace(f"\\u{ord(char):04x}", char)
    head = head.replace(f"<h1>{html.escape(net.page_title)}</h1>", f"<h1>{net.page_title}</h1>")
    for label, _colour, _kind in net.legend:  # the legend unescaped
        head = head.replace(f">{html.escape(label)}</li>", f">{label}</li>")
    return head + '<script type="application/json" id="tg-data">' + data + "</script>" + tail


def test_an_escaping_mistake_still_runs_nothing(tmp_path, browser, hostile):
    net = viz.network(hostile, physics=False)
    slipped = _slipped(net.generate_html(), net)
    assert viz.page_problems(slipped) != []  # the structure check sees it
    c = browser

    # without the page's policy the payloads are live: this control must run one
    bare = tmp_path / "bare.html"
    bare.write_text(
        re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", slipped), encoding="utf-8"
    )
    c.open(bare)
    c.drain(1.0)
    assert c.js(MARKS)["pwned"] is not None

    # with it, nothing runs and nothing is fetched; the browser reports what it refused
    page = tmp_path / "slipped.html"
    page.write_text(slipped, encoding="utf-8")
    c.open(page)
    c.drain(1.0)
    assert c.js(MARKS)["pwned"] is None
    assert c.js("document.body.getAttribute('data-pwned')") is None
    assert c.dialogs == []
    assert c.requests == [page.resolve().as_uri()]
    refused = [e for e in c.console_errors if "Content Security Policy" in e]
    assert refused, c.console_errors


def test_notebook_frame_draws_and_keeps_the_policy(tmp_path, browser, hostile):
    net = viz.network(hostile)  # the browser lays it out (physics)
    host = tmp_path / "notebook.html"
    host.write_text(
        "<!DOCTYPE html><html><body><p>a notebook cell</p>" + viz.show(net).data + "</body></html>",
        encoding="utf-8",
    )
    c = browser
    c.attach_frames()
    c.open(host)
    frame = c.frame_session()  # the sandboxed srcdoc frame runs in a process of its own
    assert c.js(MAP_READY, await_promise=True, session=frame) > 0
    assert c.js("network.body.data.nodes.length", session=frame) == 6
    assert c.js("location.href", session=frame) == "about:srcdoc"
    assert c.js(DRAWN_PIXELS, session=frame) > 2000
    box = c.js("(() => { const r = document.querySelector('iframe').getBoundingClientRect();"
               " return [r.left, r.top]; })()")  # fmt: skip
    ann = next(nd for nd in net.nodes if nd["id"] == "ann")
    x, y = c.js(node_position_js("ann"), session=frame)
    tip = hover_tooltip(c, x, y, session=frame, offset=tuple(box))
    assert tip is not None and tip["text"] == ann["title"] and only_text(tip)
    assert c.console_errors == []
    assert c.requests == [host.resolve().as_uri()]
    assert c.js(MARKS, session=frame)["pwned"] is None
    assert c.js(MARKS)["pwned"] is None
    # the page's policy is in force inside the frame: a string cannot become markup
    probe = """(() => { try { document.createElement('div').innerHTML = '<b>x</b>';
      return 'allowed'; } catch (e) { return e.name; } })()"""
    assert c.js(probe, session=frame) == "TypeError"
    assert c.js(probe) == "allowed"  # (the notebook around it has no such policy)


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
    tip = hover_tooltip(c, *c.js(node_position_js("p0100")))
    assert tip is not None and tip["text"].startswith("Person 100\nOrg 4")
    assert c.requests == [page.resolve().as_uri()]
    assert c.console_errors == []


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
