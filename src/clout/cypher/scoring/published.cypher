// A large run's scores are all on its people now (see scoring/publishing).
// Parameters: $run_id.
MATCH (r:ScoringRun {run_id: $run_id})
REMOVE r.publishing, r.publishing_topics
