// The time of the newest interaction of one kind (the default --as-of is the newest over the
// counted kinds): a seek on the kind's `at` index (schema.cypher, load/at_index.cypher).
// `KIND` is replaced by an allow-listed kind name before the query runs.
// Parameters: none.
// Returns: newest (DATETIME; no row when there is no interaction of this kind).
MATCH ()-[r:`KIND`]->()
WHERE r.at IS NOT NULL
RETURN datetime({epochSeconds: r.at}) AS newest
ORDER BY r.at DESC
LIMIT 1
