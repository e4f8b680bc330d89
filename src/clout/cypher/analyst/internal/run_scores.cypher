// Purpose: some people's scores in a scoring run (1 for those it did not score above 1: the
// run keeps history only above 1).
// Parameters (paste into Neo4j Browser without the leading //):
// :param run_id => "run-4"
// :param people => ["bob", "carol"]
MATCH (run:ScoringRun {run_id: $run_id})
UNWIND $people AS id
MATCH (j:Person {person_id: id})
OPTIONAL MATCH (j)-[h:SCORED]->(run)
RETURN id AS person_id, coalesce(h.score, 1) AS score, coalesce(h.score_raw, 0.0) AS score_raw
