"""Like-farms planted into a window, scored by clout and by every baseline.

A farm of ``n`` new accounts: every member likes every other member ``likes`` times and the
beneficiary (the person with the median raw influence, through a new account of theirs on the
evaluation network) ``boost`` times, at random moments of the window's last 30 days. A *seeded*
farm also got ``k`` real likes from outside: ``k`` ordinary accounts of the window (accounts that
engaged somebody and that nobody engaged), picked at random, each like a different member once,
at the window's end (where the window has fewer ordinary accounts than that, the least
influential of the other engaging accounts make up the rest). Each method's gain is the
beneficiary's score after minus before, every method calibrated to 1-100 on its own values of
the window without the farm (the map clout uses), so the gains compare.

``run`` is the same for the database (planted on a reserved network, ``clout.evaluate.world``)
and offline (``clout.evaluate.offline``): the caller says how a planted window is measured.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from clout.config import Config
from clout.db import Database
from clout.errors import InputError
from clout.evaluate import world
from clout.scoring import calibrate
from clout.scoring.config import CalibrationConfig
from clout.scoring.influence import Counted
from clout.scoring.weights import IntArray
from clout.scoring.window import Window

log = logging.getLogger(__name__)
SIZES = (10, 50, 200)
SEEDS = (1, 3, 10)
DAY_S = 86400


@dataclass(frozen=True)
class Attack:
    size: int
    seeds: int = 0

    @property
    def label(self) -> str:
        real = f" + {self.seeds} real like{'s' if self.seeds > 1 else ''}" if self.seeds else ""
        return f"farm of {self.size}{real}"


ATTACKS = (
    *(Attack(size) for size in SIZES),
    *(Attack(size, seeds) for size in SIZES for seeds in SEEDS),
)


@dataclass(frozen=True)
class Planted:
    """What one attack adds: new accounts (``{person_id, handle}`` on the evaluation network),
    likes among them (``{actor, target, at, id}``, handles) and real likes from ordinary
    accounts (``{actor_id, target, at, id}``: the liking account's id, a member's handle)."""

    accounts: list[dict[str, str]]
    events: list[dict[str, Any]]
    likes: list[dict[str, Any]]
    members: list[str]  # the members' person ids


@dataclass(frozen=True)
class FarmResult:
    size: int
    seeds: int
    interactions: int
    best_member: int
    beneficiary_before: int
    beneficiary_after: int
    median: float
    gains: dict[str, int] = field(default_factory=dict)

    @property
    def gain(self) -> int:
        return self.beneficiary_after - self.beneficiary_before

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "gain": self.gain}


def plan(
    attack: Attack,
    beneficiary: str,
    end: int,
    ordinary: IntArray,
    likes: int = 2,
    boost: int = 20,
    seed: int = 11,
    others: IntArray | None = None,
) -> Planted:
    """The accounts and likes of ``attack`` for ``beneficiary`` in a window ending at ``end``
    (epoch seconds); ``ordinary``: the ids of the accounts the real likes come from, picked at
    random; ``others``: accounts that make up for missing ordinary ones, in this order."""
    size = attack.size
    rng = np.random.default_rng(seed + size)
    members = [f"farm{size}_{i}" for i in range(size)]
    accounts = [{"person_id": f"{world.NETWORK}:{m}", "handle": m} for m in members]
    accounts.append({"person_id": beneficiary, "handle": "beneficiary"})
    pairs = [(a, b) for a in members for b in members if a != b for _ in range(likes)]
    pairs += [(m, "beneficiary") for m in members for _ in range(boost)]
    moments = end - rng.integers(0, 30 * DAY_S, size=len(pairs))
    events = [
        {"actor": a, "target": t, "at": int(at), "id": f"farm{size}-{i}"}
        for i, ((a, t), at) in enumerate(zip(pairs, moments, strict=True))
    ]
    if attack.seeds <= len(ordinary):
        chosen = np.sort(rng.choice(np.sort(ordinary), size=attack.seeds, replace=False))
    else:
        spare = np.zeros(0, dtype=np.int64) if others is None else others
        chosen = np.concatenate([np.sort(ordinary), spare])[: attack.seeds]
        if len(chosen) < attack.seeds:
            raise InputError(f"the window has fewer than {attack.seeds} engaging accounts")
    real = [
        {"actor_id": int(account), "target": members[i % size], "at": end, "id": f"seed{size}-{i}"}
        for i, account in enumerate(chosen.tolist())
    ]
    return Planted(accounts, events, real, [a["person_id"] for a in accounts[:-1]])


def ordinary_accounts(counted: Counted) -> IntArray:
    """The accounts of the window that engaged somebody and that nobody engaged."""
    ev = counted.events
    return np.setdiff1d(np.unique(ev.source), np.unique(ev.target)).astype(np.int64)


def least_influential(counted: Counted, clout: pd.Series) -> IntArray:
    """The window's engaging accounts that somebody engaged, their owners' raw influence
    ascending (ties: by id): where real likes come from when ordinary accounts run short."""
    engaged = np.intersect1d(np.unique(counted.events.source), np.unique(counted.events.target))
    owner, names = counted.owners.owners_of(engaged)
    raw = clout.reindex(pd.Index(names)).fillna(0.0).to_numpy()[owner]
    return engaged[np.lexsort((engaged, raw))].astype(np.int64)


def beneficiary_of(clout: pd.Series) -> str:
    """The person with the median raw influence among those with any (ties: by person id)."""
    honest = clout[clout > 0].sort_index().sort_values(kind="stable")
    if honest.empty:
        raise InputError("nobody received an interaction in the window; load more data")
    return str(honest.index[len(honest) // 2])


def fitted(values: pd.Series, config: CalibrationConfig) -> calibrate.Calibration | None:
    """The 1-100 map of a method, fitted on its positive values (None: too few to fit)."""
    positive = values.to_numpy(dtype=np.float64)
    positive = positive[positive > 0]
    return calibrate.fit(positive, config, "farm-check") if len(positive) >= 2 else None


def score_of(calibration: calibrate.Calibration | None, value: float) -> int:
    if calibration is None or value <= 0:
        return 1
    return int(calibrate.scores(calibration, np.array([value], dtype=np.float64))[0])


Measure = Callable[[Planted], pd.DataFrame]


def run(
    base: pd.DataFrame,
    counted: Counted,
    end: int,
    measure: Measure,
    calibration: CalibrationConfig,
    attacks: tuple[Attack, ...] = ATTACKS,
) -> list[FarmResult]:
    """Plant each attack in turn into the window (``base``: every method's values without a
    farm, ``predictors.compare``; ``measure``: the same with a plan planted) and report."""
    beneficiary = beneficiary_of(base["clout"])
    maps = {name: fitted(base[name], calibration) for name in base.columns}
    ordinary = ordinary_accounts(counted)
    others = least_influential(counted, base["clout"])
    clout_map = maps["clout"]
    population = base["clout"][base["clout"] > 0].to_numpy(dtype=np.float64)
    median = float(np.median(calibrate.scores(clout_map, population))) if clout_map else 1.0
    results = []
    for attack in attacks:
        planted = plan(attack, beneficiary, end, ordinary, others=others)
        after = measure(planted)
        gains = {
            name: score_of(maps[name], float(after[name].get(beneficiary, 0.0)))
            - score_of(maps[name], float(base[name].get(beneficiary, 0.0)))
            for name in base.columns
        }
        members = after["clout"].reindex(planted.members).fillna(0.0)
        results.append(
            FarmResult(
                size=attack.size,
                seeds=attack.seeds,
                interactions=len(planted.events) + len(planted.likes),
                best_member=max(score_of(clout_map, float(v)) for v in members.tolist()),
                beneficiary_before=score_of(clout_map, float(base["clout"].get(beneficiary, 0.0))),
                beneficiary_after=score_of(clout_map, float(after["clout"].get(beneficiary, 0.0))),
                median=median,
                gains=gains,
            )
        )
        log.info("%s: %s", attack.label, results[-1])
    return results


def gaming(
    db: Database,
    configured: Config,
    at: Window | None = None,
    attacks: tuple[Attack, ...] = ATTACKS,
) -> list[FarmResult]:
    """Plant each attack in turn into the database's window (``at``, default the live one) on
    the evaluation network, rescore (compute only) and report; everything planted is removed
    before the next attack and at the end, also on failure."""
    from clout.evaluate import backtest

    window = at or world.window(db, configured)
    config = configured.scoring
    with world.scratch(db):
        base, counted = backtest.compare(db, config, window)

        def measure(planted: Planted) -> pd.DataFrame:
            world.remove(db)
            world.plant(db, planted.accounts, planted.events)
            world.plant_likes(db, planted.likes)
            return backtest.compare(db, config, window)[0]

        end = int(window.as_of.timestamp())
        return run(base, counted, end, measure, config.calibration, attacks)
