// Remove everything planted on the evaluation network: its accounts with their interactions,
// then the people created for it (those whose person_id starts with "<network>:").
// Two statements, each run in auto-commit batches. Parameters: $network.
MATCH (a:Account {network: $network})
CALL (a) { DETACH DELETE a } IN TRANSACTIONS OF 5000 ROWS;
MATCH (p:Person)
WHERE p.person_id STARTS WITH $network + ':'
CALL (p) { DETACH DELETE p } IN TRANSACTIONS OF 5000 ROWS
