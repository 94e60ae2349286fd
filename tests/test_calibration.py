"""Self-calibration of the strength model (tiegraph.calibration)."""

import numpy as np
import pandas as pd
import pytest

from tiegraph.calibration import GRID, calibrate, calibrate_events, roc_auc
from tiegraph.strength import StrengthParams

AS_OF = pd.Timestamp("2024-07-01", tz="UTC")


def test_roc_auc_counts_ties_as_half():
    assert roc_auc(np.array([1, 1, 1, 1]), np.array([True, False, True, False])) == 0.5
    assert roc_auc(np.array([0.9, 0.1]), np.array([True, False])) == 1.0
    assert np.isnan(roc_auc(np.array([0.9, 0.1]), np.array([True, True])))


def synthetic(lifetime_days: float, gap_days: float, *, seed: int = 0, pairs: int = 120):
    """Pairs that talk every ~gap days while alive, then never again.

    A pair's death time is uniform over the year; whether it is in touch after a
    cut-off is whether it is still alive, which recent contact predicts well only
    with a half-life matched to the gaps.
    """
    rng = np.random.default_rng(seed)
    rows = []
    start = AS_OF - pd.Timedelta(days=365)
    for p in range(pairs):
        born = rng.uniform(0, 365 - lifetime_days)
        death = born + rng.exponential(lifetime_days)
        t = born
        while t < min(death, 365):
            rows.append((f"a{p}", f"b{p}", start + pd.Timedelta(days=float(t))))
            t += rng.exponential(gap_days)
    u, v, d = zip(*rows, strict=True)
    return pd.DataFrame(
        {
            "u": u,
            "v": v,
            "kind": "interaction",
            "date": pd.to_datetime(d),
            "channel": "message",
            "value": np.nan,
            "file": "log",
            "line": 0,
        }
    )


def test_fast_history_fits_a_shorter_half_life_than_slow_history():
    fast = calibrate_events(synthetic(20, 1.5), as_of=AS_OF)
    slow = calibrate_events(synthetic(200, 20, seed=1), as_of=AS_OF)
    assert fast.fitted and slow.fitted
    assert fast.params.half_life_days < slow.params.half_life_days
    assert fast.auc >= fast.default_auc and slow.auc >= slow.default_auc


def test_short_history_keeps_the_defaults_and_says_why():
    events = synthetic(20, 1.5)
    recent = events[events["date"] > AS_OF - pd.Timedelta(days=30)]
    cal = calibrate_events(recent, as_of=AS_OF)
    assert not cal.fitted
    assert cal.params == StrengthParams()
    assert cal.reason.startswith("history too short:") and "need 44" in cal.reason
    assert cal.to_dict()["fitted"] is False and cal.cutoffs == ()


def test_calibration_never_looks_past_as_of():
    events = synthetic(20, 1.5)
    later = pd.DataFrame(
        {
            "u": ["zz"],
            "v": ["zzz"],
            "kind": ["interaction"],
            "date": [AS_OF + pd.Timedelta(days=5)],
            "channel": ["message"],
            "value": [np.nan],
            "file": ["log"],
            "line": [0],
        }
    )
    a = calibrate_events(events, as_of=AS_OF)
    b = calibrate_events(pd.concat([events, later], ignore_index=True), as_of=AS_OF)
    assert (a.params, a.auc) == (b.params, b.auc)


def test_the_fit_prints_lines_to_pin_in_network_toml(sample_folder):
    cal = calibrate(sample_folder, as_of="2026-06-30")
    assert cal.fitted
    lines = cal.to_toml().splitlines()
    assert lines[0] == "[strength]"
    assert [line.split(" = ")[0] for line in lines[1:]] == [
        "half_life_days",
        "rhythm_factor",
        "activity_factor",
        "embedding_factor",
    ]
    assert cal.to_dict()["fitted"] is True


@pytest.mark.parametrize("table", [{"half_life_days": -1}, {"half_life_days": "ten"}])
def test_bad_strength_settings_are_clear_errors(table):
    from tiegraph import ConfigError

    with pytest.raises(ConfigError, match="half_life_days must be"):
        StrengthParams.from_settings(table)


def hawkes(half_life: float, *, pairs: int = 150, days: int = 240, seed: int = 3):
    """Pairs whose contact rate is excited by their own past contacts, fading with half_life.

    The rate of a pair is mu + alpha * sum of ln2/h * 2^(-age/h) over its past
    contacts: the best predictor of contact soon is exactly the evidence faded
    with the half-life ``half_life``.
    """
    rng = np.random.default_rng(seed)
    lam, alpha = np.log(2) / half_life, 0.9
    rows = []
    start = AS_OF - pd.Timedelta(days=days)
    for p in range(pairs):
        mu = rng.uniform(0.002, 0.02)
        t, excite = 0.0, 0.0  # excite: alpha * sum lam * exp(-lam * age) at time t
        while True:
            bound = mu + excite
            dt = rng.exponential(1 / bound)
            t += dt
            excite *= np.exp(-lam * dt)
            if t >= days:
                break
            if rng.random() * bound <= mu + excite:
                rows.append((f"a{p}", f"b{p}", start + pd.Timedelta(days=t)))
                excite += alpha * lam
    u, v, d = zip(*rows, strict=True)
    return pd.DataFrame(
        {
            "u": u,
            "v": v,
            "kind": "interaction",
            "date": pd.to_datetime(d),
            "channel": "call",
            "value": np.nan,
            "file": "log",
            "line": 0,
        }
    )


def test_calibration_recovers_a_known_half_life():
    base = {"age_scale_days": 1e9, "rhythm_factor": 0, "activity_factor": 0, "embedding_factor": 0}
    # predicting contact within h days of the cut-off, the h-faded evidence is the best score
    fits = {h: calibrate_events(hawkes(h), as_of=AS_OF, base=base, horizon_days=h) for h in (3, 30)}
    assert all(c.fitted for c in fits.values())
    # The label windows are the most recent third, two thirds and whole horizon before
    # as_of (what wins on real, drifting logs), so on this stationary process the fit
    # lands within one step of the true half-life on the grid (measured: 5 and 45).
    grid = GRID["half_life_days"]
    for h, fit in fits.items():
        assert abs(grid.index(fit.params.half_life_days) - grid.index(h)) <= 1, (h, fit.params)
    assert all(c.auc > c.default_auc for c in fits.values())
