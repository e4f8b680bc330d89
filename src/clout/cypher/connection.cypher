// What every connection asks first, in one query: the server's Neo4j version (clout's Cypher
// needs 5.23 or newer) and the Graph Data Science version (gds.version() fails without GDS).
// Parameters: none.
// Returns: neo4j, gds.
CALL dbms.components() YIELD versions
RETURN versions[0] AS neo4j, gds.version() AS gds
