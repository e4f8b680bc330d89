// The gate every load and scoring run passes, first thing in the transaction that registers it
// (a LoadLease, a ScoringLock): the write lock on this one node orders those transactions, so
// each sees what the one before it registered (no load starts unseen while a run starts).
// Parameters: none.
MERGE (g:CloutGate {name: 'writers'})
SET g.passed_at = datetime()
