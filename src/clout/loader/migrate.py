"""``clout migrate``: rewrite a database's interactions from record 1 to the lean record 2.

Each kind's record-1 relationships (those without an ``eid``) are streamed by one reader and
rewritten in batches, one transaction each (record/migrate_events.cypher: ``at`` as epoch
seconds, the ``eid`` key of :mod:`clout.eventkey`, the defaults and the per-account values
removed). Then each kind's ``eid`` gets its uniqueness constraint, record 1's event-id indexes
are dropped, and the version is recorded. An interrupted migration is simply run again: it
takes up the relationships still without a key, and the database stays in record 1 (refused by
the other commands) until the last step.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any

from clout import cypher, record
from clout.config import Kinds
from clout.db import Database
from clout.eventkey import event_keys
from clout.loader.model import Progress
from clout.loader.writer import ensure_event_constraints

BATCH = 20_000


@dataclass
class MigrateSummary:
    """What a migration did."""

    before: int | None  # the record version found (None: nothing loaded yet)
    after: int
    migrated: dict[str, int] = field(default_factory=dict)  # interactions rewritten per kind
    dropped: list[str] = field(default_factory=list)  # record 1's indexes and constraints
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def migrate(
    db: Database, kinds: Kinds, keep_ids: bool = False, progress: Progress | None = None
) -> MigrateSummary:
    """Bring the database to the current record (see the module doc); nothing to do on one that
    holds it already. ``keep_ids``: keep each event id's text as ``event_id``."""
    started = time.monotonic()
    before = record.version(db)
    if before is not None and before >= record.VERSION:
        record.check(db)  # a newer record is refused
        return MigrateSummary(before, before)
    db.apply_schema()
    summary = MigrateSummary(before, record.VERSION)
    if before == 1:
        total = sum(_old_count(db, kind, kinds) for kind in kinds.allowed)
        for kind in kinds.allowed:
            summary.migrated[kind] = _migrate_kind(db, kind, kinds, keep_ids, total, progress)
        ensure_event_constraints(db, kinds)
        for row in db.read("@record/legacy_indexes"):
            if row["constraint"]:
                db.write("@record/drop_constraint", name=row["constraint"])
            else:
                db.write("@load/drop_index", name=row["name"])
            summary.dropped.append(row["constraint"] or row["name"])
    db.write("@record/stamp", version=record.VERSION)
    summary.seconds = round(time.monotonic() - started, 1)
    return summary


def _old_count(db: Database, kind: str, kinds: Kinds) -> int:
    query = cypher.for_kind("record/old_count", kind, kinds)
    return int(db.read(query)[0]["interactions"])


def _migrate_kind(
    db: Database,
    kind: str,
    kinds: Kinds,
    keep_ids: bool,
    total: int,
    progress: Progress | None,
) -> int:
    """Rewrite ``kind``'s record-1 interactions; how many."""
    rewrite = cypher.load("record/migrate_events")
    done = 0
    with db.session() as reader:
        rows = reader.run(cypher.for_kind("record/old_events", kind, kinds))
        batch: list[tuple[int, str]] = []
        for row in rows:
            batch.append((row["id"], row["event_id"]))
            if len(batch) == BATCH:
                done += _rewrite(db, rewrite, batch, keep_ids, total, progress)
                batch = []
        if batch:
            done += _rewrite(db, rewrite, batch, keep_ids, total, progress)
    return done


def _rewrite(
    db: Database,
    query: str,
    batch: list[tuple[int, str]],
    keep_ids: bool,
    total: int,
    progress: Progress | None,
) -> int:
    ids = [rel for rel, _ in batch]
    # A record-1 relationship always has an event id; its internal id stands in for any without.
    texts = [text if text is not None else f"rel:{rel}" for rel, text in batch]
    keys = event_keys(texts).tolist()
    db.write(query, rows=[list(pair) for pair in zip(ids, keys, strict=True)], keep=keep_ids)
    if progress:
        progress("migrating", len(batch), total)
    return len(batch)
