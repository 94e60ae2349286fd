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
from tiegraph.io import _text, tables
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


# --- the column-at-once read, check and write (issue 13) --------------------------------------
# A column of 10,000 cells or more is looked at through its distinct cells, and a date column
# that parses as it is skips cleaning: these tests put one odd cell among many plain ones, so
# the fast look must find it and the answer must be the one the rule gives for a small table.

MANY = 10_000


def test_a_short_row_in_a_small_file_is_an_error_naming_its_line(tmp_path):
    net = folder(
        tmp_path,
        interactions_csv="date,with,by,channel\n2024-01-05,ana,,call\n2024-01-06,bo,call\n",
    )
    assert [str(e) for e in check_folder(net)] == [
        "interactions.csv:3: has 3 fields where the header has 4"
    ]


def test_one_cell_to_strip_clean_or_unquote_among_many_plain_ones_is_found():
    n = MANY + 5
    cells = ["Acme"] * n
    cells[3] = "  Acme  "  # edge spaces
    cells[7] = "Ac\x00me"  # a NUL
    cells[9] = "'=SUM(1)"  # a neutralised formula, read back
    cells[11] = "Acme\u00a0"  # a space that is not " "
    columns = {"id": [f"p{i}" for i in range(n)], "name": ["Ann"] * n, "org": cells}
    df = tables.table_from_columns(S.CONTACTS, columns, n, restore={"org"})
    assert df["org"].tolist()[:13] == [
        "Acme",
        "Acme",
        "Acme",
        "Acme",
        "Acme",
        "Acme",
        "Acme",
        "Acme",
        "Acme",
        "=SUM(1)",
        "Acme",
        "Acme",
        "Acme",
    ]
    assert set(df["org"].tolist()[13:]) == {"Acme"}
    assert df.index[0] == 2 and df["since"].isna().all() and df["closeness"].isna().all()


def test_a_small_table_of_mixed_cells_reads_as_text():
    df = table_from_rows(
        S.CONTACTS,
        [["ana", "Ana", 5, None], ["bo", " Bo ", 2.5, float("nan")]],
        header=["id", "name", "org", "title"],
    )
    assert df["org"].tolist() == ["5", "2.5"] and df["title"].tolist() == ["", ""]
    assert df["name"].tolist() == ["Ana", "Bo"]
    short = table_from_rows(
        S.CONTACTS, [["ana", "Ana", "SEIU"], ["bo", "Bo"]], header=["id", "name", "org"]
    )
    assert short["org"].tolist() == ["SEIU", ""]  # a short row is filled, as a DataFrame does


def test_a_date_column_with_one_odd_cell_among_many_is_read_the_long_way():
    n = MANY + 3
    dates = ["2024-01-05T10:00:00Z"] * n
    dates[1] = " 2024-01-06 "  # stripped, then parsed
    dates[2] = "   "  # empty once stripped
    df = tables.table_from_columns(
        S.INTERACTIONS, {"date": dates, "with": ["ana"] * n, "channel": ["call"] * n}, n
    )
    assert df["date"].iloc[:3].tolist() == [
        pd.Timestamp("2024-01-05T10:00:00Z"),
        pd.Timestamp("2024-01-06", tz="UTC"),
        pd.NaT,
    ]
    dates[5] = "2024-13-01"
    errors: list[DataError] = []
    tables.table_from_columns(
        S.INTERACTIONS,
        {"date": dates, "with": ["ana"] * n, "channel": ["call"] * n},
        n,
        file="i.csv",
        errors=errors,
    )
    assert [str(e) for e in errors] == [
        "i.csv:7: column 'date': '2024-13-01' is not a date (use ISO 8601: YYYY-MM-DD)"
    ]


def test_validate_reports_each_problem_of_a_large_table_in_row_order(tmp_path):
    rows = ["date,with,by,channel"] + ["2024-01-05,ana,,call"] * MANY
    rows[40] = "2024-01-05,ana;zed;;bo;yu,,call"  # two unknown ids in a meeting, in order
    rows[50] = "2024-01-05,,,call"
    rows[60] = "2024-01-05,bo,zed,Fax"
    rows[70] = "2024-01-05,ana,,CALL"  # channels are compared in lower case
    net = folder(tmp_path, interactions_csv="\n".join(rows) + "\n")
    assert [str(e) for e in check_folder(net)] == [
        "interactions.csv:41: column 'with': 'zed' is not a known contact id",
        "interactions.csv:41: column 'with': 'yu' is not a known contact id",
        "interactions.csv:51: column 'with': '' is empty; name at least one contact id",
        "interactions.csv:61: column 'by': 'zed' is not a known contact id",
        "interactions.csv:61: column 'channel': 'Fax' is not a known channel (known: in_person, "
        "call, video, message, email, social)",
    ]


def test_a_duplicate_id_names_the_first_line_of_that_id(tmp_path):
    net = folder(tmp_path, contacts_csv="id,name\nbo,Bo\nana,Ana\nbo,Bo 2\nana,Ana 2\nbo,Bo 3\n")
    assert [str(e) for e in check_folder(net)] == [
        "contacts.csv:4: column 'id': 'bo' is a duplicate id (first on line 2)",
        "contacts.csv:5: column 'id': 'ana' is a duplicate id (first on line 3)",
        "contacts.csv:6: column 'id': 'bo' is a duplicate id (first on line 2)",
    ]


def test_a_large_table_is_written_as_the_csv_module_writes_it(tmp_path):
    import csv
    import io

    n = MANY + 4
    notes = ["plain"] * n
    notes[0], notes[1], notes[2], notes[3] = 'say "hi"', "a, b", "two\nlines", "=1+1"
    dates = pd.Series(pd.to_datetime(["2024-01-05"] * n, utc=True))
    dates[1] = pd.Timestamp("2024-01-05T10:00:00.25Z")
    dates[2] = pd.Timestamp("2024-01-05T10:00:00Z")
    inter = table_from_rows(
        S.INTERACTIONS,
        pd.DataFrame(
            {
                "date": ["2024-01-05"] * n,
                "with": ["ana"] * n,
                "channel": ["call"] * n,
                "notes": notes,
            }
        ),
    )
    inter["date"] = dates.to_numpy()
    write_folder(
        NetworkData(
            contacts=table_from_rows(S.CONTACTS, [{"id": "ana", "name": "Ana"}]), interactions=inter
        ),
        tmp_path / "net",
    )
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\n")
    writer.writerow(["date", "with", "by", "channel", "notes"])
    days = ["2024-01-05", "2024-01-05T10:00:00.25Z", "2024-01-05T10:00:00Z"] + ["2024-01-05"] * (
        n - 3
    )
    quoted = ['say "hi"', "a, b", "two\nlines", "'=1+1"] + ["plain"] * (n - 4)
    writer.writerows([d, "ana", "", "call", q] for d, q in zip(days, quoted, strict=True))
    assert (tmp_path / "net" / "interactions.csv").read_text(
        encoding="utf-8"
    ) == expected.getvalue()
    assert read_folder(tmp_path / "net").interactions["notes"].tolist() == notes


@pytest.mark.parametrize(
    ("kind", "problem"),
    [
        ("plain", None),
        ("crlf", None),
        ("bom", None),
        ("wider", "interactions.csv:2: has 5 fields where the header has 4"),
        ("shorter", "interactions.csv:4001: has 3 fields where the header has 4"),
        ("quoted", None),
        ("spanning", None),
    ],
)
def test_a_large_file_reads_as_the_exact_parser_reads_it(tmp_path, kind, problem):
    # over 64 KiB: pandas' parser reads the bytes of a plain file; anything else (a line end
    # CR LF, a byte-order mark, rows wider or shorter than the header, a record over two
    # lines) goes to the exact parser, never to a silent misreading (pandas would make a wider
    # row's first field the index, and fill a shorter row with empty cells)
    rows = [f"2024-01-05,ana,call,note {i}" for i in range(5000)]
    if kind == "wider":
        rows = [r + "," for r in rows]
    if kind == "shorter":
        rows[3999] = "2024-01-05,ana,call"  # pandas would fill it with an empty note
    if kind == "quoted":
        rows[1] = '2024-01-05,ana,call,"note 1"'
        rows[2] = '2024-01-05,ana,call,"a, ""b"", c"'
    if kind == "spanning":
        rows[1] = '2024-01-05,ana,call,"two\nlines"'
    text = "date,with,channel,notes\n" + "\n".join(rows) + "\n"
    data = text.encode()
    if kind == "crlf":
        data = data.replace(b"\n", b"\r\n")
    if kind == "bom":
        data = b"\xef\xbb\xbf" + data
    net = folder(tmp_path, interactions_csv=data)
    assert [str(e) for e in check_folder(net)] == ([problem] if problem else [])
    if problem is None:
        notes = read_folder(net).interactions["notes"]
        assert (
            len(notes) == 5000
            and notes.iloc[0] == "note 0"
            and notes.index[-1] == (5001 if kind != "spanning" else 5002)
        )
        assert notes.iloc[1] == ("two\nlines" if kind == "spanning" else "note 1")


def test_dates_are_written_as_strftime_writes_them_whatever_the_instant():
    # each distinct day and second is formatted once: check against the plain rule on
    # midnights, whole seconds, nanoseconds, dates before 1970 and a missing one
    values = pd.Series(
        pd.to_datetime(
            [
                "2024-03-02",
                "2024-03-02T15:00:00",
                "1969-12-31T23:59:59.5",
                "1950-06-01T00:00:00.000000001",
                None,
                "2024-03-02T15:00:00",
                "1900-01-01T00:00:01",
            ],
            utc=True,
            format="ISO8601",
        )
    )
    assert tables.format_dates(values).tolist() == [
        "2024-03-02",
        "2024-03-02T15:00:00Z",
        "1969-12-31T23:59:59.5Z",
        "1950-06-01T00:00:00.000000001Z",
        "",
        "2024-03-02T15:00:00Z",
        "1900-01-01T00:00:01Z",
    ]
