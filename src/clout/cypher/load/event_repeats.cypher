// Event keys of one kind held by more than one relationship (left by concurrent loads before the
// uniqueness constraints existed). `KIND` is replaced by an allow-listed kind name.
// Parameters: none.
// Returns: events (keys repeated), extra (relationships beyond the first of each).
MATCH ()-[r:`KIND`]->()
WHERE r.eid IS NOT NULL
WITH r.eid AS id, count(*) AS n
WHERE n > 1
RETURN count(id) AS events, coalesce(sum(n - 1), 0) AS extra
