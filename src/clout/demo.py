"""``clout demo``: a seeded synthetic world, loaded, scored with a daily backfill, summarised.

The world is written under ``CLOUT_HOME/demo`` and loaded into the connected database (by
default the managed server), so ``clout top``, ``clout show`` and friends work on it afterwards.
Running the demo again is cheap: the same seed gives the same files, which the loader's
manifest recognises, and only the scoring runs again.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clout.analyst import ranking
from clout.config import Config
from clout.db import Database
from clout.errors import InputError
from clout.loader.generator import WorldSpec, generate
from clout.loader.identities import load_accounts
from clout.loader.interactions import load_interactions
from clout.loader.model import LoadOptions
from clout.progress import NO_PROGRESS, Progress
from clout.scoring import runs

SPEC = WorldSpec(people=10_000, interactions=300_000, networks=3, days=120, seed=2024, farm_size=40)
BACKFILL_DAYS = 30
# The leaders shown per topic.
TOPIC_LEADERS = 3


@dataclass
class FarmOutcome:
    members: int
    members_best: int
    beneficiary: str
    beneficiary_score: int
    population_median: float


@dataclass
class DemoResult:
    world: Path
    loaded: int
    runs: list[runs.RunResult]
    top: list[ranking.Ranked]
    farm: FarmOutcome | None
    # Per topic with topic scores (alphabetical): its TOPIC_LEADERS best people.
    topic_leaders: dict[str, list[ranking.Ranked]] = field(default_factory=dict)


def check_database(db: Database, world: Path) -> None:
    """Refuse a database that holds data other than an earlier demo's."""
    rows = db.read("@demo/foreign_data", file=str(world / "interactions.csv"))
    if rows[0]["foreign"]:
        raise InputError(
            f"the database at {db.uri} already holds other data ({rows[0]['foreign']} loads); "
            "run the demo on its own server (e.g. `CLOUT_HOME=/tmp/clout-demo clout demo`)"
        )


def run(
    db: Database,
    config: Config,
    home: Path,
    load_progress: Progress | None = None,
    score_progress: Progress = NO_PROGRESS,
    log: Callable[[str], None] = lambda _: None,
) -> DemoResult:
    """Generate (if needed), load, score with a backfill (with ``config``), and summarise."""
    world = home / "demo" / f"world-{SPEC.seed}"
    check_database(db, world)
    log(f"generating {SPEC.interactions:,} interactions among {SPEC.people:,} people in {world}")
    truth = generate(SPEC, world, load_progress)
    load_accounts(db, world / "accounts.csv")
    loaded = load_interactions(
        db, world / "interactions.csv", LoadOptions(), config.kinds, load_progress
    )
    log(f"loaded {loaded.interactions:,} new interactions ({loaded.skipped:,} already there)")
    request = runs.ScoreRequest(backfill_days=BACKFILL_DAYS)
    results = runs.score(db, config, request, score_progress)
    top = ranking.top(db, ranking.Selection(limit=20))
    leaders = {
        topic: ranking.top(db, ranking.Selection(limit=TOPIC_LEADERS, topic=topic))
        for topic in [r["topic"] for r in db.read("@analyst/internal/topics")]
    }
    return DemoResult(world, loaded.interactions, results, top, _farm(db, truth), leaders)


def _farm(db: Database, truth: dict[str, Any]) -> FarmOutcome | None:
    farm = truth.get("farm")
    if not farm:
        return None
    members = db.read("@demo/scores_of", person_ids=farm["members"])
    ben = db.read("@demo/scores_of", person_ids=[farm["beneficiary"]])
    scored = [r["score"] for r in db.read("@demo/population_scores")]
    return FarmOutcome(
        members=len(farm["members"]),
        members_best=max((r["score"] for r in members), default=1),
        beneficiary=farm["beneficiary"],
        beneficiary_score=ben[0]["score"] if ben else 1,
        population_median=statistics.median(scored) if scored else 1.0,
    )
