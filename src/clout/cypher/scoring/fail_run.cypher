// Mark a run failed, unless it finished meanwhile (its switch may have committed).
// Parameters: $run_id, $error.
// Returns: run_id (no row when the run was not running).
MATCH (r:ScoringRun {run_id: $run_id, status: 'running'})
SET r.status = 'failed', r.finished_at = datetime(), r.error = $error
RETURN r.run_id AS run_id
