// A cutoff: the moment by which $share of the counted interactions had happened (self-
// interactions are not counted).
// Parameters: $kinds (the counted relationship types), $share (0..1).
MATCH (:Account)-[r]->(:Account)
WHERE type(r) IN $kinds AND NOT coalesce(r.self, false)
RETURN datetime({epochSeconds: percentileDisc(r.at.epochSeconds, $share)}) AS cutoff,
       max(r.at) AS newest, count(r) AS interactions
