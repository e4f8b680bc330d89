// Record a batch of topic scores in a run (one SCORED_TOPIC relationship per person and topic).
// Parameters: $run_id, $rows: [{person, topic, score, score_raw}].
MATCH (r:ScoringRun {run_id: $run_id})
UNWIND $rows AS row
MATCH (p:Person {person_id: row.person})
CREATE (p)-[:SCORED_TOPIC {topic: row.topic, score: row.score, score_raw: row.score_raw}]->(r)
