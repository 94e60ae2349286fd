"""Lint and types are part of the test suite (ruff, with its complexity rule, and mypy): CI fails
on them like on any broken test."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _ruff() -> list[str]:
    exe = Path(sys.executable).with_name("ruff")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("ruff")
    if found is None:
        pytest.skip("ruff is not installed (pip install -e '.[dev]')")
    return [found]


def test_ruff_check_passes():
    result = subprocess.run(
        [*_ruff(), "check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_passes_on_the_package():
    exe = Path(sys.executable).with_name("mypy")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "mypy"]
    result = subprocess.run(
        [*command, "--no-incremental", "src/tiegraph"], cwd=ROOT, capture_output=True, text=True
    )
    if "No module named mypy" in result.stderr:
        pytest.skip("mypy is not installed (pip install -e '.[dev]')")
    assert result.returncode == 0, result.stdout + result.stderr
