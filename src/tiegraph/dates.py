"""Dates as tiegraph reads them: one rule for every ``as_of`` and date option."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import schema as S
from .exceptions import ConfigError, DataError

__all__ = ["check_future", "to_timestamp"]


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


def check_future(events: pd.DataFrame, now: pd.Timestamp) -> None:
    """Refuse an interaction dated after ``now``: the one rule for future dates.

    ``events`` has ``kind``, ``date``, ``file`` and ``line`` (the evidence
    table, or the dated rows of a folder); the first interaction after
    ``now`` is a :class:`~tiegraph.exceptions.DataError` naming its file and
    line. The analysis commands run it on their evidence, ``tiegraph check``
    and the writing commands on the folder's rows.
    """
    dates = events["date"]
    future = ((events["kind"] == S.EV_INTERACTION) & (dates > now)).to_numpy()
    if future.any():
        i = int(np.argmax(future))
        raise DataError(
            events["file"].iloc[i] or S.INTERACTIONS.file,
            f"is in the future (after {now:%Y-%m-%d}); interactions must have happened",
            row=int(events["line"].iloc[i]),
            column=S.DATE,
            value=f"{dates.iloc[i]:%Y-%m-%d}",
        )
