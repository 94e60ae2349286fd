"""Commands of the outreach loop: todo, ask, asks, thank, told, search, draft, jobs status.

- ``tiegraph todo [FOLDER]``: today's actions, ranked, each explained;
- ``tiegraph ask PERSON --for KIND [--org | --job N | --about ID] [--date] [--due]``
  records an ask; ``tiegraph ask done|declined|no-reply ID`` closes one;
  ``tiegraph asks [FOLDER]`` lists them;
- ``tiegraph thank PERSON`` logs a thank-you (an interaction whose note
  starts with ``thank-you``); ``tiegraph told PERSON...`` records that they
  know you are looking;
- ``tiegraph search start --goal ... --orgs A,B`` / ``search stop``: the job
  search in ``network.toml``;
- ``tiegraph draft PERSON --for KIND [--org | --job N | --about ID]`` prints a message;
- ``tiegraph jobs status N STATUS`` sets where an application stands.

Every writing command goes through :func:`tiegraph.io.folder.write_folder`
(or the journaled write of ``network.toml``), so ``tiegraph undo`` takes it back.
"""

from __future__ import annotations

import argparse
import re
from typing import Any, cast

import networkx as nx
import pandas as pd

from .. import schema as S
from ..build import build_graph
from ..channels import known_channels
from ..dates import to_timestamp
from ..drafts import draft
from ..exceptions import ConfigError, NotFoundError
from ..history import journaled_write
from ..io.folder import NetworkData, read_folder, settings_template, write_folder
from ..io.templates import read_template, template_names, user_templates
from ..orgs import OrgIndex, org_key
from ..outreach import THANK_YOU, ask_kinds, asks, job_search
from ..sample import SAMPLE_AS_OF, sample_folder
from ..settings import set_toml_value
from ..todos import todo
from ._common import (
    Output,
    add_as_of,
    add_folder,
    add_json,
    add_rows,
    job_line,
    parse_date,
    resolve_contact,
)

#: Words after ``ask`` that close an ask (``tiegraph ask done 3``).
_CLOSE_WORDS = ("done", "declined", "no-reply")


def rewrite_argv(argv: list[str]) -> list[str]:
    """Turn ``ask done ID`` and ``jobs status N S`` into their hidden sub-commands.

    Examples
    --------
    >>> rewrite_argv(["ask", "no-reply", "3"])
    ['ask no-reply', '3']
    >>> rewrite_argv(["ask", "priya-raman", "--for", "names"])
    ['ask', 'priya-raman', '--for', 'names']
    >>> rewrite_argv(["jobs", "status", "2", "applied"])
    ['jobs status', '2', 'applied']
    """
    if len(argv) >= 2 and argv[0] == "ask" and argv[1] in _CLOSE_WORDS:
        return [f"ask {argv[1]}", *argv[2:]]
    if len(argv) >= 2 and argv[0] == "jobs" and argv[1] == "status":
        return ["jobs status", *argv[2:]]
    return argv


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register todo, ask, asks, thank, told, search, draft and jobs status."""
    p = sub.add_parser("todo", help="today's outreach actions, ranked, each explained")
    add_folder(p)
    add_as_of(p)
    p.add_argument("--limit", type=int, default=None, metavar="N", help="show the first N only")
    add_json(p)
    p.set_defaults(func=cmd_todo)

    p = sub.add_parser(
        "ask",
        help="record an ask (tiegraph ask done|declined|no-reply ID closes one)",
        description="Record that you asked someone for something. Close an ask with "
        "tiegraph ask done|declined|no-reply ID [--result TEXT] [--date DATE].",
    )
    p.add_argument("person", metavar="PERSON", help="whom you asked (id or exact name)")
    p.add_argument(
        "--for",
        dest="kind",
        required=True,
        metavar="KIND",
        help="intro, names, informational, reference, referral, told, or one in [outreach] kinds",
    )
    what = p.add_mutually_exclusive_group()
    what.add_argument("--org", default="", help="the organisation it is about")
    what.add_argument("--job", type=int, default=None, metavar="N", help="posting N of jobs list")
    p.add_argument("--about", default="", metavar="ID", help="the person it is about")
    p.add_argument("--date", default=None, help="when you asked (default today)")
    p.add_argument("--due", default=None, metavar="DATE", help="when to follow up (may be ahead)")
    p.add_argument("--note", default="", help="free notes")
    add_folder(p, positional=False)
    p.set_defaults(func=cmd_ask)

    for word in _CLOSE_WORDS:
        c = sub.add_parser(f"ask {word}", description=f"Mark ask ID as {word}.")
        c.add_argument("id", metavar="ID", help="the ask's id (tiegraph asks)")
        c.add_argument("--result", default="", help="what came of it")
        c.add_argument("--date", default=None, help="when (default today)")
        add_folder(c, positional=False)
        c.set_defaults(func=cmd_close, status=word)

    p = sub.add_parser("asks", help="the asks, with their status, next follow-up and yield")
    add_folder(p)
    p.add_argument("--status", choices=S.ASK_STATUSES, default=None, help="only these")
    add_as_of(p)
    add_json(p)
    p.set_defaults(func=cmd_asks)

    p = sub.add_parser("thank", help="log a thank-you (an interaction of its own kind)")
    p.add_argument("person", metavar="PERSON", help="whom you thanked (id or exact name)")
    p.add_argument("--date", default=None, help="when (default today)")
    p.add_argument("--channel", default="email", help="how: email (default), message, call, ...")
    p.add_argument("--note", default="", help="what for")
    add_folder(p, positional=False)
    p.set_defaults(func=cmd_thank)

    p = sub.add_parser("told", help="record that people know you are looking")
    p.add_argument("people", nargs="+", metavar="PERSON", help="whom you told (ids or names)")
    p.add_argument("--date", default=None, help="when (default today)")
    add_folder(p, positional=False)
    p.set_defaults(func=cmd_told)

    p = sub.add_parser("search", help="start or stop your job search (network.toml)")
    action = p.add_subparsers(dest="action", metavar="start|stop", required=True)
    a = action.add_parser("start", help="start (or change) the job search")
    a.add_argument("--goal", default=None, help='what you are looking for, e.g. "a field role"')
    a.add_argument("--orgs", default="", help="target organisations, comma-separated")
    a.add_argument("--date", default=None, help="when it started (default today)")
    add_folder(a, positional=False)
    a.set_defaults(func=cmd_search_start)
    a = action.add_parser("stop", help="end the job search")
    a.add_argument("--date", default=None, help="when it ended (default today)")
    add_folder(a, positional=False)
    a.set_defaults(func=cmd_search_stop)

    p = sub.add_parser("draft", help="draft a message for an ask (plain text)")
    p.add_argument("person", metavar="PERSON", nargs="?", help="whom you write to")
    p.add_argument(
        "--for", dest="kind", default="intro", metavar="KIND", help="the template (default intro)"
    )
    what = p.add_mutually_exclusive_group()
    what.add_argument("--org", default=None, help="the organisation")
    what.add_argument("--job", type=int, default=None, metavar="N", help="posting N of jobs list")
    what.add_argument("--about", default=None, metavar="ID", help="the person to be introduced to")
    p.add_argument(
        "--show-template",
        action="store_true",
        help="print the template itself (to copy into FOLDER/templates/KIND.txt and edit)",
    )
    add_as_of(p)
    add_folder(p, positional=False)
    p.set_defaults(func=cmd_draft)

    p = sub.add_parser("jobs status", description="Set where application N stands.")
    p.add_argument("number", type=int, metavar="N", help="the posting's number (jobs list)")
    p.add_argument("status", choices=[*S.JOB_STATUSES, "none"], help="'none' clears it")
    add_folder(p, positional=False)
    p.set_defaults(func=cmd_job_status)


# ---------------------------------------------------------------------------
# helpers


def _load(args: argparse.Namespace) -> tuple[NetworkData, nx.Graph]:
    data = read_folder(args.folder)
    return data, build_graph(data, as_of=getattr(args, "as_of", None))


def _day(ts: pd.Timestamp) -> str:
    return f"{ts:%Y-%m-%d}" if ts == ts.normalize() else ts.isoformat()


def _name(data: NetworkData, pid: str) -> str:
    names = dict(zip(data.contacts[S.ID], data.contacts[S.NAME], strict=True))
    return f"{names.get(pid, pid)} ({pid})"


def _next_id(a: pd.DataFrame) -> str:
    numbers = pd.to_numeric(a[S.ID], errors="coerce")
    n = int(numbers.max()) + 1 if numbers.notna().any() else len(a) + 1
    taken = set(a[S.ID])
    while str(n) in taken:
        n += 1
    return str(n)


def _job(data: NetworkData, number: int) -> tuple[str, str]:
    line = job_line(data, number, "--job")
    return str(data.jobs.at[line, S.ORG]), str(data.jobs.at[line, S.TITLE])


def _print_todo(frame: pd.DataFrame, out: Output) -> None:
    if not len(frame):
        out.line("Nothing to do today.")
        return
    width = len(str(len(frame)))
    for row in frame.to_dict("records"):
        out.line(f"{row['rank']:>{width}}. {row['what']}", style="bold")
        out.line(f"{' ' * width}  {row['why']}")


# ---------------------------------------------------------------------------
# commands


def cmd_todo(args: argparse.Namespace, out: Output) -> int:
    """Print today's actions."""
    data, G = _load(args)
    frame = todo(G, data=data, limit=args.limit)
    if out.json_mode:
        out.json(frame)
        return 0
    search = job_search(data.settings)
    as_of = pd.Timestamp(G.graph["as_of"])
    head = f"To do on {as_of:%Y-%m-%d}"
    if search is not None and search.active(as_of):
        head += f" (job search since {search.start:%Y-%m-%d}"
        head += f": {search.goal})" if search.goal else ")"
    out.heading(head)
    _print_todo(frame, out)
    return 0


def cmd_ask(args: argparse.Namespace, out: Output) -> int:
    """Append one ask to asks.csv."""
    data = read_folder(args.folder)
    when = parse_date(args.date)
    person = resolve_contact(data, args.person)
    if person == data.settings.owner_id:
        raise ConfigError("PERSON: that is you; an ask is made of a contact")
    kind = args.kind.strip().lower()
    kinds = ask_kinds(data.settings)
    if kind not in kinds:
        raise ConfigError(
            f"--for: {args.kind!r} is not a kind of ask (known: {', '.join(kinds)}; "
            "add your own under [outreach] kinds in network.toml)"
        )
    org, title = _job(data, args.job) if args.job is not None else (args.org.strip(), "")
    about = resolve_contact(data, args.about) if args.about else ""
    due = ""
    if args.due:
        try:
            due_ts = to_timestamp(args.due)
        except ConfigError:
            raise ConfigError(f"--due: {args.due!r} is not a date (use YYYY-MM-DD)") from None
        if due_ts < when.normalize():
            raise ConfigError(f"--due: {args.due} is before the ask ({when:%Y-%m-%d})")
        due = _day(due_ts)
    told = kind == "told"
    row = {
        S.ID: _next_id(data.asks),
        S.PERSON: person,
        S.DATE: _day(when),
        S.FOR: kind,
        S.ORG: org,
        S.ABOUT: about,
        S.JOB: title,
        S.STATUS: "done" if told else "open",
        S.DUE: due,
        S.CLOSED: _day(when) if told else "",
        S.NOTES: args.note,
    }
    if org:
        index = OrgIndex(data.orgs, names=pd.concat([data.contacts[S.ORG], data.jobs[S.ORG]]))
        try:
            index.resolve(org)
        except NotFoundError as exc:
            out.warn(f"nobody in {args.folder} is at {org} yet ({exc})")
    add_rows(args.folder, data, S.ASKS, [row])
    about_words = " about " + ", ".join(
        w
        for w in (f"the {title} job" if title else "", org, _name(data, about) if about else "")
        if w
    )
    out.line(
        f"ask {row[S.ID]}: {_name(data, person)}, for {kind}"
        + (about_words if org or about else "")
        + f", on {row[S.DATE]}"
        + (f"; follow up on {due}" if due else "")
    )
    return 0


def cmd_close(args: argparse.Namespace, out: Output) -> int:
    """Set an ask's status (done, declined, no-reply), its closing date and result."""
    data = read_folder(args.folder)
    a = data.asks
    found = a.index[a[S.ID] == args.id]
    if not len(found):
        known = ", ".join(a[S.ID].tail(5)) or "none"
        raise ConfigError(f"ID: there is no ask {args.id!r} in {S.ASKS.file} (last ones: {known})")
    line = found[0]
    when = parse_date(args.date)
    asked = cast(pd.Timestamp, a.at[line, S.DATE])
    if pd.notna(asked) and when < asked.normalize():
        raise ConfigError(f"--date: {when:%Y-%m-%d} is before the ask ({asked:%Y-%m-%d})")
    a = a.copy()
    a.at[line, S.STATUS] = args.status
    a.at[line, S.CLOSED] = when.normalize() if when == when.normalize() else when
    if args.result:
        a.at[line, S.RESULT] = args.result
    write_folder(data.replace(asks=a), args.folder, tables=(S.ASKS,))
    person = str(a.at[line, S.PERSON])
    kind = str(a.at[line, S.FOR])
    out.line(f"ask {args.id} ({_name(data, person)}, {kind}): {args.status}")
    return 0


def cmd_asks(args: argparse.Namespace, out: Output) -> int:
    """List the asks."""
    data, G = _load(args)
    frame = asks(G, data=data)
    if args.status:
        frame = frame[frame["status"] == args.status]
    if out.json_mode:
        out.json(frame)
        return 0
    if not len(frame):
        out.line(f"No asks in {args.folder} (record one: tiegraph ask PERSON --for KIND).")
        return 0
    rows = []
    for r in frame.to_dict("records"):
        about = ", ".join(w for w in (r["job"], r["org"], r["about_name"]) if w)
        if r["status"] == "open" and pd.notna(r["follow_up"]):
            status = f"open; follow up {r['follow_up']:%Y-%m-%d}"
        elif pd.notna(r["closed"]):
            status = f"{r['status']} {r['closed']:%Y-%m-%d}"
        else:
            status = r["status"]
        rows.append(
            (r["id"], f"{r['date']:%Y-%m-%d}", r["name"], r["for"], about, status, r["n_yield"])
        )
    out.table(
        ["id", "asked", "whom", "for", "about", "status", "yield"],
        rows,
        title=f"Asks in {S.ASKS.file}",
        justify=["right", "left", "left", "left", "left", "left", "right"],
    )
    return 0


def cmd_thank(args: argparse.Namespace, out: Output) -> int:
    """Log a thank-you: an interaction whose note starts with ``thank-you``."""
    data = read_folder(args.folder)
    when = parse_date(args.date)
    person = resolve_contact(data, args.person)
    channels = known_channels(data.settings)
    channel = args.channel.strip().lower()
    if channel not in channels:
        raise ConfigError(
            f"--channel: {args.channel!r} is not a known channel ({', '.join(channels)})"
        )
    row = {
        S.DATE: _day(when),
        S.WITH: person,
        S.BY: "",
        S.CHANNEL: channel,
        S.NOTES: f"{THANK_YOU}: {args.note}" if args.note else THANK_YOU,
    }
    add_rows(args.folder, data, S.INTERACTIONS, [row])
    out.line(f"thanked {_name(data, person)} by {channel} on {row[S.DATE]}")
    return 0


def cmd_told(args: argparse.Namespace, out: Output) -> int:
    """Record that people know you are looking (a done ask of kind ``told`` each)."""
    data = read_folder(args.folder)
    when = parse_date(args.date)
    people = list(dict.fromkeys(resolve_contact(data, p) for p in args.people))
    search = job_search(data.settings)
    since = search.start if search is not None else None
    a = data.asks
    earlier = a[(a[S.FOR].str.lower() == "told") & a[S.PERSON].isin(people)]
    if since is not None:
        earlier = earlier[earlier[S.DATE] >= since]
    already = dict(zip(earlier[S.PERSON], earlier[S.DATE], strict=True))
    rows: list[dict[str, str]] = []
    first = int(_next_id(a)) if _next_id(a).isdigit() else len(a) + 1
    for pid in people:
        if pid == data.settings.owner_id:
            raise ConfigError("PERSON: that is you")
        if pid in already:
            out.line(f"{_name(data, pid)} was told on {already[pid]:%Y-%m-%d} already")
            continue
        rows.append(
            {
                S.ID: str(first + len(rows)),
                S.PERSON: pid,
                S.DATE: _day(when),
                S.FOR: "told",
                S.STATUS: "done",
                S.CLOSED: _day(when),
            }
        )
    if rows:
        add_rows(args.folder, data, S.ASKS, rows)
        who = ", ".join(_name(data, r[S.PERSON]) for r in rows)
        out.line(f"told on {_day(when)}: {who}")
    return 0


def _settings_text(data: NetworkData) -> str:
    """Return ``network.toml`` as read (the commented template when the folder has none)."""
    if data.settings_text is not None:
        return data.settings_text
    return settings_template(data.settings.owner_id, data.settings.owner_name)


def cmd_search_start(args: argparse.Namespace, out: Output) -> int:
    """Start the job search, or change its goal and targets."""
    data = read_folder(args.folder)
    text = _settings_text(data)
    search = job_search(data.settings)
    going = search is not None and search.end is None
    if going and args.date is None:
        start = search.start  # type: ignore[union-attr]
    else:
        start = parse_date(args.date)
    text = set_toml_value(text, "search", "start", _day(start))
    if search is not None and search.end is not None:  # a new search after one that ended
        text = set_toml_value(text, "search", "end", "")
    if args.goal is not None:
        text = set_toml_value(text, "search", "goal", args.goal.strip())
    targets = list(data.settings.targets)
    added = []
    for org in (o.strip() for o in re.split(r",", args.orgs) if o.strip()):
        if org_key(org) not in {org_key(t) for t in targets}:
            targets.append(org)
            added.append(org)
    if added:
        text = set_toml_value(text, "targets", "orgs", targets)
        index = OrgIndex(data.orgs, names=pd.concat([data.contacts[S.ORG], data.jobs[S.ORG]]))
        for org in added:
            try:
                index.resolve(org)
            except NotFoundError as exc:
                out.warn(f"nobody in {args.folder} is at {org} yet ({exc})")
    journaled_write(args.folder, {args.folder / S.SETTINGS_FILE: text})
    verb = "job search going on since" if going else "job search started on"
    out.line(
        f"{verb} {start:%Y-%m-%d}"
        + (f"; goal: {args.goal.strip()}" if args.goal else "")
        + (f"; targets: {', '.join(targets)}" if targets else "")
    )
    return 0


def cmd_search_stop(args: argparse.Namespace, out: Output) -> int:
    """End the job search."""
    data = read_folder(args.folder)
    search = job_search(data.settings)
    if search is None:
        raise ConfigError(f"no job search in {args.folder} (start one: tiegraph search start)")
    when = parse_date(args.date)
    if when < search.start:
        raise ConfigError(
            f"--date: {when:%Y-%m-%d} is before the search began ({search.start:%Y-%m-%d})"
        )
    text = set_toml_value(_settings_text(data), "search", "end", _day(when))
    journaled_write(args.folder, {args.folder / S.SETTINGS_FILE: text})
    out.line(f"job search {search.start:%Y-%m-%d} to {when:%Y-%m-%d} ended")
    return 0


def cmd_draft(args: argparse.Namespace, out: Output) -> int:
    """Print a draft message (or the template it fills)."""
    mine = user_templates(args.folder)
    if args.show_template:
        out.console.file.write(read_template(args.kind, mine))
        return 0
    if not args.person:
        raise ConfigError("PERSON: whom do you write to?")
    if args.kind not in template_names(mine):
        raise NotFoundError("template", args.kind, list(template_names(mine)))
    data, G = _load(args)
    person = resolve_contact(data, args.person)
    about = resolve_contact(data, args.about) if args.about else None
    text = draft(G, person, kind=args.kind, org=args.org, job=args.job, about=about, templates=mine)
    out.console.file.write(text)
    return 0


def cmd_job_status(args: argparse.Namespace, out: Output) -> int:
    """Set the status of posting N."""
    data = read_folder(args.folder)
    line = job_line(data, args.number)
    jobs = data.jobs.copy()
    jobs.at[line, S.STATUS] = "" if args.status == "none" else args.status
    write_folder(data.replace(jobs=jobs), args.folder, tables=(S.JOBS,))
    org, title = str(jobs.at[line, S.ORG]), str(jobs.at[line, S.TITLE])
    out.line(f"job #{args.number} ({title} at {org}): {args.status}")
    return 0


def demo_section(G: nx.Graph, out: Output) -> dict[str, Any] | None:
    """Print the sample's to-do list for the day it is looked at from."""
    data = read_folder(sample_folder())
    frame = todo(G, data=data, as_of=SAMPLE_AS_OF)
    if not out.json_mode:
        out.heading(f"To do on {SAMPLE_AS_OF} (tiegraph todo)")
        _print_todo(frame, out)
    return {"todo": frame.to_dict("records")}
