"""PageRank contributions (``reference.contributions``): what ``clout show`` reports as "why"."""

from __future__ import annotations

import numpy as np
import pytest

from clout import config
from clout.analyst.contributions import run_config
from clout.scoring import reference, weights
from clout.scoring.config import GamingConfig

D = 0.85


def _converged(
    source: list[int], target: list[int], weight: list[float], n: int, algorithm: str
) -> np.ndarray:
    return reference.rank(
        np.array(source),
        np.array(target),
        np.array(weight, dtype=np.float64),
        n,
        algorithm=algorithm,
        damping=D,
        max_iterations=500,
        tolerance=1e-13,
    )


def _into(target: np.ndarray, flows: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(target, weights=flows, minlength=n)


def test_contributions_on_a_hand_computed_graph() -> None:
    # 1 -> 0 (1), 1 -> 2 (2), 0 -> 2 (1), 0 -> 3 (1: say, the sink). Nobody engages with 1.
    source, target, weight = [1, 1, 0, 0], [0, 2, 2, 3], [1.0, 2.0, 1.0, 1.0]
    ranks = _converged(source, target, weight, 4, "pagerank")
    # By hand: rank(1) = 0.15; 1 gives 0 a third of d * 0.15; 0 gives 2 half of d * rank(0).
    assert ranks[1] == pytest.approx(0.15)
    assert ranks[0] == pytest.approx(0.15 + D * 0.15 / 3)  # 0.1925
    flows = reference.contributions(np.array(source), np.array(weight), ranks, damping=D)
    assert flows.tolist() == pytest.approx(
        [D * 0.15 / 3, D * 0.15 * 2 / 3, D * 0.1925 / 2, D * 0.1925 / 2]
    )
    assert ranks[2] == pytest.approx(0.15 + 0.085 + 0.0818125)
    # The contributions into each node add up to its rank minus the teleport part.
    assert np.abs(_into(np.array(target), flows, 4) - (ranks - (1 - D))).max() < 1e-6


@pytest.mark.parametrize("algorithm", ["pagerank", "articlerank"])
def test_contributions_explain_every_rank_of_the_scoring_model(algorithm: str) -> None:
    rng = np.random.default_rng(7)
    events = 400
    actor, target = rng.integers(0, 40, events), rng.integers(0, 40, events)
    event = weights.event_weight(
        rng.choice([0.5, 1.5, 2.0, 3.0], events),
        rng.integers(1, 4, events).astype(float),
        rng.uniform(0, 90, events),
        30.0,
    )
    pairs = weights.pair_weights(actor.astype(np.int64), target.astype(np.int64), event)
    edges = weights.scoring_edges(pairs, 40, GamingConfig())
    ranks = reference.rank(
        edges.source,
        edges.target,
        edges.weight,
        edges.node_count,
        algorithm=algorithm,
        damping=D,
        max_iterations=500,
        tolerance=1e-13,
    )
    average = len(edges.source) / edges.node_count
    flows = reference.contributions(
        edges.source, edges.weight, ranks, algorithm=algorithm, damping=D, average_degree=average
    )
    explained = _into(edges.target, flows, edges.node_count)
    assert np.abs(explained - (ranks - (1 - D))).max() < 1e-6


def test_an_unknown_algorithm_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown algorithm"):
        reference.contributions(np.array([0]), np.array([1.0]), np.array([1.0]), algorithm="hits")


def test_the_explanation_uses_the_constants_the_run_recorded() -> None:
    base = config.load().scoring
    recorded = {"damping": 0.5, "half_life_days": 7.0, "standing_floor": 0.5}
    cfg = run_config(base, recorded)
    assert (cfg.damping, cfg.half_life_days, cfg.gaming.standing_floor) == (0.5, 7.0, 0.5)
    assert cfg.gaming.reciprocity_discount == base.gaming.reciprocity_discount
    assert cfg.kind_weights == base.kind_weights


def test_a_run_that_recorded_its_constants_before_vouching_is_explained_without_it() -> None:
    base = config.load().scoring
    old = run_config(base, {"reciprocity_discount": 1.0, "standing_floor": 0.02})
    assert (old.gaming.standing_vouching, old.gaming.reciprocity_discount) == (0.0, 1.0)
    new = run_config(base, {"standing_floor": 0.0, "standing_vouching": 1.0})
    assert new.gaming.standing_vouching == 1.0
    assert run_config(base, {}).gaming == base.gaming


def test_a_run_before_scoring_6_is_explained_with_the_rules_of_its_time() -> None:
    base = config.load().scoring
    five = {
        "config_version": "scoring-5",
        "half_life_days": 30.0,
        "standing_floor": 0.0,
        "standing_vouching": 1.0,
        "fade_with_age": True,
    }
    cfg = run_config(base, five)
    assert (cfg.gaming.pair_exponent, cfg.gaming.min_out_weight, cfg.gaming.coengagement) == (
        0.0,
        0.0,
        0.0,
    )
    assert (cfg.gaming.circle_scale, cfg.gaming.circle_ratio, cfg.lasting_share) == (0, 0, 0)
    six = run_config(base, {**base.as_dict(), "fade_with_age": True})
    assert six.gaming == base.gaming
    assert six.lasting_share == base.lasting_share
