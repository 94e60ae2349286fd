import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tiegraph.cli import main

F = Path(__file__).parent / "fixtures"


def run(capsys, *argv):
    status = main([str(a) for a in argv])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_import_prints_what_it_added_merged_and_skipped(tmp_path, capsys):
    net = tmp_path / "net"
    status, out, _ = run(
        capsys, "import", "linkedin", F / "linkedin_connections.csv", "--into", net
    )
    assert status == 0
    assert out.splitlines()[0] == (
        f"linkedin_connections.csv -> {net}: 3 records: 3 added, 0 merged into known people, "
        "0 already known, 0 skipped"
    )
    status, out, _ = run(capsys, "import", "vcard", F / "vcard_contacts.vcf", "--into", net)
    assert "3 records: 2 added, 1 merged into known people, 0 already known, 0 skipped" in out
    assert "jane-doe" in out and "same name and organisation" in out
    status, out, _ = run(capsys, "import", "vcard", F / "vcard_contacts.vcf", "--into", net)
    assert "3 records: 0 added, 0 merged into known people, 3 already known, 0 skipped" in out


def test_import_lists_skipped_rows_with_their_input_line(tmp_path, capsys):
    bad = tmp_path / "Connections.csv"
    bad.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ann,Ray,,,SEIU,,09 Feb 2024\n"
        ",,https://www.linkedin.com/in/x,,,,\n"
    )
    status, out, _ = run(capsys, "import", "linkedin", bad, "--into", tmp_path / "net")
    assert status == 0
    assert "2 records: 1 added, 0 merged into known people, 0 already known, 1 skipped" in out
    assert "Connections.csv:3" in out
    status, _, err = run(capsys, "import", "linkedin", bad, "--into", tmp_path / "net2", "--strict")
    assert status == 1 and err.startswith("error: Connections.csv:3: ")
    assert not (tmp_path / "net2").exists()


def test_import_json_for_other_tools(tmp_path, capsys):
    status, out, _ = run(
        capsys,
        "import",
        "interactions",
        F / "log_snap.txt",
        "--into",
        tmp_path / "n",
        "--me",
        "me",
        "--default-channel",
        "call",
        "--json",
    )
    assert status == 0
    report = json.loads(out)
    assert [a["id"] for a in report["contacts"]["added"]] == ["1", "3", "2", "4"]
    assert report["contacts"]["records"] == 4
    assert report["interactions"] == {
        "records": 5,
        "added": 4,
        "unchanged": 0,
        "skipped": [{"file": "log_snap.txt", "line": 5, "reason": "the same person on both sides"}],
    }


def test_import_errors_are_one_line_exit_1_and_change_nothing(tmp_path, capsys):
    net = tmp_path / "net"
    run(capsys, "import", "linkedin", F / "linkedin_connections.csv", "--into", net)
    before = {p.name: p.read_bytes() for p in net.iterdir() if p.is_file()}
    status, _, err = run(capsys, "import", "vcard", F / "linkedin_connections.csv", "--into", net)
    assert status == 1
    assert "use `tiegraph import linkedin`" in err
    assert len(err.strip().splitlines()) == 1
    assert {p.name: p.read_bytes() for p in net.iterdir() if p.is_file()} == before
    status, out, _ = run(capsys, "import", "linkedin", F / "linkedin_latin1.csv", "--into", net)
    assert status == 0 and "read as cp1252" in out


def test_import_usage_errors_exit_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["import", "myspace", "x.csv", "--into", str(tmp_path)])
    assert exc.value.code == 2


def test_import_in_a_subprocess(tmp_path):
    exe = shutil.which("tiegraph") or str(Path(sys.executable).with_name("tiegraph"))
    done = subprocess.run(
        [exe, "import", "google", str(F / "google_contacts.csv"), "--into", str(tmp_path / "n")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "3 added" in done.stdout
    check = subprocess.run([exe, "check", str(tmp_path / "n")], capture_output=True, text=True)
    assert check.returncode == 0 and "no problems found" in check.stdout
