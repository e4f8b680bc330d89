// Remove the live topic scores (EXPERT_IN) that run $run_id did not give, after it wrote its own.
// Parameters: $run_id. Needs an auto-commit transaction.
MATCH (:Person)-[e:EXPERT_IN]->(:Topic)
WHERE e.run <> $run_id
CALL (e) { DELETE e } IN TRANSACTIONS OF 10000 ROWS
