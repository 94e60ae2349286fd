"""Curating a network folder from the command line, and undoing any writing command.

edit, rm, intro A --by C, orgs, orgs alias, target, jobs add|rm|list, undo and
history; the folder from $TIEGRAPH_NETWORK; the future-date rule shared by
add, log, check and the analysis; "known of through" contacts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _cli import (
    FUTURE,
    TODAY,
    assert_undone_byte_for_byte,
    csv,
    data_files,
    folder_by_commands,
    run,
)

import tiegraph
from tiegraph import read_folder

F = Path(__file__).parent / "fixtures"


@pytest.fixture
def net(tmp_path, capsys):
    """Three contacts, two interactions (one a meeting of two), an empty history."""
    commands = (
        ["add", "Jenna Park", "--org", "SEIU", "--title", "Organizer", "--date", "2024-01-05"],
        ["add", "Bob Lee", "--org", "AFSCME", "--email", "bob@afscme.example",
         "--date", "2024-02-01"],
        ["add", "Cy Young", "--date", "2024-02-03"],
        ["log", "jenna-park", "bob-lee", "--channel", "in_person", "--date", "2024-03-01"],
        ["log", "bob-lee", "--channel", "call", "--date", "2024-03-02"],
    )  # fmt: skip
    return folder_by_commands(tmp_path / "net", commands, capsys)


# --- undo: byte for byte, after every writing command -------------------------------------

WRITING_COMMANDS = {
    "add": ["add", "Dee Dee", "--met-through", "jenna-park", "--date", "2024-04-01", "--into"],
    "log": ["log", "cy-young", "--channel", "email", "--date", "2024-04-02", "--into"],
    "edit org (first affiliations.csv)": ["edit", "jenna-park", "--org", "AFSCME", "--into"],
    "edit lists": ["edit", "bob-lee", "--tags", "+board", "--email", "-bob@afscme.example",
                   "--phone", "+1 202 555 0143", "--closeness", "3", "--into"],
    "rm --cascade": ["rm", "bob-lee", "--cascade", "--into"],
    "intro": ["intro", "cy-young", "--by", "jenna-park", "--date", "2024-04-03", "--into"],
    "orgs alias (first orgs.csv)": ["orgs", "alias", "AFSCME", "AFSCME Council 31", "--into"],
    "target add": ["target", "add", "AFSCME", "--into"],
    "jobs add (first jobs.csv)": ["jobs", "add", "--org", "SEIU", "--title", "Organizer",
                                  "--into"],
    "import": ["import", "linkedin", F / "linkedin_connections.csv", "--into"],
    "merge": ["merge", "bob-lee", "cy-young", "--force", "--into"],
}  # fmt: skip


@pytest.mark.parametrize("argv", WRITING_COMMANDS.values(), ids=WRITING_COMMANDS.keys())
def test_undo_leaves_every_file_byte_identical_after_each_writing_command(net, capsys, argv):
    assert_undone_byte_for_byte(capsys, net, argv)


def test_undo_steps_takes_back_several_commands_and_the_folder_creation(tmp_path, capsys):
    net = tmp_path / "new"
    run(capsys, "add", "Ana Lima", "--date", "2024-01-01", "--into", net)
    run(capsys, "target", "add", "SEIU", "--into", net)
    run(capsys, "jobs", "add", "--org", "SEIU", "--title", "Organizer", "--into", net)
    status, out, _ = run(capsys, "undo", net, "--steps", "3")
    assert status == 0
    assert out.splitlines() == [
        f"undid #3 `tiegraph jobs add --org SEIU --title Organizer --into {net}` (jobs.csv)",
        f"undid #2 `tiegraph target add SEIU --into {net}` (network.toml)",
        f"undid #1 `tiegraph add 'Ana Lima' --date 2024-01-01 --into {net}` "
        "(contacts.csv, introductions.csv, interactions.csv, network.toml)",
    ]
    assert list(net.iterdir()) == []


def test_undo_refuses_after_a_hand_edit_and_force_overrides(net, capsys):
    run(capsys, "edit", "cy-young", "--title", "Steward", "--into", net)
    with (net / "contacts.csv").open("a", encoding="utf-8") as fh:
        fh.write("dee,Dee Dee,,,,,,,,,,manual,\n")
    edited = data_files(net)
    status, _, err = run(capsys, "undo", net)
    assert status == 1
    assert err == (
        "error: contacts.csv was changed (edited by hand?) after `tiegraph edit cy-young "
        f"--title Steward --into {net}`; undoing would lose that; pass --force to undo anyway\n"
    )
    assert data_files(net) == edited
    status, _, _ = run(capsys, "undo", net, "--force")
    assert status == 0
    assert "dee" not in csv(net, "contacts.csv")
    assert "Steward" not in csv(net, "contacts.csv")


def test_undo_with_an_empty_history(net, capsys):
    status, _, err = run(capsys, "undo", net)
    assert (status, err) == (1, f"error: nothing to undo in {net} (its history is empty)\n")


def test_history_lists_commands_newest_first(net, capsys):
    run(capsys, "edit", "cy-young", "--org", "SEIU", "--into", net)
    run(capsys, "jobs", "add", "--org", "SEIU", "--title", "Organizer", "--into", net)
    run(capsys, "orgs", net)  # reading commands are not journaled
    status, out, _ = run(capsys, "history", net, "--json")
    assert status == 0
    listed = json.loads(out)
    assert [(e["number"], e["command"]) for e in listed] == [
        (2, f"tiegraph jobs add --org SEIU --title Organizer --into {net}"),
        (1, f"tiegraph edit cy-young --org SEIU --into {net}"),
    ]
    assert [[(f["name"], f["created"]) for f in e["files"]] for e in listed] == [
        [("jobs.csv", True)],
        [("contacts.csv", False)],
    ]
    status, out, _ = run(capsys, "history", net)
    assert status == 0
    assert "tiegraph undo takes back #2" in out
    assert "jobs.csv (new)" in out
    run(capsys, "undo", net, "--steps", "2")
    status, out, _ = run(capsys, "history", net)
    assert out.strip() == f"No history in {net}: nothing to undo."


# --- edit ---------------------------------------------------------------------------------


def test_edit_changes_fields_and_keeps_the_former_org_as_an_affiliation(net, capsys):
    status, out, _ = run(
        capsys,
        "edit",
        "Jenna Park",  # an exact name works as well as the id
        "--org",
        "AFSCME",
        "--title",
        "Political Director",
        "--email",
        "+Jenna@SEIU.example",
        "--phone",
        "+1 202 555 0143",
        "--url",
        "https://www.linkedin.com/in/jenna-park",
        "--tags",
        "+union,+board",
        "--closeness",
        "4",
        "--notes",
        "met at the 2024 canvass",
        "--into",
        net,
    )
    assert status == 0
    assert out.strip() == (
        "edited Jenna Park (jenna-park): title Organizer -> Political Director; "
        "notes (none) -> met at the 2024 canvass; email (none) -> jenna@seiu.example; "
        "phone (none) -> +1 202 555 0143; url (none) -> https://www.linkedin.com/in/jenna-park; "
        "tags (none) -> union;board; closeness (none) -> 4; org SEIU -> AFSCME; "
        f"SEIU kept as a former affiliation (ending {TODAY})"
    )
    assert csv(net, "contacts.csv").splitlines()[1] == (
        "jenna-park,Jenna Park,AFSCME,Political Director,jenna@seiu.example,+1 202 555 0143,"
        "https://www.linkedin.com/in/jenna-park,union;board,4,,2024-01-05,manual,"
        "met at the 2024 canvass"
    )
    assert csv(net, "affiliations.csv") == (
        f"person,org,title,start,end\njenna-park,SEIU,Organizer,,{TODAY}\n"
    )
    # remove one value, replace a list, clear a field
    status, out, _ = run(
        capsys,
        "edit",
        "jenna-park",
        "--email",
        "-jenna@seiu.example",
        "--tags",
        "-union",
        "--phone",
        "=202 555 0199",
        "--closeness",
        "",
        "--not-direct",
        "--since",
        "2023-12-01",
        "--into",
        net,
    )
    assert status == 0
    assert csv(net, "contacts.csv").splitlines()[1] == (
        "jenna-park,Jenna Park,AFSCME,Political Director,,202 555 0199,"
        "https://www.linkedin.com/in/jenna-park,board,,no,2023-12-01,manual,"
        "met at the 2024 canvass"
    )


def test_edit_org_ends_an_open_affiliation_and_no_history_keeps_none(net, capsys):
    (net / "affiliations.csv").write_text(
        "person,org,title,start,end\ncy-young,SEIU Local 1,Steward,2020-01-01,\n"
    )
    run(capsys, "edit", "cy-young", "--org", "SEIU Local 1", "--no-history", "--into", net)
    assert csv(net, "affiliations.csv").count("\n") == 2  # nothing added
    run(capsys, "edit", "cy-young", "--org", "Teamsters", "--into", net)
    assert csv(net, "affiliations.csv") == (
        f"person,org,title,start,end\ncy-young,SEIU Local 1,Steward,2020-01-01,{TODAY}\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["edit", "jena-park", "--title", "x"], "unknown contact 'jena-park'; did you mean: "),
        (["edit", "bob-lee", "--email", "+not-an-address"], "--email: 'not-an-address' is not "
         "an email address"),
        (["edit", "bob-lee", "--email", "-bob@elsewhere.example"], "--email: "
         "'bob@elsewhere.example' is not among the values (bob@afscme.example)"),
        (["edit", "bob-lee", "--phone", "+call me"], "--phone: 'call me' is not a phone number"),
        (["edit", "bob-lee", "--url", "+not a url"], "--url: 'not a url' is not a web address"),
        (["edit", "bob-lee", "--tags", "+a,b"], "--tags: '+a,b' mixes +/- changes with plain "
         "tags; write +a,-b or a,b"),
        (["edit", "bob-lee", "--tags", "-nope"], "--tags: 'nope' is not a tag (none)"),
        (["edit", "bob-lee", "--closeness", "7"], "--closeness: '7' is not 1 to 5 (or empty "
         "to clear)"),
        (["edit", "bob-lee", "--since", FUTURE], f"--since: '{FUTURE}' is in the future"),
        (["edit", "bob-lee", "--name", ""], "--name: a contact needs a name"),
        (["edit", "me", "--title", "x"], "'me' is you (the owner); change your name in "
         "network.toml [owner]"),
    ],
)  # fmt: skip
def test_edit_errors_are_one_line_and_change_nothing(net, capsys, argv, message):
    before = data_files(net)
    status, _, err = run(capsys, *argv, "--into", net)
    assert status == 1
    assert err.startswith(f"error: {message}")
    assert len(err.splitlines()) == 1
    assert data_files(net) == before
    assert not (net / ".tiegraph").exists()


def test_edit_without_a_change_writes_nothing(net, capsys):
    status, out, _ = run(capsys, "edit", "bob-lee", "--org", "AFSCME", "--into", net)
    assert (status, out.strip()) == (0, "Bob Lee (bob-lee): nothing to change")
    assert not (net / ".tiegraph").exists()


# --- rm -----------------------------------------------------------------------------------


def test_rm_refuses_while_referred_to_and_says_where(net, capsys):
    before = data_files(net)
    status, _, err = run(capsys, "rm", "bob-lee", "--into", net)
    assert status == 1
    assert err == (
        "error: bob-lee is still referred to in interactions.csv lines 2, 3; pass --cascade to "
        "remove or change those rows too (--dry-run shows how)\n"
    )
    status, out, _ = run(capsys, "rm", "bob-lee", "--dry-run", "--into", net)
    assert status == 0
    assert out.splitlines() == [
        "would remove contacts.csv:3 (Bob Lee)",
        "would change interactions.csv:2 (taken off a meeting of 2)",
        "would remove interactions.csv:3 (an interaction)",
        "rm refuses this without --cascade, as rows refer to them",
    ]
    assert data_files(net) == before


def test_rm_cascade_removes_and_changes_exactly_the_rows_that_refer(net, capsys):
    (net / "introductions.csv").write_text(
        "person,met_through,to,date,context\n"
        "cy-young,bob-lee,,2024-02-03,picnic\n"
        "cy-young,jenna-park,,2024-02-04,\n"
    )
    (net / "relations.csv").write_text(
        "person,related,related_name,label,source\n"
        "jenna-park,bob-lee,,colleague,manual\n"
        "bob-lee,,Ann Lee,spouse,vcard\n"
    )
    status, out, _ = run(capsys, "rm", "bob-lee", "--cascade", "--into", net)
    assert status == 0
    assert out.splitlines() == [
        "removed Bob Lee (bob-lee) and removed or changed 5 row(s) that referred to them",
        "  removed introductions.csv:2 (an introduction)",
        "  changed interactions.csv:2 (taken off a meeting of 2)",
        "  removed interactions.csv:3 (an interaction)",
        "  changed relations.csv:2 (related kept as a name only)",
        "  removed relations.csv:3 (a relation)",
    ]
    assert "bob-lee" not in csv(net, "contacts.csv")
    assert csv(net, "introductions.csv") == (
        "person,met_through,to,date,context\ncy-young,jenna-park,,2024-02-04,\n"
    )
    assert csv(net, "interactions.csv") == (
        "date,with,by,channel,notes\n2024-03-01,jenna-park,,in_person,\n"
    )
    assert csv(net, "relations.csv") == (
        "person,related,related_name,label,source\njenna-park,,Bob Lee,colleague,manual\n"
    )


def test_rm_of_an_unreferenced_contact_and_of_the_owner(net, capsys):
    status, out, _ = run(capsys, "rm", "cy-young", "--into", net)
    assert (status, out.strip()) == (0, "removed Cy Young (cy-young)")
    assert list(read_folder(net).contacts["id"]) == ["jenna-park", "bob-lee"]
    status, _, err = run(capsys, "rm", "me", "--into", net)
    assert status == 1
    assert err.startswith("error: 'me' is you (the owner)")


# --- intro A --by C [--to B] --------------------------------------------------------------


def test_intro_records_who_introduced_whom(net, capsys):
    status, out, _ = run(
        capsys, "intro", "cy-young", "--by", "jenna-park", "--date", "2024-04-03",
        "--context", "union hall", "--into", net,
    )  # fmt: skip
    assert status == 0
    assert out.strip() == (
        "recorded: Jenna Park (jenna-park) introduced Cy Young (cy-young) to you on "
        "2024-04-03 (union hall)"
    )
    status, out, _ = run(
        capsys, "intro", "bob-lee", "--to", "Cy Young", "--by", "jenna-park", "--date",
        "2024-04-04", "--into", net,
    )  # fmt: skip
    assert status == 0
    assert csv(net, "introductions.csv") == (
        "person,met_through,to,date,context\n"
        "cy-young,jenna-park,,2024-04-03,union hall\n"
        "bob-lee,jenna-park,cy-young,2024-04-04,\n"
    )
    # the analysis form of intro is untouched
    status, out, _ = run(capsys, "intro", net, "--person", "cy-young", "--json")
    assert status == 0
    assert json.loads(out)[0]["people"][0] == "me"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["cy-young", "--by", "cy-young"], "--by: cy-young cannot introduce cy-young to anyone"),
        (["cy-young", "--by", "bob-lee", "--to", "bob-lee"], "--to and --by are the same person"),
        (["cy-young", "--by", "bob-lee", "--to", "cy-young"], "--to: cy-young cannot be "
         "introduced to themselves"),
        (["cy-young", "--by", "nobody"], "unknown contact 'nobody'"),
        (["cy-young", "--by", "bob-lee", "--date", FUTURE], f"--date: '{FUTURE}' is in the "
         "future"),
    ],
)  # fmt: skip
def test_intro_errors(net, capsys, argv, message):
    before = data_files(net)
    status, _, err = run(capsys, "intro", *argv, "--into", net)
    assert status == 1
    assert err.startswith(f"error: {message}")
    assert data_files(net) == before


def test_intro_refuses_a_duplicate(net, capsys):
    argv = ["intro", "cy-young", "--by", "bob-lee", "--date", "2024-04-03", "--into", net]
    assert run(capsys, *argv)[0] == 0
    status, _, err = run(capsys, *argv)
    assert status == 1
    assert err == "error: this introduction is already recorded (introductions.csv:2)\n"


# --- orgs, orgs alias ---------------------------------------------------------------------


def test_orgs_lists_current_and_former_members(net, capsys):
    run(capsys, "edit", "jenna-park", "--org", "AFSCME", "--into", net)
    run(capsys, "jobs", "add", "--org", "afscme", "--title", "Organizer", "--into", net)
    status, out, _ = run(capsys, "orgs", net, "--json")
    assert status == 0
    result = json.loads(out)
    assert result["organisations"] == [
        {"organisation": "AFSCME", "aliases": [], "current": 2, "former": 0, "jobs": 1},
        {"organisation": "SEIU", "aliases": [], "current": 0, "former": 1, "jobs": 0},
    ]
    assert result["suggested_aliases"] == []
    status, out, _ = run(capsys, "orgs", net)
    assert status == 0
    assert "most current members first" in out


def test_orgs_suggests_aliases_until_one_is_recorded(net, capsys):
    run(capsys, "edit", "cy-young", "--org", "Ohio Environmental Council", "--into", net)
    run(capsys, "add", "Dee Dee", "--org", "OEC", "--date", "2024-04-01", "--into", net)
    status, out, _ = run(capsys, "orgs", net, "--json")
    assert json.loads(out)["suggested_aliases"] == [
        {
            "canonical": "Ohio Environmental Council",
            "alias": "OEC",
            "reason": "acronym (OEC = Ohio Environmental Council)",
        }
    ]
    status, out, _ = run(capsys, "orgs", net)
    assert "tiegraph orgs alias NAME ALIAS" in out
    run(capsys, "orgs", "alias", "Ohio Environmental Council", "OEC", "--into", net)
    status, out, _ = run(capsys, "orgs", net, "--json")
    assert status == 0
    result = json.loads(out)
    assert result["suggested_aliases"] == []
    assert result["organisations"][0] == {
        "organisation": "Ohio Environmental Council",
        "aliases": ["OEC"],
        "current": 2,
        "former": 0,
        "jobs": 0,
    }


def test_orgs_alias_writes_orgs_csv(net, capsys):
    status, out, _ = run(capsys, "orgs", "alias", "AFSCME", "AFSCME Council 31", "--into", net)
    assert (status, out.strip()) == (0, "orgs.csv: AFSCME now also goes by AFSCME Council 31")
    run(capsys, "orgs", "alias", "afscme", "Council 31", "AFSCME Council 31", "--into", net)
    assert csv(net, "orgs.csv") == "name,aliases\nAFSCME,AFSCME Council 31;Council 31\n"
    status, out, _ = run(capsys, "orgs", net, "--json")
    assert json.loads(out)["organisations"][0]["aliases"] == ["AFSCME Council 31", "Council 31"]
    status, _, err = run(capsys, "orgs", "alias", "SEIU", "Council 31", "--into", net)
    assert status == 1
    assert err == "error: 'Council 31' is already a name of 'AFSCME' in orgs.csv\n"
    status, _, err = run(capsys, "orgs", "alias", "Council 31", "C31", "--into", net)
    assert err == (
        "error: 'Council 31' is already an alias of 'AFSCME' in orgs.csv; "
        "add aliases to that name\n"
    )


# --- target add | rm ----------------------------------------------------------------------


def test_target_edits_only_the_orgs_value_of_network_toml(net, capsys):
    before = csv(net, "network.toml")
    status, out, _ = run(capsys, "target", "add", "AFSCME", "--into", net)
    assert (status, out.strip()) == (0, "targets: AFSCME")
    run(capsys, "target", "add", "SEIU", "--into", net)
    after = csv(net, "network.toml")
    assert len(after.splitlines()) == len(before.splitlines())
    lines = zip(before.splitlines(), after.splitlines(), strict=True)
    changed = [(a, b) for a, b in lines if a != b]
    assert changed == [
        (
            'orgs = []           # organisations you want to get into, e.g. ["AFSCME"]',
            'orgs = ["AFSCME", "SEIU"]           # organisations you want to get into, '
            'e.g. ["AFSCME"]',
        )
    ]
    status, out, _ = run(capsys, "target", "add", "afscme", "--into", net)
    assert out.strip() == "afscme is already a target (AFSCME, SEIU)"
    status, out, _ = run(capsys, "target", "rm", "seiu", "--into", net)
    assert out.strip() == "targets: AFSCME"
    assert tiegraph.load_network(net).graph["targets"] == ("AFSCME",)
    status, _, err = run(capsys, "target", "rm", "Teamsters", "--into", net)
    assert (status, err) == (1, "error: 'Teamsters' is not a target (targets: AFSCME)\n")


def test_target_keeps_a_hand_written_toml_and_its_line_ends(tmp_path, capsys):
    net = tmp_path / "n"
    net.mkdir()
    (net / "contacts.csv").write_text("id,name,org\nana,Ana,SEIU\n")
    toml = (
        b'# mine\r\n[owner]\r\nname = "Ana"\r\n\r\n[targets]  # where to\r\n'
        b'orgs = [\r\n  "SEIU",  # a comment ]\r\n]\r\n\r\n[graph]\r\nmax_meeting_size = 9\r\n'
    )
    (net / "network.toml").write_bytes(toml)
    status, _, err = run(capsys, "target", "add", "Teamsters", "--into", net)
    assert status == 0
    assert err == (
        "warning: nobody in " + str(net) + " is at Teamsters yet (unknown organisation "
        "'Teamsters')\n"
    )
    assert (net / "network.toml").read_bytes() == toml.replace(
        b'orgs = [\r\n  "SEIU",  # a comment ]\r\n]', b'orgs = ["SEIU", "Teamsters"]'
    )
    (net / "network.toml").write_bytes(b'[owner]\nname = "Ana"\n')
    run(capsys, "target", "add", "SEIU", "--into", net)
    assert csv(net, "network.toml") == '[owner]\nname = "Ana"\n\n[targets]\norgs = ["SEIU"]\n'


# --- jobs add | list | rm -----------------------------------------------------------------


def test_jobs_add_list_rm_and_the_job_leads_still_work(net, capsys):
    status, out, _ = run(
        capsys, "jobs", "add", "--org", "AFSCME", "--title", "Organizer", "--url",
        "https://jobs.example/1", "--location", "Chicago", "--posted", "2024-05-01", "--into", net,
    )  # fmt: skip
    assert (status, out.strip()) == (0, "added job #1: Organizer at AFSCME")
    run(capsys, "jobs", "add", "--org", "SEIU", "--title", "Researcher", "--into", net)
    assert csv(net, "jobs.csv") == (
        "org,title,location,url,posted\n"
        "AFSCME,Organizer,Chicago,https://jobs.example/1,2024-05-01\n"
        "SEIU,Researcher,,,\n"
    )
    status, out, _ = run(capsys, "jobs", "list", "--into", net, "--json")
    assert [(j["number"], j["org"], j["posted"]) for j in json.loads(out)] == [
        (1, "AFSCME", "2024-05-01"),
        (2, "SEIU", ""),
    ]
    status, out, _ = run(capsys, "jobs", net, "--json")  # job leads, as before
    assert status == 0
    assert {j["title"] for j in json.loads(out)} == {"Organizer", "Researcher"}
    status, out, _ = run(capsys, "jobs", "rm", "1", "--into", net)
    assert (status, out.strip()) == (0, "removed job #1: Organizer at AFSCME")
    assert csv(net, "jobs.csv") == "org,title,location,url,posted\nSEIU,Researcher,,,\n"
    status, _, err = run(capsys, "jobs", "rm", "5", "--into", net)
    assert (status, err) == (
        1,
        "error: N: there is no job #5 (jobs.csv has 1; see tiegraph jobs list)\n",
    )


# --- the folder from $TIEGRAPH_NETWORK ----------------------------------------------------


def test_every_command_takes_the_folder_from_the_environment(net, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("TIEGRAPH_NETWORK", str(net))
    monkeypatch.chdir(tmp_path)
    status, out, _ = run(capsys, "check")
    assert (status, out.strip()) == (0, f"{net}: no problems found")
    status, out, _ = run(capsys, "strength", "--json", "--as-of", "2024-06-01")
    assert status == 0
    assert {(t["u"], t["v"]) for t in json.loads(out)} >= {("me", "bob-lee")}
    assert run(capsys, "edit", "cy-young", "--title", "Steward")[0] == 0
    assert run(capsys, "undo")[0] == 0
    monkeypatch.delenv("TIEGRAPH_NETWORK")
    monkeypatch.chdir(net)  # the current folder, when it is a network folder
    assert run(capsys, "check")[0] == 0
    monkeypatch.chdir(tmp_path)
    for argv in (["check"], ["strength"], ["add", "Ana Lima"], ["history"]):
        status, _, err = run(capsys, *argv)
        assert (status, err) == (
            1,
            "error: no network folder: name one (FOLDER or --into FOLDER), set "
            "$TIEGRAPH_NETWORK, or run tiegraph inside a network folder\n",
        )


# --- one rule for dates in the future -----------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["log", "bob-lee", "--channel", "call", "--date", FUTURE],
        ["add", "Dee Dee", "--date", FUTURE],
        ["add", "Dee Dee", "--met-through", "bob-lee", "--date", FUTURE],
    ],
)
def test_add_and_log_refuse_a_date_in_the_future(net, capsys, argv):
    before = data_files(net)
    status, _, err = run(capsys, *argv, "--into", net)
    assert status == 1
    assert err == (
        f"error: --date: '{FUTURE}' is in the future (today is {TODAY}); "
        "record only what has happened\n"
    )
    assert data_files(net) == before


def test_check_reports_a_future_interaction_as_the_analysis_refuses_it(net, capsys):
    with (net / "interactions.csv").open("a") as fh:
        fh.write(f"{FUTURE},cy-young,,call,\n2024-05-01,cy-young,,call,\n{FUTURE},bob-lee,,call,\n")
    message = f"interactions.csv:4: column 'date': '{FUTURE}' is in the future (after {TODAY}); "
    status, out, err = run(capsys, "check", net)
    assert status == 1
    assert out.splitlines() == [
        message + "interactions must have happened",
        message.replace(":4:", ":6:") + "interactions must have happened",
    ]
    assert "2 problem(s)" in err
    status, _, err = run(capsys, "strength", net)  # the analysis refuses the same row
    assert (status, err) == (1, f"error: {message}interactions must have happened\n")
    status, _, err = run(capsys, "edit", "cy-young", "--title", "x", "--into", net)
    assert (status, err) == (1, f"error: {message}interactions must have happened\n")


# --- known of through someone -------------------------------------------------------------


def test_not_direct_met_through_gives_the_chain_through_the_introducer(net, capsys):
    status, _, _ = run(
        capsys, "add", "Sam Ode", "--not-direct", "--met-through", "jenna-park", "--date",
        "2024-03-05", "--into", net,
    )  # fmt: skip
    assert status == 0
    G = tiegraph.load_network(net, as_of="2024-06-01")
    assert not G.has_edge("me", "sam-ode")  # known of, not known
    assert G.has_edge("jenna-park", "sam-ode")
    [best, *_] = tiegraph.intro_paths(G, person="sam-ode", k=1)
    assert list(best.people) == ["me", "jenna-park", "sam-ode"]
    # once met: edit --direct gives the direct tie
    run(capsys, "edit", "sam-ode", "--direct", "--into", net)
    G = tiegraph.load_network(net, as_of="2024-06-01")
    assert G.has_edge("me", "sam-ode")
