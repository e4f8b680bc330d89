"""A load's lease: scoring never reads a graph that a load is writing.

Before it writes, a load registers a ``(:LoadLease)`` (holder, heartbeat) after passing the gate
that scoring runs pass too (``load/gate.cypher``), and removes it when it ends, however it ends;
the lease of a process killed outright is cleared by whoever finds its holder gone
(:mod:`clout.leases`). ``clout score`` refuses to start while a live load is registered; a load
that finds a scoring run still reading the graph waits until that run has read it.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from clout import cypher, leases
from clout.db import GONE, Database, Tx

log = logging.getLogger(__name__)
WAIT_S = 2.0


def _reading_run(tx: Tx) -> dict[str, Any] | None:
    """The scoring run that holds the lock and still reads the graph, when its holder lives."""
    holder = tx.run(cypher.load("scoring/lock")).single()
    if holder is None or not holder["reading"] or holder["status"] != "running":
        return None
    found = holder.data()
    return found if leases.state(found) == "alive" else None


def _register(db: Database, lease_id: str, path: Path) -> dict[str, Any] | None:
    """Register the load unless a scoring run is reading the graph (then return that run)."""

    def work(tx: Tx) -> dict[str, Any] | None:
        tx.run(cypher.load("load/gate")).consume()
        reading = _reading_run(tx)
        if reading is None:
            tx.run(
                cypher.load("load/lease_start"), id=lease_id, file=str(path), **leases.me()
            ).consume()
        return reading

    return db.execute_write(work)


@contextmanager
def loading(db: Database, path: Path) -> Iterator[str]:
    """Hold a load lease while the block writes (waiting first for a run reading the graph)."""
    lease_id = uuid.uuid4().hex
    told = False
    while (reading := _register(db, lease_id, path)) is not None:
        if not told:
            log.warning(
                "waiting for scoring run %s (%s) to finish reading the graph",
                reading["run_id"],
                leases.describe(reading),
            )
            told = True
        time.sleep(WAIT_S)
    try:
        with leases.heartbeat(lambda: db.write("@load/lease_beat", id=lease_id)):
            yield lease_id
    except GONE:
        raise  # the database is gone: the next run clears the lease (its holder is gone then)
    except BaseException:
        _end(db, lease_id)
        raise
    _end(db, lease_id)


def _end(db: Database, lease_id: str) -> None:
    try:
        db.write("@load/lease_end", id=lease_id)
    except Exception as exc:  # the database is gone; the next run clears the lease
        log.debug("could not remove load lease %s: %s", lease_id, exc)


def live_loads(tx: Tx, force: bool) -> list[dict[str, Any]]:
    """The loads registered now whose holders are alive (``force``: or silent); the leases of
    the others are removed in ``tx``."""
    found = []
    for row in tx.run(cypher.load("load/leases")):
        lease = row.data()
        held = leases.state(lease)
        if held == "alive" or (held == "silent" and not force):
            found.append(lease)
        else:
            log.warning(
                "clearing the lease of a load that ended without it (%s, %s)",
                lease["file"],
                leases.describe(lease),
            )
            tx.run(cypher.load("load/lease_end"), id=lease["id"]).consume()
    return found
