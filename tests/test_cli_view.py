"""``tiegraph view`` end to end: the page it writes, its report, its errors."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tiegraph import viz
from tiegraph.cli import main

CONTACTS = """id,name,org,title,direct,since,source
bob-lee,Bob Lee,SEIU,Organizer,yes,2023-01-10,manual
ann-ray,Ann Ray,Acme,Analyst,yes,2023-05-01,linkedin
jane-doe,Jane Doe,AFSCME,Political Action Rep,no,,manual
"""
INTRODUCTIONS = """person,met_through,to,date,context
ann-ray,bob-lee,,2024-01-05,2024 canvass
"""
INTERACTIONS = """date,with,by,channel,notes
2025-03-02,bob-lee,,call,
2025-04-02,jane-doe,bob-lee,in_person,
"""
ORGS = """name,aliases
"American Federation of State, County and Municipal Employees",AFSCME
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    net = tmp_path / "net"
    net.mkdir()
    (net / "network.toml").write_text(
        '[owner]\nid = "me"\nname = "Alex Rivera"\n', encoding="utf-8"
    )
    (net / "contacts.csv").write_text(CONTACTS, encoding="utf-8")
    (net / "introductions.csv").write_text(INTRODUCTIONS, encoding="utf-8")
    (net / "interactions.csv").write_text(INTERACTIONS, encoding="utf-8")
    (net / "orgs.csv").write_text(ORGS, encoding="utf-8")
    return net


def run(capsys, *argv):
    status = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_view_writes_a_stand_alone_page(folder, tmp_path, capsys):
    out = tmp_path / "pages" / "network.html"
    status, stdout, _ = run(capsys, "view", folder, "--out", out, "--as-of", "2025-06-30")
    assert status == 0
    assert stdout.splitlines() == [
        f"Wrote {out}",
        "Showing 3 of 3 people.",
        "Open it in a browser; it needs no internet connection.",
    ]
    page = out.read_text(encoding="utf-8")
    assert viz.page_problems(page) == []
    for name in ("Bob Lee", "Ann Ray", "Jane Doe", "Network of Alex Rivera"):
        assert name in page
    assert "height: calc(100vh - 64px)" in page
    assert sorted(p.name for p in out.parent.iterdir()) == ["network.html"]  # no lib/, no temp


def test_view_json_with_focus_and_limit(folder, tmp_path, capsys):
    out = tmp_path / "n.html"
    status, stdout, _ = run(
        capsys,
        "view",
        folder,
        "--out",
        out,
        "--focus",
        "jane-doe",
        "--max-nodes",
        "1",
        "--as-of",
        "2025-06-30",
        "--json",
    )
    assert status == 0
    info = json.loads(stdout)
    # the focus and the chain to her (me -> bob -> jane) are kept beyond --max-nodes
    assert info == {
        "out": str(out),
        "people_total": 3,
        "people_shown": 2,
        "left_out": 1,
        "truncated": 0,
        "outside_focus": 1,
        "layout": "browser",
        "chains": [],
    }


def test_view_unknown_focus_is_one_line_error(folder, tmp_path, capsys):
    status, _stdout, err = run(
        capsys, "view", folder, "--out", tmp_path / "x.html", "--focus", "jane-do"
    )
    assert status == 1
    assert err.strip() == "error: unknown person 'jane-do'; did you mean: jane-doe (Jane Doe)?"
    assert not (tmp_path / "x.html").exists()


def test_view_out_is_a_folder(folder, tmp_path, capsys):
    status, _, err = run(capsys, "view", folder, "--out", tmp_path)
    assert status == 1
    assert "is a folder; give a file name such as network.html" in err


@pytest.mark.parametrize("bad", ["-1", "many"])
def test_view_bad_max_nodes_is_a_usage_error(folder, capsys, bad):
    with pytest.raises(SystemExit) as exc:
        main(["view", str(folder), "--max-nodes", bad])
    assert exc.value.code == 2
    assert "--max-nodes" in capsys.readouterr().err


def test_view_org_draws_the_chains(folder, tmp_path, capsys):
    out = tmp_path / "org.html"
    status, stdout, _ = run(
        capsys, "view", folder, "--out", out, "--org", "afscme", "--as-of", "2025-06-30", "--json"
    )
    assert status == 0
    info = json.loads(stdout)
    assert info["chains"][0]["people"] == ["me", "bob-lee", "jane-doe"]
    page = out.read_text(encoding="utf-8")
    assert page.count(viz.HIGHLIGHT_COLOUR) >= 3  # two chain ties and the legend


def test_view_unknown_org(folder, tmp_path, capsys):
    status, _, err = run(capsys, "view", folder, "--out", tmp_path / "x.html", "--org", "Nope Inc")
    assert status == 1
    assert err.startswith("error: unknown organisation 'Nope Inc'")


def test_view_console_script(folder, tmp_path):
    exe = shutil.which("tiegraph") or str(Path(sys.executable).with_name("tiegraph"))
    if not Path(exe).exists():
        pytest.skip("the tiegraph console script is not installed")
    out = tmp_path / "cli.html"
    result = subprocess.run(
        [exe, "view", str(folder), "--out", str(out), "--as-of", "2025-06-30"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert re.search(r"^Wrote .*cli\.html$", result.stdout, re.MULTILINE)
    assert viz.page_problems(out.read_text(encoding="utf-8")) == []


def test_demo_section_reports_the_sample_map(capsys):
    import tiegraph
    from tiegraph.cli._common import Output
    from tiegraph.cli._view import demo_section
    from tiegraph.summary import network_summary

    G = tiegraph.load_network(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)
    data = demo_section(G, Output())
    summary = network_summary(G)
    assert data == {
        "view": {
            "people_shown": summary["people"],
            "organisations": summary["organisations"],
            "ties": summary["ties"],
            "layout": "browser",
        }
    }
    printed = capsys.readouterr().out.splitlines()
    assert printed[-2:] == [
        f"{summary['people']} people, {summary['organisations']} organisations in colour, "
        f"{summary['ties']} ties (browser layout).",
        "Write it with: tiegraph view FOLDER --out network.html [--org ORG]",
    ]
    assert demo_section(G, Output(json=True)) == data
    assert capsys.readouterr().out == ""
