// Weighted PageRank of a projection, as parallel lists (one row) of the nodes above $above.
// Parameters: $graph_name, $config (GDS keys: dampingFactor, maxIterations, tolerance,
// relationshipWeightProperty), $above (e.g. 0.0 for every node).
// Returns: node (ids as projected), score.
CALL gds.pageRank.stream($graph_name, $config) YIELD nodeId, score
WITH nodeId, score WHERE score > $above
RETURN collect(nodeId) AS node, collect(score) AS score
