"""What one scoring window reads from Neo4j: its counted interactions and the accounts' owners.

The window is read once per run, in chunks of actor accounts (two queries at once), as parallel
lists (far faster over Bolt than a record per event); the main score and the topic scores are
both computed from it (``clout.scoring.weights``, ``clout.scoring.topics``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from clout.db import WORKERS, Database, in_parallel
from clout.scoring.weights import FloatArray, IntArray, event_weight

# Actor accounts per events query: bounds the size of one result row on the server.
CHUNK = 200_000


@dataclass(frozen=True)
class Owners:
    """Every account (Neo4j id) with its owner's person_id, its network and handle."""

    frame: pd.DataFrame  # columns id, person, network, handle; index = id

    @classmethod
    def read(cls, db: Database) -> Owners:
        row = db.read_row("@scoring/accounts")
        frame = pd.DataFrame(
            {
                "id": np.asarray(row["id"], dtype=np.int64),
                "person": row["person"],
                "network": row["network"],
                "handle": row["handle"],
            }
        )
        frame = frame.drop_duplicates("id").set_index("id", drop=False)
        return cls(frame)

    @property
    def ids(self) -> IntArray:
        return self.frame["id"].to_numpy(dtype=np.int64)

    @cached_property
    def _people(self) -> tuple[IntArray, npt.NDArray[np.object_]]:
        """Each account's owner as an index into the distinct person_ids (the second value)."""
        codes, people = pd.factorize(self.frame["person"])
        return np.asarray(codes, dtype=np.int64), np.asarray(people, dtype=object)

    def owners_of(self, ids: IntArray) -> tuple[IntArray, npt.NDArray[np.object_]]:
        """The owner of each of ``ids`` as an index into the distinct person_ids (the second
        value; -1: not an account with an owner)."""
        codes, people = self._people
        at = self.frame.index.get_indexer(pd.Index(ids))
        return np.where(at >= 0, codes[at], -1), people

    def owner_codes(self, ids: IntArray) -> IntArray:
        """A number per owner for each account id (accounts without one get their own)."""
        owner, _ = self.owners_of(ids)
        return np.where(owner >= 0, owner, -1 - np.asarray(ids, dtype=np.int64))

    def max_id(self) -> int:
        """The largest account id (-1 when there is no account)."""
        return int(self.frame.index.max()) if len(self.frame) else -1

    def label(self, node: IntArray, score: FloatArray) -> pd.DataFrame:
        """``person``, ``network``, ``handle``, ``score`` of ranked account ids (unknown ids left
        out)."""
        at = self.frame.index.get_indexer(pd.Index(node))
        known = at >= 0
        rows = self.frame.iloc[at[known]]
        return pd.DataFrame(
            {
                "person": rows["person"].to_numpy(),
                "network": rows["network"].to_numpy(),
                "handle": rows["handle"].to_numpy(),
                "score": np.asarray(score, dtype=np.float64)[known],
            }
        )


# Joins an event's topics in the read (one string per event decodes far faster than a list; a
# topic holding this control character would be split at it).
SEPARATOR = "\x1f"


@dataclass(frozen=True)
class Tags:
    """Each event's topics, compactly: ``code[e]`` indexes ``sets``, the distinct topic sets of
    the events (a window's millions of events share a few thousand sets). A set lists each of
    its topics once."""

    code: IntArray
    sets: list[tuple[str, ...]]

    @classmethod
    def of(cls, joined: Sequence[str]) -> Tags:
        """From each event's topics joined by ``SEPARATOR`` (what the events query returns)."""
        codes, uniques = pd.factorize(np.asarray(joined, dtype=object))
        sets = [tuple(dict.fromkeys(t for t in str(u).split(SEPARATOR) if t)) for u in uniques]
        return cls(np.asarray(codes, dtype=np.int64), sets)

    @classmethod
    def of_lists(cls, topics: Sequence[Sequence[str]]) -> Tags:
        """From a list of topics per event."""
        return cls.of([SEPARATOR.join(t) for t in topics])

    def __len__(self) -> int:
        return len(self.code)

    def select(self, keep: npt.NDArray[np.bool_]) -> Tags:
        return Tags(self.code[keep], self.sets)

    def pairs(self) -> tuple[IntArray, IntArray, list[str]]:
        """Every (event, topic) pair: the event's position, the topic as an index into the
        names (the third value: every topic of the sets, sorted)."""
        names = sorted({t for tags in self.sets for t in tags})
        index = {name: i for i, name in enumerate(names)}
        size = np.fromiter(map(len, self.sets), dtype=np.int64, count=len(self.sets))
        flat = np.fromiter((index[t] for tags in self.sets for t in tags), dtype=np.int64)
        start = np.concatenate([[0], np.cumsum(size)[:-1]]).astype(np.int64)
        per_event = size[self.code]
        event = np.repeat(np.arange(len(self.code), dtype=np.int64), per_event)
        # The k-th topic of event e is flat[start[code[e]] + k].
        offset = np.arange(len(event), dtype=np.int64) - np.repeat(
            np.cumsum(per_event) - per_event, per_event
        )
        topic = flat[np.repeat(start[self.code], per_event) + offset]
        return event, topic, names


@dataclass(frozen=True)
class Events:
    """The counted interaction events of one window (parallel arrays; ``tags`` only when read
    with topics)."""

    source: IntArray
    target: IntArray
    kind: npt.NDArray[np.object_]
    at: IntArray
    count: FloatArray
    tags: Tags | None = None

    def __len__(self) -> int:
        return len(self.source)

    def select(self, keep: npt.NDArray[np.bool_]) -> Events:
        return Events(
            self.source[keep],
            self.target[keep],
            self.kind[keep],
            self.at[keep],
            self.count[keep],
            self.tags.select(keep) if self.tags is not None else None,
        )

    def weights(
        self,
        kind_weights: dict[str, float],
        as_of: int,
        half_life_days: float,
        lasting: float = 0.0,
    ) -> tuple[FloatArray, FloatArray]:
        """Each event's decayed weight (``weights.event_weight``) and its full strength,
        ``kind_weight * count`` (the weight before decay)."""
        kinds = pd.Series(self.kind, dtype="category")
        kind = np.asarray(kinds.map(kind_weights), dtype=np.float64)
        decayed = event_weight(
            kind, self.count, (as_of - self.at) / 86400.0, half_life_days, lasting
        )
        return decayed, np.asarray(kind * self.count, dtype=np.float64)


def read(
    db: Database,
    accounts: IntArray,
    params: dict[str, Any],
    with_topics: bool,
    workers: int = WORKERS,
) -> Events:
    """The events sent by ``accounts`` that ``params`` (kinds, start, as_of, network) count,
    ``workers`` queries at a time."""
    # At least two chunks per worker, so that small windows are read in parallel too.
    size = max(1, min(CHUNK, math.ceil(len(accounts) / (2 * max(workers, 1)))))

    kinds = list(params["kinds"])
    codes = {kind: code for code, kind in enumerate(kinds)}

    def chunk(start: int) -> dict[str, Any]:
        ids = accounts[start : start + size].tolist()
        return db.read_row(
            "@scoring/events",
            accounts=ids,
            with_topics=with_topics,
            kind_codes=codes,
            separator=SEPARATOR,
            **params,
        )

    parts = list(in_parallel(chunk, range(0, len(accounts), size), workers))

    def join(key: str, dtype: Any) -> Any:
        arrays = [np.asarray(p[key], dtype=dtype) for p in parts]
        return np.concatenate(arrays) if arrays else np.zeros(0, dtype=dtype)

    tags = Tags.of([t for p in parts for t in p["topics"]]) if with_topics else None
    return Events(
        source=join("source", np.int64),
        target=join("target", np.int64),
        kind=np.asarray(kinds, dtype=object)[join("kind", np.int64)],
        at=join("at", np.int64),
        count=join("count", np.float64),
        tags=tags,
    )
