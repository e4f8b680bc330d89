// The event_id index of one configured kind (the built-in kinds have theirs in schema.cypher).
// `KIND` / `KIND_event` are replaced by an allow-listed kind name before the query runs.
// Parameters: none.
CREATE INDEX `KIND_event` IF NOT EXISTS FOR ()-[r:`KIND`]-() ON (r.event_id)
