"""The evaluation metrics on tiny cases computed by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from clout.evaluate import metrics, stability


def arr(*values: float) -> np.ndarray:
    return np.array(values, dtype=np.float64)


def test_spearman_perfect_reversed_and_by_hand() -> None:
    assert metrics.spearman(arr(1, 2, 3, 4), arr(10, 20, 30, 40)) == pytest.approx(1.0)
    assert metrics.spearman(arr(1, 2, 3, 4), arr(4, 3, 2, 1)) == pytest.approx(-1.0)
    # ranks (1,2,3,4) vs (1,3,2,4): d^2 = 0+1+1+0 = 2; rho = 1 - 6*2/(4*15) = 0.8
    assert metrics.spearman(arr(1, 2, 3, 4), arr(1, 3, 2, 4)) == pytest.approx(0.8)


def test_spearman_is_nan_for_a_constant_side() -> None:
    assert math.isnan(metrics.spearman(arr(1, 1, 1), arr(1, 2, 3)))


def test_ndcg_by_hand() -> None:
    # predicted order: c (gain 1), a (gain 3), b (gain 0); k = 2
    # DCG = 1/log2(2) + 3/log2(3) = 1 + 1.8928; ideal = 3/1 + 1/log2(3) = 3.6309
    predicted, actual = arr(2, 1, 3), arr(3, 0, 1)
    expected = (1 + 3 / math.log2(3)) / (3 + 1 / math.log2(3))
    assert metrics.ndcg_at_k(predicted, actual, k=2) == pytest.approx(expected)
    assert metrics.ndcg_at_k(actual, actual, k=2) == pytest.approx(1.0)


def test_ndcg_is_nan_without_any_gain() -> None:
    assert math.isnan(metrics.ndcg_at_k(arr(1, 2), arr(0, 0), k=2))


def test_precision_by_hand() -> None:
    # top 2 predicted: positions 3, 2; top 2 actual: positions 0, 2 -> 1 hit of 2
    predicted, actual = arr(1, 2, 3, 4), arr(9, 0, 5, 1)
    assert metrics.precision_at_k(predicted, actual, k=2) == pytest.approx(0.5)
    assert metrics.precision_at_k(actual, actual, k=2) == pytest.approx(1.0)
    # k larger than the population: everybody is in both tops
    assert metrics.precision_at_k(predicted, actual, k=10) == pytest.approx(1.0)


def test_ties_break_by_position() -> None:
    assert metrics.top_k(arr(1, 1, 1), 2).tolist() == [0, 1]


def test_mismatched_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="same length"):
        metrics.spearman(arr(1, 2), arr(1, 2, 3))


def test_score_movement_by_hand() -> None:
    before = pd.Series({"a": 10, "b": 20, "c": 30})
    after = pd.Series({"a": 12, "b": 20})  # c vanished: counts as score 1
    result = stability.moved(before, after)
    assert result["max"] == 29.0
    assert result["median"] == 2.0
    assert result["p95"] == np.percentile([2, 0, 29], 95)
