"""Shared fixtures: the bundled sample network, and small folders written inline."""

from __future__ import annotations

import os
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import settings

import tiegraph

# The property tests draw the same examples on every run ("ci", the default), so a test run
# passes or fails the same way on every machine; TIEGRAPH_HYPOTHESIS=explore draws new ones
# (bench/fuzz.py is the long exploration).
settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("TIEGRAPH_HYPOTHESIS", "ci"))


@pytest.fixture(scope="session")
def sample_folder() -> Path:
    return tiegraph.sample_folder()


@pytest.fixture(scope="session")
def sample_graph() -> nx.Graph:
    """The sample network as of SAMPLE_AS_OF (do not modify it in a test)."""
    return tiegraph.load_network(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)


@pytest.fixture
def write_folder(tmp_path):
    """Write a network folder from {file name: CSV text}; return its path."""

    def write(files: dict[str, str], name: str = "net") -> Path:
        folder = tmp_path / name
        folder.mkdir()
        for file, text in files.items():
            (folder / file).write_text(text, encoding="utf-8")
        return folder

    return write
