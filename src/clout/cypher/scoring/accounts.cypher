// Every account with its owner, as parallel lists (one row): the map from the account ids of
// a projection to people and networks.
// Parameters: none.
// Returns: id (Neo4j id), person (person_id of the owner), network, handle.
MATCH (p:Person)-[:OWNS]->(a:Account)
RETURN collect(id(a)) AS id, collect(p.person_id) AS person, collect(a.network) AS network,
       collect(a.handle) AS handle
