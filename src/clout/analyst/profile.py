"""``clout show``: one person's score explained."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clout.analyst.contributions import Contributor, contributions
from clout.analyst.history import History, person_history
from clout.analyst.people import PersonRef, resolve
from clout.analyst.runs import Run, current, done_runs
from clout.analyst.values import network_map
from clout.db import Database


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
    base: float  # the teleport part of PageRank every person gets
    contributors: list[Contributor]  # the largest first
    others: float  # share of the contributions not listed
    why_total: float = 0.0  # the sum of all contributions: the raw influence they explain
    why_note: str | None = None  # why the explanation may not match the score exactly

    def as_dict(self) -> dict[str, Any]:
        """The ``clout show --json`` object."""
        return {
            "person_id": self.person.person_id,
            "name": self.person.name,
            "handles": self.handles,
            "score": self.score,
            "score_raw": self.score_raw,
            "score_percentile": self.score_percentile,
            "run": {"run_id": self.run.run_id, "as_of": self.run.as_of.isoformat()},
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
        }


def profile(db: Database, person: str, *, contributors: int = 10) -> Profile:
    """The profile of the person ``person`` names, with the ``contributors`` largest."""
    run = current(done_runs(db))
    ref = resolve(db, person)
    live = db.read("@analyst/internal/person", person_id=ref.person_id)[0]
    mix = db.read("@analyst/internal/interaction_mix", person_id=ref.person_id, run_id=run.run_id)
    why = contributions(db, ref.person_id, run)
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
        history=person_history(db, ref, run.run_id),
        interactions=[Mix(**row) for row in mix],
        base=why.base,
        contributors=shown,
        others=others,
        why_total=why.total,
        why_note=why.note,
    )
