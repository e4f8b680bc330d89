// Drop one constraint by name (record 1's event-id constraints, once migrated).
// Parameters: $name.
DROP CONSTRAINT $name IF EXISTS
