"""Settings of a network folder, as read from ``network.toml``.

The file has four tables, all optional::

    [owner]            # who "me" is
    id = "me"
    name = "Alex Rivera"

    [targets]          # organisations you want to get into
    orgs = ["AFSCME"]

    [graph]            # how ties are inferred
    max_meeting_size = 25    # no "shared meeting" ties for meetings larger than this
    same_org_max_size = 30   # no "same organisation" ties for organisations larger than this

    [strength]         # the tie-strength model (see tiegraph.strength)
    ...

Unknown keys are kept, so a file round-trips.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .exceptions import ConfigError

__all__ = ["Settings"]

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
    #: everything as read, for writing back unchanged
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "network.toml") -> Settings:
        """Validate the parsed TOML ``data`` and return the settings."""
        owner = _table(data, "owner", source)
        targets = _table(data, "targets", source)
        graph = _table(data, "graph", source)
        strength = _table(data, "strength", source)
        owner_id = owner.get("id", DEFAULT_OWNER_ID)
        if not isinstance(owner_id, str) or not owner_id.strip() or ";" in owner_id:
            raise ConfigError(f"{source}: [owner] id must be a non-empty text without ';'")
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


def _table(data: Mapping[str, Any], key: str, source: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, Mapping):
        raise ConfigError(f"{source}: [{key}] must be a table")
    return value


def _positive_int(table: Mapping[str, Any], key: str, default: int, source: str) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{source}: {key} must be a whole number of at least 1, not {value!r}")
    return value
