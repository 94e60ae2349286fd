"""Exceptions raised by tiegraph.

Every error tiegraph raises on purpose derives from :class:`TiegraphError`,
and where a built-in exception fits, also from that built-in, so that
``except ValueError`` keeps working for callers who do not know tiegraph::

    TiegraphError
    ├── DataError(ValueError)        a bad input file: file, row, column, value
    ├── ConfigError(ValueError)      a bad setting in network.toml or an argument
    ├── NotFoundError(KeyError)      an unknown person or organisation
    ├── AmbiguousError(LookupError)  a name that could mean several organisations
    └── NoPathError(LookupError)     no chain within the given limits

An exception keeps its data as attributes and builds its own one-line
message, so the CLI can print it without a traceback.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from os import PathLike

__all__ = [
    "AmbiguousError",
    "ConfigError",
    "DataError",
    "NoPathError",
    "NotFoundError",
    "TiegraphError",
]


class TiegraphError(Exception):
    """Base class of every error tiegraph raises on purpose."""


class DataError(TiegraphError, ValueError):
    """A problem in an input file, located by file, row and column.

    Parameters
    ----------
    file : str or path-like
        The file, shown by its name.
    problem : str
        What is wrong, in words.
    row : int, optional
        The line number in the file (1 is the first line, usually the header).
    column : str, optional
        The column (or field) that holds the bad value.
    value : object, optional
        The bad value itself, shown with ``repr``.

    Examples
    --------
    >>> str(DataError("contacts.csv", "is not an email address",
    ...               row=14, column="email", value="bob@"))
    "contacts.csv:14: column 'email': 'bob@' is not an email address"
    """

    _NO_VALUE = object()

    def __init__(
        self,
        file: str | PathLike[str],
        problem: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: object = _NO_VALUE,
    ) -> None:
        self.file = str(file)
        self.problem = problem
        self.row = row
        self.column = column
        self.value = None if value is DataError._NO_VALUE else value
        self.has_value = value is not DataError._NO_VALUE
        super().__init__(self._message())

    def _message(self) -> str:
        from pathlib import PurePath

        where = PurePath(self.file).name
        if self.row is not None:
            where += f":{self.row}"
        parts = [where]
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        text = f"{self.value!r} {self.problem}" if self.has_value else self.problem
        parts.append(text)
        return ": ".join(parts)

    def __str__(self) -> str:
        return self._message()


class ConfigError(TiegraphError, ValueError):
    """A bad setting in ``network.toml`` or a bad argument value."""


class NotFoundError(TiegraphError, KeyError):
    """An unknown person or organisation, with the closest known names.

    Examples
    --------
    >>> str(NotFoundError("organisation", "AFSME", ["AFSCME", "SEIU"]))
    "unknown organisation 'AFSME'; did you mean: AFSCME, SEIU?"
    """

    def __init__(self, kind: str, name: str, suggestions: Sequence[str] = ()) -> None:
        self.kind = kind
        self.name = name
        self.suggestions = list(suggestions)
        super().__init__(self._message())

    def _message(self) -> str:
        msg = f"unknown {self.kind} {self.name!r}"
        if self.suggestions:
            msg += "; did you mean: " + ", ".join(self.suggestions) + "?"
        return msg

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return self._message()


class AmbiguousError(TiegraphError, LookupError):
    """A name that plausibly means more than one organisation (or person).

    Parameters
    ----------
    kind : str
        "organisation" or "person", used in the message.
    name : str
        What the user typed.
    candidates : sequence of str
        The canonical names it could mean, best first.
    sizes : mapping, optional
        Member counts of the candidates, shown when known.
    hint : str, optional
        How to decide, appended to the message.

    Examples
    --------
    >>> str(AmbiguousError("organisation", "OEC", ["Ohio Environmental Council", "OEC"],
    ...                    sizes={"Ohio Environmental Council": 14, "OEC": 1}))
    "ambiguous organisation 'OEC': Ohio Environmental Council (14 members) or OEC (1 member)"
    """

    def __init__(
        self,
        kind: str,
        name: str,
        candidates: Sequence[str],
        *,
        sizes: Mapping[str, int] | None = None,
        hint: str = "",
    ) -> None:
        self.kind = kind
        self.name = name
        self.candidates = list(candidates)
        self.sizes = dict(sizes or {})
        self.hint = hint
        super().__init__(self._message())

    def _message(self) -> str:
        shown = []
        for c in self.candidates:
            n = self.sizes.get(c)
            shown.append(c if n is None else f"{c} ({n} member{'' if n == 1 else 's'})")
        listed = ", ".join(shown[:-1]) + " or " + shown[-1] if len(shown) > 1 else "".join(shown)
        msg = f"ambiguous {self.kind} {self.name!r}: {listed}"
        return f"{msg}; {self.hint}" if self.hint else msg

    def __str__(self) -> str:
        return self._message()


class NoPathError(TiegraphError, LookupError):
    """No introduction chain exists within the given limits.

    The message says which limit to relax.
    """

    def __init__(self, target: str, hint: str) -> None:
        self.target = target
        self.hint = hint
        super().__init__(f"no introduction chain to {target}: {hint}")
