"""How interactions become the weighted edges that influence flows along (pure numpy).

``pair_weights`` and ``scoring_edges`` are the readable specification (dicts and loops);
``window_edges`` is the vectorised implementation every scoring run uses, and tests check that
both give the same edges.

1. One interaction event weighs ``kind_weight * count * 0.5 ** (age_days / half_life_days)``;
   its full strength is the same without the decay, ``kind_weight * count``.
2. Events of one pair (actor -> target) are added up and mapped with ``log(1 + sum)``:
   repeated interactions between the same pair have diminishing returns. This is done for the
   decayed weights (the pair weight ``p``) and for the full strengths (the pair's capacity).
3. Reciprocity: the mutual part ``min(p(a->b), p(b->a))`` of a pair, times
   ``reciprocity_discount``, is removed from both directions.
4. Standing: what an account passes on is scaled by
   ``floor + (1 - floor) * earned / (earned + half_saturation)``. ``earned`` is the pair weight
   it receives from accounts it does not engage back (``open``), plus, times
   ``standing_vouching``, what its two-way partners vouch: each partner ``u`` vouches
   ``first(u) * p(u -> v) / given(u)``, its own first-step standing
   ``first = open / (open + half_saturation)`` times the share of its weight it gives ``v``.
   So a circle whose members only engage each other earns nothing, however busy it is.
5. Each account divides its influence by its pairs' capacities (what it gave at full
   strength); what age (1), reciprocity (3) and standing (4) took off goes to a sink node that
   sends nothing and is never scored. So influence passed along an old interaction fades with
   its age, also for an account with a single target, instead of falling off a cliff when the
   interaction leaves the window. An edge with nothing left to pass on is not emitted.
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


def scoring_edges(
    pairs: Pairs, node_count: int, gaming: GamingConfig, capacity: Pairs | None = None
) -> Edges:
    """The edges PageRank runs on (steps 3-5); the sink is node ``node_count``. ``capacity``:
    the pairs of the events' full strengths (``pair_weights`` of them); default ``pairs``
    (nothing has aged)."""
    rho = gaming.reciprocity_discount
    kept: dict[tuple[int, int], float] = {}
    given = np.zeros(node_count)
    full = np.zeros(node_count)
    open_in = np.zeros(node_count)
    for (a, b), p in pairs.items():
        back = pairs.get((b, a), 0.0)
        kept[(a, b)] = p - rho * min(p, back)
        given[a] += p
        full[a] += p if capacity is None else capacity[(a, b)]
        if back == 0.0:
            open_in[b] += p
    half = gaming.standing_half_saturation
    first = open_in / (open_in + half)
    vouched = np.zeros(node_count)
    for (a, b), p in pairs.items():
        if pairs.get((b, a), 0.0) > 0.0:
            vouched[b] += first[a] * p / given[a]
    earned = open_in + gaming.standing_vouching * vouched
    floor = gaming.standing_floor
    standing = floor + (1.0 - floor) * earned / (earned + half)
    rows: list[tuple[int, int, float]] = []
    passed = np.zeros(node_count)
    for (a, b), q in kept.items():
        if q * standing[a] > 0.0:
            rows.append((a, b, q * standing[a]))
            passed[a] += q * standing[a]
    sink = node_count
    for a in np.flatnonzero(full - passed > 0.0).tolist():
        rows.append((a, sink, float(full[a] - passed[a])))
    source, target, weight = zip(*rows, strict=True) if rows else ((), (), ())
    return Edges(
        np.array(source, dtype=np.int64), np.array(target, dtype=np.int64),
        np.array(weight, dtype=np.float64), node_count + 1, sink,
    )  # fmt: skip


@dataclass(frozen=True)
class WindowEdges:
    """The scoring graph of one window over external node ids (Neo4j account ids).

    ``source``/``target`` hold those ids; the sink is ``sink``, an id no account has.
    ``interactions`` counts the events behind the edges.
    """

    source: IntArray
    target: IntArray
    weight: FloatArray
    sink: int
    interactions: int


def _pairs(
    source: IntArray, target: IntArray, weight: FloatArray, undecayed: FloatArray, n: int
) -> tuple[IntArray, IntArray, FloatArray, FloatArray, IntArray]:
    """Per distinct (source, target) pair, sorted by ``source * n + target``: the pair, the
    ``log(1 + sum)`` of its event weights and of their full strengths, and the number of
    events."""
    keys, inverse = np.unique(source * n + target, return_inverse=True)
    sums = np.bincount(inverse, weights=weight, minlength=len(keys))
    full = np.bincount(inverse, weights=undecayed, minlength=len(keys))
    events = np.bincount(inverse, minlength=len(keys))
    return keys // n, keys % n, np.log1p(sums), np.log1p(full), events.astype(np.int64)


def dense_ids(nodes: IntArray) -> tuple[IntArray, IntArray]:
    """``np.unique(nodes, return_inverse=True)`` for non-negative ids: by a lookup table
    instead of a sort when the ids are dense enough (Neo4j ids are: 0.4 s instead of 2.8 s for
    the 15M ids of a 10M-event window)."""
    top = int(nodes.max())
    if top > 4 * len(nodes) + 1_000_000:
        ids, index = np.unique(nodes, return_inverse=True)
        return ids, index.ravel()
    present = np.zeros(top + 1, dtype=bool)
    present[nodes] = True
    ids = np.flatnonzero(present)
    position = np.zeros(len(present), dtype=np.int64)
    position[ids] = np.arange(len(ids), dtype=np.int64)
    return ids.astype(np.int64), position[nodes]


def _mutual(ps: IntArray, pt: IntArray, p: FloatArray, n: int) -> FloatArray:
    """For each pair (sorted as ``_pairs`` gives them), the weight of the reverse pair (0 if
    none)."""
    return reverse_weights(ps * n + pt, pt * n + ps, p)


def reverse_weights(keys: IntArray, wanted: IntArray, p: FloatArray) -> FloatArray:
    """``p`` of each ``wanted`` key in the sorted ``keys`` (0 where absent)."""
    if len(keys) == 0:
        return np.zeros(len(wanted))
    # Looked up in sorted order (binary searches that walk the keys in step are cache-friendly:
    # 1.3 s instead of 4.3 s for 7.5M pairs), then put back in the pairs' order.
    order = np.argsort(wanted)
    found_at = np.empty(len(wanted), dtype=np.int64)
    found_at[order] = np.searchsorted(keys, wanted[order])
    at = np.minimum(found_at, len(keys) - 1)
    return np.where(keys[at] == wanted, p[at], 0.0)


def window_edges(
    source: IntArray, target: IntArray, weight: FloatArray, gaming: GamingConfig,
    sink: int | None = None, undecayed: FloatArray | None = None,
) -> WindowEdges:  # fmt: skip
    """``scoring_edges(pair_weights(...))`` for arrays of events, vectorised (steps 2-5).

    ``source``/``target`` are non-negative node ids of the events' accounts; events of one
    account to itself must already be left out (as must same-owner pairs). ``weight``: the
    events' decayed weights; ``undecayed``: their full strengths (default ``weight``: nothing
    has aged). ``sink`` is the sink's id: give one that no account has (e.g. the largest
    account id of the database + 1; an account outside the window may hold the id after the
    window's largest); default: the largest id of the events + 1.
    """
    if len(source) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return WindowEdges(empty, empty, np.zeros(0), 0, 0)
    ids, index = dense_ids(np.concatenate([source, target]))
    n = len(ids)
    full_strength = weight if undecayed is None else undecayed
    ps, pt, p, capacity, events = _pairs(
        index[: len(source)], index[len(source) :], weight, full_strength, n
    )
    back = _mutual(ps, pt, p, n)
    kept = p - gaming.reciprocity_discount * np.minimum(p, back)
    given = np.bincount(ps, weights=p, minlength=n)
    open_in = np.bincount(pt, weights=np.where(back == 0.0, p, 0.0), minlength=n)
    half = gaming.standing_half_saturation
    first = open_in / (open_in + half)
    vouch = np.where(back > 0.0, first[ps] * p / given[ps], 0.0)
    earned = open_in + gaming.standing_vouching * np.bincount(pt, weights=vouch, minlength=n)
    floor = gaming.standing_floor
    standing = floor + (1.0 - floor) * earned / (earned + half)
    keep = kept * standing[ps] > 0.0
    passed_weight = kept[keep] * standing[ps[keep]]
    passed = np.bincount(ps[keep], weights=passed_weight, minlength=n)
    rest = np.bincount(ps, weights=capacity, minlength=n) - passed
    senders = np.flatnonzero(rest > 0.0)
    sink = int(ids[-1]) + 1 if sink is None else sink
    if sink in ids:
        raise ValueError(f"the sink id {sink} is the id of an account of the window")
    return WindowEdges(
        source=np.concatenate([ids[ps[keep]], ids[senders]]),
        target=np.concatenate([ids[pt[keep]], np.full(len(senders), sink, dtype=np.int64)]),
        weight=np.concatenate([passed_weight, rest[senders]]),
        sink=sink,
        interactions=int(events.sum()),
    )
