// The indexes on the event key `eid`, per relationship type, and whether a uniqueness constraint
// owns each (a plain index is left when the constraint could not be made: repeated keys).
// Parameters: none.
// Returns: kind, name, unique.
SHOW INDEXES YIELD name, entityType, labelsOrTypes, properties, owningConstraint
WHERE entityType = 'RELATIONSHIP' AND properties = ['eid'] AND size(labelsOrTypes) = 1
RETURN labelsOrTypes[0] AS kind, name, owningConstraint IS NOT NULL AS unique
