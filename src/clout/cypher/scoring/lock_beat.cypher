// The run holding the scoring lock is still at work.
// Parameters: $run_id.
MATCH (l:ScoringLock {name: 'scoring', run_id: $run_id})
SET l.heartbeat = datetime()
