// The accounts of a batch that exist already, with their internal id and owner (an account
// without an owner is left out: load/accounts.cypher gives it one).
// Parameters: $rows = [[network, handle], ...]
// Returns: network, handle, id, person.
UNWIND $rows AS row
MATCH (p:Person)-[:OWNS]->(a:Account {network: row[0], handle: row[1]})
RETURN row[0] AS network, row[1] AS handle, id(a) AS id, p.person_id AS person
