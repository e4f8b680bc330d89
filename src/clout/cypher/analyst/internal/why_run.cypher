// Purpose: the parameters a scoring run recorded (window, network, algorithm, damping, gaming
// constants, config version, projection size), for `clout show`'s explanation of it.
// Parameters (paste into Neo4j Browser without the leading //):
// :param run_id => "run-4"
MATCH (r:ScoringRun {run_id: $run_id})
RETURN properties(r) AS run
