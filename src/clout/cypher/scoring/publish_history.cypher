// Make a past run's recorded scores live again (used to restore after a failed run).
// Parameters: $run_id.
MATCH (p:Person)-[s:SCORED]->(:ScoringRun {run_id: $run_id})
CALL (p, s) {
  SET p += properties(s), p.score_run = $run_id
  WITH p, s
  OPTIONAL MATCH (p)-[:OWNS]->(a:Account)
  WITH p, s, collect(DISTINCT 'score_' + a.network) AS nets
  FOREACH (k IN [k IN nets WHERE NOT k IN keys(s)] | SET p[k] = 1)
} IN TRANSACTIONS OF 5000 ROWS
