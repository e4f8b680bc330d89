"""GDS and the numpy reference agree on real data; Cypher's weights match the Python spec."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tests.integration.conftest import wipe
from tests.support import realdata

from clout import cypher, gds
from clout.db import Database
from clout.scoring import config, reference, runs, weights
from clout.scoring.influence import algorithm_config
from clout.scoring.window import projection_params

pytestmark = pytest.mark.data


@pytest.fixture(scope="module")
def college(database_session: Database, shared_data: Path) -> Database:
    """CollegeMsg, loaded once for the module (the tests only read it)."""
    wipe(database_session)
    realdata.collegemsg(database_session, shared_data)
    return database_session


def _project_and_compare(db: Database, algorithm: str) -> None:
    cfg = config.load()
    window = runs.resolve_window(db, cfg, runs.ScoreRequest(window_days=200, algorithm=algorithm))
    client = gds.client(db)
    db.write("@scoring/sink", sink="sink")
    params = projection_params(cfg, window)
    with gds.scoring_projection(client, "parity", cypher.load("scoring/project"), params):
        graph = gds.graph(client, "parity")
        rank = gds.pagerank if algorithm == "pagerank" else gds.article_rank
        options = algorithm_config(cfg)
        got = rank(client, graph, weight="weight", damping=cfg.damping,
                   max_iterations=options["maxIterations"], tolerance=cfg.tolerance)  # fmt: skip
        edges = gds.relationship_weights(client, "parity")
    ids, index = np.unique(
        np.concatenate([got["nodeId"], edges["sourceNodeId"], edges["targetNodeId"]]),
        return_inverse=True,
    )
    n_nodes = len(got)
    assert len(ids) == n_nodes
    source = index[n_nodes : n_nodes + len(edges)]
    target = index[n_nodes + len(edges) :]
    expected = reference.rank(
        source, target, edges["propertyValue"].to_numpy(dtype=float), len(ids),
        algorithm=algorithm, damping=cfg.damping, max_iterations=cfg.max_iterations,
        tolerance=cfg.tolerance,
    )  # fmt: skip
    ours = expected[index[:n_nodes]]
    relative = np.abs(got["score"].to_numpy() - ours) / ours
    assert n_nodes > 1000
    assert len(edges) > 5000
    assert relative.max() <= 1e-6


@pytest.mark.parametrize("algorithm", ["pagerank", "articlerank"])
def test_gds_matches_the_reference_on_collegemsg(college: Database, algorithm: str) -> None:
    _project_and_compare(college, algorithm)


def test_cypher_projection_weights_match_the_python_specification(college: Database) -> None:
    cfg = config.load()
    window = runs.resolve_window(college, cfg, runs.ScoreRequest(window_days=200))
    rows = college.read(
        "MATCH (a:Account)-[r]->(b:Account) WHERE r.at > $start AND r.at <= $as_of "
        "RETURN a.handle AS a, b.handle AS b, type(r) AS kind, r.at.epochSeconds AS at, "
        "r.count AS count",
        start=window.start,
        as_of=window.as_of,
    )
    handles = sorted({r["a"] for r in rows} | {r["b"] for r in rows})
    number = {h: i for i, h in enumerate(handles)}
    age = (int(window.as_of.timestamp()) - np.array([r["at"] for r in rows])) / 86400.0
    kind = np.array([cfg.kind_weights[r["kind"]] for r in rows])
    w = weights.event_weight(kind, np.array([r["count"] for r in rows]), age, cfg.half_life_days)
    pairs = weights.pair_weights(
        np.array([number[r["a"]] for r in rows]), np.array([number[r["b"]] for r in rows]), w
    )
    spec = weights.scoring_edges(pairs, len(handles), cfg.gaming)
    expected = {
        (handles[s], handles[t] if t < len(handles) else None): wt
        for s, t, wt in zip(
            spec.source.tolist(), spec.target.tolist(), spec.weight.tolist(), strict=True
        )
    }
    client = gds.client(college)
    college.write("@scoring/sink", sink="sink")
    params = projection_params(cfg, window)
    with gds.scoring_projection(client, "spec", cypher.load("scoring/project"), params) as facts:
        edges = gds.relationship_weights(client, "spec")
    keys = gds.node_accounts(
        client, sorted(set(edges["sourceNodeId"]) | set(edges["targetNodeId"]))
    )
    handle = {
        node: h if isinstance(h, str) else None
        for node, h in zip(keys["nodeId"], keys["handle"], strict=True)
    }
    got = {
        (handle[s], handle[t]): wt
        for s, t, wt in zip(
            edges["sourceNodeId"], edges["targetNodeId"], edges["propertyValue"], strict=True
        )
    }
    assert facts["interactions"] == len(rows)
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert got[key] == pytest.approx(value, rel=1e-9), key
