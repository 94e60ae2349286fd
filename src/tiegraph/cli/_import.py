"""``tiegraph import KIND FILE --into FOLDER``: bring the files a user already has."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ..importing import KINDS, ImportReport, import_into
from ._common import Output, add_json

_HELP = {
    "linkedin": "LinkedIn's Connections.csv export",
    "vcard": "a vCard file (.vcf) from a phone or mail program",
    "google": "a Google Contacts CSV export",
    "ics": "a calendar (.ics): meetings become interactions with their attendees",
    "interactions": "a log of two people and a time per row (CSV or whitespace-separated)",
}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``tiegraph import``."""
    p = sub.add_parser("import", help="merge a contacts export, calendar or log into a folder")
    kinds = p.add_subparsers(dest="kind", metavar="KIND", required=True)
    for kind in KINDS:
        k = kinds.add_parser(kind, help=_HELP[kind])
        k.add_argument("file", type=Path, metavar="FILE", help="the file to import")
        k.add_argument(
            "--into",
            dest="folder",
            type=Path,
            required=True,
            metavar="FOLDER",
            help="the network folder (created when missing)",
        )
        k.add_argument("--encoding", help="text encoding of FILE (default UTF-8; e.g. cp1252)")
        if kind == "ics":
            k.add_argument(
                "--me", metavar="EMAIL", help="your email address (default: the one in most events)"
            )
        if kind == "interactions":
            k.add_argument("--me", metavar="VALUE", help="the value that stands for you in the log")
            k.add_argument("--src", default="src", help="column of the first person (default src)")
            k.add_argument("--dst", default="dst", help="column of the second person (default dst)")
            k.add_argument(
                "--time",
                default="time",
                help="column of the time, Unix seconds or ISO 8601 (default time)",
            )
            k.add_argument("--sep", help="separator (default: sniffed; white space if none)")
            k.add_argument(
                "--channel", default="message", help="channel of every row (default message)"
            )
        add_json(k)
        k.set_defaults(func=cmd_import)


def cmd_import(args: argparse.Namespace, out: Output) -> int:
    """Import one file and print what was added, merged and skipped."""
    options = {
        k: getattr(args, k)
        for k in ("me", "src", "dst", "time", "sep", "channel")
        if getattr(args, k, None) is not None
    }
    show = sys.stderr.isatty() and not out.json_mode
    if show:
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=out.err,
            transient=True,
        ) as bar:
            task = bar.add_task("importing", total=None)
            report = import_into(
                args.folder,
                args.kind,
                args.file,
                encoding=args.encoding,
                progress=lambda name: bar.update(task, description=name),
                **options,
            )
    else:
        report = import_into(args.folder, args.kind, args.file, encoding=args.encoding, **options)
    if out.json_mode:
        out.json(report.to_dict())
    else:
        _print(report, out, args.folder)
    return 0


def _print(report: ImportReport, out: Output, folder: Path) -> None:
    out.line(
        f"{Path(report.source).name} -> {folder}: {len(report.added)} added, "
        f"{len(report.merged)} merged into existing contacts, "
        f"{report.interactions_added} interaction(s) added, {len(report.skipped)} skipped",
        style="bold",
    )
    if report.merged:
        out.table(
            ["line", "merged into", "matched on"],
            list(report.merged)[:20],
            title="Merged (same person already in the folder)",
        )
        if len(report.merged) > 20:
            out.line(f"... and {len(report.merged) - 20} more (--json lists all)")
    if report.conflicts:
        out.table(
            ["contact", "column", "kept", "incoming"],
            list(report.conflicts)[:20],
            title="Conflicts (the folder's value was kept)",
        )
    if report.skipped:
        out.table(["line", "why"], list(report.skipped)[:20], title="Skipped")
        if len(report.skipped) > 20:
            out.line(f"... and {len(report.skipped) - 20} more (--json lists all)")
    for note in report.notes:
        out.line(f"note: {note}")
