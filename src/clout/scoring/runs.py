"""Scoring runs: lock, projection, algorithm, calibration, history and switch.

A run takes the scoring lock and records a ``running`` ScoringRun in one transaction (refusing
while a load writes; taking over the lock of a process that is gone and marking its run
failed), drops clout's projections that no process uses any more, computes raw influence on a
GDS projection (always dropped afterwards), maps it to scores with the stored calibration
(fitting one when none exists), and computes the topic scores. Then, in batches, it records
every scored person's history (one SCORED relationship each: scores, their accounts' raw ranks,
their topic scores), which no reader sees yet; finally ONE transaction makes the run live
(``store.switch``): people's values, topic scores, the run done and marked live. Readers see
the previous run or this one, never a mix. If anything fails or is interrupted (Ctrl-C,
SIGTERM) before that commit, nothing live has changed: the run's history is deleted and the
run marked ``failed``. If the process or the server is killed, the next run does that.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from clout import collector, leases
from clout.config import Config
from clout.db import GONE, Database
from clout.errors import InputError
from clout.progress import NO_PROGRESS, Progress
from clout.scoring import calibrate, history, people, store, topic_runs
from clout.scoring.config import ALGORITHMS, ScoringConfig
from clout.scoring.influence import (
    Counted,
    Measured,
    drop_orphaned_graphs,
    measure,
    owned_graph_name,
)
from clout.scoring.window import Window

log = logging.getLogger(__name__)


class Engine(Protocol):
    """Another engine than GDS (``clout.spark.engine.SparkEngine``): it computes a window's
    raw influence and topic ranks; the run does everything else the same way."""

    name: str

    def measure(
        self, db: Database, config: ScoringConfig, window: Window, progress: Progress
    ) -> tuple[Measured[people.Found], topic_runs.TopicScores | None]: ...

    def record(self, run_id: str, found: people.Found) -> None:
        """After run ``run_id`` is done (and live, when published): keep ``found``'s scores
        elsewhere too. A failed run never gets here."""
        ...


@dataclass(frozen=True)
class ScoreRequest:
    """What ``clout score`` asks for; ``None`` means the config's default."""

    as_of: datetime | None = None
    window_days: int | None = None
    network: str | None = None
    algorithm: str | None = None
    backfill_days: int = 0
    force: bool = False


@dataclass
class RunResult:
    """The summary of one run (also recorded on its ScoringRun node)."""

    run_id: str
    as_of: datetime
    window_days: int
    algorithm: str
    network: str | None
    people: int = 0
    scored: int = 0
    interactions: int = 0
    mean: float = 0.0
    p95: float = 0.0
    topics: int = 0
    projected_nodes: int = 0
    projected_relationships: int = 0
    calibration_version: str = ""
    calibration_fitted: bool = False
    drift: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def resolve_window(db: Database, config: Config, request: ScoreRequest) -> Window:
    """The window to score: ``--as-of`` defaults to the newest interaction in the database
    (of the kinds scoring counts that are on the allow-list)."""
    model = config.scoring
    algorithm = request.algorithm or model.algorithm
    if algorithm not in ALGORITHMS:
        raise InputError(f"unknown algorithm {algorithm!r}; use one of {', '.join(ALGORITHMS)}")
    days = request.window_days or model.window_days
    if days < 1:
        raise InputError("--window-days must be at least 1")
    as_of = request.as_of or store.newest_interaction(db, list(model.kind_weights), config.kinds)
    if as_of is None:
        raise InputError("the database holds no interactions yet; load some with `clout load`")
    as_of = as_of if as_of.tzinfo else as_of.replace(tzinfo=UTC)
    return Window(as_of=as_of, days=days, network=request.network, algorithm=algorithm)


def score(
    db: Database,
    configured: Config,
    request: ScoreRequest,
    progress: Progress = NO_PROGRESS,
    hook: store.WriteHook | None = None,
    engine: Engine | None = None,
) -> list[RunResult]:
    """Score the window (after ``backfill_days`` daily runs before it, oldest first), with
    GDS or ``engine``."""
    window = resolve_window(db, configured, request)
    config = configured.scoring
    days = range(request.backfill_days, -1, -1)
    windows = [replace(window, as_of=window.as_of - timedelta(days=d)) for d in days]
    if (
        request.backfill_days
        and store.latest_calibration(db, window.algorithm, config.version) is None
    ):
        # Fit on the newest window, not on the oldest backfill day (which may hold little).
        found = (
            engine.measure(db, config, window, NO_PROGRESS)[0].found
            if engine is not None
            else measure(db, config, window, owned_graph_name("fit")).found
        )
        fit_and_store(db, config, window, found)
    # Only the newest window's values go live: the earlier days of a backfill record their
    # history and would be overwritten at once (a failure still restores the newest done run).
    newest = len(windows) - 1
    return [
        run_once(db, config, w, progress, hook, request.force, publish=i == newest, engine=engine)
        for i, w in enumerate(windows)
    ]


@contextmanager
def _locked_run(
    db: Database, config: ScoringConfig, window: Window, force: bool, engine: str = "gds"
) -> Iterator[tuple[str, RunResult]]:
    run_id = f"{window.as_of:%Y%m%d}-{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
    props = {**config.as_dict(), **window.as_props(), "engine": engine}
    store.start_run(db, run_id, props, force=force)
    answers = True
    try:
        store.wait_published(db)  # a previous run cut off while its scores went live
        with leases.heartbeat(lambda: store.beat(db, run_id)):
            yield (
                run_id,
                RunResult(run_id, window.as_of, window.days, window.algorithm, window.network),
            )
    except BaseException as exc:
        answers = not isinstance(exc, GONE)
        if not answers:  # each cleanup would wait for the server in vain: the next run does it
            log.error(
                "run %s failed: the database stopped answering; nothing live changed, "
                "and the next `clout score` marks the run failed",
                run_id,
            )
            raise
        live = _quietly(store.live_run, db)
        if live == run_id:  # it went live; the copy onto its people stopped
            log.error(
                "run %s is live, but copying its scores onto its people failed (%s); "
                "the next clout command finishes that",
                run_id,
                exc,
            )
        else:
            log.error("run %s failed (%s); the live scores stay those of run %s", run_id, exc, live)
        _quietly(store.fail_run, db, run_id, f"{type(exc).__name__}: {exc}")
        raise
    finally:
        if answers:
            _quietly(store.release_lock, db, run_id)


def _quietly(work: Any, *args: Any) -> Any:
    """``work(*args)``, or None when the database fails meanwhile (the next run cleans up)."""
    try:
        return work(*args)
    except Exception as exc:
        log.warning("could not %s (%s); the next `clout score` will", work.__name__, exc)
        return None


def run_once(
    db: Database,
    config: ScoringConfig,
    window: Window,
    progress: Progress = NO_PROGRESS,
    hook: store.WriteHook | None = None,
    force: bool = False,
    publish: bool = True,
    engine: Engine | None = None,
) -> RunResult:
    """One scoring run of ``window`` (by GDS, or ``engine``); the previous scores stay live if
    it fails.

    With ``publish`` false (the earlier days of a backfill) the run records its history only.
    """
    with (
        collector.paused(),
        _locked_run(db, config, window, force, engine.name if engine else "gds") as (
            run_id,
            result,
        ),
        ThreadPoolExecutor(1, thread_name_prefix="clout-topics") as alongside,
    ):
        started = time.monotonic()
        drop_orphaned_graphs(db, run_id)
        topic_job: list[Future[topic_runs.TopicScores | None]] = []

        def read(counted: Counted) -> None:
            store.done_reading(db, run_id)  # loads need not wait for this run any more
            # The topic scores' projection and the main one are each one server thread: on
            # two cores they run side by side (the pool is joined before a failure is handled).
            topic_job.append(
                alongside.submit(topic_runs.compute, db, config, window, run_id, counted)
            )

        measured: Measured[people.Found]
        if engine is None:
            measured = measure(
                db,
                config,
                window,
                f"clout-score-{run_id}",
                progress,
                with_topics=config.topics.enabled,
                on_read=read,
            )
        else:
            measured, computed = engine.measure(db, config, window, progress)
            store.done_reading(db, run_id)
            topic_job.append(alongside.submit(lambda: computed))
        result.seconds.update(measured.seconds)
        result.interactions = measured.interactions
        result.projected_nodes, result.projected_relationships = (
            measured.nodes,
            measured.relationships,
        )
        tick = time.monotonic()
        progress.start("calibration", None)
        calibration, result.calibration_fitted = _calibration(db, config, window, measured.found)
        scored = measured.found.score(calibration)
        _distribution(config, result, scored.score)
        progress.finish()
        result.calibration_version = calibration.version
        result.seconds["calibration"] = time.monotonic() - tick
        progress.start("topics", None)
        topical = topic_job[0].result() if topic_job else None
        progress.finish()
        publish_topics = publish and topical is not None
        if topical is not None and publish:
            topic_runs.prepare_live(db, topical)
        tick = time.monotonic()
        columns, networks = history.columns(scored, measured, topical)
        names = topical.names if topical is not None else []
        _write(
            db,
            run_id,
            columns,
            len(scored),
            progress,
            hook,
            publish,
            names=names,
            networks=networks,
        )
        result.seconds["write"] = time.monotonic() - tick
        if topical is not None:
            result.topics = topical.topics
            result.seconds.update(topical.seconds)
        result.people = int(db.read("MATCH (p:Person) RETURN count(p) AS n")[0]["n"])
        result.scored = len(scored)
        tick = time.monotonic()
        if publish:
            progress.start("switch", None)
            result.seconds["switch"] = 0.0  # recorded with the run: the switch's time comes after
            store.switch(
                db,
                run_id,
                columns,
                len(scored),
                _run_props(result),
                hook,
                publish_topics=publish_topics,
                names=names,
                networks=networks,
            )
            progress.finish()
        else:
            store.finish_run(db, run_id, "done", _run_props(result))
        result.seconds["switch"] = time.monotonic() - tick
        result.seconds["total"] = time.monotonic() - started
        _quietly(store.finish_run, db, run_id, "done", _run_props(result))
    if engine is not None:  # only a run that is done (and live, when published) is kept
        engine.record(run_id, measured.found)
    return result


def _calibration(
    db: Database, config: ScoringConfig, window: Window, found: people.Found
) -> tuple[calibrate.Calibration, bool]:
    """The stored calibration for this algorithm and config; fitted and stored if none."""
    existing = store.latest_calibration(db, window.algorithm, config.version)
    if existing is not None:
        return existing, False
    return fit_and_store(db, config, window, found), True


def fit_and_store(
    db: Database, config: ScoringConfig, window: Window, found: people.Found
) -> calibrate.Calibration:
    """Fit a calibration on ``found``'s population and store it as a new version."""
    if len(found.population) < 2:
        raise InputError(
            "too few people received an interaction in the window to calibrate scores; "
            "widen --window-days or load more data"
        )
    version = f"{window.algorithm}-{config.version}-{datetime.now(UTC):%Y%m%dT%H%M%S%f}"
    fitted = calibrate.fit(found.population, config.calibration, version)
    extra = {
        "algorithm": window.algorithm,
        "config_version": config.version,
        "fitted_as_of": window.as_of,
        "fitted_window_days": window.days,
    }
    store.store_calibration(db, fitted, extra)
    log.info("stored calibration %s fitted on %d people", version, fitted.population)
    return fitted


def _distribution(config: ScoringConfig, result: RunResult, scores: list[int]) -> None:
    import numpy as np

    result.mean, result.p95 = calibrate.distribution(np.array(scores, dtype=np.int64))
    target = config.calibration
    off = max(abs(result.mean - target.target_mean), abs(result.p95 - target.target_p95))
    if scores and off > target.drift_warning:
        result.drift = (
            f"the scores drifted from the calibration targets (mean {result.mean:.1f}, "
            f"95th percentile {result.p95:.1f}; targets {target.target_mean:g} and "
            f"{target.target_p95:g}); run `clout calibrate` to refit"
        )
        log.warning("%s", result.drift)


def _write(
    db: Database,
    run_id: str,
    columns: store.Columns,
    rows: int,
    progress: Progress,
    hook: store.WriteHook | None,
    publish: bool = True,
    **params: Any,
) -> None:
    """Record the run's history (``history.columns``; nothing live changes), in batches."""
    phase = "history" if publish else "history only"
    progress.start(phase, rows)
    recorded = {name: columns[name] for name in store.HISTORY_COLUMNS}
    store.write_columns(
        db,
        "@scoring/history",
        run_id,
        recorded,
        rows,
        "history",
        progress.advance,
        hook,
        **params,
    )
    progress.finish()


def _run_props(result: RunResult) -> dict[str, Any]:
    props: dict[str, Any] = {
        "people": result.people,
        "scored": result.scored,
        "interactions": result.interactions,
        "mean": result.mean,
        "p95": result.p95,
        "calibration_version": result.calibration_version,
        "topics": result.topics,
        "projected_nodes": result.projected_nodes,
        "projected_relationships": result.projected_relationships,
    }
    props.update({f"seconds_{phase}": value for phase, value in result.seconds.items()})
    return props


def recalibrate(db: Database, configured: Config, request: ScoreRequest) -> dict[str, Any]:
    """Fit and store a new calibration on the window's population (scores are not changed)."""
    import numpy as np

    window = resolve_window(db, configured, request)
    config = configured.scoring
    graph_name = owned_graph_name("calibrate")
    found = measure(db, config, window, graph_name).found
    fitted = fit_and_store(db, config, window, found)
    mean, p95 = calibrate.distribution(calibrate.scores(fitted, np.asarray(found.population)))
    return {"version": fitted.version, "population": fitted.population, "mean": mean, "p95": p95}
