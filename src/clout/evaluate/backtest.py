"""Backtest: score the world as of a cutoff (compute only) and compare with later engagement.

The score sees the window ``(T - window_days, T]``; so do the baselines a skeptic would propose
(interactions received, distinct people who engaged, unweighted PageRank). Everybody who sent or
received a counted interaction in that window is ranked; the truth is the interactions each of
them received from other people in ``(T, T + horizon]``. Live scores are never written.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd

from clout import cypher, gds
from clout.db import Database
from clout.errors import InputError
from clout.evaluate import metrics
from clout.scoring import people
from clout.scoring.config import ScoringConfig
from clout.scoring.events import Owners
from clout.scoring.influence import algorithm_config, measure
from clout.scoring.window import Window

log = logging.getLogger(__name__)
CUTOFF_SHARE = 0.7
PREDICTORS = ("clout", "received", "engagers", "pagerank")


@dataclass
class Backtest:
    """The metrics of each predictor (``clout`` and the baselines) for one cutoff."""

    cutoff: datetime
    horizon_days: int
    window_days: int
    k: int
    people: int
    engaged_after: int
    metrics: dict[str, dict[str, float]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["cutoff"] = self.cutoff.isoformat()
        return data


def default_cutoff(db: Database, config: ScoringConfig) -> datetime:
    """The moment by which 70 % of the counted interactions had happened."""
    row = db.read("@evaluate/cutoff", kinds=list(config.kind_weights), share=CUTOFF_SHARE)[0]
    if not row["interactions"]:
        raise InputError("the database holds no interactions yet; load some with `clout load`")
    value: datetime = row["cutoff"].to_native()
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def unweighted_pagerank(db: Database, config: ScoringConfig, window: Window) -> pd.Series:
    """Per person: unweighted PageRank above the baseline, summed over their accounts."""
    client = gds.client(db)
    name = f"clout-eval-pr-{uuid.uuid4().hex[:8]}"
    params = {"kinds": list(config.kind_weights), "start": window.start, "cutoff": window.as_of}
    settings = algorithm_config(config)
    settings.pop("relationshipWeightProperty")
    query = cypher.load("evaluate/project_unweighted")
    with gds.scoring_projection(client, name, query, params) as facts:
        if not facts.get("nodes"):
            return pd.Series(dtype=np.float64)
        node, score = gds.rank(client, name, "pagerank", settings)
    accounts = Owners.read(db).label(node, score)
    return people.influence(accounts, config.baseline).raw


def predictors(db: Database, config: ScoringConfig, window: Window) -> pd.DataFrame:
    """One row per person of the population, a column per predictor (missing values are 0)."""
    kinds = list(config.kind_weights)
    before = pd.DataFrame(
        db.read("@evaluate/before", kinds=kinds, start=window.start, cutoff=window.as_of),
        columns=["person", "received", "engagers"],
    ).set_index("person")
    found = measure(db, config, window, f"clout-eval-{uuid.uuid4().hex[:8]}").found
    frame = before.astype(np.float64)
    frame["clout"] = found.raw.reindex(frame.index).fillna(0.0)
    frame["pagerank"] = unweighted_pagerank(db, config, window).reindex(frame.index).fillna(0.0)
    return frame.sort_index()


def future(db: Database, config: ScoringConfig, cutoff: datetime, horizon_days: int) -> pd.Series:
    """Interactions received per person in ``(cutoff, cutoff + horizon]``."""
    rows = db.read(
        "@evaluate/after", kinds=list(config.kind_weights), cutoff=cutoff,
        end=cutoff + timedelta(days=horizon_days),
    )  # fmt: skip
    return pd.Series({r["person"]: float(r["received"]) for r in rows}, dtype=np.float64)


def backtest(
    db: Database, config: ScoringConfig, cutoff: datetime | None = None,
    horizon_days: int = 30, window_days: int | None = None, k: int = 100,
) -> Backtest:  # fmt: skip
    """Score as of ``cutoff`` (compute only) and measure each predictor against the future."""
    if horizon_days < 1:
        raise InputError("--horizon-days must be at least 1")
    at = cutoff or default_cutoff(db, config)
    window = Window(at, window_days or config.window_days, None, config.algorithm)
    frame = predictors(db, config, window)
    if len(frame) < 2:
        raise InputError(
            f"fewer than 2 people took part in an interaction in the {window.days} days up to "
            f"{at.isoformat()}; pick a later --cutoff or a longer --window-days"
        )
    truth = future(db, config, at, horizon_days).reindex(frame.index).fillna(0.0).to_numpy()
    result = Backtest(at, horizon_days, window.days, k, len(frame), int((truth > 0).sum()))
    for name in PREDICTORS:
        result.metrics[name] = metrics.all_metrics(frame[name].to_numpy(), truth, k)
    log.info("backtest at %s: %s", at, result.metrics)
    return result
