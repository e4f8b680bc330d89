// Make a batch of people's scores live. Networks the person has an account on but no row
// value for score 1.
// Parameters: $run_id, $rows: [{person, props}].
UNWIND $rows AS row
MATCH (p:Person {person_id: row.person})
SET p += row.props, p.score_run = $run_id
WITH p, row
OPTIONAL MATCH (p)-[:OWNS]->(a:Account)
WITH p, row, collect(DISTINCT 'score_' + a.network) AS nets
FOREACH (k IN [k IN nets WHERE NOT k IN keys(row.props)] | SET p[k] = 1)
