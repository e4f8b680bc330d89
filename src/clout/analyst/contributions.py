"""Why a person scores what they score: each engager's PageRank contribution to them.

The scoring run stored the raw rank of every account of every person it scored above the
baseline (on the person's ``SCORED`` history relationship: ``rank_networks``, ``rank_handles``,
``ranks``); an account whose owner has no history in the run received nothing counted, so its
rank is the baseline ``1 - d``.
At PageRank's fixed point an account ``v`` has

    rank(v) = (1 - d) + sum over in-neighbours u of  d * rank(u) * w(u -> v) / W(u)

where ``w`` are the weights the run projected and ``W(u)`` is everything ``u`` gave (its edge to
the scoring sink included). So ``d * rank(u) * w(u -> v) / W(u)`` is what ``u`` contributed to
``v``; a person's raw influence (the sum over their accounts of ``rank - (1 - d)``) is the sum of
those contributions, which are added up per contributing *person* (the owner of ``u``). For
ArticleRank the divisor is ``W(u)`` plus the projection's average degree.

The weights are rebuilt with the scoring model itself: the run's recorded window, network,
damping and gaming constants go through the
model's specification :mod:`clout.scoring.weights` (which every scoring run applies;
tests hold them equal), over every interaction that starts or ends at an engager or at one of
its two-way partners (whose own standing vouches for it), so each engager's standing, edges and
total weight are exactly the projected ones.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from clout.analyst.run_lookup import Run, native
from clout.db import Database
from clout.scoring import reference, weights
from clout.scoring.config import GamingConfig, ScoringConfig
from clout.scoring.window import Window

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Contributor:
    person_id: str
    name: str | None
    interactions: int
    contribution: float
    share: float  # of the sum of all contributions, 0..1


@dataclass(frozen=True)
class Explanation:
    """Every contributor, largest first; ``total`` = the sum of their contributions."""

    base: float
    total: float
    contributors: list[Contributor]
    note: str | None = None  # why the explanation may not match the score exactly
    # Each engaging account's contribution (by element id: why_engagers' ``account``).
    accounts: dict[str, float] = field(default_factory=dict)

    def top(self, n: int) -> tuple[list[Contributor], float]:
        """The ``n`` largest contributors and the share left to everybody else."""
        shown = self.contributors[:n]
        return shown, max(0.0, 1.0 - sum(c.share for c in shown)) if shown else 0.0


def run_config(base: ScoringConfig, run: dict[str, Any]) -> ScoringConfig:
    """``base`` with the constants the run recorded (damping, half-life, gaming). A run that
    recorded its constants but not one that came later is explained with the rule of its time
    (``GamingConfig``'s defaults; no lasting share; no vouching before scoring-3); a run that
    recorded none is explained with ``base``."""
    recorded = {
        name: run[name] for name in GamingConfig.__dataclass_fields__ if run.get(name) is not None
    }
    if "standing_floor" in run:
        # Runs that recorded their gaming constants before scoring-3 had no vouching.
        legacy = GamingConfig(standing_vouching=0.0)
        gaming = replace(legacy, **recorded)
        lasting = float(run.get("lasting_share") or 0.0)
    else:
        gaming, lasting = replace(base.gaming, **recorded), base.lasting_share
    return replace(
        base,
        damping=run.get("damping", base.damping),
        half_life_days=run.get("half_life_days", base.half_life_days),
        lasting_share=lasting,
        fade_with_age=run.get("fade_with_age", False),  # recorded since scoring-4
        gaming=gaming,
    )


def contributions(db: Database, person_id: str, run: Run, *, config: ScoringConfig) -> Explanation:
    """The engagers of ``person_id`` in ``run`` with their contribution and share (``config``:
    the current scoring configuration, completed by what ``run`` recorded)."""
    record = db.read("@analyst/internal/why_run", run_id=run.run_id)[0]["run"]
    cfg = run_config(config, record)
    kinds = list(cfg.kind_weights)
    engagers = db.read(
        "@analyst/internal/why_engagers", person_id=person_id, run_id=run.run_id, kinds=kinds
    )
    for e in engagers:
        if e["rank"] is None and not e["scored"]:
            e["rank"] = cfg.baseline  # the owner received nothing counted in the run
    notes = _notes(config, record, engagers)
    if not engagers:
        return Explanation(base=cfg.baseline, total=0.0, contributors=[], note=notes)
    accounts = {e["account"] for e in engagers}
    events = db.read(
        "@analyst/internal/why_events", accounts=sorted(accounts), run_id=run.run_id, kinds=kinds
    )
    # An engager's standing and its co-engagement depend on its two-way partners' own
    # standing, total weight given and targets, so their interactions are read too.
    partners = sorted(_partners(events, accounts) - accounts)
    if partners:
        more = db.read(
            "@analyst/internal/why_events", accounts=partners, run_id=run.run_id, kinds=kinds
        )
        seen = {e["event"] for e in events}
        events += [e for e in more if e["event"] not in seen]
    window = Window(
        as_of=native(record["as_of"]),
        days=int(record["window_days"]),
        network=record.get("network"),
        algorithm=str(record.get("algorithm") or cfg.algorithm),
    )
    flows, interactions = _flows(cfg, window, record, engagers, events)
    return _explain(cfg.baseline, engagers, flows, interactions, notes)


def _partners(events: list[dict[str, Any]], accounts: set[str]) -> set[str]:
    """The accounts that engage one of ``accounts`` and are engaged back by it."""
    pairs = {(e["actor"], e["target"]) for e in events}
    return {a for a, b in pairs if b in accounts and (b, a) in pairs}


def _flows(
    cfg: ScoringConfig,
    window: Window,
    record: dict[str, Any],
    engagers: list[dict[str, Any]],
    events: list[dict[str, Any]],
) -> tuple[dict[str, float], dict[str, int]]:
    """Each engaging account's contribution to the person's accounts, and its interactions."""
    ids: dict[str, int] = {}
    actor = np.array([ids.setdefault(e["actor"], len(ids)) for e in events], dtype=np.int64)
    target = np.array([ids.setdefault(e["target"], len(ids)) for e in events], dtype=np.int64)
    kind_weight = np.array([cfg.kind_weights[e["kind"]] for e in events], dtype=np.float64)
    count = np.array([e["count"] for e in events], dtype=np.float64)
    at = np.array([e["at"] for e in events], dtype=np.float64)
    age = (int(window.as_of.timestamp()) - at) / 86400
    event = weights.event_weight(kind_weight, count, age, cfg.half_life_days, cfg.lasting_share)
    exponent = cfg.gaming.pair_exponent
    capacity = weights.pair_weights(actor, target, kind_weight * count, exponent)
    edges = weights.scoring_edges(
        weights.pair_weights(actor, target, event, exponent),
        len(ids),
        cfg.gaming,
        capacity if cfg.fade_with_age else None,
    )
    ranks = np.zeros(edges.node_count)
    engaging = np.zeros(edges.node_count, dtype=bool)
    for e in engagers:
        index = ids.get(e["account"])
        if index is not None:
            engaging[index] = True
            ranks[index] = e["rank"] or 0.0
    # Only the engagers' edges are complete (every event they took part in was read).
    mine = engaging[edges.source]
    average = _average_degree(record) if window.algorithm == "articlerank" else 0.0
    flow = reference.contributions(
        edges.source[mine],
        edges.weight[mine],
        ranks,
        algorithm=window.algorithm,
        damping=cfg.damping,
        average_degree=average,
    )
    names = list(ids)
    own = {ids[a] for a in engagers[0]["own"] if a in ids}
    into: dict[str, float] = defaultdict(float)
    for s, t, f in zip(edges.source[mine], edges.target[mine], flow, strict=True):
        if int(t) in own:
            into[names[int(s)]] += float(f)
    received: dict[str, int] = defaultdict(int)
    for e in events:
        if ids[e["target"]] in own:
            received[e["actor"]] += int(e["count"])
    return into, received


def _average_degree(record: dict[str, Any]) -> float:
    nodes = record.get("projected_nodes") or 0
    return float(record.get("projected_relationships") or 0) / nodes if nodes else 0.0


def _explain(
    base: float,
    engagers: list[dict[str, Any]],
    flows: dict[str, float],
    interactions: dict[str, int],
    note: str | None,
) -> Explanation:
    """Add the accounts' flows up per contributing person, largest first."""
    per_person: dict[str, list[Any]] = {}
    for e in engagers:
        entry = per_person.setdefault(e["person_id"], [e["name"], 0, 0.0])
        entry[1] += interactions.get(e["account"], 0)
        entry[2] += flows.get(e["account"], 0.0)
    total = sum(float(v[2]) for v in per_person.values())
    people = [
        Contributor(
            person_id=pid,
            name=name,
            interactions=int(n),
            contribution=float(c),
            share=float(c) / total if total > 0 else 0.0,
        )
        for pid, (name, n, c) in per_person.items()
    ]
    people.sort(key=lambda c: (-c.contribution, c.person_id))
    return Explanation(base=base, total=total, contributors=people, note=note, accounts=dict(flows))


def _notes(
    base: ScoringConfig, record: dict[str, Any], engagers: list[dict[str, Any]]
) -> str | None:
    """Why the explanation may differ from the score (None when it matches it)."""
    notes = []
    version = record.get("config_version")
    if version is not None and version != base.version and "standing_floor" not in record:
        # A run that recorded its constants is explained with them (``run_config``).
        notes.append(f"the run used scoring config {version}, the weights shown use {base.version}")
    unranked = len({e["account"] for e in engagers if e["rank"] is None})
    if unranked:
        notes.append(
            f"{unranked} engaging account(s) have no stored rank for run {record['run_id']}; "
            "rerun `clout score` to explain this score exactly"
        )
    return "; ".join(notes) or None
