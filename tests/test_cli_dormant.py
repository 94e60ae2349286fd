"""The dormant and keep-in-touch commands end to end, and their part of the demo."""

import datetime as dt
import json
import re
import shutil
import subprocess
import sys

import pytest

import tiegraph
from tiegraph.cli import main
from tiegraph.cli._common import Output
from tiegraph.cli._strength import demo_section
from tiegraph.dormant import DORMANT_COLUMNS, KEEP_IN_TOUCH_COLUMNS


@pytest.fixture
def folder(tmp_path):
    """Ann: weekly in person for 20 weeks of 2025, then silence. Bob (SEIU): monthly calls."""
    net = tmp_path / "net"
    net.mkdir()
    (net / "contacts.csv").write_text("id,name,org\nann,Ann Lee,Acme\nbob,Bob Ray,SEIU\n")
    (net / "introductions.csv").write_text("person,met_through,date,context\n")
    rows = ["date,with,channel"]
    rows += [f"{dt.date(2025, 1, 6) + dt.timedelta(days=7 * i)},ann,in_person" for i in range(20)]
    rows += [f"{dt.date(2025, 12, 1) + dt.timedelta(days=30 * i)},bob,call" for i in range(7)]
    (net / "interactions.csv").write_text("\n".join(rows) + "\n")
    (net / "network.toml").write_text(
        '[owner]\nid = "me"\nname = "Alex"\n\n[targets]\norgs = ["SEIU"]\n'
    )
    return net


def run(capsys, *argv):
    status = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_dormant_prints_a_table_and_the_reasons(folder, capsys):
    status, out, err = run(capsys, "dormant", folder, "--as-of", "2026-06-30")
    assert status == 0, err
    assert "Dormant ties as of 2026-06-30, most worth reviving first" in out
    assert "2025-05-19 (13 months ago)" in out
    assert re.search(
        r"\n1\. Ann Lee: was one of your strongest ties \(peak 0\.\d\d, 20 interactions\), "
        r"quiet for 13 months after contact every 7 days\n",
        out,
    )
    assert "Bob Ray" not in out


def test_dormant_json(folder, capsys):
    status, out, _ = run(capsys, "dormant", folder, "--as-of", "2026-06-30", "--json")
    assert status == 0
    rows = json.loads(out)
    assert [r["id"] for r in rows] == ["ann"]
    ann = rows[0]
    assert list(ann) == list(DORMANT_COLUMNS)
    assert ann["last_contact"] == "2025-05-19T00:00:00+00:00"
    assert ann["days_quiet"] == 407.0
    assert ann["target_orgs"] == [] and ann["target_hops"] is None
    assert ann["n_interactions"] == 20
    assert ann["value"] == pytest.approx(ann["peak_strength"] / 3)


def test_dormant_thresholds_and_limit_from_the_command_line(folder, capsys):
    _, out, _ = run(
        capsys, "dormant", folder, "--as-of", "2026-06-30", "--min-peak", "0.95", "--json"
    )
    assert json.loads(out) == []
    _, out, _ = run(capsys, "dormant", folder, "--as-of", "2026-06-30", "--limit", "0", "--json")
    assert json.loads(out) == []


def test_keep_in_touch_json_and_table(folder, capsys):
    status, out, _ = run(capsys, "keep-in-touch", folder, "--as-of", "2026-06-30", "--json")
    assert status == 0
    rows = json.loads(out)
    assert [r["id"] for r in rows] == ["bob"]
    bob = rows[0]
    assert list(bob) == list(KEEP_IN_TOUCH_COLUMNS)
    assert bob["rhythm_days"] == 30.0
    assert bob["last_contact"] == "2026-05-30T00:00:00+00:00"
    assert bob["reach_out_by"] == "2026-06-29T00:00:00+00:00"
    assert bob["days_left"] == -1
    status, out, _ = run(capsys, "keep-in-touch", folder, "--as-of", "2026-06-30")
    assert status == 0
    assert "Keep in touch as of 2026-06-30, most urgent first" in out
    assert ("1. Bob Ray: you are usually in touch every 30 days (7 interactions, strength") in out
    assert "last contact 2026-05-30, 4 weeks ago; 1 day overdue" in out


def test_nothing_to_show_says_so(folder, capsys):
    status, out, _ = run(capsys, "dormant", folder, "--as-of", "2025-03-01")
    assert status == 0
    assert out == ("No dormant ties as of 2025-03-01: no tie that was strong has gone quiet.\n")
    status, out, _ = run(capsys, "keep-in-touch", folder, "--as-of", "2025-03-01")
    assert status == 0
    assert out == ("Nobody to get back to as of 2025-03-01: no strong tie is due at its rhythm.\n")
    _, out, _ = run(capsys, "keep-in-touch", folder, "--as-of", "2025-03-01", "--json")
    assert json.loads(out) == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--as-of", "yesterday"], "error: as_of: 'yesterday' is not a date (use YYYY-MM-DD)"),
        (["--max-now", "0.9"], "error: max_now (0.9) must be below min_peak (0.5)"),
    ],
)
def test_errors_are_one_line_and_exit_1(folder, capsys, argv, message):
    status, out, err = run(capsys, "dormant", folder, *argv)
    assert status == 1
    assert out == ""
    assert err.startswith(message) and err.count("\n") == 1


def test_a_missing_folder_exits_1(tmp_path, capsys):
    for command in ("dormant", "keep-in-touch"):
        status, _, err = run(capsys, command, tmp_path / "nope")
        assert status == 1
        assert err.startswith("error: ") and "nope" in err


@pytest.mark.parametrize("command", ["dormant", "keep-in-touch"])
def test_usage_errors_exit_2(folder, capsys, command):
    with pytest.raises(SystemExit) as exc:
        main([command, str(folder), "--limit", "-3"])
    assert exc.value.code == 2
    assert "'-3' is negative" in capsys.readouterr().err


def console(*argv):
    exe = shutil.which("tiegraph")
    cmd = (
        [exe]
        if exe
        else [sys.executable, "-c", "import sys; from tiegraph.cli import main; sys.exit(main())"]
    )
    return subprocess.run([*cmd, *map(str, argv)], capture_output=True, text=True, timeout=120)


def test_the_console_script_end_to_end(folder):
    done = console("dormant", folder, "--as-of", "2026-06-30", "--json")
    assert done.returncode == 0, done.stderr
    assert [r["name"] for r in json.loads(done.stdout)] == ["Ann Lee"]
    done = console("keep-in-touch", folder, "--as-of", "2026-06-30")
    assert done.returncode == 0, done.stderr
    assert "1. Bob Ray: " in done.stdout
    done = console("keep-in-touch", folder / "missing")
    assert done.returncode == 1
    assert done.stderr.startswith("error: ") and "Traceback" not in done.stderr


@pytest.fixture(scope="module")
def sample():
    return tiegraph.load_network(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)


def test_demo_section_prints_the_samples_dormant_and_keep_in_touch_ties(sample, capsys):
    result = demo_section(sample, Output())
    out = capsys.readouterr().out
    assert "Dormant ties worth reviving" in out and "Keep in touch" in out
    assert "1. Dana Okafor: was one of your strongest ties" in out
    assert len(result["dormant_ties"]) == 5
    assert result["dormant_ties"][0]["id"] == "dana-okafor"
    assert {r["id"] for r in result["keep_in_touch"]} == {
        "priya-raman",
        "zoe-lindqvist",
        "ken-watanabe",
        "amara-diallo",
        "luis-moreno",
    }
    json.dumps(result)  # JSON-able as it is


def test_demo_json_includes_the_dormant_and_keep_in_touch_sections(capsys):
    status, out, _ = run(capsys, "demo", "--json")
    assert status == 0
    report = json.loads(out)
    assert report["dormant_ties"][0]["name"] == "Dana Okafor"
    assert "AFSCME" in report["dormant_ties"][0]["target_orgs"]
    assert len(report["keep_in_touch"]) == 5


def test_demo_section_in_json_mode_prints_nothing(sample, capsys):
    result = demo_section(sample, Output(json=True))
    assert capsys.readouterr().out == ""
    assert set(result) == {"dormant_ties", "keep_in_touch"}
