// Remove every live topic score (EXPERT_IN), before the scores of another run are published.
// Parameters: none. Needs an auto-commit transaction.
MATCH (:Person)-[e:EXPERT_IN]->(:Topic)
CALL (e) { DELETE e } IN TRANSACTIONS OF 10000 ROWS
