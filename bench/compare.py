"""One graph through clout (load, projection, GDS compute, calibration, write-back) and the same
projected weighted graph through every other engine (each in its own subprocess)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from tests.support import synth

from clout import config, gds
from clout.connection import connect
from clout.db import Database
from clout.scoring import runs
from clout.scoring.influence import algorithm_config, project, window_edges
from clout.settings import ConnectionSettings

ENGINES = ("reference", "networkx", "igraph")
# networkx keeps a Python dict per edge (~1 KB): above this many edges it would not fit here.
NETWORKX_MAX_EDGES = 3_000_000
SIZES = {"100k": (10_000, 100_000), "1m": (100_000, 1_000_000), "10m": (1_000_000, 10_000_000)}
REDDIT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "reddit_replies.gml.gz"
RESULTS = Path(__file__).parent / "results"


def seconds(values: list[float]) -> dict[str, float]:
    return {"min": min(values), "median": float(np.median(values)), "max": max(values)}


def world_options(doc: str | None) -> argparse.ArgumentParser:
    """The options of a benchmark on a synthetic world (tests/support/synth.py) that it loads
    unless --no-load: the world's size and seed (``doc``: the benchmark's module docstring)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0] if doc else None)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--interactions", type=int, default=10_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-load", action="store_true", help="score what the database holds")
    return parser


def save(name: str, report: dict[str, Any], markdown: str) -> None:
    """``report`` as ``bench/results/<name>.json`` and its ``markdown`` as ``<name>.md``, which
    is printed too."""
    RESULTS.mkdir(exist_ok=True)
    stem = RESULTS / name
    stem.with_suffix(".json").write_text(json.dumps(report, indent=2, default=str) + "\n")
    stem.with_suffix(".md").write_text(markdown)
    print(markdown)


def wipe(db: Database) -> None:
    """Empty the database: relationships first, so that no transaction has to delete a node
    together with its hundreds of thousands of relationships (a ScoringRun's history)."""
    with db.session() as session:
        for query in (
            "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 50000 ROWS",
            "MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 50000 ROWS",
        ):
            session.run(query).consume()


def load(name: str) -> tuple[float, runs.ScoreRequest]:
    """Load graph ``name`` into the (empty) database; seconds and the request to score it.

    Reddit goes through ``clout load``; a generated graph through the bulk path (``clout load
    --bulk``, which restarts the managed server: connect afresh after this), or with NEO4J_URI
    set, where the bulk path is not available, through the online loader (``synth.load``).
    """
    if name == "reddit":
        tick = time.perf_counter()
        if not REDDIT.exists():
            raise FileNotFoundError(f"{REDDIT} is missing; see ../shared/data/README.md")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "clout",
                "-q",
                "load",
                "interactions",
                str(REDDIT),
                "--format",
                "gml",
                "--network",
                "reddit",
                "--type",
                "reply",
                "--time",
                "2018-12-31T00:00:00Z",
            ],
            check=True,
        )
        return time.perf_counter() - tick, runs.ScoreRequest()
    people, interactions = SIZES[name]
    world = synth.generate(people, interactions, seed=7)
    settings = ConnectionSettings.from_env()
    request = runs.ScoreRequest(as_of=synth.END)
    if settings.managed:
        return synth.bulk_load(world), request
    tick = time.perf_counter()
    with connect(settings, schema=True) as db:
        synth.load(db, world, batch=50_000)
    return time.perf_counter() - tick, request


def clout_phases(db: Database, request: runs.ScoreRequest, repeats: int) -> dict[str, Any]:
    """Phase seconds of the rescoring runs (after a first run that fits the calibration)."""
    cfg = config.load()
    runs.score(db, cfg, request)
    phases: dict[str, list[float]] = {}
    for _ in range(repeats):
        result = runs.score(db, cfg, request)[0]
        for phase, value in result.seconds.items():
            phases.setdefault(phase, []).append(value)
    return {phase: seconds(values) for phase, values in phases.items()}


def export(db: Database, request: runs.ScoreRequest, path: Path, repeats: int) -> dict[str, Any]:
    """Project once, time GDS PageRank alone (``repeats`` times), save the graph as ``.npz``."""
    configured = config.load()
    cfg = configured.scoring
    window = runs.resolve_window(db, configured, request)
    client = gds.client(db)
    graph = window_edges(db, cfg, window)
    with project(client, "bench", graph.source, graph.target, graph.weight):
        stats = [
            client.run_cypher(
                "CALL gds.pageRank.stats($g, $c) YIELD computeMillis, ranIterations "
                "RETURN computeMillis, ranIterations",
                {"g": "bench", "c": algorithm_config(cfg)},
            ).iloc[0]
            for _ in range(repeats)
        ]
        edges = relationship_weights(client, "bench")
    ids, index = np.unique(
        np.concatenate([edges["sourceNodeId"], edges["targetNodeId"]]), return_inverse=True
    )
    np.savez(
        path,
        src=index[: len(edges)].astype(np.int64),
        dst=index[len(edges) :].astype(np.int64),
        weight=edges["propertyValue"].to_numpy(dtype=np.float64),
        n=len(ids),
    )
    return {
        "nodes": len(ids),
        "edges": len(edges),
        "iterations": int(stats[0]["ranIterations"]),
        "seconds": seconds([float(s["computeMillis"]) / 1000 for s in stats]),
        "estimated_bytes": gds_memory(client, len(ids), len(edges), algorithm_config(cfg)),
    }


def relationship_weights(client: Any, graph_name: str, prop: str = "weight") -> pd.DataFrame:
    """Every projected relationship (``sourceNodeId``, ``targetNodeId``, ``propertyValue``)."""
    frame: pd.DataFrame = client.run_cypher(
        "CALL gds.graph.relationshipProperty.stream($g, $p) "
        "YIELD sourceNodeId, targetNodeId, propertyValue "
        "RETURN sourceNodeId, targetNodeId, propertyValue",
        {"g": graph_name, "p": prop},
    )
    return frame


def gds_memory(client: Any, nodes: int, edges: int, algorithm: dict[str, Any]) -> int:
    """GDS's own estimate of its heap for a weighted graph of ``nodes`` and ``edges`` plus
    PageRank on it (bytesMax of a fictive-graph estimate: GDS runs inside Neo4j's JVM, so no
    process of its own can be measured)."""
    graph = {
        "nodeCount": nodes,
        "relationshipCount": edges,
        "nodeProjection": "*",
        "relationshipProjection": {"R": {"type": "*", "properties": "weight"}},
    }
    row = client.run_cypher(
        "CALL gds.pageRank.stats.estimate($graph, $c) YIELD bytesMax RETURN bytesMax",
        {"graph": graph, "c": algorithm},
    ).iloc[0]
    return int(row["bytesMax"])


def engine(name: str, graph: Path, edges: int, repeats: int) -> dict[str, Any]:
    """One engine in a subprocess; a skip is recorded with its reason, never silent."""
    if name == "networkx" and edges > NETWORKX_MAX_EDGES:
        return {"skipped": f"networkx needs ~1 KB per edge; {edges:,} edges would not fit in RAM"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.engines",
            "--engine",
            name,
            "--graph",
            str(graph),
            "--runs",
            str(repeats),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return {"skipped": f"failed: {done.stderr.strip().splitlines()[-1:]}"}
    result: dict[str, Any] = json.loads(done.stdout)
    result["seconds"] = seconds(result.pop("compute_seconds"))
    return result
