// The indexes on event_id, per relationship type, and whether a uniqueness constraint owns
// each (databases loaded before the constraints existed have plain indexes).
// Parameters: none.
// Returns: kind, name, unique.
SHOW INDEXES YIELD name, entityType, labelsOrTypes, properties, owningConstraint
WHERE entityType = 'RELATIONSHIP' AND properties = ['event_id'] AND size(labelsOrTypes) = 1
RETURN labelsOrTypes[0] AS kind, name, owningConstraint IS NOT NULL AS unique
