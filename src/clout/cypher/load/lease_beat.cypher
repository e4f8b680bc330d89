// A registered load is still writing.
// Parameters: $id.
MATCH (l:LoadLease {id: $id})
SET l.heartbeat = datetime()
