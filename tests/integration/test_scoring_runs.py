"""Runs: write-back, history, backfill, calibration reuse, the lock, and failures."""

from __future__ import annotations

import os
import socket
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from tests.support import synth

from clout import config, gds
from clout.db import Database
from clout.errors import ScoringBusy
from clout.scoring import runs

KINDS = config.load().kinds

AS_OF = synth.END


@pytest.fixture
def small(database: Database) -> Database:
    synth.load(database, synth.generate(people=300, interactions=6000, days=40, seed=5))
    return database


def _load_apart(db: Database, world: synth.World) -> None:
    """Load a second world beside the first (its event ids are its network's: no clash)."""
    synth.load(db, world)


def _live(db: Database) -> dict[str, dict[str, object]]:
    rows = db.read("MATCH (p:Person) RETURN p.person_id AS id, properties(p) AS props")
    return {r["id"]: r["props"] for r in rows}


def _score(db: Database, **options: object) -> list[runs.RunResult]:
    return runs.score(db, config.load(), runs.ScoreRequest(as_of=AS_OF, **options))  # type: ignore[arg-type]


def test_a_run_writes_scores_history_and_its_record(small: Database) -> None:
    [result] = _score(small)
    live = _live(small)
    scored = [p for p in live.values() if int(p["score"]) > 1]  # type: ignore[call-overload]
    assert len(scored) == result.scored > 100
    assert all(
        1 <= int(p["score"]) <= 100 and p["score_run"] == result.run_id for p in live.values()
    )  # type: ignore[call-overload]
    assert all(any(k in p for k in ("score_alpha", "score_beta", "score_gamma")) for p in scored)
    assert abs(result.mean - 40) <= 1
    assert abs(result.p95 - 63) <= 1
    [run] = small.read("MATCH (r:ScoringRun) RETURN properties(r) AS r")
    record = run["r"]
    assert record["status"] == "done"
    assert record["scored"] == result.scored
    assert record["algorithm"] == "pagerank"
    # The phases are measured (each took some time), apart (their sum is within the run's total)
    # and the total is within the run's own start and finish in the database.
    phases = [record[f"seconds_{p}"] for p in ("projection", "algorithm", "calibration", "write")]
    assert all(isinstance(s, float) and s > 0 for s in phases), phases
    assert sum(phases) <= record["seconds_total"]
    elapsed = record["finished_at"].to_native() - record["started_at"].to_native()
    assert record["seconds_total"] <= elapsed.total_seconds() + 0.01
    history = small.read("MATCH (:Person)-[s:SCORED]->(:ScoringRun) RETURN count(s) AS n")
    assert history[0]["n"] == result.scored
    assert gds.drop_all_graphs(gds.client(small)) == 0, "no projection is left behind"


def test_backfill_scores_one_run_per_day_and_keeps_history(small: Database) -> None:
    results = _score(small, backfill_days=3)
    assert [r.as_of for r in results] == [AS_OF - timedelta(days=d) for d in (3, 2, 1, 0)]
    assert len({r.calibration_version for r in results}) == 1
    done = small.read("MATCH (r:ScoringRun {status: 'done'}) RETURN count(r) AS n")
    assert done[0]["n"] == 4
    someone = small.read(
        "MATCH (p:Person)-[s:SCORED]->(r:ScoringRun) WITH p, count(r) AS runs "
        "WHERE runs = 4 RETURN count(p) AS n"
    )
    assert someone[0]["n"] > 0
    live = _live(small)
    assert {p["score_run"] for p in live.values()} == {results[-1].run_id}


def test_unchanged_people_keep_their_score_when_unrelated_parts_grow(small: Database) -> None:
    [first] = _score(small)
    before = _live(small)
    other = synth.generate(people=200, interactions=4000, days=40, seed=9)
    other.people = [f"x{p}" for p in other.people]
    other.account_network = ["delta"] * len(other.account_network)
    _load_apart(small, other)
    [second] = _score(small)
    after = _live(small)
    assert second.calibration_version == first.calibration_version
    for person, props in before.items():
        assert after[person]["score"] == props["score"], person


def test_articlerank_is_selectable(small: Database) -> None:
    [result] = _score(small, algorithm="articlerank")
    assert result.algorithm == "articlerank"
    assert abs(result.mean - 40) <= 1


def test_a_second_concurrent_run_refuses_and_force_takes_over_only_a_silent_one(
    small: Database,
) -> None:
    small.write(
        "CREATE (:ScoringLock {name: 'scoring', run_id: 'other', pid: 1, host: 'elsewhere', "
        "started_at: datetime(), heartbeat: datetime()})"
    )
    for force in (False, True):  # its holder's heartbeat is fresh: alive, even for --force
        with pytest.raises(ScoringBusy, match=r"--force takes over only a lock whose process"):
            _score(small, force=force)
    small.write("MATCH (l:ScoringLock) SET l.heartbeat = datetime() - duration('PT10M')")
    with pytest.raises(ScoringBusy, match=r"not been heard from since .*rerun with --force"):
        _score(small)
    _score(small, force=True)
    assert small.read("MATCH (l:ScoringLock) RETURN count(l) AS n")[0]["n"] == 0


def test_a_stale_lock_of_a_dead_process_on_this_host_is_cleared(small: Database) -> None:
    dead = os.fork()
    if dead == 0:
        os._exit(0)
    os.waitpid(dead, 0)
    small.write(
        "CREATE (:ScoringLock {name: 'scoring', run_id: 'dead', pid: $pid, host: $host, "
        "started_at: datetime()})",
        pid=dead,
        host=socket.gethostname(),
    )
    [result] = _score(small)
    assert result.scored > 0


class Boom(RuntimeError):
    pass


def test_a_failed_run_leaves_the_previous_scores_in_place(small: Database) -> None:
    [first] = _score(small)
    before = _live(small)

    def fail_mid_write_back(phase: str, batch: int) -> None:
        if phase == "write-back-rest":  # inside the switch: its people's values are sent already
            raise Boom("injected")

    with pytest.raises(Boom):
        runs.score(
            small,
            config.load(),
            runs.ScoreRequest(as_of=AS_OF - timedelta(days=5)),
            hook=fail_mid_write_back,
        )
    assert _live(small) == before
    statuses = small.read("MATCH (r:ScoringRun) RETURN r.status AS s ORDER BY r.started_at")
    assert [r["s"] for r in statuses] == ["done", "failed"]
    failed = small.read(
        "MATCH (:Person)-[s:SCORED]->(:ScoringRun {status: 'failed'}) RETURN count(s) AS n"
    )
    assert failed[0]["n"] == 0
    assert small.read("MATCH (l:ScoringLock) RETURN count(l) AS n")[0]["n"] == 0
    assert first.run_id == next(iter(before.values()))["score_run"]


def test_a_first_run_that_fails_leaves_no_scores(small: Database) -> None:
    def fail(phase: str, batch: int) -> None:
        if phase == "write-back":
            raise Boom("injected")

    with pytest.raises(Boom):
        runs.score(small, config.load(), runs.ScoreRequest(as_of=AS_OF), hook=fail)
    assert all("score" not in p for p in _live(small).values())


def test_projections_are_dropped_when_the_algorithm_fails(small: Database) -> None:
    shipped = config.load()
    broken = replace(shipped, scoring=replace(shipped.scoring, max_iterations=0))
    with pytest.raises(Exception, match="maxIterations"):
        runs.score(small, broken, runs.ScoreRequest(as_of=AS_OF))
    assert gds.drop_all_graphs(gds.client(small)) == 0
    assert small.read("MATCH (r:ScoringRun) RETURN r.status AS s")[0]["s"] == "failed"


def test_the_history_keeps_each_scored_persons_account_ranks(small: Database) -> None:
    [first] = _score(small)
    rows = small.read(
        "MATCH (p:Person)-[s:SCORED]->(:ScoringRun {run_id: $run}) "
        "RETURN p.person_id AS person, s.score_raw AS raw, s.ranks AS ranks, "
        "s.rank_networks AS networks, s.rank_handles AS handles, "
        "[(p)-[:OWNS]->(a) | [a.network, a.handle]] AS owned",
        run=first.run_id,
    )
    assert len(rows) == first.scored > 100
    for r in rows:
        assert len(r["ranks"]) == len(r["networks"]) == len(r["handles"]) >= 1
        pairs = set(zip(r["networks"], r["handles"], strict=True))
        assert pairs <= {tuple(a) for a in r["owned"]}
        above = sum(max(0.0, rank - 0.15) for rank in r["ranks"])
        assert above == pytest.approx(r["raw"], rel=1e-9), r["person"]

    def fail(phase: str, batch: int) -> None:
        if phase == "history":
            raise Boom("injected")

    with pytest.raises(Boom):
        runs.score(
            small, config.load(), runs.ScoreRequest(as_of=AS_OF - timedelta(days=5)), hook=fail
        )
    with_history = small.read("MATCH ()-[:SCORED]->(r:ScoringRun) RETURN DISTINCT r.run_id AS run")
    assert with_history == [{"run": first.run_id}]


def _topics_live(db: Database) -> list[tuple[str, str, float]]:
    rows = db.read(
        "MATCH (p:Person)-[e:EXPERT_IN]->(t:Topic) RETURN p.person_id AS p, t.name AS t, "
        "e.score AS s ORDER BY p, t"
    )
    return [(r["p"], r["t"], r["s"]) for r in rows]


def _without_run(live: dict[str, dict[str, object]]) -> dict[str, dict[str, object]]:
    return {p: {k: v for k, v in d.items() if k != "score_run"} for p, d in live.items()}


def test_a_run_too_large_for_one_transaction_goes_live_then_copies_and_a_cut_copy_is_finished(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clout.loader import LoadOptions, load_interactions
    from clout.loader.generator import WorldSpec, generate
    from clout.scoring import store

    generate(WorldSpec(people=300, interactions=6000, networks=2, days=40, seed=5), tmp_path)
    load_interactions(database, tmp_path / "interactions.csv", LoadOptions(), KINDS)
    request = runs.ScoreRequest()
    [at_once] = runs.score(database, config.load(), request)  # small enough: one transaction
    expected, expected_topics = _live(database), _topics_live(database)
    assert expected_topics  # the world has topic experts
    monkeypatch.setattr(store, "at_once_capacity", lambda db: 10)  # every run is "large"

    def cut(phase: str, number: int) -> None:
        if phase == "publish":
            raise RuntimeError("killed while copying")

    with pytest.raises(RuntimeError):
        runs.score(database, config.load(), request, hook=cut)
    [cut_run] = database.read("MATCH (r:ScoringRun {live: true}) RETURN properties(r) AS r")
    cut_id = cut_run["r"]["run_id"]
    assert cut_run["r"]["publishing"] is True  # live, its values not on its people yet
    notes: list[str] = []
    store.wait_published(database, notes.append)  # what `clout top` does first
    assert notes == [f"run {cut_id} stopped while making its scores live; finishing that"]
    assert not database.read("MATCH (r:ScoringRun) WHERE r.publishing RETURN r")
    finished = _live(database)
    assert {p: v["score_run"] for p, v in finished.items()} == dict.fromkeys(expected, cut_id)
    assert _without_run(finished) == _without_run(expected)  # as the one-transaction switch
    assert [t[:2] for t in _topics_live(database)] == [t[:2] for t in expected_topics]
    [large] = runs.score(database, config.load(), request)  # a large run not cut off
    assert _without_run(_live(database)) == _without_run(expected)
    assert all(v["score_run"] == large.run_id for v in _live(database).values())
    assert not database.read("MATCH (r:ScoringRun) WHERE r.publishing RETURN r")
    assert at_once.run_id != large.run_id
