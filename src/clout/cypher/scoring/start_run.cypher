// Take the scoring lock and record a running ScoringRun, in one transaction: the uniqueness
// constraint on ScoringLock.name makes a concurrent second run fail here.
// Parameters: $run_id, $pid, $host, $props (the run's parameters).
CREATE (:ScoringLock {name: 'scoring', run_id: $run_id, pid: $pid, host: $host,
                      started_at: datetime()})
CREATE (r:ScoringRun {run_id: $run_id, status: 'running', started_at: datetime()})
SET r += $props
RETURN r.run_id AS run_id
