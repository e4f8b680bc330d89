"""What topic scoring adds to end-to-end rescoring, on one synthetic world with N topics.

    python -m bench.topics --people 1000000 --interactions 10000000 --topics 50 --bulk

Generates a world (tests/support/synth.py, plus ``plant_topics``: 70 % of events carry a topic,
Zipf-like topic popularity, planted topic experts; synthetic, say so when quoting numbers), loads
it through ``clout.loader`` unless --no-load (online: an identity file and an interactions file;
``--bulk``: the interactions file with ``clout load --bulk``, every account then its own
person), scores once
(fitting the calibration), then rescores alternately without and with topic scoring
(``[topics].enabled``) --repeat times each and reports the median totals, their ratio, the topic
phases, and where the planted experts rank in their topic.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from dataclasses import replace
from typing import Any

from tests.support import synth

from bench.compare import save, wipe, world_options
from clout import config
from clout.connection import connect
from clout.db import Database
from clout.scoring import runs
from clout.settings import ConnectionSettings


def _experts_in_top(db: Database, world: synth.World, bulk: bool = False) -> float:
    """The share of planted experts in the top 5 % of their own topic's kept scores (the
    EXPERT_IN relationships; ``bulk``: loaded with every account its own person,
    ``network:handle``)."""
    hits = total = 0
    for topic, accounts in world.topic_experts.items():
        rows = db.read(
            "MATCH (p:Person)-[e:EXPERT_IN]->(:Topic {name: $t}) "
            "RETURN p.person_id AS p ORDER BY e.score_raw DESC",
            t=topic,
        )
        top = {r["p"] for r in rows[: max(1, len(rows) // 20)]}
        owner = [
            f"{world.account_network[a]}:{world.account_handle[a]}" if bulk else world.person_of(a)
            for a in accounts
        ]
        hits += sum(o in top for o in owner)
        total += len(accounts)
    return hits / total if total else 0.0


def _rescore(db: Database, cfg: config.Config, repeat: int) -> list[dict[str, Any]]:
    request = runs.ScoreRequest(as_of=synth.END)
    return [runs.score(db, cfg, request)[0].as_dict() for _ in range(repeat)]


def run(args: argparse.Namespace) -> dict[str, Any]:
    report: dict[str, Any] = {
        "people": args.people,
        "interactions": args.interactions,
        "topics": args.topics,
        "seed": args.seed,
        "machine": platform.platform(),
        "data": "synthetic (tests/support/synth.py generate + plant_topics)",
    }
    world = synth.plant_topics(
        synth.generate(args.people, args.interactions, seed=args.seed), topics=args.topics
    )
    if not args.no_load:
        with connect(ConnectionSettings.from_env(), schema=True) as db:
            wipe(db)
            tick = time.perf_counter()
            if not args.bulk:
                synth.load(db, world, batch=50_000)
                report["load_seconds"] = time.perf_counter() - tick
        if args.bulk:  # restarts the managed server (on a new port): connect again below
            report["load_seconds"] = synth.bulk_load(world)
    with connect(ConnectionSettings.from_env(), schema=True) as db:
        on = config.load()
        off = replace(
            on, scoring=replace(on.scoring, topics=replace(on.scoring.topics, enabled=False))
        )
        report["first_run"] = runs.score(db, on, runs.ScoreRequest(as_of=synth.END))[0].as_dict()
        without, with_topics = [], []
        for _ in range(args.repeat):
            without += _rescore(db, off, 1)
            with_topics += _rescore(db, on, 1)
        report["without_topics"], report["with_topics"] = without, with_topics
        report["experts_in_top_5_percent"] = _experts_in_top(db, world, args.bulk)
    base = statistics.median(r["seconds"]["total"] for r in without)
    full = statistics.median(r["seconds"]["total"] for r in with_topics)
    report["median_total_without"], report["median_total_with"] = base, full
    report["ratio"] = full / base
    return report


def markdown(report: dict[str, Any]) -> str:
    last = report["with_topics"][-1]
    phases = [k for k in last["seconds"] if k.startswith("topics")]
    lines = [
        f"# Topic scoring cost: {report['people']:,} people, {report['interactions']:,} "
        f"interactions, {report['topics']} topics",
        "",
        f"Data: {report['data']}. Machine: {report['machine']}.",
        "",
        f"Median rescoring total without topics {report['median_total_without']:.1f} s, with "
        f"topics {report['median_total_with']:.1f} s: ratio {report['ratio']:.2f} "
        f"(+{100 * (report['ratio'] - 1):.0f} %).",
        "",
        "| topic phase (last run) | seconds |",
        "|---|---|",
        *[f"| {k} | {last['seconds'][k]:.1f} |" for k in phases],
        "",
        f"Topics scored: {last['topics']}. Planted experts in the top 5 % of their "
        f"topic's kept scores: {100 * report['experts_in_top_5_percent']:.0f} %.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = world_options(__doc__)
    parser.add_argument("--topics", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=2, help="rescorings with and without")
    parser.add_argument("--bulk", action="store_true", help="load with `clout load --bulk`")
    args = parser.parse_args()
    report = run(args)
    save(f"topics-{args.people}-{args.interactions}-{args.topics}", report, markdown(report))


if __name__ == "__main__":
    main()
