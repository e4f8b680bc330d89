// Mark a load complete: a repeat load of the same file + options is then a no-op.
// Parameters: $key, $created
MATCH (l:Load {key: $key})
SET l.done = true, l.finished_at = datetime(), l.created = $created
