"""A tiny headless-Chromium driver over the DevTools protocol (``--remote-debugging-pipe``).

Used by ``tests/test_browser.py``, ``bench/viz_bench.py`` and the docs
screenshot. Only the standard library: Chromium reads NUL-terminated JSON
commands on file descriptor 3 and writes replies and events on 4.

The browser runs with networking disabled: every host name resolves to
nothing (``--host-resolver-rules``), and a proxy that does not exist takes
whatever would still try to go out; every request the page makes is
recorded (``requests``) so a test can assert that none left the machine.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"


def chromium_path() -> str | None:
    """Return Debian's chromium if present (else any chromium on PATH), or None."""
    if os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    return shutil.which("chromium") or shutil.which("chromium-browser")


class CDPError(RuntimeError):
    pass


class Chromium:
    """Headless Chromium with one page, driven over the DevTools pipe."""

    def __init__(self, *, width: int = 1280, height: int = 900, timeout: float = 60.0) -> None:
        exe = chromium_path()
        if exe is None:
            raise FileNotFoundError("chromium is not installed")
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="tiegraph-chromium-")
        cmd_r, cmd_w = os.pipe()  # we write commands -> chromium reads fd 3
        ev_r, ev_w = os.pipe()  # chromium writes fd 4 -> we read

        def _child_fds() -> None:  # put the pipe ends at exactly 3 and 4, whatever they were
            r, w = os.dup(cmd_r), os.dup(ev_w)
            r, w = os.dup2(r, 100), os.dup2(w, 101)
            os.dup2(r, 3)
            os.dup2(w, 4)

        args = [
            exe,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--disable-default-apps",
            "--no-first-run",
            "--no-default-browser-check",
            "--mute-audio",
            "--hide-scrollbars",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--proxy-server=http://127.0.0.1:9",
            "--proxy-bypass-list=<-loopback>",
            f"--user-data-dir={self.profile}",
            f"--window-size={width},{height}",
            "--remote-debugging-pipe",
            "about:blank",
        ]
        self.proc = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_child_fds,
            pass_fds=(3, 4),
        )
        os.close(cmd_r)
        os.close(ev_w)
        self._out = os.fdopen(cmd_w, "wb", buffering=0)
        self._in = os.fdopen(ev_r, "rb", buffering=0)
        self._next_id = 0
        self._messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.events: list[dict[str, Any]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.session: str | None = None
        target = self.send("Target.createTarget", {"url": "about:blank"}, browser=True)
        attached = self.send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}, browser=True
        )
        self.session = attached["sessionId"]
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.send(f"{domain}.enable")

    # -- protocol ---------------------------------------------------------------------
    def _read(self) -> None:
        buf = b""
        while True:
            chunk = self._in.read(65536)
            if not chunk:
                self._messages.put(None)
                return
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                self._messages.put(json.loads(raw))

    def _pump(self, deadline: float) -> dict[str, Any] | None:
        try:
            msg = self._messages.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            return None
        if msg is None:
            raise CDPError("chromium closed the DevTools pipe")
        if "method" in msg:
            self.events.append(msg)
        return msg

    def send(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        *,
        browser: bool = False,
        session: str | None = None,
    ) -> dict[str, Any]:
        """Send a command to the page (or to ``session``, or the browser); return the reply."""
        self._next_id += 1
        msg: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session is not None:
            msg["sessionId"] = session
        elif not browser and self.session:
            msg["sessionId"] = self.session
        self._out.write(json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            reply = self._pump(deadline)
            if reply is not None and reply.get("id") == msg["id"]:
                if "error" in reply:
                    raise CDPError(f"{method}: {reply['error']}")
                return reply.get("result", {})
        raise CDPError(f"{method}: no reply within {self.timeout} s")

    def wait_event(self, method: str, timeout: float | None = None) -> dict[str, Any]:
        seen = len(self.events)
        for ev in self.events:
            if ev["method"] == method and not ev.get("_taken"):
                ev["_taken"] = True
                return ev
        deadline = time.monotonic() + (timeout or self.timeout)
        while time.monotonic() < deadline:
            self._pump(deadline)
            for ev in self.events[seen:]:
                if ev["method"] == method and not ev.get("_taken"):
                    ev["_taken"] = True
                    return ev
            seen = len(self.events)
        raise CDPError(f"no {method} event within the time limit")

    def drain(self, seconds: float) -> None:
        """Let events arrive for ``seconds``."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self._pump(deadline)

    # -- conveniences -----------------------------------------------------------------
    def open(self, path: Path) -> float:
        """Navigate to a local file and wait for its load event; return the seconds taken.

        Events (and so ``requests``, ``dialogs``, ``console_errors``) start afresh.
        """
        self.drain(0.05)
        self.events.clear()
        start = time.monotonic()
        self.send("Page.navigate", {"url": Path(path).resolve().as_uri()})
        self.wait_event("Page.loadEventFired")
        return time.monotonic() - start

    def js(
        self, expression: str, *, await_promise: bool = False, session: str | None = None
    ) -> Any:
        """Evaluate ``expression`` in the page (or in the frame of ``session``) and return it."""
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": await_promise},
            session=session,
        )
        if "exceptionDetails" in result:
            raise CDPError(f"javascript error: {result['exceptionDetails']}")
        return result["result"].get("value")

    def attach_frames(self) -> None:
        """Attach to the page's out-of-process frames as they appear (a sandboxed iframe is one).

        Call before :meth:`open`; :meth:`frame_session` then returns a frame's
        session, whose requests and console messages are recorded with the page's.
        """
        self.send(
            "Target.setAutoAttach",
            {"autoAttach": True, "waitForDebuggerOnStart": False, "flatten": True},
        )

    def frame_session(self, timeout: float | None = None) -> str:
        """Return the session of the first iframe attached since :meth:`open` (domains enabled)."""
        ev = self.wait_event("Target.attachedToTarget", timeout)
        if ev["params"]["targetInfo"]["type"] != "iframe":
            raise CDPError(f"attached to a {ev['params']['targetInfo']['type']}, not an iframe")
        session = ev["params"]["sessionId"]
        for domain in ("Runtime", "Network", "Log"):
            self.send(f"{domain}.enable", session=session)
        return session

    def mouse_move(self, x: float, y: float) -> None:
        self.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})

    def screenshot(self, path: Path | None = None) -> bytes:
        data = base64.b64decode(self.send("Page.captureScreenshot", {"format": "png"})["data"])
        if path is not None:
            Path(path).write_bytes(data)
        return data

    @property
    def requests(self) -> list[str]:
        """URLs of every request the page made."""
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e["method"] == "Network.requestWillBeSent"
        ]

    @property
    def dialogs(self) -> list[str]:
        return [
            e["params"].get("message", "")
            for e in self.events
            if e["method"] == "Page.javascriptDialogOpening"
        ]

    @property
    def console_errors(self) -> list[str]:
        out = []
        for e in self.events:
            if e["method"] == "Runtime.exceptionThrown":
                out.append(json.dumps(e["params"]["exceptionDetails"])[:500])
            elif e["method"] == "Log.entryAdded" and e["params"]["entry"]["level"] == "error":
                out.append(e["params"]["entry"].get("text", ""))
        return out

    def close(self) -> None:
        try:
            self.send("Browser.close", browser=True)
        except (CDPError, OSError, ValueError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fh in (self._out, self._in):
            try:
                fh.close()
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


#: JavaScript: the number of drawn (non-transparent) pixels on the map's canvas.
DRAWN_PIXELS = """(() => {
  const c = document.querySelector('#mynetwork canvas');
  if (!c) return -1;
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
  return n;
})()"""

#: JavaScript: a promise resolving (to ms since navigation) once the map is stable and drawn.
MAP_READY = """new Promise((resolve) => {
  const done = () => requestAnimationFrame(() => requestAnimationFrame(
      () => resolve(performance.now())));
  const net = window.network;
  if (!net) { resolve(-1); return; }
  const physics = net.physics;
  if (!physics || !physics.physicsEnabled || physics.stabilized || !physics.options.enabled) {
    done();
  } else {
    net.once('stabilizationIterationsDone', done);
  }
})"""


def node_position_js(node_id: str) -> str:
    """JavaScript: the page coordinates [x, y] of a node's centre."""
    nid = json.dumps(node_id)
    return f"""(() => {{
  const p = network.canvasToDOM(network.getPosition({nid}));
  const r = document.getElementById('mynetwork').getBoundingClientRect();
  return [r.left + p.x, r.top + p.y];
}})()"""


TOOLTIP = """(() => {
  const t = document.querySelector('div.vis-tooltip');
  if (!t) return null;
  return {visible: t.style.visibility !== 'hidden' && t.offsetParent !== null,
          text: t.innerText, children: t.children.length, html: t.innerHTML};
})()"""


def edge_point_js(u: str, v: str) -> str:
    """JavaScript: page coordinates [x, y] of a point on the tie ``u - v`` and on nothing else.

    Centres the map on the tie, zoomed in so that it is 400 pixels long, then tries points
    along it from its middle outwards and returns the first
    at which vis-network finds this tie, and no person within 12 pixels (its
    tooltip test for people is wider than ``getNodeAt``); null if none.
    """
    a, b = json.dumps(u), json.dumps(v)
    return f"""(() => {{
  const e = edges.get({{filter: (e) => (e.from === {a} && e.to === {b})
                                     || (e.from === {b} && e.to === {a})}})[0];
  if (!e) return null;
  const pa = network.getPosition({a}), pb = network.getPosition({b});
  network.moveTo({{position: {{x: (pa.x + pb.x) / 2, y: (pa.y + pb.y) / 2}},
                  scale: Math.max(network.getScale(),
                                  400 / Math.hypot(pb.x - pa.x, pb.y - pa.y))}});
  const p = network.canvasToDOM(pa), q = network.canvasToDOM(pb);
  const r = document.getElementById('mynetwork').getBoundingClientRect();
  const ts = [0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8];
  const near = [[0, 0], [12, 0], [-12, 0], [0, 12], [0, -12], [9, 9], [-9, 9], [9, -9], [-9, -9]];
  for (const t of ts) {{
    const pt = {{x: p.x + t * (q.x - p.x), y: p.y + t * (q.y - p.y)}};
    const clear = near.every(([dx, dy]) =>
      network.getNodeAt({{x: pt.x + dx, y: pt.y + dy}}) === undefined);
    if (clear && network.getEdgeAt(pt) === e.id) {{
      return [r.left + pt.x, r.top + pt.y];
    }}
  }}
  return null;
}})()"""


#: JavaScript: page coordinates [x, y] of a point on the map with no person and no tie on it.
BLANK_POINT = """(() => {
  const r = document.getElementById('mynetwork').getBoundingClientRect();
  const spots = [];
  for (let f = 0; f <= 1; f += 0.125) {
    spots.push([3 + f * (r.width - 6), 3], [3 + f * (r.width - 6), r.height - 3],
               [3, 3 + f * (r.height - 6)], [r.width - 3, 3 + f * (r.height - 6)]);
  }
  for (const [x, y] of spots) {
    if (network.getNodeAt({x, y}) === undefined && network.getEdgeAt({x, y}) === undefined) {
      return [r.left + x, r.top + y];
    }
  }
  return null;
})()"""


def hover_tooltip(
    c: Chromium,
    x: float,
    y: float,
    *,
    session: str | None = None,
    offset: tuple[float, float] = (0.0, 0.0),
    timeout: float = 3.0,
) -> dict[str, Any] | None:
    """Move the mouse to a blank spot of the map until no tooltip shows, then onto (x, y).

    Returns the tooltip as soon as it is visible (None if it did not show
    within ``timeout`` seconds). Polls instead of sleeping. With ``session``
    (an iframe's), the map and its tooltip are the frame's, (x, y) are frame
    coordinates and ``offset`` is where the frame is on the page.
    """
    blank = c.js(BLANK_POINT, session=session)
    if blank is None:
        raise CDPError("no blank spot on the map to move the mouse to")
    dx, dy = offset
    x, y = x + dx, y + dy
    c.mouse_move(blank[0] + dx, blank[1] + dy)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        tip = c.js(TOOLTIP, session=session)
        if tip is None or not tip["visible"]:
            break
        c.drain(0.03)
    else:
        raise CDPError("the tooltip did not go away")
    c.mouse_move(x, y)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        c.drain(0.05)
        tip = c.js(TOOLTIP, session=session)
        if tip is not None and tip["visible"]:
            return tip
    return None
