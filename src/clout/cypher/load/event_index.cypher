// A plain event_id index of one kind: put back when its uniqueness constraint cannot be created
// yet (the database holds repeated event ids), so that lookups by event id stay index seeks.
// `KIND` / `KIND_event` are replaced by an allow-listed kind name before the query runs.
// Parameters: none.
CREATE INDEX `KIND_event` IF NOT EXISTS FOR ()-[r:`KIND`]-() ON (r.event_id)
