"""How interactions become the weighted edges that influence flows along (pure numpy).

``pair_weights`` and ``scoring_edges`` are the readable specification (dicts and loops);
``window_edges`` is the vectorised implementation every scoring run uses, and tests check that
both give the same edges. The constants are ``[scoring]`` and ``[gaming]`` of ``clout.toml``.

1. One interaction event weighs ``kind_weight * count * (lasting + (1 - lasting) *
   0.5 ** (age_days / half_life_days))``: a fresh interaction counts fully, the decaying part
   halves every half-life, the ``lasting`` share stays for the whole window. Its full strength
   is the same without the decay, ``kind_weight * count``.
2. Events of one pair (actor -> target) are added up and mapped with ``sum ** pair_exponent``
   (``log(1 + sum)`` when the exponent is 0, the rule until scoring-5): repeated interactions
   between the same pair have diminishing returns. This is done for the decayed weights (the
   pair weight ``p``) and for the full strengths (the pair's capacity).
3. Reciprocity: the mutual part ``min(p(a->b), p(b->a))`` of a pair, times
   ``reciprocity_discount``, is removed from both directions.
4. Standing: what an account passes on is scaled by
   ``floor' + (1 - floor') * earned / (earned + half')``. ``earned`` is the pair weight it
   receives from accounts it does not engage back (``open``), plus, times ``standing_vouching``,
   what its two-way partners vouch: each partner ``u`` vouches ``first(u) * p(u -> v) /
   given(u)``, its own first-step standing ``first = open / (open + half_saturation)`` times the
   share of its weight it gives ``v``. An ordinary account (nobody engages it) passes on
   ``floor' = standing_floor``: its interactions count, less than an influential account's,
   never nothing. A *circle* loses that: ``floor' = standing_floor * exp(-circle /
   circle_scale)``, where ``circle`` is the weight it receives from two-way partners, each
   counted ``1 - first(partner)`` (partners nobody else engages count fully), and the half
   saturation grows to ``half' = half_saturation * (1 + (ratio / circle_ratio) **
   circle_exponent)`` with ``ratio`` = the weight it receives from two-way partners over
   ``open + half_saturation``: an account engaged mostly by the accounts it engages back must
   earn its standing outside the circle. So the members of a like-farm who only engage each
   other pass on nothing, and a farm member that got a real like passes on little.
5. Co-engagement: an edge ``u -> v`` is divided by ``1 + coengagement * c``, where ``c`` adds up
   ``1 - first(y)`` over ``u``'s two-way partners ``y`` that also engage ``v``: accounts that
   engage each other and all engage the same person count as one voice, not many (a pod).
6. Each account divides its influence by what it gave at full strength (its pairs'
   capacities), but by at least ``min_out_weight``: an account that engages little passes each
   interaction ``weight / min_out_weight`` of its rank instead of everything, so every engager
   counts (breadth), and one that engages more than that shares its rank among its
   interactions (PageRank). What age (1), reciprocity (3), standing (4), co-engagement (5) and
   that remainder took off goes to a sink node that sends nothing and is never scored. So
   influence passed along an old interaction fades with its age, and an edge with nothing left
   to pass on is not emitted.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

from clout.scoring.config import GamingConfig

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
DAY_S = 86400.0


def event_weight(
    kind_weight: FloatArray | float,
    count: FloatArray | float,
    age_days: FloatArray | float,
    half_life_days: float,
    lasting: float = 0.0,
) -> FloatArray:
    """The decayed weight of interaction events (step 1)."""
    decay = np.power(0.5, np.asarray(age_days, dtype=np.float64) / half_life_days)
    return np.asarray(kind_weight * count * (lasting + (1.0 - lasting) * decay))


def pair_value(total: FloatArray | float, exponent: float) -> FloatArray:
    """A pair's summed weight after diminishing returns (step 2)."""
    values = np.asarray(total, dtype=np.float64)
    return np.log1p(values) if exponent == 0 else np.power(values, exponent)


@dataclass(frozen=True)
class Edges:
    """Directed weighted edges over nodes ``0 .. node_count - 1``; ``sink`` is one of them."""

    source: IntArray
    target: IntArray
    weight: FloatArray
    node_count: int
    sink: int


Pairs = dict[tuple[int, int], float]


def pair_weights(
    actor: IntArray, target: IntArray, weight: FloatArray, exponent: float = 0.0
) -> Pairs:
    """The summed event weights of each pair after diminishing returns, self-pairs dropped
    (step 2)."""
    sums: dict[tuple[int, int], float] = {}
    for a, b, w in zip(actor.tolist(), target.tolist(), weight.tolist(), strict=True):
        if a != b:
            sums[(a, b)] = sums.get((a, b), 0.0) + w
    return {pair: float(pair_value(total, exponent)) for pair, total in sums.items()}


def standing_of(
    open_in: FloatArray,
    circle: FloatArray,
    ratio: FloatArray,
    earned: FloatArray,
    gaming: GamingConfig,
) -> FloatArray:
    """Step 4: the share of its weight an account passes on."""
    floor = np.full(len(open_in), gaming.standing_floor)
    half = np.full(len(open_in), gaming.standing_half_saturation)
    if gaming.circle_scale > 0:
        floor = floor * np.exp(-circle / gaming.circle_scale)
    if gaming.circle_ratio > 0:
        half = half * (1.0 + (ratio / gaming.circle_ratio) ** gaming.circle_exponent)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(earned > 0, earned / (earned + half), 0.0)
    return np.asarray(floor + (1.0 - floor) * share)


def scoring_edges(
    pairs: Pairs, node_count: int, gaming: GamingConfig, capacity: Pairs | None = None
) -> Edges:
    """The edges PageRank runs on (steps 3-6); the sink is node ``node_count``. ``capacity``:
    the pairs of the events' full strengths (``pair_weights`` of them); default ``pairs``
    (nothing has aged)."""
    half = gaming.standing_half_saturation
    kept: dict[tuple[int, int], float] = {}
    given, full = np.zeros(node_count), np.zeros(node_count)
    open_in, mutual_in = np.zeros(node_count), np.zeros(node_count)
    partners: dict[int, set[int]] = {}
    for (a, b), p in pairs.items():
        back = pairs.get((b, a), 0.0)
        kept[(a, b)] = p - gaming.reciprocity_discount * min(p, back)
        given[a] += p
        full[a] += p if capacity is None else capacity[(a, b)]
        if back == 0.0:
            open_in[b] += p
        else:
            mutual_in[b] += p
            partners.setdefault(a, set()).add(b)
    first = open_in / (open_in + half)
    vouched, circle = np.zeros(node_count), np.zeros(node_count)
    for (a, b), p in pairs.items():
        if pairs.get((b, a), 0.0) > 0.0:
            vouched[b] += first[a] * p / given[a]
            circle[b] += p * (1.0 - first[a])
    earned = open_in + gaming.standing_vouching * vouched
    standing = standing_of(open_in, circle, mutual_in / (open_in + half), earned, gaming)
    rows: list[tuple[int, int, float]] = []
    passed = np.zeros(node_count)
    for (a, b), q in kept.items():
        pod = sum(1.0 - first[y] for y in partners.get(a, ()) if (y, b) in pairs)
        value = q * standing[a] / (1.0 + gaming.coengagement * pod)
        if value > 0.0:
            rows.append((a, b, value))
            passed[a] += value
    sink = node_count
    out = np.where(full > 0, np.maximum(full, gaming.min_out_weight), 0.0)
    for a in np.flatnonzero(out - passed > 0.0).tolist():
        rows.append((a, sink, float(out[a] - passed[a])))
    source, target, weight = zip(*rows, strict=True) if rows else ((), (), ())
    return Edges(
        np.array(source, dtype=np.int64),
        np.array(target, dtype=np.int64),
        np.array(weight, dtype=np.float64),
        node_count + 1,
        sink,
    )


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
    source: IntArray,
    target: IntArray,
    weight: FloatArray,
    undecayed: FloatArray,
    n: int,
    exponent: float,
) -> tuple[IntArray, IntArray, FloatArray, FloatArray, IntArray]:
    """Per distinct (source, target) pair, sorted by ``source * n + target``: the pair, its
    event weights and full strengths after diminishing returns, and the number of events."""
    keys, inverse = np.unique(source * n + target, return_inverse=True)
    sums = np.bincount(inverse, weights=weight, minlength=len(keys)).astype(np.float64)
    full = np.bincount(inverse, weights=undecayed, minlength=len(keys)).astype(np.float64)
    events = np.bincount(inverse, minlength=len(keys))
    return (
        keys // n,
        keys % n,
        pair_value(sums, exponent),
        pair_value(full, exponent),
        events.astype(np.int64),
    )


def dense_ids(nodes: IntArray) -> tuple[IntArray, IntArray]:
    """``np.unique(nodes, return_inverse=True)`` for non-negative ids: by a lookup table
    instead of a sort when the ids are dense enough (Neo4j ids are; docs/benchmarks.md,
    "Measured choices")."""
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


def reverse_weights(keys: IntArray, wanted: IntArray, p: FloatArray) -> FloatArray:
    """``p`` of each ``wanted`` key in the sorted ``keys`` (0 where absent)."""
    if len(keys) == 0:
        return np.zeros(len(wanted))
    # Looked up in sorted order (binary searches that walk the keys in step are cache-friendly;
    # docs/benchmarks.md, "Measured choices"), then put back in the pairs' order.
    order = np.argsort(wanted)
    found_at = np.empty(len(wanted), dtype=np.int64)
    found_at[order] = np.searchsorted(keys, wanted[order])
    at = np.minimum(found_at, len(keys) - 1)
    return np.where(keys[at] == wanted, p[at], 0.0)


def _sum_by(index: IntArray, values: FloatArray, n: int) -> FloatArray:
    """``values`` added up per ``index`` in ``0 .. n - 1``."""
    return np.bincount(index, weights=values, minlength=n).astype(np.float64)


# Partner-target combinations looked at per block in ``coengaged`` (bounds its memory).
BLOCK = 4_000_000


def coengaged(
    ps: IntArray,
    pt: IntArray,
    two_way: npt.NDArray[np.bool_],
    partner_weight: FloatArray,
    n: int,
) -> FloatArray:
    """Step 5's ``c`` for each pair ``ps -> pt`` (sorted as ``_pairs`` gives them): the
    ``partner_weight`` of ``ps``'s two-way partners that also engage ``pt``."""
    result = np.zeros(len(ps))
    if not two_way.any():
        return result
    engages = sparse.csr_matrix((np.ones(len(ps)), (ps, pt)), shape=(n, n))
    partner_of = sparse.csr_matrix(
        (partner_weight[pt[two_way]], (ps[two_way], pt[two_way])), shape=(n, n)
    )
    accounts = np.unique(ps[two_way])
    # Each account's row of the product holds this many partner-target combinations.
    reach_of = np.cumsum(np.asarray(partner_of[accounts] @ np.diff(engages.indptr)).ravel())
    start = 0
    while start < len(accounts):
        done = reach_of[start - 1] if start else 0
        stop = max(start + 1, int(np.searchsorted(reach_of, done + BLOCK, side="right")))
        rows = accounts[start:stop]
        reach = (partner_of[rows] @ engages).multiply(engages[rows]).tocoo()
        keys = rows[reach.row] * n + reach.col
        order = np.argsort(keys)
        result += reverse_weights(keys[order], ps * n + pt, np.asarray(reach.data)[order])
        start = stop
    return result


def window_edges(
    source: IntArray,
    target: IntArray,
    weight: FloatArray,
    gaming: GamingConfig,
    sink: int | None = None,
    undecayed: FloatArray | None = None,
) -> WindowEdges:
    """``scoring_edges(pair_weights(...))`` for arrays of events, vectorised (steps 2-6).

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
        index[: len(source)],
        index[len(source) :],
        weight,
        full_strength,
        n,
        gaming.pair_exponent,
    )
    back = reverse_weights(ps * n + pt, pt * n + ps, p)
    two_way = back > 0.0
    kept = p - gaming.reciprocity_discount * np.minimum(p, back)
    given = _sum_by(ps, p, n)
    half = gaming.standing_half_saturation
    open_in = _sum_by(pt, np.where(two_way, 0.0, p), n)
    mutual_in = _sum_by(pt, np.where(two_way, p, 0.0), n)
    first = open_in / (open_in + half)
    vouch = np.where(two_way, first[ps] * p / given[ps], 0.0)
    earned = open_in + gaming.standing_vouching * _sum_by(pt, vouch, n)
    circle = _sum_by(pt, np.where(two_way, p * (1.0 - first[ps]), 0.0), n)
    standing = standing_of(open_in, circle, mutual_in / (open_in + half), earned, gaming)
    value = kept * standing[ps]
    if gaming.coengagement > 0:
        value = value / (1.0 + gaming.coengagement * coengaged(ps, pt, two_way, 1 - first, n))
    keep = value > 0.0
    passed = _sum_by(ps[keep], value[keep], n)
    full = _sum_by(ps, capacity, n)
    rest = np.where(full > 0, np.maximum(full, gaming.min_out_weight), 0.0) - passed
    senders = np.flatnonzero(rest > 0.0)
    sink = int(ids[-1]) + 1 if sink is None else sink
    if sink in ids:
        raise ValueError(f"the sink id {sink} is the id of an account of the window")
    return WindowEdges(
        source=np.concatenate([ids[ps[keep]], ids[senders]]),
        target=np.concatenate([ids[pt[keep]], np.full(len(senders), sink, dtype=np.int64)]),
        weight=np.concatenate([value[keep], rest[senders]]),
        sink=sink,
        interactions=int(events.sum()),
    )


def fold_leaves(edges: WindowEdges, first_id: int, bin_share: float = 0.5) -> WindowEdges:
    """An equivalent, smaller graph for PageRank: the same rank for every node that receives
    anything, with the leaves (nodes that receive nothing) folded into a few hub nodes.

    A leaf's rank is ``1 - damping`` whatever the graph, so what it gives a target is fixed:
    that share ``w / W`` of its rank (``W``: all it sends, its sink edge included). Hub nodes
    ``first_id, first_id + 1, ...`` (ids no node has; they receive nothing either) send the
    same shares, added up per target, plus the rest of 1 to the sink: a hub's out-weight is 1,
    so it passes each target exactly the leaves' total. The leaves' edges are sorted by target
    and cut into hubs of at most ``2 * bin_share`` each, so a target is sent to by one hub or
    two. A leaf that gives any target more than ``bin_share`` stays as it is. Ranks are equal up
    to rounding (a unit test checks it); the leaves and the hubs are not in the result.
    """
    s, t, w = edges.source, edges.target, edges.weight
    if len(s) == 0:
        return edges
    ids, at = np.unique(s, return_inverse=True)
    share = w / np.bincount(at, weights=w)[at]
    real = t != edges.sink
    large = np.zeros(len(ids), dtype=bool)
    np.logical_or.at(large, at, real & (share > bin_share))
    leaf = ~np.isin(ids, t[real]) & ~large
    folded = leaf[at]
    given = np.flatnonzero(folded & real)
    given = given[np.argsort(t[given], kind="stable")]
    hub_of = np.floor(np.cumsum(share[given]) / bin_share).astype(np.int64)
    span = int(t[real].max()) + 1 if real.any() else 1
    keys, inverse = np.unique(hub_of * span + t[given], return_inverse=True)
    sent = np.bincount(inverse, weights=share[given])
    hub, to = keys // span, keys % span
    rest = 1.0 - np.bincount(hub, weights=sent, minlength=int(hub.max()) + 1 if len(hub) else 0)
    hubs = np.flatnonzero(rest > 0.0)
    return WindowEdges(
        source=np.concatenate([s[~folded], first_id + hub, first_id + hubs]),
        target=np.concatenate([t[~folded], to, np.full(len(hubs), edges.sink, dtype=np.int64)]),
        weight=np.concatenate([w[~folded], sent, rest[hubs]]),
        sink=edges.sink,
        interactions=edges.interactions,
    )
