// Make a past run's recorded scores live again (used to restore after a failed run): score and
// every score_* property of SCORED (score_raw, score_percentile, score_<network>), not its rank
// and topic lists.
// Parameters: $run_id.
MATCH (p:Person)-[s:SCORED]->(:ScoringRun {run_id: $run_id})
CALL (p, s) {
  SET p.score = s.score, p.score_run = $run_id
  FOREACH (k IN [k IN keys(s) WHERE k STARTS WITH 'score_'] | SET p[k] = s[k])
  WITH p, s
  OPTIONAL MATCH (p)-[:OWNS]->(a:Account)
  WITH p, s, collect(DISTINCT 'score_' + a.network) AS nets
  FOREACH (k IN [k IN nets WHERE NOT k IN keys(s)] | SET p[k] = 1)
} IN TRANSACTIONS OF 5000 ROWS
