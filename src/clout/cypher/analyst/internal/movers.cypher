// Purpose: the people whose score changed most between two runs (a run that did not score a
// person above 1 counts as 1), largest absolute change first.
// Parameters (paste into Neo4j Browser without the leading //):
// :param run_id => "run-4"
// :param base_run_id => "run-1"
// :param limit => 5
MATCH (run:ScoringRun {run_id: $run_id}), (base:ScoringRun {run_id: $base_run_id})
CALL (run, base) {
  MATCH (p:Person)-[:SCORED]->(run)
  RETURN p
  UNION
  MATCH (p:Person)-[:SCORED]->(base)
  RETURN p
}
OPTIONAL MATCH (p)-[now:SCORED]->(run)
OPTIONAL MATCH (p)-[then:SCORED]->(base)
WITH p, coalesce(now.score, 1) AS score, coalesce(then.score, 1) AS before
WHERE score <> before
RETURN p.person_id AS person_id, p.name AS name, score, before, score - before AS change
ORDER BY abs(change) DESC, score DESC, person_id
LIMIT $limit
