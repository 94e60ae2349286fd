"""The times of a log: Unix seconds (exactly as written), milliseconds, ISO 8601, a format.

:class:`Times` reads a time column in one of three ways and says, for each
value, whether it was read (:data:`OK`), could not be (:data:`UNREADABLE`)
or lies outside 1900..(now + 1 year) (:data:`OUT_OF_RANGE`).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..exceptions import ConfigError

__all__ = [
    "EARLIEST",
    "MAX_INT",
    "MILLIS_FROM",
    "OK",
    "OUT_OF_RANGE",
    "SUSPECT_BELOW",
    "UNREADABLE",
    "ZONE_WORD",
    "Times",
    "latest_time",
    "looks_like_times",
    "where_ns",
]

ZONE_WORD = re.compile(r"\s+(?:UTC|GMT|Z)$")


EARLIEST = pd.Timestamp("1900-01-01", tz="UTC")


#: Unix seconds before this (1973-03-03) in *every* row mean the column is not a Unix time
SUSPECT_BELOW = 100_000_000


#: integers from this many up read as milliseconds when every number of a column is that large
MILLIS_FROM = 100_000_000_000


MAX_INT = np.iinfo(np.int64).max


#: how a time was read
OK, UNREADABLE, OUT_OF_RANGE = 0, 1, 2


def latest_time() -> pd.Timestamp:
    """Return the latest time a log may hold: a year from now."""
    return pd.Timestamp.now(tz="UTC") + pd.DateOffset(years=1)


def exact_ns(values: pd.Series, unit_ns: int) -> tuple[np.ndarray, np.ndarray]:
    """Read decimal numbers exactly as ``unit_ns`` nanoseconds each, digit by digit.

    Returns the nanoseconds and a mask of values too large to hold. Used for
    the few numbers :func:`numbers_to_ns` cannot read exactly through a float.
    """
    parts = values.str.partition(".")
    whole = parts[0].str.strip()
    neg = whole.str.startswith("-").to_numpy(dtype=bool)
    digits = whole.str.lstrip("+-")
    digits = digits.where(digits.str.fullmatch(r"\d+").fillna(False), "0")
    too_long = (digits.str.len() > 15).to_numpy(dtype=bool)
    ints = pd.to_numeric(digits.where(~too_long, "0")).to_numpy(dtype=np.int64)
    width = len(str(unit_ns)) - 1
    frac = parts[2].str.slice(0, width).str.ljust(width, "0")
    frac = frac.where(frac.str.fullmatch(r"\d+").fillna(False), "0")
    fracs = pd.to_numeric(frac).to_numpy(dtype=np.int64)
    limit = MAX_INT // unit_ns - 1
    overflow = too_long | (ints > limit)
    ns = np.where(overflow, 0, ints) * unit_ns + np.where(overflow, 0, fracs)
    return np.where(neg, -ns, ns), overflow


def numbers_to_ns(
    raw: pd.Series, numbers: np.ndarray, unit_ns: int
) -> tuple[np.ndarray, np.ndarray]:
    """Turn numbers of ``unit_ns`` nanoseconds into nanoseconds, exactly as written.

    ``numbers`` are the values of ``raw`` read by ``pd.to_numeric``. A float
    holds about 15 significant digits, so a value with more digits after the
    point is rebuilt from its text: ``1289241911.72836`` is that instant to
    the microsecond, with no float round trip. Returns the nanoseconds and a
    mask of values too large to hold.
    """
    width = len(str(unit_ns)) - 1
    limit = MAX_INT // unit_ns - 1
    if numbers.dtype.kind in "iu":
        overflow = np.abs(numbers) > limit
        return np.where(overflow, 0, numbers).astype(np.int64) * unit_ns, overflow
    dot = raw.str.find(".").to_numpy(dtype=np.int64)
    length = raw.str.len().to_numpy(dtype=np.int64)
    decimals = np.where(dot >= 0, length - dot - 1, 0)
    whole_digits = np.where(dot >= 0, dot, length)
    exact = (decimals <= width) & (whole_digits + decimals <= 15)
    overflow = ~(np.abs(numbers) <= limit)
    scale = 10.0 ** np.minimum(decimals, width)
    safe = np.where(overflow, 0.0, numbers)
    ns = np.rint(safe * scale).astype(np.int64) * (unit_ns // scale.astype(np.int64))
    if not exact.all():
        redo = ~exact & ~overflow
        if redo.any():
            ns[redo], overflow[redo] = exact_ns(raw[redo], unit_ns)
    return np.where(overflow, 0, ns), overflow


def _numbers(raw: pd.Series) -> np.ndarray:
    """Return the values as numbers (NaN where a value is not one), as ``pd.to_numeric``.

    A column of plain ASCII digits (Unix seconds, nearly always) is converted
    by NumPy in one step; anything else (a sign, a decimal point, an empty
    cell, a number too large for 64 bits) by pandas.
    """
    cells = raw.to_numpy(dtype=object)
    try:
        joined = "".join(cells.tolist())
        if joined.isascii() and joined.isdigit():
            return cells.astype(np.int64)  # an empty cell or an overflow raises
    except (TypeError, ValueError, OverflowError):
        pass
    return pd.to_numeric(raw, errors="coerce").to_numpy()


class Times:
    """The times of a column, read in one of three ways."""

    def __init__(
        self,
        raw: pd.Series,
        time_format: str | None,
        origin: pd.Timestamp | None,
        latest: pd.Timestamp,
    ) -> None:
        n = len(raw)
        self.raw = raw
        self.ns = np.zeros(n, dtype=np.int64)
        self.status = np.full(n, UNREADABLE, dtype=np.int8)
        self.numeric = np.zeros(n, dtype=bool)
        self.millis = False
        lo, hi = EARLIEST.value, latest.value
        if time_format is not None:
            try:
                parsed = pd.to_datetime(raw, format=time_format, utc=True, errors="coerce")
            except ValueError as exc:
                raise ConfigError(f"--time-format {time_format!r}: {exc}") from None
            self._take_dates(parsed, np.ones(n, dtype=bool), lo, hi)
            return
        values = _numbers(raw)
        if values.dtype.kind in "iu":
            is_num = np.ones(n, dtype=bool)
        else:
            is_num = np.isfinite(values.astype(np.float64))
        self.numeric = is_num
        if is_num.any():
            nums = raw[is_num]
            num_values = values if is_num.all() else values[is_num]
            unit = 10**9
            if origin is None:
                big = np.abs(num_values.astype(np.float64))
                if (big >= MILLIS_FROM).all() and (big < 10**14).all():
                    self.millis = True
                    unit = 10**6
            ns, overflow = numbers_to_ns(nums, num_values, unit)
            if origin is not None:
                room = MAX_INT - max(origin.value, 0) - 1
                overflow |= np.abs(ns) > room
                ns = np.where(overflow, 0, ns + origin.value)
            status = np.where(overflow | (ns < lo) | (ns > hi), OUT_OF_RANGE, OK)
            if is_num.all():
                self.ns, self.status = ns.astype(np.int64), status.astype(np.int8)
            else:
                self.ns[is_num] = ns
                self.status[is_num] = status
        rest = ~is_num & (raw != "").to_numpy(dtype=bool)
        if origin is None and rest.any():
            text = raw[rest]
            parsed = pd.to_datetime(text, format="ISO8601", utc=True, errors="coerce")
            retry = parsed.isna() & text.str.contains(ZONE_WORD)
            if retry.any():
                again = text[retry].str.replace(ZONE_WORD, "", regex=True)
                parsed = parsed.astype("datetime64[us, UTC]")
                parsed[retry] = pd.to_datetime(again, format="ISO8601", utc=True, errors="coerce")
            self._take_dates(parsed, rest, lo, hi)

    def _take_dates(self, parsed: pd.Series, where: np.ndarray, lo: int, hi: int) -> None:
        parsed = pd.Series(parsed).astype("datetime64[us, UTC]")
        ok = parsed.notna().to_numpy(dtype=bool)
        us = parsed.to_numpy(dtype="datetime64[us]").astype(np.int64)
        inside = ok & (us >= lo // 1000) & (us <= hi // 1000)
        ns = np.where(inside, us, 0) * 1000
        status = np.where(inside, OK, np.where(ok, OUT_OF_RANGE, UNREADABLE))
        self.ns[where] = ns
        self.status[where] = status


def looks_like_times(
    values: pd.Series, time_format: str | None, origin: pd.Timestamp | None
) -> np.ndarray:
    """Which of ``values`` read as times in 1973..next year (cheap, for a few values)."""
    values = values.astype(object).str.strip()
    times = Times(values, time_format, origin, latest_time())
    ok = times.status == OK
    if origin is None and time_format is None and not times.millis:
        ok &= ~times.numeric | (times.ns >= SUSPECT_BELOW * 10**9)
    return ok


def where_ns(ns: int) -> str:
    """Return the year of a time in nanoseconds since 1970."""
    return str(pd.Timestamp(ns, unit="ns", tz="UTC").year)
