"""Scaling evidence for the Spark engine: ``python -m bench.spark``.

Generates the benchmark's synthetic world (``tests/support/synth.py``, the world ``make bench``
scores with GDS; synthetic: say so when quoting), writes it as an event log (``clout.spark.log``'s
columns) and scores its newest 90-day window with the Spark engine (``clout.spark.engine``),
each configuration in a fresh process: ``local[1]`` and ``local[2]``, 2 / 8 / 32 shuffle
partitions. Reported per configuration (``--runs`` repeats: min / median / max): the seconds of
the weights (``counted`` + ``edges``), of PageRank and of collecting the ranks, seconds per edge
per superstep, and the peak memory of the Spark JVM and of Python. Results go to
``bench/results/spark-<interactions>.{json,md}``; GDS's figures for the same world are in
``bench/results/report.md`` (``make bench``).

    python -m bench.spark --interactions 1000000 --people 100000
    python -m bench.spark --interactions 10000000 --people 1000000 --masters 'local[2]' \
        --partitions 8
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from tests.support import synth

from bench.compare import save, seconds


def write_log(people: int, interactions: int, folder: Path, seed: int = 7) -> dict[str, int]:
    """The synthetic world as event-log frames in ``folder`` (events.parquet, accounts.parquet)."""
    world = synth.generate(people, interactions, seed=seed)
    accounts = pd.DataFrame(
        {
            "account": np.arange(len(world.account_handle), dtype=np.int64),
            "network": world.account_network,
            "handle": world.account_handle,
            "person_id": [world.people[int(o)] for o in world.account_owner],
        }
    )
    events = pd.DataFrame(
        {
            "source": np.asarray(world.actor, dtype=np.int64),
            "target": np.asarray(world.target, dtype=np.int64),
            "kind": np.asarray(synth.KINDS)[np.asarray(world.kind)],
            "at": np.asarray(world.at, dtype=np.int64),
            "count": 1.0,
        }
    )
    events.to_parquet(folder / "events.parquet")
    accounts.to_parquet(folder / "accounts.parquet")
    return {"accounts": len(accounts), "events": len(events)}


def one(folder: Path, master: str, partitions: int) -> dict[str, Any]:
    """One configuration, in this process (run by ``main`` in a child process)."""
    from pyspark.sql import functions as F

    from clout import config
    from clout.spark import engine, model

    cfg = config.load().scoring
    as_of = int(synth.END.timestamp())
    settings = {"spark.ui.enabled": "false", "spark.sql.shuffle.partitions": str(partitions)}
    with engine.session(master, settings) as spark:
        events = spark.read.parquet(str(folder / "events.parquet"))
        accounts = spark.read.parquet(str(folder / "accounts.parquet"))
        owners = accounts.select(
            F.col("account").alias("id"), F.col("person_id").alias("person"), "network"
        )
        tick = time.perf_counter()
        counted = model.counted(events, owners, cfg, as_of, cfg.window_days).cache()
        graph = model.edges(counted, cfg.gaming, engine.SINK)
        edges = graph.edges.cache()
        edge_count = edges.count()
        weighed = time.perf_counter()
        steps: list[int] = []
        ranks = model.pagerank(edges, cfg.damping, cfg.max_iterations, cfg.tolerance, steps)
        ranks = ranks.localCheckpoint()
        ranked = time.perf_counter()
        collected = engine.to_pandas(ranks)
        done = time.perf_counter()
        jvm = _peak_kib(spark.sparkContext._gateway.proc.pid)  # type: ignore[union-attr]
    return {
        "master": master,
        "partitions": partitions,
        "edges": edge_count,
        "interactions": graph.interactions,
        "nodes": len(collected),
        "supersteps": steps[0],
        "weights_s": weighed - tick,
        "pagerank_s": ranked - weighed,
        "collect_s": done - ranked,
        "ns_per_edge_superstep": (ranked - weighed) / max(edge_count * steps[0], 1) * 1e9,
        "jvm_peak_kib": jvm,
        "python_peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def _peak_kib(pid: int) -> int:
    """A process's peak resident memory (Linux: VmHWM), 0 where unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def markdown(report: dict[str, Any]) -> str:
    lines = [
        f"# Spark engine, {report['interactions']:,} synthetic interactions "
        f"({report['accounts']:,} accounts)",
        "",
        f"{report['date']} on {report['machine']}, pyspark {report['pyspark']}; "
        f"{report['runs']} runs per configuration (min / median / max).",
        "",
        "| master | partitions | edges | supersteps | weights s | PageRank s | collect s | "
        "ns per edge per superstep | JVM peak MiB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for c in report["configurations"]:

        def f(key: str, c: dict[str, Any] = c) -> str:
            s = c[key]
            return f"{s['min']:.1f} / {s['median']:.1f} / {s['max']:.1f}"

        lines.append(
            f"| {c['master']} | {c['partitions']} | {c['edges']:,} | {c['supersteps']} | "
            f"{f('weights_s')} | {f('pagerank_s')} | {f('collect_s')} | "
            f"{c['ns_per_edge_superstep']['median']:.0f} | {c['jvm_peak_kib'] / 1024:.0f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--masters", default="local[1],local[2]")
    parser.add_argument("--partitions", default="2,8,32")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument(
        "--one", nargs=3, metavar=("FOLDER", "MASTER", "PARTITIONS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(Path(args.one[0]), args.one[1], int(args.one[2]))))
        return
    import pyspark

    with tempfile.TemporaryDirectory() as work:
        counts = write_log(args.people, args.interactions, Path(work))
        configurations = []
        for master in args.masters.split(","):
            for partitions in args.partitions.split(","):
                runs = [
                    json.loads(
                        subprocess.run(
                            [
                                sys.executable,
                                "-m",
                                "bench.spark",
                                "--one",
                                work,
                                master,
                                partitions,
                            ],
                            check=True,
                            capture_output=True,
                            text=True,
                            env=os.environ,
                        )
                        .stdout.strip()
                        .splitlines()[-1]
                    )
                    for _ in range(args.runs)
                ]
                entry = {k: runs[0][k] for k in ("master", "partitions", "edges", "supersteps")}
                for key in ("weights_s", "pagerank_s", "collect_s", "ns_per_edge_superstep"):
                    entry[key] = seconds([r[key] for r in runs])
                entry["jvm_peak_kib"] = max(r["jvm_peak_kib"] for r in runs)
                configurations.append(entry)
                print(json.dumps(entry), file=sys.stderr)
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{platform.machine()} {os.cpu_count()} cores",
        "pyspark": pyspark.__version__,
        "runs": args.runs,
        "data": "synthetic (tests/support/synth.py)",
        "interactions": counts["events"],
        "accounts": counts["accounts"],
        "configurations": configurations,
    }
    save(f"spark-{args.interactions}", report, markdown(report))


if __name__ == "__main__":
    main()
