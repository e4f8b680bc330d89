// Purpose: the risers (`direction` 1) or fallers (-1) between two runs among the people both
// runs scored above 1 (newcomers are listed apart: see newcomers.cypher), the largest change
// first.
// Parameters (paste into Neo4j Browser without the leading //):
// :param run_id => "run-4"
// :param base_run_id => "run-1"
// :param direction => 1
// :param limit => 5
MATCH (run:ScoringRun {run_id: $run_id}), (base:ScoringRun {run_id: $base_run_id})
MATCH (p:Person)-[now:SCORED]->(run)
MATCH (p)-[then:SCORED]->(base)
WITH p, now.score AS score, then.score AS before, now.score - then.score AS change
WHERE change * $direction > 0
RETURN p.person_id AS person_id, p.name AS name, score, before, change
ORDER BY change * $direction DESC, score DESC, person_id
LIMIT $limit
