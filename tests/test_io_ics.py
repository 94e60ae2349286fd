import re
from pathlib import Path

import pandas as pd
import pytest

from tiegraph import DataError, read_ics

F = Path(__file__).parent / "fixtures"


def test_reads_events_with_folded_attendees_time_zones_and_status():
    ev = read_ics(F / "ics_calendar.ics")
    assert list(ev.index) == [6, 19, 31, 39, 45]  # the BEGIN:VEVENT lines
    first = ev.loc[6]
    assert first["date"] == pd.Timestamp("2024-03-02 15:00", tz="UTC")
    assert first["emails"] == ["alex@example.org", "jane@afscme.example"]  # unfolded
    assert first["names"] == ["Alex Rivera", "Jane Doe"]
    assert (first["channel"], first["notes"]) == ("in_person", "Coffee with Jane")
    call = ev.loc[19]
    assert call["date"] == pd.Timestamp("2024-04-10 13:00", tz="UTC")  # 09:00 New York
    assert (call["channel"], call["recurring"]) == ("video", True)  # a Zoom link
    assert bool(ev.loc[31, "cancelled"]) is True
    assert ev.loc[39, "date"] == pd.Timestamp("2024-04-20", tz="UTC")  # an all-day event


def test_not_a_calendar_is_a_clear_error(tmp_path):
    (tmp_path / "x.ics").write_text("hello\n")
    with pytest.raises(DataError, match=re.escape("x.ics: is not a valid iCalendar file")):
        read_ics(tmp_path / "x.ics")
