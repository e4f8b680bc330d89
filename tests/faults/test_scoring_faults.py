"""Issue 21, scoring: an interrupted `clout score` never leaves a mix of two runs live (3),
never leaves projections behind (4), and never runs beside a load or a live run (5)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from .conftest import Site

# Where a run is stopped: the projection exists; two history batches are committed; inside the
# switch transaction with every scored person's new values sent; the switch about to commit.
PHASES = ["phase:pagerank", "hook:history:2", "hook:write-back-rest:0", "hook:write-back-commit:0"]


def _live(site: Site) -> dict[str, tuple[Any, ...]]:
    rows = site.read(
        "MATCH (p:Person) RETURN p.person_id AS id, p.score AS score, p.score_raw AS raw, "
        "p.score_run AS run, [(p)-[e:EXPERT_IN]->(t) | [t.name, e.score, e.run]] AS topics"
    )
    return {r["id"]: (r["score"], r["raw"], r["run"], sorted(r["topics"])) for r in rows}


def _runs(site: Site) -> dict[str, dict[str, Any]]:
    rows = site.read(
        "MATCH (r:ScoringRun) RETURN r.run_id AS id, r.status AS status, r.live AS live, "
        "COUNT { (r)<-[:SCORED]-() } AS history"
    )
    return {r["id"]: r for r in rows}


def _score(site: Site, *args: str) -> str:
    done = site.clout("score", "--json", *args)
    assert done.returncode == 0, done.stderr
    return str(json.loads(done.stdout)[-1]["run_id"])


@pytest.mark.parametrize("where", PHASES)
@pytest.mark.parametrize("victim", ["clout", "neo4j"])
def test_3_4_a_killed_run_leaves_the_previous_run_live_and_the_next_run_works(
    site: Site, world: Path, tmp_path: Path, victim: str, where: str
) -> None:
    first = _score(site, "--as-of", "2024-02-05")
    before = _live(site)
    assert {v[2] for v in before.values()} == {first}
    paused = site.paused(where, tmp_path, "score")
    paused.wait_there()
    if victim == "clout":
        code, _, _ = paused.kill(signal.SIGKILL)
        assert code == -signal.SIGKILL
    else:
        site.kill_server()
        code, _, err = paused.resume()
        assert code == 1
        assert err.strip().splitlines()[-1].startswith("Error: ")
        site.ensure_running()
    assert _live(site) == before, "readers see the previous run whole"
    [killed] = [r for r in _runs(site) if r != first]
    second = _score(site)
    runs = _runs(site)
    assert runs[killed]["status"] == "failed"
    assert runs[killed]["history"] == 0
    assert (runs[first]["status"], runs[first]["live"]) == ("done", None)
    assert (runs[second]["status"], runs[second]["live"]) == ("done", True)
    assert {v[2] for v in _live(site).values()} == {second}
    assert site.graphs() == [], "no projection is left behind"
    assert site.read("MATCH (l:ScoringLock) RETURN count(l) AS n") == [{"n": 0}]


def test_4_sigterm_during_the_projection_cleans_up_at_once(
    site: Site, world: Path, tmp_path: Path
) -> None:
    paused = site.paused("phase:pagerank", tmp_path, "score")
    paused.wait_there()
    assert site.graphs(), "the run's projection exists"
    code, _, err = paused.kill(signal.SIGTERM)
    assert code == 130
    assert err.strip().splitlines()[-1] == "Error: interrupted"
    assert site.graphs() == []
    assert [r["status"] for r in _runs(site).values()] == ["failed"]
    assert site.read("MATCH (l:ScoringLock) RETURN count(l) AS n") == [{"n": 0}]
    assert site.read("MATCH (p:Person) WHERE p.score IS NOT NULL RETURN count(p) AS n") == [
        {"n": 0}
    ]


def test_4_a_killed_evaluate_leaves_no_projection_after_the_next_run(
    site: Site, world: Path, tmp_path: Path
) -> None:
    paused = site.paused("graph:eval", tmp_path, "evaluate", "--stability", "--json")
    paused.wait_there()
    name = paused.mark.read_text().strip()
    assert name in site.graphs()
    assert paused.kill(signal.SIGKILL)[0] == -signal.SIGKILL
    assert name in site.graphs(), "kill -9 left the projection behind"
    _score(site)
    assert site.graphs() == [], "the next run dropped it"


def test_5_no_run_while_a_load_writes_and_force_takes_over_only_a_dead_holder(
    site: Site, world: Path, tmp_path: Path
) -> None:
    more = tmp_path / "more"
    made = site.clout(
        "-q",
        "generate",
        "--people",
        "500",
        "--interactions",
        "20000",
        "--seed",
        "8",
        "-o",
        str(more),
    )
    assert made.returncode == 0
    load = site.paused(
        "load:1",
        tmp_path,
        "load",
        "interactions",
        str(more / "interactions.csv"),
        "--network",
        "more",
        "--batch-size",
        "2000",
    )
    load.wait_there()
    for force in ([], ["--force"]):
        refused = site.clout("score", *force)
        assert refused.returncode == 1
        assert refused.stderr.strip().startswith("Error: a load is writing to this database (")
        assert "score when it has finished, so the run does not see half of it" in refused.stderr
    assert load.kill(signal.SIGKILL)[0] == -signal.SIGKILL
    run = _score(site)  # the lease of the killed load is cleared: its holder is gone
    assert _runs(site)[run]["status"] == "done"

    scoring = site.paused("hook:history:1", tmp_path, "score")
    scoring.wait_there()
    refused = site.clout("score", "--force")
    assert refused.returncode == 1
    assert refused.stderr.strip().startswith("Error: another `clout score` run (run ")
    assert "(--force takes over only a lock whose process is gone)" in refused.stderr
    code, _, err = scoring.resume()
    assert code == 0, err
    assert sorted(r["status"] for r in _runs(site).values()) == ["done", "done"]


@pytest.mark.parametrize(
    ("where", "command"),
    [
        ("query:@load/identities", ["load", "accounts"]),  # people about to be merged
        ("query:@record/version", ["migrate"]),  # a migration under way
    ],
    ids=["accounts", "migrate"],
)
def test_5_no_run_while_identities_are_merged_or_a_migration_runs(
    site: Site, world: Path, tmp_path: Path, where: str, command: list[str]
) -> None:
    if command[-1] == "accounts":
        command.append(str(world / "accounts.csv"))
    writer = site.paused(where, tmp_path, *command)
    writer.wait_there()
    for force in ([], ["--force"]):
        refused = site.clout("score", *force)
        assert refused.returncode == 1
        assert refused.stderr.strip().startswith("Error: a load is writing to this database (")
    code, _, err = writer.resume()
    assert code == 0, err
    run = _score(site)
    assert _runs(site)[run]["status"] == "done"


def test_5_a_load_waits_while_a_run_reads_the_graph(
    site: Site, world: Path, tmp_path: Path
) -> None:
    extra = tmp_path / "extra.csv"
    extra.write_text("actor,target,type,timestamp\nnew1,new2,like,2024-02-01\n")
    scoring = site.paused("phase:projection", tmp_path, "score")  # before the window is read
    scoring.wait_there()
    load = subprocess.Popen(
        [sys.executable, "-m", "clout", "load", "interactions", str(extra)],
        env=site.env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    time.sleep(6)
    assert load.poll() is None, "the load waits"
    assert site.read("MATCH (a:Account {handle: 'new1'}) RETURN count(a) AS n") == [{"n": 0}]
    code, _, err = scoring.resume()
    assert code == 0, err
    _, err = load.communicate(timeout=300)
    assert load.returncode == 0, err
    assert "waiting for scoring run " in err
    assert site.read("MATCH (a:Account {handle: 'new1'}) RETURN count(a) AS n") == [{"n": 1}]


def test_3_a_large_run_killed_while_its_scores_are_copied_is_finished_by_the_next_reader(
    site: Site, world: Path, tmp_path: Path
) -> None:
    first = _score(site, "--as-of", "2024-02-05")
    paused = site.paused("hook:publish:0", tmp_path, "score")
    paused.wait_there()  # the run is live; none of its values is on its people yet
    code, _, _ = paused.kill(signal.SIGKILL)
    assert code == -signal.SIGKILL
    [killed] = [r for r in _runs(site) if r != first]
    assert _runs(site)[killed]["live"] is True
    top = site.clout("top", "--json")
    assert top.returncode == 0, top.stderr
    assert f"run {killed} stopped while making its scores live; finishing that" in top.stderr
    assert {v[2] for v in _live(site).values()} == {killed}, "no mix once a reader looked"
    assert not site.read("MATCH (r:ScoringRun) WHERE r.publishing RETURN r")
    second = _score(site)
    assert {v[2] for v in _live(site).values()} == {second}
    assert site.graphs() == []
