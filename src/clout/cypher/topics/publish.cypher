// Make a past run's topic scores live again (restoring after a failed run): EXPERT_IN
// {score, score_raw, run} from its SCORED_TOPIC history (run clear_live first).
// Parameters: $run_id. Needs an auto-commit transaction.
MATCH (p:Person)-[s:SCORED_TOPIC]->(:ScoringRun {run_id: $run_id})
CALL (p, s) {
  MATCH (t:Topic {name: s.topic})
  CREATE (p)-[:EXPERT_IN {score: s.score, score_raw: s.score_raw, run: $run_id}]->(t)
} IN TRANSACTIONS OF 10000 ROWS
