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
        f"linkedin_connections.csv -> {net}: 3 added, 0 merged into existing contacts, "
        "0 interaction(s) added, 0 skipped"
    )
    status, out, _ = run(capsys, "import", "vcard", F / "vcard_contacts.vcf", "--into", net)
    assert "2 added, 1 merged into existing contacts" in out
    assert "jane-doe" in out and "name and organisation" in out


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
        "--channel",
        "call",
        "--json",
    )
    assert status == 0
    report = json.loads(out)
    assert report["added"] == ["1", "3", "2", "4"]
    assert report["interactions_added"] == 4
    assert report["skipped"] == [{"line": 5, "reason": "the same person on both sides"}]


def test_import_errors_are_one_line_exit_1_and_change_nothing(tmp_path, capsys):
    net = tmp_path / "net"
    run(capsys, "import", "linkedin", F / "linkedin_connections.csv", "--into", net)
    before = {p.name: p.read_bytes() for p in net.iterdir()}
    status, _, err = run(capsys, "import", "linkedin", F / "linkedin_latin1.csv", "--into", net)
    assert status == 1
    assert err.startswith("error: linkedin_latin1.csv:6: byte b'\\xeb,Li' is not valid utf-8")
    assert len(err.strip().splitlines()) == 1
    assert {p.name: p.read_bytes() for p in net.iterdir()} == before
    status, out, _ = run(
        capsys,
        "import",
        "linkedin",
        F / "linkedin_latin1.csv",
        "--into",
        net,
        "--encoding",
        "cp1252",
    )
    assert status == 0 and "3 merged" in out


def test_import_usage_errors_exit_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["import", "myspace", "x.csv", "--into", str(tmp_path)])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["import", "linkedin", "x.csv"])  # --into is required
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
