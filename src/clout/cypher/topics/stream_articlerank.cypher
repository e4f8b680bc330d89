// Weighted ArticleRank of one topic (relationship type) of the topic projection, streaming
// only the accounts above the baseline (those that received something on the topic).
// Parameters: $graph_name, $config (GDS keys incl. relationshipTypes), $above (the baseline).
CALL gds.articleRank.stream($graph_name, $config) YIELD nodeId, score
WITH nodeId, score WHERE score > $above
WITH gds.util.asNode(nodeId) AS a, score
MATCH (p:Person)-[:OWNS]->(a:Account)
RETURN p.person_id AS person, a.network AS network, score
