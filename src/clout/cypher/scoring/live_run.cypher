// The run whose values are live now: the newest done run.
MATCH (r:ScoringRun {status: 'done'})
RETURN r.run_id AS run_id
ORDER BY r.finished_at DESC
LIMIT 1
