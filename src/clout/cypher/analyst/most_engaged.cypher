// Purpose: the most engaged-with accounts per interaction kind: for each kind (or only `kind`;
// null means every kind), the `limit` accounts that received the most interactions of it (sum
// of `count`, interactions of an account with itself excluded), with how many distinct
// accounts engaged.
// Parameters (paste into Neo4j Browser without the leading //):
// :param kind => null
// :param limit => 10
MATCH (source:Account)-[r]->(target:Account)
WHERE ($kind IS NULL OR type(r) = $kind) AND source <> target
WITH type(r) AS kind, target, sum(coalesce(r.count, 1)) AS interactions,
     count(DISTINCT source) AS engagers
ORDER BY interactions DESC, engagers DESC, target.network, target.handle
WITH kind, collect({network: target.network, handle: target.handle,
                    interactions: interactions, engagers: engagers})[..$limit] AS top
UNWIND range(0, size(top) - 1) AS i
RETURN kind, i + 1 AS rank, top[i].network AS network, top[i].handle AS handle,
       top[i].interactions AS interactions, top[i].engagers AS engagers
ORDER BY kind, rank
