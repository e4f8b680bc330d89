"""Backtest: score the world as of a cutoff (compute only) and compare with later engagement.

The score sees the window ``(T - window_days, T]``; so do the baselines a skeptic would propose
(``clout.evaluate.predictors``: weighted interactions received, distinct engagers, interactions
received in the window's last 30 days, unweighted PageRank). Everybody who received a counted
interaction in that window is ranked; the truth is the interactions each of them received from
other people in ``(T, T + horizon]``. Live scores are never written.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from clout.db import Database
from clout.errors import InputError
from clout.evaluate import predictors
from clout.scoring.config import ScoringConfig
from clout.scoring.influence import Counted, rank_edges, read_window
from clout.scoring.window import Window, epoch_seconds

log = logging.getLogger(__name__)
CUTOFF_SHARE = 0.7
PREDICTORS = predictors.METHODS


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


def default_cutoff(db: Database, config: ScoringConfig, share: float = CUTOFF_SHARE) -> datetime:
    """The moment by which ``share`` of the counted interactions had happened."""
    row = db.read("@evaluate/cutoff", kinds=list(config.kind_weights), share=share)[0]
    if not row["interactions"]:
        raise InputError("the database holds no interactions yet; load some with `clout load`")
    value: datetime = row["cutoff"].to_native()
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def compare(db: Database, config: ScoringConfig, window: Window) -> tuple[pd.DataFrame, Counted]:
    """Every predictor per person of the window's population (``predictors.compare``), ranked
    by GDS, and the window as read."""
    counted = read_window(db, config, window)
    rank = partial(rank_edges, db, config, window.algorithm)
    return predictors.compare(counted, config, int(window.as_of.timestamp()), rank), counted


def future(db: Database, config: ScoringConfig, cutoff: datetime, horizon_days: int) -> pd.Series:
    """Interactions received per person in ``(cutoff, cutoff + horizon]``."""
    rows = db.read(
        "@evaluate/after",
        kinds=list(config.kind_weights),
        cutoff=epoch_seconds(cutoff),
        end=epoch_seconds(cutoff + timedelta(days=horizon_days)),
    )
    return pd.Series({r["person"]: float(r["received"]) for r in rows}, dtype=np.float64)


def backtest(
    db: Database,
    config: ScoringConfig,
    cutoff: datetime | None = None,
    horizon_days: int = 30,
    window_days: int | None = None,
    k: int = 100,
) -> Backtest:
    """Score as of ``cutoff`` (compute only) and measure each predictor against the future."""
    if horizon_days < 1:
        raise InputError("--horizon-days must be at least 1")
    at = cutoff or default_cutoff(db, config)
    window = Window(at, window_days or config.window_days, None, config.algorithm)
    frame, _ = compare(db, config, window)
    if len(frame) < 2:
        raise InputError(
            f"fewer than 2 people received an interaction in the {window.days} days up to "
            f"{at.isoformat()}; pick a later --cutoff or a longer --window-days"
        )
    truth = future(db, config, at, horizon_days)
    engaged = int((truth.reindex(frame.index).fillna(0.0) > 0).sum())
    result = Backtest(at, horizon_days, window.days, k, len(frame), engaged)
    result.metrics = predictors.scores(frame, truth, k)
    log.info("backtest at %s: %s", at, result.metrics)
    return result
