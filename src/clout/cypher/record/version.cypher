// The interaction record's version (clout.schema): null on a database that never recorded one.
// Parameters: none.
// Returns: version.
OPTIONAL MATCH (s:CloutSchema {name: 'record'})
RETURN s.version AS version
