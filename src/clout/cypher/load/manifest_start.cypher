// Open (or re-open) the load manifest of one file + options; the batches committed before
// (see manifest_batch.cypher): all below batches_done, and those in ahead.
// Parameters: $key, $file, $sha256, $batches, $rows
MERGE (l:Load {key: $key})
  ON CREATE SET l.batches_done = 0, l.started_at = datetime(), l.done = false
SET l.file = $file, l.sha256 = $sha256, l.batches = $batches, l.rows = $rows
RETURN l.batches_done AS batches_done, coalesce(l.ahead, []) AS ahead
