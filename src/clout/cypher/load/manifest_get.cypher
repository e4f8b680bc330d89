// The load manifest of one file + options (null when the file was never loaded).
// Parameters: $key
OPTIONAL MATCH (l:Load {key: $key})
RETURN l.batches_done AS batches_done, l.batches AS batches, l.rows AS rows, l.done AS done
