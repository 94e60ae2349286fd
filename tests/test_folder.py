"""Reading, checking and writing a network folder (tiegraph.io.folder, io._text)."""

import datetime
import os
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tiegraph import DataError, check_folder, read_folder, write_folder
from tiegraph import schema as S
from tiegraph.io import _text
from tiegraph.io.folder import NetworkData, table_from_rows

CONTACTS = "id,name,org,email\nana,Ana Lima,SEIU,ana@example.org\nbo,Bo Chen,,\n"


def folder(tmp_path, **files):
    net = tmp_path / "net"
    net.mkdir(exist_ok=True)
    files.setdefault("contacts_csv", CONTACTS)
    for name, text in files.items():
        path = net / name.replace("_csv", ".csv")
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return net


def snapshot(net):
    return {p.name: p.read_bytes() for p in sorted(net.iterdir())}


# --- bad input: one clear line naming file, row and value ------------------------------------

BAD = [
    (
        {"contacts_csv": "id,org\nana,SEIU\n"},
        "contacts.csv:1: missing column(s) 'name' (the header is: id,org)",
    ),
    (
        {"introductions_csv": "person,met_through,date,context\nbo,zed,2024-01-02,picnic\n"},
        "introductions.csv:2: column 'met_through': 'zed' is not a known contact id",
    ),
    (
        {"interactions_csv": "date,with,channel\n2024-02-30,ana,call\n"},
        "interactions.csv:2: column 'date': '2024-02-30' is not a date (use ISO 8601: YYYY-MM-DD)",
    ),
    (
        {"contacts_csv": "id,name\nana,Ana\nbo,Bo\nana,Ana Again\n"},
        "contacts.csv:4: column 'id': 'ana' is a duplicate id (first on line 2)",
    ),
    ({"interactions_csv": ""}, "interactions.csv: file is empty"),
    (
        {"contacts_csv": b"\x00\x01\x02PK\x03\x04" * 100},
        "contacts.csv: is a binary file, not text (expected CSV or text)",
    ),
    (
        {"contacts_csv": "id,name\nana,Ana\nzoe,Zo\xeb\n".encode("latin-1")},
        "contacts.csv:3: byte b'\\xeb\\n' is not valid utf-8",
    ),
    (
        {"contacts_csv": "id,name\nana,Ana,extra\n"},
        "contacts.csv:2: has 3 fields where the header has 2",
    ),
    (
        {"contacts_csv": "id,name,email\nana,Ana,bob@\n"},
        "contacts.csv:2: column 'email': 'bob@' is not an email address",
    ),
    (
        {"contacts_csv": "id,name,closeness\nana,Ana,7\n"},
        "contacts.csv:2: column 'closeness': '7' is not a closeness from 1 to 5",
    ),
    (
        {"contacts_csv": "id,name,since\nana,Ana,2263-01-01\n"},
        "contacts.csv:2: column 'since': '2263-01-01' is out of range (years 1678 to 2261)",
    ),
    (
        {"interactions_csv": "date,with,channel\n2024-01-02,ana;nobody,call\n"},
        "interactions.csv:2: column 'with': 'nobody' is not a known contact id",
    ),
]


@pytest.mark.parametrize(
    ("files", "msg"), BAD, ids=[m.split(":")[0] + str(i) for i, (_, m) in enumerate(BAD)]
)
def test_bad_input_is_one_clear_line(tmp_path, files, msg):
    net = folder(tmp_path, **files)
    with pytest.raises(DataError, match=re.escape(msg)):
        read_folder(net)
    problems = check_folder(net)
    assert str(problems[0]).startswith(msg)
    assert all("\n" not in str(p) for p in problems)


def test_utf8_with_bom_and_crlf_as_excel_saves_is_read(tmp_path):
    net = folder(tmp_path, contacts_csv=b"\xef\xbb\xbfid,name\r\nzoe,Zo\xc3\xab\r\n")
    data = read_folder(net)
    assert list(data.contacts.columns[:2]) == ["id", "name"]
    assert data.contacts.loc[2, "name"] == "Zoë"


def test_check_lists_every_problem_with_quoted_newlines_counted(tmp_path):
    net = folder(
        tmp_path,
        contacts_csv='id,name,notes\nana,Ana,"two\nlines"\nana,Ana 2,\nbo,,\n',
    )
    assert [str(p) for p in check_folder(net)] == [
        "contacts.csv:4: column 'id': 'ana' is a duplicate id (first on line 2)",
        "contacts.csv:5: column 'name': '' is empty; every contact needs a name",
    ]


def test_missing_contacts_file_and_missing_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataError, match=re.escape("contacts.csv: file not found")):
        read_folder(tmp_path / "empty")
    with pytest.raises(DataError, match="is not a network folder"):
        read_folder(tmp_path / "nowhere")


# --- round trip ----------------------------------------------------------------------------


def test_round_trip_keeps_everything_including_user_columns(tmp_path):
    text = (
        "id,name,org,title,email,phone,url,tags,closeness,direct,since,source,notes,birthday\n"
        'ana,"Lima, Ana",SEIU,,ana@example.org;a@b.org,,,union;2024,4,no,2024-02-09,manual,'
        '"She said ""hi""\nand left",1990-01-01\n'
    )
    net = folder(
        tmp_path,
        contacts_csv=text,
        interactions_csv="date,with,by,channel,notes\n2024-03-02T15:30:00Z,ana,,call,\n",
    )
    data = read_folder(net)
    out = tmp_path / "copy"
    write_folder(data, out)
    assert (out / "contacts.csv").read_text() == text
    assert (out / "interactions.csv").read_text() == (
        "date,with,by,channel,notes\n2024-03-02T15:30:00Z,ana,,call,\n"
    )
    assert (out / "introductions.csv").read_text() == "person,met_through,to,date,context\n"


names = (
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20)
    .map(str.strip)
    .filter(bool)
)
notes = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00"), max_size=40
).map(str.strip)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(
            names,
            notes,
            st.sampled_from(["", "1", "5"]),
            # a folder holds dates from 1900 to a year from now (validate)
            st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date.today()).map(str)
            | st.just(""),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_round_trip_property(tmp_path_factory, rows):
    contacts = table_from_rows(
        S.CONTACTS,
        [
            {"id": f"p{i}", "name": n, "notes": note, "closeness": c, "since": d}
            for i, (n, note, c, d) in enumerate(rows)
        ],
    )
    data = NetworkData(contacts=contacts)
    net = tmp_path_factory.mktemp("rt")
    write_folder(data, net)
    back = read_folder(net).contacts
    pd.testing.assert_frame_equal(back.reset_index(drop=True), contacts.reset_index(drop=True))
    again = tmp_path_factory.mktemp("rt2")
    write_folder(read_folder(net), again)
    assert snapshot(again) == snapshot(net)


# --- atomic writes ---------------------------------------------------------------------------


def test_an_invalid_write_changes_nothing(tmp_path):
    net = folder(tmp_path)
    before = snapshot(net)
    data = read_folder(net)
    bad = data.replace(
        introductions=table_from_rows(
            S.INTRODUCTIONS,
            [{"person": "ana", "met_through": "ghost", "date": "2024-01-01", "context": "x"}],
        )
    )
    with pytest.raises(DataError, match="'ghost' is not a known contact id"):
        write_folder(bad, net)
    assert snapshot(net) == before


def test_a_failure_in_the_middle_of_writing_leaves_no_half_written_file(tmp_path, monkeypatch):
    net = folder(tmp_path, interactions_csv="date,with,channel\n2024-01-02,ana,call\n")
    before = snapshot(net)
    data = read_folder(net)
    changed = data.replace(
        contacts=data.contacts.assign(org="Changed"),
        interactions=data.interactions.assign(channel="email"),
    )
    real_replace = os.replace
    calls = []

    def failing_replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_replace(src, dst)

    monkeypatch.setattr(_text.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        write_folder(changed, net, tables=(S.CONTACTS, S.INTERACTIONS))
    after = snapshot(net)
    assert not [p for p in after if p.endswith(".tmp")]  # no temporary file left behind
    # every file is either wholly old or wholly new, never a mix within one file
    assert after["interactions.csv"] == before["interactions.csv"]
    assert after["contacts.csv"] in (
        before["contacts.csv"],
        Path(net / "contacts.csv").read_bytes(),
    )


def test_writes_keep_the_files_permissions(tmp_path):
    net = folder(tmp_path)
    (net / "contacts.csv").chmod(0o640)
    write_folder(read_folder(net), net)
    assert (net / "contacts.csv").stat().st_mode & 0o777 == 0o640
    assert (net / "introductions.csv").stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask
