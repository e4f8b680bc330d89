"""The weight formula: kinds, decay, diminishing returns, reciprocity, standing, the sink."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from clout import config
from clout.scoring import influence, reference, weights
from clout.scoring.config import GamingConfig
from clout.scoring.events import Events, Owners


def _by_pair(edges: weights.Edges) -> dict[tuple[int, int], float]:
    triples = zip(edges.source.tolist(), edges.target.tolist(), edges.weight.tolist(), strict=True)
    return {(s, t): w for s, t, w in triples}


def test_shipped_config_is_versioned_and_a_share_outweighs_a_like() -> None:
    cfg = config.load().scoring
    assert cfg.version
    assert cfg.window_days == 90
    assert cfg.algorithm == "pagerank"
    assert cfg.kind_weights["SHARED"] > cfg.kind_weights["LIKED"] > 0


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
    assert got == {
        (0, 1): pytest.approx(1.5),
        (0, 3): pytest.approx(0.5),
        (1, 3): pytest.approx(0.5),
        (2, 0): pytest.approx(1.0),
    }


def test_every_account_gives_away_exactly_its_pair_weights() -> None:
    rng = np.random.default_rng(2)
    pairs = {
        (int(a), int(b)): float(rng.uniform(0.1, 2))
        for a, b in rng.integers(0, 30, (200, 2))
        if a != b
    }
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
    edges = weights.scoring_edges(pairs, 13, GamingConfig(reciprocity_discount=1.0))
    into = edges.target == 10
    assert set(edges.source[into].tolist()) == {11}
    ranks = reference.rank(edges.source, edges.target, edges.weight, edges.node_count)
    assert np.all(ranks[:10] == pytest.approx(0.15))  # the members earn nothing either
    # scoring-6: ordinary accounts pass on their weight, but a circle loses its floor and a
    # pod counts as one voice, so the whole farm passes on less than 5 % of what the one honest
    # engager passes on.
    got = _by_pair(weights.scoring_edges(pairs, 13, config.load().scoring.gaming))
    farm = sum(got.get((m, 10), 0.0) for m in range(10))
    assert 0.0 <= farm < 0.05 * got[(11, 10)]


SHIPPED = config.load().scoring.gaming


def test_an_ordinary_account_counts_less_than_an_influential_one_never_nothing() -> None:
    # 0 is engaged by nobody and engages 10; 1 is engaged by five accounts and engages 11.
    pairs = {(0, 10): 1.0, (1, 11): 1.0} | {(a, 1): 1.0 for a in range(2, 7)}
    edges = weights.scoring_edges(pairs, 12, SHIPPED)
    ranks = reference.rank(edges.source, edges.target, edges.weight, edges.node_count)
    assert ranks[11] > ranks[10] > 0.15


def test_an_account_that_engages_little_passes_each_interaction_a_fixed_share() -> None:
    # Under min_out_weight an account divides by min_out_weight, not by what it gave: one
    # engagement passes the same whether the account engaged one person or three.
    gaming = replace(SHIPPED, min_out_weight=10.0)
    one = _by_pair(weights.scoring_edges({(0, 5): 1.0}, 6, gaming))
    three = _by_pair(weights.scoring_edges({(0, 5): 1.0, (0, 3): 1.0, (0, 4): 1.0}, 6, gaming))
    assert one[(0, 5)] == three[(0, 5)] == pytest.approx(1.0)
    assert one[(0, 6)] == pytest.approx(9.0)  # the rest of the out-weight goes to the sink
    assert three[(0, 6)] == pytest.approx(7.0)
    # Past min_out_weight it is PageRank's split again.
    many = {(0, b): 1.0 for b in range(1, 21)}
    got = _by_pair(weights.scoring_edges(many, 21, gaming))
    assert got[(0, 1)] == pytest.approx(1.0)
    assert (0, 21) not in got


def test_a_circle_loses_its_floor_and_must_earn_standing() -> None:
    gaming = replace(SHIPPED, min_out_weight=0.0, coengagement=0.0)
    # 0 and 1 engage each other and nobody else engages them; 2 is engaged by nobody.
    pairs = {(0, 1): 2.0, (1, 0): 2.0, (0, 5): 1.0, (2, 5): 1.0}
    got = _by_pair(weights.scoring_edges(pairs, 6, gaming))
    assert got[(2, 5)] == pytest.approx(1.0)  # the ordinary account passes on all of it
    # 0 receives 2.0 from a partner without standing: its floor is exp(-2), and it earns none.
    assert got[(0, 5)] == pytest.approx(math.exp(-2.0))


def test_a_pod_counts_as_one_voice() -> None:
    gaming = replace(SHIPPED, min_out_weight=0.0, circle_scale=0.0, circle_ratio=0.0)
    # 0, 1, 2 engage each other and all engage 9; 3 engages 9 alone.
    pod = {(a, b): 1.0 for a in range(3) for b in range(3) if a != b}
    got = _by_pair(weights.scoring_edges(pod | {(a, 9): 1.0 for a in range(4)}, 10, gaming))
    assert got[(3, 9)] == pytest.approx(1.0)
    # Each member has two partners that also engage 9 (nobody else engages them: each counts
    # fully), so its edge to 9 is divided by 1 + 2, and its edges within the pod by 1 + 1
    # (the third member engages the same partner); the rest goes to the sink.
    assert [got[(a, 9)] for a in range(3)] == pytest.approx([1.0 / 3.0] * 3)
    assert got[(0, 1)] == got[(0, 2)] == pytest.approx(0.5)
    assert got[(0, 10)] == pytest.approx(3.0 - 0.5 - 0.5 - 1.0 / 3.0)


CONFIGS = [
    GamingConfig(reciprocity_discount=0.7, standing_floor=0.05, standing_vouching=0.0),
    GamingConfig(reciprocity_discount=0.0, standing_floor=0.0, standing_vouching=1.0),
    GamingConfig(
        reciprocity_discount=0.5,
        standing_floor=0.02,
        standing_vouching=2.0,
        standing_half_saturation=0.5,
    ),
    config.load().scoring.gaming,
    replace(
        config.load().scoring.gaming,
        min_out_weight=3.0,
        coengagement=2.0,
        circle_exponent=2.0,
        reciprocity_discount=0.3,
        pair_exponent=0.5,
    ),
]


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
    exponent = gaming.pair_exponent
    capacity = weights.pair_weights(actor, target, full, exponent)
    spec = weights.scoring_edges(
        weights.pair_weights(actor, target, w, exponent), n, gaming, capacity
    )
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
        pd.DataFrame(
            {
                "id": [3, 5, 6],
                "person": ["a", "b", "c"],
                "network": ["n"] * 3,
                "handle": ["a", "b", "c"],
            }
        ).set_index("id", drop=False)
    )
    events = Events(
        np.array([3, 5]),
        np.array([5, 3]),
        np.array(["LIKED", "LIKED"], dtype=object),
        np.array([0, 0]),
        np.array([1.0, 1.0]),
    )
    cfg = config.load().scoring
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
