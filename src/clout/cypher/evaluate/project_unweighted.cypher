// Project the baseline graph for unweighted PageRank: one relationship per (actor, target)
// account pair with at least one counted interaction in $start < at <= $cutoff, no weights, no
// decay, no gaming measures. Self-interactions and same-owner pairs are left out.
// Parameters: $graph_name, $kinds, $start, $cutoff (DATETIME).
// Returns one row: graph_name, nodes, relationships.
MATCH (pa:Person)-[:OWNS]->(a:Account)-[r]->(b:Account)<-[:OWNS]-(pb:Person)
WHERE type(r) IN $kinds AND r.at > $start AND r.at <= $cutoff
  AND pa <> pb AND NOT coalesce(r.self, false)
WITH DISTINCT a, b
WITH gds.graph.project($graph_name, a, b) AS g
RETURN g.graphName AS graph_name, g.nodeCount AS nodes, g.relationshipCount AS relationships
