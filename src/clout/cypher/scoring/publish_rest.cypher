// Everyone not scored above 1 in run $run_id scores 1 in it (score_raw 0, every network 1).
// Parameters: $run_id.
MATCH (p:Person)
WHERE p.score_run IS NULL OR p.score_run <> $run_id
CALL (p) {
  OPTIONAL MATCH (p)-[:OWNS]->(a:Account)
  WITH p, collect(DISTINCT 'score_' + a.network) AS nets
  SET p.score = 1, p.score_raw = 0.0, p.score_percentile = 0.0, p.score_run = $run_id
  FOREACH (k IN nets | SET p[k] = 1)
} IN TRANSACTIONS OF 10000 ROWS
