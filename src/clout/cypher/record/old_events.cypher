// The interactions of one kind still in record 1 (no `eid`), streamed: their internal ids and
// event ids. `KIND` is replaced by an allow-listed kind name before the query runs.
// Parameters: none.
// Returns: id, event_id.
MATCH ()-[r:`KIND`]->()
WHERE r.eid IS NULL
RETURN id(r) AS id, r.event_id AS event_id
