// Stream weighted ArticleRank of a projection, per account with its owner, network and handle.
// Parameters: $graph_name, $config (damping / iterations / tolerance / weight property).
CALL gds.articleRank.stream($graph_name, $config) YIELD nodeId, score
WITH gds.util.asNode(nodeId) AS a, score
MATCH (p:Person)-[:OWNS]->(a:Account)
RETURN p.person_id AS person, a.network AS network, a.handle AS handle, score
