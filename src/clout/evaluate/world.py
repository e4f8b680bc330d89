"""A scratch copy of the world for what-if scoring: plant, score (compute only), clean up.

Neo4j Community has one user database, so planted people, accounts and interactions live on a
reserved network (``clout_eval``) in the same database and are removed in a ``finally``, also
when scoring fails or is interrupted. Scores are computed with the scoring library's projection,
algorithm and calibration but never written: live scores, history and runs stay as they were.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from clout import cypher
from clout.config import Config
from clout.db import Database
from clout.errors import InputError
from clout.eventkey import event_keys
from clout.scoring import calibrate, people, runs, store
from clout.scoring.config import ScoringConfig
from clout.scoring.influence import measure, owned_graph_name
from clout.scoring.window import Window

log = logging.getLogger(__name__)
NETWORK = "clout_eval"
BATCH = 20_000


@dataclass(frozen=True)
class Scored:
    """Raw influence and the 1-100 score per person, under one calibration."""

    raw: pd.Series
    score: pd.Series


def window(db: Database, config: Config) -> Window:
    """The live scoring window: the config's days up to the newest interaction."""
    return runs.resolve_window(db, config, runs.ScoreRequest())


def calibration(
    db: Database, config: ScoringConfig, found: people.Influence
) -> calibrate.Calibration:
    """The stored calibration, or one fitted in memory on ``found`` (never stored)."""
    stored = store.latest_calibration(db, config.algorithm, config.version)
    if stored is not None:
        return stored
    if len(found.population) < 2:
        raise InputError("too few people received an interaction to evaluate; load more data")
    return calibrate.fit(found.population, config.calibration, "evaluate-in-memory")


def score(db: Database, config: ScoringConfig, at: Window, fitted: calibrate.Calibration) -> Scored:
    """Compute (never write) raw influence and the score of everybody for the window."""
    return _scored(_measure(db, config, at), fitted)


def baseline(
    db: Database, config: ScoringConfig, at: Window
) -> tuple[Scored, calibrate.Calibration]:
    """The world as it is, and the calibration every what-if is scored with."""
    found = _measure(db, config, at)
    fitted = calibration(db, config, found)
    return _scored(found, fitted), fitted


def _measure(db: Database, config: ScoringConfig, at: Window) -> people.Influence:
    """Raw influence for the window, on a projection named for this process (so that the next
    scoring run drops it if the process is killed before it can)."""
    return measure(db, config, at, owned_graph_name("eval")).found


def _scored(found: people.Influence, fitted: calibrate.Calibration) -> Scored:
    raw = found.raw.astype(np.float64)
    values: npt.NDArray[np.float64] = np.asarray(raw.to_numpy(), dtype=np.float64)
    scored = np.where(values > 0, calibrate.scores(fitted, values), 1)
    return Scored(raw=raw, score=pd.Series(scored, index=raw.index))


def plant(db: Database, accounts: list[dict[str, str]], events: list[dict[str, Any]]) -> None:
    """Create ``accounts`` ({person_id, handle}) and LIKED ``events`` ({actor, target, at, id})."""
    _in_batches(db, "@evaluate/plant_accounts", [{**a, "network": NETWORK} for a in accounts])
    _in_batches(db, "@evaluate/plant_events", _keyed(events), network=NETWORK, kind="LIKED")


def plant_likes(db: Database, rows: list[dict[str, Any]]) -> None:
    """Create LIKED events from existing accounts (``{actor_id, target, at, id}``: the Neo4j
    id of the liking account, a handle on the evaluation network)."""
    _in_batches(db, "@evaluate/plant_likes", _keyed(rows), network=NETWORK, kind="LIKED")


def _keyed(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``events`` with their event key ``eid`` (of ``"<network>:<id>"``, as the loader's)."""
    keys = event_keys([f"{NETWORK}:{e['id']}" for e in events]).tolist()
    return [{**e, "eid": key} for e, key in zip(events, keys, strict=True)]


def _in_batches(db: Database, query: str, rows: list[dict[str, Any]], **params: Any) -> None:
    """``query`` with ``rows`` as ``$rows``, ``BATCH`` at a time."""
    for start in range(0, len(rows), BATCH):
        db.write(query, rows=rows[start : start + BATCH], **params)


def remove(db: Database) -> None:
    """Delete everything on the evaluation network and the people created for it."""
    with db.session() as session:
        for statement in cypher.statements("evaluate/remove_planted"):
            session.run(statement, {"network": NETWORK}).consume()


@contextmanager
def scratch(db: Database) -> Iterator[None]:
    """Refuse to start on a database that already holds the evaluation network; clean up after."""
    if db.read("@evaluate/planted", network=NETWORK)[0]["accounts"]:
        raise InputError(
            f"the database already holds accounts on the network {NETWORK!r} (left by an "
            "interrupted evaluation, or yours); remove them before running clout evaluate"
        )
    try:
        yield
    finally:
        remove(db)
        log.info("removed the planted %s network", NETWORK)
