"""Nothing lost, nothing broken (issue 15): one minimal file per case, and a bounded fuzz run.

Each test writes the smallest input that showed a hole -- a folder without
contacts.csv, an unbalanced quote, a note over 128 KiB, a NUL past 8 KiB, a
date in 1700, a formula, an id with a slash, two writers at once -- and
checks the promise exactly. The last tests run the fuzz harness of
``bench/fuzz.py`` on a few inputs of every importer and of the folder.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest
from _fuzz import run_folder, run_import
from fuzz_strategies import IMPORTERS, folders
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tiegraph
from tiegraph import schema as S
from tiegraph._lock import LOCK_FILE, folder_lock, holds_lock
from tiegraph.cli import environment_message, main
from tiegraph.exceptions import ConfigError, DataError
from tiegraph.importing import import_into
from tiegraph.io import _text
from tiegraph.io.folder import (
    neutralize_formulas,
    read_folder,
    read_or_new_folder,
    restore_formulas,
    write_folder,
)

PYTHON = sys.executable
RUN_CLI = "import sys; from tiegraph.cli import main; sys.exit(main(sys.argv[1:]))"
LI_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def li_row(first: str, last: str, org: str = "Acme", date: str = "09 Feb 2024") -> str:
    return f"{first},{last},https://www.linkedin.com/in/{first.lower()},,{org},Eng,{date}\n"


def cli(*args: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main([str(a) for a in args])
    return status, out.getvalue(), err.getvalue()


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of the folder, the journal in .tiegraph/ included, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def net(tmp_path: Path) -> Path:
    """A small valid folder: two contacts, one interaction."""
    folder = tmp_path / "net"
    folder.mkdir()
    (folder / "contacts.csv").write_text("id,name,org\nann-lee,Ann Lee,Acme\nbob-ray,Bob Ray,\n")
    (folder / "interactions.csv").write_text(
        "date,with,by,channel,notes\n2024-01-05,ann-lee,,call,\n"
    )
    (folder / "introductions.csv").write_text("person,met_through,to,date,context\n")
    return folder


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- a folder is new only when it does not exist or is empty ----------------------------------


@pytest.mark.parametrize("how", ["deleted", "dangling link"])
@pytest.mark.parametrize("command", ["add", "import", "log"])
def test_a_folder_without_contacts_csv_is_refused_not_taken_for_new(net, tmp_path, how, command):
    (net / "contacts.csv").unlink()
    if how == "dangling link":
        (net / "contacts.csv").symlink_to(tmp_path / "gone.csv")
    before = snapshot(net)
    src = write(tmp_path / "in.csv", LI_HEADER + li_row("Cy", "Ng"))
    args = {
        "add": ["add", "Cy Ng", "--into", net],
        "import": ["import", "linkedin", src, "--into", net],
        "log": ["log", "ann-lee", "--channel", "call", "--into", net],
    }[command]
    status, _, err = cli(*args)
    assert status == 1
    assert err.count("\n") == 1 and "contacts.csv" in err
    assert snapshot(net) == before
    message = (
        "contacts.csv: is missing, but the folder holds introductions.csv, interactions.csv: "
        "restore contacts.csv (nothing was written, so nothing is lost)"
    )
    with pytest.raises(DataError, match=re.escape(message)):
        read_or_new_folder(net) if how == "deleted" else import_into(net, "linkedin", src)


def test_an_empty_or_missing_folder_is_new(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert read_or_new_folder(empty).contacts.empty
    assert read_or_new_folder(tmp_path / "missing").contacts.empty
    assert cli("add", "Cy Ng", "--into", tmp_path / "missing")[0] == 0
    assert read_folder(tmp_path / "missing").contacts[S.ID].tolist() == ["cy-ng"]


def test_a_refused_import_into_a_new_folder_leaves_no_folder_behind(tmp_path):
    src = write(tmp_path / "log.csv", "just one column\nx\n")
    status, _, err = cli("import", "interactions", src, "--into", tmp_path / "a" / "b" / "net")
    assert status == 1 and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.csv"]


# --- every failure is one line: the environment --------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["add", "Cy Ng", "--into", "{file}"],
        ["import", "linkedin", "{src}", "--into", "{file}"],
        ["check", "{file}"],
        ["log", "ann-lee", "--channel", "call", "--into", "{file}"],
    ],
)
def test_a_folder_that_is_a_file_is_one_line(tmp_path, args):
    file = write(tmp_path / "afile", "x\n")
    src = write(tmp_path / "in.csv", LI_HEADER + li_row("Cy", "Ng"))
    status, _, err = cli(*[a.format(file=file, src=src) for a in args])
    assert status == 1
    assert err.count("\n") == 1
    assert "afile" in err and ("is a file" in err or "not a network folder" in err)
    assert file.read_text() == "x\n"


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EFBIG, "a file-size limit stopped the write"),
        (errno.EACCES, "permission denied"),
        (errno.EROFS, "the file system is read-only"),
    ],
)
def test_an_environment_error_while_writing_is_one_line_and_changes_nothing(
    net, monkeypatch, code, words
):
    before = snapshot(net)

    def failing_fsync(fd: int) -> None:
        raise OSError(code, os.strerror(code))  # as os.fsync raises it: no file name

    monkeypatch.setattr(_text.os, "fsync", failing_fsync)
    status, _, err = cli("add", "Cy Ng", "--into", net)
    assert status == 1
    assert err == f"error: {net / 'contacts.csv'}: {words}" + err[err.index(words) + len(words) :]
    assert err.count("\n") == 1 and err.endswith("(nothing was changed)\n")
    assert snapshot(net) == before  # no temporary file, no journal entry


def test_environment_message_names_the_path_and_what_to_do():
    exc = PermissionError(errno.EACCES, "Permission denied", "net/contacts.csv")
    assert environment_message(exc) == (
        "net/contacts.csv: permission denied; check the permissions of the folder and its "
        "files (nothing was changed)"
    )
    assert environment_message(OSError(errno.ENOTDIR, "Not a directory", "a/network.toml")) == (
        "a/network.toml: a part of the path is a file, not a folder (nothing was changed)"
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_FSIZE is Linux's")
def test_a_real_file_size_limit_is_one_line_and_changes_nothing(net):
    before = snapshot(net)
    code = textwrap.dedent(
        f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))
        from tiegraph.cli import main
        sys.exit(main(["add", "Cy Ng", "--notes", "x" * 5000, "--into", {str(net)!r}]))
        """
    )
    done = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1, done.stderr
    assert "a file-size limit stopped the write" in done.stderr
    assert snapshot(net) == before


def test_a_terminal_that_cannot_show_a_name_gets_an_escape_not_a_traceback(net):
    assert cli("add", "Zoë Ünal", "--into", net)[0] == 0
    done = subprocess.run(
        [PYTHON, "-c", RUN_CLI, "log", "zoe-unal", "--channel", "call", "--into", str(net)],
        capture_output=True,
        text=True,
        encoding="ascii",
        errors="strict",
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("with Zo\\xeb \\xdcnal (zoe-unal)\n")
    assert done.stderr == ""


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_one_line(net):
    before = snapshot(net)
    net.chmod(0o555)
    try:
        status, _, err = cli("add", "Cy Ng", "--into", net)
    finally:
        net.chmod(0o755)
    assert status == 1 and err.count("\n") == 1 and "permission" in err
    assert snapshot(net) == before


# --- no silent loss, no padding in foreign files -------------------------------------------------


def test_an_unbalanced_quote_in_linkedin_skips_only_its_line(tmp_path):
    src = write(
        tmp_path / "Connections.csv",
        LI_HEADER
        + 'Ann,Lee,https://www.linkedin.com/in/ann,,"Acme,Eng,09 Feb 2024\n'
        + li_row("Bob", "Ray")
        + li_row("Cy", "Ng"),
    )
    r = tiegraph.read_linkedin(src)
    assert list(r.table.index) == [3, 4]
    assert r.skipped == [
        (
            2,
            "a quoted field opened on this line is not closed on it (an unbalanced quote "
            "swallowed 2 lines that look like rows)",
        )
    ]
    report = import_into(tmp_path / "net", "linkedin", src)
    assert report.records == 3 and len(report.added) == 2 and len(report.skipped) == 1


def test_an_unbalanced_quote_in_a_log_skips_only_its_line(tmp_path):
    src = write(
        tmp_path / "log.csv", 'src,dst,time\na,"b,1500000000\nc,d,1500000001\ne,f,1500000002\n'
    )
    r = tiegraph.read_log(src)
    assert list(r.table.index) == [3, 4]
    assert [li for li, _ in r.skipped] == [2]
    assert "unbalanced quote" in r.skipped[0][1]


def test_a_row_swallowed_by_a_quote_is_found_even_when_it_opens_a_field_of_its_own(tmp_path):
    src = write(
        tmp_path / "Connections.csv",
        LI_HEADER
        + 'Bob,Ray,https://www.linkedin.com/in/bob,,Bolt,"say ""hi"""",09 Feb 2024\n'
        + 'Cy,Ng,https://www.linkedin.com/in/cy,,Acme,"two\n'
        + 'lines",09 Feb 2024\n',
    )
    r = tiegraph.read_linkedin(src)
    assert list(r.table.index) == [3]
    assert r.table.loc[3, S.TITLE] == "two lines"  # a title is one line in the folder
    assert [li for li, _ in r.skipped] == [2]


@pytest.mark.parametrize(
    "row",
    [
        'Ann,Lee,https://www.linkedin.com/in/ann,,"Acme\n",Eng,09 Feb 2024\n',
        '"An\nn",Lee,https://www.linkedin.com/in/ann,,Acme,Eng,09 Feb 2024\n',
    ],
)
def test_a_field_ending_or_starting_a_line_is_still_one_record(tmp_path, row):
    r = tiegraph.read_linkedin(write(tmp_path / "Connections.csv", LI_HEADER + row))
    assert list(r.table.index) == [2] and r.skipped == []


@pytest.mark.parametrize(
    "first",
    [
        # a BEGIN:VCALENDAR inside an event (two lines swapped)
        "UID:a\nBEGIN:VEVENT\nBEGIN:VCALENDAR\nDTSTART:20240105T150000Z\nEND:VEVENT\n",
        # an alarm never closed
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nDTSTART:20240105T150000Z\n"
        "ORGANIZER:mailto:me@x.org\nATTENDEE:mailto:a@x.org\nBEGIN:VALARM\nEND:VEVENT\n",
    ],
)
def test_a_calendar_component_left_open_swallows_no_later_event(tmp_path, first):
    later = (
        "BEGIN:VEVENT\nUID:b\nDTSTART:20240105T150000Z\nORGANIZER:mailto:me@x.org\n"
        "ATTENDEE:mailto:b@x.org\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    src = write(tmp_path / "c.ics", first + later)
    r = tiegraph.read_ics(src, until=pd.Timestamp("2025-01-01", tz="UTC"))
    line = first.count("\n") + 1
    assert line in set(r.table.index)
    assert r.records == len(r.table) + len(r.skipped) == 2


@pytest.mark.parametrize("text", ["# only a comment", "\n\n# a comment\n# another", "sep=;"])
def test_a_log_of_comments_without_a_last_line_break_is_refused_not_a_hang(tmp_path, text):
    with pytest.raises(DataError, match=re.escape("has no rows (only blank or comment lines)")):
        tiegraph.read_log(write(tmp_path / "log.csv", text))


def test_a_row_after_a_damaged_first_line_of_a_small_log_is_recovered(tmp_path):
    src = write(tmp_path / "log.csv", '"x,,1500000000\n"a","b",1500000001\nme,ann,"1500000002\n')
    r = tiegraph.read_log(src)
    assert list(r.table.index) == [2]
    assert [li for li, _ in r.skipped] == [1, 3]


def test_a_note_over_several_lines_is_still_one_record(tmp_path):
    src = write(
        tmp_path / "Connections.csv",
        LI_HEADER + 'Ann,Lee,https://www.linkedin.com/in/ann,,Acme,"Eng\nand more",09 Feb 2024\n',
    )
    r = tiegraph.read_linkedin(src)
    assert list(r.table.index) == [2] and r.skipped == []


def test_short_and_long_rows_are_reported_not_padded(tmp_path):
    src = write(
        tmp_path / "Connections.csv",
        LI_HEADER
        + li_row("Ann", "Lee")
        + "Bob,Ray,https://www.linkedin.com/in/bob,,Bolt\n"
        + li_row("Cy", "Ng").rstrip("\n")
        + ",extra\n",
    )
    r = tiegraph.read_linkedin(src)
    assert list(r.table.index) == [2]
    assert r.skipped == [
        (3, "has 5 fields where the header has 7"),
        (4, "has 8 fields where the header has 7"),
    ]
    report = import_into(tmp_path / "net", "linkedin", src)
    assert report.records == len(report.added) + len(report.merged) + len(report.skipped) == 3


@pytest.mark.parametrize(
    ("contacts", "message"),
    [
        (
            'id,name,notes\nann,"Ann\nLee",\nbob,Bob,\n',
            "contacts.csv:2: a quoted field opened on this line is not closed on it (an "
            "unbalanced quote column 'name' cannot span lines)",
        ),
        (
            'id,name,notes\nann,Ann,"start\nbob,Bob,x\ncy,Cy,y"\n',
            "contacts.csv:2: a quoted field opened on this line is not closed on it (an "
            "unbalanced quote swallowed 1 line that looks like a row)",
        ),
    ],
)
def test_the_folder_names_the_line_of_an_unbalanced_quote(tmp_path, contacts, message):
    folder = tmp_path / "net"
    folder.mkdir()
    write(folder / "contacts.csv", contacts)
    assert [str(p) for p in tiegraph.check_folder(folder)] == [message]
    with pytest.raises(DataError) as caught:
        tiegraph.load_network(folder)
    assert str(caught.value) == message


def test_the_folder_reads_notes_over_several_lines(tmp_path):
    folder = tmp_path / "net"
    folder.mkdir()
    write(folder / "contacts.csv", 'id,name,notes\nann,Ann,"two\nlines"\nbob,Bob,\n')
    assert tiegraph.check_folder(folder) == []
    assert read_folder(folder).contacts[S.NOTES].tolist() == ["two\nlines", ""]


# --- what an import writes, every command can read ----------------------------------------------


def test_a_vcard_note_over_128_kib_with_a_line_break_reads_back(tmp_path):
    note = "x" * 140_000 + "\\nmore"
    src = write(
        tmp_path / "c.vcf", f"BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nNOTE:{note}\nEND:VCARD\n"
    )
    import_into(tmp_path / "net", "vcard", src)
    assert tiegraph.check_folder(tmp_path / "net") == []
    assert read_folder(tmp_path / "net").contacts[S.NOTES].iloc[0] == "x" * 140_000 + "\nmore"
    tiegraph.load_network(tmp_path / "net")


def test_a_cell_over_the_field_limit_is_refused_before_writing(net):
    data = read_folder(net)
    data.contacts.loc[2, S.NOTES] = "x" * (_text.MAX_FIELD_CHARS + 1)
    before = snapshot(net)
    with pytest.raises(DataError, match="is longer than 16,777,216 characters"):
        write_folder(data, net)
    assert snapshot(net) == before


def test_an_organisation_of_thousands_of_words_is_cut_on_import_and_refused_in_a_folder(tmp_path):
    org = " ".join(["word"] * 3000)
    src = write(tmp_path / "c.vcf", f"BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nORG:{org}\nEND:VCARD\n")
    import_into(tmp_path / "net", "vcard", src)
    [kept] = read_folder(tmp_path / "net").contacts[S.ORG]
    assert len(kept) == 300 and kept.endswith("…") and org.startswith(kept[:-1])
    tiegraph.introducers(tiegraph.load_network(tmp_path / "net"), kept)  # in reasonable time
    folder = tmp_path / "hand"
    folder.mkdir()
    write(folder / "contacts.csv", f"id,name,org\nann,Ann,{org}\n")
    assert [str(p) for p in tiegraph.check_folder(folder)] == [
        "contacts.csv:2: column 'org': is longer than 300 characters, the most a name, "
        "organisation, title, location or label may hold"
    ]


def test_a_nul_past_the_first_8_kib_is_removed_on_import(tmp_path):
    src = write(
        tmp_path / "c.vcf",
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nNOTE:" + "y" * 9000 + "\x00z\x07\nEND:VCARD\n",
    )
    import_into(tmp_path / "net", "vcard", src)
    text = (tmp_path / "net" / "contacts.csv").read_bytes()
    assert b"\x00" not in text and b"\x07" not in text and b"yz" in text
    assert tiegraph.check_folder(tmp_path / "net") == []


def test_control_characters_are_removed_from_every_cell_written(net):
    data = read_folder(net)
    data.contacts.loc[2, S.NAME] = "Ann\x00 \x1bLee\nJr"
    data.contacts.loc[3, S.NOTES] = "a\r\nb\x7f"
    write_folder(data, net)
    back = read_folder(net).contacts
    assert back[S.NAME].tolist() == ["Ann Lee Jr", "Bob Ray"]  # a name never spans lines
    assert back[S.NOTES].tolist() == ["", "a\nb"]


def test_a_log_row_dated_1700_is_skipped_and_a_folder_one_is_reported(tmp_path):
    src = write(tmp_path / "log.csv", "src,dst,time\nme,ann,1700-01-01\nme,ann,2020-01-01\n")
    report = import_into(tmp_path / "new", "interactions", src, me="me")
    assert report.interactions_added == 1
    assert [(f, li) for f, li, _ in report.interactions_skipped] == [("log.csv", 2)]
    folder = tmp_path / "net"
    folder.mkdir()
    write(folder / "contacts.csv", "id,name\nann,Ann\n")
    write(folder / "interactions.csv", "date,with,channel\n1700-01-01,ann,call\n")
    message = (
        "interactions.csv:2: column 'date': '1700-01-01' is outside the dates tiegraph reads "
        "(1900-01-01 to a year from now, "
    )
    [problem] = tiegraph.check_folder(folder)
    assert str(problem).startswith(message)
    with pytest.raises(DataError) as caught:
        tiegraph.load_network(folder)
    assert str(caught.value) == str(problem)


def test_a_log_row_dated_2099_is_skipped_as_in_the_future(tmp_path):
    src = write(tmp_path / "log.csv", "src,dst,time\nme,ann,2099-01-01\nme,ann,2020-01-01\n")
    report = import_into(tmp_path / "net", "interactions", src, me="me")
    assert report.interactions_added == 1
    [(_, line, why)] = report.interactions_skipped
    assert line == 2 and why.startswith("column 'time': '2099-01-01' is outside 1900..")
    assert tiegraph.check_folder(tmp_path / "net") == []


@pytest.mark.parametrize("connected", ["01 Jan 1700", "01 Jan 2099"])
def test_a_connected_on_date_outside_the_range_is_left_out_with_a_note(tmp_path, connected):
    src = write(tmp_path / "Connections.csv", LI_HEADER + li_row("Ann", "Lee", date=connected))
    report = import_into(tmp_path / "net", "linkedin", src)
    assert len(report.added) == 1
    assert report.notes == (
        f"Connections.csv:2: Connected On {connected!r} is outside the dates tiegraph reads "
        "(1900 to a year from now); left out",
    )
    assert read_folder(tmp_path / "net").contacts[S.SINCE].isna().all()


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[strength]\nhalf_life_days = -1\n", "[strength] half_life_days must be positive, not -1"),
        ("[strength]\nsaturation = 0\n", "[strength] saturation must be positive, not 0"),
        ("[strength]\nsaturation = nan\n", "[strength] saturation must be a number, not nan"),
        ("[strength]\nfoo = 1\n", "unknown [strength] key(s) foo (known: "),
        ("[history]\nkeep = -1\n", "[history] keep must be a whole number of at least 0, not -1"),
        ('[owner]\nid = "a/b"\n', "[owner] id 'a/b' is not a valid id (an id is letters"),
    ],
)
def test_check_refuses_the_settings_the_commands_refuse(net, toml, message):
    write(net / "network.toml", toml)
    [problem] = tiegraph.check_folder(net)
    assert str(problem).startswith(f"network.toml: {message}")
    with pytest.raises(ConfigError) as caught:
        tiegraph.load_network(net) if "history" not in toml else cli_raise(net)
    assert message in str(caught.value)


def cli_raise(net: Path) -> None:
    """Run what a writing command runs on the settings (the journal's keep)."""
    from tiegraph.history import keep_setting

    keep_setting(net)


# --- importing twice changes nothing -----------------------------------------------------------


def test_fractional_unix_seconds_are_kept_and_a_second_import_adds_nothing(tmp_path):
    src = write(tmp_path / "log.csv", "src,dst,time\nme,ann,1500000000.5\nme,bob,1500000001.25\n")
    first = import_into(tmp_path / "net", "interactions", src, me="me")
    assert first.interactions_added == 2
    text = (tmp_path / "net" / "interactions.csv").read_text()
    assert "2017-07-14T02:40:00.5Z" in text and "2017-07-14T02:40:01.25Z" in text
    again = import_into(tmp_path / "net", "interactions", src, me="me")
    assert (again.interactions_added, again.interactions_unchanged) == (0, 2)


def test_repeated_categories_are_one_tag_and_a_second_import_changes_nothing(tmp_path):
    src = write(
        tmp_path / "c.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nCATEGORIES:a,a\nEND:VCARD\n"
    )
    import_into(tmp_path / "net", "vcard", src)
    assert read_folder(tmp_path / "net").contacts[S.TAGS].tolist() == ["a"]
    before = snapshot(tmp_path / "net")
    import_into(tmp_path / "net", "vcard", src)
    assert {k: v for k, v in snapshot(tmp_path / "net").items() if ".tiegraph" not in k} == {
        k: v for k, v in before.items() if ".tiegraph" not in k
    }


def test_people_without_keys_or_organisation_are_not_added_twice(tmp_path):
    src = write(
        tmp_path / "Connections.csv",
        "First Name,Last Name,Company,Position,Connected On\n"
        "Ann,Lee,,Eng,09 Feb 2024\nAnn,Lee,,Eng,09 Feb 2024\nBob,Ray,,,\n",
    )
    first = import_into(tmp_path / "net", "linkedin", src)
    assert [i for _, i in first.added] == ["ann-lee", "bob-ray"]
    assert [(m.line, m.id, m.within_file) for m in first.merged] == [(3, "ann-lee", True)]
    second = import_into(tmp_path / "net", "linkedin", src)
    assert second.added == () and not any(m.changed for m in second.merged)


def test_one_person_twice_with_two_organisations_is_a_conflict_every_time(tmp_path):
    src = write(
        tmp_path / "c.vcf",
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nTEL:+14155550100\nORG:Acme\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nTEL:+14155550100\nORG:Bolt\nEND:VCARD\n",
    )
    import_into(tmp_path / "net", "vcard", src)
    before = (tmp_path / "net" / "contacts.csv").read_bytes()
    second = import_into(tmp_path / "net", "vcard", src)
    assert (tmp_path / "net" / "contacts.csv").read_bytes() == before
    assert second.updates == () and second.conflicts == (("ann-lee", "org", "Acme", "Bolt"),)


def test_a_relation_named_over_two_lines_is_not_added_again(tmp_path):
    src = write(
        tmp_path / "c.vcf",
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nEMAIL:ann@x.org\n"
        "X-ABRELATEDNAMES;TYPE=spouse:Bob\\nRay\nEND:VCARD\n",
    )
    import_into(tmp_path / "net", "vcard", src)
    relations = read_folder(tmp_path / "net").relations
    assert relations[S.RELATED_NAME].tolist() == ["Bob Ray"]
    before = (tmp_path / "net" / "relations.csv").read_bytes()
    assert import_into(tmp_path / "net", "vcard", src).relations_added == 0
    assert (tmp_path / "net" / "relations.csv").read_bytes() == before


# --- formulas ----------------------------------------------------------------------------------


def test_a_linkedin_formula_is_stored_as_text_and_read_back_unchanged(tmp_path):
    src = write(
        tmp_path / "Connections.csv",
        LI_HEADER
        + 'Ann,Lee,https://www.linkedin.com/in/ann,,"=HYPERLINK(""http://evil"",""x"")",'
        + "@SUM(1+1),09 Feb 2024\n",
    )
    import_into(tmp_path / "net", "linkedin", src)
    text = (tmp_path / "net" / "contacts.csv").read_text()
    assert '"\'=HYPERLINK(""http://evil"",""x"")",\'@SUM(1+1),' in text
    back = read_folder(tmp_path / "net").contacts
    assert back[S.ORG].tolist() == ['=HYPERLINK("http://evil","x")']
    assert back[S.TITLE].tolist() == ["@SUM(1+1)"]


def test_numbers_and_phone_numbers_are_written_as_they_are(net):
    data = read_folder(net)
    data.contacts[S.PHONE] = ["+14155550123", "+1 (415) 555-0123"]
    data.contacts[S.NOTES] = ["-5", "+1.5e3"]
    write_folder(data, net)
    text = (net / "contacts.csv").read_text()
    assert "+14155550123" in text and ",+1 (415) 555-0123," in text and ",-5" in text
    assert "'" not in text


@given(st.lists(st.text(st.characters(blacklist_categories=("Cs",))), max_size=6))
def test_formula_neutralisation_round_trips(cells):
    values = pd.Series(cells, dtype=object)
    written = neutralize_formulas(values)
    assert restore_formulas(written).tolist() == cells
    for cell in written:
        risky = cell[:1] in ("=", "+", "-", "@", "\t", "\r")
        assert (
            not risky
            or cell.lstrip("+-").replace(".", "").replace(" ", "").isdigit()
            or (cell[:1] in "+-" and set(cell[1:]) <= set("0123456789 ()./-eE+"))
        )


# --- ids ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["../../x", "a/b", "..", "a b", "-x"])
def test_add_refuses_an_id_that_is_not_a_slug(net, bad):
    before = snapshot(net)
    status, _, err = cli("add", "Cy Ng", f"--id={bad}", "--into", net)
    assert status == 1 and err.count("\n") == 1
    assert f"--id: {bad!r}" in err
    assert snapshot(net) == before


def test_check_reports_ids_and_aliases_that_are_not_slugs(tmp_path):
    folder = tmp_path / "net"
    folder.mkdir()
    write(folder / "contacts.csv", "id,name,aliases\n../../x,X,\na/b,Y,\n..,Z,\nok,W,a/c\n")
    problems = [str(p) for p in tiegraph.check_folder(folder)]
    rule = "an id is letters, digits, '-', '_' and '.', starting with a letter or a digit"
    assert [p.split(" is not a valid id")[0] for p in problems] == [
        "contacts.csv:2: column 'id': '../../x'",
        "contacts.csv:3: column 'id': 'a/b'",
        "contacts.csv:4: column 'id': '..'",
        "contacts.csv:5: column 'aliases': 'a/c'",
    ]
    assert all(rule in p for p in problems)


# --- concurrent writers ------------------------------------------------------------------------


def test_a_second_writer_waits_for_the_lock_and_says_so(net):
    with folder_lock(net):
        assert (net / LOCK_FILE).exists() and holds_lock(net)
        waiter = subprocess.Popen(
            [PYTHON, "-c", RUN_CLI, "log", "bob-ray", "--channel", "call", "--into", str(net)],
            stderr=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        # the other command starts, finds the lock taken, says so and waits
        line = waiter.stderr.readline()
        assert line == f"waiting for another tiegraph command writing {net}...\n"
        assert waiter.poll() is None
        write_folder(read_folder(net), net)  # this process writes while holding the lock
    _, err = waiter.communicate(timeout=120)
    assert waiter.returncode == 0, err
    assert read_folder(net).interactions[S.WITH].tolist() == ["ann-lee", "bob-ray"]
    assert not (net / LOCK_FILE).exists()


def test_two_processes_writing_at_once_lose_no_row(net):
    code = textwrap.dedent(
        """
        import contextlib, io, sys
        from tiegraph.cli import main
        who, folder = sys.argv[1], sys.argv[2]
        for i in range(6):
            with contextlib.redirect_stderr(io.StringIO()):
                assert main(["log", who, "--channel", "call", "--note", f"{who} {i}",
                             "--into", folder]) == 0
        """
    )
    procs = [
        subprocess.Popen([PYTHON, "-c", code, who, str(net)], stderr=subprocess.PIPE, text=True)
        for who in ("ann-lee", "bob-ray")
    ]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    notes = read_folder(net).interactions[S.NOTES].tolist()
    assert sorted(notes) == sorted(
        [""] + [f"{w} {i}" for w in ("ann-lee", "bob-ray") for i in range(6)]
    )


def test_the_commands_named_as_read_only_or_creating_exist():
    import argparse

    from tiegraph.cli import CREATING_COMMANDS, READ_ONLY_COMMANDS, build_parser

    def funcs(parser: argparse.ArgumentParser) -> set[str]:
        found = {getattr(parser.get_default("func"), "__name__", "")}
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    found |= funcs(sub)
        return found - {""}

    names = funcs(build_parser())
    assert READ_ONLY_COMMANDS <= names and CREATING_COMMANDS <= names
    assert {"cmd_log", "cmd_edit", "cmd_undo", "cmd_merge"} <= names - READ_ONLY_COMMANDS


def test_writing_what_was_read_before_another_write_is_refused(net):
    stale = read_folder(net)
    assert cli("add", "Cy Ng", "--into", net)[0] == 0
    after = snapshot(net)
    changed = stale.replace(contacts=stale.contacts.assign(**{S.ORG: "Bolt"}))
    with pytest.raises(DataError, match="changed since this command read it"):
        write_folder(changed, net)
    assert snapshot(net) == after
    fresh = read_folder(net)
    write_folder(fresh, net)  # what was read after the write may be written
    write_folder(fresh, net)  # and written twice by one process


# --- tracebacks the first fuzz run found, each as a minimal file ---------------------------------


@pytest.mark.parametrize(
    ("kind", "name", "text"),
    [
        ("linkedin", "Connections.csv", "First Name,Last Name,Company,Company\nAnn,Lee,A,B\n"),
        (
            "google",
            "contacts.csv",
            "First Name,Last Name,First Name,E-mail 1 - Value\nA,L,X,a@x.org\n",
        ),
        ("google", "contacts.csv", "First Name,Middle Name,Last Name,E-mail 1 - Value\n"),
        (
            "vcard",
            "c.vcf",
            "BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Ann =C3\n"
            "EMAIL:a@x.org\nEND:VCARD\n",
        ),
        (
            "vcard",
            "c.vcf",
            "BEGIN:VCARD\nVERSION:2.1\nFN;ENCODING=BASE64:QW5\nEMAIL:a@x.org\nEND:VCARD\n",
        ),
        ("interactions", "log.csv", "src,dst,time\nme,a,1677-09-21\nme,b,2020-01-01\n"),
        ("interactions", "log.csv", "src,dst,time\nme,a,9999999999999\nme,b,1500000000\n"),
        ("interactions", "log.csv", "src,dst,time\nme,a,inf\nme,b,1500000000\n"),
        (
            "ics",
            "c.ics",
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:1\nDTSTART:16010101T000000Z\n"
            "ORGANIZER:mailto:me@x.org\nATTENDEE:mailto:a@x.org\nEND:VEVENT\nEND:VCALENDAR\n",
        ),
    ],
)
def test_inputs_that_raised_tracebacks_import_or_refuse_in_one_line(tmp_path, kind, name, text):
    src = write(tmp_path / name, text)
    options = (
        {"me": "me@x.org"} if kind == "ics" else {"me": "me"} if kind == "interactions" else {}
    )
    report = import_into(tmp_path / "net", kind, src, **options)
    report.check()
    assert tiegraph.check_folder(tmp_path / "net") == []
    tiegraph.load_network(tmp_path / "net")


def test_an_icalendar_error_is_one_line_naming_the_file(tmp_path):
    src = write(
        tmp_path / "c.ics", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:2020\x00\nEND:VCALENDAR\n"
    )
    status, _, err = cli("import", "ics", src, "--into", tmp_path / "net", "--me", "me@x.org")
    assert err.count("\n") <= 1 and "Traceback" not in err
    assert status in (0, 1)


# --- a bounded fuzz run ------------------------------------------------------------------------

_FEW = settings(
    max_examples=4,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize("kind", sorted(IMPORTERS))
def test_fuzzed_imports_keep_every_promise(tmp_path_factory, kind):
    @_FEW
    @given(IMPORTERS[kind])
    def one(inp):
        outcome = run_import(inp, tmp_path_factory.mktemp(kind))
        assert not outcome.bad, f"{inp.describe()}: {outcome.detail}"

    one()


@_FEW
@given(folders())
def test_fuzzed_folders_keep_every_promise(tmp_path_factory, ff):
    outcome = run_folder(ff, tmp_path_factory.mktemp("folder"))
    assert not outcome.bad, f"{ff.describe()}: {outcome.detail}"


def test_a_relation_named_past_the_name_limit_is_not_added_again(tmp_path):
    # fuzz finding: the folder stores the name cut at 300 characters; a second import compared
    # the whole name against the cut one and added the relation again
    long = "Bob " + "x" * 400
    src = write(
        tmp_path / "c.vcf",
        f"BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nEMAIL:ann@x.org\n"
        f"X-ABRELATEDNAMES;TYPE=spouse:{long}\nEND:VCARD\n",
    )
    import_into(tmp_path / "net", "vcard", src)
    (name,) = read_folder(tmp_path / "net").relations[S.RELATED_NAME]
    assert len(name) == 300 and name.endswith("…") and name.startswith("Bob xxx")
    before = (tmp_path / "net" / "relations.csv").read_bytes()
    assert import_into(tmp_path / "net", "vcard", src).relations_added == 0
    assert (tmp_path / "net" / "relations.csv").read_bytes() == before


def _folder_with(tmp_path: Path, contacts: str) -> Path:
    net = tmp_path / "net"
    net.mkdir()
    (net / "contacts.csv").write_text("id,name,email,phone\n" + contacts)
    (net / "network.toml").write_text('[owner]\nid = "me"\nname = "Me"\n')
    return net


def test_a_name_with_a_digit_is_a_name_and_a_shared_phone_does_not_merge_it(tmp_path):
    # fuzz finding: any digit made a name "no name", so it matched everyone sharing a key
    net = _folder_with(tmp_path, "ann-lee,Ann Lee,,+14155550100\n")
    src = write(
        tmp_path / "c.vcf", "BEGIN:VCARD\nFN:Front desk 2\nTEL:+1 415 555 0100\nEND:VCARD\n"
    )
    report = import_into(net, "vcard", src)
    assert report.added == ((1, "front-desk-2"),) and report.merged == ()
    assert report.notes == (
        "c.vcf: line 1: shares a key with ann-lee but the names differ: kept apart",
    )


def test_a_row_goes_to_the_known_person_sharing_most_keys(tmp_path):
    # fuzz finding: two known people shared one phone; a re-import took the first, not the one
    # sharing both phones and the name, so every re-import moved a row to someone else
    net = _folder_with(
        tmp_path,
        "ann-x-org,ann@x.org,,+14155550100\nbo-ray,Bo Ray,,+14155550100;+14155550199\n",
    )
    src = write(
        tmp_path / "c.vcf",
        "BEGIN:VCARD\nFN:Bo Ray\nTEL:+1 415 555 0100\nTEL:+1 415 555 0199\nEND:VCARD\n",
    )
    report = import_into(net, "vcard", src)
    assert [(m.line, m.id) for m in report.merged] == [(1, "bo-ray")]


def test_a_relation_naming_the_person_themself_stays_pending_on_a_second_import(tmp_path):
    # fuzz finding: a card related to its own name was left pending on the first import and
    # linked to itself on the second (each import changed relations.csv)
    src = write(
        tmp_path / "c.vcf",
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nEMAIL:ann@x.org\n"
        "X-ABRELATEDNAMES;TYPE=spouse:Ann Lee\nEND:VCARD\n",
    )
    import_into(tmp_path / "net", "vcard", src)
    before = (tmp_path / "net" / "relations.csv").read_bytes()
    assert before.endswith(b"ann-lee,,Ann Lee,spouse,vcard\n")
    import_into(tmp_path / "net", "vcard", src)
    assert (tmp_path / "net" / "relations.csv").read_bytes() == before


def test_a_row_of_one_empty_quoted_field_is_listed_not_passed_over(tmp_path):
    # fuzz finding: a CSV writer writes a record of one empty field as "" (a blank line is
    # nothing); it was passed over like a blank line, neither read nor listed
    src = write(
        tmp_path / "c.csv",
        'First Name,Last Name,E-mail 1 - Value\n""\n\n  \nAnn,Lee,ann@x.org\n',
    )
    reading = tiegraph.read_google(src)
    assert list(reading.table.index) == [5]  # line 3 is empty: nothing; line 4 holds spaces
    assert reading.skipped == [
        (2, "has 1 fields where the header has 3"),
        (4, "has 1 fields where the header has 3"),
    ]


def test_a_phone_spanning_lines_in_a_short_outlook_row_does_not_swallow_the_next_row(tmp_path):
    # fuzz finding: Outlook writes rows shorter than the header; a quote left open in such a
    # row's phone swallowed the next (short) row into the phone, a line nothing mentioned
    header = "First Name,Last Name,Business Phone,Business Phone 2,Notes,E-mail Address,Company"
    src = write(
        tmp_path / "c.csv",
        f'{header}\nAnn,Lee,555-0100,"555-0101\nBob,Ray\nx",,ann@x.org\n',
    )
    reading = tiegraph.read_google(src)
    assert reading.skipped == [
        (
            2,
            "a quoted field opened on this line is not closed on it (an unbalanced quote "
            "column 'Business Phone 2' cannot span lines)",
        ),
        (3, "has 2 fields where the header has 7"),
        (4, "has 3 fields where the header has 7"),
    ]
    assert reading.records == 3 and reading.table.empty  # each line said, none swallowed


def test_a_note_whose_second_line_is_quotes_is_read_back(write_folder):
    # fuzz finding: a vCard note "aA" + line break + '""' is written '"aA\n"""""'; the folder
    # reader took that closing line, read with the rows after it, for an unbalanced quote that
    # swallowed a row, and refused the folder the import had just written
    net = write_folder(
        {
            "contacts.csv": "id,name,org,title,email,phone,url,tags,closeness,direct,since,source,"
            'notes\nann,Ann,,,,,,,,,,vcard,"aA\n"""""\n'
            'acme-inc,"Acme, Inc. fz2",zero,J,fz2@example.org,,,a;b,,,,vcard,\n'
            'fz3,fz3,,T,,,,a;b,,,,vcard,"Acme, Inc."\n',
            "network.toml": '[owner]\nid = "me"\nname = "Me"\n',
        }
    )
    assert tiegraph.check_folder(net) == []
    assert read_folder(net).contacts[S.NOTES].tolist() == ['aA\n""', "", "Acme, Inc."]


def test_a_record_cut_off_by_the_end_of_the_file_gives_back_the_lines_it_took_in(tmp_path):
    # fuzz finding: a quote left open on the last two of three rows reached the end of the file;
    # the second row was reported as not valid CSV and the third, taken into it, was lost
    src = write(
        tmp_path / "log.csv",
        '"e,p3,1181763923,fz0\n"e,p3,1181763923,fz0\nAnn Lee,bob,1555879160,fz1\n',
    )
    reading = tiegraph.read_log(src)
    assert reading.skipped == [
        (
            1,
            "a quoted field opened on this line is not closed on it (an unbalanced quote "
            "swallowed 1 line that looks like a row)",
        ),
        (2, "not valid CSV (unexpected end of data)"),
    ]
    assert list(reading.table.index) == [3]
    assert reading.records == 3
