// Purpose: every successful scoring run, in `as_of` order. The current run (whose values are
// live) is the one that finished last.
// Parameters: none.
MATCH (r:ScoringRun {status: "done"})
RETURN r.run_id AS run_id, r.as_of AS as_of, r.finished_at AS finished_at,
       r.window_days AS window_days, r.scored AS scored,
       r.people AS people, r.mean AS mean, r.p95 AS p95,
       r.calibration_version AS calibration_version, r.network AS network
ORDER BY r.as_of, r.finished_at, r.run_id
