// Purpose: the interactions a person received in a run's window, by kind and network (sum of
// `count`; self-interactions and interactions between the person's own accounts excluded).
// Parameters (paste into Neo4j Browser without the leading //):
// :param person_id => "alice"
// :param run_id => "run-4"
MATCH (run:ScoringRun {run_id: $run_id})
WITH run.as_of.epochSeconds AS until,
     CASE WHEN run.window_days IS NULL THEN null
          ELSE run.as_of.epochSeconds - run.window_days * 86400 END AS since
MATCH (p:Person {person_id: $person_id})-[:OWNS]->(:Account)<-[r]-(u:Account)<-[:OWNS]-(j:Person)
WHERE j <> p AND r.at <= until
  AND (since IS NULL OR r.at > since)
RETURN type(r) AS kind, u.network AS network, sum(coalesce(r.count, 1)) AS interactions,
       count(DISTINCT j) AS people
ORDER BY interactions DESC, kind, network
