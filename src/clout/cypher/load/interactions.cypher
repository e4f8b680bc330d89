// Create one batch of interactions of ONE kind; skip event ids that already exist.
// `KIND` is replaced by an allow-listed kind name (clout.config, ^[A-Z][A-Z_]{0,40}$) before the
// query runs, so the event_id index of that relationship type serves the duplicate check.
// Parameters: $rows = [[actor element id, target element id, at (epoch ms), network,
//                      event_id, count, topics, self], ...]
UNWIND $rows AS row
MATCH (a:Account) WHERE elementId(a) = row[0]
MATCH (b:Account) WHERE elementId(b) = row[1]
WITH a, b, row
WHERE NOT EXISTS { MATCH ()-[old:`KIND` {event_id: row[4]}]->() }
CREATE (a)-[:`KIND` {
  at: datetime({epochMillis: row[2]}), network: row[3], event_id: row[4],
  count: row[5], topics: row[6], self: row[7]
}]->(b)
RETURN count(*) AS created
