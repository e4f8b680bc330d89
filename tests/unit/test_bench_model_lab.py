"""The model lab on tiny data: Cypher's percentileDisc, the planted farm, the farm check."""

from __future__ import annotations

import numpy as np
import pytest
from bench import model_lab

from clout.evaluate import gaming
from clout.scoring import config


def test_percentile_disc_follows_cypher() -> None:
    # Neo4j's manual: percentileDisc(0.5) over 13, 33, 44 is 33; over four values the second.
    assert model_lab.percentile_disc(np.array([44.0, 13.0, 33.0]), 0.5) == 33.0
    assert model_lab.percentile_disc(np.array([1.0, 2.0, 3.0, 4.0]), 0.5) == 2.0
    assert model_lab.percentile_disc(np.array([1.0, 2.0, 3.0, 4.0]), 0.7) == 3.0
    assert model_lab.percentile_disc(np.array([1.0, 2.0, 3.0, 4.0]), 1.0) == 4.0


def _chain(cfg: config.ScoringConfig) -> model_lab.DataSet:
    """Six accounts: 0 -> 1 -> 2 -> 3, 4 -> 2, 5 -> 1, one like a day on days 1 to 5."""
    actor = np.array([0, 1, 2, 4, 5], dtype=np.int64)
    target = np.array([1, 2, 3, 2, 1], dtype=np.int64)
    at = 86400.0 * np.arange(1, 6)
    return model_lab.DataSet(
        "chain", [f"t:{i}" for i in range(6)], actor, target, at,
        np.full(5, cfg.kind_weights["LIKED"]), np.arange(6, dtype=np.int64),
    )  # fmt: skip


def test_a_planted_farm_is_the_one_clout_evaluate_plants() -> None:
    cfg = config.load()
    data = _chain(cfg)
    farmed = model_lab.plant(data, 2, 10, float(data.at.max()), cfg.kind_weights["LIKED"])
    _, events = gaming.farm("t:2", 10, int(data.at.max()))
    assert len(farmed.actor) - len(data.actor) == len(events) == 10 * 9 * 2 + 10 * 20
    assert len(farmed.names) == 6 + 11
    assert farmed.owner[-1] == 2  # the beneficiary's new account belongs to them
    into_new = farmed.target[len(data.actor) :] == 6 + 10
    assert into_new.sum() == 10 * 20


def test_the_farm_check_scores_members_and_beneficiary() -> None:
    cfg = config.load()
    found = model_lab.farms(_chain(cfg), cfg)
    assert [f.size for f in found] == list(gaming.SIZES)
    for farm in found:
        assert farm.best_member == 1  # nobody engages the members: no standing
        assert farm.gain == 0
        assert 1 <= farm.before <= 100
    # With the standing floor of scoring-2 the same farm pays.
    old = model_lab.with_gaming(
        cfg, ["reciprocity_discount=1", "standing_floor=0.02", "standing_vouching=0"]
    )
    assert max(f.gain for f in model_lab.farms(_chain(old), old)) > 0
    with pytest.raises(TypeError):
        model_lab.with_gaming(cfg, ["no_such_constant=1"])


def test_day_to_day_change_separates_people_scored_on_both_days() -> None:
    cfg = config.load()
    found = model_lab.daily(_chain(cfg), cfg, days=3)
    assert set(found) == {"all", "both"}
    for spread in found.values():
        assert 0 <= spread["median"] <= spread["p95"] <= spread["max"] <= 99
    assert found["both"]["max"] <= found["all"]["max"]
