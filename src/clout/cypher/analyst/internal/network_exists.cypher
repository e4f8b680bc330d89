// Purpose: whether any account is on the network (a row when there is one).
// Parameters (paste into Neo4j Browser without the leading //):
// :param network => "twitter"
MATCH (a:Account)
WHERE a.network = $network AND a.handle IS NOT NULL
RETURN a.network AS network
LIMIT 1
