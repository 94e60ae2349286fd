"""``tiegraph import KIND FILE --into FOLDER``: bring the files a user already has."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ..importing import KINDS, ImportReport, import_into
from ._common import Output, add_json

_HELP = {
    "linkedin": "LinkedIn's Connections.csv, or the whole data export (.zip or its folder)",
    "vcard": "a vCard file (.vcf) from a phone or mail program",
    "google": "a Google Contacts or Outlook CSV export",
    "ics": "a calendar (.ics): meetings become interactions with their attendees",
    "interactions": "a log of two people and a time per row (CSV or whitespace-separated)",
}

#: rows of each list printed before "... and N more (--json lists all)"
_SHOW = 20


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``tiegraph import``."""
    p = sub.add_parser("import", help="merge a contacts export, calendar or log into a folder")
    kinds = p.add_subparsers(dest="kind", metavar="KIND", required=True)
    for kind in KINDS:
        k = kinds.add_parser(kind, help=_HELP[kind], description=_HELP[kind])
        k.add_argument("file", type=Path, metavar="FILE", help="the file to import")
        k.add_argument(
            "--into",
            dest="folder",
            type=Path,
            default=Path(os.environ.get("TIEGRAPH_NETWORK", ".")),
            metavar="FOLDER",
            help="the network folder, created when missing (default: $TIEGRAPH_NETWORK or the "
            "current folder)",
        )
        k.add_argument("--encoding", help="text encoding of FILE (default: detected)")
        k.add_argument(
            "--strict",
            action="store_true",
            help="refuse the whole file on the first record that cannot be read",
        )
        if kind in ("linkedin", "vcard", "google"):
            k.add_argument(
                "--export-date",
                metavar="DATE",
                help="when FILE was exported: a job change it shows ends the former job on this "
                "date (default: today)",
            )
        if kind == "linkedin":
            k.add_argument(
                "--keep-text",
                action="store_true",
                help="copy message text into the folder (default: only who and when)",
            )
        if kind == "ics":
            k.add_argument(
                "--me",
                metavar="EMAIL",
                help="your email address (default: your [owner] emails, else the one in most "
                "events)",
            )
        if kind == "interactions":
            k.add_argument("--me", metavar="VALUE", help="the value that stands for you in the log")
            for name, what, default in (
                ("src", "the first person (who started it)", "src"),
                ("dst", "the second person", "dst"),
                ("time", "the time", "time"),
            ):
                k.add_argument(
                    f"--{name}",
                    default=default,
                    metavar="COLUMN",
                    help=f"column of {what}: a name or a 1-based position (default {default})",
                )
            k.add_argument(
                "--channel",
                dest="channel_column",
                metavar="COLUMN",
                help="column holding each row's channel (a name or a 1-based position)",
            )
            k.add_argument(
                "--notes",
                dest="notes_column",
                metavar="COLUMN",
                help="column holding each row's notes (a name or a 1-based position)",
            )
            k.add_argument(
                "--started-by",
                dest="started_by_column",
                metavar="COLUMN",
                help="column saying who started each interaction (default: the --src side)",
            )
            k.add_argument(
                "--default-channel",
                dest="channel",
                default="message",
                metavar="CHANNEL",
                help="channel of rows without one (default message)",
            )
            k.add_argument(
                "--time-format",
                metavar="FORMAT",
                help="strptime format of the time, e.g. '%%d-%%m-%%Y %%H:%%M:%%S' (default: Unix "
                "seconds or ISO 8601)",
            )
            k.add_argument(
                "--time-origin",
                metavar="DATE",
                help="the time column counts seconds from this date (logs of a study)",
            )
            k.add_argument("--sep", help="separator (default: sniffed; white space if none)")
        add_json(k)
        k.set_defaults(func=cmd_import)


_OPTIONS = (
    "me",
    "src",
    "dst",
    "time",
    "sep",
    "channel",
    "channel_column",
    "notes_column",
    "started_by_column",
    "time_format",
    "time_origin",
    "keep_text",
    "export_date",
)


def cmd_import(args: argparse.Namespace, out: Output) -> int:
    """Import one file and print what was added, merged and skipped."""
    options = {k: getattr(args, k) for k in _OPTIONS if getattr(args, k, None) is not None}
    show = sys.stderr.isatty() and not out.json_mode
    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=out.err,
        transient=True,
        disable=not show,
    )
    with bar:
        task = bar.add_task("importing", total=None)
        report = import_into(
            args.folder,
            args.kind,
            args.file,
            encoding=args.encoding,
            strict=args.strict,
            progress=lambda name: bar.update(task, description=name),
            **options,
        )
    if out.json_mode:
        out.json(report.to_dict())
    else:
        print_report(report, out, args.folder)
    return 0


def _more(out: Output, n: int) -> None:
    if n > _SHOW:
        out.line(f"... and {n - _SHOW} more (--json lists all)")


def summary_line(report: ImportReport, folder: Path) -> str:
    """Return the one-line summary of an import: the counts, which add up."""
    name = Path(report.source).name
    changed = len(report.merged) - report.unchanged
    people = (
        f"{report.records} {'people' if report.kind in ('ics', 'interactions') else 'records'}: "
        f"{len(report.added)} added, {changed} merged into known people, "
        f"{report.unchanged} already known, {len(report.skipped)} skipped"
    )
    if report.kind in ("ics", "interactions") or report.interaction_records:
        people += (
            f"; {report.interaction_records} interactions: {report.interactions_added} added, "
            f"{report.interactions_unchanged} imported before, "
            f"{len(report.interactions_skipped)} skipped"
        )
    return f"{name} -> {folder}: {people}"


def print_report(report: ImportReport, out: Output, folder: Path) -> None:
    """Print an import report: the counts, then merges, changes, skips and notes."""
    out.line(summary_line(report, folder), style="bold")
    if report.encoding not in ("utf-8", "ascii"):
        out.line(f"read as {report.encoding}")
    merged = [m for m in report.merged if m.changed]
    skipped = list(report.skipped) + list(report.interactions_skipped)
    sections: list[tuple[str, list[str], list[tuple[object, ...]]]] = [
        (
            "Merged (the same person)",
            ["line", "merged into", "matched on"],
            [(m.line, m.id, m.how + (" (same file)" if m.within_file else "")) for m in merged],
        ),
        (
            "Updated (a newer export: the old job is kept in affiliations.csv)",
            ["contact", "column", "was", "now"],
            list(report.updates),
        ),
        (
            "Conflicts (the folder's value was kept)",
            ["contact", "column", "kept", "incoming"],
            list(report.conflicts),
        ),
        ("Skipped", ["where", "why"], [(f"{f}:{li}", r) for f, li, r in skipped]),
    ]
    for title, head, rows in sections:
        if rows:
            out.table(head, rows[:_SHOW], title=title)
            _more(out, len(rows))
    if report.relations_added:
        out.line(f"{report.relations_added} relation(s) added to relations.csv")
    for note in report.notes[:_SHOW]:
        out.line(f"note: {note}")
    _more(out, len(report.notes))
