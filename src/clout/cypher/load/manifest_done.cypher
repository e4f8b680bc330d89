// Mark a load complete: a repeat load of the same file + options is then a no-op. The batches'
// markers (manifest_batch.cypher) have done their work and go.
// Parameters: $key, $created
MATCH (l:Load {key: $key})
SET l.done = true, l.finished_at = datetime(), l.created = $created, l.batches_done = l.batches
REMOVE l.ahead
WITH l
OPTIONAL MATCH (b:LoadBatch {key: $key})
DELETE b
