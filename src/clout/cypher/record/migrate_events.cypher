// Rewrite one batch of record-1 interactions as lean records (record 2): `at` as epoch seconds,
// the event key `eid`, no `count` of 1, no empty `topics`, no `network` or `self` (they follow
// from the accounts), and the event id's text only when $keep.
// Parameters: $rows = [[internal id of the relationship, eid], ...], $keep (boolean).
UNWIND $rows AS row
MATCH ()-[r]->() WHERE id(r) = row[0]
SET r.eid = row[1],
    r.at = CASE WHEN r.at IS :: ZONED DATETIME THEN r.at.epochSeconds ELSE r.at END,
    r.count = CASE WHEN r.count = 1 THEN null ELSE r.count END,
    r.topics = CASE WHEN size(r.topics) = 0 THEN null ELSE r.topics END,
    r.network = null, r.self = null,
    r.event_id = CASE WHEN $keep THEN r.event_id ELSE null END
RETURN count(r) AS migrated
