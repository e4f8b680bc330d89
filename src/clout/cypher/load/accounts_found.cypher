// The accounts of a batch that exist already, with their internal id and owner (an account
// without an owner is left out: load/accounts.cypher gives it one).
// The index hint keeps the plan a seek per row: planned while the database was nearly empty, the
// planner once chose a Person scan per row and a batch took a minute instead of 0.1 s.
// Parameters: $rows = [[network, handle], ...]
// Returns: network, handle, id, person.
UNWIND $rows AS row
MATCH (p:Person)-[:OWNS]->(a:Account {network: row[0], handle: row[1]})
USING INDEX SEEK a:Account(network, handle)
RETURN row[0] AS network, row[1] AS handle, id(a) AS id, p.person_id AS person
