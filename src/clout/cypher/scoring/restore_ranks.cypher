// Put back the account ranks a failed run $run_id replaced (see publish_ranks.cypher).
// Parameters: $run_id.
MATCH (a:Account)
WHERE a.rank_run = $run_id
CALL (a) {
  SET a.rank = a.rank_prev, a.rank_run = a.rank_prev_run, a.rank_prev = null,
      a.rank_prev_run = null
} IN TRANSACTIONS OF 10000 ROWS
