"""Topic scores, the pure part: which topics qualify, how weight is attributed, and the rows.

``topic_pairs`` is the readable specification; ``topic_edges`` the vectorised implementation
that scoring runs use (tests check that they agree):

1. Only interactions the main score counts (kinds, window, network, no self-interactions, no
   pairs with the same owner) and that carry a qualifying topic count.
2. An event weighs what it weighs in the main score (``kind_weight * count * decay``, and its
   full strength) on each of its qualifying topics (a question tagged ``a`` and ``b`` is about
   both, fully).
3. Each topic's graph is weighed as the main score weighs the whole graph
   (``clout.scoring.weights``, steps 2-6, with ``[gaming]``): pairs with diminishing returns,
   standing, circles and pods, each account passing at least ``min_out_weight``'s share of
   its rank per interaction, the rest to one sink. The nodes are (account, topic) pairs, so an
   account's standing on a topic is earned on that topic.

Until ``scoring-7`` topics had a model of their own: ``log(1 + sum)`` per pair, the mutual part
removed (``[topics].reciprocity_discount = 1``), no standing and no sink. It lost to counting
distinct engagers per topic on both tagged real sets, let one interaction from a topic's busiest
account lift a person into that topic's top 5 %, and a like-farm lift a median person by up to
86 percentiles (docs/evidence.md, "scoring-7").

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

from clout.scoring import calibrate, people, weights
from clout.scoring.config import CalibrationConfig, GamingConfig, TopicsConfig
from clout.scoring.events import Tags
from clout.scoring.weights import FloatArray, IntArray, Pairs, WindowEdges


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


def topic_nodes(
    source: IntArray, target: IntArray, tags: Tags, selected: Sequence[str]
) -> tuple[IntArray, IntArray, IntArray, int]:
    """Step 1-2's attribution: for each (event, qualifying topic) pair, the event and the
    (account, topic) nodes of its ends, ``account * stride + topic index``; and ``stride``
    (the number of topics + 1)."""
    stride = len(selected) + 1
    event, topic, names = tags.pairs()
    chosen = pd.Index(list(selected), dtype=object).get_indexer(pd.Index(names, dtype=object))
    ti = chosen[topic] if len(names) else np.zeros(0, dtype=np.int64)
    event, ti = event[ti >= 0], ti[ti >= 0]
    return event, source[event] * stride + ti, target[event] * stride + ti, stride


def topic_edges(
    source: IntArray,
    target: IntArray,
    weight: FloatArray,
    tags: Tags,
    selected: Sequence[str],
    gaming: GamingConfig,
    sink_account: int,
    undecayed: FloatArray | None = None,
) -> tuple[WindowEdges, int]:
    """``topic_pairs`` vectorised, as one graph: the disjoint union of the topic graphs, whose
    nodes are ``account id * stride + topic index``, and ``stride``. ``source``/``target`` are
    non-negative account ids (self-pairs left out), ``weight``/``undecayed`` the events' decayed
    weights and full strengths (default: nothing has aged). The sink is ``sink_account *
    stride``: give an account id above every account's, so no (account, topic) node is it."""
    event, nodes_from, nodes_to, stride = topic_nodes(source, target, tags, selected)
    full = None if undecayed is None else undecayed[event]
    edges = weights.window_edges(
        nodes_from, nodes_to, weight[event], gaming, sink_account * stride, full
    )
    return edges, stride


def topic_pairs(
    actor: IntArray,
    target: IntArray,
    weight: FloatArray,
    topics: Sequence[Sequence[str]],
    selected: Sequence[str],
    gaming: GamingConfig,
    undecayed: FloatArray | None = None,
) -> dict[str, Pairs]:
    """Per selected topic, the edges of its graph over its accounts; the sink is account -1."""
    full = weight if undecayed is None else undecayed
    edges: dict[str, Pairs] = {}
    for name in selected:
        on = np.array([name in set(tags) for tags in topics], dtype=bool)
        ids, index = np.unique(np.concatenate([actor[on], target[on]]), return_inverse=True)
        a, b = index[: int(on.sum())], index[int(on.sum()) :]
        pairs = weights.pair_weights(a, b, weight[on], gaming.pair_exponent)
        capacity = weights.pair_weights(a, b, full[on], gaming.pair_exponent)
        found = weights.scoring_edges(pairs, len(ids), gaming, capacity)
        label = np.append(ids, -1)
        edges[name] = {
            (int(label[x]), int(label[y])): w
            for x, y, w in zip(
                found.source.tolist(), found.target.tolist(), found.weight.tolist(), strict=True
            )
        }
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
