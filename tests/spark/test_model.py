"""The Spark engine computes the model exactly as the numpy model and GDS's semantics do."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from clout import config
from clout.evaluate import offline, suite
from clout.scoring import calibrate, people, reference, topics, weights
from clout.scoring.config import GamingConfig, ScoringConfig
from clout.scoring.events import Tags
from clout.scoring.window import Window
from clout.spark import engine, model
from clout.spark import log as event_log
from clout.spark import people as spark_people

KINDS = config.load().kinds

END = 1_700_000_000


def _world(seed: int = 3, n: int = 200, m: int = 4000) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A small world with topics, two-way pairs and a circle, as log frames."""
    rng = np.random.default_rng(seed)
    source = rng.integers(0, n, m)
    target = (rng.zipf(1.5, m) + source) % n
    circle = [(a, b) for a in range(180, 190) for b in range(180, 190) if a != b]
    source = np.concatenate([source, [a for a, _ in circle], np.arange(180, 190)])
    target = np.concatenate([target, [b for _, b in circle], np.full(10, 7)])
    keep = source != target
    source, target = source[keep], target[keep]
    names = ["a", "b", "c"]
    tags = [
        [str(x) for x in rng.choice(names, size=rng.integers(0, 3), replace=False)]
        for _ in range(len(source))
    ]
    accounts = pd.DataFrame(
        {
            "account": np.arange(n, dtype=np.int64),
            "network": "t",
            "handle": [str(i) for i in range(n)],
            "person_id": [f"t:{i % (n - 5)}" for i in range(n)],
        }
    )
    events = pd.DataFrame(
        {
            "source": source.astype(np.int64),
            "target": target.astype(np.int64),
            "kind": rng.choice(["LIKED", "SHARED", "REPLIED_TO"], len(source)),
            "at": (END - rng.integers(0, 100 * 86400, len(source))).astype(np.int64),
            "count": rng.integers(1, 3, len(source)).astype(np.float64),
            "topics": tags,
        }
    )
    return events, accounts


def _numpy(events: pd.DataFrame, accounts: pd.DataFrame, cfg: ScoringConfig) -> Any:
    """The window's counted events weighed by the numpy model."""
    owner = accounts.set_index("account")["person_id"]
    window = events[(events["at"] > END - 90 * 86400) & (events["at"] <= END)]
    window = window[
        owner.reindex(window["source"]).to_numpy() != owner.reindex(window["target"]).to_numpy()
    ]
    kind = window["kind"].map(cfg.kind_weights).to_numpy() * window["count"].to_numpy()
    age = (END - window["at"].to_numpy()) / 86400
    w = weights.event_weight(kind, 1.0, age, cfg.half_life_days, cfg.lasting_share)
    return window, w, kind


@pytest.mark.parametrize("gaming", [None, "legacy"])
def test_edges_and_ranks_equal_the_numpy_model(spark: Any, gaming: str | None) -> None:
    cfg = config.load().scoring
    if gaming == "legacy":  # scoring-5's rules: log(1 + sum), no floor, no circles
        from dataclasses import replace

        cfg = replace(cfg, gaming=GamingConfig())
    events, accounts = _world()
    window, w, kind = _numpy(events, accounts, cfg)
    sink = engine.SINK
    expected = weights.window_edges(
        window["source"].to_numpy(),
        window["target"].to_numpy(),
        w,
        cfg.gaming,
        sink=int(accounts["account"].max()) + 1,
        undecayed=kind,
    )
    frames = engine.frames_from_pandas(spark, events, accounts)
    owners = frames[1].selectExpr("account AS id", "person_id AS person", "network")
    got = model.edges(model.counted(frames[0], owners, cfg, END, 90), cfg.gaming, sink)
    edges = engine.to_pandas(got.edges)
    edges.loc[edges["target"] == sink, "target"] = expected.sink
    a = pd.Series(
        expected.weight, index=pd.MultiIndex.from_arrays([expected.source, expected.target])
    )
    b = edges.set_index(["source", "target"])["weight"]
    assert sorted(a.index) == sorted(b.index)
    np.testing.assert_allclose(b.reindex(a.index).to_numpy(), a.to_numpy(), rtol=1e-12)
    assert got.interactions == expected.interactions
    ranks = engine.to_pandas(
        model.pagerank(got.edges, cfg.damping, cfg.max_iterations, cfg.tolerance)
    )
    oracle = reference.oracle(expected.source, expected.target, expected.weight, cfg, "pagerank")
    ranks.loc[ranks["node"] == sink, "node"] = expected.sink
    got_ranks = ranks.set_index("node")["rank"].reindex(oracle.nodes).to_numpy()
    np.testing.assert_allclose(got_ranks, oracle.ranks, rtol=1e-12)


def test_topic_ranks_equal_the_numpy_topic_graphs(spark: Any) -> None:
    cfg = config.load().scoring
    events, accounts = _world(seed=5)
    window, w, full = _numpy(events, accounts, cfg)
    tags = Tags.of_lists(window["topics"].tolist())
    source, target = window["source"].to_numpy(), window["target"].to_numpy()
    selected = topics.select(topics.activity(target, tags), cfg.topics)
    sink_account = int(accounts["account"].max()) + 1
    graph, stride = topics.topic_edges(
        source, target, w, tags, selected, cfg.gaming, sink_account, full
    )
    oracle = reference.oracle(graph.source, graph.target, graph.weight, cfg, "pagerank")
    ids = oracle.nodes[oracle.nodes != graph.sink]
    ranks = oracle.ranks[oracle.nodes != graph.sink]
    owner = accounts.set_index("account")["person_id"]
    person = owner.reindex(ids // stride).to_numpy()
    expected = (
        pd.DataFrame({"topic": ids % stride, "person": person, "score": ranks})
        .groupby(["topic", "person"])["score"]
        .sum()
    )
    frames = engine.frames_from_pandas(spark, events, accounts)
    window_ = Window(datetime.fromtimestamp(END, UTC), 90, None, "pagerank")
    found = engine.score_window(spark, *frames, cfg, window_, with_topics=True)
    assert found.topic_names == selected
    assert found.topic_ranks is not None
    got = found.topic_ranks.groupby(["topic", "person"])["score"].sum()
    assert sorted(got.index) == sorted(expected.index)
    np.testing.assert_allclose(
        got.reindex(expected.index).to_numpy(), expected.to_numpy(), rtol=1e-12
    )


@pytest.mark.data
def test_on_digg_spark_gives_every_persons_raw_influence(spark: Any, shared_data: Path) -> None:
    cfg = config.load().scoring
    log = offline.Log.read(suite.files(suite.chosen(["digg"])[0], shared_data), KINDS)
    cutoff = log.cutoff(0.6)
    events = event_log.events_frame(log.events, log.owners)
    accounts = event_log.accounts_frame(log.owners)
    frames = engine.frames_from_pandas(spark, events, accounts)
    window = Window(datetime.fromtimestamp(cutoff, UTC), 90, None, "pagerank")
    found = engine.score_window(spark, *frames, cfg, window, with_topics=False)
    raw = people.influence(found.ranks, cfg.baseline).raw
    expected = offline.compare(log, cfg, cutoff, 90)["clout"]
    np.testing.assert_allclose(
        raw.reindex(expected.index).fillna(0.0).to_numpy(), expected.to_numpy(), rtol=1e-9
    )


def test_the_map_applied_in_spark_gives_calibrates_scores(spark: Any) -> None:
    rng = np.random.default_rng(11)
    population = np.concatenate([rng.lognormal(-3, 2, 3000), np.full(200, 0.05)])  # ties too
    fitted = calibrate.fit(population, config.load().scoring.calibration, "t")
    cuts = calibrate.thresholds(fitted)
    raw = np.concatenate([population, cuts, np.nextafter(cuts, 0.0), [0.0, 1e-300, 1e300]])
    frame = spark.createDataFrame(pd.DataFrame({"i": np.arange(len(raw)), "raw": raw}))
    got = engine.to_pandas(frame.select("i", spark_people.mapped(frame["raw"], fitted).alias("s")))
    by_spark = got.sort_values("i")["s"].to_numpy()
    assert by_spark.tolist() == calibrate.scores(fitted, raw).tolist()


def test_spark_scores_people_as_the_driver_does(spark: Any) -> None:
    """The fit's population, every score, sub-score and percentile as ``people.scored``."""
    cfg = config.load().scoring
    events, accounts = _world(seed=7)
    accounts["network"] = np.where(accounts["account"] % 3 == 0, "u", "t")  # two networks
    frames = engine.frames_from_pandas(spark, events, accounts)
    window = Window(datetime.fromtimestamp(END, UTC), 90, None, "pagerank")
    found = engine.score_window(spark, *frames, cfg, window, with_topics=False)
    expected_found = people.influence(found.ranks, cfg.baseline)
    in_spark = spark_people.SparkInfluence(found.ranked, cfg.baseline)
    try:
        np.testing.assert_allclose(in_spark.population, np.sort(expected_found.population))
        fitted = calibrate.fit(in_spark.population, cfg.calibration, "t")
        expected = people.scored(expected_found, fitted)
        got = in_spark.score(fitted)
    finally:
        in_spark.release()
    assert got.person == sorted(expected.person)
    order = np.argsort(expected.person)
    np.testing.assert_allclose(got.raw, np.array(expected.raw)[order], rtol=1e-12)
    assert got.score == np.array(expected.score)[order].tolist()
    assert got.percentile == np.array(expected.percentile)[order].tolist()
    assert sorted(got.by_network) == sorted(expected.by_network) == ["t", "u"]
    for name, column in expected.by_network.items():
        assert got.by_network[name] == [column[i] for i in order]
