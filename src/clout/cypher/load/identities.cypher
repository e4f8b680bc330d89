// Link accounts to the people of an identity file. An account that belonged to another person
// (typically its automatic person) moves to the named one.
// Parameters: $rows = [[person_id, network, handle, name or null], ...]
UNWIND $rows AS row
MERGE (p:Person {person_id: row[0]})
  ON CREATE SET p.name = coalesce(row[3], row[0])
SET p.automatic = false
FOREACH (name IN CASE WHEN row[3] IS NULL THEN [] ELSE [row[3]] END | SET p.name = name)
MERGE (a:Account {network: row[1], handle: row[2]})
WITH p, a
OPTIONAL MATCH (other:Person)-[old:OWNS]->(a) WHERE other <> p
DELETE old
MERGE (p)-[:OWNS]->(a)
RETURN count(DISTINCT a) AS accounts
