import re
from pathlib import Path

import pandas as pd
import pytest

import tiegraph
from tiegraph import DataError, import_into, read_folder

F = Path(__file__).parent / "fixtures"
NOW = pd.Timestamp("2025-01-01", tz="UTC")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_one_person_from_three_sources_becomes_one_contact(tmp_path):
    net = tmp_path / "net"
    import_into(net, "linkedin", F / "linkedin_connections.csv")
    r = import_into(net, "vcard", F / "vcard_contacts.vcf")
    assert r.merged == ((1, "jane-doe", "name and organisation"),)
    assert r.added == ("sam-odegaard", "jose-nunez")
    r = import_into(net, "ics", F / "ics_calendar.ics", now=NOW)
    # Jane by the email the vCard brought; Bob by his name (unique, no email on LinkedIn)
    assert [m[1:] for m in r.merged] == [
        ("jane-doe", "email"),
        ("bob-lee", "name and organisation"),
    ]
    assert r.added == ()
    data = read_folder(net)
    jane = data.contacts.set_index("id").loc["jane-doe"]
    assert jane["email"] == "jane@afscme.example;jane.doe@mail.example"
    assert jane["since"] == pd.Timestamp("2024-02-09", tz="UTC")
    assert (jane["url"], jane["phone"]) == (
        "https://www.linkedin.com/in/jane-doe-0a1b2c",
        "+1 555 0100",
    )


def test_calendar_import_reports_what_it_skipped_and_why(tmp_path):
    r = import_into(tmp_path / "net", "ics", F / "ics_calendar.ics", now=NOW)
    assert r.interactions_added == 2
    assert r.skipped == (
        (31, "cancelled"),
        (39, "no attendees other than you"),
        (45, "in the future (not yet happened)"),
    )
    assert r.notes == (
        "took alex@example.org (in 5 of 5 events) as you; pass --me to change",
        "1 recurring event(s) counted once, at their first occurrence",
    )
    inter = read_folder(tmp_path / "net").interactions
    assert list(inter["with"]) == ["jane-doe", "bob-lee;jane-doe"]
    assert list(inter["channel"]) == ["in_person", "video"]


@pytest.mark.parametrize(
    ("kind", "name", "kwargs"),
    [
        ("linkedin", "linkedin_connections.csv", {}),
        ("vcard", "vcard_contacts.vcf", {}),
        ("google", "google_contacts.csv", {}),
        ("ics", "ics_calendar.ics", {"now": NOW}),
        ("interactions", "log_snap.txt", {"me": "me"}),
    ],
)
def test_importing_the_same_file_again_changes_nothing(tmp_path, kind, name, kwargs):
    net = tmp_path / "net"
    import_into(net, kind, F / name, **kwargs)
    before = snapshot(net)
    again = import_into(net, kind, F / name, **kwargs)
    assert snapshot(net) == before
    assert again.added == () and again.interactions_added == 0


def test_a_log_becomes_contacts_and_interactions_with_the_owner_marked(tmp_path):
    net = tmp_path / "net"
    r = import_into(net, "interactions", F / "log_snap.txt", me="me")
    assert r.added == ("1", "3", "2", "4")  # in order of first appearance
    assert r.skipped == ((5, "the same person on both sides"),)
    data = read_folder(net)
    assert list(data.contacts["direct"]) == ["", "no", "no", "no"]  # only "1" talked to me
    inter = data.interactions
    assert list(zip(inter["by"], inter["with"], strict=True)) == [
        ("1", "2"),
        ("3", "4"),
        ("1", "3"),
        ("", "1"),
    ]
    G = tiegraph.load_network(net, as_of="2004-05-01")
    assert G.has_edge("me", "1") and G.has_edge("3", "4") and not G.has_edge("me", "3")


def test_log_people_are_matched_to_existing_contacts_by_email_and_name(tmp_path):
    net = tmp_path / "net"
    import_into(net, "vcard", F / "vcard_contacts.vcf")
    import_into(net, "linkedin", F / "linkedin_connections.csv")
    r = import_into(
        net, "interactions", F / "log_iso.csv", me="me", src="from", dst="to", time="timestamp"
    )
    inter = read_folder(net).interactions
    assert list(inter["with"]) == ["bob-seiu-example", "bob-lee"]  # "Bob Lee" by name
    assert list(inter["by"]) == ["jane-doe", ""]  # jane by her email
    assert r.added == ("bob-seiu-example",)  # bob@seiu.example is no one's email yet


@pytest.mark.parametrize(
    ("kind", "name", "msg"),
    [
        ("linkedin", "linkedin_latin1.csv", "linkedin_latin1.csv:6: byte"),
        ("vcard", "vcard_broken.vcf", "vcard_broken.vcf:4: is not a valid vCard"),
        ("interactions", "log_bad_time.csv", "log_bad_time.csv:3: column 'time': 'yesterday'"),
        ("google", "binary.csv", "binary.csv: is a binary file"),
    ],
)
def test_a_failed_import_changes_nothing_in_the_folder(tmp_path, kind, name, msg):
    net = tmp_path / "net"
    import_into(net, "linkedin", F / "linkedin_connections.csv")
    before = snapshot(net)
    with pytest.raises(DataError, match=re.escape(msg)):
        import_into(net, kind, F / name)
    assert snapshot(net) == before


def test_unknown_kind_and_channel_are_clear_errors(tmp_path):
    with pytest.raises(tiegraph.ConfigError, match="unknown import kind 'csv'"):
        import_into(tmp_path / "n", "csv", F / "log_snap.txt")
    with pytest.raises(tiegraph.ConfigError, match="--channel: 'fax' is not a known channel"):
        import_into(tmp_path / "n", "interactions", F / "log_snap.txt", channel="fax")
    assert not (tmp_path / "n").exists()
