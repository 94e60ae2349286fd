r"""The map's page: one HTML file that loads nothing and runs only its own scripts.

:func:`render_page` writes the page of :func:`tiegraph.viz.network` from a
template of its own (not pyvis's, which links bootstrap from a CDN even with
``cdn_resources="in_line"`` and shows every tooltip with ``innerHTML`` once a
title holds ``href``). :func:`page_problems` reads a page's *structure* and
says what in it could load from the network or run anything but the page's
own code. Terms:

- **User text** is anything that comes from the data (names, organisations,
  titles, tags, contexts). It is on the page in exactly three kinds of
  place: HTML text and ``title`` attributes of the header and legend
  (escaped with :func:`html.escape`), and a JSON data block
  ``<script type="application/json" id="tg-data">`` that no browser runs, in
  which ``<``, ``>``, ``&``, U+2028 and U+2029 are ``\u`` escapes. The
  tooltips are strings that vis-network shows with ``innerText``.
- **The policy** is a Content-Security-Policy ``<meta>``, the first thing
  in ``<head>``: ``default-src 'none'``, and scripts and style sheets only
  by the SHA-256 hash of each inline ``<script>`` and ``<style>`` the page
  holds (no ``'unsafe-inline'``, no ``'unsafe-eval'``, no address), no
  ``<base>``, no form target, and Trusted Types required, so that a script
  cannot put a string on the page as markup. An escaping mistake that let a
  name become a ``<script>`` or an ``onerror`` attribute would still run
  nothing: its hash is not in the policy.
- **The structure check** parses the page with :mod:`html.parser` and looks
  only at the tags and attributes, never at text: every element and
  attribute must be one the page uses (no ``<img>``, ``<a>``, ``<link>``,
  ``<iframe>``, ``<base>``, ``<meta http-equiv="refresh">``, no ``on*``
  handler, no ``src`` or ``href``, no ``style`` attribute), the policy must
  be as above and list the hash of every script and style element, and
  nothing in a script or style may end it early or fetch.

The structure check runs on every page before it is returned, so a page
that fails it is never written (:class:`RuntimeError`: a bug, not bad data).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from html.parser import HTMLParser
from importlib import resources
from typing import Any

from .exceptions import ConfigError

__all__ = ["MAX_SCALE", "VIS_VERSION", "iframe", "page_problems", "render_page"]

#: The vis-network build that pyvis ships and the page inlines.
VIS_VERSION = "9.1.2"

#: The map is never zoomed in further than this when it first appears (a small map would be
#: fitted to the window at a silly zoom).
MAX_SCALE = 1.3

# -- what the page is made of --------------------------------------------------------------

# The map's own script. It takes everything from the JSON data block; it holds no data, so its
# hash is the same for every page.
_MAP_SCRIPT = """
var data = JSON.parse(document.getElementById("tg-data").textContent);
var container = document.getElementById("mynetwork");
var nodes = new vis.DataSet(data.nodes);
var edges = new vis.DataSet(data.edges);
var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
(function () {
  var progress = document.getElementById("tg-progress");
  if (data.physics) {
    network.on("stabilizationProgress", function (p) {
      progress.textContent = "Laying out the map: " +
        Math.round(100 * p.iterations / p.total) + "%";
    });
  }
  network.once(data.physics ? "stabilizationIterationsDone" : "afterDrawing", function () {
    progress.textContent = "";
    if (network.getScale() > data.maxScale) { network.moveTo({scale: data.maxScale}); }
  });
})();
"""

_STYLE = """
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #222;
  background: #ffffff; }
#tg-header { padding: 8px 12px; border-bottom: 1px solid #ddd; font-size: 14px; }
#tg-header h1 { font-size: 17px; margin: 0 0 2px 0; font-weight: 600; }
#tg-note, #tg-progress { color: #555; }
#tg-map { display: flex; align-items: stretch; }
#tg-legend { flex: 0 0 auto; max-width: 230px; overflow-y: auto; overflow-x: hidden;
  border-right: 1px solid #eee; padding: 8px 10px; font-size: 12px; }
#tg-legend ul { list-style: none; margin: 0; padding: 0; }
#tg-legend li { margin: 2px 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.tg-dot { display: inline-block; width: 11px; height: 11px; border-radius: 50%;
  border: 1px solid #555; margin-right: 6px; vertical-align: middle; }
.tg-star { display: inline-block; width: 13px; margin-right: 4px; font-size: 13px; }
.tg-line { display: inline-block; width: 22px; margin-right: 6px; vertical-align: middle;
  border-top: 3px solid; }
.tg-line.tg-dashed { border-top-style: dashed; }
.tg-line.tg-chain { border-top-width: 4px; }
#mynetwork { position: relative; flex: 1 1 auto; min-width: 0; border: 0; }
div.vis-tooltip { white-space: pre-line; font-family: system-ui, sans-serif; font-size: 13px;
  max-width: 420px; padding: 6px 8px; background: #fffdf3; border: 1px solid #bbb;
  border-radius: 4px; box-shadow: 2px 2px 8px rgba(0,0,0,0.15); }
"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{vis_css}</style>
<style>{style}</style>
</head>
<body>
<div id="tg-header"><h1>{title}</h1><span id="tg-note">{note}</span> \
<span id="tg-progress"></span></div>
<div id="tg-map"><div id="tg-legend">{legend}</div><div id="mynetwork"></div></div>
<script type="application/json" id="tg-data">{data}</script>
<script>{vis_js}</script>
<script>{map_js}</script>
</body>
</html>
"""

_COLOUR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?(?:[0-9a-fA-F]{2})?|[a-zA-Z]{3,20}")
_UNIT = r"(?:px|%|vh|vw|vmin|vmax|dvh|svh|lvh|em|rem|ex|ch|pt|pc|cm|mm|in)"
_NUMBER = rf"\d+(?:\.\d+)?{_UNIT}?"
_CSS_LENGTH = re.compile(rf"{_NUMBER}|calc\((?:{_NUMBER}|[ +\-*/()])+\)")


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """Return vis-network's script and style sheet as pyvis ships them (line ends as parsed)."""
    lib = resources.files("pyvis") / "templates" / "lib" / f"vis-{VIS_VERSION}"
    js = lib.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = lib.joinpath("vis-network.css").read_text(encoding="utf-8")
    return _as_parsed(js), _as_parsed(css)


def _as_parsed(text: str) -> str:
    """Return ``text`` with line ends as an HTML parser leaves them (what a hash is taken of)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _policy(scripts: Iterable[str], styles: Iterable[str]) -> str:
    """Return the page's Content-Security-Policy for exactly these inline scripts and styles."""
    script_src = " ".join(dict.fromkeys(_sha256(s) for s in scripts))
    style_src = " ".join(dict.fromkeys(_sha256(s) for s in styles))
    return (
        f"default-src 'none'; script-src {script_src}; style-src {style_src}; "
        "base-uri 'none'; form-action 'none'; "
        "require-trusted-types-for 'script'; trusted-types 'none'"
    )


def _json_for_script(value: Any) -> str:
    """Return ``value`` as JSON that cannot end or change the ``<script>`` element holding it."""
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError:  # NaN or infinity: not JSON; the map shows them as missing
        text = json.dumps(_finite(value), ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def _esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _css_value(name: str, value: str, pattern: re.Pattern[str], what: str) -> str:
    if not isinstance(value, str) or not pattern.fullmatch(value.strip()):
        raise ConfigError(f"{name}: {value!r} is not {what}")
    return value.strip()


def _legend(rows: Iterable[tuple[str, str, str]]) -> tuple[str, str]:
    """Return the legend's markup and the style rules of its colours (one class per colour)."""
    classes: dict[str, str] = {}
    items = []
    for label, colour, kind in rows:
        colour = _css_value("legend colour", colour, _COLOUR, "a colour")
        cls = classes.setdefault(colour, f"tg-k{len(classes)}")
        if kind in ("edge", "dashed", "chain"):
            extra = {"dashed": " tg-dashed", "chain": " tg-chain"}.get(kind, "")
            mark = f'<span class="tg-line{extra} {cls}"></span>'
        elif kind == "owner":
            mark = f'<span class="tg-star {cls}">&#9733;</span>'
        else:
            mark = f'<span class="tg-dot {cls}"></span>'
        items.append(f'<li title="{_esc(label)}">{mark}{_esc(label)}</li>')
    css = "".join(
        f".{c}.tg-dot{{background:{v}}}.{c}.tg-star{{color:{v}}}.{c}.tg-line{{border-color:{v}}}\n"
        for v, c in classes.items()
    )
    return "<ul>" + "".join(items) + "</ul>", css


def render_page(
    *,
    title: str,
    note: str,
    legend: Sequence[tuple[str, str, str]],
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    options: dict[str, Any],
    height: str = "720px",
    bgcolor: str = "#ffffff",
) -> str:
    """Return the stand-alone page of a map, checked by :func:`page_problems`.

    Parameters
    ----------
    title, note : str
        The page's heading and the line under it (plain text).
    legend : sequence of (str, str, str)
        ``(label, colour, kind)`` rows; ``kind`` is ``owner``, ``node``,
        ``edge``, ``dashed`` or ``chain``.
    nodes, edges : list of dict
        vis-network items; a ``title`` is a tooltip, shown as plain text.
    options : dict
        vis-network options.
    height : str
        CSS height of the map: a length (``720px``, ``80vh``) or a ``calc()``
        of lengths.
    bgcolor : str
        Background colour of the map.

    Returns
    -------
    str
        The page.

    Raises
    ------
    ConfigError
        ``height`` or ``bgcolor`` (or a legend colour) is not a CSS length or colour.
    RuntimeError
        The page fails its structure check (a bug: such a page is never returned).

    Examples
    --------
    >>> page = render_page(title="<b>Me</b>", note="", legend=[], nodes=[], edges=[], options={})
    >>> "<title>&lt;b&gt;Me&lt;/b&gt;</title>" in page, page_problems(page)
    (True, [])
    """
    height = _css_value("height", height, _CSS_LENGTH, "a CSS length such as 720px")
    bgcolor = _css_value("bgcolor", bgcolor, _COLOUR, "a colour such as #ffffff")
    vis_js, vis_css = _vis_assets()
    legend_html, legend_css = _legend(legend)
    physics = bool((options.get("physics") or {}).get("enabled", True))
    style = (
        _STYLE + f"#mynetwork {{ height: {height}; background-color: {bgcolor}; }}\n" + legend_css
    )
    data = {
        "nodes": nodes,
        "edges": edges,
        "options": options,
        "physics": physics,
        "maxScale": MAX_SCALE,
    }
    page = _PAGE.format(
        csp=_policy([vis_js, _MAP_SCRIPT], [vis_css, style]),
        title=_esc(title),
        note=_esc(note),
        legend=legend_html,
        vis_css=vis_css,
        style=style,
        data=_json_for_script(data),
        vis_js=vis_js,
        map_js=_MAP_SCRIPT,
    )
    problems = page_problems(page)
    if problems:  # our template or vis-network changed in a way we do not know: never write it
        raise RuntimeError("the network page is not safe to write: " + "; ".join(problems))
    return page


def iframe(page: str, *, height: str) -> str:
    """Return markup that shows ``page`` in a sandboxed ``<iframe srcdoc>`` (for notebooks).

    The page's own policy applies inside the frame (and the frame may run
    scripts but has no origin: it cannot reach the notebook).
    """
    h = str(height)
    if re.fullmatch(r"\d+(?:\.\d+)?px", h):
        h = f"{int(float(h[:-2])) + 70}px"
    h = _css_value("height", h, _CSS_LENGTH, "a CSS length such as 720px")
    return (
        f'<div class="tiegraph-map"><iframe srcdoc="{_esc(page)}" '
        f'style="width:100%;height:{h};border:0" sandbox="allow-scripts" '
        'title="network map"></iframe></div>'
    )


# -- the structure check -------------------------------------------------------------------

#: Elements the page uses, with the attributes each may have (besides :data:`_GLOBAL`).
_ELEMENTS: dict[str, frozenset[str]] = {
    "html": frozenset({"lang"}),
    "head": frozenset(),
    "meta": frozenset({"charset", "name", "content", "http-equiv"}),
    "title": frozenset(),
    "style": frozenset(),
    "script": frozenset({"type"}),
    "body": frozenset(),
    "div": frozenset(),
    "span": frozenset(),
    "h1": frozenset(),
    "ul": frozenset(),
    "li": frozenset(),
}
_GLOBAL = frozenset({"id", "class", "title", "lang", "dir", "role", "hidden"})
#: Tag names a problem may quote (any other tag is shown as ``<?>``: it may be user text).
_HTML_TAGS = frozenset(
    """a abbr address area article aside audio b base bdi bdo blockquote body br button canvas
    caption cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed
    fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr
    html i iframe image img input ins kbd label legend li link main map mark marquee math menu
    meta meter nav noembed noframes noscript object ol optgroup option output p param picture
    plaintext pre progress q rp rt ruby s samp script search section select slot small source
    span strong style sub summary sup svg table tbody td template textarea tfoot th thead time
    title tr track u ul var video wbr xmp""".split()
)
_URL_ATTRS = frozenset(
    {
        "src", "href", "action", "formaction", "poster", "data", "srcset", "imagesrcset",
        "background", "xlink:href", "ping", "cite", "longdesc", "manifest", "codebase",
        "archive", "icon", "lowsrc", "dynsrc", "srcdoc", "content-url",
    }
)  # fmt: skip
_JS_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})
_DATA_TYPES = frozenset({"application/json"})
_MARKUP_SINKS = re.compile(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write")
_CSS_FETCH = re.compile(r"@import|url\(\s*(?![\"']?\s*data:)", re.IGNORECASE)
_HASH_SOURCE = re.compile(r"'sha(?:256|384|512)-[A-Za-z0-9+/]+={0,2}'")
_ONLY_DATA = frozenset({"img-src", "font-src", "media-src"})
_REPORTING = frozenset({"report-uri", "report-to"})


class _Structure(HTMLParser):
    """Collect a page's elements, attributes and the text of its script and style elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.policies: list[tuple[int, str, bool]] = []  # (line, policy, inside <head>)
        self.blocks: list[tuple[int, str, str]] = []  # (line, "script" | "style" | "data", text)
        self._open: tuple[int, str] | None = None
        self._text: list[str] = []
        self._in_head = False
        self._first_block: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        shown = tag if tag in _HTML_TAGS else "?"  # never a name that came from the page's text
        where = f"line {line}: <{shown}"
        if tag not in _ELEMENTS:
            self.problems.append(f"{where}>: not an element the page uses")
        allowed = _ELEMENTS.get(tag, frozenset()) | _GLOBAL
        values: dict[str, str] = {}
        found: dict[str, str] = {}  # one message of each kind per element
        for name, value in attrs:
            values[name] = value or ""
            if name.startswith("on"):
                found.setdefault("on", f"{where} on...>: an event handler (runs script)")
            elif name in _URL_ATTRS:
                found.setdefault(name, f"{where} {name}>: a reference to an address")
            elif name == "style":
                found.setdefault(name, f"{where} style>: an inline style (the policy blocks it)")
            elif name not in allowed and not name.startswith("aria-"):
                found.setdefault("other", f"{where}>: an attribute the page does not use")
        self.problems += found.values()
        if tag == "head":
            self._in_head = True
        elif tag == "body":
            self._in_head = False
        elif tag == "meta":
            self._meta(line, values)
        elif tag in ("script", "style"):
            kind = tag
            if tag == "script":
                kind = self._script_kind(line, values.get("type", "").strip().lower())
            if self._first_block is None and kind != "data":
                self._first_block = line
            self._open = (line, kind)
            self._text = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False
        if self._open is not None and tag in ("script", "style"):
            line, kind = self._open
            self.blocks.append((line, kind, _as_parsed("".join(self._text))))
            self._open = None

    def _script_kind(self, line: int, kind: str) -> str:
        if kind in _JS_TYPES:
            return "script"
        if kind in _DATA_TYPES:
            return "data"
        self.problems.append(f"line {line}: <script type>: not a type the page uses")
        return "script"

    def _meta(self, line: int, values: dict[str, str]) -> None:
        equiv = values.get("http-equiv", "").strip().lower()
        if not equiv:
            return
        if equiv != "content-security-policy":
            self.problems.append(
                f"line {line}: <meta http-equiv>: only a Content-Security-Policy may be set"
            )
            return
        self.policies.append((line, values.get("content", ""), self._in_head))


def _policy_problems(policy: str) -> tuple[list[str], set[str], set[str]]:
    """Return what is wrong with a policy, and the hashes its script-src and style-src allow."""
    problems = []
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives.setdefault(words[0].lower(), words[1:])
    if directives.get("default-src") != ["'none'"]:
        problems.append("Content-Security-Policy: default-src is not 'none'")
    for name in ("base-uri", "form-action"):
        if directives.get(name) != ["'none'"]:
            problems.append(f"Content-Security-Policy: {name} is not 'none'")
    allowed: dict[str, set[str]] = {"script-src": set(), "style-src": set()}
    for name, sources in directives.items():
        if name in _REPORTING:
            problems.append(f"Content-Security-Policy: {name} sends reports to an address")
            continue
        if not (name.endswith("-src") or name.endswith("-src-elem") or name.endswith("-src-attr")):
            continue
        for source in sources:
            if source == "'none'":
                continue
            if name in allowed and _HASH_SOURCE.fullmatch(source):
                allowed[name].add(source)
            elif name in _ONLY_DATA and source.lower() == "data:":
                continue
            elif name.startswith(("script-src-", "style-src-")) and _HASH_SOURCE.fullmatch(source):
                continue
            else:
                problems.append(f"Content-Security-Policy: {name} allows {source}")
    return problems, allowed["script-src"], allowed["style-src"]


def page_problems(page: str) -> list[str]:
    """Return what in a map page could load from the network or run user text ([] when fine).

    Reads the page's structure with :mod:`html.parser` (tags, attributes,
    and the text of ``<script>`` and ``<style>`` elements, never other
    text) and checks that:

    - every element and attribute is one the map page uses: nothing that
      loads or links (``<img>``, ``<a>``, ``<link>``, ``<iframe>``, ``src``,
      ``href``, ...), no ``on*`` handler, no ``style`` attribute, no
      ``<base>``, no ``<meta http-equiv>`` but the policy;
    - a Content-Security-Policy ``<meta>`` in ``<head>``, before any script or
      style, says ``default-src 'none'``, ``base-uri 'none'`` and
      ``form-action 'none'``, allows scripts and styles only by hash (no
      ``'unsafe-inline'``, ``'unsafe-eval'``, address or scheme, except
      ``data:`` for images and fonts), sends no reports, and lists the
      SHA-256 of every script and style element;
    - no script or style holds ``</script`` / ``</style`` or ``<!--`` (a
      browser could end it elsewhere than this parser), no style imports or
      fetches, no script writes markup from a string (``innerHTML``), and the
      JSON data block holds no ``<`` and parses.

    Messages name the line and the tag, never the page's text.

    Examples
    --------
    >>> for problem in page_problems('<link href="https://cdn.example/x.css">'):
    ...     print(problem)
    line 1: <link>: not an element the page uses
    line 1: <link href>: a reference to an address
    no Content-Security-Policy
    >>> page_problems('<p title="src=//cdn.example/x.js">')[0]  # text is text
    'line 1: <p>: not an element the page uses'
    """
    parser = _Structure()
    parser.feed(page)
    parser.close()
    problems = list(parser.problems)
    if parser._open is not None:
        line, kind = parser._open
        problems.append(f"line {line}: <{'script' if kind != 'style' else 'style'}>: not closed")
    if not parser.policies:
        problems.append("no Content-Security-Policy")
        script_ok: set[str] = set()
        style_ok: set[str] = set()
    else:
        if len(parser.policies) > 1:
            problems.append("more than one Content-Security-Policy")
        line, policy, in_head = parser.policies[0]
        if not in_head:
            problems.append(f"line {line}: Content-Security-Policy outside <head> (ignored there)")
        if parser._first_block is not None and parser._first_block < line:
            problems.append(
                f"line {line}: Content-Security-Policy after the first script or style "
                f"(line {parser._first_block})"
            )
        found, script_ok, style_ok = _policy_problems(policy)
        problems += found
    for line, kind, text in parser.blocks:
        tag = "style" if kind == "style" else "script"
        where = f"line {line}: <{tag}{' type=application/json' if kind == 'data' else ''}>"
        if re.search(rf"</{tag}", text, re.IGNORECASE) or "<!--" in text:
            problems.append(f"{where}: holds '</{tag}' or '<!--' (a browser may end it elsewhere)")
        if kind == "data":
            if "<" in text:
                problems.append(f"{where}: holds an unescaped '<'")
            try:
                json.loads(text)
            except ValueError:
                problems.append(f"{where}: not valid JSON")
        elif kind == "script":
            if _sha256(text) not in script_ok and parser.policies:
                problems.append(f"{where}: its hash is not in the policy's script-src")
            if _MARKUP_SINKS.search(text):
                problems.append(f"{where}: writes markup from a string (innerHTML and the like)")
        else:
            if _sha256(text) not in style_ok and parser.policies:
                problems.append(f"{where}: its hash is not in the policy's style-src")
            if _CSS_FETCH.search(text):
                problems.append(f"{where}: @import or url() of an address")
    return problems
