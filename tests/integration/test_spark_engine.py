"""``clout score --engine spark`` scores like GDS: same raw influence (relative 1e-6), same
scores, an ordinary run (engine recorded, history, live values), from the database or from an
event log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from clout import config
from clout.db import Database
from clout.loader import LoadOptions, load_interactions
from clout.loader.generator import WorldSpec, generate
from clout.scoring import runs
from clout.spark import log as event_log
from clout.spark.engine import SparkEngine

KINDS = config.load().kinds

LIVE = (
    "MATCH (p:Person) WHERE p.score_raw > 0 "
    "RETURN p.person_id AS id, p.score AS score, p.score_raw AS raw ORDER BY id"
)


@pytest.fixture
def world(database: Database, tmp_path: Path) -> Database:
    spec = WorldSpec(people=400, interactions=8000, networks=2, days=60, seed=5, farm_size=8)
    generate(spec, tmp_path / "world")
    load_interactions(database, tmp_path / "world" / "interactions.csv", LoadOptions(), KINDS)
    return database


def _live(db: Database) -> dict[str, tuple[int, float]]:
    return {r["id"]: (r["score"], r["raw"]) for r in db.read(LIVE)}


def _sub_scores(db: Database) -> dict[str, dict[str, int]]:
    """Every person's live per-network sub-scores (``score_<network>``)."""
    own = {"score_raw", "score_percentile", "score_run"}
    rows = db.read("MATCH (p:Person) RETURN p.person_id AS id, properties(p) AS props")
    return {
        r["id"]: {k: v for k, v in r["props"].items() if k.startswith("score_") and k not in own}
        for r in rows
    }


def test_spark_scores_as_gds_does(world: Database, spark: Any, tmp_path: Path) -> None:
    cfg = config.load()
    request = runs.ScoreRequest()
    runs.score(world, cfg, request)  # GDS; fits the calibration both use
    gds = _live(world)
    gds_subs = _sub_scores(world)
    assert {k for subs in gds_subs.values() for k in subs} == {"score_twitter", "score_reddit"}
    engine = SparkEngine(settings={"spark.sql.shuffle.partitions": "4"})
    with engine:
        result = runs.score(world, cfg, request, engine=engine)[0]
    spark_live = _live(world)
    assert spark_live.keys() == gds.keys()
    ids = sorted(gds)
    np.testing.assert_allclose([spark_live[i][1] for i in ids], [gds[i][1] for i in ids], rtol=1e-6)
    assert [spark_live[i][0] for i in ids] == [gds[i][0] for i in ids]
    assert _sub_scores(world) == gds_subs
    run = world.read("MATCH (r:ScoringRun {run_id: $id}) RETURN r", id=result.run_id)[0]["r"]
    assert (run["engine"], run["status"]) == ("spark", "done")
    history = world.read(
        "MATCH (:Person)-[s:SCORED]->(:ScoringRun {run_id: $id}) RETURN count(s) AS n",
        id=result.run_id,
    )[0]["n"]
    assert history == len(gds)
    # From an event log written by the database, with the scores written beside it.
    folder = tmp_path / "log"
    event_log.export(world, folder, list(cfg.scoring.kind_weights))
    with SparkEngine(events=folder, settings={"spark.sql.shuffle.partitions": "4"}) as engine:
        logged = runs.score(world, cfg, request, engine=engine)[0]
    from_log = _live(world)
    np.testing.assert_allclose([from_log[i][1] for i in ids], [gds[i][1] for i in ids], rtol=1e-6)
    assert [from_log[i][0] for i in ids] == [gds[i][0] for i in ids]
    assert _sub_scores(world) == gds_subs
    assert list((folder / "scores" / f"run_id={logged.run_id}").glob("part-*.parquet"))


def test_a_log_grown_by_loads_scores_as_the_database(
    database: Database, spark: Any, tmp_path: Path
) -> None:
    spec = WorldSpec(people=300, interactions=6000, networks=2, days=60, seed=9)
    generate(spec, tmp_path / "world")
    header, *rows = (tmp_path / "world" / "interactions.csv").read_text().splitlines()
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text("\n".join([header, *rows[:4000]]) + "\n")
    second.write_text("\n".join([header, *rows[3000:]]) + "\n")  # 1,000 rows in both
    folder = tmp_path / "log"
    for path in (first, second, first):  # the repeat replaces its own parts
        load_interactions(database, path, LoadOptions(), KINDS, log_dir=folder)
    parts = sorted(p.name for p in (folder / "events").rglob("*.parquet"))
    assert len({name.rsplit("-", 1)[0] for name in parts}) == 2
    logged = spark.read.option("mergeSchema", "true").parquet(str(folder / "events"))
    assert logged.count() == 7000
    cfg = config.load()
    request = runs.ScoreRequest()
    runs.score(database, cfg, request)
    gds = _live(database)
    with SparkEngine(events=folder, settings={"spark.sql.shuffle.partitions": "4"}) as engine:
        runs.score(database, cfg, request, engine=engine)
    from_log = _live(database)
    ids = sorted(gds)
    assert sorted(from_log) == ids
    np.testing.assert_allclose([from_log[i][1] for i in ids], [gds[i][1] for i in ids], rtol=1e-6)


def test_a_failed_spark_run_keeps_the_previous_scores_and_writes_none(
    world: Database, spark: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = config.load()
    request = runs.ScoreRequest()
    folder = tmp_path / "log"
    event_log.export(world, folder, list(cfg.scoring.kind_weights))
    with SparkEngine(events=folder, settings={"spark.sql.shuffle.partitions": "4"}) as engine:
        first = runs.score(world, cfg, request, engine=engine)[0]  # Spark fits the calibration
        before = _live(world)

        def broken(*_: object, **__: object) -> None:
            raise RuntimeError("injected: the history write failed")

        # After ranking and calibration, before the run goes live.
        monkeypatch.setattr(runs, "_write", broken)
        with pytest.raises(RuntimeError, match="injected"):
            runs.score(world, cfg, request, engine=engine)
    assert _live(world) == before
    failed = world.read("MATCH (r:ScoringRun {status: 'failed'}) RETURN r.run_id AS id")
    assert len(failed) == 1
    written = sorted(p.name for p in (folder / "scores").iterdir())
    assert written == [f"run_id={first.run_id}"]
