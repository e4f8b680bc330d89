"""The loader's manifest: a repeat load writes nothing, an interrupted one resumes after its
last committed batch (``loader/interactions.py``, ``loader/writer.py``), against the recording
fake database. That the queries do what they say is the integration tier's job."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.support.fake_db import FakeDatabase

from clout import config
from clout.eventkey import event_keys
from clout.loader import LoadOptions, load_interactions

KINDS = config.load().kinds

ROWS = 5
KEYS = event_keys([f"twitter:e{i}" for i in range(ROWS)]).tolist()
OPTIONS = LoadOptions(batch_size=2)  # 3 batches: 2 + 2 + 1 rows


class Graph:
    """What the fake remembers between loads: the manifest and the interactions created."""

    def __init__(self) -> None:
        self.batches_done = 0
        self.done = False
        self.created: list[int] = []  # event keys
        self.fail_at: int | None = None  # the batch whose interactions fail once

    def db(self) -> FakeDatabase:
        kinds = KINDS.allowed
        return FakeDatabase(
            {
                "@load/manifest_get": lambda p: [{"done": self.done, "batches_done": 0}],
                "@load/manifest_start": lambda p: [{"batches_done": self.batches_done}],
                "@load/manifest_batch": self._batch,
                "@load/manifest_done": self._done,
                "@load/interactions": self._interactions,
                "@load/accounts_found": [],
                "@load/accounts_new": lambda p: [
                    {"network": n, "handle": h, "id": f"{n}:{h}", "person": f"{n}:{h}"}
                    for n, h in p["rows"]
                ],
                "@load/at_handles": [{"found": False}],
                "@load/event_schema": [{"kind": k, "unique": True, "name": k} for k in kinds],
                "@load/counts": [{"people": 0, "accounts": 0}],
                **{
                    name: []
                    for name in (
                        "@load/gate",
                        "@scoring/lock",
                        "@load/lease_start",
                        "@load/lease_beat",
                        "@load/lease_end",
                    )
                },
            }
        )

    def _batch(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        self.batches_done = params["batch"] + 1
        return []

    def _done(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        self.done = True
        return []

    def _interactions(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.fail_at is not None and self.batches_done == self.fail_at:
            self.fail_at = None
            raise ConnectionResetError("the load was cut off")
        self.created.extend(row[3] for row in params["rows"])
        return [{"created": len(params["rows"])}]


@pytest.fixture
def events(tmp_path: Path) -> Path:
    path = tmp_path / "events.csv"
    lines = [f"u{i},u{i + 1},reply,{1709294400 + i},twitter,e{i},," for i in range(ROWS)]
    path.write_text(
        "actor,target,type,timestamp,network,event_id,count,topics\n" + "\n".join(lines)
    )
    return path


def _batches(db: FakeDatabase) -> list[int]:
    """The batches whose transaction committed (the manifest advanced in it)."""
    committed, pending = [], []
    for query, params in db.calls:
        if query == "tx:@load/manifest_batch":
            pending.append(params["batch"])
        elif query in ("COMMIT", "ROLLBACK"):
            committed.extend(pending if query == "COMMIT" else [])
            pending = []
    return committed


def test_a_load_writes_each_batch_with_its_manifest_step(events: Path) -> None:
    graph = Graph()
    db = graph.db()
    summary = load_interactions(db, events, OPTIONS, KINDS)
    assert summary.interactions == ROWS
    assert _batches(db) == [0, 1, 2]
    assert graph.created == KEYS
    assert graph.done
    assert db.queries()[-1] == "@load/lease_end"


def test_a_repeat_of_a_completed_load_writes_nothing(events: Path) -> None:
    graph = Graph()
    load_interactions(graph.db(), events, OPTIONS, KINDS)
    again = graph.db()
    summary = load_interactions(again, events, OPTIONS, KINDS)
    assert again.queries() == ["@load/manifest_get"]
    assert summary.interactions == 0
    assert summary.skipped == ROWS
    assert "this file was loaded before with the same options" in summary.notes


def test_an_interrupted_load_resumes_after_its_last_committed_batch(events: Path) -> None:
    graph = Graph()
    graph.fail_at = 1
    cut = graph.db()
    with pytest.raises(ConnectionResetError):
        load_interactions(cut, events, OPTIONS, KINDS)
    assert _batches(cut) == [0]
    assert cut.queries()[-1] == "@load/lease_end"  # the lease ends however the load ends
    assert not graph.done
    resumed = graph.db()
    summary = load_interactions(resumed, events, OPTIONS, KINDS)
    assert _batches(resumed) == [1, 2]
    assert "resumed after batch 1 of 3" in summary.notes
    assert summary.interactions == ROWS - 2
    assert summary.skipped == 2
    assert graph.created == KEYS  # each event once
    assert graph.done
