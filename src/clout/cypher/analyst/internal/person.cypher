// Purpose: one person's live scores (latest successful run), accounts and top topic scores
// (the ten best topic scores; a topic score is calibrated on its topic's own population, so
// scores compare across topics and raw values do not).
// Parameters (paste into Neo4j Browser without the leading //):
// :param person_id => "alice"
MATCH (p:Person {person_id: $person_id})
RETURN p.person_id AS person_id, p.name AS name, p.score AS score, p.score_raw AS score_raw,
       p.score_percentile AS score_percentile, p.score_run AS score_run,
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
         WITH t.name AS topic, e ORDER BY e.score DESC, e.score_raw DESC, topic LIMIT 10
         RETURN {topic: topic, score: e.score}
       } AS topics
