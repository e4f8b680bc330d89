// Part of a run's switch (with topic scores): remove the live topic scores (EXPERT_IN) that run
// $run_id did not give (topics a person no longer scores on, people it did not score).
// Parameters: $run_id.
MATCH (:Person)-[e:EXPERT_IN]->(:Topic)
WHERE e.run <> $run_id
DELETE e
