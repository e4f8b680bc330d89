// Purpose: the score distribution of a run: how many people scored each value. People without
// a SCORED relationship scored 1; `people` is the run's population (null if not recorded).
// Parameters (paste into Neo4j Browser without the leading //):
// :param run_id => "run-4"
MATCH (run:ScoringRun {run_id: $run_id})
OPTIONAL MATCH (:Person)-[s:SCORED]->(run)
WITH run, s.score AS score, count(s) AS people
RETURN run.people AS population, collect({score: score, people: people}) AS counts
