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


@pytest.mark.parametrize("algorithm", ["pagerank", "articlerank"])
def test_the_oracle_ranks_edges_between_any_ids_and_says_who_passed_what(algorithm: str) -> None:
    from clout.config import load

    cfg = load().scoring
    s, t, w = _arrays(EDGES)
    ids = np.array([10, 20, 30, 400, 5000])  # sparse node ids, as a projection's
    ranked = reference.oracle(ids[s], ids[t], w, cfg, algorithm)
    dense = reference.rank(
        s,
        t,
        w,
        5,
        algorithm=algorithm,
        damping=cfg.damping,
        max_iterations=cfg.max_iterations,
        tolerance=cfg.tolerance,
    )
    assert ranked.nodes.tolist() == ids.tolist()
    np.testing.assert_allclose(ranked.at(ids[[4, 0]]), dense[[4, 0]])
    owner = ["a", "a", "b", "c", "c"]  # node 0 and 1 belong to a, 3 and 4 to c
    into = ranked.received_from(owner, "a")
    assert set(into) == {"b", "c"}  # a's own edge 0 -> 1 passes nothing to a
    received = sum(dense[[0, 1]]) - 2 * (1 - cfg.damping)
    assert sum(into.values()) + into_self(ranked, owner) == pytest.approx(
        received, rel=1e-3
    )  # 20 supersteps


def into_self(ranked: reference.Ranked, owner: list[str]) -> float:
    """What a's own edge 0 -> 1 passes (the oracle leaves it out)."""
    flows = reference.contributions(
        ranked.source,
        ranked.weight,
        ranked.ranks,
        algorithm=ranked.algorithm,
        damping=ranked.damping,
        average_degree=len(ranked.source) / len(ranked.nodes),
    )
    return float(flows[0])


def test_the_oracle_of_no_edges_is_empty() -> None:
    from clout.config import load

    empty = np.zeros(0, dtype=np.int64)
    ranked = reference.oracle(empty, empty, np.zeros(0), load().scoring)
    assert len(ranked.nodes) == len(ranked.ranks) == 0
