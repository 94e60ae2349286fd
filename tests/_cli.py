"""Helpers of the command-line tests: run a command, read a folder's files, undo byte for byte."""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from tiegraph.cli import main

TODAY = f"{pd.Timestamp.now(tz='UTC'):%Y-%m-%d}"
FUTURE = "2200-01-01"


def run(capsys, *argv) -> tuple[int, str, str]:
    """Run ``tiegraph ARGV``; return its status, standard output and standard error."""
    status = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def data_files(folder: Path) -> dict[str, bytes]:
    """Every file of the folder with its bytes, the journal (.tiegraph/) left out."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".tiegraph" not in p.relative_to(folder).parts
    }


def csv(folder: Path, name: str) -> str:
    """The text of one file of the folder."""
    return (folder / name).read_text(encoding="utf-8")


def folder_by_commands(folder: Path, commands: Iterable[Sequence[str]], capsys) -> Path:
    """Build ``folder`` with writing commands (each given ``--into folder``), with no history."""
    for argv in commands:
        assert main([*argv, "--into", str(folder)]) == 0
    shutil.rmtree(folder / ".tiegraph")
    capsys.readouterr()
    return folder


def assert_undone_byte_for_byte(capsys, folder: Path, argv: Sequence[str]) -> None:
    """``argv`` (ending in ``--into``) changes the folder; ``undo`` takes all of it back."""
    before = data_files(folder)
    status, _, err = run(capsys, *argv, folder)
    assert status == 0, err
    assert data_files(folder) != before
    status, out, err = run(capsys, "undo", folder)
    assert status == 0, err
    assert out.startswith("undid #1 `tiegraph ")
    assert data_files(folder) == before
    assert not (folder / ".tiegraph").exists()  # an empty journal leaves no trace
