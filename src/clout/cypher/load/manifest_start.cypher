// Open (or re-open) the load manifest of one file + options; the batches committed before:
// `batches_done`, the leading run of batches all committed, and `ahead`, the ones committed
// beyond it (two writers commit batches out of order), from the batches' markers
// (manifest_batch.cypher; `l.ahead` is what a load of an earlier clout recorded instead).
// Parameters: $key, $file, $sha256, $batches, $rows
MERGE (l:Load {key: $key})
  ON CREATE SET l.batches_done = 0, l.started_at = datetime(), l.done = false
SET l.file = $file, l.sha256 = $sha256, l.batches = $batches, l.rows = $rows
WITH l
OPTIONAL MATCH (b:LoadBatch {key: $key})
WITH l, b ORDER BY b.batch
WITH l, coalesce(l.ahead, []) + collect(b.batch) AS committed
WITH committed,
     reduce(mark = l.batches_done, i IN range(0, size(committed)) |
       CASE WHEN mark IN committed THEN mark + 1 ELSE mark END) AS mark
RETURN mark AS batches_done, [b IN committed WHERE b >= mark] AS ahead
