// Make a batch of topic scores live: one EXPERT_IN per person and topic, updated in place (no
// delete-and-create churn from one run to the next); drop_stale.cypher then removes the live
// scores this run did not give. (Their history is on the run's SCORED relationships,
// scoring/history.cypher.) The Topic nodes exist (topics.cypher).
// Parameters: $run_id, $names (the run's topics), and parallel lists, one entry per person and
//   topic: $person (person_id), $topic (index into $names), $score (int), $score_raw (float).
CALL () {
  UNWIND range(0, size($names) - 1) AS i
  MATCH (t:Topic {name: $names[i]})
  WITH i, t ORDER BY i
  RETURN collect(t) AS topics
}
UNWIND range(0, size($person) - 1) AS i
MATCH (p:Person {person_id: $person[i]})
WITH p, topics[$topic[i]] AS t, i
MERGE (p)-[e:EXPERT_IN]->(t)
SET e.score = $score[i], e.score_raw = $score_raw[i], e.run = $run_id
