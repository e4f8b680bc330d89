// Purpose: per network with accounts: how many people score above 1 on it, and its leaders
// (the highest live sub-scores `score_<network>`; ties: overall raw score).
// Parameters (paste into Neo4j Browser without the leading //):
// :param leaders => 3
MATCH (a:Account)
WITH DISTINCT a.network AS network
CALL (network) {
  MATCH (p:Person)
  WHERE p['score_' + network] > 1
  RETURN count(p) AS people
}
CALL (network) {
  MATCH (p:Person)
  WHERE p['score_' + network] > 1
  WITH p ORDER BY p['score_' + network] DESC, p.score_raw DESC, p.person_id LIMIT $leaders
  RETURN collect({person_id: p.person_id, name: p.name, score: p['score_' + network]})
    AS leaders
}
RETURN network, people, leaders
ORDER BY network
