"""The tie-strength model on hand-worked cases (tiegraph.strength)."""

import math
import re

import numpy as np
import pandas as pd
import pytest
from _histories import history_files
from hypothesis import given, settings
from hypothesis import strategies as st

import tiegraph
import tiegraph.ties
from tiegraph import DataError
from tiegraph.cli import main
from tiegraph.strength import (
    MIN_STRENGTH,
    TIE_COLUMNS,
    StrengthParams,
    tie_strengths,
)
from tiegraph.ties import days_until, projected_strength, tie_table

AS_OF = pd.Timestamp("2024-06-01", tz="UTC")
# no activity or attention term and no ageing: the half-life is exactly h0
FLAT = {
    "half_life_days": 10,
    "activity_factor": 0,
    "embedding_factor": 0,
    "age_scale_days": 1e12,
    "attention_weight": 0,
}


def strength_of(evidence: float, saturation: float = 3.0) -> float:
    return MIN_STRENGTH + (1 - MIN_STRENGTH) * (1 - math.exp(-evidence / saturation))


def _utc(d):
    if d is None:
        return pd.NaT
    d = pd.Timestamp(d)
    return d.tz_localize("UTC") if d.tzinfo is None else d


def events(*rows):
    """rows: (u, v, kind, date or None, channel, value)."""
    frame = pd.DataFrame(
        [
            {
                "u": min(u, v),
                "v": max(u, v),
                "kind": kind,
                "date": _utc(d),
                "channel": ch,
                "value": float(val),
                "file": "interactions.csv",
                "line": i + 2,
            }
            for i, (u, v, kind, d, ch, val) in enumerate(rows)
        ]
    )
    frame["date"] = pd.to_datetime(frame["date"], utc=True)
    return frame


def meet(u, v, day, channel="in_person"):
    return (u, v, "interaction", day, channel, np.nan)


def one(ev, as_of=AS_OF, params=FLAT, **kw):
    t = tie_strengths(
        ev, as_of=as_of, params=params, now=pd.Timestamp("2030-01-01", tz="UTC"), **kw
    )
    return t.set_index(["u", "v"])


@pytest.mark.parametrize(("days_ago", "evidence"), [(0, 1.0), (10, 0.5), (20, 0.25)])
def test_a_single_meeting_at_0_1_and_2_half_lives(days_ago, evidence):
    day = AS_OF - pd.Timedelta(days=days_ago)
    t = one(events(meet("a", "me", day)))
    assert t.loc[("a", "me"), "half_life_days"] == pytest.approx(10)
    assert t.loc[("a", "me"), "strength"] == pytest.approx(strength_of(evidence))
    assert t.loc[("a", "me"), "peak_strength"] == pytest.approx(strength_of(1.0))


def test_the_half_life_grows_with_the_ties_age():
    # default age scale: 730 days double it; the tie is 365 days old
    t = one(
        events(meet("a", "me", AS_OF - pd.Timedelta(days=365))),
        params={"half_life_days": 10, "activity_factor": 0},
    )
    assert t.loc[("a", "me"), "half_life_days"] == pytest.approx(10 * 1.5)


def test_channels_weigh_in_person_over_call_over_video_over_message_over_social():
    day = AS_OF - pd.Timedelta(days=3)
    chans = ["in_person", "call", "video", "message", "social"]
    t = one(events(*[meet(f"p{i}", "me", day, c) for i, c in enumerate(chans)]))
    s = [t.loc[("me", f"p{i}"), "strength"] for i in range(len(chans))]
    assert s == sorted(s, reverse=True) and len(set(s)) == len(s)


def test_more_contact_means_more_strength():
    few = [meet("a", "me", AS_OF - pd.Timedelta(days=d)) for d in (5, 40)]
    many = [meet("b", "me", AS_OF - pd.Timedelta(days=d)) for d in (5, 12, 19, 26, 33, 40)]
    t = one(events(*few, *many))
    assert t.loc[("b", "me"), "strength"] > t.loc[("a", "me"), "strength"]
    assert t.loc[("b", "me"), "n_interactions"] == 6


def test_an_older_tie_fades_more_slowly_than_a_new_one_with_the_same_recent_history():
    recent = AS_OF - pd.Timedelta(days=7)
    old_start = AS_OF - pd.Timedelta(days=700)
    ev = events(
        ("me", "old", "introduction", old_start, "", np.nan),  # they go back two years
        meet("old", "me", recent),
        meet("new", "me", recent),
    )
    params = {"half_life_days": 10, "activity_factor": 0}
    now = one(ev, params=params)
    later = one(ev, as_of=AS_OF + pd.Timedelta(days=60), params=params)
    assert now.loc[("me", "old"), "half_life_days"] > now.loc[("me", "new"), "half_life_days"]

    def kept(who):
        key = ("me", who) if ("me", who) in now.index else (who, "me")
        return later.loc[key, "strength"] / now.loc[key, "strength"]

    assert kept("old") > kept("new")


def test_a_tie_with_a_rhythm_is_not_dormant_after_one_gap():
    # quarterly contact for two years; last one 90 days ago
    quarterly = [meet("q", "me", AS_OF - pd.Timedelta(days=90 * k)) for k in range(1, 9)]
    t = one(events(*quarterly), params={"half_life_days": 10, "activity_factor": 0})
    assert t.loc[("me", "q"), "rhythm_days"] == pytest.approx(90)
    # half-life at least 1.5 x the rhythm, times the age factor: 135 * (1 + 720/730)
    assert t.loc[("me", "q"), "half_life_days"] == pytest.approx(135 * (1 + 720 / 730))
    assert t.loc[("me", "q"), "strength"] > 0.5


def test_closeness_only_tie_undated_and_dated():
    ev = events(
        ("me", "c", "contact", None, "", np.nan),
        ("me", "c", "closeness", None, "", 4.0),
        ("me", "d", "contact", None, "", np.nan),
        ("me", "d", "closeness", AS_OF - pd.Timedelta(days=180), "", 4.0),
    )
    t = one(ev)
    # standing contact weight 0.15 + 4 points x 0.5; dated closeness fades with 180 days
    assert t.loc[("c", "me"), "strength"] == pytest.approx(strength_of(0.15 + 2.0))
    assert t.loc[("d", "me"), "strength"] == pytest.approx(strength_of(0.15 + 1.0))
    assert t.loc[("c", "me"), "n_interactions"] == 0


def test_introduction_only_tie_fades_from_its_date():
    ev = events(("a", "b", "introduction", AS_OF - pd.Timedelta(days=360), "", np.nan))
    t = one(ev)
    assert t.loc[("a", "b"), "strength"] == pytest.approx(strength_of(0.5 * 0.25))
    assert pd.isna(t.loc[("a", "b"), "last_contact"])


def test_as_of_before_a_ties_first_contact_leaves_it_out(write_folder):
    net = write_folder(
        {
            "contacts.csv": "id,name,direct\nana,Ana,no\nbo,Bo,\n",
            "interactions.csv": "date,with,by,channel\n2024-05-01,ana,,call\n2024-05-01,bo,,call\n",
        }
    )
    G = tiegraph.load_network(net, as_of="2024-04-01")
    assert not G.has_edge("me", "ana")  # known only from a call that had not happened yet
    assert G.edges["me", "bo"]["n_interactions"] == 0  # a listed contact, not yet met
    assert G.edges["me", "bo"]["strength"] == pytest.approx(strength_of(0.15))
    assert [e["kind"] for e in G.edges["me", "bo"]["evidence"]] == ["contact"]
    assert tiegraph.load_network(net, as_of="2024-06-01").has_edge("me", "ana")


def test_an_interaction_in_the_future_is_an_error_naming_the_row(write_folder):
    net = write_folder(
        {
            "contacts.csv": "id,name\nana,Ana\n",
            "interactions.csv": (
                "date,with,by,channel\n2024-03-01,ana,,call\n2099-01-01,ana,,call\n"
            ),
        }
    )
    today = pd.Timestamp.now(tz="UTC")
    msg = (
        f"interactions.csv:3: column 'date': '2099-01-01' is in the future "
        f"(after {today:%Y-%m-%d}); interactions must have happened"
    )
    with pytest.raises(DataError, match=re.escape(msg)):
        tiegraph.load_network(net, as_of="2024-06-01")


def test_unknown_strength_setting_is_a_clear_error():
    with pytest.raises(tiegraph.ConfigError, match="unknown \\[strength\\] key\\(s\\) half_life"):
        StrengthParams.from_settings({"half_life": 3})


def test_days_until_inverts_the_fading():
    p = StrengthParams()
    d = float(days_until(0.6, 0.3, 40.0, params=p))
    e_now = -3 * math.log1p(-(0.6 - MIN_STRENGTH) / (1 - MIN_STRENGTH))
    faded = e_now * 2 ** (-d / 40)
    assert strength_of(faded) == pytest.approx(0.3)
    assert float(days_until(0.2, 0.3, 40.0)) == 0.0


@settings(max_examples=60, deadline=None)
@given(
    days=st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=12),
    channels=st.lists(
        st.sampled_from(["in_person", "call", "message", "social"]), min_size=12, max_size=12
    ),
    gap=st.integers(min_value=1, max_value=300),
    activity=st.sampled_from([0.0, 0.25, 2.0]),
)
def test_strength_never_rises_without_a_new_interaction(days, channels, gap, activity):
    start = AS_OF - pd.Timedelta(days=400)
    ev = events(
        *[
            meet("a", "me", start + pd.Timedelta(days=d), c)
            for d, c in zip(days, channels, strict=False)
        ],
        *[meet("a", "x", start + pd.Timedelta(days=d // 2), "call") for d in days],
    )
    params = {"activity_factor": activity}
    t1 = one(ev, params=params)
    t2 = one(ev, as_of=AS_OF + pd.Timedelta(days=gap), params=params)
    for key in t1.index:
        assert t2.loc[key, "strength"] <= t1.loc[key, "strength"] + 1e-12
        assert t1.loc[key, "peak_strength"] >= t1.loc[key, "strength"] - 1e-12


def test_peak_strength_matches_a_direct_computation_over_a_long_history():
    # ten years of monthly calls then silence: the epoch-wise running sum must not overflow
    days = [AS_OF - pd.Timedelta(days=3650 - 30 * k) for k in range(100)]
    ev = events(*[meet("a", "me", d, "call") for d in days])
    params = {"half_life_days": 1, "rhythm_factor": 0, "activity_factor": 0, "age_scale_days": 1e12}
    t = one(ev, params=params)
    t_days = np.array([(d - days[0]).days for d in days], dtype=float)
    best = max(
        sum(0.7 * 2 ** (-(t_days[k] - t_days[j])) for j in range(k + 1)) for k in range(len(days))
    )
    assert t.loc[("a", "me"), "peak_strength"] == pytest.approx(strength_of(best))


def test_the_sample_networks_quiet_ties_have_faded_and_steady_ones_have_not(sample_graph):
    G = sample_graph
    for quiet in ("dana-okafor", "nadia-petrova", "samuel-osei"):
        d = G.edges["me", quiet]
        # calibrated on the sample's own history (the default since issue 13), the fit's
        # shorter half-life puts Nadia's peak at 0.898: still a strong tie at its height
        assert d["peak_strength"] > 0.85 and d["strength"] < 0.5 * d["peak_strength"]
    assert G.edges["me", "jordan-ellis"]["strength"] > 0.95


def test_columns_and_peak_date():
    ev = events(meet("a", "me", "2024-05-01", "call"), meet("a", "me", "2024-05-03", "call"))
    t = tie_strengths(ev, as_of=AS_OF, params=FLAT, now=AS_OF)
    assert tuple(t.columns) == TIE_COLUMNS
    row = t.iloc[0]
    assert row["peak_date"] == pd.Timestamp("2024-05-03", tz="UTC")
    # just after the second call: 0.7 * 2^(-2/10) + 0.7
    assert row["peak_strength"] == pytest.approx(strength_of(0.7 * 2**-0.2 + 0.7))
    assert row["rhythm_days"] == 2.0 and row["n_interactions"] == 2
    assert row["last_contact"] == pd.Timestamp("2024-05-03", tz="UTC")
    assert row["first_contact"] == pd.Timestamp("2024-05-01", tz="UTC")


def test_no_evidence_before_as_of_gives_an_empty_table():
    t = tie_strengths(
        events(meet("a", "me", "2024-07-01")), as_of=AS_OF, now=pd.Timestamp.now(tz="UTC")
    )
    assert len(t) == 0 and tuple(t.columns) == TIE_COLUMNS


def test_shared_contacts_slow_the_decay():
    # a-b share two contacts (c, d); a-e share none
    day = AS_OF - pd.Timedelta(days=20)
    ev = events(
        meet("a", "b", day),
        meet("a", "e", day),
        *[meet(x, y, day, "message") for x in ("a", "b") for y in ("c", "d")],
    )
    t = one(ev, params={**FLAT, "embedding_factor": 1.0})
    assert t.loc[("a", "b"), "shared_contacts"] == 2
    assert t.loc[("a", "e"), "shared_contacts"] == 0
    assert t.loc[("a", "b"), "half_life_days"] == pytest.approx(10 * (1 + math.log(3)))
    assert t.loc[("a", "e"), "half_life_days"] == pytest.approx(10)
    assert t.loc[("a", "b"), "strength"] > t.loc[("a", "e"), "strength"]


def test_the_activity_of_the_less_active_person_slows_the_decay():
    # b talked with x yesterday (a message, 0.3); a only with b 20 days ago
    ev = events(
        meet("a", "b", AS_OF - pd.Timedelta(days=20)),
        meet("b", "x", AS_OF - pd.Timedelta(days=0), "message"),
    )
    t = one(ev, params={**FLAT, "activity_factor": 1.0})
    # the less active of a and b is a: 1.0 * 2^(-20/10) = 0.25 faded interaction
    assert t.loc[("a", "b"), "half_life_days"] == pytest.approx(10 * (1 + math.log1p(0.25)))


def test_projection_helpers_agree_with_the_model():
    ev = events(("me", "c", "contact", None, "", np.nan), meet("c", "me", AS_OF, "call"))
    t = one(ev, params=FLAT)
    row = t.loc[("c", "me")]
    assert row["standing_evidence"] == pytest.approx(0.15)
    later = one(ev, as_of=AS_OF + pd.Timedelta(days=25), params=FLAT).loc[("c", "me")]
    kw = {"standing_evidence": row["standing_evidence"], "params": FLAT}
    assert float(
        projected_strength(row["strength"], 25, row["half_life_days"], **kw)
    ) == pytest.approx(later["strength"])
    d = float(days_until(row["strength"], later["strength"], row["half_life_days"], **kw))
    assert d == pytest.approx(25)
    # the listed-contact weight never fades: it never falls below strength_of(0.15)
    assert float(days_until(row["strength"], strength_of(0.1), 10.0, **kw)) == math.inf


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"auto_calibrate": "yes"}, "auto_calibrate must be true or false"),
        ({"channels": {"fax": -1}}, "[strength.channels] fax must be positive"),
        ({"channels": 3}, "[strength.channels] must be a table"),
    ],
)
def test_bad_strength_tables(table, message):
    with pytest.raises(tiegraph.ConfigError, match=re.escape(message)):
        StrengthParams.from_settings(table)


def test_tie_table_lists_the_owners_ties_strongest_first(sample_graph):
    before = {(u, v): dict(d) for u, v, d in sample_graph.edges(data=True)}
    t = tie_table(sample_graph, person="me")
    assert (t["u"] == "me").all() and len(t) == sample_graph.degree("me")
    assert t["strength"].is_monotonic_decreasing
    assert t.loc[0, "v"] == "jordan-ellis"
    assert {(u, v): dict(d) for u, v, d in sample_graph.edges(data=True)} == before
    with pytest.raises(tiegraph.NotFoundError, match="dana-okafor"):
        tie_table(sample_graph, person="dana")


def test_cli_strength_json_and_text(sample_folder, capsys):
    import json

    assert (
        main(
            [
                "strength",
                str(sample_folder),
                "--as-of",
                "2026-06-30",
                "--json",
                "--person",
                "me",
                "--limit",
                "2",
            ]
        )
        == 0
    )
    rows = json.loads(capsys.readouterr().out)
    assert [r["v"] for r in rows] == ["jordan-ellis", rows[1]["v"]] and len(rows) == 2
    assert set(rows[0]) >= {"strength", "peak_strength", "last_contact", "n_interactions"}
    assert rows[0]["last_contact"].startswith("2026-06-27")
    assert main(["strength", str(sample_folder), "--as-of", "2026-06-30", "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "Ties as of 2026-06-30, strongest first" in out and "Jordan" in out


def test_cli_strength_calibrate_prints_the_lines_to_pin(sample_folder, capsys):
    assert main(["strength", str(sample_folder), "--as-of", "2026-06-30", "--calibrate"]) == 0
    out = capsys.readouterr().out
    assert "Paste these lines into network.toml" in out
    assert "[strength]\nhalf_life_days = " in out


def test_cli_strength_in_a_real_process(sample_folder):
    import json
    import shutil
    import subprocess
    import sys

    exe = shutil.which("tiegraph") or str(
        __import__("pathlib").Path(sys.executable).parent / "tiegraph"
    )
    run = subprocess.run(
        [exe, "strength", str(sample_folder), "--as-of", "2026-06-30", "--json", "--limit", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)[0]["v"] == "jordan-ellis"


def test_auto_calibrate_in_network_toml_fits_at_load(write_folder):
    pinned = "[strength]\nhalf_life_days = 180\nrhythm_factor = 0\nauto_calibrate = false\n"
    files = history_files(channel="call", started_by=False)
    folder = write_folder({**files, "network.toml": pinned})
    as_of = pd.Timestamp("2024-05-01", tz="UTC")
    plain = tiegraph.load_network(folder, as_of=as_of)
    fitted = tiegraph.calibrate(folder, as_of=as_of)
    assert fitted.fitted and fitted.params.half_life_days < 180  # a long half-life fits badly
    (folder / "network.toml").write_text(pinned.replace("false", "true"))
    auto = tiegraph.load_network(folder, as_of=as_of)
    evidence = tiegraph.build.evidence_events(tiegraph.read_folder(folder), as_of=as_of)
    expect = tie_strengths(evidence, as_of=as_of, params=fitted.params).set_index(["u", "v"])
    for p in ("p20", "p35"):
        assert auto.edges["me", p]["strength"] == pytest.approx(expect.loc[("me", p), "strength"])
        assert plain.edges["me", p]["strength"] != pytest.approx(auto.edges["me", p]["strength"])


# --- direction: reciprocity and unanswered messages --------------------------------------


def said(u, v, day, by, channel="message"):
    """A message (or another interaction) between u and v that ``by`` started."""
    return (u, v, "interaction", day, channel, np.nan, by)


def directed(*rows):
    frame = events(*[r[:6] for r in rows])
    frame["started_by"] = [r[6] for r in rows]
    return frame


NO_RUN = {**FLAT, "unanswered_factor": 0}


def test_a_one_way_tie_is_weaker_than_an_exchange_with_the_same_count():
    days = [AS_OF - pd.Timedelta(days=d) for d in (1, 3, 5, 7)]
    ev = directed(
        *[said("a", "me", d, "me") for d in days],  # four messages, all from me
        *[said("b", "me", d, by) for d, by in zip(days, ["me", "b", "me", "b"], strict=True)],
    )
    t = one(ev, params=NO_RUN)
    faded = sum(2 ** (-d / 10) for d in (1, 3, 5, 7))
    # an exchange: 0.3 a message; all one-way: the surplus (all four) weighs 0.75 of that
    assert t.loc[("b", "me"), "strength"] == pytest.approx(strength_of(0.3 * faded))
    assert t.loc[("a", "me"), "strength"] == pytest.approx(strength_of(0.75 * 0.3 * faded))
    assert t.loc[("a", "me"), "reciprocity"] == 0.0 and t.loc[("b", "me"), "reciprocity"] == 1.0
    assert (t.loc[("a", "me"), "started_u"], t.loc[("a", "me"), "started_v"]) == (0, 4)


def test_a_partly_answered_tie_weighs_its_surplus_as_one_way():
    days = [AS_OF - pd.Timedelta(days=d) for d in (2, 4, 6, 8)]
    starters = ["a", "me", "a", "a"]
    ev = directed(*[said("a", "me", d, by) for d, by in zip(days, starters, strict=True)])
    t = one(ev, params=NO_RUN)
    # 3 from a, 1 from me: reciprocity 1/3; the surplus of 2 of 4 messages is one-way, so each
    # message weighs 0.3 * (1 - 0.25 * 2/4)
    faded = sum(2 ** (-d / 10) for d in (2, 4, 6, 8))
    assert t.loc[("a", "me"), "reciprocity"] == pytest.approx(1 / 3)
    assert t.loc[("a", "me"), "strength"] == pytest.approx(strength_of(0.3 * 0.875 * faded))


def test_an_unanswered_run_shortens_the_half_life():
    days = [AS_OF - pd.Timedelta(days=d) for d in (20, 15, 10, 5)]
    answered = [said("b", "me", d, by) for d, by in zip(days, ["me", "me", "me", "b"], strict=True)]
    unanswered = [
        said("a", "me", d, by) for d, by in zip(days, ["b", "me", "me", "me"], strict=True)
    ]
    t = one(directed(*answered, *unanswered), params=FLAT)
    # a: my last three messages went unanswered: 10 / (1 + 0.2 * (3 - 1))
    assert t.loc[("a", "me"), "unanswered"] == 3 and t.loc[("a", "me"), "unanswered_by"] == "me"
    assert t.loc[("a", "me"), "half_life_days"] == pytest.approx(10 / 1.4)
    # b answered last: no run, the plain half-life
    assert t.loc[("b", "me"), "unanswered"] == 0 and t.loc[("b", "me"), "unanswered_by"] == ""
    assert t.loc[("b", "me"), "half_life_days"] == pytest.approx(10)
    # same counts both ways (3 and 1), so the gap in strength is the faster fading alone
    later = one(directed(*answered, *unanswered), as_of=AS_OF + pd.Timedelta(days=30), params=FLAT)

    def kept(who):
        return later.loc[(who, "me"), "strength"] / t.loc[(who, "me"), "strength"]

    assert kept("a") < kept("b")


def test_a_single_message_not_yet_answered_is_no_run():
    ev = directed(said("a", "me", AS_OF - pd.Timedelta(days=1), "me"))
    t = one(ev, params=FLAT)
    assert t.loc[("a", "me"), "unanswered"] == 0
    assert t.loc[("a", "me"), "half_life_days"] == pytest.approx(10)


@pytest.mark.parametrize(
    ("rows", "why"),
    [
        ([("me", "call"), ("me", "call"), ("me", "in_person")], "calls and meetings are exchanges"),
        ([("", "message"), ("", "message"), ("", "message")], "nobody known to have started"),
        ([("me", "message"), ("me", "message"), ("x", "message")], "a third person started it"),
    ],
)
def test_no_direction_means_no_penalty(rows, why):
    days = [AS_OF - pd.Timedelta(days=d) for d in (6, 4, 2)]
    ev = directed(*[said("a", "me", d, by, ch) for d, (by, ch) in zip(days, rows, strict=True)])
    plain = one(events(*[meet("a", "me", d, ch) for d, (_, ch) in zip(days, rows, strict=True)]))
    t = one(ev, params=FLAT)
    directed_count = t.loc[("a", "me"), "started_u"] + t.loc[("a", "me"), "started_v"]
    if why == "a third person started it":
        assert directed_count == 2  # me twice; the third person's message counts as unknown
        return
    assert directed_count == 0 and np.isnan(t.loc[("a", "me"), "reciprocity"]), why
    assert t.loc[("a", "me"), "strength"] == pytest.approx(plain.loc[("a", "me"), "strength"])
    assert t.loc[("a", "me"), "unanswered"] == 0


def test_started_by_in_interactions_csv_reaches_the_graph(write_folder):
    folder = write_folder(
        {
            "contacts.csv": "id,name\nana,Ana\nbo,Bo\n",
            "interactions.csv": "date,with,by,channel,started_by\n"
            "2024-05-01,ana,,message,me\n2024-05-02,ana,,message,me\n2024-05-03,ana,,message,me\n"
            "2024-05-01,bo,,message,me\n2024-05-02,bo,,message,bo\n2024-05-03,bo,,message,me\n",
            "network.toml": "[strength]\nauto_calibrate = false\n",
        }
    )
    G = tiegraph.load_network(folder, as_of="2024-05-10")
    ana, bo = G.edges["me", "ana"], G.edges["me", "bo"]
    assert ana["reciprocity"] == 0.0 and ana["unanswered"] == 3 and ana["unanswered_by"] == "me"
    assert bo["reciprocity"] == 0.5 and bo["unanswered"] == 0
    assert ana["strength"] < bo["strength"]


# --- attention and the automatic base half-life ------------------------------------------


def test_attention_shares_recent_activity_over_each_persons_ties():
    # a-b: a message today; a-c: a message 10 days ago. h0 = 10, long run 2 * 10 = 20 days.
    ev = events(
        meet("a", "b", AS_OF, "message"), meet("a", "c", AS_OF - pd.Timedelta(days=10), "message")
    )
    params = {**FLAT, "attention_weight": 1.0, "attention_span": 2.0}
    t = one(ev, params=params)
    act = {"a": 0.3 + 0.15, "b": 0.3, "c": 0.15}  # each person's messages faded with h0
    long_ab, long_ac = 0.3, 0.3 * 2 ** (-10 / 20)
    total = {"a": long_ab + long_ac, "b": long_ab, "c": long_ac}
    att_ab = act["a"] * long_ab / total["a"] + act["b"] * 1.0
    att_ac = act["a"] * long_ac / total["a"] + act["c"] * 1.0
    assert t.loc[("a", "b"), "attention_evidence"] == pytest.approx(att_ab)
    assert t.loc[("a", "c"), "attention_evidence"] == pytest.approx(att_ac)
    assert t.loc[("a", "c"), "strength"] == pytest.approx(strength_of(0.15 + att_ac))


def test_the_automatic_base_half_life_is_the_networks_tempo():
    # a: every 4 days (5 contacts, 16 days); b: every 8 days (3 contacts, 16 days); c: once.
    # tempo = 32 days / 6 gaps; with tempo_factor 1 it is c's half-life
    ev = events(
        *[meet("a", "me", AS_OF - pd.Timedelta(days=4 * k)) for k in range(5)],
        *[meet("b", "me", AS_OF - pd.Timedelta(days=8 * k)) for k in range(3)],
        meet("c", "me", AS_OF - pd.Timedelta(days=3)),
    )
    auto = {**FLAT, "half_life_days": "auto", "rhythm_factor": 0}
    t = one(ev, params=auto)
    assert t.loc[("c", "me"), "half_life_days"] == pytest.approx(32 / 6)
    t2 = one(ev, params={**auto, "tempo_factor": 2})
    assert t2.loc[("c", "me"), "half_life_days"] == pytest.approx(64 / 6)


def test_effective_params_give_one_persons_ties_the_whole_networks_strengths():
    # the automatic half-life is the whole network's tempo: a subset has another tempo
    ev = events(
        *[meet("a", "me", AS_OF - pd.Timedelta(days=2 * k)) for k in range(6)],
        *[meet("b", "c", AS_OF - pd.Timedelta(days=20 * k), "call") for k in range(4)],
    )
    params = {"attention_weight": 0.5}
    whole = one(ev, params=params)
    mine = ev[(ev["u"] == "me") | (ev["v"] == "me")]
    eff = tiegraph.strength.effective_params(ev, as_of=AS_OF, params=params)
    assert eff.half_life_days == pytest.approx((10 + 60) / (5 + 3))  # spans over gaps
    assert one(mine, params=eff).loc[("a", "me"), "strength"] == pytest.approx(
        whole.loc[("a", "me"), "strength"]
    )
    assert one(mine, params=params).loc[("a", "me"), "strength"] != pytest.approx(
        whole.loc[("a", "me"), "strength"]
    )


def test_explain_tie_words_what_the_table_holds():
    days = [AS_OF - pd.Timedelta(days=d) for d in (9, 6, 3)]
    ev = directed(*[said("a", "me", d, "me") for d in days])
    row = one(ev, params=FLAT).reset_index().iloc[0].to_dict()
    text = tiegraph.ties.explain_tie(row, as_of=AS_OF, names={"me": "you", "a": "Ana"})
    assert text.startswith(f"strength {row['strength']:.2f}: 3 interactions, the last 3 days ago")
    assert "one-way: you started all 3 messages, Ana none" in text
    assert "the last 3 from you unanswered (fading faster)" in text
    assert "attention" not in text  # switched off in FLAT


def test_tie_table_carries_direction_and_attention(write_folder):
    folder = write_folder(
        {
            "contacts.csv": "id,name\nana,Ana\n",
            "interactions.csv": "date,with,by,channel,started_by\n"
            "2024-05-01,ana,,message,ana\n2024-05-02,ana,,message,me\n",
            "network.toml": "[strength]\nauto_calibrate = false\n",
        }
    )
    t = tie_table(tiegraph.load_network(folder, as_of="2024-05-10"))
    assert t.loc[0, ["reciprocity", "unanswered"]].tolist() == [1.0, 0]
    assert t.loc[0, "attention_evidence"] > 0


def test_dates_in_the_ties_table_are_to_the_second():
    # ages are float days; a time of day came back as 00:59:59.999999995 before rounding
    from tiegraph.strength import _to_dates

    as_of = pd.Timestamp("2024-11-10 12:00:00", tz="UTC")
    age = ((as_of - pd.Timestamp("2024-11-06 01:00:00", tz="UTC")) / pd.Timedelta(days=1)) * (
        1 + 1e-13
    )
    got = _to_dates(as_of, np.array([age, np.nan]))
    assert got[0] == pd.Timestamp("2024-11-06 01:00:00", tz="UTC") and pd.isna(got[1])
