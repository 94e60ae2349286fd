"""What a person reads: the demo in an 80-column terminal, tables that never cut an id."""

import re

import tiegraph
from tiegraph.cli import main
from tiegraph.cli._common import Output, header
from tiegraph.summary import strongest_ties


def test_the_demo_fits_80_columns_with_no_cut_id_and_no_raw_column_name(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    tables = [line for line in lines if line[:1] in "┏┃┡│└"]
    assert tables and max(len(line) for line in tables) <= 80  # prose wraps in the terminal
    assert "…" not in out  # nothing cut off with an ellipsis
    # table headers (between the top border and the header rule) hold no raw_column_names
    heads = [line for line in lines if line.startswith("┃")]
    assert heads and not any(re.search(r"\w_\w", h) for h in heads)
    G = tiegraph.load_network(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)
    for pid in strongest_ties(G, n=10)["id"]:
        assert re.search(rf"│ {re.escape(pid)} +│", out), pid  # whole, on one line


def test_a_long_id_is_never_broken_and_text_wraps(capsys):
    out = Output()
    out.console.width = 40
    out.table(["id", "notes"], [("a-very-long-contact-id-2", "word " * 20)])
    text = capsys.readouterr().out
    assert "a-very-long-contact-id-2" in text and "…" not in text


def test_headers_read_as_words():
    assert header("n_interactions") == "interactions"
    assert header("last_contact") == "last contact"
    assert header("introducer_name") == "introducer"
    assert header("weakest_link") == "weakest link"
