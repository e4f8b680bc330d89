// The run whose values are live now: the one marked `live` (by its switch), else (a database
// scored before runs were marked) the newest done run.
// Parameters: none.
OPTIONAL MATCH (live:ScoringRun {live: true})
WITH live
OPTIONAL MATCH (done:ScoringRun {status: 'done'})
WITH live, done
ORDER BY done.finished_at DESC
LIMIT 1
RETURN coalesce(live.run_id, done.run_id) AS run_id
