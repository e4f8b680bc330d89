"""``load_interactions``: one interactions file into the graph, online (Bolt) or bulk."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack, nullcontext
from pathlib import Path

from clout import collector, config, connection, record
from clout.db import GONE, Database, DatabaseError
from clout.errors import InputError, ServerError
from clout.loader import fastbulk, guard, writer
from clout.loader.identities import AccountsSummary, load_accounts
from clout.loader.model import LoadOptions, LoadSummary, Progress
from clout.loader.staging import Staged, check_rejects, load_key, stage
from clout.settings import ConnectionSettings

log = logging.getLogger(__name__)


def load_interactions(
    db: Database,
    path: Path,
    options: LoadOptions,
    kinds: config.Kinds,
    progress: Progress | None = None,
    log_dir: Path | None = None,
) -> LoadSummary:
    """Load ``path`` into ``db``: check the whole file (``kinds``: the allow-list and aliases),
    then write what is not there yet.

    A repeat of a completed load (same file content, same options) writes nothing; an
    interrupted one resumes with the batches it had not committed; event ids already in the database
    (or earlier in the file) are skipped, also when another load writes them at the same time.
    With ``log_dir``, the file's events are also appended to the Parquet event log there.
    """
    return _staged_then(lambda: nullcontext(db), path, options, kinds, progress, log_dir)


@collector.paused()
def _staged_then(
    open_db: Callable[[], AbstractContextManager[Database]],
    path: Path,
    options: LoadOptions,
    kinds: config.Kinds,
    progress: Progress | None,
    log_dir: Path | None = None,
) -> LoadSummary:
    """Check and spool the file (no database needed), then open the database and write (and
    append to the event log in ``log_dir``). The cyclic garbage collector is paused meanwhile:
    the accounts and the batches in flight are hundreds of thousands of small objects without
    cycles, and its passes over them cost seconds of a load (docs/benchmarks.md)."""
    started = time.monotonic()
    if not path.is_file():
        raise InputError(f"{path} does not exist or is not a file")
    if options.network:
        config.check_network(options.network)
    file_sha, key = load_key(path, options, kinds)
    staged = fastbulk.stage(path, options, kinds, progress) or stage(path, options, kinds, progress)
    summary = LoadSummary(file=str(path), rows=staged.rows + staged.rejected)
    summary.stages["check"] = time.monotonic() - started
    _checked(summary, staged, options)
    try:
        with ExitStack() as connected:
            with summary.stage("connect"):
                db = connected.enter_context(open_db())
            manifest = db.read("@load/manifest_get", key=key)[0]
            if manifest["done"]:
                summary.skipped = staged.rows - staged.duplicates
                summary.notes.append("this file was loaded before with the same options")
            else:
                with guard.loading(db, path):
                    _write(db, staged, summary, key, file_sha, path, options, kinds, progress)
            if log_dir is not None:
                _append_log(db, log_dir, staged, key, summary)
    finally:
        staged.remove()
    summary.seconds = time.monotonic() - started
    return summary


def _append_log(db: Database, folder: Path, staged: Staged, key: str, summary: LoadSummary) -> None:
    """The file's events (all of them: the log counts an event id once) to the event log, named
    by the load's key, so a repeat of the load replaces them."""
    from clout.scoring.events import Owners
    from clout.spark import log as event_log

    try:
        written = event_log.append(
            folder, staged.read_batches(), f"load-{key[:16]}", Owners.read(db)
        )
    except OSError as exc:
        raise InputError(
            f"--log {folder}: cannot write the event log ({exc.strerror or exc}); the database "
            "has the file's events: load it again with --log to write them"
        ) from exc
    summary.notes.append(f"{written:,} events appended to the event log in {folder}")


def _checked(summary: LoadSummary, staged: Staged, options: LoadOptions) -> None:
    """What the checking pass found, in the summary: rejects and repeated event ids."""
    summary.rejected = staged.rejected
    summary.duplicates = staged.duplicates
    if staged.rejected:
        first = staged.first_reject
        if options.rejects is not None:
            summary.rejects_file = str(options.rejects)
            where = f"written to {options.rejects}"
        else:
            where = "give --rejects FILE to keep them"
        summary.notes.append(f"{staged.rejected:,} rows rejected ({where}); the first: {first}")
    if staged.duplicates:
        summary.notes.append(
            f"{staged.duplicates:,} rows repeat the event id of an earlier row of the file; "
            "the first of each was loaded"
        )


def _write(
    db: Database,
    staged: Staged,
    summary: LoadSummary,
    key: str,
    file_sha: str,
    path: Path,
    options: LoadOptions,
    kinds: config.Kinds,
    progress: Progress | None,
) -> None:
    with summary.stage("schema"):
        record.ensure(db)  # refuse to add lean records to a database of an older record
        before = db.read("@load/counts")[0]
        summary.notes.extend(writer.ensure_event_constraints(db, kinds))
    with summary.stage("accounts"):
        ids = writer.write_accounts(db, staged.accounts, progress, fresh=before["accounts"] == 0)
    after = db.read("@load/counts")[0]
    summary.people = after["people"] - before["people"]
    summary.accounts = after["accounts"] - before["accounts"]
    manifest = db.write(
        "@load/manifest_start",
        key=key,
        file=str(path),
        sha256=file_sha,
        batches=staged.batches,
        rows=staged.rows,
    )[0]
    leading, ahead = manifest["batches_done"], manifest.get("ahead") or []
    committed = frozenset(range(leading)) | frozenset(ahead)
    if ahead:
        summary.notes.append(
            f"resumed: {len(committed)} of {staged.batches} batches were committed before "
            "(the writers commit batches out of order)"
        )
    elif leading:
        summary.notes.append(f"resumed after batch {leading} of {staged.batches}")
    with summary.stage("interactions"):
        result = writer.write_interactions(
            db, staged, ids, key, committed, kinds, progress, options.keep_event_ids
        )
    db.write("@load/manifest_done", key=key, created=result.created)
    summary.interactions = result.created
    summary.skipped = result.skipped
    summary.self_interactions = result.self_rows


def run_load(
    settings: ConnectionSettings,
    path: Path,
    options: LoadOptions,
    kinds: config.Kinds,
    *,
    bulk: bool = False,
    progress: Progress | None = None,
    log_dir: Path | None = None,
) -> LoadSummary:
    """Connect and load ``path``: online, or with ``bulk`` through the offline importer; with
    ``log_dir`` (online only) also append its events to the Parquet event log there."""
    if not path.is_file():
        raise InputError(f"{path} does not exist or is not a file")
    check_rejects(path, options)
    if log_dir is not None:
        if bulk:
            raise InputError(
                "--log works with online loads; after --bulk, write the log with "
                "`clout export interactions --format parquet -o DIR`"
            )
        if log_dir.exists() and not log_dir.is_dir():
            raise InputError(f"--log {log_dir} is a file; give a folder")
    if bulk:
        from clout.loader.bulk import bulk_load  # only this path needs the server internals

        summary: LoadSummary = bulk_load(settings, path, options, kinds, progress)
        return summary
    try:
        return _staged_then(
            lambda: connection.connect(settings, schema=True),
            path,
            options,
            kinds,
            progress,
            log_dir,
        )
    except (DatabaseError, *GONE) as exc:
        if settings.managed:  # the database may have stopped: disk full
            from clout.server.manager import ManagedServer

            if problem := ManagedServer.from_env().panic():
                raise ServerError(problem) from exc
        raise


def run_dedupe(settings: ConnectionSettings, kinds: config.Kinds) -> dict[str, int]:
    """Connect and remove interactions that repeat an event id (see ``writer.dedupe``)."""
    with connection.connect(settings, schema=True) as db, guard.loading(db, Path("(dedupe)")):
        return writer.dedupe(db, kinds)


def run_load_accounts(
    settings: ConnectionSettings,
    path: Path,
    fmt: str,
    networks: list[str] | None,
    log_dir: Path | None = None,
) -> AccountsSummary:
    """Connect and load an identity file (and rewrite the accounts of the log in ``log_dir``)."""
    with connection.connect(settings, schema=True) as db:
        return load_accounts(db, path, fmt, networks, log_dir)
