"""The event log: every interaction in Parquet, partitioned by day, for the Spark engine.

A large installation keeps its events here (as Klout kept them in Hive) while Neo4j serves the
people, scores and recent graph. Layout::

    DIR/events/day=YYYY-MM-DD/part-*.parquet   source, target (account keys), kind, at, count,
                                               topics[, event_id]
    DIR/accounts/part-*.parquet                account (key), network, handle, person_id

``clout export interactions --format parquet`` writes a whole log from the database;
``clout load interactions FILE --log DIR`` appends the file's events (with their event ids:
the Spark engine counts an event id once, so overlapping files do not double) and rewrites the
accounts. Both need pyarrow only, not Spark.

An account key is a stable 64-bit number of ``(network, handle)`` (``account_key``), the same
in every log and database, so logs written at different times join; events keep the kind's name,
``at`` in epoch seconds (UTC), ``count`` as a float, ``topics`` as a list. Self-interactions are
kept (the model leaves them out, as in the database).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from clout.db import Database
from clout.scoring import events as scoring_events
from clout.scoring.events import Events, Owners
from clout.scoring.window import epoch_seconds

log = logging.getLogger(__name__)
EVENTS = "events"
ACCOUNTS = "accounts"
DAY_S = 86400


def account_key(network: str, handle: str) -> int:
    """A stable signed 64-bit key of an account (BLAKE2b of ``network \\x1f handle``)."""
    digest = hashlib.blake2b(f"{network}\x1f{handle}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def account_keys(networks: Iterable[str], handles: Iterable[str]) -> npt.NDArray[np.int64]:
    return np.fromiter(
        (account_key(n, h) for n, h in zip(networks, handles, strict=True)), dtype=np.int64
    )


def accounts_frame(owners: Owners) -> pd.DataFrame:
    """Every account of ``owners`` with its key: ``account, network, handle, person_id``."""
    frame = owners.frame
    keys = account_keys(frame["network"].tolist(), frame["handle"].tolist())
    if len(np.unique(keys)) != len(keys):
        raise ValueError("two accounts share a 64-bit key; report this as a bug")
    return pd.DataFrame(
        {
            "account": keys,
            "network": frame["network"].to_numpy(),
            "handle": frame["handle"].to_numpy(),
            "person_id": frame["person"].to_numpy(),
        }
    )


def events_frame(found: Events, owners: Owners) -> pd.DataFrame:
    """Events between Neo4j account ids as a log frame (account keys, a ``day`` column)."""
    frame = owners.frame
    keys = pd.Series(
        account_keys(frame["network"].tolist(), frame["handle"].tolist()), index=frame.index
    )
    topics = (
        [list(found.tags.sets[c]) for c in found.tags.code.tolist()]
        if found.tags is not None
        else [[] for _ in range(len(found))]
    )
    days = pd.to_datetime(found.at, unit="s", utc=True).strftime("%Y-%m-%d")
    return pd.DataFrame(
        {
            "source": keys.reindex(found.source).to_numpy(),
            "target": keys.reindex(found.target).to_numpy(),
            "kind": found.kind.astype(str),
            "at": found.at.astype(np.int64),
            "count": found.count.astype(np.float64),
            "topics": topics,
            "day": np.asarray(days),
        }
    )


def export(db: Database, folder: Path, kinds: list[str]) -> dict[str, int]:
    """Write every interaction of the database (of ``kinds``) and every account to ``folder``
    (replaced if it holds a log). Returns the counts written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    owners = Owners.read(db)
    params = {
        "start": -1,
        "as_of": epoch_seconds(datetime(9999, 12, 31, tzinfo=UTC)),
        "kinds": kinds,
        "network": None,
    }
    found = scoring_events.read(db, owners.ids, params, with_topics=True)
    events = events_frame(found, owners)
    accounts = accounts_frame(owners)
    for part in (EVENTS, ACCOUNTS):
        _clear(folder / part)
    pq.write_to_dataset(
        pa.Table.from_pandas(events, preserve_index=False),
        folder / EVENTS,
        partition_cols=["day"],
    )
    (folder / ACCOUNTS).mkdir(parents=True, exist_ok=True)
    pq.write_table(
        pa.Table.from_pandas(accounts, preserve_index=False), folder / ACCOUNTS / "part-0.parquet"
    )
    log.info("wrote %d events and %d accounts to %s", len(events), len(accounts), folder)
    return {
        "events": len(events),
        "accounts": len(accounts),
        "days": int(events["day"].nunique()) if len(events) else 0,
    }


def append(
    folder: Path, batches: Iterable[list[tuple[Any, ...]]], name: str, owners: Owners
) -> int:
    """Append a load's checked rows (``clout.loader.model.Interaction`` tuples, in batches) to
    the log in ``folder`` as ``events/day=.../<name>-<n>.parquet`` (a reload of the same file
    replaces its own parts: nothing doubles), and rewrite ``accounts/`` from ``owners`` (the
    database's accounts after the load). Returns the events written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    frames = [_rows_frame(batch) for batch in batches if batch]
    events = pd.concat(frames, ignore_index=True) if frames else _rows_frame([])
    target = folder / EVENTS
    for old in target.glob(f"day=*/{name}-*.parquet"):
        old.unlink()
    if len(events):
        pq.write_to_dataset(
            pa.Table.from_pandas(events, preserve_index=False),
            target,
            partition_cols=["day"],
            basename_template=f"{name}-{{i}}.parquet",
        )
    write_accounts(folder, owners)
    log.info("appended %d events to %s", len(events), folder)
    return len(events)


def write_accounts(folder: Path, owners: Owners) -> int:
    """Rewrite ``accounts/`` of the log in ``folder`` from ``owners`` (the database's accounts
    and their people, after a load or an identity merge). Returns the accounts written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    accounts = folder / ACCOUNTS
    accounts.mkdir(parents=True, exist_ok=True)
    staging = accounts / "part-0.parquet.tmp"
    frame = accounts_frame(owners)
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), staging)
    staging.replace(accounts / "part-0.parquet")  # readers never see half a table
    return len(frame)


def _rows_frame(rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    """Loader rows (actor, target, kind, at_ms, network, event_id, n, topics) as log rows."""
    actor, target, kind, at_ms, network, event_id, count, topics = (
        (list(column) for column in zip(*rows, strict=True)) if rows else ([] for _ in range(8))
    )
    at = np.asarray(at_ms, dtype=np.int64) // 1000
    return pd.DataFrame(
        {
            "source": account_keys(network, actor),
            "target": account_keys(network, target),
            "kind": np.asarray(kind, dtype=object),
            "at": at,
            "count": np.asarray(count, dtype=np.float64),
            "topics": topics,
            "event_id": np.asarray(event_id, dtype=object),
            "day": np.asarray(pd.to_datetime(at, unit="s", utc=True).strftime("%Y-%m-%d")),
        }
    )


def _clear(path: Path) -> None:
    """Remove a previous log part (only files clout writes: Parquet parts in day folders)."""
    if not path.exists():
        return
    for file in sorted(path.rglob("*.parquet"), reverse=True):
        file.unlink()
    for sub in sorted((p for p in path.rglob("*") if p.is_dir()), reverse=True):
        sub.rmdir()
