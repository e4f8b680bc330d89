"""Topic lab: do topic scores predict who gets engaged on a topic next, and can a farm buy one?

Reads the timestamped real sets whose interactions carry topics (``../shared/data``: the
Quantum Computing Stack Exchange dump, a question's tags on its answers and comments; Enron
e-mail, its four topic labels) and, offline with the numpy reference PageRank (GDS's
semantics), compares three rankings of each topic's population:

- ``count``: distinct engagers on the topic in the window (the baseline to beat);
- ``scoring-6``: the topic model until scoring-7 (``log(1 + sum)`` per pair, the mutual part
  removed, no standing, no sink), kept here only to compare with;
- ``clout``: ``clout.scoring.topics.topic_edges`` with the shipped constants.

Backtest: at 5 cutoffs (40-80 % of each set's time span) the 90-day window before the cutoff
is scored; the truth is each (topic, person)'s distinct engagers on that topic in the next 30
days; per topic with at least 10 people, Spearman and NDCG@10 over its population (people
engaged on it in the window), averaged over topics and cutoffs. Farms: at the 80 % cutoff, 10
new accounts like each other 1-3 times and a median person of each of the 5 busiest topics 3
times, all on that topic; the gain is that person's percentile in the topic::

    python -m bench.topic_lab [--data ../shared/data]
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from clout import config
from clout.evaluate import metrics
from clout.loader.stackexchange import stackexchange_rows
from clout.scoring import reference, topics, weights
from clout.scoring.config import ScoringConfig
from clout.scoring.events import Tags
from clout.scoring.weights import FloatArray, IntArray

DAY = 86400
Raw = dict[tuple[int, int], float]  # (topic index, account) -> rank above the baseline


@dataclass(frozen=True)
class TaggedSet:
    actor: IntArray
    target: IntArray
    at: IntArray
    kind_weight: FloatArray
    tags: list[list[str]]

    def ordered(self) -> TaggedSet:
        o = np.argsort(self.at, kind="stable")
        return TaggedSet(
            self.actor[o],
            self.target[o],
            self.at[o],
            self.kind_weight[o],
            [self.tags[i] for i in o],
        )

    def select(self, keep: np.ndarray) -> TaggedSet:
        return TaggedSet(
            self.actor[keep],
            self.target[keep],
            self.at[keep],
            self.kind_weight[keep],
            [self.tags[i] for i in np.flatnonzero(keep)],
        )


def quantum(data: Path, cfg: ScoringConfig) -> TaggedSet:
    rows = list(stackexchange_rows(data / "stackexchange_quantum" / "Posts.xml"))
    ids: dict[str, int] = {}
    actor = np.array([ids.setdefault(r.actor, len(ids)) for r in rows])
    target = np.array([ids.setdefault(r.target, len(ids)) for r in rows])
    at = pd.to_datetime([r.timestamp for r in rows]).astype("int64").to_numpy() // 10**9
    kind = np.array([cfg.kind_weights[r.type] for r in rows])
    return TaggedSet(actor, target, at, kind, [list(r.topics or []) for r in rows]).ordered()


def enron(data: Path, cfg: ScoringConfig) -> TaggedSet:
    frame = pd.read_csv(data / "enron_emails.csv")
    frame = frame[(frame.sender_id != frame.recipient_id) & (frame.time > "1990")]
    at = pd.to_datetime(frame.time).astype("int64").to_numpy() // 10**9
    kind = np.full(len(frame), cfg.kind_weights["MENTIONED"])  # e-mail: the shipped mapping
    tags = [[f"topic{x}"] for x in frame.topic]
    return TaggedSet(
        frame.sender_id.to_numpy(), frame.recipient_id.to_numpy(), at, kind, tags
    ).ordered()


def _raw(ranks: FloatArray, stride: int, nodes: int, baseline: float) -> Raw:
    above = ranks[:nodes] - baseline
    found = np.flatnonzero(above > 1e-12)
    return {(int(x % stride), int(x // stride)): float(above[x]) for x in found}


def _rank(
    source: IntArray, target: IntArray, weight: FloatArray, n: int, cfg: ScoringConfig
) -> FloatArray:
    return reference.rank(
        source,
        target,
        weight,
        n,
        damping=cfg.damping,
        max_iterations=cfg.max_iterations,
        tolerance=cfg.tolerance,
    )


def clout_model(s: TaggedSet, w: FloatArray, sel: list[str], cfg: ScoringConfig) -> Raw:
    sink_account = int(max(s.actor.max(), s.target.max())) + 1
    graph, stride = topics.topic_edges(
        s.actor, s.target, w, Tags.of_lists(s.tags), sel, cfg.gaming, sink_account, s.kind_weight
    )
    ranks = _rank(graph.source, graph.target, graph.weight, graph.sink + 1, cfg)
    return _raw(ranks, stride, graph.sink, cfg.baseline)


def scoring6_model(s: TaggedSet, w: FloatArray, sel: list[str], cfg: ScoringConfig) -> Raw:
    tags = Tags.of_lists(s.tags)
    event, source, target, stride = topics.topic_nodes(s.actor, s.target, tags, sel)
    n = (int(max(s.actor.max(), s.target.max())) + 1) * stride
    keys, inverse = np.unique(source * n + target, return_inverse=True)
    p = np.log1p(np.bincount(inverse, weights=w[event], minlength=len(keys)))
    back = weights.reverse_weights(keys, (keys % n) * n + keys // n, p)
    q = p - np.minimum(p, back)  # scoring-6's [topics].reciprocity_discount = 1
    keep = q > 0
    ranks = _rank(keys[keep] // n, keys[keep] % n, q[keep], n, cfg)
    return _raw(ranks, stride, n, cfg.baseline)


MODELS: dict[str, Callable[[TaggedSet, FloatArray, list[str], ScoringConfig], Raw]] = {
    "scoring-6": scoring6_model,
    "clout": clout_model,
}


def engagers(s: TaggedSet, sel: list[str]) -> dict[tuple[int, int], int]:
    index = {name: i for i, name in enumerate(sel)}
    found: dict[tuple[int, int], set[int]] = defaultdict(set)
    for a, t, tags in zip(s.actor.tolist(), s.target.tolist(), s.tags, strict=True):
        for tag in set(tags):
            if tag in index:
                found[(index[tag], t)].add(a)
    return {k: len(v) for k, v in found.items()}


def window(
    s: TaggedSet, cutoff: int, cfg: ScoringConfig
) -> tuple[TaggedSet, FloatArray, list[str]]:
    win = s.select((s.at > cutoff - 90 * DAY) & (s.at <= cutoff))
    age = (cutoff - win.at) / DAY
    w = weights.event_weight(win.kind_weight, 1.0, age, cfg.half_life_days, cfg.lasting_share)
    tags = Tags.of_lists(win.tags)
    return win, w, topics.select(topics.activity(win.target, tags), cfg.topics)


def backtest(s: TaggedSet, cfg: ScoringConfig) -> dict[str, dict[str, float]]:
    found: dict[tuple[str, str], list[float]] = defaultdict(list)
    span = int(s.at.max() - s.at.min())
    for share in (0.4, 0.5, 0.6, 0.7, 0.8):
        cutoff = int(s.at.min()) + int(share * span)
        win, w, sel = window(s, cutoff, cfg)
        if not sel:
            continue
        count = engagers(win, sel)
        truth = engagers(s.select((s.at > cutoff) & (s.at <= cutoff + 30 * DAY)), sel)
        raws = {name: model(win, w, sel, cfg) for name, model in MODELS.items()}
        for ti in range(len(sel)):
            population = sorted(k for k in count if k[0] == ti)
            actual = np.array([truth.get(k, 0) for k in population], dtype=np.float64)
            if len(population) < 10 or actual.max() == 0:
                continue
            ranked = {"count": np.array([count[k] for k in population], dtype=np.float64)}
            ranked |= {n: np.array([r.get(k, 0.0) for k in population]) for n, r in raws.items()}
            for name, predicted in ranked.items():
                found[(name, "spearman")].append(metrics.spearman(predicted, actual))
                found[(name, "ndcg@10")].append(metrics.ndcg_at_k(predicted, actual, 10))
                found[(name, "topics")].append(1.0)
    return {
        name: {
            "spearman": float(np.nanmean(found[(name, "spearman")])),
            "ndcg@10": float(np.nanmean(found[(name, "ndcg@10")])),
            "topic-cutoffs": float(len(found[(name, "topics")])),
        }
        for name in ["count", *MODELS]
    }


def farms(
    s: TaggedSet, cfg: ScoringConfig, size: int = 10, likes: int = 3
) -> dict[str, list[float]]:
    rng = np.random.default_rng(5)
    cutoff = int(s.at.min()) + int(0.8 * int(s.at.max() - s.at.min()))
    base = s.select((s.at > cutoff - 90 * DAY) & (s.at <= cutoff))
    win, w, sel = window(base, cutoff, cfg)
    before = {name: model(win, w, sel, cfg) for name, model in MODELS.items()}
    first = int(max(s.actor.max(), s.target.max())) + 1
    members = list(range(first, first + size))
    gains: dict[str, list[float]] = defaultdict(list)
    for ti, topic in enumerate(sel[:5]):
        population = sorted({acc for (x, acc) in before["clout"] if x == ti})
        beneficiary = population[len(population) // 2]
        actor: list[int] = []
        target: list[int] = []
        for m in members:
            for other in members:
                if other != m:
                    n = int(rng.integers(1, 4))
                    actor += [m] * n
                    target += [other] * n
            actor += [m] * likes
            target += [beneficiary] * likes
        farmed = TaggedSet(
            np.concatenate([base.actor, actor]),
            np.concatenate([base.target, target]),
            np.concatenate([base.at, cutoff - rng.integers(0, 30 * DAY, len(actor))]),
            np.concatenate([base.kind_weight, np.full(len(actor), cfg.kind_weights["LIKED"])]),
            base.tags + [[topic]] * len(actor),
        )
        win2, w2, sel2 = window(farmed, cutoff, cfg)
        for name, model in MODELS.items():
            after = model(win2, w2, sel2, cfg)
            gains[name].append(
                _percentile(after, sel2.index(topic), beneficiary)
                - _percentile(before[name], ti, beneficiary)
            )
    return dict(gains)


def _percentile(raw: Raw, topic: int, account: int) -> float:
    values = np.sort([v for (t, _), v in raw.items() if t == topic])
    mine = raw.get((topic, account), 0.0)
    return 100.0 * float(np.searchsorted(values, mine, side="right")) / max(1, len(values))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=Path(__file__).parents[1] / ".." / "shared" / "data"
    )
    args = parser.parse_args()
    cfg = config.load().scoring
    print(f"config {cfg.version}; Spearman / NDCG@10, mean over topics and cutoffs")
    for name, read in (("quantum", quantum), ("enron", enron)):
        s = read(args.data, cfg)
        result = backtest(s, cfg)
        cells = "  ".join(
            f"{m}: {r['spearman']:.3f} / {r['ndcg@10']:.3f}" for m, r in result.items()
        )
        print(f"{name} ({result['count']['topic-cutoffs']:.0f} topic-cutoffs)  {cells}")
        for model, gains in farms(s, cfg).items():
            print(f"  farm gains, {model}: " + " ".join(f"{g:+.0f}" for g in gains))


if __name__ == "__main__":
    main()
