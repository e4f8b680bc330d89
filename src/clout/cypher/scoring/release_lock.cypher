// Release the scoring lock held by $run_id (or any lock when $run_id is null: --force).
MATCH (l:ScoringLock {name: 'scoring'})
WHERE $run_id IS NULL OR l.run_id = $run_id
DELETE l
