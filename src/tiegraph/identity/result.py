"""What resolving identities found: :class:`Merged` rows and the :class:`Resolution`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

__all__ = ["Merged", "Resolution"]


@dataclass(frozen=True)
class Merged:
    """One incoming row matched to a known person."""

    #: the input line of the row
    line: int
    #: the id it was merged into
    id: str
    #: why, in words ("same email", "same name and organisation", ...)
    how: str
    #: whether the merge changed the known person (else the row was already known)
    changed: bool
    #: True when merged into an earlier row of the same file
    within_file: bool = False


@dataclass
class Resolution:
    """The outcome of resolving incoming contacts against known ones."""

    #: the contact id of each incoming row (same index as the incoming frame)
    ids: pd.Series
    #: the existing contacts with merges applied, followed by the new contacts
    contacts: pd.DataFrame
    #: ``(input line, id)`` of each contact added
    added: list[tuple[int, str]] = field(default_factory=list)
    #: each incoming row matched to a known person
    merged: list[Merged] = field(default_factory=list)
    #: ``(id, column, kept value, incoming value)`` where sources disagree
    conflicts: list[tuple[str, str, str, str]] = field(default_factory=list)
    #: ``(id, column, old value, new value)``: job changes taken from a newer export
    updates: list[tuple[str, str, str, str]] = field(default_factory=list)
    #: new rows of ``affiliations.csv``: former jobs of people who changed jobs
    affiliations: list[dict[Any, Any]] = field(default_factory=list)
    #: remarks for the report (pairs kept apart, rows taken as you)
    notes: list[str] = field(default_factory=list)
