// What `clout doctor` reports about the database: versions, edition and size.
// Parameters: none.
CALL dbms.components() YIELD versions, edition
RETURN versions[0] AS neo4j_version, edition, gds.version() AS gds_version,
       COUNT { MATCH (n) } AS nodes,
       COUNT { MATCH ()-[r]->() } AS relationships,
       COUNT { MATCH (p:Person) } AS people,
       COUNT { MATCH (a:Account) } AS accounts
