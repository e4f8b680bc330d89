// The `at` index of one configured kind (the built-in kinds have theirs in schema.cypher): the
// newest interaction (scoring/newest.cypher) is an index seek.
// `KIND` / `KIND_at` are replaced by an allow-listed kind name before the query runs.
// Parameters: none.
CREATE INDEX `KIND_at` IF NOT EXISTS FOR ()-[r:`KIND`]-() ON (r.at)
