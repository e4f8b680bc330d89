// Project weighted edges computed by clout.scoring.weights (main score) or
// clout.scoring.topics (topic scores) into a GDS graph named $graph_name.
// Parameters: $graph_name, $source / $target (lists of node ids, e.g. [0, 1]), $weight (list
// of floats, e.g. [0.7, 1.2]); the three lists have the same length.
// Returns one row: graph_name, nodes, relationships.
UNWIND range(0, size($source) - 1) AS i
WITH gds.graph.project($graph_name, $source[i], $target[i],
       {relationshipProperties: {weight: $weight[i]}}) AS g
RETURN g.graphName AS graph_name, g.nodeCount AS nodes, g.relationshipCount AS relationships
