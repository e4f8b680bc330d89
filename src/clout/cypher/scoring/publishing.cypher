// The live run, when its scores are still being copied onto its people (a run too large to make
// live in one transaction: clout.scoring.store.switch), with the scoring lock's holder.
// Parameters: none.
// Returns: run_id, topics (whether its topic scores are copied too), and the lock's run_id,
//   pid, host, proc_start, heartbeat (null when nobody holds the lock).
MATCH (r:ScoringRun {live: true})
WHERE r.publishing = true
OPTIONAL MATCH (l:ScoringLock {name: 'scoring'})
RETURN r.run_id AS run_id, coalesce(r.publishing_topics, false) AS topics,
       l.run_id AS lock_run, l.pid AS pid, l.host AS host, l.proc_start AS proc_start,
       coalesce(l.heartbeat, l.started_at) AS heartbeat
