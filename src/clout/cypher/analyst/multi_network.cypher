// Purpose: people influential on several networks: those with a sub-score of at least
// `min_score` on at least `min_networks` networks, most networks first, then by overall score.
// Parameters (paste into Neo4j Browser without the leading //):
// :param min_score => 40
// :param min_networks => 2
// :param limit => 20
MATCH (p:Person)-[:OWNS]->(a:Account)
WHERE p.score IS NOT NULL
WITH p, collect(DISTINCT a.network) AS networks
WITH p, [n IN networks WHERE p['score_' + n] >= $min_score
         | {network: n, score: p['score_' + n]}] AS strong
WHERE size(strong) >= $min_networks
RETURN p.person_id AS person_id, p.name AS name, p.score AS score, size(strong) AS networks,
       strong AS network_scores
ORDER BY networks DESC, p.score_raw DESC, person_id
LIMIT $limit
