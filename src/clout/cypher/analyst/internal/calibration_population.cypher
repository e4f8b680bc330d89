// Purpose: how many people the calibrations were fitted on (the population that received at
// least one counted interaction), by version.
// Parameters (paste into Neo4j Browser without the leading //):
// :param versions => ["pagerank-scoring-6-20240601T000000000000"]
MATCH (c:Calibration)
WHERE c.version IN $versions
RETURN c.version AS version, c.population AS population
