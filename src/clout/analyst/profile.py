"""``clout show``: one person's score explained."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from clout.analyst.calibration import populations
from clout.analyst.contributions import Contributor
from clout.analyst.explain import Change, Engager, Moment, Side, compare, side
from clout.analyst.person_lookup import PersonRef, resolve
from clout.analyst.run_lookup import Run, compared_with, current, done_runs
from clout.analyst.timeline import History, Point, person_history
from clout.analyst.values import network_map
from clout.db import Database
from clout.scoring.config import ScoringConfig


@dataclass(frozen=True)
class Mix:
    """Interactions received of one kind on one network in the current run's window."""

    kind: str
    network: str
    interactions: int
    people: int


@dataclass(frozen=True)
class Profile:
    person: PersonRef
    run: Run
    score: int | None
    score_raw: float | None
    score_percentile: float | None
    networks: dict[str, int | None]
    handles: list[str]
    topics: dict[str, int]
    history: History
    interactions: list[Mix]
    base: float  # the part of PageRank every account gets, whoever engages with it
    contributors: list[Contributor]  # the largest first
    others: float  # share of the contributions not listed
    why_total: float = 0.0  # the sum of all contributions: the raw influence they explain
    why_note: str | None = None  # why the explanation may not match the score exactly
    engagers: tuple[Engager, ...] = ()  # who engaged: the largest contribution first
    moments: tuple[Moment, ...] = ()  # the interactions that counted most
    change: Change | None = None  # since the previous run (or --since)
    calibration_population: int | None = None  # the people the run's calibration was fitted on

    def as_dict(self) -> dict[str, Any]:
        """The ``clout show --json`` object (full precision)."""
        return {
            "person_id": self.person.person_id,
            "name": self.person.name,
            "handles": self.handles,
            "score": self.score,
            "score_raw": self.score_raw,
            "score_percentile": self.score_percentile,
            "run": _run(self.run),
            "networks": self.networks,
            "topics": self.topics,
            "change": {
                "since_previous_run": self.history.change(),
                "days_7": self.history.change(7),
                "days_30": self.history.change(30),
            },
            "interactions": [vars(m) for m in self.interactions],
            "why": {
                "base": self.base,
                "contributors": [vars(c) for c in self.contributors],
                "others_share": self.others,
                "total": self.why_total,
                "note": self.why_note,
            },
            "engagers": [_json(asdict(g)) for g in self.engagers],
            "moments": [_json(asdict(m)) for m in self.moments],
            "since": None if self.change is None else _change(self.change),
            "calibration_population": self.calibration_population,
        }


def _run(run: Run) -> dict[str, Any]:
    return {"run_id": run.run_id, "as_of": run.as_of.isoformat()}


def _json(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in data.items()}


def _change(change: Change) -> dict[str, Any]:
    return {
        "run": _run(change.then),
        "score_before": change.score_before,
        "score": change.score,
        "score_raw_before": change.raw_before,
        "score_raw": change.raw,
        "new_engagers": [_json(asdict(g)) for g in change.new],
        "aged_out": [_json(asdict(a)) for a in change.aged_out],
        "engagers_moved": [asdict(m) for m in change.moved],
        "cause": change.cause,
    }


def profile(
    db: Database,
    person: str,
    config: ScoringConfig,
    *,
    since: datetime | None = None,
    contributors: int = 10,
    moments: int = 5,
) -> Profile:
    """The profile of the person ``person`` names: the ``contributors`` largest contributors,
    the ``moments`` interactions that counted most, and the change since the run as of
    ``since`` (default: the previous run)."""
    runs = done_runs(db)
    run = current(runs)
    then = compared_with(runs, since)
    ref = resolve(db, person)
    live = db.read("@analyst/internal/person", person_id=ref.person_id)[0]
    mix = db.read("@analyst/internal/interaction_mix", person_id=ref.person_id, run_id=run.run_id)
    history = person_history(db, ref, run.run_id)
    # The two runs' explanations are independent reads and sums: side by side, the database
    # works on one while Python adds up the other.
    with ThreadPoolExecutor(2, thread_name_prefix="clout-show") as pool:
        explained = pool.submit(
            side, db, ref.person_id, run, live["score"] or 1, live["score_raw"] or 0.0, config
        )
        earlier = pool.submit(_earlier, db, ref, then, history, config)
        now, before = explained.result(), earlier.result()
    why = now.explanation
    shown, others = why.top(contributors)
    return Profile(
        person=ref,
        run=run,
        score=live["score"],
        score_raw=live["score_raw"],
        score_percentile=live["score_percentile"],
        networks=network_map(live["networks"]),
        handles=list(live["handles"]),
        topics={t["topic"]: t["score"] for t in live["topics"]},
        history=history,
        interactions=[Mix(**row) for row in mix],
        base=why.base,
        contributors=shown,
        others=others,
        why_total=why.total,
        why_note=why.note,
        engagers=tuple(now.engagers),
        moments=tuple(now.moments[:moments]),
        change=None if before is None else compare(now, before, run.window_days),
        calibration_population=_population(db, run),
    )


def _population(db: Database, run: Run) -> int | None:
    if run.calibration_version is None:
        return None
    return populations(db, [run.calibration_version]).get(run.calibration_version)


def _earlier(
    db: Database, ref: PersonRef, then: Run | None, history: History, config: ScoringConfig
) -> Side | None:
    """The explanation in the run compared with (None when there is none)."""
    if then is None:
        return None
    point = next((p for p in history.points if p.run_id == then.run_id), None)
    score, raw = (point.score, point.score_raw) if isinstance(point, Point) else (1, 0.0)
    return side(db, ref.person_id, then, score, raw, config)
