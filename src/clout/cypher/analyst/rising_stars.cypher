// Purpose: rising stars, the largest score gains over the last N days. Compares the current
// run (the successful run that finished last) with the newest successful run at least N days
// older (a run that did not score a person above 1 counts as 1). Empty when the history is
// shorter than N days.
// Parameters (paste into Neo4j Browser without the leading //):
// :param days => 30
// :param limit => 20
MATCH (current:ScoringRun {status: "done"})
WITH current ORDER BY current.finished_at DESC LIMIT 1
MATCH (base:ScoringRun {status: "done"})
WHERE base.as_of <= current.as_of - duration({days: $days})
WITH current, base ORDER BY base.as_of DESC, base.finished_at DESC LIMIT 1
MATCH (p:Person)-[now:SCORED]->(current)
OPTIONAL MATCH (p)-[then:SCORED]->(base)
WITH p, current, base, now.score AS score, coalesce(then.score, 1) AS before
WHERE score > before
RETURN p.person_id AS person_id, p.name AS name, score, before, score - before AS gain,
       base.run_id AS since_run, base.as_of AS since
ORDER BY gain DESC, score DESC, person_id
LIMIT $limit
