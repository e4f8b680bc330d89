// Make a batch of people's topic scores live: one EXPERT_IN per person and topic, updated in
// place (no delete-and-create churn from one run to the next); drop_stale.cypher then removes
// the live scores this run did not give. (Their history is on the run's SCORED relationships,
// scoring/history.cypher.) The Topic nodes exist (topics.cypher).
// Parameters: $run_id, $names (the run's topics),
//   $rows: [{person, topics: [index into $names], topic_scores: [int], topic_raws: [float]}].
CALL () {
  UNWIND range(0, size($names) - 1) AS i
  MATCH (t:Topic {name: $names[i]})
  WITH i, t ORDER BY i
  RETURN collect(t) AS topics
}
UNWIND $rows AS row
MATCH (p:Person {person_id: row.person})
WITH p, row, topics
UNWIND range(0, size(row.topics) - 1) AS k
WITH p, topics[row.topics[k]] AS t, row.topic_scores[k] AS score, row.topic_raws[k] AS raw
MERGE (p)-[e:EXPERT_IN]->(t)
SET e.score = score, e.score_raw = raw, e.run = $run_id
