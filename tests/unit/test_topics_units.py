"""Topic scores, the pure part: selection threshold, weight attribution, union ranking, rows."""

from __future__ import annotations

import math

import numpy as np
import pytest

from clout import config
from clout.errors import InputError
from clout.scoring import reference, topics, weights
from clout.scoring.config import CalibrationConfig, GamingConfig, TopicsConfig
from clout.scoring.events import Tags


def test_shipped_config_has_a_topics_section() -> None:
    cfg = config.load().scoring
    assert cfg.topics.enabled
    assert cfg.topics.min_interactions >= 1
    assert cfg.topics.min_people >= 2
    assert cfg.version.startswith("scoring-")
    # Topic graphs have no standing: they keep discounting mutual engagement on their own.


def test_a_threshold_below_two_people_is_refused() -> None:
    data = {
        "scoring": {
            "version": "x",
            "window_days": 9,
            "algorithm": "pagerank",
            "damping": 0.85,
            "max_iterations": 9,
            "tolerance": 1e-7,
            "half_life_days": 9.0,
            "kind_weights": {"LIKED": 1.0},
        },
        "topics": {"min_people": 1},
    }
    with pytest.raises(InputError, match="min_people"):
        config.from_toml(data)


def test_selection_needs_both_interactions_and_people_busiest_first() -> None:
    rows = [
        {"topic": "quiet", "interactions": 29, "people": 20},
        {"topic": "narrow", "interactions": 500, "people": 9},
        {"topic": "b", "interactions": 40, "people": 10},
        {"topic": "a", "interactions": 40, "people": 12},
        {"topic": "big", "interactions": 900, "people": 300},
    ]
    limits = TopicsConfig(min_interactions=30, min_people=10, max_topics=10)
    assert topics.select(rows, limits) == ["big", "a", "b"]
    assert topics.select(rows, TopicsConfig(min_interactions=30, min_people=10, max_topics=2)) == [
        "big",
        "a",
    ]


def test_an_event_counts_fully_on_each_of_its_selected_topics() -> None:
    actor, target = np.array([0, 0, 1, 2, 3]), np.array([1, 1, 0, 1, 3])
    weight = np.array([2.0, 1.0, 0.5, 3.0, 9.0])
    tags = [["a", "b"], ["a"], ["a"], ["c"], ["a"]]  # c is not selected; 3 -> 3 is a self-pair
    plain = GamingConfig(standing_floor=1.0)  # log(1 + sum) per pair, everything passed on
    edges = topics.topic_pairs(actor, target, weight, tags, ["a", "b"], plain)
    assert edges["a"] == pytest.approx({(0, 1): math.log1p(3.0), (1, 0): math.log1p(0.5)})
    assert edges["b"] == pytest.approx({(0, 1): math.log1p(2.0)})


def test_a_topic_graph_is_weighed_as_the_main_score_weighs_the_whole_graph() -> None:
    """On one topic, the topic edges are the main score's edges of that topic's events."""
    cfg = config.load().scoring
    rng = np.random.default_rng(11)
    actor, target = rng.integers(0, 20, 300), rng.integers(0, 20, 300)
    keep = actor != target
    actor, target = actor[keep], target[keep]
    weight = rng.uniform(0.1, 3.0, len(actor))
    tags = [["t"] if x else ["u"] for x in rng.random(len(actor)) < 0.5]
    on = np.array([t == ["t"] for t in tags])
    got = topics.topic_pairs(actor, target, weight, tags, ["t"], cfg.gaming)["t"]
    main = weights.window_edges(actor[on], target[on], weight[on], cfg.gaming, sink=-1)
    pairs = zip(main.source.tolist(), main.target.tolist(), strict=True)
    expected = dict(zip(pairs, main.weight.tolist(), strict=True))
    assert got == pytest.approx(expected, rel=1e-12)
    assert any(b == -1 for _, b in got)  # breadth: accounts that engage little feed the sink


def test_ranking_the_union_of_topic_graphs_equals_ranking_each_alone() -> None:
    rng = np.random.default_rng(3)
    graphs = [(rng.integers(0, 30, 80), rng.integers(0, 30, 80), rng.random(80)) for _ in range(3)]
    alone = [reference.rank(s, t, w, 30, max_iterations=40) for s, t, w in graphs]
    source = np.concatenate([s * 3 + i for i, (s, _, _) in enumerate(graphs)])
    target = np.concatenate([t * 3 + i for i, (_, t, _) in enumerate(graphs)])
    weight = np.concatenate([w for _, _, w in graphs])
    union = reference.rank(source, target, weight, 90, max_iterations=40)
    for i in range(3):
        assert union[i::3] == pytest.approx(alone[i], abs=1e-9)


def test_topic_scores_are_calibrated_on_each_topics_own_population() -> None:
    rng = np.random.default_rng(5)
    # Topic 7: 400 people, p0 with a second account; topic 3: 300 people with far higher ranks.
    person = [f"p{i}" for i in range(400)] + ["p0"] + [f"q{i}" for i in range(300)]
    topic = np.array([7] * 401 + [3] * 300)
    score = np.concatenate(
        [0.15 + rng.lognormal(-3, 1, 400), [0.25], 0.15 + rng.lognormal(2, 1, 300)]
    )
    scored = topics.topic_scores(topic, person, score, 0.15, CalibrationConfig())
    for label, size in ((7, 400), (3, 300)):
        values = scored[scored["topic"] == label]["score"].to_numpy()
        assert len(values) == size
        assert abs(values.mean() - 40) <= 1.5
        assert abs(np.percentile(values, 95) - 63) <= 1.5
    p0 = scored[scored["person"] == "p0"].iloc[0]
    assert p0["score_raw"] == pytest.approx(score[0] - 0.15 + 0.1)
    kept = topics.topic_scores(topic, person, score, 0.15, CalibrationConfig(), min_score=40)
    assert kept["score"].min() >= 40
    assert 0 < len(kept) < len(scored)
    assert topics.topic_scores(topic[:1], person[:1], score[:1], 0.15, CalibrationConfig()).empty


def test_each_topic_keeps_its_leaders_below_the_minimum_score() -> None:
    # Topic 1: 10 people, ranks rising with i; topic 2: 50 people.
    topic = np.array([1] * 10 + [2] * 50)
    person = [f"a{i}" for i in range(10)] + [f"b{i}" for i in range(50)]
    score = 0.15 + np.concatenate([np.arange(1, 11) / 10, np.arange(1, 51) / 10])
    kept = topics.topic_scores(topic, person, score, 0.15, CalibrationConfig(), 100, leaders=3)
    assert sorted(kept[kept["topic"] == 1]["person"]) == ["a7", "a8", "a9"]
    assert sorted(kept[kept["topic"] == 2]["person"]) == ["b47", "b48", "b49"]
    everyone = topics.topic_scores(topic, person, score, 0.15, CalibrationConfig(), 100, 20)
    assert len(everyone[everyone["topic"] == 1]) == 10


@pytest.mark.parametrize("seed", range(4))
def test_the_vectorised_topic_edges_equal_the_specification(seed: int) -> None:
    gaming = config.load().scoring.gaming
    rng = np.random.default_rng(seed)
    actor, target = rng.integers(0, 25, 400), rng.integers(0, 25, 400)
    keep = actor != target
    actor, target = actor[keep], target[keep]
    weight = rng.uniform(0.1, 2.0, len(actor))
    full = weight * rng.uniform(1.0, 3.0, len(actor))  # aged events: less than full strength
    names = ["a", "b", "c", "d"]
    tags = [list(rng.choice(names, rng.integers(0, 3), replace=False)) for _ in actor]
    selected = ["b", "a", "d"]
    spec = topics.topic_pairs(actor, target, weight, tags, selected, gaming, full)
    graph, stride = topics.topic_edges(
        actor * 10, target * 10, weight, Tags.of_lists(tags), selected, gaming, 250, full
    )
    assert stride == len(selected) + 1
    assert graph.sink == 250 * stride
    got: dict[str, dict[tuple[int, int], float]] = {name: {} for name in selected}
    for s, t, v in zip(
        graph.source.tolist(), graph.target.tolist(), graph.weight.tolist(), strict=True
    ):
        to = -1 if t == graph.sink else t // stride // 10
        if to != -1:
            assert s % stride == t % stride
        got[selected[s % stride]][(s // stride // 10, to)] = v
    for name in selected:
        assert got[name] == pytest.approx(spec[name], rel=1e-12)


def test_topic_activity_counts_interactions_and_distinct_receivers() -> None:
    tags = Tags.of_lists([["a", "b"], ["a"], ["a"], [], ["b", "b"]])
    rows = topics.activity(np.array([1, 1, 2, 3, 3]), tags.select(np.arange(5) < 4))
    assert sorted(rows, key=lambda r: r["topic"]) == [
        {"topic": "a", "interactions": 3, "people": 2},
        {"topic": "b", "interactions": 1, "people": 1},
    ]
    assert topics.activity(np.array([1, 2]), Tags.of_lists([[], []])) == []


def test_tags_list_each_events_topics_once_in_their_order() -> None:
    lists = [["x", "y"], [], ["y"], ["x", "y"], ["z", "z", "x"]]
    tags = Tags.of_lists(lists)
    assert len(tags.sets) == 4
    event, topic, names = tags.pairs()
    assert names == ["x", "y", "z"]
    got = [[names[t] for e, t in zip(event, topic, strict=True) if e == i] for i in range(5)]
    assert got == [["x", "y"], [], ["y"], ["x", "y"], ["z", "x"]]
    assert Tags.of([]).pairs()[0].size == 0


@pytest.mark.parametrize("seed", range(4))
def test_folding_the_leaves_keeps_every_rank_and_halves_the_graph(seed: int) -> None:
    cfg = config.load().scoring
    rng = np.random.default_rng(seed)
    # A few popular accounts, many who only engage: most sources receive nothing.
    actor = rng.integers(0, 3000, 6000)
    target = np.minimum(rng.zipf(1.6, 6000), 400) - 1
    keep = actor != target
    actor, target = actor[keep], target[keep]
    weight = rng.uniform(0.1, 3.0, len(actor))
    tags = Tags.of_lists([[str(x)] for x in rng.integers(0, 3, len(actor))])
    graph, _ = topics.topic_edges(actor, target, weight, tags, ["0", "1", "2"], cfg.gaming, 3000)
    folded = weights.fold_leaves(graph, graph.sink + 1)
    assert len(folded.source) < len(graph.source) / 2
    n = int(folded.source.max()) + 1
    before = reference.rank(graph.source, graph.target, graph.weight, n, max_iterations=40)
    after = reference.rank(folded.source, folded.target, folded.weight, n, max_iterations=40)
    ranked = np.unique(graph.target[graph.target != graph.sink])
    assert after[ranked] == pytest.approx(before[ranked], rel=1e-12)
    large = weights.fold_leaves(graph, graph.sink + 1, bin_share=1e-9)  # no leaf folds
    assert len(large.source) == len(graph.source)
