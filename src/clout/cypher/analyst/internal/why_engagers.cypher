// Purpose: the accounts whose counted interactions a person received in a scoring run's window
// (the filters of scoring/events.cypher: counted kinds, window, the run's network on the actor,
// no self-interactions, no account of the same owner), with their owner, their raw rank in the
// run as its history stored it on the owner's SCORED relationship (null when it did not), whether
// the owner has that history (`scored`: without it they received nothing counted, so their rank
// is the baseline 1 - damping), and the person's own accounts.
// Parameters (paste into Neo4j Browser without the leading //):
// :param person_id => "alice"
// :param run_id => "run-4"
// :param kinds => ["SHARED", "REPLIED_TO", "COMMENTED_ON", "MENTIONED", "LIKED"]
MATCH (run:ScoringRun {run_id: $run_id})
WITH run, run.as_of.epochSeconds - run.window_days * 86400 AS start,
     run.as_of.epochSeconds AS as_of,
     run.network AS network
MATCH (p:Person {person_id: $person_id})-[:OWNS]->(own:Account)
WITH run, start, as_of, network, p, collect(elementId(own)) AS own
MATCH (p)-[:OWNS]->(a:Account)<-[r]-(u:Account)<-[:OWNS]-(j:Person)
WHERE j <> p AND type(r) IN $kinds AND r.at > start AND r.at <= as_of
  AND (network IS NULL OR u.network = network)
WITH DISTINCT run, own, u, j
OPTIONAL MATCH (j)-[h:SCORED]->(run)
RETURN own, elementId(u) AS account, j.person_id AS person_id, j.name AS name,
       h IS NOT NULL AS scored,
       [i IN range(0, size(coalesce(h.ranks, [])) - 1)
        WHERE h.rank_networks[i] = u.network AND h.rank_handles[i] = u.handle | h.ranks[i]][0]
         AS rank
ORDER BY account
