// Make a past run's topic scores live again (restoring after a failed run): EXPERT_IN
// {score, score_raw, run} from the topic lists of its SCORED history (run clear_live first).
// Parameters: $run_id. Needs an auto-commit transaction.
MATCH (p:Person)-[s:SCORED]->(:ScoringRun {run_id: $run_id})
WHERE s.topics IS NOT NULL
CALL (p, s) {
  UNWIND range(0, size(s.topics) - 1) AS k
  MATCH (t:Topic {name: s.topics[k]})
  CREATE (p)-[:EXPERT_IN {score: s.topic_scores[k], score_raw: s.topic_raws[k], run: $run_id}]->(t)
} IN TRANSACTIONS OF 2000 ROWS
