// The current scoring lock, if any, with its holder and whether its run is still reading the
// graph (loads wait for that) and its run's status.
// Parameters: none.
MATCH (l:ScoringLock {name: 'scoring'})
OPTIONAL MATCH (r:ScoringRun {run_id: l.run_id})
RETURN l.run_id AS run_id, l.pid AS pid, l.host AS host, l.proc_start AS proc_start,
       l.started_at AS started_at, coalesce(l.heartbeat, l.started_at) AS heartbeat,
       coalesce(l.reading, false) AS reading, r.status AS status
