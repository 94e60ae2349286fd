"""One person lookup everywhere: an id, a merged id, a name or an email works in every function."""

import pytest

import tiegraph
from tiegraph import plots, viz
from tiegraph.exceptions import AmbiguousError, NotFoundError
from tiegraph.people import find_person
from tiegraph.ties import tie_table


@pytest.fixture(scope="module")
def G():
    G = tiegraph.load_network(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)
    G.graph["aliases"] = {"dana-o": "dana-okafor"}  # as after `tiegraph merge dana-okafor dana-o`
    return G


WAYS = ["dana-okafor", "Dana Okafor", "dana okafor", "dana-o"]


@pytest.mark.parametrize("who", WAYS)
def test_every_lookup_accepts_an_id_a_name_and_a_merged_id(G, who):
    assert find_person(G, who) == "dana-okafor"
    assert tiegraph.intro_paths(G, person=who, k=1)[0].people[-1] == "dana-okafor"
    assert set(tie_table(G, person=who)["u"]) == {"dana-okafor"}
    assert "dana-okafor" in {n["id"] for n in viz.network(G, focus=who).nodes}
    fig = plots.tie_strength_over_time(G, who, points=5)
    assert fig is not None


def test_an_email_finds_its_person(G):
    email = next((n, e) for n, e in G.nodes(data="email") if e and n != G.graph["me"])
    assert find_person(G, email[1].split(";")[0].upper()) == email[0]


def test_an_unknown_person_suggests_and_a_shared_name_is_ambiguous(G):
    with pytest.raises(NotFoundError, match=r"did you mean: dana-okafor \(Dana Okafor\)"):
        find_person(G, "Dana Okafr")
    H = G.copy()
    H.add_node("dana-okafor-2", name="Dana Okafor")
    with pytest.raises(AmbiguousError, match="dana-okafor"):
        find_person(H, "dana okafor")
    assert find_person(H, "dana-okafor-2") == "dana-okafor-2"
