"""Model lab: the gaming check and the backtest of ``clout evaluate``, offline, in numpy.

Reads the real sets of ``../shared/data`` (each account its own person, as the README's load
commands give them), builds each window's edges with the model's own
``clout.scoring.weights.window_edges``, ranks with the numpy reference PageRank
(``clout.scoring.reference``, GDS's semantics), adds up per person as ``clout.scoring.people``
does and calibrates with ``clout.scoring.calibrate.fit``. It then reproduces

- ``clout evaluate --gaming``: like-farms of 10, 50 and 200 new accounts planted as
  ``clout.evaluate.gaming.farm`` plants them (same seeds), the beneficiary being the person with
  the median raw influence; reported: members' best score, beneficiary before -> after, median;
- ``clout evaluate``'s backtest: cutoff at 70 % of the counted interactions, a 90-day window,
  truth = interactions received in the next 30 days; clout's raw influence and "interactions
  received" scored with ``clout.evaluate.metrics``.

No database is needed, so a model variant is measured on the three sets in seconds::

    python -m bench.model_lab                               # the shipped config
    python -m bench.model_lab --gaming reciprocity_discount=0.5 --json

Numbers from here are a model lab, not ``clout evaluate`` runs: no Neo4j is involved, and
``percentileDisc`` and GDS's PageRank are reproduced, not called.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import stats

from bench import synth
from clout.evaluate import gaming, metrics
from clout.evaluate.backtest import CUTOFF_SHARE
from clout.scoring import calibrate, config, reference, weights
from clout.scoring.config import GamingConfig, ScoringConfig

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
DAY = 86400.0
DATA = Path(os.environ.get("CLOUT_SHARED_DATA", Path(__file__).parents[2] / "shared" / "data"))
# events' source, target, weight, the gaming constants, the sink's id and the events' full
# strengths -> the window's edges
EdgeBuilder = Callable[
    [IntArray, IntArray, FloatArray, GamingConfig, int, FloatArray | None], weights.WindowEdges
]


@dataclass(frozen=True)
class DataSet:
    """Counted events between accounts ``0 .. accounts - 1``; account ``i`` is person ``i``
    (``names[i]`` is its person id), unless ``owner`` says otherwise."""

    name: str
    names: list[str]
    actor: IntArray
    target: IntArray
    at: FloatArray  # epoch seconds
    kind_weight: FloatArray
    owner: IntArray  # account -> person index (into ``names``)

    def with_events(
        self, names: list[str], owner: IntArray, actor: IntArray, target: IntArray,
        at: FloatArray, kind_weight: float,
    ) -> DataSet:  # fmt: skip
        """The same set plus accounts (owned by ``owner``) and events of one kind."""
        return replace(
            self, names=self.names + names, owner=np.concatenate([self.owner, owner]),
            actor=np.concatenate([self.actor, actor]),
            target=np.concatenate([self.target, target]), at=np.concatenate([self.at, at]),
            kind_weight=np.concatenate([self.kind_weight, np.full(len(actor), kind_weight)]),
        )  # fmt: skip


def _indexed(
    name: str, network: str, rows: list[tuple[str, str, float]], kind_weight: float
) -> DataSet:
    handles: dict[str, int] = {}
    actor = [handles.setdefault(a, len(handles)) for a, _, _ in rows]
    target = [handles.setdefault(t, len(handles)) for _, t, _ in rows]
    return DataSet(
        name=name, names=[f"{network}:{h}" for h in handles],
        actor=np.array(actor, dtype=np.int64), target=np.array(target, dtype=np.int64),
        at=np.array([r[2] for r in rows]), kind_weight=np.full(len(rows), kind_weight),
        owner=np.arange(len(handles), dtype=np.int64),
    )  # fmt: skip


def _utc(text: str) -> float:
    return datetime.fromisoformat(text + "+00:00").timestamp()


def collegemsg(cfg: ScoringConfig) -> DataSet:
    """Messages, loaded with ``--type message`` (MENTIONED)."""
    lines = (DATA / "collegemsg.txt").read_text().split("\n")
    rows = [(s, d, float(t)) for s, d, t in (line.split() for line in lines if line.strip())]
    return _indexed("CollegeMsg", "college", rows, cfg.kind_weights["MENTIONED"])


def enron(cfg: ScoringConfig) -> DataSet:
    """E-mails, loaded with ``--type email`` (MENTIONED); the 1979 rows are kept as loaded."""
    with (DATA / "enron_emails.csv").open() as f:
        rows = [(r["sender_id"], r["recipient_id"], _utc(r["time"])) for r in csv.DictReader(f)]
    return _indexed("Enron", "email", rows, cfg.kind_weights["MENTIONED"])


def bitcoin(cfg: ScoringConfig) -> DataSet:
    """Positive trust ratings only, loaded with ``--type like`` (LIKED)."""
    with (DATA / "bitcoin_otc.csv").open() as f:
        rows = [
            (r["source"], r["target"], float(r["time"]))
            for r in csv.DictReader(f)
            if float(r["weight"]) > 0
        ]
    return _indexed("Bitcoin OTC", "bitcoin", rows, cfg.kind_weights["LIKED"])


def congress(cfg: ScoringConfig) -> DataSet:
    """Congress as ``tests/support/realdata.py`` loads it: probabilities as counts, one date."""
    with (DATA / "congress_interactions.csv").open() as f:
        rows = list(csv.DictReader(f))
    smallest = min(float(r["weight"]) for r in rows)
    at = datetime(2022, 6, 9, tzinfo=UTC).timestamp()
    data = _indexed(
        "Congress", "twitter", [(r["actor_handle"], r["target_handle"], at) for r in rows],
        cfg.kind_weights["MENTIONED"],
    )  # fmt: skip
    count = [max(1, round(float(r["weight"]) / smallest)) for r in rows]
    return replace(data, kind_weight=data.kind_weight * np.array(count, dtype=np.float64))


SETS: dict[str, Callable[[ScoringConfig], DataSet]] = {
    "college": collegemsg, "enron": enron, "bitcoin": bitcoin,
}  # fmt: skip


def raw_influence(
    data: DataSet, cfg: ScoringConfig, as_of: float, build: EdgeBuilder = weights.window_edges
) -> FloatArray:
    """Per person (index into ``data.names``): raw influence of the window up to ``as_of``."""
    start = as_of - cfg.window_days * DAY
    counted = (
        (data.at > start) & (data.at <= as_of) & (data.owner[data.actor] != data.owner[data.target])
    )
    actor, target = data.actor[counted], data.target[counted]
    age = (as_of - np.floor(data.at[counted])) / DAY
    w = weights.event_weight(data.kind_weight[counted], 1.0, age, cfg.half_life_days)
    full = data.kind_weight[counted] if cfg.fade_with_age else None
    edges = build(actor, target, w, cfg.gaming, len(data.owner), full)  # sink: no account's id
    raw = np.zeros(len(data.names))
    if len(edges.source) == 0:
        return raw
    ranks = reference.rank(
        edges.source, edges.target, edges.weight, edges.sink + 1, damping=cfg.damping,
        max_iterations=cfg.max_iterations, tolerance=cfg.tolerance,
    )  # fmt: skip
    projected = np.zeros(edges.sink + 1, dtype=bool)
    projected[edges.source] = True
    projected[edges.target] = True
    accounts = np.flatnonzero(projected[: len(data.owner)])
    above = ranks[accounts] - cfg.baseline
    above[above < 1e-12] = 0.0
    np.add.at(raw, data.owner[accounts], above)
    return raw


def person_order(names: list[str]) -> IntArray:
    """People in the order pandas' groupby gives them (sorted person ids)."""
    return np.array(sorted(range(len(names)), key=names.__getitem__), dtype=np.int64)


@dataclass(frozen=True)
class Farm:
    size: int
    best_member: int
    before: int
    after: int
    median: float

    @property
    def gain(self) -> int:
        return self.after - self.before


STYLES = ("evaluate", "star", "seeded")


def plant(
    data: DataSet, beneficiary: int, size: int, end: float, kind_weight: float,
    style: str = "evaluate",
) -> DataSet:  # fmt: skip
    """The farm of ``clout.evaluate.gaming.farm`` (same seed, same moments) added to ``data``.

    ``style`` "star": the members like only the beneficiary (no likes among themselves);
    "seeded": the evaluate farm, plus one like for its first member from the account of median
    raw influence among those active in the window (a farm that got one real like).
    """
    accounts, events = gaming.farm(data.names[beneficiary], size, int(end))
    if style == "star":
        events = [e for e in events if e["target"] == "beneficiary"]
    first = len(data.names)
    index = {a["handle"]: first + i for i, a in enumerate(accounts)}
    names = [a["person_id"] for a in accounts]
    owner = np.arange(first, first + len(accounts), dtype=np.int64)
    owner[-1] = beneficiary  # the beneficiary's new account belongs to them
    if style == "seeded":
        recent = data.at > end - 90 * DAY
        active = np.unique(np.concatenate([data.actor[recent], data.target[recent]]))
        population = raw_influence(data, config.load(), end)
        ordered = active[np.argsort(population[data.owner[active]], kind="stable")]
        outside = ordered[len(ordered) // 2 :][:1]  # the median active account
        data = data.with_events(
            [], np.zeros(0, dtype=np.int64), outside.astype(np.int64),
            np.array([first], dtype=np.int64), np.full(1, end), kind_weight,
        )  # fmt: skip
    return data.with_events(
        [*names[:-1], "(beneficiary's account)"], owner,
        np.array([index[e["actor"]] for e in events], dtype=np.int64),
        np.array([index[e["target"]] for e in events], dtype=np.int64),
        np.array([float(e["at"]) for e in events]), kind_weight,
    )  # fmt: skip


def farms(
    data: DataSet,
    cfg: ScoringConfig,
    build: EdgeBuilder = weights.window_edges,
    style: str = "evaluate",
) -> list[Farm]:
    """``clout evaluate --gaming`` on ``data`` (calibration fitted on the world without farm)."""
    end = float(np.floor(data.at.max()))
    base = raw_influence(data, cfg, end, build)
    fitted = calibrate.fit(base, cfg.calibration, "lab")
    order = person_order(data.names)
    ordered = base[order]
    honest = order[ordered > 0][np.argsort(ordered[ordered > 0], kind="stable")]
    beneficiary = int(honest[len(honest) // 2])
    before = int(calibrate.scores(fitted, base[[beneficiary]])[0])
    results = []
    for size in gaming.SIZES:
        farmed = plant(data, beneficiary, size, end, cfg.kind_weights["LIKED"], style)
        raw = raw_influence(farmed, cfg, end, build)
        score = np.where(raw > 0, calibrate.scores(fitted, raw), 1)
        people = len(data.names)
        members = score[people : people + size]
        others = score[:people]
        results.append(Farm(size, int(members.max()), before, int(score[beneficiary]),
                            float(np.median(others[others > 1]))))  # fmt: skip
    return results


def daily(
    data: DataSet, cfg: ScoringConfig, build: EdgeBuilder = weights.window_edges, days: int = 14
) -> dict[str, dict[str, float]]:
    """``clout evaluate --stability``'s day-to-day change over ``days`` daily windows up to the
    newest event (calibration fitted on the last day): every person above 1 on either day
    (``all``), and only those above 1 on both (``both``: no arrival or departure)."""
    end = float(np.floor(data.at.max()))
    fitted = calibrate.fit(raw_influence(data, cfg, end, build), cfg.calibration, "lab")
    series = []
    for day in range(days, -1, -1):
        raw = raw_influence(data, cfg, end - day * DAY, build)
        series.append(np.where(raw > 0, calibrate.scores(fitted, raw), 1))
    every, both = [], []
    for before, after in itertools.pairwise(series):
        change = np.abs(after - before)
        every.append(change[(before > 1) | (after > 1)])
        both.append(change[(before > 1) & (after > 1)])
    return {
        name: {"median": float(np.median(c)), "p95": float(np.percentile(c, 95)),
               "max": float(c.max())}
        for name, c in (("all", np.concatenate(every)), ("both", np.concatenate(both)))
    }  # fmt: skip


def percentile_disc(values: FloatArray, share: float) -> float:
    """Cypher's ``percentileDisc``: the smallest value with at least ``share`` at or below."""
    ordered = np.sort(values)
    position = share * len(ordered)
    index = int(position)
    if index == position and index > 0:
        index -= 1
    return float(ordered[min(index, len(ordered) - 1)])


def backtest(
    data: DataSet, cfg: ScoringConfig, build: EdgeBuilder = weights.window_edges,
    horizon_days: int = 30, k: int = 100,
) -> dict[str, dict[str, float]]:  # fmt: skip
    """``clout evaluate``'s backtest at its default cutoff: clout vs interactions received."""
    cutoff = float(percentile_disc(np.floor(data.at), CUTOFF_SHARE))
    start = cutoff - cfg.window_days * DAY
    other = data.owner[data.actor] != data.owner[data.target]
    seen = other & (data.at > start) & (data.at <= cutoff)
    after = other & (data.at > cutoff) & (data.at <= cutoff + horizon_days * DAY)
    people = len(data.names)
    taking_part = np.zeros(people, dtype=bool)
    taking_part[data.owner[data.actor[seen]]] = True
    taking_part[data.owner[data.target[seen]]] = True
    received = np.bincount(data.owner[data.target[seen]], minlength=people).astype(np.float64)
    truth = np.bincount(data.owner[data.target[after]], minlength=people).astype(np.float64)
    raw = raw_influence(data, cfg, cutoff, build)
    order = person_order(data.names)
    order = order[taking_part[order]]
    return {
        "clout": metrics.all_metrics(raw[order], truth[order], k),
        "received": metrics.all_metrics(received[order], truth[order], k),
    }


def synthetic_farms(cfg: ScoringConfig, build: EdgeBuilder = weights.window_edges) -> list[Farm]:
    """``tests/integration/test_scoring_gaming.py`` offline: the same world, farms and seeds."""
    world = synth.generate(people=2000, interactions=40_000, days=120, seed=3)
    end = synth.END.timestamp()

    def data_of(w: synth.World) -> DataSet:
        kinds = np.array([cfg.kind_weights[str(k)] for k in synth.KINDS])
        return DataSet(
            "synthetic", w.people, np.asarray(w.actor, dtype=np.int64),
            np.asarray(w.target, dtype=np.int64), np.asarray(w.at, dtype=np.float64),
            kinds[np.asarray(w.kind)], np.asarray(w.account_owner, dtype=np.int64),
        )  # fmt: skip

    base = raw_influence(data_of(world), cfg, end, build)
    fitted = calibrate.fit(base, cfg.calibration, "lab")
    before = np.where(base > 0, calibrate.scores(fitted, base), 1)
    results = []
    for size in gaming.SIZES:
        farmed = synth.plant_farm(world, size)
        raw = raw_influence(data_of(farmed), cfg, end, build)
        score = np.where(raw > 0, calibrate.scores(fitted, raw), 1)
        honest = score[: len(world.people)]
        person = farmed.people.index(farmed.person_of(farmed.beneficiary or 0))
        results.append(Farm(size, int(score[len(world.people) :].max()), int(before[person]),
                            int(score[person]), float(np.median(honest[honest > 1]))))  # fmt: skip
    return results


LEADERS = ("SpeakerPelosi", "GOPLeader", "SenSchumer")
LEVELS = {"ceo": 5, "president": 5, "vice president": 4, "director": 3, "managing director": 3,
          "manager": 2, "employee": 1}  # fmt: skip


def sanity(cfg: ScoringConfig, build: EdgeBuilder = weights.window_edges) -> dict[str, float]:
    """What ``tests/integration/test_scoring_realdata.py`` asserts: the Congress leaders'
    percentiles (>= 95) and Enron's Spearman of score with job level (> 0, 10-year window)."""
    found: dict[str, float] = {}
    data = congress(cfg)
    raw = raw_influence(data, cfg, float(data.at.max()), build)
    population = raw[raw > 0]
    for leader in LEADERS:
        value = raw[[data.names.index(f"twitter:{leader}")]]
        found[leader] = float(calibrate.percentiles(population, value)[0])
    data = enron(cfg)
    data = replace(data, at=np.where(data.at < datetime(1990, 1, 1, tzinfo=UTC).timestamp(),
                                     -np.inf, data.at))  # fmt: skip
    long = replace(cfg, window_days=3650)
    raw = raw_influence(data, long, float(data.at.max()), build)
    score = np.where(raw > 0, calibrate.scores(calibrate.fit(raw, cfg.calibration, "lab"), raw), 1)
    with (DATA / "enron_people.csv").open() as f:
        titles = {f"email:{r['person_id']}": r["title"] for r in csv.DictReader(f)}
    pairs = [
        (level, float(s))
        for name, s in zip(data.names, score, strict=True)
        if (level := LEVELS.get(titles.get(name, "NA").split(",")[0].strip().lower()))
    ]
    levels = [float(level) for level, _ in pairs]
    found["enron_rho"] = float(stats.spearmanr(levels, [s for _, s in pairs]).statistic)
    found["enron_people"] = float(len(pairs))
    return found


def _farms(found: list[Farm]) -> list[dict[str, Any]]:
    return [{**f.__dict__, "gain": f.gain} for f in found]


def measure(
    cfg: ScoringConfig, sets: list[str], build: EdgeBuilder = weights.window_edges,
    styles: tuple[str, ...] = ("evaluate",),
) -> dict[str, Any]:  # fmt: skip
    """Farms and backtest of ``cfg`` on each named set, plus the sanity checks and the
    synthetic world of the gaming test."""
    report: dict[str, Any] = {"sanity": sanity(cfg, build)}
    report["synthetic"] = {"farms": _farms(synthetic_farms(cfg, build))}
    for name in sets:
        data = SETS[name](cfg)
        tick = time.monotonic()
        found = {style: _farms(farms(data, cfg, build, style)) for style in styles}
        report[name] = {
            **{
                "farms" if style == "evaluate" else f"farms_{style}": v
                for style, v in found.items()
            },
            "backtest": backtest(data, cfg, build),
            "daily": daily(data, cfg, build),
            "seconds": round(time.monotonic() - tick, 1),
        }
    return report


def with_gaming(cfg: ScoringConfig, overrides: list[str]) -> ScoringConfig:
    """``cfg`` with ``name=value`` overrides of its ``[gaming]`` constants."""
    values = {k: float(v) for k, v in (o.split("=", 1) for o in overrides)}
    return replace(cfg, gaming=replace(cfg.gaming, **values))


def render(report: dict[str, Any]) -> str:
    lines = [" ".join(f"{k} {v:.3g}" for k, v in report["sanity"].items())]
    for name, found in report.items():
        if name == "sanity":
            continue
        for key in [k for k in found if k.startswith("farms")]:
            gains = " ".join(
                f"{f['size']}:{f['before']}->{f['after']}({f['gain']:+d}) best "
                f"{f['best_member']} med {f['median']:g};"
                for f in found[key]
            )
            lines.append(f"{name:9s} {key:13s} {gains}")
        for predictor, m in found.get("backtest", {}).items():
            cells = " ".join(
                f"{key} {value:.3f}" if not math.isnan(value) else f"{key} nan"
                for key, value in m.items()
            )
            lines.append(f"{'':8s} {predictor:9s} {cells}")
        for who, m in found.get("daily", {}).items():
            lines.append(f"{'':8s} day-to-day ({who}) median {m['median']:g} p95 {m['p95']:g} "
                         f"max {m['max']:g}")  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", default="college,enron,bitcoin")
    parser.add_argument("--gaming", nargs="*", default=[], help="[gaming] overrides name=value")
    parser.add_argument("--attacks", action="store_true", help="also star and seeded farms")
    parser.add_argument(
        "--no-fading", action="store_true",
        help="scoring-3's rule: an event's age only shifts the split between an account's targets",
    )  # fmt: skip
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    cfg = with_gaming(config.load(), args.gaming)
    styles = STYLES if args.attacks else STYLES[:1]
    if args.no_fading:
        cfg = replace(cfg, fade_with_age=False)
    report = measure(cfg, args.sets.split(","), styles=styles)
    print(json.dumps(report, indent=2) if args.json else render(report))


if __name__ == "__main__":
    main()
