"""Fit the tie-strength model to the user's own history.

No single half-life fits everyone: on real messaging logs the best one
ranges from days to months. :func:`calibrate` chooses the model's four
half-life parameters (:data:`tiegraph.strength.FITTED_PARAMS`) so that the
strength computed from the history *before* a date best predicts who was in
touch *after* it.

How ``load_network`` uses it: by default it does not; strengths come from
the parameters pinned in ``network.toml`` ``[strength]`` (or the defaults),
so the same folder gives the same numbers until you change them. Run
``tiegraph strength FOLDER --calibrate`` (or :func:`tiegraph.calibrate`)
and paste the lines it prints under ``[strength]``; or set
``auto_calibrate = true`` there to fit at every load (about a second on a
few thousand interactions; only history before ``as_of`` is used).
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
from .strength import FITTED_PARAMS, StrengthParams, _evaluate, _params, _prepare, _saturate

__all__ = [
    "COARSE_GRID",
    "GRID",
    "MIN_HISTORY_DAYS",
    "MIN_POSITIVES",
    "Calibration",
    "calibrate",
    "calibrate_events",
    "roc_auc",
]

#: Days of interactions needed before the earliest internal cut-off.
MIN_HISTORY_DAYS = 14
#: Fewest ties in touch after the cut-offs (summed over them) for a fit to be trusted.
MIN_POSITIVES = 20

#: Internal cut-offs: at as_of - horizon * k / N_CUTOFFS, k = 1 .. N_CUTOFFS.
N_CUTOFFS = 3

#: The joint grid searched first (198 combinations).
COARSE_GRID: dict[str, tuple[float, ...]] = {
    "half_life_days": (1, 2, 3, 5, 7, 10, 14, 21, 30, 60, 120),
    "rhythm_factor": (0, 1, 2),
    "activity_factor": (0, 0.5, 2),
    "embedding_factor": (0, 0.5),
}
#: Then each parameter in turn over these values, until no change helps.
GRID: dict[str, tuple[float, ...]] = {
    "half_life_days": (1, 2, 3, 5, 7, 10, 14, 21, 30, 45, 60, 90, 120, 180),
    "rhythm_factor": (0, 0.5, 1, 1.5, 2, 3),
    "activity_factor": (0, 0.1, 0.25, 0.5, 1, 2, 4),
    "embedding_factor": (0, 0.1, 0.25, 0.5, 1, 2),
}


@dataclass(frozen=True)
class Calibration:
    """The outcome of :func:`calibrate`.

    Attributes
    ----------
    params : StrengthParams
        The parameters to use: fitted, or the starting ones when the history
        was too short.
    fitted : bool
        Whether the history was long enough to fit.
    auc : float
        Mean ROC AUC of ``params`` over the internal cut-offs (NaN if not fitted).
    default_auc : float
        Mean ROC AUC of the starting parameters over the same cut-offs.
    cutoffs : tuple of Timestamp
        The internal cut-offs.
    n_positives : int
        Ties in touch after the cut-offs, summed over them.
    reason : str
        How the fit was made, or why the history was too short.
    """

    params: StrengthParams
    fitted: bool
    auc: float
    default_auc: float
    cutoffs: tuple[pd.Timestamp, ...]
    n_positives: int
    reason: str

    def to_toml(self) -> str:
        """Return the ``[strength]`` lines to paste into ``network.toml``."""
        return "[strength]\n" + self.params.to_toml()

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready data."""
        return {
            "fitted": self.fitted,
            **self.params.fitted(),
            "auc": None if np.isnan(self.auc) else round(self.auc, 6),
            "default_auc": None if np.isnan(self.default_auc) else round(self.default_auc, 6),
            "cutoffs": [f"{c:%Y-%m-%d}" for c in self.cutoffs],
            "n_positives": self.n_positives,
            "reason": self.reason,
            "toml": self.to_toml(),
        }


def roc_auc(score: np.ndarray, label: np.ndarray) -> float:
    """Return the ROC AUC of ``score`` for the boolean ``label``; tied scores count half.

    The Mann-Whitney statistic from average ranks: the chance that a random
    positive scores above a random negative. NaN when a class is empty.

    Examples
    --------
    >>> roc_auc(np.array([0.1, 0.4, 0.35, 0.8]), np.array([False, False, True, True]))
    0.75
    >>> roc_auc(np.array([1.0, 1.0]), np.array([True, False]))
    0.5
    """
    label = np.asarray(label, dtype=bool)
    n1 = int(label.sum())
    n0 = len(label) - n1
    if n1 == 0 or n0 == 0:
        return float("nan")
    ranks = rankdata(score)
    return float((ranks[label].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def calibrate_events(
    events: pd.DataFrame,
    *,
    as_of: pd.Timestamp,
    horizon_days: float = 30.0,
    base: StrengthParams | Mapping[str, Any] | None = None,
) -> Calibration:
    """Fit the model's parameters on an evidence table, using only what happened before ``as_of``.

    Parameters
    ----------
    events : DataFrame
        Evidence as built by :func:`tiegraph.build.evidence_events`.
    as_of : Timestamp
        Only evidence before it is used, for the strengths and the answers alike.
    horizon_days : float
        Strength should predict "in touch within this many days".
    base : StrengthParams or mapping, optional
        Parameters to start from (the folder's ``[strength]`` table); the
        ones not fitted keep their values.

    Returns
    -------
    Calibration

    Notes
    -----
    Internal cut-offs at ``as_of - horizon * k / 3``, k = 1, 2, 3 (10, 20
    and 30 days before ``as_of`` for the default horizon), each kept when at
    least :data:`MIN_HISTORY_DAYS` days of interactions precede it. At each,
    every tie's strength is computed from the evidence before the cut-off,
    and scored by the ROC AUC of "this pair interacts between the cut-off
    and ``as_of``": the most recent behaviour, and never anything after
    ``as_of``. The parameters maximise the mean AUC: a joint search over
    :data:`COARSE_GRID`, then a coordinate search over :data:`GRID`, one
    parameter at a time, until no change helps. The history is too short,
    and the starting parameters stay, with less than ``horizon_days +
    MIN_HISTORY_DAYS`` days of interactions (44 by default) or fewer than
    :data:`MIN_POSITIVES` ties in touch after the cut-offs.

    Examples
    --------
    >>> ev = pd.DataFrame({"u": ["a"], "v": ["me"], "kind": ["interaction"],
    ...     "date": pd.to_datetime(["2024-05-02"], utc=True), "channel": ["call"],
    ...     "value": [float("nan")], "file": [""], "line": [2]})
    >>> cal = calibrate_events(ev, as_of=pd.Timestamp("2024-06-01", tz="UTC"))
    >>> cal.fitted, cal.reason
    (False, 'history too short: 30 days of interactions, need 44; the defaults stay')
    """
    params = _params(base)
    as_of = pd.Timestamp(as_of)
    events = events[(events["date"].isna() | (events["date"] < as_of)).to_numpy()]
    is_int = (events["kind"] == S.EV_INTERACTION).to_numpy()
    inter_dates = events.loc[is_int, "date"]
    span = int((as_of - inter_dates.min()).days) if len(inter_dates) else 0
    nan = float("nan")
    need = horizon_days + MIN_HISTORY_DAYS
    if span < need:
        return Calibration(
            params,
            False,
            nan,
            nan,
            (),
            0,
            f"history too short: {span} days of interactions, need {need:g}; the defaults stay",
        )
    first = inter_dates.min()
    horizon = pd.Timedelta(days=horizon_days)
    folds = []
    for k in range(1, N_CUTOFFS + 1):
        cut = as_of - horizon * k / N_CUTOFFS
        if (cut - first).days < MIN_HISTORY_DAYS:
            continue
        before = events[(events["date"].isna() | (events["date"] < cut)).to_numpy()]
        prep = _prepare(before, cut)
        if prep is None:
            continue
        window = events[is_int & (events["date"] >= cut).to_numpy()]
        future = pd.MultiIndex.from_arrays([window["u"].to_numpy(), window["v"].to_numpy()])
        label = prep.ties.isin(future)
        if 0 < label.sum() < len(label):
            folds.append((cut, prep, label))
    n_pos = int(sum(label.sum() for *_, label in folds))
    cutoffs = tuple(cut for cut, *_ in folds)
    if n_pos < MIN_POSITIVES:
        return Calibration(
            params,
            False,
            nan,
            nan,
            cutoffs,
            n_pos,
            f"history too short: {n_pos} tie(s) in touch after the cut-offs, need "
            f"{MIN_POSITIVES}; the defaults stay",
        )

    def score(p: StrengthParams) -> float:
        return float(
            np.mean(
                [
                    roc_auc(_saturate(_evaluate(prep, p).evidence, p), label)
                    for _, prep, label in folds
                ]
            )
        )

    default_auc = score(params)
    best, best_auc = params, default_auc
    seen = {tuple(params.fitted().values()): default_auc}
    # one cut-off is little evidence: fit the base half-life alone
    names = FITTED_PARAMS if len(folds) > 1 else FITTED_PARAMS[:1]
    coarse = {k: v if k in names else (getattr(params, k),) for k, v in COARSE_GRID.items()}
    for values in itertools.product(*coarse.values()):
        candidate = replace(params, **dict(zip(coarse, map(float, values), strict=True)))
        key = tuple(candidate.fitted().values())
        if key not in seen:
            seen[key] = score(candidate)
        if seen[key] > best_auc + 1e-9:
            best, best_auc = candidate, seen[key]
    for _ in range(6):
        changed = False
        for name in names:
            for value in GRID[name]:
                candidate = replace(best, **{name: float(value)})
                key = tuple(candidate.fitted().values())
                if key not in seen:
                    seen[key] = score(candidate)
                if seen[key] > best_auc + 1e-9:
                    best, best_auc, changed = candidate, seen[key], True
        if not changed:
            break
    return Calibration(
        best,
        True,
        best_auc,
        default_auc,
        cutoffs,
        n_pos,
        f"fitted {', '.join(names)} on {span} days of interactions at {len(folds)} cut-off(s), "
        f"{n_pos} ties in "
        f"touch after them: mean AUC {best_auc:.3f} (starting parameters {default_auc:.3f})",
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
        ``network.toml``), their AUC beside that of the starting parameters,
        or the starting parameters with the reason when the history is too
        short (less than ``horizon_days + 30`` days of interactions, or fewer
        than 20 ties in touch after the internal cut-offs).

    Raises
    ------
    DataError
        A file of the folder has a problem.

    See Also
    --------
    calibrate_events : the method, in its Notes.

    Examples
    --------
    >>> import tiegraph
    >>> cal = tiegraph.calibrate(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)
    >>> cal.fitted, cal.auc >= cal.default_auc, len(cal.cutoffs)
    (True, True, 3)
    """
    from .build import evidence_events, to_timestamp
    from .io.folder import read_folder

    data = read_folder(folder)
    ts = to_timestamp(as_of)
    events = evidence_events(data, as_of=ts)
    return calibrate_events(
        events, as_of=ts, horizon_days=horizon_days, base=data.settings.strength
    )
