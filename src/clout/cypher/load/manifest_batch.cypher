// Record that batch $batch is committed (runs in the same transaction as the batch).
// Parameters: $key, $batch
MATCH (l:Load {key: $key})
SET l.batches_done = $batch + 1
