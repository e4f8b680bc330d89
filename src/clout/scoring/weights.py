"""How interactions become the weighted edges that influence flows along (pure numpy).

This is the specification that ``cypher/scoring/project.cypher`` implements inside Neo4j;
tests check that both give the same edges.

1. One interaction event weighs ``kind_weight * count * 0.5 ** (age_days / half_life_days)``.
2. Events of one pair (actor -> target) are added up and mapped with ``log(1 + sum)``:
   repeated interactions between the same pair have diminishing returns.
3. Reciprocity: the mutual part ``min(p(a->b), p(b->a))`` of a pair, times
   ``reciprocity_discount``, is removed from both directions.
4. Standing: what an account passes on is scaled by
   ``floor + (1 - floor) * open / (open + half_saturation)``, where ``open`` is the pair
   weight it receives from accounts it does not engage back.
5. Everything removed in 3 and 4 goes to a sink node that sends nothing and is never scored, so
   each account still divides its influence by everything it gave (nothing is redistributed).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from clout.scoring.config import GamingConfig

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def event_weight(
    kind_weight: FloatArray | float,
    count: FloatArray | float,
    age_days: FloatArray | float,
    half_life_days: float,
) -> FloatArray:
    """The decayed weight of interaction events (step 1)."""
    return np.asarray(kind_weight * count * np.power(0.5, np.asarray(age_days) / half_life_days))


@dataclass(frozen=True)
class Edges:
    """Directed weighted edges over nodes ``0 .. node_count - 1``; ``sink`` is one of them."""

    source: IntArray
    target: IntArray
    weight: FloatArray
    node_count: int
    sink: int


Pairs = dict[tuple[int, int], float]


def pair_weights(actor: IntArray, target: IntArray, weight: FloatArray) -> Pairs:
    """``log(1 + sum)`` of the event weights of each pair, self-pairs dropped (step 2)."""
    sums: dict[tuple[int, int], float] = {}
    for a, b, w in zip(actor.tolist(), target.tolist(), weight.tolist(), strict=True):
        if a != b:
            sums[(a, b)] = sums.get((a, b), 0.0) + w
    return {pair: float(np.log1p(total)) for pair, total in sums.items()}


def scoring_edges(pairs: Pairs, node_count: int, gaming: GamingConfig) -> Edges:
    """The edges PageRank runs on (steps 3-5); the sink is node ``node_count``."""
    rho = gaming.reciprocity_discount
    kept: dict[tuple[int, int], float] = {}
    given = np.zeros(node_count)
    open_in = np.zeros(node_count)
    for (a, b), p in pairs.items():
        back = pairs.get((b, a), 0.0)
        kept[(a, b)] = p - rho * min(p, back)
        given[a] += p
        if back == 0.0:
            open_in[b] += p
    floor, half = gaming.standing_floor, gaming.standing_half_saturation
    standing = floor + (1.0 - floor) * open_in / (open_in + half)
    rows: list[tuple[int, int, float]] = []
    passed = np.zeros(node_count)
    for (a, b), q in kept.items():
        if q > 0.0:
            rows.append((a, b, q * standing[a]))
            passed[a] += q * standing[a]
    sink = node_count
    for a in np.flatnonzero(given - passed > 0.0).tolist():
        rows.append((a, sink, float(given[a] - passed[a])))
    source, target, weight = zip(*rows, strict=True) if rows else ((), (), ())
    return Edges(
        np.array(source, dtype=np.int64), np.array(target, dtype=np.int64),
        np.array(weight, dtype=np.float64), node_count + 1, sink,
    )  # fmt: skip
