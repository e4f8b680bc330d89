// What the evaluation predicts: the counted interactions each person received from other
// people in ($cutoff, $end] (counts added up).
// Parameters: $kinds, $cutoff, $end (epoch seconds).
MATCH (pa:Person)-[:OWNS]->(a:Account)-[r]->(b:Account)<-[:OWNS]-(pb:Person)
WHERE type(r) IN $kinds AND r.at > $cutoff AND r.at <= $end
  AND pa <> pb
RETURN pb.person_id AS person, sum(coalesce(r.count, 1)) AS received
