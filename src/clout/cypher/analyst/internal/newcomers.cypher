// Purpose: the people a run scored above 1 whom an earlier run did not (newcomers): how many
// there are, and the best of them.
// Parameters (paste into Neo4j Browser without the leading //):
// :param run_id => "run-4"
// :param base_run_id => "run-1"
// :param limit => 5
MATCH (run:ScoringRun {run_id: $run_id}), (base:ScoringRun {run_id: $base_run_id})
CALL (run, base) {
  MATCH (p:Person)-[:SCORED]->(run)
  WHERE NOT EXISTS { (p)-[:SCORED]->(base) }
  RETURN count(p) AS people
}
CALL (run, base) {
  MATCH (p:Person)-[now:SCORED]->(run)
  WHERE NOT EXISTS { (p)-[:SCORED]->(base) }
  WITH p, now ORDER BY now.score DESC, p.person_id LIMIT $limit
  RETURN collect({person_id: p.person_id, name: p.name, score: now.score}) AS best
}
RETURN people, best
