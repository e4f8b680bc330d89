// Purpose: one person's score history. One row per successful scoring run, oldest first; a
// run without a SCORED relationship to the person scored them 1 (the contract stores history
// only above 1). `scored` holds the run's per-network sub-scores (`score_<network>`), null when they scored 1.
// Parameters (paste into Neo4j Browser without the leading //):
// :param person_id => "alice"
MATCH (r:ScoringRun {status: "done"})
OPTIONAL MATCH (:Person {person_id: $person_id})-[s:SCORED]->(r)
RETURN r.run_id AS run_id, r.as_of AS as_of, coalesce(s.score, 1) AS score,
       coalesce(s.score_raw, 0.0) AS score_raw, s.score_percentile AS score_percentile,
       properties(s) AS scored
ORDER BY r.as_of, r.finished_at, r.run_id
