// The scoring sink (receives the weight gaming measures remove; never scored). Idempotent.
// Parameters: $sink (its name).
MERGE (:ScoringSink {name: $sink})
