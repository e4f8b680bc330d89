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

Used as an oracle for GDS in tests, by the offline evaluation (:func:`oracle`: edges between
any node ids ranked, and what each owner passes to another) and as the benchmark's baseline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt
from scipy import sparse

from clout.scoring.weights import dense_ids

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


class Constants(Protocol):
    """The ranking constants of a scoring configuration (``ScoringConfig`` has them)."""

    @property
    def algorithm(self) -> str: ...
    @property
    def damping(self) -> float: ...
    @property
    def max_iterations(self) -> int: ...
    @property
    def tolerance(self) -> float: ...


@dataclass(frozen=True)
class Ranked:
    """Edges between node ids, ranked by the reference: ``nodes`` (the ids, ascending) and
    their ``ranks``; ``source``/``target`` are the edges as positions in ``nodes``."""

    nodes: IntArray
    ranks: FloatArray
    source: IntArray
    target: IntArray
    weight: FloatArray
    algorithm: str
    damping: float

    def at(self, node: IntArray) -> FloatArray:
        """The ranks of node ids ``node`` (each one of ``nodes``)."""
        return self.ranks[np.searchsorted(self.nodes, node)]

    def received_from(self, owner: Sequence[object], person: object) -> dict[object, float]:
        """What each other owner's nodes pass to ``person``'s nodes (``owner[i]`` owns
        ``nodes[i]``): the PageRank contributions into the person, by who gave them."""
        flows = contributions(
            self.source,
            self.weight,
            self.ranks,
            algorithm=self.algorithm,
            damping=self.damping,
            average_degree=len(self.source) / len(self.nodes) if len(self.nodes) else 0.0,
        )
        into: dict[object, float] = {}
        for s, t, flow in zip(self.source.tolist(), self.target.tolist(), flows, strict=True):
            if owner[t] == person and owner[s] != person:
                into[owner[s]] = into.get(owner[s], 0.0) + float(flow)
        return into


def oracle(
    source: IntArray,
    target: IntArray,
    weight: FloatArray,
    constants: Constants,
    algorithm: str | None = None,
) -> Ranked:
    """Edges ``source -> target`` between any node ids (a run's projected edges, an offline
    window's) ranked as GDS ranks them with ``constants`` (and ``algorithm``, else theirs):
    the one "edges -> reference rank" step of every oracle and of the offline evaluation."""
    name = algorithm or constants.algorithm
    if len(source) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Ranked(empty, np.zeros(0), empty, empty, weight, name, constants.damping)
    nodes, index = dense_ids(np.concatenate([source, target]))
    head, tail = index[: len(source)], index[len(source) :]
    ranks = rank(
        head,
        tail,
        weight,
        len(nodes),
        algorithm=name,
        damping=constants.damping,
        max_iterations=constants.max_iterations,
        tolerance=constants.tolerance,
    )
    return Ranked(nodes, ranks, head, tail, weight, name, constants.damping)
