"""Fit the tie-strength model to the user's own history, and keep the fit.

No single time scale fits everyone: on real messaging logs the best base
half-life ranges from days to months. :func:`calibrate` chooses the model's
fitted parameters (:data:`tiegraph.strength.FITTED_PARAMS`) so that the
strength computed from the history *before* a date best predicts who was in
touch *after* it.

How ``load_network`` uses it: with ``auto_calibrate`` (the default), every
load fits the model on the folder's history when there is enough of it
(:func:`calibrated_params`), and keeps the fit in the folder's cache
(``.tiegraph/cache/calibration.json``), keyed by a digest of the evidence
files, the ``[strength]`` settings and the date the history ends: while
they do not change, later loads reuse the fit instead of fitting again.
``auto_calibrate = false`` under ``[strength]`` pins the parameters set
there (or the defaults); ``tiegraph strength FOLDER --calibrate`` prints a
fit as lines to pin.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from . import schema as S
from .dates import to_timestamp
from .events import evidence_events
from .params import Interval, validate_params
from .strength import FITTED_PARAMS, StrengthParams, base_half_life, evaluate, params_of
from .tie_evidence import EPOCH, Numbered, number_events, prepare

__all__ = [
    "CACHE_MIN_SECONDS",
    "GRID",
    "MIN_HISTORY_DAYS",
    "MIN_POSITIVES",
    "Calibration",
    "calibrate",
    "calibrate_events",
    "calibrated_params",
    "roc_auc",
]

#: Days of interactions needed before the earliest internal cut-off.
MIN_HISTORY_DAYS = 14
#: Fewest ties in touch after the cut-offs (summed over them) for a fit to be trusted.
MIN_POSITIVES = 20

#: Internal cut-offs: at end - horizon * k / N_CUTOFFS, k = 1 .. N_CUTOFFS.
N_CUTOFFS = 3

#: The values tried for each fitted parameter, one parameter at a time, until no change
#: helps. ``half_life_days`` is tried at these multiples of the automatic base half-life
#: (the network's tempo times ``tempo_factor``), besides "auto" itself.
GRID: dict[str, tuple[float, ...]] = {
    "half_life_days": (0.25, 0.5, 0.7, 1.4, 2, 4, 8),
    "attention_weight": (0, 0.25, 0.5, 1, 2),
    "rhythm_factor": (0, 0.75, 1.5, 3),
    "activity_factor": (0, 0.25, 1),
}
#: Passes of the coordinate search at most.
MAX_PASSES = 2

#: An AUC must improve by more than this for a change of parameter to be kept.
MIN_GAIN = 1e-4
#: Above this many negatives, AUCs are computed on every positive and this many negatives.
MAX_NEGATIVES = 50_000
#: A fit is written to the folder's cache only when it took at least this many seconds
#: (a quicker one is simply redone: small folders, tests and the bundled sample stay clean).
CACHE_MIN_SECONDS = 1.0
#: Changes whenever the model or the fit changes, so that older cached fits are not reused.
CACHE_VERSION = 2
#: The files of a folder whose contents a fit depends on.
EVIDENCE_FILES = ("interactions.csv", "contacts.csv", "introductions.csv", "network.toml")
#: The name of the calibration cache (``.tiegraph/cache/calibration.json`` in the folder).
CACHE_NAME = "calibration"
#: How many fits the cache keeps (one per end of history and settings).
CACHE_ENTRIES = 8


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
        """Return the ``[strength]`` lines to paste into ``network.toml`` to pin this fit.

        They end with ``auto_calibrate = false``: calibration is on by
        default, and pinned values would otherwise only be its start.
        """
        return "[strength]\n" + self.params.to_toml() + "\nauto_calibrate = false"

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
    # average ranks of ties, as scipy.stats.rankdata (whose import costs 0.6 s at start-up)
    ranks = pd.Series(np.asarray(score, dtype=float)).rank(method="average").to_numpy()
    return float((ranks[label].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def _history_end(num: Numbered, as_of: pd.Timestamp) -> tuple[float, float] | None:
    """Return (first, end) in epoch days: the first interaction, and where the history ends.

    The history ends at ``as_of`` or the day after the last interaction before
    it, whichever is earlier: a quiet month before ``as_of`` says nothing
    about whom people are in touch with, and the fit then does not change
    from one day to the next while nothing new is logged. None without
    interactions before ``as_of``.
    """
    now = (as_of - EPOCH) / pd.Timedelta(days=1)
    with np.errstate(invalid="ignore"):
        days = num.day[(num.kind_code == 0) & (num.day < now)]
    if not len(days):
        return None
    return _bounds(days.min(), days.max(), as_of)


def _bounds(first: Any, last: Any, as_of: pd.Timestamp) -> tuple[float, float]:
    """Return (first, end) in epoch days from the first and last interaction (days or dates)."""
    first, last = (
        (pd.Timestamp(x) - EPOCH) / pd.Timedelta(days=1) if not isinstance(x, float) else x
        for x in (first, last)
    )
    now = (as_of - EPOCH) / pd.Timedelta(days=1)
    return float(first), min(now, float(np.floor(last)) + 1.0)


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
    The history ends at ``as_of``, or the day after the last interaction
    before it if that is earlier. Internal cut-offs at ``end - horizon * k /
    3``, k = 1, 2, 3 (10, 20 and 30 days before the end for the default
    horizon), each kept when at least :data:`MIN_HISTORY_DAYS` days of
    interactions precede it. At each, every tie's strength is computed from
    the evidence before the cut-off, and scored by the ROC AUC of "this pair
    interacts between the cut-off and the end": the most recent behaviour,
    and never anything after ``as_of``. The parameters maximise the mean
    AUC by a coordinate search over :data:`GRID` from the starting
    parameters, one parameter at a time, until no change gains more than
    :data:`MIN_GAIN` (20 to 40 evaluations; each is a few vectorised passes
    over the evidence, which is numbered once for all cut-offs). The fit
    replaces the starting parameters only when it gains more than the
    standard error of their mean AUC (Hanley and McNeil 1982): on a small
    history the documented defaults stay rather than a fit to noise. With many
    ties, the AUC uses every positive and :data:`MAX_NEGATIVES` negatives
    drawn at random (the same ones for every candidate). The history is too
    short, and the starting parameters stay, with less than ``horizon_days +
    MIN_HISTORY_DAYS`` days of interactions (44 by default) or fewer than
    :data:`MIN_POSITIVES` ties in touch after the cut-offs.

    References
    ----------
    .. [1] J. A. Hanley and B. J. McNeil, "The meaning and use of the area
       under a receiver operating characteristic (ROC) curve", Radiology
       143 (1982) 29-36.

    Examples
    --------
    >>> ev = pd.DataFrame({"u": ["a"], "v": ["me"], "kind": ["interaction"],
    ...     "date": pd.to_datetime(["2024-05-02"], utc=True), "channel": ["call"],
    ...     "value": [float("nan")], "file": [""], "line": [2]})
    >>> cal = calibrate_events(ev, as_of=pd.Timestamp("2024-06-01", tz="UTC"))
    >>> cal.fitted, cal.reason
    (False, 'history too short: 1 day of interactions, need 44; the defaults stay')
    """
    return _fit(number_events(events), pd.Timestamp(as_of), horizon_days, params_of(base))


def _fit(
    num: Numbered, as_of: pd.Timestamp, horizon_days: float, params: StrengthParams
) -> Calibration:
    """Fit on numbered evidence (see :func:`calibrate_events`)."""
    nan = float("nan")
    need = horizon_days + MIN_HISTORY_DAYS
    bounds = _history_end(num, as_of)
    span = int(bounds[1] - bounds[0]) if bounds else 0
    if bounds is None or span < need:
        days = f"{span} day{'s' if span != 1 else ''}"
        return Calibration(
            params,
            False,
            nan,
            nan,
            (),
            0,
            f"history too short: {days} of interactions, need {need:g}; the defaults stay",
        )
    first, end = bounds
    folds = []
    rng = np.random.default_rng(0)
    for k in range(1, N_CUTOFFS + 1):
        cut = end - horizon_days * k / N_CUTOFFS
        if cut - first < MIN_HISTORY_DAYS:
            continue
        cut_ts = EPOCH + pd.Timedelta(days=cut)
        prep = prepare(num, cut_ts, before=True)
        if prep is None:
            continue
        with np.errstate(invalid="ignore"):
            window = (num.kind_code == 0) & (num.day >= cut) & (num.day < end)
        label = np.isin(prep.tie_key, num.key[window])
        n_pos = int(label.sum())
        if not 0 < n_pos < len(label):
            continue
        sample = None
        if len(label) - n_pos > MAX_NEGATIVES:
            negatives = rng.choice(np.flatnonzero(~label), MAX_NEGATIVES, replace=False)
            sample = np.sort(np.r_[np.flatnonzero(label), negatives])
        folds.append((cut_ts, prep, label, sample))
    n_pos = int(sum(label.sum() for _, _, label, _ in folds))
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
        aucs = []
        for _, prep, label, sample in folds:
            evidence = evaluate(prep, p).evidence
            if sample is not None:
                evidence, label = evidence[sample], label[sample]
            aucs.append(roc_auc(evidence, label))
        return float(np.mean(aucs))

    # the automatic base half-life on the whole history: the scale of the grid
    whole = prepare(num, EPOCH + pd.Timedelta(days=end), before=True)
    h_auto = base_half_life(whole, replace(params, half_life_days=None)) if whole else 21.0
    candidates = {
        **GRID,
        "half_life_days": (
            None,
            *(float(f"{h_auto * m:.2g}") for m in GRID["half_life_days"]),
        ),
    }
    default_auc = score(params)
    best, best_auc = params, default_auc
    seen = {_key(params): default_auc}
    for _ in range(MAX_PASSES):
        changed = False
        for name in FITTED_PARAMS:
            for value in candidates[name]:
                change: dict[str, Any] = {name: value if value is None else float(value)}
                candidate = replace(best, **change)
                key = _key(candidate)
                if key not in seen:
                    seen[key] = score(candidate)
                if seen[key] > best_auc + MIN_GAIN:
                    best, best_auc, changed = candidate, seen[key], True
        if not changed:
            break
    names = ", ".join(FITTED_PARAMS)
    noise = _auc_noise(default_auc, [int(label.sum()) for _, _, label, _ in folds])
    if best_auc - default_auc <= noise:
        return Calibration(
            params,
            True,
            default_auc,
            default_auc,
            cutoffs,
            n_pos,
            f"kept the starting parameters: the best fit of {names} on {span} days of "
            f"interactions ({len(seen)} candidates, {n_pos} ties in touch after {len(folds)} "
            f"cut-off(s)) gains {best_auc - default_auc:.3f} in mean AUC over "
            f"{default_auc:.3f}, within the noise ({noise:.3f})",
        )
    return Calibration(
        best,
        True,
        best_auc,
        default_auc,
        cutoffs,
        n_pos,
        f"fitted {names} on {span} days of interactions at {len(folds)} cut-off(s), "
        f"{n_pos} ties in touch after them, {len(seen)} candidates: mean AUC "
        f"{best_auc:.3f} (starting parameters {default_auc:.3f})",
    )


def _auc_noise(auc: float, positives: list[int]) -> float:
    """Return the standard error of a mean AUC over cut-offs with these many positives.

    Hanley and McNeil's approximation with many more negatives than
    positives, ``sqrt((Q2 - A^2) / n1)`` with ``Q2 = 2 A^2 / (1 + A)``, per
    cut-off, averaged as independent.
    """
    a = min(max(auc, 0.5), 1.0 - 1e-9)
    per_fold = [(2 * a * a / (1 + a) - a * a) / max(n, 1) for n in positives]
    return float(np.sqrt(sum(per_fold)) / len(per_fold))


def _key(p: StrengthParams) -> tuple[float | None, ...]:
    return tuple(p.fitted().values())


def calibrated_params(
    events: pd.DataFrame,
    *,
    as_of: pd.Timestamp,
    base: StrengthParams | Mapping[str, Any] | None = None,
    folder: str | os.PathLike[str] | None = None,
    horizon_days: float = 30.0,
) -> StrengthParams:
    """Return the parameters ``load_network`` uses: fitted when ``auto_calibrate`` is on.

    Parameters
    ----------
    events : DataFrame
        Evidence as built by :func:`tiegraph.build.evidence_events`.
    as_of : Timestamp
        Only evidence before it is used.
    base : StrengthParams or mapping, optional
        The folder's ``[strength]`` parameters.
    folder : path-like, optional
        The network folder the evidence was read from: its cache keeps the
        fit while the evidence files, the settings and the end of the
        history do not change. Without it nothing is cached.
    horizon_days : float
        As in :func:`calibrate_events`.

    Returns
    -------
    StrengthParams
        ``base`` itself when ``auto_calibrate`` is off; otherwise the fit of
        :func:`calibrate_events` (``base`` when the history is too short),
        from the cache when it holds this fit.

    Examples
    --------
    >>> import tiegraph
    >>> from tiegraph.build import evidence_events
    >>> as_of = pd.Timestamp(tiegraph.SAMPLE_AS_OF, tz="UTC")
    >>> ev = evidence_events(tiegraph.read_folder(tiegraph.sample_folder()), as_of=as_of)
    >>> calibrated_params(ev, as_of=as_of, base={"auto_calibrate": False}) == StrengthParams(
    ...     auto_calibrate=False)
    True
    """
    params = params_of(base)
    if not params.auto_calibrate:
        return params
    as_of = pd.Timestamp(as_of)
    key = None
    if folder is not None:
        from .io.cache import files_digest, read_cache

        # the end of the history, without numbering the evidence (a cache hit needs no more)
        inter = events["date"][(events["kind"] == S.EV_INTERACTION).to_numpy()]
        inter = inter[(inter < as_of).to_numpy()]
        bounds = _bounds(inter.min(), inter.max(), as_of) if len(inter) else None
        material = {
            "version": CACHE_VERSION,
            "files": files_digest(folder, EVIDENCE_FILES),
            "params": repr(params),
            "end": None if bounds is None else bounds[1],
            "horizon": horizon_days,
        }
        key = hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()
        hit = read_cache(folder, CACHE_NAME).get("entries", {}).get(key)
        if isinstance(hit, dict) and isinstance(hit.get("params"), dict):
            try:
                return replace(params, **hit["params"])
            except TypeError:
                pass  # a cache from another version: fit again
    started = time.perf_counter()
    cal = _fit(number_events(events), as_of, horizon_days, params)
    if key is not None and time.perf_counter() - started >= CACHE_MIN_SECONDS:
        _store(folder, key, cal)  # type: ignore[arg-type]
    return cal.params


def _store(folder: str | os.PathLike[str], key: str, cal: Calibration) -> None:
    from .io.cache import read_cache, write_cache

    entries = dict(read_cache(folder, CACHE_NAME).get("entries", {}))
    entries.pop(key, None)
    entries[key] = {
        "params": cal.params.fitted(),
        "fitted": cal.fitted,
        "auc": None if np.isnan(cal.auc) else round(cal.auc, 6),
        "default_auc": None if np.isnan(cal.default_auc) else round(cal.default_auc, 6),
        "reason": cal.reason,
        "written": pd.Timestamp.now(tz="UTC").isoformat(timespec="seconds"),
    }
    keep = dict(list(entries.items())[-CACHE_ENTRIES:])
    write_cache(folder, CACHE_NAME, {"version": CACHE_VERSION, "entries": keep})


@validate_params(horizon_days=[Interval(float, 0, None, closed="neither")])
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
        ``network.toml``), their AUC beside that of the starting parameters;
        or the starting parameters with the reason, when the history is too
        short (less than ``horizon_days + 14`` days of interactions, or fewer
        than 20 ties in touch after the internal cut-offs) or when the best
        fit gains no more than the noise of the AUC.

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
    >>> cal.reason.split(":")[0]  # a small history: its best fit is within the noise
    'kept the starting parameters'

    """
    from .io.folder import read_folder

    data = read_folder(folder)
    ts = to_timestamp(as_of)
    events = evidence_events(data, as_of=ts)
    return calibrate_events(
        events, as_of=ts, horizon_days=horizon_days, base=data.settings.strength
    )
