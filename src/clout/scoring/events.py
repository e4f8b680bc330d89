"""What one scoring window reads from Neo4j: its counted interactions and the accounts' owners.

The window is read once per run, in chunks of actor accounts (two queries at once), as parallel
lists (far faster over Bolt than a record per event); the main score and the topic scores are
both computed from it (``clout.scoring.weights``, ``clout.scoring.topics``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
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
            {"id": np.asarray(row["id"], dtype=np.int64), "person": row["person"],
             "network": row["network"], "handle": row["handle"]}
        )  # fmt: skip
        frame = frame.drop_duplicates("id").set_index("id", drop=False)
        return cls(frame)

    @property
    def ids(self) -> IntArray:
        return self.frame["id"].to_numpy(dtype=np.int64)

    def owner_codes(self, ids: IntArray) -> IntArray:
        """A number per owner for each account id (accounts without one get their own)."""
        codes = pd.factorize(self.frame["person"])[0].astype(np.int64)
        at = self.frame.index.get_indexer(pd.Index(ids))
        return np.where(at >= 0, codes[at], -1 - ids)

    def max_id(self) -> int:
        """The largest account id (-1 when there is no account)."""
        return int(self.frame.index.max()) if len(self.frame) else -1

    def known(self, ids: IntArray) -> npt.NDArray[np.bool_]:
        """Which of ``ids`` are accounts with an owner."""
        return np.asarray(self.frame.index.get_indexer(pd.Index(ids)) >= 0)

    def label(self, node: IntArray, score: FloatArray) -> pd.DataFrame:
        """``person``, ``network``, ``handle``, ``score`` of ranked account ids (unknown ids left
        out)."""
        at = self.frame.index.get_indexer(pd.Index(node))
        known = at >= 0
        rows = self.frame.iloc[at[known]]
        return pd.DataFrame(
            {"person": rows["person"].to_numpy(), "network": rows["network"].to_numpy(),
             "handle": rows["handle"].to_numpy(),
             "score": np.asarray(score, dtype=np.float64)[known]}
        )  # fmt: skip


@dataclass(frozen=True)
class Events:
    """The counted interaction events of one window (parallel arrays)."""

    source: IntArray
    target: IntArray
    kind: npt.NDArray[np.object_]
    at: IntArray
    count: FloatArray
    topics: list[list[str]]

    def __len__(self) -> int:
        return len(self.source)

    def select(self, keep: npt.NDArray[np.bool_]) -> Events:
        topics = (
            [t for t, k in zip(self.topics, keep.tolist(), strict=True) if k] if self.topics else []
        )
        return Events(
            self.source[keep], self.target[keep], self.kind[keep], self.at[keep],
            self.count[keep], topics,
        )  # fmt: skip

    def weights(
        self, kind_weights: dict[str, float], as_of: int, half_life_days: float
    ) -> tuple[FloatArray, FloatArray]:
        """Each event's decayed weight, ``kind_weight * count * 0.5 ** (age / half-life)``, and
        its full strength, ``kind_weight * count`` (the weight before decay)."""
        kinds = pd.Series(self.kind, dtype="category")
        kind = np.asarray(kinds.map(kind_weights), dtype=np.float64)
        decayed = event_weight(kind, self.count, (as_of - self.at) / 86400.0, half_life_days)
        return decayed, np.asarray(kind * self.count, dtype=np.float64)


def read(
    db: Database, accounts: IntArray, params: dict[str, Any], with_topics: bool,
    workers: int = WORKERS,
) -> Events:  # fmt: skip
    """The events sent by ``accounts`` that ``params`` (kinds, start, as_of, network) count,
    ``workers`` queries at a time."""
    # At least two chunks per worker, so that small windows are read in parallel too.
    size = max(1, min(CHUNK, math.ceil(len(accounts) / (2 * max(workers, 1)))))

    kinds = list(params["kinds"])
    codes = {kind: code for code, kind in enumerate(kinds)}

    def chunk(start: int) -> dict[str, Any]:
        ids = accounts[start : start + size].tolist()
        return db.read_row(
            "@scoring/events", accounts=ids, with_topics=with_topics, kind_codes=codes, **params
        )

    parts = list(in_parallel(chunk, range(0, len(accounts), size), workers))

    def join(key: str, dtype: Any) -> Any:
        arrays = [np.asarray(p[key], dtype=dtype) for p in parts]
        return np.concatenate(arrays) if arrays else np.zeros(0, dtype=dtype)

    topics: list[list[str]] = [t for p in parts for t in p["topics"]]
    return Events(
        source=join("source", np.int64), target=join("target", np.int64),
        kind=np.asarray(kinds, dtype=object)[join("kind", np.int64)],
        at=join("at", np.int64), count=join("count", np.float64), topics=topics,
    )  # fmt: skip
