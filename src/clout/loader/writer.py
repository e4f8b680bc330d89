"""The online writer: staged batches into Neo4j over Bolt, resumable and idempotent.

Two passes. First every account of the file is MERGEd (with an automatic owner when new), which
gives each account's element id and owner. Then the interactions go in, one transaction per batch:
for each kind of the batch one ``UNWIND`` that looks both accounts up by element id, skips event
ids that already exist (index seek) and CREATEs the rest; the same transaction advances the load
manifest, so a crashed load resumes after its last committed batch. A background thread prepares
the next batch while the current one is in flight.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import neo4j

from clout import cypher
from clout.config import Kinds
from clout.db import Database
from clout.loader.model import Progress
from clout.loader.staging import Staged

log = logging.getLogger(__name__)
ACCOUNT_BATCH = 10_000
BUILTIN_KINDS = frozenset({"REPLIED_TO", "SHARED", "LIKED", "MENTIONED", "COMMENTED_ON"})

# (element id, person id) per (network, handle)
AccountIds = dict[tuple[str, str], tuple[str, str]]


def ensure_kind_indexes(db: Database, kinds: Kinds) -> None:
    """An event_id and an at index for every configured kind beyond the built-in five."""
    for kind in kinds.allowed:
        if kind not in BUILTIN_KINDS:
            db.write(cypher.for_kind("load/event_index", kind, kinds))
            db.write(cypher.for_kind("load/at_index", kind, kinds))


def write_accounts(
    db: Database, accounts: set[tuple[str, str]], progress: Progress | None = None
) -> AccountIds:
    """MERGE every account (and an automatic owner for new ones); their ids and owners."""
    ids: AccountIds = {}
    ordered = sorted(accounts)
    query = cypher.load("load/accounts")

    def merge(tx: neo4j.ManagedTransaction, rows: list[list[str]]) -> list[neo4j.Record]:
        return list(tx.run(query, rows=rows))

    with db.session() as session:
        for start in range(0, len(ordered), ACCOUNT_BATCH):
            rows = [list(key) for key in ordered[start : start + ACCOUNT_BATCH]]
            for rec in session.execute_write(merge, rows):
                ids[(rec["network"], rec["handle"])] = (rec["id"], rec["person"])
            if progress:
                progress("accounts", len(rows), len(ordered))
    return ids


@dataclass
class Prepared:
    """One batch, ready for Bolt: rows grouped by kind."""

    number: int
    size: int
    by_kind: dict[str, list[list[Any]]]
    self_rows: int


def _prepare(number: int, batch: list[tuple[Any, ...]], ids: AccountIds) -> Prepared:
    """Bolt rows grouped by kind; ``self`` when both accounts have the same owner now."""
    by_kind: dict[str, list[list[Any]]] = {}
    selfs = 0
    for actor, target, kind, at_ms, network, event_id, n, topics in batch:
        actor_id, actor_owner = ids[(network, actor)]
        target_id, target_owner = ids[(network, target)]
        is_self = actor_owner == target_owner
        selfs += is_self
        row = [actor_id, target_id, at_ms, network, event_id, n, topics, is_self]
        by_kind.setdefault(kind, []).append(row)
    return Prepared(number, len(batch), by_kind, selfs)


def _prefetch(staged: Staged, ids: AccountIds, skip: int) -> Iterator[Prepared | None]:
    """Batches prepared on a background thread (None for batches committed before)."""
    out: queue.Queue[Prepared | BaseException | None] = queue.Queue(maxsize=2)
    stop = threading.Event()

    def work() -> None:
        try:
            for number, batch in enumerate(staged.read_batches()):
                if stop.is_set():
                    return
                item = None if number < skip else _prepare(number, batch, ids)
                out.put(item if item is not None else None)
            out.put(StopIteration())
        except BaseException as exc:  # handed to the consumer
            out.put(exc)

    thread = threading.Thread(target=work, name="clout-prepare", daemon=True)
    thread.start()
    try:
        while True:
            item = out.get()
            if isinstance(item, StopIteration):
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while thread.is_alive():
            try:
                out.get_nowait()
            except queue.Empty:
                thread.join(0.05)


@dataclass
class WriteResult:
    created: int = 0
    skipped: int = 0
    self_rows: int = 0


def write_interactions(
    db: Database,
    staged: Staged,
    ids: AccountIds,
    key: str,
    done_before: int,
    kinds: Kinds,
    progress: Progress | None,
) -> WriteResult:
    """Write the staged batches from ``done_before`` on, one transaction each."""
    queries = {kind: cypher.for_kind("load/interactions", kind, kinds) for kind in kinds.allowed}
    mark = cypher.load("load/manifest_batch")
    result = WriteResult()
    sizes = iter(staged.sizes)
    with db.session() as session:
        for prepared in _prefetch(staged, ids, done_before):
            size = next(sizes)
            if prepared is None:
                result.skipped += size
                if progress:
                    progress("loading", size, staged.rows)
                continue

            def work(tx: neo4j.ManagedTransaction, p: Prepared = prepared) -> int:
                created = 0
                for kind, rows in p.by_kind.items():
                    created += tx.run(queries[kind], rows=rows).single(strict=True)["created"]
                tx.run(mark, key=key, batch=p.number).consume()
                return created

            created = session.execute_write(work)
            result.created += created
            result.skipped += prepared.size - created
            result.self_rows += prepared.self_rows
            if progress:
                progress("loading", prepared.size, staged.rows)
    return result
