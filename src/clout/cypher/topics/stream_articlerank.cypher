// Weighted articleRank of the topic projection (all topics at once: its components are the topics,
// and GDS's teleport is per node, so each topic ranks as if alone), streaming only the
// (account, topic) nodes above the baseline, i.e. that received something on their topic.
// Parameters: $graph_name, $config (GDS keys), $above (the baseline), $stride.
// Returns: topic (index), person, network, score.
CALL gds.articleRank.stream($graph_name, $config) YIELD nodeId, score
WITH nodeId, score WHERE score > $above
WITH nodeId / $stride AS account, nodeId % $stride AS topic, score
MATCH (a:Account) WHERE id(a) = account
MATCH (p:Person)-[:OWNS]->(a)
RETURN topic, p.person_id AS person, a.network AS network, score
