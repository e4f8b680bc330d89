// Record a batch of people's topic scores in run $run_id and make them live. History: one
// SCORED_TOPICS relationship per person and run, holding parallel lists (topics[i] scored
// scores[i], raw influence score_raws[i]). Live: one EXPERT_IN per person and topic, updated in
// place (no delete-and-create churn from one run to the next); drop_stale.cypher then removes
// the live scores this run did not give. The Topic nodes exist (topics.cypher).
// Parameters: $run_id, $names (the run's scored topics),
//   $rows: [{person, topics: [index into $names], scores: [int], raws: [float]}].
MATCH (r:ScoringRun {run_id: $run_id})
CALL () {
  UNWIND range(0, size($names) - 1) AS i
  MATCH (t:Topic {name: $names[i]})
  WITH i, t ORDER BY i
  RETURN collect(t) AS topics
}
UNWIND $rows AS row
MATCH (p:Person {person_id: row.person})
CREATE (p)-[:SCORED_TOPICS {
  topics: [i IN row.topics | $names[i]], scores: row.scores, score_raws: row.raws
}]->(r)
WITH p, row, topics
UNWIND range(0, size(row.topics) - 1) AS k
WITH p, topics[row.topics[k]] AS t, row.scores[k] AS score, row.raws[k] AS raw
MERGE (p)-[e:EXPERT_IN]->(t)
SET e.score = score, e.score_raw = raw, e.run = $run_id
