// Drop one index by name (a plain event_id index that a uniqueness constraint replaces).
// Parameters: $name.
DROP INDEX $name IF EXISTS
