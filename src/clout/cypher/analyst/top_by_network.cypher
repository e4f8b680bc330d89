// Purpose: the most influential people on one network. Best first, ranked by their live
// sub-score `score_<network>` (ties: overall raw score), with the same columns as
// top_influencers plus `network_score`.
// Parameters (paste into Neo4j Browser without the leading //):
// :param network => "twitter"
// :param limit => 20
// :param min_score => 1
MATCH (p:Person)
WHERE p['score_' + $network] >= $min_score
WITH p, p['score_' + $network] AS network_score
ORDER BY network_score DESC, p.score_raw DESC, p.person_id
LIMIT $limit
RETURN p.person_id AS person_id, p.name AS name, p.score AS score, p.score_raw AS score_raw,
       p.score_percentile AS score_percentile, network_score,
       COLLECT {
         MATCH (p)-[:OWNS]->(a:Account)
         WITH DISTINCT a.network AS network ORDER BY network
         RETURN {network: network, score: p['score_' + network]}
       } AS networks,
       COLLECT {
         MATCH (p)-[:OWNS]->(a:Account)
         WITH a.network + ':' + a.handle AS handle ORDER BY handle
         RETURN handle
       } AS handles,
       COLLECT {
         MATCH (p)-[e:EXPERT_IN]->(t:Topic)
         WITH t.name AS topic ORDER BY e.score DESC, e.score_raw DESC, topic LIMIT 3
         RETURN topic
       } AS top_topics
