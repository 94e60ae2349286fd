"""Settings of a network folder, as read from ``network.toml``.

The file has four tables, all optional::

    [owner]            # who "me" is
    id = "me"
    name = "Alex Rivera"
    emails = ["alex@example.org"]   # your own addresses, phones and profile URLs:
    phones = []                     # imported rows with them are you, not a contact
    urls = []

    [identity]
    default_region = "US"   # phone numbers without a country code are read in this region

    [targets]          # organisations you want to get into
    orgs = ["AFSCME"]

    [graph]            # how ties are inferred
    max_meeting_size = 25    # no "shared meeting" ties for meetings larger than this
    same_org_max_size = 30   # no "same organisation" ties for organisations larger than this

    [strength]         # the tie-strength model (see tiegraph.strength)
    ...

Unknown keys are kept, so a file round-trips. The ``[strength]`` table is
checked by the strength model's own rule when the settings are read, so
``tiegraph check`` refuses exactly what ``load_network`` refuses; the owner's
id follows the id rule of :mod:`tiegraph.ids`.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import phonenumbers

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .exceptions import ConfigError
from .ids import ID_RULE, id_problem

__all__ = ["Settings", "set_toml_value"]

DEFAULT_OWNER_ID = "me"
DEFAULT_MAX_MEETING_SIZE = 25
DEFAULT_SAME_ORG_MAX_SIZE = 30


@dataclass(frozen=True)
class Settings:
    """The settings of one network folder.

    Examples
    --------
    >>> s = Settings.from_dict({"owner": {"name": "Alex"}, "targets": {"orgs": ["AFSCME"]}})
    >>> s.owner_id, s.owner_name, s.targets
    ('me', 'Alex', ('AFSCME',))
    """

    owner_id: str = DEFAULT_OWNER_ID
    owner_name: str = "Me"
    targets: tuple[str, ...] = ()
    max_meeting_size: int = DEFAULT_MAX_MEETING_SIZE
    same_org_max_size: int = DEFAULT_SAME_ORG_MAX_SIZE
    #: the raw ``[strength]`` table; tiegraph.strength validates it
    strength: Mapping[str, Any] = field(default_factory=dict)
    #: your own emails, phones and profile URLs (``[owner] emails``, ``phones``, ``urls``)
    owner_emails: tuple[str, ...] = ()
    owner_phones: tuple[str, ...] = ()
    owner_urls: tuple[str, ...] = ()
    #: region for phone numbers without a country code (``[identity] default_region``)
    default_region: str | None = None
    #: everything as read, for writing back unchanged
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "network.toml") -> Settings:
        """Validate the parsed TOML ``data`` and return the settings."""
        owner = _table(data, "owner", source)
        targets = _table(data, "targets", source)
        graph = _table(data, "graph", source)
        strength = _table(data, "strength", source)
        identity = _table(data, "identity", source)
        region = identity.get("default_region")
        if region is not None and (
            not isinstance(region, str) or region.upper() not in phonenumbers.SUPPORTED_REGIONS
        ):
            raise ConfigError(
                f"{source}: [identity] default_region must be a two-letter country code "
                f'such as "US" or "GB", not {region!r}'
            )
        owner_id = owner.get("id", DEFAULT_OWNER_ID)
        if not isinstance(owner_id, str) or id_problem(owner_id.strip()) is not None:
            raise ConfigError(f"{source}: [owner] id {owner_id!r} is not a valid id ({ID_RULE})")
        _check_strength(strength)
        owner_name = owner.get("name", "Me")
        if not isinstance(owner_name, str):
            raise ConfigError(f"{source}: [owner] name must be a text")
        orgs = targets.get("orgs", [])
        if isinstance(orgs, str):
            orgs = [orgs]
        if not isinstance(orgs, list) or not all(isinstance(o, str) for o in orgs):
            raise ConfigError(f"{source}: [targets] orgs must be a list of names")
        return cls(
            owner_id=owner_id.strip(),
            owner_name=owner_name,
            targets=tuple(orgs),
            max_meeting_size=_positive_int(
                graph, "max_meeting_size", DEFAULT_MAX_MEETING_SIZE, source
            ),
            same_org_max_size=_positive_int(
                graph, "same_org_max_size", DEFAULT_SAME_ORG_MAX_SIZE, source
            ),
            strength=dict(strength),
            owner_emails=_texts(owner, "emails", source),
            owner_phones=_texts(owner, "phones", source),
            owner_urls=_texts(owner, "urls", source),
            default_region=region.upper() if region else None,
            raw=dict(data),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the settings as a TOML-ready dict, keeping unknown keys."""
        out: dict[str, Any] = {k: v for k, v in self.raw.items()}
        out["owner"] = {
            **dict(self.raw.get("owner", {})),
            "id": self.owner_id,
            "name": self.owner_name,
        }
        out["targets"] = {**dict(self.raw.get("targets", {})), "orgs": list(self.targets)}
        out["graph"] = {
            **dict(self.raw.get("graph", {})),
            "max_meeting_size": self.max_meeting_size,
            "same_org_max_size": self.same_org_max_size,
        }
        if self.strength:
            out["strength"] = dict(self.strength)
        return out


def _check_strength(table: Mapping[str, Any]) -> None:
    """Refuse a ``[strength]`` table the tie-strength model refuses.

    The rule has one home, :meth:`tiegraph.strength.StrengthParams.from_settings`
    (what ``load_network`` applies); calling it here makes every command
    that reads the folder, ``check`` included, refuse the same settings.
    """
    from .strength_params import StrengthParams  # below the model; it imports these settings

    StrengthParams.from_settings(table)


def _table(data: Mapping[str, Any], key: str, source: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, Mapping):
        raise ConfigError(f"{source}: [{key}] must be a table")
    return value


def _texts(table: Mapping[str, Any], key: str, source: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{source}: [owner] {key} must be a list of texts")
    return tuple(v.strip() for v in value if v.strip())


_HEADER = re.compile(r"^\s*\[([^\[\]]+)\]\s*(#.*)?$")


def set_toml_value(
    text: str, table: str, key: str, value: str | int | Sequence[str] | Sequence[Sequence[str]]
) -> str:
    r"""Return ``network.toml`` text with ``[table] key = value`` set, all else untouched.

    The line of ``key`` in ``[table]`` is replaced (keeping a trailing
    comment); a missing key is added at the end of its table, and a missing
    table at the end of the file. Comments and every other line stay as they
    are, so a file you edit by hand keeps its shape.

    Examples
    --------
    >>> text = "[owner]\nid = \"me\"  # you\n\n[graph]\nmax_meeting_size = 25\n"
    >>> print(set_toml_value(text, "owner", "emails", ["a@x.org"]), end="")
    [owner]
    id = "me"  # you
    emails = ["a@x.org"]
    <BLANKLINE>
    [graph]
    max_meeting_size = 25
    >>> print(set_toml_value(text, "graph", "max_meeting_size", 30), end="")
    [owner]
    id = "me"  # you
    <BLANKLINE>
    [graph]
    max_meeting_size = 30
    """
    rendered = json.dumps(
        value if isinstance(value, (str, int)) else list(value), ensure_ascii=False
    )
    lines = text.split("\n")
    current = None
    start = end = None
    key_re = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for i, line in enumerate(lines):
        m = _HEADER.match(line)
        if m:
            if current == table:
                end = i
                break
            current = m.group(1).strip()
            if current == table:
                start = i
            continue
        if current == table and key_re.match(line):
            lines[i] = f"{key} = {rendered}{_trailing_comment(line)}"
            return "\n".join(lines)
    if start is None:
        tail = "" if text.endswith("\n") or not text else "\n"
        return f"{text}{tail}\n[{table}]\n{key} = {rendered}\n"
    end = len(lines) if end is None else end
    insert = end
    while insert - 1 > start and not lines[insert - 1].strip():
        insert -= 1
    lines.insert(insert, f"{key} = {rendered}")
    return "\n".join(lines)


def _trailing_comment(line: str) -> str:
    """Return the ``  # comment`` after a ``key = value`` line's value, or ""."""
    eq = line.index("=")
    for pos in [i for i, ch in enumerate(line) if ch == "#" and i > eq]:
        try:
            tomllib.loads(f"x = {line[eq + 1 : pos]}")
        except tomllib.TOMLDecodeError:
            continue
        return "  " + line[pos:].strip()
    return ""


def _positive_int(table: Mapping[str, Any], key: str, default: int, source: str) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{source}: {key} must be a whole number of at least 1, not {value!r}")
    return value
