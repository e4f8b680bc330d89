// Register a load that is about to write (run after load/gate, in the same transaction).
// Parameters: $id, $file, $pid, $host, $proc_start.
CREATE (:LoadLease {id: $id, file: $file, pid: $pid, host: $host, proc_start: $proc_start,
                    started_at: datetime(), heartbeat: datetime()})
