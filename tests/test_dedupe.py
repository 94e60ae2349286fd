"""Duplicates found, merged and undone; answers unchanged by a merge (issue 11)."""

import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tiegraph
from tiegraph import schema as S
from tiegraph.cli import main
from tiegraph.dedupe import merge_contacts, possible_duplicates
from tiegraph.exceptions import ConfigError
from tiegraph.io.folder import read_folder, table_from_rows, write_folder
from tiegraph.keys import Keys, conflicting_kinds
from tiegraph.viz import network

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def linkedin(path: Path, rows: list[str]) -> Path:
    path.write_text("Notes:\n\n" + HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_newer_linkedin_export_follows_a_job_change_and_lists_a_namesake(tmp_path):
    net = tmp_path / "net"
    first = linkedin(
        tmp_path / "old.csv",
        [
            "Marcus,O'Neill,https://www.linkedin.com/in/marcus-oneill,,AFSCME,Organizer,"
            "02 Jan 2023",
            "Dana,Okafor,https://www.linkedin.com/in/dana-okafor,,SEIU,Steward,05 Mar 2023",
        ],
    )
    tiegraph.import_into(net, "linkedin", first, export_date="2024-01-01")
    newer = linkedin(
        tmp_path / "new.csv",
        [
            # Marcus moved (same profile, another organisation)
            "Marcus,O'Neill,https://linkedin.com/in/Marcus-ONeill/,,Ohio Environmental Council,"
            "Field Director,02 Jan 2023",
            "Dana,Okafor,https://www.linkedin.com/in/dana-okafor,,SEIU,Steward,05 Mar 2023",
            # another Dana Okafor: a different profile
            "Dana,Okafor,https://www.linkedin.com/in/dana-okafor-77,,Sierra Club,Organizer,"
            "01 Jun 2024",
        ],
    )
    r = tiegraph.import_into(net, "linkedin", newer, export_date="2024-09-01")
    assert r.records == 3
    assert [(m.line, m.id, m.how, m.changed) for m in r.merged] == [
        (4, "marcus-oneill", "same profile URL", True),
        (5, "dana-okafor", "same profile URL", False),
    ]
    assert r.added == ((6, "dana-okafor-2"),)
    assert r.updates == (
        ("marcus-oneill", "org", "AFSCME", "Ohio Environmental Council"),
        ("marcus-oneill", "title", "Organizer", "Field Director"),
    )
    data = read_folder(net)
    marcus = data.contacts.set_index("id").loc["marcus-oneill"]
    assert (marcus["org"], marcus["title"]) == ("Ohio Environmental Council", "Field Director")
    aff = data.affiliations
    assert aff[["person", "org", "title"]].values.tolist() == [
        ["marcus-oneill", "AFSCME", "Organizer"]
    ]
    assert aff["start"].iloc[0] == pd.Timestamp("2023-01-02", tz="UTC")
    assert aff["end"].iloc[0] == pd.Timestamp("2024-09-01", tz="UTC")
    dups = possible_duplicates(data)
    assert dups[["a", "b"]].values.tolist() == [["dana-okafor", "dana-okafor-2"]]
    assert "different profile URLs" in dups["against"].iloc[0]
    assert "same name" in dups["for"].iloc[0]
    # a former colleague shows in a chain to AFSCME as former
    G = tiegraph.load_network(net, as_of="2024-10-01")
    assert any(not a["current"] for a in G.nodes["marcus-oneill"]["affiliations"])


def folder_with(tmp_path, contacts, **tables):
    data = tiegraph.NetworkData(folder=tmp_path / "net")
    data = data.replace(contacts=table_from_rows(S.CONTACTS, contacts))
    for name, rows in tables.items():
        table = {t.name: t for t in S.TABLES}[name]
        data = data.replace(**{name: table_from_rows(table, rows)})
    write_folder(data, tmp_path / "net")
    return tmp_path / "net"


def test_duplicates_knows_nicknames_organisation_aliases_and_meetings(tmp_path):
    net = folder_with(
        tmp_path,
        [
            {"id": "gabriel-ruiz", "name": "Gabriel Ruiz", "org": "Ohio Environmental Council"},
            {"id": "gabe-ruiz", "name": "Gabe Ruiz", "org": "OEC"},
            {"id": "jose-martinez", "name": "José Martínez", "org": "ACLU of Ohio"},
            {"id": "jose-martinez-jr", "name": "José Martínez Jr.", "org": "ACLU Ohio"},
            {"id": "ann-ray", "name": "Ann Ray", "email": "ann@a.org"},
            {"id": "ann-ray-2", "name": "Ann Ray", "email": "ann@b.org"},
            {"id": "wang-wei", "name": "王伟", "org": "Acme"},
            {"id": "li-na", "name": "李娜", "org": "Acme"},
        ],
        interactions=[
            {"date": "2024-01-05", "with": "gabriel-ruiz;gabe-ruiz", "channel": "in_person"}
        ],
    )
    dups = possible_duplicates(read_folder(net))
    pairs = {
        tuple(sorted((a, b))): (s, f, ag)
        for a, b, s, f, ag in dups[["a", "b", "score", "for", "against"]].values
    }
    assert set(pairs) == {
        ("gabe-ruiz", "gabriel-ruiz"),
        ("jose-martinez", "jose-martinez-jr"),
        ("ann-ray", "ann-ray-2"),
    }
    gabe = pairs[("gabe-ruiz", "gabriel-ruiz")]
    assert any("nickname" in r for r in gabe[1])
    assert any("organisation" in r for r in gabe[1])
    assert "in a meeting together" in gabe[1]
    assert pairs[("ann-ray", "ann-ray-2")][2] == ["different emails"]
    # most likely first: the pair with evidence against comes last
    assert list(dups["a"])[-1] == "ann-ray"


def test_merge_rewrites_every_reference_and_keeps_everything(tmp_path):
    net = folder_with(
        tmp_path,
        [
            {
                "id": "gabriel-ruiz",
                "name": "Gabriel Ruiz",
                "org": "OEC",
                "email": "g@oec.org",
                "tags": "a",
                "notes": "met at the march",
            },
            {
                "id": "gabe-ruiz",
                "name": "Gabe Ruiz",
                "phone": "+1 614 555 0100",
                "tags": "b",
                "closeness": "4",
                "since": "2020-05-01",
                "notes": "likes trains",
            },
            {"id": "dana", "name": "Dana Okafor"},
        ],
        introductions=[
            {"person": "gabe-ruiz", "met_through": "dana", "date": "2021-01-01", "context": "x"},
            {
                "person": "gabriel-ruiz",
                "met_through": "gabe-ruiz",
                "date": "2021-01-01",
                "context": "the same person",
            },
        ],
        interactions=[
            {"date": "2024-01-05", "with": "gabriel-ruiz;gabe-ruiz;dana", "channel": "in_person"},
            {
                "date": "2024-01-06",
                "with": "gabe-ruiz",
                "channel": "call",
                "started_by": "gabe-ruiz",
            },
            {"date": "2024-01-07", "with": "gabe-ruiz", "by": "gabriel-ruiz", "channel": "call"},
        ],
    )
    r = merge_contacts(read_folder(net), "gabriel-ruiz", ["gabe-ruiz"])
    c = r.data.contacts.set_index("id")
    assert list(c.index) == ["gabriel-ruiz", "dana"]
    g = c.loc["gabriel-ruiz"]
    assert (g["email"], g["phone"], g["tags"], g["aliases"]) == (
        "g@oec.org",
        "+1 614 555 0100",
        "a;b",
        "gabe-ruiz",
    )
    assert g["notes"] == "met at the march\nlikes trains"
    assert g["closeness"] == 4 and g["since"] == pd.Timestamp("2020-05-01", tz="UTC")
    assert r.data.introductions[["person", "met_through"]].values.tolist() == [
        ["gabriel-ruiz", "dana"]
    ]
    inter = r.data.interactions
    assert inter[["with", "by", "started_by"]].values.tolist() == [
        ["gabriel-ruiz;dana", "", ""],
        ["gabriel-ruiz", "", "gabriel-ruiz"],
    ]
    assert r.dropped == [
        ("introductions.csv", 3, "gabriel-ruiz would be introduced to or through themselves"),
        ("interactions.csv", 4, "an interaction of gabriel-ruiz with themselves"),
    ]


def test_merge_refuses_two_people_by_their_keys_unless_forced(tmp_path):
    net = folder_with(
        tmp_path,
        [
            {"id": "ann-ray", "name": "Ann Ray", "email": "ann@a.org"},
            {"id": "ann-ray-2", "name": "Ann Ray", "email": "ann@b.org"},
        ],
    )
    with pytest.raises(ConfigError, match="different emails, so they look like two people"):
        merge_contacts(read_folder(net), "ann-ray", ["ann-ray-2"])
    r = merge_contacts(read_folder(net), "ann-ray", ["ann-ray-2"], force=True)
    assert r.data.contacts["email"].tolist() == ["ann@a.org;ann@b.org"]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_merge_command_then_undo_restores_the_folder_byte_for_byte(tmp_path, capsys):
    net = tmp_path / "net"
    shutil.copytree(tiegraph.sample_folder(), net)
    before = snapshot(net)
    contacts = read_folder(net).contacts
    a, b = contacts["id"].iloc[3], contacts["id"].iloc[4]
    assert main(["merge", a, b, "--into", str(net), "--force"]) == 0
    assert snapshot(net) != before
    assert b not in set(read_folder(net).contacts["id"])
    assert main(["undo", str(net)]) == 0
    assert snapshot(net) == before
    capsys.readouterr()


_key = st.fixed_dictionaries(
    {
        "email": st.sampled_from(["", "a@x.org", "b@x.org"]),
        "phone": st.sampled_from(["", "+1 415 555 0100", "+1 415 555 0199"]),
        "url": st.sampled_from(["", "linkedin.com/in/a", "linkedin.com/in/b"]),
    }
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_key, _key)
def test_property_merge_never_joins_different_keys_and_undo_restores(tmp_path_factory, a, b):
    tmp = tmp_path_factory.mktemp("m")
    net = folder_with(
        tmp,
        [{"id": "p1", "name": "Pat Doe", **a}, {"id": "p2", "name": "Pat Doe", **b}],
        interactions=[{"date": "2024-01-05", "with": "p2", "channel": "call"}],
    )
    before = snapshot(net)
    conflict = conflicting_kinds(
        Keys.of([a["email"]], [a["url"]], [a["phone"]]),
        Keys.of([b["email"]], [b["url"]], [b["phone"]]),
    )
    status = main(["merge", "p1", "p2", "--into", str(net)])
    if conflict:
        assert status == 1 and snapshot(net) == before
    else:
        assert status == 0
        assert read_folder(net).contacts["id"].tolist() == ["p1"]
        assert main(["undo", str(net)]) == 0
        assert snapshot(net) == before


def _inject_duplicates(src: Path, dst: Path, n: int = 6) -> list[tuple[str, str]]:
    """Copy the sample and split n well-connected people into two contacts each."""
    shutil.copytree(src, dst)
    data = read_folder(dst)
    counts = data.interactions["with"].str.split(";").explode().value_counts()
    chosen = [p for p in counts.index if p in set(data.contacts["id"])][:n]
    contacts = data.contacts
    inter = data.interactions.copy()
    intro = data.introductions.copy()
    pairs = []
    new_rows = []
    for pid in chosen:
        dup = f"{pid}-dup"
        row = contacts[contacts["id"] == pid].iloc[0].to_dict()
        row["id"] = dup
        new_rows.append(row)
        pairs.append((pid, dup))
        # every other interaction with them, and their introduction, go to the copy
        mine = inter.index[inter["with"] == pid][1::2]
        inter.loc[mine, "with"] = dup
        intro.loc[intro["person"] == pid, "person"] = dup
    extra = pd.DataFrame(new_rows)
    start = int(contacts.index.max()) + 1
    extra.index = pd.Index(range(start, start + len(extra)), name="line")
    data = data.replace(
        contacts=pd.concat([contacts, extra]), interactions=inter, introductions=intro
    )
    write_folder(data, dst, tables=(S.CONTACTS, S.INTERACTIONS, S.INTRODUCTIONS))
    return pairs


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    """Rows with numbers rounded and missing values as None, so equal answers compare equal."""
    num = frame.select_dtypes("number").columns
    frame = frame.assign(**{c: frame[c].round(9) for c in num})
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def _answers(folder: Path) -> dict[str, object]:
    G = tiegraph.load_network(folder, as_of=tiegraph.SAMPLE_AS_OF)
    out: dict[str, object] = {}
    for org in G.graph["targets"]:
        chains = tiegraph.intro_paths(G, org=org, k=5)
        out[f"intro {org}"] = [(c.people, round(c.score, 9)) for c in chains]
        out[f"introducers {org}"] = _records(tiegraph.introducers(G, org))
    out["dormant"] = _records(tiegraph.dormant_ties(G))
    view = network(G, max_nodes=None)
    out["map nodes"] = sorted((n["id"], n.get("color"), n.get("size")) for n in view.nodes)
    out["map edges"] = sorted(
        (e["from"], e["to"], e.get("dashes"), e.get("width")) for e in view.edges
    )
    return out


@pytest.mark.slow
def test_answers_after_merging_injected_duplicates_equal_the_original(tmp_path):
    original = tiegraph.sample_folder()
    dup = tmp_path / "dup"
    pairs = _inject_duplicates(original, dup)
    dups = possible_duplicates(read_folder(dup))
    listed = {tuple(sorted(p)) for p in dups[["a", "b"]].values.tolist()}
    for pair in pairs:
        assert tuple(sorted(pair)) in listed
    assert _answers(dup) != _answers(original)  # the duplicates change the answers
    for keep, other in pairs:
        assert main(["merge", keep, other, "--into", str(dup)]) == 0
    assert _answers(dup) == _answers(original)


def test_duplicates_command_lists_records_distinct_and_json(tmp_path, capsys):
    net = folder_with(
        tmp_path,
        [
            {"id": "gabriel-ruiz", "name": "Gabriel Ruiz", "org": "OEC"},
            {"id": "gabe-ruiz", "name": "Gabe Ruiz", "org": "OEC"},
        ],
    )
    assert main(["duplicates", str(net)]) == 0
    out = capsys.readouterr().out
    assert "Gabriel Ruiz" in out and "Gabe Ruiz" in out
    assert "tiegraph merge gabriel-ruiz gabe-ruiz" in out
    assert main(["duplicates", str(net), "--json"]) == 0
    pairs = __import__("json").loads(capsys.readouterr().out)
    assert [(p["a"], p["b"]) for p in pairs] == [("gabriel-ruiz", "gabe-ruiz")]
    assert any("nickname" in r for r in pairs[0]["for"])
    assert main(["duplicates", str(net), "--distinct", "gabe-ruiz", "gabriel-ruiz"]) == 0
    capsys.readouterr()
    assert 'distinct = [["gabe-ruiz", "gabriel-ruiz"]]' in (net / "network.toml").read_text()
    assert main(["duplicates", str(net)]) == 0
    assert "no possible duplicates" in capsys.readouterr().out
    assert main(["undo", str(net)]) == 0
    capsys.readouterr()
    assert main(["duplicates", str(net), "--json"]) == 0
    assert len(__import__("json").loads(capsys.readouterr().out)) == 1
