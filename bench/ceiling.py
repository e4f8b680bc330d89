"""The server's own ceiling for online relationship creation, without clout in the way.

    python -m bench.ceiling --rows 400000 --batch 100000 --runs 3

Creates accounts, then relationships between them with batched ``UNWIND`` over Bolt, in
variants from a bare ``CREATE (a)-[:T]->(b)`` (endpoints by internal id, no properties, no
index) to the loader's full shape (six properties, an event-id index, the duplicate check).
Endpoint degrees are Zipf-like, as in social data. The point: the online loader's rate cannot
beat the bare variant on the same server, so the gap to a target shows how much of it is Neo4j
and how much is clout. Uses CLOUT_HOME's managed server and EMPTIES its database. Reports go to
``bench/results/ceiling-<timestamp>.{json,md}``.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import time
from pathlib import Path
from typing import Any

from clout.connection import connect
from clout.db import Database, Tx
from clout.settings import ConnectionSettings

RESULTS = Path(__file__).parent / "results"
ACCOUNTS = 100_000
# The loader's relationship properties: at, network, event_id, count, topics, self.
PROPS = (
    "{at: datetime({epochMillis: r[2]}), network: r[3], event_id: r[4], count: r[5], "
    "topics: r[6], self: r[7]}"
)
ENDS = "UNWIND $rows AS r MATCH (a) WHERE id(a) = r[0] MATCH (b) WHERE id(b) = r[1] "
WIPE = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 50000 ROWS"
VARIANTS = {
    "bare": ENDS + "CREATE (a)-[:T]->(b)",
    "one property": ENDS + "CREATE (a)-[:T {at: datetime({epochMillis: r[2]})}]->(b)",
    "six properties": ENDS + f"CREATE (a)-[:T {PROPS}]->(b)",
    "six properties + duplicate check": ENDS
    + "WITH a, b, r WHERE NOT EXISTS { MATCH ()-[:T {event_id: r[4]}]->() } "
    + f"CREATE (a)-[:T {PROPS}]->(b)",
}


def _reset(db: Database) -> list[int]:
    with db.session() as session:
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 50000 ROWS"
        ).consume()
        session.run("CREATE INDEX bench_t_event IF NOT EXISTS FOR ()-[r:T]-() ON (r.event_id)")
        session.run("UNWIND range(0, $n - 1) AS i CREATE (:BenchAccount {k: i})", n=ACCOUNTS)
        ids = session.run("MATCH (a:BenchAccount) RETURN collect(id(a)) AS ids").single()
    assert ids is not None
    return list(ids["ids"])


def _rows(ids: list[int], count: int, rng: random.Random, first: int) -> list[list[Any]]:
    rows = []
    for i in range(count):
        target = ids[min(int(rng.paretovariate(1.2)) - 1, len(ids) - 1)]
        event = first + i
        rows.append(
            [
                rng.choice(ids),
                target,
                1_700_000_000_000 + event,
                "twitter",
                f"twitter:{event}",
                1,
                [],
                False,
            ]
        )
    return rows


def measure(db: Database, query: str, total: int, batch: int, seed: int) -> float:
    """Rows per second creating ``total`` relationships in batches (data prepared up front)."""
    ids = _reset(db)
    rng = random.Random(seed)
    batches = [_rows(ids, batch, rng, start) for start in range(0, total, batch)]
    tick = time.perf_counter()

    def write(tx: Tx, rows: list[list[Any]]) -> None:
        tx.run(query, rows=rows).consume()

    with db.session() as session:
        for rows in batches:
            session.execute_write(write, rows)
    return total / (time.perf_counter() - tick)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=400_000)
    parser.add_argument("--batch", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    report: dict[str, Any] = {
        "rows": args.rows,
        "batch": args.batch,
        "machine": platform.platform(),
        "variants": {},
    }
    with connect(ConnectionSettings.from_env(), schema=True) as db:
        for name, query in VARIANTS.items():
            rates = [measure(db, query, args.rows, args.batch, seed) for seed in range(args.runs)]
            report["variants"][name] = {
                "min": min(rates),
                "median": statistics.median(rates),
                "max": max(rates),
            }
            print(f"{name}: " + " / ".join(f"{r:,.0f}" for r in sorted(rates)) + " rows/s")
        with db.session() as session:
            session.run(WIPE).consume()
            session.run("DROP INDEX bench_t_event IF EXISTS")
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
