// Drop one index by name (a plain event-key index that a uniqueness constraint replaces, or
// record 1's event_id indexes once migrated).
// Parameters: $name.
DROP INDEX $name IF EXISTS
