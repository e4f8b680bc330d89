// Purpose: the scoring runs, newest `as_of` first (every status, or only `status`), with what
// each recorded; `live` marks the run whose scores are live (the done run that finished last).
// Parameters (paste into Neo4j Browser without the leading //):
// :param status => null
// :param limit => 20
OPTIONAL MATCH (done:ScoringRun {status: "done"})
WITH done ORDER BY done.finished_at DESC LIMIT 1
WITH done.run_id AS live
MATCH (r:ScoringRun)
WHERE $status IS NULL OR r.status = $status
RETURN r.run_id AS run_id, r.status AS status, coalesce(r.run_id = live, false) AS live, r.as_of AS as_of,
       r.window_days AS window_days, r.network AS network, r.algorithm AS algorithm,
       r.started_at AS started_at, r.finished_at AS finished_at,
       r.seconds_total AS seconds, r.scored AS scored, r.people AS people,
       r.interactions AS interactions, r.mean AS mean, r.p95 AS p95, r.topics AS topics,
       r.config_version AS config_version, r.calibration_version AS calibration_version,
       r.error AS error
ORDER BY r.as_of DESC, r.started_at DESC, r.run_id DESC
LIMIT $limit
