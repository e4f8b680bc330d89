// Purpose: every name a person can be called by (person id, display name, account handles as
// `handle` and `network:handle`), to suggest the closest matches to an unknown PERSON.
// Parameters (paste into Neo4j Browser without the leading //):
// :param max => 200000
MATCH (p:Person)
WITH p LIMIT $max
RETURN p.person_id AS person_id,
       [p.person_id, p.name] + COLLECT {
         MATCH (p)-[:OWNS]->(a:Account)
         UNWIND [a.handle, a.network + ':' + a.handle] AS label
         RETURN label
       } AS labels
