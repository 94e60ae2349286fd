import re
from pathlib import Path

import pandas as pd
import pytest

from tiegraph import DataError, read_log

F = Path(__file__).parent / "fixtures"


def test_reads_a_snap_style_whitespace_log_with_unix_seconds():
    log = read_log(F / "log_snap.txt")
    assert list(log.index) == [2, 3, 4, 5, 6]
    assert list(log["src"]) == ["1", "3", "1", "2", "me"]
    assert log["date"].iloc[0] == pd.Timestamp(1082040961, unit="s", tz="UTC")


def test_reads_a_csv_log_with_iso_times_and_named_columns():
    log = read_log(F / "log_iso.csv", src="from", dst="to", time="timestamp")
    assert list(log["dst"]) == ["bob@seiu.example", "me"]
    assert list(log["date"]) == [
        pd.Timestamp("2024-03-02 15:00", tz="UTC"),
        pd.Timestamp("2024-03-05", tz="UTC"),
    ]


def test_a_log_without_header_is_read_by_position(tmp_path):
    (tmp_path / "l.tsv").write_text("a\tb\t1700000000\nb\tc\t1700000100\n")
    log = read_log(tmp_path / "l.tsv")
    assert list(log.index) == [1, 2] and list(log["dst"]) == ["b", "c"]


@pytest.mark.parametrize(
    ("name", "kwargs", "msg"),
    [
        (
            "log_bad_time.csv",
            {},
            "log_bad_time.csv:3: column 'time': 'yesterday' is not a time "
            "(Unix seconds or ISO 8601)",
        ),
        (
            "log_iso.csv",
            {},
            "log_iso.csv:1: has no columns named 'src', 'dst' and 'time' (the header is: from, to, "
            "timestamp); name the columns with --src, --dst and --time",
        ),
        (
            "log_iso.csv",
            {"src": "from", "dst": "to"},
            "log_iso.csv:1: missing column(s) 'time' (the header is: from, to, timestamp; name the "
            "columns with --src, --dst and --time)",
        ),
    ],
)
def test_bad_logs_give_one_clear_line(name, kwargs, msg):
    with pytest.raises(DataError, match=re.escape(msg)):
        read_log(F / name, **kwargs)
