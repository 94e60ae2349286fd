"""Self-calibration of the strength model (tiegraph.calibration)."""

import json

import numpy as np
import pandas as pd
import pytest
from _histories import history_files

import tiegraph
from tiegraph import calibration
from tiegraph.calibration import calibrate, calibrate_events, calibrated_params, roc_auc
from tiegraph.strength import FITTED_PARAMS, StrengthParams, effective_params

AS_OF = pd.Timestamp("2024-07-01", tz="UTC")


def test_roc_auc_counts_ties_as_half():
    assert roc_auc(np.array([1, 1, 1, 1]), np.array([True, False, True, False])) == 0.5
    assert roc_auc(np.array([0.9, 0.1]), np.array([True, False])) == 1.0
    assert np.isnan(roc_auc(np.array([0.9, 0.1]), np.array([True, True])))


def interactions(rows: list[tuple[str, str, pd.Timestamp]], channel: str) -> pd.DataFrame:
    """The evidence table of interactions ``(u, v, date)``, all by ``channel``."""
    u, v, d = zip(*rows, strict=True)
    return pd.DataFrame(
        {
            "u": u,
            "v": v,
            "kind": "interaction",
            "date": pd.to_datetime(d),
            "channel": channel,
            "value": np.nan,
            "file": "log",
            "line": 0,
        }
    )


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
    return interactions(rows, "message")


def test_fast_history_gets_a_shorter_half_life_than_slow_history():
    fast, slow = synthetic(20, 1.5), synthetic(200, 20, seed=1)
    # the automatic half-life already follows the tempo of each history ...
    h_fast = effective_params(fast, as_of=AS_OF).half_life_days
    h_slow = effective_params(slow, as_of=AS_OF).half_life_days
    assert h_fast < 3 < 10 < h_slow
    # ... so a fit gains no more than the noise there, and keeps the starting parameters
    for events in (fast, slow):
        cal = calibrate_events(events, as_of=AS_OF)
        assert cal.fitted and cal.params == StrengthParams()
        assert (
            cal.reason.startswith("kept the starting parameters")
            and "within the noise" in cal.reason
        )


def test_a_fit_replaces_the_starting_parameters_only_beyond_the_noise(monkeypatch):
    events = synthetic(200, 20, seed=1)
    kept = calibrate_events(events, as_of=AS_OF)
    monkeypatch.setattr(calibration, "_auc_noise", lambda auc, positives: 0.0)
    taken = calibrate_events(events, as_of=AS_OF)
    assert taken.params != StrengthParams() and taken.auc > taken.default_auc
    assert taken.default_auc == kept.default_auc == kept.auc
    assert taken.auc - kept.auc <= 0.028  # the noise measured on this history


def test_the_auc_noise_shrinks_with_more_positives():
    few, many = calibration._auc_noise(0.9, [20, 20]), calibration._auc_noise(0.9, [2000, 2000])
    assert few == pytest.approx(10 * many) and 0.01 < few < 0.1


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
    assert [line.split(" = ")[0] for line in lines[1:]] == [*FITTED_PARAMS, "auto_calibrate"]
    assert lines[-1] == "auto_calibrate = false"  # pasted, they pin the fit
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
    return interactions(rows, "call")


def test_calibration_recovers_a_known_half_life(monkeypatch):
    # the search itself, without the guard that keeps the starting parameters within the
    # noise (here the automatic half-life is already close: 4.2 and 15 days)
    monkeypatch.setattr(calibration, "_auc_noise", lambda auc, positives: 0.0)
    base = {
        "age_scale_days": 1e9,
        "rhythm_factor": 0,
        "activity_factor": 0,
        "attention_weight": 0,
    }
    # predicting contact within h days of the cut-off, the h-faded evidence is the best score
    fits = {h: calibrate_events(hawkes(h), as_of=AS_OF, base=base, horizon_days=h) for h in (3, 30)}
    assert all(c.fitted for c in fits.values())
    # The grid is relative to the automatic half-life (the tempo: 4.2 and 15 days here) and
    # the label windows are the most recent third, two thirds and whole horizon, so the fit
    # lands within a factor of two of the true half-life (measured: 5.8 and 30).
    for h, fit in fits.items():
        assert h / 2 <= fit.params.half_life_days <= 2 * h, (h, fit.params)
    assert fits[3].params.half_life_days < fits[30].params.half_life_days
    assert all(c.auc >= c.default_auc for c in fits.values())


# --- the fit that load_network uses, and its cache ------------------------------------------


def folder_with_history(write_folder, *, pinned: str = '[owner]\nid = "me"\n'):
    """40 contacts over four months: half talk every 2 days, half every 10; some stop."""
    return write_folder(
        {**history_files(channel="message", started_by=True), "network.toml": pinned}
    )


@pytest.fixture
def count_fits(monkeypatch):
    """Cache every fit however quick, and count the fits made."""
    calls = []
    real = calibration._fit

    def counting(*args, **kwargs):
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(calibration, "CACHE_MIN_SECONDS", 0.0)
    monkeypatch.setattr(calibration, "_fit", counting)
    return calls


def test_load_network_calibrates_by_default_and_reuses_the_cached_fit(write_folder, count_fits):
    folder = folder_with_history(write_folder)
    as_of = "2024-05-01"
    first = tiegraph.load_network(folder, as_of=as_of)
    assert len(count_fits) == 1
    cache = folder / ".tiegraph" / "cache" / "calibration.json"
    (entry,) = json.loads(cache.read_text())["entries"].values()
    assert entry["fitted"] is True and set(entry["params"]) == set(FITTED_PARAMS)
    # the graph's strengths are those of the fitted parameters
    fit = calibrate(folder, as_of=as_of)
    assert entry["params"] == fit.params.fitted()
    again = tiegraph.load_network(folder, as_of=as_of)
    assert len(count_fits) == 2  # calibrate() above fitted; the second load did not
    for p in ("p3", "p10"):
        assert again.edges["me", p]["strength"] == first.edges["me", p]["strength"]
    # as_of after the last interaction: the history ends at the same day, the fit is reused
    tiegraph.load_network(folder, as_of="2024-06-15")
    assert len(count_fits) == 2


def test_a_change_to_the_interactions_fits_again(write_folder, count_fits):
    folder = folder_with_history(write_folder)
    tiegraph.load_network(folder, as_of="2024-05-01")
    with (folder / "interactions.csv").open("a") as fh:
        fh.write("2024-04-20,p1,,call,,\n")
    tiegraph.load_network(folder, as_of="2024-05-01")
    assert len(count_fits) == 2
    entries = json.loads((folder / ".tiegraph/cache/calibration.json").read_text())["entries"]
    assert len(entries) == 2  # one per version of the data, the newest last
    tiegraph.load_network(folder, as_of="2024-05-01")
    assert len(count_fits) == 2


def test_a_change_to_the_settings_fits_again(write_folder, count_fits):
    folder = folder_with_history(write_folder)
    tiegraph.load_network(folder, as_of="2024-05-01")
    (folder / "network.toml").write_text("[strength]\none_way_weight = 0.5\n")
    tiegraph.load_network(folder, as_of="2024-05-01")
    assert len(count_fits) == 2


def test_auto_calibrate_false_pins_the_parameters(write_folder, count_fits):
    pinned = "[strength]\nauto_calibrate = false\nhalf_life_days = 9\n"
    folder = folder_with_history(write_folder, pinned=pinned)
    G = tiegraph.load_network(folder, as_of="2024-05-01")
    assert count_fits == [] and not (folder / ".tiegraph").exists()
    evidence = tiegraph.build.evidence_events(tiegraph.read_folder(folder), as_of=AS_OF)
    expect = tiegraph.strength.tie_strengths(
        evidence, as_of=pd.Timestamp("2024-05-01", tz="UTC"), params={"half_life_days": 9}
    ).set_index(["u", "v"])
    assert G.edges["me", "p3"]["strength"] == pytest.approx(expect.loc[("me", "p3"), "strength"])


def test_a_quick_fit_is_not_cached_and_a_read_only_folder_still_loads(write_folder):
    folder = folder_with_history(write_folder)
    # the default threshold: a fit this small takes well under a second, so nothing is written
    tiegraph.load_network(folder, as_of="2024-05-01")
    assert not (folder / ".tiegraph").exists()
    evidence = tiegraph.build.evidence_events(tiegraph.read_folder(folder), as_of=AS_OF)
    as_of = pd.Timestamp("2024-05-01", tz="UTC")
    base = StrengthParams()
    assert (
        calibrated_params(evidence, as_of=as_of, base=base)
        == calibrate_events(evidence, as_of=as_of, base=base).params
    )


def test_a_corrupt_cache_is_ignored(write_folder, count_fits):
    folder = folder_with_history(write_folder)
    cache = folder / ".tiegraph" / "cache" / "calibration.json"
    cache.parent.mkdir(parents=True)
    cache.write_text("{not json")
    G = tiegraph.load_network(folder, as_of="2024-05-01")
    assert len(count_fits) == 1 and G.number_of_edges() == 40
    assert json.loads(cache.read_text())["version"] == calibration.CACHE_VERSION
