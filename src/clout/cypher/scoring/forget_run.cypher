// Delete the history a failed run wrote.
// Parameters: $run_id.
MATCH (:ScoringRun {run_id: $run_id})<-[s:SCORED]-()
CALL (s) { DELETE s } IN TRANSACTIONS OF 10000 ROWS
