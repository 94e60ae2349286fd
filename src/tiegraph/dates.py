"""Dates as tiegraph reads them: one rule for every ``as_of`` and date option."""

from __future__ import annotations

import pandas as pd

from .exceptions import ConfigError

__all__ = ["to_timestamp"]


def to_timestamp(value: object | None) -> pd.Timestamp:
    """Return ``value`` as a UTC timestamp; None means now (today, midnight UTC).

    Examples
    --------
    >>> to_timestamp("2024-06-01")
    Timestamp('2024-06-01 00:00:00+0000', tz='UTC')
    """
    if value is None:
        return pd.Timestamp.now(tz="UTC").normalize()
    try:
        if isinstance(value, str):
            ts = pd.to_datetime(value.strip(), format="ISO8601")
        else:
            ts = pd.Timestamp(value)  # type: ignore[arg-type]
    except (ValueError, TypeError):
        raise ConfigError(f"as_of: {value!r} is not a date (use YYYY-MM-DD)") from None
    if pd.isna(ts):
        raise ConfigError(f"as_of: {value!r} is not a date (use YYYY-MM-DD)")
    return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
