"""Commands that curate organisations: orgs, orgs alias and target.

``orgs`` lists the organisations with their members now and before and the
names that look like one organisation written two ways; ``orgs alias``
records other names in ``orgs.csv``; ``target add|rm`` edits ``[targets]
orgs`` in ``network.toml``, changing only that value. Registered by
:mod:`tiegraph.cli._curate`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from .. import schema as S
from ..exceptions import ConfigError, DataError, NotFoundError
from ..history import journaled_write
from ..io.folder import NetworkData, read_folder, settings_template, write_folder
from ..keys import split_list
from ..orgs import OrgIndex, org_key, suggest_aliases
from ._common import Output, add_folder, add_json, append_rows, today

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["org_table", "register", "set_target_orgs"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register orgs, orgs alias and target (add|rm)."""
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


# ---------------------------------------------------------------------------
# orgs


def org_table(data: NetworkData, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Return each organisation with its aliases and current and former member counts.

    Columns ``organisation``, ``aliases`` (list), ``current``, ``former``
    (people who left and are not back), ``jobs``; most current members first.
    """
    as_of = today() if as_of is None else as_of
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
        orgs = append_rows(S.ORGS, orgs, [{S.NAME: name, S.ALIASES: S.LIST_SEP.join(added)}])
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
