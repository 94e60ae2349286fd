"""Importing LinkedIn's whole data export: connections, messages, invitations, your name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pandas as pd

from .. import schema as S
from ..identity import name_key
from ..io.folder import table_from_rows
from ..io.linkedin import read_linkedin_export
from ..keys import normalize_url
from ..settings import set_toml_value
from .report import Skip
from .work import Work, import_contacts, remember_owner, resolve_mentions, set_interactions

__all__ = ["import_linkedin_export"]


def import_linkedin_export(
    work: Work,
    encoding: str | None,
    strict: bool,
    keep_text: bool,
    step: Callable[[str], None],
) -> None:
    """Import LinkedIn's data export: connections, your name, messages and invitations."""
    reading = read_linkedin_export(
        work.source, encoding=encoding, strict=strict, keep_text=keep_text
    )
    res = import_contacts(work, reading, "Connections.csv", step, prefix_notes=False)
    owner_name = str(reading.extra.get("owner_name") or "")
    if owner_name and work.data.settings.owner_name in ("", "Me"):
        work.data = work.data.replace(settings=replace(work.data.settings, owner_name=owner_name))
        text = work.settings_text or work.data.settings_text
        if text is None:
            from ..io.folder import settings_template

            text = settings_template(work.data.settings.owner_id, owner_name)
        else:
            text = set_toml_value(text, "owner", "name", owner_name)
        work.settings_text = text
    del res
    messages = reading.extra.get("messages")
    invitations = reading.extra.get("invitations")
    skipped: list[Skip] = [
        ("messages.csv", li, r)
        for li, r in reading.extra.get("skipped_messages", [])  # type: ignore[attr-defined]
    ] + [
        ("Invitations.csv", li, r)
        for li, r in reading.extra.get("skipped_invitations", [])  # type: ignore[attr-defined]
    ]
    msgs = messages if isinstance(messages, pd.DataFrame) else pd.DataFrame()
    invs = invitations if isinstance(invitations, pd.DataFrame) else pd.DataFrame()
    records = len(msgs) + len(invs) + len(skipped)
    now = pd.Timestamp.now(tz="UTC")
    for name, frame in (("messages.csv", msgs), ("Invitations.csv", invs)):
        if len(frame) and "date" in frame:
            future = (pd.to_datetime(frame["date"], utc=True) > now).to_numpy()
            skipped += [
                (name, int(li), "in the future (not yet happened)") for li in frame.index[future]
            ]
    if len(msgs) and "date" in msgs:
        msgs = msgs[~(pd.to_datetime(msgs["date"], utc=True) > now).to_numpy()]
    if len(invs) and "date" in invs:
        invs = invs[~(pd.to_datetime(invs["date"], utc=True) > now).to_numpy()]
    owner = work.data.settings.owner_id
    # you are the profile in (nearly) every conversation
    my_urls = {u for u in map(normalize_url, work.data.settings.owner_urls) if u}
    if len(msgs) and not my_urls:
        counts: dict[str, set[str]] = {}
        for conv, f, tos in zip(
            msgs["conversation"], msgs["from_url"], msgs["to_urls"], strict=True
        ):
            for u in [f, *tos]:
                n = normalize_url(u)
                if n:
                    counts.setdefault(n, set()).add(str(conv))
        if counts:
            best = max(counts, key=lambda u: (len(counts[u]), u))
            my_urls.add(best)
            work.notes.append(
                f"messages.csv: took {best} (in {len(counts[best])} of "
                f"{msgs['conversation'].nunique()} conversations) as you"
            )
    if my_urls:
        remember_owner(work, "urls", sorted(my_urls))
    my_name = name_key(owner_name or work.data.settings.owner_name)

    # people in messages and invitations who are not connections yet
    people: dict[str, dict[str, object]] = {}

    def person(name: str, url: str, line: int) -> str:
        n = normalize_url(url)
        if (n and n in my_urls) or (not n and name and name_key(name) == my_name):
            return ""
        key = n or f"name:{name_key(name)}"
        if key not in people:
            people[key] = {S.NAME: name or url, S.URL: url, S.SOURCE: "linkedin", "_line": line}
        return key

    def keys_of(frame: pd.DataFrame, kind: str) -> list[tuple[list[str], str]]:
        out = []
        for line, rec in zip(frame.index, frame.to_dict("records"), strict=True):
            if kind == "message":
                sender = person(str(rec["from_name"]), str(rec["from_url"]), int(line))
                tos = [
                    person(str(n), str(u), int(line))
                    for n, u in zip(rec["to_names"], rec["to_urls"], strict=False)
                ]
                out.append(([k for k in [sender, *tos] if k], sender))
            else:
                a = person(str(rec["from_name"]), str(rec["from_url"]), int(line))
                b = person(str(rec["to_name"]), str(rec["to_url"]), int(line))
                out.append(([k for k in (a, b) if k], a))
        return out

    msg_keys = keys_of(msgs, "message") if len(msgs) else []
    inv_keys = keys_of(invs, "invitation") if len(invs) else []
    incoming = table_from_rows(
        S.CONTACTS,
        [{k: v for k, v in p.items() if k != "_line"} for p in people.values()],
        [int(str(p["_line"])) for p in people.values()],
    )
    res2 = resolve_mentions(work, incoming) if len(incoming) else None
    id_of = dict(zip(people, res2.ids, strict=True)) if res2 is not None else {}
    rows = []
    for frame, keyed, channel in ((msgs, msg_keys, "message"), (invs, inv_keys, "social")):
        for (line, rec), (ks, sender) in zip(frame.iterrows(), keyed, strict=True):
            ids = list(dict.fromkeys(id_of[k] for k in ks))
            if not ids:
                skipped.append(
                    (
                        "messages.csv" if channel == "message" else "Invitations.csv",
                        int(line),
                        "nobody but you in it",
                    )
                )
                continue
            rows.append(
                {
                    S.DATE: rec["date"],
                    S.WITH: S.LIST_SEP.join(ids),
                    S.BY: "",
                    S.CHANNEL: channel,
                    S.NOTES: str(rec.get("text", "") or "")
                    if channel == "message"
                    else "LinkedIn invitation"
                    + (f": {rec.get('text')}" if rec.get("text") else ""),
                    S.STARTED_BY: id_of[sender] if sender else owner,
                }
            )
    frame = pd.DataFrame(rows, columns=[S.DATE, S.WITH, S.BY, S.CHANNEL, S.NOTES, S.STARTED_BY])
    added, known = set_interactions(work, frame) if len(frame) else (0, 0)
    if res2 is not None:
        # people first seen in messages count among the contacts added
        rep = work.report
        rep["added"] = tuple(rep["added"]) + tuple(res2.added)  # type: ignore[arg-type]
        rep["merged"] = tuple(rep["merged"]) + tuple(res2.merged)  # type: ignore[arg-type]
        rep["records"] = int(rep["records"]) + len(incoming)  # type: ignore[call-overload]
    work.report.update(
        interaction_records=records,
        interactions_added=added,
        interactions_unchanged=known,
        interactions_skipped=tuple(skipped),
    )
