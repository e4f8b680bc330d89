// Mark failed every run still `running` (run with the scoring lock just taken: their processes
// are gone, so they will never finish). Their history is deleted afterwards (forget_run).
// Parameters: $error.
// Returns: run_id of each.
MATCH (r:ScoringRun {status: 'running'})
SET r.status = 'failed', r.finished_at = datetime(), r.error = $error
RETURN r.run_id AS run_id
