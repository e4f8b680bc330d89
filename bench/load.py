"""Loader benchmark: generated worlds into the managed server, online and bulk.

    python -m bench.load --interactions 10000000 --runs 3

Per run: reset the managed database to empty; load world A online (into an empty database);
load world B (other seed, same size) online into the database now holding A; reset; load A with
``--bulk`` (``--bulk-only``: only the bulk load, which leaves world A in the database). Rates are
input rows per second of the whole command (checking + writing). Peak
memory: this process's max RSS and the Neo4j JVM's peak RSS (VmHWM). Reports go to
``bench/results/load-<timestamp>.{json,md}``; the generated data to a temporary folder (never
committed). Uses CLOUT_HOME's managed server: run it on a quiet machine, one benchmark at a time.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from clout.loader import LoadOptions, run_load
from clout.loader.bulk import wait_online
from clout.loader.generator import WorldSpec, generate
from clout.server.manager import ManagedServer
from clout.settings import ConnectionSettings

RESULTS = Path(__file__).parent / "results"


def reset_database(server: ManagedServer) -> None:
    """Stop the managed server, delete the ``neo4j`` store and its logs, start again (empty)."""
    server.stop()
    for folder in ("databases", "transactions"):
        shutil.rmtree(server.paths.data_dir / folder / "neo4j", ignore_errors=True)
    server.ensure_running()
    wait_online(ConnectionSettings.from_env())


def jvm_peak_rss_mb(server: ManagedServer) -> float | None:
    state = server.state()
    if state is None:
        return None
    for line in Path(f"/proc/{state.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def timed_load(path: Path, bulk: bool, server: ManagedServer) -> dict[str, Any]:
    summary = run_load(ConnectionSettings.from_env(), path, LoadOptions(), bulk=bulk)
    return {
        "rows": summary.rows, "created": summary.interactions, "seconds": summary.seconds,
        "rate": summary.rows / summary.seconds, "jvm_peak_rss_mb": jvm_peak_rss_mb(server),
        "notes": summary.notes,
    }  # fmt: skip


def stats(values: list[float]) -> dict[str, float]:
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=0, help="default: interactions / 10")
    parser.add_argument("--networks", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-bulk", action="store_true")
    parser.add_argument(
        "--bulk-only", action="store_true",
        help="time only --bulk into an empty database (leaves world A loaded, e.g. for "
        "`python -m bench.score --no-load`)",
    )  # fmt: skip
    args = parser.parse_args()
    logging.getLogger("neo4j").setLevel(logging.CRITICAL)  # routing retries while a db restarts
    people = args.people or max(100, args.interactions // 10)
    server = ManagedServer.from_env()
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="clout-bench-") as tmp:
        worlds = {}
        for name, seed in (("a", 1), ("b", 2))[: 1 if args.bulk_only else 2]:
            started = time.monotonic()
            spec = WorldSpec(people=people, interactions=args.interactions,
                             networks=args.networks, seed=seed)  # fmt: skip
            generate(spec, Path(tmp) / name)
            worlds[name] = Path(tmp) / name / "interactions.csv"
            print(f"generated {name}: {time.monotonic() - started:.1f} s", flush=True)
        for run in range(args.runs):
            result: dict[str, Any] = {}
            if not args.bulk_only:
                reset_database(server)
                result["online_empty"] = timed_load(worlds["a"], False, server)
                result["online_nonempty"] = timed_load(worlds["b"], False, server)
            if not args.no_bulk:
                reset_database(server)
                result["bulk_empty"] = timed_load(worlds["a"], True, server)
            print(f"run {run + 1}: " + ", ".join(
                f"{k} {v['rate']:,.0f}/s" for k, v in result.items()), flush=True)  # fmt: skip
            runs.append(result)
    write_report(args, people, runs)


def write_report(args: argparse.Namespace, people: int, runs: list[dict[str, Any]]) -> None:
    modes = list(runs[0])
    report = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
                                        / 2**30, 1),
                    "heap": os.environ.get("CLOUT_HEAP"),
                    "pagecache": os.environ.get("CLOUT_PAGECACHE")},
        "interactions": args.interactions, "people": people, "networks": args.networks,
        "rates": {m: stats([r[m]["rate"] for r in runs]) for m in modes},
        "python_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "jvm_peak_rss_mb": max(r[m]["jvm_peak_rss_mb"] or 0 for r in runs for m in modes),
        "runs": runs,
    }  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    stem = RESULTS / f"load-{time.strftime('%Y%m%d-%H%M%S')}"
    stem.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n")
    lines = [
        f"# Loader benchmark {report['date']}", "",
        f"{args.interactions:,} generated interactions, {people:,} people, {args.networks} "
        f"networks, {len(runs)} run(s); machine: {report['machine']}", "",
        "| mode | min rows/s | median rows/s | max rows/s |", "|---|---|---|---|",
        *(f"| {m} | {s['min']:,.0f} | {s['median']:,.0f} | {s['max']:,.0f} |"
          for m, s in report["rates"].items()),
        "", f"Peak RSS: Python {report['python_peak_rss_mb']:,.0f} MB, "
        f"Neo4j JVM {report['jvm_peak_rss_mb']:,.0f} MB",
    ]  # fmt: skip
    stem.with_suffix(".md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
