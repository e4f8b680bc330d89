// Purpose: every counted interaction event in a scoring run's window that starts or ends at one
// of the given accounts (the filters of scoring/events.cypher), so that each of those accounts'
// projected edges, total out-going weight and standing can be rebuilt exactly
// (clout.scoring.weights); `event` identifies the event, so two reads can be merged.
// Parameters (paste into Neo4j Browser without the leading //):
// :param accounts => []
// :param run_id => "run-4"
// :param kinds => ["SHARED", "REPLIED_TO", "COMMENTED_ON", "MENTIONED", "LIKED"]
MATCH (run:ScoringRun {run_id: $run_id})
WITH run.as_of.epochSeconds - run.window_days * 86400 AS start,
     run.as_of.epochSeconds AS as_of,
     run.network AS network
UNWIND $accounts AS id
MATCH (u:Account)
WHERE elementId(u) = id
CALL (u) {
  MATCH (u)-[r]->(y:Account)
  RETURN u AS x, y, r
  UNION
  MATCH (x:Account)-[r]->(u)
  RETURN x, u AS y, r
}
WITH DISTINCT start, as_of, network, x, y, r
WHERE type(r) IN $kinds AND r.at > start AND r.at <= as_of
  AND (network IS NULL OR x.network = network)
  AND x <> y
  AND NOT EXISTS { (x)<-[:OWNS]-(:Person)-[:OWNS]->(y) }
RETURN elementId(r) AS event, elementId(x) AS actor, elementId(y) AS target, type(r) AS kind,
       coalesce(r.count, 1) AS count, r.at AS at
