"""The checking pass: read the WHOLE file, validate every row, and spool the good ones.

Nothing is written to the database before this pass ends, so a bad row in the default
``--on-error fail`` mode leaves the database untouched. Good rows go to a temporary spool file
in fixed-size batches (pickled); the writer then replays the batches. Batch ``i`` holds the same
rows on every run over the same file and options, which is what makes crash-resume possible.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import json
import logging
import pickle
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from clout.config import Kinds
from clout.errors import InputError
from clout.loader.model import Interaction, LoadOptions, Progress, RawRow, RowError
from clout.loader.readers import detect_format, read_rows
from clout.loader.validate import BadField, Normaliser

log = logging.getLogger(__name__)
PROGRESS_EVERY = 50_000


def load_key(path: Path, options: LoadOptions, kinds: Kinds) -> tuple[str, str]:
    """(file SHA-256, manifest key): the key also covers the options and the kinds config."""
    with path.open("rb") as fh:
        file_sha = hashlib.file_digest(fh, "sha256").hexdigest()
    settings = {"options": options.key(), "kinds": kinds.allowed, "aliases": kinds.aliases}
    blob = json.dumps(settings, sort_keys=True, default=str).encode()
    return file_sha, hashlib.sha256(file_sha.encode() + blob).hexdigest()


@dataclass
class Staged:
    """The checked content of one file, spooled to disk."""

    spool: Path
    batches: int = 0
    rows: int = 0
    accounts: set[tuple[str, str]] = field(default_factory=set)
    sizes: list[int] = field(default_factory=list)
    rejected: int = 0
    first_reject: RowError | None = None

    def read_batches(self) -> Iterator[list[tuple[Any, ...]]]:
        """The spooled batches, as plain tuples in :class:`Interaction`'s field order."""
        with self.spool.open("rb") as fh:
            for _ in range(self.batches):
                yield pickle.load(fh)

    def remove(self) -> None:
        self.spool.unlink(missing_ok=True)


def stage(path: Path, options: LoadOptions, kinds: Kinds, progress: Progress | None) -> Staged:
    """Check every row of ``path`` and spool the good ones. With ``on_error="fail"`` the first
    bad row raises :class:`InputError` (``FILE:LINE: field: reason``); with ``"skip"`` bad rows
    are counted and written to ``options.rejects`` (CSV ``file,line,field,reason``)."""
    if options.on_error not in ("fail", "skip"):
        raise InputError(f"--on-error must be fail or skip, not {options.on_error!r}")
    fmt = detect_format(path, options.format)
    if fmt == "gml" and options.kind is None:
        options = replace(options, kind="REPLIED_TO")
    normalise = Normaliser(options, kinds)
    handle, name = tempfile.mkstemp(prefix="clout-load-", suffix=".spool")
    staged = Staged(Path(name))
    collecting = gc.isenabled()
    gc.disable()  # millions of small tuples, no cycles: the cyclic GC would only slow this down
    try:
        with open(handle, "wb") as spool, _rejects_writer(options.rejects) as reject:
            rows = read_rows(path, options)
            _fill(staged, spool, rows, normalise, options, reject, str(path), progress)
    except BaseException:
        staged.remove()
        raise
    finally:
        if collecting:
            gc.enable()
    return staged


@contextmanager
def _rejects_writer(path: Path | None) -> Iterator[Callable[[RowError], None]]:
    if path is None:
        yield lambda error: None
        return
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "line", "field", "reason"])
        yield lambda e: writer.writerow([e.path, e.line, e.field, e.reason])


def _fill(
    staged: Staged,
    spool: IO[bytes],
    rows: Iterator[RawRow | RowError],
    normalise: Normaliser,
    options: LoadOptions,
    reject: Callable[[RowError], None],
    source: str,
    progress: Progress | None,
) -> None:
    batch: list[Interaction] = []
    seen = 0
    for row in rows:
        seen += 1
        if progress and seen % PROGRESS_EVERY == 0:
            progress("checking", PROGRESS_EVERY, None)
        if isinstance(row, RowError):
            error: RowError | None = row
        else:
            try:
                item = normalise(row)
                error = None
            except BadField as exc:
                error = RowError(source, row.line, exc.field, exc.reason)
        if error is not None:
            if options.on_error == "fail":
                raise InputError(str(error))
            staged.rejected += 1
            staged.first_reject = staged.first_reject or error
            reject(error)
            continue
        batch.append(item)
        staged.accounts.add((item.network, item.actor))
        staged.accounts.add((item.network, item.target))
        if len(batch) >= options.batch_size:
            _flush(staged, spool, batch)
            batch = []
    if batch:
        _flush(staged, spool, batch)
    if progress:
        progress("checking", seen % PROGRESS_EVERY, None)


def _flush(staged: Staged, spool: IO[bytes], batch: list[Interaction]) -> None:
    pickle.dump([tuple(i) for i in batch], spool, protocol=pickle.HIGHEST_PROTOCOL)
    staged.batches += 1
    staged.rows += len(batch)
    staged.sizes.append(len(batch))
