// Purpose: the most influential people on one topic. Best first, ranked by their topic score
// (EXPERT_IN of the latest run), with the same columns as top_influencers plus `topic_score`
// and `topic_score_raw`. The topic's name matches case-insensitively (its exact spelling first).
// Parameters (paste into Neo4j Browser without the leading //):
// :param topic => "python"
// :param limit => 20
// :param min_score => 1
CALL () {
  MATCH (t:Topic)
  WHERE toLower(t.name) = toLower($topic)
  RETURN t ORDER BY t.name = $topic DESC, t.name LIMIT 1
}
MATCH (t)<-[e:EXPERT_IN]-(p:Person)
WHERE e.score >= $min_score
WITH p, e
ORDER BY e.score_raw DESC, p.person_id
LIMIT $limit
RETURN p.person_id AS person_id, p.name AS name, p.score AS score, p.score_raw AS score_raw,
       p.score_percentile AS score_percentile, e.score AS topic_score,
       e.score_raw AS topic_score_raw,
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
         MATCH (p)-[e2:EXPERT_IN]->(t:Topic)
         WITH t.name AS topic ORDER BY e2.score DESC, e2.score_raw DESC, topic LIMIT 3
         RETURN topic
       } AS top_topics
