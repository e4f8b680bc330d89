"""What scoring reads from and writes to the graph: lock, runs, calibrations, scores."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from datetime import datetime
from typing import Any

import neo4j
from neo4j.exceptions import ConstraintError

from clout import config as clout_config
from clout import cypher
from clout.db import WORKERS, Database, in_parallel
from clout.errors import ScoringBusy
from clout.scoring.calibrate import Calibration

log = logging.getLogger(__name__)
# Rows per write transaction (measured: 5k-row batches spent much of the write in commits).
BATCH = 20_000
# Called before each write batch with (phase, batch index); tests use it to inject failures.
WriteHook = Callable[[str, int], None]


def start_run(db: Database, run_id: str, props: dict[str, Any], force: bool = False) -> None:
    """Take the scoring lock and record the run, or raise :class:`ScoringBusy`."""
    params = {"run_id": run_id, "pid": os.getpid(), "host": socket.gethostname(), "props": props}
    try:
        db.write("@scoring/start_run", **params)
        return
    except ConstraintError:
        rows = db.read("@scoring/lock")
    holder = rows[0] if rows else None
    if holder is not None and not (force or _stale(holder)):
        raise ScoringBusy(
            f"another `clout score` run ({holder['run_id']}, pid {holder['pid']} on "
            f"{holder['host']}, started {holder['started_at']}) is scoring this database; wait "
            "for it to finish, or, if that process is gone, rerun with --force"
        )
    log.warning("clearing the scoring lock of run %s", holder["run_id"] if holder else "?")
    db.write("@scoring/release_lock", run_id=None)
    db.write("@scoring/start_run", **params)


def _stale(holder: dict[str, Any]) -> bool:
    """True when the lock's process ran on this host and is gone."""
    if holder["host"] != socket.gethostname():
        return False
    try:
        os.kill(int(holder["pid"]), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def release_lock(db: Database, run_id: str) -> None:
    db.write("@scoring/release_lock", run_id=run_id)


def finish_run(db: Database, run_id: str, status: str, props: dict[str, Any]) -> None:
    db.write("@scoring/finish_run", run_id=run_id, status=status, props=props)


def live_run(db: Database) -> str | None:
    rows = db.read("@scoring/live_run")
    return str(rows[0]["run_id"]) if rows else None


def newest_interaction(db: Database, kinds: list[str]) -> datetime | None:
    """The time of the newest interaction of ``kinds`` (kinds off the allow-list have none)."""
    allowed = clout_config.kinds()
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
    db: Database, query: str, run_id: str, columns: Columns, rows: int, phase: str,
    advance: Callable[[int], None], hook: WriteHook | None = None, *, workers: int = WORKERS,
    **params: Any,
) -> None:  # fmt: skip
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

        def work(tx: neo4j.ManagedTransaction) -> None:
            tx.run(text, {**params, **batch}, run_id=run_id).consume()

        db.execute_write(work)
        return min(BATCH, rows - start)

    for written in in_parallel(write, range(0, rows, BATCH), workers):
        advance(written)


def slice_columns(columns: Columns, start: int, stop: int) -> Columns:
    """Rows ``start:stop`` of every column."""
    return {
        name: (
            {key: value[start:stop] for key, value in column.items()}
            if isinstance(column, dict) else column[start:stop]
        )
        for name, column in columns.items()
    }  # fmt: skip


def run_auto(db: Database, query: str, **params: Any) -> None:
    """Run a query holding ``CALL {...} IN TRANSACTIONS`` (needs an auto-commit transaction)."""
    with db.session() as session:
        session.run(cypher.load(query[1:]), params).consume()


def restore(db: Database, failed_run: str, previous_run: str | None) -> None:
    """Put the previous run's values back live and forget what ``failed_run`` wrote."""
    if previous_run is None:
        run_auto(db, "@scoring/clear_live")
    else:
        run_auto(db, "@scoring/publish_history", run_id=previous_run)
        run_auto(db, "@scoring/publish_rest", run_id=previous_run)
    run_auto(db, "@scoring/forget_run", run_id=failed_run)
