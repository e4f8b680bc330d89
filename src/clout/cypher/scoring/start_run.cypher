// Take the scoring lock and record a running ScoringRun, in one transaction (after load/gate and
// the checks of clout.scoring.store.start_run): the uniqueness constraint on ScoringLock.name
// makes a concurrent second run fail here. The run reads the graph until it says otherwise
// (scoring/lock_read.cypher); loads wait for that.
// Parameters: $run_id, $pid, $host, $proc_start, $props (the run's parameters).
CREATE (:ScoringLock {name: 'scoring', run_id: $run_id, pid: $pid, host: $host,
                      proc_start: $proc_start, started_at: datetime(), heartbeat: datetime(),
                      reading: true})
CREATE (r:ScoringRun {run_id: $run_id, status: 'running', started_at: datetime()})
SET r += $props
RETURN r.run_id AS run_id
