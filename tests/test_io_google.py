import re
from pathlib import Path

import pytest

from tiegraph import DataError, read_google

F = Path(__file__).parent / "fixtures"


def test_reads_todays_google_csv():
    df = read_google(F / "google_contacts.csv")
    assert list(df.index) == [2, 3, 4]
    assert list(df["name"]) == ["Jane Doe", "Priya Raman", "volunteer@campaign.example"]
    assert df.loc[2, "email"] == "jane@afscme.example;jane.doe@mail.example"  # ' ::: ' split
    assert df.loc[3, "email"] == "priya@seiu.example;priya@mail.example"
    assert (df.loc[2, "org"], df.loc[2, "title"]) == ("AFSCME", "Political Action Rep")
    assert df.loc[2, "tags"] == "Union"  # '* myContacts' is Google's, not the user's
    assert df.loc[2, "notes"] == "Met at the canvass, Ward 3"
    assert df.loc[3, "url"] == "https://example.org/priya"
    assert set(df["source"]) == {"google"}


def test_reads_the_older_export_columns(tmp_path):
    (tmp_path / "g.csv").write_text(
        "Name,Given Name,Family Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value,"
        "Organization 1 - Name,Organization 1 - Title\n"
        "Dana Okafor,Dana,Okafor,* myContacts ::: Campaign,* Work,dana@example.org,SEIU,Organizer\n"
    )
    df = read_google(tmp_path / "g.csv")
    assert (df.iloc[0]["name"], df.iloc[0]["org"], df.iloc[0]["tags"]) == (
        "Dana Okafor",
        "SEIU",
        "Campaign",
    )


def test_not_a_google_export_is_a_clear_error():
    msg = (
        "log_bad_time.csv:1: missing columns 'First Name' and 'Last Name' (is this a Google "
        "Contacts export?)"
    )
    with pytest.raises(DataError, match=re.escape(msg)):
        read_google(F / "log_bad_time.csv")
