"""The Google Contacts / Outlook CSV reader on real exports' layouts (tests/fixtures/google/).

Each fixture keeps the header, field counts, quoting, encoding and line ends of a
public export (tests/fixtures/README.md names them), with fictional people.
"""

import codecs
import csv
import io
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from tiegraph import DataError, read_google
from tiegraph import schema as S
from tiegraph.keys import Keys, normalize_phone, normalize_url

F = Path(__file__).parent / "fixtures" / "google"
ALL = sorted(p.name for p in F.glob("*.csv"))


def col(reading, column):
    return reading.table[column].to_dict()


# --- today's Google CSV ---------------------------------------------------------------------


def test_google_csv_every_readable_row_becomes_a_contact():
    r = read_google(F / "google_csv.csv")
    assert r.extra["variant"] == "google"
    assert (r.records, len(r.table)) == (11, 10)
    assert r.skipped == [(11, "no name, no email and no phone")]  # only an address
    assert col(r, "name") == {
        2: "+1 415 555 0131",  # '???? ?????? ??? ??': no letters left, named after the number
        3: "Dana Levin מרכז",  # first name (with a trailing space) and suffix
        4: "Held",
        5: "Just Smile מגנטים",
        6: "אדוה לוי",  # written in Name Prefix only
        7: "אביב כהן ביס י",  # a name and nothing else: kept
        8: "Beatrice La Guajira",
        9: "Gal Shalev",
        10: "+972 50-000-0108",  # only a phone number
        12: "Dana Levin",  # the same person as line 3: not merged by the reader
    }
    assert r.table.loc[3, "email"] == "dana.levin@gmail.example"  # lower-cased
    assert r.table.loc[12, "email"] == "dana.levin@gmail.example"
    assert r.table.loc[5, "phone"] == "053-0000103;+972520000104"  # ' ::: ' split, as written
    assert r.table.loc[9, "phone"] == "+972 54-000-0107"  # '#VALUE!' left out
    assert r.table.loc[8, "org"] == "לא ידוע"
    assert col(r, "tags")[2] == "Imported on 01/07;Imported on 1/07 test 1"
    assert col(r, "tags")[3] == "Imported on 28/12/24"  # without '* myContacts'
    assert col(r, "tags")[12] == ""  # '* myContacts ::: * starred' are Google's
    assert r.notes == [
        (None, "read as a Google Contacts CSV export (Google CSV)"),
        (2, "name '???? ?????? ??? ??' has no letters; left out"),
        (9, "Phone 2 - Value '#VALUE!' is not a phone number; left out"),
    ]
    assert set(r.table["source"]) == {"google"}
    assert r.table["id"].eq("").all() and r.table["since"].isna().all()
    assert list(r.table.columns) == list(S.CONTACTS.columns)


def test_google_csv_identity_keys():
    r = read_google(F / "google_csv.csv")
    keys = Keys.of(
        r.table.loc[3, "email"].split(";"), [], r.table.loc[3, "phone"].split(";"), region="IL"
    )
    assert keys.pairs() == [("email", "dana.levin@gmail.example"), ("phone", "+972540000101")]
    assert normalize_phone(r.table.loc[4, "phone"], "IL") == "+972580000102"
    assert [normalize_phone(p, "IL") for p in r.table.loc[5, "phone"].split(";")] == [
        "+972530000103",
        "+972520000104",
    ]


def test_a_row_with_only_a_phone_number_is_read_not_fatal():
    today = read_google(F / "google_csv.csv")
    legacy = read_google(F / "google_legacy.csv")
    assert today.table.loc[10, ["name", "email", "phone"]].tolist() == [
        "+972 50-000-0108",
        "",
        "+972 50-000-0108",
    ]
    assert legacy.table.loc[5, ["name", "email", "phone"]].tolist() == [
        "+919800000302",
        "",
        "+919800000302",
    ]


def test_google_csv_relations_websites_and_marks_around_names():
    r = read_google(F / "google_csv_relations.csv")
    assert (r.records, len(r.table), r.skipped) == (5, 5, [])
    assert col(r, "name") == {
        2: "Renata Kowalska",  # '- Renata'
        3: "CI3 - RFWS3 - Cristiano Moura",  # First Name '*'
        4: "A F",
        6: "Marta Souza",  # line 4's address spans two lines
        7: "Joao Pires",
    }
    assert r.table.loc[4, "phone"] == "338-0000202;02-00000203;+55 33 90000-0204"
    assert r.table.loc[6, "phone"] == ""  # a 'Work Fax' is not a way to reach her
    assert (r.table.loc[6, "org"], r.table.loc[6, "title"]) == ("Prefeitura", "Analista")
    assert r.table.loc[6, "url"] == "https://www.linkedin.com/in/marta-souza-000"
    assert normalize_url(r.table.loc[6, "url"]) == "linkedin.com/in/marta-souza-000"
    assert col(r, "tags") == {2: "", 3: "Preencheu For Wk3", 4: "", 6: "Grupo 1", 7: ""}
    assert r.extra["relations"].to_dict("records") == [
        {"line": 6, "related_name": "Paulo Souza", "label": "spouse"},
        {"line": 6, "related_name": "Ana Reis", "label": "manager"},
        {"line": 7, "related_name": "Marta Souza", "label": "indicou"},
    ]
    assert r.notes[1:] == [(7, "Website 1 - Value 'meu blog' is not a web address; left out")]


def test_header_only_file_has_no_records():
    r = read_google(F / "google_header_only.csv")
    assert (r.records, len(r.table), r.skipped) == (0, 0, [])
    assert list(r.table.columns) == list(S.CONTACTS.columns)
    assert r.extra["variant"] == "google"
    assert list(r.extra["relations"].columns) == ["line", "related_name", "label"]


# --- Google's older CSV ---------------------------------------------------------------------


def test_google_legacy_export():
    r = read_google(F / "google_legacy.csv")
    assert r.extra["variant"] == "google-legacy"
    assert (r.records, len(r.table), r.skipped) == (11, 11, [])
    assert col(r, "name") == {
        2: "+910000000301",  # Google wrote the number as the name
        3: "1&1 Internet Inc",
        4: "fasil.example@gmail.example",  # only an email
        5: "+919800000302",  # only a phone
        6: "AIRTEL INTERNET CENTER TOLL FREE",  # notes over lines 6-8
        9: "AADARSH S 6 COMPUTER COCHIN COLLEGE",
        10: "SAMAD ANDROID DEVELOPER",
        11: "NASLA S 6 COMPUTER",
        12: "AFLAH S 6 COMPUTER EVENING",
        13: "AIRTEL CARE TOLL FREE",
        14: "Aina Rivo Virtual game",
    }
    assert r.table.loc[3, "email"] == (
        "sales@oneandone.example;billing@oneandone.example;support@oneandone.example"
    )
    assert r.table.loc[4, "email"] == "fasil.example@gmail.example"
    assert r.table.loc[6, "notes"].count("\n") == 2
    assert r.table.loc[9, "phone"] == "+918500000303;+91 70 34 000304"
    assert r.table.loc[10, ["email", "phone"]].tolist() == ["", "+923000000305"]
    assert r.table.loc[11, "phone"] == "+91 81297 00306"  # without its direction marks
    assert normalize_phone(r.table.loc[11, "phone"]) == "+918129700306"
    assert r.table.loc[12, "tags"] == "SSM Poly Tirur Eavenings 2014-18;SSM Poly Tirur"
    assert r.table.loc[12, "url"] == "http://www.google.com/profiles/100000000000000000308"
    assert r.table.loc[13, "phone"] == "121"  # a service number, as written
    assert r.table.loc[14, ["org", "title"]].tolist() == ["Virtual Game", "Dev"]
    assert r.notes == [
        (None, "read as Google Contacts' older CSV export"),
        (10, "E-mail 1 - Value 'samad.example@hot mail.example' is not an email address; left out"),
    ]


def test_google_legacy_row_with_only_an_organisation_is_named_after_it():
    r = read_google(F / "google_legacy_org.csv")
    assert col(r, "name") == {
        2: "Sisi, Mémé",
        3: "FID Anosy",
        4: "Williamson Rakoto",
        5: "Telma Mora 100",
    }
    assert r.table.loc[3, ["org", "phone"]].tolist() == ["FID Anosy", "+261 20 00 000 02"]
    assert r.table.loc[4, "email"] == "williamson.r@yahoo.example;williamson@immo.example"
    assert r.table.loc[5, "phone"] == "#322*67"
    assert r.notes == [(None, "read as Google Contacts' older CSV export")]


def test_google_legacy_relations(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text(
        "Name,Given Name,Family Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value,"
        "Relation 1 - Type,Relation 1 - Value,Relation 2 - Type,Relation 2 - Value\n"
        "Dana Okafor,Dana,Okafor,* myContacts ::: Campaign,* Work,dana@example.org,"
        "* Spouse,Sam Okafor,Assistant,Lee Park\n",
        encoding="utf-8",
    )
    r = read_google(path)
    assert r.extra["variant"] == "google-legacy"
    assert r.table.loc[2, ["name", "email", "tags"]].tolist() == [
        "Dana Okafor",
        "dana@example.org",
        "Campaign",
    ]
    assert r.extra["relations"].to_dict("records") == [
        {"line": 2, "related_name": "Sam Okafor", "label": "spouse"},
        {"line": 2, "related_name": "Lee Park", "label": "assistant"},
    ]


# --- Outlook CSV: Google's "Outlook CSV" option ---------------------------------------------


def test_googles_outlook_csv_export():
    r = read_google(F / "google_outlook.csv")
    assert r.extra["variant"] == "outlook"
    assert (r.records, len(r.table), r.skipped) == (4, 4, [])
    assert col(r, "name") == {
        2: "Andy Korr",
        3: "Emma Zieg Eichler",
        4: "Abeth J Basker",  # lines 4-5 end with one more (empty) field than the header
        5: "Office Cashiers",
    }
    assert col(r, "email")[2] == "akorr@campus.example"
    assert col(r, "org") == {2: "MBPT", 3: "MBPT", 4: "", 5: ""}
    assert col(r, "title")[3] == "ADVISOR"
    assert col(r, "tags") == {2: "MBPT officers", 3: "MBPT advisors", 4: "", 5: ""}
    assert r.table.loc[4, "notes"] == "Group 5"
    assert set(r.table["source"]) == {"outlook"}
    assert r.notes == [(None, "read as an Outlook CSV export")]


def test_googles_outlook_csv_export_todays_layout():
    r = read_google(F / "google_outlook_new.csv")
    assert (r.records, len(r.table)) == (8, 7)
    assert r.skipped == [(12, "no name, no email and no phone")]
    assert col(r, "name") == {
        2: "אמא",
        3: "חזילוני",  # notes over lines 3-5
        6: "חשמלאי דוד (אדרי)",
        8: "בורובסקי נחמי",  # '❤' as the last name
        9: "00EEf",  # '00EEf 👥'
        10: "0527000000606",
        11: "רעיה",
    }
    assert r.table.loc[3, "notes"] == "טלפון (Mobile): +972 55-000-0602\nFile As: חזילוני"
    assert r.table.loc[9, ["org", "phone"]].tolist() == ["SaveME", "+972750000605"]
    assert r.table.loc[11, "email"] == "raya@walla.example"  # direction marks and ',' dropped
    assert col(r, "tags")[6] == "שוחזרו מ-Samsung - SM-G950Fד"
    assert col(r, "tags")[2] == ""  # 'myContacts;starred'


# --- Outlook CSV: Outlook's own export ------------------------------------------------------


def test_outlook_export_english_cp1252():
    r = read_google(F / "outlook.csv")
    assert (r.extra["variant"], r.encoding) == ("outlook", "cp1252")
    assert (r.records, len(r.table), r.skipped) == (6, 6, [])
    assert col(r, "name") == {
        2: "Sharon McGill",
        3: "Love, Barbara",  # Exchange's 'Last, First' in First Name, as written
        4: "bernie.marra@health.example",
        5: "Renée Huffmann",  # a cp1252 byte
        6: "An Thai",  # the business street spans lines 6-7
        8: "Dione A Woods",
    }
    assert col(r, "email") == {
        2: "",  # only an Exchange (X.500) address
        3: "barbara.love@health.example",
        4: "bernie.marra@health.example",
        5: "renee.huffmann@carelon.example",
        6: "athai@healthsmart.example",
        8: "dione.woods@health.example",  # the SMTP address in E-mail 2
    }
    assert r.table.loc[2, "phone"] == "+1 (213) 555-0701"  # Business and Primary: once
    assert Keys.of([], [], [r.table.loc[2, "phone"]]).phone == {"+12135550701"}
    assert r.table.loc[2, ["org", "title"]].tolist() == [
        "Elevance Example, Inc.",
        "Care Consultant Sr (US)",
    ]
    assert col(r, "tags") == {2: "", 3: "", 4: "My Group", 5: "My Group", 6: "", 8: "Pharmacy Team"}
    assert r.extra["relations"].to_dict("records") == [
        {"line": 2, "related_name": "Wadhwa, Esha", "label": "manager"},
        {"line": 5, "related_name": "Humphries, Leon", "label": "manager"},
    ]
    assert r.notes == [
        (None, "read as cp1252"),
        (None, "read as an Outlook CSV export"),
        (
            None,
            "2 row(s) have fewer fields than the header, as Outlook writes them; the missing "
            "trailing fields were read as empty",
        ),
        (2, "E-mail Address holds an Exchange (X.500) address, not an email; left out"),
        (8, "E-mail Address holds an Exchange (X.500) address, not an email; left out"),
    ]


def test_outlook_export_utf16_reads_the_same():
    a = read_google(F / "outlook.csv")
    b = read_google(F / "outlook_utf16.csv")
    assert b.encoding == "utf-16"
    pd.testing.assert_frame_equal(a.table, b.table)
    assert b.notes[0] == (None, "read as utf-16")


def test_outlook_export_german():
    r = read_google(F / "outlook_de.csv")
    assert r.encoding == "cp1252"
    assert r.notes[:2] == [
        (None, "read as cp1252"),
        (None, "read as an Outlook CSV export (German column names)"),
    ]
    assert col(r, "name") == {
        2: "Herr Jürgen Müller",
        3: "Technisches Hilfswerk OV Beispiel",  # only a company
        4: "Sören Weiß",
    }
    row = r.table.loc[2]
    assert (row["org"], row["title"], row["email"]) == (
        "Feuerwehr Beispielstadt",
        "Wehrführer",
        "j.mueller@feuerwehr.example",
    )
    # Mobiltelefon and Telefon geschäftlich; not the switchboard (Telefon Firma)
    assert row["phone"] == "+49 160 0000801;06131 000802"
    assert row["tags"] == "Feuerwehr;KatS"
    assert r.table.loc[3, "phone"] == ""
    assert r.table.loc[4, ["phone", "notes"]].tolist() == ["0171 0000804", "Ansprechpartner Funk"]
    assert r.extra["relations"].to_dict("records") == [
        {"line": 2, "related_name": "Petra Müller", "label": "spouse"}
    ]


def test_outlook_export_french_with_title_twice():
    r = read_google(F / "outlook_fr.csv")
    assert r.notes[:2] == [
        (None, "read as cp1252"),
        (None, "read as an Outlook CSV export (French column names)"),
    ]
    assert col(r, "name") == {2: "M. Étienne Lefèvre", 3: "Zoé Garçon"}
    # 'Titre' twice: the courtesy title, then the job title; 'Société ' with its space
    assert r.table.loc[2, ["org", "title"]].tolist() == ["Exemple SA", "Ingénieur"]
    assert r.table.loc[2, "phone"] == "06 00 00 09 01;01 00 00 09 02"
    assert r.table.loc[3, ["email", "phone", "tags"]].tolist() == ["", "01 00 00 09 03", "Famille"]
    assert r.notes[2:] == [(3, "Adresse de messagerie 'N/A' is not an email address; left out")]
    assert r.extra["relations"].to_dict("records") == [
        {"line": 2, "related_name": "Claire Lefèvre", "label": "spouse"},
        {"line": 2, "related_name": "Léa", "label": "child"},
        {"line": 2, "related_name": "Hugo", "label": "child"},
    ]


def test_outlook_export_chinese_with_short_rows():
    r = read_google(F / "outlook_zh.csv")
    assert r.notes == [
        (None, "read as an Outlook CSV export (Chinese column names)"),
        (
            None,
            "5 row(s) have fewer fields than the header, as Outlook writes them; the missing "
            "trailing fields were read as empty",
        ),
    ]
    assert (r.records, r.skipped) == (5, [])
    assert col(r, "name") == {2: "王小明", 3: "李华", 4: "张伟", 5: "刘洋", 7: "陈静"}
    assert r.table.loc[2, ["email", "phone"]].tolist() == ["xiaoming@lab.example", "13800000001"]
    assert r.table.loc[7, "email"] == "chenjing@lab.example"


# --- every file -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL)
def test_counts_add_up_and_rows_are_indexed_by_input_line(name):
    r = read_google(F / name)
    assert r.records == len(r.table) + len(r.skipped)
    assert r.table.index.name == "line" and r.table.index.is_monotonic_increasing
    assert (r.table.index >= 2).all()
    assert r.extra["variant"] in ("google", "google-legacy", "outlook")
    assert set(r.extra["relations"]["line"]) <= set(r.table.index)
    assert not r.table["name"].eq("").any()


def test_strict_raises_naming_the_input_line():
    with pytest.raises(DataError, match=re.escape("google_outlook_new.csv:12: no name")):
        read_google(F / "google_outlook_new.csv", strict=True)
    msg = "google_csv.csv:2: name '???? ?????? ??? ??' has no letters; left out"
    with pytest.raises(DataError, match=re.escape(msg)):
        read_google(F / "google_csv.csv", strict=True)
    assert len(read_google(F / "google_outlook.csv", strict=True).table) == 4


# --- robustness -----------------------------------------------------------------------------


def _rewrite(src: Path, dst: Path, *, delimiter=",", newline="\n", bom=b"", encoding="utf-8"):
    rows = list(csv.reader(io.StringIO(src.read_text(encoding="utf-8"))))
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=newline).writerows(rows)
    dst.write_bytes(bom + buf.getvalue().encode(encoding))
    return dst


def test_semicolons_bom_and_crlf_read_the_same(tmp_path):
    plain = read_google(F / "google_csv.csv")
    semi = read_google(_rewrite(F / "google_csv.csv", tmp_path / "a.csv", delimiter=";"))
    bom = read_google(
        _rewrite(F / "google_csv.csv", tmp_path / "b.csv", newline="\r\n", bom=codecs.BOM_UTF8)
    )
    for other in (semi, bom):
        pd.testing.assert_frame_equal(plain.table, other.table)
        assert other.skipped == plain.skipped


def test_rows_with_too_few_or_too_many_fields_are_skipped_with_their_line(tmp_path):
    lines = (F / "google_csv.csv").read_text(encoding="utf-8").split("\n")
    lines[3] = lines[3] + ",surplus"  # line 4: one field too many
    lines[4] = ",".join(lines[4].split(",")[:20])  # line 5: cut short
    path = tmp_path / "g.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    r = read_google(path)
    assert r.records == 11
    assert r.skipped == [
        (4, "has 35 fields where the header has 34"),
        (5, "has 20 fields where the header has 34"),
        (11, "no name, no email and no phone"),
    ]
    assert 4 not in r.table.index and 3 in r.table.index and 6 in r.table.index


def test_a_repeated_column_is_read_too(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text(
        "First Name,Last Name,E-mail 1 - Value,Labels,E-mail 1 - Value,Labels\n"
        "Ada,Lovelace,ada@example.org,Math ::: * myContacts,ada@work.example,Poets\n",
        encoding="utf-8",
    )
    r = read_google(path)
    assert r.table.loc[2, ["email", "tags"]].tolist() == [
        "ada@example.org;ada@work.example",
        "Math;Poets",
    ]


def test_cp1252_google_csv(tmp_path):
    path = tmp_path / "g.csv"
    text = "First Name,Last Name,E-mail 1 - Value,Labels\r\nJosé,Müller,jose@example.org,Amis\r\n"
    path.write_bytes(text.encode("cp1252"))
    r = read_google(path)
    assert r.notes[0] == (None, "read as cp1252")
    assert r.table.loc[2, ["name", "email", "tags"]].tolist() == [
        "José Müller",
        "jose@example.org",
        "Amis",
    ]


# --- files of another kind ------------------------------------------------------------------


LINKEDIN = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    'are missing."\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Jane,Doe,https://www.linkedin.com/in/jane-doe-0,,Acme,Engineer,09 Feb 2024\n"
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            LINKEDIN,
            "x.csv:4: this looks like a LinkedIn Connections.csv; use `tiegraph import linkedin`",
        ),
        (
            LINKEDIN.split("\n", 3)[3],
            "x.csv:1: this looks like a LinkedIn Connections.csv; use `tiegraph import linkedin`",
        ),
        ("BEGIN:VCARD\nVERSION:3.0\nFN:Jane\nEND:VCARD\n", "x.csv:1: this looks like a vCard file"),
        ("BEGIN:VCALENDAR\nEND:VCALENDAR\n", "x.csv:1: this looks like an iCalendar (.ics) file"),
        (
            "date,with,channel\n2024-03-02,Bob,call\n",
            "x.csv:1: is not a Google Contacts or Outlook CSV export: its header has none of "
            "their name, e-mail and phone columns (it reads 'date', 'with', 'channel')",
        ),
    ],
)
def test_a_file_of_another_kind_is_refused_saying_what_it_looks_like(tmp_path, text, message):
    path = tmp_path / "x.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=re.escape(message)):
        read_google(path)


def test_empty_and_binary_files_are_refused(tmp_path):
    (tmp_path / "e.csv").write_bytes(b"")
    with pytest.raises(DataError, match=re.escape("e.csv: file is empty")):
        read_google(tmp_path / "e.csv")
    with zipfile.ZipFile(tmp_path / "contacts.xlsx", "w") as book:  # saved from Excel
        book.writestr("xl/workbook.xml", "<workbook/>")
        book.writestr("xl/media/a.bin", bytes(range(256)) * 8)
    with pytest.raises(DataError, match=re.escape("contacts.xlsx: is a binary file, not text")):
        read_google(tmp_path / "contacts.xlsx")
