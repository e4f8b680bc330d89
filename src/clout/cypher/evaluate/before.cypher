// The evaluation population and two baselines, per person, over the window before the cutoff
// ($start < at <= $cutoff): everybody who sent or received a counted interaction in it, with
// the interactions they received (`received`, counts added up) and the distinct other people
// who engaged them (`engagers`). Self-interactions and same-owner pairs are not counted.
// Parameters: $kinds, $start, $cutoff (DATETIME).
MATCH (pa:Person)-[:OWNS]->(a:Account)-[r]->(b:Account)<-[:OWNS]-(pb:Person)
WHERE type(r) IN $kinds AND r.at > $start AND r.at <= $cutoff
  AND pa <> pb AND NOT coalesce(r.self, false)
UNWIND [[pb, pa, coalesce(r.count, 1)], [pa, null, 0]] AS side
WITH side[0] AS p, side[1] AS engager, side[2] AS n
RETURN p.person_id AS person, sum(n) AS received, count(DISTINCT engager) AS engagers
ORDER BY person
