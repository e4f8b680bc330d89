// First statement of a run's switch: the run still holds the scoring lock (nobody took it over
// with --force), and holds it until the switch commits (the write lock on the lock node).
// Parameters: $run_id.
// Returns: run_id (no row: the lock is gone or another run's).
MATCH (l:ScoringLock {name: 'scoring', run_id: $run_id})
SET l.switching_at = datetime()
RETURN l.run_id AS run_id
