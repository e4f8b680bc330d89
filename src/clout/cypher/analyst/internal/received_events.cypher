// Purpose: every counted interaction event a person received in a scoring run's window (the
// filters of scoring/events.cypher: counted kinds, window, the run's network on the actor, no
// self-interactions, no account of the same owner), with the engaging account and its owner:
// who did what, how often and when, for `clout show` (its engagers, its moments, and what aged
// out since an earlier run). `account` matches why_engagers' accounts.
// Parameters (paste into Neo4j Browser without the leading //):
// :param person_id => "alice"
// :param run_id => "run-4"
// :param kinds => ["SHARED", "REPLIED_TO", "COMMENTED_ON", "MENTIONED", "LIKED"]
MATCH (run:ScoringRun {run_id: $run_id})
WITH run.as_of.epochSeconds - run.window_days * 86400 AS start,
     run.as_of.epochSeconds AS as_of,
     run.network AS network
MATCH (p:Person {person_id: $person_id})-[:OWNS]->(:Account)<-[r]-(u:Account)<-[:OWNS]-(j:Person)
WHERE j <> p AND type(r) IN $kinds AND r.at > start AND r.at <= as_of
  AND (network IS NULL OR u.network = network)
RETURN coalesce(r.event_id, 'eid:' + toString(r.eid), elementId(r)) AS event_id, type(r) AS kind, u.network AS network,
       u.handle AS handle, elementId(u) AS account, j.person_id AS person_id, j.name AS name,
       datetime({epochSeconds: r.at}) AS at, coalesce(r.count, 1) AS count
ORDER BY at, event_id
