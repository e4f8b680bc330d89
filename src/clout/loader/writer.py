"""The online writer: staged batches into Neo4j over Bolt, resumable and idempotent.

Two passes. First every account of the file is MERGEd (with an automatic owner when new), which
gives each account's internal id and owner. Then the interactions go in, one transaction per
batch: for each kind of the batch one ``UNWIND`` that looks both accounts up by internal id, skips
events whose key already exists (index seek) and CREATEs the rest as lean records (``at`` in
epoch seconds, the ``eid`` key of clout.eventkey, ``count`` only when not 1, ``topics`` only when
there are some, the event id's text only with ``--keep-event-ids``); the same transaction
records the batch in the load manifest, so a crashed load resumes with exactly the batches that
did not commit. A background thread prepares the batches, and ``WRITERS`` sessions commit them
at once (the server creates relationships on both cores; measured in docs/benchmarks.md), so
batches may commit out of order: the manifest keeps the leading run of committed batches and
the few committed beyond it. A batch goes to the server as columns (a list per field, no list
per event: less work on both sides of Bolt); a batch of the vectorised check (an Arrow table)
becomes them column by column (:func:`_prepare_table`), one of the row-by-row check row by
row (:func:`_prepare`); both give the same columns.

Event identity holds under concurrency: each kind's ``eid`` carries a uniqueness constraint
(:func:`ensure_event_constraints`), so when another load commits one of a batch's events first,
the server refuses the batch, and the batch is tried again (and then skips that event).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Generator
from contextlib import closing
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from clout import cypher
from clout.config import Kinds
from clout.db import (
    ClientError,
    Column,
    ConstraintError,
    Database,
    DatabaseError,
    Session,
    Tx,
    in_parallel,
)
from clout.errors import InputError
from clout.eventkey import event_keys
from clout.loader.model import Progress
from clout.loader.staging import Staged

log = logging.getLogger(__name__)
ACCOUNT_BATCH = 10_000
ACCOUNT_WORKERS = 2
# Sessions writing interaction batches at once.
WRITERS = 2
# The kinds whose `at` index schema.cypher creates (a configured kind beyond them gets its own).
BUILTIN_KINDS = frozenset({"REPLIED_TO", "SHARED", "LIKED", "MENTIONED", "COMMENTED_ON"})
# Tries of one batch that another load keeps beating to some of its events.
BATCH_TRIES = 8

# (internal id, person id) per (network, handle)
AccountIds = dict[tuple[str, str], tuple[int, str]]


def ensure_event_constraints(db: Database, kinds: Kinds) -> list[str]:
    """A uniqueness constraint on the event key ``eid`` for every kind (and an ``at`` index for
    the kinds beyond the built-in five); notes for the summary when a plain index was replaced.
    A kind whose events already repeat a key is an :class:`InputError` naming
    ``clout load dedupe``."""
    notes = []
    found = {row["kind"]: row for row in db.read("@load/event_schema")}
    for kind in kinds.allowed:
        if kind not in BUILTIN_KINDS:
            db.write(cypher.for_kind("load/at_index", kind, kinds))
        row = found.get(kind)
        if row is not None and row["unique"]:
            continue
        started = time.monotonic()
        if row is not None:
            db.write("@load/drop_index", name=row["name"])
        try:
            db.write(cypher.for_kind("load/event_constraint", kind, kinds))
        except (DatabaseError, ClientError) as exc:
            if "already exists" in (exc.message or ""):  # another load made it just now
                continue
            db.write(cypher.for_kind("load/event_index", kind, kinds))
            repeats = db.read(cypher.for_kind("load/event_repeats", kind, kinds))[0]
            if not repeats["extra"]:
                raise
            extra, events = repeats["extra"], repeats["events"]
            raise InputError(
                f"{extra:,} {kind} interactions repeat an event id ({events:,} ids; left by "
                "loads that ran at the same time before clout enforced unique event ids); "
                "remove the repeats with `clout load dedupe`, then load again"
            ) from exc
        if row is not None:
            seconds = time.monotonic() - started
            notes.append(f"{kind} event ids are now unique by constraint ({seconds:.1f} s, once)")
    return notes


def dedupe(db: Database, kinds: Kinds) -> dict[str, int]:
    """Remove the interactions that repeat an event key of their kind (keeping one of each),
    then make event keys unique by constraint; how many were removed per kind."""
    removed = {}
    for kind in kinds.allowed:
        query = cypher.for_kind("load/dedupe", kind, kinds)
        with db.session() as session:  # CALL ... IN TRANSACTIONS needs an implicit transaction
            removed[kind] = int(session.run(query).single(strict=True)["removed"])
    ensure_event_constraints(db, kinds)
    return removed


def write_accounts(
    db: Database,
    accounts: set[tuple[str, str]],
    progress: Progress | None = None,
    *,
    fresh: bool = False,
) -> AccountIds:
    """Make sure every account exists with an owner (an automatic person for a new one); their
    ids and owners. Each batch looks the accounts up (not when ``fresh``: the database held no
    account when the load began), CREATEs the missing ones with their people, and MERGEs
    instead when a uniqueness constraint refuses that (another load made one of them first).
    Where the database still holds a handle's ``@`` spelling (loaded before handles were
    normalised), that account is used (MERGE only). Batches go to the server as two columns
    and come back as columns: no record per account on either side."""
    ids: AccountIds = {}
    ordered = sorted(accounts)
    legacy = db.read("@load/at_handles")[0]["found"]
    merge_query = cypher.load("load/accounts_at" if legacy else "load/accounts")
    found_query, new_query = cypher.load("load/accounts_found"), cypher.load("load/accounts_new")

    def merged(tx: Tx, keys: list[tuple[str, str]]) -> AccountIds:
        rows = [list(key) for key in keys]
        return {
            (r["network"], r["handle"]): (r["id"], r["person"])
            for r in tx.run(merge_query, rows=rows)
        }

    def columns(query: str, new: bool) -> Callable[[Tx, list[tuple[str, str]]], AccountIds]:
        """Run ``query`` on the accounts as columns (``new``: it creates them, and a new
        account's owner is its automatic person ``network:handle``)."""

        def work(tx: Tx, keys: list[tuple[str, str]]) -> AccountIds:
            networks, handles = Column(k[0] for k in keys), Column(k[1] for k in keys)
            got = tx.run(query, networks=networks, handles=handles).single(strict=True)
            people = [f"{keys[i][0]}:{keys[i][1]}" for i in got["at"]] if new else got["person"]
            return {
                keys[i]: (account, person)
                for i, account, person in zip(got["at"], got["id"], people, strict=True)
            }

        return work

    def batch(keys: list[tuple[str, str]]) -> AccountIds:
        with db.session() as session:
            if legacy:
                return session.execute_write(merged, keys)
            found = {} if fresh else session.execute_read(columns(found_query, False), keys)
            missing = [key for key in keys if key not in found]
            if missing:
                try:
                    found |= session.execute_write(columns(new_query, True), missing)
                except ConstraintError:
                    found |= session.execute_write(merged, missing)
            return found

    batches = [
        ordered[start : start + ACCOUNT_BATCH] for start in range(0, len(ordered), ACCOUNT_BATCH)
    ]
    # Two sessions at a time: accounts are independent (no batch waits for another), and the
    # server creates them on both cores.
    for written in in_parallel(batch, batches, ACCOUNT_WORKERS):
        ids |= written
        if progress:
            progress("accounts", len(written), len(ordered))
    return ids


# The columns of a batch of one kind, as load/interactions.cypher takes them.
FIELDS = ("actor", "target", "at", "eid", "count", "topics", "event_id")


@dataclass
class Prepared:
    """One batch, ready for Bolt: per kind, its events as :data:`FIELDS` columns."""

    number: int
    size: int
    by_kind: dict[str, dict[str, list[Any]]]
    self_rows: int


def _prepare(
    number: int, batch: list[tuple[Any, ...]], ids: AccountIds, keep_ids: bool
) -> Prepared:
    """Bolt columns per kind: actor and target (internal ids), at (epoch seconds), eid, count
    (None for 1), topics (None for none), event id (None unless ``keep_ids``). Counts ``self``
    rows (both accounts with the same owner now; stored as any other, scoring leaves them out).
    A key that repeats within the batch (two ids sharing a hash) is sent once: the server would
    refuse the batch."""
    by_kind: dict[str, dict[str, list[Any]]] = {}
    selfs = 0
    keys = event_keys([row[5] for row in batch]).tolist()
    seen: set[tuple[str, int]] = set()
    for (actor, target, kind, at_ms, network, event_id, n, topics), eid in zip(
        batch, keys, strict=True
    ):
        if (kind, eid) in seen:
            continue
        seen.add((kind, eid))
        actor_id, actor_owner = ids[(network, actor)]
        target_id, target_owner = ids[(network, target)]
        selfs += actor_owner == target_owner
        values = (
            actor_id,
            target_id,
            at_ms // 1000,
            eid,
            None if n == 1 else n,
            topics or None,
            event_id if keep_ids else None,
        )
        columns = by_kind.setdefault(kind, {name: Column() for name in FIELDS})
        for name, value in zip(FIELDS, values, strict=True):
            columns[name].append(value)
    return Prepared(number, len(batch), by_kind, selfs)


class AccountIndex:
    """The accounts of :data:`AccountIds` by position, for whole columns of (network, handle)
    at once (hashed by Arrow): their internal ids, and their owners as integer codes."""

    SEPARATOR = "\x1f"  # never in a network name (clout.config.NETWORK_NAME)

    def __init__(self, ids: AccountIds) -> None:
        self.keys = pa.array([f"{n}{self.SEPARATOR}{h}" for n, h in ids], pa.string())
        self.ids = np.fromiter((i for i, _ in ids.values()), np.int64, len(ids))
        owners: dict[str, int] = {}
        self.owners = np.fromiter(
            (owners.setdefault(p, len(owners)) for _, p in ids.values()), np.int64, len(ids)
        )

    def positions(self, network: Any, handle: Any) -> np.ndarray:
        """The positions of the accounts given as Arrow string columns."""
        wanted = pc.binary_join_element_wise(network, handle, self.SEPARATOR)
        found = pc.index_in(wanted, value_set=self.keys)
        if found.null_count:
            raise AssertionError("a staged account was not written")  # write_accounts made all
        return np.asarray(found.to_numpy(zero_copy_only=False), np.int64)


def _prepare_table(
    number: int, table: pa.Table, accounts: AccountIndex, keep_ids: bool
) -> Prepared:
    """:func:`_prepare` for a batch spooled by the vectorised check (no repeated keys: that
    check leaves such files to the row-by-row one), column by column."""
    size = table.num_rows
    network = table["network"]
    both = accounts.positions(  # actors, then targets: one hash of the accounts per batch
        pa.chunked_array(network.chunks + network.chunks, pa.string()),
        pa.chunked_array(table["actor"].chunks + table["target"].chunks, pa.string()),
    )
    actor, target = both[:size], both[size:]
    selfs = int((accounts.owners[actor] == accounts.owners[target]).sum())
    count = table["count"].to_numpy(zero_copy_only=False)
    counts = np.full(size, None, dtype=object)
    other = np.flatnonzero(count != 1)
    whole = np.floor(count[other]) == count[other]
    counts[other[whole]] = count[other[whole]].astype(np.int64)  # as Python ints
    counts[other[~whole]] = count[other[~whole]]  # as Python floats
    text = table["topics"]
    topics = np.full(size, None, dtype=object)
    if text.null_count < size:  # "a;b" -> ["a", "b"] (a list per event: an object column)
        split = (t.split(";") if t else None for t in text.to_pylist())  # faster than Arrow's
        topics = np.fromiter(split, object, size)
    columns = (
        accounts.ids[actor],
        accounts.ids[target],
        table["at_ms"].to_numpy() // 1000,
        table["eid"].to_numpy(),
        counts,
        topics,
        table["event_id"].to_numpy(zero_copy_only=False) if keep_ids else np.full(size, None),
    )
    kind = pc.dictionary_encode(table["kind"].combine_chunks())  # kinds in order of appearance
    codes = kind.indices.to_numpy(zero_copy_only=False)
    by_kind: dict[str, dict[str, list[Any]]] = {}
    for code, name in enumerate(kind.dictionary.to_pylist()):
        rows = np.flatnonzero(codes == code)
        by_kind[name] = {f: Column(c[rows].tolist()) for f, c in zip(FIELDS, columns, strict=True)}
    return Prepared(number, size, by_kind, selfs)


def _prefetch(
    staged: Staged, ids: AccountIds, skip: frozenset[int], keep_ids: bool
) -> Generator[Prepared | None, None, None]:
    """Batches prepared on a background thread (None for batches committed before)."""
    out: queue.Queue[Prepared | BaseException | None] = queue.Queue(maxsize=2)
    stop = threading.Event()

    def work() -> None:
        try:
            accounts: AccountIndex | None = None
            for number, batch in enumerate(staged.read_spooled()):
                if stop.is_set():
                    return
                if number in skip:
                    item = None
                elif isinstance(batch, pa.Table):
                    if accounts is None:
                        accounts = AccountIndex(ids)
                    item = _prepare_table(number, batch, accounts, keep_ids)
                else:
                    item = _prepare(number, batch, ids, keep_ids)
                out.put(item)
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


def _write_batch(session: Session, work: Any, number: int) -> int:
    """Commit one batch; when a concurrent load committed one of its events first (the
    uniqueness constraint refuses the batch), try again: the retry skips those events."""
    for attempt in range(1, BATCH_TRIES + 1):
        try:
            return int(session.execute_write(work))
        except ConstraintError as exc:
            if attempt == BATCH_TRIES or "eid" not in (exc.message or ""):
                raise
            log.info("batch %d met events another load wrote first; trying again", number)
            time.sleep(0.05 * attempt)
    raise AssertionError("unreachable")


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
    committed: frozenset[int],
    kinds: Kinds,
    progress: Progress | None,
    keep_ids: bool = False,
) -> WriteResult:
    """Write the staged batches not ``committed`` before, one transaction each, ``WRITERS`` at
    a time (``keep_ids``: store each event id's text too)."""
    queries = {kind: cypher.for_kind("load/interactions", kind, kinds) for kind in kinds.allowed}
    mark = cypher.load("load/manifest_batch")
    result = WriteResult()

    def commit(prepared: Prepared | None) -> tuple[int, int]:
        """(interactions created, self rows) of one batch (none for a batch committed before)."""
        if prepared is None:
            return 0, 0

        def work(tx: Tx) -> int:
            created = 0
            for kind, columns in prepared.by_kind.items():
                created += tx.run(queries[kind], columns).single(strict=True)["created"]
            tx.run(mark, key=key, batch=prepared.number).consume()
            return created

        with db.session() as session:
            created = _write_batch(session, work, prepared.number)
        # Emptied now: the driver keeps a query's parameters in a reference cycle (its result's
        # metadata), so a batch's columns would otherwise live until Python's cyclic collector
        # ran (which a load pauses: clout.collector).
        for columns in prepared.by_kind.values():
            for values in columns.values():
                values.clear()
        return created, prepared.self_rows

    with closing(_prefetch(staged, ids, committed, keep_ids)) as batches:
        written = in_parallel(commit, batches, WRITERS)
        for size, (created, self_rows) in zip(staged.sizes, written, strict=True):
            result.created += created
            result.skipped += size - created
            result.self_rows += self_rows
            if progress:
                progress("loading", size, staged.rows)
    return result
