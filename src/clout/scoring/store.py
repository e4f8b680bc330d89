"""What scoring reads from and writes to the graph: lock, runs, calibrations, scores.

The scoring lock (``ScoringLock``) records its holder and a heartbeat (:mod:`clout.leases`):
a lock whose process is gone is taken over by the next run, which marks the runs that process
left ``running`` as failed; ``--force`` also takes over a holder that is silent (another host,
no heartbeat for minutes), never one that is alive. A run does not start while a load writes.

A run's values are written as its history first (``write_columns``, invisible to readers), then
made live by :func:`switch`: one transaction, or for a run larger than the server's
transaction memory holds, a switch of the live run followed by a batched copy that readers
wait for (:func:`wait_published`).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from clout import cypher, leases
from clout.config import Kinds
from clout.db import WORKERS, Column, Database, Neo4jError, TransientError, Tx, in_parallel
from clout.errors import CloutError, ScoringBusy
from clout.loader.guard import live_loads
from clout.scoring.calibrate import Calibration

log = logging.getLogger(__name__)
# Rows per write transaction (measured: 5k-row batches spent much of the write in commits).
BATCH = 20_000
# Called before each write batch with (phase, batch index); tests use it to inject failures.
# Phases: "history" (a batch of the run's history), "write-back" (a batch of live values, in
# the switch transaction), "write-back-rest" (then everyone else), "write-back-commit" (every
# change made, before the commit).
WriteHook = Callable[[str, int], None]


class LoadInProgress(ScoringBusy):
    """A load is writing to the database; a run would score half of it."""


class SwitchTooLarge(CloutError):
    """The server's transaction memory cannot hold the switch of every person at once."""


def start_run(db: Database, run_id: str, props: dict[str, Any], force: bool = False) -> None:
    """Take the scoring lock and record the run, or raise :class:`ScoringBusy` (another run's
    holder is alive; ``force`` takes over only a holder that is silent) or
    :class:`LoadInProgress`. Runs left ``running`` by processes that are gone are marked failed
    and their history deleted."""
    holder = leases.me()

    def work(tx: Tx) -> list[str]:
        tx.run(cypher.load("load/gate")).consume()
        loads = live_loads(tx, force)
        if loads:
            first = loads[0]
            more = f", and {len(loads) - 1} more" if len(loads) > 1 else ""
            raise LoadInProgress(
                f"a load is writing to this database ({first['file']}, "
                f"{leases.describe(first)}{more}); score when it has finished, so the run "
                "does not see half of it"
            )
        row = tx.run(cypher.load("scoring/lock")).single()
        if row is not None:
            _take_over(tx, row.data(), force)
        error = "abandoned: its process ended before the run finished"
        gone = [r["run_id"] for r in tx.run(cypher.load("scoring/abandon_runs"), error=error)]
        tx.run(cypher.load("scoring/start_run"), run_id=run_id, props=props, **holder).consume()
        return gone

    for old in db.execute_write(work):
        log.warning("run %s was abandoned (its process is gone); marked failed", old)
        run_auto(db, "@scoring/forget_run", run_id=old)


def _take_over(tx: Tx, lock: dict[str, Any], force: bool) -> None:
    """Clear a lock whose holder is gone (or, with ``force``, silent); else :class:`ScoringBusy`."""
    held = leases.state(lock)
    who = f"run {lock['run_id']}, {leases.describe(lock)}"
    if held == "alive":
        raise ScoringBusy(
            f"another `clout score` run ({who}) is scoring this database; wait for it to "
            "finish (--force takes over only a lock whose process is gone)"
        )
    if held == "silent" and not force:
        raise ScoringBusy(
            f"another `clout score` run ({who}) holds the scoring lock and has not been heard "
            f"from since {lock['heartbeat']}; if that process is gone, rerun with --force"
        )
    log.warning("taking over the scoring lock of %s (its process is %s)", who, held)
    tx.run(cypher.load("scoring/release_lock"), run_id=None).consume()


def done_reading(db: Database, run_id: str) -> None:
    """The run has read the graph: loads may write again."""
    db.write("@scoring/lock_read", run_id=run_id)


def beat(db: Database, run_id: str) -> None:
    """The run holding the lock is still at work (its heartbeat)."""
    db.write("@scoring/lock_beat", run_id=run_id)


def release_lock(db: Database, run_id: str) -> None:
    db.write("@scoring/release_lock", run_id=run_id)


def finish_run(db: Database, run_id: str, status: str, props: dict[str, Any]) -> None:
    db.write("@scoring/finish_run", run_id=run_id, status=status, props=props)


def fail_run(db: Database, run_id: str, error: str) -> None:
    """Mark a run failed and delete its history, unless it finished meanwhile (its switch may
    have committed just as the failure came)."""
    if db.write("@scoring/fail_run", run_id=run_id, error=error):
        run_auto(db, "@scoring/forget_run", run_id=run_id)


def live_run(db: Database) -> str | None:
    rows = db.read("@scoring/live_run")
    return str(rows[0]["run_id"]) if rows else None


def newest_interaction(db: Database, kinds: list[str], allowed: Kinds) -> datetime | None:
    """The time of the newest interaction of ``kinds`` (kinds off the ``allowed`` list have
    none)."""
    newest = [
        row["newest"].to_native()
        for kind in kinds
        if kind in allowed.allowed
        for row in db.read(cypher.for_kind("scoring/newest", kind, allowed))
    ]
    return max(newest, default=None)


def latest_calibration(db: Database, algorithm: str, config_version: str) -> Calibration | None:
    rows = db.read(
        "@scoring/calibration_latest", algorithm=algorithm, config_version=config_version
    )
    return Calibration.from_props(rows[0]["calibration"]) if rows else None


def store_calibration(db: Database, calibration: Calibration, extra: dict[str, Any]) -> None:
    db.write("@scoring/calibration_store", props={**calibration.as_props(), **extra})


# Parallel per-row columns (a dict column holds several, e.g. one per network).
Columns = dict[str, list[Any] | dict[str, list[Any]]]


def write_columns(
    db: Database,
    query: str,
    run_id: str,
    columns: Columns,
    rows: int,
    phase: str,
    advance: Callable[[int], None],
    hook: WriteHook | None = None,
    *,
    workers: int = WORKERS,
    **params: Any,
) -> None:
    """Run ``query`` (a ``@part/...`` file taking ``$run_id``, ``params`` and ``rows`` rows as
    parallel ``columns``, each column a parameter) in batches of ``BATCH`` rows (a batch gets
    the same slice of every column), ``workers`` transactions at once (more than one only when
    the batches do not contend for the same nodes' locks); ``advance`` by each batch's rows,
    ``hook`` before each."""
    text = cypher.load(query[1:])

    def write(start: int) -> int:
        if hook is not None:
            hook(phase, start // BATCH)
        batch = slice_columns(columns, start, start + BATCH)

        def work(tx: Tx) -> None:
            tx.run(text, {**params, **batch}, run_id=run_id).consume()

        db.execute_write(work)
        return min(BATCH, rows - start)

    for written in in_parallel(write, range(0, rows, BATCH), workers):
        advance(written)


def slice_columns(columns: Columns, start: int, stop: int) -> Columns:
    """Rows ``start:stop`` of every column (as :class:`clout.db.Column`: the driver would
    format each batch's values for its debug log)."""
    return {
        name: (
            {key: Column(value[start:stop]) for key, value in column.items()}
            if isinstance(column, dict)
            else Column(column[start:stop])
        )
        for name, column in columns.items()
    }


def run_auto(db: Database, query: str, **params: Any) -> None:
    """Run a query holding ``CALL {...} IN TRANSACTIONS`` (needs an auto-commit transaction)."""
    with db.session() as session:
        session.run(cypher.load(query[1:]), params).consume()


# The columns of the switch (the rest are the history's).
LIVE_COLUMNS = (
    "person",
    "score",
    "score_raw",
    "score_percentile",
    "live",
    "topics",
    "topic_scores",
    "topic_raws",
)
HISTORY_COLUMNS = (
    "person",
    "score",
    "score_raw",
    "score_percentile",
    "sub",
    "rank_networks",
    "rank_handles",
    "ranks",
    "topics",
    "topic_scores",
    "topic_raws",
)


def switch(
    db: Database,
    run_id: str,
    columns: Columns,
    rows: int,
    props: dict[str, Any],
    hook: WriteHook | None = None,
    *,
    publish_topics: bool,
    at_once: int | None = None,
    **params: Any,
) -> None:
    """Make run ``run_id`` the live one. Up to ``at_once`` people (default: what the server's
    transaction memory holds, :func:`at_once_capacity`) in ONE transaction: its people's values
    (the live ``columns``, in batches inside the transaction), everybody else scoring 1, its
    topic scores (with ``publish_topics``), and the run marked done and live; readers see the
    previous run's values or this run's, never a mix, and a failure or a kill before the commit
    changes nothing. A larger run switches which run is live in one small transaction, marked
    ``publishing``, then copies its recorded values onto its people in batches
    (:func:`finish_publishing`); clout's readers wait for that (:func:`wait_published`), and an
    interrupted copy is finished by the next command. The run must still hold the scoring lock
    (nobody took it over with --force)."""
    limit = at_once_capacity(db) if at_once is None else at_once
    large = rows > limit
    live = {name: columns[name] for name in LIVE_COLUMNS}
    args = {**params, "publish_topics": publish_topics, "run_id": run_id}
    if large:
        props = {**props, "publishing": True, "publishing_topics": publish_topics}
    try:
        with db.transaction() as tx:
            if tx.run(cypher.load("scoring/switch_fence"), run_id=run_id).single() is None:
                raise ScoringBusy(
                    f"run {run_id} lost the scoring lock (another run took it over with --force); "
                    "its scores were not made live"
                )
            for number, start in enumerate(range(0, 0 if large else rows, BATCH)):
                if hook is not None:
                    hook("write-back", number)
                batch = slice_columns(live, start, start + BATCH)
                tx.run(cypher.load("scoring/switch_people"), {**args, **batch}).consume()
            if hook is not None:
                hook("write-back-rest", 0)
            if not large:
                tx.run(cypher.load("scoring/switch_rest"), run_id=run_id).consume()
                if publish_topics:
                    tx.run(cypher.load("scoring/switch_topics"), run_id=run_id).consume()
            tx.run(cypher.load("scoring/switch_run"), run_id=run_id, props=props).consume()
            if hook is not None:
                hook("write-back-commit", 0)
    except TransientError as exc:
        if "MemoryPoolOutOfMemoryError" not in (exc.code or ""):
            raise
        raise SwitchTooLarge(
            f"making run {run_id} live at once needs more transaction memory than the server "
            f"allows ({exc.message}); nothing changed. Give the server more heap "
            "(managed: CLOUT_HEAP=4g, `clout server stop`, then score again; your own server: "
            "raise dbms.memory.transaction.total.max)"
        ) from exc
    if large:
        log.info(
            "run %s is live; copying its %d people's scores onto them in batches", run_id, rows
        )
        copy = Copy(live, rows, {**params, "publish_topics": publish_topics})
        finish_publishing(db, run_id, publish_topics, hook, copy)


# Heap a switch transaction needs per person at its commit (measured at 10M interactions,
# 1.47M people: docs/benchmarks.md), and the share of the server's transaction memory it may
# take.
SWITCH_BYTES_PER_PERSON = 4096
SWITCH_SHARE = 0.5
# When the server does not say (no right to see settings): a run this large switches in one go.
SWITCH_DEFAULT_PEOPLE = 100_000


def at_once_capacity(db: Database) -> int:
    """How many people a run may make live in one transaction on this server."""
    try:
        rows = db.read("@scoring/transaction_memory")
    except Neo4jError:
        return SWITCH_DEFAULT_PEOPLE
    limit = parse_bytes(str(rows[0]["value"])) if rows else None
    if limit is None:
        return SWITCH_DEFAULT_PEOPLE
    if limit == 0:  # no limit but the heap: stay with the default
        return SWITCH_DEFAULT_PEOPLE
    return int(limit * SWITCH_SHARE) // SWITCH_BYTES_PER_PERSON


def parse_bytes(text: str) -> int | None:
    """A Neo4j memory setting (``4563402752``, ``4352m``, ``4.25GiB``) in bytes."""
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*", text.lower())
    if found is None:
        return None
    scale = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}[found[2]]
    return int(float(found[1]) * scale)


@dataclass(frozen=True)
class Copy:
    """A large run's live columns still in memory (``switch``'s), for the batched copy."""

    columns: Columns
    rows: int
    params: dict[str, Any]


def finish_publishing(
    db: Database,
    run_id: str,
    topics: bool,
    hook: WriteHook | None = None,
    copy: Copy | None = None,
) -> None:
    """Copy live run ``run_id``'s values onto its people in batches — from ``copy`` (the run's
    own columns, several transactions at once when no topic scores are written) or, finishing
    a copy that was cut off, from its recorded ``SCORED`` history — everyone else scoring 1,
    and its topic scores with ``topics``; then the run is no longer ``publishing``. Every step
    can be repeated: an interrupted copy is finished by calling this again."""
    if copy is not None:
        store_workers = 1 if topics else WORKERS  # topic scores lock their Topic nodes
        write_columns(
            db,
            "@scoring/switch_people",
            run_id,
            copy.columns,
            copy.rows,
            "publish",
            lambda _: None,
            hook,
            workers=store_workers,
            **copy.params,
        )
    else:
        run_auto(db, "@scoring/publish_history", run_id=run_id)
    run_auto(db, "@scoring/publish_rest", run_id=run_id)
    if topics and copy is not None:
        run_auto(db, "@scoring/publish_topics_rest", run_id=run_id)
    elif topics:
        run_auto(db, "@topics/clear_live")
        run_auto(db, "@topics/publish", run_id=run_id)
    db.write("@scoring/published", run_id=run_id)


def wait_published(db: Database, note: Callable[[str], None] = log.warning) -> None:
    """Return once the live run's values are all on its people: wait while its run is still
    copying them, finish the copy of a run whose process is gone (``note`` says which)."""
    said = False
    while rows := db.read("@scoring/publishing"):
        row = rows[0]
        holder = {k: row[k] for k in ("pid", "host", "proc_start", "heartbeat")}
        if row["lock_run"] == row["run_id"] and leases.state(holder) == "alive":
            if not said:
                note(f"run {row['run_id']} is making its scores live; waiting for it")
                said = True
            time.sleep(1.0)
            continue
        note(f"run {row['run_id']} stopped while making its scores live; finishing that")
        finish_publishing(db, row["run_id"], bool(row["topics"]))
