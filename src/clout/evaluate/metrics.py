"""Ranking metrics of a prediction against later engagement (pure: numbers in, numbers out).

Ties in the prediction are broken by position (the caller passes people in a fixed order), so
every metric is deterministic.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from scipy import stats

FloatArray = npt.NDArray[np.float64]


def _check(predicted: FloatArray, actual: FloatArray) -> None:
    if predicted.shape != actual.shape or predicted.ndim != 1:
        raise ValueError("predicted and actual must be 1-d arrays of the same length")


def top_k(values: FloatArray, k: int) -> npt.NDArray[np.int64]:
    """Positions of the ``k`` largest values, largest first (ties: the earlier position)."""
    order = np.argsort(-values, kind="stable")
    return order[: min(k, len(values))].astype(np.int64)


def spearman(predicted: FloatArray, actual: FloatArray) -> float:
    """Spearman's rank correlation (average ranks for ties); NaN when either side is constant."""
    _check(predicted, actual)
    if len(predicted) < 2 or np.ptp(predicted) == 0 or np.ptp(actual) == 0:
        return math.nan
    return float(stats.spearmanr(predicted, actual).statistic)


def ndcg_at_k(predicted: FloatArray, actual: FloatArray, k: int = 100) -> float:
    """Normalised discounted cumulative gain of the top ``k`` by ``predicted``.

    The gain of the person at rank ``i`` (1-based) is their ``actual`` value over
    ``log2(i + 1)``; the ideal ordering ranks by ``actual``. NaN when nobody has any gain.
    """
    _check(predicted, actual)
    discounts = 1.0 / np.log2(np.arange(2, min(k, len(actual)) + 2))
    ideal = float(np.sum(np.sort(actual)[::-1][: len(discounts)] * discounts))
    if ideal <= 0:
        return math.nan
    return float(np.sum(actual[top_k(predicted, k)] * discounts)) / ideal


def precision_at_k(predicted: FloatArray, actual: FloatArray, k: int = 100) -> float:
    """The share of the top ``k`` by ``predicted`` that is also in the top ``k`` by ``actual``."""
    _check(predicted, actual)
    size = min(k, len(actual))
    if size == 0:
        return math.nan
    hits = set(top_k(predicted, k).tolist()) & set(top_k(actual, k).tolist())
    return len(hits) / size


def top_share_future(predicted: FloatArray, actual: FloatArray, share: float = 0.1) -> float:
    """The mean ``actual`` of the top ``share`` by ``predicted`` (at least one person); NaN for
    nobody."""
    _check(predicted, actual)
    if len(actual) == 0:
        return math.nan
    size = max(1, int(len(actual) * share))
    return float(np.mean(actual[top_k(predicted, size)]))


def all_metrics(predicted: FloatArray, actual: FloatArray, k: int = 100) -> dict[str, float]:
    """Spearman, NDCG@k, precision@k and the top decile's mean future engagement, keyed
    ``spearman``, ``ndcg``, ``precision``, ``top_decile``."""
    return {
        "spearman": spearman(predicted, actual),
        "ndcg": ndcg_at_k(predicted, actual, k),
        "precision": precision_at_k(predicted, actual, k),
        "top_decile": top_share_future(predicted, actual),
    }
