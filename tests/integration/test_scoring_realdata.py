"""Sanity on real data: Congress leadership at the top; Enron seniority correlates with score."""

from __future__ import annotations

from pathlib import Path

import pytest
from scipy import stats
from tests.support import realdata

from clout import config
from clout.db import Database
from clout.scoring import runs

pytestmark = pytest.mark.data


def test_congress_leaders_land_in_the_top_5_percent(database: Database, shared_data: Path) -> None:
    realdata.congress(database, shared_data)
    runs.score(database, config.load(), runs.ScoreRequest())
    rows = database.read(
        "MATCH (p:Person) RETURN p.person_id AS id, p.score_percentile AS pct, p.score AS score"
    )
    pct = {r["id"].split(":")[1]: r["pct"] for r in rows}
    assert len(rows) == 475
    for leader in ("SpeakerPelosi", "GOPLeader", "SenSchumer"):
        assert pct[leader] >= 95.0, (leader, pct[leader])


LEVELS = {
    "ceo": 5,
    "president": 5,
    "vice president": 4,
    "director": 3,
    "managing director": 3,
    "manager": 2,
    "employee": 1,
}


def _level(title: str) -> int | None:
    head = title.split(",")[0].strip().lower()
    return LEVELS.get(head)


def test_enron_score_rises_with_job_level(database: Database, shared_data: Path) -> None:
    titles = realdata.enron(database, shared_data)
    runs.score(database, config.load(), runs.ScoreRequest(window_days=3650))
    rows = database.read("MATCH (p:Person) RETURN p.person_id AS id, p.score AS score")
    pairs = [
        (level, r["score"])
        for r in rows
        if (level := _level(titles.get(r["id"].split(":")[1], "NA"))) is not None
    ]
    assert len(pairs) > 100
    rho = stats.spearmanr([p[0] for p in pairs], [p[1] for p in pairs]).statistic
    assert rho > 0, rho
