"""LinkedIn's Connections.csv and whole data export, read from real exports' fixtures.

Every fixture under tests/fixtures/linkedin/ keeps the structure, bytes and
quirks of a file someone committed to GitHub (sources in
tests/fixtures/README.md), with fictional people.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tiegraph import DataError
from tiegraph.io._dates import english_months, guess_dayfirst, parse_export_dates
from tiegraph.io.linkedin import (
    INVITATION_COLUMNS,
    MESSAGE_COLUMNS,
    read_linkedin,
    read_linkedin_export,
)
from tiegraph.keys import normalize_url

F = Path(__file__).parent / "fixtures" / "linkedin"
HIDDEN = "no name: the member hid or deleted their profile"


def since(reading):
    return reading.table["since"].dt.strftime("%Y-%m-%d").fillna("").tolist()


def col(reading, name):
    return reading.table[name].tolist()


# --- Connections.csv: every form ---------------------------------------------------------


def test_todays_export_with_notes_preamble_and_a_hidden_member():
    r = read_linkedin(F / "export_2024" / "Connections.csv")
    assert r.records == 7 and r.encoding == "utf-8"
    assert list(r.table.index) == [5, 6, 7, 8, 10, 11]  # lines of the file, after the preamble
    assert r.skipped == [(9, HIDDEN)]  # ",,,,,,02 Jun 2022"
    assert col(r, "name") == [
        "Asha Verma",
        "Ravi Kumar R",
        "Carla Stone",
        "Vikram Rao",
        "Tom Kay",
        "Lena Fischer",
    ]
    assert col(r, "org")[4] == "Adapter, Inc." and col(r, "title")[3] == "Sr. IT Recruiter"
    assert since(r) == [
        "2024-05-30",
        "2024-05-30",
        "2023-03-23",
        "2022-06-02",
        "2022-05-30",
        "2008-05-29",
    ]
    assert col(r, "email") == ["", "", "carla.stone@example.com", "", "", ""]
    # the URL as written (percent escapes kept); identity keys normalise it
    assert col(r, "url")[5] == "https://www.linkedin.com/in/lena-fischer-%E2%9C%8D-12b78523c"
    assert [normalize_url(u) for u in col(r, "url")[:2]] == [
        "linkedin.com/in/asha-verma-example",
        "linkedin.com/in/ravi-kumar-r-0f9e8d7c6",
    ]
    assert set(col(r, "source")) == {"linkedin"} and set(col(r, "id")) == {""}
    assert r.notes == []


def test_2022_export_without_url_column():
    r = read_linkedin(F / "export_2022" / "Connections.csv")
    assert (r.records, list(r.table.index)) == (7, [5, 6, 7, 9, 11])
    assert r.skipped == [(8, HIDDEN), (10, HIDDEN)]
    assert col(r, "name") == [
        "Anya Krishnan",
        "Sami Tariq Khan",
        "Sara Lin Mohd Noor",
        "Haben Tesfaye Alem",
        "Omar Farouk",
    ]
    assert since(r) == ["2022-09-09", "2022-09-08", "2022-09-07", "2022-07-21", "2017-03-01"]
    assert set(col(r, "url")) == {""}
    assert col(r, "email")[-1] == "omar.farouk@example.org"


def test_2018_export_with_times_and_an_urn_in_the_email_column():
    r = read_linkedin(F / "export_2018" / "Connections.csv")
    assert (r.records, list(r.table.index), r.skipped) == (5, [2, 3, 4, 5, 6], [])
    assert since(r) == ["2018-01-08", "2018-04-04", "2017-11-17", "2017-11-20", "2018-08-18"]
    assert col(r, "name")[2] == "shalini mehra"
    assert col(r, "email") == [
        "claus.madsen@example.dk",
        "vivek.rao@example.com",
        "s.mehra@example.in",
        "amit.sinha@example.com",
        "",
    ]
    # the row stays; only the value that is not an address goes
    assert r.notes == [
        (6, "Email Address 'urn:li:member:123456789' is not an email address; left out")
    ]


def test_2013_export_no_space_headers_tags_and_odd_bytes():
    r = read_linkedin(F / "connections_2013_tags.csv")
    assert (r.records, list(r.table.index)) == (7, [2, 3, 4, 5])
    # the three ",,,,,," rows Excel left at the end
    empty = "an empty row (nothing but separators)"
    assert r.skipped == [(6, empty), (7, empty), (8, empty)]
    # 2/23/16 and 6/15/16 show month first, so 11/8/13 is the 8th of November
    assert since(r) == ["2013-08-03", "2013-11-08", "2016-06-15", "2016-02-23"]
    assert col(r, "tags") == ["", "", "friends", ""]
    assert col(r, "org")[:2] == ["Astro Tech, Inc.", "CoolTech, LLC"]
    assert col(r, "title")[1] == "Founder, Principal"
    # lone bytes of a one-byte encoding are read as cp1252 (0x81, 0x8d are undefined there)
    assert col(r, "name")[3] == "June C. Hsu, CPA Ž\u2c4a__¾\ufffd©\ufffd__"
    assert r.notes == [(None, "line(s) 5 have bytes that are not UTF-8: read as cp1252")]


def test_excel_resave_crlf_and_day_month_abbreviation_year():
    r = read_linkedin(F / "connections_excel_dd-mmm-yy.csv")
    assert (r.records, list(r.table.index)) == (5, [2, 3, 5, 6])
    assert r.skipped == [(4, HIDDEN)]
    assert since(r) == ["2023-04-23", "2023-04-22", "2022-10-29", "2019-07-08"]
    assert col(r, "name") == ["Kavya Shetty", "Shri Patil", "Meera Iyer", "Dev Anand"]


def test_utf8_with_cut_off_characters_and_stray_bytes():
    r = read_linkedin(F / "connections_broken_utf8.csv")
    assert r.encoding == "utf-8"
    assert (r.records, list(r.table.index)) == (6, [2, 3, 4, 6, 7])
    assert r.skipped == [(5, HIDDEN)]
    assert col(r, "name") == [
        "Gino Bellini",
        "Rosa Salas Ortiz Bel\ufffd",
        "ýýýý Max Ibarra",
        "Milo Reyes\ufffd\ufffd\ufffd",
        "José Prado Díaz",  # the good UTF-8 stays good
    ]
    assert since(r) == ["2026-01-05", "2025-12-19", "2025-12-16", "2021-06-16", "2020-02-12"]
    assert r.notes == [
        (
            None,
            "line(s) 4 have bytes that are not UTF-8: read as cp1252; line(s) 3, 6 have "
            "cut-off UTF-8 characters: read as \ufffd",
        )
    ]


def test_danish_excel_semicolons_dotted_dates_and_mixed_encodings():
    r = read_linkedin(F / "connections_danish_semicolon.csv")
    assert (r.records, list(r.table.index), r.skipped) == (6, [2, 3, 4, 5, 6, 7], [])
    assert col(r, "name") == [
        "Dina Dahl-Hansen",
        "Lise Bakke Jörgensen",
        "Emil Jörgensen",
        "Rafael Moser",
        "Klara Berger",
        "Mads Skjödt Holm",
    ]
    # one line mixes a UTF-8 "ä" and a Windows-1252 "ö"; both are read
    assert col(r, "org")[3] == "Universitätsklinikum St Pölten"
    assert col(r, "title")[4] == "Account Manager | Mobility • Media ☁"
    assert col(r, "title")[5] == "Salgsmedhjælper"
    assert since(r) == [
        "2021-09-16",
        "2021-09-14",
        "2021-09-07",
        "2021-03-02",
        "2017-02-07",
        "2015-12-03",
    ]


def test_a_windows_1252_file(tmp_path):
    # today's export saved again by a Western Excel: every byte is cp1252
    text = (F / "export_2024" / "Connections.csv").read_text(encoding="utf-8")
    p = tmp_path / "Connections.csv"
    p.write_bytes(text.replace("Lena,Fischer", "Zoë,Lindqvist").encode("cp1252"))
    r = read_linkedin(p)
    assert (r.encoding, r.notes) == ("cp1252", [(None, "read as cp1252")])
    assert col(r, "name")[-1] == "Zoë Lindqvist" and list(r.table.index)[-1] == 11


def test_forced_encoding_is_used_as_given():
    r = read_linkedin(F / "connections_danish_semicolon.csv", encoding="latin-1")
    assert r.encoding == "latin-1" and r.notes == [(None, "read as latin-1")]
    assert col(r, "org")[3] == "UniversitÃ¤tsklinikum St Pölten"
    msg = "connections_danish_semicolon.csv:6: byte b'\\x81;07' is not valid cp1252"
    with pytest.raises(DataError, match=re.escape(msg)):
        read_linkedin(F / "connections_danish_semicolon.csv", encoding="cp1252")
    with pytest.raises(DataError, match=re.escape("connections_danish_semicolon.csv:3: byte")):
        read_linkedin(F / "connections_danish_semicolon.csv", encoding="utf-8")


def test_spanish_excel_first_name_only_and_two_date_forms():
    r = read_linkedin(F / "connections_spanish_semicolon.csv")
    assert (r.records, list(r.table.index), r.skipped) == (6, [2, 3, 4, 5, 6, 7], [])
    assert col(r, "name") == ["Elisa", "Pedro", "Antonio", "Raquel", "Jordi", "Maria"]
    assert col(r, "org")[0] == ""  # ten spaces
    # Excel turned the months it knew (oct, may, mar, jun) into its own form; not Dec or Jan
    assert since(r) == [
        "2009-10-30",
        "2016-12-01",
        "2021-01-21",
        "2020-05-04",
        "2017-03-01",
        "2012-06-12",
    ]


def test_headers_without_spaces():
    r = read_linkedin(F / "connections_nospace_headers.csv")
    assert (r.records, list(r.table.index), r.skipped) == (4, [2, 3, 5], [(4, HIDDEN)])
    assert col(r, "name") == ["Hadi Karimi, PhD", "Aram Petrosyan, P.Eng., MASc.", "Jess Moreau"]
    assert since(r) == ["2022-05-04", "2022-05-03", "2022-05-03"]
    assert col(r, "org")[0] == "Confidential"


def test_bom_and_blank_lines_above_the_header():
    r = read_linkedin(F / "connections_bom_blank_lines.csv")
    assert (r.records, list(r.table.index), r.skipped) == (4, [4, 5, 7], [(6, HIDDEN)])
    assert col(r, "name") == ["Murad Salem", "Mona Adel", "Salma Fathy"]
    assert col(r, "email")[0] == "murad.salem@example.com"
    assert since(r) == ["2023-02-01", "2023-02-01", "2015-10-05"]


def test_na_typed_into_empty_cells():
    r = read_linkedin(F / "connections_na_placeholders.csv")
    assert (r.records, list(r.table.index), r.skipped) == (4, [2, 3, 4, 5], [])
    assert col(r, "org") == ["", "Neutra Technologies", "VERSATILE SOFTWARES", "Freelance"]
    assert col(r, "title")[0] == ""
    assert col(r, "email") == ["", "", "saeed.m@example.com", ""]
    assert r.notes == [
        (2, "Email Address 'NA' is not an email address; left out"),
        (3, "Email Address 'NA' is not an email address; left out"),
        (5, "Email Address 'urn:li:member:819249601' is not an email address; left out"),
        (None, "1 row(s) with Company or Position 'NA' (a spreadsheet's 'nothing'): read as empty"),
    ]
    assert since(r) == ["2024-06-18", "2024-06-18", "2024-06-18", "2023-02-22"]


def test_columns_moved_and_added_and_a_cell_over_three_lines():
    r = read_linkedin(F / "connections_extra_columns.csv")
    assert (r.records, list(r.table.index), r.skipped) == (4, [2, 3, 4, 7], [])
    extra = ["Audit Status", "Last Post Date", "Last Post Preview", "Country_AI", "City_AI"]
    assert list(r.table.columns[-5:]) == extra
    assert col(r, "name") == ["Rahul Desai", "Eli Navarro", "Wasim Qureshi", "Sara Montoya"]
    assert since(r) == ["2026-07-04", "2026-07-03", "2026-07-02", "2026-07-02"]
    assert r.table.loc[4, "Last Post Preview"].count("\n") == 2
    assert r.table.loc[7, "Country_AI"] == "México"


def test_a_pandas_index_column_and_added_columns_keep_their_names():
    r = read_linkedin(F / "connections_pandas_index.csv")
    assert (r.records, list(r.table.index)) == (2, [2, 3])
    assert list(r.table.columns[-4:]) == ["column 1", "Location", "Latitude", "Longitude"]
    assert r.table["column 1"].tolist() == ["0", "1"]
    assert r.table["Location"].tolist() == ["Milan", "Bologna"]
    assert col(r, "name") == ["Tony Ferraro", "Andrea Rossi, AML-CTF Cert"]


def test_quoted_header_and_iso_dates():
    # not from a real file (none found): today's structure, quoted the way LibreOffice can
    r = read_linkedin(F / "connections_quoted_iso.csv")
    assert (r.records, list(r.table.index), r.skipped) == (3, [2, 3], [(4, HIDDEN)])
    assert since(r) == ["2024-05-30", "2022-05-30"]
    assert col(r, "org") == ["Brightline Consulting", "Adapter, Inc."]


def test_name_columns_removed_every_row_is_skipped():
    r = read_linkedin(F / "connections_no_name_columns.csv")
    reason = "no name (the file has no First Name or Last Name column)"
    assert r.records == 3 and len(r.table) == 0
    assert r.skipped == [(5, reason), (6, reason), (7, reason)]


def test_a_row_with_an_email_but_no_name_is_named_by_the_email(tmp_path):
    p = tmp_path / "Connections.csv"
    p.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        ",,https://www.linkedin.com/in/x,Ann@Example.org,Acme,CTO,01 Feb 2024\n"
        ",,https://www.linkedin.com/in/y,,Acme,CTO,01 Feb 2024\n"
        "Bo,Li,not a url,bo@example.org; bo.li@example.org,Acme,CTO,31 Feb 2024\n"
    )
    r = read_linkedin(p)
    assert col(r, "name") == ["ann@example.org", "Bo Li"]
    assert col(r, "email") == ["ann@example.org", "bo@example.org;bo.li@example.org"]
    assert r.skipped == [(3, HIDDEN)]
    assert r.notes == [
        (4, "URL 'not a url' is not a web address; left out"),
        (4, "Connected On '31 Feb 2024' is not a date; left out"),
    ]
    assert since(r) == ["2024-02-01", ""]


def test_a_row_with_too_many_fields_is_skipped_with_its_line(tmp_path):
    p = tmp_path / "Connections.csv"
    p.write_text(
        "First Name;Last Name;URL;Email Address;Company;Position;Connected On\n"
        "Ann;Lee;;;Acme;CTO;01 Feb 2024\n"
        "OUAKOUR PMI; PMP; IA;;PSM;https://www.linkedin.com/in/ouakour;;;02-oct-18\n"
        "Bo;Li;;;Acme;CTO;02-oct-18\n"
    )
    r = read_linkedin(p)
    assert (r.records, list(r.table.index)) == (3, [2, 4])
    assert r.skipped == [(3, "has 9 fields where the header has 7")]


# --- strict ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("export_2024/Connections.csv", f"Connections.csv:9: {HIDDEN}"),
        (
            "connections_na_placeholders.csv",
            "connections_na_placeholders.csv:2: Email Address 'NA' is not an email address; "
            "left out",
        ),
        (
            "export_2018/Connections.csv",
            "Connections.csv:6: Email Address 'urn:li:member:123456789' is not an email "
            "address; left out",
        ),
    ],
)
def test_strict_refuses_the_file_at_the_first_problem(path, message):
    with pytest.raises(DataError, match=re.escape(message)):
        read_linkedin(F / path, strict=True)


def test_strict_accepts_a_clean_file():
    r = read_linkedin(F / "connections_danish_semicolon.csv", strict=True)
    assert len(r.table) == 6


# --- files that are not a Connections.csv -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (
            "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nEND:VCARD\n",
            "a vCard file; use `tiegraph import vcard`",
        ),
        ("BEGIN:VCALENDAR\nEND:VCALENDAR\n", "an iCalendar file; use `tiegraph import ics`"),
        (
            "First Name,Middle Name,Last Name,Phonetic First Name,E-mail 1 - Label,"
            "E-mail 1 - Value\nAnn,,Lee,,* Home,ann@example.org\n",
            "a Google Contacts or Outlook CSV, not LinkedIn's Connections.csv; use "
            "`tiegraph import google`",
        ),
        (
            "Name,Given Name,Additional Name,Family Name\nAnn Lee,Ann,,Lee\n",
            "a Google Contacts or Outlook CSV",
        ),
    ],
)
def test_other_kinds_of_file_are_named(tmp_path, text, says):
    p = tmp_path / "contacts.csv"
    p.write_text(text)
    with pytest.raises(DataError, match=re.escape(f"contacts.csv: this looks like {says}")):
        read_linkedin(p)


@pytest.mark.parametrize(
    ("fixture", "says"),
    [
        ("export_2024/messages.csv", "LinkedIn's messages.csv"),
        ("export_2018/Messages.csv", "LinkedIn's messages.csv"),
        ("export_2024/Invitations.csv", "LinkedIn's Invitations.csv"),
        ("export_2022/Profile.csv", "LinkedIn's Profile.csv (your own profile)"),
    ],
)
def test_other_files_of_the_export_point_to_the_whole_export(fixture, says):
    whole = (
        "import the whole LinkedIn export (the .zip or its folder) with `tiegraph import linkedin`"
    )
    with pytest.raises(DataError, match=re.escape(f"this looks like {says}")) as err:
        read_linkedin(F / fixture)
    assert str(err.value).endswith(whole)


def test_no_header_empty_binary_missing(tmp_path):
    (tmp_path / "notes.txt").write_text("call Ann on Monday\nbuy milk\n")
    with pytest.raises(DataError, match=re.escape("notes.txt: has no header line like 'First")):
        read_linkedin(tmp_path / "notes.txt")
    (tmp_path / "empty.csv").write_text("\n \n")
    with pytest.raises(DataError, match=re.escape("empty.csv: file is empty")):
        read_linkedin(tmp_path / "empty.csv")
    (tmp_path / "x.csv").write_bytes(b"\x00\x01\x02\x03" * 50 + b"\xff\x00\x10" * 40)
    with pytest.raises(DataError, match=re.escape("x.csv: is a binary file, not text")):
        read_linkedin(tmp_path / "x.csv")
    with pytest.raises(DataError, match=re.escape("nope.csv: file not found")):
        read_linkedin(tmp_path / "nope.csv")


def test_utf16_file_from_excel(tmp_path):
    p = tmp_path / "Connections.csv"
    text = "First Name\tLast Name\tConnected On\r\nÅsa\tLund\t5-Jan-26\r\n"
    p.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    r = read_linkedin(p)
    assert (r.encoding, col(r, "name"), since(r)) == ("utf-16", ["Åsa Lund"], ["2026-01-05"])


# --- dates ----------------------------------------------------------------------------------


def test_month_names_of_other_languages():
    s = pd.Series(
        ["27-juil.-25", "5. Mai 2021", "12-dez-20", "3-ene-19", "1 okt 2018", "9 mrt 2020"]
    )
    assert english_months(s).tolist() == [
        "27-Jul-25",
        "5. May 2021",
        "12-Dec-20",
        "3-Jan-19",
        "1 Oct 2018",
        "9 Mar 2020",
    ]
    got = parse_export_dates(s).dt.strftime("%Y-%m-%d").tolist()
    assert got == [
        "2025-07-27",
        "2021-05-05",
        "2020-12-12",
        "2019-01-03",
        "2018-10-01",
        "2020-03-09",
    ]


def test_day_first_is_decided_once_per_file(tmp_path):
    # 13/8/18 shows this file writes the day first: 1/8/18 is then the 1st of August
    s = pd.Series(["1/8/18", "13/8/18", "2/3/18"])
    assert guess_dayfirst(s) is True
    assert parse_export_dates(s).dt.strftime("%Y-%m-%d").tolist() == [
        "2018-08-01",
        "2018-08-13",
        "2018-03-02",
    ]
    month_first = parse_export_dates(s, dayfirst=False).dt.strftime("%Y-%m-%d")
    assert month_first.fillna("").tolist() == ["2018-01-08", "", "2018-02-03"]
    p = tmp_path / "Connections.csv"
    p.write_text(
        "First Name,Last Name,Connected On\nAnn,Lee,1/8/18\nBo,Li,13/8/18\nCy,Ng,8/13/18\n"
    )
    r = read_linkedin(p)
    # one date says day first, one says month first: a tie, and slashes mean month first
    assert since(r) == ["2018-01-08", "", "2018-08-13"]
    assert r.notes == [(3, "Connected On '13/8/18' is not a date; left out")]


# --- the whole export -------------------------------------------------------------------------


def zip_of(folder: Path, zip_path: Path, inside: str, rename: dict[str, str] | None = None):
    rename = rename or {}
    with zipfile.ZipFile(zip_path, "w") as z:
        for f in sorted(folder.iterdir()):
            z.writestr(f"{inside}{rename.get(f.name, f.name)}", f.read_bytes())
    return zip_path


def check_2024(r, keep_text: bool):
    assert r.records == 7 and list(r.table.index) == [5, 6, 7, 8, 10, 11]
    assert r.skipped == [(9, HIDDEN)]
    assert r.extra["owner_name"] == "Pat Quinn"
    m = r.extra["messages"]
    assert tuple(m.columns) == MESSAGE_COLUMNS
    # a message over two lines (line 5-6) puts the next one on line 7
    assert list(m.index) == [2, 3, 4, 5, 8, 9]
    assert r.extra["skipped_messages"] == [
        (7, "the sender hid or deleted their profile (no name, no profile URL)")
    ]
    assert m["date"].tolist()[:2] == [
        pd.Timestamp("2024-03-20 15:09:26", tz="UTC"),
        pd.Timestamp("2024-03-17 10:30:35", tz="UTC"),
    ]
    assert m["from_name"].tolist() == ["Nick Stone", "Asha Verma", *["Pat Quinn"] * 4]
    assert m["from_url"].tolist()[:2] == ["", "https://www.linkedin.com/in/asha-verma-example"]
    assert m.loc[5, "to_names"] == ["Tom Kay", "Marta Cañas"]
    assert m.loc[5, "to_urls"] == [
        "https://www.linkedin.com/in/tomkay",
        "https://www.linkedin.com/in/marta-cañas-38239c307",
    ]
    assert m.loc[8, "to_names"] == ["Ken Ross, CMCP"]  # a comma and a space stay in a name
    # "LinkedIn Member" (hid their profile) is left out of the recipients
    assert (m.loc[9, "to_names"], m.loc[9, "to_urls"]) == (
        ["Carla Stone"],
        ["https://www.linkedin.com/in/carla-stone"],
    )
    assert m["folder"].tolist()[-2:] == ["SPAM", "INBOX"]
    assert m["conversation"].nunique() == 5
    if keep_text:
        assert m.loc[5, "text"] == "¡Gracias! 🙂\nHasta pronto, Pat"
    else:
        assert set(m["text"]) == {""}
    i = r.extra["invitations"]
    assert tuple(i.columns) == INVITATION_COLUMNS
    assert list(i.index) == [2, 3, 4, 5]
    assert r.extra["skipped_invitations"] == [(6, "Sent At 'soon' is not a date")]
    assert i["date"].dt.strftime("%Y-%m-%d %H:%M").tolist() == [
        "2024-03-12 11:20",
        "2024-03-02 09:29",
        "2024-03-20 00:00",
        "2024-03-13 00:00",
    ]
    assert i["direction"].tolist() == ["outgoing", "outgoing", "incoming", "incoming"]
    assert i.loc[3, "to_url"] == "https://www.linkedin.com/in/sandeep-rao-🇮🇳-ab5c60261"
    assert i.loc[4, "from_name"] == "Asha Verma"
    assert i.loc[3, "text"] == ("Hi Sandeep, we met at the meetup." if keep_text else "")
    assert r.notes[:3] == [
        (None, "Connections.csv: 6 connections read, 1 skipped"),
        (None, "messages.csv: 6 messages read, 1 skipped"),
        (None, "Invitations.csv: 4 invitations read, 1 skipped"),
    ]


def test_export_folder():
    check_2024(read_linkedin_export(F / "export_2024"), keep_text=False)


def test_export_zip_nested_folder_any_case(tmp_path):
    z = zip_of(
        F / "export_2024",
        tmp_path / "Basic_LinkedInDataExport_03-21-2024.zip",
        "Basic_LinkedInDataExport_03-21-2024/",
        {"Connections.csv": "connections.csv", "Profile.csv": "PROFILE.CSV"},
    )
    r = read_linkedin_export(z, keep_text=True)
    check_2024(r, keep_text=True)
    # read_linkedin hands a zip to read_linkedin_export
    assert list(read_linkedin(z).extra["messages"].index) == [2, 3, 4, 5, 8, 9]


def test_2022_export_messages_without_recipient_urls(tmp_path):
    z = zip_of(F / "export_2022", tmp_path / "Complete_LinkedInDataExport_09-12-2022.zip", "")
    r = read_linkedin_export(z, keep_text=True)
    assert r.extra["owner_name"] == "Nadia Qadir"
    assert (r.records, len(r.table)) == (7, 5)
    m = r.extra["messages"]
    assert list(m.index) == [2, 3, 6, 7]
    assert r.extra["skipped_messages"] == [
        (4, "the sender hid or deleted their profile (no name, no profile URL)"),
        (5, "the sender hid or deleted their profile (no name, no profile URL)"),
    ]
    # names joined by a bare comma are several people; the export has no URLs for them
    assert m.loc[6, "to_names"] == ["Jay More", "Nadia Qadir", "Pranav Shinde"]
    assert m.loc[6, "to_urls"] == ["", "", ""]
    assert (m.loc[7, "to_names"], m.loc[7, "to_urls"]) == (["Nadia Qadir, PhD"], [""])
    assert m.loc[3, "text"] == "Great, thanks."
    i = r.extra["invitations"]
    assert i["date"].dt.strftime("%Y-%m-%d %H:%M").tolist() == [
        "2022-08-26 20:56",
        "2022-07-16 11:16",
        "2022-09-08 17:06",
        "2022-02-13 15:25",
    ]
    assert set(i["from_url"]) == {""} and set(i["to_url"]) == {""}
    assert i.loc[3, "text"] == "Hello, Lily. I hope everything is going well for you."


def test_2018_export_old_messages_format():
    r = read_linkedin_export(F / "export_2018")
    assert r.extra["owner_name"] == "Ravi Saxena"
    m = r.extra["messages"]
    assert list(m.index) == [2, 3, 4] and r.extra["skipped_messages"] == []
    assert m["date"].dt.strftime("%Y-%m-%d %H:%M").tolist() == [
        "2018-10-16 08:36",
        "2018-06-19 05:54",
        "2018-06-19 07:02",
    ]
    assert m["from_name"].tolist() == ["Angela from", "Hasan Karim", "Ravi Saxena"]
    assert m["to_names"].tolist() == [["Ravi Saxena"], ["Ravi Saxena"], ["Hasan Karim"]]
    assert m["to_urls"].tolist() == [[""], [""], [""]]
    assert set(m["conversation"]) == {""} and set(m["text"]) == {""}
    assert r.extra["invitations"]["direction"].tolist() == ["outgoing", "outgoing", "incoming"]
    assert since(r)[0] == "2018-01-08"


def test_drafts_dates_and_group_names_in_recent_messages(tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    shutil.copy(F / "messages_drafts.csv", folder / "messages.csv")
    r = read_linkedin_export(folder)
    assert r.records == 0 and len(r.table) == 0
    assert r.notes[0] == (None, "Connections.csv: not in the export; no connections read")
    m = r.extra["messages"]
    assert list(m.index) == [3, 4, 5, 6]
    assert r.extra["skipped_messages"] == [(2, "a draft, never sent"), (7, "no DATE")]
    assert m.loc[4, "from_name"] == "Zora Novak, Ph.D."
    assert m.loc[5, "to_names"] == [
        "Karim Haddad, FICS (UK), MSc (SE).",
        "Lukas Berg",
        "Hadi Ali",
    ]
    assert m.loc[5, "to_urls"][2] == "https://www.linkedin.com/in/hadi-ali"
    # a recruiter with a name and no profile URL is kept
    assert (m.loc[6, "from_name"], m.loc[6, "from_url"]) == ("Morgan Lee", "")
    assert "Invitations.csv: not in the export; no invitations read" in [n for _, n in r.notes]
    assert len(r.extra["invitations"]) == 0 and "owner_name" not in r.extra


@pytest.mark.parametrize(
    ("fixture", "note"),
    [
        (
            "invitations_urn.csv",
            "Invitations.csv: has member URNs, not profile URLs: people are known by name only",
        ),
        (
            "invitations_cut_urls.csv",
            "Invitations.csv: 4 profile URL(s) without the member's part (like "
            "'https://www.linkedin.com/in') left out",
        ),
    ],
)
def test_invitations_without_usable_urls(tmp_path, fixture, note):
    z = tmp_path / "export.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("Invitations.csv", (F / fixture).read_bytes())
    r = read_linkedin_export(z)
    i = r.extra["invitations"]
    assert len(i) == 2 and set(i["from_url"]) == {""} and set(i["to_url"]) == {""}
    assert i["date"].dt.strftime("%m/%d/%y").tolist()[0] in ("06/17/23", "11/24/23")
    assert (None, note) in r.notes


def test_strict_export_names_the_file_and_line(tmp_path):
    with pytest.raises(DataError, match=re.escape(f"Connections.csv:9: {HIDDEN}")):
        read_linkedin_export(F / "export_2024", strict=True)
    folder = tmp_path / "export"
    folder.mkdir()
    shutil.copy(F / "export_2018" / "Messages.csv", folder / "messages.csv")
    shutil.copy(F / "messages_drafts.csv", folder / "x.csv")  # not read
    (folder / "Invitations.csv").write_bytes((F / "export_2024" / "Invitations.csv").read_bytes())
    with pytest.raises(
        DataError, match=re.escape("Invitations.csv:6: Sent At 'soon' is not a date")
    ):
        read_linkedin_export(folder, strict=True)


def test_export_errors(tmp_path):
    with pytest.raises(DataError, match=re.escape("gone.zip: file not found")):
        read_linkedin_export(tmp_path / "gone.zip")
    z = tmp_path / "photos.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("a.jpg", b"\xff\xd8")
    with pytest.raises(
        DataError, match=re.escape("photos.zip: holds no Connections.csv, messages.csv")
    ):
        read_linkedin_export(z)
    bad = tmp_path / "Basic_LinkedInDataExport.zip"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(DataError, match="is not a zip file"):
        read_linkedin_export(bad)


def test_a_broken_messages_csv_does_not_cost_the_connections(tmp_path):
    folder = tmp_path / "export"
    shutil.copytree(F / "export_2022", folder)
    (folder / "messages.csv").write_text("\n\n")
    (folder / "Profile.csv").write_bytes(b"")
    r = read_linkedin_export(folder)
    assert len(r.table) == 5 and len(r.extra["messages"]) == 0
    assert (None, "messages.csv: file is empty; not read") in r.notes
    assert (None, "Profile.csv: file is empty; not read") in r.notes
    assert "owner_name" not in r.extra
    (folder / "Connections.csv").unlink()
    with pytest.raises(DataError, match=re.escape("messages.csv: file is empty")):
        read_linkedin_export(folder, strict=True)


def test_a_single_connections_csv_is_an_export_without_messages():
    r = read_linkedin_export(F / "export_2022" / "Connections.csv")
    assert len(r.table) == 5 and len(r.extra["messages"]) == 0
    assert r.extra["skipped_invitations"] == []


# --- property: the counts always add up, lines are real data lines ---------------------------

_NAME = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00\x07"),
        st.just("\x07"),  # where odd bytes go
        st.sampled_from(',;"\n '),
    ),
    max_size=12,
)
# LinkedIn writes no line break inside a value; a quoted value spanning lines whose next line
# looks like a row is read as damage (an unbalanced quote), so the files here keep them out
_ONE_LINE = _NAME.map(lambda s: s.replace("\r", " ").replace("\n", " "))
_DATE_FORMS = ("%d %b %Y", "%d-%b-%y", "%m/%d/%y, %I:%M %p", "%d.%m.%Y", "%Y-%m-%d", "%-d-%b-%y")


@st.composite
def linkedin_files(draw):
    """A Connections.csv and the line where each of its records starts."""
    delimiter = draw(st.sampled_from([",", ";"]))
    header = draw(
        st.sampled_from(
            [
                [
                    "First Name",
                    "Last Name",
                    "URL",
                    "Email Address",
                    "Company",
                    "Position",
                    "Connected On",
                ],
                ["First Name", "Last Name", "Email Address", "Company", "Position", "Connected On"],
                ["FirstName", "LastName", "EmailAddress", "Company", "Position", "ConnectedOn"],
                ["first name", "LAST NAME", "Connected On", "Notes"],
            ]
        )
    )
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    if draw(st.booleans()):
        buf.write('Notes:\n"When exporting your connection data, you may notice, "" that..."\n\n')
    writer.writerow(header)
    starts = []
    for _ in range(draw(st.integers(0, 8))):
        if draw(st.integers(0, 5)) == 0:
            buf.write("\n")  # a blank line
        row = []
        for name in header:
            key = name.lower().replace(" ", "")
            if key == "connectedon":
                day = draw(st.dates(min_value=pd.Timestamp("2003-01-01").date()))
                form = draw(st.sampled_from((*_DATE_FORMS, "", "soon")))
                row.append(day.strftime(form) if "%" in form else form)
            elif key in ("firstname", "lastname"):
                row.append(draw(st.one_of(st.just(""), _ONE_LINE)))
            elif key == "emailaddress":
                row.append(draw(st.sampled_from(["", "ann@example.org", "N/A", "x@"])))
            else:
                row.append(draw(_ONE_LINE))
        starts.append(buf.getvalue().count("\n") + 1)
        writer.writerow(row)
    text = buf.getvalue()
    crlf = draw(st.booleans())
    if crlf:
        text = text.replace("\n", "\r\n")
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    data = text.encode(encoding, errors="replace")
    # odd bytes where a name had the mark \x07 (never a quote, separator or line end)
    odd = bytes(draw(st.lists(st.integers(0x80, 0xFF), min_size=1, max_size=3)))
    data = data.replace(b"\x07", odd)
    return data, starts


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(linkedin_files())
def test_counts_add_up_and_lines_are_data_lines(tmp_path_factory, made):
    data, starts = made
    p = tmp_path_factory.mktemp("li") / "Connections.csv"
    p.write_bytes(data)
    r = read_linkedin(p)
    lines = list(r.table.index) + [line for line, _ in r.skipped]
    assert r.records == len(r.table) + len(r.skipped)
    assert len(lines) == len(set(lines))
    assert set(lines) <= set(starts)
    assert r.records == len(starts)


def test_one_decoder_reads_every_foreign_file_and_linkedin_line_by_line(tmp_path):
    from tiegraph.io._decoding import decode_foreign
    from tiegraph.io._text import read_foreign_text

    data = "Jörg\n".encode() + b"J\xf6rg\n" + b"Bil\xef\xbf\n"
    path = tmp_path / "x.csv"
    path.write_bytes(data)
    # a vCard or a log: bytes that are not UTF-8 make the whole file Windows-1252
    assert read_foreign_text(path) == ("JÃ¶rg\nJörg\nBilï¿\n", "cp1252")
    # LinkedIn's files: a lone odd byte is Windows-1252, a cut character U+FFFD, said per line
    assert decode_foreign(data, path, mixed_lines=True) == (
        "Jörg\nJörg\nBil\ufffd\n",
        "utf-8",
        "line(s) 2 have bytes that are not UTF-8: read as cp1252; "
        "line(s) 3 have cut-off UTF-8 characters: read as \ufffd",
    )
