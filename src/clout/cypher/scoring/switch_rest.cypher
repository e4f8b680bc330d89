// Part of a run's switch: everyone the run did not score scores 1 in it (score_raw 0, every
// network of theirs 1). Plain (not CALL ... IN TRANSACTIONS): it runs inside the switch.
// Parameters: $run_id.
MATCH (p:Person)
WHERE p.score_run IS NULL OR p.score_run <> $run_id
OPTIONAL MATCH (p)-[:OWNS]->(a:Account)
WITH p, collect(DISTINCT 'score_' + a.network) AS nets
SET p.score = 1, p.score_raw = 0.0, p.score_percentile = 0.0, p.score_run = $run_id
FOREACH (k IN nets | SET p[k] = 1)
