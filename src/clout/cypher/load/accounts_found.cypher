// The accounts of a batch that exist already, with their internal id and owner (an account
// without an owner is left out: load/accounts.cypher gives it one).
// The index hint keeps the plan a seek per row: planned while the database was nearly empty, the
// planner once chose a Person scan per row and a batch took a minute instead of 0.1 s.
// Parameters: $networks, $handles: the batch's accounts as two columns (the i-th entries make
//             the i-th account).
// Returns: one row of three columns: at (the positions found), id, person.
UNWIND range(0, size($handles) - 1) AS i
MATCH (p:Person)-[:OWNS]->(a:Account {network: $networks[i], handle: $handles[i]})
USING INDEX SEEK a:Account(network, handle)
RETURN collect(i) AS at, collect(id(a)) AS id, collect(p.person_id) AS person
