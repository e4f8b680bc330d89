// Remove automatic people that own no account any more (after an identity file re-linked them).
// Parameters: none.
MATCH (p:Person {automatic: true})
WHERE NOT (p)-[:OWNS]->()
DETACH DELETE p
RETURN count(*) AS removed
