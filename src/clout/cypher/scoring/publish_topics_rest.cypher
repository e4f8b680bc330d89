// After a large run's people got their topic scores in batches (scoring/switch_people): remove
// the live topic scores (EXPERT_IN) run $run_id did not give, in batches.
// Parameters: $run_id. Needs an auto-commit transaction.
MATCH (:Person)-[e:EXPERT_IN]->(:Topic)
WHERE e.run <> $run_id
CALL (e) { DELETE e } IN TRANSACTIONS OF 10000 ROWS
