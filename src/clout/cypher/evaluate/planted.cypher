// How many accounts the evaluation network holds (it must be empty before planting).
// Parameters: $network.
MATCH (a:Account {network: $network})
RETURN count(a) AS accounts
