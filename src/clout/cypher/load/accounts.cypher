// Make sure every account of a batch exists and has an owner; return its internal id and owner.
// A new account gets an automatic person with person_id "<network>:<handle>".
// Parameters: $rows = [[network, handle], ...]
UNWIND $rows AS row
MERGE (a:Account {network: row[0], handle: row[1]})
WITH a, row
CALL (a, row) {
  OPTIONAL MATCH (owner:Person)-[:OWNS]->(a)
  WITH a, row, owner WHERE owner IS NULL
  MERGE (p:Person {person_id: row[0] + ':' + row[1]})
    ON CREATE SET p.name = row[1], p.automatic = true
  MERGE (p)-[:OWNS]->(a)
}
MATCH (p:Person)-[:OWNS]->(a)
RETURN row[0] AS network, row[1] AS handle, id(a) AS id, p.person_id AS person
