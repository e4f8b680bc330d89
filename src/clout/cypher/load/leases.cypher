// Every registered load (a LoadLease per load writing now) with its holder.
// Parameters: none.
// Returns: id, file, pid, host, proc_start, started_at, heartbeat.
MATCH (l:LoadLease)
RETURN l.id AS id, l.file AS file, l.pid AS pid, l.host AS host, l.proc_start AS proc_start,
       l.started_at AS started_at, l.heartbeat AS heartbeat
ORDER BY l.started_at
