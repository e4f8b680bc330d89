"""Stability: do unrelated newcomers move everybody else's score, and how much do scores move
from one day to the next?

Growth: a scratch copy of the world gets ``share`` x as many new people and new interactions
(among themselves only, heavy-tailed targets, spread over the window) on the evaluation network,
is rescored with the same calibration and with one refitted on the grown population, and the
scores of the people who were already there are compared. Daily: the window is computed for
each of the last ``days`` days (a backfilled daily history, compute only) and the day-to-day
change of every person with a score above 1 on either day is measured.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import replace
from datetime import timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from clout.config import Config
from clout.db import Database
from clout.evaluate import world
from clout.scoring import calibrate, people
from clout.scoring.window import Window

log = logging.getLogger(__name__)
SHARES = (0.1, 0.5)


def moved(before: pd.Series, after: pd.Series) -> dict[str, float]:
    """Median, 95th percentile and max of ``|after - before|`` over ``before``'s people."""
    change = (after.reindex(before.index).fillna(1) - before).abs().to_numpy(dtype=np.float64)
    return _spread([change])


def newcomers(people_: int, interactions: int, at: Window, seed: int = 5) -> tuple[Any, Any]:
    """Accounts and events of an unrelated community (Zipf-like popularity, no self-loops)."""
    rng = np.random.default_rng(seed + people_)
    n = max(people_, 2)
    handles = [f"new{n}_{i}" for i in range(n)]
    accounts = [{"person_id": f"{world.NETWORK}:{h}", "handle": h} for h in handles]
    popularity = 1.0 / np.arange(1, n + 1) ** 1.1
    actors = rng.integers(0, n, size=interactions)
    targets = rng.choice(n, size=interactions, p=popularity / popularity.sum())
    targets = np.where(targets == actors, (targets + 1) % n, targets)
    end, span = int(at.as_of.timestamp()), at.days * 86400
    moments = end - rng.integers(0, span, size=interactions)
    events = [
        {"actor": handles[a], "target": handles[t], "at": int(m), "id": f"new{n}-{i}"}
        for i, (a, t, m) in enumerate(zip(actors, targets, moments, strict=True))
    ]
    return accounts, events


def growth(
    db: Database, configured: Config, shares: tuple[float, ...] = SHARES
) -> list[dict[str, Any]]:
    """For each share: how far the existing people's scores moved when the world grew."""
    at = world.window(db, configured)
    config = configured.scoring
    population = int(db.read("MATCH (p:Person) RETURN count(p) AS n")[0]["n"])
    kinds = list(config.kind_weights)
    interactions = int(db.read("@evaluate/cutoff", kinds=kinds, share=0.5)[0]["interactions"])
    results = []
    with world.scratch(db):
        base, fitted = world.baseline(db, config, at)
        for share in shares:
            world.remove(db)
            accounts, events = newcomers(int(population * share), int(interactions * share), at)
            world.plant(db, accounts, events)
            grown = world.score(db, config, at, fitted)
            found = people.Influence(grown.raw, pd.DataFrame())
            refit = calibrate.fit(found.population, config.calibration, "evaluate-refit")
            rescored = world.score(db, config, at, refit)
            results.append(
                {
                    "share": share,
                    "people_added": len(accounts),
                    "interactions_added": len(events),
                    "same_calibration": moved(base.score, grown.score),
                    "refitted_calibration": moved(base.score, rescored.score),
                }
            )
            log.info("growth by %.0f%%: %s", share * 100, results[-1])
    return results


def daily(db: Database, configured: Config, days: int = 14) -> dict[str, Any]:
    """Day-to-day change over ``days`` backfilled daily windows (same calibration throughout):
    of every person above 1 on either day, and (``continuing``) of those above 1 on both, so
    that arrivals and departures do not hide how much a scored person's score jumps."""
    at = world.window(db, configured)
    config = configured.scoring
    _, fitted = world.baseline(db, config, at)
    series = [
        world.score(db, config, replace(at, as_of=at.as_of - timedelta(days=d)), fitted).score
        for d in range(days, -1, -1)
    ]
    every, continuing = [], []
    for before, after in itertools.pairwise(series):
        index = before.index[before > 1].union(after.index[after > 1])
        b, a = before.reindex(index).fillna(1), after.reindex(index).fillna(1)
        every.append((a - b).abs().to_numpy(dtype=np.float64))
        both = ((b > 1) & (a > 1)).to_numpy()
        continuing.append(every[-1][both])
    return {"days": days, **_spread(every), "continuing": _spread(continuing)}


def _spread(changes: list[npt.NDArray[np.float64]]) -> dict[str, float]:
    """Median, 95th percentile and max of all ``changes`` (zeros when there are none)."""
    change = np.concatenate(changes) if changes else np.zeros(0)
    if change.size == 0:
        return {"median": 0.0, "p95": 0.0, "max": 0.0}
    return {
        "median": float(np.median(change)),
        "p95": float(np.percentile(change, 95)),
        "max": float(change.max()),
    }
