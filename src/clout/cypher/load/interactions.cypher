// Create one batch of interactions of ONE kind, as lean records; skip events whose key exists.
// `KIND` is replaced by an allow-listed kind name (clout.config, ^[A-Z][A-Z_]{0,40}$) before the
// query runs, so the eid constraint's index of that relationship type serves the check.
// The batch comes as columns, one list per field, the i-th entries making the i-th event (a
// list of ints packs and unpacks without a list per event: less work on both sides of Bolt).
// Parameters: $actor, $target (internal ids of accounts), $at (epoch seconds),
//             $eid (clout.eventkey), $count (null for 1), $topics (null for none),
//             $event_id (the id's text, or null: kept only with --keep-event-ids)
// A null value is not stored: readers take coalesce(r.count, 1) and coalesce(r.topics, []).
UNWIND range(0, size($eid) - 1) AS i
MATCH (a) WHERE id(a) = $actor[i]
MATCH (b) WHERE id(b) = $target[i]
WITH a, b, i
WHERE NOT EXISTS { MATCH ()-[old:`KIND` {eid: $eid[i]}]->() USING INDEX SEEK old:`KIND`(eid) }
CREATE (a)-[:`KIND` {at: $at[i], eid: $eid[i], count: $count[i], topics: $topics[i],
                     event_id: $event_id[i]}]->(b)
RETURN count(*) AS created
