"""Readers: every supported file format as a stream of :class:`RawRow` with line numbers.

- ``csv`` / ``jsonl`` / ``parquet``: the canonical interactions file, columns mapped by
  :class:`Columns`;
- ``snap``: whitespace-separated ``src dst unix_ts [TYPE]`` lines (``#`` comments), as SNAP
  edge lists and temporal activity lists (RT/RE/MT) come;
- ``konect``: KONECT ``out.*`` files, whitespace-separated ``FROM TO [WEIGHT [TIMESTAMP]]``
  (``%`` comments), WEIGHT read as the count;
- ``gml``: a NetworkX GML graph (node ``label`` = handle, edge ``weight`` = count);
- ``stackexchange``: a Stack Exchange dump's ``Posts.xml`` (with ``Comments.xml`` beside it).

Text is decoded strictly as UTF-8, line by line, so a wrong encoding is reported with its line.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from clout.errors import InputError
from clout.loader.model import FORMATS, SUFFIX_FORMATS, Columns, LoadOptions, RawRow, RowError

csv.field_size_limit(1 << 24)


def detect_format(path: Path, given: str | None) -> str:
    """The format named by ``--format``, else by the file suffix (``.gz`` looked through);
    KONECT's ``out.NAME`` when NAME is no known suffix."""
    if given:
        if given not in FORMATS:
            raise InputError(f"--format {given!r} is unknown; use one of {', '.join(FORMATS)}")
        return given
    fmt = SUFFIX_FORMATS.get(_suffix(path))
    if fmt is None and path.name.startswith("out."):
        fmt = "konect"
    if fmt is None:
        raise InputError(f"cannot tell the format of {path} from its name; give --format")
    return fmt


def _suffix(path: Path) -> str:
    """The last suffix that is not ``.gz``, lower-cased (``""`` when there is none)."""
    suffixes = [s for s in path.suffixes if s != ".gz"]
    return suffixes[-1].lower() if suffixes else ""


def _open(path: Path) -> IO[bytes]:
    try:
        if path.suffix == ".gz":
            return gzip.GzipFile(path, "rb")  # type: ignore[return-value]
        return path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc


def text_lines(path: Path, fh: IO[bytes]) -> Iterator[tuple[int, str | RowError]]:
    """(line number, text) for every line, decoded strictly as UTF-8; a :class:`RowError` in
    place of the text when the line is not UTF-8."""
    for number, raw in enumerate(fh, 1):
        try:
            yield number, raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError as exc:
            reason = f"not valid UTF-8 (byte {exc.start + 1} of the line); save the file as UTF-8"
            yield number, RowError(str(path), number, "encoding", reason)


def read_rows(path: Path, options: LoadOptions) -> Iterator[RawRow | RowError]:
    """Every row of ``path`` as a :class:`RawRow` (format from options or suffix)."""
    fmt = detect_format(path, options.format)
    columns = options.columns
    if fmt == "csv":
        return _csv_rows(path, columns, "\t" if _suffix(path) == ".tsv" else ",")
    if fmt == "jsonl":
        return _jsonl_rows(path, columns)
    if fmt == "parquet":
        return _parquet_rows(path, columns)
    if fmt == "snap":
        return _snap_rows(path)
    if fmt == "konect":
        return _konect_rows(path)
    if fmt == "stackexchange":
        from clout.loader.stackexchange import stackexchange_rows

        return stackexchange_rows(path)
    from clout.loader.gml import gml_rows  # the GML adapter has its own module

    return gml_rows(path)


def _field_index(header: list[str], name: str | None, path: Path, required: bool) -> int | None:
    if name is None:
        return None
    if name in header:
        return header.index(name)
    if required:
        raise InputError(
            f"{path}: no column {name!r} (columns: {', '.join(header)}); "
            "map it with --actor-col / --target-col / --type-col / --time-col"
        )
    return None


def _indices(header: list[str], columns: Columns, path: Path) -> list[int | None]:
    wanted = [
        (columns.actor, True), (columns.target, True), (columns.type, False),
        (columns.timestamp, False), (columns.network, False), (columns.event_id, False),
        (columns.count, False), (columns.topics, False),
    ]  # fmt: skip
    return [_field_index(header, name, path, required) for name, required in wanted]


def _csv_rows(path: Path, columns: Columns, delimiter: str) -> Iterator[RawRow | RowError]:
    with _open(path) as fh:
        current = [0]
        pending: list[RowError] = []

        def feed() -> Iterator[str]:
            for number, text in text_lines(path, fh):
                if isinstance(text, RowError):
                    pending.append(text)
                    continue
                current[0] = number
                yield text

        reader = csv.reader(feed(), delimiter=delimiter)
        header = [h.strip().lstrip("\ufeff") for h in next(reader, [])]
        idx = _indices(header, columns, path)
        for record in reader:
            yield from pending
            pending.clear()
            if not record:
                continue
            size = len(record)
            values = [record[i] if i is not None and i < size else None for i in idx]
            yield RawRow(current[0], *(v if v != "" else None for v in values))
        yield from pending


def _jsonl_rows(path: Path, columns: Columns) -> Iterator[RawRow | RowError]:
    names = [columns.actor, columns.target, columns.type, columns.timestamp, columns.network,
             columns.event_id, columns.count, columns.topics]  # fmt: skip
    with _open(path) as fh:
        for number, text in text_lines(path, fh):
            if isinstance(text, RowError) or not text.strip():
                if isinstance(text, RowError):
                    yield text
                continue
            try:
                record: Any = json.loads(text)
            except json.JSONDecodeError as exc:
                yield RowError(str(path), number, "json", f"not a JSON object ({exc.msg})")
                continue
            if not isinstance(record, dict):
                yield RowError(str(path), number, "json", "not a JSON object")
                continue
            yield RawRow(number, *(record.get(n) if n else None for n in names))


def _parquet_rows(path: Path, columns: Columns) -> Iterator[RawRow]:
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(path)
    except Exception as exc:
        raise InputError(f"{path} is not a readable Parquet file: {exc}") from exc
    header = list(table.schema_arrow.names)
    idx = _indices(header, columns, path)
    number = 0
    for batch in table.iter_batches(batch_size=65_536):
        data = [batch.column(i).to_pylist() if i is not None else None for i in idx]
        for row in range(batch.num_rows):
            number += 1
            yield RawRow(number, *(col[row] if col is not None else None for col in data))


def _snap_rows(path: Path) -> Iterator[RawRow | RowError]:
    with _open(path) as fh:
        for number, text in text_lines(path, fh):
            if isinstance(text, RowError):
                yield text
                continue
            parts = text.split()
            if not parts or parts[0].startswith("#"):
                continue
            if len(parts) not in (2, 3, 4):
                yield RowError(str(path), number, "line", "expected `src dst [unix_ts [TYPE]]`")
                continue
            ts = parts[2] if len(parts) > 2 else None
            kind = parts[3] if len(parts) > 3 else None
            yield RawRow(number, parts[0], parts[1], kind, ts)


def _konect_rows(path: Path) -> Iterator[RawRow | RowError]:
    with _open(path) as fh:
        for number, text in text_lines(path, fh):
            if isinstance(text, RowError):
                yield text
                continue
            parts = text.split()
            if not parts or parts[0].startswith("%"):
                continue
            if len(parts) not in (2, 3, 4):
                found = f"found {len(parts)} fields"
                reason = f"expected `FROM TO [WEIGHT [TIMESTAMP]]` (KONECT), {found}"
                yield RowError(str(path), number, "line", reason)
                continue
            count = parts[2] if len(parts) > 2 else None
            ts = parts[3] if len(parts) > 3 else None
            yield RawRow(number, parts[0], parts[1], None, ts, count=count)
