"""Topic scores of a run: select topics, one projection for all of them (from the window the
main score read), one ranking, calibration per topic.

``runs.run_once`` computes them (:func:`compute`) before it writes the run's history, which
keeps each person's topic scores on their SCORED relationship and, when the run publishes,
makes them live (EXPERT_IN) in the same pass: :func:`prepare_live` before it, :func:`drop_stale`
after it. A failed run puts the previous run's topic scores back with :func:`restore`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from clout import gds
from clout.db import Database
from clout.progress import NO_PROGRESS, Progress
from clout.scoring import people, store, topics, weights
from clout.scoring.config import ScoringConfig
from clout.scoring.influence import Counted, algorithm_config, project
from clout.scoring.window import Window

log = logging.getLogger(__name__)


@dataclass
class TopicScores:
    """A run's topic scores: ``found`` holds ``topics.topic_scores``' columns, ``topic`` being an
    index into ``names``; ``seconds`` the topic phases."""

    names: list[str] = field(default_factory=list)
    found: pd.DataFrame = field(default_factory=pd.DataFrame)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def topics(self) -> int:
        """How many topics have kept scores."""
        return int(self.found["topic"].nunique()) if len(self.found) else 0


def qualifying(config: ScoringConfig, counted: Counted) -> list[str]:
    """The topics with enough activity in the window (``[topics]`` in clout.toml)."""
    ev = counted.events
    if ev.tags is None:
        return []
    return topics.select(topics.activity(ev.target, ev.tags), config.topics)


def measure(
    db: Database,
    config: ScoringConfig,
    window: Window,
    counted: Counted,
    names: list[str],
    graph_name: str,
    progress: Progress = NO_PROGRESS,
) -> pd.DataFrame:
    """The kept topic scores (``topics.topic_scores``; ``topic`` = index into ``names``) of every
    topic in ``names``: one projection (the disjoint union of the topic graphs) and one ranking
    for all of them."""
    client = gds.client(db)
    ev = counted.events
    if ev.tags is None:
        raise ValueError("the window was read without its topics")
    graph, stride = topics.topic_edges(
        ev.source,
        ev.target,
        counted.weight,
        ev.tags,
        names,
        config.gaming,
        counted.owners.max_id() + 1,  # no account has it, so its node is no (account, topic)
        counted.undecayed if config.fade_with_age else None,
    )
    # Half the edges of a topic graph are its leaves' (docs/benchmarks.md): folded, the
    # projection is half as large and every ranked (account, topic) node keeps its rank.
    graph = weights.fold_leaves(graph, graph.sink + 1)
    progress.start("topics", None)
    node, score = np.zeros(0, dtype=np.int64), np.zeros(0)
    with project(client, graph_name, graph.source, graph.target, graph.weight) as g:
        log.info("projected topics: %s", g)
        if g.get("nodes"):
            above = config.baseline + people.EPSILON
            node, score = gds.rank(
                client, graph_name, window.algorithm, algorithm_config(config), above=above
            )
    owner, people_ids = counted.owners.owners_of(node // stride)
    known = owner >= 0
    scored = topics.topic_scores(
        (node % stride)[known],
        owner[known],
        score[known],
        config.baseline,
        config.calibration,
        config.topics.min_score,
        config.topics.leaders,
    )
    scored["person"] = people_ids[scored["person"].to_numpy(dtype=np.int64)]
    progress.finish()
    return scored


def compute(
    db: Database,
    config: ScoringConfig,
    window: Window,
    run_id: str,
    counted: Counted | None,
    progress: Progress = NO_PROGRESS,
) -> TopicScores | None:
    """The run's topic scores from the window as read for the main score (``counted``, read
    with topics); None when topic scoring is off."""
    if not config.topics.enabled or counted is None:
        return None
    tick = time.monotonic()
    result = TopicScores(names=qualifying(config, counted))
    result.seconds["topics_select"] = time.monotonic() - tick
    tick = time.monotonic()
    if result.names:
        graph_name = f"clout-topics-{run_id}"
        result.found = measure(db, config, window, counted, result.names, graph_name, progress)
    result.seconds["topics_rank"] = time.monotonic() - tick
    log.info("topic scores: %d topics, %d person-topic scores", result.topics, len(result.found))
    return result


def prepare_live(db: Database, scores: TopicScores) -> None:
    """Create the Topic nodes of the run's topics, before the history write makes its topic
    scores live (``scoring/history.cypher`` with ``publish_topics``: one EXPERT_IN per person
    and topic, updated in place, in the same pass and transactions as the person's history);
    adds to ``topics_write`` in ``scores.seconds``."""
    with _write_time(scores):
        if scores.names:
            db.write("@topics/topics", names=scores.names)


def drop_stale(db: Database, run_id: str, scores: TopicScores) -> None:
    """After the history write: remove the live EXPERT_IN that run ``run_id`` did not give
    (topics a person no longer scores on, people it did not score); adds to ``topics_write``."""
    with _write_time(scores):
        store.run_auto(db, "@topics/drop_stale", run_id=run_id)


@contextmanager
def _write_time(scores: TopicScores) -> Iterator[None]:
    """Add the time of the block to ``scores.seconds["topics_write"]``."""
    tick = time.monotonic()
    try:
        yield
    finally:
        spent = time.monotonic() - tick
        scores.seconds["topics_write"] = scores.seconds.get("topics_write", 0.0) + spent


def publish(db: Database, run_id: str | None) -> None:
    """Make ``run_id``'s topic scores the live EXPERT_IN ones (none when ``run_id`` is None)."""
    store.run_auto(db, "@topics/clear_live")
    if run_id is not None:
        store.run_auto(db, "@topics/publish", run_id=run_id)


def restore(db: Database, previous_run: str | None) -> None:
    """Put the previous run's topic scores back live (a failed run's history, topic lists
    included, is deleted with its SCORED relationships)."""
    publish(db, previous_run)
