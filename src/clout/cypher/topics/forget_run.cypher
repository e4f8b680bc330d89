// Delete the topic history a failed run wrote.
// Parameters: $run_id. Needs an auto-commit transaction.
MATCH (:ScoringRun {run_id: $run_id})<-[s:SCORED_TOPICS]-()
CALL (s) { DELETE s } IN TRANSACTIONS OF 10000 ROWS
