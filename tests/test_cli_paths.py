"""The intro, introducers and jobs commands, end to end on the sample network."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

import tiegraph
from tiegraph.cli import main

SAMPLE = str(tiegraph.sample_folder())
AS_OF = ["--as-of", tiegraph.SAMPLE_AS_OF]
LONG = "American Federation of State, County and Municipal Employees"


def run(capsys, *argv):
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture(scope="module")
def G():
    return tiegraph.load_network(SAMPLE, as_of=tiegraph.SAMPLE_AS_OF)


def test_intro_json_matches_the_api(capsys, G):
    status, out, _ = run(capsys, "intro", SAMPLE, "--org", "AFSCME", "--k", "3", *AS_OF, "--json")
    assert status == 0
    data = json.loads(out)
    expected = tiegraph.intro_paths(G, org="AFSCME", k=3)
    assert [d["people"] for d in data] == [list(c.people) for c in expected]
    assert [d["score"] for d in data] == pytest.approx([c.score for c in expected])
    assert all(d["people"][0] == "me" for d in data)
    assert [h["strength"] for h in data[0]["hops"]] == [h.strength for h in expected[0].hops]


def test_intro_limits_and_person(capsys, G):
    best = tiegraph.intro_paths(G, org="AFSCME")[0]
    status, out, _ = run(
        capsys,
        "intro",
        SAMPLE,
        "--org",
        "afscme",
        "--exclude",
        str(best.introducer),
        "--max-hops",
        "2",
        *AS_OF,
        "--json",
    )
    assert status == 0
    assert all(
        str(best.introducer) not in d["people"] and len(d["hops"]) <= 2 for d in json.loads(out)
    )
    status, out, _ = run(
        capsys, "intro", SAMPLE, "--person", str(best.people[-1]), *AS_OF, "--json"
    )
    assert status == 0 and json.loads(out)[0]["people"][-1] == best.people[-1]


def test_intro_prints_chains_for_people(capsys):
    status, out, _ = run(capsys, "intro", SAMPLE, "--org", "AFSCME", "--k", "2", *AS_OF)
    assert status == 0
    assert f"Introduction chains to {LONG}" in out
    assert "1. Alex Rivera → " in out and "Chain score" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["intro", SAMPLE, "--org", "AFSME"],
            "error: unknown organisation 'AFSME'; did you mean: AFSCME",
        ),
        (
            ["intro", SAMPLE, "--org", "AFSCME", "--max-hops", "1", "--min-strength", "0.75"],
            f"error: no introduction chain to {LONG}: none within max_hops=1, "
            "min_strength=0.75; raise max_hops to 2, or lower min_strength to 0.71",
        ),
        (["introducers", SAMPLE, "--org", "Nowhere"], "error: unknown organisation 'Nowhere'"),
    ],
)
def test_errors_are_one_line_and_exit_1(capsys, argv, message):
    status, _, err = run(capsys, *argv, *AS_OF)
    assert status == 1
    assert err.strip().startswith(message)
    assert len(err.strip().splitlines()) == 1


def test_intro_needs_a_target(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["intro", SAMPLE])
    assert exc.value.code == 2


def test_introducers_json_and_table(capsys, G):
    status, out, _ = run(capsys, "introducers", SAMPLE, "--org", "AFSCME", *AS_OF, "--json")
    assert status == 0
    rows = json.loads(out)
    frame = tiegraph.introducers(G, "AFSCME")
    assert [r["introducer"] for r in rows] == frame["introducer"].tolist()
    assert rows[0]["people"][0] == "me" and rows[0]["score"] == pytest.approx(frame["score"][0])
    status, out, _ = run(capsys, "introducers", SAMPLE, "--org", "AFSCME", *AS_OF)
    assert f"Whom to ask for an introduction to {LONG}" in out


def test_introducers_top_min_score_and_all(capsys, G):
    def ids(*argv):
        status, out, _ = run(
            capsys, "introducers", SAMPLE, "--org", "AFSCME", *AS_OF, "--json", *argv
        )
        assert status == 0
        return [r["introducer"] for r in json.loads(out)]

    every = tiegraph.introducers(G, "AFSCME", top=None, min_score=0)["introducer"].tolist()
    assert ids("--all") == every
    assert ids("--top", "3") == tiegraph.introducers(G, "AFSCME", top=3)["introducer"].tolist()
    some = tiegraph.introducers(G, "AFSCME", min_score=0.1)["introducer"].tolist()
    assert ids("--min-score", "0.1") == some and len(some) < len(ids()) < len(every)


def test_jobs_json(capsys, G):
    status, out, _ = run(capsys, "jobs", SAMPLE, *AS_OF, "--json", "--top", "5")
    assert status == 0
    rows = json.loads(out)
    assert len(rows) == 5
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] == pytest.approx(tiegraph.job_leads(G)["score"].iloc[0])


def test_jobs_table_says_why_for_every_posting(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    status, out, _ = run(capsys, "jobs", SAMPLE, *AS_OF)
    assert status == 0
    assert "nobody in your network is or was at Stonebridge Capital" in out
    assert "ask Jordan Ellis: Ruth Adeyemi was there (left Dec 2019)" in out
    status, out, _ = run(capsys, "jobs", SAMPLE, *AS_OF, "--json")
    assert all(r["why"] for r in json.loads(out))


def test_demo_includes_chains_introducers_and_job_leads(capsys):
    status, out, _ = run(capsys, "demo", "--json")
    assert status == 0
    data = json.loads(out)
    assert data["intro"]["org"] == LONG and len(data["intro"]["chains"]) == 3
    assert data["introducers"][0]["introducer"] == data["intro"]["chains"][0]["people"][1]
    assert len(data["job_leads"]) == 5
    status, out, _ = run(capsys, "demo")
    assert "Who can introduce you to AFSCME" in out and "Top job leads" in out


def test_console_script_in_a_subprocess():
    exe = shutil.which("tiegraph") or str(
        __import__("pathlib").Path(sys.executable).with_name("tiegraph")
    )
    result = subprocess.run(
        [exe, "intro", SAMPLE, "--org", "AFSCME", "--k", "1", *AS_OF, "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["people"][0] == "me"


# --------------------------------------------------------------------------- --org look-ups
OEC = "Ohio Environmental Council"


@pytest.fixture
def oec_folder(tmp_path):
    """The sample with Open Door Legal Aid renamed to the Ohio Environmental Council (7 people,
    not in orgs.csv) and one more person at a one-person organisation called "OEC"."""
    import pandas as pd

    folder = tmp_path / "net"
    shutil.copytree(SAMPLE, folder)
    for name in ("contacts.csv", "jobs.csv"):
        path = folder / name
        path.write_text(path.read_text().replace("Open Door Legal Aid", OEC))
    orgs = folder / "orgs.csv"
    orgs.write_text("".join(x for x in orgs.read_text().splitlines(True) if "Open Door" not in x))
    contacts = pd.read_csv(folder / "contacts.csv", dtype=str, keep_default_na=False)
    contacts.loc[contacts["id"] == "samuel-osei", "org"] = "OEC"
    contacts.to_csv(folder / "contacts.csv", index=False)
    return str(folder)


@pytest.mark.parametrize("command", ["intro", "introducers"])
def test_an_ambiguous_org_lists_the_candidates_and_exits_1(capsys, oec_folder, command):
    status, out, err = run(capsys, command, oec_folder, "--org", "OEC", *AS_OF)
    assert status == 1 and out == ""
    assert err.strip() == (
        f"error: ambiguous organisation 'OEC': OEC (1 member) or {OEC} (7 members); "
        "if they are one, list one among the other's aliases in orgs.csv; "
        "if not, add the one you mean to orgs.csv"
    )


def test_orgs_csv_settles_the_ambiguous_org(capsys, oec_folder):
    with open(f"{oec_folder}/orgs.csv", "a") as f:
        f.write(f"{OEC},OEC\n")
    status, out, err = run(capsys, "introducers", oec_folder, "--org", "OEC", *AS_OF)
    assert status == 0 and err == ""  # an alias is silent
    assert f"Whom to ask for an introduction to {OEC}" in out


@pytest.mark.parametrize(
    ("command", "org", "taken"),
    [
        ("introducers", "CDL", "Civic Data Lab"),  # acronym
        ("introducers", "Servce Employees International Union", "Service Employees "
         "International Union"),  # typo
        ("intro", "Civic Data Labs", "Civic Data Lab"),
    ],
)  # fmt: skip
def test_a_guessed_org_is_said_on_stderr(capsys, command, org, taken):
    status, out, err = run(capsys, command, SAMPLE, "--org", org, *AS_OF, "--json")
    assert status == 0 and json.loads(out) is not None
    assert err == f"taking {org!r} as {taken!r}\n"


@pytest.mark.parametrize("org", ["AFSCME", "afscme", LONG])
def test_an_exact_or_alias_org_is_silent(capsys, org):
    status, out, err = run(capsys, "introducers", SAMPLE, "--org", org, *AS_OF)
    assert status == 0 and err == ""
    assert f"Whom to ask for an introduction to {LONG}" in out


def test_introducers_show_a_declined_or_unanswered_ask_beside_the_person(capsys):
    status, out, _ = run(
        capsys, "introducers", SAMPLE, "--org", "Working Families Party", "--json", *AS_OF
    )
    assert status == 0
    rows = {r["introducer"]: r["asked before"] for r in json.loads(out)}
    assert rows["sofia-alvarez"] == (
        "declined a referral for the Legislative Aide job at Working Families Party (2026-05-15)"
    )
    assert rows["ken-watanabe"] == ""
