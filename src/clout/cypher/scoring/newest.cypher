// The time of the newest counted interaction (the default --as-of).
// Parameters: $kinds (the counted relationship types).
MATCH (:Account)-[r]->(:Account)
WHERE type(r) IN $kinds
RETURN max(r.at) AS newest
