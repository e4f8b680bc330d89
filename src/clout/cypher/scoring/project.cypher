// Project the scoring graph of one window into GDS (the model is specified, step by step, in
// clout.scoring.weights). Relationship weights are never null; the sink node takes the weight
// that reciprocity and standing remove, and sends nothing.
//
// Parameters: $graph_name, $start / $as_of (DATETIME: the window is start < at <= as_of),
// $as_of_epoch (as_of in epoch seconds), $kinds (the counted relationship types),
// $kind_weights (map kind -> weight), $half_life_days, $network (string, or null for all),
// $rho (reciprocity discount), $floor and $half (standing), $sink (the sink's name).
// Returns one row: graph_name, nodes, relationships, interactions (events counted).
MATCH (sink:ScoringSink {name: $sink})
MATCH (a:Account)-[r]->(b:Account)
WHERE type(r) IN $kinds AND r.at > $start AND r.at <= $as_of
  AND ($network IS NULL OR a.network = $network)
  AND NOT coalesce(r.self, false) AND a <> b
WITH sink, a, b,
     $kind_weights[type(r)] * coalesce(r.count, 1)
       * 0.5 ^ (($as_of_epoch - r.at.epochSeconds) / 86400.0 / $half_life_days) AS w
WITH sink, elementId(a) < elementId(b) AS forward, a, b, w
WITH sink, CASE WHEN forward THEN a ELSE b END AS x, CASE WHEN forward THEN b ELSE a END AS y,
     sum(CASE WHEN forward THEN w ELSE 0.0 END) AS wxy,
     sum(CASE WHEN forward THEN 0.0 ELSE w END) AS wyx,
     sum(CASE WHEN forward THEN 1 ELSE 0 END) AS exy, sum(CASE WHEN forward THEN 0 ELSE 1 END) AS eyx
WHERE NOT EXISTS { (x)<-[:OWNS]-(:Person)-[:OWNS]->(y) }
WITH sink, x, y, exy, eyx, log(1 + wxy) AS pxy, log(1 + wyx) AS pyx
WITH sink, x, y, exy, eyx, pxy, pyx, $rho * CASE WHEN pxy < pyx THEN pxy ELSE pyx END AS mutual
UNWIND [[x, y, pxy, pyx, exy], [y, x, pyx, pxy, eyx]] AS side
WITH sink, side[0] AS n, side[1] AS other, side[2] AS given, side[3] AS got, side[4] AS events,
     mutual
WITH sink, n,
     sum(given) AS total, sum(events) AS events,
     sum(CASE WHEN given = 0.0 THEN got ELSE 0.0 END) AS open,
     collect(CASE WHEN given - mutual > 0.0 THEN [other, given - mutual] END) AS outs
WITH sink, n, total, events, outs, $floor + (1 - $floor) * open / (open + $half) AS standing
WITH sink, n, total, events, [o IN outs | [o[0], o[1] * standing]] AS kept
WITH sink, n, total, events, kept, reduce(s = 0.0, o IN kept | s + o[1]) AS passed
WITH n, events, kept + CASE WHEN total - passed > 0.0 THEN [[sink, total - passed]] ELSE [] END AS edges
UNWIND range(0, size(edges) - 1) AS i
WITH n, edges[i][0] AS t, edges[i][1] AS weight, CASE WHEN i = 0 THEN events ELSE 0 END AS events
WITH gds.graph.project($graph_name, n, t, {relationshipProperties: {weight: weight}}) AS g,
     sum(events) AS interactions
RETURN g.graphName AS graph_name, g.nodeCount AS nodes, g.relationshipCount AS relationships,
       interactions
