"""Every public function checks its parameters the same way, before doing anything."""

import pytest

import tiegraph
from tiegraph.exceptions import ConfigError
from tiegraph.params import Interval, OneOf, Text, validate_params


@pytest.fixture(scope="module")
def G():
    return tiegraph.load_network(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)


BAD = [
    # (function, keyword, bad value, what it must be)
    ("dormant_ties", "limit", -1, "a whole number >= 0 or None"),
    ("dormant_ties", "limit", True, "a whole number >= 0 or None"),
    ("dormant_ties", "min_peak", "x", "a number from 0 to 1"),
    ("dormant_ties", "max_share", 1.5, "a number from 0 to 1"),
    ("dormant_ties", "novelty_weight", float("inf"), "a number >= 0"),
    ("keep_in_touch", "min_interactions", 1.5, "a whole number >= 2"),
    ("keep_in_touch", "heads_up", -3, "a number >= 0"),
    ("job_leads", "max_hops", 0, "a whole number >= 1"),
    ("job_leads", "min_strength", "0.1", "a number from 0 to 1"),
]


@pytest.mark.parametrize(("func", "name", "value", "must"), BAD)
def test_a_bad_value_is_one_config_error_naming_function_parameter_and_value(
    G, func, name, value, must
):
    with pytest.raises(ConfigError) as exc:
        getattr(tiegraph, func)(G, **{name: value})
    assert str(exc.value) == f"{func}: {name} must be {must}, not {value!r}"


def test_summary_dedupe_and_import_parameters(G, tmp_path):
    from tiegraph.summary import strongest_ties

    with pytest.raises(ConfigError, match=r"^strongest_ties: n must be a whole number >= 0"):
        strongest_ties(G, n="5")
    with pytest.raises(ConfigError, match=r"^possible_duplicates: min_score must be a number"):
        tiegraph.possible_duplicates(tiegraph.read_folder(tiegraph.sample_folder()), min_score=2)
    with pytest.raises(ConfigError, match=r"^import_into: kind must be one of 'linkedin'"):
        tiegraph.import_into(tmp_path / "n", "myspace", tmp_path / "x.csv")
    assert not (tmp_path / "n").exists()


def test_good_values_pass_and_whole_numbers_are_numbers(G):
    assert len(tiegraph.dormant_ties(G, limit=2, min_peak=1, max_now=0)) <= 2


def test_the_constraints_read_as_words():
    assert Interval(int, 1, None).describe() == "a whole number >= 1"
    assert Interval(float, 0, 1).describe() == "a number from 0 to 1"
    assert Interval(float, 0, 1, closed="right").describe() == "a number > 0 and <= 1"
    assert OneOf(["org", None]).describe() == "one of 'org', None"
    assert Text().describe() == "a non-empty text"


def test_declaring_an_unknown_parameter_is_a_programming_error():
    with pytest.raises(TypeError, match="no parameter"):

        @validate_params(nope=[Text()])
        def f(x):
            return x


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda G: tiegraph.intro_paths(G, org="AFSCME", k=True), "intro_paths: k must be"),
        (lambda G: tiegraph.introducers(G, "AFSCME", top=0), "introducers: top must be"),
        (
            lambda G: tiegraph.introducers(G, "AFSCME", min_strength="x"),
            "introducers: min_strength",
        ),
        (lambda G: tiegraph.reachable_orgs(G, max_hops=1.5), "reachable_orgs: max_hops must be"),
        (lambda G: __import__("tiegraph.viz").viz.network(G, max_nodes="5"), "network: max_nodes"),
        (lambda G: __import__("tiegraph.viz").viz.network(G, radius=1.5), "network: radius must"),
    ],
)
def test_paths_and_the_map_check_their_parameters_the_same_way(G, call, message):
    with pytest.raises(ConfigError, match="^" + message):
        call(G)
