import re
from pathlib import Path

import pandas as pd
import pytest

from tiegraph import DataError, read_linkedin

F = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("name", ["linkedin_connections.csv", "linkedin_bom_crlf.csv"])
def test_reads_the_export_with_its_preamble_bom_and_line_ends(name):
    df = read_linkedin(F / name)
    assert list(df.index) == [5, 6, 7]  # real line numbers, after the Notes: preamble
    assert list(df["name"]) == ["Jane Doe", "Zoë Lindqvist", "Bob Lee"]
    assert list(df["org"]) == ["AFSCME", "Civic Data Lab, Inc.", "SEIU"]
    assert list(df["title"]) == ["Political Action Rep", "Data Scientist", "Organizer"]
    assert list(df["email"]) == ["", "zoe@civicdata.example", ""]
    assert df["url"].iloc[0] == "https://www.linkedin.com/in/jane-doe-0a1b2c"
    assert df["since"].iloc[0] == pd.Timestamp("2024-02-09", tz="UTC")
    assert set(df["source"]) == {"linkedin"} and set(df["id"]) == {""}


def test_latin1_export_names_the_line_and_the_way_out():
    msg = (
        "linkedin_latin1.csv:6: byte b'\\xeb,Li' is not valid utf-8; the file looks like it "
        "was saved in another encoding (e.g. Latin-1 / Windows-1252): save it as UTF-8 or "
        "pass --encoding cp1252"
    )
    with pytest.raises(DataError, match=re.escape(msg)):
        read_linkedin(F / "linkedin_latin1.csv")
    assert read_linkedin(F / "linkedin_latin1.csv", encoding="cp1252")["name"].iloc[1] == (
        "Zoë Lindqvist"
    )


@pytest.mark.parametrize(
    ("name", "msg"),
    [
        (
            "linkedin_bad_date.csv",
            "linkedin_bad_date.csv:3: column 'Connected On': '2024-13-45' is not a date like "
            "'09 Feb 2024'",
        ),
        ("binary.csv", "binary.csv: is a binary file, not text (expected CSV or text)"),
        (
            "google_contacts.csv",
            "google_contacts.csv:1: missing column(s) 'Connected On' (is this LinkedIn's "
            "Connections.csv?)",
        ),
        (
            "log_snap.txt",
            "log_snap.txt: no header line starting with 'First Name' (is this LinkedIn's "
            "Connections.csv?)",
        ),
    ],
)
def test_bad_files_give_one_clear_line(name, msg):
    with pytest.raises(DataError, match=re.escape(msg)):
        read_linkedin(F / name)


def test_empty_file(tmp_path):
    (tmp_path / "c.csv").write_text("")
    with pytest.raises(DataError, match=re.escape("c.csv: file is empty")):
        read_linkedin(tmp_path / "c.csv")
