"""Dormant ties and the keep-in-touch list, on small graphs worked by hand and on the sample."""

import copy
import math
import re

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import tiegraph
from tiegraph import ConfigError, dormant_ties, keep_in_touch
from tiegraph.dormant import DORMANT_COLUMNS, KEEP_IN_TOUCH_COLUMNS
from tiegraph.orgs import OrgIndex

AS_OF = pd.Timestamp("2026-06-30", tz="UTC")
AFSCME = "American Federation of State, County and Municipal Employees"


def ts(day):
    return pd.Timestamp(day, tz="UTC")


def graph(targets=("AFSCME",)):
    orgs = pd.DataFrame({"name": [AFSCME], "aliases": ["AFSCME"]})
    G = nx.Graph(
        me="me",
        owner_name="Alex",
        as_of=AS_OF,
        targets=tuple(targets),
        orgs=OrgIndex(orgs, names=["Acme", "SEIU"]),
    )
    G.add_node("me", name="Alex", is_owner=True, org="", affiliations=())
    return G


def person(G, pid, name, org="", *, closeness=None, affiliations=()):
    affs = tuple(
        {
            "org": o,
            "title": "",
            "start": None,
            "end": None if end is None else ts(end),
            "current": end is None,
        }
        for o, end in affiliations
    )
    G.add_node(pid, name=name, org=org, closeness=closeness, is_owner=False, affiliations=affs)


def tie(G, u, v, strength, peak=None, *, last=None, n=0, **extra):
    G.add_edge(
        u,
        v,
        strength=strength,
        peak_strength=strength if peak is None else peak,
        cost=-math.log(strength),
        last_contact=None if last is None else ts(last),
        first_contact=None,
        n_interactions=n,
        evidence=[],
        **extra,
    )


# --- dormant_ties -----------------------------------------------------------------------


def test_a_strong_tie_gone_quiet_is_listed_with_its_reason():
    G = graph()
    person(G, "dana", "Dana Okafor", "Chen for Council", closeness=5)
    person(G, "keisha", "Keisha Brown", AFSCME, affiliations=[(AFSCME, None)])
    person(G, "x1", "X One")
    person(G, "priya", "Priya Raman", "SEIU")
    tie(G, "me", "dana", 0.1, 0.9, last="2025-08-01", n=14)
    tie(G, "me", "priya", 0.8, 0.85, last="2026-06-20", n=20)  # active
    tie(G, "dana", "keisha", 0.6)
    tie(G, "dana", "x1", 0.3)
    tie(G, "dana", "priya", 0.5)
    df = dormant_ties(G)
    assert list(df.columns) == list(DORMANT_COLUMNS)
    assert list(df["id"]) == ["dana"]
    row = df.iloc[0]
    assert row["name"] == "Dana Okafor"
    assert row["org"] == "Chen for Council"
    assert row["last_contact"] == ts("2025-08-01")
    assert row["days_quiet"] == 333.0
    assert row["last_contact_ago"] == "11 months ago"
    # keisha and x1 are outside the owner's active network, priya is in it
    assert (row["n_contacts"], row["n_outside"]) == (3, 2)
    assert row["novelty"] == pytest.approx(2 / 3)
    assert row["target_orgs"] == ("AFSCME",)
    assert row["target_hops"] == 1.0
    assert row["target_via"] == ("Keisha Brown",)
    assert row["value"] == pytest.approx(0.9 * (1 + 2 / 3 + 0.5) / 3)
    assert row["reason"] == (
        "was one of your strongest ties (peak 0.90, 14 interactions, closeness 5/5), "
        "quiet for 11 months; knows 2 people outside your active network; "
        "leads to AFSCME (target) in 1 hop, through Keisha Brown"
    )


def test_a_steady_tie_a_weak_tie_and_an_always_middling_tie_are_not_dormant():
    G = graph()
    for pid in ("steady", "weak", "middling", "dormant"):
        person(G, pid, pid.title())
    tie(G, "me", "steady", 0.8, 0.85, last="2026-06-25", n=50)
    tie(G, "me", "weak", 0.05, 0.3, last="2024-01-01", n=1)  # never strong
    tie(G, "me", "middling", 0.35, 0.6, last="2025-01-01", n=5)  # lost less than half
    tie(G, "me", "dormant", 0.3, 0.6, last="2025-01-01", n=5)  # lost exactly half
    assert list(dormant_ties(G)["id"]) == ["dormant"]


def test_thresholds_are_inclusive_and_can_be_changed():
    G = graph()
    person(G, "a", "A")
    person(G, "b", "B")
    tie(G, "me", "a", 0.2, 0.5, last="2025-01-01", n=3)  # peak exactly min_peak
    tie(G, "me", "b", 0.4, 0.9, last="2025-01-01", n=3)  # now exactly max_now
    assert set(dormant_ties(G)["id"]) == {"a", "b"}
    assert list(dormant_ties(G, min_peak=0.6)["id"]) == ["b"]
    assert list(dormant_ties(G, max_now=0.3)["id"]) == ["a"]
    assert list(dormant_ties(G, max_share=0.4)["id"]) == ["a"]


def test_value_ranks_novelty_and_target_reach_above_time_since_contact():
    G = graph()
    person(G, "old", "Oldest Quiet")
    person(G, "novel", "Novel Network")
    person(G, "member", "Target Member", AFSCME, affiliations=[(AFSCME, None)])
    person(G, "active", "Active Friend")
    person(G, "stranger1", "Stranger One")
    person(G, "stranger2", "Stranger Two")
    tie(G, "me", "old", 0.1, 0.8, last="2023-06-30", n=30)  # quiet for three years
    tie(G, "me", "novel", 0.1, 0.8, last="2025-12-30", n=30)
    tie(G, "me", "member", 0.1, 0.8, last="2026-03-30", n=30)
    tie(G, "me", "active", 0.9, 0.9, last="2026-06-29", n=90)
    tie(G, "old", "active", 0.5)  # everyone old knows, you know already
    tie(G, "novel", "stranger1", 0.5)
    tie(G, "novel", "stranger2", 0.5)
    tie(G, "member", "active", 0.5)
    df = dormant_ties(G)
    assert list(df["id"]) == ["novel", "member", "old"]
    assert list(df["value"]) == pytest.approx([0.8 * 2 / 3, 0.8 * 2 / 3, 0.8 / 3])
    assert list(df["novelty"]) == [1.0, 0.0, 0.0]
    assert list(df["target_hops"].fillna(-1)) == [-1, 0.0, -1]
    assert df.loc[1, "reason"].endswith("; works at AFSCME (target)")
    # equal value: the one quiet for longer first
    assert list(df["days_quiet"]) == [182.0, 92.0, 1096.0]
    assert df.loc[2, "last_contact_ago"] == "3 years ago"
    # without the weights, only trust (peak) counts and time since contact breaks the tie
    flat = dormant_ties(G, novelty_weight=0, target_weight=0)
    assert list(flat["id"]) == ["old", "novel", "member"]


def test_former_affiliations_and_aliases_reach_targets_and_targets_can_be_given():
    G = graph(targets=("afscme", "SEIU"))
    person(G, "sofia", "Sofia Alvarez", "WFP", affiliations=[(AFSCME, "2025-03-31"), ("WFP", None)])
    tie(G, "me", "sofia", 0.2, 0.7, last="2025-06-30", n=10)
    row = dormant_ties(G).iloc[0]
    assert row["target_orgs"] == ("afscme",)  # as the user wrote it
    assert row["target_hops"] == 1.0
    assert row["target_via"] == ()
    assert row["reason"].endswith("; worked at afscme (target) until 2025-03")
    assert row["value"] == pytest.approx(0.7 * (1 + 0 + (0.5 + 0) / 2) / 3)  # 1 of 2 targets
    none = dormant_ties(G, targets=()).iloc[0]
    assert none["target_orgs"] == ()
    assert pd.isna(none["target_hops"])
    assert none["value"] == pytest.approx(0.7 / 3)
    assert (
        none["reason"]
        == "was one of your strongest ties (peak 0.70, 10 interactions), quiet for 12 months"
    )


def test_several_targets_in_one_hop_are_named_together():
    G = graph(targets=("AFSCME", "SEIU"))
    person(G, "d", "Dana")
    for pid, org in (("k", AFSCME), ("s1", "SEIU"), ("s2", "SEIU"), ("s3", "SEIU")):
        person(G, pid, pid.upper(), org, affiliations=[(org, None)])
        tie(G, "d", pid, {"s1": 0.3, "s2": 0.5, "s3": 0.4}.get(pid, 0.9))
    tie(G, "me", "d", 0.1, 0.9, last="2026-01-30", n=40)
    row = dormant_ties(G).iloc[0]
    assert row["target_orgs"] == ("AFSCME", "SEIU")
    # strongest tie first
    assert row["target_via"] == ("K", "S2", "S3", "S1")
    assert row["novelty"] == 1.0
    assert row["value"] == pytest.approx(0.9 * (1 + 1 + (0.5 + 0.5) / 2) / 3)
    assert row["reason"].endswith(
        "; leads in 1 hop to your targets AFSCME (through K), SEIU (through S2, S3 and 1 more)"
    )


def test_a_tie_never_in_touch_says_so_and_limit_cuts_the_list():
    G = graph()
    for pid in ("a", "b", "c"):
        person(G, pid, pid.upper())
    tie(G, "me", "a", 0.1, 0.9)  # closeness only, faded: no interaction logged
    tie(G, "me", "b", 0.1, 0.8, last="2026-06-29", n=1)
    tie(G, "me", "c", 0.1, 0.7, last="2026-06-28", n=1)
    df = dormant_ties(G)
    assert list(df["id"]) == ["a", "b", "c"]
    assert pd.isna(df.loc[0, "last_contact"]) and df.loc[0, "days_quiet"] is pd.NA
    assert df.loc[0, "last_contact_ago"] == ""
    assert (
        df.loc[0, "reason"]
        == "was one of your strongest ties (peak 0.90, 0 interactions), no interaction on record"
    )
    assert df.loc[1, "last_contact_ago"] == "yesterday"
    assert df.loc[1, "reason"].startswith(
        "was a strong tie (peak 0.80, 1 interaction), quiet for 1 day"
    )
    assert df.loc[2, "last_contact_ago"] == "2 days ago"
    assert list(dormant_ties(G, limit=2)["id"]) == ["a", "b"]
    assert len(dormant_ties(G, limit=0)) == 0


@pytest.mark.parametrize("func", [dormant_ties, keep_in_touch])
def test_empty_results_are_empty_frames_with_the_documented_columns(func):
    columns = DORMANT_COLUMNS if func is dormant_ties else KEEP_IN_TOUCH_COLUMNS
    G = graph()
    df = func(G)  # the owner has no ties
    assert list(df.columns) == list(columns) and len(df) == 0
    person(G, "a", "A")
    tie(G, "me", "a", 0.9, 0.9, last="2026-06-29", n=40, rhythm_days=7.0)
    df = func(G)
    assert list(df.columns) == list(columns) and len(df) == 0
    no_owner = nx.Graph(me="me", as_of=AS_OF, targets=())
    assert list(func(no_owner).columns) == list(columns)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"min_peak": 1.5}, "min_peak must be a number from 0 to 1, not 1.5"),
        ({"max_now": -0.1}, "max_now must be a number from 0 to 1, not -0.1"),
        (
            {"max_now": 0.6},
            "max_now (0.6) must be below min_peak (0.5): a dormant tie was strong and is now weak",
        ),
        ({"limit": -1}, "dormant_ties: limit must be a whole number >= 0 or None, not -1"),
    ],
)
def test_bad_arguments_are_config_errors(kwargs, message):
    G = graph()
    with pytest.raises(ConfigError, match=re.escape(message)):
        dormant_ties(G, **kwargs)


def test_bad_weights_and_keep_in_touch_arguments():
    G = graph()
    with pytest.raises(
        ConfigError, match=re.escape("novelty_weight must be a number >= 0, not -1")
    ):
        dormant_ties(G, novelty_weight=-1)
    with pytest.raises(ConfigError, match=re.escape("heads_up must be a number >= 0, not nan")):
        keep_in_touch(G, heads_up=float("nan"))
    with pytest.raises(
        ConfigError,
        match=re.escape("keep_in_touch: min_interactions must be a whole number >= 2, not 1"),
    ):
        keep_in_touch(G, min_interactions=1)


def snapshot(G):
    return (
        {k: copy.deepcopy(vars(v) if isinstance(v, OrgIndex) else v) for k, v in G.graph.items()},
        {n: copy.deepcopy(d) for n, d in G.nodes(data=True)},
        {(u, v): copy.deepcopy(d) for u, v, d in G.edges(data=True)},
    )


def test_the_input_graph_is_unchanged():
    G = graph()
    person(G, "dana", "Dana", AFSCME, closeness=4, affiliations=[(AFSCME, None)])
    person(G, "zoe", "Zoe")
    tie(G, "me", "dana", 0.1, 0.9, last="2025-08-01", n=14)
    tie(G, "me", "zoe", 0.7, 0.8, last="2026-05-26", n=21, rhythm_days=28.4, half_life_days=80.0)
    tie(G, "dana", "zoe", 0.4)
    before = snapshot(G)
    assert len(dormant_ties(G)) == 1
    assert len(keep_in_touch(G)) == 1
    assert snapshot(G) == before


# --- keep_in_touch ------------------------------------------------------------------------


def test_keep_in_touch_due_dates_are_exact():
    G = graph()
    for pid in ("monthly", "overdue", "weekly", "quarterly", "faded", "two"):
        person(G, pid, pid.title())
    tie(G, "me", "monthly", 0.7, 0.8, last="2026-06-01", n=12, rhythm_days=30.2)  # due 07-01
    tie(G, "me", "overdue", 0.6, 0.7, last="2026-06-01", n=12, rhythm_days=20.0)  # due 06-21
    tie(G, "me", "weekly", 0.9, 0.9, last="2026-06-27", n=80, rhythm_days=7.0)  # due 07-04
    tie(G, "me", "quarterly", 0.6, 0.7, last="2026-05-30", n=6, rhythm_days=90.0)  # due 08-28
    tie(G, "me", "faded", 0.3, 0.9, last="2026-01-01", n=30, rhythm_days=7.0)  # dormant
    tie(G, "me", "two", 0.6, 0.7, last="2026-05-01", n=2, rhythm_days=30.0)  # too few
    df = keep_in_touch(G)
    assert list(df.columns) == list(KEEP_IN_TOUCH_COLUMNS)
    assert list(df["id"]) == ["overdue", "monthly"]
    assert list(df["reach_out_by"]) == [ts("2026-06-21"), ts("2026-07-01")]
    assert list(df["days_left"]) == [-9, 1]
    assert df["dormant_by"].isna().all()  # no half-life: no projection
    assert list(df["last_contact_ago"]) == ["4 weeks ago", "4 weeks ago"]
    assert df.loc[0, "reason"] == (
        "you are usually in touch every 20 days (12 interactions, strength 0.60, peak 0.70); "
        "last contact 2026-06-01, 4 weeks ago; 9 days overdue"
    )
    assert df.loc[1, "reason"].endswith("; due in 1 day (2026-07-01)")
    # a two-day heads-up at a 30-day rhythm is 0.0667 of it; the weekly tie is 4 days out
    assert list(keep_in_touch(G, heads_up=0.0)["id"]) == ["overdue"]
    assert set(keep_in_touch(G, heads_up=4 / 7)["id"]) == {"overdue", "monthly", "weekly"}
    assert set(keep_in_touch(G, min_interactions=2)["id"]) == {"overdue", "monthly", "two"}
    assert list(keep_in_touch(G, limit=1)["id"]) == ["overdue"]


def test_keep_in_touch_rhythm_falls_back_to_the_interaction_evidence():
    G = graph()
    person(G, "a", "A")
    tie(G, "me", "a", 0.7, 0.8, last="2026-06-01", n=4)
    G["me"]["a"]["evidence"] = [
        {"kind": "interaction", "n": 4, "first": ts("2026-03-03"), "last": ts("2026-06-01")}
    ]
    df = keep_in_touch(G)
    assert df.loc[0, "rhythm_days"] == 30.0  # (06-01 - 03-03) / 3 = 90 / 3
    assert df.loc[0, "reach_out_by"] == ts("2026-07-01")


def test_keep_in_touch_uses_the_strength_models_projection():
    from tiegraph.ties import days_until

    G = graph()
    person(G, "fading", "Fading")
    person(G, "safe", "Safe")
    # both due 2026-08-19 at their 60-day rhythm; "fading" is projected to reach 0.4 within days
    tie(G, "me", "fading", 0.45, 0.8, last="2026-06-20", n=5, rhythm_days=60.0, half_life_days=10.0)
    tie(G, "me", "safe", 0.9, 0.9, last="2026-06-20", n=5, rhythm_days=60.0, half_life_days=300.0)
    assert len(keep_in_touch(G)) == 0  # listing goes by rhythm: neither is due yet
    df = keep_in_touch(G, heads_up=1.0)  # list ties due within one rhythm
    assert list(df["id"]) == ["fading", "safe"]
    days = float(days_until(0.45, 0.4, 10.0))
    assert 2 < days < 3  # a bit over two days at a 10-day half-life
    fading = df.iloc[0]
    assert fading["dormant_by"] == ts("2026-07-03")  # as_of + ceil(days)
    assert fading["reach_out_by"] == ts("2026-07-03")  # before it is due at its rhythm
    assert fading["days_left"] == 3
    assert fading["reason"].endswith(
        "; due in 50 days (2026-08-19); without contact it goes dormant around 2026-07-03"
    )
    safe = df.iloc[1]
    assert safe["reach_out_by"] == ts("2026-08-19") and safe["days_left"] == 50
    assert safe["dormant_by"] > safe["reach_out_by"]
    # evidence that does not fade (being a listed contact) slows the fall
    G["me"]["fading"]["standing_evidence"] = 1.0
    slower = float(days_until(0.45, 0.4, 10.0, standing_evidence=1.0))
    assert slower > days
    fading = keep_in_touch(G, heads_up=1.0).iloc[0]
    assert fading["dormant_by"] == AS_OF + pd.Timedelta(days=math.ceil(slower))
    # standing evidence above the line: it never goes dormant, due at its rhythm only
    G["me"]["fading"]["standing_evidence"] = 2.5
    fading = keep_in_touch(G, heads_up=1.0).set_index("id").loc["fading"]
    assert pd.isna(fading["dormant_by"]) and fading["reach_out_by"] == ts("2026-08-19")


# --- the sample network --------------------------------------------------------------------

SAMPLE_DORMANT = {
    "dana-okafor",
    "marcus-bell",
    "grace-obi",
    "hector-ruiz",
    "beatriz-costa",
    "nadia-petrova",
    "samuel-osei",
    "elena-marsh",
    "tariq-hassan",
    "olivia-grant",
}
SAMPLE_KEEP = {"priya-raman", "zoe-lindqvist", "ken-watanabe", "amara-diallo", "luis-moreno"}
SAMPLE_STEADY = {"jordan-ellis", "rosa-jimenez", "will-turner", "sofia-alvarez"}


@pytest.fixture(scope="module")
def sample():
    return tiegraph.load_network(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)


def test_the_samples_quiet_relationships_show_up_for_their_reasons(sample):
    df = dormant_ties(sample).set_index("id")
    assert SAMPLE_DORMANT <= set(df.index)
    # the story's quiet relationships lead the list (ten of them in the first twelve)
    assert SAMPLE_DORMANT <= set(dormant_ties(sample, limit=12)["id"])
    assert not (SAMPLE_KEEP | SAMPLE_STEADY) & set(df.index)
    # Dana: the campaign's field director, the best one to revive: she knows AFSCME's
    # political director
    assert dormant_ties(sample).loc[0, "id"] == "dana-okafor"
    dana = df.loc["dana-okafor"]
    assert dana["last_contact"] == ts("2025-12-03")
    assert dana["target_hops"] == 1.0 and "Keisha Brown" in dana["target_via"]
    assert "leads in 1 hop to your targets AFSCME (through Keisha Brown)" in dana["reason"]
    assert "worked at SEIU (target) until 2024-05" in dana["reason"]
    # Nadia: quiet since the 2025-02 tenant drive, her network mostly people Alex doesn't know
    nadia = df.loc["nadia-petrova"]
    assert nadia["last_contact"] == ts("2025-02-22")
    assert nadia["novelty"] >= 0.9 and nadia["n_outside"] >= 6
    # Olivia, the union trainer, knows SEIU people
    assert "SEIU" in df.loc["olivia-grant", "target_orgs"]
    # the quiet periods of the story
    for pid, last in [
        ("samuel-osei", "2025-01-17"),
        ("elena-marsh", "2025-06-14"),
        ("tariq-hassan", "2025-04-09"),
        ("olivia-grant", "2025-08-16"),
    ]:
        assert df.loc[pid, "last_contact"] == ts(last)
        assert "quiet for" in df.loc[pid, "reason"]


def test_the_samples_keep_in_touch_ties_are_the_monthly_ones_due_now(sample):
    df = keep_in_touch(sample)
    assert set(df["id"]) == SAMPLE_KEEP
    assert (df["days_left"] <= 0).all()
    assert df["rhythm_days"].between(27, 33).all()
    assert df["reason"].str.startswith("you are usually in touch every ").all()
    assert (df["last_contact"] >= ts("2026-05-26")).all()


def test_sample_results_are_json_friendly_and_sorted(sample):
    df = dormant_ties(sample)
    assert df["value"].is_monotonic_decreasing
    assert np.isfinite(df["value"]).all() and df["value"].between(0, 1).all()


# --- properties on random owner networks ---------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_tie = st.tuples(
    st.floats(0.01, 1.0),  # strength
    st.floats(0.0, 1.0),  # peak above strength by this share of the gap
    st.one_of(st.none(), st.integers(0, 1500)),  # days since last contact
    st.integers(0, 60),  # interactions
    st.one_of(st.none(), st.floats(1.0, 120.0)),  # rhythm
)


@settings(max_examples=60, deadline=None)
@given(
    ties=st.lists(_tie, max_size=12),
    links=st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11))),
)
def test_properties_of_both_lists(ties, links):
    G = graph()
    for i, (s, up, days, n, rhythm) in enumerate(ties):
        person(
            G,
            f"p{i}",
            f"P{i}",
            AFSCME if i % 4 == 0 else "",
            affiliations=[(AFSCME, None)] if i % 4 == 0 else (),
        )
        last = None if days is None else (AS_OF - pd.Timedelta(days=days)).strftime("%Y-%m-%d")
        tie(G, "me", f"p{i}", s, s + up * (1 - s), last=last, n=n, rhythm_days=rhythm)
    for a, b in links:
        if a < len(ties) and b < len(ties) and a != b:
            tie(G, f"p{a}", f"p{b}", 0.5)
    before = snapshot(G)
    d = dormant_ties(G)
    k = keep_in_touch(G)
    assert snapshot(G) == before
    faded = (d["strength"] <= 0.4) & (d["strength"] <= 0.5 * d["peak_strength"])
    silent = d["days_quiet"] >= 90  # and 4 rhythms: checked on hand-made cases
    assert (d["peak_strength"] >= 0.5).all() and (faded | silent).all()
    assert d["value"].between(0, 1).all() and d["value"].is_monotonic_decreasing
    assert (d["value"] <= d["peak_strength"] + 1e-12).all()
    assert (d["n_outside"] <= d["n_contacts"]).all()
    assert not set(d["id"]) & set(k["id"])
    assert (k["strength"] > 0.4).all() and (k["n_interactions"] >= 3).all()
    assert k["days_left"].is_monotonic_increasing
    assert ((k["reach_out_by"] - AS_OF) / pd.Timedelta(days=1) == k["days_left"]).all()
    due_days = (
        k["last_contact"]
        + pd.to_timedelta(np.round(k["rhythm_days"].astype(float)), unit="D")
        - AS_OF
    ) / pd.Timedelta(days=1)
    assert (due_days <= 0.05 * k["rhythm_days"].astype(float)).all()  # no projection here


def test_a_strong_tie_that_broke_its_rhythm_is_dormant_even_if_the_model_still_rates_it():
    G = graph()
    for pid in ("weekly", "quarterly", "holiday", "nodates"):
        person(G, pid, pid.title())
    # met every 5 days, then nothing for 211 days: 42 rhythms, strength still 0.8
    tie(G, "me", "weekly", 0.8, 0.95, last="2025-12-01", n=80, rhythm_days=5.0)
    # every 90 days, quiet for 120: not yet 4 rhythms
    tie(G, "me", "quarterly", 0.7, 0.8, last="2026-03-02", n=8, rhythm_days=90.0)
    # weekly, quiet for 60 days: not yet 90 days
    tie(G, "me", "holiday", 0.6, 0.9, last="2026-05-01", n=40, rhythm_days=7.0)
    tie(G, "me", "nodates", 0.8, 0.9, n=0)
    df = dormant_ties(G)
    assert list(df["id"]) == ["weekly"]
    assert df.loc[0, "reason"] == (
        "was one of your strongest ties (peak 0.95, 80 interactions), "
        "quiet for 7 months after contact every 5 days"
    )
    assert list(dormant_ties(G, min_quiet_days=60)["id"]) == ["weekly", "holiday"]
    assert list(dormant_ties(G, quiet_rhythms=1)["id"]) == ["weekly", "quarterly"]
    # the silent tie is not on the keep-in-touch list, the others may be
    assert "weekly" not in set(keep_in_touch(G)["id"])
    assert "weekly" in set(keep_in_touch(G, min_quiet_days=1000)["id"])


def test_empty_frames_have_the_dtypes_of_full_ones():
    G = graph()
    person(G, "a", "A")
    tie(G, "me", "a", 0.1, 0.9, last="2025-01-01", n=30, rhythm_days=30.0)
    person(G, "b", "B")
    tie(G, "me", "b", 0.7, 0.8, last="2026-05-30", n=12, rhythm_days=30.0)
    full_d, full_k = dormant_ties(G), keep_in_touch(G)
    assert len(full_d) == 1 and len(full_k) == 1
    empty = graph()
    assert dict(dormant_ties(empty).dtypes) == dict(full_d.dtypes)
    assert dict(keep_in_touch(empty).dtypes) == dict(full_k.dtypes)


@pytest.mark.parametrize(
    ("strength", "peak", "quiet", "rhythm", "expected"),
    [
        (0.3, 0.9, 10, 7, True),  # faded
        (0.4, 0.8, 10, 7, True),  # faded, both limits inclusive
        (0.41, 0.9, 10, 7, False),  # above max_now, not silent
        (0.35, 0.6, 10, 7, False),  # kept more than half of its peak
        (0.3, 0.49, 400, 7, False),  # never strong
        (0.8, 0.95, 90, 22.5, True),  # silent: 90 days = 4 rhythms, both inclusive
        (0.8, 0.95, 89, 5, False),  # not 90 days yet
        (0.8, 0.95, 300, 90, False),  # not 4 rhythms yet
        (0.8, 0.95, 300, math.nan, False),  # no rhythm: only the strength test applies
        (0.8, 0.95, math.nan, 5, False),  # never in touch
    ],
)
def test_is_dormant_table(strength, peak, quiet, rhythm, expected):
    from tiegraph.dormant import is_dormant

    got = is_dormant(strength, peak, days_quiet=quiet, rhythm_days=rhythm)
    assert got.shape == () and bool(got) is expected


def test_the_map_and_the_dormant_list_agree_on_every_sample_tie(sample_graph):
    from tiegraph.viz import network

    G = sample_graph
    me = G.graph["me"]
    listed = set(tiegraph.dormant_ties(G)["id"])
    view = network(G, max_nodes=None)
    dashed = {
        e["to"] if e["from"] == me else e["from"]
        for e in view.edges
        if me in (e["from"], e["to"]) and e.get("dashes")
    }
    assert listed and dashed == listed
    assert "valentina-zulu" in listed  # quiet, not faded: the silence branch (issue 14)


# --- what a person reads: dates to the second, whole days --------------------------------


def test_days_are_whole_and_times_carry_no_float_noise():
    G = graph()
    person(G, "ann", "Ann")
    person(G, "zoe", "Zoe")
    tie(G, "me", "ann", 0.1, 0.9, n=14)
    # a last contact computed in float days (as_of - 600.958333 days) carries nanoseconds
    G["me"]["ann"]["last_contact"] = pd.Timestamp("2024-11-06 00:59:59.999999995", tz="UTC")
    tie(G, "me", "zoe", 0.7, 0.8, last="2026-05-26", n=21, rhythm_days=28.4)
    row = dormant_ties(G).iloc[0]
    assert row["last_contact"] == pd.Timestamp("2024-11-06 01:00:00", tz="UTC")
    # 2024-11-06 01:00 to 2026-06-30 00:00: 600 days and 23 hours, so 600 whole days
    assert row["days_quiet"] == 600 and isinstance(row["days_quiet"], (int, np.integer))
    assert "quiet for 20 months" in row["reason"]
    d = dormant_ties(G)
    assert str(d["days_quiet"].dtype) == "Int64" and str(d["target_hops"].dtype) == "Int64"
    k = keep_in_touch(G)
    assert k["rhythm_days"].tolist() == [28] and str(k["rhythm_days"].dtype) == "int64"
    assert k["reach_out_by"].tolist() == [ts("2026-06-23")]  # 05-26 + 28 days
    assert k["days_left"].tolist() == [-7]


def test_a_fade_beyond_a_century_has_no_dormant_by_date(tmp_path):
    # fuzz finding: a tie seen twice, 17 years apart, since 1990 fades over centuries; its
    # projected dormant_by (2271) overflowed pandas' dates and keep_in_touch raised
    net = tmp_path / "net"
    net.mkdir()
    (net / "contacts.csv").write_text("id,name,since\nbob-ray,Bob Ray,1990-10-23\n")
    (net / "interactions.csv").write_text(
        "date,with,channel\n1992-04-05,bob-ray,email\n2009-04-12,bob-ray,in_person\n"
    )
    (net / "network.toml").write_text('[owner]\nid = "me"\nname = "Me"\n')
    G = tiegraph.load_network(net, as_of="2026-11-25")
    got = tiegraph.keep_in_touch(
        G, min_peak=0.35, max_now=0.3, min_interactions=2, heads_up=100, min_quiet_days=100_000
    )
    assert got["id"].tolist() == ["bob-ray"]
    assert pd.isna(got["dormant_by"][0]) and "goes dormant" not in got["reason"][0]
    assert got["reach_out_by"][0] == pd.Timestamp("2026-04-19", tz="UTC")  # 2009-04-12 + 6216 d
