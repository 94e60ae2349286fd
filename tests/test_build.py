"""build.evidence_events on hand-worked folders: every kind of evidence, both size caps."""

import pandas as pd

from tiegraph import schema as S
from tiegraph.build import evidence_events
from tiegraph.io.folder import NetworkData, table_from_rows
from tiegraph.settings import Settings

AS_OF = pd.Timestamp("2025-01-01", tz="UTC")


def data(contacts, *, settings=None, **tables):
    d = NetworkData(settings=settings or Settings())
    d = d.replace(contacts=table_from_rows(S.CONTACTS, contacts))
    by_name = {t.name: t for t in S.TABLES}
    for name, rows in tables.items():
        d = d.replace(**{name: table_from_rows(by_name[name], rows)})
    return d


def pairs(events, kind):
    ev = events[events["kind"] == kind]
    return sorted(zip(ev["u"], ev["v"], strict=True))


PEOPLE = [{"id": i, "name": i.title()} for i in ("ann", "bob", "cy", "dee", "eve")]


def test_every_direct_contact_is_a_tie_to_you_unless_not_direct():
    people = [*PEOPLE[:2], {"id": "cy", "name": "Cy", "direct": "no"}]
    ev = evidence_events(data(people), as_of=AS_OF)
    assert pairs(ev, S.EV_CONTACT) == [("ann", "me"), ("bob", "me")]


def test_a_meeting_is_split_into_pairs_and_a_large_one_is_not():
    settings = Settings(max_meeting_size=3)
    d = data(
        PEOPLE,
        settings=settings,
        interactions=[
            {"date": "2024-01-01", "with": "ann;bob;cy", "channel": "in_person"},
            {"date": "2024-02-01", "with": "ann;bob;cy;dee", "channel": "video"},  # over the cap
        ],
    )
    ev = evidence_events(d, as_of=AS_OF)
    # each attendee met you, in both meetings
    assert pairs(ev, S.EV_INTERACTION) == [
        ("ann", "me"),
        ("ann", "me"),
        ("bob", "me"),
        ("bob", "me"),
        ("cy", "me"),
        ("cy", "me"),
        ("dee", "me"),
    ]
    # only the meeting within max_meeting_size gives ties between attendees
    assert pairs(ev, S.EV_SHARED) == [("ann", "bob"), ("ann", "cy"), ("bob", "cy")]
    shared = ev[ev["kind"] == S.EV_SHARED]
    assert set(shared["channel"]) == {"in_person"} and set(shared["line"]) == {2}


def test_an_interaction_between_two_others_is_theirs_not_yours():
    d = data(
        PEOPLE, interactions=[{"date": "2024-01-01", "with": "bob", "by": "ann", "channel": "call"}]
    )
    assert pairs(evidence_events(d, as_of=AS_OF), S.EV_INTERACTION) == [("ann", "bob")]


def test_met_through_gives_two_ties_and_to_names_who_was_introduced():
    d = data(
        PEOPLE,
        introductions=[
            # "I met bob through ann": ann knew bob, and bob now knows me
            {"person": "bob", "met_through": "ann", "date": "2023-05-01", "context": "canvass"},
            # "dee introduced cy to eve"
            {
                "person": "cy",
                "met_through": "dee",
                "to": "eve",
                "date": "2023-06-01",
                "context": "x",
            },
            # met at an event: no introducer, one tie
            {"person": "ann", "met_through": "", "date": "2023-07-01", "context": "picnic"},
        ],
    )
    ev = evidence_events(d, as_of=AS_OF)
    assert pairs(ev, S.EV_INTRODUCTION) == [
        ("ann", "bob"),
        ("ann", "me"),
        ("bob", "me"),
        ("cy", "dee"),
        ("cy", "eve"),
    ]
    bob_me = ev[(ev["kind"] == S.EV_INTRODUCTION) & (ev["u"] == "bob") & (ev["v"] == "me")]
    assert bob_me["via"].tolist() == ["ann"] and bob_me["context"].tolist() == ["canvass"]


def test_known_of_through_someone_gives_no_tie_to_you():
    people = [PEOPLE[0], {"id": "bob", "name": "Bob", "direct": "no"}]
    d = data(
        people,
        introductions=[
            {"person": "bob", "met_through": "ann", "date": "2023-05-01", "context": "x"}
        ],
    )
    ev = evidence_events(d, as_of=AS_OF)
    assert pairs(ev, S.EV_INTRODUCTION) == [("ann", "bob")]
    assert ("bob", "me") not in pairs(ev, S.EV_CONTACT)


def test_colleagues_are_tied_weakly_and_a_large_organisation_is_not():
    settings = Settings(same_org_max_size=2)
    people = [
        {"id": "ann", "name": "Ann", "org": "SEIU"},
        {"id": "bob", "name": "Bob", "org": "seiu"},  # the same organisation, written otherwise
        {"id": "cy", "name": "Cy", "org": "AFSCME"},
        {"id": "dee", "name": "Dee", "org": "AFSCME"},
        {"id": "eve", "name": "Eve", "org": "AFSCME"},  # three members: over the cap
    ]
    ev = evidence_events(data(people, settings=settings), as_of=AS_OF)
    assert pairs(ev, S.EV_SAME_ORG) == [("ann", "bob")]


def test_a_former_colleague_is_not_a_current_one():
    people = [{"id": "ann", "name": "Ann", "org": "SEIU"}, {"id": "bob", "name": "Bob"}]
    d = data(
        people,
        affiliations=[
            {"person": "bob", "org": "SEIU", "start": "2019-01-01", "end": "2024-01-01"},
        ],
    )
    assert pairs(evidence_events(d, as_of=AS_OF), S.EV_SAME_ORG) == []
    before = pd.Timestamp("2023-06-01", tz="UTC")
    assert pairs(evidence_events(d, as_of=before), S.EV_SAME_ORG) == [("ann", "bob")]


def test_an_address_book_relation_is_a_tie_once_both_are_known():
    d = data(
        PEOPLE,
        relations=[
            {"person": "ann", "related": "bob", "related_name": "Bob", "label": "spouse"},
            {"person": "ann", "related": "", "related_name": "Zed", "label": "friend"},
        ],
    )
    ev = evidence_events(d, as_of=AS_OF)
    assert pairs(ev, S.EV_RELATED) == [("ann", "bob")]
    assert ev[ev["kind"] == S.EV_RELATED]["context"].tolist() == ["spouse"]


def test_edge_evidence_is_made_when_first_read_and_behaves_as_a_dict():
    import pickle

    import tiegraph
    from tiegraph.build import TieData

    G = tiegraph.load_network(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)
    u, v, data = next(iter(G.edges(data=True)))
    assert isinstance(data, TieData)
    assert "evidence" in data and not dict.__contains__(data, "evidence")  # not made yet
    first = data["evidence"]
    assert isinstance(first, list) and first and all("kind" in e for e in first)
    assert data.get("evidence") is first and set(data) >= {"strength", "evidence"}
    H = G.copy()
    assert H.edges[u, v]["evidence"] == first and type(H.edges[u, v]) is dict
    *_, other = list(G.edges(data=True))[-1]
    assert pickle.loads(pickle.dumps(other))["evidence"] == other["evidence"]
    assert len(other) == len(dict(other.items()))


def test_an_introduction_someone_made_for_you_is_evidence_of_a_strong_tie():
    from tiegraph.strength import tie_strengths

    asks = [
        {"id": "1", "person": "ann", "date": "2024-03-01", "for": "intro", "status": "done",
         "closed": "2024-03-10"},
        {"id": "2", "person": "bob", "date": "2024-03-01", "for": "intro", "status": "declined",
         "closed": "2024-03-05"},
        {"id": "3", "person": "cy", "date": "2024-03-01", "for": "names", "status": "done"},
    ]  # fmt: skip
    d = data(PEOPLE[:3], asks=asks)
    ev = evidence_events(d, as_of=AS_OF)
    vouched = ev[ev["kind"] == S.EV_VOUCHED]
    assert list(zip(vouched["u"], vouched["v"], strict=True)) == [("ann", "me")]
    assert vouched["date"].iloc[0] == pd.Timestamp("2024-03-10", tz="UTC")  # when it was done
    s = tie_strengths(ev, as_of=AS_OF)
    strength = dict(zip(s["u"], s["strength"], strict=True))
    assert strength["ann"] > strength["bob"] == strength["cy"]
