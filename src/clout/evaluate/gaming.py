"""Like-farms of several sizes planted into a scratch copy of the world, rescored each time.

A farm of ``n`` new accounts: every member likes every other member ``likes`` times and the
beneficiary (the person with the median raw influence, through a new account of theirs on the
evaluation network) ``boost`` times, at random moments of the window's last 30 days.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from clout.db import Database
from clout.errors import InputError
from clout.evaluate import world
from clout.scoring.config import ScoringConfig

log = logging.getLogger(__name__)
SIZES = (10, 50, 200)


@dataclass(frozen=True)
class FarmResult:
    size: int
    interactions: int
    best_member: int
    beneficiary_before: int
    beneficiary_after: int
    median: float

    @property
    def gain(self) -> int:
        return self.beneficiary_after - self.beneficiary_before

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "gain": self.gain}


def farm(
    beneficiary: str, size: int, end: int, likes: int = 2, boost: int = 20, seed: int = 11
) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    """The accounts and LIKED events of a farm of ``size`` (``end``: window end, epoch s)."""
    rng = np.random.default_rng(seed + size)
    members = [f"farm{size}_{i}" for i in range(size)]
    accounts = [{"person_id": f"{world.NETWORK}:{m}", "handle": m} for m in members]
    accounts.append({"person_id": beneficiary, "handle": "beneficiary"})
    pairs = [(a, b) for a in members for b in members if a != b for _ in range(likes)]
    pairs += [(m, "beneficiary") for m in members for _ in range(boost)]
    moments = end - rng.integers(0, 30 * 86400, size=len(pairs))
    events = [
        {"actor": a, "target": t, "at": int(at), "id": f"farm{size}-{i}"}
        for i, ((a, t), at) in enumerate(zip(pairs, moments, strict=True))
    ]
    return accounts, events


def gaming(db: Database, config: ScoringConfig, sizes: tuple[int, ...] = SIZES) -> list[FarmResult]:
    """Plant each farm in turn (removed before the next and at the end), rescore, report."""
    at = world.window(db, config)
    with world.scratch(db):
        base, fitted = world.baseline(db, config, at)
        honest = base.raw[base.raw > 0].sort_values(kind="stable")
        if honest.empty:
            raise InputError("nobody received an interaction in the window; load more data")
        beneficiary = str(honest.index[len(honest) // 2])
        results = []
        for size in sizes:
            world.remove(db)
            accounts, events = farm(beneficiary, size, int(at.as_of.timestamp()))
            world.plant(db, accounts, events)
            after = world.score(db, config, at, fitted).score
            members = after[after.index.str.startswith(f"{world.NETWORK}:")]
            others = after[(after > 1) & ~after.index.str.startswith(f"{world.NETWORK}:")]
            results.append(FarmResult(
                size=size, interactions=len(events), best_member=int(members.max()),
                beneficiary_before=int(base.score[beneficiary]),
                beneficiary_after=int(after[beneficiary]), median=float(np.median(others)),
            ))  # fmt: skip
            log.info("farm of %d: %s", size, results[-1])
    return results
