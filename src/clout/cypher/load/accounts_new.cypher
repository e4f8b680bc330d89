// Create accounts that did not exist when looked up (load/accounts_found.cypher), each with its
// automatic person "<network>:<handle>". When another load creates one of them first, or such
// a person exists already, a uniqueness constraint refuses the batch and the loader MERGEs it
// instead (load/accounts.cypher).
// Parameters: $networks, $handles: the accounts as two columns.
// Returns: one row of two columns: at (positions), id (the new accounts' internal ids).
UNWIND range(0, size($handles) - 1) AS i
CREATE (p:Person {person_id: $networks[i] + ':' + $handles[i], name: $handles[i], automatic: true})
CREATE (p)-[:OWNS]->(a:Account {network: $networks[i], handle: $handles[i]})
RETURN collect(i) AS at, collect(id(a)) AS id
