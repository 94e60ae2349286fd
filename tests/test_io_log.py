"""The interaction-log reader on real logs: every row is read or skipped with its line."""

from __future__ import annotations

import csv
import io
import re
import time as clock
from collections import Counter
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tiegraph import DataError, read_log
from tiegraph.exceptions import ConfigError
from tiegraph.io._reading import Reading

F = Path(__file__).parent / "fixtures" / "log"
UTC = "UTC"


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz=UTC)


def unix(seconds: str) -> pd.Timestamp:
    """The instant of a Unix time written in decimal, exactly (no float)."""
    return pd.Timestamp(int(Decimal(seconds) * 10**9), unit="ns", tz=UTC)


def rows(r: Reading) -> list[tuple]:
    return list(r.table[["src", "dst", "date"]].itertuples(name=None))


# ---------------------------------------------------------------------------- SNAP and KONECT


def test_snap_collegemsg_without_header_is_read_by_position():
    r = read_log(F / "collegemsg_snap.txt")
    assert r.records == 8 and r.skipped == [] and r.encoding == "utf-8"
    assert list(r.table.columns) == ["src", "dst", "date", "channel", "notes", "started_by"]
    assert list(r.table.index) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert r.table.index.name == "line"
    assert rows(r)[:3] == [
        (1, "101", "102", unix("1099818738")),
        (2, "103", "104", unix("1099933616")),
        (3, "105", "102", unix("1100192168")),
    ]
    assert r.table["date"].iloc[0] == ts("2004-11-07 09:12:18")
    assert str(r.table["date"].dtype) == "datetime64[ns, UTC]"
    assert set(r.table["channel"]) == {""} and set(r.table["notes"]) == {""}
    # without a started_by column, src is taken as who started it
    assert list(r.table["started_by"]) == list(r.table["src"])
    assert r.notes == [
        (None, "no header: read by position (src = column 1, dst = column 2, time = column 3)")
    ]
    assert r.extra["columns"] == {"src": 1, "dst": 2, "time": 3}
    assert r.extra["sep"] == "whitespace" and r.extra["header"] is False


def test_collegemsg_copy_with_a_src_dst_time_header():
    r = read_log(F / "collegemsg_src_dst_time.txt")
    assert r.records == 6 and r.skipped == [] and r.notes == []
    assert list(r.table.index) == [2, 3, 4, 5, 6, 7]
    assert rows(r)[-1] == (7, "109", "110", unix("1100218180"))


def test_a_header_naming_the_time_column_weight_needs_names_or_positions():
    with pytest.raises(DataError) as e:
        read_log(F / "collegemsg_weight_header.txt")
    assert str(e.value) == (
        "collegemsg_weight_header.txt:1: has no columns named 'src', 'dst' and 'time' "
        "(the header is: source, target, weight); name the columns with --src, --dst and --time"
    )
    by_name = read_log(
        F / "collegemsg_weight_header.txt", src="source", dst="target", time="WEIGHT"
    )
    by_position = read_log(F / "collegemsg_weight_header.txt", src=1, dst="2", time=3)
    assert rows(by_name) == rows(by_position)
    assert rows(by_name)[0] == (2, "101", "102", unix("1099818738"))
    assert by_position.records == 6
    assert by_position.notes == [
        (
            None,
            "line 1 (source, target, weight) taken as the header: "
            "read by position (src = column 1, dst = column 2, time = column 3)",
        )
    ]


def test_snap_comment_lines_blank_lines_and_duplicate_rows():
    r = read_log(F / "snap_comments.txt")
    # 4 comment lines, rows on lines 5-7, a blank line 8, rows on 9-10
    assert list(r.table.index) == [5, 6, 7, 9, 10]
    assert r.records == 5 and r.skipped == []
    assert r.extra["sep"] == "\t"
    assert (None, "4 comment lines at the top skipped") in r.notes
    # two messages in the same second are two rows: nothing is deduplicated
    counts = Counter(map(tuple, r.table[["src", "dst", "date"]].itertuples(index=False)))
    assert counts[("130", "131", unix("1100295288"))] == 2
    assert len(r.table) == 5


def test_konect_file_with_percent_comment_weight_column_and_a_self_loop():
    with pytest.raises(DataError) as e:
        read_log(F / "konect_lkml_reply.tsv")
    assert str(e.value) == (
        "konect_lkml_reply.tsv: column 3 does not hold times: read as Unix seconds its values "
        "(1 to 1) all fall in 1970; column 4 holds times: pass --time 4"
    )
    r = read_log(F / "konect_lkml_reply.tsv", time=4)
    assert r.records == 5
    assert r.skipped == [(2, "the same person on both sides")]
    assert rows(r) == [
        (3, "33", "28", unix("1138211184")),
        (4, "33", "28", unix("1138213453")),
        (5, "28", "2", unix("1138215043")),
        (6, "28", "58", unix("1138218253")),
    ]
    assert r.notes == [
        (None, "1 comment line at the top skipped"),
        (None, "no header: read by position (src = column 1, dst = column 2, time = column 4)"),
    ]


# ------------------------------------------------------------------------ the 1970 trap, origin


def test_bitcoin_otc_rating_column_is_not_read_as_1970_times():
    with pytest.raises(DataError) as e:
        read_log(F / "bitcoinotc.csv")
    assert str(e.value) == (
        "bitcoinotc.csv: column 3 does not hold times: read as Unix seconds its values "
        "(-1 to 8) all fall in 1969-1970; column 4 holds times: pass --time 4"
    )


@pytest.mark.parametrize("position", [4, "4"])
def test_bitcoin_otc_fractional_unix_seconds_are_kept_exactly(position):
    r = read_log(F / "bitcoinotc.csv", time=position)
    assert r.records == 6 and r.skipped == []
    written = [
        line.split(",")[3] for line in (F / "bitcoinotc.csv").read_text().splitlines() if line
    ]
    assert [d.value for d in r.table["date"]] == [int(Decimal(w) * 10**9) for w in written]
    assert r.table["date"].iloc[0] == ts("2010-11-08 18:45:11.728360")
    # the same instant read back as seconds is the text that was written
    back = [f"{d.value // 10**9}.{d.value % 10**9:09d}".rstrip("0") for d in r.table["date"]]
    assert back == written
    assert rows(r)[-1][:3] == (6, "104", "179")


def test_bitcoin_otc_copy_with_a_header_is_read_by_name():
    r = read_log(F / "bitcoinotc_header.csv", src="SOURCE", dst="target", time="timestamp")
    assert list(r.table.index) == [2, 3, 4, 5]
    assert r.table["date"].iloc[1] == unix("1289241941.53378")
    assert r.extra["columns"] == {"src": "source", "dst": "target", "time": "timestamp"}


def test_email_eu_core_counts_seconds_from_the_start_of_the_study():
    with pytest.raises(DataError) as e:
        read_log(F / "email_eu_core_temporal.txt")
    assert str(e.value) == (
        "email_eu_core_temporal.txt: column 3 does not hold times: read as Unix seconds its "
        "values (0 to 19560) all fall in 1970; if they count seconds from the start of a study, "
        "pass --time-origin with the date it started; else name the time column with --time"
    )
    r = read_log(F / "email_eu_core_temporal.txt", time_origin="2003-10-01")
    assert r.records == 8 and r.skipped == []
    assert rows(r)[:2] == [
        (1, "1", "2", ts("2003-10-01 00:00:00")),
        (2, "3", "4", ts("2003-10-01 00:46:37")),
    ]
    assert r.table["date"].iloc[-1] == ts("2003-10-01") + pd.Timedelta(seconds=19560)
    # an origin with a zone is converted to UTC; fractional seconds count exactly
    p = F / "email_eu_core_temporal.txt"
    shifted = read_log(p, time_origin="2003-10-01T02:00:00+02:00")
    assert list(shifted.table["date"]) == list(r.table["date"])


def test_origin_and_fractional_offsets(tmp_path):
    (tmp_path / "o.txt").write_text("a b 0.5\na b 86400.000001\na b x\n")
    r = read_log(tmp_path / "o.txt", time_origin=pd.Timestamp("2020-01-01"))
    assert list(r.table["date"]) == [
        ts("2020-01-01 00:00:00.5"),
        ts("2020-01-02 00:00:00.000001"),
    ]
    assert r.skipped == [(3, "column 3: 'x' is not a number of seconds (after --time-origin)")]


# ------------------------------------------------------------------------ named columns, formats


def test_call_records_with_channel_and_notes_columns():
    r = read_log(
        F / "cdr_calls.csv",
        src="caller_phone_id",
        dst="receiver_phone_id",
        time="call_timestamp",
        channel="call_type",
        notes="duration_seconds",
    )
    assert r.records == 5 and r.skipped == []
    assert list(r.table.index) == [2, 3, 4, 5, 6]
    assert list(r.table["channel"]) == ["VOICE", "VOICE", "VOICE", "VOICE", "SMS"]
    assert list(r.table["notes"]) == ["245", "410", "180", "520", "45"]
    assert list(r.table["started_by"]) == ["PH-1002", "PH-1001", "PH-1003", "PH-1001", "PH-1010"]
    assert rows(r)[-1] == (6, "PH-1010", "PH-9908", ts("2026-05-28 16:10:00"))


def test_a_started_by_column_and_columns_by_position(tmp_path):
    (tmp_path / "l.csv").write_text(
        "when,a,b,who\n2024-03-02T10:00:00+01:00,ann,bob,bob\n2024-03-03,ann,cy,\n"
    )
    r = read_log(tmp_path / "l.csv", src="a", dst=3, time="1", started_by="WHO")
    assert rows(r) == [
        (2, "ann", "bob", ts("2024-03-02 09:00")),
        (3, "ann", "cy", ts("2024-03-03")),
    ]
    assert list(r.table["started_by"]) == ["bob", ""]


def test_sent_log_needs_its_time_format():
    with pytest.raises(DataError) as e:
        read_log(F / "sent_log.csv", src="from", dst="to", time="timestamp")
    assert str(e.value) == (
        "sent_log.csv: column 'timestamp' holds no time tiegraph can read "
        "(e.g. '20260917-012908'); give its form with --time-format, e.g. '%d.%m.%Y %H:%M'"
    )
    r = read_log(
        F / "sent_log.csv", src="from", dst="to", time="timestamp", time_format="%Y%m%d-%H%M%S"
    )
    assert r.records == 3
    assert rows(r) == [
        (2, "me@example.org", "alex@example.com", ts("2026-09-17 01:29:08")),
        (3, "me@example.org", "jordan@example.com", ts("2026-09-17 01:31:44")),
    ]
    assert r.skipped == [
        (4, "column 'timestamp': '17/09/2026 01:35:12' is not a time of the form '%Y%m%d-%H%M%S'")
    ]


def test_fritzbox_call_list_cp1252_semicolons_sep_hint_and_crlf():
    r = read_log(
        F / "fritzbox_calls.csv",
        src="Eigene Rufnummer",
        dst="name",
        time="Datum",
        notes="Dauer",
        time_format="%d.%m.%y %H:%M",
    )
    assert r.encoding == "cp1252"
    assert r.notes == [
        (None, "read as cp1252"),
        (None, "line 1: 'sep=;' (Excel's separator hint) followed"),
    ]
    assert r.records == 5
    assert rows(r) == [
        (3, "Internet: 12345678", "Jürgen Müller", ts("2012-12-25 17:45")),
        (4, "Internet: 12345678", "Zoë Brandt", ts("2012-12-26 09:02")),
        (7, "Internet: 12345678", "Renée Faßbender", ts("2012-12-28 08:00")),
    ]
    assert list(r.table["notes"]) == ["0:07", "0:35", "1:12"]
    assert r.skipped == [
        (5, "column 'Name' (dst) is empty"),
        (6, "has 6 fields where the header has 7"),
    ]


def test_fritzbox_strict_refuses_at_the_first_bad_row():
    with pytest.raises(DataError) as e:
        read_log(
            F / "fritzbox_calls.csv",
            src="Eigene Rufnummer",
            dst="Name",
            time="Datum",
            time_format="%d.%m.%y %H:%M",
            strict=True,
        )
    assert str(e.value) == "fritzbox_calls.csv:5: column 'Name' (dst) is empty"


def test_linkedin_messages_bom_multiline_quoted_content_and_utc_suffix():
    r = read_log(F / "linkedin_messages.csv", src="from", dst="to", time="date", notes="content")
    assert r.records == 4
    # the second message's text spans lines 3-4; the draft on line 5 has no recipient
    assert list(r.table.index) == [2, 3, 6]
    assert r.skipped == [(5, "column 'TO' (dst) is empty")]
    assert rows(r) == [
        (2, "Ada Quill", "Ben Ostrander", ts("2026-02-15 00:04:28")),
        (3, "Ben Ostrander", "Ada Quill", ts("2026-02-14 22:48:14")),
        (6, "Cy Marsh", "Ada Quill, Ben Ostrander", ts("2026-03-02 10:30:00")),
    ]
    assert r.table.loc[3, "notes"] == "Hey Ada, sure.\nTuesday works."


def test_iso_log_by_name():
    r = read_log(F / "iso.csv", src="from", dst="to", time="timestamp")
    assert rows(r) == [
        (2, "jane@afscme.example", "bob@seiu.example", ts("2024-03-02 15:00")),
        (3, "Bob Lee", "me", ts("2024-03-05")),
    ]


# ---------------------------------------------------------------------------- skipped rows


def test_bad_time_is_skipped_with_its_line_or_refused_when_strict():
    r = read_log(F / "bad_time.csv")
    assert r.records == 2
    assert rows(r) == [(2, "a", "b", ts("2024-03-02"))]
    assert r.skipped == [(3, "column 'time': 'yesterday' is not a time (Unix seconds or ISO 8601)")]
    with pytest.raises(DataError) as e:
        read_log(F / "bad_time.csv", strict=True)
    assert str(e.value) == (
        "bad_time.csv:3: column 'time': 'yesterday' is not a time (Unix seconds or ISO 8601)"
    )


def test_every_kind_of_bad_row_is_skipped_with_its_reason(tmp_path):
    latest = pd.Timestamp.now(tz=UTC).year + 1
    (tmp_path / "l.csv").write_text(
        "src,dst,time\n"
        "ann,bob,2024-01-01\n"  # 2
        ",bob,2024-01-01\n"  # 3
        "ann,,2024-01-01\n"  # 4
        "ann,bob,\n"  # 5
        "ann,bob\n"  # 6
        "ann,bob,2024-01-01,x\n"  # 7
        "ann,bob,2024-01-01,\n"  # 8: a trailing empty field (Excel) is fine
        "ann,ann,2024-01-01\n"  # 9
        "ann,bob,1899-12-31\n"  # 10
        "ann,bob,2999-01-01\n"  # 11
        "ann,bob,-3000000000\n"  # 12
        "\n"
        "ann,bob,soon\n"  # 14
        "ann,bob,1700000000\n"  # 15
    )
    r = read_log(tmp_path / "l.csv")
    assert r.records == 13  # the blank line 13 is not a record
    assert list(r.table.index) == [2, 8, 15]
    assert r.skipped == [
        (3, "column 'src' (src) is empty"),
        (4, "column 'dst' (dst) is empty"),
        (5, "column 'time' (time) is empty"),
        (6, "has 2 fields where the header has 3"),
        (7, "has 4 fields where the header has 3"),
        (9, "the same person on both sides"),
        (10, f"column 'time': '1899-12-31' is outside 1900..{latest}"),
        (11, f"column 'time': '2999-01-01' is outside 1900..{latest}"),
        (12, f"column 'time': '-3000000000' is outside 1900..{latest}"),
        (14, "column 'time': 'soon' is not a time (Unix seconds or ISO 8601)"),
    ]
    assert r.records == len(r.table) + len(r.skipped)
    with pytest.raises(DataError, match=re.escape("l.csv:3: column 'src' (src) is empty")):
        read_log(tmp_path / "l.csv", strict=True)


def test_rows_of_another_width_in_a_headerless_file(tmp_path):
    (tmp_path / "l.txt").write_text(
        "1 2 1099818738\n3 1099933616\n5 2 1100192168 7\n6 7 1100217396\n"
    )
    r = read_log(tmp_path / "l.txt")
    assert list(r.table.index) == [1, 4]
    assert r.skipped == [
        (2, "has 2 fields where the other rows have 3"),
        (3, "has 4 fields where the other rows have 3"),
    ]


# ---------------------------------------------------------------------------- separators, text


@pytest.mark.parametrize(
    ("text", "sep"),
    [
        ("src|dst|time\nann|bob|1700000000\n", "|"),
        ("src;dst;time\nann;bob;1700000000\n", ";"),
        ("src\tdst\ttime\nann\tbob\t1700000000\n", "\t"),
        ("src  dst   time\n ann bob  1700000000 \n", "whitespace"),
        ('src,dst,time\n"Lee, Ann","Bob ""B"" Ray",1700000000\n', ","),
    ],
)
def test_separators_are_sniffed(tmp_path, text, sep):
    (tmp_path / "l.txt").write_text(text)
    r = read_log(tmp_path / "l.txt")
    assert r.extra["sep"] == sep
    assert r.table["date"].tolist() == [unix("1700000000")]
    assert len(r.table) == 1 and r.skipped == []


def test_given_separator_bom_crlf_and_padded_values(tmp_path):
    (tmp_path / "l.csv").write_bytes(
        b"\xef\xbb\xbfFrom ; To ; Time\r\n Ann ; Bob ; 2024-05-01 09:30:00 \r\n"
    )
    r = read_log(tmp_path / "l.csv", src="from", dst="to", sep=";")
    assert rows(r) == [(2, "Ann", "Bob", ts("2024-05-01 09:30"))]
    assert r.encoding == "utf-8"


def test_a_whitespace_log_with_tabs_between_people_and_spaces_after(tmp_path):
    # KONECT's wiki-talk files write "src<TAB>dst weight time"
    (tmp_path / "out.wiki").write_text("% asym positive\n1\t2 1 1099818738\n3\t4 1 1099933616\n")
    r = read_log(tmp_path / "out.wiki", time=4)
    assert r.extra["sep"] == "whitespace"
    assert rows(r) == [(2, "1", "2", unix("1099818738")), (3, "3", "4", unix("1099933616"))]


def test_milliseconds_since_1970_are_recognised(tmp_path):
    (tmp_path / "l.csv").write_text("src,dst,time\nann,bob,1700000000123\nbob,ann,1700000001000\n")
    r = read_log(tmp_path / "l.csv")
    assert r.table["date"].tolist() == [ts("2023-11-14 22:13:20.123"), ts("2023-11-14 22:13:21")]
    assert r.notes == [(None, "column 'time': the numbers are read as milliseconds since 1970")]


# ---------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("name", "kwargs", "message"),
    [
        (
            "iso.csv",
            {},
            "iso.csv:1: has no columns named 'src', 'dst' and 'time' (the header is: from, to, "
            "timestamp); name the columns with --src, --dst and --time",
        ),
        (
            "iso.csv",
            {"src": "from", "dst": "to"},
            "iso.csv:1: missing column(s) 'time' (the header is: from, to, timestamp; name the "
            "columns with --src, --dst and --time, or give positions)",
        ),
        (
            "collegemsg_snap.txt",
            {"src": "from"},
            "collegemsg_snap.txt:1: has no header line, so no column can be found by name "
            "('from'); give positions instead, e.g. --src 1 --dst 2 --time 3",
        ),
        ("collegemsg_snap.txt", {"time": 5}, "collegemsg_snap.txt: --time 5: the file has only 3"),
    ],
)
def test_files_that_are_not_logs_as_asked_give_one_clear_line(name, kwargs, message):
    with pytest.raises(DataError) as e:
        read_log(F / name, **kwargs)
    assert str(e.value).startswith(message)
    assert "\n" not in str(e.value)


def test_two_column_file_and_bad_arguments(tmp_path):
    (tmp_path / "pairs.txt").write_text("1 2\n3 4\n")
    with pytest.raises(DataError, match=r"pairs.txt: has 2 columns; a log needs two people"):
        read_log(tmp_path / "pairs.txt")
    with pytest.raises(ConfigError, match="either --time-format or --time-origin"):
        read_log(tmp_path / "pairs.txt", time_format="%Y", time_origin="2020-01-01")
    with pytest.raises(ConfigError, match="positions start at 1"):
        read_log(tmp_path / "pairs.txt", time=0)
    with pytest.raises(ConfigError, match="not one character"):
        read_log(tmp_path / "pairs.txt", sep="::")
    (tmp_path / "c.txt").write_text("# only a comment\n\n")
    with pytest.raises(DataError, match="has no rows"):
        read_log(tmp_path / "c.txt")


# ---------------------------------------------------------------------------- size and property


@pytest.mark.slow
def test_a_million_rows_read_in_a_few_seconds(tmp_path):
    rng = np.random.default_rng(7)
    n = 1_000_000
    a, b = rng.integers(1, 3000, n), rng.integers(1, 3000, n)
    t = np.sort(rng.integers(1_082_040_961, 1_098_777_142, n))
    text = "\n".join(f"{x} {y} {z}" for x, y, z in zip(a, b, t, strict=True)) + "\n"
    (tmp_path / "big.txt").write_text(text)
    start = clock.perf_counter()
    r = read_log(tmp_path / "big.txt")
    took = clock.perf_counter() - start
    loops = int((a == b).sum())
    assert r.records == n and len(r.skipped) == loops and len(r.table) == n - loops
    assert r.table.index[-1] == n
    assert took < 20, took  # about 1.5 s alone on one core; the machine is shared


NAME = st.text(alphabet="abcXYZ é,;'\"|#-", min_size=0, max_size=6).map(str.strip)
GOOD_TIME = st.one_of(
    st.integers(1_000_000_000, 1_700_000_000).map(str),
    st.tuples(st.integers(1_000_000_000, 1_700_000_000), st.integers(0, 999_999)).map(
        lambda p: f"{p[0]}.{p[1]:06d}"
    ),
    st.datetimes(
        min_value=pd.Timestamp("1950-01-01").to_pydatetime(),
        max_value=pd.Timestamp("2025-01-01").to_pydatetime(),
    ).map(lambda d: d.replace(microsecond=0).isoformat()),
)
BAD_TIME = st.sampled_from(["", "soon", "1899-01-01", "2999-12-31", "12/31/2020 x"])


def expected_date(text: str) -> pd.Timestamp:
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return unix(text)
    return ts(text)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    good=st.lists(st.tuples(NAME, NAME, GOOD_TIME), min_size=1, max_size=12),
    bad=st.lists(st.tuples(NAME, NAME, BAD_TIME), max_size=6),
    order=st.randoms(use_true_random=False),
    duplicate=st.booleans(),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
)
def test_property_counts_add_up_and_good_rows_come_back_as_a_multiset(
    tmp_path_factory, good, bad, order, duplicate, delimiter
):
    if duplicate:
        good = [*good, good[0]]
    records = [(s, d, t, True) for s, d, t in good] + [(s, d, t, False) for s, d, t in bad]
    order.shuffle(records)
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["src", "dst", "time"])
    writer.writerows([r[:3] for r in records])
    path = tmp_path_factory.mktemp("log") / "log.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    expected = Counter(
        (s, d, expected_date(t)) for s, d, t, ok in records if ok and s and d and s != d
    )
    try:
        r = read_log(path)
    except DataError as e:  # only when no row at all has a readable time
        assert not expected and "holds no time" in str(e)
        return
    assert r.records == len(records) == len(r.table) + len(r.skipped)
    got = Counter(map(tuple, r.table[["src", "dst", "date"]].itertuples(index=False)))
    assert got == expected
    assert r.extra["sep"] == delimiter
    assert all(line >= 2 for line, _ in r.skipped)
