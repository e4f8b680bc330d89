// A cutoff: the moment by which $share of the counted interactions had happened (interactions
// of an account with itself are not counted).
// Parameters: $kinds (the counted relationship types), $share (0..1).
MATCH (a:Account)-[r]->(b:Account)
WHERE type(r) IN $kinds AND a <> b
RETURN datetime({epochSeconds: percentileDisc(r.at, $share)}) AS cutoff,
       datetime({epochSeconds: max(r.at)}) AS newest, count(r) AS interactions
