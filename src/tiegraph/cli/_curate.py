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
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .. import schema as S
from ..exceptions import ConfigError, DataError, NotFoundError
from ..history import entries, journaled_write, undo
from ..io.folder import (
    NetworkData,
    format_dates,
    read_folder,
    settings_template,
    table_from_rows,
    write_folder,
)
from ..keys import normalize_email, normalize_phone, normalize_url, split_list
from ..orgs import OrgIndex, org_key, suggest_aliases
from ._common import Output, add_folder, add_json, parse_date, resolve_contact

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["amend_parsers", "register", "rewrite_argv", "set_target_orgs"]

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
    p = sub.add_parser(
        "edit",
        help="change a contact: name, org, title, emails, phones, URLs, tags, closeness ...",
        description="Change one contact. --email, --phone, --url and --tags take +VALUE to add "
        "one value, -VALUE to remove one, or a plain VALUE (or =VALUE) to replace the list "
        "(--tags takes several, comma-separated: --tags +board,-old). For --phone a number "
        "written +1 555 0100 is added as written. An empty value clears a field.",
    )
    p.add_argument("id", metavar="ID", help="the contact id (or exact name)")
    p.add_argument("--name", help="full name")
    p.add_argument("--org", help="organisation (the previous one is kept as a former affiliation)")
    p.add_argument("--title", help="job title")
    p.add_argument("--email", help="+ADDRESS adds, -ADDRESS removes, ADDRESS replaces")
    p.add_argument("--phone", help="+NUMBER adds, -NUMBER removes, =NUMBER replaces")
    p.add_argument("--url", help="+URL adds, -URL removes, URL replaces")
    p.add_argument("--tags", help="+a,-b adds a and removes b; a,b replaces")
    p.add_argument("--closeness", metavar="1-5", help="how close you are (empty to clear)")
    direct = p.add_mutually_exclusive_group()
    direct.add_argument(
        "--direct", dest="direct", action="store_const", const=True, help="you know them"
    )
    direct.add_argument(
        "--not-direct",
        dest="direct",
        action="store_const",
        const=False,
        help="you know of them through others but have not met them",
    )
    p.add_argument("--notes", help="free notes (replaces them)")
    p.add_argument("--since", metavar="DATE", help="when you connected (empty to clear)")
    p.add_argument(
        "--no-history",
        action="store_true",
        help="with --org: do not keep the previous organisation in affiliations.csv",
    )
    add_folder(p, positional=False)
    p.set_defaults(func=cmd_edit)

    p = sub.add_parser(
        "rm",
        help="remove a contact (refuses while other rows refer to them, unless --cascade)",
    )
    p.add_argument("id", metavar="ID", help="the contact id (or exact name)")
    p.add_argument(
        "--cascade",
        action="store_true",
        help="also remove the rows that refer to them (or take them off a meeting)",
    )
    p.add_argument("--dry-run", action="store_true", help="only say what would be removed")
    add_folder(p, positional=False)
    p.set_defaults(func=cmd_rm)

    p = sub.add_parser(
        "intro record",
        prog="tiegraph intro",
        usage="tiegraph intro A --by C [--to B] [--date DATE] [--context TEXT] [--into FOLDER]",
        description='Record "C introduced A to B" in introductions.csv (B is you when --to '
        "is left out). Without --by, tiegraph intro finds introduction chains instead.",
    )
    p.add_argument("person", metavar="A", help="who was introduced (id or exact name)")
    p.add_argument("--by", required=True, metavar="C", help="who introduced them")
    p.add_argument("--to", default="", metavar="B", help="to whom (default: you)")
    p.add_argument("--date", default=None, help="when (default today; YYYY-MM-DD)")
    p.add_argument("--context", default="", help="where or how, e.g. '2024 canvass'")
    add_folder(p, positional=False)
    p.set_defaults(func=cmd_intro_record)

    p = sub.add_parser(
        "orgs",
        help="organisations with their current and former members, and suggested aliases",
        description="List the organisations of a network folder with their members now and "
        "before, and names that look like one organisation written two ways. "
        "tiegraph orgs alias NAME ALIAS... records other names of an organisation in orgs.csv.",
    )
    add_folder(p)
    add_json(p)
    p.set_defaults(func=cmd_orgs)

    p = sub.add_parser(
        "orgs alias",
        description="Record other names of an organisation in orgs.csv "
        '(e.g. tiegraph orgs alias "American Federation of Teachers" AFT).',
    )
    p.add_argument("name", metavar="NAME", help="the organisation's name")
    p.add_argument("aliases", nargs="+", metavar="ALIAS", help="other names it goes by")
    add_folder(p, positional=False)
    p.set_defaults(func=cmd_orgs_alias)

    p = sub.add_parser("target", help="add or remove a target organisation (network.toml)")
    action = p.add_subparsers(dest="action", metavar="add|rm", required=True)
    for word, text in (("add", "add a target organisation"), ("rm", "remove one")):
        a = action.add_parser(word, help=text)
        a.add_argument("org", metavar="ORG", help="the organisation")
        add_folder(a, positional=False)
        a.set_defaults(func=cmd_target)

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
# helpers


def _contact_line(data: NetworkData, wanted: str) -> tuple[str, int]:
    """Return the id and line of the contact ``wanted`` names (not the owner)."""
    pid = resolve_contact(data, wanted)
    lines = data.contacts.index[data.contacts[S.ID] == pid]
    if not len(lines):
        raise ConfigError(f"{pid!r} is you (the owner); change your name in network.toml [owner]")
    return pid, int(lines[0])


def _next_line(df: pd.DataFrame) -> int:
    return int(df.index.max()) + 1 if len(df) else 2


def _append(table: S.Table, df: pd.DataFrame, row: dict[str, str]) -> pd.DataFrame:
    new = table_from_rows(table, [row], [_next_line(df)])
    return pd.concat([df, new]) if len(df) else new


def _day(ts: pd.Timestamp) -> str:
    return f"{ts:%Y-%m-%d}"


def _today() -> pd.Timestamp:
    return pd.Timestamp.now(tz="UTC").normalize()


def _names(data: NetworkData) -> dict[str, str]:
    names = dict(zip(data.contacts[S.ID], data.contacts[S.NAME], strict=True))
    names.setdefault(data.settings.owner_id, "you")
    return names


def _who(data: NetworkData, pid: str) -> str:
    if pid == data.settings.owner_id and pid not in set(data.contacts[S.ID]):
        return "you"
    return f"{_names(data).get(pid, pid)} ({pid})"


# ---------------------------------------------------------------------------
# edit

_KEY = {
    S.EMAIL: lambda v: normalize_email(v),
    S.PHONE: lambda v: _digits(v) or None,
    S.URL: lambda v: normalize_url(v),
}
_WHAT = {S.EMAIL: "an email address", S.PHONE: "a phone number", S.URL: "a web address"}


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def _valid(column: str, value: str) -> str:
    """Return ``value`` as stored in ``column``, or raise when it is not one."""
    if column == S.EMAIL:
        norm = normalize_email(value)
        if norm is None:
            raise ConfigError(f"--email: {value!r} is not an email address")
        return norm
    if column == S.PHONE and normalize_phone(value) is None:
        raise ConfigError(f"--phone: {value!r} is not a phone number")
    if column == S.URL and normalize_url(value) is None:
        raise ConfigError(f"--url: {value!r} is not a web address")
    return value.strip()


def edit_list(column: str, current: str, spec: str) -> str:
    """Apply one ``--email``/``--phone``/``--url`` value to a ``;``-separated cell.

    ``+VALUE`` adds (for phones, ``+`` before a digit stays: an international
    number), ``-VALUE`` removes (matched by identity key), ``=VALUE`` or a
    plain value replaces the list, and an empty value clears it.

    Examples
    --------
    >>> edit_list("email", "a@x.org", "+B@Y.org")
    'a@x.org;b@y.org'
    >>> edit_list("email", "a@x.org;b@y.org", "-A@x.org")
    'b@y.org'
    >>> edit_list("phone", "555 0100", "+1 555 0199")
    '555 0100;+1 555 0199'
    >>> edit_list("url", "https://example.org/a", "https://example.org/b")
    'https://example.org/b'
    """
    values = split_list(current)
    key = _KEY[column]
    option = f"--{column}"
    if spec.startswith("+"):
        value = spec if column == S.PHONE and spec[1:2].isdigit() else spec[1:]
        value = _valid(column, value)
        if key(value) not in {key(v) for v in values}:
            values.append(value)
        return S.LIST_SEP.join(values)
    if spec.startswith("-"):
        gone = key(spec[1:])
        kept = [v for v in values if key(v) != gone or gone is None]
        if gone is None or len(kept) == len(values):
            listed = ", ".join(values) or "none"
            raise ConfigError(f"{option}: {spec[1:]!r} is not among the values ({listed})")
        return S.LIST_SEP.join(kept)
    spec = spec.removeprefix("=")
    return S.LIST_SEP.join(_valid(column, v) for v in split_list(spec))


def edit_tags(current: str, spec: str) -> str:
    """Apply ``--tags``: ``+a,-b`` adds a and removes b; ``a,b`` replaces the tags.

    Examples
    --------
    >>> edit_tags("union;2024", "+board,-2024")
    'union;board'
    >>> edit_tags("union", "donor,board")
    'donor;board'
    """
    items = [t.strip() for t in re.split(r"[,;]", spec) if t.strip()]
    signed = [t[0] in "+-" for t in items]
    if any(signed) and not all(signed):
        raise ConfigError(f"--tags: {spec!r} mixes +/- changes with plain tags; write +a,-b or a,b")
    if not all(signed) or not items:
        return S.LIST_SEP.join(dict.fromkeys(items))
    tags = split_list(current)
    for item in items:
        tag = item[1:].strip()
        if item[0] == "+":
            if tag not in tags:
                tags.append(tag)
        elif tag in tags:
            tags.remove(tag)
        else:
            raise ConfigError(f"--tags: {tag!r} is not a tag ({', '.join(tags) or 'none'})")
    return S.LIST_SEP.join(tags)


def cmd_edit(args: argparse.Namespace, out: Output) -> int:
    """Change one contact's fields; an org change keeps the old org as a former affiliation."""
    data = read_folder(args.folder)
    pid, line = _contact_line(data, args.id)
    c = data.contacts.copy()
    row: dict[str, Any] = {str(k): v for k, v in c.loc[line].items()}
    said: list[str] = []

    def put(column: str, value: Any, old: str, new: str) -> None:
        c.at[line, column] = value
        said.append(f"{column} {old or '(none)'} -> {new or '(none)'}")

    for column, value in ((S.NAME, args.name), (S.TITLE, args.title), (S.NOTES, args.notes)):
        if value is not None and value.strip() != row[column]:
            if column == S.NAME and not value.strip():
                raise ConfigError("--name: a contact needs a name")
            put(column, value.strip(), row[column], value.strip())
    for column in (S.EMAIL, S.PHONE, S.URL):
        spec = getattr(args, column)
        if spec is not None:
            new = edit_list(column, row[column], spec)
            if new != row[column]:
                put(column, new, row[column], new)
    if args.tags is not None:
        new = edit_tags(row[S.TAGS], args.tags)
        if new != row[S.TAGS]:
            put(S.TAGS, new, row[S.TAGS], new)
    if args.closeness is not None:
        text = args.closeness.strip()
        if text not in ("", "1", "2", "3", "4", "5"):
            raise ConfigError(f"--closeness: {text!r} is not 1 to 5 (or empty to clear)")
        old = "" if pd.isna(row[S.CLOSENESS]) else str(int(row[S.CLOSENESS]))
        if text != old:
            put(S.CLOSENESS, float(text) if text else float("nan"), old, text)
    if args.direct is not None:
        old = "no" if row[S.DIRECT].lower() == "no" else "yes"
        new = "yes" if args.direct else "no"
        if new != old:
            put(S.DIRECT, "" if args.direct else "no", old, new)
    if args.since is not None:
        when = parse_date(args.since, "--since") if args.since.strip() else pd.NaT
        old = "" if pd.isna(row[S.SINCE]) else _day(row[S.SINCE])
        new = "" if pd.isna(when) else _day(when)
        if new != old:
            put(S.SINCE, when, old, new)
    aff = data.affiliations
    aff_changed = False
    if args.org is not None and args.org.strip() != row[S.ORG]:
        new_org, old_org = args.org.strip(), row[S.ORG]
        put(S.ORG, new_org, old_org, new_org)
        if old_org and not args.no_history and org_key(old_org) != org_key(new_org):
            aff, how = _close_affiliation(aff, pid, old_org, row[S.TITLE])
            aff_changed = True
            said.append(f"{old_org} kept as a former affiliation ({how} {_day(_today())})")
    if not said:
        out.line(f"{_who(data, pid)}: nothing to change")
        return 0
    tables: tuple[S.Table, ...] = (S.CONTACTS, S.AFFILIATIONS) if aff_changed else (S.CONTACTS,)
    write_folder(data.replace(contacts=c, affiliations=aff), args.folder, tables=tables)
    out.line(f"edited {row[S.NAME]} ({pid}): " + "; ".join(said))
    return 0


def _close_affiliation(
    aff: pd.DataFrame, pid: str, org: str, title: str
) -> tuple[pd.DataFrame, str]:
    """End the person's open affiliation with ``org`` today, or add one ending today."""
    today = _today()
    open_rows = aff.index[
        (aff[S.PERSON] == pid)
        & (aff[S.ORG].map(org_key) == org_key(org))
        & (aff[S.END].isna() | (aff[S.END] > today))
    ]
    if len(open_rows):
        aff = aff.copy()
        aff.loc[open_rows, S.END] = today
        return aff, "ended"
    row = {S.PERSON: pid, S.ORG: org, S.TITLE: title, S.START: "", S.END: _day(today)}
    return _append(S.AFFILIATIONS, aff, row), "ending"


# ---------------------------------------------------------------------------
# rm


def _rows(df: pd.DataFrame) -> list[tuple[int, dict[str, Any]]]:
    """Return each row of a table with its line number."""
    records = [{str(k): v for k, v in rec.items()} for rec in df.to_dict("records")]
    return list(zip((int(li) for li in df.index.tolist()), records, strict=True))


def _references(data: NetworkData, pid: str) -> list[tuple[S.Table, int, str, str]]:
    """Return each row referring to ``pid``: (table, line, "remove" or "change", what)."""
    refs: list[tuple[S.Table, int, str, str]] = []
    for line, r in _rows(data.introductions):
        if pid in (r[S.PERSON], r[S.MET_THROUGH], r[S.TO]):
            refs.append((S.INTRODUCTIONS, line, "remove", "an introduction"))
    for line, r in _rows(data.interactions):
        people = split_list(r[S.WITH])
        if r[S.BY] == pid or people == [pid]:
            refs.append((S.INTERACTIONS, line, "remove", "an interaction"))
        elif pid in people:
            refs.append((S.INTERACTIONS, line, "change", f"taken off a meeting of {len(people)}"))
        elif r[S.STARTED_BY] == pid:
            refs.append((S.INTERACTIONS, line, "change", "started_by cleared"))
    for line, r in _rows(data.affiliations):
        if r[S.PERSON] == pid:
            refs.append((S.AFFILIATIONS, line, "remove", "an affiliation"))
    for line, r in _rows(data.relations):
        if r[S.PERSON] == pid:
            refs.append((S.RELATIONS, line, "remove", "a relation"))
        elif r[S.RELATED] == pid:
            refs.append((S.RELATIONS, line, "change", "related kept as a name only"))
    return refs


def _lines(lines: Sequence[int]) -> str:
    return ("line " if len(lines) == 1 else "lines ") + ", ".join(map(str, lines))


def cmd_rm(args: argparse.Namespace, out: Output) -> int:
    """Remove one contact; with ``--cascade`` also the rows that refer to them."""
    data = read_folder(args.folder)
    pid, line = _contact_line(data, args.id)
    name = str(data.contacts.at[line, S.NAME])
    refs = _references(data, pid)
    if refs and not args.cascade and not args.dry_run:
        by_file: dict[str, list[int]] = {}
        for t, li, _, _ in refs:
            by_file.setdefault(t.file, []).append(li)
        where = "; ".join(f"{f} {_lines(li)}" for f, li in by_file.items())
        raise ConfigError(
            f"{pid} is still referred to in {where}; pass --cascade to remove or change "
            "those rows too (--dry-run shows how)"
        )
    plan = [(S.CONTACTS, line, "remove", name), *refs]
    if args.dry_run:
        for t, li, action, what in plan:
            verb = "would remove" if action == "remove" else "would change"
            out.line(f"{verb} {t.file}:{li} ({what})")
        if refs and not args.cascade:
            out.line("rm refuses this without --cascade, as rows refer to them")
        return 0
    changes = _apply_rm(data, pid, line, refs)
    tables = tuple(t for t in S.TABLES if t.name in changes)
    write_folder(data.replace(**changes), args.folder, tables=tables)
    extra = f" and removed or changed {len(refs)} row(s) that referred to them" if refs else ""
    out.line(f"removed {name} ({pid}){extra}")
    for t, li, action, what in refs:
        out.line(f"  {'removed' if action == 'remove' else 'changed'} {t.file}:{li} ({what})")
    return 0


def _apply_rm(
    data: NetworkData, pid: str, line: int, refs: list[tuple[S.Table, int, str, str]]
) -> dict[str, pd.DataFrame]:
    changes = {S.CONTACTS.name: data.contacts.drop(index=line)}
    for t in {t for t, *_ in refs}:
        df = data.table(t).copy()
        gone = [li for tt, li, action, _ in refs if tt is t and action == "remove"]
        for tt, li, action, _ in refs:
            if tt is not t or action != "change":
                continue
            if t is S.INTERACTIONS:
                people = split_list(df.at[li, S.WITH])
                df.at[li, S.WITH] = S.LIST_SEP.join(p for p in people if p != pid)
                if df.at[li, S.STARTED_BY] == pid:
                    df.at[li, S.STARTED_BY] = ""
            elif t is S.RELATIONS:
                if not df.at[li, S.RELATED_NAME]:
                    df.at[li, S.RELATED_NAME] = str(data.contacts.at[line, S.NAME])
                df.at[li, S.RELATED] = ""
        changes[t.name] = df.drop(index=gone)
    return changes


# ---------------------------------------------------------------------------
# intro (record)


def cmd_intro_record(args: argparse.Namespace, out: Output) -> int:
    """Record "C introduced A to B" (B is the owner when ``--to`` is left out)."""
    data = read_folder(args.folder)
    me = data.settings.owner_id
    person = resolve_contact(data, args.person)
    by = resolve_contact(data, args.by)
    to = resolve_contact(data, args.to) if args.to else me
    when = parse_date(args.date)
    if by == person:
        raise ConfigError(f"--by: {by} cannot introduce {person} to anyone: they are the same")
    if by == to:
        raise ConfigError(f"--to and --by are the same person ({by})")
    if to == person:
        raise ConfigError(f"--to: {person} cannot be introduced to themselves")
    intro = data.introductions
    stored_to = "" if to == me else to
    same = intro.index[
        (intro[S.PERSON] == person)
        & (intro[S.MET_THROUGH] == by)
        & (intro[S.TO].isin([stored_to, to]))
        & (format_dates(intro[S.DATE]) == _day(when))
    ]
    if len(same):
        raise ConfigError(
            f"this introduction is already recorded ({S.INTRODUCTIONS.file}:{same[0]})"
        )
    row = {
        S.PERSON: person,
        S.MET_THROUGH: by,
        S.TO: stored_to,
        S.DATE: _day(when),
        S.CONTEXT: args.context,
    }
    new = data.replace(introductions=_append(S.INTRODUCTIONS, intro, row))
    write_folder(new, args.folder, tables=(S.INTRODUCTIONS,))
    out.line(
        f"recorded: {_who(data, by)} introduced {_who(data, person)} to {_who(data, to)} "
        f"on {_day(when)}" + (f" ({args.context})" if args.context else "")
    )
    return 0


# ---------------------------------------------------------------------------
# orgs


def org_table(data: NetworkData, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Return each organisation with its aliases and current and former member counts.

    Columns ``organisation``, ``aliases`` (list), ``current``, ``former``
    (people who left and are not back), ``jobs``; most current members first.
    """
    as_of = _today() if as_of is None else as_of
    c, aff, jobs = data.contacts, data.affiliations, data.jobs
    index = OrgIndex(data.orgs, names=pd.concat([c[S.ORG], aff[S.ORG], jobs[S.ORG]]))
    now = aff[S.END].isna() | (aff[S.END] > as_of)
    current = pd.DataFrame(
        {
            "person": pd.concat([c[S.ID], aff[S.PERSON][now]]),
            "org": pd.concat([c[S.ORG], aff[S.ORG][now]]),
        }
    )
    former = pd.DataFrame({"person": aff[S.PERSON][~now], "org": aff[S.ORG][~now]})
    current, former = (
        df[df["org"] != ""].assign(org=lambda d: index.canonical_series(d["org"]))
        for df in (current, former)
    )
    cur = current.drop_duplicates().groupby("org")["person"].size()
    pairs = set(zip(current["person"], current["org"], strict=True))
    back = [p in pairs for p in zip(former["person"], former["org"], strict=True)]
    left = former.loc[~pd.Series(back, index=former.index, dtype=bool)]
    gone = left.drop_duplicates().groupby("org")["person"].size()
    posts = index.canonical_series(jobs[S.ORG][jobs[S.ORG] != ""]).value_counts()
    names = index.names()
    out = pd.DataFrame(
        {
            "organisation": names,
            "aliases": [list(index.aliases.get(n, [])) for n in names],
            "current": [int(cur.get(n, 0)) for n in names],
            "former": [int(gone.get(n, 0)) for n in names],
            "jobs": [int(posts.get(n, 0)) for n in names],
        }
    )
    return out.sort_values(
        ["current", "former", "organisation"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)


def _suggested_aliases(data: NetworkData) -> list[dict[str, str]]:
    """Names that look like one organisation written two ways (from ``suggest_aliases``).

    Each is ``canonical``, ``alias`` and ``reason``; pairs ``orgs.csv``
    already joins are left out.
    """
    names = pd.concat([data.contacts[S.ORG], data.affiliations[S.ORG], data.jobs[S.ORG]])
    used = [n for n in names.astype(str) if n]  # repeats count as use
    return [
        {"canonical": canonical, "alias": alias, "reason": reason}
        for canonical, alias, reason in suggest_aliases(used, OrgIndex(data.orgs))
    ]


def cmd_orgs(args: argparse.Namespace, out: Output) -> int:
    """List organisations with member counts and suggested aliases."""
    data = read_folder(args.folder)
    table = org_table(data)
    suggestions = _suggested_aliases(data)
    if out.json_mode:
        out.json({"organisations": table.to_dict("records"), "suggested_aliases": suggestions})
        return 0
    if not len(table):
        out.line(f"No organisations in {args.folder} yet.")
        return 0
    out.table(
        ["organisation", "aliases", "current", "former", "jobs"],
        table.itertuples(index=False),
        title=f"Organisations in {args.folder}, most current members first",
        justify=["left", "left", "right", "right", "right"],
    )
    if suggestions:
        out.table(
            ["organisation", "also written", "why"],
            [(r["canonical"], r["alias"], r["reason"]) for r in suggestions],
            title="Suggested aliases (record one with: tiegraph orgs alias NAME ALIAS)",
        )
    return 0


def cmd_orgs_alias(args: argparse.Namespace, out: Output) -> int:
    """Record other names of an organisation in orgs.csv."""
    data = read_folder(args.folder)
    name = args.name.strip()
    if not name:
        raise ConfigError("NAME: an organisation needs a name")
    orgs = data.orgs.copy()
    owner: dict[str, tuple[int, str]] = {}  # org_key -> (line, name of its orgs.csv row)
    for line, row_name, aliases in zip(orgs.index, orgs[S.NAME], orgs[S.ALIASES], strict=True):
        for text in (row_name, *split_list(aliases)):
            owner.setdefault(org_key(text), (int(line), row_name))
    found = owner.get(org_key(name))
    if found is not None and org_key(found[1]) != org_key(name):
        raise ConfigError(
            f"{name!r} is already an alias of {found[1]!r} in orgs.csv; add aliases to that name"
        )
    line = found[0] if found is not None else None
    current = split_list(orgs.at[line, S.ALIASES]) if line is not None else []
    added: list[str] = []
    for alias in (a.strip() for a in args.aliases):
        if not alias or org_key(alias) == org_key(name):
            continue
        other = owner.get(org_key(alias))
        if other is not None and other[0] != line:
            raise ConfigError(f"{alias!r} is already a name of {other[1]!r} in orgs.csv")
        if S.LIST_SEP in alias:
            raise ConfigError(f"{alias!r}: an alias cannot hold {S.LIST_SEP!r}")
        if other is None and alias not in added:
            added.append(alias)
    if not added:
        out.line(f"orgs.csv: {name} already goes by {', '.join(current) or 'no other name'}")
        return 0
    if line is None:
        orgs = _append(S.ORGS, orgs, {S.NAME: name, S.ALIASES: S.LIST_SEP.join(added)})
    else:
        orgs.at[line, S.ALIASES] = S.LIST_SEP.join([*current, *added])
    write_folder(data.replace(orgs=orgs), args.folder, tables=(S.ORGS,))
    shown = str(orgs.at[line, S.NAME]) if line is not None else name
    out.line(f"orgs.csv: {shown} now also goes by {', '.join(added)}")
    return 0


# ---------------------------------------------------------------------------
# target


def _toml_array(values: Sequence[str]) -> str:
    return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in values) + "]"


def _value_end(text: str, i: int) -> int:
    """Return where the TOML value starting at ``text[i]`` ends (strings, arrays, comments)."""
    n = len(text)
    depth = 0
    while i < n:
        ch = text[i]
        if ch in "\"'":
            quote = ch * 3 if text.startswith(ch * 3, i) else ch
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if ch == '"' and text[j] == "\\" else 1
            i = j + len(quote)
            if depth == 0:
                return i
            continue
        if ch == "#" and depth > 0:
            nl = text.find("\n", i)
            i = n if nl < 0 else nl
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i + 1
        elif depth == 0 and ch not in " \t":
            j = i
            while j < n and text[j] not in " \t\r\n#":
                j += 1
            return j
        i += 1
    raise ConfigError("network.toml: [targets] orgs has no end; fix it by hand")


_HEADER = re.compile(r"^[ \t]*\[(?!\[)[ \t]*([^\]\n]+?)[ \t]*\][ \t]*(?:#.*)?$")
_ORGS_KEY = re.compile(r"^[ \t]*orgs[ \t]*=[ \t]*", re.MULTILINE)


def set_target_orgs(text: str, orgs: Sequence[str]) -> str:
    r"""Return ``network.toml`` text with ``[targets] orgs`` set, the rest kept as written.

    Only the value of ``orgs`` changes (its comment stays); a missing key or
    table is added.

    Examples
    --------
    >>> text = '[owner]\nid = "me"\n\n[targets]\norgs = []   # wanted\n'
    >>> print(set_target_orgs(text, ["AFSCME", "SEIU"]), end="")
    [owner]
    id = "me"
    <BLANKLINE>
    [targets]
    orgs = ["AFSCME", "SEIU"]   # wanted
    >>> print(set_target_orgs('[owner]\nid = "me"\n', ["AFT"]), end="")
    [owner]
    id = "me"
    <BLANKLINE>
    [targets]
    orgs = ["AFT"]
    """
    nl = "\r\n" if "\r\n" in text else "\n"
    value = _toml_array(orgs)
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    start = end = None
    for i, line in enumerate(lines):
        m = _HEADER.match(line.rstrip("\r\n"))
        if not m:
            continue
        if start is None and m.group(1).strip() == "targets":
            start = i
        elif start is not None:
            end = i
            break
    if start is None:
        sep = "" if not text or text.endswith("\n") else nl
        blank = nl if text.strip() else ""
        new = f"{text}{sep}{blank}[targets]{nl}orgs = {value}{nl}"
    else:
        lo, hi = offsets[start + 1], offsets[end if end is not None else len(lines)]
        m = _ORGS_KEY.search(text, lo, hi)
        if m is None:
            new = text[:lo] + f"orgs = {value}{nl}" + text[lo:]
            if not text[:lo].endswith("\n"):
                new = text[:lo] + nl + f"orgs = {value}{nl}" + text[lo:]
        else:
            stop = _value_end(text, m.end())
            new = text[: m.end()] + value + text[stop:]
    try:
        parsed = tomllib.loads(new).get("targets", {}).get("orgs")
    except (tomllib.TOMLDecodeError, AttributeError):
        parsed = None
    if isinstance(parsed, str):
        parsed = [parsed]
    if parsed != list(orgs):
        raise ConfigError(
            "network.toml: could not find where [targets] orgs is written; edit it by hand"
        )
    return new


def cmd_target(args: argparse.Namespace, out: Output) -> int:
    """Add or remove a target organisation in ``network.toml``, editing only that value."""
    data = read_folder(args.folder)
    folder = Path(args.folder)
    path = folder / S.SETTINGS_FILE
    if path.exists():
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            raise DataError(path, "is not UTF-8 text; save it as UTF-8") from None
    else:
        text = settings_template(data.settings.owner_id, data.settings.owner_name)
    targets = list(data.settings.targets)
    org = args.org.strip()
    keys = [org_key(t) for t in targets]
    if args.action == "add":
        if not org:
            raise ConfigError("ORG: give an organisation")
        if org_key(org) in keys:
            out.line(f"{org} is already a target ({', '.join(targets)})")
            return 0
        targets.append(org)
        known = OrgIndex(
            data.orgs,
            names=pd.concat([data.contacts[S.ORG], data.affiliations[S.ORG], data.jobs[S.ORG]]),
        )
        try:
            known.resolve(org)
        except NotFoundError as exc:
            out.warn(f"nobody in {folder} is at {org} yet ({exc})")
    else:
        if org_key(org) not in keys:
            raise ConfigError(f"{org!r} is not a target (targets: {', '.join(targets) or 'none'})")
        del targets[keys.index(org_key(org))]
    journaled_write(folder, {path: set_target_orgs(text, targets)})
    out.line(f"targets: {', '.join(targets) or 'none'}")
    return 0


# ---------------------------------------------------------------------------
# jobs add | rm | list


def cmd_jobs_add(args: argparse.Namespace, out: Output) -> int:
    """Append one posting to jobs.csv."""
    data = read_folder(args.folder)
    org, title = args.org.strip(), args.title.strip()
    if not org or not title:
        raise ConfigError("--org and --title: a posting needs both")
    posted = _day(parse_date(args.posted, "--posted")) if args.posted else ""
    row = {
        S.ORG: org,
        S.TITLE: title,
        S.LOCATION: args.location,
        S.URL: args.url,
        S.POSTED: posted,
        S.STATUS: args.status,
    }
    jobs = _append(S.JOBS, data.jobs, row)
    write_folder(data.replace(jobs=jobs), args.folder, tables=(S.JOBS,))
    out.line(f"added job #{len(jobs)}: {title} at {org}")
    return 0


def cmd_jobs_rm(args: argparse.Namespace, out: Output) -> int:
    """Remove the posting numbered N in ``tiegraph jobs list``."""
    data = read_folder(args.folder)
    jobs = data.jobs
    if not 1 <= args.number <= len(jobs):
        raise ConfigError(
            f"N: there is no job #{args.number} ({S.JOBS.file} has {len(jobs)}; "
            "see tiegraph jobs list)"
        )
    line = jobs.index[args.number - 1]
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
