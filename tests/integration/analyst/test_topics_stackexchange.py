"""Topic scores on the real Stack Exchange dump (question tags are the topics), loaded with
``clout load interactions Posts.xml --format stackexchange`` and read back with
``clout top --topic``, ``clout export --topic`` and ``clout show``."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from scipy import stats
from typer.testing import Result

from clout import config
from clout.db import Database
from clout.loader import stackexchange
from clout.scoring import runs

Invoke = Callable[..., Result]
pytestmark = pytest.mark.data
FOLDER = "stackexchange_quantum"


def test_stackexchange_topic_leaders_and_reputation(
    database: Database, shared_data: Path, cli: Invoke, tmp_path: Path
) -> None:
    posts = shared_data / FOLDER / "Posts.xml"
    loaded = cli("load", "interactions", str(posts), "--format", "stackexchange", "--json")
    assert loaded.exit_code == 0, loaded.output
    rows = list(stackexchange.stackexchange_rows(posts))
    assert len(rows) > 4000
    assert all(r.topics for r in rows)
    newest = max(datetime.fromisoformat(r.timestamp) for r in rows)
    as_of = newest + timedelta(seconds=1)
    [result] = runs.score(database, config.load(), runs.ScoreRequest(as_of=as_of, window_days=365))
    assert result.topics >= 20

    top = cli("top", "--topic", "quantum-gate", "--limit", "5", "--json")
    assert top.exit_code == 0, top.output
    leaders = json.loads(top.output)
    assert len(leaders) == 5
    assert [r["topic_score"] for r in leaders] == sorted(
        (r["topic_score"] for r in leaders), reverse=True
    )
    assert leaders[0]["topic_score"] >= 63  # the leader is above the topic's 95th percentile

    best = database.read(
        "MATCH (p:Person)-[e:EXPERT_IN]->(:Topic) RETURN p.person_id AS id, max(e.score_raw) AS raw"
    )
    reputation = stackexchange.users(shared_data / FOLDER)
    pairs = [(r["raw"], reputation[r["id"].split(":", 1)[1]][1]) for r in best]
    rho = stats.spearmanr([p[0] for p in pairs], [p[1] for p in pairs]).statistic
    assert len(pairs) > 100
    assert rho > 0.2, rho

    target = tmp_path / "qubit.csv"
    export = cli("export", "--topic", "qubit", "--limit", "10", "-o", str(target))
    assert export.exit_code == 0, export.output
    exported = list(csv.DictReader(io.StringIO(target.read_text())))
    assert len(exported) == 10
    assert all(int(r["topic_score"]) >= 1 for r in exported)

    shown = cli("show", leaders[0]["person_id"], "--json")
    assert shown.exit_code == 0, shown.output
    topics = json.loads(shown.stdout)["topics"]
    assert topics["quantum-gate"] == leaders[0]["topic_score"]
    assert list(topics.values()) == sorted(topics.values(), reverse=True)
    text = cli("show", leaders[0]["person_id"])
    assert "quantum-gate" in text.output
