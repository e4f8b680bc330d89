"""The checking pass: read the WHOLE file, validate every row, and spool the good ones.

Nothing is written to the database before this pass ends, so a bad row in the default
``--on-error fail`` mode leaves the database untouched; the error then lists the first
``SHOWN_ERRORS`` bad rows and how many more there are. Good rows go to an anonymous temporary
spool file (removed by the system when the process ends, however it ends) in fixed-size
batches (pickled row tuples; the vectorised check of ``loader/fastbulk.py`` spools Arrow
batches instead); the writer then replays the batches. Batch ``i`` holds the same rows on
every run over the same file and options, which is what makes crash-resume possible.

A row whose event id repeats one of an earlier row of the file (same kind) is dropped when the
batches are replayed: an event is loaded once, as the database's uniqueness constraint demands.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import pickle
import stat
import tempfile
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

import pyarrow as pa

from clout import collector, config
from clout.config import Kinds
from clout.errors import InputError
from clout.loader.model import (
    ON_ERROR,
    SHOWN_ERRORS,
    Interaction,
    LoadOptions,
    Progress,
    RawRow,
    RowError,
)
from clout.loader.readers import detect_format, inputs_of, read_rows
from clout.loader.validate import BadField, Normaliser

log = logging.getLogger(__name__)
PROGRESS_EVERY = 50_000
REJECTS_HEADER = ["file", "line", "field", "reason", "row"]


def load_key(path: Path, options: LoadOptions, kinds: Kinds) -> tuple[str, str]:
    """(file SHA-256, manifest key): the key also covers the options and the kinds config."""
    try:
        with path.open("rb") as fh:
            file_sha = hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    settings = {"options": options.key(), "kinds": kinds.allowed, "aliases": kinds.aliases}
    blob = json.dumps(settings, sort_keys=True, default=str).encode()
    return file_sha, hashlib.sha256(file_sha.encode() + blob).hexdigest()


@dataclass
class Staged:
    """The checked content of one file, spooled to an anonymous temporary file."""

    spool: IO[bytes]
    batches: int = 0
    rows: int = 0  # good rows spooled (repeated event ids included)
    accounts: set[tuple[str, str]] = field(default_factory=set)
    sizes: list[int] = field(default_factory=list)  # rows per batch as replayed
    rejected: int = 0
    first_reject: RowError | None = None
    fractional: bool = False  # a count is not a whole number
    duplicates: int = 0  # rows dropped for repeating an earlier row's event id
    repeats: set[tuple[int, int]] = field(default_factory=set)  # (batch, row) of those rows

    def read_batches(self) -> Iterator[list[tuple[Any, ...]]]:
        """The spooled batches, as plain tuples in :class:`Interaction`'s field order, without
        the rows that repeat an earlier event id."""
        for batch in self.read_spooled():
            yield interaction_tuples(batch) if isinstance(batch, pa.Table) else batch

    def read_spooled(self) -> Iterator[list[tuple[Any, ...]] | pa.Table]:
        """The spooled batches as they were spooled, without the rows that repeat an earlier
        event id: tuples (the row-by-row check), or Arrow tables of :data:`COLUMNS` (the
        vectorised check, ``loader/fastbulk.py``; its files have no repeats) that the writer
        turns into Bolt rows without a Python object per field."""
        for number, batch in enumerate(self._raw_batches()):
            if isinstance(batch, bytes):
                yield pa.ipc.open_stream(batch).read_all()
                continue
            if self.repeats:
                batch = [r for i, r in enumerate(batch) if (number, i) not in self.repeats]
            yield batch

    def _raw_batches(self) -> Iterator[Any]:
        self.spool.seek(0)
        for _ in range(self.batches):
            yield pickle.load(self.spool)

    def remove(self) -> None:
        self.spool.close()


# The columns of a batch spooled by the vectorised check: Interaction's fields (``count`` as
# float64, ``topics`` as the input's ``;``-separated text, null for none) and the event key.
COLUMNS = ("actor", "target", "kind", "at_ms", "network", "event_id", "count", "topics", "eid")


def spool_table(staged: Staged, table: pa.Table) -> None:
    """Spool one batch of :data:`COLUMNS` (Arrow's stream format: only the batch's own rows,
    read back without a Python object per value)."""
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as out:
        out.write_table(table)
    pickle.dump(sink.getvalue().to_pybytes(), staged.spool, protocol=pickle.HIGHEST_PROTOCOL)
    staged.batches += 1
    staged.rows += table.num_rows
    staged.sizes.append(table.num_rows)


def interaction_tuples(table: pa.Table) -> list[tuple[Any, ...]]:
    """A spooled table's rows as the row-by-row check spools them (whole counts as ints)."""
    counts = [int(n) if n.is_integer() else n for n in table["count"].to_pylist()]
    tags = [t.split(";") if t else [] for t in table["topics"].to_pylist()]
    names = COLUMNS[:6]
    return list(zip(*(table[name].to_pylist() for name in names), counts, tags, strict=True))


def check_rejects(path: Path, options: LoadOptions) -> None:
    """Refuse a rejects file that would destroy an input or cannot be written, before reading."""
    target = options.rejects
    if target is None:
        return
    if options.on_error != "skip":
        raise InputError("--rejects needs --on-error skip (the default fails on the first bad row)")
    reading = [p for p in inputs_of(path, options) if p.exists()]
    if user := config.user_file():
        reading.append(user)
    for source in reading:
        if target.exists() and source.exists() and os.path.samefile(target, source):
            raise InputError(
                f"--rejects {target} is {source}, a file this load reads; "
                "give the rejects another name"
            )
    if target.is_dir():
        raise InputError(f"--rejects {target} is a folder; give a file name, e.g. {target}/r.csv")
    if target.exists() and not stat.S_ISREG(target.stat().st_mode):
        raise InputError(f"--rejects {target} is not a regular file; give a new file name")
    parent = target.parent
    if not parent.is_dir():
        raise InputError(f"--rejects {target}: the folder {parent} does not exist; create it first")
    if not os.access(parent, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise InputError(f"--rejects {target} cannot be written (permission denied)")


def stage(path: Path, options: LoadOptions, kinds: Kinds, progress: Progress | None) -> Staged:
    """Check every row of ``path`` and spool the good ones. With ``on_error="fail"`` any bad row
    raises :class:`InputError` once the whole file is checked (``FILE:LINE: field: reason`` for
    the first ``SHOWN_ERRORS`` of them); with ``"skip"`` bad rows are counted and written to
    ``options.rejects`` (CSV ``file,line,field,reason,row``)."""
    if options.on_error not in ON_ERROR:
        raise InputError(f"--on-error must be fail or skip, not {options.on_error!r}")
    check_rejects(path, options)
    fmt = detect_format(path, options.format)
    if fmt == "gml" and options.kind is None:
        options = replace(options, kind="REPLIED_TO")
    normalise = Normaliser(options, kinds)
    spool = tempfile.TemporaryFile(prefix="clout-load-", suffix=".spool")  # noqa: SIM115
    staged = Staged(spool)  # the caller closes it with ``remove``
    try:
        with collector.paused(), _rejects_writer(options.rejects) as reject:
            errors = _Errors(options.on_error == "fail", reject)
            rows = read_rows(path, options)
            keys = _fill(staged, rows, normalise, options, errors, str(path), progress)
            _find_repeats(staged, keys)
    except BaseException:
        staged.remove()
        raise
    return staged


@contextmanager
def _rejects_writer(path: Path | None) -> Iterator[Callable[[RowError], None]]:
    if path is None:
        yield lambda error: None
        return
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(REJECTS_HEADER)
        yield lambda e: writer.writerow([e.path, e.line, e.field, e.reason, _raw_text(e.raw)])


def _raw_text(raw: Any) -> str:
    return "" if raw is None else str(raw).rstrip("\r\n")


class _Errors:
    """Bad rows: in fail mode the first ``SHOWN_ERRORS`` kept for the message, all counted."""

    def __init__(self, fail: bool, reject: Callable[[RowError], None]) -> None:
        self.fail = fail
        self.reject = reject
        self.shown: list[RowError] = []
        self.count = 0

    def add(self, error: RowError) -> None:
        self.count += 1
        if self.fail:
            if len(self.shown) < SHOWN_ERRORS:
                self.shown.append(error)
        else:
            self.reject(error)

    def raise_if_any(self) -> None:
        if not (self.fail and self.count):
            return
        lines = [str(e) for e in self.shown]
        more = self.count - len(self.shown)
        if self.count > 1:
            tail = f"and {more:,} more bad rows" if more else "these rows are bad"
            lines.append(
                f"{tail} ({self.count:,} in all); nothing was loaded. Fix them, or load the "
                "good rows with --on-error skip --rejects rejects.csv"
            )
        raise InputError("\n".join(lines))


def _fill(
    staged: Staged,
    rows: Iterator[RawRow | RowError],
    normalise: Normaliser,
    options: LoadOptions,
    errors: _Errors,
    source: str,
    progress: Progress | None,
) -> array[int]:
    """Check ``rows``, spool the good ones; returns a hash of each good row's (kind, event id)
    when the file gives event ids (else an empty array: content ids are unique by design)."""
    batch: list[Interaction] = []
    keys: array[int] = array("q")
    seen = 0
    for row in rows:
        seen += 1
        if progress and seen % PROGRESS_EVERY == 0:
            progress("checking", PROGRESS_EVERY, None)
        if isinstance(row, RowError):
            error: RowError | None = row
        else:
            given_id = row.event_id is not None  # content ids never repeat within a file
            try:
                item = normalise(row)
                error = None
            except BadField as exc:
                raw = row.raw if row.raw is not None else _values(row)
                error = RowError(source, row.line, exc.field, exc.reason, raw)
        if error is not None:
            errors.add(error)
            staged.rejected += 1
            staged.first_reject = staged.first_reject or error
            continue
        if errors.count and errors.fail:
            continue  # nothing will be written: only check the rest
        batch.append(item)
        staged.accounts.add((item.network, item.actor))
        staged.accounts.add((item.network, item.target))
        staged.fractional = staged.fractional or type(item.n) is float
        if given_id:
            keys.append(hash((item.kind, item.event_id)))
        if len(batch) >= options.batch_size:
            _flush(staged, batch)
            batch = []
    errors.raise_if_any()
    if batch:
        _flush(staged, batch)
    if progress:
        progress("checking", seen % PROGRESS_EVERY, None)
    return keys


def _values(row: RawRow) -> str:
    """A row without its raw text (Parquet) as JSON of its canonical fields."""
    names = ("actor", "target", "type", "timestamp", "network", "event_id", "count", "topics")
    shown = {n: getattr(row, n) for n in names if getattr(row, n) is not None}
    return json.dumps(shown, default=str, ensure_ascii=False)


def _flush(staged: Staged, batch: list[Interaction]) -> None:
    pickle.dump([tuple(i) for i in batch], staged.spool, protocol=pickle.HIGHEST_PROTOCOL)
    staged.batches += 1
    staged.rows += len(batch)
    staged.sizes.append(len(batch))


def _find_repeats(staged: Staged, keys: array[int]) -> None:
    """Mark the rows that repeat the (kind, event id) of an earlier row: found by hash, then
    confirmed on the exact values (a hash collision drops nothing)."""
    if len(keys) < 2:
        return
    import numpy as np

    hashes = np.frombuffer(keys, dtype=np.int64)
    ordered = np.sort(hashes)
    doubled = ordered[1:][ordered[1:] == ordered[:-1]]
    if not len(doubled):
        return
    suspects = set(np.unique(doubled).tolist())
    first: set[tuple[str, str]] = set()
    for number, batch in enumerate(staged._raw_batches()):
        for i, row in enumerate(batch):
            key = (row[2], row[5])
            if hash(key) not in suspects:
                continue
            if key in first:
                staged.repeats.add((number, i))
                staged.sizes[number] -= 1
            else:
                first.add(key)
    staged.duplicates = len(staged.repeats)
    log.info(
        "%d rows repeat the event id of an earlier row; the first of each is kept",
        staged.duplicates,
    )
