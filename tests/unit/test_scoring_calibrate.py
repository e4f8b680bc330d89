"""The calibration map: bounds, monotonicity, ties (hypothesis), and the 40 / 63 targets."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clout.scoring import calibrate
from clout.scoring.config import CalibrationConfig

CONFIG = CalibrationConfig()
positive = st.floats(min_value=1e-9, max_value=1e6, allow_nan=False)
populations = st.lists(positive, min_size=2, max_size=300)
raws = st.lists(st.floats(min_value=0, max_value=1e9, allow_nan=False), min_size=1, max_size=50)


@settings(max_examples=60, deadline=None)
@given(population=populations, raw=raws)
def test_scores_are_integers_from_1_to_100(population: list[float], raw: list[float]) -> None:
    fitted = calibrate.fit(np.array(population), CONFIG, "t")
    out = calibrate.scores(fitted, np.array(raw))
    assert out.dtype == np.int64
    assert np.all((out >= 1) & (out <= 100))


@settings(max_examples=60, deadline=None)
@given(population=populations, raw=raws)
def test_more_raw_never_scores_less(population: list[float], raw: list[float]) -> None:
    fitted = calibrate.fit(np.array(population), CONFIG, "t")
    ordered = np.sort(np.array(raw))
    assert np.all(np.diff(calibrate.scores(fitted, ordered)) >= 0)
    assert np.all(np.diff(calibrate.continuous(fitted, ordered)) >= 0)


@settings(max_examples=60, deadline=None)
@given(population=populations, value=positive)
def test_equal_raw_gives_equal_score(population: list[float], value: float) -> None:
    fitted = calibrate.fit(np.array(population), CONFIG, "t")
    out = calibrate.scores(fitted, np.array([value, value, value]))
    assert len(set(out.tolist())) == 1


@settings(max_examples=40, deadline=None)
@given(population=populations, raw=raws)
def test_the_thresholds_give_every_raw_value_its_score(
    population: list[float], raw: list[float]
) -> None:
    fitted = calibrate.fit(np.array(population), CONFIG, "t")
    cuts = calibrate.thresholds(fitted)
    # Never decreasing; two levels share a threshold where the map skips a score between two
    # neighbouring floats (a population of two values 2e-25 apart does).
    assert np.all(np.diff(cuts) >= 0)
    # The raw values given, each threshold, and the float just below each.
    values = np.concatenate([raw, cuts, np.nextafter(cuts, 0.0), [0.0, 5e-324, 1e300]])
    by_count = 1 + np.searchsorted(cuts, values, side="right")
    assert by_count.tolist() == calibrate.scores(fitted, values).tolist()


def test_no_received_interaction_scores_1() -> None:
    fitted = calibrate.fit(np.array([0.1, 1.0, 2.0]), CONFIG, "t")
    assert calibrate.scores(fitted, np.array([0.0]))[0] == 1


def _distributions() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(5)
    return {
        "lognormal": rng.lognormal(0, 1.5, 50_000),
        "pareto": rng.pareto(1.1, 50_000) + 1e-3,
        "exponential": rng.exponential(0.3, 20_000),
        "big tie block": np.concatenate([np.full(20_000, 0.02), rng.lognormal(-1, 2, 20_000)]),
        "Enron-sized": rng.lognormal(0, 1, 184),
    }


@pytest.mark.parametrize("name", list(_distributions()))
def test_a_fitted_map_hits_mean_40_and_p95_63(name: str) -> None:
    raw = _distributions()[name]
    fitted = calibrate.fit(raw, CONFIG, "t")
    mean, p95 = calibrate.distribution(calibrate.scores(fitted, raw))
    assert abs(mean - 40) <= 1, mean
    assert abs(p95 - 63) <= 1, p95


def test_reaching_100_is_exponentially_hard() -> None:
    raw = np.random.default_rng(3).lognormal(0, 1.5, 100_000)
    fitted = calibrate.fit(raw, CONFIG, "t")
    top = raw.max()
    gaps = [100 - calibrate.continuous(fitted, np.array([top * f]))[0] for f in (1, 4, 16)]
    assert gaps[0] > gaps[1] > gaps[2] > 0
    assert gaps[1] == pytest.approx(gaps[0] / 2)
    assert gaps[2] == pytest.approx(gaps[0] / 4)


def test_a_stored_map_round_trips_and_scores_identically() -> None:
    raw = np.random.default_rng(9).lognormal(0, 1, 1000)
    fitted = calibrate.fit(raw, CONFIG, "v7")
    again = calibrate.Calibration.from_props(fitted.as_props())
    assert again == fitted
    assert np.array_equal(calibrate.scores(again, raw), calibrate.scores(fitted, raw))


def test_percentiles_count_the_population_at_or_below() -> None:
    out = calibrate.percentiles(np.array([1.0, 2.0, 2.0, 4.0]), np.array([0.0, 2.0, 5.0]))
    np.testing.assert_allclose(out, [0.0, 75.0, 100.0])
