"""Successful scoring runs: the current one, the previous one, and the one N days back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from clout.db import Database
from clout.errors import NoScores

NO_SCORES = "no scores yet; run `clout score` first"


@dataclass(frozen=True)
class Run:
    """One successful (``status = "done"``) scoring run."""

    run_id: str
    as_of: datetime
    window_days: int | None = None
    scored: int | None = None
    people: int | None = None
    mean: float | None = None
    p95: float | None = None


def native(value: Any) -> Any:
    """A driver temporal value as its Python equivalent (anything else unchanged)."""
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value


def done_runs(db: Database) -> list[Run]:
    """Every successful run, oldest first; :class:`NoScores` when there is none."""
    rows = db.read("@analyst/internal/runs")
    if not rows:
        raise NoScores(NO_SCORES)
    return [Run(**{**row, "as_of": native(row["as_of"])}) for row in rows]


def current_run(db: Database) -> Run:
    """The newest successful run: the one the live scores come from."""
    return done_runs(db)[-1]


def run_before(runs: list[Run], days: int) -> Run | None:
    """The newest run at least ``days`` days older than the last of ``runs`` (None if none)."""
    cutoff = runs[-1].as_of - timedelta(days=days)
    older = [run for run in runs[:-1] if run.as_of <= cutoff]
    return older[-1] if older else None


def baseline(runs: list[Run], days: int) -> Run | None:
    """The run to compare the current one with over ``days``: :func:`run_before`, else the
    oldest run when the history is shorter than that; None when there is only one run."""
    if len(runs) < 2:
        return None
    return run_before(runs, days) or runs[0]
