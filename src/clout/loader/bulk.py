"""The bulk path: a first load into an EMPTY managed database through Neo4j's offline importer.

The file is checked exactly as for the online path; then the nodes and relationships are
written as importer CSV files (headers written here), the managed server is stopped, ``neo4j-admin
database import full`` rebuilds the ``neo4j`` database, the server is started again, and the
schema (indexes and constraints) is created once, on the full store, and awaited. Accounts have
dense integer ids in the importer's files, taken as the node ids (``--id-type=ACTUAL``: the
importer maps nothing; the handle is a property).
Every account is its own (automatic) person, so a self-interaction is ``actor == target``. The
relationships are lean records (``at`` and ``eid`` as longs; what the importer leaves unset is
read as its default, never rewritten after the import: no ``topics`` means none, no ``count``
1). The importer does not deduplicate: a row that repeats an earlier row's event id is left out
of the importer's files (as online), and the event keys' uniqueness constraints are created
after the import. The working folder
(``clout-bulk-<pid>-*`` under CLOUT_HOME) is removed at the end, and a killed bulk load's folder
at the next one.
"""

from __future__ import annotations

import csv
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

import pyarrow as pa

from clout import config, connection, cypher, record
from clout.db import Database, ServiceUnavailable, SessionExpired, TransientError, in_parallel
from clout.errors import ConnectionFailed, InputError, ServerError
from clout.eventkey import event_keys
from clout.loader import fastbulk
from clout.loader.model import LoadOptions, LoadSummary, Progress
from clout.loader.staging import Staged, load_key, stage
from clout.loader.writer import BUILTIN_KINDS
from clout.server.manager import READY_POLL_S, ManagedServer
from clout.settings import ConnectionSettings

log = logging.getLogger(__name__)
WORK_PREFIX = "clout-bulk-"
# Constraints built at once after the import (a third beside two gained 1 s: two cores).
CONSTRAINT_BUILDERS = 2


def bulk_load(
    settings: ConnectionSettings,
    path: Path,
    options: LoadOptions,
    kinds: config.Kinds,
    progress: Progress | None,
) -> LoadSummary:
    """Load ``path`` with the offline importer (see the module doc); refuse unless possible."""
    started = time.monotonic()
    if not settings.managed:
        raise InputError(
            "--bulk works only with clout's managed server (NEO4J_URI is set); "
            "load without --bulk, or unset NEO4J_URI"
        )
    server = ManagedServer.from_env()
    with connection.connect(settings) as db:
        _require_empty(db)
    file_sha, key = load_key(path, options, kinds)
    summary = LoadSummary(file=str(path), mode="bulk")
    remove_stale_work(server.paths.home)
    work = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-", dir=server.paths.home))
    stages = summary.stages
    try:
        with summary.stage("files"):
            batches, multiline = _prepare_files(path, options, kinds, work, summary, progress)
        with summary.stage("stop"):
            server.stop()
        try:
            stages["importer"] = _run_importer(server, work, multiline)
        except BaseException:
            _discard_store(server)
            raise
        finally:
            tick = time.monotonic()
            server.ensure_running()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    wait_online(settings)
    stages["restart"] = time.monotonic() - tick
    with connection.connect(settings, schema=False) as db:
        with summary.stage("indexes"):
            _create_schema(db, kinds)
            db.write("CALL db.awaitIndexes(3600)")
            db.write("@record/stamp", version=record.VERSION)
        db.write(
            "@load/manifest_start",
            key=key,
            file=str(path),
            sha256=file_sha,
            batches=batches,
            rows=summary.rows,
        )
        db.write("@load/manifest_batch", key=key, batch=batches - 1)
        db.write("@load/manifest_done", key=key, created=summary.interactions)
    summary.seconds = time.monotonic() - started
    summary.notes.append("stages: " + ", ".join(f"{n} {s:.1f} s" for n, s in stages.items()))
    return summary


def _discard_store(server: ManagedServer) -> None:
    """Remove what a failed or interrupted import left of the ``neo4j`` database (a store
    without transaction logs, which the server would refuse to start): the database was empty,
    so the server comes back with an empty one and the importer's own error is what is said."""
    for folder in ("databases", "transactions"):
        shutil.rmtree(server.paths.data_dir / folder / "neo4j", ignore_errors=True)


def wait_online(settings: ConnectionSettings, timeout: float = 300.0) -> None:
    """Wait until the (re-created) database answers queries, not only the server."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with connection.connect(settings, schema=False) as db:
                db.read("MATCH (n) RETURN count(n) AS n")
            return
        except (ServiceUnavailable, SessionExpired, ConnectionFailed, TransientError):
            if time.monotonic() > deadline:
                raise ServerError(
                    f"the database did not come online within {timeout:.0f} s after the import; "
                    "see `clout server logs`"
                ) from None
            time.sleep(READY_POLL_S)


def remove_stale_work(home: Path) -> None:
    """Remove the working folders of bulk loads whose process has ended (killed ones)."""
    for folder in home.glob(f"{WORK_PREFIX}*"):
        pid = folder.name.removeprefix(WORK_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            log.info("removing %s, left by a bulk load that ended without cleaning up", folder)
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _create_schema(db: Database, kinds: config.Kinds) -> None:
    """Every index and constraint on the imported store (new, so there is no index of an older
    database to replace, unlike ensure_event_constraints). First the plain indexes, in one
    transaction: the server populates them together, in the background once committed. Then the
    constraints (each kind's event keys, then schema.cypher's), each in its own transaction, two
    at a time, while those populate: the server builds a constraint's index before its statement
    returns. On 10M interactions: 73-75 s all in one transaction, 55-74 s with the constraints
    one after another in a second one, 10 s less than that two at a time (docs/benchmarks.md)."""
    schema = cypher.statements("schema")
    constraints = [cypher.for_kind("load/event_constraint", kind, kinds) for kind in kinds.allowed]
    constraints += [s for s in schema if s.startswith("CREATE CONSTRAINT")]
    plain = [s for s in schema if not s.startswith("CREATE CONSTRAINT")]
    plain += [
        cypher.for_kind("load/at_index", kind, kinds)
        for kind in kinds.allowed
        if kind not in BUILTIN_KINDS
    ]
    with db.transaction() as tx:
        for statement in plain:
            tx.run(statement).consume()
    for _ in in_parallel(db.write, constraints, workers=CONSTRAINT_BUILDERS):
        pass


def _require_empty(db: Database) -> None:
    nodes = db.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
    if nodes:
        raise InputError(
            f"--bulk loads only into an empty database, and this one holds {nodes:,} nodes; "
            "load without --bulk (online), or start from an empty database"
        )


def _prepare_files(
    path: Path,
    options: LoadOptions,
    kinds: config.Kinds,
    work: Path,
    summary: LoadSummary,
    progress: Progress | None,
) -> tuple[int, bool]:
    """The importer's CSV files in ``work``: vectorised when the file is clean canonical CSV,
    else checked row by row. Returns the number of batches (for the manifest) and whether a
    value holds a line break (the importer must then read fields over several lines)."""
    fast = fastbulk.convert(path, options, kinds, work / "rels.csv", progress)
    if fast is not None:
        summary.rows = summary.interactions = fast.rows
        summary.self_interactions = fast.self_rows
        (work / "rels-header.csv").write_text(
            fastbulk.header(fast.fractional, options.keep_event_ids)
        )
        breaks = fastbulk.write_nodes(*fast.ids.pairs(), work)
        summary.people = summary.accounts = len(fast.ids.keys)
        return 1, fast.multiline or breaks
    staged = stage(path, options, kinds, progress)
    try:
        summary.rows = staged.rows + staged.rejected
        summary.rejected = staged.rejected
        summary.duplicates = staged.duplicates
        accounts = sorted(staged.accounts)
        ids = {pair: i for i, pair in enumerate(accounts)}
        multiline = _write_csv(staged, ids, work, summary, options.keep_event_ids, progress)
        header = fastbulk.header(staged.fractional, options.keep_event_ids)
        (work / "rels-header.csv").write_text(header)
        networks, handles = zip(*accounts, strict=True) if accounts else ((), ())
        breaks = fastbulk.write_nodes(
            pa.array(networks, pa.string()), pa.array(handles, pa.string()), work
        )
        summary.people = summary.accounts = len(accounts)
        return max(1, staged.batches), multiline or breaks
    finally:
        staged.remove()


def _write_csv(
    staged: Staged,
    ids: dict[tuple[str, str], int],
    work: Path,
    summary: LoadSummary,
    keep_ids: bool,
    progress: Progress | None,
) -> bool:
    """The interactions as an importer CSV file in ``work`` (its header in another file), in
    :func:`fastbulk.convert`'s columns: integer account ids, ``at`` in epoch seconds, the event
    key, ``count`` only when not 1, ``topics`` only when there are some, the event id's text
    with ``keep_ids``. True when a value holds a line break."""
    multiline = False
    with (work / "rels.csv").open("w", newline="", encoding="utf-8") as fh:
        rels = csv.writer(fh)
        for batch in staged.read_batches():
            keys = event_keys([row[5] for row in batch]).tolist()
            for (actor, target, kind, at_ms, network, event_id, n, topics), eid in zip(
                batch, keys, strict=True
            ):
                tags = ";".join(topics)
                multiline = multiline or _has_break(tags) or (keep_ids and _has_break(event_id))
                row = [
                    ids[network, actor],
                    ids[network, target],
                    kind,
                    at_ms // 1000,
                    eid,
                    "" if n == 1 else n,
                    tags,
                ]
                if keep_ids:
                    row.append(event_id)
                rels.writerow(row)
                summary.self_interactions += actor == target
            summary.interactions += len(batch)
            if progress:
                progress("writing", len(batch), staged.rows)
    return multiline


def _has_break(text: str) -> bool:
    return "\n" in text or "\r" in text


def _run_importer(server: ManagedServer, work: Path, multiline: bool) -> float:
    """Import the files in ``work`` into the stopped managed server's ``neo4j``; its seconds.
    ``multiline``: a field holds a line break (the importer then reads more slowly, so only
    then)."""
    return server.import_full(
        "neo4j",
        options=[
            "--overwrite-destination=true",
            "--array-delimiter=;",
            "--id-type=ACTUAL",
            f"--report-file={work / 'import.report'}",
            "--max-off-heap-memory=25%",
            f"--multiline-fields={'true' if multiline else 'false'}",
        ],
        nodes=[f"Person={work / 'people.csv'}", f"Account={work / 'accounts.csv'}"],
        relationships=[
            f"OWNS={work / 'owns.csv'}",
            f"{work / 'rels-header.csv'},{work / 'rels.csv'}",
        ],
    )
