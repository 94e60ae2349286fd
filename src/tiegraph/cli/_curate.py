"""Commands that curate a network folder: edit, rm, intro, orgs, target, jobs, undo, history.

Every one of them writes through :func:`tiegraph.io.folder.write_folder` (or,
for ``network.toml``, :func:`tiegraph.history.journaled_write`), so each is
journaled and ``tiegraph undo`` takes it back byte for byte.

Three command lines share a first word with an analysis command; argparse
cannot tell them apart, so :func:`rewrite_argv` names a hidden sub-command:

- ``tiegraph jobs add|rm|list ...`` (``tiegraph jobs [FOLDER]`` lists job leads);
- ``tiegraph intro A --by C [--to B]`` records an introduction (``tiegraph
  intro --org X`` finds introduction chains): the ``--by`` option decides;
- ``tiegraph orgs alias NAME ALIAS...`` (``tiegraph orgs [FOLDER]`` lists them).

The commands on one contact (edit, rm, intro) live in
:mod:`tiegraph.cli._contacts`, those on organisations (orgs, orgs alias,
target) in :mod:`tiegraph.cli._orgs`; this module registers them with jobs
add|rm|list, undo and history.
"""

from __future__ import annotations

import argparse

from .. import schema as S
from ..exceptions import ConfigError
from ..history import entries, undo
from ..io.folder import format_dates, read_folder, write_folder
from . import _contacts, _orgs
from ._common import Output, add_folder, add_json, add_rows, day, job_line, parse_date

__all__ = ["amend_parsers", "register", "rewrite_argv"]

#: Options of ``edit`` whose value may start with "-" (remove one value).
_LIST_OPTIONS = ("--email", "--phone", "--url", "--tags")
_JOBS_WORDS = ("add", "rm", "list")


def rewrite_argv(argv: list[str]) -> list[str]:
    """Name the hidden sub-command of a command line that shares its first word.

    Examples
    --------
    >>> rewrite_argv(["jobs", "add", "--org", "SEIU", "--title", "Organizer"])
    ['jobs add', '--org', 'SEIU', '--title', 'Organizer']
    >>> rewrite_argv(["jobs", "net"])
    ['jobs', 'net']
    >>> rewrite_argv(["intro", "jane-doe", "--by", "bob-lee"])
    ['intro record', 'jane-doe', '--by', 'bob-lee']
    >>> rewrite_argv(["edit", "jane-doe", "--tags", "-old,+new"])
    ['edit', 'jane-doe', '--tags=-old,+new']
    """
    if not argv:
        return argv
    first, rest = argv[0], argv[1:]
    if first == "jobs" and rest and rest[0] in _JOBS_WORDS:
        return [f"jobs {rest[0]}", *rest[1:]]
    if first == "orgs" and rest and rest[0] == "alias":
        return ["orgs alias", *rest[1:]]
    if first == "intro" and any(a == "--by" or a.startswith("--by=") for a in rest):
        return ["intro record", *rest]
    if first == "edit":
        out = [first]
        i = 0
        while i < len(rest):
            arg = rest[i]
            if arg in _LIST_OPTIONS and i + 1 < len(rest) and rest[i + 1].startswith("-"):
                out.append(f"{arg}={rest[i + 1]}")  # "--email -old@x.org": a value, not an option
                i += 2
                continue
            out.append(arg)
            i += 1
        return out
    return argv


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register edit, rm, intro (record), orgs, target, jobs add|rm|list, undo and history."""
    _contacts.register(sub)
    _orgs.register(sub)

    p = sub.add_parser("jobs add", description="Add a job posting to jobs.csv.")
    p.add_argument("--org", required=True, help="the organisation")
    p.add_argument("--title", required=True, help="the position")
    p.add_argument("--url", default="", help="the posting's address")
    p.add_argument("--location", default="", help="where")
    p.add_argument("--posted", default=None, metavar="DATE", help="when it was posted")
    p.add_argument(
        "--status", choices=S.JOB_STATUSES, default="", help="where your application stands"
    )
    add_folder(p, positional=False)
    p.set_defaults(func=cmd_jobs_add)

    p = sub.add_parser("jobs rm", description="Remove job posting number N (tiegraph jobs list).")
    p.add_argument("number", type=int, metavar="N", help="the posting's number")
    add_folder(p, positional=False)
    p.set_defaults(func=cmd_jobs_rm)

    p = sub.add_parser("jobs list", description="List the job postings of jobs.csv, numbered.")
    add_folder(p, positional=False)
    add_json(p)
    p.set_defaults(func=cmd_jobs_list)

    p = sub.add_parser(
        "undo",
        help="undo the last writing command(s), leaving the files exactly as before",
    )
    add_folder(p)
    p.add_argument(
        "--steps", type=int, default=1, metavar="N", help="undo the last N commands (default 1)"
    )
    p.add_argument(
        "--force", action="store_true", help="undo even files edited by hand since (loses that)"
    )
    add_json(p)
    p.set_defaults(func=cmd_undo)

    p = sub.add_parser("history", help="the writing commands that can be undone, newest first")
    add_folder(p)
    add_json(p)
    p.set_defaults(func=cmd_history)


def amend_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Mention the curation forms in the help of the analysis commands that share their word."""
    notes = {
        "jobs": "To keep the postings: tiegraph jobs add --org X --title Y [--url --location "
        "--posted], tiegraph jobs list, tiegraph jobs rm N.",
        "intro": 'To record an introduction ("C introduced A to B"): '
        "tiegraph intro A --by C [--to B] [--date --context].",
    }
    for name, note in notes.items():
        parser = sub.choices.get(name)
        if parser is not None:
            parser.epilog = note


# ---------------------------------------------------------------------------
# jobs add | rm | list


def cmd_jobs_add(args: argparse.Namespace, out: Output) -> int:
    """Append one posting to jobs.csv."""
    data = read_folder(args.folder)
    org, title = args.org.strip(), args.title.strip()
    if not org or not title:
        raise ConfigError("--org and --title: a posting needs both")
    posted = day(parse_date(args.posted, "--posted")) if args.posted else ""
    row = {
        S.ORG: org,
        S.TITLE: title,
        S.LOCATION: args.location,
        S.URL: args.url,
        S.POSTED: posted,
        S.STATUS: args.status,
    }
    jobs = add_rows(args.folder, data, S.JOBS, [row])
    out.line(f"added job #{len(jobs)}: {title} at {org}")
    return 0


def cmd_jobs_rm(args: argparse.Namespace, out: Output) -> int:
    """Remove the posting numbered N in ``tiegraph jobs list``."""
    data = read_folder(args.folder)
    jobs = data.jobs
    line = job_line(data, args.number)
    org, title = str(jobs.at[line, S.ORG]), str(jobs.at[line, S.TITLE])
    write_folder(data.replace(jobs=jobs.drop(index=line)), args.folder, tables=(S.JOBS,))
    out.line(f"removed job #{args.number}: {title} at {org}")
    return 0


def cmd_jobs_list(args: argparse.Namespace, out: Output) -> int:
    """List the postings of jobs.csv in file order, numbered for ``jobs rm``."""
    data = read_folder(args.folder)
    jobs = data.jobs
    posted = format_dates(jobs[S.POSTED]).tolist()
    rows = [
        {
            "number": i,
            S.ORG: r[S.ORG],
            S.TITLE: r[S.TITLE],
            S.LOCATION: r[S.LOCATION],
            S.URL: r[S.URL],
            S.POSTED: posted[i - 1],
            S.STATUS: r[S.STATUS],
        }
        for i, (_, r) in enumerate(jobs.iterrows(), start=1)
    ]
    if out.json_mode:
        out.json(rows)
    elif not rows:
        out.line(f"No job postings in {args.folder} (add one: tiegraph jobs add --org --title).")
    else:
        out.table(
            ["#", "org", "title", "location", "url", "posted", "status"],
            [list(r.values()) for r in rows],
            title=f"Job postings in {S.JOBS.file}",
            justify=["right", "left", "left", "left", "left", "left", "left"],
        )
    return 0


# ---------------------------------------------------------------------------
# undo and history


def cmd_undo(args: argparse.Namespace, out: Output) -> int:
    """Undo the last N writing commands."""
    done = undo(args.folder, args.steps, force=args.force)
    if out.json_mode:
        out.json([e.to_dict() for e in done])
        return 0
    for e in done:
        files = ", ".join(f.name for f in e.files)
        out.line(f"undid #{e.number} `{e.command}` ({files})")
    return 0


def cmd_history(args: argparse.Namespace, out: Output) -> int:
    """List the journal, newest first."""
    journal = entries(args.folder)
    if out.json_mode:
        out.json([e.to_dict() for e in journal])
        return 0
    if not journal:
        out.line(f"No history in {args.folder}: nothing to undo.")
        return 0
    out.table(
        ["#", "time", "command", "files changed"],
        [
            (
                e.number,
                f"{e.time.astimezone():%Y-%m-%d %H:%M}",
                e.command,
                ", ".join(f.name + (" (new)" if f.created else "") for f in e.files),
            )
            for e in journal
        ],
        title=f"History of {args.folder}, newest first (tiegraph undo takes back #"
        f"{journal[0].number})",
        justify=["right", "left", "left", "left"],
    )
    return 0
