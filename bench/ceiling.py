"""The server's own ceiling for online relationship creation, without clout in the way.

    python -m bench.ceiling --rows 400000 --batch 20000 --runs 3 [--like interactions.csv]

Creates bench accounts, then relationships between them with batched ``UNWIND`` over Bolt (a
batch as columns, a list per field, as the loader sends it), in variants from a bare
``CREATE (a)-[:T]->(b)`` (endpoints by internal id, no properties, no index) to the loader's
own query on the lean record (``at``, ``eid``, the uniqueness constraint, the ``at`` index and
the duplicate check), each with one session writing and with two at once (as the loader's
writers). Event keys are clout.eventkey's hashes of event ids (random 64-bit keys: index
inserts land all over the index, as a real load's do, where sequential keys would append) and
times spread over 90 days. Given the file a load reads (``--like``), the rows are that file's
own: one bench account per account it names, each row between that row's two accounts, with
its count and topics, so the server does the work the load asks of it (where the endpoints
fall decides how many records a row touches: the file's spread costs the server 10-20 % more
per row than endpoints piled on a few hubs, measured in docs/benchmarks.md; a topic list costs
it a dynamic array per event). Without a file, actors are uniform over 100,000 accounts and
targets Pareto-distributed (most rows on a few hubs). The point: the online loader's rate cannot
beat the lean variant on the same server, so the gap shows how much of a load's time is Neo4j
and how much is clout (``bench.load`` measures it in the same run as the loads).

``bench.load`` also measures it in place (:func:`measure_in_place`): the loader's own query
file, a query per kind, on the file's rows between the accounts the database holds (fresh
nodes only for those it does not hold yet), into the kinds' own types, their constraints and
indexes holding what the database holds; the events it made are removed by key afterwards.
Beside a loaded database that is what a load asks of the server: into a database holding 10M,
accounts with thousands of relationships and indexes of millions of keys cost the server more
per row than fresh nodes and an empty index (measured in docs/benchmarks.md). Uses CLOUT_HOME's
managed server; removes only what it made. Reports go to
``bench/results/ceiling-<timestamp>.{json,md}``.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import random
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clout import config, cypher
from clout.connection import connect
from clout.db import Column, Database, in_parallel
from clout.eventkey import event_keys
from clout.loader.validate import handle
from clout.loader.writer import FIELDS, ensure_event_constraints, write_accounts
from clout.settings import ConnectionSettings

RESULTS = Path(__file__).parent / "results"
ACCOUNTS = 100_000
# A batch goes as columns, a list per field (as the loader sends it: load/interactions.cypher).
ENDS = (
    "UNWIND range(0, size($eid) - 1) AS i "
    "MATCH (a) WHERE id(a) = $actor[i] MATCH (b) WHERE id(b) = $target[i] "
)
# The loader's query (load/interactions.cypher) on the lean record: at, eid, and count, topics
# and event id text left unset (null) as for most events; the duplicate check is an index seek
# on the eid uniqueness constraint, and `at` has its range index, as every kind has.
LEAN = (
    ENDS + "WITH a, b, i WHERE NOT EXISTS { MATCH ()-[t:T {eid: $eid[i]}]->() "
    "USING INDEX SEEK t:T(eid) } "
    "CREATE (a)-[:T {at: $at[i], eid: $eid[i], count: $count[i], topics: $topics[i], "
    "event_id: $event_id[i]}]->(b)"
)
WRITERS = (1, 2)
VARIANTS = {
    "bare": ENDS + "CREATE (a)-[:T]->(b)",
    "one property": ENDS + "CREATE (a)-[:T {at: $at[i]}]->(b)",
    "lean record + duplicate check": LEAN,
}
DROP = "MATCH (n:BenchAccount) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 20000 ROWS"
# What the in-place ceiling made in a kind's own type: its events, by their keys.
REMOVE = "UNWIND $eid AS k MATCH ()-[r:`KIND` {eid: k}]->() USING INDEX SEEK r:`KIND`(eid) DELETE r"


def _reset(db: Database, accounts: int) -> list[int]:
    """``accounts`` fresh bench accounts (and no T relationships); the rest of the database is
    left alone, so the ceiling can be measured beside loaded data."""
    with db.session() as session:
        session.run(DROP).consume()
        session.run(
            "CREATE CONSTRAINT bench_t_eid IF NOT EXISTS FOR ()-[r:T]-() REQUIRE r.eid IS UNIQUE"
        ).consume()
        session.run("CREATE INDEX bench_t_at IF NOT EXISTS FOR ()-[r:T]-() ON (r.at)").consume()
        session.run("UNWIND range(0, $n - 1) AS i CREATE (:BenchAccount {k: i})", n=accounts)
        ids = session.run("MATCH (a:BenchAccount) RETURN collect(id(a)) AS ids").single()
    assert ids is not None
    return list(ids["ids"])


def clean(db: Database) -> None:
    """Remove what :func:`measure` made."""
    with db.session() as session:
        session.run(DROP).consume()
        session.run("DROP CONSTRAINT bench_t_eid IF EXISTS").consume()
        session.run("DROP INDEX bench_t_at IF EXISTS").consume()


@dataclass(frozen=True)
class Like:
    """The rows of a file a load reads: per row its two accounts (numbered from 0 in order of
    appearance), its count (None for 1) and its topics (None for none), as the load stores them."""

    accounts: int
    actors: list[int]
    targets: list[int]
    counts: list[float | None]
    topics: list[list[str] | None]
    keys: list[tuple[str, str]]  # (network, handle as stored) per account number
    kinds: list[str]  # per row, the kind as the load resolves it

    def first(self, total: int | None) -> Like:
        """The first ``total`` rows (None: all), as :func:`file_rows` would read them: accounts
        are numbered in order of appearance, so those of the first rows come first."""
        if total is None or total >= len(self.actors):
            return self
        actors, targets = self.actors[:total], self.targets[:total]
        accounts = max(max(actors), max(targets)) + 1
        return Like(
            accounts,
            actors,
            targets,
            self.counts[:total],
            self.topics[:total],
            self.keys[:accounts],
            self.kinds[:total],
        )


def file_rows(path: Path, total: int | None) -> Like:
    """The first ``total`` rows (None: all) of a generated interactions file (``actor``,
    ``target``, ``type``, ``network``, ``count``, ``topics`` columns)."""
    allowed = config.load().kinds
    numbers: dict[tuple[str, str], int] = {}
    actors: list[int] = []
    targets: list[int] = []
    counts: list[float | None] = []
    topics: list[list[str] | None] = []
    kinds: list[str] = []
    with path.open(newline="") as file:
        for row in csv.DictReader(file):
            if total is not None and len(actors) == total:
                break
            network = row.get("network") or ""
            for end, numbered in (("actor", actors), ("target", targets)):
                key = (network, handle(row[end], end))
                numbered.append(numbers.setdefault(key, len(numbers)))
            count = float(row["count"] or 1)
            counts.append(None if count == 1 else count)
            topics.append(row["topics"].split(";") if row["topics"] else None)
            kinds.append(allowed.check(allowed.resolve(row["type"]) or row["type"]))
    if not actors:
        raise SystemExit(f"{path} has no interactions to take the rows from")
    return Like(len(numbers), actors, targets, counts, topics, list(numbers), kinds)


def _rows(
    ids: list[int], count: int, rng: random.Random, first: int, like: Like | None
) -> dict[str, list[Any]]:
    """One batch as columns (the loader's :data:`clout.loader.writer.FIELDS`): rows ``first``
    on of ``like`` (again from its start when it has fewer), else synthetic ones."""
    keys = event_keys([f"bench:{event}" for event in range(first, first + count)])
    batch: dict[str, list[Any]] = {name: Column() for name in FIELDS}
    for offset, eid in enumerate(keys.tolist()):
        at = 1_700_000_000 + rng.randrange(90 * 86_400)
        if like:
            i = (first + offset) % len(like.actors)
            actor, target = ids[like.actors[i]], ids[like.targets[i]]
            n, topics = like.counts[i], like.topics[i]
        else:
            actor = rng.choice(ids)
            target = ids[min(int(rng.paretovariate(1.2)) - 1, len(ids) - 1)]
            n, topics = None, None
        row = (actor, target, at, eid, n, topics, None)
        for name, value in zip(FIELDS, row, strict=True):
            batch[name].append(value)
    return batch


def measure(
    db: Database,
    query: str,
    total: int,
    batch: int,
    seed: int,
    writers: int = 1,
    like: Like | None = None,
) -> float:
    """Rows per second creating ``total`` relationships in batches (data prepared up front),
    ``writers`` sessions at once (``like``: the rows of a file, else synthetic ones)."""
    ids = _reset(db, like.accounts if like else ACCOUNTS)
    rng = random.Random(seed)
    batches = [
        _rows(ids, min(batch, total - start), rng, start, like) for start in range(0, total, batch)
    ]
    tick = time.perf_counter()

    def write(columns: dict[str, list[Any]]) -> None:
        with db.session() as session:
            session.execute_write(lambda tx: tx.run(query, columns).consume())

    for _ in in_parallel(write, batches, writers):
        pass
    return total / (time.perf_counter() - tick)


def _accounts_in_place(db: Database, keys: list[tuple[str, str]]) -> list[int]:
    """The internal ids of the accounts ``keys`` names (the loader's own look-up), a fresh
    bench node for each one the database does not hold (yet)."""
    found = _held(db, keys)
    missing = [i for i in range(len(keys)) if i not in found]
    with db.session() as session:
        made = session.run(
            "UNWIND $k AS k CREATE (n:BenchAccount {k: k}) RETURN collect([k, id(n)]) AS made",
            k=missing,
        ).single(strict=True)["made"]
    found |= dict(made)
    return [found[i] for i in range(len(keys))]


def measure_in_place(db: Database, like: Like, total: int, batch: int, writers: int = 1) -> float:
    """Rows per second for the loader's own query (``load/interactions.cypher``, a query per
    kind of a batch) on the file's own rows, between the accounts the database holds (a fresh
    node for each it does not hold yet) and into the kinds' own types, their uniqueness
    constraints and ``at`` indexes holding what the database holds: the server's rate for the
    load's writes where the load makes them. The bench events are removed afterwards (by key),
    and the bench nodes; a run that leaves the database with other numbers of nodes and
    relationships than it found is an error."""
    kinds = config.load().kinds
    ensure_event_constraints(db, kinds)  # as the load does before it writes
    with db.session() as session:
        session.run(DROP).consume()  # what an interrupted run left
    before = _sizes(db)
    ids = _accounts_in_place(db, like.keys)
    queries = {kind: cypher.for_kind("load/interactions", kind, kinds) for kind in kinds.allowed}
    batches: list[dict[str, dict[str, list[Any]]]] = []
    made: dict[str, list[int]] = {}
    rng = random.Random(0)
    for first in range(0, total, batch):
        keys = event_keys([f"bench:{e}" for e in range(first, min(first + batch, total))])
        by_kind: dict[str, dict[str, list[Any]]] = {}
        for offset, eid in enumerate(keys.tolist()):
            i = (first + offset) % len(like.actors)
            at = 1_700_000_000 + rng.randrange(90 * 86_400)
            row = (
                ids[like.actors[i]],
                ids[like.targets[i]],
                at,
                eid,
                like.counts[i],
                like.topics[i],
                None,
            )
            columns = by_kind.setdefault(like.kinds[i], {name: Column() for name in FIELDS})
            for name, value in zip(FIELDS, row, strict=True):
                columns[name].append(value)
            made.setdefault(like.kinds[i], []).append(eid)
        batches.append(by_kind)

    def write(by_kind: dict[str, dict[str, list[Any]]]) -> int:
        def work(tx: Any) -> int:
            return sum(
                int(tx.run(queries[kind], columns).single(strict=True)["created"])
                for kind, columns in by_kind.items()
            )

        with db.session() as session:
            return int(session.execute_write(work))

    tick = time.perf_counter()
    try:
        created = sum(in_parallel(write, batches, writers))
        seconds = time.perf_counter() - tick
    finally:
        for kind, eids in made.items():
            remove = REMOVE.replace("KIND", kinds.check(kind))
            for start in range(0, len(eids), 20_000):
                db.write(remove, eid=eids[start : start + 20_000])
        with db.session() as session:
            session.run(DROP).consume()
    if created != total:  # a rate of rows not written would flatter the server
        raise RuntimeError(f"the ceiling created {created:,} of its {total:,} rows")
    if (after := _sizes(db)) != before:
        raise RuntimeError(f"the ceiling left {after} (nodes, relationships), found {before}")
    return total / seconds


# The network of warm_accounts' accounts (none of a generated world's networks).
WARM_NETWORK = "clout-bench-warm"
REMOVE_WARM = (
    "MATCH (p:Person)-[:OWNS]->(a:Account {network: $network}) "
    "CALL (p, a) { DETACH DELETE p, a } IN TRANSACTIONS OF 10000 ROWS"
)


def warm_accounts(like: Like) -> float:
    """Create as many accounts as ``like`` names, each with its automatic person, by the
    loader's own path (``write_accounts``, without look-ups when the database holds no account,
    as a load does), then remove them; seconds the creation took. Untimed in ``bench.load``:
    the ceilings' warm-up pass compiles the server's path for relationships, not for accounts,
    so without this the load meets that path cold (on a freshly started server the first
    126,000 accounts took 12-20 s, the next as many 4-6 s: docs/benchmarks.md). A run that
    leaves other numbers of nodes and relationships than it found is an error."""
    return _timed_accounts([], len(like.keys))


def account_seconds(like: Like) -> float:
    """The server's seconds for the accounts a load of ``like``'s file meets, by the loader's
    own path (``write_accounts``: two sessions, batches of 10,000): the file's accounts that the
    database holds are looked up, and as many new accounts as it lacks are created, each with
    its automatic person (no look-ups when the database holds no account, as a load does); the
    new ones are removed afterwards. With the whole-file ceiling, the server's own time for all
    that a load of the file writes (``bench.load``'s whole-load ceiling)."""
    with connect(ConnectionSettings.from_env()) as db:
        held = [like.keys[i] for i in _held(db, like.keys)]
    return _timed_accounts(held, len(like.keys) - len(held))


def _held(db: Database, keys: list[tuple[str, str]]) -> dict[int, int]:
    """The internal ids of the accounts of ``keys`` that the database holds, by their position
    in ``keys`` (the loader's own look-up)."""
    found: dict[int, int] = {}
    query = cypher.load("load/accounts_found")
    for start in range(0, len(keys), 10_000):
        chunk = keys[start : start + 10_000]
        networks, handles = Column(k[0] for k in chunk), Column(k[1] for k in chunk)
        got = db.read(query, networks=networks, handles=handles)[0]
        found |= {start + i: account for i, account in zip(got["at"], got["id"], strict=True)}
    return found


def _timed_accounts(held: list[tuple[str, str]], new: int) -> float:
    """Seconds ``write_accounts`` takes for the accounts ``held`` (which the database holds)
    and ``new`` accounts it does not, which are removed afterwards. A run that leaves other
    numbers of nodes and relationships than it found is an error."""
    with connect(ConnectionSettings.from_env(), schema=True) as db:
        before = _sizes(db)
        fresh = db.read("@load/counts")[0]["accounts"] == 0
        accounts = set(held) | {(WARM_NETWORK, f"w{i}") for i in range(new)}
        tick = time.perf_counter()
        write_accounts(db, accounts, fresh=fresh)
        seconds = time.perf_counter() - tick
        with db.session() as session:  # CALL ... IN TRANSACTIONS needs an implicit transaction
            session.run(REMOVE_WARM, network=WARM_NETWORK).consume()
        if (after := _sizes(db)) != before:
            raise RuntimeError(f"the accounts left {after} (nodes, relationships), found {before}")
    return seconds


def _sizes(db: Database) -> tuple[int, int]:
    """(nodes, relationships) in the database (from the server's counts: no scan)."""
    row = db.read(
        "CALL () { MATCH (n) RETURN count(n) AS nodes } "
        "CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships } "
        "RETURN nodes, relationships"
    )[0]
    return int(row["nodes"]), int(row["relationships"])


def lean_ceiling(
    total: int | None = 400_000,
    batch: int = 20_000,
    seed: int = 0,
    writers: int = 1,
    like: Like | None = None,
    in_place: bool = False,
) -> float:
    """The server's own rate for the loader's query on the lean record with ``writers``
    sessions at once, beside whatever the database holds now (what ``bench.load`` compares the
    online loader with); ``like``: the rows of the interactions file (:func:`file_rows`) whose
    endpoints, counts and topics the ceiling writes; ``in_place`` (with ``like``): between that
    file's accounts where the database holds them and into the kinds' own types
    (:func:`measure_in_place`), else between fresh bench nodes into a bench type of its own.
    ``total`` None: all the file's rows (a ceiling as long as the load of that file)."""
    rows = like.first(total) if like else None
    if total is None:
        if rows is None:
            raise ValueError("a ceiling of all the rows needs the file: give like")
        total = len(rows.actors)
    with connect(ConnectionSettings.from_env()) as db:
        if in_place:
            if rows is None:
                raise ValueError("the in-place ceiling writes a file's rows: give like")
            return measure_in_place(db, rows, total, batch, writers)
        try:
            return measure(db, LEAN, total, batch, seed, writers, rows)
        finally:
            clean(db)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=400_000)
    parser.add_argument("--batch", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--like",
        type=Path,
        help="an interactions file whose rows (endpoints, counts, topics) the ceiling writes",
    )
    args = parser.parse_args()
    rows = file_rows(args.like, args.rows) if args.like else None
    report: dict[str, Any] = {
        "rows": args.rows,
        "batch": args.batch,
        "machine": platform.platform(),
        "variants": {},
    }
    with connect(ConnectionSettings.from_env(), schema=True) as db:
        for variant, query in VARIANTS.items():
            for writers in WRITERS:
                name = f"{variant}, {writers} writer{'s' if writers > 1 else ''}"
                rates = [
                    measure(db, query, args.rows, args.batch, seed, writers, rows)
                    for seed in range(args.runs)
                ]
                report["variants"][name] = {
                    "min": min(rates),
                    "median": statistics.median(rates),
                    "max": max(rates),
                }
                print(f"{name}: " + " / ".join(f"{r:,.0f}" for r in sorted(rates)) + " rows/s")
        clean(db)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"ceiling-{stamp}.json").write_text(json.dumps(report, indent=2))
    lines = [
        f"# Online write ceiling ({args.rows:,} rows, batches of {args.batch:,})",
        "",
        f"Machine: {report['machine']}.",
        "",
        "| variant | min | median | max |",
        "|---|---|---|---|",
    ]
    for name, r in report["variants"].items():
        lines.append(f"| {name} | {r['min']:,.0f} | {r['median']:,.0f} | {r['max']:,.0f} |")
    (RESULTS / f"ceiling-{stamp}.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
