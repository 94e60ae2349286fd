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


def test_events_keep_the_order_of_the_rows_and_of_each_meeting():
    d = data(
        PEOPLE,
        interactions=[
            {"date": "2024-01-01", "with": "cy; ann", "by": "bob", "channel": "Call"},
            {"date": "2024-01-02", "with": "dee", "channel": "email"},
            {"date": "2024-01-03", "with": "eve;bob;eve;ann", "channel": "video"},
        ],
    )
    ev = evidence_events(d, as_of=AS_OF)
    inter = ev[ev["kind"] == S.EV_INTERACTION]
    # single-id rows first, then each meeting's people in the order written; u < v
    assert list(zip(inter["u"], inter["v"], inter["line"], inter["channel"], strict=True)) == [
        ("dee", "me", 3, "email"),
        ("bob", "cy", 2, "call"),
        ("ann", "bob", 2, "call"),
        ("eve", "me", 4, "video"),
        ("bob", "me", 4, "video"),
        ("eve", "me", 4, "video"),
        ("ann", "me", 4, "video"),
    ]
    shared = ev[ev["kind"] == S.EV_SHARED]
    # a self-join of each meeting in its order, keeping (first, second) where first < second:
    # a person never with themselves; the repeated eve counts toward the size and pairs twice
    assert list(zip(shared["u"], shared["v"], shared["line"], strict=True)) == [
        ("ann", "cy", 2),
        ("bob", "eve", 4),
        ("bob", "eve", 4),
        ("ann", "eve", 4),
        ("ann", "bob", 4),
        ("ann", "eve", 4),
    ]
    assert str(ev["date"].dtype) == "datetime64[ns, UTC]" and ev.index.tolist() == list(
        range(len(ev))
    )


def test_an_edge_makes_each_attribute_when_first_read_and_changes_keep_every_value():
    import tiegraph

    G = tiegraph.load_network(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)
    u, v, d = next(iter(G.edges(data=True)))
    names = ["strength", "peak_strength", "cost", "last_contact", "first_contact"]
    n = len(d)
    assert dict.__len__(d) == 0 and n > len(names) + 2  # nothing made yet
    strength = d["strength"]
    assert dict.__len__(d) == 1 and "last_contact" in d and d.get("nope", 7) == 7
    assert len(d) == n and dict.__len__(d) == 1
    assert isinstance(strength, float) and d.get("strength") == strength
    e = G.edges[list(G.edges)[1]]
    e["weight"] = 2.0  # a change makes every attribute first, in their order
    assert list(e)[:5] == names and list(e)[-2:] == ["evidence", "weight"]
    assert e.pop("weight") == 2.0 and "weight" not in e
    assert isinstance(e["last_contact"], pd.Timestamp) and e["cost"] >= 0
    H = G.copy()
    assert H.edges[u, v] == d and d == H.edges[u, v] and not (d != H.edges[u, v])
    d.update(strength=0.5)
    assert d["strength"] == 0.5 and len(d) == n == len(dict(d.items())) == len(H.edges[u, v])
