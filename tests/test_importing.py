"""import_into: identity across sources, counts that add up, nothing lost, idempotent."""

import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tiegraph
import tiegraph.dedupe
from tiegraph import DataError, import_into, read_folder
from tiegraph.keys import Keys, conflicting_kinds

F = Path(__file__).parent / "fixtures"
NOW = pd.Timestamp("2025-01-01", tz="UTC")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def counts_add_up(r):
    assert r.records == len(r.added) + len(r.merged) + len(r.skipped)
    assert r.interaction_records == (
        r.interactions_added + r.interactions_unchanged + len(r.interactions_skipped)
    )


def test_one_person_from_three_sources_becomes_one_contact(tmp_path):
    net = tmp_path / "net"
    r = import_into(net, "linkedin", F / "linkedin_connections.csv")
    assert r.added == ((5, "jane-doe"), (6, "zoe-lindqvist"), (7, "bob-lee"))
    r = import_into(net, "vcard", F / "vcard_contacts.vcf")
    counts_add_up(r)
    assert [(m.line, m.id, m.how, m.changed) for m in r.merged] == [
        (1, "jane-doe", "same name and organisation", True)
    ]
    assert r.added == ((16, "sam-odegaard"), (22, "jose-nunez"))
    r = import_into(net, "ics", F / "ics_calendar.ics", now=NOW)
    counts_add_up(r)
    # Jane by the email the vCard brought; "Bob Lee <bob@seiu.example>" has a key LinkedIn's
    # Bob Lee lacks, and a name alone never merges: a new contact, a possible duplicate
    assert [(m.line, m.id, m.how) for m in r.merged] == [(6, "jane-doe", "same email")]
    assert r.added == ((19, "bob-lee-2"),)
    data = read_folder(net)
    jane = data.contacts.set_index("id").loc["jane-doe"]
    assert jane["email"] == "jane@afscme.example;jane.doe@mail.example"
    assert jane["since"] == pd.Timestamp("2024-02-09", tz="UTC")
    assert jane["url"] == "https://www.linkedin.com/in/jane-doe-0a1b2c;https://example.org/jane"
    dups = tiegraph.dedupe.possible_duplicates(data)
    assert ["bob-lee", "bob-lee-2"] in dups[["a", "b"]].values.tolist()


def test_calendar_import_reports_what_it_skipped_and_remembers_you(tmp_path):
    net = tmp_path / "net"
    r = import_into(net, "ics", F / "ics_calendar.ics", now=NOW)
    counts_add_up(r)
    assert r.interaction_records == 8 and r.interactions_added == 5  # 4 weekly calls + coffee
    assert [(line, why) for _, line, why in r.interactions_skipped] == [
        (31, "cancelled"),
        (39, "no attendees other than you"),
        (45, "start 2099-01-01 is more than a year ahead (after 2026-01-01)"),
    ]
    assert (
        "ics_calendar.ics: took alex@example.org (the calendar's name, X-WR-CALNAME) as you; "
        "pass --me to change" in r.notes
    )
    assert 'emails = ["alex@example.org"]' in (net / "network.toml").read_text()
    assert read_folder(net).settings.owner_emails == ("alex@example.org",)
    inter = read_folder(net).interactions
    assert inter["with"].tolist() == ["jane-doe"] + ["bob-lee;jane-doe"] * 4
    assert inter["started_by"].tolist() == ["me"] * 5  # you organised them
    assert inter["channel"].tolist() == ["in_person"] + ["video"] * 4


@pytest.mark.parametrize(
    ("kind", "name", "kwargs"),
    [
        ("linkedin", "linkedin_connections.csv", {}),
        ("linkedin", "linkedin/connections_danish_semicolon.csv", {}),
        ("vcard", "vcard_contacts.vcf", {}),
        ("vcard", "vcard/iphone_30.vcf", {}),
        ("google", "google_contacts.csv", {}),
        ("google", "google/outlook.csv", {}),
        ("ics", "ics_calendar.ics", {"now": NOW}),
        ("ics", "ics/google_recurring.ics", {"now": NOW}),
        ("interactions", "log_snap.txt", {"me": "me"}),
        ("interactions", "log/collegemsg_snap.txt", {}),
    ],
)
def test_importing_the_same_file_again_changes_nothing(tmp_path, kind, name, kwargs):
    net = tmp_path / "net"
    first = import_into(net, kind, F / name, **kwargs)
    counts_add_up(first)
    before = snapshot(net)
    again = import_into(net, kind, F / name, **kwargs)
    counts_add_up(again)
    assert snapshot(net) == before
    assert again.added == () and again.interactions_added == 0
    assert all(not m.changed or m.within_file for m in again.merged)
    assert again.interactions_unchanged == first.interactions_added


def test_a_log_becomes_contacts_and_interactions_with_the_owner_marked(tmp_path):
    net = tmp_path / "net"
    r = import_into(net, "interactions", F / "log_snap.txt", me="me")
    counts_add_up(r)
    assert [i for _, i in r.added] == ["1", "3", "2", "4"]  # in order of first appearance
    assert r.interactions_skipped == (("log_snap.txt", 5, "the same person on both sides"),)
    data = read_folder(net)
    assert list(data.contacts["direct"]) == ["", "no", "no", "no"]  # only "1" talked to me
    inter = data.interactions
    assert list(zip(inter["by"], inter["with"], inter["started_by"], strict=True)) == [
        ("1", "2", "1"),
        ("3", "4", "3"),
        ("1", "3", "1"),
        ("", "1", "me"),
    ]
    G = tiegraph.load_network(net, as_of="2004-05-01")
    assert G.has_edge("me", "1") and G.has_edge("3", "4") and not G.has_edge("me", "3")


def test_log_rows_are_a_multiset(tmp_path):
    log = tmp_path / "log.csv"
    log.write_text("src,dst,time\na,b,1082040961\na,b,1082040961\na,b,1082040961\nb,a,5\n")
    net = tmp_path / "net"
    r = import_into(net, "interactions", log)
    assert r.interactions_added == 4  # three messages in the same second are three
    assert import_into(net, "interactions", log).interactions_added == 0
    log.write_text(log.read_text() + "a,b,1082040961\n")
    r = import_into(net, "interactions", log)
    assert (r.interactions_added, r.interactions_unchanged) == (1, 4)


def test_log_people_are_matched_by_id_email_and_unique_name(tmp_path):
    net = tmp_path / "net"
    import_into(net, "vcard", F / "vcard_contacts.vcf")
    import_into(net, "linkedin", F / "linkedin_connections.csv")
    r = import_into(
        net, "interactions", F / "log_iso.csv", me="me", src="from", dst="to", time="timestamp"
    )
    counts_add_up(r)
    inter = read_folder(net).interactions
    assert list(inter["with"]) == ["bob-seiu-example", "bob-lee"]  # "Bob Lee" by name
    assert list(inter["by"]) == ["jane-doe", ""]  # jane by her email
    assert r.added == ((2, "bob-seiu-example"),)  # bob@seiu.example is no one's email yet


def test_a_name_shared_by_two_contacts_is_skipped_not_guessed(tmp_path):
    net = tmp_path / "net"
    import_into(net, "linkedin", F / "linkedin_connections.csv")
    import_into(net, "ics", F / "ics_calendar.ics", now=NOW)  # a second Bob Lee, by email
    r = import_into(
        net, "interactions", F / "log_iso.csv", me="me", src="from", dst="to", time="timestamp"
    )
    counts_add_up(r)
    assert r.interactions_skipped == (
        (
            "log_iso.csv",
            3,
            "'Bob Lee' is the name of 2 contacts (bob-lee, bob-lee-2): write an id or an email "
            "instead",
        ),
    )


def test_address_book_relations_become_ties_when_both_are_known(tmp_path):
    net = tmp_path / "net"
    r = import_into(net, "vcard", F / "vcard" / "vcard40_related.vcf")
    assert r.relations_added == 6
    rel = read_folder(net).relations
    assert rel[["person", "related", "related_name", "label"]].values.tolist() == [
        ["jane-roe", "john-roe", "John Roe", "spouse"],
        ["jane-roe", "", "Sam Carter", "co-worker"],
        ["jane-roe", "", "http://example.com/directory/jdoe.vcf", "contact"],
        ["jane-roe", "", "mailto:kim@example.org", "friend"],
        ["jane-roe", "", "Robin, the neighbour", ""],
        ["john-roe", "jane-roe", "Jane Roe", "spouse"],
    ]
    # Kim arrives later: the pending relation is resolved by her email
    kim = tmp_path / "kim.vcf"
    kim.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Kim Lee\nEMAIL:kim@example.org\nEND:VCARD\n")
    import_into(net, "vcard", kim)
    rel = read_folder(net).relations.set_index("related_name")
    assert rel.loc["mailto:kim@example.org", "related"] == "kim-lee"
    G = tiegraph.load_network(net, as_of="2025-01-01")
    ev = G.edges["jane-roe", "kim-lee"]["evidence"]
    assert [e["kind"] for e in ev] == ["related"] and ev[0]["label"] == "friend"


def test_strict_refuses_the_file_at_its_first_problem_and_writes_nothing(tmp_path):
    net = tmp_path / "net"
    import_into(net, "linkedin", F / "linkedin_connections.csv")
    before = snapshot(net)
    bad = tmp_path / "c.csv"
    bad.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ann,Ray,,,SEIU,,09 Feb 2024\n,,https://www.linkedin.com/in/x,,,,\n"
    )
    with pytest.raises(DataError, match=re.escape("c.csv:3:")):
        import_into(net, "linkedin", bad, strict=True)
    assert snapshot(net) == before
    r = import_into(net, "linkedin", bad)
    assert r.added == ((2, "ann-ray"),) and [s[1] for s in r.skipped] == [3]


@pytest.mark.parametrize(
    ("kind", "name", "msg"),
    [
        ("vcard", "linkedin_connections.csv", "use `tiegraph import linkedin`"),
        ("linkedin", "vcard_contacts.vcf", "use `tiegraph import vcard`"),
        ("google", "binary.csv", "binary.csv: is a binary file"),
    ],
)
def test_a_file_of_another_kind_is_refused_and_changes_nothing(tmp_path, kind, name, msg):
    net = tmp_path / "net"
    import_into(net, "linkedin", F / "linkedin_connections.csv")
    before = snapshot(net)
    with pytest.raises(DataError, match=re.escape(msg)):
        import_into(net, kind, F / name)
    assert snapshot(net) == before


def test_a_folder_that_lost_its_contacts_is_not_taken_as_new(tmp_path):
    net = tmp_path / "net"
    import_into(net, "interactions", F / "log_snap.txt", me="me")
    (net / "contacts.csv").unlink()
    before = snapshot(net)
    with pytest.raises(DataError, match=re.escape("contacts.csv: is missing, but the folder")):
        import_into(net, "linkedin", F / "linkedin_connections.csv")
    assert snapshot(net) == before


def test_unknown_kind_and_channel_are_clear_errors(tmp_path):
    with pytest.raises(tiegraph.ConfigError, match="import_into: kind must be one of 'linkedin'"):
        import_into(tmp_path / "n", "csv", F / "log_snap.txt")
    with pytest.raises(tiegraph.ConfigError, match="--channel: 'fax' is not a known channel"):
        import_into(tmp_path / "n", "interactions", F / "log_snap.txt", channel="fax")
    assert not (tmp_path / "n").exists()


# --- property: any generated file, counts add up and no key conflict is merged ----------

_first = st.sampled_from(["Ann", "Bob", "", "José", "王", "Dana"])
_last = st.sampled_from(["Ray", "Lee", "", "Okafor", "伟"])
_url = st.sampled_from(["", "https://www.linkedin.com/in/a", "https://linkedin.com/in/b/", "x"])
_email = st.sampled_from(["", "a@x.org", "b@x.org", "N/A"])
_org = st.sampled_from(["", "SEIU", "AFSCME"])
_date = st.sampled_from(["09 Feb 2024", "23-Apr-23", "", "not a date", "1/8/18, 6:14 PM"])
_row = st.tuples(_first, _last, _url, _email, _org, _date)


def _csv_cell(v: str) -> str:
    return f'"{v}"' if "," in v else v


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(_row, min_size=1, max_size=8), st.lists(_row, max_size=8))
def test_property_linkedin_imports_add_up_and_never_merge_conflicting_keys(
    tmp_path_factory, first, second
):
    tmp = tmp_path_factory.mktemp("p")
    net = tmp / "net"
    arrivals = []
    for i, rows in enumerate((first, second)):
        path = tmp / f"c{i}.csv"
        lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
        lines += [
            ",".join(_csv_cell(v) for v in (f, la, u, e, o, "", d)) for f, la, u, e, o, d in rows
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        r = import_into(net, "linkedin", path)
        counts_add_up(r)
        assert r.records == len(rows)
        ids = {line: pid for line, pid in r.added} | {m.line: m.id for m in r.merged}
        arrivals += [(rows[line - 2], ids[line]) for line in sorted(ids)]
    union: dict[str, Keys] = {}
    for (_f, _l, url, email, _o, _d), pid in arrivals:
        keys = Keys.of([email], [url], [])
        if pid in union:
            assert not conflicting_kinds(union[pid], keys)
            u = union[pid]
            union[pid] = Keys(u.email | keys.email, u.url | keys.url, u.phone)
        else:
            union[pid] = keys


def test_linkedin_data_export_zip_brings_messages_and_invitations(tmp_path):
    folder = F / "linkedin" / "export_2024"
    if not folder.exists():
        pytest.skip("no LinkedIn data export fixture")
    archive = tmp_path / "Basic_LinkedInDataExport_11-25-2026.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for p in folder.iterdir():
            z.write(p, f"Basic_LinkedInDataExport_11-25-2026/{p.name}")
    net = tmp_path / "net"
    r = import_into(net, "linkedin", archive)
    counts_add_up(r)
    r2 = import_into(tmp_path / "net2", "linkedin", folder)
    assert r2.to_dict() | {"source": ""} == r.to_dict() | {"source": ""}
    data = read_folder(net)
    assert r.interactions_added == len(data.interactions) > 0
    assert set(data.interactions["channel"]) <= {"message", "social"}
    assert (data.interactions["notes"].str.len() == 0).all() or (
        data.interactions["channel"] == "social"
    ).any()
    again = import_into(net, "linkedin", archive)
    assert again.interactions_added == 0 and again.added == ()


def test_log_rows_dated_after_now_are_skipped_with_their_line(tmp_path):
    soon = (pd.Timestamp.now(tz="UTC") + pd.Timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    log = tmp_path / "log.csv"
    log.write_text(f"src,dst,time\na,b,{soon}\na,b,2024-01-01T10:00:00Z\n")
    r = import_into(tmp_path / "net", "interactions", log)
    counts_add_up(r)
    assert r.interactions_added == 1
    assert [(f, li) for f, li, _ in r.interactions_skipped] == [("log.csv", 2)]
    assert "in the future" in r.interactions_skipped[0][2]
    assert tiegraph.check_folder(tmp_path / "net") == []


_card_name = st.sampled_from(["Ann Ray", "Bob Lee", "", "王伟", "Ann  Ray"])
_card_email = st.sampled_from(["", "a@x.org", "b@x.org", "N/A"])
_card_tel = st.sampled_from(["", "+1 415 555 0100", "+1 415 555 0199", "call me"])
_card = st.tuples(_card_name, _card_email, _card_tel, st.sampled_from(["", "SEIU"]))


def _vcard(cards) -> str:
    out = []
    for name, email, tel, org in cards:
        out.append("BEGIN:VCARD\nVERSION:3.0")
        if name:
            out.append(f"FN:{name}")
        if email:
            out.append(f"EMAIL:{email}")
        if tel:
            out.append(f"TEL:{tel}")
        if org:
            out.append(f"ORG:{org}")
        out.append("END:VCARD")
    return "\n".join(out) + "\n"


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(_card, min_size=1, max_size=6), st.lists(_card, min_size=1, max_size=6))
def test_property_vcard_imports_add_up_and_never_merge_conflicting_keys(
    tmp_path_factory, first, second
):
    tmp = tmp_path_factory.mktemp("v")
    net = tmp / "net"
    union: dict[str, Keys] = {}
    for i, cards in enumerate((first, second)):
        path = tmp / f"c{i}.vcf"
        path.write_text(_vcard(cards), encoding="utf-8")
        r = import_into(net, "vcard", path)
        counts_add_up(r)
        assert r.records == len(cards)
        starts = [n for n, line in enumerate(_vcard(cards).split("\n"), 1) if line == "BEGIN:VCARD"]
        ids = {line: pid for line, pid in r.added} | {m.line: m.id for m in r.merged}
        for line, (_n, email, tel, _o) in zip(starts, cards, strict=True):
            if line not in ids:
                continue  # skipped, and listed
            keys = Keys.of([email], [], [tel])
            pid = ids[line]
            if pid in union:
                assert not conflicting_kinds(union[pid], keys)
                u = union[pid]
                union[pid] = Keys(u.email | keys.email, u.url, u.phone | keys.phone)
            else:
                union[pid] = keys


_who = st.sampled_from(["me", "ann", "bob", "a@x.org", "Ann Ray", "", "王伟"])
_when = st.sampled_from(["1082040961", "1082040961", "2004-05-01T10:00:00Z", "soon", ""])


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(_who, _who, _when), min_size=1, max_size=10))
def test_property_log_imports_add_up_and_are_idempotent(tmp_path_factory, rows):
    tmp = tmp_path_factory.mktemp("l")
    path = tmp / "log.csv"
    path.write_text(
        "src,dst,time\n" + "".join(f"{a},{b},{t}\n" for a, b, t in rows), encoding="utf-8"
    )
    net = tmp / "net"
    try:
        r = import_into(net, "interactions", path, me="me")
    except DataError:
        assert not net.exists()  # no row has a time: refused as a whole, nothing written
        return
    counts_add_up(r)
    assert r.interaction_records == len(rows)
    again = import_into(net, "interactions", path, me="me")
    counts_add_up(again)
    assert again.interactions_added == 0 and again.added == ()
    assert again.interactions_unchanged == r.interactions_added
    assert tiegraph.check_folder(net) == []


def test_a_log_imported_again_does_not_rewrite_its_interactions(tmp_path):
    log = tmp_path / "log.csv"
    log.write_text("src,dst,time\nme,ann,1082040961\nann,me,1082040962\n")
    net = tmp_path / "net"
    import_into(net, "interactions", log, me="me")
    before = (net / "interactions.csv").stat().st_mtime_ns
    r = import_into(net, "interactions", log, me="me")
    assert (r.interactions_added, r.interactions_unchanged) == (0, 2)
    assert (net / "interactions.csv").stat().st_mtime_ns == before


def test_log_people_are_matched_by_alias_and_address_in_any_case(tmp_path):
    net = tmp_path / "net"
    net.mkdir()
    (net / "contacts.csv").write_text(
        "id,name,email,aliases\n"
        "ann-lee,Ann Lee,ann@x.org,annie\n"
        "bob-ray,Bob Ray,shared@x.org,\n"
        "cy-ray,Cy Ray,shared@x.org,\n"
    )
    log = tmp_path / "log.csv"
    log.write_text(
        "src,dst,time\nme,annie,1082040961\nme,ANN@X.ORG,1082040962\nme,Shared@x.org,1082040963\n"
        "me,ann lee,1082040964\nme,dee,1082040965\n"
    )
    r = import_into(net, "interactions", log, me="me")
    counts_add_up(r)
    # an alias, an address in another case, the last contact holding an address, a name
    assert list(read_folder(net).interactions["with"]) == [
        "ann-lee",
        "ann-lee",
        "cy-ray",
        "ann-lee",
        "dee",
    ]
    assert r.added == ((6, "dee"),)
