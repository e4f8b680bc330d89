"""``clout export``: an influencer list as CSV, JSON Lines or Parquet, with stable columns.

Columns, in this order: ``rank, person_id, name, score, score_percentile, score_raw``, then
``topic_score`` (only with a topic), one ``score_<network>`` per network in the graph
(alphabetical; empty when the person has no account there), ``top_topics`` (up to three, best
first) and ``handles`` (``network:handle``, sorted). In CSV the two lists are joined with ``;``;
in JSON Lines and Parquet they are lists of strings. A CSV text cell that a spreadsheet would
run as a formula starts with ``'`` (:func:`clout.text.spreadsheet_safe`).

An unknown network or topic is an error before anything is written, and a file is replaced
only by a complete export (:func:`clout.analyst.files.atomic_write`).
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from clout.analyst.files import atomic_write
from clout.analyst.ranking import Ranked, Selection, ranked, resolve_names
from clout.analyst.run_lookup import done_runs
from clout.db import Database
from clout.text import spreadsheet_safe

log = logging.getLogger(__name__)
FORMATS = ("csv", "jsonl", "parquet")
BASE_COLUMNS = ("rank", "person_id", "name", "score", "score_percentile", "score_raw")
LISTS = ("top_topics", "handles")
BATCH = 10_000


def columns(networks: list[str], topic: bool) -> list[str]:
    """The export's column names for these networks (with ``topic_score`` for a topic list)."""
    return [
        *BASE_COLUMNS,
        *(["topic_score"] if topic else []),
        *(f"score_{n}" for n in networks),
        *LISTS,
    ]


def record(row: Ranked, networks: list[str], topic: bool) -> dict[str, Any]:
    """One export row as a mapping in column order."""
    values: dict[str, Any] = {name: getattr(row, name) for name in BASE_COLUMNS}
    if topic:
        values["topic_score"] = row.topic_score
    values.update({f"score_{n}": row.networks.get(n) for n in networks})
    values.update({name: getattr(row, name) for name in LISTS})
    return values


def export(db: Database, selection: Selection, fmt: str, sink: BinaryIO) -> int:
    """Write the list to ``sink`` in ``fmt``; returns the number of people written."""
    done_runs(db)
    return _export(db, resolve_names(db, selection), fmt, sink)


def export_file(db: Database, selection: Selection, fmt: str, path: Path) -> int:
    """:func:`export` to ``path``, atomically: no half-written file if interrupted, and an
    existing file is left as it was when the export fails."""
    done_runs(db)
    selection = resolve_names(db, selection)
    with atomic_write(path) as handle:
        return _export(db, selection, fmt, handle)


def _export(db: Database, selection: Selection, fmt: str, sink: BinaryIO) -> int:
    networks = [r["network"] for r in db.read("@analyst/internal/networks")]
    topic = selection.topic is not None
    names = columns(networks, topic)
    rows = (record(r, networks, topic) for r in ranked(db, selection))
    count = WRITERS[fmt](rows, names, sink)
    log.info("exported %d people as %s", count, fmt)
    return count


def write_csv(rows: Iterable[dict[str, Any]], names: list[str], sink: BinaryIO) -> int:
    text = io.TextIOWrapper(sink, encoding="utf-8", newline="")
    writer = csv.writer(text)
    writer.writerow(names)
    count = 0
    for row in rows:
        writer.writerow([_cell(row[name]) for name in names])
        count += 1
    text.flush()
    text.detach()
    return count


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    return spreadsheet_safe(";".join(value) if isinstance(value, list) else value)


def write_jsonl(rows: Iterable[dict[str, Any]], names: list[str], sink: BinaryIO) -> int:
    count = 0
    for row in rows:
        sink.write(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")
        count += 1
    return count


def write_parquet(rows: Iterable[dict[str, Any]], names: list[str], sink: BinaryIO) -> int:
    schema = parquet_schema(names)
    count = 0
    with pq.ParquetWriter(sink, schema) as writer:
        for batch in _batches(rows):
            writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def parquet_schema(names: list[str]) -> Any:
    types = {"person_id": pa.string(), "name": pa.string(), "score_percentile": pa.float64()}
    types |= {"score_raw": pa.float64(), "top_topics": pa.list_(pa.string())}
    types |= {"handles": pa.list_(pa.string())}
    return pa.schema([(name, types.get(name, pa.int64())) for name in names])


def _batches(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        yield batch


WRITERS: dict[str, Callable[[Iterable[dict[str, Any]], list[str], BinaryIO], int]] = {
    "csv": write_csv,
    "jsonl": write_jsonl,
    "parquet": write_parquet,
}
