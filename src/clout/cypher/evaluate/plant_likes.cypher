// Plant real likes from existing accounts to accounts of the evaluation network (a seeded
// like-farm's outside likes). Removing the evaluation network's accounts removes them too.
// Parameters: $network, $kind, $rows (list of {actor_id (Neo4j id of the liking account),
// target (handle on the evaluation network), at (epoch seconds), eid (clout.eventkey)}).
UNWIND $rows AS row
MATCH (a) WHERE id(a) = row.actor_id
MATCH (b:Account {network: $network, handle: row.target})
CREATE (a)-[r:$($kind)]->(b)
SET r.at = row.at, r.eid = row.eid
