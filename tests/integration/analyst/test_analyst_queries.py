"""Every query of the Cypher library runs against the real database (through the CLI)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import Result

from clout import config
from clout.analyst import queries

Invoke = Callable[..., Result]
pytestmark = pytest.mark.usefixtures("world")

# What each query must find in the world of conftest.py with its example parameters (None:
# only that it runs and returns rows of the right shape).
EXPECTED: dict[str, Callable[[list[dict[str, Any]]], bool]] = {
    "top_influencers": lambda rows: [r["person_id"] for r in rows][:2] == ["alice", "bob"],
    "top_by_network": lambda rows: [r["person_id"] for r in rows][:2] == ["alice", "bob"],
    "top_by_topic": lambda rows: [r["person_id"] for r in rows] == ["alice", "bob"],
    "score_history": lambda rows: [r["score"] for r in rows] == [50, 60, 65, 72],
    "rising_stars": lambda rows: (rows[0]["person_id"], rows[0]["gain"]) == ("carol", 47),
    "multi_network": lambda rows: [r["person_id"] for r in rows] == ["alice"],
    "influencers_of": lambda rows: (
        rows[0]["person_ids"] == ["bob", "alice"] and any(r["hops"] == 2 for r in rows)
    ),
    "most_engaged": lambda rows: (rows[0]["kind"], rows[0]["handle"]) == ("LIKED", "alice"),
}


def test_every_shipped_query_has_an_expectation() -> None:
    assert sorted(EXPECTED) == queries.names()


@pytest.mark.parametrize("name", queries.names())
def test_query_runs_with_its_example_parameters(cli: Invoke, name: str) -> None:
    result = cli("query", "run", name, "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows, f"{name} returned no rows on the test world"
    assert EXPECTED[name](rows), rows


def test_query_run_takes_parameters_and_renders_a_table(cli: Invoke) -> None:
    result = cli("query", "run", "top_by_network", "--param", "network=mastodon", "-p", "limit=1")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["person_id", "name", "score"]
    assert lines[1].split()[:3] == ["alice", "Alice", "Liddell"]
    assert "carol" not in result.stdout  # --param limit=1


def test_influencers_of_weighs_kinds_as_the_model_does(cli: Invoke) -> None:
    rows = json.loads(cli("query", "run", "influencers_of", "--json").stdout)
    carol = next(r for r in rows if r["person_ids"] == ["carol", "alice"])
    # Carol LIKED alice once and SHARED twice (alice_m and bob) in the window; with the
    # configured weights (a like 0.5, a share 3) she gives alice 3.5 of her 6.5.
    weights = config.load().scoring.kind_weights
    given = weights["LIKED"] + weights["SHARED"]
    out = given + weights["SHARED"]
    assert (weights["LIKED"], weights["SHARED"]) == (0.5, 3.0)
    damping = config.load().scoring.damping
    assert carol["strength"] == pytest.approx((1 - damping + 0.4) * damping * given / out)


def test_query_run_rejects_an_unknown_parameter(cli: Invoke) -> None:
    result = cli("query", "run", "top_influencers", "--param", "limt=5")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: query 'top_influencers' has no parameter 'limt'; it takes: min_score, limit\n"
    )
