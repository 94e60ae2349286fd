import re
from pathlib import Path

import pytest

from tiegraph import DataError, read_vcard

F = Path(__file__).parent / "fixtures"


def test_reads_vcard_3_folded_lines_several_emails_org_units_and_categories():
    df = read_vcard(F / "vcard_contacts.vcf")
    assert list(df.index) == [1, 16, 22]  # the line where each card begins
    jane = df.loc[1]
    assert (jane["name"], jane["org"], jane["title"]) == (
        "Jane Doe",
        "AFSCME",
        "Political Action Rep",
    )
    assert jane["email"] == "jane@afscme.example;jane.doe@mail.example"
    assert (jane["phone"], jane["url"], jane["tags"]) == (
        "+1 555 0100",
        "https://example.org/jane",
        "union;canvass 2024",
    )
    assert jane["notes"] == (
        "Met at the 2024 canvass, Ward 3. She runs the political action "
        "program and knows everyone on the council."
    )


def test_decodes_vcard_2_1_quoted_printable_and_reads_vcard_4():
    df = read_vcard(F / "vcard_contacts.vcf")
    assert df.loc[16, "name"] == "Sam Ödegaard"
    assert (df.loc[22, "name"], df.loc[22, "org"]) == ("José Núñez", "Fair Wages Coalition")


@pytest.mark.parametrize(
    ("name", "msg"),
    [
        (
            "vcard_broken.vcf",
            "vcard_broken.vcf:4: is not a valid vCard "
            "(Failed to parse line: this line has no colon)",
        ),
        (
            "linkedin_connections.csv",
            "linkedin_connections.csv: has no BEGIN:VCARD line (is this a vCard file?)",
        ),
        ("binary.csv", "binary.csv: is a binary file, not text (expected CSV or text)"),
    ],
)
def test_bad_files_give_one_clear_line(name, msg):
    with pytest.raises(DataError, match=re.escape(msg)):
        read_vcard(F / name)
