// A plain eid index of one kind: put back when its uniqueness constraint cannot be created yet
// (the database holds repeated event keys), so that lookups by key stay index seeks.
// `KIND` / `KIND_eid` are replaced by an allow-listed kind name before the query runs.
// Parameters: none.
CREATE INDEX `KIND_eid` IF NOT EXISTS FOR ()-[r:`KIND`]-() ON (r.eid)
