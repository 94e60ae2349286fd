"""Fit the tie-strength model to the user's own history.

No single half-life fits everyone: on real messaging logs the best one
ranges from days to months. :func:`calibrate` therefore chooses the model's
few free parameters (``half_life_days``, ``rhythm_factor``,
``activity_factor``) so that strength computed from the history *before* a
date best predicts who was in touch *after* it.

Method: three internal cut-offs at ``as_of - horizon * k / 3`` (k = 1, 2, 3);
at each, every tie's strength is computed from the evidence before the
cut-off, and scored by the ROC AUC of "this pair interacts between the
cut-off and ``as_of``" (so the label window never looks past ``as_of``).
The parameters with the best mean AUC over the grid :data:`GRID` win
(176 combinations). With less than the horizon plus 14 days of history, or fewer than
:data:`MIN_POSITIVES` pairs in touch in the label windows, the history is too
short and the documented defaults stay.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from . import schema as S
from .strength import StrengthParams, tie_strengths

__all__ = ["MIN_POSITIVES", "Calibration", "calibrate", "calibrate_events", "roc_auc"]

#: Fewest pairs in touch across the label windows for a fit to be trusted.
MIN_POSITIVES = 20

GRID: dict[str, tuple[float, ...]] = {
    "half_life_days": (1, 2, 3, 5, 7, 10, 14, 21, 30, 60, 90),
    "rhythm_factor": (0, 1, 2, 3),
    "activity_factor": (0, 0.5, 1, 2),
}


@dataclass(frozen=True)
class Calibration:
    """The outcome of :func:`calibrate`."""

    #: the parameters to use (fitted, or the defaults when ``fitted`` is False)
    params: StrengthParams
    #: whether the history was long enough to fit
    fitted: bool
    #: mean AUC of the chosen parameters over the internal cut-offs (NaN if not fitted)
    auc: float
    #: mean AUC of the defaults over the same cut-offs (NaN if not fitted)
    default_auc: float
    #: why the defaults were kept, or how the fit was made
    reason: str

    def to_toml(self) -> str:
        """Return the ``[strength]`` lines to paste into ``network.toml``."""
        return "[strength]\n" + self.params.to_toml()

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready data."""
        return {
            "fitted": self.fitted,
            "half_life_days": self.params.half_life_days,
            "rhythm_factor": self.params.rhythm_factor,
            "activity_factor": self.params.activity_factor,
            "auc": None if np.isnan(self.auc) else self.auc,
            "default_auc": None if np.isnan(self.default_auc) else self.default_auc,
            "reason": self.reason,
        }


def roc_auc(score: np.ndarray, label: np.ndarray) -> float:
    """Return the ROC AUC of ``score`` for the boolean ``label`` (ties count half).

    Examples
    --------
    >>> roc_auc(np.array([0.1, 0.4, 0.35, 0.8]), np.array([False, False, True, True]))
    0.75
    """
    label = np.asarray(label, dtype=bool)
    n1 = int(label.sum())
    n0 = len(label) - n1
    if n1 == 0 or n0 == 0:
        return float("nan")
    ranks = rankdata(score)
    return float((ranks[label].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def _labels(events: pd.DataFrame, cut: pd.Timestamp, end: pd.Timestamp) -> pd.MultiIndex:
    inter = events[
        (events["kind"] == S.EV_INTERACTION) & (events["date"] >= cut) & (events["date"] < end)
    ]
    return pd.MultiIndex.from_arrays([inter["u"].to_numpy(), inter["v"].to_numpy()]).unique()


def calibrate_events(
    events: pd.DataFrame,
    *,
    as_of: pd.Timestamp,
    horizon_days: float = 30.0,
    base: StrengthParams | Mapping[str, Any] | None = None,
) -> Calibration:
    """Fit the model's parameters on an evidence table (see :func:`calibrate`).

    Parameters
    ----------
    events : DataFrame
        Evidence as built by :func:`tiegraph.build.evidence_events`.
    as_of : Timestamp
        Only evidence before it is used, for features and labels alike.
    horizon_days : float
        "In touch within this many days" is what strength should predict.
    base : StrengthParams or mapping, optional
        Parameters to start from (the folder's ``[strength]`` table).

    Returns
    -------
    Calibration
    """
    params = base if isinstance(base, StrengthParams) else StrengthParams.from_settings(base)
    as_of = pd.Timestamp(as_of)
    events = events[events["date"].isna() | (events["date"] < as_of)]
    inter_dates = events.loc[events["kind"] == S.EV_INTERACTION, "date"]
    span = (as_of - inter_dates.min()).days if len(inter_dates) else 0
    nan = float("nan")
    if span < horizon_days + 14:
        return Calibration(
            params,
            False,
            nan,
            nan,
            f"history too short: {span} days of interactions, need "
            f"{horizon_days + 14:.0f}; the defaults stay",
        )
    cuts = []
    for k in (1, 2, 3):
        cut = as_of - pd.Timedelta(days=horizon_days * k / 3)
        before = events[events["date"].isna() | (events["date"] < cut)]
        positives = _labels(events, cut, as_of)
        cuts.append((cut, before, positives))
    n_pos = sum(len(p) for *_, p in cuts)
    if n_pos < MIN_POSITIVES:
        return Calibration(
            params,
            False,
            nan,
            nan,
            f"history too short: only {n_pos} pair(s) in touch in the label "
            f"windows, need {MIN_POSITIVES}; the defaults stay",
        )

    def score(p: StrengthParams) -> float:
        aucs = []
        for cut, before, positives in cuts:
            ties = tie_strengths(before, as_of=cut, params=p, now=as_of, peak=False)
            pairs = pd.MultiIndex.from_arrays([ties["u"].to_numpy(), ties["v"].to_numpy()])
            aucs.append(roc_auc(ties["strength"].to_numpy(), pairs.isin(positives)))
        return float(np.nanmean(aucs))

    default_auc = score(params)
    best, best_auc = params, default_auc
    for values in itertools.product(*GRID.values()):
        candidate = replace(params, **{k: float(v) for k, v in zip(GRID, values, strict=True)})
        auc = score(candidate)
        if auc > best_auc + 1e-9:
            best, best_auc = candidate, auc
    return Calibration(
        best,
        True,
        best_auc,
        default_auc,
        f"fitted on {span} days of history at 3 cut-offs "
        f"(mean AUC {best_auc:.3f}, defaults {default_auc:.3f})",
    )


def calibrate(
    folder: str | os.PathLike[str],
    *,
    as_of: object | None = None,
    horizon_days: float = 30.0,
) -> Calibration:
    """Fit the tie-strength model to the history in a network folder.

    Parameters
    ----------
    folder : path-like
        The network folder.
    as_of : date-like, optional
        Use only the history before this date (default today).
    horizon_days : float
        Strength should predict being in touch within this many days.

    Returns
    -------
    Calibration
        The fitted parameters (``.to_toml()`` gives the lines to pin in
        ``network.toml``), their AUC next to the defaults', or the defaults
        with the reason when the history is too short.

    Examples
    --------
    >>> import tiegraph
    >>> cal = tiegraph.calibrate(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)
    >>> cal.fitted, cal.auc >= cal.default_auc
    (True, True)
    """
    from .build import evidence_events, to_timestamp
    from .io.folder import read_folder

    data = read_folder(folder)
    ts = to_timestamp(as_of)
    events = evidence_events(data, as_of=ts)
    return calibrate_events(
        events, as_of=ts, horizon_days=horizon_days, base=data.settings.strength
    )
