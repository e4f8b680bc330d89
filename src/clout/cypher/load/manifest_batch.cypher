// Record that batch $batch is committed (runs in the same transaction as the batch): a marker
// node of its own, so the two writers never wait for each other's lock here (an update of the
// one (:Load) node held its lock to the end of each commit and put the writers' commits in a
// row). manifest_start.cypher reads the markers, manifest_done.cypher removes them.
// Parameters: $key, $batch
CREATE (:LoadBatch {key: $key, batch: $batch})
