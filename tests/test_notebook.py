"""Tests of tiegraph.notebook: the date a notebook looks from, and the "as of" line."""

from __future__ import annotations

import base64
import datetime
import pickle
import re
import shutil
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from matplotlib.figure import Figure

import tiegraph
from tiegraph import ConfigError
from tiegraph.notebook import (
    SAMPLE_REASON,
    TODAY_REASON,
    AsOf,
    Captioned,
    caption,
    default_as_of,
    display_table,
    featured_person,
    target_org,
)
from tiegraph.sample import is_sample_folder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    net = tmp_path / "mynet"
    net.mkdir()
    (net / "contacts.csv").write_text("id,name\nann-ray,Ann Ray\n", encoding="utf-8")
    (net / "interactions.csv").write_text(
        "date,with,channel\n2024-02-01,ann-ray,call\n", encoding="utf-8"
    )
    return net


# -- the date ------------------------------------------------------------------------------


def test_the_sample_is_looked_at_from_its_own_date():
    as_of = default_as_of(tiegraph.sample_folder())
    assert as_of == datetime.date(2026, 6, 30)
    assert str(as_of) == tiegraph.SAMPLE_AS_OF
    assert as_of.reason == SAMPLE_REASON
    assert as_of.line == "as of 2026-06-30, the sample's date"


def test_the_sample_by_another_path_is_the_sample(tmp_path):
    link = tmp_path / "link"
    link.symlink_to(tiegraph.sample_folder(), target_is_directory=True)
    assert is_sample_folder(link)
    assert is_sample_folder(str(tiegraph.sample_folder() / ".." / "sample"))
    assert default_as_of(link).reason == SAMPLE_REASON


def test_your_folder_is_looked_at_from_today(folder):
    as_of = default_as_of(folder, today="2026-11-25")
    assert (as_of, as_of.reason) == (datetime.date(2026, 11, 25), TODAY_REASON)
    assert as_of.line == "as of today, 2026-11-25"
    assert default_as_of(folder) == pd.Timestamp.now(tz="UTC").date()


def test_a_copy_of_the_sample_and_a_missing_folder_are_yours(tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(tiegraph.sample_folder(), copy)
    assert not is_sample_folder(copy)
    assert default_as_of(copy, today="2027-01-02").line == "as of today, 2027-01-02"
    assert not is_sample_folder(tmp_path / "nowhere")
    assert default_as_of(tmp_path / "nowhere", today="2027-01-02").reason == TODAY_REASON


def test_load_network_takes_an_as_of_as_it_is(folder):
    G = tiegraph.load_network(folder, as_of=default_as_of(folder, today="2025-03-01"))
    assert G.graph["as_of"] == pd.Timestamp("2025-03-01", tz="UTC")


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("2025-01-31", datetime.date(2025, 1, 31)),
        ("2025-01-31T23:30:00-02:00", datetime.date(2025, 2, 1)),  # the UTC date
        (pd.Timestamp("2025-01-31 22:00", tz="UTC"), datetime.date(2025, 1, 31)),
        (datetime.date(2025, 1, 31), datetime.date(2025, 1, 31)),
    ],
)
def test_as_of_of_any_date(when, expected):
    as_of = AsOf.of(when)
    assert type(as_of) is AsOf and as_of == expected
    assert (as_of.reason, as_of.line) == ("", f"as of {expected.isoformat()}")


def test_as_of_keeps_its_reason_unless_given_one():
    sample = AsOf(2026, 6, 30, SAMPLE_REASON)
    assert AsOf.of(sample) is sample
    assert AsOf.of(sample, "a date I chose").line == "as of 2026-06-30, a date I chose"


def test_as_of_is_a_date_that_pickles_and_reads_back():
    as_of = AsOf(2026, 6, 30, SAMPLE_REASON)
    back = pickle.loads(pickle.dumps(as_of))
    assert (back, back.reason, type(back)) == (as_of, SAMPLE_REASON, AsOf)
    assert repr(as_of) == 'AsOf(2026, 6, 30, reason="the sample\'s date")'
    assert eval(repr(as_of)).line == as_of.line
    assert repr(AsOf(2026, 6, 30)) == "AsOf(2026, 6, 30)"
    assert as_of - datetime.timedelta(days=1) == datetime.date(2026, 6, 29)
    assert as_of._repr_html_() == "<p>as of 2026-06-30, the sample&#x27;s date</p>"


def test_as_of_rejects_what_is_not_a_date():
    with pytest.raises(ConfigError, match=re.escape("as_of: 'soon' is not a date")):
        AsOf.of("soon")


# -- the caption ---------------------------------------------------------------------------


SAMPLE = AsOf(2026, 6, 30, SAMPLE_REASON)
LINE_HTML = '<p style="margin-top: 0.3em; color: #555">as of 2026-06-30, the sample&#x27;s date</p>'


def test_caption_under_a_table():
    table = pd.DataFrame({"name": ["Ann Ray"], "strength": [0.5]})
    shown = caption(table, SAMPLE)
    assert isinstance(shown, Captioned) and shown.obj is table
    assert shown._repr_html_() == table._repr_html_() + "\n" + LINE_HTML
    assert repr(shown) == repr(table) + "\nas of 2026-06-30, the sample's date"


def test_caption_under_a_figure_is_its_png_and_leaves_the_figure_alone():
    fig = Figure(figsize=(2, 1))
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1])
    shown = caption(ax, SAMPLE)  # axes: their figure
    body, line = shown._repr_html_().split("\n")
    assert line == LINE_HTML
    prefix = '<img src="data:image/png;base64,'
    assert body.startswith(prefix) and body.endswith('">')
    assert base64.b64decode(body[len(prefix) : -2]).startswith(b"\x89PNG\r\n\x1a\n")
    assert len(fig.texts) == len(ax.texts) == 0 and ax.get_title() == ""


def test_caption_under_a_text_a_map_and_anything_else():
    shown = caption("Hi Ann,\n<thanks>", "2025-03-01")
    assert shown._repr_html_().split("\n<p")[0] == "<pre>Hi Ann,\n&lt;thanks&gt;</pre>"
    assert repr(shown) == "Hi Ann,\n<thanks>\nas of 2025-03-01"

    class Frame:  # a map as viz.show returns it: an object with its own HTML
        def _repr_html_(self) -> str:
            return "<iframe></iframe>"

    assert caption(Frame(), SAMPLE)._repr_html_() == "<iframe></iframe>\n" + LINE_HTML
    assert (
        caption({"people": 3}, SAMPLE)
        ._repr_html_()
        .startswith("<pre>{&#x27;people&#x27;: 3}</pre>")
    )


def test_caption_takes_the_date_of_a_graph():
    G = nx.Graph(as_of=pd.Timestamp("2025-03-01", tz="UTC"))
    assert caption("x", G).line == "as of 2025-03-01"
    with pytest.raises(ConfigError, match=re.escape("caption: as_of must be a date")):
        caption("x", nx.Graph())
    with pytest.raises(ConfigError, match=re.escape("caption: as_of must be a date")):
        caption("x", None)


# -- the target ----------------------------------------------------------------------------


def test_the_target_is_the_one_named_else_the_first_of_the_folder():
    G = nx.Graph(targets=("AFSCME", "SEIU"))
    assert target_org(G) == "AFSCME"
    assert target_org(G, "Acme") == "Acme"
    assert target_org(G, " ") == "AFSCME"
    with pytest.raises(ConfigError, match=re.escape("no target organisation: name one")):
        target_org(nx.Graph(targets=()))


# -- the tie to show -----------------------------------------------------------------------


def test_the_featured_person_is_the_first_of_the_table_else_the_strongest_tie():
    G = nx.Graph(me="me")
    G.add_edge("me", "ann", strength=0.2)
    G.add_edge("me", "bob", strength=0.7)
    G.add_edge("me", "cy", strength=0.7)
    G.add_edge("ann", "dee", strength=0.9)  # not the owner's
    assert featured_person(G, pd.DataFrame({"id": ["ann", "bob"]})) == "ann"
    assert featured_person(G, pd.DataFrame({"id": []})) == "bob"  # 0.7 each: the first id
    assert featured_person(G) == "bob"
    lonely = nx.Graph(me="me")
    lonely.add_node("me")
    with pytest.raises(ConfigError, match=re.escape("no tie to show: the owner has no tie")):
        featured_person(lonely, pd.DataFrame({"id": []}))


# --- display_table -----------------------------------------------------------------------------


def _cells(styler) -> list[list[str]]:
    """The table's cells as shown, row by row (header first)."""
    text = styler.to_html()
    rows = re.findall(r"<tr>(.*?)</tr>", text, flags=re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<t[hd][^>]*>.*?</t[hd]>", r, flags=re.S)
        ]
        for r in rows
    ]


def test_a_table_shows_scores_to_two_decimals_dates_as_dates_and_whole_days():
    df = pd.DataFrame(
        {
            "name": ["Ann", "Bo"],
            "score": [0.788503, 0.000174],
            "hops": [2, 3],
            "days_quiet": pd.array([748, None], dtype="Int64"),
            "last_contact": [pd.Timestamp("2024-11-06 01:00:00", tz="UTC"), pd.NaT],
            "current": [True, False],
            "target_orgs": [("AFSCME", "SEIU"), ()],
            "people": [("me", "ann"), ("me", "x", "bo")],
        },
        index=[7, 3],
    )
    before = df.copy()
    cells = _cells(display_table(df))
    assert cells == [
        ["name", "score", "hops", "days_quiet", "last_contact", "current", "target_orgs"],
        ["Ann", "0.79", "2", "748", "2024-11-06", "True", "AFSCME, SEIU"],
        ["Bo", "0.00", "3", "", "", "False", ""],
    ]
    assert _cells(display_table(df, digits=4, hide=()))[2][1:2] == ["0.0002"]
    assert _cells(display_table(df, hide=()))[0][-1] == "people"
    pd.testing.assert_frame_equal(df, before)  # the numbers keep every digit


def test_the_sample_tables_read_as_dates_and_two_decimals():
    G = tiegraph.load_network(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)
    for frame in (
        tiegraph.dormant_ties(G),
        tiegraph.introducers(G, "AFSCME"),
        tiegraph.job_leads(G),
    ):
        text = caption(display_table(frame), G)._repr_html_()
        assert "00:00:00" not in text and "+00:00" not in text
        assert not re.search(r">(nan|NaN|NaT|&lt;NA&gt;|None)<", text)
        assert not re.search(r">\d+\.\d{3,}<", text)  # no number with three decimals or more
        assert "as of 2026-06-30" in text
