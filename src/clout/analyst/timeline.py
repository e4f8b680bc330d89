"""A person's score over time: one point per successful run, a sparkline, a chart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from clout.analyst.person_lookup import PersonRef, resolve
from clout.analyst.run_lookup import current, done_runs, native
from clout.analyst.values import network_scores
from clout.db import Database

BLOCKS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class Point:
    run_id: str
    as_of: datetime
    score: int
    score_raw: float
    score_percentile: float | None
    networks: dict[str, int]


@dataclass(frozen=True)
class History:
    person: PersonRef
    points: list[Point]  # in as_of order, never empty
    current_run_id: str | None = None  # the live run (default: the last point)

    @property
    def scores(self) -> list[int]:
        return [p.score for p in self.points]

    def change(self, days: int | None = None) -> int | None:
        """Score change since the previous run (``days=None``) or over ``days``: against the
        newest run at least that old; None when the history does not reach back so far."""
        ids = [p.run_id for p in self.points]
        at = ids.index(self.current_run_id) if self.current_run_id in ids else len(ids) - 1
        now, before = self.points[at], self.points[:at]
        if days is not None:
            cutoff = now.as_of - timedelta(days=days)
            before = [p for p in before if p.as_of <= cutoff]
        return now.score - before[-1].score if before else None


def history(db: Database, person: str) -> History:
    """The history of the person ``person`` names (see
    :func:`clout.analyst.person_lookup.resolve`)."""
    runs = done_runs(db)
    return person_history(db, resolve(db, person), current(runs).run_id)


def person_history(db: Database, person: PersonRef, current_run_id: str | None = None) -> History:
    rows = db.read("@analyst/score_history", person_id=person.person_id)
    points = [
        Point(
            run_id=r["run_id"],
            as_of=native(r["as_of"]),
            score=int(r["score"]),
            score_raw=float(r["score_raw"]),
            score_percentile=r["score_percentile"],
            networks=network_scores(r["scored"]),
        )
        for r in rows
    ]
    return History(person, points, current_run_id)


def sparkline(values: Sequence[float]) -> str:
    """One block character per value, scaled between the series' minimum and maximum."""
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return BLOCKS[len(BLOCKS) // 2 - 1] * len(values)
    steps = len(BLOCKS) - 1
    return "".join(BLOCKS[round((v - low) / (high - low) * steps)] for v in values)
