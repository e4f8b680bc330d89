"""Raw influence of one window: the GDS projection and the ranking algorithm."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from clout import cypher, gds
from clout.db import Database
from clout.scoring import people
from clout.scoring.config import ScoringConfig
from clout.scoring.progress import NO_PROGRESS, Progress
from clout.scoring.window import SINK, Window, projection_params

log = logging.getLogger(__name__)
_EMPTY = pd.DataFrame({"person": [], "network": [], "handle": [], "score": []})


@dataclass(frozen=True)
class Measured:
    found: people.Influence
    interactions: int
    accounts: int
    seconds: dict[str, float]
    # Per-account raw rank (columns ``network``, ``handle``, ``score``) and the projection's
    # size (ArticleRank's average degree is relationships / nodes): what ``clout show`` needs.
    ranks: pd.DataFrame = field(default_factory=lambda: _EMPTY.copy())
    nodes: int = 0
    relationships: int = 0


def algorithm_config(config: ScoringConfig) -> dict[str, Any]:
    """GDS's own configuration keys for the ranking algorithm."""
    return {
        "dampingFactor": config.damping, "maxIterations": config.max_iterations,
        "tolerance": config.tolerance, "relationshipWeightProperty": "weight",
    }  # fmt: skip


def measure(
    db: Database, config: ScoringConfig, window: Window, graph_name: str,
    progress: Progress = NO_PROGRESS,
) -> Measured:  # fmt: skip
    """Project the window, rank every account, add up per person; the projection is dropped."""
    client = gds.client(db)
    db.write("@scoring/sink", sink=SINK)
    query = cypher.load("scoring/project")
    tick = time.monotonic()
    progress.start("projection", None)
    params = projection_params(config, window)
    with gds.scoring_projection(client, graph_name, query, params) as facts:
        progress.finish()
        projected = time.monotonic()
        progress.start(window.algorithm, None)
        accounts = (
            gds.rank_accounts(client, graph_name, window.algorithm, algorithm_config(config))
            if facts.get("nodes")
            else None
        )
        progress.finish()
    ranked = time.monotonic()
    if accounts is None or accounts.empty:
        accounts = _EMPTY.copy()
    found = people.influence(accounts, config.baseline)
    log.info("projected %s; ranked %d accounts", facts, len(accounts))
    return Measured(
        found=found, interactions=int(facts.get("interactions") or 0), accounts=len(accounts),
        seconds={"projection": projected - tick, "algorithm": ranked - projected},
        ranks=accounts[["network", "handle", "score"]], nodes=int(facts.get("nodes") or 0),
        relationships=int(facts.get("relationships") or 0),
    )  # fmt: skip
