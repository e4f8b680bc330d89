"""Successful scoring runs: the current one and the one N days back.

Runs are ordered by ``as_of`` (the time their scores describe). The current run, whose values
are live on ``(:Person)``, is the one that finished last (a backfill of an older ``as_of`` that
finishes last is current, as scoring makes it live).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from clout.db import Database
from clout.errors import InputError, NoScores

NO_SCORES = "no scores yet; run `clout score` first"


@dataclass(frozen=True)
class Run:
    """One successful (``status = "done"``) scoring run."""

    run_id: str
    as_of: datetime
    finished_at: datetime | None = None
    window_days: int | None = None
    scored: int | None = None
    people: int | None = None
    mean: float | None = None
    p95: float | None = None
    calibration_version: str | None = None
    network: str | None = None  # the one network it scored (None: all)


def native(value: Any) -> Any:
    """A driver temporal value as its Python equivalent (anything else unchanged)."""
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value


def done_runs(db: Database) -> list[Run]:
    """Every successful run, oldest first; :class:`NoScores` when there is none."""
    rows = db.read("@analyst/internal/runs")
    if not rows:
        raise NoScores(NO_SCORES)
    return [
        Run(**{**row, "as_of": native(row["as_of"]), "finished_at": native(row["finished_at"])})
        for row in rows
    ]


def listing(db: Database, limit: int, status: str | None = None) -> list[dict[str, Any]]:
    """The ``limit`` newest runs (by ``as_of``) of any status, or only of ``status``, as
    ``clout runs`` lists them (times as Python datetimes)."""
    rows = db.read("@analyst/internal/run_list", limit=limit, status=status)
    temporal = ("as_of", "started_at", "finished_at")
    return [{k: native(v) if k in temporal else v for k, v in row.items()} for row in rows]


def current(runs: list[Run]) -> Run:
    """The run whose values are live: the one that finished last (by ``as_of`` if unknown)."""
    return max(runs, key=lambda run: run.finished_at or run.as_of)


def run_before(runs: list[Run], days: int) -> Run | None:
    """The newest run at least ``days`` days older than the current one (None if none)."""
    now = current(runs)
    cutoff = now.as_of - timedelta(days=days)
    older = [run for run in runs if run is not now and run.as_of <= cutoff]
    return older[-1] if older else None


def baseline(runs: list[Run], days: int) -> Run | None:
    """The run to compare the current one with over ``days``: :func:`run_before`, else the
    oldest other run when the history is shorter than that; None when there is only one run."""
    now = current(runs)
    others = [run for run in runs if run is not now]
    return run_before(runs, days) or (others[0] if others else None)


def compared_with(runs: list[Run], when: datetime | None = None) -> Run | None:
    """The run the current one is compared with: the newest run as of ``when`` or earlier, or
    without ``when`` the run before the current one; None when there is none."""
    now = current(runs)
    if when is None:
        at = runs.index(now)
        return runs[at - 1] if at > 0 else None
    if when >= now.as_of:
        raise InputError(
            f"--since {when:%Y-%m-%d %H:%M} is not before the current run (as of "
            f"{now.as_of:%Y-%m-%d %H:%M}); give an earlier date"
        )
    older = [run for run in runs if run is not now and run.as_of <= when]
    if not older:
        raise InputError(
            f"no scoring run is as of {when:%Y-%m-%d %H:%M} or earlier; the oldest is as of "
            f"{runs[0].as_of:%Y-%m-%d %H:%M}"
        )
    return older[-1]
