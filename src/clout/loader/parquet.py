"""The Parquet reader: the canonical columns of a Parquet file, in row groups.

Only columns of text, numbers, times or dates are read (and, for the topics, lists of text);
a mapped column of another type (binary, struct, map, ...) is refused by name before any row
is read, since its values would otherwise be stored as Python's text for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from clout.errors import InputError
from clout.loader.model import Columns, RawRow
from clout.loader.readers import indices

BATCH_ROWS = 65_536


def _scalar(kind: pa.DataType) -> bool:
    if pa.types.is_dictionary(kind):
        return _scalar(kind.value_type)
    return bool(
        pa.types.is_string(kind)
        or pa.types.is_large_string(kind)
        or pa.types.is_integer(kind)
        or pa.types.is_floating(kind)
        or pa.types.is_decimal(kind)
        or pa.types.is_timestamp(kind)
        or pa.types.is_date(kind)
        or pa.types.is_null(kind)
        or getattr(pa.types, "is_string_view", lambda _: False)(kind)
    )


def _usable(kind: pa.DataType, topics: bool) -> bool:
    if _scalar(kind):
        return True
    is_list = pa.types.is_list(kind) or pa.types.is_large_list(kind)
    return topics and is_list and _scalar(kind.value_type)


def check_types(path: Path, schema: pa.Schema, columns: Columns) -> None:
    """Refuse a mapped column whose type clout cannot read, naming it."""
    wanted = columns.names()[:-1]
    for name, topics in [(n, False) for n in wanted] + [(columns.topics, True)]:
        if name is None or name not in schema.names:
            continue
        kind = schema.field(name).type
        if not _usable(kind, topics):
            what = "text or a list of text" if topics else "text, numbers, times or dates"
            raise InputError(
                f"{path}: column {name!r} holds {kind} values; clout reads {what} there; "
                "convert the column (e.g. decode bytes to text) and load again"
            )


def parquet_rows(path: Path, columns: Columns) -> Iterator[RawRow]:
    """Every row of the Parquet file as a :class:`RawRow` (line = row number, from 1)."""
    try:
        table = pq.ParquetFile(path)
    except Exception as exc:
        raise InputError(f"{path} is not a readable Parquet file: {exc}") from exc
    schema = table.schema_arrow
    idx = indices(list(schema.names), columns, path)
    check_types(path, schema, columns)
    number = 0
    try:
        for batch in table.iter_batches(batch_size=BATCH_ROWS):
            data = [batch.column(i).to_pylist() if i is not None else None for i in idx]
            for row in range(batch.num_rows):
                number += 1
                yield RawRow(number, *(col[row] if col is not None else None for col in data))
    except (OSError, pa.ArrowException) as exc:
        raise InputError(f"{path}: row {number + 1} cannot be read ({exc})") from exc
