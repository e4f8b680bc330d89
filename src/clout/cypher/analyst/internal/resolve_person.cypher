// Purpose: the people a user's PERSON argument can mean, best match first: 0 = its person_id;
// 1 = the account `network:handle` as written, 2 = that account with the other spelling of
// the handle (with or without a leading @: Twitter data writes @alice); 3 = an account with
// the handle `text` on any network, 4 = one with its other spelling.
// Parameters (paste into Neo4j Browser without the leading //):
// :param text => "alice"
// :param network => "twitter"
// :param handle => "alice"
// :param handles => ["alice", "@alice"]
// :param spellings => ["alice", "@alice"]
MATCH (p:Person {person_id: $text})
RETURN p.person_id AS person_id, p.name AS name, 0 AS priority
UNION
MATCH (p:Person)-[:OWNS]->(a:Account)
WHERE a.network = $network AND a.handle IN $handles
RETURN p.person_id AS person_id, p.name AS name, CASE a.handle WHEN $handle THEN 1 ELSE 2 END
  AS priority
UNION
MATCH (p:Person)-[:OWNS]->(a:Account)
WHERE a.handle IN $spellings
RETURN p.person_id AS person_id, p.name AS name, CASE a.handle WHEN $text THEN 3 ELSE 4 END
  AS priority
