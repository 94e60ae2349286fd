"""Tie strength (PLACEHOLDER: the decay model of the tie-strength issue replaces this).

Interface used by :mod:`tiegraph.build`:

- :func:`known_channels` -- the interaction channels the model knows.
- :func:`tie_strengths` -- one strength per tie as of a date, from an
  evidence table, in one vectorised pass.

Placeholder model: every tie has strength 0.5 (documented in the README).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from . import schema as S
from .settings import Settings

__all__ = ["DEFAULT_CHANNEL_WEIGHTS", "known_channels", "tie_strengths"]

#: Weight of one interaction by channel (in person > call > video > message/email > social).
DEFAULT_CHANNEL_WEIGHTS: dict[str, float] = {
    "in_person": 1.0,
    "call": 0.7,
    "video": 0.6,
    "message": 0.3,
    "email": 0.3,
    "social": 0.1,
}

PLACEHOLDER_STRENGTH = 0.5


def known_channels(settings: Settings) -> tuple[str, ...]:
    """Return the channel names an interaction may have (defaults plus ``[strength.channels]``)."""
    extra = settings.strength.get("channels", {}) if settings.strength else {}
    return tuple(dict.fromkeys([*DEFAULT_CHANNEL_WEIGHTS, *extra]))


def tie_strengths(
    events: pd.DataFrame, *, as_of: pd.Timestamp, params: Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """Return one row per tie with its strength as of ``as_of``.

    Parameters
    ----------
    events : DataFrame
        One row per piece of evidence, columns ``u``, ``v`` (ids, ``u < v``),
        ``kind`` (an ``EV_*`` kind of :mod:`tiegraph.schema`), ``date`` (UTC,
        may be NaT), ``channel`` (for interactions, else ``""``), ``value``
        (the closeness 1-5 for ``closeness`` evidence, else NaN), ``file``
        and ``line`` (where the evidence came from, for error messages).
    as_of : Timestamp
        The date strengths are computed at (UTC). Evidence after it is ignored.
    params : mapping, optional
        The ``[strength]`` table of ``network.toml``.

    Returns
    -------
    DataFrame
        Columns ``u``, ``v``, ``strength``, ``peak_strength``,
        ``last_contact``, ``first_contact``, ``n_interactions``.
    """
    ev = events[(events["date"].isna()) | (events["date"] <= as_of)]
    is_int = ev["kind"].isin([S.EV_INTERACTION])
    dated = ev.assign(
        _int=is_int.astype(int),
        _idate=ev["date"].where(is_int),
    )
    g = dated.groupby(["u", "v"], sort=True)
    out = pd.DataFrame(
        {
            "last_contact": g["_idate"].max(),
            "first_contact": g["date"].min(),
            "n_interactions": g["_int"].sum().astype(int),
        }
    ).reset_index()
    out["strength"] = PLACEHOLDER_STRENGTH
    out["peak_strength"] = PLACEHOLDER_STRENGTH
    return out[["u", "v", "strength", "peak_strength", "last_contact", "first_contact", "n_interactions"]]


def _unused() -> None:  # keeps numpy imported for the real model
    np.zeros(0)
