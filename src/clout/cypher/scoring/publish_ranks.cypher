// Make a batch of accounts' raw ranks in run $run_id live (what `clout show` explains). The
// values they replace are kept in rank_prev / rank_prev_run, so a failed run can put them back
// (restore_ranks.cypher). Idempotent: a retried batch does not shift twice.
// Parameters: $run_id, $rows: [{network, handle, rank}].
UNWIND $rows AS row
MATCH (a:Account {network: row.network, handle: row.handle})
WITH a, row, coalesce(a.rank_run = $run_id, false) AS again,
     a.rank AS old, a.rank_run AS old_run, a.rank_prev AS prev, a.rank_prev_run AS prev_run
SET a.rank_prev = CASE WHEN again THEN prev ELSE old END,
    a.rank_prev_run = CASE WHEN again THEN prev_run ELSE old_run END,
    a.rank = row.rank, a.rank_run = $run_id
