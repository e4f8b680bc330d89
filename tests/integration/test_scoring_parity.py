"""GDS and the numpy reference agree on real data; the projected weights match the Python spec."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tests.integration.conftest import wipe
from tests.support import realdata

from clout import config, gds
from clout.db import Database
from clout.scoring import reference, runs, weights
from clout.scoring.influence import algorithm_config, project, window_edges
from clout.scoring.window import epoch_seconds

pytestmark = pytest.mark.data


@pytest.fixture(scope="module")
def college(database_session: Database, shared_data: Path) -> Database:
    """CollegeMsg, loaded once for the module (the tests only read it)."""
    wipe(database_session)
    realdata.collegemsg(database_session, shared_data)
    return database_session


def _project_and_compare(db: Database, algorithm: str) -> None:
    configured = config.load()
    cfg = configured.scoring
    request = runs.ScoreRequest(window_days=200, algorithm=algorithm)
    window = runs.resolve_window(db, configured, request)
    client = gds.client(db)
    graph = window_edges(db, cfg, window)
    with project(client, "parity", graph.source, graph.target, graph.weight):
        node, got = gds.rank(client, "parity", algorithm, algorithm_config(cfg))
    expected = reference.oracle(graph.source, graph.target, graph.weight, cfg, algorithm)
    ours = expected.at(node)
    relative = np.abs(got - ours) / ours
    assert len(node) == len(expected.nodes) > 1000
    assert len(graph.source) > 5000
    assert relative.max() <= 1e-6


@pytest.mark.parametrize("algorithm", ["pagerank", "articlerank"])
def test_gds_matches_the_reference_on_collegemsg(college: Database, algorithm: str) -> None:
    _project_and_compare(college, algorithm)


def test_scoring_edges_match_the_python_specification(college: Database) -> None:
    """What a run projects (read in chunks, vectorised) equals the readable spec applied to
    every interaction of the window read back row by row."""
    configured = config.load()
    cfg = configured.scoring
    window = runs.resolve_window(college, configured, runs.ScoreRequest(window_days=200))
    rows = college.read(
        "MATCH (a:Account)-[r]->(b:Account) WHERE r.at > $start AND r.at <= $as_of "
        "RETURN elementId(a) AS a, elementId(b) AS b, type(r) AS kind, "
        "r.at AS at, coalesce(r.count, 1) AS count",
        start=epoch_seconds(window.start),
        as_of=epoch_seconds(window.as_of),
    )
    keys = sorted({r["a"] for r in rows} | {r["b"] for r in rows})
    number = {k: i for i, k in enumerate(keys)}
    age = (int(window.as_of.timestamp()) - np.array([r["at"] for r in rows])) / 86400.0
    kind = np.array([cfg.kind_weights[r["kind"]] for r in rows])
    count = np.array([r["count"] for r in rows])
    w = weights.event_weight(kind, count, age, cfg.half_life_days, cfg.lasting_share)
    actor = np.array([number[r["a"]] for r in rows])
    target = np.array([number[r["b"]] for r in rows])
    exponent = cfg.gaming.pair_exponent
    capacity = weights.pair_weights(actor, target, kind * count, exponent)
    spec = weights.scoring_edges(
        weights.pair_weights(actor, target, w, exponent), len(keys), cfg.gaming, capacity
    )
    expected = {
        (keys[s], keys[t] if t < len(keys) else None): wt
        for s, t, wt in zip(
            spec.source.tolist(), spec.target.tolist(), spec.weight.tolist(), strict=True
        )
    }
    graph = window_edges(college, cfg, window)
    element = {
        r["id"]: r["key"]
        for r in college.read(
            "UNWIND $ids AS i MATCH (a) WHERE id(a) = i RETURN i AS id, elementId(a) AS key",
            ids=sorted(set(graph.source.tolist()) | set(graph.target.tolist()) - {graph.sink}),
        )
    }
    got = {
        (element[s], element.get(t)): wt
        for s, t, wt in zip(
            graph.source.tolist(), graph.target.tolist(), graph.weight.tolist(), strict=True
        )
    }
    assert graph.interactions == len(rows)
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert got[key] == pytest.approx(value, rel=1e-9), key
