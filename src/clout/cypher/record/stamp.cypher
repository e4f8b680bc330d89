// Record the interaction record's version.
// Parameters: $version.
MERGE (s:CloutSchema {name: 'record'})
SET s.version = $version
