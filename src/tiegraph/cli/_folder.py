"""Commands on the network folder itself: demo, check, add, log."""

from __future__ import annotations

import argparse
import time

import pandas as pd

from .. import schema as S
from ..build import load_network
from ..channels import known_channels
from ..exceptions import ConfigError
from ..ids import id_problem, unique_id
from ..io.folder import (
    check_folder,
    read_folder,
    read_or_new_folder,
    table_from_rows,
    write_folder,
)
from ..sample import SAMPLE_AS_OF, sample_folder
from ..summary import network_summary, strongest_ties
from ._common import Output, add_folder, add_json, parse_date, resolve_contact


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register demo, check, add and log."""
    p = sub.add_parser("demo", help="load the bundled sample network and print a report")
    add_json(p)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("check", help="list every problem of a network folder")
    add_folder(p)
    p.add_argument("--encoding", help="text encoding of the files (default UTF-8)")
    add_json(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("add", help="add a person to a network folder (a networking journal entry)")
    p.add_argument("name", help="the person's full name")
    p.add_argument("--id", help="the contact id (default: made from the name)")
    p.add_argument("--org", default="", help="organisation")
    p.add_argument("--title", default="", help="job title")
    p.add_argument("--email", default="", help="email address(es), ';'-separated")
    p.add_argument("--phone", default="", help="phone number(s) as written, ';'-separated")
    p.add_argument("--url", default="", help="profile URL(s), ';'-separated")
    p.add_argument("--tags", default="", help="tags, ';'-separated")
    p.add_argument(
        "--closeness",
        type=int,
        choices=range(1, 6),
        metavar="1-5",
        help="how close you are (1 acquaintance .. 5 very close)",
    )
    p.add_argument(
        "--met-through", default="", metavar="ID", help="the contact id of who introduced you"
    )
    p.add_argument("--context", default="", help="where or how you met, e.g. '2024 canvass'")
    p.add_argument("--date", default=None, help="when you met (default today)")
    p.add_argument(
        "--not-direct",
        action="store_true",
        help="you know of them through others but have not met them",
    )
    p.add_argument("--notes", default="", help="free notes")
    add_folder(p, positional=False)
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("log", help="log an interaction with one or more contacts")
    p.add_argument("ids", nargs="+", metavar="ID", help="contact id(s) you were in touch with")
    p.add_argument(
        "--channel", required=True, help="in_person, call, video, message, email, social"
    )
    p.add_argument("--date", default=None, help="when (default today; YYYY-MM-DD)")
    p.add_argument("--note", default="", help="what it was about")
    add_folder(p, positional=False)
    p.set_defaults(func=cmd_log)


def cmd_demo(args: argparse.Namespace, out: Output) -> int:
    """Print the report of the bundled sample network."""
    from . import command_modules

    started = time.perf_counter()
    G = load_network(sample_folder(), as_of=SAMPLE_AS_OF)
    summary = network_summary(G)
    sections: dict[str, object] = {"summary": summary}
    if not out.json_mode:
        out.line(
            f"tiegraph demo: the sample network of {G.graph['owner_name']}, as of {SAMPLE_AS_OF}",
            style="bold",
        )
        out.table(["", ""], [(k.replace("_", " "), v) for k, v in summary.items()])
        out.heading("Strongest ties")
        out.frame(strongest_ties(G, n=10), optional=["last_contact", "org"])
    else:
        sections["strongest_ties"] = strongest_ties(G, n=10).to_dict("records")
    for module in command_modules():
        section = getattr(module, "demo_section", None)
        if section is not None:
            result = section(G, out)
            if result is not None:
                sections.update(result)
    if out.json_mode:
        out.json(sections)
    else:
        out.line()
        out.line(
            f"(report made in {time.perf_counter() - started:.1f} s; "
            f"the sample folder is {sample_folder()})",
            style="dim",
        )
    return 0


def cmd_check(args: argparse.Namespace, out: Output) -> int:
    """List every problem of a folder as ``file:row: message``."""
    problems = check_folder(args.folder, encoding=args.encoding)
    if out.json_mode:
        out.json(
            [
                {"file": p.file, "row": p.row, "column": p.column, "message": str(p)}
                for p in problems
            ]
        )
    elif problems:
        for p in problems:
            out.console.print(str(p), markup=False, highlight=False)
        out.error(f"{len(problems)} problem(s) in {args.folder}")
    else:
        out.line(f"{args.folder}: no problems found")
    return 1 if problems else 0


def cmd_add(args: argparse.Namespace, out: Output) -> int:
    """Add one contact, and the introduction when ``--met-through`` is given."""
    data = read_or_new_folder(args.folder)
    when = parse_date(args.date)
    ids = set(data.contacts[S.ID])
    if args.id:
        problem = id_problem(args.id)
        if problem is not None:
            raise ConfigError(f"--id: {args.id!r} {problem}")
        if args.id in ids:
            raise ConfigError(
                f"--id: {args.id!r} is already a contact in {args.folder}; "
                f"change them with `tiegraph edit {args.id}`"
            )
        new_id = args.id
    else:
        same = data.contacts[data.contacts[S.NAME].str.casefold() == args.name.casefold()]
        if len(same):
            known = same[S.ID].iloc[0]
            raise ConfigError(
                f"{args.name!r} is already a contact ({known}); change them with "
                f"`tiegraph edit {known}`, or pass --id to add another person with that name"
            )
        new_id = unique_id(args.name, ids | {data.settings.owner_id})
    via = resolve_contact(data, args.met_through) if args.met_through else ""
    row = {
        S.ID: new_id,
        S.NAME: args.name,
        S.ORG: args.org,
        S.TITLE: args.title,
        S.EMAIL: args.email,
        S.PHONE: args.phone,
        S.URL: args.url,
        S.TAGS: args.tags,
        S.CLOSENESS: "" if args.closeness is None else str(args.closeness),
        S.DIRECT: "no" if args.not_direct else "",
        S.SINCE: "" if args.not_direct else when.strftime("%Y-%m-%d"),
        S.SOURCE: "manual",
        S.NOTES: args.notes,
    }
    new_contact = table_from_rows(
        S.CONTACTS, [row], [int(data.contacts.index.max() if len(data.contacts) else 1) + 1]
    )
    contacts = pd.concat([data.contacts, new_contact])
    changes: dict[str, pd.DataFrame] = {"contacts": contacts}
    tables = [S.CONTACTS]
    if via or args.context:
        intro_row = {
            S.PERSON: new_id,
            S.MET_THROUGH: via,
            S.TO: "",
            S.DATE: when.strftime("%Y-%m-%d"),
            S.CONTEXT: args.context,
        }
        new_intro = table_from_rows(S.INTRODUCTIONS, [intro_row], [len(data.introductions) + 2])
        changes["introductions"] = pd.concat([data.introductions, new_intro])
        tables.append(S.INTRODUCTIONS)
    new = data.replace(**changes)
    write_folder(
        new, args.folder, tables=tuple(tables) if (args.folder / S.CONTACTS.file).exists() else None
    )
    out.line(
        f"added {args.name} as {new_id}"
        + (f", met through {via}" if via else "")
        + (f" ({args.context})" if args.context else "")
    )
    return 0


def cmd_log(args: argparse.Namespace, out: Output) -> int:
    """Append one interaction to ``interactions.csv``."""
    data = read_folder(args.folder)
    when = parse_date(args.date)
    channels = known_channels(data.settings)
    if args.channel.lower() not in channels:
        raise ConfigError(
            f"--channel: {args.channel!r} is not a known channel (known: {', '.join(channels)})"
        )
    ids = [resolve_contact(data, w) for w in args.ids]
    row = {
        S.DATE: when.strftime("%Y-%m-%d") if when == when.normalize() else when.isoformat(),
        S.WITH: S.LIST_SEP.join(ids),
        S.BY: "",
        S.CHANNEL: args.channel.lower(),
        S.NOTES: args.note,
    }
    new_row = table_from_rows(S.INTERACTIONS, [row], [len(data.interactions) + 2])
    new = data.replace(interactions=pd.concat([data.interactions, new_row]))
    write_folder(new, args.folder, tables=(S.INTERACTIONS,))
    names = dict(zip(data.contacts[S.ID], data.contacts[S.NAME], strict=True))
    who = ", ".join(f"{names.get(i, i)} ({i})" for i in ids)
    out.line(f"logged {args.channel.lower()} on {when.strftime('%Y-%m-%d')} with {who}")
    return 0
