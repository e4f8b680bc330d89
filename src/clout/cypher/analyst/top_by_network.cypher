// Purpose: the most influential people on one network. Best first, ranked by their live
// sub-score `score_<network>` (ties: overall raw score), with the same columns as
// top_influencers plus `network_score` and `network_percentile`: the share (0-100) of the
// people with a score on that network whose score there is at most theirs. The network's name
// matches case-insensitively (networks are lower-case).
// Parameters (paste into Neo4j Browser without the leading //):
// :param network => "twitter"
// :param limit => 20
// :param min_score => 1
WITH 'score_' + toLower($network) AS key
CALL (key) {
  MATCH (q:Person)
  WHERE q[key] IS NOT NULL
  WITH q[key] AS value, count(*) AS people
  ORDER BY value
  WITH collect(value) AS values, collect(people) AS counts, sum(people) AS total
  RETURN values, total,
         [i IN range(0, size(counts) - 1) | reduce(n = 0, c IN counts[..i + 1] | n + c)] AS below
}
MATCH (p:Person)
WHERE p[key] >= $min_score
WITH p, p[key] AS network_score, values, below, total
ORDER BY network_score DESC, p.score_raw DESC, p.person_id
LIMIT $limit
RETURN p.person_id AS person_id, p.name AS name, p.score AS score, p.score_raw AS score_raw,
       p.score_percentile AS score_percentile, network_score,
       100.0 * [i IN range(0, size(values) - 1) WHERE values[i] = network_score | below[i]][0]
         / total AS network_percentile,
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
