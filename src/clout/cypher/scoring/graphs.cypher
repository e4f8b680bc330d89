// The GDS projections of one database (clout's are named `clout-...`).
// Parameters: $database.
// Returns: name.
CALL gds.graph.list() YIELD graphName, database
WITH graphName, database
WHERE database = $database
RETURN graphName AS name
