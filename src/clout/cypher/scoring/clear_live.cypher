// Remove every live score (restoring "no scores yet" after a failed first run).
MATCH (p:Person)
WHERE p.score_run IS NOT NULL
CALL (p) {
  FOREACH (k IN [k IN keys(p) WHERE k STARTS WITH 'score'] | SET p[k] = null)
} IN TRANSACTIONS OF 10000 ROWS
