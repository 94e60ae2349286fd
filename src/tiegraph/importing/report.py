"""What an import did: :class:`ImportReport`, whose counts always add up."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..identity import Merged

__all__ = ["ImportReport", "Skip"]

Skip = tuple[str, int, str]


@dataclass(frozen=True)
class ImportReport:
    """What an import did: who was added, merged and skipped, and why.

    For contacts, ``records == len(added) + len(merged) + len(skipped)``;
    for interactions, ``interaction_records == interactions_added +
    interactions_unchanged + len(interactions_skipped)``.
    """

    kind: str
    source: str
    encoding: str = "utf-8"
    #: people in the file: contact records (rows, cards), or a calendar's or log's distinct people
    records: int = 0
    #: ``(input line, id)`` of each contact added
    added: tuple[tuple[int, str], ...] = ()
    #: each record that was a known person (``changed`` False: already known, nothing new)
    merged: tuple[Merged, ...] = ()
    #: ``(input file, line, reason)`` of each contact record not imported
    skipped: tuple[Skip, ...] = ()
    #: ``(id, column, kept value, incoming value)`` where sources disagree
    conflicts: tuple[tuple[str, str, str, str], ...] = ()
    #: ``(id, column, old, new)``: job changes taken from the file
    updates: tuple[tuple[str, str, str, str], ...] = ()
    interaction_records: int = 0
    interactions_added: int = 0
    #: interactions already in the folder from an earlier import of the same file
    interactions_unchanged: int = 0
    interactions_skipped: tuple[Skip, ...] = ()
    relations_added: int = 0
    affiliations_added: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def unchanged(self) -> int:
        """How many records were people already known, with nothing new."""
        return sum(1 for m in self.merged if not m.changed)

    def check(self) -> None:
        """Raise ``AssertionError`` when the counts do not add up."""
        assert self.records == len(self.added) + len(self.merged) + len(self.skipped), self
        assert self.interaction_records == (
            self.interactions_added + self.interactions_unchanged + len(self.interactions_skipped)
        ), self

    def to_dict(self) -> dict[str, object]:
        """Return the report as JSON-ready data."""
        return {
            "kind": self.kind,
            "source": self.source,
            "encoding": self.encoding,
            "contacts": {
                "records": self.records,
                "added": [{"line": li, "id": i} for li, i in self.added],
                "merged": [
                    {
                        "line": m.line,
                        "into": m.id,
                        "how": m.how,
                        "changed": m.changed,
                        "within_file": m.within_file,
                    }
                    for m in self.merged
                ],
                "unchanged": self.unchanged,
                "skipped": [{"file": f, "line": li, "reason": r} for f, li, r in self.skipped],
            },
            "interactions": {
                "records": self.interaction_records,
                "added": self.interactions_added,
                "unchanged": self.interactions_unchanged,
                "skipped": [
                    {"file": f, "line": li, "reason": r} for f, li, r in self.interactions_skipped
                ],
            },
            "conflicts": [
                {"id": i, "column": c, "kept": k, "incoming": v} for i, c, k, v in self.conflicts
            ],
            "updates": [{"id": i, "column": c, "old": o, "new": n} for i, c, o, n in self.updates],
            "relations_added": self.relations_added,
            "affiliations_added": self.affiliations_added,
            "notes": list(self.notes),
        }
