// Purpose: the people a user's PERSON argument can mean, best match first: 0 = its person_id,
// 1 = the account `network:handle`, 2 = an account with that handle on any network.
// Parameters (paste into Neo4j Browser without the leading //):
// :param text => "alice"
// :param network => "twitter"
// :param handle => "alice"
MATCH (p:Person {person_id: $text})
RETURN p.person_id AS person_id, p.name AS name, 0 AS priority
UNION
MATCH (p:Person)-[:OWNS]->(:Account {network: $network, handle: $handle})
RETURN p.person_id AS person_id, p.name AS name, 1 AS priority
UNION
MATCH (p:Person)-[:OWNS]->(:Account {handle: $text})
RETURN p.person_id AS person_id, p.name AS name, 2 AS priority
