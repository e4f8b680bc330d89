// Record a batch of people's scores in a run (one SCORED relationship per person). The run is
// new and each person is in one batch only, so CREATE (not MERGE).
// Parameters: $run_id, $rows: [{person, props: {score, score_raw, score_percentile, score_<net>}}].
MATCH (r:ScoringRun {run_id: $run_id})
UNWIND $rows AS row
MATCH (p:Person {person_id: row.person})
CREATE (p)-[s:SCORED]->(r)
SET s = row.props
