"""The analyst commands against a database scored for real by ``clout score``.

``clout show``'s "why" must agree with the score: its contributions are the PageRank flows
along the edges the run projected, checked here against the numpy reference run on the weights
GDS itself projected (an oracle independent of the explanation's own weight rebuild).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from datetime import datetime

import pytest
from tests.integration.conftest import wipe
from tests.support import synth
from typer.testing import Result

from clout import config
from clout.db import Database
from clout.scoring import reference, runs
from clout.scoring.events import Owners
from clout.scoring.influence import window_edges

Invoke = Callable[..., Result]
AS_OF = "2024-06-30T00:00:00Z"


@pytest.fixture(scope="module")
def scored(database_session: Database, cli: Invoke) -> Iterator[Database]:
    """A small synthetic world, loaded and scored once with ``clout score``."""
    wipe(database_session)
    synth.load(database_session, synth.generate(people=150, interactions=2500, days=60, seed=3))
    result = cli("score", "--as-of", AS_OF, "--json")
    assert result.exit_code == 0, result.stderr
    yield database_session
    wipe(database_session)


def _json(result: Result) -> object:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _top(cli: Invoke) -> list[dict[str, object]]:
    rows = _json(cli("top", "--limit", "5", "--json"))
    assert isinstance(rows, list)
    return rows


def test_top_ranks_the_scored_people(scored: Database, cli: Invoke) -> None:
    rows = _top(cli)
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, 5]
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)  # type: ignore[type-var]
    assert all(1 < int(s) <= 100 for s in scores)  # type: ignore[call-overload]


def test_the_run_stores_each_accounts_rank(scored: Database) -> None:
    rows = scored.read(
        "MATCH (p:Person)-[s:SCORED]->(:ScoringRun {run_id: p.score_run}) WHERE p.score > 1 "
        "RETURN p.score_raw AS raw, s.ranks AS ranks"
    )
    assert rows
    for r in rows:
        above = sum(max(0.0, rank - 0.15) for rank in r["ranks"])
        assert abs(above - r["raw"]) <= 1e-9 * max(1.0, r["raw"])


def _oracle(db: Database, person_id: str) -> dict[str, float]:
    """Contributions into ``person_id`` by person: reference PageRank on the edges a run
    projects (``window_edges``, checked equal to GDS's projection in test_scoring_parity)."""
    configured = config.load()
    cfg = configured.scoring
    window = runs.resolve_window(
        db, configured, runs.ScoreRequest(as_of=datetime.fromisoformat(AS_OF))
    )
    graph = window_edges(db, cfg, window)
    ranked = reference.oracle(graph.source, graph.target, graph.weight, cfg, "pagerank")
    owners = Owners.read(db).frame["person"]
    owner = [owners.get(int(n)) for n in ranked.nodes]
    return {str(p): flow for p, flow in ranked.received_from(owner, person_id).items()}


def test_show_explains_the_score_with_the_pagerank_contributions(
    scored: Database, cli: Invoke
) -> None:
    best = str(_top(cli)[0]["person_id"])
    shown = _json(cli("show", best, "--json"))
    assert isinstance(shown, dict)
    why = shown["why"]
    assert why["note"] is None
    assert why["base"] == pytest.approx(0.15)
    contributors = why["contributors"]
    assert len(contributors) >= 3
    assert sum(c["share"] for c in contributors) + why["others_share"] == pytest.approx(1.0)
    # The contributions add up to the person's raw influence (rank minus teleport per account).
    assert why["total"] == pytest.approx(shown["score_raw"], rel=1e-4)
    expected = _oracle(scored, best)
    top = max(expected, key=lambda p: expected[p])
    assert contributors[0]["person_id"] == top
    for c in contributors:
        assert c["contribution"] == pytest.approx(expected[c["person_id"]], rel=1e-5)
        assert c["share"] == pytest.approx(expected[c["person_id"]] / sum(expected.values()))
        assert c["interactions"] >= 1
    text = cli("show", best)
    assert text.exit_code == 0, text.stderr
    assert "Who lifted the score" in text.stdout
    assert f"({contributors[0]['person_id']})" in text.stdout


def test_history_export_and_queries_read_the_run(scored: Database, cli: Invoke) -> None:
    best = _top(cli)[0]
    history = _json(cli("history", str(best["person_id"]), "--json"))
    assert isinstance(history, dict)
    assert [p["score"] for p in history["history"]] == [best["score"]]
    exported = cli("export", "--format", "csv", "--limit", "5")
    assert exported.exit_code == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert [r["person_id"] for r in rows] == [r["person_id"] for r in _top(cli)]
    queried = _json(cli("query", "run", "top_influencers", "--param", "limit=5", "--json"))
    assert isinstance(queried, list)
    assert queried[0]["person_id"] == best["person_id"]
