// The indexes on the first record's string event ids (each kind's `event_id`, by constraint or
// plain index): a database that has them and records no version holds record 1.
// Parameters: none.
// Returns: name, constraint (the owning constraint's name, or null).
SHOW INDEXES YIELD name, entityType, properties, owningConstraint
WHERE entityType = 'RELATIONSHIP' AND properties = ['event_id']
RETURN name, owningConstraint AS constraint
