"""One transaction in flight or two: the scoring read and the history write, A/B.

    python -m bench.parallel --rounds 2 --rows 200000

On the world already in the database (NEO4J_URI, or CLOUT_HOME's managed server; load one
first, e.g. ``python -m bench.load --interactions 10000000 --runs 1 --bulk-only``), alternately
with one and with two transactions at once: reads the default scoring window (``events.read``,
as a run does) and writes ``--rows`` people's history and live values (``scoring/history.cypher``
through ``store.write_columns``; placeholder scores on a throw-away run, deleted afterwards; the
people's live values are overwritten, so use a benchmark database). Reports seconds per read and
rows per second per write, min / median / max, to ``bench/results/parallel-<stamp>.{json,md}``.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from clout import config
from clout.connection import connect
from clout.db import Database
from clout.scoring import events, runs, store
from clout.scoring.events import Owners
from clout.scoring.window import window_params
from clout.settings import ConnectionSettings

RESULTS = Path(__file__).parent / "results"


def time_read(db: Database, workers: int) -> float:
    """Seconds to read the default window's events (``workers`` queries at once)."""
    configured = config.load()
    cfg = configured.scoring
    window = runs.resolve_window(db, configured, runs.ScoreRequest())
    tick = time.perf_counter()
    owners = Owners.read(db)
    events.read(db, owners.ids, window_params(cfg, window), with_topics=False, workers=workers)
    return time.perf_counter() - tick


def time_write(db: Database, people: list[str], workers: int) -> float:
    """Rows per second writing ``people``'s history and live values on a throw-away run."""
    run_id = f"bench-parallel-{uuid.uuid4().hex[:8]}"
    n = len(people)
    columns: store.Columns = {
        "person": people,
        "score": [40] * n,
        "score_raw": [0.1] * n,
        "score_percentile": [50.0] * n,
        "sub": {"bench": [40] * n},
        "live": {"bench": [40] * n},
        "rank_networks": [[0]] * n,
        "rank_handles": [[p] for p in people],
        "ranks": [[0.3]] * n,
        "topics": [[]] * n,
        "topic_scores": [[]] * n,
        "topic_raws": [[]] * n,
    }
    db.write("CREATE (:ScoringRun {run_id: $run_id, status: 'bench'})", run_id=run_id)
    try:
        tick = time.perf_counter()
        store.write_columns(
            db,
            "@scoring/history",
            run_id,
            columns,
            n,
            "bench",
            lambda n: None,
            workers=workers,
            names=[],
            networks=["bench"],
            publish=True,
            publish_topics=False,
        )
        return n / (time.perf_counter() - tick)
    finally:
        store.run_auto(db, "@scoring/forget_run", run_id=run_id)
        db.write("MATCH (r:ScoringRun {run_id: $run_id}) DELETE r", run_id=run_id)


def _spread(values: list[float]) -> dict[str, float]:
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--rows", type=int, default=200_000, help="people per write")
    args = parser.parse_args()
    reads: dict[int, list[float]] = {1: [], 2: []}
    writes: dict[int, list[float]] = {1: [], 2: []}
    with connect(ConnectionSettings.from_env(), schema=True) as db:
        need = args.rows * 2 * args.rounds
        people = [
            r["p"] for r in db.read("MATCH (p:Person) RETURN p.person_id AS p LIMIT $n", n=need)
        ]
        if len(people) < need:
            raise SystemExit(f"the database has {len(people)} people; --rows needs {need}")
        for round_ in range(args.rounds):
            for workers in (1, 2):
                reads[workers].append(time_read(db, workers))
                start = (2 * round_ + workers - 1) * args.rows
                chunk = people[start : start + args.rows]
                writes[workers].append(time_write(db, chunk, workers))
                print(
                    f"round {round_ + 1}, {workers} at once: read {reads[workers][-1]:.1f} s, "
                    f"write {writes[workers][-1]:,.0f} rows/s",
                    flush=True,
                )
    stamp = datetime.now(UTC)
    result: dict[str, Any] = {
        "date": f"{stamp:%Y-%m-%d %H:%M} UTC",
        "machine": platform.platform(),
        "rows": args.rows,
        "rounds": args.rounds,
        "read_seconds": {str(w): _spread(v) for w, v in reads.items()},
        "write_rows_per_second": {str(w): _spread(v) for w, v in writes.items()},
    }
    RESULTS.mkdir(exist_ok=True)
    base = RESULTS / f"parallel-{stamp:%Y%m%d-%H%M%S}"
    base.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [
        "# One transaction in flight or two",
        "",
        f"{result['date']} on {result['machine']}; {args.rounds} rounds, alternating.",
        "",
        "| transactions at once | window read, s (min / median / max) | history write, rows/s |",
        "|---:|---|---|",
    ]
    for w in (1, 2):
        r, wr = result["read_seconds"][str(w)], result["write_rows_per_second"][str(w)]
        lines.append(
            f"| {w} | {r['min']:.1f} / {r['median']:.1f} / {r['max']:.1f} "
            f"| {wr['min']:,.0f} / {wr['median']:,.0f} / {wr['max']:,.0f} |"
        )
    base.with_suffix(".md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
