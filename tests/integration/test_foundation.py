"""The foundation against the real server: connection, schema, a clean database per test, and
the ranking production runs (``gds.rank`` on the scoring projection) against oracles."""

from __future__ import annotations

import dataclasses

import networkx as nx
import numpy as np
import pytest
from tests.integration.conftest import wipe

from clout import config, gds
from clout.db import Database
from clout.scoring import reference
from clout.scoring.influence import algorithm_config, project


def test_gds_answers(database: Database) -> None:
    assert str(database.read("RETURN gds.version() AS v")[0]["v"]).startswith("2.")


def test_schema_is_idempotent(database: Database) -> None:
    database.apply_schema()
    names = {r["name"] for r in database.read("SHOW CONSTRAINTS YIELD name RETURN name")}
    assert {"person_id", "account_key", "topic_name", "scoring_run_id"} <= names
    before = database.read("SHOW INDEXES YIELD name RETURN count(*) AS n")[0]["n"]
    database.apply_schema()
    assert database.read("SHOW INDEXES YIELD name RETURN count(*) AS n")[0]["n"] == before


def _count(database: Database, query: str) -> int:
    return int(database.read(query)[0]["n"])


def test_each_test_starts_empty(database: Database) -> None:
    """What the ``database`` fixture does before every test (``wipe``) leaves no node,
    relationship or projection behind, whatever the test before it left."""
    database.write(
        "CREATE (:Person {person_id: 'left-behind'})-[:OWNS]->(:Account {network: 'x', "
        "handle: 'left'})"
    )
    client = gds.client(database)
    query = "MATCH (a:Account) RETURN gds.graph.project('left-behind', a, null) AS g"
    client.run_cypher(query)
    assert _count(database, "MATCH (n) RETURN count(n) AS n") == 2
    wipe(database)
    assert _count(database, "MATCH (n) RETURN count(n) AS n") == 0
    assert _count(database, "MATCH ()-[r]->() RETURN count(r) AS n") == 0
    assert _count(database, "CALL gds.graph.list() YIELD graphName RETURN count(*) AS n") == 0


# Weighted, every node sends (no dangling node, where networkx and GDS differ by definition).
EDGES = [
    (0, 1, 1.0),
    (1, 2, 2.0),
    (2, 0, 0.5),
    (3, 0, 1.5),
    (3, 2, 1.0),
    (4, 3, 3.0),
    (2, 4, 1.0),
    (1, 3, 0.25),
]


@pytest.mark.parametrize("algorithm", ["pagerank", "articlerank"])
def test_rank_on_the_scoring_projection_matches_the_oracles(
    database: Database, algorithm: str
) -> None:
    """What a scoring run calls: ``influence.project`` then ``gds.rank`` with the run's
    algorithm configuration (iterated to convergence here) equals the numpy reference and, for
    PageRank, networkx."""
    cfg = dataclasses.replace(config.load().scoring, max_iterations=1000, tolerance=1e-12)
    source = np.array([e[0] for e in EDGES], dtype=np.int64)
    target = np.array([e[1] for e in EDGES], dtype=np.int64)
    weight = np.array([e[2] for e in EDGES], dtype=np.float64)
    client = gds.client(database)
    with project(client, "t-rank", source, target, weight) as facts:
        assert (facts["nodes"], facts["relationships"]) == (5, len(EDGES))
        node, got = gds.rank(client, "t-rank", algorithm, algorithm_config(cfg))
        assert "t-rank" in set(client.run_cypher("CALL gds.graph.list()")["graphName"])
    ours = dict(zip(node.tolist(), got.tolist(), strict=True))
    assert sorted(ours) == [0, 1, 2, 3, 4]
    expected = reference.rank(
        source,
        target,
        weight,
        5,
        algorithm=algorithm,
        damping=cfg.damping,
        max_iterations=1000,
        tolerance=1e-12,
    )
    for n in range(5):
        assert ours[n] == pytest.approx(expected[n], rel=1e-6)
    if algorithm == "pagerank":
        graph = nx.DiGraph()
        graph.add_weighted_edges_from(EDGES)
        oracle = nx.pagerank(graph, alpha=cfg.damping, tol=1e-14, max_iter=1000)
        # No dangling node: GDS's unnormalised scores sum to N, networkx's to 1.
        for n, value in oracle.items():
            assert ours[n] / len(oracle) == pytest.approx(value, rel=1e-6)
    listed = set(client.run_cypher("CALL gds.graph.list()")["graphName"])
    assert "t-rank" not in listed, "the projection must be dropped on exit"
