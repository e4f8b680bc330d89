// Record that batch $batch is committed (runs in the same transaction as the batch).
// Two writers commit batches out of order: `batches_done` counts the leading batches that are
// all committed, `ahead` lists the ones committed beyond them (a few at most), so a resumed load
// skips exactly the committed batches. The first SET takes the manifest's write lock before it
// is read: the other writer's transaction waits, and neither loses the other's step.
// Parameters: $key, $batch
MATCH (l:Load {key: $key})
SET l.writing = true
WITH l, coalesce(l.ahead, []) + $batch AS ahead
WITH l, ahead,
     reduce(mark = l.batches_done, b IN ahead | CASE WHEN mark IN ahead THEN mark + 1 ELSE mark END)
       AS mark
SET l.batches_done = mark, l.ahead = [b IN ahead WHERE b >= mark]
REMOVE l.writing
