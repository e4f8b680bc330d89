"""The one module that talks to Graph Data Science (through the ``graphdatascience`` client).

Projections are context managers: they are dropped on exit, also when the work inside fails or
is interrupted.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import numpy.typing as npt
from graphdatascience import GraphDataScience

from clout import cypher
from clout.db import Database

log = logging.getLogger(__name__)


def client(db: Database) -> GraphDataScience:
    """A GDS client over ``db``'s driver (no Arrow: the open-source GDS has no Arrow server)."""
    return GraphDataScience(db.driver, database=db.name, arrow=False, show_progress=False)


@contextmanager
def scoring_projection(
    gds: GraphDataScience, graph_name: str, query: str, params: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    """Run a projection query that returns one row of facts about it; drop it on exit."""
    drop_graph(gds, graph_name)
    try:
        frame = gds.run_cypher(query, {**params, "graph_name": graph_name})
        yield {str(k): v for k, v in frame.iloc[0].to_dict().items()} if len(frame) else {}
    finally:
        drop_graph(gds, graph_name)


def drop_graph(gds: GraphDataScience, name: str) -> None:
    """Drop the named projection if it exists (idempotent)."""
    gds.run_cypher(
        "CALL gds.graph.drop($name, false) YIELD graphName RETURN graphName", {"name": name}
    )


def drop_all_graphs(gds: GraphDataScience) -> int:
    """Drop every projection in the catalogue; returns how many were dropped."""
    names = gds.run_cypher("CALL gds.graph.list() YIELD graphName RETURN graphName")
    for name in names["graphName"]:
        drop_graph(gds, str(name))
    return len(names)


def rank(
    gds: GraphDataScience,
    graph_name: str,
    algorithm: str,
    config: dict[str, Any],
    above: float = 0.0,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Node ids (as projected) and ranks of the nodes of a projection ranking above ``above``.

    ``config`` holds GDS's own keys (``dampingFactor``, ``maxIterations``, ``tolerance``,
    ``relationshipWeightProperty``).
    """
    query = cypher.load(f"scoring/stream_{algorithm}")
    frame = gds.run_cypher(query, {"graph_name": graph_name, "config": config, "above": above})
    row = frame.iloc[0]
    return np.asarray(row["node"], dtype=np.int64), np.asarray(row["score"], dtype=np.float64)
