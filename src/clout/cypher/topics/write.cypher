// Record a batch of topic scores in a run (SCORED_TOPIC) and make them live (EXPERT_IN): a
// person's live score on a topic is updated in place (no delete-and-create churn from one run to
// the next); drop_stale.cypher then removes the live scores this run did not give.
// The Topic nodes exist (topics.cypher).
// Parameters: $run_id, $rows: [{person, topic, score, score_raw}].
MATCH (r:ScoringRun {run_id: $run_id})
UNWIND $rows AS row
MATCH (p:Person {person_id: row.person})
MATCH (t:Topic {name: row.topic})
CREATE (p)-[:SCORED_TOPIC {topic: row.topic, score: row.score, score_raw: row.score_raw}]->(r)
MERGE (p)-[e:EXPERT_IN]->(t)
SET e.score = row.score, e.score_raw = row.score_raw, e.run = $run_id
