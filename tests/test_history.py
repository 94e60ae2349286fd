"""The journal of a network folder (tiegraph.history): what is saved, undo, limits."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from tiegraph import ConfigError, read_folder
from tiegraph import history as H
from tiegraph.history import entries, journaled_write, recording, undo
from tiegraph.io.folder import write_folder

CONTACTS = "id,name\nana,Ana\n"


def data_files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` but the journal, with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".tiegraph" not in p.relative_to(folder).parts
    }


@pytest.fixture
def net(tmp_path: Path) -> Path:
    folder = tmp_path / "net"
    folder.mkdir()
    (folder / "contacts.csv").write_bytes(CONTACTS.encode())
    (folder / "network.toml").write_bytes(b'[owner]\r\nid = "me"\r\n')
    return folder


def test_a_write_outside_a_command_is_not_journaled(net):
    journaled_write(net, {net / "contacts.csv": "id,name\nbob,Bob\n"})
    assert (net / "contacts.csv").read_text() == "id,name\nbob,Bob\n"
    assert not (net / ".tiegraph").exists()
    assert entries(net) == []


def test_the_old_file_is_kept_as_a_hard_link_and_undo_puts_it_back(net):
    old = net / "contacts.csv"
    inode = old.stat().st_ino
    journaled_write(net, {old: "id,name\nbob,Bob\n"}, command="tiegraph edit bob")
    [entry] = entries(net)
    saved = entry.path / "before" / "contacts.csv"
    assert saved.stat().st_ino == inode  # the old inode itself, not a copy
    assert saved.read_text() == CONTACTS
    manifest = json.loads((entry.path / "manifest.json").read_text())
    assert manifest["command"] == "tiegraph edit bob"
    assert manifest["files"] == [
        {
            "name": "contacts.csv",
            "before": H._sha256(CONTACTS.encode()),
            "after": H._sha256(b"id,name\nbob,Bob\n"),
        }
    ]
    assert [e.number for e in undo(net)] == [1]
    assert old.read_text() == CONTACTS
    assert old.stat().st_ino == inode  # the very file that was there
    assert not (net / ".tiegraph").exists()  # nothing left behind


def test_a_created_file_is_removed_by_undo_and_an_unchanged_one_is_not_journaled(net):
    before = data_files(net)
    with recording("tiegraph jobs add"):
        journaled_write(
            net,
            {net / "jobs.csv": "org,title\nSEIU,Organizer\n", net / "contacts.csv": CONTACTS},
        )
    [entry] = entries(net)
    assert [(f.name, f.created) for f in entry.files] == [("jobs.csv", True)]
    assert not (entry.path / "before" / "jobs.csv").exists()
    undo(net)
    assert data_files(net) == before


def test_several_writes_of_one_command_are_one_entry_undone_together(net):
    before = data_files(net)
    with recording("tiegraph import linkedin x.csv"):
        journaled_write(net, {net / "contacts.csv": "id,name\nana,Ana\nbob,Bob\n"})
        journaled_write(
            net,
            {
                net / "contacts.csv": "id,name\nana,Ana\nbob,Bob\ncy,Cy\n",
                net / "interactions.csv": "date,with,channel\n2024-01-02,bob,call\n",
            },
        )
    [entry] = entries(net)
    assert [f.name for f in entry.files] == ["contacts.csv", "interactions.csv"]
    assert entry.files[0].before == H._sha256(CONTACTS.encode())
    undo(net)
    assert data_files(net) == before


def test_a_failed_write_leaves_no_entry_and_no_journal(net, monkeypatch):
    before = data_files(net)

    def fail(files):
        raise OSError("disk full")

    monkeypatch.setattr(H, "atomic_write", fail)
    with pytest.raises(OSError), recording("tiegraph add X"):
        journaled_write(net, {net / "contacts.csv": "id,name\nx,X\n"})
    assert data_files(net) == before
    assert not (net / ".tiegraph").exists()


def test_undo_of_several_steps_goes_back_to_before_the_oldest(net):
    states = [data_files(net)]
    for i in range(3):
        with recording(f"tiegraph step {i}"):
            text = (net / "contacts.csv").read_text() + f"p{i},P{i}\n"
            journaled_write(net, {net / "contacts.csv": text})
        states.append(data_files(net))
    assert [e.command for e in entries(net)] == [
        "tiegraph step 2",
        "tiegraph step 1",
        "tiegraph step 0",
    ]
    assert [e.number for e in undo(net, steps=2)] == [3, 2]
    assert data_files(net) == states[1]
    assert [e.number for e in entries(net)] == [1]
    undo(net)
    assert data_files(net) == states[0]


def test_undo_refuses_after_a_hand_edit_unless_forced(net):
    journaled_write(net, {net / "contacts.csv": "id,name\nbob,Bob\n"}, command="tiegraph edit")
    with (net / "contacts.csv").open("a") as fh:  # edited in place, as an editor might
        fh.write("cy,Cy\n")
    with pytest.raises(ConfigError) as exc:
        undo(net)
    assert str(exc.value) == (
        "contacts.csv was changed (edited by hand?) after `tiegraph edit`; undoing would "
        "lose that; pass --force to undo anyway"
    )
    assert (net / "contacts.csv").read_text() == "id,name\nbob,Bob\ncy,Cy\n"
    assert len(entries(net)) == 1
    undo(net, force=True)
    assert (net / "contacts.csv").read_text() == CONTACTS


def test_undo_refuses_when_a_file_was_deleted_since(net):
    journaled_write(net, {net / "jobs.csv": "org,title\nA,B\n"}, command="tiegraph jobs add")
    (net / "jobs.csv").unlink()
    with pytest.raises(ConfigError, match=r"^jobs.csv was deleted after `tiegraph jobs add`"):
        undo(net)


def test_undo_with_nothing_to_undo_or_too_many_steps(net):
    with pytest.raises(ConfigError, match=r"^nothing to undo in .*net \(its history is empty\)$"):
        undo(net)
    journaled_write(net, {net / "contacts.csv": "id,name\nb,B\n"}, command="tiegraph x")
    with pytest.raises(ConfigError, match=r"^--steps: only 1 command\(s\) can be undone"):
        undo(net, steps=2)
    with pytest.raises(ConfigError, match=r"^--steps: 0 must be at least 1$"):
        undo(net, steps=0)


def test_keep_limits_the_entries_and_zero_keeps_none(net):
    (net / "network.toml").write_text('[owner]\nid = "me"\n\n[history]\nkeep = 2\n')
    for i in range(4):
        journaled_write(net, {net / "contacts.csv": f"id,name\np{i},P{i}\n"}, command=f"c{i}")
    assert [e.number for e in entries(net)] == [4, 3]
    (net / "network.toml").write_text("[history]\nkeep = 0\n")
    journaled_write(net, {net / "contacts.csv": "id,name\nz,Z\n"}, command="c5")
    assert not (net / ".tiegraph").exists()


@pytest.mark.parametrize("value", ["-1", '"ten"', "1.5", "true"])
def test_a_bad_keep_is_a_clear_error(net, value):
    (net / "network.toml").write_text(f"[history]\nkeep = {value}\n")
    with pytest.raises(ConfigError, match=r"^network.toml: \[history\] keep must be a whole"):
        journaled_write(net, {net / "contacts.csv": "id,name\nz,Z\n"}, command="c")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize("mode", [0o700, 0o750])
def test_the_journal_has_the_permissions_of_the_folder(net, mode):
    os.chmod(net, mode)
    journaled_write(net, {net / "contacts.csv": "id,name\nz,Z\n"}, command="c")
    [entry] = entries(net)
    for d in (net / ".tiegraph", net / ".tiegraph" / "history", entry.path, entry.path / "before"):
        assert stat.S_IMODE(d.stat().st_mode) == mode, d


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_new_folder_gets_the_usual_mode_and_its_journal_the_same(tmp_path):
    umask = os.umask(0o022)
    try:
        new = tmp_path / "new"
        journaled_write(new, {new / "contacts.csv": CONTACTS}, command="tiegraph add Ana")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o755
    assert stat.S_IMODE((new / ".tiegraph" / "history").stat().st_mode) == 0o755


def test_write_folder_journals_under_a_command_and_only_then(net):
    data = read_folder(net)
    write_folder(data, net)  # the Python API: no journal
    assert not (net / ".tiegraph").exists()
    before = data_files(net)
    new = data.replace(contacts=data.contacts.assign(name=["Ana Lima"]))
    write_folder(new, net, command="python: rename")
    [entry] = entries(net)
    assert entry.command == "python: rename"
    assert [f.name for f in entry.files] == ["contacts.csv"]
    undo(net)
    assert data_files(net) == before


def test_history_entries_are_numbered_on_after_pruning_and_read_as_dicts(net):
    journaled_write(net, {net / "contacts.csv": "id,name\nb,B\n"}, command="tiegraph a")
    journaled_write(net, {net / "jobs.csv": "org,title\nA,B\n"}, command="tiegraph b")
    newest = entries(net)[0].to_dict()
    assert newest["number"] == 2
    assert newest["command"] == "tiegraph b"
    assert newest["files"] == [
        {
            "name": "jobs.csv",
            "before": None,
            "after": H._sha256(b"org,title\nA,B\n"),
            "created": True,
        }
    ]
