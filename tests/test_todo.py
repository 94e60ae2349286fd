"""The day's to-do list: each kind appears exactly when it should, and goes once acted on.

Every case is a small folder written inline with hand-picked dates; the
comments give the arithmetic (follow_up_days 7, thank_days 60, event_days 7,
ask_interval_weeks 4, reference_days 30 unless a test sets them).
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

import tiegraph
from tiegraph.dormant import dormant_ties
from tiegraph.todos import TODO_COLUMNS, TODO_KINDS, todo

CONTACTS = (
    "id,name,org,direct\n"
    "priya,Priya Raman,SEIU,\n"
    "bo,Bo Chen,,\n"
    "cy,Cy Diaz,,\n"
    "dee,Dee Evans,AFT,no\n"
    "ed,Ed Fox,,\n"
)
INTERACTIONS_HEAD = "date,with,by,channel,notes\n"


def _weekly(person: str, first: str, n: int, by: str = "", channel: str = "in_person") -> str:
    days = pd.date_range(first, periods=n, freq="7D")
    return "".join(f"{d:%Y-%m-%d},{person},{by},{channel},\n" for d in days)


# Priya and Cy: strong and steady up to 2024-04-28; Priya and Cy know Dee (AFT); Ed: one call in
# 2022, the only way to the Guild.
BASE_LOG = (
    _weekly("priya", "2024-01-07", 17)
    + _weekly("cy", "2024-01-08", 17)
    + _weekly("bo", "2024-03-03", 3, channel="call")
    + _weekly("dee", "2024-01-09", 17, by="priya")
    + _weekly("dee", "2024-03-10", 3, by="cy", channel="call")
    + "2022-03-01,ed,,call,\n"
)


def _folder(
    write_folder,
    *,
    asks: str = "",
    log: str = "",
    intros: str = "",
    affiliations: str = "",
    toml: str = "",
    name: str = "net",
):
    files = {
        "contacts.csv": CONTACTS + "guy,Guy Hall,Guild,no\n",
        "interactions.csv": INTERACTIONS_HEAD + BASE_LOG + "2023-06-01,guy,ed,call,\n" + log,
        "introductions.csv": "person,met_through,to,date,context\n" + intros,
        "network.toml": '[owner]\nid = "me"\nname = "Alex Rivera"\n' + toml,
    }
    if asks:
        files["asks.csv"] = "id,person,date,for,org,about,job,status,due,closed,result\n" + asks
    if affiliations:
        files["affiliations.csv"] = "person,org,title,start,end\n" + affiliations
    return write_folder(files, name)


def _todo(folder, as_of: str) -> pd.DataFrame:
    data = tiegraph.read_folder(folder)
    G = tiegraph.build_graph(data, as_of=as_of)
    return todo(G, data=data)


def _kind(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    return frame[frame["kind"] == kind]


# --- follow-ups ----------------------------------------------------------------------------

ASK_PRIYA = "1,priya,2024-05-01,names,,,,open,2024-05-08,,\n"


@pytest.mark.parametrize(
    ("as_of", "shown", "words"),
    [
        ("2024-05-07", False, None),  # due tomorrow
        ("2024-05-08", True, "follow-up due today"),
        ("2024-05-10", True, "follow-up 2 days overdue"),
        ("2024-05-29", True, "follow-up 3 weeks overdue"),
    ],
)
def test_a_follow_up_is_listed_from_its_due_date(write_folder, as_of, shown, words):
    rows = _kind(_todo(_folder(write_folder, asks=ASK_PRIYA), as_of), "follow_up")
    assert len(rows) == int(shown)
    if shown:
        row = rows.iloc[0]
        assert (row["person"], row["ask"], row["what"]) == (
            "priya",
            "1",
            "Follow up with Priya Raman (ask 1)",
        )
        assert row["date"] == pd.Timestamp("2024-05-08", tz="UTC")
        assert row["why"] == (
            "you asked them for names on 2024-05-01 ("
            + {"2024-05-08": "7 days ago", "2024-05-10": "9 days ago", "2024-05-29": "4 weeks ago"}[
                as_of
            ]
            + f"); nothing logged with them since; {words}"
        )


def test_without_a_due_date_the_follow_up_comes_a_week_after_the_ask(write_folder):
    folder = _folder(write_folder, asks="1,priya,2024-05-01,names,,,,,,,\n")  # empty status: open
    assert _kind(_todo(folder, "2024-05-07"), "follow_up").empty
    assert len(_kind(_todo(folder, "2024-05-08"), "follow_up")) == 1


def test_a_contact_logged_after_the_ask_moves_the_follow_up_a_round_later(write_folder):
    folder = _folder(write_folder, asks=ASK_PRIYA, log="2024-05-09,priya,,call,\n")
    assert len(_kind(_todo(folder, "2024-05-08"), "follow_up")) == 1  # the call is in the future
    assert _kind(_todo(folder, "2024-05-10"), "follow_up").empty  # 2024-05-09 + 7 = 2024-05-16
    assert _kind(_todo(folder, "2024-05-15"), "follow_up").empty
    again = _kind(_todo(folder, "2024-05-16"), "follow_up")
    assert again["date"].tolist() == [pd.Timestamp("2024-05-16", tz="UTC")]
    assert "last in touch 2024-05-09; follow-up due today" in again["why"].iloc[0]


def test_a_contact_on_the_day_of_the_ask_is_not_a_follow_up(write_folder):
    folder = _folder(write_folder, asks=ASK_PRIYA, log="2024-05-01,priya,,call,\n")
    assert len(_kind(_todo(folder, "2024-05-08"), "follow_up")) == 1


@pytest.mark.parametrize("status", ["done", "declined", "no-reply"])
def test_a_closed_ask_needs_no_follow_up_from_the_day_it_closed(write_folder, status):
    folder = _folder(
        write_folder, asks=f"1,priya,2024-05-01,names,,,,{status},2024-05-08,2024-05-09,\n"
    )
    assert len(_kind(_todo(folder, "2024-05-08"), "follow_up")) == 1  # still open that day
    assert _kind(_todo(folder, "2024-05-09"), "follow_up").empty


def test_told_needs_no_follow_up(write_folder):
    folder = _folder(write_folder, asks="1,priya,2024-04-01,told,,,,open,,,\n")
    assert _kind(_todo(folder, "2024-05-20"), "follow_up").empty


# --- thank-yous ----------------------------------------------------------------------------

INTRO_BO = "bo,priya,,2024-05-10,union hall\n"


@pytest.mark.parametrize(
    ("as_of", "owed"),
    [
        ("2024-05-09", False),  # before the introduction
        ("2024-05-10", True),
        ("2024-07-09", True),  # 60 days after
        ("2024-07-10", False),  # 61 days: out of the window
    ],
)
def test_an_introduction_calls_for_a_thank_you_for_sixty_days(write_folder, as_of, owed):
    rows = _kind(_todo(_folder(write_folder, intros=INTRO_BO), as_of), "thank")
    assert rows["person"].tolist() == (["priya"] if owed else [])
    if owed:
        assert rows["what"].iloc[0] == "Thank Priya Raman"
        assert rows["why"].iloc[0].startswith("Priya Raman introduced you to Bo Chen (")
        assert rows["why"].iloc[0].endswith("); nothing logged with them since")


def test_a_thank_you_logged_that_day_or_later_ends_it(write_folder):
    for day in ("2024-05-10", "2024-05-12"):
        folder = _folder(
            write_folder,
            intros=INTRO_BO,
            log=f"{day},priya,,email,thank-you: for Bo\n",
            name=f"net-{day}",
        )
        assert _kind(_todo(folder, "2024-05-09"), "thank").empty
        assert _kind(_todo(folder, day), "thank").empty
        if day == "2024-05-12":
            assert len(_kind(_todo(folder, "2024-05-11"), "thank")) == 1


def test_another_contact_ends_it_only_when_after_the_help(write_folder):
    same_day = _folder(write_folder, intros=INTRO_BO, log="2024-05-10,priya,,call,\n", name="a")
    assert len(_kind(_todo(same_day, "2024-05-20"), "thank")) == 1
    later = _folder(write_folder, intros=INTRO_BO, log="2024-05-11,priya,,call,\n", name="b")
    assert len(_kind(_todo(later, "2024-05-10"), "thank")) == 1
    assert _kind(_todo(later, "2024-05-11"), "thank").empty


def test_names_given_after_a_names_ask_are_counted_as_names(write_folder):
    folder = _folder(
        write_folder,
        asks="1,priya,2024-05-01,names,,,,done,,2024-05-12,two names\n",
        intros=INTRO_BO + "cy,priya,,2024-05-12,email\n",
    )
    row = _kind(_todo(folder, "2024-05-20"), "thank").iloc[0]
    assert row["why"] == (
        "Priya Raman gave you 2 names: Bo Chen and Cy Diaz (8 days ago); "
        "nothing logged with them since"
    )
    assert row["date"] == pd.Timestamp("2024-05-12", tz="UTC")


def test_an_informational_meeting_done_calls_for_a_thank_you_from_the_day_it_was_done(
    write_folder,
):
    folder = _folder(
        write_folder,
        asks="1,bo,2024-05-01,informational,SEIU,,,done,,2024-05-20,\n",
        log="2024-05-15,bo,,message,\n",  # before the meeting: does not count
    )
    assert _kind(_todo(folder, "2024-05-19"), "thank").empty  # still open then
    row = _kind(_todo(folder, "2024-05-20"), "thank").iloc[0]
    assert row["why"] == (
        "Bo Chen met you for an informational meeting about SEIU (today); "
        "nothing logged with them since"
    )
    thanked = _folder(
        write_folder,
        asks="1,bo,2024-05-01,informational,SEIU,,,done,,2024-05-20,\n",
        log="2024-05-20,bo,,email,thank-you\n",
        name="thanked",
    )
    assert _kind(_todo(thanked, "2024-05-21"), "thank").empty


def test_a_declined_ask_calls_for_no_thank_you(write_folder):
    folder = _folder(write_folder, asks="1,bo,2024-05-01,informational,,,,declined,,2024-05-02,\n")
    assert _kind(_todo(folder, "2024-05-03"), "thank").empty


# --- people met at an event ------------------------------------------------------------------

MET_ED = "ed,,,2024-05-10,spring gala\n"


@pytest.mark.parametrize(
    ("as_of", "shown"),
    [("2024-05-09", False), ("2024-05-10", True), ("2024-05-17", True), ("2024-05-18", False)],
)
def test_people_met_at_an_event_are_listed_for_a_week(write_folder, as_of, shown):
    rows = _kind(_todo(_folder(write_folder, intros=MET_ED), as_of), "event")
    assert rows["person"].tolist() == (["ed"] if shown else [])
    if as_of == "2024-05-10":
        assert rows["why"].iloc[0] == (
            "you met at spring gala today and nothing is logged since: "
            "a short note while they remember you"
        )


def test_an_event_follow_up_goes_once_a_contact_after_the_event_is_logged(write_folder):
    same_day = _folder(write_folder, intros=MET_ED, log="2024-05-10,ed,,in_person,\n", name="a")
    assert len(_kind(_todo(same_day, "2024-05-11"), "event")) == 1
    next_day = _folder(write_folder, intros=MET_ED, log="2024-05-11,ed,,email,\n", name="b")
    assert len(_kind(_todo(next_day, "2024-05-10"), "event")) == 1
    assert _kind(_todo(next_day, "2024-05-11"), "event").empty


# --- whom to ask next ----------------------------------------------------------------------

TARGET_AFT = '\n[targets]\norgs = ["AFT"]\n'


def test_the_best_introducer_is_suggested_for_each_target(write_folder):
    rows = _kind(_todo(_folder(write_folder, toml=TARGET_AFT), "2024-05-01"), "ask")
    assert rows[["person", "org", "what"]].values.tolist() == [
        ["priya", "AFT", "Ask Priya Raman for an introduction to AFT"]
    ]
    assert rows["why"].iloc[0].startswith("your best way into AFT: Priya Raman → Dee Evans (score ")


@pytest.mark.parametrize(
    ("as_of", "who"),
    [
        ("2024-05-02", "cy"),  # Priya was asked the day before
        ("2024-05-28", "cy"),  # 27 days after: within 4 weeks
        ("2024-05-29", "priya"),  # 28 days after: she may be asked again
    ],
)
def test_nobody_is_suggested_twice_within_the_ask_interval(write_folder, as_of, who):
    folder = _folder(
        write_folder,
        toml=TARGET_AFT,
        asks="1,priya,2024-05-01,intro,AFT,dee,,declined,,2024-05-01,\n",
    )
    rows = _kind(_todo(folder, as_of), "ask")
    assert rows["person"].tolist() == [who]
    if who == "priya":
        assert (
            rows["why"]
            .iloc[0]
            .endswith("; earlier they declined an introduction to Dee Evans (2024-05-01)")
        )


def test_no_suggestion_for_a_target_with_an_open_ask(write_folder):
    folder = _folder(write_folder, toml=TARGET_AFT, asks="1,cy,2024-05-01,intro,AFT,,,open,,,\n")
    assert _kind(_todo(folder, "2024-05-03"), "ask").empty


def test_the_same_person_is_not_suggested_for_two_targets(write_folder):
    toml = '\n[targets]\norgs = ["AFT", "Dee\'s union"]\n'
    folder = _folder(
        write_folder,
        toml=toml,
        affiliations="dee,Dee's union,,2020-01-01,\n",
    )
    rows = _kind(_todo(folder, "2024-05-01"), "ask")
    assert rows[["org", "person"]].values.tolist() == [["AFT", "priya"], ["Dee's union", "cy"]]


def test_a_weak_or_quiet_first_hop_is_to_be_reconnected_first(write_folder):
    folder = _folder(write_folder, toml='\n[targets]\norgs = ["Guild"]\n')
    row = _kind(_todo(folder, "2024-05-01"), "ask").iloc[0]
    assert row["person"] == "ed"
    assert row["what"] == "Reconnect with Ed Fox first (your way into Guild)"
    assert "your tie is weak (" in row["why"] and row["why"].endswith("a catch-up before a favour")


# --- tell people you are looking --------------------------------------------------------------

SEARCH = '\n[search]\nstart = "2024-04-01"\ngoal = "a field job"\n\n[outreach]\nper_kind = 2\n'


def test_the_strongest_ties_not_yet_told_are_listed_while_the_search_goes_on(write_folder):
    folder = _folder(write_folder, toml=SEARCH)
    rows = _kind(_todo(folder, "2024-05-01"), "tell")
    assert rows["person"].tolist() == ["priya", "cy"]  # two per kind, strongest first
    assert rows["what"].tolist() == [
        "Tell Priya Raman you are looking",
        "Tell Cy Diaz you are looking",
    ]
    assert rows["why"].iloc[0].endswith("say what you want: a field job")
    told = _folder(write_folder, toml=SEARCH, asks="1,priya,2024-04-20,told,,,,done,,2024-04-20,\n",
                   name="told")  # fmt: skip
    assert _kind(_todo(told, "2024-05-01"), "tell")["person"].tolist() == ["cy", "bo"]
    assert _kind(_todo(told, "2024-04-19"), "tell")["person"].tolist() == ["priya", "cy"]


def test_nobody_is_told_before_the_search_or_after_it_ended(write_folder):
    folder = _folder(write_folder, toml=SEARCH.replace("goal", 'end = "2024-04-30"\ngoal'))
    assert _kind(_todo(folder, "2024-03-31"), "tell").empty
    assert len(_kind(_todo(folder, "2024-04-30"), "tell")) == 2
    assert _kind(_todo(folder, "2024-05-01"), "tell").empty


def test_an_ask_before_the_search_does_not_count_as_telling(write_folder):
    folder = _folder(
        write_folder, toml=SEARCH, asks="1,priya,2024-03-01,names,,,,done,,2024-03-02,\n"
    )
    assert _kind(_todo(folder, "2024-05-01"), "tell")["person"].tolist() == ["priya", "cy"]


# --- references when a role ends ----------------------------------------------------------------

ROLE = (
    "me,Campaign,Volunteer,2024-01-01,2024-06-15\npriya,Campaign,Organizer,2023-06-01,2024-06-15\n"
)


@pytest.mark.parametrize(
    ("as_of", "shown"),
    [("2024-05-15", False), ("2024-05-16", True), ("2024-07-15", True), ("2024-07-16", False)],
)
def test_references_are_collected_thirty_days_either_side_of_a_role_ending(
    write_folder, as_of, shown
):
    folder = _folder(write_folder, affiliations=ROLE, toml="\n[outreach]\nper_kind = 1\n")
    rows = _kind(_todo(folder, as_of), "reference")
    assert rows["person"].tolist() == (["priya"] if shown else [])
    if as_of == "2024-05-16":
        assert rows["what"].iloc[0] == "Ask Priya Raman for a reference and names"
        assert (
            rows["why"]
            .iloc[0]
            .startswith(
                "your time at Campaign ends 2024-06-15 (in 4 weeks); you worked with them (17 "
                "interactions, tie "
            )
        )


def test_a_reference_ask_since_the_role_began_takes_the_person_off(write_folder):
    folder = _folder(
        write_folder,
        affiliations=ROLE,
        asks="1,priya,2024-06-01,reference,Campaign,,,open,2024-06-30,,\n",
    )
    assert _kind(_todo(folder, "2024-06-10"), "reference").empty
    assert len(_kind(_todo(folder, "2024-05-31"), "reference")) == 1


def test_colleagues_who_were_not_there_at_the_same_time_are_not_listed(write_folder):
    folder = _folder(
        write_folder,
        affiliations="me,Campaign,,2024-01-01,2024-06-15\ncy,Campaign,,2020-01-01,2021-01-01\n",
    )
    assert _kind(_todo(folder, "2024-06-01"), "reference").empty


# --- the list as a whole --------------------------------------------------------------------------


def test_columns_kinds_and_ranks(write_folder):
    folder = _folder(
        write_folder, toml=TARGET_AFT + SEARCH, asks=ASK_PRIYA, intros=INTRO_BO + MET_ED
    )
    frame = _todo(folder, "2024-05-10")
    assert tuple(frame.columns) == TODO_COLUMNS
    assert frame["rank"].tolist() == list(range(1, len(frame) + 1))
    order = [TODO_KINDS.index(k) for k in frame["kind"]]
    assert order == sorted(order)
    # Priya: a follow-up and a thank-you, so neither suggested (Cy is) nor told; Ed was met at
    # the gala; Cy is suggested, so Bo is the one to tell (Dee is no direct contact)
    assert frame[["kind", "person"]].values.tolist() == [
        ["follow_up", "priya"],
        ["thank", "priya"],
        ["event", "ed"],
        ["ask", "cy"],
        ["tell", "bo"],
    ]


def test_todo_does_not_change_the_graph_and_limit_cuts_the_list(write_folder):
    folder = _folder(write_folder, toml=TARGET_AFT + SEARCH, intros=INTRO_BO)
    data = tiegraph.read_folder(folder)
    G = tiegraph.build_graph(data, as_of="2024-05-10")
    before = (dict(G.graph), {n: dict(d) for n, d in G.nodes(data=True)}, list(G.edges(data=True)))
    full = todo(G, data=data)
    assert len(full) > 2
    assert todo(G, data=data, limit=2).equals(full.head(2))
    after = (dict(G.graph), {n: dict(d) for n, d in G.nodes(data=True)}, list(G.edges(data=True)))
    assert before == after


def test_a_loaded_graph_carries_its_tables_and_a_bare_one_is_a_clear_error(write_folder):
    folder = _folder(write_folder)
    G = tiegraph.load_network(folder, as_of="2024-05-10")
    pd.testing.assert_frame_equal(todo(G), todo(G, data=tiegraph.read_folder(folder)))
    del G.graph["outreach"]
    with pytest.raises(
        tiegraph.ConfigError, match=re.escape("pass data=tiegraph.read_folder(folder)")
    ):
        todo(G)


def test_on_the_sample_revive_follows_dormant_ties_without_people_listed_above():
    data = tiegraph.read_folder(tiegraph.sample_folder())
    G = tiegraph.build_graph(data, as_of=tiegraph.SAMPLE_AS_OF)
    frame = todo(G, data=data)
    listed_above = set(frame[~frame["kind"].isin(["revive"])]["person"])
    open_asks = set(data.asks[data.asks["status"] == "open"]["person"])
    expected = [p for p in dormant_ties(G)["id"] if p not in listed_above | open_asks][:3]
    assert _kind(frame, "revive")["person"].tolist() == expected
    # the story: Priya's introduction is overdue, Ken is owed a thank-you
    assert frame.iloc[0][["kind", "person", "ask"]].tolist() == ["follow_up", "priya-raman", "11"]
    assert frame.iloc[1][["kind", "person"]].tolist() == ["thank", "ken-watanabe"]
    assert "declined a referral for the Legislative Aide job" in " ".join(frame["why"])
