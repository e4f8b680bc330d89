"""A vectorised (Arrow) conversion of a clean canonical CSV into the importer's relationship CSV.

The bulk path's Python row loop costs more than the importer itself. When a file is a plain CSV
whose every row has an event id, and every value passes the checks below column-wise, this module
writes the importer file directly; on the first doubt it returns None and the caller takes the
row-by-row path, which finds and reports the exact ``FILE:LINE: field: reason``. Doubts include
what the row path would change or drop: handles with a leading ``@`` or surrounding spaces,
repeated event ids, keys too long to index, times out of range.

The relationship file has no header: :func:`header` writes it once the counts are known
(``count:long`` when every count is whole, else ``count:double``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from clout.config import NETWORK_NAME, Kinds
from clout.loader.model import DEFAULT_NETWORK, LoadOptions, Progress
from clout.loader.validate import MAX_COUNT, MAX_KEY_BYTES, MAX_MS, resolve_type_map

log = logging.getLogger(__name__)


def header(fractional: bool) -> str:
    """The importer's header line for the relationship file."""
    count = "count:double" if fractional else "count:long"
    return (f":START_ID(Account),:END_ID(Account),:TYPE,at:datetime,network,event_id,{count},"
            "topics:string[],self:boolean\n")  # fmt: skip


class _Doubt(Exception):
    """Something the vectorised checks cannot vouch for."""


@dataclass
class Converted:
    rows: int = 0
    self_rows: int = 0
    fractional: bool = False
    accounts: list[pa.Array] = field(default_factory=list)
    events: list[pa.Array] = field(default_factory=list)


def convert(
    path: Path, options: LoadOptions, kinds: Kinds, out: Path, progress: Progress | None
) -> Converted | None:
    """Write ``out`` (importer relationship CSV, no header line) from ``path``; None when in
    doubt."""
    cols = options.columns
    if options.time or not cols.event_id or path.suffix.lower() != ".csv":
        return None
    try:
        reader = pacsv.open_csv(
            path, read_options=pacsv.ReadOptions(block_size=32 << 20),
            convert_options=pacsv.ConvertOptions(strings_can_be_null=True, column_types={
                name: pa.string() for name in (cols.actor, cols.target, cols.type,
                cols.timestamp, cols.network, cols.event_id, cols.count, cols.topics) if name}),
        )  # fmt: skip
        result = Converted()
        with out.open("wb") as sink:
            for batch in reader:
                table = _rels(pa.Table.from_batches([batch]), options, kinds, result)
                pacsv.write_csv(table, sink, pacsv.WriteOptions(include_header=False))
                if progress:
                    progress("converting", batch.num_rows, None)
        events = pa.chunked_array(result.events, pa.string())
        if pc.count_distinct(events).as_py() != len(events):
            raise _Doubt("an event id repeats")
        result.events = []
        return result
    except (_Doubt, pa.ArrowInvalid, pa.ArrowTypeError, KeyError) as exc:
        log.info("bulk fast path not taken (%s); checking row by row", exc)
        return None


def _column(table: pa.Table, name: str | None) -> pa.ChunkedArray | None:
    if name is None or name not in table.column_names:
        return None
    return table.column(name)


def _required(table: pa.Table, name: str | None) -> pa.ChunkedArray:
    col = _column(table, name)
    if col is None or col.null_count or pc.any(pc.equal(pc.utf8_length(col), 0)).as_py():
        raise _Doubt(f"column {name} missing or with empty values")
    return col


def _rels(table: pa.Table, options: LoadOptions, kinds: Kinds, result: Converted) -> pa.Table:
    cols, size = options.columns, table.num_rows
    actor, target = _handle(table, cols.actor), _handle(table, cols.target)
    event = _required(table, cols.event_id)
    network = _networks(_column(table, cols.network), options.network, size)
    kind = _kinds(_column(table, cols.type), options, kinds, size)
    at = _times(_required(table, cols.timestamp))
    count = _counts(_column(table, cols.count), size)
    topics = _column(table, cols.topics)
    start = pc.binary_join_element_wise(network, actor, ":")
    end = pc.binary_join_element_wise(network, target, ":")
    is_self = pc.equal(actor, target)
    result.rows += size
    result.self_rows += pc.sum(is_self).as_py() or 0
    result.accounts.append(pc.unique(start.combine_chunks()))
    result.accounts.append(pc.unique(end.combine_chunks()))
    event_id = pc.binary_join_element_wise(network, event, ":")
    for key in (start, end, event_id):
        if pc.max(pc.binary_length(key)).as_py() > MAX_KEY_BYTES:
            raise _Doubt("a key is too long to index")
    result.events.append(event_id.combine_chunks() if hasattr(event_id, "combine_chunks")
                         else event_id)  # fmt: skip
    result.fractional = result.fractional or count.type == pa.float64()
    if topics is None:
        topics = pa.nulls(size, pa.string())
    elif (
        pc.any(pc.match_substring_regex(topics, r"(^|;)(\s|;|$)|\s(;|$)")).as_py()
        or pc.any(pc.greater(pc.utf8_length(topics), MAX_KEY_BYTES // 4)).as_py()
    ):
        raise _Doubt("topics to trim, or long ones")
    columns = [start, end, kind, at, network, event_id, count, topics, is_self]
    return pa.table(columns, names=[str(i) for i in range(9)])


def _handle(table: pa.Table, name: str | None) -> pa.ChunkedArray:
    """A handle column that the row path would store as it is (no ``@``, no spaces around)."""
    col = _required(table, name)
    if (
        pc.any(pc.starts_with(col, "@")).as_py()
        or not pc.all(pc.equal(pc.utf8_trim_whitespace(col), col)).as_py()
    ):
        raise _Doubt(f"column {name} has handles to normalise")
    return col


def _networks(col: pa.ChunkedArray | None, default: str | None, size: int) -> pa.Array:
    fallback = default or DEFAULT_NETWORK
    if col is None:
        return pa.array([fallback] * size)
    filled = pc.fill_null(col, fallback)
    if not pc.all(pc.match_substring_regex(filled, NETWORK_NAME.pattern)).as_py():
        raise _Doubt("a network name does not match")
    return filled


def _kinds(col: pa.ChunkedArray | None, options: LoadOptions, kinds: Kinds, size: int) -> pa.Array:
    fixed = options.kind
    if fixed is not None and col is None:
        kind = kinds.resolve(fixed)
        if kind is None:
            raise _Doubt("--type is unknown")
        return pa.array([kind] * size)
    if col is None or col.null_count:
        raise _Doubt("type missing")
    trimmed = pc.utf8_trim_whitespace(col)
    names = list(kinds.aliases)
    index = pc.index_in(pc.utf8_lower(trimmed), pa.array(names))
    aliased = pc.take(pa.array([kinds.aliases[n] for n in names]), index)
    if options.type_map:  # --type-map first (exact values), then the aliases, as in validate
        mapped = resolve_type_map(options.type_map, kinds)
        values = list(mapped)
        hit = pc.index_in(trimmed, pa.array(values))
        chosen = pc.take(pa.array([mapped[v] for v in values]), hit)
        aliased = pc.coalesce(chosen, aliased)
    if aliased.null_count:
        raise _Doubt("unknown type")
    return aliased


def _times(col: pa.ChunkedArray) -> pa.ChunkedArray:
    try:
        seconds = pc.cast(col, pa.float64())
        if not pc.all(pc.and_(pc.greater_equal(seconds, 0),
                              pc.less_equal(seconds, MAX_MS / 1000))).as_py():  # fmt: skip
            raise _Doubt("a time out of range")
        moments = pc.cast(pc.cast(pc.round(pc.multiply(seconds, 1000)), pa.int64()),
                          pa.timestamp("ms", tz="UTC"))  # fmt: skip
    except pa.ArrowInvalid:
        moments = pc.cast(col, pa.timestamp("ms", tz="UTC"))
    return pc.strftime(moments, format="%Y-%m-%dT%H:%M:%SZ")


def _counts(col: pa.ChunkedArray | None, size: int) -> pa.Array:
    """Whole counts as int64; a batch with a fractional count (a weight) as float64."""
    if col is None:
        return pa.array([1] * size, pa.int64())
    number = pc.fill_null(pc.cast(col, pa.float64()), 1.0)
    if not pc.all(pc.and_(pc.greater(number, 0), pc.less_equal(number, MAX_COUNT))).as_py():
        raise _Doubt("a count is not a positive number up to 1e15")
    whole = pc.cast(number, pa.int64(), safe=False)
    if pc.all(pc.equal(pc.cast(whole, pa.float64()), number)).as_py():
        return whole
    return number


def unique_accounts(result: Converted) -> list[tuple[str, str]]:
    """The distinct (network, handle) pairs seen by :func:`convert`."""
    keys = pc.unique(pa.chunked_array(result.accounts, pa.string())).to_pylist()
    return [(k.split(":", 1)[0], k.split(":", 1)[1]) for k in keys]
