// After a bulk import: the importer leaves an empty `topics` field unset; the model says [].
// Parameters: none. Runs in an implicit transaction (CALL ... IN TRANSACTIONS).
MATCH (:Account)-[r]->(:Account)
WHERE r.topics IS NULL
CALL (r) { SET r.topics = [] } IN TRANSACTIONS OF 50000 ROWS
