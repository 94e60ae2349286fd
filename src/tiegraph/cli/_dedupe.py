"""``tiegraph duplicates`` and ``tiegraph merge``: one person, one contact."""

from __future__ import annotations

import argparse

from .. import schema as S
from ..dedupe import MIN_SCORE, merge_contacts, possible_duplicates
from ..exceptions import ConfigError
from ..io.folder import read_folder, write_folder
from ..settings import set_toml_value
from ._common import Output, add_folder, add_json

_WRITTEN = (S.CONTACTS, S.INTRODUCTIONS, S.INTERACTIONS, S.AFFILIATIONS, S.RELATIONS)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``duplicates`` and ``merge``."""
    p = sub.add_parser(
        "duplicates",
        help="list contacts that may be one person, with the evidence for and against",
    )
    add_folder(p)
    p.add_argument(
        "--min-score",
        type=float,
        default=MIN_SCORE,
        metavar="S",
        help=f"leave out pairs scoring below S, 0-1 (default {MIN_SCORE})",
    )
    p.add_argument("--limit", type=int, default=50, metavar="N", help="show N pairs (default 50)")
    p.add_argument(
        "--distinct",
        nargs=2,
        metavar=("A", "B"),
        help="record that A and B are two people: the pair is not listed again",
    )
    add_json(p)
    p.set_defaults(func=cmd_duplicates)

    p = sub.add_parser(
        "merge",
        help="merge contacts into one (every email, phone, tag, note and reference kept)",
        description="Merge OTHER contacts into KEEP: one contact with everything both had; "
        "every introduction, interaction, affiliation and relation is rewritten to KEEP, "
        "and the other ids become aliases of KEEP. `tiegraph undo` takes it back.",
    )
    p.add_argument("keep", metavar="KEEP", help="the id to keep")
    p.add_argument("others", metavar="OTHER", nargs="+", help="ids merged into KEEP")
    add_folder(p, positional=False)
    p.add_argument(
        "--force",
        action="store_true",
        help="merge even when their emails, phones or profile URLs differ",
    )
    p.add_argument("--dry-run", action="store_true", help="say what would change; write nothing")
    add_json(p)
    p.set_defaults(func=cmd_merge)


def _distinct_pairs(settings_raw: object) -> list[list[str]]:
    identity = settings_raw.get("identity", {}) if isinstance(settings_raw, dict) else {}
    pairs = identity.get("distinct", []) if isinstance(identity, dict) else []
    return [list(p) for p in pairs if isinstance(p, list) and len(p) == 2]


def cmd_duplicates(args: argparse.Namespace, out: Output) -> int:
    """List possible duplicates, most likely first; or record a pair as distinct."""
    data = read_folder(args.folder)
    distinct = _distinct_pairs(dict(data.settings.raw))
    if args.distinct:
        a, b = args.distinct
        for pid in (a, b):
            if pid not in set(data.contacts[S.ID]):
                raise ConfigError(f"--distinct: {pid!r} is not a contact id")
        if sorted([a, b]) not in [sorted(p) for p in distinct]:
            distinct.append(sorted([a, b]))
            text = data.settings_text or ""
            write_folder(
                data.replace(settings_text=set_toml_value(text, "identity", "distinct", distinct)),
                args.folder,
                tables=(),
                write_settings=True,
            )
        out.line(f"{a} and {b} are recorded as two people ([identity] distinct in network.toml)")
        return 0
    if not 0 <= args.min_score <= 1:
        raise ConfigError(f"--min-score must be between 0 and 1, not {args.min_score}")
    pairs = possible_duplicates(data, min_score=args.min_score, ignore=distinct)
    if out.json_mode:
        out.json(pairs.to_dict("records"))
        return 0
    if not len(pairs):
        out.line(f"{args.folder}: no possible duplicates")
        return 0
    shown = pairs.head(args.limit)
    out.table(
        ["score", "contact", "and", "for", "against"],
        [
            (
                f"{r.score:.2f}",
                f"{r.a_name} ({r.a})",
                f"{r.b_name} ({r.b})",
                "; ".join(r[5]),
                "; ".join(r[6]),
            )
            for r in shown.itertuples(index=False)
        ],
        title=f"Possible duplicates in {args.folder}, most likely first",
    )
    if len(pairs) > len(shown):
        out.line(f"... and {len(pairs) - len(shown)} more (--limit, --json)")
    top = shown.iloc[0]
    out.line(
        f"merge a pair with `tiegraph merge {top.a} {top.b}`, or record two people with "
        f"`tiegraph duplicates --distinct {top.a} {top.b}`; `tiegraph undo` takes a merge back"
    )
    return 0


def cmd_merge(args: argparse.Namespace, out: Output) -> int:
    """Merge contacts into one."""
    data = read_folder(args.folder)
    result = merge_contacts(data, args.keep, args.others, force=args.force)
    if not args.dry_run:
        write_folder(result.data, args.folder, tables=_WRITTEN)
    if out.json_mode:
        out.json(
            {
                "kept": result.kept,
                "merged": result.merged,
                "dry_run": args.dry_run,
                "dropped": [{"file": f, "line": li, "why": w} for f, li, w in result.dropped],
                "conflicts": [{"column": c, "kept": k, "other": o} for c, k, o in result.conflicts],
            }
        )
        return 0
    verb = "would merge" if args.dry_run else "merged"
    out.line(f"{verb} {', '.join(result.merged)} into {result.kept}")
    for col, kept, other in result.conflicts:
        out.line(f"kept {col} {kept!r} (the other had {other!r})")
    for file, line, why in result.dropped:
        out.line(f"{'would drop' if args.dry_run else 'dropped'} {file}:{line}: {why}")
    if not args.dry_run:
        out.line("`tiegraph undo` takes it back")
    return 0
