"""``clout evaluate`` on a real set: output structure, and the database is left as it was."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.support import realdata
from typer.testing import CliRunner

from clout import config
from clout.cli import app
from clout.db import Database
from clout.scoring import runs
from clout.settings import ConnectionSettings

pytestmark = pytest.mark.data
LIVE = "MATCH (p:Person) RETURN p.person_id AS id, p.score AS s, p.score_raw AS r ORDER BY id"


def _env(settings: ConnectionSettings) -> dict[str, Any]:
    return {
        "NEO4J_URI": settings.uri,
        "NEO4J_PASSWORD": settings.password,
        "NEO4J_USERNAME": settings.username,
        "NEO4J_DATABASE": settings.database,
    }


def _state(db: Database) -> tuple[Any, ...]:
    counts = db.read("@evaluate/counts")[0]
    runs_ = db.read("MATCH (r:ScoringRun) RETURN count(r) AS n")[0]["n"]
    return counts["nodes"], counts["relationships"], runs_, db.read(LIVE)


def test_backtest_json_on_collegemsg_leaves_live_scores_alone(
    database: Database, shared_data: Path, neo4j_settings: ConnectionSettings
) -> None:
    realdata.collegemsg(database, shared_data)
    runs.score(database, config.load(), runs.ScoreRequest())
    before = _state(database)
    result = CliRunner().invoke(
        app,
        ["evaluate", "--cutoff", "2004-06-01", "--horizon-days", "30", "--json"],
        env=_env(neo4j_settings),
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)["backtest"]
    assert data["cutoff"].startswith("2004-06-01")
    assert data["horizon_days"] == 30
    assert data["people"] > 100
    assert 0 < data["engaged_after"] <= data["people"]
    assert set(data["metrics"]) == {"clout", "received", "engagers", "recent", "pagerank"}
    for values in data["metrics"].values():
        assert set(values) == {"spearman", "ndcg", "precision", "top_decile"}
        assert -1.0 <= values["spearman"] <= 1.0
        assert 0.0 <= values["ndcg"] <= 1.0
        assert 0.0 <= values["precision"] <= 1.0
        assert values["top_decile"] >= 0.0
    # The score predicts something: clearly better than chance.
    assert data["metrics"]["clout"]["spearman"] > 0.2
    assert _state(database) == before
