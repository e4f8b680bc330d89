"""The evaluation without a database: a data set in memory, ranked by the numpy reference.

A :class:`Log` holds every interaction of a set, read by ``clout.loader``'s own readers and
checks (so it holds what ``clout load`` would write, each account its own person), and cuts
windows out of it in the very form a scoring run reads them (``Counted``). The backtest and the
like-farms then run the shared code of ``clout.evaluate.predictors`` and
``clout.evaluate.gaming``, with the numpy reference PageRank (GDS's semantics, tested equal)
in place of GDS. The model lab and the unit tests use it; ``clout evaluate`` runs the same
comparison in the database.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from clout.config import Kinds
from clout.errors import InputError
from clout.evaluate import gaming, predictors, world
from clout.evaluate.backtest import Backtest
from clout.loader.model import LoadOptions, RowError
from clout.loader.readers import read_rows
from clout.loader.validate import BadField, Normaliser
from clout.scoring import reference
from clout.scoring.config import ScoringConfig
from clout.scoring.events import Events, Owners
from clout.scoring.influence import Counted, counted_of
from clout.scoring.weights import FloatArray, IntArray

DAY_S = 86400


@dataclass(frozen=True)
class Log:
    """Every interaction of a data set: ``events`` between the accounts of ``owners`` (ids
    ``0 .. n - 1``), sorted by time; self-interactions are left out, as scoring leaves them."""

    owners: Owners
    events: Events

    @classmethod
    def read(cls, files: Iterable[tuple[Path, LoadOptions]], kinds: Kinds) -> Log:
        """The interactions of ``files`` as ``clout load interactions`` reads them (with
        ``kinds``); rows it would reject are skipped with ``--on-error skip`` and fail the read
        otherwise."""
        handles: dict[tuple[str, str], int] = {}
        source: list[int] = []
        target: list[int] = []
        kind: list[str] = []
        at: list[int] = []
        count: list[int] = []
        for path, options in files:
            normalise = Normaliser(options, kinds)
            for row in read_rows(path, options):
                try:
                    if isinstance(row, RowError):
                        raise BadField(row.field, row.reason)
                    event = normalise(row)
                except BadField as exc:
                    if options.on_error == "skip":
                        continue
                    raise InputError(f"{path}:{row.line}: {exc.field}: {exc.reason}") from None
                if event.actor == event.target:
                    continue
                source.append(handles.setdefault((event.network, event.actor), len(handles)))
                target.append(handles.setdefault((event.network, event.target), len(handles)))
                kind.append(event.kind)
                at.append(event.at_ms // 1000)
                count.append(event.n)
        return cls.of(list(handles), source, target, kind, at, count)

    @classmethod
    def of(
        cls,
        accounts: list[tuple[str, str]],
        source: Iterable[int],
        target: Iterable[int],
        kind: Iterable[str],
        at: Iterable[int],
        count: Iterable[float],
    ) -> Log:
        """A log of accounts ``(network, handle)`` (each its own person) and events between
        them (indexes into ``accounts``)."""
        frame = pd.DataFrame(
            {
                "id": np.arange(len(accounts), dtype=np.int64),
                "person": [f"{n}:{h}" for n, h in accounts],
                "network": [n for n, _ in accounts],
                "handle": [h for _, h in accounts],
            }
        ).set_index("id", drop=False)
        return cls(Owners(frame), _events(source, target, kind, at, count))

    def cutoff(self, share: float) -> int:
        """The moment by which ``share`` of the interactions had happened (Cypher's
        ``percentileDisc``, as ``clout evaluate`` picks it)."""
        if len(self.events) == 0:
            raise InputError("the data set holds no interactions")
        index = max(0, math.ceil(share * len(self.events)) - 1)
        return int(self.events.at[index])

    def window(self, config: ScoringConfig, as_of: int, days: int) -> Counted:
        """The window ``(as_of - days, as_of]`` as a scoring run reads it."""
        ev = self.events
        lo, hi = np.searchsorted(ev.at, [as_of - days * DAY_S, as_of], side="right")
        counted_kinds = np.isin(ev.kind[lo:hi], list(config.kind_weights))
        picked = np.zeros(len(ev), dtype=bool)
        picked[lo:hi] = counted_kinds
        return counted_of(self.owners, ev.select(picked), config, as_of)

    def future(self, config: ScoringConfig, cutoff: int, horizon_days: int) -> pd.Series:
        """Interactions received per person in ``(cutoff, cutoff + horizon]`` (counts)."""
        ev = self.events
        lo, hi = np.searchsorted(ev.at, [cutoff, cutoff + horizon_days * DAY_S], side="right")
        picked = np.zeros(len(ev), dtype=bool)
        picked[lo:hi] = np.isin(ev.kind[lo:hi], list(config.kind_weights))
        part = ev.select(picked)
        source, names = self.owners.owners_of(part.source)
        target, _ = self.owners.owners_of(part.target)
        other = source != target
        received = np.bincount(target[other], weights=part.count[other], minlength=len(names))
        return pd.Series(received, index=pd.Index(names)).loc[lambda s: s > 0]

    def extended(
        self,
        accounts: list[tuple[str, str, str]],
        source: IntArray,
        target: IntArray,
        kind: str,
        at: IntArray,
    ) -> Log:
        """This log plus ``accounts`` ``(person_id, network, handle)`` (ids after the existing
        ones) and events of one kind between any accounts (count 1)."""
        first = len(self.owners.frame)
        added = pd.DataFrame(
            {
                "id": np.arange(first, first + len(accounts), dtype=np.int64),
                "person": [p for p, _, _ in accounts],
                "network": [n for _, n, _ in accounts],
                "handle": [h for _, _, h in accounts],
            }
        ).set_index("id", drop=False)
        ev = self.events
        events = _events(
            np.concatenate([ev.source, source]),
            np.concatenate([ev.target, target]),
            np.concatenate([ev.kind, np.full(len(source), kind, dtype=object)]),
            np.concatenate([ev.at, at]),
            np.concatenate([ev.count, np.ones(len(source))]),
        )
        return Log(Owners(pd.concat([self.owners.frame, added])), events)


def _events(
    source: Iterable[int],
    target: Iterable[int],
    kind: Iterable[str],
    at: Iterable[int],
    count: Iterable[float],
) -> Events:
    times = np.fromiter(at, dtype=np.int64)
    order = np.argsort(times, kind="stable")
    return Events(
        np.fromiter(source, dtype=np.int64)[order],
        np.fromiter(target, dtype=np.int64)[order],
        np.asarray(list(kind), dtype=object)[order],
        times[order],
        np.fromiter(count, dtype=np.float64)[order],
    )


def ranker(config: ScoringConfig, algorithm: str | None = None) -> predictors.Ranker:
    """The numpy reference in place of GDS: every node of the edges and its rank."""

    def rank(source: IntArray, target: IntArray, weight: FloatArray) -> tuple[IntArray, FloatArray]:
        ranked = reference.oracle(source, target, weight, config, algorithm)
        return ranked.nodes, ranked.ranks

    return rank


def compare(log: Log, config: ScoringConfig, as_of: int, days: int) -> pd.DataFrame:
    """``predictors.compare`` on the window of ``log`` up to ``as_of``."""
    return predictors.compare(log.window(config, as_of, days), config, as_of, ranker(config))


def backtest(
    log: Log,
    config: ScoringConfig,
    cutoff: int,
    horizon_days: int = 30,
    window_days: int | None = None,
    k: int = 100,
) -> Backtest:
    """``clout evaluate``'s backtest of ``log`` as of ``cutoff`` (epoch seconds)."""
    days = window_days or config.window_days
    frame = compare(log, config, cutoff, days)
    truth = log.future(config, cutoff, horizon_days)
    engaged = int((truth.reindex(frame.index).fillna(0.0) > 0).sum())
    result = Backtest(
        datetime.fromtimestamp(cutoff, UTC), horizon_days, days, k, len(frame), engaged
    )
    result.metrics = predictors.scores(frame, truth, k)
    return result


def plant(log: Log, planted: gaming.Planted) -> Log:
    """``log`` with a farm's accounts and likes added (as the database plants them)."""
    first = len(log.owners.frame)
    ids = {a["handle"]: first + i for i, a in enumerate(planted.accounts)}
    accounts = [(a["person_id"], world.NETWORK, a["handle"]) for a in planted.accounts]
    source = [ids[e["actor"]] for e in planted.events] + [r["actor_id"] for r in planted.likes]
    target = [ids[e["target"]] for e in planted.events + planted.likes]
    at = [int(e["at"]) for e in planted.events + planted.likes]
    return log.extended(
        accounts,
        np.array(source, dtype=np.int64),
        np.array(target, dtype=np.int64),
        "LIKED",
        np.array(at, dtype=np.int64),
    )


def farms(
    log: Log,
    config: ScoringConfig,
    as_of: int,
    window_days: int | None = None,
    attacks: tuple[gaming.Attack, ...] = gaming.ATTACKS,
) -> list[gaming.FarmResult]:
    """``clout evaluate``'s like-farms planted into ``log``'s window up to ``as_of``."""
    days = window_days or config.window_days
    counted = log.window(config, as_of, days)
    base = predictors.compare(counted, config, as_of, ranker(config))

    def measure(planted: gaming.Planted) -> pd.DataFrame:
        return compare(plant(log, planted), config, as_of, days)

    return gaming.run(base, counted, as_of, measure, config.calibration, attacks)
