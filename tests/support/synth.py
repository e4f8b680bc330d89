"""Synthetic worlds for model tests and benchmarks (not part of the package).

Shape fitted loosely to the real sets in ``../shared/data``: heavy-tailed (log-normal) account
popularity and activity, several networks, people with accounts on one to three of them, and
interactions spread uniformly over the days before ``end``. A like-farm can be planted: ``k``
new accounts that all like each other and one beneficiary (an existing account of about median
popularity); so can topic experts. Tests and benchmarks need these planted truths, which
``clout generate``'s worlds do not have in this form; the worlds are written as an identity file
and an interactions file in the canonical format and loaded through ``clout.loader`` like any
other data (``load``; ``bulk_load`` for the bulk path).
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from clout import config
from clout.db import Database
from clout.loader import LoadOptions, load_accounts, load_interactions, run_load
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
    beneficiary = on_net[int(np.argsort(received, kind="stable")[len(received) // 2])]
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
    Per topic, ``experts`` accounts of about median popularity (each of its own person) are
    planted: 80 % of what they receive is re-tagged with their topic, and ``boost`` more events
    about it reach each of them from random accounts of their network in the last 30 days.
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
    chosen = _median_people(world, topics * experts, rng).reshape(topics, experts)
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


def _median_people(world: World, n: int, rng: np.random.Generator) -> np.ndarray:
    """The busiest accounts of ``n`` people of about median popularity (the middle fifth of
    people by interactions received on all their accounts): a planted expert is one person,
    not already popular on every topic."""
    received = np.bincount(world.target, minlength=len(world.account_network))
    owner = np.asarray(world.account_owner)
    per_person = np.bincount(owner, weights=received, minlength=len(world.people))
    order = np.argsort(per_person, kind="stable")  # the default sort orders ties by CPU
    band = order[len(order) * 2 // 5 : len(order) * 3 // 5]
    if len(band) < n:
        raise ValueError(f"{n} experts asked, {len(band)} people of median popularity")
    people = rng.choice(band, size=n, replace=False)
    busiest = np.lexsort((np.arange(len(owner)), -received, owner))  # per owner, busiest first
    first = busiest[np.searchsorted(owner[busiest], people)]
    return np.asarray(first, dtype=np.int64)


def write(world: World, folder: Path, first_event: int = 0) -> tuple[Path, Path]:
    """The world as an identity file (every account with its person) and an interactions file
    (its events from ``first_event`` on, event ids ``e<index>``) in ``folder``."""
    accounts = folder / "accounts.csv"
    pd.DataFrame(
        {
            "person_id": [world.person_of(i) for i in range(len(world.account_handle))],
            "network": world.account_network,
            "handle": world.account_handle,
            "name": [world.person_of(i) for i in range(len(world.account_handle))],
        }
    ).to_csv(accounts, index=False)
    interactions = folder / "interactions.csv"
    _events(world, first_event).to_csv(interactions, index=False)
    return accounts, interactions


def _events(world: World, first: int = 0) -> pd.DataFrame:
    handle = np.asarray(world.account_handle, dtype=object)
    network = np.asarray(world.account_network, dtype=object)
    actor, target = world.actor[first:], world.target[first:]
    topics = world.topics[first:] if world.topics is not None else [[]] * len(actor)
    return pd.DataFrame(
        {
            "actor": handle[actor],
            "target": handle[target],
            "type": KINDS[world.kind[first:]],
            "timestamp": world.at[first:].astype(np.int64),
            "network": network[actor],
            "event_id": [f"e{i}" for i in range(first, len(world.actor))],
            "topics": [";".join(t) for t in topics],
        }
    )


def load(db: Database, world: World, first_event: int = 0, batch: int = 20_000) -> None:
    """Load the world's people and accounts, and its events from ``first_event`` on, into
    ``db`` through ``clout.loader`` (the identity file first, so that no automatic person is
    made for an account the world gives a person)."""
    with tempfile.TemporaryDirectory(prefix="clout-synth-") as tmp:
        accounts, interactions = write(world, Path(tmp), first_event)
        load_accounts(db, accounts)
        if first_event < len(world.actor):
            load_interactions(db, interactions, LoadOptions(batch_size=batch), config.load().kinds)


def bulk_load(world: World) -> float:
    """Load ``world``'s interactions through the bulk path (an empty managed database): written
    as a CSV file, then ``clout load --bulk`` on it; the seconds of the load alone."""
    with tempfile.TemporaryDirectory(prefix="clout-bench-") as tmp:
        path = Path(tmp) / "interactions.csv"
        _events(world).to_csv(path, index=False)
        tick = time.perf_counter()
        run_load(ConnectionSettings.from_env(), path, LoadOptions(), config.load().kinds, bulk=True)
        return time.perf_counter() - tick
