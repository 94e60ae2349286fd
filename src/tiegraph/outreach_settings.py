"""The outreach loop's settings: ``[outreach]`` and ``[search]`` of network.toml.

Below the folder's checks (which need the kinds of ask) and the outreach
analyses (:mod:`tiegraph.outreach`, which re-exports these).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from . import schema as S
from .exceptions import ConfigError
from .settings import Settings

__all__ = ["JobSearch", "OutreachSettings", "ask_kinds", "job_search"]


@dataclass(frozen=True)
class OutreachSettings:
    """The ``[outreach]`` table of ``network.toml``: how the to-do list reckons.

    Examples
    --------
    >>> s = OutreachSettings.from_settings(
    ...     Settings.from_dict({"outreach": {"follow_up_days": 5, "kinds": ["Coffee"]}}))
    >>> s.follow_up_days, s.ask_interval_weeks, s.kinds
    (5, 4, ('coffee',))
    """

    #: follow up an open ask this many days after it (or after the last contact since)
    follow_up_days: int = 7
    #: help this recent (days) still calls for a thank-you
    thank_days: int = 60
    #: follow up people met at an event within this many days
    event_days: int = 7
    #: never suggest asking someone asked within this many weeks
    ask_interval_weeks: int = 4
    #: collect references from an affiliation ending this many days either side of today
    reference_days: int = 30
    #: at most this many suggestions of each open-ended kind (tell, reference, keep, revive)
    per_kind: int = 3
    #: kinds of ask you define, beside :data:`tiegraph.schema.ASK_KINDS`
    kinds: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, settings: Settings | None) -> OutreachSettings:
        """Read ``[outreach]`` from the settings (defaults for what is missing)."""
        raw = settings.raw.get("outreach", {}) if settings is not None else {}
        if not isinstance(raw, Mapping):
            raise ConfigError("network.toml: [outreach] must be a table")
        values: dict[str, Any] = {}
        for key in (
            "follow_up_days",
            "thank_days",
            "event_days",
            "ask_interval_weeks",
            "reference_days",
            "per_kind",
        ):
            if key in raw:
                value = raw[key]
                if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                    raise ConfigError(
                        f"network.toml: [outreach] {key} must be a whole number of at least 0, "
                        f"not {value!r}"
                    )
                values[key] = value
        kinds = raw.get("kinds", [])
        if isinstance(kinds, str):
            kinds = [kinds]
        if not isinstance(kinds, list) or not all(
            isinstance(k, str) and k.strip() and S.LIST_SEP not in k for k in kinds
        ):
            raise ConfigError("network.toml: [outreach] kinds must be a list of words")
        unknown = sorted(set(raw) - {*values, "kinds"} - set(cls.__dataclass_fields__))
        if unknown:
            raise ConfigError(
                f"network.toml: [outreach] has no setting {unknown[0]!r} "
                f"(known: {', '.join(sorted(cls.__dataclass_fields__))})"
            )
        return cls(kinds=tuple(k.strip().lower() for k in kinds), **values)


def ask_kinds(settings: Settings | None = None) -> tuple[str, ...]:
    """Return the kinds an ask may have: the known ones, then ``[outreach] kinds``.

    Examples
    --------
    >>> ask_kinds()
    ('intro', 'names', 'informational', 'reference', 'referral', 'told')
    >>> ask_kinds(Settings.from_dict({"outreach": {"kinds": ["coffee"]}}))[-1]
    'coffee'
    """
    extra = OutreachSettings.from_settings(settings).kinds
    return tuple(dict.fromkeys([*S.ASK_KINDS, *extra]))


@dataclass(frozen=True)
class JobSearch:
    """A job search: a period with a goal (``[search]`` in ``network.toml``)."""

    start: pd.Timestamp
    end: pd.Timestamp | None = None
    goal: str = ""

    def active(self, as_of: pd.Timestamp) -> bool:
        """Return whether the search goes on at ``as_of``."""
        return bool(self.start <= as_of and (self.end is None or as_of <= self.end))


def _toml_date(value: object, key: str) -> pd.Timestamp | None:
    if value is None or value == "":
        return None
    try:
        ts = pd.Timestamp(pd.to_datetime(str(value).strip(), format="ISO8601"))
    except ValueError:
        ts = None
    if ts is None or pd.isna(ts):
        raise ConfigError(
            f"network.toml: [search] {key} must be a date (YYYY-MM-DD), not {value!r}"
        )
    return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")


def job_search(settings: Settings | None) -> JobSearch | None:
    """Return the job search of ``network.toml`` (None when there is no ``[search] start``).

    Examples
    --------
    >>> s = Settings.from_dict({"search": {"start": "2026-03-01", "goal": "organizing"}})
    >>> search = job_search(s)
    >>> search.goal, search.active(pd.Timestamp("2026-06-30", tz="UTC"))
    ('organizing', True)
    """
    raw = settings.raw.get("search", {}) if settings is not None else {}
    if not isinstance(raw, Mapping):
        raise ConfigError("network.toml: [search] must be a table")
    start = _toml_date(raw.get("start"), "start")
    if start is None:
        return None
    goal = raw.get("goal", "")
    if not isinstance(goal, str):
        raise ConfigError("network.toml: [search] goal must be a text")
    return JobSearch(start=start, end=_toml_date(raw.get("end"), "end"), goal=goal.strip())


# ---------------------------------------------------------------------------
# the tables, from a network folder
