// The current scoring lock, if any.
MATCH (l:ScoringLock {name: 'scoring'})
RETURN l.run_id AS run_id, l.pid AS pid, l.host AS host, l.started_at AS started_at
