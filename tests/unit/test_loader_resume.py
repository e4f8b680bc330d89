"""The loader's manifest: a repeat load writes nothing, an interrupted one resumes with exactly
the batches that did not commit (``loader/interactions.py``, ``loader/writer.py``), against the
recording fake database, with one writer and with two (batches then commit out of order). That
the queries do what they say is the integration tier's job. Also: what a killed bulk load leaves
behind (its working folder) is removed by the next one (``loader/bulk.py``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from tests.support.fake_db import FakeDatabase, load_answers

from clout import config, cypher
from clout.eventkey import event_keys
from clout.loader import LoadOptions, bulk, load_interactions

KINDS = config.load().kinds

ROWS = 5
KEYS = event_keys([f"twitter:e{i}" for i in range(ROWS)]).tolist()
OPTIONS = LoadOptions(batch_size=2)  # 3 batches: 2 + 2 + 1 rows


class Graph:
    """What the fake remembers between loads: the manifest and the interactions created."""

    def __init__(self) -> None:
        self.committed: set[int] = set()  # batches whose manifest step ran (then they commit)
        self.done = False
        self.created: list[int] = []  # event keys
        self.fail_at: int | None = None  # the batch whose interactions fail once

    def db(self) -> FakeDatabase:
        return FakeDatabase(
            {
                **load_answers(KINDS.allowed),
                "@load/manifest_get": lambda p: [{"done": self.done, "batches_done": 0}],
                "@load/manifest_start": self._start,
                "@load/manifest_batch": self._batch,
                "@load/manifest_done": self._done,
                "@load/interactions": self._interactions,
            }
        )

    def _start(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """What manifest_start.cypher answers: the leading run of committed batches, and the
        committed batches beyond it."""
        leading = 0
        while leading in self.committed:
            leading += 1
        return [{"batches_done": leading, "ahead": sorted(self.committed - set(range(leading)))}]

    def _batch(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        self.committed.add(params["batch"])
        return []

    def _done(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        self.done = True
        return []

    def _interactions(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        first = KEYS.index(params["eid"][0]) // OPTIONS.batch_size  # the batch's number
        if first == self.fail_at:
            self.fail_at = None
            raise ConnectionResetError("the load was cut off")
        self.created.extend(params["eid"])
        return [{"created": len(params["eid"])}]


@pytest.fixture(params=[1, 2], ids=["one writer", "two writers"])
def writers(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr("clout.loader.writer.WRITERS", request.param)
    return int(request.param)


@pytest.fixture
def events(tmp_path: Path) -> Path:
    path = tmp_path / "events.csv"
    lines = [f"u{i},u{i + 1},reply,{1709294400 + i},twitter,e{i},," for i in range(ROWS)]
    path.write_text(
        "actor,target,type,timestamp,network,event_id,count,topics\n" + "\n".join(lines)
    )
    return path


def _batches(db: FakeDatabase) -> list[int]:
    """The batches whose manifest step ran in the transactions of ``db``, in batch order (the
    fake never fails a transaction after that step, so they committed)."""
    return sorted(
        params["batch"] for query, params in db.calls if query == "tx:@load/manifest_batch"
    )


def test_a_load_writes_each_batch_with_its_manifest_step(events: Path, writers: int) -> None:
    graph = Graph()
    db = graph.db()
    summary = load_interactions(db, events, OPTIONS, KINDS)
    assert summary.interactions == ROWS
    assert _batches(db) == [0, 1, 2]
    assert sorted(graph.created) == sorted(KEYS)
    assert graph.done
    assert db.queries()[-1] == "@load/lease_end"


def test_a_repeat_of_a_completed_load_writes_nothing(events: Path, writers: int) -> None:
    graph = Graph()
    load_interactions(graph.db(), events, OPTIONS, KINDS)
    again = graph.db()
    summary = load_interactions(again, events, OPTIONS, KINDS)
    assert again.queries() == ["@load/manifest_get"]
    assert summary.interactions == 0
    assert summary.skipped == ROWS
    assert "this file was loaded before with the same options" in summary.notes


def test_an_interrupted_load_resumes_with_the_batches_not_committed(
    events: Path, writers: int
) -> None:
    graph = Graph()
    graph.fail_at = 1
    cut = graph.db()
    with pytest.raises(ConnectionResetError):
        load_interactions(cut, events, OPTIONS, KINDS)
    before = _batches(cut)
    # batch 0 committed; with two writers, batch 2 may have committed beside the failed one
    assert before in ([0], [0, 2]) if writers == 2 else before == [0]
    assert cut.queries()[-1] == "@load/lease_end"  # the lease ends however the load ends
    assert not graph.done
    resumed = graph.db()
    summary = load_interactions(resumed, events, OPTIONS, KINDS)
    assert _batches(resumed) == sorted({0, 1, 2} - set(before))
    if before == [0, 2]:
        note = (
            "resumed: 2 of 3 batches were committed before "
            "(the writers commit batches out of order)"
        )
    else:
        note = "resumed after batch 1 of 3"
    assert note in summary.notes
    written = sum(2 if b < 2 else 1 for b in before)  # rows of the batches committed before
    assert summary.interactions == ROWS - written
    assert summary.skipped == written
    assert sorted(graph.created) == sorted(KEYS)  # each event once
    assert graph.done


def test_with_two_writers_an_early_failure_keeps_the_later_commits(
    events: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first batch fails while the second commits beside it: the resumed load writes the
    first (and whatever was not committed), never the second again."""
    monkeypatch.setattr("clout.loader.writer.WRITERS", 2)
    graph = Graph()
    graph.fail_at = 0
    cut = graph.db()
    with pytest.raises(ConnectionResetError):
        load_interactions(cut, events, OPTIONS, KINDS)
    before = _batches(cut)
    assert 0 not in before
    resumed = graph.db()
    summary = load_interactions(resumed, events, OPTIONS, KINDS)
    assert _batches(resumed)[0] == 0
    assert not set(_batches(resumed)) & set(before)
    assert sorted(graph.created) == sorted(KEYS)
    assert summary.interactions + summary.skipped == ROWS


def test_a_bulk_load_removes_the_working_folders_of_bulk_loads_that_were_killed(
    tmp_path: Path,
) -> None:
    gone = tmp_path / f"{bulk.WORK_PREFIX}{2**22 + 7}-x1"  # above any pid: no such process
    alive = tmp_path / f"{bulk.WORK_PREFIX}{os.getpid()}-x2"
    other = tmp_path / "clout-bulk-notes"  # not a bulk load's name: left alone
    for folder in (gone, alive, other):
        (folder / "nodes").mkdir(parents=True)
        (folder / "nodes" / "accounts.csv").write_text("id\n1\n")
    bulk.remove_stale_work(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([alive.name, other.name])
    assert (alive / "nodes" / "accounts.csv").read_text() == "id\n1\n"


def test_a_bulk_load_commits_the_plain_indexes_before_it_builds_any_constraint() -> None:
    """The server populates committed plain indexes in the background and builds a constraint's
    index before its statement returns: the plain indexes are committed first, in one
    transaction, and then every constraint, the kinds' event keys too, in a transaction of its
    own (two at a time), so that they are built while the plain indexes populate."""
    schema = cypher.statements("schema")
    db = FakeDatabase({**{s: [] for s in schema}, "@load/event_constraint": []})
    bulk._create_schema(db, KINDS)
    queries = db.queries()
    assert queries.count("COMMIT") == 1
    cut = queries.index("COMMIT")
    first, second = queries[:cut], queries[cut + 1 :]
    assert all(q.startswith("tx:CREATE INDEX") for q in first)
    assert all("CREATE CONSTRAINT" in q for q in second)  # not "tx:": each on its own
    assert sum("REQUIRE r.eid IS UNIQUE" in q for q in second) == len(KINDS.allowed)
    assert len(first) + len(second) == len(schema) + len(KINDS.allowed)
