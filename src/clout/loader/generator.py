"""``clout generate``: a synthetic social world for demos, tests and benchmarks.

People have a heavy-tailed (lognormal) audience and activity, belong to communities with a
topic, hold accounts on several networks, and interact along daily rhythms with bursty days.
Optionally a like-farm: fresh accounts that like each other and, many times, one beneficiary
(the farms ``clout evaluate`` plants; a farm whose accounts like only the beneficiary is
indistinguishable from real fans in interaction data, see docs/evidence.md). Everything is
drawn from one seeded numpy generator and written in chunks, so a seed gives byte-identical
files and 10M+ interactions never sit in memory at once. The shape parameters are fitted to
the real sets in ``../shared/data`` by ``bench/fit_generator.py`` (see docs/loading.md).

Files written to the output folder: ``interactions.csv`` (canonical format), ``accounts.csv``
(identity file) and ``world.json`` (the planted truth: communities, topics, farm, experts).
"""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from clout.errors import InputError
from clout.progress import Progress

log = logging.getLogger(__name__)
NETWORKS = ("twitter", "reddit", "mastodon", "bluesky", "instagram", "youtube", "tiktok", "threads")
TOPICS = (
    "politics",
    "sports",
    "music",
    "science",
    "tech",
    "gaming",
    "food",
    "travel",
    "fashion",
    "finance",
    "health",
    "movies",
    "books",
    "art",
    "climate",
    "education",
    "crypto",
    "cars",
    "pets",
    "photography",
    "history",
    "space",
    "law",
    "parenting",
)
KINDS = ("LIKED", "SHARED", "REPLIED_TO", "MENTIONED", "COMMENTED_ON")
KIND_P = (0.45, 0.2, 0.15, 0.12, 0.08)
# Hour-of-day profile (UTC), low at night, peaks at lunch and evening.
HOURS = np.array(
    [3, 2, 1.5, 1, 1, 1.5, 3, 5, 6, 6, 6.5, 7, 8, 7, 6.5, 6.5, 7, 8, 9, 10, 10, 8, 6, 4]
)
START = 1_704_067_200  # 2024-01-01T00:00:00Z
CHUNK = 1_000_000


@dataclass(frozen=True)
class WorldSpec:
    """What to generate. ``sigma_*`` shape the lognormal audience and activity."""

    people: int = 10_000
    interactions: int = 100_000
    networks: int = 2
    days: int = 90
    seed: int = 1
    farm_size: int = 0
    sigma_audience: float = 1.6
    sigma_activity: float = 1.8
    in_community: float = 0.8
    second_network: float = 0.4

    def check(self) -> None:
        if self.people < 2 or self.interactions < 1 or self.days < 1:
            raise InputError("--people must be >= 2, --interactions >= 1 and --days >= 1")
        if not 1 <= self.networks <= len(NETWORKS):
            raise InputError(f"--networks must be between 1 and {len(NETWORKS)}")
        if self.farm_size < 0 or _farm_rows(self) * 2 > self.interactions:
            raise InputError(
                "--farm-size must be >= 0, and the farm's likes (size * (size - 1 + likes of "
                "the beneficiary)) at most half of --interactions"
            )


class World:
    """The people side of a world: communities, weights, accounts, experts, farm."""

    def __init__(self, spec: WorldSpec) -> None:
        self.spec = spec
        self.rng = np.random.default_rng(spec.seed)
        n, rng = spec.people, self.rng
        self.n_comm = max(1, round(float(np.sqrt(n)) / 3))
        comm_weight = rng.lognormal(0, 1.0, self.n_comm)
        self.community = rng.choice(self.n_comm, size=n, p=comm_weight / comm_weight.sum())
        self.audience = rng.lognormal(0, spec.sigma_audience, n)
        self.activity = rng.lognormal(0, spec.sigma_activity, n)
        self.cum_activity = np.cumsum(self.activity)
        self.has = rng.random((n, spec.networks)) < spec.second_network
        self.has[:, 0] = True
        self.topic_of = np.array([TOPICS[c % len(TOPICS)] for c in range(self.n_comm)])
        experts = rng.choice(n, size=min(n, max(1, min(24, self.n_comm))), replace=False)
        self.expert_topic = {int(p): TOPICS[i % len(TOPICS)] for i, p in enumerate(experts)}
        # A topic expert is sought after: at least the audience of the 99th percentile.
        self.audience[experts] = np.maximum(
            self.audience[experts], np.quantile(self.audience, 0.99)
        )
        self._audience_index()
        self.farm = np.arange(n, n + spec.farm_size)
        self.beneficiary = int(rng.integers(n)) if spec.farm_size else None
        day_w = np.ones(spec.days) + (rng.random(spec.days) < 0.08) * rng.uniform(2, 6, spec.days)
        self.day_p = day_w / day_w.sum()
        self.hour_p = HOURS / HOURS.sum()

    def _audience_index(self) -> None:
        """Cumulative audience weights, overall and per community (for drawing targets)."""
        self.cum_audience = np.cumsum(self.audience)
        self.order = np.argsort(self.community, kind="stable")
        self.cum_sorted = np.cumsum(self.audience[self.order])
        bounds = np.searchsorted(self.community[self.order], np.arange(self.n_comm + 1))
        self.seg_lo = np.where(
            bounds[:-1] > 0, self.cum_sorted[np.maximum(bounds[:-1] - 1, 0)], 0.0
        )
        self.seg_hi = self.cum_sorted[np.maximum(bounds[1:] - 1, 0)]

    def targets(self, actors: np.ndarray) -> np.ndarray:
        """Targets for ``actors``: mostly in the actor's community, by audience weight."""
        rng, size = self.rng, len(actors)
        inside = rng.random(size) < self.spec.in_community
        comm = self.community[actors]
        lo, hi = self.seg_lo[comm], self.seg_hi[comm]
        u_in = lo + rng.random(size) * (hi - lo)
        pos = np.minimum(np.searchsorted(self.cum_sorted, u_in, side="right"), len(self.order) - 1)
        local = self.order[pos]
        u_all = rng.random(size) * self.cum_audience[-1]
        glob = np.minimum(
            np.searchsorted(self.cum_audience, u_all, side="right"), self.spec.people - 1
        )
        chosen: np.ndarray[Any, Any] = np.where(inside, local, glob)
        return chosen

    def times(self, size: int) -> np.ndarray:
        rng = self.rng
        day = rng.choice(self.spec.days, size=size, p=self.day_p)
        hour = rng.choice(24, size=size, p=self.hour_p)
        moments: np.ndarray[Any, Any] = (
            START + day * 86_400 + hour * 3_600 + rng.integers(0, 3_600, size)
        )
        return moments


def _handles(people: np.ndarray) -> pa.Array:
    return pc.binary_join_element_wise("u", pa.array(people).cast(pa.string()), "")


def _chunk(world: World, size: int, first: int) -> pa.Table:
    """``size`` ordinary interactions, event ids from ``first`` on."""
    rng, spec = world.rng, world.spec
    u = rng.random(size) * world.cum_activity[-1]
    actors = np.minimum(np.searchsorted(world.cum_activity, u, side="right"), spec.people - 1)
    targets = world.targets(actors)
    net = np.where(rng.random(size) < 0.6, 0, rng.integers(0, spec.networks, size))
    ok = world.has[actors, net] & world.has[targets, net]
    net = np.where(ok, net, 0)
    kinds = rng.choice(len(KINDS), size=size, p=KIND_P)
    topics = np.where(rng.random(size) < 0.7, world.topic_of[world.community[targets]], "")
    for person, topic in world.expert_topic.items():
        topics[targets == person] = topic
    return _table(world, actors, targets, kinds, world.times(size), net, topics, first)


def _per_member(spec: WorldSpec) -> int:
    """Likes of the beneficiary per farm member: up to 50, at most 5 % of all interactions for
    the whole farm."""
    return max(1, min(50, spec.interactions // (20 * max(1, spec.farm_size))))


def _farm_rows(spec: WorldSpec) -> int:
    """The farm's likes: each member likes every other member once, and the beneficiary."""
    return spec.farm_size * (spec.farm_size - 1) + spec.farm_size * _per_member(spec)


def _farm_chunk(world: World, first: int) -> pa.Table:
    """The like-farm: every member likes every other member once and the beneficiary many
    times, within a few days."""
    rng, spec = world.rng, world.spec
    members = world.farm
    first_of, second_of = np.meshgrid(members, members, indexing="ij")
    other = first_of != second_of
    boost = _per_member(spec)
    actors = np.concatenate([first_of[other], np.repeat(members, boost)])
    targets = np.concatenate([second_of[other], np.full(len(members) * boost, world.beneficiary)])
    size = len(actors)
    start = START + int(rng.integers(0, max(1, spec.days - 3))) * 86_400
    times = start + rng.integers(0, 3 * 86_400, size)
    kinds = np.zeros(size, dtype=np.int64)  # LIKED
    return _table(
        world,
        actors,
        targets,
        kinds,
        times,
        np.zeros(size, dtype=np.int64),
        np.full(size, "", dtype=object),
        first,
    )


def _table(
    world: World,
    actors: np.ndarray,
    targets: np.ndarray,
    kinds: np.ndarray,
    times: np.ndarray,
    net: np.ndarray,
    topics: np.ndarray,
    first: int,
) -> pa.Table:
    names = np.array(NETWORKS[: world.spec.networks])
    ids = pa.array(np.arange(first, first + len(actors))).cast(pa.string())
    return pa.table(
        {
            "actor": _handles(actors),
            "target": _handles(targets),
            "type": pa.array(np.array(KINDS)[kinds]),
            "timestamp": pa.array(times.astype(np.int64)),
            "network": pa.array(names[net]),
            "event_id": pc.binary_join_element_wise(f"s{world.spec.seed}-", ids, ""),
            "count": pa.array(np.ones(len(actors), dtype=np.int64)),
            "topics": pa.array(topics.astype(str)),
        }
    )


def _tables(world: World, ordinary: int) -> Iterator[pa.Table]:
    done = 0
    while done < ordinary:
        size = min(CHUNK, ordinary - done)
        yield _chunk(world, size, done)
        done += size
    if world.spec.farm_size:
        yield _farm_chunk(world, done)


def generate(spec: WorldSpec, out: Path, progress: Progress | None = None) -> dict[str, Any]:
    """Write the world of ``spec`` to ``out``; return the contents of ``world.json``."""
    spec.check()
    if out.exists() and not out.is_dir():
        raise InputError(f"-o {out} is a file; give a folder (the world is three files in it)")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"-o {out}: cannot create the folder ({exc.strerror or exc})") from exc
    world = World(spec)
    ordinary = spec.interactions - (_farm_rows(spec) if spec.farm_size else 0)
    tables = _tables(world, ordinary)
    first = next(tables)
    options = pacsv.WriteOptions(quoting_style="none")
    with pacsv.CSVWriter(out / "interactions.csv", first.schema, write_options=options) as sink:
        for chunk in itertools.chain([first], tables):
            sink.write_table(chunk)
            if progress:
                progress("generating", chunk.num_rows, spec.interactions)
    _write_accounts(world, out / "accounts.csv")
    truth = _truth(world)
    (out / "world.json").write_text(json.dumps(truth, indent=1) + "\n")
    return truth


def _write_accounts(world: World, path: Path) -> None:
    n = world.spec.people
    everyone = np.arange(n + world.spec.farm_size)
    has = np.vstack([world.has, np.zeros((world.spec.farm_size, world.spec.networks), bool)])
    has[n:, 0] = True
    person, net = np.nonzero(has)
    ids = pa.array(everyone[person]).cast(pa.string())
    table = pa.table(
        {
            "person_id": pc.binary_join_element_wise("p", ids, ""),
            "network": pa.array(np.array(NETWORKS[: world.spec.networks])[net]),
            "handle": pc.binary_join_element_wise("u", ids, ""),
            "name": pc.binary_join_element_wise("Person ", ids, ""),
        }
    )
    pacsv.write_csv(table, path, pacsv.WriteOptions(quoting_style="none"))


def _truth(world: World) -> dict[str, Any]:
    sizes = np.bincount(world.community, minlength=world.n_comm)
    spec = world.spec
    return {
        "spec": asdict(spec),
        "start": "2024-01-01T00:00:00Z",
        "networks": list(NETWORKS[: spec.networks]),
        "topics": sorted(set(world.topic_of.tolist())),
        "communities": [
            {"id": c, "topic": str(world.topic_of[c]), "size": int(sizes[c])}
            for c in range(world.n_comm)
        ],
        "experts": [
            {"person_id": f"p{p}", "handle": f"u{p}", "topic": t}
            for p, t in sorted(world.expert_topic.items())
        ],
        "farm": None
        if not spec.farm_size
        else {
            "network": NETWORKS[0],
            "members": [f"p{p}" for p in world.farm.tolist()],
            "member_handles": [f"u{p}" for p in world.farm.tolist()],
            "beneficiary": f"p{world.beneficiary}",
            "beneficiary_handle": f"u{world.beneficiary}",
        },
    }
