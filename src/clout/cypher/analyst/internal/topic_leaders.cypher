// Purpose: the topics with the most people holding a topic score (`limit` of them), each with
// that number and its leaders (the highest topic influence of the latest run).
// Parameters (paste into Neo4j Browser without the leading //):
// :param limit => 20
// :param leaders => 3
MATCH (t:Topic)
CALL (t) {
  MATCH (t)<-[e:EXPERT_IN]-(:Person)
  RETURN count(e) AS people
}
WITH t, people
WHERE people > 0
ORDER BY people DESC, t.name
LIMIT $limit
CALL (t) {
  MATCH (t)<-[e:EXPERT_IN]-(p:Person)
  WITH p, e ORDER BY e.score_raw DESC, p.person_id LIMIT $leaders
  RETURN collect({person_id: p.person_id, name: p.name, score: e.score}) AS leaders
}
RETURN t.name AS topic, people, leaders
ORDER BY people DESC, topic
