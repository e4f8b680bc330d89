// Record a batch of topic scores in a run (SCORED_TOPIC) and make them live (EXPERT_IN); the
// Topic nodes exist (topics.cypher) and the previous live ones are gone (clear_live.cypher).
// Parameters: $run_id, $rows: [{person, topic, score, score_raw}].
MATCH (r:ScoringRun {run_id: $run_id})
UNWIND $rows AS row
MATCH (p:Person {person_id: row.person})
MATCH (t:Topic {name: row.topic})
CREATE (p)-[:SCORED_TOPIC {topic: row.topic, score: row.score, score_raw: row.score_raw}]->(r)
CREATE (p)-[:EXPERT_IN {score: row.score, score_raw: row.score_raw, run: $run_id}]->(t)
