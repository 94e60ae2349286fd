"""One declarative check of the public functions' parameters, one message form.

In the spirit of scikit-learn's parameter constraints: a public function
declares what each parameter may be, and :func:`validate_params` checks the
call before the body runs. Every bad value is a
:class:`~tiegraph.exceptions.ConfigError` worded the same way::

    dormant_ties: limit must be a whole number >= 0 or None, not 'x'

``True`` and ``False`` are not numbers here (``k=True`` is refused), a
whole number is accepted where a real number is asked, and ``None`` is
accepted only where the constraints list it.

Examples
--------
>>> @validate_params(k=[Interval(int, 1, None)], share=[Interval(float, 0, 1)])
... def best(k=5, share=0.5):
...     return k, share
>>> best(3, 1)
(3, 1)
>>> best(k=True)
Traceback (most recent call last):
...
tiegraph.exceptions.ConfigError: best: k must be a whole number >= 1, not True
>>> best(share="x")
Traceback (most recent call last):
...
tiegraph.exceptions.ConfigError: best: share must be a number from 0 to 1, not 'x'
"""

from __future__ import annotations

import functools
import inspect
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from numbers import Integral, Real
from typing import Any, TypeVar

from .exceptions import ConfigError

__all__ = ["ENCODING", "FLAG", "Interval", "OneOf", "Text", "validate_params"]

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Interval:
    """A whole (``int``) or real (``float``) number between ``low`` and ``high`` (None: open)."""

    kind: type
    low: float | None = None
    high: float | None = None
    #: "both", "left", "right" or "neither": which ends belong to the interval
    closed: str = "both"

    def accepts(self, value: object) -> bool:
        """Return whether ``value`` is in the interval."""
        if isinstance(value, bool) or not isinstance(value, Integral if self.kind is int else Real):
            return False
        x = float(value)  # type: ignore[arg-type]
        if not math.isfinite(x):
            return False
        lo_ok = self.low is None or (
            x >= self.low if self.closed in ("both", "left") else x > self.low
        )
        hi_ok = self.high is None or (
            x <= self.high if self.closed in ("both", "right") else x < self.high
        )
        return lo_ok and hi_ok

    def describe(self) -> str:
        """Return the interval in words."""
        what = "a whole number" if self.kind is int else "a number"
        lo, hi = _fmt(self.low), _fmt(self.high)
        if self.low is not None and self.high is not None and self.closed == "both":
            return f"{what} from {lo} to {hi}"
        parts = []
        if self.low is not None:
            parts.append(f"{'>=' if self.closed in ('both', 'left') else '>'} {lo}")
        if self.high is not None:
            parts.append(f"{'<=' if self.closed in ('both', 'right') else '<'} {hi}")
        return f"{what} {' and '.join(parts)}".strip()


@dataclass(frozen=True)
class OneOf:
    """One of the given values."""

    values: tuple[object, ...]

    def __init__(self, values: Iterable[object]) -> None:
        object.__setattr__(self, "values", tuple(values))

    def accepts(self, value: object) -> bool:
        """Return whether ``value`` is one of the values."""
        return any(value == v and type(value) is type(v) for v in self.values)

    def describe(self) -> str:
        """Return the values in words."""
        return "one of " + ", ".join(repr(v) for v in self.values)


@dataclass(frozen=True)
class Text:
    """A text (``str``), non-empty unless ``empty`` is True."""

    empty: bool = False

    def accepts(self, value: object) -> bool:
        """Return whether ``value`` is such a text."""
        return isinstance(value, str) and (self.empty or bool(value.strip()))

    def describe(self) -> str:
        """Return the kind of text in words."""
        return "a text" if self.empty else "a non-empty text"


def _fmt(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else str(x)


def _describe(constraints: list[Any]) -> str:
    words = [("None" if c is None else c.describe()) for c in constraints]
    return " or ".join(words)


def validate_params(**constraints: list[Any]) -> Callable[[F], F]:
    """Decorate a function so that its named parameters are checked at every call.

    Each keyword names a parameter and lists what it may be: an
    :class:`Interval`, a :class:`OneOf`, a :class:`Text`, or ``None`` for
    None itself. A parameter not named is not checked.
    """

    def decorate(func: F) -> F:
        signature = inspect.signature(func)
        unknown = set(constraints) - set(signature.parameters)
        if unknown:
            raise TypeError(f"{func.__name__}: no parameter(s) {sorted(unknown)}")

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            for name, allowed in constraints.items():
                value = bound.arguments[name]
                if not any(value is None if c is None else c.accepts(value) for c in allowed):
                    raise ConfigError(
                        f"{func.__name__}: {name} must be {_describe(allowed)}, not {value!r}"
                    )
            return func(*args, **kwargs)

        wrapper.__tiegraph_params__ = constraints  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


#: A yes/no parameter: True or False (not 1, "yes" or None).
FLAG: list[Any] = [OneOf((True, False))]
#: A text encoding's name, or None to detect it.
ENCODING: list[Any] = [Text(), None]
