"""What a reader of a foreign file returns, and how it reports what it could not read.

A file exported by another program (LinkedIn, a phone, Google, a calendar,
a log) is read **as far as it can be**: every record that can be read
becomes a row; a record that cannot (no name, no email and no phone; an
unreadable value in a required field) is *skipped* and listed with its
input line and the reason; a value that is merely odd (an ``N/A`` email, a
room among the attendees, a date that cannot be read in an optional field)
is dropped from its row with a *note*, and the row stays. The counts always
add up: ``records == len(table) + len(skipped)``.

With ``strict=True`` the first skip or dropped value raises a
:class:`~tiegraph.exceptions.DataError` instead, naming the file and line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import pandas as pd

from ..exceptions import DataError

__all__ = ["Problems", "Reading"]


@dataclass
class Reading:
    """What a reader got out of one foreign file."""

    #: the rows read (contacts, events or log rows), indexed by the input line of each
    table: pd.DataFrame
    #: how many records the input holds (rows, cards, events): ``len(table) + len(skipped)``
    records: int
    #: ``(input line, reason)`` of every record not read
    skipped: list[tuple[int, str]] = field(default_factory=list)
    #: ``(input line or None, note)``: values dropped from a row, and facts about the file
    notes: list[tuple[int | None, str]] = field(default_factory=list)
    #: the text encoding used
    encoding: str = "utf-8"
    #: other things the file held (e.g. a LinkedIn export's owner name, messages)
    extra: dict[str, object] = field(default_factory=dict)

    def check_counts(self) -> None:
        """Raise ``AssertionError`` when the counts do not add up (a reader's bug)."""
        assert self.records == len(self.table) + len(self.skipped), (
            self.records,
            len(self.table),
            len(self.skipped),
        )


class Problems:
    """Collects skipped records and notes of one file; raises at once when strict.

    Examples
    --------
    >>> p = Problems("contacts.vcf")
    >>> p.skip(12, "card has no name, no email and no phone")
    >>> p.note(30, "EMAIL 'N/A' is not an email address; left out")
    >>> p.skipped
    [(12, 'card has no name, no email and no phone')]
    >>> p.notes
    [(30, "EMAIL 'N/A' is not an email address; left out")]
    >>> Problems("x.vcf", strict=True).skip(3, "no name")
    Traceback (most recent call last):
    ...
    tiegraph.exceptions.DataError: x.vcf:3: no name
    """

    def __init__(self, path: str | os.PathLike[str], *, strict: bool = False) -> None:
        self.path = path
        self.strict = strict
        self.skipped: list[tuple[int, str]] = []
        self.notes: list[tuple[int | None, str]] = []

    def skip(self, line: int, reason: str) -> None:
        """Record that the record at ``line`` is not read, and why."""
        if self.strict:
            raise DataError(self.path, reason, row=int(line))
        self.skipped.append((int(line), reason))

    def note(self, line: int | None, text: str, *, dropped: bool = True) -> None:
        """Record a note; ``dropped`` notes (a value left out) are errors when strict."""
        if self.strict and dropped:
            raise DataError(self.path, text, row=None if line is None else int(line))
        self.notes.append((None if line is None else int(line), text))

    def reading(
        self, table: pd.DataFrame, records: int, encoding: str = "utf-8", **extra: object
    ) -> Reading:
        """Return the :class:`Reading` of ``table`` with what was collected."""
        out = Reading(
            table=table,
            records=records,
            skipped=sorted(self.skipped),
            notes=self.notes,
            encoding=encoding,
            extra=dict(extra),
        )
        out.check_counts()
        return out
