"""Commands that curate one contact: edit, rm and intro (record).

``edit`` changes a contact's fields (an organisation change keeps the old one
as a former affiliation), ``rm`` removes a contact and, with ``--cascade``,
the rows that refer to them, and ``tiegraph intro A --by C`` records an
introduction. Registered by :mod:`tiegraph.cli._curate`.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from typing import Any

import pandas as pd

from .. import schema as S
from ..exceptions import ConfigError
from ..io.folder import NetworkData, format_dates, read_folder, write_folder
from ..keys import normalize_email, normalize_phone, normalize_url, split_list
from ..orgs import org_key
from ._common import (
    Output,
    add_folder,
    add_rows,
    append_rows,
    contact_line,
    day,
    parse_date,
    resolve_contact,
    today,
)

__all__ = ["edit_list", "edit_tags", "register"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register edit, rm and intro (record)."""
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
    pid, line = contact_line(data, args.id)
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
        old = "" if pd.isna(row[S.SINCE]) else day(row[S.SINCE])
        new = "" if pd.isna(when) else day(when)
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
            said.append(f"{old_org} kept as a former affiliation ({how} {day(today())})")
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
    now = today()
    open_rows = aff.index[
        (aff[S.PERSON] == pid)
        & (aff[S.ORG].map(org_key) == org_key(org))
        & (aff[S.END].isna() | (aff[S.END] > now))
    ]
    if len(open_rows):
        aff = aff.copy()
        aff.loc[open_rows, S.END] = now
        return aff, "ended"
    row = {S.PERSON: pid, S.ORG: org, S.TITLE: title, S.START: "", S.END: day(now)}
    return append_rows(S.AFFILIATIONS, aff, [row]), "ending"


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
    pid, line = contact_line(data, args.id)
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
        & (format_dates(intro[S.DATE]) == day(when))
    ]
    if len(same):
        raise ConfigError(
            f"this introduction is already recorded ({S.INTRODUCTIONS.file}:{same[0]})"
        )
    row = {
        S.PERSON: person,
        S.MET_THROUGH: by,
        S.TO: stored_to,
        S.DATE: day(when),
        S.CONTEXT: args.context,
    }
    add_rows(args.folder, data, S.INTRODUCTIONS, [row])
    out.line(
        f"recorded: {_who(data, by)} introduced {_who(data, person)} to {_who(data, to)} "
        f"on {day(when)}" + (f" ({args.context})" if args.context else "")
    )
    return 0
