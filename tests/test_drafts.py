"""Draft messages: how you met, when you last spoke and the chain, filled into a template."""

from __future__ import annotations

import re

import pytest

import tiegraph
from tiegraph.drafts import draft, draft_fields
from tiegraph.io.templates import read_template, template_names

# Priya: met through Jo at the 2024 canvass, last call 2024-05-20; she introduced Bo to you;
# Bo: met at a picnic, no interaction; Dee (AFT) knows Priya, Gus (Guild) knows Dee;
# Cy: at AFT himself; Ed: never met, no introduction, a call in 2023.
FILES = {
    "contacts.csv": (
        "id,name,org,direct\n"
        "jo,Jo Park,,\npriya,Priya Raman,SEIU,\nbo,Bo Chen,,\ncy,Cy Diaz,AFT,\n"
        "dee,Dee Evans,AFT,no\ngus,Gus Hall,Guild,no\ned,Ed Fox,,\n"
    ),
    "introductions.csv": (
        "person,met_through,to,date,context\n"
        "priya,jo,,2024-01-10,2024 canvass\n"
        "bo,priya,,2024-03-01,union hall\n"
        "bo,,,2024-02-01,Labor Day picnic\n"
    ),
    "interactions.csv": (
        "date,with,by,channel\n"
        "2024-05-20,priya,,call\n2024-05-01,priya,,in_person\n2024-04-01,priya,,in_person\n"
        "2024-05-10,dee,priya,in_person\n2024-05-11,gus,dee,in_person\n2024-05-12,cy,,call\n"
        "2023-01-05,ed,,call\n"
    ),
    "jobs.csv": "org,title\nAFT,Field Rep\n",
    "network.toml": (
        '[owner]\nname = "Alex Rivera"\n\n[search]\nstart = "2024-04-01"\ngoal = "a field job"\n'
    ),
}


@pytest.fixture
def G(write_folder):
    return tiegraph.load_network(write_folder(FILES), as_of="2024-06-01")


def test_an_introduction_draft_by_hand(G):
    assert draft(G, "priya", kind="intro", org="AFT") == (
        "Hi Priya,\n\n"
        "You introduced me to Bo Chen at the union hall. It was good to talk 12 days ago. "
        "I'm looking for a field job, and I'm looking at roles at AFT. I saw that you know Dee "
        "Evans there. Would you be comfortable introducing us? A short email would be plenty, "
        "and I'm happy to write a few lines you can forward.\n\n"
        "Thank you,\nAlex\n"
    )


def test_how_we_met_and_when_we_last_spoke(G):
    fields = draft_fields(G, "bo")
    assert fields["how_we_met"] == "We met at the Labor Day picnic in February 2024."
    assert fields["last_spoke"] == ""  # never in touch
    assert draft_fields(G, "cy")["how_we_met"] == ""  # no introduction
    assert draft_fields(G, "ed")["last_spoke"] == (
        "It has been 17 months since we last spoke; I hope all is well."
    )
    # Priya introduced Bo; leave Bo out and it is how you met her
    from tiegraph.drafts import _how_we_met

    assert _how_we_met(G, "me", "priya", skip="bo") == "We met through Jo Park at the 2024 canvass."


def test_empty_sentences_leave_no_gaps(G):
    text = draft(G, "cy", kind="told")
    assert text == (
        "Hi Cy,\n\nIt was good to talk 2 weeks ago. I wanted you to know that I'm looking for a "
        "field job. If you hear of anything, or think of someone I should talk to, I'd be "
        "grateful.\n\nBest,\nAlex\n"
    )
    assert "  " not in draft(G, "bo", kind="names")


def test_a_longer_chain_names_each_hop(G):
    assert draft_fields(G, "priya", org="Guild", chain=True)["chain_sentence"] == (
        "I saw that you know Dee Evans, who knows Gus Hall there"
    )
    fields = draft_fields(G, "priya", about="gus", chain=True)
    assert (fields["contact"], fields["chain_sentence"]) == (
        "Gus Hall",
        "I saw that you know Dee Evans, who knows Gus Hall",
    )


def test_a_job_gives_the_role(G):
    fields = draft_fields(G, "priya", job=1)
    assert (fields["org"], fields["role"], fields["for_role"]) == (
        "AFT",
        "the Field Rep opening at AFT",
        " for the Field Rep opening at AFT",
    )
    assert "reference for the Field Rep opening at AFT. Would you be willing?" in draft(
        G, "priya", kind="reference", job=1
    )


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"kind": "intro"}, tiegraph.ConfigError, "an introduction draft needs an organisation"),
        ({"kind": "intro", "org": "SEIU"}, tiegraph.ConfigError, "Priya Raman is at SEIU already"),
        ({"kind": "intro", "org": "Guild", "person": "ed"}, tiegraph.NoPathError,
         "no introduction chain to Guild: none goes through Ed Fox (best: "),
        ({"kind": "names", "job": 2}, tiegraph.ConfigError, "job: there is no posting #2"),
        ({"kind": "poem"}, tiegraph.NotFoundError, "unknown template 'poem'; did you mean: "),
        ({"kind": "told", "person": "nobody"}, tiegraph.NotFoundError, "unknown contact 'nobody'"),
        ({"kind": "told", "person": "me"}, tiegraph.NotFoundError, "unknown contact 'me'"),
    ],
)  # fmt: skip
def test_errors(G, kwargs, error, message):
    person = kwargs.pop("person", "priya")
    with pytest.raises(error, match="^" + re.escape(message)):
        draft(G, person, **kwargs)


def test_your_own_templates_come_first_and_may_add_kinds(G, tmp_path):
    (tmp_path / "told.txt").write_text("Dear $name, $goal. $missing $extra\n", encoding="utf-8")
    (tmp_path / "coffee.txt").write_text("Coffee, $first_name?\n", encoding="utf-8")
    assert set(template_names()) == {
        "informational", "intro", "names", "reference", "referral", "thanks", "told",
    }  # fmt: skip
    assert "coffee" in template_names(tmp_path)
    assert read_template("intro", tmp_path) == read_template("intro")
    assert draft(G, "bo", kind="told", templates=tmp_path, extra={"extra": "ok"}) == (
        "Dear Bo Chen, a field job. $missing ok\n"
    )
    assert draft(G, "bo", kind="coffee", templates=tmp_path) == "Coffee, Bo?\n"


def test_draft_does_not_change_the_graph(G):
    before = ({n: dict(d) for n, d in G.nodes(data=True)}, [tuple(e) for e in G.edges(data=True)])
    draft(G, "priya", kind="intro", org="Guild")
    assert before == (
        {n: dict(d) for n, d in G.nodes(data=True)},
        [tuple(e) for e in G.edges(data=True)],
    )
