"""Synthetic worlds for model tests and benchmarks (not part of the package).

Shape fitted loosely to the real sets in ``../shared/data``: heavy-tailed (log-normal) account
popularity and activity, several networks, people with accounts on one to three of them, and
interactions spread uniformly over the days before ``end``. A like-farm can be planted: ``k``
new accounts that all like each other and one beneficiary (an existing account of about median
popularity). Until ``clout generate`` lands, tests and the benchmark load these with small Cypher
inserts that follow docs/design.md.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from clout.db import Database
from clout.loader import LoadOptions, run_load
from clout.settings import ConnectionSettings

KINDS = np.array(["LIKED", "SHARED", "REPLIED_TO", "MENTIONED", "COMMENTED_ON"])
KIND_SHARE = np.array([0.5, 0.15, 0.15, 0.1, 0.1])
NETWORKS = ("alpha", "beta", "gamma")
END = datetime(2024, 6, 30, tzinfo=UTC)


@dataclass
class World:
    """People (``person_id``), accounts (``network``, ``handle``, owner index) and events."""

    people: list[str]
    account_network: list[str]
    account_handle: list[str]
    account_owner: np.ndarray
    actor: np.ndarray
    target: np.ndarray
    kind: np.ndarray
    at: np.ndarray  # epoch seconds
    farm_members: list[int] = field(default_factory=list)
    beneficiary: int | None = None
    topics: list[list[str]] | None = None  # per event; None: no topics
    topic_experts: dict[str, list[int]] = field(default_factory=dict)  # topic -> accounts

    def person_of(self, account: int) -> str:
        return self.people[int(self.account_owner[account])]


def generate(people: int, interactions: int, days: int = 120, seed: int = 7) -> World:
    """A world of ``people`` people and ``interactions`` events over ``days`` days."""
    rng = np.random.default_rng(seed)
    per_person = rng.choice([1, 2, 3], size=people, p=[0.6, 0.3, 0.1])
    owner = np.repeat(np.arange(people), per_person)
    nets = np.concatenate([rng.permutation(len(NETWORKS))[:k] for k in per_person])
    popularity = rng.lognormal(0.0, 1.4, size=len(owner))
    activity = rng.lognormal(0.0, 1.0, size=len(owner))
    actor = rng.choice(len(owner), size=interactions, p=activity / activity.sum())
    target = np.empty(interactions, dtype=np.int64)
    for net in range(len(NETWORKS)):
        on_net = np.flatnonzero(nets == net)
        mask = nets[actor] == net
        weights = popularity[on_net] / popularity[on_net].sum()
        target[mask] = rng.choice(on_net, size=int(mask.sum()), p=weights)
    keep = actor != target
    end = int(END.timestamp())
    return World(
        people=[f"p{i}" for i in range(people)],
        account_network=[NETWORKS[n] for n in nets],
        account_handle=[f"u{i}" for i in range(len(owner))],
        account_owner=owner,
        actor=actor[keep],
        target=target[keep],
        kind=rng.choice(len(KINDS), size=int(keep.sum()), p=KIND_SHARE),
        at=end - rng.integers(0, days * 86400, size=int(keep.sum())),
    )


def plant_farm(world: World, size: int, likes: int = 3, boost: int = 20, seed: int = 11) -> World:
    """The same world plus a like-farm of ``size`` accounts (each its own person).

    Every member likes every other member 1..``likes`` times and the beneficiary ``boost``
    times, at random moments of the last 30 days.
    """
    rng = np.random.default_rng(seed)
    network = world.account_network[0]
    on_net = [i for i, n in enumerate(world.account_network) if n == network]
    received = np.bincount(world.target, minlength=len(world.account_network))[on_net]
    beneficiary = on_net[int(np.argsort(received)[len(received) // 2])]
    first = len(world.account_network)
    members = list(range(first, first + size))
    pairs = [(a, b) for a in members for b in members if a != b]
    repeat = rng.integers(1, likes + 1, size=len(pairs))
    actors = [a for (a, _), n in zip(pairs, repeat, strict=True) for _ in range(n)]
    targets = [b for (_, b), n in zip(pairs, repeat, strict=True) for _ in range(n)]
    actors += [m for m in members for _ in range(boost)]
    targets += [beneficiary] * (size * boost)
    end = int(END.timestamp())
    return World(
        people=world.people + [f"farm{i}" for i in range(size)],
        account_network=world.account_network + [network] * size,
        account_handle=world.account_handle + [f"farm{i}" for i in range(size)],
        account_owner=np.concatenate([world.account_owner, len(world.people) + np.arange(size)]),
        actor=np.concatenate([world.actor, actors]),
        target=np.concatenate([world.target, targets]),
        kind=np.concatenate([world.kind, np.zeros(len(actors), dtype=np.int64)]),
        at=np.concatenate([world.at, end - rng.integers(0, 30 * 86400, size=len(actors))]),
        farm_members=members,
        beneficiary=beneficiary,
    )


def plant_topics(
    world: World,
    topics: int,
    experts: int = 3,
    tagged: float = 0.7,
    boost: int = 40,
    seed: int = 13,
) -> World:
    """The same world with topics ``t0``.. on events and planted topic experts.

    A share ``tagged`` of events carries one topic (Zipf-like popularity, some carry two).
    Per topic, ``experts`` accounts of about median popularity are planted: 80 % of what they
    receive is re-tagged with their topic, and ``boost`` more events about it reach each of
    them from random accounts of their network in the last 30 days.
    """
    rng = np.random.default_rng(seed)
    names = [f"t{i}" for i in range(topics)]
    share = 1.0 / np.arange(1, topics + 1) ** 0.6
    first = rng.choice(topics, size=len(world.actor), p=share / share.sum())
    second = rng.choice(topics, size=len(world.actor), p=share / share.sum())
    draw = rng.random(len(world.actor))
    tags = [
        [] if d >= tagged else ([names[a]] if d < 0.8 * tagged or a == b else [names[a], names[b]])
        for d, a, b in zip(draw.tolist(), first.tolist(), second.tolist(), strict=True)
    ]
    received = np.bincount(world.target, minlength=len(world.account_network))
    middle = np.argsort(received)[len(received) // 2 :]
    chosen = rng.choice(middle, size=topics * experts, replace=False).reshape(topics, experts)
    extra_actor, extra_target, extra_tags = [], [], []
    for topic, accounts in zip(names, chosen.tolist(), strict=True):
        for account in accounts:
            for i in np.flatnonzero(world.target == account).tolist():
                if rng.random() < 0.8:
                    tags[i] = [topic]
            net = world.account_network[account]
            on_net = [i for i, n in enumerate(world.account_network) if n == net and i != account]
            extra_actor += rng.choice(on_net, size=boost).tolist()
            extra_target += [account] * boost
            extra_tags += [[topic]] * boost
    end = int(END.timestamp())
    return replace(
        world,
        actor=np.concatenate([world.actor, extra_actor]),
        target=np.concatenate([world.target, extra_target]),
        kind=np.concatenate([world.kind, rng.choice(len(KINDS), size=len(extra_actor))]),
        at=np.concatenate([world.at, end - rng.integers(0, 30 * 86400, size=len(extra_actor))]),
        topics=tags + extra_tags,
        topic_experts=dict(zip(names, chosen.tolist(), strict=True)),
    )


ACCOUNTS = """
UNWIND $rows AS row
MERGE (p:Person {person_id: row.person}) ON CREATE SET p.name = row.person
MERGE (a:Account {network: row.network, handle: row.handle})
MERGE (p)-[:OWNS]->(a)
"""
EVENTS = """
UNWIND $rows AS row
MATCH (a:Account {network: row.network, handle: row.actor})
MATCH (b:Account {network: row.network, handle: row.target})
CREATE (a)-[r:$(row.kind)]->(b)
SET r.at = datetime({epochSeconds: row.at}), r.network = row.network, r.event_id = row.id,
    r.count = 1, r.topics = row.topics, r.self = false
"""


def load(db: Database, world: World, first_event: int = 0, batch: int = 20000) -> None:
    """Write the world's people, accounts and events (from ``first_event`` on) to ``db``."""
    n_accounts = len(world.account_handle)
    for start in range(0, n_accounts, batch):
        rows = [
            {
                "person": world.person_of(i),
                "network": world.account_network[i],
                "handle": world.account_handle[i],
            }
            for i in range(start, min(start + batch, n_accounts))
        ]
        db.write(ACCOUNTS, rows=rows)
    for start in range(first_event, len(world.actor), batch):
        db.write(EVENTS, rows=_events(world, start, min(start + batch, len(world.actor))))


def _events(world: World, start: int, stop: int) -> list[dict[str, Any]]:
    return [
        {
            "network": world.account_network[a],
            "actor": world.account_handle[a],
            "target": world.account_handle[b],
            "kind": str(KINDS[k]),
            "at": int(t),
            "id": f"e{i}",
            "topics": world.topics[i] if world.topics is not None else [],
        }
        for i, a, b, k, t in zip(
            range(start, stop),
            world.actor[start:stop].tolist(),
            world.target[start:stop].tolist(),
            world.kind[start:stop].tolist(),
            world.at[start:stop].tolist(),
            strict=True,
        )
    ]


def bulk_load(world: World) -> float:
    """Load ``world``'s interactions through the bulk path (an empty managed database): written
    as a CSV file, then ``clout load --bulk`` on it; the seconds of the load alone."""
    handle = np.asarray(world.account_handle, dtype=object)
    network = np.asarray(world.account_network, dtype=object)
    frame = pd.DataFrame(
        {
            "actor": handle[world.actor],
            "target": handle[world.target],
            "type": KINDS[world.kind],
            "timestamp": world.at.astype(np.int64),
            "network": network[world.actor],
            "event_id": np.arange(len(world.actor)),
            "topics": [";".join(t) for t in world.topics or [[]] * len(world.actor)],
        }
    )
    with tempfile.TemporaryDirectory(prefix="clout-bench-") as tmp:
        path = Path(tmp) / "interactions.csv"
        frame.to_csv(path, index=False)
        tick = time.perf_counter()
        run_load(ConnectionSettings.from_env(), path, LoadOptions(), bulk=True)
        return time.perf_counter() - tick
