"""Time one PageRank engine on one weighted edge list, in this process, and print JSON.

Run by ``bench`` in a fresh subprocess per engine so that each peak memory is its own:

    python -m bench.engines --engine igraph --graph graph.npz --runs 3

The graph file is an ``.npz`` with ``src``, ``dst`` (int64 node indexes, 0..n-1), ``weight``
(float64) and ``n`` — the weighted graph clout projects, exported once and shared by every engine.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

Graph = dict[str, Any]
DAMPING = 0.85


def load_graph(path: Path) -> Graph:
    data = np.load(path)
    return {"n": int(data["n"]), "src": data["src"], "dst": data["dst"], "weight": data["weight"]}


def _networkx(graph: Graph) -> tuple[Any, Callable[[Any], Any]]:
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(range(graph["n"]))
    g.add_weighted_edges_from(
        zip(graph["src"].tolist(), graph["dst"].tolist(), graph["weight"].tolist(), strict=True)
    )
    # tol=0 with max_iter=20 would raise; a tiny tolerance runs the full 20 iterations.
    return g, lambda g: nx.pagerank(g, alpha=DAMPING, max_iter=1000, tol=1e-12, weight="weight")


def _igraph(graph: Graph) -> tuple[Any, Callable[[Any], Any]]:
    import igraph as ig

    g = ig.Graph(n=graph["n"], edges=np.column_stack([graph["src"], graph["dst"]]), directed=True)
    g.es["weight"] = graph["weight"]
    return g, lambda g: g.pagerank(damping=DAMPING, weights="weight")


def _reference(graph: Graph) -> tuple[Any, Callable[[Any], Any]]:
    from clout.scoring import reference

    src, dst = graph["src"].astype(np.int64), graph["dst"].astype(np.int64)
    weight, n = graph["weight"].astype(np.float64), graph["n"]
    # clout's model: GDS semantics, 40 supersteps at most (the shipped max_iterations).
    return (src, dst, weight, n), lambda g: reference.rank(
        g[0], g[1], g[2], g[3], max_iterations=40, tolerance=1e-7
    )


ENGINES: dict[str, Callable[[Graph], tuple[Any, Callable[[Any], Any]]]] = {
    "reference": _reference,
    "networkx": _networkx,
    "igraph": _igraph,
}


def _peak_rss_bytes() -> int:
    """This process's own peak RSS (VmHWM: ru_maxrss would carry the forking parent's over)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def run(engine: str, path: Path, runs: int) -> dict[str, Any]:
    graph = load_graph(path)
    start = time.perf_counter()
    built, compute = ENGINES[engine](graph)
    build_seconds = time.perf_counter() - start
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        compute(built)
        seconds.append(time.perf_counter() - start)
    return {
        "engine": engine,
        "nodes": graph["n"],
        "edges": len(graph["src"]),
        "build_seconds": build_seconds,
        "compute_seconds": seconds,
        "peak_rss_bytes": _peak_rss_bytes(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engine", choices=sorted(ENGINES), required=True)
    parser.add_argument("--graph", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(run(args.engine, args.graph, args.runs)))


if __name__ == "__main__":
    main()
