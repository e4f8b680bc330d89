"""End-to-end rescoring benchmark: projection, algorithm, calibration, write-back.

    python -m bench.score --people 1000000 --interactions 10000000

Generates a synthetic world (tests/support/synth.py: heavy-tailed popularity and activity, three
networks, fitted loosely to the real sets; say so when quoting numbers), loads it into the
database (NEO4J_URI, or the managed server of CLOUT_HOME) unless --no-load, scores it once with
a fresh calibration and once more reusing it (the rescoring that counts), then times GDS's
compute alone and the numpy reference on the same projected graph. Writes JSON and markdown to
bench/results/. Loading goes through ``clout.loader`` online and is slow at 10M (not part of the
timing).
"""

from __future__ import annotations

import platform
import resource
import time
from pathlib import Path
from typing import Any

import numpy as np
from tests.support import synth

from bench import compare
from clout import config, gds
from clout.connection import connect
from clout.db import Database
from clout.scoring import reference, runs
from clout.scoring.influence import algorithm_config, project, window_edges
from clout.scoring.window import Window
from clout.settings import ConnectionSettings


def _compute_vs_reference(db: Database, window: Window) -> dict[str, Any]:
    """GDS PageRank's compute time next to the numpy reference's on the same projected edges
    (the edges clout projects, ``window_edges``; test_scoring_parity checks GDS agrees)."""
    cfg = config.load().scoring
    client = gds.client(db)
    graph = window_edges(db, cfg, window)
    with project(client, "bench-ref", graph.source, graph.target, graph.weight) as facts:
        stats = client.run_cypher(
            "CALL gds.pageRank.stats($g, $c) YIELD computeMillis, ranIterations "
            "RETURN computeMillis, ranIterations",
            {"g": "bench-ref", "c": algorithm_config(cfg)},
        ).iloc[0]
    ids, index = np.unique(np.concatenate([graph.source, graph.target]), return_inverse=True)
    source, target = index[: len(graph.source)], index[len(graph.source) :]
    tick = time.perf_counter()
    reference.rank(
        source,
        target,
        graph.weight,
        len(ids),
        damping=cfg.damping,
        max_iterations=cfg.max_iterations,
        tolerance=cfg.tolerance,
    )
    ref_seconds = time.perf_counter() - tick
    gds_seconds = float(stats["computeMillis"]) / 1000.0
    return {
        "projected_nodes": int(facts["nodes"]),
        "projected_relationships": int(facts["relationships"]),
        "gds_compute_seconds": gds_seconds,
        "gds_iterations": int(stats["ranIterations"]),
        "reference_seconds": ref_seconds,
        "gds_over_reference": gds_seconds / ref_seconds,
    }


def _neo4j_memory(db: Database) -> dict[str, Any]:
    rows = db.read(
        "CALL dbms.queryJmx('java.lang:type=Memory') YIELD attributes "
        "RETURN attributes.HeapMemoryUsage.value.properties AS heap"
    )
    heap = rows[0]["heap"] if rows else {}
    memory: dict[str, Any] = {
        "heap_used_bytes": heap.get("used"),
        "heap_max_bytes": heap.get("max"),
    }
    try:
        from clout.server.manager import ManagedServer

        state = ManagedServer.from_env().state()
        status = Path(f"/proc/{state.pid}/status").read_text() if state else ""
        for line in status.splitlines():
            if line.startswith(("VmHWM", "VmRSS")):
                memory[line.split(":")[0]] = line.split(":")[1].strip()
    except (OSError, ImportError):
        pass
    return memory


def run(people: int, interactions: int, load: bool, seed: int) -> dict[str, Any]:
    report: dict[str, Any] = {
        "people": people,
        "interactions": interactions,
        "seed": seed,
        "machine": platform.platform(),
        "data": "synthetic (tests/support/synth.py)",
    }
    with connect(ConnectionSettings.from_env(), schema=True) as db:
        if load:
            compare.wipe(db)
            tick = time.perf_counter()
            synth.load(db, synth.generate(people, interactions, seed=seed), batch=50_000)
            report["load_seconds"] = time.perf_counter() - tick
        cfg = config.load()
        # A world loaded by other means (--no-load) is scored as of its newest interaction.
        request = runs.ScoreRequest(as_of=synth.END if load else None)
        first = runs.score(db, cfg, request)[0]
        again = runs.score(db, cfg, request)[0]
        report["first_run"] = first.as_dict()
        report["rescoring"] = again.as_dict()
        window = runs.resolve_window(db, cfg, request)
        report["compute"] = _compute_vs_reference(db, window)
        report["neo4j_memory"] = _neo4j_memory(db)
    report["process_peak_rss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return report


def markdown(report: dict[str, Any]) -> str:
    r, c = report["rescoring"], report["compute"]
    lines = [
        f"# Rescoring benchmark: {report['people']:,} people, "
        f"{report['interactions']:,} interactions",
        "",
        f"Data: {report['data']}. Machine: {report['machine']}.",
        "",
        "| phase | seconds |",
        "|---|---|",
        *[f"| {k} | {v:.1f} |" for k, v in r["seconds"].items()],
        "",
        f"Scored {r['scored']:,} people; mean {r['mean']:.1f}, p95 {r['p95']:.1f}.",
        f"GDS PageRank compute {c['gds_compute_seconds']:.2f} s ({c['gds_iterations']} iterations) "
        f"vs numpy reference {c['reference_seconds']:.2f} s: ratio {c['gds_over_reference']:.2f} "
        f"on {c['projected_nodes']:,} nodes / {c['projected_relationships']:,} relationships.",
        f"Neo4j memory: {report['neo4j_memory']}; this process peak RSS "
        f"{report['process_peak_rss_kib'] / 1024:.0f} MiB.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    args = compare.world_options(__doc__).parse_args()
    report = run(args.people, args.interactions, not args.no_load, args.seed)
    compare.save(f"score-{args.people}-{args.interactions}", report, markdown(report))


if __name__ == "__main__":
    main()
