// As load/accounts.cypher, for a database that holds handles stored with their leading `@`
// (loaded before handles were normalised): a handle whose `@` spelling exists uses that
// account, so old and new loads of one account meet on one node.
// Parameters: $rows = [[network, handle without @], ...]
UNWIND $rows AS row
OPTIONAL MATCH (old:Account {network: row[0], handle: '@' + row[1]})
CALL (row, old) {
  WITH row, old WHERE old IS NOT NULL
  RETURN old AS a
  UNION
  WITH row, old WHERE old IS NULL
  MERGE (a:Account {network: row[0], handle: row[1]})
  RETURN a
}
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
