"""The weight formula: kinds, decay, diminishing returns, reciprocity, standing, the sink."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from clout.scoring import config, influence, reference, weights
from clout.scoring.config import GamingConfig
from clout.scoring.events import Events, Owners


def _by_pair(edges: weights.Edges) -> dict[tuple[int, int], float]:
    triples = zip(edges.source.tolist(), edges.target.tolist(), edges.weight.tolist(), strict=True)
    return {(s, t): w for s, t, w in triples}


def test_shipped_config_is_versioned_and_a_share_outweighs_a_like() -> None:
    cfg = config.load()
    assert cfg.version
    assert cfg.window_days == 90
    assert cfg.algorithm == "pagerank"
    assert cfg.kind_weights["SHARED"] > cfg.kind_weights["LIKED"] > 0


def test_a_user_file_overrides_the_shipped_values(
    tmp_path: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "mine.toml"  # type: ignore[operator]
    path.write_text('[scoring]\nversion = "mine-1"\nhalf_life_days = 7.0\n')
    monkeypatch.setenv("CLOUT_CONFIG", str(path))
    config.load.cache_clear()
    try:
        cfg = config.load()
        assert (cfg.version, cfg.half_life_days, cfg.window_days) == ("mine-1", 7.0, 90)
    finally:
        config.load.cache_clear()


def test_an_interaction_halves_every_half_life() -> None:
    w = weights.event_weight(np.array([3.0, 3.0, 0.5]), 1, np.array([0.0, 30.0, 60.0]), 30.0)
    np.testing.assert_allclose(w, [3.0, 1.5, 0.125])


def test_repeated_interactions_of_a_pair_have_diminishing_returns() -> None:
    one = weights.pair_weights(np.array([0]), np.array([1]), np.array([1.0]))[(0, 1)]
    ten = weights.pair_weights(np.array([0] * 10), np.array([1] * 10), np.ones(10))[(0, 1)]
    assert one == pytest.approx(math.log(2))
    assert ten == pytest.approx(math.log(11))
    assert ten < 10 * one / 2


def test_self_pairs_never_count() -> None:
    assert weights.pair_weights(np.array([3]), np.array([3]), np.array([5.0])) == {}


def test_mutual_engagement_is_removed_and_goes_to_the_sink() -> None:
    gaming = GamingConfig(reciprocity_discount=1.0, standing_floor=1.0)
    pairs = {(0, 1): 2.0, (1, 0): 0.5, (2, 0): 1.0}
    edges = weights.scoring_edges(pairs, 3, gaming)
    got = {
        (int(s), int(t)): w
        for s, t, w in zip(edges.source, edges.target, edges.weight, strict=False)
    }
    assert got == {(0, 1): pytest.approx(1.5), (0, 3): pytest.approx(0.5),
                   (1, 3): pytest.approx(0.5), (2, 0): pytest.approx(1.0)}  # fmt: skip


def test_every_account_gives_away_exactly_its_pair_weights() -> None:
    rng = np.random.default_rng(2)
    pairs = {(int(a), int(b)): float(rng.uniform(0.1, 2)) for a, b in rng.integers(0, 30, (200, 2))
             if a != b}  # fmt: skip
    edges = weights.scoring_edges(pairs, 30, GamingConfig())
    given = np.bincount(edges.source, weights=edges.weight, minlength=31)[:30]
    expected = np.zeros(30)
    for (a, _), p in pairs.items():
        expected[a] += p
    np.testing.assert_allclose(given, expected)
    assert np.all(edges.weight > 0)


def test_standing_scales_what_an_unengaged_account_passes_on() -> None:
    gaming = GamingConfig(
        reciprocity_discount=1.0, standing_floor=0.1, standing_half_saturation=1.0
    )
    # 0 is engaged by nobody: it passes on 10 %; 1 is engaged by 2 (open weight 1.0): 55 %.
    edges = weights.scoring_edges({(0, 3): 1.0, (1, 3): 1.0, (2, 1): 1.0}, 4, gaming)
    got = {
        (int(s), int(t)): w
        for s, t, w in zip(edges.source, edges.target, edges.weight, strict=False)
    }
    assert got[(0, 3)] == pytest.approx(0.1)
    assert got[(1, 3)] == pytest.approx(0.55)


def test_an_account_nobody_engages_passes_on_nothing() -> None:
    gaming = GamingConfig(reciprocity_discount=0.0, standing_floor=0.0)
    # 0 is engaged by nobody; 1 is engaged one-way by 2 (open weight 1.0): standing 1 / 2.
    edges = weights.scoring_edges({(0, 3): 1.0, (1, 3): 1.0, (2, 1): 1.0}, 4, gaming)
    got = _by_pair(edges)
    assert (0, 3) not in got  # no zero-weight edges
    assert (2, 1) not in got
    assert got[(0, 4)] == pytest.approx(1.0)  # all of 0's weight goes to the sink
    assert got[(1, 3)] == pytest.approx(0.5)
    assert got[(1, 4)] == pytest.approx(0.5)


def test_a_two_way_partner_with_standing_vouches_for_an_account() -> None:
    gaming = GamingConfig(reciprocity_discount=0.0, standing_floor=0.0, standing_vouching=1.0)
    # 2 engages 0 one-way (open 1.0: 0's first-step standing 1/2). 0 and 1 engage each other;
    # 0 gives 1 a quarter of its weight (1.0 of 4.0), so 1 earns 1/2 * 1/4 = 1/8: standing 1/9.
    pairs = {(2, 0): 1.0, (0, 1): 1.0, (1, 0): 2.0, (0, 5): 3.0, (1, 5): 1.0}
    got = _by_pair(weights.scoring_edges(pairs, 6, gaming))
    assert got[(1, 0)] == pytest.approx(2.0 / 9)
    assert got[(1, 5)] == pytest.approx(1.0 / 9)
    # 0 earns its open 1.0 and what 1 vouches (1's first-step standing is 0): standing 1/2.
    assert got[(0, 1)] == pytest.approx(0.5)
    # Without vouching, 1 has no standing.
    alone = _by_pair(weights.scoring_edges(pairs, 6, replace(gaming, standing_vouching=0.0)))
    assert (1, 0) not in alone
    assert alone[(1, 6)] == pytest.approx(3.0)


def test_a_like_farm_without_outside_engagement_gives_its_beneficiary_nothing() -> None:
    # Members 0..9 like each other (two-way) and the beneficiary 10; 11 and 12 are an honest
    # pair around the beneficiary: 11 is engaged one-way by 12, and 11 engages 10.
    pairs: weights.Pairs = {(a, b): 0.5 for a in range(10) for b in range(10) if a != b}
    pairs |= {(m, 10): 2.0 for m in range(10)} | {(12, 11): 1.0, (11, 10): 1.0}
    for gaming in (config.load().gaming, GamingConfig(reciprocity_discount=1.0)):
        edges = weights.scoring_edges(pairs, 13, gaming)
        into = edges.target == 10
        assert set(edges.source[into].tolist()) == {11}
        ranks = reference.rank(edges.source, edges.target, edges.weight, edges.node_count)
        assert np.all(ranks[:10] == pytest.approx(0.15))  # the members earn nothing either


CONFIGS = [
    GamingConfig(reciprocity_discount=0.7, standing_floor=0.05, standing_vouching=0.0),
    GamingConfig(reciprocity_discount=0.0, standing_floor=0.0, standing_vouching=1.0),
    GamingConfig(reciprocity_discount=0.5, standing_floor=0.02, standing_vouching=2.0,
                 standing_half_saturation=0.5),
]  # fmt: skip


@pytest.mark.parametrize("gaming", CONFIGS)
@pytest.mark.parametrize("seed", range(5))
def test_the_vectorised_edges_equal_the_specification(seed: int, gaming: GamingConfig) -> None:
    rng = np.random.default_rng(seed)
    n = 40
    actor = rng.integers(0, n, 600)
    target = rng.integers(0, n, 600)
    # Some accounts only send, so some have no standing under a zero floor.
    target = np.where(target < 5, target + 5, target)
    keep = actor != target
    actor, target = actor[keep], target[keep]
    full = rng.uniform(0.1, 3.0, len(actor))
    w = full * rng.uniform(0.1, 1.0, len(actor))  # decayed
    capacity = weights.pair_weights(actor, target, full)
    spec = weights.scoring_edges(weights.pair_weights(actor, target, w), n, gaming, capacity)
    ids = np.arange(n, dtype=np.int64) * 7 + 3  # node ids need not be 0..n-1
    fast = weights.window_edges(ids[actor], ids[target], w, gaming, undecayed=full)
    expected = {
        (int(ids[s]) if s < n else -1, int(ids[t]) if t < n else -1): v
        for s, t, v in zip(spec.source, spec.target, spec.weight, strict=True)
    }
    got = {
        (int(s), int(t) if t != fast.sink else -1): v
        for s, t, v in zip(fast.source, fast.target, fast.weight, strict=True)
    }
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert got[key] == pytest.approx(value, rel=1e-12)
    assert fast.interactions == len(actor)
    assert fast.sink > ids.max()


def test_an_old_interaction_passes_on_what_age_left_of_it() -> None:
    # Account 0 engaged only account 1, 60 days ago (two half-lives): it passes on
    # log(1 + w/4) and the rest of log(1 + w) goes to the sink; a fresh one passes it all.
    gaming = GamingConfig(standing_floor=1.0)  # full standing: only age matters here
    w = 2.0
    old = weights.event_weight(w, 1, 60.0, 30.0)
    edges = weights.scoring_edges(
        {(0, 1): math.log1p(old)}, 2, gaming, capacity={(0, 1): math.log1p(w)}
    )
    got = _by_pair(edges)
    assert got[(0, 1)] == pytest.approx(math.log1p(0.5))
    assert got[(0, 2)] == pytest.approx(math.log1p(2.0) - math.log1p(0.5))
    fresh = _by_pair(weights.scoring_edges({(0, 1): math.log1p(w)}, 2, gaming))
    assert fresh == {(0, 1): pytest.approx(math.log1p(w))}
    # So the engaged account's PageRank falls as the interaction ages, smoothly.
    ranks = [
        reference.rank(e.source, e.target, e.weight, e.node_count, damping=0.85)[1]
        for e in (weights.scoring_edges({(0, 1): math.log1p(w)}, 2, gaming), edges)
    ]
    assert ranks[0] > ranks[1] > 0.15


def test_an_empty_window_has_no_edges() -> None:
    empty = np.zeros(0, dtype=np.int64)
    edges = weights.window_edges(empty, empty, np.zeros(0), GamingConfig())
    assert len(edges.source) == 0
    assert edges.interactions == 0


def test_the_sink_is_never_an_account_outside_the_window() -> None:
    # Accounts 3 and 5 interact in the window; account 6 exists but not in this window. The
    # default sink id (largest event id + 1) would be 6, so scoring gives one above every
    # account of the database instead.
    owners = Owners(
        pd.DataFrame({"id": [3, 5, 6], "person": ["a", "b", "c"], "network": ["n"] * 3,
                      "handle": ["a", "b", "c"]}).set_index("id", drop=False)
    )  # fmt: skip
    events = Events(
        np.array([3, 5]), np.array([5, 3]), np.array(["LIKED", "LIKED"], dtype=object),
        np.array([0, 0]), np.array([1.0, 1.0]),
    )  # fmt: skip
    cfg = config.load()
    ones = np.array([1.0, 1.0])
    edges = influence.edges_of(cfg, influence.Counted(owners, events, ones, ones))
    assert edges.sink == 7
    assert owners.owners_of(np.array([edges.sink]))[0][0] == -1
    assert weights.window_edges(events.source, events.target, np.ones(2), cfg.gaming).sink == 6
    with pytest.raises(ValueError, match="sink id 5"):
        weights.window_edges(events.source, events.target, np.ones(2), cfg.gaming, sink=5)


@pytest.mark.parametrize("top", [50, 10**12])
def test_dense_ids_match_numpy_unique(top: int) -> None:
    nodes = np.random.default_rng(3).integers(0, top, 200).astype(np.int64)
    ids, index = weights.dense_ids(nodes)
    expected_ids, expected_index = np.unique(nodes, return_inverse=True)
    assert ids.tolist() == expected_ids.tolist()
    assert index.tolist() == expected_index.ravel().tolist()
