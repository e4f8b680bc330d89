"""The foundation against the real server: connection, schema, GDS PageRank."""

from __future__ import annotations

import networkx as nx
import pytest

from clout import gds as gdsmod
from clout.db import Database


def test_gds_answers(database: Database) -> None:
    assert gdsmod.version(database).startswith("2.")


def test_schema_is_idempotent(database: Database) -> None:
    database.apply_schema()
    names = {r["name"] for r in database.read("SHOW CONSTRAINTS YIELD name RETURN name")}
    assert {"person_id", "account_key", "topic_name", "scoring_run_id"} <= names
    before = database.read("SHOW INDEXES YIELD name RETURN count(*) AS n")[0]["n"]
    database.apply_schema()
    assert database.read("SHOW INDEXES YIELD name RETURN count(*) AS n")[0]["n"] == before


def test_each_test_starts_empty(database: Database) -> None:
    assert database.read("MATCH (n) RETURN count(n) AS n")[0]["n"] == 0
    database.write("CREATE (:Person {person_id: 'left-behind'})")


def test_each_test_starts_empty_again(database: Database) -> None:
    assert database.read("MATCH (n) RETURN count(n) AS n")[0]["n"] == 0


def test_pagerank_on_a_small_graph_matches_networkx(database: Database) -> None:
    edges = [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a"), ("d", "c"), ("e", "d")]
    database.write(
        "UNWIND $edges AS e MERGE (s:Account {network: 'x', handle: e[0]}) "
        "MERGE (t:Account {network: 'x', handle: e[1]}) CREATE (s)-[:LIKED]->(t)",
        edges=[list(e) for e in edges],
    )
    gds = gdsmod.client(database)
    query = "MATCH (s:Account)-[:LIKED]->(t:Account) RETURN gds.graph.project($graph_name, s, t)"
    with gdsmod.cypher_projection(gds, "t-pr", query) as graph:
        frame = gdsmod.pagerank(gds, graph, max_iterations=200, tolerance=1e-12)
        rows = database.read(
            "UNWIND $ids AS id RETURN gds.util.asNode(id).handle AS handle",
            ids=frame["nodeId"].tolist(),
        )
    ours = dict(zip([r["handle"] for r in rows], frame["score"], strict=True))
    expected = nx.pagerank(nx.DiGraph(edges), alpha=0.85, tol=1e-14, max_iter=1000)
    # No dangling nodes here, so GDS's unnormalised scores sum to N and match networkx times N.
    for handle, value in expected.items():
        assert ours[handle] / len(expected) == pytest.approx(value, rel=1e-6)
    listed = database.read("CALL gds.graph.list() YIELD graphName RETURN collect(graphName) AS g")
    assert "t-pr" not in listed[0]["g"], "the projection must be dropped on exit"
