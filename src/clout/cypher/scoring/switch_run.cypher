// Last part of a run's switch: the run is done and live (the one run with `live: true`), with
// its statistics; the previous live run is not live any more.
// Parameters: $run_id, $props.
MATCH (r:ScoringRun {run_id: $run_id})
OPTIONAL MATCH (old:ScoringRun {live: true})
WHERE old <> r
REMOVE old.live
SET r += $props, r.status = 'done', r.finished_at = datetime(), r.live = true
RETURN DISTINCT r.run_id AS run_id
