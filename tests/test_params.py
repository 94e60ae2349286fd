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


def _public_functions():
    import inspect

    return {
        name: obj
        for name in tiegraph.__all__
        if inspect.isfunction(obj := getattr(tiegraph, name))
        and len(inspect.signature(obj).parameters) > 1
    }


#: public functions whose only parameters beyond the first are dates, graphs or tables: a
#: bad date is a ConfigError of tiegraph.dates ("as_of: 'x' is not a date"), tested below
DATES_ONLY = {"ask_outcomes", "asks", "build_graph", "funnel", "load_network"}


def test_every_public_function_declares_its_parameters():
    undeclared = sorted(
        name
        for name, func in _public_functions().items()
        if not hasattr(func, "__tiegraph_params__") and name not in DATES_ONLY
    )
    assert undeclared == []


@pytest.mark.parametrize("func", sorted(DATES_ONLY - {"build_graph", "load_network"}))
def test_a_bad_date_is_one_config_error(G, func):
    with pytest.raises(ConfigError, match=r"^as_of: 'soon' is not a date"):
        getattr(tiegraph, func)(G, as_of="soon")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda G, f: tiegraph.read_vcard(f, strict="yes"), "read_vcard: strict must be one of"),
        (lambda G, f: tiegraph.read_google(f, encoding=5), "read_google: encoding must be a"),
        (lambda G, f: tiegraph.read_linkedin(f, strict=1), "read_linkedin: strict must be"),
        (
            lambda G, f: tiegraph.read_linkedin_export(f, keep_text="no"),
            "read_linkedin_export: keep_text must be",
        ),
        (lambda G, f: tiegraph.read_ics(f, strict=None), "read_ics: strict must be"),
        (
            lambda G, f: tiegraph.read_log(f, src=1.5),
            r"read_log: src must be a non-empty text or a whole number >= 0, not 1\.5",
        ),
        (lambda G, f: tiegraph.read_log(f, sep=1), "read_log: sep must be"),
        (lambda G, f: tiegraph.check_folder(f, encoding=5), "check_folder: encoding must be"),
        (lambda G, f: tiegraph.read_folder(f, check="no"), "read_folder: check must be"),
        (
            lambda G, f: tiegraph.write_folder(tiegraph.read_folder(f), f, write_settings="x"),
            "write_folder: write_settings must be one of True, False or None",
        ),
        (lambda G, f: tiegraph.calibrate(f, horizon_days=0), "calibrate: horizon_days must be"),
        (lambda G, f: tiegraph.todo(G, limit="x"), "todo: limit must be a whole number >= 0"),
        (lambda G, f: tiegraph.draft(G, "dana-okafor", job="x"), "draft: job must be"),
        (lambda G, f: tiegraph.draft(G, "dana-okafor", kind=""), "draft: kind must be"),
        (lambda G, f: tiegraph.tie_table(G, person=5), "tie_table: person must be"),
        (
            lambda G, f: tiegraph.merge_contacts(tiegraph.read_folder(f), "a", ["b"], force=1),
            "merge_contacts: force must be",
        ),
        (lambda G, f: tiegraph.import_into(f, "vcard", f, me=""), "import_into: me must be"),
    ],
)
def test_readers_folder_and_outreach_check_their_parameters_the_same_way(G, call, message):
    folder = tiegraph.sample_folder()
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    with pytest.raises(ConfigError, match="^" + message):
        call(G, folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before
