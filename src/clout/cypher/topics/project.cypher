// Project every selected topic's interactions into ONE GDS graph: the disjoint union of the
// topic graphs, whose nodes are (account, topic) pairs numbered id(account) * $stride + topic
// index (the model is specified in clout.scoring.topics). An event
// weighs what it weighs in the main score (kind, count, decay) on each of its selected topics;
// per topic and pair the weights are added up and mapped with log(1 + sum); the mutual part
// of a pair (times $rho) is removed from both directions; same-owner pairs are left out.
// Parameters: $graph_name, $start / $as_of (DATETIME), $as_of_epoch, $kinds, $kind_weights,
// $half_life_days, $network (string or null), $rho, $topic_index (map topic name -> index),
// $stride (more than the largest topic index).
// Returns one row: graph_name, nodes, relationships.
MATCH (a:Account)-[r]->(b:Account)
WHERE type(r) IN $kinds AND r.at > $start AND r.at <= $as_of
  AND ($network IS NULL OR a.network = $network)
  AND NOT coalesce(r.self, false) AND a <> b AND size(coalesce(r.topics, [])) > 0
WITH a, b, r, [t IN r.topics WHERE $topic_index[t] IS NOT NULL | $topic_index[t]] AS indexes
WHERE size(indexes) > 0
WITH a, b, indexes,
     $kind_weights[type(r)] * coalesce(r.count, 1)
       * 0.5 ^ (($as_of_epoch - r.at.epochSeconds) / 86400.0 / $half_life_days) AS w
UNWIND indexes AS ti
WITH ti, elementId(a) < elementId(b) AS forward, a, b, w
WITH ti, CASE WHEN forward THEN a ELSE b END AS x, CASE WHEN forward THEN b ELSE a END AS y,
     sum(CASE WHEN forward THEN w ELSE 0.0 END) AS wxy,
     sum(CASE WHEN forward THEN 0.0 ELSE w END) AS wyx
WHERE NOT EXISTS { (x)<-[:OWNS]-(:Person)-[:OWNS]->(y) }
WITH ti, x, y, log(1 + wxy) AS pxy, log(1 + wyx) AS pyx
WITH ti, x, y, pxy, pyx, $rho * CASE WHEN pxy < pyx THEN pxy ELSE pyx END AS mutual
UNWIND [[x, y, pxy - mutual], [y, x, pyx - mutual]] AS edge
WITH ti, edge WHERE edge[2] > 0.0
WITH gds.graph.project($graph_name, id(edge[0]) * $stride + ti, id(edge[1]) * $stride + ti,
       {relationshipProperties: {weight: edge[2]}}) AS g
RETURN g.graphName AS graph_name, g.nodeCount AS nodes, g.relationshipCount AS relationships
