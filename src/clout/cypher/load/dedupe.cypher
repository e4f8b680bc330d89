// Remove the relationships of one kind that repeat an event key, keeping one of each.
// Needs an auto-commit transaction (CALL ... IN TRANSACTIONS).
// `KIND` is replaced by an allow-listed kind name.
// Parameters: none.
// Returns: removed.
MATCH ()-[r:`KIND`]->()
WHERE r.eid IS NOT NULL
WITH r.eid AS id, count(*) AS n
WHERE n > 1
CALL (id) {
  MATCH ()-[r:`KIND` {eid: id}]->()
  WITH r ORDER BY elementId(r) SKIP 1
  DELETE r
  RETURN count(*) AS removed
} IN TRANSACTIONS OF 1000 ROWS
RETURN coalesce(sum(removed), 0) AS removed
