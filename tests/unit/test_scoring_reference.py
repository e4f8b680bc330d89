"""The numpy reference PageRank/ArticleRank: networkx agrees, and GDS's delta semantics hold."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from clout.scoring import reference

EDGES = [(0, 1, 1.0), (1, 2, 2.0), (2, 0, 1.0), (2, 3, 0.5), (3, 0, 3.0), (3, 1, 1.0), (4, 3, 1.0)]


def _arrays(edges: list[tuple[int, int, float]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    s, t, w = zip(*edges, strict=True)
    return np.array(s), np.array(t), np.array(w, dtype=float)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_converged_pagerank_matches_networkx_times_node_count(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 40
    edges = {(int(a), int(b)) for a, b in rng.integers(0, n, size=(200, 2)) if a != b}
    edges |= {(i, (i + 1) % n) for i in range(n)}  # no dangling node: networkx agrees exactly
    weighted = [(a, b, float(rng.uniform(0.1, 3.0))) for a, b in sorted(edges)]
    ours = reference.rank(*_arrays(weighted), n, max_iterations=500, tolerance=1e-15)
    graph = nx.DiGraph()
    graph.add_weighted_edges_from(weighted)
    theirs = nx.pagerank(graph, alpha=0.85, tol=1e-15, max_iter=1000, weight="weight")
    expected = np.array([theirs[i] for i in range(n)]) * n
    np.testing.assert_allclose(ours, expected, rtol=1e-9)


def test_dangling_nodes_send_nothing_and_isolated_sources_keep_the_baseline() -> None:
    # 0 -> 1 -> 2 (dangling): ranks are exact after three supersteps.
    ranks = reference.rank(np.array([0, 1]), np.array([1, 2]), np.array([1.0, 1.0]), 3)
    np.testing.assert_allclose(ranks, [0.15, 0.15 + 0.85 * 0.15, 0.15 + 0.85 * (0.15 + 0.1275)])


def test_weights_split_by_weighted_out_degree() -> None:
    ranks = reference.rank(np.array([0, 0]), np.array([1, 2]), np.array([3.0, 1.0]), 3)
    np.testing.assert_allclose(ranks, [0.15, 0.15 + 0.85 * 0.15 * 0.75, 0.15 + 0.85 * 0.15 * 0.25])


def test_articlerank_divides_by_degree_plus_average_degree() -> None:
    # two relationships over three nodes: average degree 2/3 (relationship count, unweighted)
    ranks = reference.rank(
        np.array([0, 0]), np.array([1, 2]), np.array([3.0, 1.0]), 3, algorithm="articlerank"
    )
    share = 0.85 * 0.15 / (4.0 + 2.0 / 3.0)
    np.testing.assert_allclose(ranks, [0.15, 0.15 + 3.0 * share, 0.15 + 1.0 * share])


def test_tolerance_stops_small_deltas_like_gds() -> None:
    s, t, w = _arrays(EDGES)
    loose = reference.rank(s, t, w, 5, tolerance=1e-2, max_iterations=100)
    tight = reference.rank(s, t, w, 5, tolerance=1e-12, max_iterations=100)
    assert not np.allclose(loose, tight, rtol=1e-6)
    assert np.all(loose <= tight + 1e-12), "stopping early only leaves mass out"


def test_unknown_algorithm_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown algorithm"):
        reference.rank(np.array([0]), np.array([1]), np.array([1.0]), 2, algorithm="hits")
