"""The scoring run's lock, failure and switch contract (and which projections it drops as
left behind), against the recording fake database.

What the queries do is the integration tier's job; here: which ones a run sends, in which
transactions, and what it does when something fails (``scoring/runs.py``, ``scoring/store.py``).
"""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from tests.support.fake_db import FakeDatabase, name_of

from clout import leases
from clout.config import load
from clout.errors import ScoringBusy
from clout.evaluate import world
from clout.scoring import influence, runs, store
from clout.scoring.window import Window

WINDOW = Window(datetime(2024, 1, 31, tzinfo=UTC), 30, None, "pagerank")
ALIVE = {"pid": os.getpid(), "host": socket.gethostname(), "proc_start": None}
GONE = {"pid": 2**22 + 7, "host": socket.gethostname(), "proc_start": None}


def _db(**answers: Any) -> FakeDatabase:
    """A database with no lock, no loads, no live run: every write answers nothing."""
    quiet: dict[str, Any] = {
        name: []
        for name in (
            "@load/gate",
            "@load/leases",
            "@scoring/lock",
            "@scoring/abandon_runs",
            "@scoring/start_run",
            "@scoring/release_lock",
            "@scoring/lock_beat",
            "@scoring/live_run",
            "@scoring/forget_run",
            "@scoring/finish_run",
            "@scoring/switch_people",
            "@scoring/switch_rest",
            "@scoring/switch_topics",
            "@scoring/switch_run",
            "@scoring/publish_history",
            "@scoring/publish_rest",
            "@scoring/published",
            "@scoring/publish_topics_rest",
            "@topics/clear_live",
            "@topics/publish",
        )
    }
    quiet["@scoring/fail_run"] = [{"run_id": "x"}]
    quiet["@scoring/switch_fence"] = [{"run_id": "x"}]
    return FakeDatabase({**quiet, **answers})


def _names(db: FakeDatabase) -> list[str]:
    """The queries run, a ``.cypher`` file's text by its ``@name``."""
    return [name_of(query)[0] for query in db.queries()]


def _locked(db: FakeDatabase, fail: BaseException | None = None) -> str:
    with runs._locked_run(db, load().scoring, WINDOW, force=False) as (run_id, result):
        assert result.run_id == run_id
        if fail is not None:
            raise fail
    return run_id


def test_a_run_takes_the_lock_in_one_transaction_and_releases_it() -> None:
    db = _db()
    run_id = _locked(db)
    queries = db.queries()
    taken = queries[: queries.index("COMMIT") + 1]
    assert taken == [
        "tx:@load/gate",
        "tx:@load/leases",
        "tx:@scoring/lock",
        "tx:@scoring/abandon_runs",
        "tx:@scoring/start_run",
        "COMMIT",
    ]
    start = next(p for q, p in db.calls if q == "tx:@scoring/start_run")
    assert start["run_id"] == run_id
    assert start["pid"] == os.getpid()
    assert "@scoring/publishing" in queries  # a copy cut off before is finished first
    assert queries[-1] == "@scoring/release_lock"
    assert db.calls[-1][1] == {"run_id": run_id}
    assert "@scoring/fail_run" not in queries


def test_a_failure_marks_the_run_failed_keeps_the_live_run_and_releases_the_lock() -> None:
    db = _db(**{"@scoring/live_run": [{"run_id": "previous"}]})
    with pytest.raises(RuntimeError, match="boom"):
        _locked(db, RuntimeError("boom"))
    queries = _names(db)
    run_id = next(p["run_id"] for q, p in db.calls if q == "tx:@scoring/start_run")
    failed = queries.index("@scoring/fail_run")
    assert db.calls[failed][1] == {"run_id": run_id, "error": "RuntimeError: boom"}
    assert queries[failed + 1] == "@scoring/forget_run"  # its history is deleted
    assert queries[-1] == "@scoring/release_lock"
    assert not any("switch" in q or "publish_" in q for q in queries)  # nothing live changed


def test_a_server_gone_leaves_the_cleanup_to_the_next_run() -> None:
    from clout.db import ServiceUnavailable

    db = _db()
    with pytest.raises(ServiceUnavailable):
        _locked(db, ServiceUnavailable("gone"))
    queries = db.queries()
    assert "@scoring/fail_run" not in queries
    assert "@scoring/release_lock" not in queries


def test_a_lock_held_by_a_live_process_refuses_the_run_and_records_nothing() -> None:
    held = {**ALIVE, "run_id": "other", "started_at": None, "heartbeat": None}
    db = _db(**{"@scoring/lock": [{**held, "reading": False, "status": "running"}]})
    with pytest.raises(ScoringBusy, match="another `clout score` run"):
        _locked(db)
    assert "tx:@scoring/start_run" not in db.queries()
    assert db.queries()[-1] == "ROLLBACK"
    assert "@scoring/release_lock" not in db.queries()


def test_the_lock_of_a_process_that_is_gone_is_taken_over() -> None:
    held = {**GONE, "run_id": "old", "started_at": None, "heartbeat": None}
    db = _db(
        **{
            "@scoring/lock": [{**held, "reading": False, "status": "running"}],
            "@scoring/abandon_runs": [{"run_id": "old"}],
        }
    )
    assert leases.state(held) == "gone"
    _locked(db)
    queries = _names(db)
    assert queries.index("tx:@scoring/release_lock") < queries.index("tx:@scoring/start_run")
    assert "@scoring/forget_run" in queries  # the abandoned run's history is deleted


def test_a_load_in_progress_refuses_the_run() -> None:
    lease = {**ALIVE, "id": "l1", "file": "in.csv", "started_at": None, "heartbeat": None}
    db = _db(**{"@load/leases": [lease]})
    with pytest.raises(store.LoadInProgress, match=r"a load is writing to this database \(in.csv"):
        _locked(db)
    assert "tx:@scoring/start_run" not in db.queries()


COLUMNS: store.Columns = {
    name: [f"p{i}" if name == "person" else i for i in range(3)] for name in store.LIVE_COLUMNS
}


def test_the_switch_makes_the_run_live_in_one_transaction() -> None:
    db = _db()
    store.switch(db, "r1", COLUMNS, 3, {"people": 3}, publish_topics=True, at_once=10)
    assert db.queries() == [
        "tx:@scoring/switch_fence",
        "tx:@scoring/switch_people",
        "tx:@scoring/switch_rest",
        "tx:@scoring/switch_topics",
        "tx:@scoring/switch_run",
        "COMMIT",
    ]
    people = db.calls[1][1]
    assert people["person"] == ["p0", "p1", "p2"]
    assert people["run_id"] == "r1"


def test_a_failing_switch_commits_nothing() -> None:
    db = _db()

    def hook(phase: str, number: int) -> None:
        if phase == "write-back-commit":
            raise RuntimeError("killed")

    with pytest.raises(RuntimeError, match="killed"):
        store.switch(db, "r1", COLUMNS, 3, {}, hook, publish_topics=False, at_once=10)
    assert db.queries()[-1] == "ROLLBACK"
    assert db.committed() == []


def test_a_switch_that_lost_the_lock_changes_nothing() -> None:
    db = _db(**{"@scoring/switch_fence": []})
    with pytest.raises(ScoringBusy, match="lost the scoring lock"):
        store.switch(db, "r1", COLUMNS, 3, {}, publish_topics=False, at_once=10)
    assert db.queries() == ["tx:@scoring/switch_fence", "ROLLBACK"]


def test_a_large_run_switches_the_live_run_then_copies_in_batches() -> None:
    db = _db()
    store.switch(db, "r1", COLUMNS, 3, {"people": 3}, publish_topics=True, at_once=2)
    queries = _names(db)
    assert queries[: queries.index("COMMIT") + 1] == [
        "tx:@scoring/switch_fence",
        "tx:@scoring/switch_run",
        "COMMIT",
    ]
    run = next(p for q, p in db.calls if q == "tx:@scoring/switch_run")
    assert run["props"]["publishing"] is True
    # The copy comes from the run's own columns, one transaction per batch (topic scores lock
    # their Topic nodes: one at a time), then everyone else and the old topic scores, batched.
    assert queries[queries.index("COMMIT") + 1 :] == [
        "tx:@scoring/switch_people",
        "COMMIT",
        "@scoring/publish_rest",
        "@scoring/publish_topics_rest",
        "@scoring/published",
    ]


def test_wait_published_finishes_a_copy_cut_off_by_a_process_that_is_gone() -> None:
    copying = [{"run_id": "r1", "topics": False, "lock_run": None, **GONE, "heartbeat": None}]

    def publishing(params: dict[str, Any]) -> list[dict[str, Any]]:
        return [] if "@scoring/published" in db.queries() else copying

    db = _db(**{"@scoring/publishing": publishing})
    notes: list[str] = []
    store.wait_published(db, notes.append)
    assert notes == ["run r1 stopped while making its scores live; finishing that"]
    published = next(p for q, p in db.calls if q == "@scoring/published")
    assert published == {"run_id": "r1"}
    assert db.queries()[-1] == "@scoring/publishing"  # asked again: nothing is left to copy


def test_wait_published_returns_at_once_when_nothing_is_being_copied() -> None:
    db = _db()
    store.wait_published(db, pytest.fail)
    assert db.queries() == ["@scoring/publishing"]


def test_an_evaluate_projection_is_an_orphan_once_its_process_is_gone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    named: list[str] = []

    def measured(db: Any, config: Any, at: Window, graph_name: str) -> Any:
        named.append(graph_name)
        return SimpleNamespace(found=None)

    monkeypatch.setattr(world, "measure", measured)
    world._measure(FakeDatabase(), load().scoring, WINDOW)
    (name,) = named
    assert name.startswith("clout-eval-")
    assert not influence._orphaned(name, "run-1")  # this process lives: left alone
    gone = name.replace(f"p{os.getpid()}-", f"p{GONE['pid']}-")
    assert influence._orphaned(gone, "run-1")
    assert not influence._orphaned("clout-eval-1a2b3c4d", "run-1")  # no owner to judge by
