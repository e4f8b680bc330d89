// How many interactions of one kind are still in record 1 (no `eid`).
// `KIND` is replaced by an allow-listed kind name before the query runs.
// Parameters: none.
// Returns: interactions.
MATCH ()-[r:`KIND`]->()
WHERE r.eid IS NULL
RETURN count(r) AS interactions
