// Purpose: why a person scores what they score: every person whose interactions the person
// received in a run's window, with their PageRank flow into the person,
//   contribution = damping * (1 - damping + raw) * weight / out_weight
// where weight = sum over their interactions with the person of kind weight * count, out_weight
// = the same sum over everybody they interacted with, and raw = their score_raw in the run
// (0 when the run scored them 1). Self-interactions never count.
// Parameters (paste into Neo4j Browser without the leading //):
// :param person_id => "alice"
// :param run_id => "run-4"
// :param kind_weights => {SHARED: 3.0, REPLIED_TO: 2.0, COMMENTED_ON: 2.0, MENTIONED: 1.5, LIKED: 1.0}
// :param damping => 0.85
MATCH (run:ScoringRun {run_id: $run_id})
WITH run, run.as_of AS until,
     CASE WHEN run.window_days IS NULL THEN null
          ELSE run.as_of - duration({days: run.window_days}) END AS since
MATCH (p:Person {person_id: $person_id})-[:OWNS]->(:Account)<-[r]-(:Account)<-[:OWNS]-(j:Person)
WHERE j <> p AND type(r) IN keys($kind_weights) AND NOT coalesce(r.self, false)
  AND r.at <= until AND (since IS NULL OR r.at > since)
WITH run, since, until, j, sum($kind_weights[type(r)] * r.count) AS weight,
     sum(r.count) AS interactions
CALL (j, since, until) {
  MATCH (j)-[:OWNS]->(:Account)-[r]->(:Account)<-[:OWNS]-(k:Person)
  WHERE k <> j AND type(r) IN keys($kind_weights) AND NOT coalesce(r.self, false)
    AND r.at <= until AND (since IS NULL OR r.at > since)
  RETURN sum($kind_weights[type(r)] * r.count) AS out_weight
}
OPTIONAL MATCH (j)-[s:SCORED]->(run)
WITH j, weight, interactions, out_weight, coalesce(s.score_raw, 0.0) AS raw
RETURN j.person_id AS person_id, j.name AS name, interactions, weight, out_weight, raw,
       $damping * (1 - $damping + raw) * weight / out_weight AS contribution
ORDER BY contribution DESC, person_id
