"""Calibration: a monotone map from raw influence to scores 1-100 (pure functions, no I/O).

The map is fitted on the calibration population (people who received at least one counted
interaction, so raw > 0). A person's quantile ``q`` in that population (ties share their middle
quantile) is sent through the target curve

    s(q) = 1 + 99 * (1 - (1 - q) ** gamma) ** kappa

whose two parameters are solved so that the population's mean score and 95th percentile hit
the targets (40 and 63: the published Klout figures). Near the top, ``100 - s`` shrinks like
``(1 - q) ** gamma``: every further point needs exponentially rarer influence. The fitted map is
stored as knots (raw values and their scores) and interpolated linearly in ``log(raw)``; above
the highest knot ``100 - s`` shrinks as ``(raw_top / raw) ** tail_exponent``. Raw 0 scores 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import optimize

from clout.scoring.config import CalibrationConfig

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
METHOD = "quantile-curve-knots"


@dataclass(frozen=True)
class Calibration:
    """A fitted map; ``raw`` strictly increasing and positive, ``score`` non-decreasing."""

    version: str
    raw: tuple[float, ...]
    score: tuple[float, ...]
    gamma: float
    kappa: float
    tail_exponent: float
    population: int
    method: str = METHOD

    def as_props(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "method": self.method,
            "knots_raw": list(self.raw),
            "knots_score": list(self.score),
            "gamma": self.gamma,
            "kappa": self.kappa,
            "tail_exponent": self.tail_exponent,
            "population": self.population,
        }

    @classmethod
    def from_props(cls, props: dict[str, Any]) -> Calibration:
        return cls(
            version=str(props["version"]),
            raw=tuple(props["knots_raw"]),
            score=tuple(props["knots_score"]),
            gamma=float(props["gamma"]),
            kappa=float(props["kappa"]),
            tail_exponent=float(props["tail_exponent"]),
            population=int(props["population"]),
            method=str(props.get("method", METHOD)),
        )


def curve(q: FloatArray, gamma: float, kappa: float) -> FloatArray:
    """The target curve from quantile (0..1) to a continuous score (1..100)."""
    inner = 1.0 - np.power(1.0 - np.clip(q, 0.0, 1.0), gamma)
    return np.asarray(1.0 + 99.0 * np.power(np.clip(inner, 0.0, 1.0), kappa))


def mid_quantiles(sorted_raw: FloatArray) -> FloatArray:
    """Each value's middle quantile in a sorted sample: ties share one quantile."""
    n = len(sorted_raw)
    below = np.searchsorted(sorted_raw, sorted_raw, side="left")
    at_or_below = np.searchsorted(sorted_raw, sorted_raw, side="right")
    return np.asarray((below + at_or_below) / (2.0 * n))


def _solve(q: FloatArray, target_mean: float, target_p95: float) -> tuple[float, float]:
    def residual(log_params: FloatArray) -> FloatArray:
        s = curve(q, float(np.exp(log_params[0])), float(np.exp(log_params[1])))
        return np.array([s.mean() - target_mean, np.percentile(s, 95) - target_p95])

    found = optimize.least_squares(residual, x0=np.log([0.3, 2.0]), bounds=([-6, -6], [3, 6]))
    return float(np.exp(found.x[0])), float(np.exp(found.x[1]))


def _knot_positions(n: int, count: int) -> IntArray:
    """Indices into a sorted sample of ``n``: even in quantile, and dense in the top tail."""
    even = np.linspace(0.0, 1.0, count // 2)
    tail = 1.0 - np.logspace(-1.0, np.log10(0.5 / n), count - count // 2)
    levels = np.unique(np.concatenate([even, tail]))
    return np.unique(np.clip(np.round(levels * (n - 1)), 0, n - 1).astype(np.int64))


def fit(raw: FloatArray, config: CalibrationConfig, version: str) -> Calibration:
    """Fit the map on the calibration population's raw values (those > 0 are used)."""
    population = np.sort(np.asarray(raw, dtype=np.float64)[np.asarray(raw) > 0])
    if len(population) < 2:
        raise ValueError("a calibration needs at least two people with a received interaction")
    q = mid_quantiles(population)
    gamma, kappa = _solve(q, config.target_mean, config.target_p95)
    values, first = np.unique(population, return_index=True)
    chosen = population[_knot_positions(len(population), config.knots)]
    positions = np.unique(np.searchsorted(values, chosen))
    knots = values[positions]
    scores = curve(q[first[positions]], gamma, kappa)
    return Calibration(
        version=version,
        raw=tuple(knots.tolist()),
        score=tuple(np.maximum.accumulate(scores).tolist()),
        gamma=gamma,
        kappa=kappa,
        tail_exponent=config.tail_exponent,
        population=len(population),
    )


def continuous(calibration: Calibration, raw: FloatArray) -> FloatArray:
    """The map before rounding: 1 for raw <= 0, non-decreasing, below 100."""
    raw = np.asarray(raw, dtype=np.float64)
    knots, scores = np.array(calibration.raw), np.array(calibration.score)
    out = np.ones(raw.shape)
    positive = raw > 0
    low = positive & (raw < knots[0])
    out[low] = 1.0 + (scores[0] - 1.0) * raw[low] / knots[0]
    mid = positive & (raw >= knots[0]) & (raw <= knots[-1])
    out[mid] = np.interp(np.log(raw[mid]), np.log(knots), scores)
    high = raw > knots[-1]
    shrink = np.power(knots[-1] / raw[high], calibration.tail_exponent)
    out[high] = 100.0 - (100.0 - scores[-1]) * shrink
    return out


def scores(calibration: Calibration, raw: FloatArray) -> IntArray:
    """Integer scores 1-100: equal raw gives equal score, more raw never less."""
    rounded = np.floor(continuous(calibration, raw) + 0.5)
    return np.clip(rounded, 1, 100).astype(np.int64)


def thresholds(calibration: Calibration) -> FloatArray:
    """Per score 2..100 that the map reaches, the least raw value scoring that much or more
    (found by bisection over the float64 numbers, ordered as their bits). As ``scores`` is
    monotone, a raw value's score is 1 + how many thresholds are at or below it: an engine
    that can only compare numbers (Spark) applies the map exactly."""
    levels = np.arange(2, 101)
    top = np.array(np.finfo(np.float64).max).view(np.int64)
    # For every level: scores(low) < level <= scores(high), on the bits of positive floats.
    low = np.zeros(len(levels), dtype=np.int64)
    high = np.full(len(levels), top, dtype=np.int64)
    reached = scores(calibration, high.view(np.float64)) >= levels
    while np.any(high - low > 1):
        middle = low + (high - low) // 2
        up = scores(calibration, middle.view(np.float64)) >= levels
        high, low = np.where(up, middle, high), np.where(up, low, middle)
    return np.asarray(high.view(np.float64)[reached])


def percentiles(population: FloatArray, raw: FloatArray) -> FloatArray:
    """Per value, the share (0-100) of the population at or below it."""
    ordered = np.sort(np.asarray(population, dtype=np.float64))
    if len(ordered) == 0:
        return np.zeros(np.shape(raw))
    return np.asarray(100.0 * np.searchsorted(ordered, raw, side="right") / len(ordered))


def distribution(values: FloatArray | IntArray) -> tuple[float, float]:
    """The mean and 95th percentile of scores (0, 0 for none)."""
    if len(values) == 0:
        return 0.0, 0.0
    return float(np.mean(values)), float(np.percentile(values, 95))
