// Create accounts that did not exist when looked up (load/accounts_found.cypher), each with its
// automatic person "<network>:<handle>". When another load creates one of them first, or such
// a person exists already, a uniqueness constraint refuses the batch and the loader MERGEs it
// instead (load/accounts.cypher).
// Parameters: $rows = [[network, handle], ...]
// Returns: network, handle, id, person.
UNWIND $rows AS row
CREATE (p:Person {person_id: row[0] + ':' + row[1], name: row[1], automatic: true})
CREATE (p)-[:OWNS]->(a:Account {network: row[0], handle: row[1]})
RETURN row[0] AS network, row[1] AS handle, id(a) AS id, p.person_id AS person
