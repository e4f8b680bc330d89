// Plant interactions between accounts of the evaluation network (always of kind $kind, one of
// the allow-listed kinds). Parameters: $network, $kind, $rows (list of {actor, target, at
// (epoch seconds), eid (clout.eventkey of "<network>:<id>")}).
UNWIND $rows AS row
MATCH (a:Account {network: $network, handle: row.actor})
MATCH (b:Account {network: $network, handle: row.target})
CREATE (a)-[r:$($kind)]->(b)
SET r.at = row.at, r.eid = row.eid
