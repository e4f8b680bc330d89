// The run holding the scoring lock has read the graph: loads need not wait for it any more.
// Parameters: $run_id.
MATCH (l:ScoringLock {name: 'scoring', run_id: $run_id})
SET l.reading = false
