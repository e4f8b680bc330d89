// Purpose: an interaction of one kind found by its event key `eid` (clout.eventkey: the 64-bit
// key of "<network>:<id>"; `clout query event ID` computes it and asks every kind).
// `KIND` is replaced by an allow-listed kind name before the query runs.
// Parameters (paste into Neo4j Browser without the leading //, with a kind for KIND):
// :param eid => 0
MATCH (a:Account)-[r:`KIND` {eid: $eid}]->(b:Account)
RETURN type(r) AS kind, a.network AS network, a.handle AS actor, b.handle AS target,
       datetime({epochSeconds: r.at}) AS at, coalesce(r.count, 1) AS count,
       coalesce(r.topics, []) AS topics, r.eid AS eid, r.event_id AS event_id
