// Create one batch of interactions of ONE kind, as lean records; skip events whose key exists.
// `KIND` is replaced by an allow-listed kind name (clout.config, ^[A-Z][A-Z_]{0,40}$) before the
// query runs, so the eid constraint's index of that relationship type serves the check.
// Parameters: $rows = [[actor id, target id (internal ids of accounts), at (epoch seconds),
//                      eid (clout.eventkey), count or null (1), topics or null (none),
//                      event id text or null (kept only with --keep-event-ids)], ...]
// A null value is not stored: readers take coalesce(r.count, 1) and coalesce(r.topics, []).
UNWIND $rows AS row
MATCH (a) WHERE id(a) = row[0]
MATCH (b) WHERE id(b) = row[1]
WITH a, b, row
WHERE NOT EXISTS { MATCH ()-[old:`KIND` {eid: row[3]}]->() USING INDEX SEEK old:`KIND`(eid) }
CREATE (a)-[:`KIND` {at: row[2], eid: row[3], count: row[4], topics: row[5], event_id: row[6]}]->(b)
RETURN count(*) AS created
