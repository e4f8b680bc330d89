// Plant accounts on the evaluation network: new people, or an existing person's extra account.
// Parameters: $rows (list of {person_id, network, handle}); a missing person is created.
UNWIND $rows AS row
MERGE (p:Person {person_id: row.person_id}) ON CREATE SET p.name = row.handle
MERGE (a:Account {network: row.network, handle: row.handle})
MERGE (p)-[:OWNS]->(a)
