"""A pure numpy/scipy PageRank and ArticleRank with Graph Data Science's exact semantics.

GDS runs both as Pregel computations on deltas (see ``docs/design.md``):

- every node starts at ``1 - d`` and, in superstep 0, sends that value;
- in each later superstep a node sums the messages it received, ``delta = d * sum``,
  adds ``delta`` to its rank, and sends on only when ``delta > tolerance``;
- a message is ``delta / degree * weight`` for PageRank and
  ``delta / (degree + average_degree) * weight`` for ArticleRank, where ``degree`` is the
  weighted out-degree and ``average_degree`` the relationship count over the node count;
- a node without out-going weight (dangling) sends nothing; scores are not normalised;
- at most ``max_iterations`` supersteps run (superstep 0 included).

Used as an oracle for GDS in tests and as the baseline of the benchmark.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy import sparse

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def rank(
    source: IntArray,
    target: IntArray,
    weight: FloatArray,
    node_count: int,
    *,
    algorithm: str = "pagerank",
    damping: float = 0.85,
    max_iterations: int = 20,
    tolerance: float = 1e-7,
) -> FloatArray:
    """The rank of nodes ``0 .. node_count - 1`` over the weighted edges ``source -> target``."""
    if algorithm not in ("pagerank", "articlerank"):
        raise ValueError(f"unknown algorithm {algorithm!r}")
    incoming = sparse.csr_matrix(
        (weight.astype(np.float64), (target, source)), shape=(node_count, node_count)
    )
    degree = np.bincount(source, weights=weight, minlength=node_count).astype(np.float64)
    divisor = degree.copy()
    if algorithm == "articlerank":
        divisor += len(source) / node_count if node_count else 0.0
    sends = degree > 0
    scale = np.zeros(node_count)
    scale[sends] = 1.0 / divisor[sends]

    ranks = np.full(node_count, 1.0 - damping)
    message = ranks * scale
    for _ in range(1, max_iterations):
        delta = damping * np.asarray(incoming @ message, dtype=np.float64)
        ranks += delta
        message = np.where(delta > tolerance, delta, 0.0) * scale
        if not message.any():
            break
    return ranks


def contributions(
    source: IntArray,
    weight: FloatArray,
    ranks: FloatArray,
    *,
    algorithm: str = "pagerank",
    damping: float = 0.85,
    average_degree: float = 0.0,
) -> FloatArray:
    """What each edge ``source -> target`` adds to its target's rank at the fixed point.

    ``d * rank[source] * weight / degree[source]`` (ArticleRank: ``degree + average_degree``),
    with ``degree`` the source's weighted out-degree over the edges given, so pass every
    out-going edge of each source (the sink's included). The contributions into a node add up
    to its rank minus the teleport part ``1 - d``, to within the algorithm's tolerance.
    """
    if algorithm not in ("pagerank", "articlerank"):
        raise ValueError(f"unknown algorithm {algorithm!r}")
    sources = np.asarray(source, dtype=np.int64)
    size = int(sources.max()) + 1 if len(sources) else 0
    degree = np.bincount(sources, weights=weight, minlength=size).astype(np.float64)
    if algorithm == "articlerank":
        degree += average_degree
    flows = np.zeros(len(sources))
    if len(sources):
        divisor = degree[sources]
        sends = divisor > 0
        flows[sends] = damping * ranks[sources[sends]] * weight[sends] / divisor[sends]
    return flows
