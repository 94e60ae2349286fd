"""read_ics and guess_owner on real calendar exports (see tests/fixtures/README.md)."""

import re
from pathlib import Path

import pandas as pd
import pytest

from tiegraph import DataError
from tiegraph.io.ics import COLUMNS, guess_owner, read_ics

F = Path(__file__).parent / "fixtures" / "ics"
UTC = "UTC"


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz=UTC)


def rows(reading, line: int) -> pd.DataFrame:
    return reading.table.loc[[line]]


# --- Google Calendar export (issue42.ics of python-recurring-ical-events, trimmed) ---------


@pytest.fixture(scope="module")
def google():
    return read_ics(F / "google_export.ics", until=ts("2021-06-30"))


def test_google_export_counts_add_up(google):
    assert list(google.table.columns) == list(COLUMNS)
    assert google.table.index.name == "line"
    assert str(google.table["date"].dtype) == "datetime64[ns, UTC]"
    # 11 VEVENTs: 8 read (one monthly series gives 8 dates), 3 skipped
    assert (google.records, len(google.table), len(google.skipped)) == (17, 14, 3)
    assert google.skipped == [
        (139, "no attendees"),  # a personal event, nobody invited
        (261, "no attendees"),  # its only ATTENDEE is inside a VALARM (an email reminder)
        (323, "start 2039-01-29 is more than a year ahead (after 2022-06-30)"),
    ]
    assert google.extra["calendar_names"] == ["sam.rivera@example.com"]
    assert google.encoding == "utf-8"


def test_google_placeholder_organiser_is_not_a_person(google):
    # ORGANIZER unknownorganizer@calendar.google.com; CN is the address itself: no name
    assert rows(google, 90)["people"].iloc[0] == [("sam.rivera@example.com", "", "attendee")]
    assert rows(google, 90)["date"].iloc[0] == ts("2021-05-28")  # all-day: midnight UTC
    assert rows(google, 117)["date"].iloc[0] == ts("2021-06-07 18:05")
    assert (None, "left out 2 placeholder organiser address(es) "
            "(unknownorganizer@calendar.google.com, no-reply)") in google.notes  # fmt: skip


def test_google_outlook_invitation_with_odd_addresses(google):
    people = rows(google, 180)["people"].iloc[0]
    assert people == [
        ("peter.vass2@brakeworks.example", "", "organizer"),  # folded address, CN is an address
        ("sam.rivera@example.com", "", "attendee"),
        ("extroom3@brakeworks.example", "R_BU2_ROOM [external_3] Meeting room", "attendee"),
    ]
    assert rows(google, 180)["date"].iloc[0] == ts("2013-07-19 12:00")
    # 'x@lisbon' has no domain: not an address; with a quoted, folded CN the person stays by name
    assert rows(google, 216)["people"].iloc[0] == [
        ("eva.molnar@brakeworks.example.com", "", "organizer"),
        ("", "Papp, Réka", "attendee"),
        ("", "Farkas, Dani", "attendee"),
    ]
    notes = dict((li, n) for li, n in google.notes if li is not None)
    assert notes[180] == (
        "2 attendee value(s) neither an email address nor a name, left out: "
        "'mailto:anna.kiss@lisbon', 'mailto:bela.horvath@lisbon'"
    )
    assert notes[216].startswith("7 attendee value(s) neither an email address nor a name")


def test_google_monthly_series_with_a_moved_instance(google):
    series = rows(google, 289)
    # BYMONTHDAY=28 from 2017-08-28 19:00 London until 2018-05-27: the October one moved
    assert list(series["date"]) == [
        ts("2017-08-28 18:00"),  # BST
        ts("2017-09-28 18:00"),
        ts("2017-11-28 19:00"),  # GMT
        ts("2017-12-28 19:00"),
        ts("2018-01-28 19:00"),
        ts("2018-02-28 19:00"),
        ts("2018-03-28 18:00"),
        ts("2018-04-28 18:00"),
    ]
    moved = rows(google, 306)  # RECURRENCE-ID 2017-10-28, moved to the 31st
    assert list(moved["date"]) == [ts("2017-10-31 19:00")]
    assert moved["people"].iloc[0] == [("noor.haddad@example.net", "Noor Haddad", "attendee")]
    assert set(series["uid"]) == set(moved["uid"])
    assert google.extra["recurring_events"] == 1
    assert (None, "1 recurring event(s) gave 9 occurrence(s) up to 2021-06-30") in google.notes


def test_until_skips_what_has_not_happened(google):
    early = read_ics(F / "google_export.ics", until=ts("2021-01-01"))
    assert (90, "in the future (not yet happened)") in early.skipped
    assert (117, "in the future (not yet happened)") in early.skipped
    assert (261, "in the future (not yet happened)") in early.skipped  # yearly, from 2021-04
    assert early.records == len(early.table) + len(early.skipped) == 17
    # a naive until is UTC
    naive = read_ics(F / "google_export.ics", until=pd.Timestamp("2021-01-01"))
    assert naive.skipped == early.skipped


def test_google_owner_guess(google):
    owner, why = guess_owner(google.table, set())
    assert owner == "sam.rivera@example.com"
    assert why == "took sam.rivera@example.com (in 4 of 7 events) as you; pass --me to change"


# --- Google calendar with RRULE + EXDATE + RECURRENCE-ID (machbar_16_feb_2019.ics) -----------


@pytest.fixture(scope="module")
def berlin():
    return read_ics(F / "google_recurring.ics", until=ts("2019-03-05 18:57:32"))


def test_exdates_and_moved_instances(berlin):
    assert (berlin.records, len(berlin.table), berlin.skipped) == (
        40,
        38,
        [(47, "in the future (not yet happened)"), (156, "no attendees")],
    )
    # weekly on Thursdays from 2019-02-28; 2019-03-07 is an EXDATE (and after until anyway)
    assert list(rows(berlin, 64)["date"]) == [ts("2019-02-28 07:30")]
    # last Saturday monthly, June to November 2018: July and August are EXDATEs,
    # September and October moved a week earlier (their own lines), November after UNTIL
    assert list(rows(berlin, 120)["date"]) == [ts("2018-06-30 09:00")]
    assert list(rows(berlin, 101)["date"]) == [ts("2018-09-22 09:00")]
    assert list(rows(berlin, 84)["date"]) == [ts("2018-10-20 09:00")]
    assert rows(berlin, 101)["people"].iloc[0] == [
        ("lena.brandt@example.org", "Lena Brandt", "organizer")  # Tomasz declined this one
    ]


def test_series_without_end_is_capped_at_until(berlin):
    ok_lab = rows(berlin, 176)["date"]
    assert len(ok_lab) == 32
    assert ok_lab.iloc[0] == ts("2017-12-12 18:00")
    assert ok_lab.iloc[-1] == ts("2019-03-05 18:00")  # the last one before until
    # 2018-05-01 moved to 05-02 by an event with nobody in it: skipped, and not in the series
    assert ts("2018-05-01 17:00") not in set(ok_lab)
    assert ts("2018-04-17 17:00") in set(ok_lab) and ts("2018-05-15 17:00") in set(ok_lab)
    assert ts("2018-10-30 18:00") in set(ok_lab)  # back to CET


def test_berlin_single_events_and_notes(berlin):
    assert rows(berlin, 28)["notes"].iloc[0] == '"Bioökonomie-Tag"'
    assert rows(berlin, 141)["date"].iloc[0] == ts("2018-05-26")
    assert berlin.extra == {
        "calendar_names": ["machBar - Öffentlich"],
        "recurring_events": 3,
        "occurrences": 38,
    }
    assert berlin.notes == [
        (None, "left out 2 group, holiday or imported calendar address(es) (not people)"),
        (None, "left out 1 declined attendee(s) (PARTSTAT=DECLINED)"),
        (None, "3 recurring event(s) gave 36 occurrence(s) up to 2019-03-05"),
    ]


# --- Exchange / Outlook ------------------------------------------------------------------------


def test_exchange_reply_declined_attendee_left_out():
    r = read_ics(F / "exchange_reply.ics", until=ts("2025-01-01"))
    assert (r.records, r.skipped) == (1, [])
    row = r.table.loc[18]
    assert row["date"] == ts("2021-06-07 11:30")  # 13:30 Europe/Zurich (VTIMEZONE)
    assert row["people"] == [("jonas.keller@example.com", "Keller, Jonas", "attendee")]
    assert row["notes"] == "Declined: *[T] Beratung - Anna Keller"
    assert row["uid"] == "ecc5e718-08eb-4247-a871-d7e09a3ffbbc@localhost"
    assert r.notes == [(None, "left out 1 declined attendee(s) (PARTSTAT=DECLINED)")]


def test_exchange_blank_tzid_and_windows_1252():
    r = read_ics(F / "exchange_blank_tzid_cp1252.ics", until=ts("2025-01-01"))
    assert r.encoding == "cp1252"
    row = r.table.loc[18]
    assert row["date"] == ts("2021-06-07 13:30")  # TZID="": the wall time, read as UTC
    assert row["people"][1] == ("jonas.keller@example.com", "Müller, Jonas", "attendee")
    assert r.notes == [
        (None, "read as cp1252"),
        (None, "1 time(s) with a blank or unknown TZID ('') read as UTC"),
    ]


def test_exchange_broken_description_and_event_without_start():
    # Exchange wrote DESCRIPTION unescaped over many lines (the RRULE comes after it), a
    # floating DTSTART in its only VTIMEZONE, and a second event with no DTSTART
    r = read_ics(F / "exchange_broken_description.ics", until=ts("2025-01-01"))
    assert r.skipped == [(69, "no DTSTART (the event has no start)")]
    assert list(r.table["date"]) == [ts("2024-09-23 08:00"), ts("2024-10-07 08:00")]
    assert list(r.table.index) == [20, 20]
    first = r.table.iloc[0]
    assert first["channel"] == "video"  # the Zoom link in LOCATION
    assert first["notes"] == "Team Meeting"
    assert [p[0] for p in first["people"]] == [
        "organizer@example.com",
        "attendee1@example.com",
        "attendee2@example.com",
        "attendee3@example.com",
    ]
    with pytest.raises(
        DataError, match=re.escape("exchange_broken_description.ics:69: no DTSTART")
    ):
        read_ics(F / "exchange_broken_description.ics", strict=True, until=ts("2025-01-01"))


# --- several VCALENDAR blocks; cancelled instances ---------------------------------------------


def test_two_calendars_in_one_file_with_cancelled_instances():
    r = read_ics(F / "two_calendars.ics", until=ts("2025-01-01"))
    assert r.records == 9
    assert r.skipped == [(36, "cancelled"), (74, "cancelled")]
    # Thunderbird: daily x3, the second cancelled by a RECURRENCE-ID event
    assert list(rows(r, 21)["date"]) == [ts("2020-01-28 21:00"), ts("2020-01-30 21:00")]
    # khal: weekly, one instance moved (own line), one cancelled
    assert list(rows(r, 58)["date"]) == [
        ts("2014-06-30 05:00"),
        ts("2014-07-21 05:00"),
        ts("2014-07-28 05:00"),
        ts("2014-08-04 05:00"),
    ]
    assert list(rows(r, 66)["date"]) == [ts("2014-07-07 07:00")]
    assert (None, "2 recurring event(s) gave 7 occurrence(s) up to 2025-01-01") in r.notes


# --- the odd cases of real calendars, in a Google export's structure ---------------------------


@pytest.fixture(scope="module")
def edge():
    return read_ics(F / "google_edge_cases.ics", until=ts("2015-01-01"))


def test_google_plus_and_name_only_attendees(edge):
    assert rows(edge, 8)["people"].iloc[0] == [
        ("sam.rivera@example.com", "Sam Rivera", "organizer"),
        ("", "Priya Shah", "attendee"),  # a Google+ profile URL with a CN: kept by name
    ]
    assert rows(edge, 23)["people"].iloc[0] == [
        ("sam.rivera@example.com", "Sam Rivera", "organizer"),
        ("", "Jane Doe", "attendee"),  # ATTENDEE;CN=Jane Doe:
        ("", "Omar Farouk", "attendee"),  # ATTENDEE:Omar Farouk
        ("", "Ken Ito", "attendee"),  # ATTENDEE;CN=Ken Ito:mailto:
    ]
    assert (
        23,
        "1 attendee value(s) neither an email address nor a name, left out: "
        "'https://plus.google.com/109876543210987654321'",
    ) in edge.notes
    assert (
        None,
        "2 attendee(s) given by a web address instead of an email kept by their name or "
        "EMAIL parameter",
    ) in edge.notes


def test_channel_from_meeting_links(edge):
    assert rows(edge, 8)["channel"].iloc[0] == "video"  # Meet, in DESCRIPTION
    assert rows(edge, 23)["channel"].iloc[0] == "video"  # Zoom, in LOCATION
    assert rows(edge, 48)["channel"].iloc[0] == "video"  # Teams, X-MICROSOFT-SKYPETEAMSMEETINGURL
    assert rows(edge, 97)["channel"].iloc[0] == "in_person"


def test_not_people_are_left_out_and_counted_once(edge):
    # noreply organiser, a room, a CUTYPE=GROUP list, a declined guest, a group calendar
    assert rows(edge, 48)["people"].iloc[0] == [("ana.lima@example.org", "Ana Lima", "attendee")]
    assert rows(edge, 48)["date"].iloc[0] == ts("2014-09-15 14:00")
    file_notes = [n for li, n in edge.notes if li is None]
    assert file_notes == [
        "left out 2 group, holiday or imported calendar address(es) (not people)",
        "left out 2 placeholder organiser address(es) "
        "(unknownorganizer@calendar.google.com, no-reply)",
        "left out 2 meeting room, resource or group address(es) (CUTYPE=RESOURCE, ROOM or GROUP)",
        "left out 1 declined attendee(s) (PARTSTAT=DECLINED)",
        "2 attendee(s) given by a web address instead of an email kept by their name or "
        "EMAIL parameter",
        "1 recurring event(s) gave 3 occurrence(s) up to 2015-01-01",
    ]


def test_skips_name_their_line_and_reason(edge):
    assert edge.skipped == [
        (38, "no attendees"),  # a holiday calendar's event
        (67, "cancelled"),
        (76, "no DTSTART (the event has no start)"),
        (83, "DTSTART '20141301T100000Z' is not a date"),
        (90, "start 1899-01-01 is before 1900"),
    ]
    assert edge.records == len(edge.table) + len(edge.skipped) == 13


def test_x_wr_timezone_keeps_local_time_across_daylight_saving(edge):
    # DTSTART 13:00Z (09:00 New York, EDT) weekly: after 2 November it is 09:00 EST = 14:00Z
    assert list(rows(edge, 97)["date"]) == [
        ts("2014-10-27 13:00"),
        ts("2014-11-03 14:00"),
        ts("2014-11-10 14:00"),
    ]
    # a time with no zone is in the calendar's X-WR-TIMEZONE
    assert rows(edge, 107)["date"].iloc[0] == ts("2014-11-10 14:30")


def test_outlook_typed_addresses_and_unclosed_event(edge):
    # CN="a, b":invalid:nomail gives two people; urn:uuid with EMAIL=; no END:VEVENT
    assert rows(edge, 107)["people"].iloc[0] == [
        ("priya.shah@example.com", "", "attendee"),
        ("omar@example.net", "", "attendee"),
        ("ken.ito@example.jp", "", "attendee"),
    ]
    # an event whose only person is the owner is a row: the importer decides
    assert rows(edge, 114)["people"].iloc[0] == [
        ("sam.rivera@example.com", "Sam Rivera", "organizer")
    ]


def test_strict_refuses_bad_values_but_not_normal_skips(tmp_path):
    with pytest.raises(DataError, match=re.escape("google_edge_cases.ics:23: 1 attendee value")):
        read_ics(F / "google_edge_cases.ics", strict=True, until=ts("2015-01-01"))
    # cancelled, future and attendee-less events are not problems
    r = read_ics(F / "two_calendars.ics", strict=True, until=ts("2025-01-01"))
    assert r.skipped == [(36, "cancelled"), (74, "cancelled")]


# --- files that are not calendars --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("BEGIN:VCARD\nVERSION:3.0\nFN:Jane Doe\nEND:VCARD\n", "use `tiegraph import vcard`"),
        (
            "Notes:\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
            "use `tiegraph import linkedin`",
        ),
        ("Name,Given Name,Family Name,E-mail 1 - Value\n", "use `tiegraph import google`"),
        ("date,from,to\n2024-01-01,a,b\n", "this looks like a CSV table"),
        ("<!DOCTYPE html><html><body>calendar</body></html>\n", "an HTML or XML page"),
        ("hello\n", "no BEGIN:VCALENDAR or BEGIN:VEVENT line"),
    ],
)
def test_not_a_calendar_says_what_it_looks_like(tmp_path, text, says):
    path = tmp_path / "x.ics"
    path.write_text(text)
    with pytest.raises(DataError, match=r"^x\.ics: is not an iCalendar file") as err:
        read_ics(path)
    assert says in str(err.value)
    assert "\n" not in str(err.value)


def test_empty_calendar_and_bare_events(tmp_path):
    empty = tmp_path / "empty.ics"
    empty.write_text("BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n")
    r = read_ics(empty)
    assert (r.records, len(r.table), r.notes) == (0, 0, [(None, "the calendar holds no events")])
    assert list(r.table.columns) == list(COLUMNS)
    assert str(r.table["date"].dtype) == "datetime64[ns, UTC]"
    assert r.table["people"].dtype == object
    bare = tmp_path / "bare.ics"  # events with no VCALENDAR around them
    bare.write_text(
        "BEGIN:VEVENT\nDTSTART:20200101T100000Z\nATTENDEE:mailto:a@example.org\nEND:VEVENT\n"
    )
    r = read_ics(bare, until=ts("2021-01-01"))
    assert r.table["people"].tolist() == [[("a@example.org", "", "attendee")]]
    assert r.notes == [(None, "no BEGIN:VCALENDAR line; the events were read anyway")]


def test_one_person_per_address_organiser_first(tmp_path):
    path = tmp_path / "order.ics"
    path.write_text(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20200101T100000Z\n"
        "ATTENDEE;CN=Ann:mailto:ann@example.org\nATTENDEE:mailto:BOB@example.org\n"
        "ORGANIZER;CN=Bob Ray:mailto:bob@example.org\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    r = read_ics(path, until=ts("2021-01-01"))
    assert r.table["people"].iloc[0] == [
        ("bob@example.org", "Bob Ray", "organizer"),
        ("ann@example.org", "Ann", "attendee"),
    ]


def test_unreadable_recurrence_counts_the_event_once(tmp_path):
    path = tmp_path / "bad_rule.ics"
    path.write_text(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART:20200101T100000Z\n"
        "RRULE:FREQ=SOMETIMES;COUNT=3\nATTENDEE:mailto:a@example.org\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:y\nDTSTART:20200106T100000Z\n"
        "RRULE:FREQ=WEEKLY;COUNT=2\nATTENDEE:mailto:b@example.org\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    r = read_ics(path, until=ts("2021-01-01"))
    assert list(r.table["date"]) == [
        ts("2020-01-01 10:00"),  # the broken series: once
        ts("2020-01-06 10:00"),  # the good one is still expanded
        ts("2020-01-13 10:00"),
    ]
    assert r.notes[0][0] == 2
    assert r.notes[0][1].startswith("the recurrence of this event could not be read (")
    assert r.notes[0][1].endswith("); counted once, at its first date")


# --- guess_owner -------------------------------------------------------------------------------


def _table(events: list[list[tuple[str, str, str]]]) -> pd.DataFrame:
    return pd.DataFrame({"people": events})


def test_owner_in_fewer_than_half_the_events():
    me = ("me@x.org", "Me", "organizer")
    events = [[me, ("a@y.org", "", "attendee")]] * 4 + [
        [(f"p{i}@y.org", "", "organizer"), (f"q{i}@y.org", "", "attendee")] for i in range(6)
    ]
    assert guess_owner(_table(events), set()) == (
        "me@x.org",
        "took me@x.org (in 4 of 10 events) as you; pass --me to change",
    )


def test_owner_ties_broken_by_organising_and_known_contacts_excluded():
    a_org = [("a@x.org", "", "organizer"), ("b@x.org", "", "attendee")]
    b_org = [("b@x.org", "", "organizer"), ("a@x.org", "", "attendee")]
    owner, _ = guess_owner(_table([a_org, a_org, b_org]), set())
    assert owner == "a@x.org"  # both in 3 events; a organises 2
    owner, why = guess_owner(_table([a_org, b_org]), set())
    assert owner is None
    assert why == (
        "could not tell which address is yours (a@x.org is in 2 events, b@x.org in 2); "
        "pass --me EMAIL"
    )
    owner, _ = guess_owner(_table([a_org, b_org, a_org]), {"A@X.org"})
    assert owner == "b@x.org"
    assert guess_owner(_table([]), set())[0] is None


def test_a_long_summary_is_cut_once_for_every_occurrence(tmp_path):
    # fuzz finding: a 130,000-character summary on a recurring event was copied into every
    # occurrence (a 270 KB calendar wrote a 138 MB interactions.csv)
    summary = "Weekly sync " + "x" * 600
    path = tmp_path / "c.ics"
    path.write_text(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:1\nDTSTART:20240101T100000Z\n"
        "RRULE:FREQ=WEEKLY;COUNT=3\n"
        f"SUMMARY:{summary}\nATTENDEE;CN=Ann Lee:mailto:ann@example.org\n"
        "END:VEVENT\nEND:VCALENDAR\n"
    )
    reading = read_ics(path, until="2024-06-01")
    assert len(reading.table) == 3
    assert set(reading.table["notes"]) == {summary[:499] + "…"}
    assert (2, "SUMMARY of 612 characters cut at 500") in reading.notes  # the event's line


# --- the modules ics.py is split into (issue 14) -----------------------------------------


def test_public_names_stay_importable_from_io_ics():
    import tiegraph
    from tiegraph.io import ics

    assert tiegraph.read_ics is ics.read_ics
    assert ics.__all__ == ["COLUMNS", "guess_owner", "read_ics"]
    assert ics.COLUMNS == ("date", "people", "channel", "notes", "uid")
    assert (ics.MAX_OCCURRENCES, ics.MAX_SUMMARY_CHARS) == (20_000, 500)


@pytest.mark.parametrize(
    ("rest", "params", "value"),
    [
        (":mailto:ann@example.org", {}, "mailto:ann@example.org"),
        (";tzid=Europe/Berlin:20240101T100000", {"TZID": "Europe/Berlin"}, "20240101T100000"),
        (
            ';CN="Doe, Jane";ROLE=REQ-PARTICIPANT:mailto:j@x.org',
            {"CN": "Doe, Jane", "ROLE": "REQ-PARTICIPANT"},
            "mailto:j@x.org",
        ),
        (';CN="a:b; c":mailto:x@y.org', {"CN": "a:b; c"}, "mailto:x@y.org"),
    ],
)
def test_split_params_keeps_quoted_colons_and_commas(rest, params, value):
    from tiegraph.io._ics_values import split_params

    assert split_params(rest) == (params, value)


def test_unescape_undoes_text_escapes():
    from tiegraph.io._ics_values import unescape

    assert unescape(r"a\,b\;c\nd\Ne\\f") == "a,b;c\nd\ne\\f"
    assert unescape("plain") == "plain"


def test_recurring_event_in_a_custom_vtimezone(tmp_path):
    # the zone has no IANA name: the copy expanded by recurring-ical-events names it by the
    # TZID it was read from (CalendarBlock.name_of) and carries its VTIMEZONE
    path = tmp_path / "c.ics"
    path.write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VTIMEZONE\nTZID:Custom Zone\nBEGIN:STANDARD\n"
        "DTSTART:19700101T000000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0200\nEND:STANDARD\n"
        "END:VTIMEZONE\nBEGIN:VEVENT\nUID:a\nDTSTART;TZID=Custom Zone:20240301T100000\n"
        "RRULE:FREQ=WEEKLY;COUNT=3\nEXDATE;TZID=Custom Zone:20240308T100000\n"
        "ORGANIZER:mailto:ann@example.org\nSUMMARY:Weekly\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    reading = read_ics(path, until=ts("2025-01-01"))
    # 10:00 at +02:00 is 08:00 UTC; the EXDATE removes 8 March
    assert list(reading.table["date"]) == [ts("2024-03-01 08:00"), ts("2024-03-15 08:00")]
    assert list(reading.table.index) == [11, 11]
    assert reading.skipped == []
    assert reading.notes == [(None, "1 recurring event(s) gave 2 occurrence(s) up to 2025-01-01")]


def test_recurring_event_in_an_outlook_offset_zone(tmp_path):
    # the copy given to recurring-ical-events named the zone 'UTC-05:00', which it cannot read,
    # so the series was counted once; a fixed offset now repeats in UTC
    path = tmp_path / "c.ics"
    path.write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:b\n"
        'DTSTART;TZID="(UTC-05:00) Eastern Time (US & Canada)":20240301T100000\n'
        "RRULE:FREQ=WEEKLY;COUNT=3\nORGANIZER:mailto:ann@example.org\nSUMMARY:Weekly\n"
        "END:VEVENT\nEND:VCALENDAR\n"
    )
    reading = read_ics(path, until=ts("2025-01-01"))
    # 10:00 at -05:00 is 15:00 UTC, every week
    assert list(reading.table["date"]) == [
        ts("2024-03-01 15:00"),
        ts("2024-03-08 15:00"),
        ts("2024-03-15 15:00"),
    ]
