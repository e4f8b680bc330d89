"""Topic scores of a run: select topics, one projection for all of them (from the window the
main score read), a ranking per topic,
calibration per topic, history (SCORED_TOPIC) and live values (EXPERT_IN).

Called by ``runs.run_once`` after the main scores are written, inside the run's lock; a failed
run puts the previous run's topic scores back with :func:`restore`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from clout import gds
from clout.db import Database
from clout.scoring import people, store, topics
from clout.scoring.config import ScoringConfig
from clout.scoring.influence import Counted, algorithm_config, project
from clout.scoring.progress import NO_PROGRESS, Progress
from clout.scoring.window import Window

log = logging.getLogger(__name__)


@dataclass
class TopicsResult:
    topics: int = 0
    rows: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def qualifying(config: ScoringConfig, counted: Counted) -> list[str]:
    """The topics with enough activity in the window (``[topics]`` in clout.toml)."""
    ev = counted.events
    if not ev.topics:
        return []
    return topics.select(topics.activity(ev.target, ev.topics), config.topics)


def measure(
    db: Database, config: ScoringConfig, window: Window, counted: Counted, names: list[str],
    graph_name: str, progress: Progress = NO_PROGRESS,
) -> list[dict[str, Any]]:  # fmt: skip
    """Rows ``{person, topic, score, score_raw}`` of every topic in ``names``: one projection
    (the disjoint union of the topic graphs) and one ranking for all of them."""
    client = gds.client(db)
    ev = counted.events
    source, target, weight, stride = topics.topic_edges(
        ev.source, ev.target, counted.weight, ev.topics, names,
        config.topics.reciprocity_discount,
    )  # fmt: skip
    progress.start("topics", len(names))
    accounts = pd.DataFrame({"topic": [], "person": [], "network": [], "score": []})
    with project(client, graph_name, source, target, weight) as g:
        log.info("projected topics: %s", g)
        if g.get("nodes"):
            above = config.baseline + people.EPSILON
            node, score = gds.rank(client, graph_name, window.algorithm,
                                   algorithm_config(config), above=above)  # fmt: skip
            accounts = counted.owners.label(node // stride, score)
            accounts["topic"] = (node % stride)[counted.owners.known(node // stride)]
    rows: list[dict[str, Any]] = []
    for index, ranked in accounts.groupby("topic"):
        name = names[int(str(index))]
        rows += topics.topic_rows(
            name, ranked, config.baseline, config.calibration, config.topics.min_score
        )
        progress.advance(1)
    progress.finish()
    return rows


def score_topics(
    db: Database, config: ScoringConfig, window: Window, run_id: str, counted: Counted | None,
    progress: Progress = NO_PROGRESS,
) -> TopicsResult:  # fmt: skip
    """Compute, record and publish the run's topic scores (replacing the live ones) from the
    window as read for the main score (``counted``, read with topics)."""
    result = TopicsResult()
    if not config.topics.enabled or counted is None:
        return result
    tick = time.monotonic()
    names = qualifying(config, counted)
    result.seconds["topics_select"] = time.monotonic() - tick
    graph_name = f"clout-topics-{run_id}"
    rows = measure(db, config, window, counted, names, graph_name, progress) if names else []
    result.seconds["topics_rank"] = time.monotonic() - tick - result.seconds["topics_select"]
    tick = time.monotonic()
    scored = sorted({r["topic"] for r in rows})
    if scored:
        db.write("@topics/topics", names=scored)
    store.write_rows(db, "@topics/write", run_id, rows, "topics-write", lambda n: None)
    store.run_auto(db, "@topics/drop_stale", run_id=run_id)
    result.seconds["topics_write"] = time.monotonic() - tick
    result.topics, result.rows = len(scored), len(rows)
    log.info("topic scores: %d topics, %d person-topic scores", result.topics, result.rows)
    return result


def publish(db: Database, run_id: str | None) -> None:
    """Make ``run_id``'s topic scores the live EXPERT_IN ones (none when ``run_id`` is None)."""
    store.run_auto(db, "@topics/clear_live")
    if run_id is not None:
        store.run_auto(db, "@topics/publish", run_id=run_id)


def restore(db: Database, failed_run: str, previous_run: str | None) -> None:
    """Put the previous run's topic scores back live and forget what ``failed_run`` wrote."""
    publish(db, previous_run)
    store.run_auto(db, "@topics/forget_run", run_id=failed_run)
