"""Topic scores, the pure part: which topics qualify, how weight is attributed, and the rows.

``topic_pairs`` is the readable specification; ``topic_edges`` the vectorised implementation
that scoring runs use (tests check that they agree):

1. Only interactions the main score counts (kinds, window, network, no self-interactions, no
   pairs with the same owner) and that carry a qualifying topic count.
2. An event weighs what it weighs in the main score (``kind_weight * count * decay``) on each
   of its qualifying topics (a question tagged ``a`` and ``b`` is about both, fully).
3. Per topic and pair, the weights are added up and mapped with ``log(1 + sum)`` (diminishing
   returns), and the mutual part ``min(p(a->b), p(b->a)) * reciprocity_discount`` is removed
   from both directions, as in the main score.
4. Not reused: standing and the sink. A topic graph is small and sparse; an account passes on
   its whole topic weight to the accounts it engaged on that topic.

A person's raw influence on topic T is, as in the main score, the sum over their accounts of
PageRank above the baseline ``1 - damping`` on T's edges alone; it is calibrated to 1-100 on T's
own population (the people with raw > 0 on T) with ``calibrate.fit``, fitted per run; scores
below ``[topics].min_score`` are not kept, except those of T's ``[topics].leaders`` best people.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from clout.scoring import calibrate, people
from clout.scoring.config import CalibrationConfig, TopicsConfig
from clout.scoring.events import Tags
from clout.scoring.weights import FloatArray, IntArray, Pairs, dense_ids, reverse_weights


def select(rows: Iterable[dict[str, Any]], config: TopicsConfig) -> list[str]:
    """The qualifying topics of ``rows`` ({topic, interactions, people}), busiest first."""
    kept = [
        r
        for r in rows
        if int(r["interactions"]) >= config.min_interactions
        and int(r["people"]) >= config.min_people
    ]
    kept.sort(key=lambda r: (-int(r["interactions"]), str(r["topic"])))
    return [str(r["topic"]) for r in kept[: config.max_topics]]


def activity(target: IntArray, tags: Tags) -> list[dict[str, Any]]:
    """Per topic of the events: ``{topic, interactions, people}`` (people = distinct receiving
    accounts), the input of :func:`select`."""
    event, topic, names = tags.pairs()
    if len(event) == 0:
        return []
    interactions = np.bincount(topic, minlength=len(names))
    received = _distinct(target[event] * len(names) + topic) % len(names)
    people = np.bincount(received, minlength=len(names))
    return [
        {"topic": name, "interactions": int(n), "people": int(k)}
        for name, n, k in zip(names, interactions.tolist(), people.tolist(), strict=True)
        if n
    ]


def _distinct(values: IntArray) -> IntArray:
    """``np.unique(values)`` by a sort: numpy's plain ``np.unique`` is far slower on millions of
    int64 (docs/benchmarks.md, "Measured choices")."""
    ordered = np.sort(values)
    first = np.ones(len(ordered), dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    return ordered[first]


def topic_edges(
    source: IntArray,
    target: IntArray,
    weight: FloatArray,
    tags: Tags,
    selected: Sequence[str],
    reciprocity_discount: float,
) -> tuple[IntArray, IntArray, FloatArray, int]:
    """``topic_pairs`` vectorised, as one graph: the disjoint union of the topic graphs, whose
    nodes are ``account id * stride + topic index`` (``stride`` = number of topics + 1, also
    returned). ``source``/``target`` are non-negative account ids; self-pairs must be left out.
    """
    stride = len(selected) + 1
    event, topic, names = tags.pairs()
    chosen = pd.Index(list(selected), dtype=object).get_indexer(pd.Index(names, dtype=object))
    ti = chosen[topic] if len(names) else np.zeros(0, dtype=np.int64)
    event, ti = event[ti >= 0], ti[ti >= 0]
    empty = np.zeros(0, dtype=np.int64)
    if len(event) == 0:
        return empty, empty, np.zeros(0), stride
    ids, codes = dense_ids(np.concatenate([source[event], target[event]]))
    n = len(ids)
    s, t = codes[: len(event)], codes[len(event) :]
    keys, inverse = np.unique((ti * n + s) * n + t, return_inverse=True)
    p = np.log1p(np.bincount(inverse, weights=weight[event], minlength=len(keys)))
    pti, rest = keys // (n * n), keys % (n * n)
    ps, pt = rest // n, rest % n
    wanted = (pti * n + pt) * n + ps
    back = reverse_weights(keys, wanted, p)
    q = p - reciprocity_discount * np.minimum(p, back)
    keep = q > 0.0
    return (ids[ps[keep]] * stride + pti[keep], ids[pt[keep]] * stride + pti[keep], q[keep], stride)


def topic_pairs(
    actor: IntArray,
    target: IntArray,
    weight: FloatArray,
    topics: Sequence[Sequence[str]],
    selected: Sequence[str],
    reciprocity_discount: float,
) -> dict[str, Pairs]:
    """Per selected topic, the edge weights of its graph (steps 2-3; self-pairs dropped)."""
    wanted = set(selected)
    sums: dict[str, dict[tuple[int, int], float]] = {t: {} for t in selected}
    for a, b, w, tags in zip(actor.tolist(), target.tolist(), weight.tolist(), topics, strict=True):
        if a == b:
            continue
        for tag in set(tags) & wanted:
            sums[tag][(a, b)] = sums[tag].get((a, b), 0.0) + w
    edges: dict[str, Pairs] = {}
    for tag, pairs in sums.items():
        logged = {pair: float(np.log1p(total)) for pair, total in pairs.items()}
        kept: Pairs = {}
        for (a, b), p in logged.items():
            q = p - reciprocity_discount * min(p, logged.get((b, a), 0.0))
            if q > 0.0:
                kept[(a, b)] = q
        edges[tag] = kept
    return edges


def topic_scores(
    topic: IntArray,
    person: Sequence[str] | npt.NDArray[Any],
    score: FloatArray,
    baseline: float,
    config: CalibrationConfig,
    min_score: int = 1,
    leaders: int = 0,
) -> pd.DataFrame:
    """Topic scores from the ranked (account, topic) nodes of all topics at once.

    ``topic``, ``person`` and ``score`` are parallel: the topic (any integer label) and owner of
    a ranked account (any label), and its rank. Per topic and person, the ranks above
    ``baseline`` are added up (``score_raw``) and calibrated on that topic's own population (the
    people with raw > 0); a topic with fewer than two such people gives none. Returns columns
    ``topic``, ``person``, ``score``, ``score_raw`` for the scores of at least ``min_score`` and
    each topic's ``leaders`` highest raws (ties at the cut-off included), ordered by topic and
    person.
    """
    above = np.asarray(score, dtype=np.float64) - baseline
    above[above < people.EPSILON] = 0.0
    topic_code, topic_label = pd.factorize(np.asarray(topic), sort=True)
    person_code, person_label = pd.factorize(np.asarray(person), sort=True)
    n = max(len(person_label), 1)
    keys, inverse = np.unique(topic_code.astype(np.int64) * n + person_code, return_inverse=True)
    sums = np.asarray(np.bincount(inverse.ravel(), weights=above, minlength=len(keys)), np.float64)
    keys, raw = keys[sums > 0], sums[sums > 0]
    of_topic = keys // n
    # keys are sorted, so each topic's people are one run of them.
    bounds = np.flatnonzero(np.diff(of_topic)) + 1
    calibrated = np.zeros(len(keys), dtype=np.int64)
    kept = np.zeros(len(keys), dtype=bool)
    for start, stop in zip([0, *bounds.tolist()], [*bounds.tolist(), len(keys)], strict=True):
        if stop - start < 2:
            continue
        values = raw[start:stop]
        label = topic_label[of_topic[start]]
        fitted = calibrate.fit(values, config, f"topic:{label}")
        calibrated[start:stop] = calibrate.scores(fitted, values)
        lead = -np.sort(-values)[min(leaders, len(values)) - 1] if leaders > 0 else np.inf
        kept[start:stop] = (calibrated[start:stop] >= min_score) | (values >= lead)
    return pd.DataFrame(
        {
            "topic": np.asarray(topic_label)[of_topic[kept]],
            "person": np.asarray(person_label)[keys[kept] % n],
            "score": calibrated[kept],
            "score_raw": raw[kept],
        }
    )
