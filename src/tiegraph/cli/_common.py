"""Shared pieces of the command line: arguments, output, loading."""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .. import schema as S
from ..build import load_network
from ..dates import to_timestamp
from ..exceptions import ConfigError, NotFoundError
from ..io.folder import NetworkData, table_from_rows, write_folder
from ..keys import split_list

__all__ = [
    "Output",
    "add_as_of",
    "add_folder",
    "add_json",
    "add_rows",
    "append_rows",
    "contact_line",
    "day",
    "default_folder",
    "job_line",
    "json_default",
    "load_graph",
    "parse_date",
    "resolve_contact",
    "resolve_folder",
    "today",
]


#: The environment variable naming the network folder when a command is given none.
FOLDER_ENV = "TIEGRAPH_NETWORK"


def add_folder(parser: argparse.ArgumentParser, *, positional: bool = True) -> None:
    """Add the network folder argument: an optional positional ``FOLDER``, or ``--into``.

    Either way it may be left out: :func:`resolve_folder` then takes
    ``$TIEGRAPH_NETWORK``, or else the current folder when it is a network folder.
    """
    where = f"default: ${FOLDER_ENV}, else the current folder"
    if positional:
        parser.add_argument(
            "folder",
            metavar="FOLDER",
            nargs="?",
            type=Path,
            default=None,
            help=f"the network folder ({where})",
        )
    else:
        parser.add_argument(
            "--into",
            dest="folder",
            metavar="FOLDER",
            type=Path,
            default=None,
            help=f"the network folder ({where})",
        )


def default_folder() -> Path:
    """Return the network folder of a command given none.

    ``$TIEGRAPH_NETWORK`` when set, else the current folder when it holds
    ``contacts.csv`` or ``network.toml``.

    Raises
    ------
    ConfigError
        Neither: the one-line message says how to name a folder.
    """
    env = os.environ.get(FOLDER_ENV, "").strip()
    if env:
        return Path(env)
    here = Path(".")
    if (here / S.CONTACTS.file).exists() or (here / S.SETTINGS_FILE).exists():
        return here
    raise ConfigError(
        f"no network folder: name one (FOLDER or --into FOLDER), set ${FOLDER_ENV}, "
        "or run tiegraph inside a network folder"
    )


def resolve_folder(args: argparse.Namespace) -> None:
    """Set ``args.folder`` to :func:`default_folder` when a command taking a folder got none."""
    if hasattr(args, "folder") and args.folder is None:
        args.folder = default_folder()


def add_json(parser: argparse.ArgumentParser) -> None:
    """Add ``--json``: print machine-readable JSON instead of tables."""
    parser.add_argument("--json", action="store_true", help="print JSON for other tools")


def add_as_of(parser: argparse.ArgumentParser) -> None:
    """Add ``--as-of DATE`` (default today)."""
    parser.add_argument(
        "--as-of", metavar="DATE", default=None, help="compute as of this date (default: today)"
    )


def load_graph(args: argparse.Namespace) -> nx.Graph:
    """Load the graph of ``args.folder`` as of ``args.as_of`` (today when absent)."""
    return load_network(args.folder, as_of=getattr(args, "as_of", None))


def json_default(value: Any) -> Any:
    """Turn timestamps, NumPy scalars, sets and NaN into JSON values."""
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.isoformat()
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if value is pd.NaT:
        return None
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _clean_nan(obj: Any) -> Any:
    if isinstance(obj, float) and math.isnan(obj):
        return None
    if isinstance(obj, dict):
        return {k: _clean_nan(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_clean_nan(v) for v in obj]
    if obj is pd.NaT:
        return None
    return obj


class Output:
    """Where a command prints: rich tables for people, or JSON for tools.

    All user text is printed as plain text (never as rich markup), so a
    contact named ``[bold]`` prints as written.
    """

    def __init__(self, json: bool = False, file: Any = None) -> None:
        self.json_mode = json
        self.console = Console(file=file or sys.stdout, highlight=False, soft_wrap=True)
        self.err = Console(file=sys.stderr, highlight=False, soft_wrap=True)

    def error(self, message: str) -> None:
        """Print an error line to standard error."""
        self.err.print(Text(f"error: {message}", style="bold red"))

    def warn(self, message: str) -> None:
        """Print a warning line to standard error."""
        self.err.print(Text(f"warning: {message}", style="yellow"))

    def line(self, text: str = "", style: str | None = None) -> None:
        """Print a line of plain text (not in JSON mode)."""
        if not self.json_mode:
            self.console.print(Text(text, style=style or ""))

    def heading(self, text: str) -> None:
        """Print a section heading (not in JSON mode)."""
        if not self.json_mode:
            self.console.print()
            self.console.print(Text(text, style="bold underline"))

    def table(
        self,
        columns: Sequence[str],
        rows: Iterable[Sequence[Any]],
        *,
        title: str | None = None,
        justify: Sequence[str] | None = None,
        optional: Sequence[str] = (),
    ) -> None:
        """Print a table of plain-text cells (not in JSON mode).

        An id is never cut or broken (it is what you type next); other text
        wraps at spaces, or folds inside a long word, and is never cut off
        with an ellipsis. When the table is wider than the terminal, the
        ``optional`` columns are left out, in that order, until it fits.
        """
        if self.json_mode:
            return
        cells = [[_cell(v) for v in row] for row in rows]
        keep = list(range(len(columns)))
        drop = [columns.index(c) for c in optional if c in columns]
        while True:
            table = self._table(columns, cells, keep, title, justify)
            if not drop or self._width(table) <= self.console.width:
                break
            keep.remove(drop.pop(0))
        self.console.print(table)

    def _width(self, table: Table) -> int:
        """Return how wide ``table`` prints on this console."""
        with self.console.capture() as cap:
            self.console.print(table)
        return max((len(line) for line in cap.get().splitlines()), default=0)

    @staticmethod
    def _table(
        columns: Sequence[str],
        cells: list[list[str]],
        keep: list[int],
        title: str | None,
        justify: Sequence[str] | None,
    ) -> Table:
        table = Table(title=title, title_justify="left", show_lines=False)
        for i in keep:
            col = columns[i]
            values = [r[i] for r in cells if i < len(r)]
            is_id = _looks_like_id(col, values)
            table.add_column(
                header(col),
                justify=(justify[i] if justify else "left"),  # type: ignore[arg-type]
                overflow="fold",
                no_wrap=is_id,
                min_width=max(map(len, values), default=0)
                if is_id
                else min(14, max(map(len, header(col).split()), default=0)),
            )
        for row in cells:
            table.add_row(*(Text(row[i]) for i in keep if i < len(row)))
        return table

    def frame(
        self,
        df: pd.DataFrame,
        *,
        title: str | None = None,
        max_rows: int | None = None,
        optional: Sequence[str] = (),
    ) -> None:
        """Print a DataFrame as a table (not in JSON mode); see :meth:`table`."""
        shown = df if max_rows is None else df.head(max_rows)
        justify = [
            "right" if pd.api.types.is_numeric_dtype(shown[c]) else "left" for c in shown.columns
        ]
        counts = [
            c
            for c in shown.columns
            if pd.api.types.is_integer_dtype(shown[c])
            or (c in _WHOLE and pd.api.types.is_numeric_dtype(shown[c]))
        ]
        shown = shown.assign(
            **{c: shown[c].map(lambda v: "" if pd.isna(v) else str(round(v))) for c in counts}
        )
        self.table(
            [str(c) for c in shown.columns],
            shown.itertuples(index=False),
            title=title,
            justify=justify,
            optional=optional,
        )

    def json(self, obj: Any) -> None:
        """Print ``obj`` as JSON (always: a command calls this only in JSON mode)."""
        if isinstance(obj, pd.DataFrame):
            obj = obj.to_dict("records")
        text = json.dumps(_clean_nan(obj), default=json_default, ensure_ascii=False, indent=2)
        sys.stdout.write(text + "\n")


#: Column names of the API's tables, as a person reads them.
HEADERS = {
    "n_interactions": "interactions",
    "last_contact": "last contact",
    "first_contact": "first contact",
    "introducer_name": "introducer",
    "contact_name": "contact",
    "days_quiet": "days quiet",
    "peak_strength": "peak",
    "organisation": "organisation",
}


#: Numeric columns shown as whole numbers (counts, hops, days).
_WHOLE = frozenset({"hops", "reaches", "n_interactions", "days_quiet", "interactions", "n"})


def header(name: str) -> str:
    """Return a column name as a person reads it (``last_contact`` -> ``last contact``)."""
    return HEADERS.get(name, name.replace("_", " "))


def _looks_like_id(column: str, values: Sequence[str]) -> bool:
    if column in (
        "id",
        "contact",
        "introducer",
        "person",
        "a",
        "b",
        "merged into",
    ) or column.endswith("_id"):
        return all(" " not in v for v in values)
    return False


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if value is pd.NA:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)


def parse_date(value: str | None, option: str = "--date") -> pd.Timestamp:
    """Return the date of an option (today when None); a future date is refused.

    A writing command refuses what the analysis would refuse: an event
    dated after now (see :func:`tiegraph.io.folder.validate`).
    """
    try:
        when = to_timestamp(value)
    except ConfigError:
        raise ConfigError(f"{option}: {value!r} is not a date (use YYYY-MM-DD)") from None
    now = pd.Timestamp.now(tz="UTC")
    if when > now:
        raise ConfigError(
            f"{option}: {value!r} is in the future (today is {now:%Y-%m-%d}); "
            "record only what has happened"
        )
    return when


def resolve_contact(data: NetworkData, wanted: str) -> str:
    ids = data.contacts[S.ID]
    if wanted in set(ids) or wanted == data.settings.owner_id:
        return wanted
    for pid, aliases in zip(ids, data.contacts[S.ALIASES], strict=True):
        if wanted in split_list(aliases):
            return str(pid)  # an id merged into this contact
    choices = dict(zip(ids, data.contacts[S.NAME], strict=True))
    by_name = [i for i, n in choices.items() if n.casefold() == wanted.casefold()]
    if len(by_name) == 1:
        return by_name[0]
    labels = [*choices, *choices.values()]
    owners = [*choices, *choices]
    near = process.extract(wanted, labels, scorer=fuzz.WRatio, limit=6, score_cutoff=60)
    suggestions = list(dict.fromkeys(owners[i] for _, _, i in near))[:3]
    raise NotFoundError("contact", wanted, suggestions)


def contact_line(data: NetworkData, wanted: str) -> tuple[str, int]:
    """Return the id and line of the contact ``wanted`` names (not the owner)."""
    pid = resolve_contact(data, wanted)
    lines = data.contacts.index[data.contacts[S.ID] == pid]
    if not len(lines):
        raise ConfigError(f"{pid!r} is you (the owner); change your name in network.toml [owner]")
    return pid, int(lines[0])


def job_line(data: NetworkData, number: int, option: str = "N") -> int:
    """Return the line of the posting numbered ``number`` in ``tiegraph jobs list``."""
    jobs = data.jobs
    if not 1 <= number <= len(jobs):
        raise ConfigError(
            f"{option}: there is no job #{number} ({S.JOBS.file} has {len(jobs)}; "
            "see tiegraph jobs list)"
        )
    return int(jobs.index[number - 1])


def append_rows(table: S.Table, df: pd.DataFrame, rows: list[dict[str, str]]) -> pd.DataFrame:
    """Return ``df`` with ``rows`` appended, numbered as the lines after its last."""
    start = int(df.index.max()) + 1 if len(df) else 2
    new = table_from_rows(table, rows, list(range(start, start + len(rows))))
    return pd.concat([df, new]) if len(df) else new


def add_rows(
    folder: Path, data: NetworkData, table: S.Table, rows: list[dict[str, str]]
) -> pd.DataFrame:
    """Append ``rows`` to one table of the folder and write it; return the table as written."""
    new = append_rows(table, data.table(table), rows)
    write_folder(data.replace(**{table.name: new}), folder, tables=(table,))
    return new


def day(ts: pd.Timestamp) -> str:
    """Return a timestamp's day as written in a table (``YYYY-MM-DD``)."""
    return f"{ts:%Y-%m-%d}"


def today() -> pd.Timestamp:
    """Return today's date (UTC midnight)."""
    return pd.Timestamp.now(tz="UTC").normalize()
