"""The outreach loop from the command line: ask, ask done|declined|no-reply, asks, thank, told,
search start|stop, draft, jobs status, todo, the demo; every writing command undone byte for byte.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from _cli import (
    FUTURE,
    assert_undone_byte_for_byte,
    csv,
    data_files,
    folder_by_commands,
    run,
)

from tiegraph import read_folder

ASKS_HEADER = "id,person,date,for,org,about,job,status,due,closed,result,notes\n"


@pytest.fixture
def net(tmp_path, capsys):
    """Priya (SEIU), Bo met through her, Cy; a call with Priya; one posting; no history."""
    commands = (
        ["add", "Priya Raman", "--org", "SEIU", "--date", "2024-01-05"],
        ["add", "Bo Chen", "--met-through", "priya-raman", "--context", "union hall",
         "--date", "2024-05-10"],
        ["add", "Cy Diaz", "--date", "2024-02-03"],
        ["log", "priya-raman", "--channel", "call", "--date", "2024-03-02"],
        ["jobs", "add", "--org", "SEIU", "--title", "Organizer"],
    )  # fmt: skip
    return folder_by_commands(tmp_path / "net", commands, capsys)


def _with_asks(folder: Path, rows: str) -> None:
    (folder / "asks.csv").write_text(ASKS_HEADER + rows, encoding="utf-8")


# --- undo: byte for byte, after every writing command -------------------------------------

WRITING_COMMANDS = {
    "ask (first asks.csv)": ["ask", "priya-raman", "--for", "names", "--org", "SEIU",
                             "--date", "2024-05-01", "--due", FUTURE, "--into"],
    "told": ["told", "cy-diaz", "Bo Chen", "--date", "2024-05-02", "--into"],
    "thank": ["thank", "priya-raman", "--date", "2024-05-11", "--note", "for Bo", "--into"],
    "search start": ["search", "start", "--goal", "a field job", "--orgs", "SEIU,AFT",
                     "--date", "2024-04-01", "--into"],
    "jobs status": ["jobs", "status", "1", "applied", "--into"],
}  # fmt: skip


@pytest.mark.parametrize("argv", WRITING_COMMANDS.values(), ids=WRITING_COMMANDS.keys())
def test_undo_leaves_every_file_byte_identical_after_each_writing_command(net, capsys, argv):
    assert_undone_byte_for_byte(capsys, net, argv)


@pytest.mark.parametrize("word", ["done", "declined", "no-reply"])
def test_closing_an_ask_is_undone_byte_for_byte(net, capsys, word):
    _with_asks(net, "1,priya-raman,2024-05-01,names,,,,open,,,,\n")
    before = data_files(net)
    status, out, err = run(capsys, "ask", word, "1", "--date", "2024-05-09", "--into", net)
    assert (status, err) == (0, "")
    assert out == f"ask 1 (Priya Raman (priya-raman), names): {word}\n"
    assert (
        csv(net, "asks.csv")
        == ASKS_HEADER + f"1,priya-raman,2024-05-01,names,,,,{word},,2024-05-09,,\n"
    )
    run(capsys, "undo", net)
    assert data_files(net) == before


def test_search_stop_is_undone_byte_for_byte(net, capsys):
    run(capsys, "search", "start", "--goal", "x", "--date", "2024-04-01", "--into", net)
    before = data_files(net)
    status, out, _ = run(capsys, "search", "stop", "--date", "2024-06-01", "--into", net)
    assert (status, out) == (0, "job search 2024-04-01 to 2024-06-01 ended\n")
    assert 'end = "2024-06-01"' in csv(net, "network.toml")
    run(capsys, "undo", net)
    assert data_files(net) == before


# --- ask ------------------------------------------------------------------------------------


def test_ask_appends_a_row_and_says_what_it_recorded(net, capsys):
    status, out, err = run(
        capsys, "ask", "Priya Raman", "--for", "intro", "--job", "1", "--about", "bo-chen",
        "--date", "2024-05-01", "--due", "2024-05-08", "--note", "at the picnic", "--into", net,
    )  # fmt: skip
    assert (status, err) == (0, "")
    assert out == (
        "ask 1: Priya Raman (priya-raman), for intro about the Organizer job, SEIU, "
        "Bo Chen (bo-chen), on 2024-05-01; follow up on 2024-05-08\n"
    )
    assert csv(net, "asks.csv") == ASKS_HEADER + (
        "1,priya-raman,2024-05-01,intro,SEIU,bo-chen,Organizer,open,2024-05-08,,,at the picnic\n"
    )
    run(capsys, "ask", "cy-diaz", "--for", "told", "--date", "2024-05-02", "--into", net)
    assert (
        csv(net, "asks.csv").splitlines()[-1] == "2,cy-diaz,2024-05-02,told,,,,done,,2024-05-02,,"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ask", "priya-raman", "--for", "coffee"], "--for: 'coffee' is not a kind of ask"),
        (["ask", "priya-raman", "--for", "names", "--date", FUTURE],
         f"--date: '{FUTURE}' is in the future"),
        (["ask", "priya-raman", "--for", "names", "--date", "2024-05-01", "--due", "2024-04-01"],
         "--due: 2024-04-01 is before the ask (2024-05-01)"),
        (["ask", "priya-raman", "--for", "names", "--due", "soon"], "--due: 'soon' is not a date"),
        (["ask", "priya-raman", "--for", "names", "--job", "7"], "--job: there is no job #7"),
        (["ask", "prya", "--for", "names"], "unknown contact 'prya'; did you mean: priya-raman"),
        (["ask", "me", "--for", "names"], "PERSON: that is you"),
        (["ask", "done", "9"], "ID: there is no ask '9' in asks.csv"),
        (["thank", "priya-raman", "--channel", "pigeon"], "--channel: 'pigeon' is not a known"),
        (["thank", "priya-raman", "--date", FUTURE], f"--date: '{FUTURE}' is in the future"),
        (["told", "cy-diaz", "--date", FUTURE], f"--date: '{FUTURE}' is in the future"),
        (["search", "stop"], "no job search in"),
        (["jobs", "status", "3", "applied"], "N: there is no job #3 (jobs.csv has 1"),
        (["draft", "priya-raman", "--for", "sonnet"], "unknown template 'sonnet'; did you mean: "),
        (["draft", "--for", "intro"], "PERSON: whom do you write to?"),
    ],
)  # fmt: skip
def test_refusals_are_one_line_and_change_nothing(net, capsys, argv, message):
    before = data_files(net)
    status, out, err = run(capsys, *argv, "--into", net)
    assert (status, out) == (1, "")
    assert err.startswith(f"error: {message}"), err
    assert err.count("\n") == 1
    assert data_files(net) == before


def test_a_due_date_may_be_in_the_future_and_closing_before_the_ask_is_refused(net, capsys):
    status, _, err = run(capsys, "ask", "cy-diaz", "--for", "names", "--due", FUTURE, "--into", net)
    assert (status, err) == (0, "")
    assert f",{FUTURE}," in csv(net, "asks.csv")
    _with_asks(net, "1,priya-raman,2024-05-01,names,,,,open,,,,\n")
    status, _, err = run(capsys, "ask", "done", "1", "--date", "2024-04-30", "--into", net)
    assert (status, err) == (1, "error: --date: 2024-04-30 is before the ask (2024-05-01)\n")


def test_ask_done_keeps_a_result(net, capsys):
    _with_asks(net, "1,priya-raman,2024-05-01,names,,,,open,,,,\n")
    run(
        capsys,
        "ask",
        "done",
        "1",
        "--date",
        "2024-05-10",
        "--result",
        "Bo, and more",
        "--into",
        net,
    )
    assert csv(net, "asks.csv").splitlines()[-1] == (
        '1,priya-raman,2024-05-01,names,,,,done,,2024-05-10,"Bo, and more",'
    )


# --- told, thank, search ----------------------------------------------------------------------


def test_told_records_each_person_once_per_search(net, capsys):
    run(capsys, "search", "start", "--date", "2024-04-01", "--into", net)
    status, out, _ = run(
        capsys, "told", "cy-diaz", "bo-chen", "--date", "2024-05-02", "--into", net
    )
    assert (status, out) == (0, "told on 2024-05-02: Cy Diaz (cy-diaz), Bo Chen (bo-chen)\n")
    status, out, _ = run(capsys, "told", "cy-diaz", "--date", "2024-05-03", "--into", net)
    assert (status, out) == (0, "Cy Diaz (cy-diaz) was told on 2024-05-02 already\n")
    assert csv(net, "asks.csv") == ASKS_HEADER + (
        "1,cy-diaz,2024-05-02,told,,,,done,,2024-05-02,,\n"
        "2,bo-chen,2024-05-02,told,,,,done,,2024-05-02,,\n"
    )


def test_thank_logs_an_interaction_of_its_own_kind(net, capsys):
    status, out, _ = run(capsys, "thank", "priya-raman", "--date", "2024-05-11", "--into", net)
    assert (status, out) == (0, "thanked Priya Raman (priya-raman) by email on 2024-05-11\n")
    run(capsys, "thank", "bo-chen", "--channel", "message", "--note", "for the coffee",
        "--date", "2024-05-12", "--into", net)  # fmt: skip
    assert csv(net, "interactions.csv").splitlines()[-2:] == [
        "2024-05-11,priya-raman,,email,thank-you",
        "2024-05-12,bo-chen,,message,thank-you: for the coffee",
    ]


def test_search_start_sets_the_period_goal_and_targets_keeping_the_rest(net, capsys):
    before = csv(net, "network.toml")
    status, out, err = run(
        capsys, "search", "start", "--goal", "a field job", "--orgs", "SEIU, AFT",
        "--date", "2024-04-01", "--into", net,
    )  # fmt: skip
    assert status == 0
    assert out == "job search started on 2024-04-01; goal: a field job; targets: SEIU, AFT\n"
    assert err == f"warning: nobody in {net} is at AFT yet (unknown organisation 'AFT')\n"
    after = csv(net, "network.toml")
    assert 'orgs = ["SEIU", "AFT"]' in after
    assert after.endswith('[search]\nstart = "2024-04-01"\ngoal = "a field job"\n')
    assert after.count("#") == before.count("#")  # comments kept
    # again while it goes on: the start stays, the goal changes, known targets are not repeated
    status, out, _ = run(capsys, "search", "start", "--goal", "an organizing job", "--orgs", "seiu",
                         "--into", net)  # fmt: skip
    assert (
        out == "job search going on since 2024-04-01; goal: an organizing job; targets: SEIU, AFT\n"
    )
    assert 'goal = "an organizing job"' in csv(net, "network.toml")
    # after it stopped, a new one starts afresh
    run(capsys, "search", "stop", "--date", "2024-05-01", "--into", net)
    run(capsys, "search", "start", "--date", "2024-06-01", "--into", net)
    assert csv(net, "network.toml").endswith(
        '[search]\nstart = "2024-06-01"\ngoal = "an organizing job"\nend = ""\n'
    )


# --- jobs status ------------------------------------------------------------------------------


def test_jobs_status_and_jobs_list_show_it(net, capsys):
    status, out, _ = run(capsys, "jobs", "status", "1", "interview", "--into", net)
    assert (status, out) == (0, "job #1 (Organizer at SEIU): interview\n")
    assert (
        csv(net, "jobs.csv")
        == "org,title,location,url,posted,status\nSEIU,Organizer,,,,interview\n"
    )
    _, out, _ = run(capsys, "jobs", "list", "--json", "--into", net)
    assert json.loads(out)[0]["status"] == "interview"
    run(capsys, "jobs", "status", "1", "none", "--into", net)
    assert csv(net, "jobs.csv") == "org,title,location,url,posted\nSEIU,Organizer,,,\n"
    run(
        capsys,
        "jobs",
        "add",
        "--org",
        "AFT",
        "--title",
        "Rep",
        "--status",
        "applied",
        "--into",
        net,
    )
    assert csv(net, "jobs.csv").splitlines()[-1] == "AFT,Rep,,,,applied"


# --- asks, todo, draft ----------------------------------------------------------------------------


def test_asks_lists_them_and_filters_by_status(net, capsys):
    _with_asks(
        net,
        "1,priya-raman,2024-05-01,names,SEIU,,,done,,2024-05-12,,\n"
        "2,cy-diaz,2024-05-02,informational,,,,open,2024-05-20,,,\n",
    )
    _, out, _ = run(capsys, "asks", net, "--as-of", "2024-05-13", "--json")
    rows = json.loads(out)
    assert [(r["id"], r["status"], r["yield"], r["follow_up"]) for r in rows] == [
        ("1", "done", ["bo-chen"], None),
        ("2", "open", [], "2024-05-20T00:00:00+00:00"),
    ]
    _, out, _ = run(capsys, "asks", net, "--as-of", "2024-05-13", "--status", "open", "--json")
    assert [r["id"] for r in json.loads(out)] == ["2"]
    _, out, _ = run(capsys, "asks", net, "--as-of", "2024-05-13")
    assert out.startswith("Asks in asks.csv\n") and "Cy Diaz" in out and "2024-05-02" in out


def test_todo_prints_numbered_actions_each_with_its_reason(net, capsys):
    _with_asks(net, "1,cy-diaz,2024-05-01,names,,,,open,2024-05-08,,,\n")
    run(capsys, "search", "start", "--goal", "a field job", "--date", "2024-04-01", "--into", net)
    status, out, _ = run(capsys, "todo", net, "--as-of", "2024-05-12")
    assert status == 0
    lines = out.splitlines()
    assert lines[1] == "To do on 2024-05-12 (job search since 2024-04-01: a field job)"
    assert lines[2:6] == [
        "1. Follow up with Cy Diaz (ask 1)",
        "   you asked them for names on 2024-05-01 (11 days ago); nothing logged with them since; "
        "follow-up 4 days overdue",
        "2. Thank Priya Raman",
        "   Priya Raman introduced you to Bo Chen (2 days ago); nothing logged with them since",
    ]
    _, out, _ = run(capsys, "todo", net, "--as-of", "2024-05-12", "--json", "--limit", "1")
    rows = json.loads(out)
    assert [(r["rank"], r["kind"], r["person"], r["ask"], r["date"]) for r in rows] == [
        (1, "follow_up", "cy-diaz", "1", "2024-05-08T00:00:00+00:00")
    ]
    run(capsys, "thank", "priya-raman", "--date", "2024-05-12", "--into", net)
    _, out, _ = run(capsys, "todo", net, "--as-of", "2024-05-12", "--json")
    assert "thank" not in [r["kind"] for r in json.loads(out)]


def test_draft_prints_the_message_and_uses_your_own_template_first(net, capsys):
    status, out, _ = run(capsys, "draft", "bo-chen", "--for", "told", "--as-of", "2024-05-12",
                         "--into", net)  # fmt: skip
    assert status == 0
    assert out.startswith("Hi Bo,\n\nWe met through Priya Raman at the union hall. ")
    (net / "templates").mkdir()
    (net / "templates" / "told.txt").write_text("Hey $first_name! $goal?\n", encoding="utf-8")
    (net / "templates" / "coffee.txt").write_text("Coffee, $name?\n", encoding="utf-8")
    _, out, _ = run(
        capsys, "draft", "bo-chen", "--for", "told", "--as-of", "2024-05-12", "--into", net
    )
    assert out == "Hey Bo! my next role?\n"
    _, out, _ = run(
        capsys, "draft", "cy-diaz", "--for", "coffee", "--as-of", "2024-05-12", "--into", net
    )
    assert out == "Coffee, Cy Diaz?\n"
    status, out, _ = run(capsys, "draft", "--for", "names", "--show-template", "--into", net)
    assert status == 0 and out.startswith("Hi $first_name,\n\n$how_we_met $last_spoke ")


def test_the_demo_prints_the_sample_to_do_list(capsys):
    status, out, _ = run(capsys, "demo")
    assert status == 0
    section = out[out.index("To do on 2026-06-30 (tiegraph todo)") :]
    assert re.search(r"^ 1\. Follow up with Priya Raman \(ask 11\)$", section, re.MULTILINE)
    assert re.search(r"^ 2\. Thank Ken Watanabe$", section, re.MULTILINE)
    status, out, _ = run(capsys, "demo", "--json")
    todo = json.loads(out)["todo"]
    assert [r["kind"] for r in todo[:2]] == ["follow_up", "thank"]


def test_asks_written_by_the_cli_pass_check(net, capsys):
    run(capsys, "ask", "priya-raman", "--for", "names", "--date", "2024-05-01", "--into", net)
    run(capsys, "ask", "done", "1", "--date", "2024-05-03", "--into", net)
    run(capsys, "told", "cy-diaz", "--date", "2024-05-04", "--into", net)
    status, out, _ = run(capsys, "check", net)
    assert (status, out) == (0, f"{net}: no problems found\n")
    assert len(read_folder(net).asks) == 2
