// Record a batch of people's scores in a run (one SCORED relationship per person).
// Parameters: $run_id, $rows: [{person, props: {score, score_raw, score_percentile, score_<net>}}].
MATCH (r:ScoringRun {run_id: $run_id})
UNWIND $rows AS row
MATCH (p:Person {person_id: row.person})
MERGE (p)-[s:SCORED]->(r)
SET s = row.props
