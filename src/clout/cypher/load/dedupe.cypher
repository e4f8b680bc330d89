// Remove the relationships of one kind that repeat an event id, keeping one of each.
// Needs an auto-commit transaction (CALL ... IN TRANSACTIONS).
// `KIND` is replaced by an allow-listed kind name.
// Parameters: none.
// Returns: removed.
MATCH ()-[r:`KIND`]->()
WHERE r.event_id IS NOT NULL
WITH r.event_id AS id, count(*) AS n
WHERE n > 1
CALL (id) {
  MATCH ()-[r:`KIND` {event_id: id}]->()
  WITH r ORDER BY elementId(r) SKIP 1
  DELETE r
  RETURN count(*) AS removed
} IN TRANSACTIONS OF 1000 ROWS
RETURN coalesce(sum(removed), 0) AS removed
