"""A score explained in words: who lifted it, the moments that counted, and what changed.

:mod:`clout.analyst.contributions` gives each engaging account's exact PageRank flow into the
person (the flows add up to the raw score). This module adds what people ask about:

- **engagers**: per person who engaged, their own score in the run, what they did (kinds and
  how often), when (first and last time in the window) and their share of the flows;
- **moments**: the interaction events that counted most. An account's flow is split over its
  events in proportion to each event's decayed weight (``clout.scoring.weights.event_weight``
  with the run's constants), so the moments of all accounts add up to the flows too;
- **changes** since an earlier run: new engagers, engagement that aged out of the window,
  engagers whose own score moved, and the cause of the change in words.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from clout.analyst.contributions import Explanation, contributions, run_config
from clout.analyst.run_lookup import Run, native
from clout.db import Database
from clout.scoring import weights
from clout.scoring.config import ScoringConfig

MOMENTS = 5
LISTED = 5  # names listed in a sentence before "and N others"


@dataclass(frozen=True)
class Engager:
    """One person's engagement with the explained person in a run's window."""

    person_id: str
    name: str | None
    score: int  # their own score in the run
    kinds: dict[str, float]  # kind -> interactions (sum of counts), most first
    interactions: float
    first: datetime
    last: datetime
    contribution: float  # their flow into the person (raw influence)
    share: float  # of all flows, 0..1


@dataclass(frozen=True)
class Moment:
    """One interaction event and the part of the raw score it accounts for."""

    event_id: str
    kind: str
    network: str
    handle: str
    person_id: str
    name: str | None
    at: datetime
    count: float
    contribution: float
    share: float


@dataclass(frozen=True)
class Side:
    """Everything about one run's explanation of the person."""

    run: Run
    score: int
    raw: float
    engagers: list[Engager]
    moments: list[Moment]  # every event, largest first
    total: float  # the sum of the flows
    explanation: Explanation = field(repr=False)


@dataclass(frozen=True)
class Moved:
    person_id: str
    name: str | None
    before: int
    after: int


@dataclass(frozen=True)
class AgedOut:
    """One engager's interactions that were in the earlier run's window and are not any more."""

    person_id: str
    name: str | None
    kinds: dict[str, float]  # kind -> interactions that aged out, most first
    interactions: float
    last: datetime  # the newest of them
    share: float  # their part of the influence then
    gone: bool  # nothing of this engager's is left in the window


@dataclass(frozen=True)
class Change:
    """What changed between an earlier run (``then``) and the explained one (``now``)."""

    then: Run
    score_before: int
    score: int
    raw_before: float
    raw: float
    new: list[Engager]  # engaged now, not then
    aged_out: list[AgedOut]  # the largest part then first
    moved: list[Moved]  # engagers of both runs whose own score changed
    cause: str


def side(
    db: Database, person_id: str, run: Run, score: int, raw: float, config: ScoringConfig
) -> Side:
    """``person_id``'s explanation in ``run`` (where they scored ``score`` from ``raw``)."""
    explanation = contributions(db, person_id, run, config=config)
    record = db.read("@analyst/internal/why_run", run_id=run.run_id)[0]["run"]
    cfg = run_config(config, record)
    events = [
        e | {"at": native(e["at"])}
        for e in db.read(
            "@analyst/internal/received_events",
            person_id=person_id,
            run_id=run.run_id,
            kinds=list(cfg.kind_weights),
        )
    ]
    people = sorted({e["person_id"] for e in events})
    scores = {
        r["person_id"]: int(r["score"])
        for r in db.read("@analyst/internal/run_scores", run_id=run.run_id, people=people)
    }
    moments = split_flows(events, explanation.accounts, cfg, run.as_of)
    engaged = engagers(events, moments, explanation, scores)
    return Side(run, score, raw, engaged, moments, explanation.total, explanation)


def split_flows(
    events: list[dict[str, Any]], flows: dict[str, float], cfg: ScoringConfig, as_of: datetime
) -> list[Moment]:
    """Every event with its part of its account's flow (by decayed weight), largest first."""
    if not events:
        return []
    ages = [(as_of - e["at"]).total_seconds() / 86400 for e in events]
    kinds = [cfg.kind_weights.get(e["kind"], 0.0) for e in events]
    counts = [float(e["count"]) for e in events]
    decayed = weights.event_weight(
        _array(kinds), _array(counts), _array(ages), cfg.half_life_days, cfg.lasting_share
    ).tolist()
    per_account: dict[str, float] = defaultdict(float)
    for e, w in zip(events, decayed, strict=True):
        per_account[e["account"]] += w
    total = sum(flows.values())
    moments = []
    for e, w in zip(events, decayed, strict=True):
        weight = per_account[e["account"]]
        part = flows.get(e["account"], 0.0) * w / weight if weight > 0 else 0.0
        moments.append(
            Moment(
                event_id=str(e["event_id"]),
                kind=e["kind"],
                network=e["network"],
                handle=e["handle"],
                person_id=e["person_id"],
                name=e["name"],
                at=e["at"],
                count=float(e["count"]),
                contribution=part,
                share=part / total if total > 0 else 0.0,
            )
        )
    moments.sort(key=lambda m: (-m.contribution, m.at, m.event_id))
    return moments


def _array(values: list[float]) -> Any:
    import numpy as np

    return np.asarray(values, dtype=np.float64)


def engagers(
    events: list[dict[str, Any]],
    moments: list[Moment],
    explanation: Explanation,
    scores: dict[str, int],
) -> list[Engager]:
    """Per engaging person: what they did, how often, when, and their contribution; the
    largest contribution first (then the most interactions)."""
    kinds: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    times: dict[str, list[datetime]] = defaultdict(list)
    names: dict[str, str | None] = {}
    for e in events:
        kinds[e["person_id"]][e["kind"]] += float(e["count"])
        times[e["person_id"]].append(e["at"])
        names[e["person_id"]] = e["name"]
    flows = {c.person_id: (c.contribution, c.share) for c in explanation.contributors}
    found = [
        Engager(
            person_id=pid,
            name=names[pid],
            score=scores.get(pid, 1),
            kinds=dict(sorted(done.items(), key=lambda kv: (-kv[1], kv[0]))),
            interactions=sum(done.values()),
            first=min(times[pid]),
            last=max(times[pid]),
            contribution=flows.get(pid, (0.0, 0.0))[0],
            share=flows.get(pid, (0.0, 0.0))[1],
        )
        for pid, done in kinds.items()
    ]
    found.sort(key=lambda g: (-g.contribution, -g.interactions, g.person_id))
    return found


def compare(now: Side, then: Side, window_days: int | None) -> Change:
    """What changed from ``then`` to ``now``, with the cause in words."""
    before = {g.person_id: g for g in then.engagers}
    current = {g.person_id: g for g in now.engagers}
    new = [g for g in now.engagers if g.person_id not in before]
    still = {m.event_id for m in now.moments}
    aged_out = aged([m for m in then.moments if m.event_id not in still], set(current))
    moved = [
        Moved(pid, g.name, before[pid].score, g.score)
        for pid, g in current.items()
        if pid in before and before[pid].score != g.score
    ]
    moved.sort(key=lambda m: (-abs(m.after - m.before), m.person_id))
    change = Change(then.run, then.score, now.score, then.raw, now.raw, new, aged_out, moved, "")
    return replace(change, cause=cause(change, now, then, window_days))


def aged(moments: list[Moment], engaged_now: set[str]) -> list[AgedOut]:
    """The ``moments`` (of an earlier run, no longer in the window) per engager."""
    per: dict[str, list[Moment]] = defaultdict(list)
    for m in moments:
        per[m.person_id].append(m)
    found = []
    for pid, done in per.items():
        kinds: dict[str, float] = defaultdict(float)
        for m in done:
            kinds[m.kind] += m.count
        found.append(
            AgedOut(
                person_id=pid,
                name=done[0].name,
                kinds=dict(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
                interactions=sum(kinds.values()),
                last=max(m.at for m in done),
                share=sum(m.share for m in done),
                gone=pid not in engaged_now,
            )
        )
    found.sort(key=lambda a: (-a.share, -a.interactions, a.person_id))
    return found


def cause(change: Change, now: Side, then: Side, window_days: int | None) -> str:
    """The change of score in words, its largest causes first."""
    delta = change.score - change.score_before
    if delta == 0:
        return f"Your score stayed at {change.score}."
    verb = "rose" if delta > 0 else "fell"
    head = f"Your score {verb} from {change.score_before} to {change.score}"
    reasons = _reasons(change, now, then, window_days, rising=delta > 0)
    return f"{head}: {'; '.join(reasons)}." if reasons else f"{head}."


def _reasons(
    change: Change, now: Side, then: Side, window_days: int | None, *, rising: bool
) -> list[str]:
    reasons: list[str] = []
    window = f"the {window_days}-day window" if window_days else "the window"
    lost = [a for a in change.aged_out if a.gone]
    if lost:
        reasons.append(
            f"the engagement of {_names(lost)} aged out of {window} "
            f"({_percent(sum(a.share for a in lost))} of your influence then)"
        )
    older = [a for a in change.aged_out if not a.gone]
    if older:
        reasons.append(
            f"older interactions of {_names(older)} aged out of {window} "
            f"({_percent(sum(a.share for a in older))} of your influence then)"
        )
    if change.new:
        reasons.append(
            f"new engagement from {_names(change.new)} "
            f"({_percent(sum(g.share for g in change.new))} of your influence now)"
        )
    elif not rising:
        reasons.append("nobody new engaged with you")
    moved = [m for m in change.moved if (m.after > m.before) == rising]
    if moved:
        listed = ", ".join(f"{_name(m)} {m.before} → {m.after}" for m in moved[:LISTED])
        verb = "gained" if rising else "lost"
        reasons.append(f"people who engage with you {verb} influence themselves ({listed})")
    if not reasons or _relative_only(change):
        reasons.append(
            "your own influence barely moved: others' did (scores compare you with everybody)"
        )
    elif not rising and not change.aged_out and now.engagers:
        reasons.append("the same engagement counts less as it ages")
    return reasons


def _relative_only(change: Change) -> bool:
    base = max(abs(change.raw_before), 1e-12)
    return abs(change.raw - change.raw_before) / base < 0.02


def _name(item: Engager | AgedOut | Moved) -> str:
    return item.name or item.person_id


def _names(people: list[Engager] | list[AgedOut]) -> str:
    shown = [_name(g) for g in people[:LISTED]]
    more = len(people) - len(shown)
    if more:
        return f"{', '.join(shown)} and {more} other{'s' if more > 1 else ''}"
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


def _percent(share: float) -> str:
    return f"{share:.0%}" if share >= 0.01 or share == 0 else "under 1%"
