"""The loader's vocabulary: options, a validated interaction, row errors and the summary."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from clout.progress import Progress as Progress

FORMATS = ("csv", "jsonl", "parquet", "snap", "konect", "gml", "stackexchange")
SUFFIX_FORMATS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".txt": "snap",
    ".edges": "snap",
    ".gml": "gml",
}
DEFAULT_NETWORK = "default"
ON_ERROR = ("fail", "skip")
# How many bad rows ``--on-error fail`` lists before it says how many more there are.
SHOWN_ERRORS = 20

# The loader reports ``progress(phase, rows just done, total rows of the phase or None)`` to a
# ``Progress`` (clout.progress, imported above for the loader's modules).


@dataclass(slots=True)
class RawRow:
    """One input record, mapped onto the canonical columns (values still unchecked)."""

    line: int
    actor: Any
    target: Any
    type: Any
    timestamp: Any
    network: Any = None
    event_id: Any = None
    count: Any = None
    topics: Any = None
    raw: Any = None  # the record as read (a line, or the values), kept for the rejects file


class Interaction(NamedTuple):
    """One checked interaction, ready to write (``n`` is the input's ``count``)."""

    actor: str
    target: str
    kind: str
    at_ms: int  # UTC, milliseconds since the epoch
    network: str
    event_id: str  # "<network>:<id>" or "<network>:h<content hash>"
    # An int for a whole count, a float for a fractional one (a pre-aggregated weight). Typed Any
    # until every reader of ``n`` takes floats (evaluate.offline collects it as list[int]).
    n: Any
    topics: list[str]


@dataclass(frozen=True)
class RowError:
    """Why one input line was rejected (``raw``: the record as read, for the rejects file)."""

    path: str
    line: int
    field: str
    reason: str
    raw: Any = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.reason}"


@dataclass(frozen=True)
class Columns:
    """Which input column holds each canonical field (None: absent)."""

    actor: str = "actor"
    target: str = "target"
    type: str | None = "type"
    timestamp: str | None = "timestamp"
    network: str | None = "network"
    event_id: str | None = "event_id"
    count: str | None = "count"
    topics: str | None = "topics"

    def names(self) -> list[str | None]:
        """The input column of each canonical field, in the canonical order (topics last)."""
        return [
            self.actor,
            self.target,
            self.type,
            self.timestamp,
            self.network,
            self.event_id,
            self.count,
            self.topics,
        ]


@dataclass(frozen=True)
class LoadOptions:
    """How to read one interactions file."""

    format: str | None = None  # None: from the suffix
    network: str | None = None  # the default network for rows that name none
    kind: str | None = None  # a fixed interaction type for every row (``--type``)
    type_map: dict[str, str] = field(default_factory=dict)  # raw type value -> type (--type-map)
    time: str | None = None  # a fixed timestamp for inputs without one (``--time``)
    columns: Columns = field(default_factory=Columns)
    on_error: str = "fail"  # "fail" or "skip" (see ON_ERROR)
    rejects: Path | None = None
    batch_size: int = 20_000
    keep_event_ids: bool = False  # also store each event id's text (``--keep-event-ids``)

    def key(self) -> dict[str, Any]:
        """What decides how rows are normalised (part of the load manifest's key)."""
        data = asdict(self)
        for transient in ("on_error", "rejects", "batch_size"):
            data.pop(transient)
        if not self.type_map:  # keys of loads made before --type-map existed stay the same
            data.pop("type_map")
        if not self.keep_event_ids:  # nor those made before --keep-event-ids
            data.pop("keep_event_ids")
        return data


@dataclass
class Summary:
    """What loading ``file`` did, so far as every load can say: the rows it read, and the
    people and accounts the graph gained."""

    file: str
    rows: int = 0
    people: int = 0
    accounts: int = 0


@dataclass
class LoadSummary(Summary):
    """What a load of interactions did."""

    interactions: int = 0
    skipped: int = 0  # already in the database (same event id, or a batch done before)
    duplicates: int = 0  # rows repeating the event id of an earlier row of the file (not loaded)
    rejected: int = 0
    rejects_file: str | None = None
    self_interactions: int = 0
    seconds: float = 0.0
    mode: str = "online"
    notes: list[str] = field(default_factory=list)
    # Seconds per stage. Online: check, connect, schema, accounts, interactions (the writing
    # phase); --bulk: files, stop, importer, restart, indexes.
    stages: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the block as the stage ``name`` (recorded when the block completes)."""
        tick = time.monotonic()
        yield
        self.stages[name] = time.monotonic() - tick

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["rate"] = round(self.rows / self.seconds) if self.seconds else None
        return data
