"""Raw influence of one window: read it, weigh it, project it into GDS, rank the accounts.

The window's events are read once; ``clout.scoring.weights`` turns them into the weighted edges
(the model, vectorised); GDS projects those edges and runs the ranking algorithm.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import socket
import time
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import numpy as np
import pandas as pd

from clout import cypher, gds
from clout.db import Database
from clout.progress import NO_PROGRESS, Progress
from clout.scoring import events, people, weights
from clout.scoring.config import ScoringConfig
from clout.scoring.events import Events, Owners
from clout.scoring.weights import FloatArray, IntArray
from clout.scoring.window import Window, window_params

log = logging.getLogger(__name__)
# This host in projection names: `clout-<kind>-h<host tag>p<pid>-<random>`.
HOST_TAG = hashlib.sha1(socket.gethostname().encode()).hexdigest()[:8]
_RUN_GRAPH = re.compile(r"^clout-(?:score|topics)-(?P<run>.+)$")
_OWNED_GRAPH = re.compile(r"^clout-[a-z]+-h(?P<host>[0-9a-f]{8})p(?P<pid>\d+)-")


def owned_graph_name(kind: str) -> str:
    """A projection name that says which process made it (so that its orphan can be found)."""
    return f"clout-{kind}-h{HOST_TAG}p{os.getpid()}-{uuid.uuid4().hex[:6]}"


def _orphaned(name: str, run_id: str) -> bool:
    """Whether projection ``name`` belongs to no live process: a run's own projections
    (``clout-score-<run>``, ``clout-topics-<run>``) of another run than ``run_id`` (which holds
    the scoring lock, so that run has ended), or an owned name whose process on this host has
    ended. Other names (another host's, or not clout's naming) are left alone."""
    if found := _RUN_GRAPH.match(name):
        return found["run"] != run_id
    if (found := _OWNED_GRAPH.match(name)) and found["host"] == HOST_TAG:
        try:
            os.kill(int(found["pid"]), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
    return False


def drop_orphaned_graphs(db: Database, run_id: str) -> list[str]:
    """Drop clout's projections left behind by processes killed before they could drop them
    (each holds the window's graph in the server's memory); the names dropped."""
    client = gds.client(db)
    names = [
        str(n)
        for n in client.run_cypher(cypher.load("scoring/graphs"), {"database": db.name})["name"]
    ]
    dropped = [name for name in names if _orphaned(name, run_id)]
    for name in dropped:
        log.warning("dropping projection %s, left behind by a process that has ended", name)
        gds.drop_graph(client, name)
    return dropped


# What a window's raw influence is held as: ``people.Influence`` for GDS, Spark's own for Spark.
F = TypeVar("F", bound=people.Found, covariant=True)


@dataclass(frozen=True)
class Measured(Generic[F]):
    found: F
    interactions: int
    accounts: int
    seconds: dict[str, float]
    counted: Counted | None = None
    nodes: int = 0
    relationships: int = 0
    # Per ranked account: network, handle, score (its raw rank; ``clout show`` explains it).
    ranks: pd.DataFrame = field(default_factory=pd.DataFrame)
    # Every account with its owner and network (the networks people get a live value on).
    owners: Owners | None = None


def algorithm_config(config: ScoringConfig) -> dict[str, Any]:
    """GDS's own configuration keys for the ranking algorithm."""
    return {
        "dampingFactor": config.damping,
        "maxIterations": config.max_iterations,
        "tolerance": config.tolerance,
        "relationshipWeightProperty": "weight",
    }


@dataclass(frozen=True)
class Counted:
    """A window as read for scoring: the owners of all accounts and the counted events, with
    same-owner events already left out, and each event's decayed weight and full strength
    (``weights``, steps 1 and 5)."""

    owners: Owners
    events: Events
    weight: FloatArray
    undecayed: FloatArray


def read_window(
    db: Database, config: ScoringConfig, window: Window, *, with_topics: bool = False
) -> Counted:
    """Read the window's counted events once (main and topic scores both use them)."""
    owners = Owners.read(db)
    found = events.read(db, owners.ids, window_params(config, window), with_topics)
    return counted_of(owners, found, config, int(window.as_of.timestamp()))


def counted_of(owners: Owners, found: Events, config: ScoringConfig, as_of: int) -> Counted:
    """A window's events as scoring counts them: same-owner events left out, the rest weighed
    as of ``as_of`` (epoch seconds)."""
    found = found.select(owners.owner_codes(found.source) != owners.owner_codes(found.target))
    decayed, full = found.weights(
        config.kind_weights, as_of, config.half_life_days, config.lasting_share
    )
    return Counted(owners, found, decayed, full)


def edges_of(config: ScoringConfig, counted: Counted) -> weights.WindowEdges:
    """The weighted edges of a window as read; the sink's id is above every account id of the
    database, so no account (inside the window or not) is ever mistaken for the sink."""
    ev = counted.events
    sink = counted.owners.max_id() + 1
    undecayed = counted.undecayed if config.fade_with_age else None
    return weights.window_edges(
        ev.source, ev.target, counted.weight, config.gaming, sink, undecayed
    )


def window_edges(db: Database, config: ScoringConfig, window: Window) -> weights.WindowEdges:
    """The weighted edges the ranking algorithm runs on for ``window``."""
    return edges_of(config, read_window(db, config, window))


def project(
    client: Any, graph_name: str, source: IntArray, target: IntArray, weight: FloatArray
) -> AbstractContextManager[dict[str, Any]]:
    """Project weighted edges into GDS as ``graph_name`` (a context manager: dropped on exit)."""
    params = {"source": source.tolist(), "target": target.tolist(), "weight": weight.tolist()}
    return gds.scoring_projection(client, graph_name, cypher.load("scoring/project"), params)


def rank_edges(
    db: Database,
    config: ScoringConfig,
    algorithm: str,
    source: IntArray,
    target: IntArray,
    weight: FloatArray,
) -> tuple[IntArray, FloatArray]:
    """Every node of the edges and its rank, by GDS on a throw-away projection (dropped on
    exit)."""
    client = gds.client(db)
    with project(client, owned_graph_name("rank"), source, target, weight) as facts:
        if not facts.get("nodes"):
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        return gds.rank(client, str(facts["graph_name"]), algorithm, algorithm_config(config))


def measure(
    db: Database,
    config: ScoringConfig,
    window: Window,
    graph_name: str,
    progress: Progress = NO_PROGRESS,
    *,
    with_topics: bool = False,
    on_read: Callable[[Counted], None] | None = None,
) -> Measured[people.Influence]:
    """Read the window (with each event's topics if asked), weigh and project it, rank every
    account, add up per person; the projection is dropped. ``Measured.counted`` is the window
    as read, for the topic scores; ``on_read`` is called with it as soon as it is read (a run
    starts its topic scores there, alongside the projection)."""
    client = gds.client(db)
    tick = time.monotonic()
    progress.start("projection", None)
    counted = read_window(db, config, window, with_topics=with_topics)
    read = time.monotonic()
    if on_read is not None:
        on_read(counted)
    edges = edges_of(config, counted)
    accounts = pd.DataFrame({"person": [], "network": [], "handle": [], "score": []})
    with project(client, graph_name, edges.source, edges.target, edges.weight) as facts:
        progress.finish()
        projected = time.monotonic()
        progress.start(window.algorithm, None)
        if facts.get("nodes"):
            node, score = gds.rank(
                client, graph_name, window.algorithm, algorithm_config(config), above=0.0
            )
            accounts = counted.owners.label(node, score)
        progress.finish()
    ranked = time.monotonic()
    found = people.influence(accounts, config.baseline)
    log.info("projected %s; ranked %d accounts", facts, len(accounts))
    return Measured(
        found=found,
        interactions=edges.interactions,
        accounts=len(accounts),
        seconds={
            "read": read - tick,
            "projection": projected - tick,
            "algorithm": ranked - projected,
        },
        counted=counted,
        nodes=int(facts.get("nodes") or 0),
        relationships=int(facts.get("relationships") or 0),
        ranks=accounts,
        owners=counted.owners,
    )
