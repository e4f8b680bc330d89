"""Vectorised (Arrow) checking and conversion of a clean canonical CSV, for both load paths.

Checking row by row in Python costs more than the importer itself (bulk) and as much as the
writing (online). When a file is a plain CSV whose every row has an event id and time, and
every value passes the checks below column-wise, :func:`convert` writes the importer's file
directly (bulk) and :func:`stage` spools the rows as Arrow batches that read back exactly as
the row-by-row check's rows (online; the writer turns them into Bolt rows column by column).
On the first doubt either returns None and the caller takes the row-by-row path, which finds
and reports the exact ``FILE:LINE: field: reason``. Doubts include what the row
path would change or drop: handles or event ids with a leading ``@`` or surrounding spaces,
repeated event ids, keys too long to index, times out of range.

Accounts get dense integer ids (0, 1, ... in order of first sight, :class:`AccountIds`): the
importer maps integers much faster than ``network:handle`` strings, and the handle is kept as a
property. The relationships are lean records (schema.cypher): ``at`` in epoch seconds and the
event key ``eid`` as longs; what the importer leaves unset costs nothing and is read as its
default: ``topics`` (none) and ``count`` (written only when it is not 1); the event id's text
only with ``--keep-event-ids``.

The relationship file has no header: :func:`header` writes it once the counts are known
(``count:long`` when every count is whole, else ``count:double``). Both bulk paths write their
node files with :func:`write_nodes`.
"""

from __future__ import annotations

import itertools
import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from clout.config import NETWORK_NAME, Kinds
from clout.eventkey import event_keys
from clout.loader.model import DEFAULT_NETWORK, Columns, LoadOptions, Progress
from clout.loader.staging import COLUMNS, Staged, spool_table
from clout.loader.validate import MAX_COUNT, MAX_KEY_BYTES, MAX_MS, resolve_type_map

log = logging.getLogger(__name__)
# Rows are read in blocks of this many bytes (about 500k rows of a generated file): each block
# builds one hash of the account keys known so far (larger blocks: docs/benchmarks.md).
BLOCK_BYTES = 32 << 20


def header(fractional: bool, keep_ids: bool = False) -> str:
    """The importer's header line for the relationship file (integer account ids)."""
    count = "count:double" if fractional else "count:long"
    kept = ",event_id" if keep_ids else ""
    return f":START_ID,:END_ID,:TYPE,at:long,eid:long,{count},topics:string[]{kept}\n"


class _Doubt(Exception):
    """Something the vectorised checks cannot vouch for."""


class AccountIds:
    """Dense integer ids for accounts: ``keys[i]`` (``"network:handle"``) has id ``i``, in
    order of first sight. Each batch builds one hash of the keys known so far."""

    def __init__(self) -> None:
        self.keys: pa.Array = pa.array([], pa.string())

    def assign(self, *columns: pa.Array) -> list[np.ndarray]:
        """The ids of each column's keys (new keys get the next ids)."""
        encoded = pc.dictionary_encode(pa.concat_arrays(list(columns)))
        local = encoded.dictionary  # this batch's distinct keys
        found = pc.index_in(local, value_set=self.keys)
        new = pc.is_null(found).to_numpy(zero_copy_only=False)
        ids = pc.fill_null(found, 0).to_numpy().astype(np.int64)
        ids[new] = len(self.keys) + np.arange(int(new.sum()), dtype=np.int64)
        self.keys = pa.concat_arrays([self.keys, local.filter(pa.array(new))])
        rows = ids[encoded.indices.to_numpy()]
        bounds = np.cumsum([0, *(len(c) for c in columns)])
        return [rows[lo:hi] for lo, hi in itertools.pairwise(bounds)]

    def pairs(self) -> tuple[pa.Array, pa.Array]:
        """``(network, handle)`` of every id, in id order."""
        return _split_keys(self.keys)


def _split_keys(keys: pa.Array) -> tuple[pa.Array, pa.Array]:
    """``"network:handle"`` keys as their networks and handles (a network name has no ``:``,
    clout.config.NETWORK_NAME; a handle may)."""
    parts = pc.split_pattern(keys, ":", max_splits=1)
    return pc.list_element(parts, 0), pc.list_element(parts, 1)


@dataclass
class Converted:
    rows: int = 0
    self_rows: int = 0
    fractional: bool = False
    multiline: bool = False  # a value holds a line break
    ids: AccountIds = field(default_factory=AccountIds)
    keys: list[np.ndarray] = field(default_factory=list)  # each batch's event keys


def convert(
    path: Path, options: LoadOptions, kinds: Kinds, out: Path, progress: Progress | None
) -> Converted | None:
    """Write ``out`` (importer relationship CSV, no header line) from ``path``; None when in
    doubt."""
    cols = options.columns
    if not _plain_csv(path, options):
        return None
    try:
        reader = _open(path, cols)
        result = Converted()
        with out.open("wb") as sink:
            for batch in reader:
                table = _rels(pa.Table.from_batches([batch]), options, kinds, result)
                sink.write(_csv_bytes(table, result))
                if progress:
                    progress("converting", batch.num_rows, None)
        keys = np.concatenate(result.keys) if result.keys else np.zeros(0, np.int64)
        if _repeats(keys):
            raise _Doubt("an event id (or its key) repeats")
        result.keys = []
        return result
    except (_Doubt, pa.ArrowInvalid, pa.ArrowTypeError, KeyError, UnicodeDecodeError) as exc:
        log.info("bulk fast path not taken (%s); checking row by row", exc)
        return None


def _csv_bytes(table: pa.Table, result: Converted) -> pa.Buffer:
    """``table`` as CSV lines without quotes (a smaller file for the importer to parse), or
    quoted when a value holds a comma, a quote or a line break (``result.multiline``)."""
    for style in ("none", "needed"):
        buffer = pa.BufferOutputStream()
        try:
            pacsv.write_csv(
                table, buffer, pacsv.WriteOptions(include_header=False, quoting_style=style)
            )
        except pa.ArrowInvalid:
            continue
        if style == "needed":
            result.multiline = result.multiline or any(
                _has_break(col) for col in table.columns if pa.types.is_string(col.type)
            )
        return buffer.getvalue()
    raise _Doubt("a value the CSV writer refuses")


def _has_break(col: pa.Array | pa.ChunkedArray) -> bool:
    return bool(pc.any(pc.match_substring_regex(col, r"[\r\n]")).as_py())


def write_nodes(networks: pa.Array, handles: pa.Array, work: Path) -> bool:
    """People, accounts and OWNS as importer CSV files (with their headers): account ``i`` is
    ``networks[i]``/``handles[i]`` with node id ``i``; its own automatic person
    ``"<network>:<handle>"`` has node id ``n + i`` (``n`` accounts; the importer takes the ids
    as the nodes' own, ``--id-type=ACTUAL``, so it maps nothing). True when a handle holds a
    line break."""
    size = len(handles)
    ids = pa.array(np.arange(size, dtype=np.int64))
    people = pa.array(np.arange(size, 2 * size, dtype=np.int64))
    person_id = pc.binary_join_element_wise(networks, handles, ":")
    automatic = pa.array(np.ones(size, dtype=bool))
    files = {
        "people.csv": pa.table(
            [people, person_id, handles, automatic],
            names=[":ID", "person_id", "name", "automatic:boolean"],
        ),
        "accounts.csv": pa.table([ids, networks, handles], names=[":ID", "network", "handle"]),
        "owns.csv": pa.table([people, ids], names=[":START_ID", ":END_ID"]),
    }
    for name, table in files.items():
        pacsv.write_csv(table, work / name)
    return _has_break(handles)


def _column(table: pa.Table, name: str | None) -> pa.ChunkedArray | None:
    if name is None or name not in table.column_names:
        return None
    return table.column(name)


def _required(table: pa.Table, name: str | None) -> pa.ChunkedArray:
    col = _column(table, name)
    if col is None or col.null_count or pc.any(pc.equal(pc.utf8_length(col), 0)).as_py():
        raise _Doubt(f"column {name} missing or with empty values")
    return col


@dataclass
class _Block:
    """One block's columns, checked: what both paths write."""

    actor: pa.ChunkedArray
    target: pa.ChunkedArray
    network: pa.Array
    kind: pa.Array
    at_ms: pa.Array
    count: pa.Array
    topics: pa.ChunkedArray | pa.Array
    start: pa.Array  # "network:actor"
    end: pa.Array  # "network:target"
    event_id: pa.Array  # "network:id"


def _block(table: pa.Table, options: LoadOptions, kinds: Kinds) -> _Block:
    """The block's columns as the row path would read them; :class:`_Doubt` when unsure."""
    cols, size = options.columns, table.num_rows
    actor, target = _handle(table, cols.actor), _handle(table, cols.target)
    event = _event(table, cols.event_id)
    network = _networks(_column(table, cols.network), options.network, size)
    block = _Block(
        actor,
        target,
        network,
        kind=_kinds(_column(table, cols.type), options, kinds, size),
        at_ms=_millis(_required(table, cols.timestamp)),
        count=_counts(_column(table, cols.count), size),
        topics=_topic_lists(_column(table, cols.topics), size),
        start=pc.binary_join_element_wise(network, actor, ":").combine_chunks(),
        end=pc.binary_join_element_wise(network, target, ":").combine_chunks(),
        event_id=pc.binary_join_element_wise(network, event, ":").combine_chunks(),
    )
    for key in (block.start, block.end, block.event_id):
        if pc.max(pc.binary_length(key)).as_py() > MAX_KEY_BYTES:
            raise _Doubt("a key is too long to index")
    return block


def _rels(table: pa.Table, options: LoadOptions, kinds: Kinds, result: Converted) -> pa.Table:
    block = _block(table, options, kinds)
    result.rows += table.num_rows
    result.self_rows += pc.sum(pc.equal(block.actor, block.target)).as_py() or 0
    start_id, end_id = result.ids.assign(block.start, block.end)
    eid = pa.array(event_keys(block.event_id.to_numpy(zero_copy_only=False)))
    result.keys.append(eid.to_numpy())
    count = block.count
    result.fractional = result.fractional or count.type == pa.float64()
    count = pc.if_else(pc.equal(count, 1), pa.scalar(None, count.type), count)
    at = pc.divide(block.at_ms, 1000)  # epoch seconds (integer division; times >= 0: the floor)
    columns = [start_id, end_id, block.kind, at, eid, count, block.topics]
    if options.keep_event_ids:
        columns.append(block.event_id)
    return pa.table(columns, names=[str(i) for i in range(len(columns))])


def _event(table: pa.Table, name: str | None) -> pa.ChunkedArray:
    """An event id column that the row path would take as it is (no spaces around)."""
    col = _required(table, name)
    if not pc.all(pc.equal(pc.utf8_trim_whitespace(col), col)).as_py():
        raise _Doubt(f"column {name} has event ids to trim")
    return col


def _topic_lists(col: pa.ChunkedArray | None, size: int) -> pa.ChunkedArray | pa.Array:
    """The ``;``-separated topics as the row path reads them (null: none)."""
    if col is None:
        return pa.nulls(size, pa.string())
    if (
        pc.any(pc.match_substring_regex(col, r"(^|;)(\s|;|$)|\s(;|$)")).as_py()
        or pc.any(pc.greater(pc.utf8_length(col), MAX_KEY_BYTES // 4)).as_py()
    ):
        raise _Doubt("topics to trim, or long ones")
    return col


def stage(
    path: Path, options: LoadOptions, kinds: Kinds, progress: Progress | None
) -> Staged | None:
    """The online path's checking pass, vectorised: a clean CSV (the conditions of
    :func:`convert`) spooled in Arrow batches that read back as
    :func:`clout.loader.staging.stage` would spool the rows, in a fraction of its time; None
    when in doubt (the caller then checks row by row, which names the exact
    ``FILE:LINE: field: reason``)."""
    cols = options.columns
    if not _plain_csv(path, options):
        return None
    spool = tempfile.TemporaryFile(prefix="clout-load-", suffix=".spool")  # noqa: SIM115
    staged = Staged(spool)
    keys: list[np.ndarray] = []
    accounts: list[pa.Array] = []  # each block's distinct "network:handle" keys
    pending: list[pa.Table] = []
    try:
        reader = _open(path, cols)
        for batch in reader:
            table = _interactions(pa.Table.from_batches([batch]), options, kinds, staged, accounts)
            keys.append(table["eid"].to_numpy())
            pending.append(table)
            rows = sum(t.num_rows for t in pending)
            if rows >= options.batch_size:
                whole, start = pa.concat_tables(pending), 0
                while rows - start >= options.batch_size:
                    spool_table(staged, whole.slice(start, options.batch_size))
                    start += options.batch_size
                pending = [whole.slice(start)]
            if progress:
                progress("checking", batch.num_rows, None)
        if sum(t.num_rows for t in pending):
            spool_table(staged, pa.concat_tables(pending))
        every = np.concatenate(keys) if keys else np.zeros(0, np.int64)
        if _repeats(every):
            raise _Doubt("an event id (or its key) repeats")
        if accounts:  # a Python tuple per account, not per row (a set of 2M tuples took 1.2 s)
            networks, handles = _split_keys(pc.unique(pa.concat_arrays(accounts)))
            staged.accounts.update(zip(networks.to_pylist(), handles.to_pylist(), strict=True))
        return staged
    except (_Doubt, pa.ArrowInvalid, pa.ArrowTypeError, KeyError, UnicodeDecodeError) as exc:
        log.info("vectorised check not taken (%s); checking row by row", exc)
        staged.remove()
        return None
    except BaseException:
        staged.remove()
        raise


def _repeats(keys: np.ndarray) -> bool:
    """Whether a key occurs twice (by sorting: far faster than np.unique, docs/benchmarks.md)."""
    ordered = np.sort(keys)
    return bool(np.any(ordered[1:] == ordered[:-1]))


def _plain_csv(path: Path, options: LoadOptions) -> bool:
    """A CSV file whose rows all name their event id and time, read without a rejects file."""
    return (
        options.format in (None, "csv")
        and path.suffix.lower() == ".csv"
        and not options.time
        and options.columns.event_id is not None
        and options.rejects is None
    )


def _open(path: Path, cols: Columns) -> pacsv.CSVStreamingReader:
    return pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(block_size=BLOCK_BYTES),
        convert_options=pacsv.ConvertOptions(
            strings_can_be_null=True,
            column_types={
                name: pa.string()
                for name in (
                    cols.actor,
                    cols.target,
                    cols.type,
                    cols.timestamp,
                    cols.network,
                    cols.event_id,
                    cols.count,
                    cols.topics,
                )
                if name
            },
        ),
    )


def _interactions(
    table: pa.Table, options: LoadOptions, kinds: Kinds, staged: Staged, accounts: list[pa.Array]
) -> pa.Table:
    """One block's rows as a table of :data:`clout.loader.staging.COLUMNS` (its distinct
    ``network:handle`` account keys added to ``accounts``)."""
    block = _block(table, options, kinds)
    accounts.append(pc.unique(pa.concat_arrays([block.start, block.end])))
    if block.count.type == pa.float64():
        staged.fractional = True
    texts = block.event_id.to_numpy(zero_copy_only=False)
    columns = [
        block.actor,
        block.target,
        block.kind,
        block.at_ms,
        block.network,
        block.event_id,
        pc.cast(block.count, pa.float64()),
        pc.cast(block.topics, pa.string()),
        pa.array(event_keys(texts)),
    ]
    return pa.table(columns, names=list(COLUMNS))


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


def _millis(col: pa.ChunkedArray) -> pa.Array:
    """UTC times as milliseconds since the epoch (as the row path's ``at_ms``)."""
    try:
        ms = pc.cast(pc.round(pc.multiply(pc.cast(col, pa.float64()), 1000)), pa.int64())
    except pa.ArrowInvalid:
        ms = pc.cast(pc.cast(col, pa.timestamp("ms", tz="UTC")), pa.int64())
    ms = ms.combine_chunks() if isinstance(ms, pa.ChunkedArray) else ms
    if not pc.all(pc.and_(pc.greater_equal(ms, 0), pc.less_equal(ms, MAX_MS))).as_py():
        raise _Doubt("a time out of range")
    return ms


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
    """The (network, handle) of every account seen by :func:`convert`, in id order."""
    networks, handles = result.ids.pairs()
    return list(zip(networks.to_pylist(), handles.to_pylist(), strict=True))
