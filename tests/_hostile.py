"""Hostile text for the map's tests: a network folder with markup, script and quotes in every field.

Each payload would leave a mark if a browser ever ran it (``window.__pwned``
set, the page's title changed, a dialog, a request), and each shows up
differently if it were read as markup or as a template (``{{ 7*7 }}`` would
become ``49``, ``&lt;`` would become ``<``). Used by ``tests/test_viz.py``
(the page's structure) and ``tests/test_browser.py`` (what a browser does
with it). No payload starts with ``=``, ``+``, ``-``, ``@`` or ``'``, which
a folder stores with a leading quote for spreadsheets.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

AS_OF = pd.Timestamp("2026-06-30", tz="UTC")

PAYLOADS = {
    "script": "<script>window.__pwned='script'</script>",
    "img": "<img src=x onerror=\"window.__pwned='img'\">",
    "svg": "<svg onload=window.__pwned='svg'>",
    "js_url": "javascript:window.__pwned='js_url'",
    "href": "<a href=\"javascript:window.__pwned='href'\">href=x</a>",
    "remote": "Bob src=//cdn.example/x.js",
    "quotes": "\"'><b onmouseover=window.__pwned='quotes' x=\"",
    "title": "</title><script>window.__pwned='title'</script>",
    "end": "</script><!--<script>window.__pwned='end'",
    "template": "{{ 7*7 }} {% if 1 %}x{% endif %} ${7*7}",
    "u2028": "line\u2028break\u2029para",
    "style": "<style>@import url(//cdn.example/x.css)</style>",
    "entity": "&lt;b&gt; &amp;amp &#60;i&#62;",
    "iframe": '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
}
P = PAYLOADS
#: In the fields the map does not show (notes, job postings): never on the page.
NOT_ON_MAP = "<script>window.__pwned='notes'</script> not on the map"


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def write_hostile_folder(folder: Path) -> Path:
    """Write a small network folder whose every text field holds hostile text; return it.

    People: the owner, ``ann`` (hostile name, title, organisation, tags;
    met through ``bob`` at a hostile context; a former job with a
    hostile organisation and title), ``bob`` (the name that looks like a
    remote reference; an organisation that is an alias of a hostile
    canonical name), ``cy`` and ``di`` (colleagues at a hostile
    organisation: a "same organisation" tie), and ``eve`` (known only
    through ``ann``). Notes (of contacts and interactions) and the job
    posting hold :data:`NOT_ON_MAP`.
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "network.toml").write_text(
        '[owner]\nid = "me"\nname = "Alex <b>Rivera</b> </title>"\n', encoding="utf-8"
    )
    _write(
        folder / "contacts.csv",
        ["id", "name", "org", "title", "tags", "notes", "since", "source"],
        [
            ["ann", P["img"], P["svg"], P["title"], f"{P['script']};{P['u2028']}", NOT_ON_MAP,
             "", ""],
            ["bob", P["remote"], "ACME", P["href"], P["template"], NOT_ON_MAP, "2024-01-05",
             "manual"],
            ["cy", P["quotes"], P["iframe"], P["js_url"], "", "", "", ""],
            ["di", P["entity"], P["iframe"], P["u2028"], "", "", "", ""],
            ["eve", P["end"], "", "", "", "", "", ""],
        ],
    )  # fmt: skip
    _write(
        folder / "introductions.csv",
        ["person", "met_through", "to", "date", "context"],
        [
            ["ann", "bob", "", "2025-03-02", f"{P['style']} {P['template']}"],
            ["eve", "ann", "", "2025-04-01", P["u2028"]],
        ],
    )
    _write(
        folder / "interactions.csv",
        ["date", "with", "by", "channel", "notes"],
        [
            ["2026-05-01", "ann", "", "call", NOT_ON_MAP],
            ["2026-05-02", "bob", "", "in_person", NOT_ON_MAP],
            ["2026-05-03", "cy", "", "message", NOT_ON_MAP],
            ["2026-05-04", "di", "cy", "call", NOT_ON_MAP],
        ],
    )
    _write(
        folder / "affiliations.csv",
        ["person", "org", "title", "start", "end"],
        [["ann", P["entity"], P["quotes"], "2019-01-01", "2022-12-31"]],
    )
    _write(folder / "orgs.csv", ["name", "aliases"], [[P["remote"] + " " + P["svg"], "ACME"]])
    _write(
        folder / "jobs.csv",
        ["org", "title", "location", "url", "posted"],
        [[NOT_ON_MAP, NOT_ON_MAP, NOT_ON_MAP, "https://jobs.example.org/1", "2026-06-01"]],
    )
    return folder
