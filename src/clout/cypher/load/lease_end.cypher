// A load has ended (or its process is gone): remove its LoadLease.
// Parameters: $id.
MATCH (l:LoadLease {id: $id})
DELETE l
