// Mark a run finished with its status and statistics.
// Parameters: $run_id, $status ('done' | 'failed'), $props.
MATCH (r:ScoringRun {run_id: $run_id})
SET r += $props, r.status = $status, r.finished_at = datetime()
