"""The vCard reader on real exports (tests/fixtures/vcard, sources in tests/fixtures/README.md)."""

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tiegraph import DataError
from tiegraph.io.vcard import read_vcard

F = Path(__file__).parent / "fixtures"
V = F / "vcard"
NO_NAME = "card has no name (FN, N or ORG), no email and no phone"


def col(reading, column):
    return reading.table[column].tolist()


def relations(reading):
    return reading.extra["relations"].values.tolist()


def check(reading, records, lines):
    assert reading.records == records == len(reading.table) + len(reading.skipped)
    assert list(reading.table.index) == lines
    assert set(reading.table["source"]) <= {"vcard"}
    assert set(reading.table["id"]) <= {""}
    assert list(reading.extra["relations"].columns) == ["line", "related_name", "label"]


# --- phones -------------------------------------------------------------------------------------


def test_android_21_quoted_printable_soft_breaks_utf8_photo_and_a_trailing_soft_break():
    r = read_vcard(V / "android_21.vcf")
    check(r, 6, [1, 6, 11, 18, 36, 58])
    assert col(r, "name") == [
        "john.doe@example.com",  # no FN, no N: the email
        "jane.doe@example.com",
        "Ñ Ñ Ñ Ñ Ñ",  # FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE, trailing =20 dropped
        "Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ",  # a soft line break in the middle
        "Ñ Ñ Ñ Ñ",
        "ÑÑÑÑ",
    ]
    assert col(r, "email") == [
        "john.doe@example.com",
        "jane.doe@example.com",
        "",
        "",
        "bob@example.com",
        "henry@example.com",
    ]
    assert col(r, "phone") == [
        "",
        "",
        "123456789",
        "123456;234567;3456789;45678901",
        "123456",  # TEL;CELL, TEL;WORK, TEL;WORK;FAX all 123456: once
        "55556666",
    ]
    # ORG split over lines by soft breaks; card 58's ends in a soft break and a blank line
    assert col(r, "org") == ["", "", "", "", "Ñ" * 12, "Ñ" * 44]
    assert col(r, "url")[4] == "www.example.com;http://www.example.com"
    assert col(r, "tags") == ["My Contacts"] * 4 + ["", "My Contacts"]
    # two quoted-printable NOTEs, each over three lines
    assert r.table.loc[18, "notes"].count("\n") == 1
    assert r.table.loc[18, "notes"].startswith("Ñ Ñ Ñ Ñ Ñ Ñ Ñ ÑÑ Ñ")
    assert r.skipped == []
    assert r.notes == [(44, "EMAIL 'ÑÑÑÑÑÑÑÑÑÑÑÑÑÑ' is not an email address; left out")]
    assert relations(r) == []
    assert r.encoding == "utf-8"


def test_iphone_30_cr_cr_lf_item_groups_photo_and_related_names():
    raw = (V / "iphone_30.vcf").read_bytes()
    assert raw.count(b"\r\r\n") == raw.count(b"\n")  # every line ends in CR CR LF
    r = read_vcard(V / "iphone_30.vcf")
    check(r, 3, [1, 30, 44])
    assert col(r, "name") == ["Mr. John Richter James Doe Sr.", "Bob Smith", "Ada Lind"]
    assert col(r, "org") == ["IBM", "Smith Auto Repair", ""]
    assert col(r, "title") == ["Money Counter", "", ""]
    assert col(r, "email") == [
        "john.doe@example.com",  # item1.EMAIL
        "bob@smithauto.example",
        "ada.lind@example.com",  # lower-cased
    ]
    assert col(r, "phone") == [
        "905-555-1234;905-666-1234;905-777-1234;905-888-1234;905-999-1234;905-111-1234;"
        "905-222-1234",  # the last is item2.TEL labelled AssistantPhone
        "(650) 555-1212",
        "(650) 555-0143",
    ]
    assert col(r, "url") == ["http://www.example.com", "www.smithauto.example", ""]  # http\://
    assert relations(r) == [
        [44, "Per Lind", "spouse"],
        [44, "Maja Berg", "assistant"],  # the X-ABLabel came before its X-ABRELATEDNAMES
        [44, "Olle Dahl", "Mentor"],  # a custom label
    ]
    assert r.skipped == [] and r.notes == []


def test_android_library_quirks_nested_card_folded_email_escapes_pause_wait_and_sort_as():
    # a card inside a card: the outer one has no END:VCARD before the next BEGIN
    r = read_vcard(V / "aosp_v21_nest.vcf")
    check(r, 3, [4, 8])
    assert col(r, "name") == ["nest1", "nest2"]
    assert r.skipped == [(1, "no END:VCARD before the next BEGIN:VCARD (line 4)")]
    assert r.notes == [(12, "2 line(s) outside BEGIN:VCARD ... END:VCARD (lines 12-13); left out")]

    r = read_vcard(V / "aosp_v21_invalid_multiple_line.vcf")  # EMAIL:"Omega" <folded address>
    check(r, 1, [1])
    assert (col(r, "name"), col(r, "email")) == (["Omega"], ["omega@example.com"])

    r = read_vcard(V / "aosp_v21_malformed_photo.vcf")  # a photo that is not base64
    check(r, 1, [1])
    assert col(r, "name") == ["fullname"] and r.notes == []

    r = read_vcard(V / "aosp_v21_backslash.vcf")  # FN:A;B\C\;D:E\\
    assert col(r, "name") == ["A;B\\C;D:E\\"]

    r = read_vcard(V / "aosp_v30_pause_wait.vcf")
    assert col(r, "phone") == ["p1234p5678w9"]

    r = read_vcard(V / "aosp_v40_sort_as.vcf")  # SORT-AS="...;..." quoted, with a ';' inside
    check(r, 1, [1])
    assert (col(r, "name"), col(r, "org")) == (["安藤 ロイド"], ["グーグル"])


# --- mail programs ------------------------------------------------------------------------------


def test_outlook_2007_quoted_printable_note_base64_key_and_photo_and_ms_relations():
    r = read_vcard(V / "outlook_2007.vcf")
    check(r, 1, [1])
    row = r.table.loc[1]
    assert (row["name"], row["org"], row["title"]) == (
        "Mr. Erik Lindqvist Jr.",
        "TheCompany",
        "TheJobTitle",
    )
    assert row["email"] == "erik.lindqvist@example.com"
    assert row["phone"] == "(111) 555-1111;(111) 555-2222;(111) 555-4444;(111) 555-3333"
    assert row["url"] == "http://eriklindqvist.example"  # URL;HOME and URL;WORK are the same
    assert row["notes"] == (
        "This is the NOTE field\t\n"
        "I assume it encodes this text inside a NOTE vCard type.\n"
        "But I'm not sure because there's text formatting going on here.\n"
        "It does not preserve the formatting"
    )
    assert relations(r) == [
        [1, "TheManagerName", "manager"],
        [1, "TheAssistantName", "assistant"],
        [1, "TheSpouse", "spouse"],
    ]
    assert r.skipped == [] and r.notes == []


def test_outlook_2003_placeholder_phones_are_left_out_with_notes():
    r = read_vcard(V / "outlook_2003.vcf")
    check(r, 1, [1])
    row = r.table.loc[1]
    assert (row["name"], row["org"], row["email"], row["phone"]) == (
        "John Doe III",
        "Company, The",
        "jdoe@example.com",
        "",
    )
    assert row["url"] == "http://web-page-address.example"
    assert row["notes"] == "This is the note field!!\nSecond line\n\nThird line is empty"
    assert r.notes == [
        (10, "TEL 'BusinessPhone' is not a phone number; left out"),
        (11, "TEL 'HomePhone' is not a phone number; left out"),
        (12, "TEL 'MobilePhone' is not a phone number; left out"),
        (13, "TEL 'BusinessFaxPhone' is not a phone number; left out"),
    ]
    assert r.skipped == [] and relations(r) == []


def test_lotus_notes_profile_and_unknown_properties_are_ignored():
    r = read_vcard(V / "lotus_notes.vcf")
    check(r, 1, [1])
    row = r.table.loc[1]
    assert (row["name"], row["org"], row["title"]) == (
        "Mr. Doe John I Johny",
        "IBM",
        "Generic Accountant",
    )
    assert row["email"] == "john.doe@example.com;billy_bob@example.com"
    assert row["phone"] == "+1 (212) 204-34456;00-1-212-555-7777"
    assert row["url"] == "http://www.sun.com"
    assert row["notes"].startswith("THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND")
    assert row["notes"].endswith("EVEN IF ADVISED OF THE\n POSSIBILITY OF SUCH DAMAGE.")
    assert r.skipped == [] and r.notes == [] and relations(r) == []


def test_google_contacts_export_escaped_url_custom_labels_and_related_names():
    r = read_vcard(V / "google.vcf")
    check(r, 4, [1, 30, 36, 42])
    assert col(r, "name") == ["Greg Dartmouth", "Arnold Smith", "Chris Beatle", "Doug White"]
    assert col(r, "email") == [
        "gdartmouth@example.com",
        "asmithk@example.com",
        "chrisy55d@example.com",
        "dwhite@example.com",
    ]
    assert col(r, "phone") == ["555 555 1111;555 555 2222", "", "", ""]
    assert col(r, "org") == ["TheCompany", "", "", ""]
    assert col(r, "url") == ["http://TheProfile.example", "", "", ""]  # item3.URL:http\://
    assert r.table.loc[1, "notes"] == (
        "This is GMail's note field.\nIt should be added as a NOTE type.\n"
        "ACustomField: CustomField"  # folded in the middle of a word
    )
    assert relations(r) == [[1, "MySpouse", "spouse"], [1, "MyCustom", "CustomRelationship"]]
    assert r.skipped == [] and r.notes == []


def test_utf16_file_with_bom():
    r = read_vcard(V / "google_utf16.vcf")
    check(r, 3, [1, 7, 13])
    assert col(r, "name") == ["Arnold Smith", "Chris Beatle", "Doug White"]
    assert col(r, "email")[0] == "asmithk@example.com"
    assert r.encoding == "utf-16"
    assert r.notes == [(None, "read as utf-16")]


def test_macos_address_book_unwrapped_label_and_mixed_line_ends_in_the_photo():
    r = read_vcard(V / "macos_addressbook.vcf")
    check(r, 1, [1])
    row = r.table.loc[1]
    assert (row["name"], row["org"], row["email"]) == (
        "Mr. John Richter,James Doe Sr.",  # FN:...Richter\,James...
        "IBM",
        "john.doe@example.com",
    )
    assert row["phone"].split(";")[0] == "905-777-1234" and row["phone"].count(";") == 6
    assert row["url"] == "http://www.example.com"
    assert relations(r) == [[1, "Jenny", "spouse"]]  # item5.X-ABLabel:Spouse
    assert r.skipped == [] and r.notes == []


def test_evolution_folded_mid_word_and_evolution_relations():
    r = read_vcard(V / "evolution.vcf")
    check(r, 1, [1])
    row = r.table.loc[1]
    assert (row["name"], row["org"], row["title"], row["tags"]) == (
        "Mr. John Richter, James Doe Sr.",
        "IBM",
        "Money Counter",
        "VIP",
    )
    assert row["email"] == "john.doe@example.com"  # EMAIL...:john.\r\n doe@example.com
    assert row["phone"] == "905-666-1234;905-555-1234"  # each folded after a dash
    assert row["url"] == "http://www.ibm.com"  # folded inside "com"
    assert "INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF" in row["notes"]
    assert relations(r) == [
        [1, "Maria", "spouse"],
        [1, "Big Blue", "manager"],
        [1, "Little Red", "assistant"],
    ]
    assert r.skipped == [] and r.notes == []


def test_thunderbird_40_export_and_a_thunderbird_extension_export():
    r = read_vcard(V / "thunderbird_40.vcf")
    check(r, 2, [1, 8])
    assert col(r, "name") == ["contact number one", "contact number two"]
    assert col(r, "title") == ["", '"worker"']
    assert col(r, "notes") == ["", "here's some unicode text…"]
    assert col(r, "email") == ["", ""]
    assert r.notes == [  # Mozilla's test addresses have no domain
        (3, "EMAIL 'contact1@invalid' is not an email address; left out"),
        (10, "EMAIL 'contact2@invalid' is not an email address; left out"),
    ]

    r = read_vcard(V / "thunderbird_morecols.vcf")
    check(r, 1, [1])
    row = r.table.loc[1]
    assert (row["name"], row["org"], row["title"]) == ("John Doe", "TheOrganization", "TheTitle")
    assert row["email"].split(";") == [
        "doe.john@example.com",
        "additional-email@example.com",
        "additional-email1@example.com",
        "additional-email2@example.com",
        "additional-email3@example.com",
    ]
    assert row["phone"] == "555-555-1111;555-555-2222;555-555-5555;555-555-3333;555-555-4444"
    assert row["url"] == "http://www.private-webpage.com;http://www.work-webpage.com"
    assert row["tags"] == "category1;category2;category3"  # CATEGORIES:category1\, category2
    assert row["notes"].endswith('the "note" field; even curse words.')
    assert relations(r) == [[1, "TheSpouse", "spouse"]]


def test_latin1_quoted_printable_with_soft_breaks():
    r = read_vcard(V / "horde_21_latin1.vcf")
    check(r, 1, [1])
    row = r.table.loc[1]
    assert (row["name"], row["org"], row["title"], row["notes"]) == (
        "Karl Schröder",
        "Horde Project",
        "Senior Developer (äöü)",
        "A German guy (äöü)",
    )
    assert row["email"] == "karl@example.org"
    assert row["phone"].split(";") == [
        "+49 521 555123",
        "+49 521 555456",
        "+49 177 555123",
        "+49 521 555789",
        "+49 123 555789",
    ]
    assert row["url"] == "http://karl.example.org"
    assert r.skipped == [] and r.notes == []


def test_vcard_40_related_by_uuid_text_uri_and_mailto():
    r = read_vcard(V / "vcard40_related.vcf")
    check(r, 2, [1, 13])
    assert col(r, "name") == ["Jane Roe", "John Roe"]
    assert col(r, "email") == ["jane.roe@example.com", "john.roe@example.com"]
    assert col(r, "phone") == ["", "+1-418-656-9254 ext. 102;+1-418-262-6501"]  # tel: URIs
    assert relations(r) == [
        [1, "John Roe", "spouse"],  # urn:uuid: of the other card of the file
        [1, "Sam Carter", "co-worker"],  # VALUE=text
        [1, "http://example.com/directory/jdoe.vcf", "contact"],
        [1, "mailto:kim@example.org", "friend"],
        [1, "Robin, the neighbour", ""],
        [13, "Jane Roe", "spouse"],
    ]
    assert r.skipped == [] and r.notes == []


# --- what goes wrong ----------------------------------------------------------------------------


def test_quirks_fallback_names_skips_and_notes_with_input_lines():
    r = read_vcard(V / "quirks.vcf")  # UTF-8 BOM, CRLF and LF mixed, blank lines between cards
    check(r, 9, [1, 8, 15, 19, 29, 40])
    assert col(r, "name") == [
        "Dr. Chidi Okafor PhD",  # N with prefix and suffix (the middle name is left out)
        "Acme Widgets, Inc.",  # ORG
        "solo@example.net",  # the email
        "+44 20 7946 0958",  # the phone
        "Björn =ZZ Berg",  # broken quoted-printable kept as written
        "Whole Card",
    ]
    assert col(r, "email") == ["chidi@example.org", "", "solo@example.net", "", "", ""]
    assert col(r, "phone") == ["", "", "", "+44 20 7946 0958", "", ""]
    assert col(r, "org") == ["", "Acme Widgets, Inc.", "", "", "Caf", ""]
    assert col(r, "url") == ["", "http://acme.example/", "", "", "", ""]
    assert col(r, "tags")[4] == "friends;work;Board"  # deduplicated in order
    assert col(r, "notes")[5] == "line one\nline two, with comma"
    assert r.skipped == [
        (24, NO_NAME),  # only EMAIL:N/A
        (37, "no END:VCARD before the next BEGIN:VCARD (line 40)"),
        (47, "no END:VCARD (the file ends inside this card)"),
    ]
    assert r.notes == [
        (4, "EMAIL 'N/A' is not an email address; left out"),
        (22, "TEL 'ask reception' is not a phone number; left out"),
        (26, "EMAIL 'N/A' is not an email address; left out"),
        (31, "FN has broken quoted-printable (a lone '='); read as far as it goes"),
        (
            32,
            "ORG is not valid UTF-8 (a character cut short?); "
            "the bytes that cannot be read are left out",
        ),
        (33, "line is not a vCard property (it has no ':'); left out"),
    ]


def test_strict_refuses_on_the_first_problem_naming_file_and_line():
    with pytest.raises(DataError, match=re.escape("quirks.vcf:4: EMAIL 'N/A' is not an email")):
        read_vcard(V / "quirks.vcf", strict=True)
    with pytest.raises(DataError, match=re.escape("aosp_v21_nest.vcf:1: no END:VCARD before")):
        read_vcard(V / "aosp_v21_nest.vcf", strict=True)
    assert len(read_vcard(V / "google.vcf", strict=True).table) == 4


def test_forced_encoding():
    r = read_vcard(V / "horde_21_latin1.vcf", encoding="cp1252")
    assert r.table.loc[1, "name"] == "Karl Schröder" and r.encoding == "cp1252"
    assert r.notes == [(None, "read as cp1252")]


@pytest.mark.parametrize(
    ("name", "msg"),
    [
        (
            "linkedin_connections.csv",
            "linkedin_connections.csv: has no BEGIN:VCARD line; this looks like a LinkedIn "
            "Connections.csv; use `tiegraph import linkedin`",
        ),
        (
            "google_contacts.csv",
            "google_contacts.csv: has no BEGIN:VCARD line; this looks like a Google Contacts "
            "CSV; use `tiegraph import google`",
        ),
        (
            "ics_calendar.ics",
            "ics_calendar.ics: has no BEGIN:VCARD line; this looks like a calendar (.ics); "
            "use `tiegraph import ics`",
        ),
        ("log_iso.csv", "log_iso.csv: has no BEGIN:VCARD line; this looks like a CSV file"),
        ("binary.csv", "binary.csv: is a binary file, not text"),
    ],
)
def test_files_that_are_not_vcards_are_refused_saying_what_they_look_like(name, msg):
    with pytest.raises(DataError, match=re.escape(msg)):
        read_vcard(F / name)


def test_old_hand_written_fixtures_still_read():
    r = read_vcard(F / "vcard_contacts.vcf")
    check(r, 3, [1, 16, 22])
    assert col(r, "name") == ["Jane Doe", "Sam Ödegaard", "José Núñez"]
    assert r.table.loc[1, "notes"] == (
        "Met at the 2024 canvass, Ward 3. She runs the political action "
        "program and knows everyone on the council."
    )
    r = read_vcard(F / "vcard_broken.vcf")  # a line with no colon no longer refuses the file
    check(r, 1, [1])
    assert r.notes == [(4, "line is not a vCard property (it has no ':'); left out")]


# --- any file -----------------------------------------------------------------------------------

_TEXT = st.text(alphabet=st.sampled_from("abcxyzÅéñß李 ,;:\\"), max_size=12)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")


def _qp(text: str, breaks: list[int]) -> list[str]:
    """Quoted-printable of ``text`` (every byte as =XX), split by soft breaks after ``breaks``."""
    tokens = [f"={b:02X}" for b in text.encode("utf-8")]
    lines, cur = [], ""
    for i, tok in enumerate(tokens):
        cur += tok
        if i in breaks and i < len(tokens) - 1:
            lines.append(cur + "=")
            cur = ""
    lines.append(cur)
    return lines


@st.composite
def vcard_files(draw):
    """Draw a vCard file: (text, BEGIN lines, BEGIN lines that must be rows, FN by line)."""
    lines: list[str] = []
    begins, readable, fns = [], [], {}
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.booleans()):
            lines.append("")  # a blank line between cards
        begin = len(lines) + 1
        begins.append(begin)
        lines += ["BEGIN:VCARD", "VERSION:" + draw(st.sampled_from(["2.1", "3.0", "4.0"]))]
        fn = draw(st.none() | _TEXT)
        has_name = False
        if fn is not None:
            if draw(st.booleans()):  # quoted-printable with soft breaks
                breaks = draw(st.lists(st.integers(0, 40), max_size=4))
                qp = _qp(_escape(fn), breaks)
                lines.append("FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:" + qp[0])
                lines += qp[1:]
            else:
                lines.append("FN:" + _escape(fn))
            if fn.strip():
                has_name = True
                fns[begin] = " ".join(fn.split())
        if draw(st.booleans()):
            org = draw(_TEXT)
            lines.append("ORG:" + _escape(org) + ";Dept")  # never empty: "Dept" at least
            has_name = True
        for email in draw(st.lists(st.sampled_from(["a@example.org", "N/A", "x@"]), max_size=2)):
            lines.append("EMAIL;TYPE=INTERNET:" + email)
            has_name = has_name or "." in email
        for tel in draw(st.lists(st.sampled_from(["+1 555 0100", "none", "12"]), max_size=2)):
            lines.append("TEL;CELL:" + tel)
            has_name = has_name or tel.startswith("+")
        if draw(st.booleans()):
            lines += ["PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQAB", " AAD/4QBYRXhpZgAA"]
        if draw(st.booleans()):
            lines.append("X-UNKNOWN;FOO=bar:whatever\\, here")
        ended = draw(st.integers(0, 5)) > 0
        if ended:
            lines.append("END:VCARD")
        if ended and has_name:
            readable.append(begin)
    eol = draw(st.sampled_from(["\n", "\r\n", "\r\r\n", "\r"]))
    return eol.join(lines) + eol, begins, readable, fns


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vcard_files())
def test_any_file_every_card_is_a_row_or_a_skip_at_its_begin_line(tmp_path_factory, drawn):
    text, begins, readable, fns = drawn
    path = tmp_path_factory.mktemp("v") / "any.vcf"
    path.write_bytes(text.encode("utf-8"))
    r = read_vcard(path)
    assert r.records == len(begins) == len(r.table) + len(r.skipped)
    rows = list(r.table.index)
    skipped = [line for line, _ in r.skipped]
    assert sorted(rows + skipped) == begins
    assert rows == readable
    for line, name in fns.items():
        if line in rows:
            assert r.table.loc[line, "name"] == name
