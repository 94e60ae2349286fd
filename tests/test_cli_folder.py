"""The folder commands end to end: add, log, check (demo is tested in test_demo.py)."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tiegraph import read_folder
from tiegraph.cli import main


def files(folder):
    """Every data file of a folder with its bytes (the journal in .tiegraph/ left out)."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def run(capsys, *argv):
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_add_creates_a_folder_and_logs_an_introduction(tmp_path, capsys):
    net = tmp_path / "mynet"
    status, out, _ = run(
        capsys, "add", "Bob Lee", "--org", "SEIU", "--date", "2024-01-05", "--into", str(net)
    )
    assert status == 0
    assert out.strip() == "added Bob Lee as bob-lee"
    status, out, _ = run(
        capsys,
        "add",
        "Jane Doe",
        "--org",
        "AFSCME",
        "--title",
        "Political Action Rep",
        "--met-through",
        "bob-lee",
        "--context",
        "2024 canvass",
        "--date",
        "2024-03-01",
        "--into",
        str(net),
    )
    assert status == 0
    assert out.strip() == "added Jane Doe as jane-doe, met through bob-lee (2024 canvass)"
    data = read_folder(net)
    assert list(data.contacts["id"]) == ["bob-lee", "jane-doe"]
    jane = data.contacts.iloc[1]
    assert (jane["org"], jane["title"], jane["source"]) == (
        "AFSCME",
        "Political Action Rep",
        "manual",
    )
    assert jane["since"].strftime("%Y-%m-%d") == "2024-03-01"
    intro = data.introductions.iloc[0]
    assert (intro["person"], intro["met_through"], intro["context"]) == (
        "jane-doe",
        "bob-lee",
        "2024 canvass",
    )
    assert (net / "network.toml").read_text().startswith("# tiegraph network folder settings")


def test_add_refuses_a_second_person_with_the_same_name_unless_given_an_id(tmp_path, capsys):
    net = tmp_path / "n"
    assert main(["add", "Jane Doe", "--into", str(net)]) == 0
    before = (net / "contacts.csv").read_bytes()
    status, _, err = run(capsys, "add", "jane doe", "--into", str(net))
    assert status == 1
    assert err.strip() == (
        "error: 'jane doe' is already a contact (jane-doe); change them with "
        "`tiegraph edit jane-doe`, or pass --id to add another person with that name"
    )
    assert (net / "contacts.csv").read_bytes() == before
    assert main(["add", "Jane Doe", "--id", "jane-doe-nyc", "--into", str(net)]) == 0
    assert list(read_folder(net).contacts["id"]) == ["jane-doe", "jane-doe-nyc"]


def test_add_with_unknown_introducer_fails_and_changes_nothing(tmp_path, capsys):
    net = tmp_path / "n"
    main(["add", "Bob Lee", "--into", str(net)])
    before = files(net)
    status, _, err = run(capsys, "add", "Jane Doe", "--met-through", "bob-le", "--into", str(net))
    assert status == 1
    assert err.strip() == "error: unknown contact 'bob-le'; did you mean: bob-lee?"
    assert files(net) == before


def test_log_appends_an_interaction_and_resolves_names(tmp_path, capsys):
    net = tmp_path / "n"
    main(["add", "Jane Doe", "--into", str(net)])
    main(["add", "Bob Lee", "--into", str(net)])
    capsys.readouterr()
    status, out, _ = run(
        capsys,
        "log",
        "jane-doe",
        "Bob Lee",
        "--channel",
        "Call",
        "--date",
        "2024-03-02",
        "--note",
        'budget, and "next steps"',
        "--into",
        str(net),
    )
    assert status == 0
    assert out.strip() == "logged call on 2024-03-02 with Jane Doe (jane-doe), Bob Lee (bob-lee)"
    text = (net / "interactions.csv").read_text()
    assert text == (
        "date,with,by,channel,notes\n"
        '2024-03-02,jane-doe;bob-lee,,call,"budget, and ""next steps"""\n'
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["log", "jane-doe", "--channel", "fax"],
            "error: --channel: 'fax' is not a known channel (known: in_person, call, video, "
            "message, email, social)",
        ),
        (
            ["log", "jane-doe", "--channel", "call", "--date", "March 2nd"],
            "error: --date: 'March 2nd' is not a date (use YYYY-MM-DD)",
        ),
        (["log", "nobody", "--channel", "call"], "error: unknown contact 'nobody'"),
    ],
)
def test_log_errors_are_one_line_and_change_nothing(tmp_path, capsys, argv, message):
    net = tmp_path / "n"
    main(["add", "Jane Doe", "--into", str(net)])
    capsys.readouterr()
    before = files(net)
    status, _, err = run(capsys, *argv, "--into", str(net))
    assert status == 1
    assert err.strip() == message
    assert files(net) == before


def test_check_lists_every_problem_and_exits_non_zero(tmp_path, capsys):
    net = tmp_path / "n"
    net.mkdir()
    (net / "contacts.csv").write_text("id,name,email\nana,Ana,ana@example.org\nana,Ana B,bob@\n")
    (net / "introductions.csv").write_text(
        "person,met_through,date,context\nana,zed,2024-13-01,picnic\n"
    )
    status, out, err = run(capsys, "check", str(net))
    assert status == 1
    lines = out.strip().splitlines()
    assert lines == [
        "contacts.csv:3: column 'id': 'ana' is a duplicate id (first on line 2)",
        "contacts.csv:3: column 'email': 'bob@' is not an email address",
        "introductions.csv:2: column 'date': '2024-13-01' is not a date (use ISO 8601: YYYY-MM-DD)",
        "introductions.csv:2: column 'met_through': 'zed' is not a known contact id",
    ]
    assert "4 problem(s)" in err


def test_check_of_a_good_folder_exits_zero(tmp_path, capsys):
    net = tmp_path / "n"
    main(["add", "Jane Doe", "--into", str(net)])
    capsys.readouterr()
    status, out, _ = run(capsys, "check", str(net))
    assert status == 0
    assert out.strip() == f"{net}: no problems found"


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["log"])
    assert exc.value.code == 2


def test_console_script_runs_in_a_subprocess(tmp_path):
    exe = shutil.which("tiegraph") or str(Path(sys.executable).with_name("tiegraph"))
    net = tmp_path / "n"
    done = subprocess.run(
        [exe, "add", "Zoë Ödegaard", "--into", str(net)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "added Zoë Ödegaard as zoe-odegaard" in done.stdout
    bad = subprocess.run([exe, "check", str(tmp_path / "missing")], capture_output=True, text=True)
    assert bad.returncode == 1
    assert re.fullmatch(r"error: missing: is not a network folder \(no such folder\)\n", bad.stderr)
    assert "Traceback" not in bad.stderr
