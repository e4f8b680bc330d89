"""Topic scores: planted experts lead their topic, history per run, live EXPERT_IN, failures."""

from __future__ import annotations

from dataclasses import replace

import pytest
from tests.support import synth

from clout import config, gds
from clout.db import Database
from clout.scoring import runs

AS_OF = synth.END
TOPICS = 6


@pytest.fixture(scope="module")
def world() -> synth.World:
    base = synth.generate(people=400, interactions=8000, days=40, seed=21)
    return synth.plant_topics(base, topics=TOPICS, experts=3, boost=40, seed=23)


@pytest.fixture
def topical(database: Database, world: synth.World) -> Database:
    synth.load(database, world)
    return database


def _score(db: Database, min_score: int | None = None) -> runs.RunResult:
    """One run; with ``min_score=1`` every person of a topic's population keeps a score."""
    cfg = config.load()
    if min_score is not None:
        cfg = replace(
            cfg,
            scoring=replace(cfg.scoring, topics=replace(cfg.scoring.topics, min_score=min_score)),
        )
    [result] = runs.score(db, cfg, runs.ScoreRequest(as_of=AS_OF))
    return result


def _ranks(db: Database, topic: str) -> list[str]:
    rows = db.read(
        "MATCH (p:Person)-[e:EXPERT_IN]->(:Topic {name: $t}) "
        "RETURN p.person_id AS p ORDER BY e.score_raw DESC",
        t=topic,
    )
    return [r["p"] for r in rows]


def test_planted_experts_lead_their_topic_and_not_the_others(
    topical: Database, world: synth.World
) -> None:
    result = _score(topical, min_score=1)
    assert result.topics == TOPICS
    for topic, accounts in world.topic_experts.items():
        ranked = _ranks(topical, topic)
        top = set(ranked[: max(1, len(ranked) // 20)])
        experts = {world.person_of(a) for a in accounts}
        assert experts <= top, f"experts of {topic} not in its top 5 % of {len(ranked)}"
        for other in world.topic_experts:
            if other != topic:
                others = _ranks(topical, other)
                assert not experts & set(others[: max(1, len(others) // 20)]), (topic, other)
    scores = topical.read("MATCH ()-[e:EXPERT_IN]->() RETURN e.score AS s, e.run AS run")
    assert all(1 <= r["s"] <= 100 and r["run"] == result.run_id for r in scores)
    kept = _score(topical)  # the shipped min_score keeps the experts and drops the tail
    for topic, accounts in world.topic_experts.items():
        ranked = _ranks(topical, topic)
        assert {world.person_of(a) for a in accounts} <= set(ranked[:10])
    shipped = config.load().scoring.topics
    below = topical.read(
        "MATCH ()-[e:EXPERT_IN {run: $r}]->(t:Topic) WHERE e.score < $m "
        "RETURN t.name AS topic, count(*) AS n",
        r=kept.run_id,
        m=shipped.min_score,
    )  # only a topic's leaders are kept below the minimum score
    assert all(r["n"] <= shipped.leaders for r in below), below
    assert gds.drop_all_graphs(gds.client(topical)) == 0, "no projection is left behind"


def test_history_per_run_and_live_values_replaced(topical: Database) -> None:
    first, second = _score(topical), _score(topical)
    per_run = topical.read(
        "MATCH (p:Person)-[s:SCORED]->(r:ScoringRun) UNWIND s.topics AS topic "
        "RETURN r.run_id AS run, count(topic) AS n, count(DISTINCT topic) AS topics, "
        "count(DISTINCT p) = count(DISTINCT s) AS one_per_person"
    )
    assert all(r["one_per_person"] for r in per_run)
    counts = {r["run"]: (r["n"], r["topics"]) for r in per_run}
    assert counts[first.run_id] == counts[second.run_id]
    assert counts[first.run_id][1] == TOPICS
    live = topical.read("MATCH ()-[e:EXPERT_IN]->() RETURN e.run AS run, count(*) AS n")
    assert live == [{"run": second.run_id, "n": counts[second.run_id][0]}]


def test_a_failed_run_keeps_the_previous_topic_scores(topical: Database) -> None:
    first = _score(topical)

    def fail(phase: str, index: int) -> None:
        if phase == "write-back-rest":
            raise RuntimeError("injected")

    with pytest.raises(RuntimeError):
        runs.score(topical, config.load(), runs.ScoreRequest(as_of=AS_OF), hook=fail)
    live = topical.read("MATCH ()-[e:EXPERT_IN]->() RETURN DISTINCT e.run AS run")
    assert live == [{"run": first.run_id}]
    history = topical.read(
        "MATCH ()-[s:SCORED]->(r:ScoringRun) WHERE s.topics IS NOT NULL "
        "RETURN DISTINCT r.run_id AS run"
    )
    assert history == [{"run": first.run_id}]
